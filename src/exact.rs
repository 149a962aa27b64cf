//! Exact numbers: non-negative rationals compared by cross-multiplication, and their
//! decimal rendering. No floating point is used anywhere a seat or a winner depends on it.

use crate::error::{Error, Result};
use std::cmp::Ordering;
use std::fmt;

/// Full 256-bit product of two u128 values, as (high, low) halves.
pub fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a >> 64, a & MASK);
    let (b_hi, b_lo) = (b >> 64, b & MASK);
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    let cross = (lo_lo >> 64) + (hi_lo & MASK) + (lo_hi & MASK);
    let low = (cross << 64) | (lo_lo & MASK);
    let high = hi_hi + (hi_lo >> 64) + (lo_hi >> 64) + (cross >> 64);
    (high, low)
}

/// Compares a/b with c/d exactly (b, d > 0) without overflow.
pub fn cmp_fractions(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    wide_mul(a, d).cmp(&wide_mul(c, b))
}

/// A non-negative exact fraction `num/den` (den > 0), ordered by value.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    /// Numerator.
    pub num: u128,
    /// Denominator, never zero.
    pub den: u128,
}

impl Ratio {
    /// A new fraction; panics in debug builds when `den` is zero.
    pub fn new(num: u128, den: u128) -> Ratio {
        debug_assert!(den != 0, "zero denominator");
        Ratio { num, den }
    }

    /// The whole number `n`.
    pub fn integer(n: u128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    /// Largest integer not above the value.
    pub fn floor(&self) -> u128 {
        self.num / self.den
    }

    /// Smallest integer not below the value.
    pub fn ceil(&self) -> u128 {
        self.num.div_ceil(self.den)
    }

    /// The fractional part as a fraction over the same denominator.
    pub fn fract(&self) -> Ratio {
        Ratio::new(self.num % self.den, self.den)
    }

    /// The value reduced to lowest terms.
    pub fn reduced(&self) -> Ratio {
        let g = gcd(self.num, self.den);
        if g <= 1 {
            *self
        } else {
            Ratio::new(self.num / g, self.den / g)
        }
    }

    /// Decimal rendering rounded half-up to `places` digits (e.g. `"11.1290"`).
    pub fn to_decimal(&self, places: u32) -> String {
        decimal(self.num, self.den, places)
    }

    /// `"n/d"` in lowest terms (or `"n"` when whole).
    pub fn to_fraction_string(&self) -> String {
        let r = self.reduced();
        if r.den == 1 {
            r.num.to_string()
        } else {
            format!("{}/{}", r.num, r.den)
        }
    }

    /// Parses `"0.01"`, `"1%"`, `"1/100"` or `"3"` exactly.
    pub fn parse(text: &str) -> Result<Ratio> {
        let t = text.trim();
        let bad = || {
            Error::input(format!(
                "'{t}' is not a number, expected a decimal such as 0.01, a percentage such as 1%, or a fraction such as 1/100"
            ))
        };
        if let Some(p) = t.strip_suffix('%') {
            let r = Ratio::parse(p).map_err(|_| bad())?;
            return Ok(Ratio::new(r.num, r.den.checked_mul(100).ok_or_else(bad)?).reduced());
        }
        if let Some((n, d)) = t.split_once('/') {
            let n: u128 = n.trim().parse().map_err(|_| bad())?;
            let d: u128 = d.trim().parse().map_err(|_| bad())?;
            if d == 0 {
                return Err(bad());
            }
            return Ok(Ratio::new(n, d).reduced());
        }
        let (int_part, written_frac) = t.split_once('.').unwrap_or((t, ""));
        if (int_part.is_empty() && written_frac.is_empty())
            || !int_part.bytes().all(|b| b.is_ascii_digit())
            || !written_frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        // Trailing zeros change nothing; more than 30 significant places is more precision
        // than 128-bit arithmetic keeps exactly.
        let frac_part = written_frac.trim_end_matches('0');
        if frac_part.len() > 30 {
            return Err(Error::input(format!(
                "'{t}' has {} digits after the point, expected at most 30 (write it as a \
                 fraction such as 1/3 for a repeating decimal)",
                frac_part.len()
            )));
        }
        let den = 10u128.pow(frac_part.len() as u32);
        let int: u128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| bad())?
        };
        let frac: u128 = if frac_part.is_empty() {
            0
        } else {
            frac_part.parse().map_err(|_| bad())?
        };
        let num = int
            .checked_mul(den)
            .and_then(|v| v.checked_add(frac))
            .ok_or_else(bad)?;
        Ok(Ratio::new(num, den).reduced())
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_fractions(self.num, self.den, other.num, other.den)
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_fraction_string())
    }
}

/// Greatest common divisor.
pub fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

/// Renders num/den in decimal, rounded half-up to `places` digits after the point.
pub fn decimal(num: u128, den: u128, places: u32) -> String {
    let scale = 10u128.pow(places);
    let whole = num / den;
    let rem = num % den;
    // rem < den, so rem * scale may overflow u128 for huge denominators: use wide math.
    let (scaled, carry) = scaled_fraction(rem, den, scale);
    let whole = whole + carry;
    if places == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{scaled:0width$}", width = places as usize)
    }
}

/// round_half_up(rem * scale / den) for rem < den, returning (digits, carry into whole).
fn scaled_fraction(rem: u128, den: u128, scale: u128) -> (u128, u128) {
    // Long division digit by digit keeps everything below den * 10 (no overflow while
    // den < 2^124, which every count in this crate is).
    let mut digits: u128 = 0;
    let mut r = rem;
    let mut s = scale;
    while s > 1 {
        r *= 10;
        digits = digits * 10 + r / den;
        r %= den;
        s /= 10;
    }
    // Half-up on the remainder.
    if r * 2 >= den {
        digits += 1;
    }
    if digits >= scale {
        (digits - scale, 1)
    } else {
        (digits, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_mul_matches_small_products() {
        assert_eq!(wide_mul(3, 5), (0, 15));
        let (hi, lo) = wide_mul(u128::MAX, 2);
        assert_eq!(hi, 1);
        assert_eq!(lo, u128::MAX - 1);
        let (hi, lo) = wide_mul(u128::MAX, u128::MAX);
        assert_eq!(hi, u128::MAX - 1);
        assert_eq!(lo, 1);
    }

    #[test]
    fn long_decimals_parse_exactly_or_say_why_not() {
        // Trailing zeros are exact and free.
        let long = format!("0.01{}", "0".repeat(40));
        assert_eq!(Ratio::parse(&long).unwrap(), Ratio::new(1, 100));
        assert_eq!(Ratio::parse("2.50").unwrap(), Ratio::new(5, 2));
        // 30 significant places parse; 31 are refused by name, not as "not a number".
        let thirty = format!("0.{}1", "0".repeat(29));
        assert_eq!(
            Ratio::parse(&thirty).unwrap(),
            Ratio::new(1, 10u128.pow(30))
        );
        let e = Ratio::parse(&format!("0.{}1", "0".repeat(30))).unwrap_err();
        assert!(e.message.contains("31 digits after the point"), "{e}");
        assert!(Ratio::parse("0.0x")
            .unwrap_err()
            .message
            .contains("not a number"));
    }

    #[test]
    fn compares_exactly_where_floats_cannot() {
        let a = Ratio::new(10u128.pow(30) + 1, 10u128.pow(30));
        let b = Ratio::new(10u128.pow(30), 10u128.pow(30) - 1);
        assert!(a < b);
        assert_eq!(Ratio::new(2, 4), Ratio::new(1, 2));
    }

    #[test]
    fn decimals_round_half_up() {
        assert_eq!(decimal(2830 * 11129, 2830 * 1000, 4), "11.1290");
        assert_eq!(decimal(1, 3, 4), "0.3333");
        assert_eq!(decimal(2, 3, 4), "0.6667");
        assert_eq!(decimal(99999, 100000, 4), "1.0000");
        assert_eq!(decimal(5, 1, 0), "5");
        assert_eq!(decimal(1, 8, 2), "0.13");
        // The seed's worked example: quota of 1200 students in a house of 29 over 2830.
        assert_eq!(decimal(29 * 1200, 2830, 4), "12.2968");
    }

    #[test]
    fn parses_rates() {
        assert_eq!(Ratio::parse("0.01").unwrap(), Ratio::new(1, 100));
        assert_eq!(Ratio::parse("1%").unwrap(), Ratio::new(1, 100));
        assert_eq!(Ratio::parse("2/3").unwrap(), Ratio::new(2, 3));
        assert_eq!(Ratio::parse("3").unwrap(), Ratio::integer(3));
        assert_eq!(Ratio::parse(".5").unwrap(), Ratio::new(1, 2));
        assert!(Ratio::parse("abc").is_err());
        assert!(Ratio::parse("1/0").is_err());
        assert!(Ratio::parse("-1").is_err());
        assert!(Ratio::parse("").is_err());
        assert_eq!(Ratio::new(283, 10).ceil(), 29);
        assert_eq!(Ratio::new(6, 4).to_fraction_string(), "3/2");
    }
}
