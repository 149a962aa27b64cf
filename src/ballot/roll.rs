//! The ballot roll: every ballot of a file in compact form (its id, the line it came from,
//! and which distinct ballot of the aggregated profile it is), with the ids checked unique
//! and put in `ballot_id` order once. Records, receipts and the ballots root are built from
//! it; the count itself reads only the aggregated profile.

use crate::error::{Error, Result};
use crate::fast::{digits, write_padded};

/// The most ballots a roll lists ([`crate::limits::MAX_BALLOTS`]): every ballot is listed by
/// id for the ballots root, records and receipts, at about 36 bytes each (70 while sorting).
pub use crate::limits::MAX_BALLOTS;

/// Every ballot of a file: id, source line, and its distinct ballot in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BallotRoll {
    /// Every id, one after another (empty when ids are made from lines).
    ids: String,
    /// Where ballot i's id ends in `ids` (it starts where ballot i − 1's ends).
    ends: Vec<usize>,
    /// When the ids are made from the ballots' lines (files without ids: BLT, PrefLib),
    /// the digits a line number is padded to; see [`BallotRoll::with_line_ids`].
    line_width: Option<usize>,
    /// The source line each ballot starts on.
    lines: Vec<u64>,
    /// The position of each ballot's content in the profile's distinct ballots.
    contents: Vec<u32>,
    /// Ballot positions in `ballot_id` order (bytewise), once sorted.
    order: Vec<u32>,
    /// The first eight bytes of each id in `order`, big-endian (see [`id_prefix`]).
    order_prefixes: Vec<u64>,
    /// Whether some id is not greater than the one before it (otherwise the ballots are
    /// already in `ballot_id` order and unique, and sorting is skipped).
    out_of_order: bool,
}

/// The longest id made from a line: `b`, 20 digits, `.`, 20 digits.
const MADE_ID_BYTES: usize = 42;

/// A ballot's id: borrowed from the roll, or made from the ballot's line.
#[derive(Clone, Copy)]
pub enum BallotId<'a> {
    /// An id read from the file.
    Listed(&'a str),
    /// An id made from a line (ASCII: `b`, digits and `.`), with its length.
    Made([u8; MADE_ID_BYTES], usize),
}

impl BallotId<'_> {
    /// The id's bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            BallotId::Listed(id) => id.as_bytes(),
            BallotId::Made(bytes, len) => &bytes[..*len],
        }
    }

    /// The id as text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            BallotId::Listed(id) => id,
            // Made ids are ASCII, so this never falls back.
            BallotId::Made(bytes, len) => std::str::from_utf8(&bytes[..*len]).unwrap_or_default(),
        }
    }

    /// Whether the id was made from a line (such ids never need quoting in a CSV line).
    #[inline]
    pub fn is_made(&self) -> bool {
        matches!(self, BallotId::Made(..))
    }
}

impl std::ops::Deref for BallotId<'_> {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for BallotId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for BallotId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for BallotId<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<str> for BallotId<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq for BallotId<'_> {
    fn eq(&self, other: &BallotId<'_>) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

/// The id of a ballot listed on a line of a file without ids (BLT, PrefLib): `b<line>` for
/// a line listing one ballot, `b<line>.<k>` for copy k of a line listing `copies` > 1; the
/// line zero-padded to `line_width` digits (those of the file's last line) and k to the
/// digits of `copies`, so that ids sort in file order.
#[inline]
pub fn line_id(line: u64, line_width: usize, copy: u64, copies: u64) -> BallotId<'static> {
    let mut bytes = [0u8; MADE_ID_BYTES];
    bytes[0] = b'b';
    let mut len = write_padded(&mut bytes, 1, line, line_width);
    if copies > 1 {
        bytes[len] = b'.';
        len = write_padded(&mut bytes, len + 1, copy, digits(copies));
    }
    BallotId::Made(bytes, len)
}

impl BallotRoll {
    /// An empty roll with room for `ballots` ids of about `id_bytes` bytes in all.
    pub fn with_capacity(ballots: usize, id_bytes: usize) -> BallotRoll {
        BallotRoll {
            ids: String::with_capacity(id_bytes),
            ends: Vec::with_capacity(ballots),
            line_width: None,
            lines: Vec::with_capacity(ballots),
            contents: Vec::with_capacity(ballots),
            order: Vec::new(),
            order_prefixes: Vec::new(),
            out_of_order: false,
        }
    }

    /// An empty roll with room for `ballots` ballots whose ids are made from their lines
    /// (see [`line_id`]), each line padded to `line_width` digits; ballots are added with
    /// [`BallotRoll::push_line`].
    pub fn with_line_ids(ballots: usize, line_width: usize) -> BallotRoll {
        BallotRoll {
            line_width: Some(line_width),
            lines: Vec::with_capacity(ballots),
            contents: Vec::with_capacity(ballots),
            ..BallotRoll::default()
        }
    }

    /// The roll of ballots listed one per line, on `lines` (increasing) with distinct ballots
    /// `contents`, ids made from the lines as by [`BallotRoll::with_line_ids`].
    pub fn from_lines(line_width: usize, lines: Vec<u64>, contents: Vec<u32>) -> BallotRoll {
        debug_assert_eq!(lines.len(), contents.len());
        let out_of_order = lines.windows(2).any(|pair| pair[0] >= pair[1])
            || lines.last().is_some_and(|&last| digits(last) > line_width);
        BallotRoll {
            line_width: Some(line_width),
            lines,
            contents,
            out_of_order,
            ..BallotRoll::default()
        }
    }

    /// Adds the `copies` ballots that line `line` lists, all with distinct ballot `content`,
    /// to a roll made by [`BallotRoll::with_line_ids`] (lines must come in increasing order;
    /// copy k of a line listing more than one ballot gets the id `b<line>.<k>`).
    #[inline]
    pub fn push_line(&mut self, line: u64, content: u32, copies: u64) {
        debug_assert!(self.line_width.is_some());
        let width = self.line_width.unwrap_or(0);
        if self.lines.last().is_some_and(|&last| last >= line) || digits(line) > width {
            // Ids that do not sort in file order are sorted and checked as listed ones are.
            self.out_of_order = true;
        }
        if copies == 1 {
            self.lines.push(line);
            self.contents.push(content);
        } else {
            let total = self.lines.len() + copies as usize;
            self.lines.resize(total, line);
            self.contents.resize(total, content);
        }
    }

    /// Adds a ballot; an empty id is an input error naming `file` and `line`.
    #[inline]
    pub fn push(&mut self, id: &str, line: u64, content: u32, file: &str) -> Result<()> {
        BallotRoll::check_id(id, file, line)?;
        self.list_made_ids();
        let start = self.ids.len();
        self.ids.push_str(id);
        self.note_order(start);
        self.ends.push(self.ids.len());
        self.lines.push(line);
        self.contents.push(content);
        Ok(())
    }

    /// Notes whether the id just written at `start` (not yet ended) breaks `ballot_id` order.
    #[inline]
    fn note_order(&mut self, start: usize) {
        if self.out_of_order || self.ends.is_empty() {
            return;
        }
        let ids = self.ids.as_bytes();
        let previous = &ids[self.id_start(self.ends.len() - 1)..start];
        self.out_of_order = previous >= &ids[start..];
    }

    /// Where ballot i's id starts in `ids`.
    #[inline]
    fn id_start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends[i - 1]
        }
    }

    /// Checks that an id can be listed: an empty id, or one holding a control or invisible
    /// character (a line break would split its record line), is an input error naming
    /// `file` and `line`.
    #[inline]
    pub fn check_id(id: &str, file: &str, line: u64) -> Result<()> {
        if id.is_empty() {
            return Err(empty_id(file, line));
        }
        if let Some(c) = crate::input::hidden_char(id) {
            return Err(hidden_in_id(id, c, file, line));
        }
        // `1.2E+17`: an id Excel stored as a number and rounded.
        if id.len() >= 5 && id.as_bytes()[1..].contains(&b'+') {
            if let Some(message) = crate::input::rounded_id(id) {
                return Err(Error::input(message)
                    .file(file)
                    .line(line)
                    .field("ballot_id"));
            }
        }
        Ok(())
    }

    /// Checks that `more` ballots can still be listed (at most [`MAX_BALLOTS`] in all).
    pub fn reserve_listed(&self, more: u64) -> Result<()> {
        match (self.len() as u64).checked_add(more) {
            Some(total) if total <= MAX_BALLOTS => Ok(()),
            _ => Err(too_many()),
        }
    }

    /// Writes out the ids of a roll whose ids are made from lines, so that listed ids can
    /// follow them.
    fn list_made_ids(&mut self) {
        if self.line_width.is_none() {
            return;
        }
        let made: Vec<String> = (0..self.len()).map(|i| self.id(i).to_string()).collect();
        self.line_width = None;
        self.ids.clear();
        self.ends.clear();
        for id in made {
            self.ids.push_str(&id);
            self.ends.push(self.ids.len());
        }
    }

    /// Appends `other` (read from a later part of the same file), renumbering its contents
    /// through `content_map` (its distinct ballot k is this roll's `content_map[k]`). When
    /// both rolls are sorted, the sorted orders are merged.
    pub fn append(&mut self, other: &BallotRoll, content_map: &[u32]) {
        if self.line_width != other.line_width {
            // Ids made one way and listed (or made with another width) the other: list both.
            let mut listed = other.clone();
            listed.list_made_ids();
            self.list_made_ids();
            return self.append(&listed, content_map);
        }
        let both_sorted = self.is_sorted() && other.is_sorted();
        self.out_of_order = self.out_of_order
            || other.out_of_order
            || (!self.is_empty()
                && !other.is_empty()
                && self.id(self.len() - 1).as_bytes() >= other.id(0).as_bytes());
        let before = self.len() as u32;
        let base = self.ids.len();
        self.ids.push_str(&other.ids);
        self.ends.extend(other.ends.iter().map(|e| e + base));
        self.lines.extend_from_slice(&other.lines);
        self.contents.extend(
            other
                .contents
                .iter()
                .map(|&c| content_map.get(c as usize).copied().unwrap_or(c)),
        );
        if !both_sorted {
            self.order.clear();
            self.order_prefixes.clear();
            return;
        }
        // Merge the two sorted orders; on equal ids the earlier ballot (this roll's) first.
        let (mine, my_prefixes) = (
            std::mem::take(&mut self.order),
            std::mem::take(&mut self.order_prefixes),
        );
        let total = mine.len() + other.order.len();
        let mut order = Vec::with_capacity(total);
        let mut prefixes = Vec::with_capacity(total);
        let (mut a, mut b) = (0, 0);
        while a < mine.len() && b < other.order.len() {
            let (pa, pb) = (my_prefixes[a], other.order_prefixes[b]);
            let take_mine = match pa.cmp(&pb) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Greater => false,
                std::cmp::Ordering::Equal => {
                    self.id(mine[a] as usize).as_bytes()
                        <= other.id(other.order[b] as usize).as_bytes()
                }
            };
            if take_mine {
                order.push(mine[a]);
                prefixes.push(pa);
                a += 1;
            } else {
                order.push(other.order[b] + before);
                prefixes.push(pb);
                b += 1;
            }
        }
        order.extend_from_slice(&mine[a..]);
        prefixes.extend_from_slice(&my_prefixes[a..]);
        order.extend(other.order[b..].iter().map(|&i| i + before));
        prefixes.extend_from_slice(&other.order_prefixes[b..]);
        self.order = order;
        self.order_prefixes = prefixes;
    }

    /// Whether the ballots are in `ballot_id` order (sorted, not yet checked unique).
    fn is_sorted(&self) -> bool {
        self.order.len() == self.len() && self.order_prefixes.len() == self.len()
    }

    /// Puts the ballots in `ballot_id` order (a part of a file sorts itself before the parts
    /// are merged; [`BallotRoll::finish`] then checks uniqueness).
    pub fn sort(&mut self) {
        let keyed = self.sorted_keys();
        self.order = keyed.iter().map(|&(_, i)| i).collect();
        self.order_prefixes = keyed.into_iter().map(|(p, _)| p).collect();
    }

    /// Adds `offset` to every ballot's line (a part read with lines numbered from 1).
    pub fn shift_lines(&mut self, offset: u64) {
        for line in &mut self.lines {
            *line += offset;
        }
    }

    /// Number of ballots.
    pub fn len(&self) -> usize {
        self.contents.len()
    }

    /// Whether the roll holds no ballot.
    pub fn is_empty(&self) -> bool {
        self.contents.is_empty()
    }

    /// The id of ballot `i` (file order).
    #[inline]
    pub fn id(&self, i: usize) -> BallotId<'_> {
        match self.line_width {
            None => BallotId::Listed(&self.ids[self.id_start(i)..self.ends[i]]),
            Some(width) => {
                let line = self.lines[i];
                let alone = (i == 0 || self.lines[i - 1] != line)
                    && self.lines.get(i + 1).map_or(true, |&next| next != line);
                if alone {
                    return line_id(line, width, 1, 1);
                }
                // The copies of a line are consecutive ballots.
                let first = self.lines[..i].partition_point(|&l| l < line);
                let end = i + self.lines[i..].partition_point(|&l| l == line);
                line_id(line, width, (i - first + 1) as u64, (end - first) as u64)
            }
        }
    }

    /// Whether the ids are made from the ballots' lines (ASCII, never needing quotes).
    #[inline]
    pub fn has_made_ids(&self) -> bool {
        self.line_width.is_some()
    }

    /// The source line of ballot `i`.
    pub fn line(&self, i: usize) -> u64 {
        self.lines[i]
    }

    /// The distinct ballot (position in the profile) of ballot `i`.
    #[inline]
    pub fn content(&self, i: usize) -> u32 {
        self.contents[i]
    }

    /// The distinct ballot of every ballot, in file order.
    pub fn contents(&self) -> &[u32] {
        &self.contents
    }

    /// Ballot positions in `ballot_id` order (empty before [`BallotRoll::finish`]).
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Puts the ballots in `ballot_id` order (unless they are) and checks that every id is
    /// unique: a repeat is an input error on its later line naming the earlier one (the
    /// earliest such repeat).
    pub fn finish(&mut self, file: &str) -> Result<()> {
        if self.len() as u64 > MAX_BALLOTS {
            return Err(too_many().file(file));
        }
        if !self.out_of_order {
            // Strictly increasing ids: already in order, and unique.
            if self.order.len() != self.len() {
                self.order = (0..self.len() as u32).collect();
            }
            self.order_prefixes = Vec::new();
            return Ok(());
        }
        if !self.is_sorted() {
            self.sort();
        }
        let mut worst: Option<(u32, u32)> = None; // (later, earlier) with the earliest later
        for k in 1..self.order.len() {
            // Only ids with the same first eight bytes can be equal.
            if self.order_prefixes[k] != self.order_prefixes[k - 1] {
                continue;
            }
            let (a, b) = (self.order[k - 1], self.order[k]);
            if self.id(a as usize) == self.id(b as usize) {
                // Equal ids keep file order, so `a` is the earlier of the two.
                if worst.map_or(true, |(later, _)| b < later) {
                    worst = Some((b, a));
                }
            }
        }
        self.order_prefixes = Vec::new();
        match worst {
            None => Ok(()),
            Some((later, earlier)) => {
                let (later, earlier) = (later as usize, earlier as usize);
                Err(Error::input(format!(
                    "duplicate ballot_id '{}', first on line {}",
                    self.id(later),
                    self.lines[earlier]
                ))
                .file(file)
                .line(self.lines[later])
                .field("ballot_id"))
            }
        }
    }

    /// (id prefix, position) sorted by id bytewise, file order among equal ids: a radix sort
    /// on the ids' first eight bytes, then a comparison sort inside each run of equal
    /// prefixes (nothing to sort when the ids came in increasing order).
    fn sorted_keys(&self) -> Vec<(u64, u32)> {
        let mut keyed: Vec<(u64, u32)> = (0..self.len())
            .map(|i| (id_prefix(&self.id(i)), i as u32))
            .collect();
        if !self.out_of_order {
            return keyed;
        }
        radix_sort(&mut keyed);
        let mut k = 0;
        while k < keyed.len() {
            let mut end = k + 1;
            while end < keyed.len() && keyed[end].0 == keyed[k].0 {
                end += 1;
            }
            if end - k > 1 {
                keyed[k..end].sort_by(|a, b| {
                    self.id(a.1 as usize)
                        .as_bytes()
                        .cmp(self.id(b.1 as usize).as_bytes())
                        .then(a.1.cmp(&b.1))
                });
            }
            k = end;
        }
        keyed
    }
}

#[cold]
fn too_many() -> Error {
    Error::input(format!(
        "more than {MAX_BALLOTS} ballots; congress lists every ballot by id (for the ballots \
         root, records and receipts), so a file holds at most {MAX_BALLOTS}"
    ))
}

#[cold]
fn hidden_in_id(id: &str, c: char, file: &str, line: u64) -> Error {
    Error::input(format!(
        "ballot_id {} holds the character U+{:04X}, which an id must not hold (control \
         and invisible characters are refused)",
        id.escape_debug(),
        c as u32
    ))
    .file(file)
    .line(line)
    .field("ballot_id")
}

#[cold]
fn empty_id(file: &str, line: u64) -> Error {
    Error::input("empty ballot_id, expected a unique id per ballot")
        .file(file)
        .line(line)
        .field("ballot_id")
}

/// The first eight bytes of an id, big-endian and zero-padded, so that comparing prefixes
/// orders ids as comparing their bytes does whenever the prefixes differ.
#[inline]
fn id_prefix(id: &str) -> u64 {
    let mut key = [0u8; 8];
    let n = id.len().min(8);
    key[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_be_bytes(key)
}

/// Sorts by key, stably (equal keys keep their order): LSD radix, one byte per pass (256
/// buckets keep the scattered writes in cache), passes where every key has the same byte
/// skipped; small inputs use the standard sort.
fn radix_sort(items: &mut Vec<(u64, u32)>) {
    if items.len() < 1 << 12 {
        items.sort_by_key(|&(key, _)| key);
        return;
    }
    let mut counts = [[0usize; 256]; 8];
    for &(key, _) in items.iter() {
        for (d, count) in counts.iter_mut().enumerate() {
            count[((key >> (8 * d)) & 0xff) as usize] += 1;
        }
    }
    let mut scratch: Vec<(u64, u32)> = vec![(0, 0); items.len()];
    for (d, count) in counts.iter_mut().enumerate() {
        if count.contains(&items.len()) {
            continue; // every key has the same byte here
        }
        let mut total = 0;
        for c in count.iter_mut() {
            let here = *c;
            *c = total;
            total += here;
        }
        for &item in items.iter() {
            let digit = ((item.0 >> (8 * d)) & 0xff) as usize;
            scratch[count[digit]] = item;
            count[digit] += 1;
        }
        std::mem::swap(items, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roll(ids: &[&str]) -> BallotRoll {
        let mut r = BallotRoll::default();
        for (i, id) in ids.iter().enumerate() {
            r.push(id, i as u64 + 2, i as u32, "r.csv").unwrap();
        }
        r
    }

    #[test]
    fn orders_ids_bytewise() {
        let ids = [
            "b10",
            "b2",
            "b1",
            "ab",
            "ab x",
            "a",
            "zzzzzzzzz2",
            "zzzzzzzzz1",
            "zzzzzzzz",
        ];
        let mut r = roll(&ids);
        r.finish("r.csv").unwrap();
        let got: Vec<String> = r
            .order()
            .iter()
            .map(|&i| r.id(i as usize).to_string())
            .collect();
        let mut want = ids.to_vec();
        want.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        assert_eq!(got, want);
    }

    #[test]
    fn radix_path_agrees_with_a_plain_sort() {
        // Enough ids for the radix sort, sharing long prefixes and in scrambled order.
        let ids: Vec<String> = (0..20_000u64)
            .map(|i| format!("ballot-{:06}", (i * 7919) % 20_011))
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut r = roll(&refs);
        r.finish("r.csv").unwrap();
        let got: Vec<String> = r
            .order()
            .iter()
            .map(|&i| r.id(i as usize).to_string())
            .collect();
        let mut want = refs.clone();
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn duplicate_ids_name_the_earliest_repeat() {
        let mut r = roll(&["a", "b", "c", "b", "a"]);
        let e = r.finish("d.csv").unwrap_err();
        assert_eq!(e.line, Some(5)); // the second "b" (ballot 3, line 5)
        assert!(e.message.contains("'b', first on line 3"), "{e}");
        let mut r = roll(&["q\"x", "q"]);
        assert!(r.finish("d.csv").is_ok());
        let e = BallotRoll::default().push("", 7, 0, "d.csv").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(7), Some("ballot_id")));
    }

    #[test]
    fn merging_sorted_parts_equals_sorting_the_whole() {
        let ids: Vec<String> = (0..9_000u64)
            .map(|i| format!("id{:05}x", (i * 7919) % 9_001))
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut whole = roll(&refs);
        whole.finish("r.csv").unwrap();
        let (head, tail) = refs.split_at(4_000);
        let mut a = roll(head);
        let mut b = roll(tail);
        a.sort();
        b.sort();
        let map: Vec<u32> = (0..tail.len() as u32).map(|k| k + 4_000).collect();
        a.append(&b, &map);
        a.finish("r.csv").unwrap();
        assert_eq!(a.order(), whole.order());
        // A duplicate across the parts is found too.
        let mut a = roll(&["p", "q"]);
        let mut b = roll(&["r", "p"]);
        a.sort();
        b.sort();
        a.append(&b, &[2, 3]);
        assert!(a.finish("r.csv").unwrap_err().message.contains("'p'"));
    }

    #[test]
    fn ids_in_increasing_order_are_not_sorted_again() {
        let mut r = roll(&["a1", "a2", "b", "b0"]);
        assert!(!r.out_of_order);
        r.finish("r.csv").unwrap();
        assert_eq!(r.order(), &[0, 1, 2, 3]);
        // A repeat or a step back is noticed, and then sorted and checked as usual.
        let mut r = roll(&["a1", "b", "b"]);
        assert!(r.out_of_order);
        assert!(r.finish("r.csv").unwrap_err().message.contains("'b'"));
        let mut r = roll(&["b", "a", "c"]);
        r.finish("r.csv").unwrap();
        assert_eq!(r.order(), &[1, 0, 2]);
        // Ids made from lines: out of order when a line passes the padding's digits.
        let mut r = BallotRoll::with_line_ids(2, 1);
        r.push_line(2, 0, 1);
        r.push_line(10, 0, 1);
        assert!(r.out_of_order);
        // Parts each in order but not across the join, or in order across it.
        let mut a = roll(&["m", "n"]);
        let mut b = roll(&["a", "z"]);
        a.sort();
        b.sort();
        a.append(&b, &[2, 3]);
        a.finish("r.csv").unwrap();
        assert_eq!(a.order(), &[2, 0, 1, 3]);
        let mut a = roll(&["a", "b"]);
        a.append(&roll(&["c", "d"]), &[2, 3]);
        assert!(!a.out_of_order);
        let mut a = roll(&["a", "c"]);
        a.append(&roll(&["c", "d"]), &[2, 3]);
        assert!(a.out_of_order);
    }

    /// The id a line's ballot had when ids were written out with `format!`.
    fn written_id(line: u64, width: usize, copy: u64, copies: u64) -> String {
        if copies > 1 {
            let w = copies.to_string().len();
            format!("b{line:0width$}.{copy:0w$}")
        } else {
            format!("b{line:0width$}")
        }
    }

    #[test]
    fn made_ids_equal_the_written_ones() {
        for line in [1u64, 9, 10, 99, 12_345, 1 << 40, u64::MAX] {
            for width in [0usize, 1, 3, 8, 20] {
                for (copy, copies) in [(1, 1), (1, 2), (2, 2), (7, 10), (10, 10), (3, 1234)] {
                    let id = line_id(line, width, copy, copies);
                    assert_eq!(id.as_str(), written_id(line, width, copy, copies));
                    assert!(id.is_made());
                }
            }
        }
        // A roll of lines with one and several ballots, in file order.
        let mut r = BallotRoll::with_line_ids(0, 3);
        let lines = [(3u64, 1u64), (4, 12), (7, 1), (8, 2), (120, 1)];
        for (content, &(line, copies)) in lines.iter().enumerate() {
            r.push_line(line, content as u32, copies);
        }
        let mut want = Vec::new();
        for &(line, copies) in &lines {
            for copy in 1..=copies {
                want.push(written_id(line, 3, copy, copies));
            }
        }
        let got: Vec<String> = (0..r.len()).map(|i| r.id(i).to_string()).collect();
        assert_eq!(got, want);
        assert_eq!((r.line(5), r.content(5), r.content(13)), (4, 1, 2));
        assert!(!r.out_of_order);
        r.finish("r.blt").unwrap();
        assert_eq!(r.order(), (0..want.len() as u32).collect::<Vec<_>>());
        // Listing them gives the same ids, and appending listed ids lists the made ones.
        let mut listed = r.clone();
        listed.list_made_ids();
        assert!(!listed.has_made_ids());
        assert!((0..r.len()).all(|i| listed.id(i) == r.id(i)));
        let mut mixed = r.clone();
        mixed.append(&roll(&["c1"]), &[9]);
        assert_eq!(
            (mixed.len(), mixed.id(r.len()).as_str()),
            (r.len() + 1, "c1")
        );
        assert_eq!(mixed.id(1).as_str(), "b004.01");
        // Two parts of a file with made ids append without listing.
        let mut a = BallotRoll::with_line_ids(0, 2);
        a.push_line(2, 0, 1);
        let mut b = BallotRoll::with_line_ids(0, 2);
        b.push_line(5, 0, 3);
        a.append(&b, &[4]);
        assert!(a.has_made_ids());
        let got: Vec<String> = (0..a.len()).map(|i| a.id(i).to_string()).collect();
        assert_eq!(got, ["b02", "b05.1", "b05.2", "b05.3"]);
        assert_eq!(a.contents(), &[0, 4, 4, 4]);
    }

    #[test]
    fn rolls_from_lines_equal_rolls_pushed_line_by_line() {
        for (width, lines) in [
            (2, vec![2u64, 3, 7, 40]),
            (1, vec![2, 10, 11]),
            (3, vec![5, 5, 9]),
            (3, vec![9, 4]),
            (2, vec![]),
        ] {
            let contents: Vec<u32> = (0..lines.len() as u32).map(|k| k % 2).collect();
            let mut pushed = BallotRoll::with_line_ids(0, width);
            for (&line, &content) in lines.iter().zip(&contents) {
                pushed.push_line(line, content, 1);
            }
            let made = BallotRoll::from_lines(width, lines.clone(), contents);
            assert_eq!(made, pushed, "{lines:?}");
            let (mut a, mut b) = (made, pushed);
            assert_eq!(a.finish("r.blt").is_ok(), b.finish("r.blt").is_ok());
            assert_eq!(a.order(), b.order());
        }
    }

    #[test]
    fn made_ids_past_their_padding_are_sorted() {
        // A line with more digits than the padding sorts before shorter ones.
        let mut r = BallotRoll::with_line_ids(0, 1);
        for line in [2u64, 10, 11] {
            r.push_line(line, 0, 1);
        }
        r.finish("r.blt").unwrap();
        assert_eq!(r.order(), &[1, 2, 0]);
    }

    #[test]
    fn append_renumbers_contents() {
        let mut a = roll(&["x", "y"]);
        let b = roll(&["z", "w"]);
        a.append(&b, &[5, 9]);
        assert_eq!(a.len(), 4);
        assert_eq!((a.id(2).as_str(), a.content(2), a.content(3)), ("z", 5, 9));
        a.finish("r.csv").unwrap();
        assert_eq!(a.order(), &[3, 0, 1, 2]);
    }
}
