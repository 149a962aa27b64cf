//! The one open-addressing table: linear probing over a power-of-two number of slots, from
//! keys to positions (a position is an index into the caller's own list of what is stored,
//! in first-appearance order). Two kinds of slot:
//! - [`Tagged`]: 32 hash bits and a position (8 bytes); the key itself is compared in the
//!   caller's list when the hash bits agree. For keys that are large (128-bit keys, whole
//!   ballots, long rankings): a slot is a third of what the key would take, so for a
//!   million distinct ballots the table is touched once, not three times over. At most
//!   half full.
//! - [`Keyed`]: a 64-bit key and a position (16 bytes), compared in the slot, so that a
//!   look-up touches one slot and nothing else. At most 70 % full.
//!
//! A slot's home comes from the hash bits it keeps (or its key), so the table grows without
//! the caller's keys. A batch of look-ups that first [`touch`](ProbeTable::touch)es every key's home
//! slot (independent loads that the processor overlaps) waits for memory about once instead
//! of once per key.

use super::hash::fmix64;

/// What a slot of a [`ProbeTable`] holds.
pub(crate) trait Slot: Copy {
    /// A free slot.
    const FREE: Self;
    /// The most a table may be filled, in percent, before it doubles.
    const MAX_LOAD_PERCENT: usize;
    /// The position the slot holds (`u32::MAX` in a free slot).
    fn position(self) -> u32;
    /// The hash bits this slot's home is taken from.
    fn home_bits(self) -> u64;
    /// Whether this is a free slot.
    #[inline]
    fn is_free(self) -> bool {
        self.position() == u32::MAX
    }
}

/// A slot holding 32 hash bits of a key and the key's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tagged {
    tag: u32,
    position: u32,
}

impl Slot for Tagged {
    const FREE: Tagged = Tagged {
        tag: 0,
        position: u32::MAX,
    };
    const MAX_LOAD_PERCENT: usize = 50;
    #[inline]
    fn position(self) -> u32 {
        self.position
    }
    #[inline]
    fn home_bits(self) -> u64 {
        u64::from(self.tag)
    }
}

/// A slot holding a 64-bit key and its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Keyed {
    key: u64,
    position: u32,
}

impl Slot for Keyed {
    const FREE: Keyed = Keyed {
        key: 0,
        position: u32::MAX,
    };
    const MAX_LOAD_PERCENT: usize = 70;
    #[inline]
    fn position(self) -> u32 {
        self.position
    }
    #[inline]
    fn home_bits(self) -> u64 {
        fmix64(self.key)
    }
}

/// An open-addressing table of [`Slot`]s (see the module's documentation).
#[derive(Debug, Clone)]
pub(crate) struct ProbeTable<S> {
    slots: Vec<S>,
    len: usize,
}

impl<S: Slot> ProbeTable<S> {
    /// An empty table of at least `slots` slots (a power of two, at most 2^32).
    pub(crate) fn with_slots(slots: usize) -> ProbeTable<S> {
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

    /// Loads the home slot of every key whose hash bits `bits` gives (a prefetch that
    /// needs no `unsafe`): see the module's documentation.
    #[inline]
    fn touch_homes(&self, bits: impl IntoIterator<Item = u64>) {
        let mut any = 0u32;
        for bits in bits {
            any ^= self.slots[self.home(bits)].position();
        }
        std::hint::black_box(any);
    }

    /// The first slot on the probe sequence of `bits` for which `found` holds, or `None`
    /// after storing `new` in the first free one (the table doubles when it is then too full).
    #[inline]
    fn find_or_insert(&mut self, bits: u64, found: impl Fn(S) -> bool, new: S) -> Option<S> {
        let mask = self.slots.len() - 1;
        let mut at = self.home(bits);
        loop {
            let slot = self.slots[at];
            if slot.is_free() {
                self.slots[at] = new;
                self.len += 1;
                if self.len * 100 > self.slots.len() * S::MAX_LOAD_PERCENT {
                    self.grow();
                }
                return None;
            }
            if found(slot) {
                return Some(slot);
            }
            at = (at + 1) & mask;
        }
    }

    /// Doubles the table and places every slot again (by the hash bits it keeps).
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, free_slots(size));
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| !s.is_free()) {
            let mut at = self.home(slot.home_bits());
            while !self.slots[at].is_free() {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

impl Tagged {
    /// The 32 hash bits a slot keeps of a key with hash `hash`.
    #[inline]
    pub(crate) fn tag(hash: u64) -> u32 {
        (hash >> 32) as u32
    }
}

impl ProbeTable<Tagged> {
    /// Loads the home slot of the key of each tag (see [`ProbeTable::touch_homes`]).
    #[inline]
    pub(crate) fn touch(&self, tags: impl IntoIterator<Item = u32>) {
        self.touch_homes(tags.into_iter().map(u64::from));
    }

    /// The position stored for the key with hash bits `tag` for which `same(position)`
    /// holds, or `None` after storing `next` for it.
    #[inline]
    pub(crate) fn position(
        &mut self,
        tag: u32,
        next: u32,
        same: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        let new = Tagged {
            tag,
            position: next,
        };
        self.find_or_insert(u64::from(tag), |s| s.tag == tag && same(s.position), new)
            .map(|s| s.position)
    }
}

impl ProbeTable<Keyed> {
    /// Loads the home slot of each key (see [`ProbeTable::touch_homes`]).
    #[inline]
    pub(crate) fn touch(&self, keys: impl IntoIterator<Item = u64>) {
        self.touch_homes(keys.into_iter().map(fmix64));
    }

    /// The position stored for `key`, or `None` after storing `next` for it.
    #[inline]
    pub(crate) fn position(&mut self, key: u64, next: u32) -> Option<u32> {
        let new = Keyed {
            key,
            position: next,
        };
        self.find_or_insert(fmix64(key), |s| s.key == key, new)
            .map(|s| s.position)
    }
}

/// `len` free slots, written rather than left to the allocator's zeroed pages: a table read
/// before it is written would first map the shared zero page, and the write that follows
/// then costs a copy and, while another thread of the process runs, a TLB flush on its core
/// (an interrupt between cores, which a virtual machine makes dear).
fn free_slots<S: Slot>(len: usize) -> Vec<S> {
    let mut slots = Vec::with_capacity(len);
    slots.resize(len, S::FREE);
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast::hash::hash_u128;

    #[test]
    fn tagged_table_grows_and_finds_every_key() {
        let mut table: ProbeTable<Tagged> = ProbeTable::with_slots(1);
        let tag = |key: u128| Tagged::tag(hash_u128(key));
        // Keys that differ only in their high or only in their low word, many times over
        // the first size, so the table grows several times.
        let keys: Vec<u128> = (0..10_000u128)
            .map(|i| if i % 2 == 0 { i << 64 } else { i })
            .collect();
        for (position, &key) in keys.iter().enumerate() {
            let found = table.position(tag(key), position as u32, |p| keys[p as usize] == key);
            assert_eq!(found, None);
        }
        for (position, &key) in keys.iter().enumerate() {
            let found = table.position(tag(key), 0, |p| keys[p as usize] == key);
            assert_eq!(found, Some(position as u32));
        }
        // A key whose hash bits match a stored one's is still told apart by the key.
        // (Same high word plus one, low word adjusted so the mixed word is the same.)
        let stored = keys[1];
        let (lo, hi) = (stored as u64, (stored >> 64) as u64);
        let odd = 0x9e37_79b9_7f4a_7c15u64;
        let twin_lo = lo ^ hi.wrapping_mul(odd) ^ (hi + 1).wrapping_mul(odd);
        let twin = u128::from(twin_lo) | (u128::from(hi + 1) << 64);
        assert_eq!(tag(twin), tag(stored));
        let mut with_twin = keys.clone();
        with_twin.push(twin);
        let with_twin = &with_twin;
        let same = |key: u128| move |p: u32| with_twin[p as usize] == key;
        let twin_at = keys.len() as u32;
        assert_eq!(table.position(tag(twin), twin_at, same(twin)), None);
        assert_eq!(table.position(tag(twin), 0, same(twin)), Some(twin_at));
        assert_eq!(table.position(tag(stored), 0, same(stored)), Some(1));
        assert_eq!(table.len, keys.len() + 1);
        assert!(table.len * 2 <= table.slots.len());
    }

    #[test]
    fn tagged_table_keeps_colliding_ballots_apart() {
        // Every ballot gets the same hash: equal content is still merged, different kept.
        let mut table: ProbeTable<Tagged> = ProbeTable::with_slots(4);
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
        let mut table: ProbeTable<Keyed> = ProbeTable::with_slots(1);
        let keys: Vec<u64> = (0..10_000u64).map(|i| i << 40 | i).collect();
        for (position, &key) in keys.iter().enumerate() {
            assert_eq!(table.position(key, position as u32), None);
        }
        for (position, &key) in keys.iter().enumerate() {
            assert_eq!(table.position(key, 0), Some(position as u32));
        }
        assert_eq!(table.len, keys.len());
        assert!(table.len * 10 <= table.slots() * 7);
    }
}
