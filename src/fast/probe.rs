//! The one open-addressing table: linear probing over a power-of-two number of slots, from
//! keys to positions (a position is an index into the caller's own list of what is stored,
//! in first-appearance order). A slot holds a key and a position; the key is one of two
//! kinds:
//! - 32 hash bits of a larger key ([`TagTable`], 8-byte slots), whose key itself is compared
//!   in the caller's list when the hash bits agree. For 128-bit keys, whole ballots and long
//!   rankings: a slot is a third of what the key would take, so for a million distinct
//!   ballots the table is touched once, not three times over. At most half full.
//! - a whole 64-bit key ([`KeyTable`], 16-byte slots), compared in the slot, so that a
//!   look-up touches one slot and nothing else. At most 70 % full.
//!
//! A slot's home comes from its key, so the table grows without the caller's keys. A batch
//! of look-ups that first [`touch`](ProbeTable::touch)es every key's home slot (independent
//! loads that the processor overlaps) waits for memory about once instead of once per key.

use super::hash::fmix64;

/// What a [`ProbeTable`] keeps of a key in its slot.
pub(crate) trait SlotKey: Copy + Eq + Default {
    /// The most a table may be filled, in percent, before it doubles.
    const MAX_LOAD_PERCENT: usize;
    /// The hash bits the key's home slot is taken from.
    fn home_bits(self) -> u64;
}

/// 32 hash bits of a key (see [`tag`]); the key itself is compared in the caller's list.
impl SlotKey for u32 {
    const MAX_LOAD_PERCENT: usize = 50;
    #[inline]
    fn home_bits(self) -> u64 {
        u64::from(self)
    }
}

/// A whole 64-bit key.
impl SlotKey for u64 {
    const MAX_LOAD_PERCENT: usize = 70;
    #[inline]
    fn home_bits(self) -> u64 {
        fmix64(self)
    }
}

/// A table whose slots keep 32 hash bits of each key.
pub(crate) type TagTable = ProbeTable<u32>;

/// A table whose slots keep each 64-bit key whole.
pub(crate) type KeyTable = ProbeTable<u64>;

/// The 32 hash bits a [`TagTable`] keeps of a key with hash `hash`.
#[inline]
pub(crate) fn tag(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// A key and its position; position [`FREE`] marks a free slot.
#[derive(Debug, Clone, Copy)]
struct Slot<K> {
    key: K,
    position: u32,
}

/// The position of a free slot.
const FREE: u32 = u32::MAX;

/// An open-addressing table (see the module's documentation).
#[derive(Debug, Clone)]
pub(crate) struct ProbeTable<K> {
    slots: Vec<Slot<K>>,
    len: usize,
}

impl<K: SlotKey> ProbeTable<K> {
    /// An empty table of at least `slots` slots (a power of two, at most 2^32).
    pub(crate) fn with_slots(slots: usize) -> ProbeTable<K> {
        ProbeTable {
            slots: free_slots(slots.max(8).next_power_of_two().min(1 << 32)),
            len: 0,
        }
    }

    /// How many slots the table has.
    pub(crate) fn slots(&self) -> usize {
        self.slots.len()
    }

    /// The home slot of a key with hash bits `bits`.
    #[inline]
    fn home(&self, bits: u64) -> usize {
        bits as usize & (self.slots.len() - 1)
    }

    /// Loads the home slot of every key (a prefetch that needs no `unsafe`): see the
    /// module's documentation.
    #[inline]
    pub(crate) fn touch(&self, keys: impl IntoIterator<Item = K>) {
        let mut any = 0u32;
        for key in keys {
            any ^= self.slots[self.home(key.home_bits())].position;
        }
        std::hint::black_box(any);
    }

    /// The position stored for `key` for which `same(position)` holds (always, for keys kept
    /// whole), or `None` after storing `next` for it; the table doubles when it is then too
    /// full.
    #[inline]
    pub(crate) fn position(
        &mut self,
        key: K,
        next: u32,
        same: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = self.home(key.home_bits());
        loop {
            let slot = self.slots[at];
            if slot.position == FREE {
                self.slots[at] = Slot {
                    key,
                    position: next,
                };
                self.len += 1;
                if self.len * 100 > self.slots.len() * K::MAX_LOAD_PERCENT {
                    self.grow();
                }
                return None;
            }
            if slot.key == key && same(slot.position) {
                return Some(slot.position);
            }
            at = (at + 1) & mask;
        }
    }

    /// Doubles the table and places every slot again (by its key).
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, free_slots(size));
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.position != FREE) {
            let mut at = self.home(slot.key.home_bits());
            while self.slots[at].position != FREE {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

/// `len` free slots, written rather than left to the allocator's zeroed pages: a table read
/// before it is written would first map the shared zero page, and the write that follows
/// then costs a copy and, while another thread of the process runs, a TLB flush on its core
/// (an interrupt between cores, which a virtual machine makes dear).
fn free_slots<K: SlotKey>(len: usize) -> Vec<Slot<K>> {
    let mut slots = Vec::with_capacity(len);
    slots.resize(
        len,
        Slot {
            key: K::default(),
            position: FREE,
        },
    );
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast::hash::hash_u128;

    #[test]
    fn tagged_table_grows_and_finds_every_key() {
        let mut table: TagTable = TagTable::with_slots(1);
        let tag_of = |key: u128| tag(hash_u128(key));
        // Keys that differ only in their high or only in their low word, many times over
        // the first size, so the table grows several times.
        let keys: Vec<u128> = (0..10_000u128)
            .map(|i| if i % 2 == 0 { i << 64 } else { i })
            .collect();
        for (position, &key) in keys.iter().enumerate() {
            let found = table.position(tag_of(key), position as u32, |p| keys[p as usize] == key);
            assert_eq!(found, None);
        }
        for (position, &key) in keys.iter().enumerate() {
            let found = table.position(tag_of(key), 0, |p| keys[p as usize] == key);
            assert_eq!(found, Some(position as u32));
        }
        // A key whose hash bits match a stored one's is still told apart by the key.
        // (Same high word plus one, low word adjusted so the mixed word is the same.)
        let stored = keys[1];
        let (lo, hi) = (stored as u64, (stored >> 64) as u64);
        let odd = 0x9e37_79b9_7f4a_7c15u64;
        let twin_lo = lo ^ hi.wrapping_mul(odd) ^ (hi + 1).wrapping_mul(odd);
        let twin = u128::from(twin_lo) | (u128::from(hi + 1) << 64);
        assert_eq!(tag_of(twin), tag_of(stored));
        let mut with_twin = keys.clone();
        with_twin.push(twin);
        let with_twin = &with_twin;
        let same = |key: u128| move |p: u32| with_twin[p as usize] == key;
        let twin_at = keys.len() as u32;
        assert_eq!(table.position(tag_of(twin), twin_at, same(twin)), None);
        assert_eq!(table.position(tag_of(twin), 0, same(twin)), Some(twin_at));
        assert_eq!(table.position(tag_of(stored), 0, same(stored)), Some(1));
        assert_eq!(table.len, keys.len() + 1);
        assert!(table.len * 2 <= table.slots.len());
    }

    #[test]
    fn tagged_table_keeps_colliding_ballots_apart() {
        // Every ballot gets the same hash: equal content is still merged, different kept.
        let mut table: TagTable = TagTable::with_slots(4);
        let mut known: Vec<&str> = Vec::new();
        let mut weights: Vec<u64> = Vec::new();
        for item in ["x", "y", "x", "y", "z", "x"] {
            let next = known.len() as u32;
            match table.position(42, next, |i| known[i as usize] == item) {
                Some(i) => weights[i as usize] += 1,
                None => {
                    known.push(item);
                    weights.push(1);
                }
            }
        }
        assert_eq!(known, vec!["x", "y", "z"]);
        assert_eq!(weights, vec![3, 2, 1]);
    }

    #[test]
    fn keyed_table_grows_and_finds_every_key() {
        let mut table: KeyTable = KeyTable::with_slots(1);
        let keys: Vec<u64> = (0..10_000u64).map(|i| i << 40 | i).collect();
        for (position, &key) in keys.iter().enumerate() {
            assert_eq!(table.position(key, position as u32, |_| true), None);
        }
        for (position, &key) in keys.iter().enumerate() {
            assert_eq!(table.position(key, 0, |_| true), Some(position as u32));
        }
        assert_eq!(table.len, keys.len());
        assert!(table.len * 10 <= table.slots() * 7);
    }
}
