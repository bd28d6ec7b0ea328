//! Decimal arithmetic with 28 significant digits, rounding half to even
//! after every operation — the arithmetic Decide computes in (Python's
//! `decimal` module in its default context). With it the decide reading
//! settles the cases that sit exactly on a boundary (mathematically equal
//! gains, a mean standing exactly on a position) by the same last-digit
//! residues as Decide, and so executes the same exchanges in the same order.
//!
//! A value is `(−1)^neg · coef · 10^exp` with `coef < 10^28`. Every
//! operation forms the exact result in a 448-bit integer and rounds it once
//! to 28 significant digits; division forms enough quotient digits to round
//! correctly (the remainder decides a tie). Dividing by zero gives a value
//! that is not finite (Decide would stop with an error there; the exchange
//! is then invalid).

use std::cmp::Ordering;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Significant digits kept after every operation.
const PREC: u32 = 28;

mod wide;

use self::wide::{digits_u128, Wide, POW_U128};

/// A decimal number with at most 28 significant digits (or not a number).
#[derive(Clone, Copy, Debug)]
pub(super) struct Dec {
    coef: u128,
    exp: i32,
    neg: bool,
    nan: bool,
}

/// An exact intermediate: `(−1)^neg · w · 10^exp`.
#[derive(Clone, Copy)]
struct Exact {
    neg: bool,
    w: Wide,
    exp: i32,
}

impl Exact {
    fn of(d: Dec) -> Exact {
        Exact {
            neg: d.neg,
            w: Wide::from_u128(d.coef),
            exp: d.exp,
        }
    }
}

/// `x` rounded to 28 digits, half to even; `sticky` says the exact value
/// is a little more than `x.w` (a nonzero remainder below its last digit).
fn round(x: Exact, sticky: bool) -> Dec {
    match x.w.to_u128() {
        Some(v) if !sticky => round_u128(x.neg, v, x.exp),
        _ => round_wide(x, sticky),
    }
}

/// `(−1)^neg · v · 10^exp` rounded to 28 digits, half to even.
fn round_u128(neg: bool, v: u128, exp: i32) -> Dec {
    let n = digits_u128(v);
    if n <= PREC {
        return Dec {
            coef: v,
            exp,
            neg,
            nan: false,
        };
    }
    let drop = n - PREC;
    let unit = POW_U128[drop as usize];
    let (mut coef, rem) = (v / unit, v % unit);
    let half = unit / 2;
    let mut exp = exp + drop as i32;
    if rem > half || (rem == half && coef % 2 == 1) {
        coef += 1;
        if coef == POW_U128[PREC as usize] {
            coef /= 10;
            exp += 1;
        }
    }
    Dec {
        coef,
        exp,
        neg,
        nan: false,
    }
}

fn round_wide(x: Exact, mut sticky: bool) -> Dec {
    let Exact {
        neg,
        mut w,
        mut exp,
    } = x;
    let mut n = w.digits();
    if sticky && n <= PREC {
        // Make room for the digit that decides (cannot happen with the
        // callers here; kept for safety).
        w = w.mul_pow10(PREC + 1 - n);
        exp -= (PREC + 1 - n) as i32;
        n = PREC + 1;
    }
    if n <= PREC {
        return Dec {
            coef: w.to_u128().unwrap_or(0),
            exp,
            neg,
            nan: false,
        };
    }
    let drop = n - PREC;
    exp += drop as i32;
    // Divide by 10^drop in at most two steps (the lower one only says
    // whether anything nonzero was dropped), keeping the remainder of the
    // upper step to compare with half a unit.
    let upper = drop.min(19);
    let mut lower = drop - upper;
    while lower > 0 {
        let step = lower.min(19);
        let (q, r) = w.divrem_u64(10u64.pow(step));
        sticky |= r != 0;
        w = q;
        lower -= step;
    }
    let unit = 10u64.pow(upper);
    let (q, rem) = w.divrem_u64(unit);
    let half = unit / 2;
    // q < 10^28: fits.
    let mut coef = q.to_u128().unwrap_or(0);
    let up = rem > half || (rem == half && (sticky || coef % 2 == 1));
    if up {
        coef += 1;
        if coef == 10u128.pow(PREC) {
            coef /= 10;
            exp += 1;
        }
    }
    Dec {
        coef,
        exp,
        neg,
        nan: false,
    }
}

/// `a + b`, exact, then rounded.
fn add_dec(a: Dec, b: Dec) -> Dec {
    let (a, b) = if a.exp >= b.exp { (a, b) } else { (b, a) };
    if b.coef == 0 {
        return a;
    }
    if a.coef == 0 {
        return b;
    }
    let shift = (a.exp - b.exp) as u32;
    if digits_u128(a.coef) + shift <= 38 {
        // Exact in 128 bits (the sum of two numbers below 10^38 fits too).
        let big = a.coef * POW_U128[shift as usize];
        if a.neg == b.neg {
            if let Some(sum) = big.checked_add(b.coef) {
                return round_u128(a.neg, sum, b.exp);
            }
        } else {
            return match big.cmp(&b.coef) {
                Ordering::Equal => Dec::ZERO,
                Ordering::Greater => round_u128(a.neg, big - b.coef, b.exp),
                Ordering::Less => round_u128(b.neg, b.coef - big, b.exp),
            };
        }
    }
    add_exact(Exact::of(a), Exact::of(b))
}

fn add_exact(a: Exact, b: Exact) -> Dec {
    let (a, b) = if a.exp >= b.exp { (a, b) } else { (b, a) };
    if b.w.is_zero() {
        return round(a, false);
    }
    if a.w.is_zero() {
        return round(b, false);
    }
    let shift = (a.exp - b.exp) as u32;
    let (big, small, exp) = if shift > 60 {
        // |b| is below a hundredth of a unit of a·10^30's last digit: it can
        // only act as a sticky remainder.
        (a.w.mul_pow10(30), Wide::from_u128(1), a.exp - 30)
    } else {
        (a.w.mul_pow10(shift), b.w, b.exp)
    };
    if a.neg == b.neg {
        return round(
            Exact {
                neg: a.neg,
                w: big.add(small),
                exp,
            },
            false,
        );
    }
    match big.cmp(&small) {
        Ordering::Equal => Dec::ZERO,
        Ordering::Greater => round(
            Exact {
                neg: a.neg,
                w: big.sub(small),
                exp,
            },
            false,
        ),
        Ordering::Less => round(
            Exact {
                neg: b.neg,
                w: small.sub(big),
                exp,
            },
            false,
        ),
    }
}

impl Dec {
    pub const ZERO: Dec = Dec {
        coef: 0,
        exp: 0,
        neg: false,
        nan: false,
    };
    const NAN: Dec = Dec {
        coef: 0,
        exp: 0,
        neg: false,
        nan: true,
    };

    /// `coef · 10^exp` (`coef < 10^28`).
    pub const fn raw(coef: u128, exp: i32) -> Dec {
        Dec {
            coef,
            exp,
            neg: false,
            nan: false,
        }
    }

    pub fn int(v: i64) -> Dec {
        Dec {
            coef: u128::from(v.unsigned_abs()),
            exp: 0,
            neg: v < 0,
            nan: false,
        }
    }

    /// The shortest decimal that reads back as `v` (how the number is
    /// written in an input file), rounded to 28 digits.
    pub fn from_f64(v: f64) -> Dec {
        if !v.is_finite() {
            return Dec::NAN;
        }
        // `{:e}` prints the shortest round-trip digits: "9.5e-1".
        let s = format!("{:e}", v.abs());
        let (mant, e) = s.split_once('e').unwrap_or((s.as_str(), "0"));
        let e: i32 = e.parse().unwrap_or(0);
        let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
        let digits: String = format!("{int}{frac}");
        let w = digits.bytes().fold(Wide::ZERO, |w, b| {
            w.mul_u64(10).add(Wide::from_u128(u128::from(b - b'0')))
        });
        round(
            Exact {
                neg: v < 0.0,
                w,
                exp: e - frac.len() as i32,
            },
            false,
        )
    }

    /// The nearest `f64`.
    pub fn to_f64(self) -> f64 {
        if self.nan {
            return f64::NAN;
        }
        let v: f64 = format!("{}e{}", self.coef, self.exp)
            .parse()
            .unwrap_or(f64::NAN);
        if self.neg {
            -v
        } else {
            v
        }
    }

    pub fn is_finite(self) -> bool {
        !self.nan
    }

    pub fn abs(self) -> Dec {
        Dec { neg: false, ..self }
    }

    fn is_zero(self) -> bool {
        !self.nan && self.coef == 0
    }

    /// `self · c` for an exact wide constant `c = w · 10^exp`, rounded.
    fn mul_wide(self, w: Wide, exp: i32) -> Dec {
        if self.nan {
            return Dec::NAN;
        }
        round(
            Exact {
                neg: self.neg,
                w: w.mul_u128(self.coef),
                exp: self.exp + exp,
            },
            false,
        )
    }

    /// `self − c` for an exact wide constant, rounded.
    fn sub_wide(self, w: Wide, exp: i32) -> Dec {
        if self.nan {
            return Dec::NAN;
        }
        add_exact(Exact::of(self), Exact { neg: true, w, exp })
    }
}

/// The exact value of the binary double nearest `k / 10` for k = 1, 4
/// (Python's `Decimal(0.1)`, `Decimal(0.4)`): Decide's between-round weights
/// are written as binary floats and converted exactly.
fn binary_tenth(k: u32) -> (Wide, i32) {
    let v = f64::from(k) / 10.0;
    // v = m · 2^e exactly, e < 0: v = m · 5^−e · 10^e.
    let bits = v.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i32 - 1075;
    let m = (bits & ((1 << 52) - 1)) | (1 << 52);
    let mut w = Wide::from_u128(u128::from(m));
    for _ in 0..(-e) {
        w = w.mul_u64(5);
    }
    (w, e)
}

/// Decide's new position after a round, in its arithmetic:
/// `(1 − s)·0.4·y + 0.1·y + (1 − (1 − s)·0.4 − 0.1)·x`, the weights being
/// the binary doubles nearest 0.4 and 0.1 taken exactly.
pub(super) fn new_start(s: Dec, x: Dec, y: Dec) -> Dec {
    let (w4, e4) = binary_tenth(4);
    let (w1, e1) = binary_tenth(1);
    let one = Dec::int(1);
    let a = (one - s).mul_wide(w4, e4);
    let swv = a * y;
    let fwv = y.mul_wide(w1, e1);
    let pv = (one - a).sub_wide(w1, e1) * x;
    swv + fwv + pv
}

impl Add for Dec {
    type Output = Dec;
    fn add(self, o: Dec) -> Dec {
        if self.nan || o.nan {
            return Dec::NAN;
        }
        add_dec(self, o)
    }
}

impl Sub for Dec {
    type Output = Dec;
    fn sub(self, o: Dec) -> Dec {
        self + (-o)
    }
}

impl Neg for Dec {
    type Output = Dec;
    fn neg(self) -> Dec {
        Dec {
            neg: !self.neg,
            ..self
        }
    }
}

impl Mul for Dec {
    type Output = Dec;
    fn mul(self, o: Dec) -> Dec {
        if self.nan || o.nan {
            return Dec::NAN;
        }
        let neg = self.neg != o.neg;
        let exp = self.exp + o.exp;
        match self.coef.checked_mul(o.coef) {
            Some(v) => round_u128(neg, v, exp),
            None => round_wide(
                Exact {
                    neg,
                    w: Wide::from_u128(self.coef).mul_u128(o.coef),
                    exp,
                },
                false,
            ),
        }
    }
}

impl Div for Dec {
    type Output = Dec;
    fn div(self, o: Dec) -> Dec {
        if self.nan || o.nan || o.is_zero() {
            return Dec::NAN;
        }
        if self.is_zero() {
            return Dec::ZERO;
        }
        let (na, nb) = (digits_u128(self.coef), digits_u128(o.coef));
        // Enough digits that the quotient has at least 29.
        let k = (PREC + 1 + nb).saturating_sub(na);
        let (q, r) = Wide::from_u128(self.coef).mul_pow10(k).divrem_u128(o.coef);
        round(
            Exact {
                neg: self.neg != o.neg,
                w: q,
                exp: self.exp - o.exp - k as i32,
            },
            r != 0,
        )
    }
}

impl PartialEq for Dec {
    fn eq(&self, o: &Dec) -> bool {
        self.partial_cmp(o) == Some(Ordering::Equal)
    }
}

impl PartialOrd for Dec {
    /// By value (no order with a value that is not a number).
    fn partial_cmp(&self, o: &Dec) -> Option<Ordering> {
        if self.nan || o.nan {
            return None;
        }
        let (za, zb) = (self.coef == 0, o.coef == 0);
        let sign = |d: &Dec, z: bool| {
            if z {
                0
            } else if d.neg {
                -1
            } else {
                1
            }
        };
        let (sa, sb) = (sign(self, za), sign(o, zb));
        if sa != sb || sa == 0 {
            return Some(sa.cmp(&sb));
        }
        // Same sign, both nonzero: compare magnitudes.
        if self.exp == o.exp {
            let mag = self.coef.cmp(&o.coef);
            return Some(if sa < 0 { mag.reverse() } else { mag });
        }
        let (na, nb) = (digits_u128(self.coef), digits_u128(o.coef));
        let (aa, ab) = (self.exp + na as i32, o.exp + nb as i32);
        let mag = if aa != ab {
            aa.cmp(&ab)
        } else {
            // Same leading position: aligned, both have at most 28 digits.
            let e = self.exp.min(o.exp);
            let x = self.coef * POW_U128[(self.exp - e) as usize];
            let y = o.coef * POW_U128[(o.exp - e) as usize];
            x.cmp(&y)
        };
        Some(if sa < 0 { mag.reverse() } else { mag })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::from_f64(s.parse().unwrap())
    }

    /// Reference values from Python's `decimal` module (default context).
    #[test]
    fn agrees_with_python_decimal() {
        let third = Dec::int(1) / Dec::int(3);
        assert_eq!(
            format!("{:?}", (third.coef, third.exp)),
            "(3333333333333333333333333333, -28)"
        );
        // 100 / 6.5 = 15.38461538461538461538461538
        let q = Dec::int(100) / d("6.5");
        assert_eq!((q.coef, q.exp), (1538461538461538461538461538, -26));
        // 2/3 rounds half up at the last digit: 0.6666666666666666666666666667
        let t = Dec::int(2) / Dec::int(3);
        assert_eq!((t.coef, t.exp), (6666666666666666666666666667, -28));
        // (3 − 0.5) · 15.38461538461538461538461538 = 38.46153846153846153846153845
        let x = (d("3") - d("0.5")) * q;
        assert_eq!((x.coef, x.exp), (3846153846153846153846153845, -26));
        // Half to even: 1.000000000000000000000000000 + 5e-28 stays, ...+15e-28 goes up.
        let one = Dec::int(1);
        let half = Dec::int(5) * Dec::from_f64(1e-28);
        assert_eq!(one + half, one);
        let r = (one + Dec::int(2) * Dec::from_f64(1e-27)) + half;
        assert_eq!((r.coef, r.exp), (1000000000000000000000000002, -27));
        // A tiny addend acts as a sticky remainder: 1 − 1e-80 rounds to 1.
        assert_eq!(one - Dec::from_f64(1e-80), one);
        assert!(Dec::from_f64(1e-80) > Dec::ZERO);
        assert!(-one < Dec::ZERO && Dec::ZERO < one && d("-2") < d("-1.5"));
        assert!(!(one / Dec::ZERO).is_finite());
        for (k, &p) in POW_U128.iter().enumerate() {
            assert_eq!(digits_u128(p), k as u32 + 1);
            assert_eq!(digits_u128(p - 1), k as u32);
        }
        assert_eq!(digits_u128(u128::MAX), 39);
    }

    /// Python: `calculations.new_start_position(Decimal('0.7'), Decimal(40), Decimal(60))`
    /// gives 44.40000000000000024424906542 (0.4 and 0.1 as binary doubles).
    #[test]
    fn new_start_as_decide() {
        let v = new_start(d("0.7"), Dec::int(40), Dec::int(60));
        assert_eq!((v.coef, v.exp), (4440000000000000024424906542, -26));
        assert!((v.to_f64() - 44.4).abs() < 1e-12);
    }
}
