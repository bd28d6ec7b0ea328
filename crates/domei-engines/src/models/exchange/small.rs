//! A short list kept inline (no heap allocation) while it holds at most `K`
//! items: the round core's per-exchange records (a side's moves, an
//! exchange's updates) hold one or two items almost always, and allocating
//! each of them on the heap was a quarter of a Monte Carlo draw's time in
//! the exchange model. The items and their order are those of a `Vec`.

/// A list of `Copy` items, inline up to `K`, on the heap beyond.
#[derive(Debug, Clone)]
pub(super) struct Small<T, const K: usize> {
    /// The items while `len <= K` (the rest is filler).
    inline: [T; K],
    len: usize,
    /// Every item once `len > K` (`inline` is then unused).
    heap: Vec<T>,
}

impl<T: Copy, const K: usize> Small<T, K> {
    /// An empty list; `fill` only initialises unused slots.
    pub fn new(fill: T) -> Self {
        Small {
            inline: [fill; K],
            len: 0,
            heap: Vec::new(),
        }
    }

    /// The items, in order.
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        if self.len <= K {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }

    /// The items, in order, mutable.
    #[inline]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        if self.len <= K {
            &mut self.inline[..self.len]
        } else {
            &mut self.heap
        }
    }

    /// Appends `v`.
    #[inline]
    pub fn push(&mut self, v: T) {
        if self.len < K {
            self.inline[self.len] = v;
        } else {
            if self.len == K {
                self.heap.clear();
                self.heap.extend_from_slice(&self.inline);
            }
            self.heap.push(v);
        }
        self.len += 1;
    }

    /// Removes and returns the last item.
    #[inline]
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        if self.len < K {
            return Some(self.inline[self.len]);
        }
        let v = self.heap.pop();
        if self.len == K {
            self.inline.copy_from_slice(&self.heap[..K]);
        }
        v
    }

    /// The last item.
    #[inline]
    pub fn last(&self) -> Option<&T> {
        self.as_slice().last()
    }
}

#[cfg(test)]
mod tests {
    use super::Small;

    #[test]
    fn behaves_as_a_vec_across_the_inline_limit() {
        let mut s: Small<i32, 2> = Small::new(0);
        let mut v: Vec<i32> = Vec::new();
        let ops = [1, 2, 3, -1, -1, 4, 5, 6, -1, -1, -1, -1, -1, -1, 7];
        for op in ops {
            if op < 0 {
                assert_eq!(s.pop(), v.pop());
            } else {
                s.push(op);
                v.push(op);
            }
            assert_eq!(s.as_slice(), &v[..]);
            assert_eq!(s.last(), v.last());
        }
        s.as_mut_slice()[0] = 9;
        assert_eq!(s.as_slice(), &[9]);
    }
}
