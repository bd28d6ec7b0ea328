//! The exact intermediates of [`super`]'s decimal arithmetic: unsigned
//! integers of a few 64-bit limbs (every integer below 10^96), and the
//! powers of ten in `u128` and in that width.

use std::cmp::Ordering;

/// Limbs of the exact intermediate results (320 bits: every integer below
/// 10^96; the widest formed here has 84 digits).
const LIMBS: usize = 5;

/// 10^0 … 10^38 (every power of ten below 2^128).
pub(super) const POW_U128: [u128; 39] = {
    let mut t = [1u128; 39];
    let mut k = 1;
    while k < 39 {
        t[k] = t[k - 1] * 10;
        k += 1;
    }
    t
};

/// An unsigned integer of `LIMBS` 64-bit limbs, least significant first.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Wide([u64; LIMBS]);

impl Wide {
    pub(super) const ZERO: Wide = Wide([0; LIMBS]);

    pub(super) fn from_u128(v: u128) -> Wide {
        let mut w = [0; LIMBS];
        w[0] = v as u64;
        w[1] = (v >> 64) as u64;
        Wide(w)
    }

    pub(super) fn is_zero(&self) -> bool {
        self.0.iter().all(|&l| l == 0)
    }

    /// The value, if it fits in a `u128`.
    pub(super) fn to_u128(self) -> Option<u128> {
        self.0[2..]
            .iter()
            .all(|&l| l == 0)
            .then(|| u128::from(self.0[0]) | (u128::from(self.0[1]) << 64))
    }

    /// `self · m` (the operands used here never overflow 448 bits).
    pub(super) fn mul_u64(self, m: u64) -> Wide {
        let mut out = [0u64; LIMBS];
        let mut carry: u128 = 0;
        for (o, &l) in out.iter_mut().zip(&self.0) {
            let t = u128::from(l) * u128::from(m) + carry;
            *o = t as u64;
            carry = t >> 64;
        }
        Wide(out)
    }

    pub(super) fn mul_u128(self, m: u128) -> Wide {
        let lo = self.mul_u64(m as u64);
        let hi = self.mul_u64((m >> 64) as u64);
        let mut shifted = [0u64; LIMBS];
        shifted[1..].copy_from_slice(&hi.0[..LIMBS - 1]);
        lo.add(Wide(shifted))
    }

    pub(super) fn mul_pow10(mut self, mut k: u32) -> Wide {
        while k > 0 {
            let step = k.min(19);
            self = self.mul_u64(10u64.pow(step));
            k -= step;
        }
        self
    }

    #[allow(clippy::needless_range_loop)] // two arrays in step
    pub(super) fn add(self, o: Wide) -> Wide {
        let mut out = [0u64; LIMBS];
        let mut carry = false;
        for k in 0..LIMBS {
            let (s, c1) = self.0[k].overflowing_add(o.0[k]);
            let (s, c2) = s.overflowing_add(u64::from(carry));
            out[k] = s;
            carry = c1 || c2;
        }
        Wide(out)
    }

    /// `self − o`, for `self ≥ o`.
    #[allow(clippy::needless_range_loop)] // two arrays in step
    pub(super) fn sub(self, o: Wide) -> Wide {
        let mut out = [0u64; LIMBS];
        let mut borrow = false;
        for k in 0..LIMBS {
            let (s, b1) = self.0[k].overflowing_sub(o.0[k]);
            let (s, b2) = s.overflowing_sub(u64::from(borrow));
            out[k] = s;
            borrow = b1 || b2;
        }
        Wide(out)
    }

    pub(super) fn cmp(&self, o: &Wide) -> Ordering {
        for k in (0..LIMBS).rev() {
            match self.0[k].cmp(&o.0[k]) {
                Ordering::Equal => continue,
                other => return other,
            }
        }
        Ordering::Equal
    }

    /// Quotient and remainder by `d > 0`.
    pub(super) fn divrem_u64(self, d: u64) -> (Wide, u64) {
        let mut out = [0u64; LIMBS];
        let mut rem: u64 = 0;
        for k in (0..LIMBS).rev() {
            let l = self.0[k];
            if rem == 0 {
                // A 64-bit division suffices (and is much faster).
                out[k] = l / d;
                rem = l % d;
            } else {
                let cur = (u128::from(rem) << 64) | u128::from(l);
                out[k] = (cur / u128::from(d)) as u64;
                rem = (cur % u128::from(d)) as u64;
            }
        }
        (Wide(out), rem)
    }

    /// Quotient and remainder by `d > 0`, `d < 2^126` (schoolbook, bit by
    /// bit from the highest set bit).
    pub(super) fn divrem_u128(self, d: u128) -> (Wide, u128) {
        if let Ok(small) = u64::try_from(d) {
            let (q, r) = self.divrem_u64(small);
            return (q, u128::from(r));
        }
        let mut out = [0u64; LIMBS];
        let mut rem: u128 = 0;
        let top = (0..LIMBS).rev().find(|&k| self.0[k] != 0);
        let Some(top) = top else {
            return (Wide::ZERO, 0);
        };
        for k in (0..=top).rev() {
            let limb = self.0[k];
            for b in (0..64).rev() {
                rem = (rem << 1) | u128::from((limb >> b) & 1);
                if rem >= d {
                    rem -= d;
                    out[k] |= 1 << b;
                }
            }
        }
        (Wide(out), rem)
    }

    /// Number of decimal digits (0 for zero).
    pub(super) fn digits(self) -> u32 {
        if let Some(v) = self.to_u128() {
            return digits_u128(v);
        }
        let top = (0..LIMBS).rev().find(|&k| self.0[k] != 0).unwrap_or(0);
        let bits = 64 * top as u32 + (64 - self.0[top].leading_zeros());
        // 10^(d−1) ≤ w < 10^d; bits·log10(2) is within one of d − 1.
        let guess = (f64::from(bits - 1) * std::f64::consts::LOG10_2) as u32;
        let pow = pow10();
        let mut d = guess;
        while (d as usize) < pow.len() && pow[d as usize].cmp(&self) != Ordering::Greater {
            d += 1;
        }
        d
    }
}

/// 10^0 … 10^96 (every power below 2^320).
fn pow10() -> &'static [Wide] {
    static POW: std::sync::OnceLock<Vec<Wide>> = std::sync::OnceLock::new();
    POW.get_or_init(|| {
        let mut v = vec![Wide::from_u128(1)];
        for _ in 0..96 {
            let next = v[v.len() - 1].mul_u64(10);
            v.push(next);
        }
        v
    })
}

pub(super) fn digits_u128(v: u128) -> u32 {
    // 10^(d−1) ≤ v < 10^d: bits·log10(2) (1233/4096 from below) is d or
    // d − 1.
    let bits = 128 - v.leading_zeros();
    let guess = (bits * 1233) >> 12;
    if (guess as usize) < POW_U128.len() && v >= POW_U128[guess as usize] {
        guess + 1
    } else {
        guess
    }
}
