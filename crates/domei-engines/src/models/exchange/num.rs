//! The arithmetic of the round core ([`super::decide`]): the operations
//! and constants it needs, in binary doubles (`arith = binary`) and in
//! Decide's 28-digit decimals ([`Dec`], `arith = decimal`).

use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

use super::decimal::{self, Dec};

/// The arithmetic the round core computes in.
pub(super) trait Num:
    Copy
    + Debug
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// A number of the input, as it is written (shortest decimal).
    fn of(v: f64) -> Self;
    fn int(v: i64) -> Self;
    fn val(self) -> f64;
    fn abs(self) -> Self;
    fn finite(self) -> bool;
    /// Decide's between-round position (weights 0.4 and 0.1).
    fn new_start(s: Self, x: Self, y: Self) -> Self;
    /// Decide's smallest move and gain, `1e-10` — a binary double that
    /// Decide compares exactly with its decimals.
    fn tiny() -> Self;
    /// Whether equal gains are exactly equal (decimals: Decide's sort
    /// decides), or only equal up to rounding (binary: see `pick` in
    /// [`super::decide`]).
    const EXACT: bool;
    /// How far a voting position may overshoot the scale's ends: nothing in
    /// decimals, as in Decide; 1e-9 in binary, where `x + (100 − x)` may
    /// exceed 100 by one unit in the last place.
    fn edge() -> Self;
}

impl Num for f64 {
    const EXACT: bool = false;
    #[inline]
    fn of(v: f64) -> f64 {
        v
    }
    #[inline]
    fn int(v: i64) -> f64 {
        v as f64
    }
    #[inline]
    fn val(self) -> f64 {
        self
    }
    #[inline]
    fn abs(self) -> f64 {
        f64::abs(self)
    }
    #[inline]
    fn finite(self) -> bool {
        self.is_finite()
    }
    #[inline]
    fn new_start(s: f64, x: f64, y: f64) -> f64 {
        super::new_start(s, x, y)
    }
    #[inline]
    fn tiny() -> f64 {
        1e-10
    }
    #[inline]
    fn edge() -> f64 {
        1e-9
    }
}

impl Num for Dec {
    const EXACT: bool = true;
    #[inline]
    fn of(v: f64) -> Dec {
        Dec::from_f64(v)
    }
    #[inline]
    fn int(v: i64) -> Dec {
        Dec::int(v)
    }
    #[inline]
    fn val(self) -> f64 {
        self.to_f64()
    }
    #[inline]
    fn abs(self) -> Dec {
        Dec::abs(self)
    }
    #[inline]
    fn finite(self) -> bool {
        self.is_finite()
    }
    #[inline]
    fn new_start(s: Dec, x: Dec, y: Dec) -> Dec {
        decimal::new_start(s, x, y)
    }
    #[inline]
    fn tiny() -> Dec {
        // The double nearest 1e-10 is 1.0000000000000000364…e-10; a 28-digit
        // decimal is at most it exactly when it is at most its first 28
        // digits, and never equal to it.
        Dec::raw(1_000_000_000_000_000_036_432_197_315, -37)
    }
    #[inline]
    fn edge() -> Dec {
        Dec::ZERO
    }
}
