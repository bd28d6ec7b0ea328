//! The means the round core ([`super`]) checks exchanges against: each
//! issue's weighted sum of positions, term by term in the input's order of
//! actors as Decide sums it, with some actors standing elsewhere than
//! their start positions.

use super::{Exchange, Round};
use crate::models::exchange::num::Num;
use crate::ExchangeCap;

impl<N: Num> Round<'_, N> {
    /// Σ x_a s_a c_a over the actors; `x` gives a position other
    /// than the start position, or `None` for the start position.
    /// The sum runs in the input's order from 0, term by term, as
    /// Decide's; the partial sums of the start positions are kept, so it
    /// starts at the first actor that stands elsewhere.
    fn weighted(&self, d: usize, x: impl Fn(usize) -> Option<N>) -> N {
        let members = &self.members[d];
        let Some((i, v)) = members
            .iter()
            .enumerate()
            .find_map(|(i, &a)| x(a).map(|v| (i, v)))
        else {
            return self.prefix[d][members.len()];
        };
        let term = |a: usize, v: N| {
            let k = a * self.m + d;
            v * self.sal[k] * self.cap_of[k]
        };
        let mut num = self.prefix[d][i] + term(members[i], v);
        for &a in &members[i + 1..] {
            num = num
                + match x(a) {
                    Some(v) => term(a, v),
                    None => self.prod[a * self.m + d],
                };
        }
        num
    }

    /// The products of the start positions and their partial sums, for a
    /// new round (into the buffers of the last round).
    pub(super) fn set_products(&mut self) {
        self.prod.clear();
        self.prod
            .extend((0..self.pos.len()).map(|k| self.pos[k] * self.sal[k] * self.cap_of[k]));
        self.prefix.resize_with(self.members.len(), Vec::new);
        self.member_prod.resize_with(self.members.len(), Vec::new);
        let sums = self.prefix.iter_mut().zip(&mut self.member_prod);
        for (d, (members, (sums, products))) in self.members.iter().zip(sums).enumerate() {
            sums.clear();
            products.clear();
            let mut last = N::int(0);
            sums.push(last);
            for &a in members {
                let p = self.prod[a * self.m + d];
                last = last + p;
                sums.push(last);
                products.push(p);
            }
        }
    }

    /// The weighted mean of the start positions (`pos = None`) or of `pos`
    /// (Decide's mean of an issue).
    pub(super) fn mean(&self, pos: Option<&[N]>, d: usize) -> N {
        if self.denom[d] == N::int(0) {
            return N::int(0);
        }
        self.weighted(d, |a| pos.map(|p| p[a * self.m + d])) / self.denom[d]
    }

    /// Position of actor `a` on `d` in the mean an exchange is checked
    /// against, if not its start position: the exchange's update (Decide's
    /// adjusted mean), or the current voting position.
    fn base(&self, e: &Exchange<N>, d: usize, a: usize) -> Option<N> {
        match self.cap {
            ExchangeCap::Adjusted => e.update(d, a),
            ExchangeCap::Current => Some(self.cur[a * self.m + d]),
        }
    }

    /// The mean of `d` with `actor` at `at` (Decide's `adjusted_nbs`).
    pub(super) fn adjusted(&self, e: &Exchange<N>, d: usize, actor: usize, at: N) -> N {
        if self.cap == ExchangeCap::Adjusted {
            // The same sum, with the actors standing elsewhere looked up
            // once: the exchange's updates on `d`, but `actor` at `at`.
            let mut over = ([(0, N::int(0)); OVERRIDES], 0);
            if self.push_updates(e, d, Some(actor), &mut over)
                && self.push_override(actor, d, at, &mut over)
            {
                return self.weighted_with(d, &mut over) / self.denom[d];
            }
        }
        self.weighted(d, |a| {
            if a == actor {
                Some(at)
            } else {
                self.base(e, d, a)
            }
        }) / self.denom[d]
    }

    /// How far `actor`, standing at `at`, must move for the mean of `d` to
    /// reach `target` (Decide's `adjusted_nbs_by_position`: its updates
    /// override the actor's own position).
    pub(super) fn move_to_mean(
        &self,
        e: &Exchange<N>,
        d: usize,
        actor: usize,
        at: N,
        target: N,
    ) -> N {
        let k = actor * self.m + d;
        if self.cap == ExchangeCap::Adjusted {
            // As `adjusted`, but an update of `actor` itself wins over `at`.
            let mut over = ([(0, N::int(0)); OVERRIDES], 0);
            if self.push_updates(e, d, None, &mut over)
                && (e.update(d, actor).is_some() || self.push_override(actor, d, at, &mut over))
            {
                let num = self.weighted_with(d, &mut over);
                return (target * self.denom[d] - num) / (self.sal[k] * self.cap_of[k]);
            }
        }
        let num = self.weighted(d, |a| match self.cap {
            ExchangeCap::Adjusted => e.update(d, a).or((a == actor).then_some(at)),
            ExchangeCap::Current => Some(if a == actor {
                at
            } else {
                self.cur[a * self.m + d]
            }),
        });
        (target * self.denom[d] - num) / (self.sal[k] * self.cap_of[k])
    }

    /// Adds to `over` (at most [`OVERRIDES`] entries) the exchange's
    /// updates on `d` (but not `skip`'s), as (place in `members[d]`,
    /// position); false when they do not fit.
    fn push_updates(
        &self,
        e: &Exchange<N>,
        d: usize,
        skip: Option<usize>,
        over: &mut Overrides<N>,
    ) -> bool {
        for &(ud, a, v) in e.updates.as_slice() {
            if ud == d && Some(a) != skip && !self.push_override(a, d, v, over) {
                return false;
            }
        }
        true
    }

    /// Adds `a` standing at `v` on `d` to `over` (nothing when `a` has no
    /// stance on `d`: the sum runs over its members only); false when full.
    fn push_override(&self, a: usize, d: usize, v: N, over: &mut Overrides<N>) -> bool {
        let k = self.index[a * self.m + d];
        if k == usize::MAX {
            return true;
        }
        if over.1 == OVERRIDES {
            return false;
        }
        over.0[over.1] = (k, v);
        over.1 += 1;
        true
    }

    /// [`Round::weighted`] with the members at the places of `over`
    /// (distinct, in any order) standing at the positions given there: the
    /// same terms added in the same order.
    fn weighted_with(&self, d: usize, over: &mut Overrides<N>) -> N {
        let over = &mut over.0[..over.1];
        // Insertion sort: a handful of entries.
        for i in 1..over.len() {
            let mut j = i;
            while j > 0 && over[j - 1].0 > over[j].0 {
                over.swap(j - 1, j);
                j -= 1;
            }
        }
        let members = &self.members[d];
        let products = &self.member_prod[d];
        let Some((&(first, v), rest)) = over.split_first() else {
            return self.prefix[d][members.len()];
        };
        let term = |a: usize, v: N| {
            let k = a * self.m + d;
            v * self.sal[k] * self.cap_of[k]
        };
        let mut num = self.prefix[d][first] + term(members[first], v);
        let mut k = first + 1;
        for &(at, v) in rest {
            for &p in &products[k..at] {
                num = num + p;
            }
            num = num + term(members[at], v);
            k = at + 1;
        }
        for &p in &products[k..] {
            num = num + p;
        }
        num
    }
}

/// Most members standing elsewhere that [`Round::weighted_with`] takes;
/// an exchange with more updates on one issue takes the general path.
const OVERRIDES: usize = 4;

/// Up to [`OVERRIDES`] (place, position) pairs, and how many are set.
type Overrides<N> = ([(usize, N); OVERRIDES], usize);
