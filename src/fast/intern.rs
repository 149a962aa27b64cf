//! Interning: identical ballots aggregated into distinct ones with their weights, in
//! first-appearance order, by an exact packed key where the content is small (nearly every
//! ballot) and by a hash confirmed by comparison otherwise; and the hand-over of distinct
//! ballots between the two threads that read one file (see [`super::split`]).

use super::hash::{hash_of, hash_u128};
use super::probe::{tag, TagTable};

/// The distinct ballots of a body, gathered from an [`Interner`] once it is read.
pub(crate) trait Gather<C>: Default + Send {
    /// Adds one distinct ballot (by its exact packed key, or in full) with its weight.
    fn gather(&mut self, ballot: Distinct<C>, weight: u64);
    /// Appends the distinct ballots gathered from later entries.
    fn append(&mut self, later: Self);
}

/// A distinct ballot as the interner keeps it: by its exact packed key (built into a content
/// only once, at the end) or in full.
#[derive(Clone)]
pub(crate) enum Distinct<C> {
    /// A small content, by its exact key.
    Packed(u128),
    /// Any other content.
    Full(C),
}

/// Identical ballots aggregated: distinct contents with their weights, in first-appearance
/// order. Small contents are found by an exact packed key, others by a hash confirmed by
/// comparison. Kept as columns (16 + 8 bytes a distinct ballot) rather than one list of
/// enums (64 bytes each).
pub(crate) struct Interner<C> {
    /// Each distinct ballot's packed key (0 for one kept in full), in first-appearance order.
    keys: Vec<u128>,
    /// How many ballots hold each distinct ballot.
    weights: Vec<u64>,
    /// The distinct ballots kept in full, with their positions (increasing).
    full: Vec<(u32, C)>,
    /// The positions of the distinct ballots with packed keys, by the key's hash bits.
    packed: TagTable,
    /// The positions of the distinct ballots kept in full, by their content's hash bits.
    hashed: TagTable,
}

/// How many ballots with packed keys are added to the interner together (see
/// [`Interner::add_packed_batch`]), and how many distinct ballots of another thread are
/// placed together.
pub(crate) const KEY_BATCH: usize = 16;

/// The hash bits a table keeps of a packed key.
#[inline]
fn packed_tag(key: u128) -> u32 {
    tag(hash_u128(key))
}

impl<C: Clone + Eq + std::hash::Hash> Interner<C> {
    pub(crate) fn with_capacity(distinct: usize) -> Interner<C> {
        Interner {
            keys: Vec::with_capacity(distinct),
            weights: Vec::with_capacity(distinct),
            full: Vec::new(),
            packed: TagTable::with_slots(distinct.max(8) * 2),
            hashed: TagTable::with_slots(0),
        }
    }

    /// How many distinct ballots there are.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Adds `weight` ballots holding `content` (whose packed key is `packed`) and returns
    /// the content's position.
    #[inline]
    pub(crate) fn add(&mut self, content: &C, packed: Option<u128>, weight: u64) -> u32 {
        match packed {
            Some(key) => self.add_packed(key, weight),
            None => self.add_full(content, weight, C::clone),
        }
    }

    #[inline]
    fn add_packed(&mut self, key: u128, weight: u64) -> u32 {
        let next = self.keys.len() as u32;
        let keys = &self.keys;
        match self
            .packed
            .position(packed_tag(key), next, |p| keys[p as usize] == key)
        {
            Some(i) => {
                self.weights[i as usize] += weight;
                i
            }
            None => {
                self.keys.push(key);
                self.weights.push(weight);
                next
            }
        }
    }

    /// Loads the home slot of every key (see [`TagTable::touch`]).
    #[inline]
    fn touch(&self, keys: &[u128]) {
        self.packed.touch(keys.iter().map(|&key| packed_tag(key)));
    }

    /// Adds one ballot for each key, in order, writing each one's position to `positions`.
    /// The keys' home slots are touched together first: most of these look-ups miss the
    /// cache, and made together their waits overlap.
    #[inline]
    pub(crate) fn add_packed_batch(&mut self, keys: &[u128], positions: &mut [u32]) {
        self.touch(keys);
        for (&key, position) in keys.iter().zip(positions.iter_mut()) {
            *position = self.add_packed(key, 1);
        }
    }

    /// The content kept in full at `position`, if that one is.
    fn full_at(full: &[(u32, C)], position: u32) -> Option<&C> {
        full.binary_search_by_key(&position, |(p, _)| *p)
            .ok()
            .map(|k| &full[k].1)
    }

    fn add_full<T>(&mut self, content: T, weight: u64, own: impl FnOnce(T) -> C) -> u32
    where
        T: std::ops::Deref<Target = C>,
    {
        let next = self.keys.len() as u32;
        let full = &self.full;
        let found = self.hashed.position(tag(hash_of(&*content)), next, |i| {
            Self::full_at(full, i).is_some_and(|c| *c == *content)
        });
        match found {
            Some(i) => {
                self.weights[i as usize] += weight;
                i
            }
            None => {
                self.keys.push(0);
                self.weights.push(weight);
                self.full.push((next, own(content)));
                next
            }
        }
    }

    /// Adds a distinct ballot another interner holds (weight 0), returning its position.
    fn place(&mut self, entry: Distinct<C>) -> u32 {
        match entry {
            Distinct::Packed(key) => self.add_packed(key, 0),
            Distinct::Full(content) => self.add_full(Box::new(content), 0, |b| *b),
        }
    }

    /// Places another thread's distinct ballots in their order (weight 0), noting each one's
    /// position. The home slots of each group of [`KEY_BATCH`] keys are touched together
    /// first: most of these look-ups miss the cache, and made together their waits overlap.
    pub(crate) fn place_all(&mut self, block: Vec<Distinct<C>>, positions: &mut Vec<u32>) {
        let mut entries = block.into_iter().peekable();
        let mut keys = [0u128; KEY_BATCH];
        while entries.peek().is_some() {
            let group: Vec<Distinct<C>> = entries.by_ref().take(KEY_BATCH).collect();
            let mut packed = 0;
            for entry in &group {
                if let Distinct::Packed(key) = entry {
                    keys[packed] = *key;
                    packed += 1;
                }
            }
            self.touch(&keys[..packed]);
            positions.extend(group.into_iter().map(|entry| self.place(entry)));
        }
    }

    /// The distinct ballots `range` (positions) with their weights, in order; `full` holds
    /// those of them kept in full, in order.
    fn entries<'a>(
        keys: &'a [u128],
        weights: &'a [u64],
        full: Vec<(u32, C)>,
        first: usize,
    ) -> impl Iterator<Item = (Distinct<C>, u64)> + 'a
    where
        C: 'a,
    {
        let mut full = full.into_iter().peekable();
        keys.iter()
            .zip(weights)
            .enumerate()
            .map(move |(k, (&key, &weight))| {
                let position = (first + k) as u32;
                match full.next_if(|(p, _)| *p == position) {
                    Some((_, content)) => (Distinct::Full(content), weight),
                    None => (Distinct::Packed(key), weight),
                }
            })
    }

    /// Adds everything `other` (read from later lines) holds, its first `placed.len()`
    /// distinct ballots already placed here at those positions (by [`Interner::place`], in
    /// `other`'s order); returns where each of its distinct ballots now is.
    pub(crate) fn absorb(&mut self, other: Interner<C>, placed: Vec<u32>) -> Vec<u32> {
        let mut positions = placed;
        for (k, (entry, weight)) in
            Self::entries(&other.keys, &other.weights, other.full, 0).enumerate()
        {
            let position = match positions.get(k) {
                Some(&position) => position,
                None => {
                    let position = self.place(entry);
                    positions.push(position);
                    position
                }
            };
            self.weights[position as usize] += weight;
        }
        positions
    }

    /// The distinct ballots from position `from` on, for another thread to place.
    pub(crate) fn distinct_from(&self, from: usize) -> Vec<Distinct<C>> {
        let from = from.min(self.len());
        let full_from = self.full.partition_point(|(p, _)| (*p as usize) < from);
        Self::entries(
            &self.keys[from..],
            &self.weights[from..],
            self.full[full_from..].to_vec(),
            from,
        )
        .map(|(entry, _)| entry)
        .collect()
    }

    /// The distinct contents with their weights, in first-appearance order (many are built
    /// from their keys on two threads).
    pub(crate) fn into_distinct<G: Gather<C>>(self) -> G
    where
        C: Send,
    {
        let build = |keys: &[u128], weights: &[u64], full: Vec<(u32, C)>, first: usize| -> G {
            let mut gathered = G::default();
            for (entry, weight) in Self::entries(keys, weights, full, first) {
                gathered.gather(entry, weight);
            }
            gathered
        };
        let Interner {
            keys,
            weights,
            mut full,
            ..
        } = self;
        if keys.len() < 1 << 15 {
            return build(&keys, &weights, full, 0);
        }
        let half = keys.len() / 2;
        let second_full = full.split_off(full.partition_point(|(p, _)| (*p as usize) < half));
        let (mut first, second) = crate::parallel::join(
            || build(&keys[..half], &weights[..half], full, 0),
            || build(&keys[half..], &weights[half..], second_full, half),
        );
        first.append(second);
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_adds_in_order_and_reports_each_position() {
        let mut interner: Interner<Vec<u8>> = Interner::with_capacity(2);
        let mut positions = [0u32; 4];
        interner.add_packed_batch(&[7, 9, 7, 1 << 100], &mut positions);
        assert_eq!(positions, [0, 1, 0, 2]);
    }
}
