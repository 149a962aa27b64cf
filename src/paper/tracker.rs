//! Ballot trackers: the `ballot_id` printed on each paper, as text and as a QR code.
//!
//! A tracker is 14 random symbols and one check symbol from a 31-symbol alphabet without the
//! look-alikes 0/O, 1/I/l and L (`23456789ABCDEFGHJKMNPQRSTUVWXYZ`), printed in three groups
//! of five: `CZ6EP-34VK5-DM3Y4`. The random symbols carry 14 × log2(31) = 69.4 bits, drawn
//! from the operating system's secure random source: trackers are the one output of
//! `congress` that is not reproducible from its inputs, and the printed list is their record.
//!
//! The check symbol makes the weighted sum `Σ v(a_i) × 3^i` (positions numbered from the
//! right, the check symbol at i = 0) divisible by 31. As 31 is prime and 3 is a primitive
//! root modulo 31 (order 30), every single substitution and every transposition of two
//! symbols (adjacent or not) changes the sum by a non-zero amount modulo 31, so a tracker
//! typed with one wrong symbol, or two symbols swapped, never passes.

use crate::error::{Error, Result};
use std::fmt;

/// The 31 symbols, in the order of their values 0–30.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Random symbols per tracker.
pub const RANDOM_SYMBOLS: usize = 14;
/// Symbols per tracker, the check symbol included.
pub const SYMBOLS: usize = RANDOM_SYMBOLS + 1;
/// The modulus of the check symbol (the size of the alphabet, a prime).
const MODULUS: u32 = 31;
/// The largest multiple of 31 in a byte: bytes at or above it are drawn again.
const REJECT_FROM: u8 = 248;

/// A well-formed tracker, held in its printed form `XXXXX-XXXXX-XXXXX`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tracker(String);

/// Why a text is not a tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackerProblem {
    /// Not 15 symbols once spaces and hyphens are dropped (the count found).
    Length(usize),
    /// A character outside the alphabet.
    Symbol(char),
    /// The check symbol does not match the others.
    CheckCharacter,
}

impl fmt::Display for TrackerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrackerProblem::Length(n) => write!(
                f,
                "{n} symbols, expected {SYMBOLS} (three groups of five such as CZ6EP-34VK5-DM3Y4)"
            ),
            TrackerProblem::Symbol(c) => write!(
                f,
                "'{}' is not a tracker symbol (trackers never contain 0, O, 1, I or L)",
                c.escape_debug()
            ),
            TrackerProblem::CheckCharacter => f.write_str(
                "wrong check character: a symbol is mistyped or two symbols are swapped",
            ),
        }
    }
}

/// The value of a symbol (upper case), if it is one.
fn value(symbol: u8) -> Option<u32> {
    ALPHABET.iter().position(|&s| s == symbol).map(|v| v as u32)
}

/// `Σ v(a_i) × 3^i mod 31` over `values`, the last of them at i = `last_exponent`.
fn weighted_sum(values: &[u32], last_exponent: u32) -> u32 {
    let mut sum = 0;
    let mut weight = 3u32.pow(last_exponent) % MODULUS;
    for &v in values.iter().rev() {
        sum = (sum + v * weight) % MODULUS;
        weight = weight * 3 % MODULUS;
    }
    sum
}

/// The check symbol's value for the 14 random symbols' values.
pub fn check_value(data: &[u32]) -> u32 {
    (MODULUS - weighted_sum(data, 1)) % MODULUS
}

impl Tracker {
    /// The tracker of the 14 random symbol values (each below 31), with its check symbol.
    pub fn from_values(data: &[u32; RANDOM_SYMBOLS]) -> Tracker {
        let mut symbols: Vec<u8> = data.iter().map(|&v| ALPHABET[v as usize]).collect();
        symbols.push(ALPHABET[check_value(data) as usize]);
        let mut text = String::with_capacity(SYMBOLS + 2);
        for (i, s) in symbols.iter().enumerate() {
            if i > 0 && i % 5 == 0 {
                text.push('-');
            }
            text.push(*s as char);
        }
        Tracker(text)
    }

    /// Reads a tracker as a clerk typed it: spaces and hyphens are dropped and letters folded
    /// to upper case; nothing else is changed (a typed `0` or `O` is an error, not guessed).
    pub fn parse(text: &str) -> std::result::Result<Tracker, TrackerProblem> {
        let mut values = Vec::with_capacity(SYMBOLS);
        for c in text.chars().filter(|c| !matches!(c, ' ' | '-')) {
            let upper = c.to_ascii_uppercase();
            let v = u8::try_from(upper)
                .ok()
                .and_then(value)
                .ok_or(TrackerProblem::Symbol(c))?;
            values.push(v);
        }
        if values.len() != SYMBOLS {
            return Err(TrackerProblem::Length(values.len()));
        }
        if weighted_sum(&values, 0) != 0 {
            return Err(TrackerProblem::CheckCharacter);
        }
        let data: [u32; RANDOM_SYMBOLS] = values[..RANDOM_SYMBOLS].try_into().expect("14 symbols");
        Ok(Tracker::from_values(&data))
    }

    /// The printed form, `XXXXX-XXXXX-XXXXX`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A new tracker from the operating system's secure random source.
    pub fn random() -> Result<Tracker> {
        let mut data = [0u32; RANDOM_SYMBOLS];
        let mut filled = 0;
        let mut bytes = [0u8; 32];
        while filled < RANDOM_SYMBOLS {
            getrandom::fill(&mut bytes).map_err(|e| {
                Error::input(format!("no randomness from the operating system: {e}"))
            })?;
            // A byte below 248 = 8 × 31 gives each symbol with probability exactly 1/31.
            for &b in bytes.iter().filter(|&&b| b < REJECT_FROM) {
                if filled < RANDOM_SYMBOLS {
                    data[filled] = u32::from(b) % MODULUS;
                    filled += 1;
                }
            }
        }
        Ok(Tracker::from_values(&data))
    }

    /// `count` distinct random trackers, in the order drawn.
    pub fn random_list(count: usize) -> Result<Vec<Tracker>> {
        let mut seen = std::collections::HashSet::with_capacity(count);
        let mut list = Vec::with_capacity(count);
        while list.len() < count {
            let t = Tracker::random()?;
            if seen.insert(t.clone()) {
                list.push(t);
            }
        }
        Ok(list)
    }
}

impl fmt::Display for Tracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values_of(text: &str) -> Vec<u32> {
        text.bytes().map(|b| value(b).unwrap()).collect()
    }

    /// The worked examples of the design (data symbols → printed tracker).
    #[test]
    fn check_symbols_of_the_examples() {
        for (data, printed) in [
            ("CZ6EP34VK5DM3Y", "CZ6EP-34VK5-DM3Y4"),
            ("J834FF494KF3VM", "J834F-F494K-F3VMX"),
            ("5Z9PPMZ3MME393", "5Z9PP-MZ3MM-E3932"),
        ] {
            let v: [u32; 14] = values_of(data).try_into().unwrap();
            assert_eq!(Tracker::from_values(&v).as_str(), printed);
            assert_eq!(Tracker::parse(printed).unwrap().as_str(), printed);
        }
    }

    #[test]
    fn typing_is_forgiving_only_about_case_spaces_and_hyphens() {
        let t = Tracker::parse("cz6ep 34vk5dm3y4").unwrap();
        assert_eq!(t.as_str(), "CZ6EP-34VK5-DM3Y4");
        assert_eq!(
            Tracker::parse("CZ6EP-34VK5-DM3Y"),
            Err(TrackerProblem::Length(14))
        );
        assert_eq!(
            Tracker::parse("CZ6EP-34VK5-DM3YO"),
            Err(TrackerProblem::Symbol('O'))
        );
        assert_eq!(
            Tracker::parse("CZ6EP-34VK5-DM3Y1"),
            Err(TrackerProblem::Symbol('1'))
        );
        assert_eq!(
            Tracker::parse("CZ6EP-34VK5-DM3Yl"),
            Err(TrackerProblem::Symbol('l'))
        );
        assert_eq!(
            Tracker::parse("CZ6EP-34VK5-DM3Y5"),
            Err(TrackerProblem::CheckCharacter)
        );
    }

    #[test]
    fn random_trackers_are_valid_distinct_and_use_every_symbol() {
        let list = Tracker::random_list(2_000).unwrap();
        let mut seen = [false; 31];
        for t in &list {
            assert_eq!(Tracker::parse(t.as_str()).as_ref(), Ok(t));
            for b in t.as_str().bytes().filter(|&b| b != b'-') {
                seen[value(b).unwrap() as usize] = true;
            }
        }
        assert!(seen.iter().all(|&s| s));
        let unique: std::collections::HashSet<_> = list.iter().collect();
        assert_eq!(unique.len(), list.len());
    }

    /// Every single substitution (each position, each other symbol) and every transposition
    /// of two different symbols (adjacent or not) of many trackers is caught.
    #[test]
    fn check_symbol_catches_every_substitution_and_transposition() {
        let mut trackers: Vec<Tracker> = Tracker::random_list(300).unwrap();
        // Also trackers with runs and repeats, whose errors are the easiest to miss.
        trackers.push(Tracker::from_values(&[0; 14]));
        trackers.push(Tracker::from_values(&[30; 14]));
        trackers.push(Tracker::from_values(&std::array::from_fn(|i| i as u32 % 2)));
        let (mut substitutions, mut transpositions) = (0, 0);
        for t in &trackers {
            let symbols: Vec<u8> = t.as_str().bytes().filter(|&b| b != b'-').collect();
            for i in 0..SYMBOLS {
                for &other in ALPHABET.iter().filter(|&&s| s != symbols[i]) {
                    let mut typed = symbols.clone();
                    typed[i] = other;
                    let typed = String::from_utf8(typed).unwrap();
                    assert_eq!(
                        Tracker::parse(&typed),
                        Err(TrackerProblem::CheckCharacter),
                        "{typed}"
                    );
                    substitutions += 1;
                }
                for j in i + 1..SYMBOLS {
                    if symbols[i] == symbols[j] {
                        continue;
                    }
                    let mut typed = symbols.clone();
                    typed.swap(i, j);
                    let typed = String::from_utf8(typed).unwrap();
                    assert_eq!(
                        Tracker::parse(&typed),
                        Err(TrackerProblem::CheckCharacter),
                        "{typed}"
                    );
                    transpositions += 1;
                }
            }
        }
        assert_eq!(substitutions, trackers.len() * 15 * 30);
        assert!(transpositions > 30_000, "{transpositions}");
    }

    /// 3 is a primitive root modulo 31: its powers 3^1 … 3^30 are all different, which is
    /// why every transposition within 30 symbols changes the check sum.
    #[test]
    fn three_is_a_primitive_root_modulo_31() {
        let mut p = 1u32;
        let mut all = std::collections::HashSet::new();
        for _ in 0..30 {
            p = p * 3 % 31;
            all.insert(p);
        }
        assert_eq!(all.len(), 30);
    }
}
