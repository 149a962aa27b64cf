//! Reproducible lots (drawing of lots) by the recipe of docs/verification.md §6.
//!
//! seed = SHA-256("congress/lot/v1" ‖ 0x00 ‖ root\[32\] ‖ 0x00 ‖ contest_id ‖ 0x00 ‖ beacon);
//! the tied names are sorted bytewise and shuffled by Fisher–Yates from the last index down,
//! each index j ∈ [0, i] drawn from the raw ChaCha20 keystream (`next_u64`, little-endian) by
//! rejection: x is rejected when x ≥ 2^64 − (2^64 mod (i+1)); otherwise j = x mod (i+1).
//! rand's `random_range`/`shuffle` are never used, because their output may change between
//! rand releases.

use crate::digest::hex;
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Domain-separation prefix of the lot seed.
pub const LOT_DOMAIN: &[u8] = b"congress/lot/v1";

/// One keystream draw made during a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    /// The Fisher–Yates position i being filled (drawing j ∈ [0, i]).
    pub position: usize,
    /// The raw 64-bit value read from the keystream.
    pub value: u64,
    /// Whether the value was rejected (and another drawn).
    pub rejected: bool,
    /// The index chosen, for accepted draws.
    pub chosen: Option<usize>,
}

/// The full, reproducible record of one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lot {
    /// What the lot decided (e.g. "apportion", or a contest id).
    pub contest_id: String,
    /// The public beacon (the `--lot` seed text, or the election's tie-break seed).
    pub beacon: String,
    /// The root bound into the seed, lowercase hex.
    pub root_hex: String,
    /// The 32-byte ChaCha20 key, lowercase hex.
    pub seed_hex: String,
    /// The tied names in bytewise order, as shuffled.
    pub candidates: Vec<String>,
    /// Every keystream value drawn, in order.
    pub draws: Vec<Draw>,
    /// The names in the order the lot put them (winners first).
    pub order: Vec<String>,
}

/// Derives the 32-byte ChaCha20 key for a lot.
pub fn lot_seed(root: &[u8; 32], contest_id: &str, beacon: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(LOT_DOMAIN);
    h.update([0u8]);
    h.update(root);
    h.update([0u8]);
    h.update(contest_id.as_bytes());
    h.update([0u8]);
    h.update(beacon.as_bytes());
    h.finalize().into()
}

/// Draws a uniform index in [0, bound) by rejection, recording every draw.
fn draw_below(rng: &mut ChaCha20Rng, bound: u64, position: usize, draws: &mut Vec<Draw>) -> usize {
    // 2^64 mod bound, computed without 128-bit arithmetic: (2^64 - bound) mod bound.
    let excess = (u64::MAX - bound + 1) % bound;
    loop {
        let value = rng.next_u64();
        // Reject x >= 2^64 - excess (the top `excess` values), i.e. x > u64::MAX - excess.
        if excess != 0 && value > u64::MAX - excess {
            draws.push(Draw {
                position,
                value,
                rejected: true,
                chosen: None,
            });
            continue;
        }
        let j = (value % bound) as usize;
        draws.push(Draw {
            position,
            value,
            rejected: false,
            chosen: Some(j),
        });
        return j;
    }
}

/// Orders `names` by lot: sorted bytewise, then Fisher–Yates shuffled from the keystream.
pub fn draw_lot(root: &[u8; 32], contest_id: &str, beacon: &str, names: &[String]) -> Lot {
    let seed = lot_seed(root, contest_id, beacon);
    let mut rng = ChaCha20Rng::from_seed(seed);
    let mut sorted: Vec<String> = names.to_vec();
    sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    sorted.dedup();
    let mut order = sorted.clone();
    let mut draws = Vec::new();
    for i in (1..order.len()).rev() {
        let j = draw_below(&mut rng, (i + 1) as u64, i, &mut draws);
        order.swap(i, j);
    }
    Lot {
        contest_id: contest_id.to_string(),
        beacon: beacon.to_string(),
        root_hex: hex(root),
        seed_hex: hex(&seed),
        candidates: sorted,
        draws,
        order,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::sha256;

    /// The keystream check vector of docs/verification.md §6.
    #[test]
    fn chacha20_keystream_matches_published_vector() {
        let seed = sha256(b"congress tie-break demo");
        assert!(hex(&seed).starts_with("3a731ae0"));
        assert!(hex(&seed).ends_with("21c282"));
        let mut rng = ChaCha20Rng::from_seed(seed);
        assert_eq!(rng.next_u64(), 0x1bff6b14bb7f03cc);
        assert_eq!(rng.next_u64(), 0x06cb965b2c3278e7);
        assert_eq!(rng.next_u64(), 0x30c32e043b6597c6);
    }

    #[test]
    fn lot_is_reproducible_and_a_permutation() {
        let names: Vec<String> = ["c", "a", "b", "d"].iter().map(|s| s.to_string()).collect();
        let a = draw_lot(&[7; 32], "x", "beacon", &names);
        let b = draw_lot(&[7; 32], "x", "beacon", &names);
        assert_eq!(a, b);
        let mut sorted = a.order.clone();
        sorted.sort();
        assert_eq!(sorted, vec!["a", "b", "c", "d"]);
        assert_eq!(a.candidates, vec!["a", "b", "c", "d"]);
        // Input order does not matter.
        let mut rev = names.clone();
        rev.reverse();
        assert_eq!(draw_lot(&[7; 32], "x", "beacon", &rev).order, a.order);
        // A different beacon gives a different seed.
        assert_ne!(
            draw_lot(&[7; 32], "x", "other", &names).seed_hex,
            a.seed_hex
        );
    }

    #[test]
    fn seed_follows_the_recipe() {
        let mut bytes = b"congress/lot/v1\0".to_vec();
        bytes.extend_from_slice(&[1u8; 32]);
        bytes.extend_from_slice(b"\0c\0b");
        assert_eq!(lot_seed(&[1; 32], "c", "b"), sha256(&bytes));
    }

    #[test]
    fn every_position_is_drawn_uniformly_enough() {
        // 3 names, many beacons: each name should win sometimes.
        let names: Vec<String> = ["x", "y", "z"].iter().map(|s| s.to_string()).collect();
        let mut wins = std::collections::HashMap::new();
        for k in 0..300 {
            let lot = draw_lot(&[0; 32], "t", &k.to_string(), &names);
            *wins.entry(lot.order[0].clone()).or_insert(0) += 1;
        }
        for n in &names {
            assert!(wins[n] > 60, "{n} won {} of 300", wins[n]);
        }
    }
}
