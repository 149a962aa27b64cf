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

/// `10^k` (`k` at most 38).
pub fn pow10(k: u32) -> u128 {
    10u128.pow(k)
}

/// Divides the 256-bit number `(high, low)` by `divisor`: the quotient and remainder, or
/// `None` when the quotient does not fit 128 bits (or `divisor` is zero).
fn div_wide(high: u128, low: u128, divisor: u128) -> Option<(u128, u128)> {
    if divisor == 0 || high >= divisor {
        return None;
    }
    let (mut rem, mut quotient) = (high, 0u128);
    for bit in (0..128).rev() {
        let carry = rem >> 127;
        rem = (rem << 1) | ((low >> bit) & 1);
        quotient <<= 1;
        if carry != 0 || rem >= divisor {
            rem = rem.wrapping_sub(divisor);
            quotient |= 1;
        }
    }
    Some((quotient, rem))
}

/// `floor(a × b / c)` exactly, whatever the size of `a × b`; `None` when `c` is zero or the
/// quotient does not fit 128 bits.
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> Option<u128> {
    let (high, low) = wide_mul(a, b);
    div_wide(high, low, c).map(|(q, _)| q)
}

/// `ceil(a × b / c)` exactly (see [`mul_div_floor`]).
pub fn mul_div_ceil(a: u128, b: u128, c: u128) -> Option<u128> {
    let (high, low) = wide_mul(a, b);
    let (q, rem) = div_wide(high, low, c)?;
    if rem == 0 {
        Some(q)
    } else {
        q.checked_add(1)
    }
}

/// A non-negative decimal with a scale, as Java's `BigDecimal` keeps one: `units × 10^-scale`,
/// where `6` (scale 0) and `6.0000` (scale 4) are equal numbers written differently. RCTab's
/// reports print values at the scale its arithmetic gives them, so the tabulator of
/// `ballot::methods::rctab` carries it. Ordered and compared by value.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScaledDecimal {
    /// The number in units of `10^-scale`.
    pub units: u128,
    /// Digits after the point.
    pub scale: u32,
}

impl ScaledDecimal {
    /// `units × 10^-scale`.
    pub fn new(units: u128, scale: u32) -> ScaledDecimal {
        ScaledDecimal { units, scale }
    }

    /// The whole number `n` (scale 0).
    pub fn integer(n: u128) -> ScaledDecimal {
        ScaledDecimal { units: n, scale: 0 }
    }

    /// The units of this number at `scale` digits (at least its own scale).
    pub fn units_at(self, scale: u32) -> u128 {
        self.units * pow10(scale.saturating_sub(self.scale))
    }

    /// The sum, at the larger scale (BigDecimal `add`).
    pub fn plus(self, other: ScaledDecimal) -> ScaledDecimal {
        let scale = self.scale.max(other.scale);
        ScaledDecimal::new(self.units_at(scale) + other.units_at(scale), scale)
    }

    /// `other − self` as text, at the larger scale, with a `-` when negative
    /// (BigDecimal `subtract` then `toString`).
    pub fn change_to(self, other: ScaledDecimal) -> String {
        let scale = self.scale.max(other.scale);
        let (a, b) = (self.units_at(scale), other.units_at(scale));
        if b >= a {
            ScaledDecimal::new(b - a, scale).to_string()
        } else {
            format!("-{}", ScaledDecimal::new(a - b, scale))
        }
    }

    /// Whether the number is zero.
    pub fn is_zero(self) -> bool {
        self.units == 0
    }
}

impl PartialEq for ScaledDecimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for ScaledDecimal {}
impl PartialOrd for ScaledDecimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for ScaledDecimal {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_fractions(
            self.units,
            pow10(self.scale),
            other.units,
            pow10(other.scale),
        )
    }
}

/// `BigDecimal.toString`: plain notation at the number's scale, except that a number whose
/// adjusted exponent is below −6 is written in E-notation (`1E-7`, `0E-8`).
impl fmt::Display for ScaledDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.units.to_string();
        if self.scale == 0 {
            return f.write_str(&digits);
        }
        let adjusted = digits.len() as i64 - 1 - i64::from(self.scale);
        if adjusted >= -6 {
            let scale = self.scale as usize;
            let padded = format!("{digits:0>width$}", width = scale + 1);
            let (whole, frac) = padded.split_at(padded.len() - scale);
            return write!(f, "{whole}.{frac}");
        }
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            write!(f, "{first}E{adjusted}")
        } else {
            write!(f, "{first}.{rest}E{adjusted}")
        }
    }
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
    fn wide_division_and_scaled_decimals() {
        assert_eq!(mul_div_floor(7, 3, 2), Some(10));
        assert_eq!(mul_div_ceil(7, 3, 2), Some(11));
        assert_eq!(mul_div_ceil(6, 3, 2), Some(9));
        let big = 10u128.pow(20);
        assert_eq!(mul_div_floor(big, big, big), Some(big));
        let e19 = 10u128.pow(19);
        assert_eq!(
            mul_div_floor(e19, e19, 3),
            Some(10u128.pow(37) / 3 * 10 + 3)
        );
        assert_eq!(mul_div_floor(big, big, 3), None);
        assert_eq!(mul_div_floor(u128::MAX, 2, 1), None);
        assert_eq!(mul_div_floor(1, 1, 0), None);
        let d = ScaledDecimal::new;
        assert_eq!(d(6, 0), d(60000, 4));
        assert!(d(72501, 4) > d(7, 0));
        assert_eq!(d(6, 0).to_string(), "6");
        assert_eq!(d(60000, 4).to_string(), "6.0000");
        assert_eq!(d(405, 2).to_string(), "4.05");
        assert_eq!(d(5, 4).to_string(), "0.0005");
        assert_eq!(d(0, 4).to_string(), "0.0000");
        assert_eq!(d(1, 7).to_string(), "1E-7");
        assert_eq!(d(0, 7).to_string(), "0E-7");
        assert_eq!(d(123, 9).to_string(), "1.23E-7");
        assert_eq!(d(1, 6).to_string(), "0.000001");
        assert_eq!(d(3, 0).plus(d(2501, 4)).to_string(), "3.2501");
        assert_eq!(d(3, 0).change_to(d(22501, 4)), "-0.7499");
        assert_eq!(d(3, 0).change_to(d(3, 0)), "0");
        assert_eq!(d(22501, 4).change_to(d(22501, 4)), "0.0000");
    }

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
