//! The one hasher: FxHash (the rustc hasher) over 64-bit words, finished with MurmurHash3's
//! mixer. Fast for the short keys of ballot aggregation and name look-ups; the files come from
//! the committee, so hash flooding is not a concern.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// FxHash's multiplier.
const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// FxHash's multiply-rotate over 64-bit words; [`Hasher::finish`] applies [`fmix64`], so
/// that the low bits (which pick the bucket or slot) depend on every input bit.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(short_word(rest) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn write_isize(&mut self, i: isize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        fmix64(self.hash)
    }
}

/// The bytes of `rest` (fewer than 8) as a little-endian word, read in fixed-size pieces: a
/// copy of a variable length would be a call to `memcpy` for every key's last bytes.
#[inline]
fn short_word(rest: &[u8]) -> u64 {
    let mut word = 0u64;
    let mut at = 0;
    if let Some(four) = rest.first_chunk::<4>() {
        word = u64::from(u32::from_le_bytes(*four));
        at = 4;
    }
    if let Some(two) = rest[at..].first_chunk::<2>() {
        word |= u64::from(u16::from_le_bytes(*two)) << (8 * at);
        at += 2;
    }
    if let Some(&one) = rest.get(at) {
        word |= u64::from(one) << (8 * at);
    }
    word
}

/// A hash map with [`FxHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// MurmurHash3's 64-bit finaliser: every bit of the result depends on every bit of `h`.
#[inline]
pub(crate) fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The 64-bit hash of any value.
#[inline]
pub(crate) fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// The 64-bit hash of a list of words, two to a step (seeded with the length, so lists that
/// differ only in trailing zeros differ).
#[inline]
pub(crate) fn hash_words(words: &[u32]) -> u64 {
    let mut h = FxHasher {
        hash: words.len() as u64,
    };
    let mut pairs = words.chunks_exact(2);
    for pair in &mut pairs {
        h.add(u64::from(pair[0]) | (u64::from(pair[1]) << 32));
    }
    if let [last] = pairs.remainder() {
        h.add(u64::from(*last));
    }
    h.finish()
}

/// The 64-bit hash of a 128-bit key.
#[inline]
pub(crate) fn hash_u128(key: u128) -> u64 {
    fmix64((key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_the_bytes_little_endian() {
        let bytes = [1u8, 2, 3, 4, 5, 6, 7];
        for len in 0..8 {
            let mut padded = [0u8; 8];
            padded[..len].copy_from_slice(&bytes[..len]);
            assert_eq!(
                short_word(&bytes[..len]),
                u64::from_le_bytes(padded),
                "{len} bytes"
            );
        }
    }
}
