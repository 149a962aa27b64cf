//! Decimal numbers written without the formatting machinery (ballot ids made from line
//! numbers, canonical spellings): a million of them cost more through `format!` than the
//! rest of their line.

/// Number of decimal digits of `n`.
#[inline]
pub(crate) fn digits(n: u64) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
}

/// Writes `n` zero-padded to `width` digits (at most 20, the most a `u64` has) at
/// `out[at..]`; returns the index after the last digit.
#[inline]
pub(crate) fn write_padded(out: &mut [u8], at: usize, mut n: u64, width: usize) -> usize {
    let end = at + digits(n).max(width).min(20);
    for slot in out[at..end].iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
    end
}

/// Appends `n` zero-padded to `width` digits.
#[inline]
pub(crate) fn push_padded(out: &mut String, n: u64, width: usize) {
    for _ in 20..width {
        out.push('0');
    }
    let mut buf = [0u8; 20];
    let end = write_padded(&mut buf, 0, n, width);
    // Only ASCII digits, so always valid UTF-8.
    out.push_str(std::str::from_utf8(&buf[..end]).unwrap_or_default());
}

/// Appends a number in decimal.
#[inline]
pub(crate) fn push_number(out: &mut String, n: u64) {
    push_padded(out, n, 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_padded_like_format() {
        for n in [0u64, 7, 10, 99, 12_345, 1 << 40, u64::MAX] {
            for width in [0usize, 1, 3, 8, 20, 25] {
                let mut out = String::from("x");
                push_padded(&mut out, n, width);
                assert_eq!(out, format!("x{n:0width$}"));
            }
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
            assert_eq!(digits(n), n.to_string().len());
        }
    }
}
