//! The BLT ballot file reader (the OpenSTV / Droop / ERS format).
//!
//! ```text
//! 4 2                 candidates seats
//! -4                  optional: withdrawn candidates, as negative numbers (one or more lines)
//! 3 1 3 0             weight, preferences (candidate numbers from 1), terminating 0
//! 1 2=3 1 0           `=` joins candidates ranked equally (Droop), read as a tied rank
//! 1 0                 a blank ballot
//! 0                   end of ballots
//! "Anna Ng"           one name per candidate, quoted (quotes optional without spaces)
//! "Bo"
//! "Cy"
//! "Dee"
//! "Club committee"    the title (optional)
//! ```
//! `#` starts a comment (outside quotes). The file is read in one pass (a ballot section of
//! 1 MiB or more in two halves on two threads, joined to give exactly the one-pass result);
//! identical rankings are aggregated; each ballot keeps the id `b<line>` (weight 1) or `b<line>.<k>` for its
//! k-th copy (weight > 1) in the ballot roll, zero-padded so that ids sort in file order
//! (see [`line_id`](crate::ballot::roll::line_id)). Every malformed line is an
//! input error naming the file and line.

use crate::ballot::ranked::{RankedProfile, Rankings, TIED_WITH_NEXT};
use crate::ballot::roll::BallotRoll;
use crate::ballot::{BallotBox, CandidateIndex};
use crate::error::{Error, Result};
use crate::fast::{
    digits, find_newline, hash_words, in_two_parts, line_start_after, tag, KeyTable, TagTable,
    PUBLISH_LINES,
};
use crate::input::Source;
use std::sync::mpsc::Receiver;

/// Aggregates encoded rankings (slices of `u32`) with their weights in first-appearance
/// order, without one allocation per ranking: the codes live in one arena and open-addressing
/// tables map each distinct code to its slot. Readers of other ranked formats can use it the
/// same way.
#[derive(Debug, Clone)]
pub struct RankingAggregator {
    arena: Vec<u32>,
    starts: Vec<usize>,
    weights: Vec<u64>,
    /// The slots of codes too long to pack, by their hash (the codes compared in the arena).
    long: TagTable,
    /// The slots of codes of up to 8 ranks over fewer than 64 candidates, by the code packed
    /// into one word (see [`pack_code`]), so that a look-up touches one slot.
    packed: KeyTable,
}

impl Default for RankingAggregator {
    fn default() -> Self {
        RankingAggregator::with_capacity(16)
    }
}

impl RankingAggregator {
    /// An empty aggregator sized for about `distinct` rankings.
    pub fn with_capacity(distinct: usize) -> RankingAggregator {
        let packed = KeyTable::with_slots(distinct.max(8) * 10 / 7 + 1);
        RankingAggregator {
            arena: Vec::with_capacity(distinct * 6),
            starts: {
                let mut starts = Vec::with_capacity(distinct + 1);
                starts.push(0);
                starts
            },
            weights: Vec::with_capacity(distinct),
            // Rankings of more than 8 ranks are a small share (about a tenth in the
            // Plackett–Luce benchmark files): room for an eighth at first, doubled as needed.
            long: TagTable::with_slots((packed.slots() / 8).max(16)),
            packed,
        }
    }

    /// Adds `weight` ballots with ranking `code`; returns its slot (first-appearance
    /// index), or `None` if its total weight would pass 2^64 − 1.
    pub fn add(&mut self, code: &[u32], weight: u64) -> Option<usize> {
        if let Some(key) = pack_code(code) {
            return self.add_packed(key, code, weight);
        }
        self.add_long(code, hash_words(code), weight)
    }

    /// `add` for a code too long to pack, whose [`hash_words`] is `hash`.
    fn add_long(&mut self, code: &[u32], hash: u64, weight: u64) -> Option<usize> {
        let next = self.weights.len() as u32;
        let (arena, starts) = (&self.arena, &self.starts);
        let found = self.long.position(tag(hash), next, |slot| {
            code_at(arena, starts, slot as usize) == code
        });
        self.add_weight_or_push(found, code, weight)
    }

    /// `add` for a code packed into `key` by [`pack_code`].
    fn add_packed(&mut self, key: u64, code: &[u32], weight: u64) -> Option<usize> {
        let next = self.weights.len() as u32;
        let found = self.packed.position(key, next, |_| true);
        self.add_weight_or_push(found, code, weight)
    }

    /// Adds `weight` to the ranking in slot `found`, or (`None`) `code` as a new ranking;
    /// returns its slot, or `None` if its total weight would pass 2^64 − 1.
    #[inline]
    fn add_weight_or_push(
        &mut self,
        found: Option<u32>,
        code: &[u32],
        weight: u64,
    ) -> Option<usize> {
        match found {
            Some(slot) => {
                let slot = slot as usize;
                self.add_weight(slot, weight)?;
                Some(slot)
            }
            None => {
                self.arena.extend_from_slice(code);
                self.starts.push(self.arena.len());
                self.weights.push(weight);
                Some(self.weights.len() - 1)
            }
        }
    }

    /// Adds a batch of rankings, in order, returning each one's slot through
    /// `placed(index in batch, slot)`; `Err(index)` for the first whose total weight would
    /// pass 2^64 − 1. The table slots of the whole batch are read first, as independent
    /// loads the processor overlaps, so the batch waits for memory about once instead of
    /// once per ranking.
    fn add_batch(
        &mut self,
        batch: &Batch,
        mut placed: impl FnMut(usize, usize),
    ) -> std::result::Result<(), usize> {
        let is_packed = |key: u64| key & PACKED_BIT != 0;
        let mut hashes = [0u64; BATCH];
        for (&(key, _), hash) in batch.items.iter().zip(hashes.iter_mut()) {
            if !is_packed(key) {
                *hash = hash_words(batch.long(key));
            }
        }
        let items = batch.items.iter().zip(&hashes);
        self.packed.touch(
            items
                .clone()
                .filter(|(&(key, _), _)| is_packed(key))
                .map(|(&(key, _), _)| key),
        );
        self.long.touch(
            items
                .filter(|(&(key, _), _)| !is_packed(key))
                .map(|(_, &hash)| tag(hash)),
        );
        let mut code = [0u32; 8];
        for (i, (&(key, weight), &hash)) in batch.items.iter().zip(&hashes).enumerate() {
            let slot = if is_packed(key) {
                let len = unpack_code(key, &mut code);
                self.add_packed(key, &code[..len], weight)
            } else {
                self.add_long(batch.long(key), hash, weight)
            };
            placed(i, slot.ok_or(i)?);
        }
        Ok(())
    }

    /// Adds each (ranking, weight) of `items` in order, pushing each one's slot to `slots`;
    /// `None` if some total weight would pass 2^64 − 1. Rankings are added in batches (see
    /// [`RankingAggregator::add_batch`]).
    fn add_each<'c>(
        &mut self,
        items: impl Iterator<Item = (&'c [u32], u64)>,
        slots: &mut Vec<usize>,
    ) -> Option<()> {
        let mut batch = Batch::default();
        for (code, weight) in items {
            if batch.push(code, weight) {
                self.add_batch(&batch, |_, slot| slots.push(slot)).ok()?;
                batch.clear();
            }
        }
        self.add_batch(&batch, |_, slot| slots.push(slot)).ok()
    }

    /// Adds `weight` ballots to the ranking in `slot`; `None` if its total would pass
    /// 2^64 − 1.
    fn add_weight(&mut self, slot: usize, weight: u64) -> Option<()> {
        self.weights[slot] = self.weights[slot].checked_add(weight)?;
        Some(())
    }

    /// Number of distinct rankings.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether no ranking was added.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The code of the ranking in `slot`.
    pub fn code(&self, slot: usize) -> &[u32] {
        code_at(&self.arena, &self.starts, slot)
    }

    /// The total weight of the ranking in `slot`.
    pub fn weight(&self, slot: usize) -> u64 {
        self.weights[slot]
    }
}

/// The code in `slot` of an arena whose codes start at `starts`.
#[inline]
fn code_at<'a>(arena: &'a [u32], starts: &[usize], slot: usize) -> &'a [u32] {
    &arena[starts[slot]..starts[slot + 1]]
}

/// Packs a code of at most 8 ranks over candidates numbered below 63 into one word:
/// 7 bits per rank (6 for the candidate, 1 for the tie flag), the length in bits 56–59 and
/// bit 63 set; `None` for longer codes or larger numbers.
fn pack_code(code: &[u32]) -> Option<u64> {
    if code.len() > 8 {
        return None;
    }
    let mut key = (1u64 << 63) | ((code.len() as u64) << 56);
    for (i, &c) in code.iter().enumerate() {
        let candidate = c & !TIED_WITH_NEXT;
        if candidate >= 63 {
            return None;
        }
        let tied = u64::from(c & TIED_WITH_NEXT != 0) << 6;
        key |= (u64::from(candidate) | tied) << (7 * i);
    }
    Some(key)
}

/// The inverse of [`pack_code`]: writes the code into `code` and returns its length.
fn unpack_code(key: u64, code: &mut [u32; 8]) -> usize {
    let len = ((key >> 56) & 0xf) as usize;
    for (i, slot) in code.iter_mut().enumerate().take(len) {
        let bits = (key >> (7 * i)) & 0x7f;
        let tied = if bits & 0x40 != 0 { TIED_WITH_NEXT } else { 0 };
        *slot = (bits & 0x3f) as u32 | tied;
    }
    len
}

/// Where the reader is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    Withdrawn,
    Ballots,
    Names,
}

/// Reads a BLT file; `candidates`, when given, are the election's names: they must be the
/// file's names (in any order), and the profile then follows the election's order.
pub fn read(source: &Source, candidates: Option<&[String]>) -> Result<BallotBox> {
    let split_from =
        crate::parallel::two_cores().then(|| crate::parallel::split_from(PARALLEL_SECTION_BYTES));
    read_with(source, candidates, split_from)
}

/// [`read`], reading a ballot section of at least `split_from` bytes in two halves on two
/// threads (and the file again in one pass if the halves do not both read cleanly, so that
/// every error is the one-pass error); `None` always reads in one pass.
fn read_with(
    source: &Source,
    candidates: Option<&[String]>,
    split_from: Option<usize>,
) -> Result<BallotBox> {
    let file = source.name.as_str();
    let at = |line: u64, message: String| Error::input(message).file(file).line(line);

    let mut section = Section::Header;
    let mut n = 0usize;
    let mut seats = 0u32;
    let mut withdrawn: Vec<CandidateIndex> = Vec::new();
    let mut rankings = RankingAggregator::with_capacity(source.text.len() / 24);
    // (line, weight, distinct index) of every ballot line; about one line per 12 bytes.
    let mut kept = Kept::with_capacity(source.text.len() / 12);
    let mut seen_on_line: Vec<u64> = Vec::new();
    let mut scratch: Vec<u32> = Vec::new();
    let mut texts: Vec<(u64, String)> = Vec::new();
    let mut crowded: Option<u64> = None;
    let mut last_line = 0u64;

    let text = source.text.as_str();
    let bytes = text.as_bytes();
    let mut cursor = 0usize;
    let mut line_no = 0u64;
    // Lines as `str::split('\n')` would give them, found with a plain byte scan (ballot
    // lines are short, and an iterator per line costs more than the scan).
    while cursor <= bytes.len() {
        if section == Section::Ballots {
            let start = Stretch {
                cursor,
                line_no,
                ended: false,
            };
            let ballot_text = SectionText { text, n, file };
            let section_read = if let Some(split_from) = split_from {
                read_ballot_section(&ballot_text, start, split_from, &mut rankings, &mut kept)?
            } else {
                Some(read_ballot_lines(
                    &ballot_text,
                    start,
                    usize::MAX,
                    &mut rankings,
                    &mut kept,
                    &mut |_| {},
                )?)
            };
            let Some(stretch) = section_read else {
                #[cfg(test)]
                tests::READ_AGAIN.with(|count| count.set(count.get() + 1));
                return read_with(source, candidates, None);
            };
            cursor = stretch.cursor;
            line_no = stretch.line_no;
            last_line = line_no;
            if stretch.ended {
                section = Section::Names;
            }
            continue;
        }
        let end = find_newline(bytes, cursor);
        let raw = &text[cursor..end];
        cursor = end + 1;
        line_no += 1;
        last_line = line_no;
        if section == Section::Names {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            collect_texts(raw, line_no, &mut texts, &mut crowded).map_err(|e| e.file(file))?;
            continue;
        }
        let line = match raw.find('#') {
            Some(cut) => &raw[..cut],
            None => raw,
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match section {
            Section::Header => {
                let mut parts = line.split_ascii_whitespace();
                let (Some(c), Some(s), None) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(at(
                        line_no,
                        format!("'{line}': expected the first line 'candidates seats', e.g. '4 2'"),
                    ));
                };
                let (Some(c), Some(s)) = (parse_number(c), parse_number(s)) else {
                    return Err(at(
                        line_no,
                        format!("'{line}': expected two whole numbers 'candidates seats'"),
                    ));
                };
                if c == 0 || c >= u64::from(TIED_WITH_NEXT) {
                    return Err(at(line_no, format!("{c} candidates: expected at least 1")));
                }
                if s == 0 || s > c {
                    return Err(at(
                        line_no,
                        format!("{s} seats for {c} candidates: expected 1 to {c} seats"),
                    ));
                }
                n = c as usize;
                seats = s as u32;
                seen_on_line = vec![0; n];
                section = Section::Withdrawn;
            }
            Section::Withdrawn if line.starts_with('-') => {
                for token in line.split_ascii_whitespace() {
                    let number = token.strip_prefix('-').and_then(parse_number);
                    match number {
                        Some(k) if k >= 1 && k <= n as u64 => {
                            let c = (k - 1) as CandidateIndex;
                            if !withdrawn.contains(&c) {
                                withdrawn.push(c);
                            }
                        }
                        _ => {
                            return Err(at(
                                line_no,
                                format!("'{token}': expected a withdrawn candidate as -1 to -{n}"),
                            ))
                        }
                    }
                }
            }
            _ => {
                // The first line after the header that is not a withdrawn line.
                match parse_ballot_line(raw.as_bytes(), n, line_no, &mut scratch, &mut seen_on_line)
                    .map_err(|e| e.file(file).line(line_no))?
                {
                    BallotLine::Blank => {}
                    BallotLine::End => section = Section::Names,
                    BallotLine::Ballot(weight) => {
                        section = Section::Ballots;
                        let slot = rankings.add(&scratch, weight).ok_or_else(|| {
                            at(line_no, "ballot weights add up beyond 2^64".to_string())
                        })?;
                        kept.push(line_no, weight, slot);
                    }
                }
            }
        }
    }
    match section {
        Section::Header => {
            return Err(
                Error::input("empty ballot file, expected a first line 'candidates seats'")
                    .file(file),
            )
        }
        Section::Withdrawn | Section::Ballots => {
            return Err(at(
                last_line,
                "the ballots are not closed by a line '0' followed by the candidate names"
                    .to_string(),
            ))
        }
        Section::Names => {}
    }
    let lines_of_names = texts
        .first()
        .zip(texts.last())
        .map_or(0, |(a, b)| b.0 - a.0);
    if let (Some(line), 1..) = (crowded, lines_of_names) {
        return Err(crowded_names(&texts, line).file(file));
    }
    if texts.len() < n {
        return Err(at(
            last_line,
            format!(
                "{} candidate names after the ballots, expected {n} (one per candidate, then the \
                 title)",
                texts.len()
            ),
        ));
    }
    if let Some((line, extra)) = texts.get(n + 1) {
        return Err(at(
            *line,
            format!(
                "unexpected '{extra}' after the {n} candidate names and the title; quote names \
                 that contain spaces"
            ),
        ));
    }
    let title = texts.get(n).map(|(_, t)| t.clone());
    let file_names: Vec<String> = texts[..n].iter().map(|(_, t)| t.clone()).collect();
    for (i, (line, name)) in texts[..n].iter().enumerate() {
        if name.is_empty() {
            return Err(at(*line, format!("candidate {} has an empty name", i + 1)));
        }
        if file_names[..i].contains(name) {
            return Err(at(*line, format!("candidate name '{name}' appears twice")));
        }
    }

    // Map the file's candidate numbers to the election's order.
    let (names, order): (Vec<String>, Vec<u32>) = match candidates {
        None => (file_names.clone(), (0..n as u32).collect()),
        Some(election) => {
            let missing: Vec<&str> = election
                .iter()
                .filter(|e| !file_names.contains(e))
                .map(String::as_str)
                .collect();
            let extra: Vec<&str> = file_names
                .iter()
                .filter(|f| !election.contains(f))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() || !extra.is_empty() || election.len() != n {
                return Err(Error::input(format!(
                    "the file's candidates do not match the election's: not in the file: [{}]; \
                     not in the election: [{}]",
                    missing.join(", "),
                    extra.join(", ")
                ))
                .file(file)
                .field("candidates"));
            }
            let order = file_names
                .iter()
                .map(|f| election.iter().position(|e| e == f).unwrap_or(0) as u32)
                .collect();
            (election.to_vec(), order)
        }
    };

    let decode_all = || -> Rankings {
        let codes = (0..rankings.len())
            .map(|slot| rankings.code(slot).len())
            .sum();
        let mut profile = Rankings::with_capacity(rankings.len(), codes);
        let renumbered = order.iter().enumerate().any(|(i, &c)| i as u32 != c);
        for slot in 0..rankings.len() {
            if renumbered {
                profile.push_renumbered(rankings.code(slot), &order, rankings.weight(slot));
            } else {
                profile.push_codes(rankings.code(slot), rankings.weight(slot));
            }
        }
        profile
    };
    let kept_lines = kept.lines.len();
    let list_ballots = move || -> Result<BallotRoll> {
        // Too many ballots is an error before any room is made for them.
        BallotRoll::default()
            .reserve_listed(kept.ballots())
            .map_err(|e| e.file(file))?;
        // Ids are `b<line>` (or `b<line>.<k>`), the line padded to the last line's digits,
        // made from the lines when asked for.
        let mut roll = kept.into_roll(digits(last_line));
        roll.finish(file)?;
        Ok(roll)
    };
    // Large files decode the rankings and list the ballots on two threads.
    let (weighted, roll) = if kept_lines >= PARALLEL_MIN_LINES && crate::parallel::two_cores() {
        crate::parallel::join(decode_all, list_ballots)
    } else {
        (decode_all(), list_ballots())
    };
    let roll = roll?;
    let mut withdrawn: Vec<CandidateIndex> = withdrawn.iter().map(|&c| order[c as usize]).collect();
    withdrawn.sort_unstable();
    let profile = RankedProfile {
        candidates: names.clone(),
        withdrawn,
        ballots: weighted,
    };
    Ok(BallotBox {
        candidates: names,
        seats: Some(seats),
        title,
        ranked: profile,
        roll,
        ..BallotBox::default()
    })
}

/// How many rankings are added to the aggregator together.
const BATCH: usize = 16;

/// Bit 63 of a key: set in every code packed by [`pack_code`], clear in a [`Batch`]'s
/// indices of long codes.
const PACKED_BIT: u64 = 1 << 63;

/// Rankings waiting to be added to the aggregator together.
#[derive(Default)]
struct Batch {
    /// (key, weight): a packed code, or (without [`PACKED_BIT`]) the index of a long code.
    items: Vec<(u64, u64)>,
    /// The long codes, one after another.
    long_codes: Vec<u32>,
    /// Where each long code ends in `long_codes`.
    long_ends: Vec<usize>,
}

impl Batch {
    /// Adds a ranking; whether the batch is then full.
    #[inline]
    fn push(&mut self, code: &[u32], weight: u64) -> bool {
        let key = match pack_code(code) {
            Some(key) => key,
            None => {
                self.long_codes.extend_from_slice(code);
                self.long_ends.push(self.long_codes.len());
                (self.long_ends.len() - 1) as u64
            }
        };
        self.items.push((key, weight));
        self.items.len() == BATCH
    }

    /// The long code with index `key`.
    #[inline]
    fn long(&self, key: u64) -> &[u32] {
        let k = key as usize;
        let start = if k == 0 { 0 } else { self.long_ends[k - 1] };
        &self.long_codes[start..self.long_ends[k]]
    }

    fn clear(&mut self) {
        self.items.clear();
        self.long_codes.clear();
        self.long_ends.clear();
    }
}

/// Files with at least this many ballot lines decode and list on two threads.
const PARALLEL_MIN_LINES: usize = 1 << 14;

/// Every ballot line of a BLT file: its line, its distinct ranking (slot), and its weight
/// when that is not 1 (most lines list one ballot), in file order.
#[derive(Default)]
struct Kept {
    lines: Vec<u64>,
    slots: Vec<u32>,
    /// (index in `lines`, weight) of each line whose weight is not 1.
    weights: Vec<(usize, u64)>,
}

impl Kept {
    fn with_capacity(lines: usize) -> Kept {
        Kept {
            lines: Vec::with_capacity(lines),
            slots: Vec::with_capacity(lines),
            weights: Vec::new(),
        }
    }

    #[inline]
    fn push(&mut self, line: u64, weight: u64, slot: usize) {
        if weight != 1 {
            self.weights.push((self.lines.len(), weight));
        }
        self.lines.push(line);
        // Slots fit: a file with 2^32 lines has too many ballots, which is an error.
        self.slots.push(slot as u32);
    }

    /// Appends lines read with line numbers from 1 after `line_offset` and slots of another
    /// aggregator (its slot k is `slots[k]` here).
    fn append(&mut self, later: Kept, line_offset: u64, slots: &[usize]) {
        let before = self.lines.len();
        self.lines
            .extend(later.lines.iter().map(|line| line + line_offset));
        self.slots
            .extend(later.slots.iter().map(|&k| slots[k as usize] as u32));
        self.weights
            .extend(later.weights.iter().map(|&(at, w)| (before + at, w)));
    }

    /// How many ballots the lines list (saturating).
    fn ballots(&self) -> u64 {
        let extra = self.weights.iter().fold(0u64, |total, &(_, w)| {
            total.saturating_add(w.wrapping_sub(1))
        });
        (self.lines.len() as u64).saturating_add(extra)
    }

    /// The roll of every ballot, ids made from the lines (padded to `line_width` digits).
    fn into_roll(self, line_width: usize) -> BallotRoll {
        if self.weights.is_empty() {
            return BallotRoll::from_lines(line_width, self.lines, self.slots);
        }
        let mut roll = BallotRoll::with_line_ids(self.lines.len(), line_width);
        let mut weights = self.weights.iter().peekable();
        for (i, (&line, &slot)) in self.lines.iter().zip(&self.slots).enumerate() {
            let weight = match weights.peek() {
                Some(&&(at, w)) if at == i => {
                    weights.next();
                    w
                }
                _ => 1,
            };
            roll.push_line(line, slot, weight);
        }
        roll
    }
}

/// Adds the waiting rankings in file order and records their slots for kept ballots;
/// `Err(line)` when a ranking's total weight would pass 2^64 − 1.
fn flush(
    rankings: &mut RankingAggregator,
    batch: &mut Batch,
    lines: &mut Vec<u64>,
    kept: &mut Kept,
) -> std::result::Result<(), u64> {
    let result = rankings.add_batch(batch, |i, slot| {
        kept.push(lines[i], batch.items[i].1, slot);
    });
    let outcome = result.map_err(|i| lines[i]);
    batch.clear();
    lines.clear();
    outcome
}

/// Where reading the ballot section stopped.
#[derive(Debug, Clone, Copy)]
struct Stretch {
    /// The start of the next line to read (past the text's end when none is left).
    cursor: usize,
    /// The number of the last line read.
    line_no: u64,
    /// Whether the line `0` that ends the ballots was read.
    ended: bool,
}

/// Reads ballot lines from `from` until the line `0` that ends the ballots, the end of the
/// text, or the first line that starts at or after `stop`, adding the rankings to
/// `rankings` and each ballot line's (line, weight, slot) to `kept`.
/// Every [`PUBLISH_LINES`] lines (and at the end) `publish` is shown the rankings so far.
fn read_ballot_lines(
    section: &SectionText<'_>,
    from: Stretch,
    stop: usize,
    rankings: &mut RankingAggregator,
    kept: &mut Kept,
    publish: &mut dyn FnMut(&RankingAggregator),
) -> Result<Stretch> {
    let SectionText { text, n, file } = *section;
    let at = |line: u64, message: String| Error::input(message).file(file).line(line);
    let overflow = |line: u64| at(line, "ballot weights add up beyond 2^64".to_string());
    let bytes = text.as_bytes();
    let mut cursor = from.cursor;
    let mut line_no = from.line_no;
    let mut seen_on_line: Vec<u64> = vec![0; n];
    let mut scratch: Vec<u32> = Vec::new();
    // Rankings waiting to be added together, and their lines.
    let mut batch = Batch::default();
    let mut batch_lines: Vec<u64> = Vec::with_capacity(BATCH);
    let mut ended = false;
    while cursor <= bytes.len() && cursor < stop {
        let end = find_newline(bytes, cursor);
        let raw = &bytes[cursor..end];
        cursor = end + 1;
        line_no += 1;
        if line_no % PUBLISH_LINES == 0 {
            flush(rankings, &mut batch, &mut batch_lines, kept).map_err(overflow)?;
            publish(rankings);
        }
        // The hot path: one pass over the bytes of a ballot line.
        let parsed = match parse_ballot_line(raw, n, line_no, &mut scratch, &mut seen_on_line) {
            Ok(parsed) => parsed,
            Err(e) => {
                // A waiting ranking whose weight overflows is on an earlier line.
                flush(rankings, &mut batch, &mut batch_lines, kept).map_err(overflow)?;
                return Err(e.file(file).line(line_no));
            }
        };
        match parsed {
            BallotLine::Blank => {}
            BallotLine::End => {
                ended = true;
                break;
            }
            BallotLine::Ballot(weight) => {
                batch_lines.push(line_no);
                if batch.push(&scratch, weight) {
                    flush(rankings, &mut batch, &mut batch_lines, kept).map_err(overflow)?;
                }
            }
        }
    }
    flush(rankings, &mut batch, &mut batch_lines, kept).map_err(overflow)?;
    publish(rankings);
    Ok(Stretch {
        cursor,
        line_no,
        ended,
    })
}

/// The text of a BLT file with what reading its ballot lines needs.
#[derive(Clone, Copy)]
struct SectionText<'t> {
    text: &'t str,
    /// Number of candidates.
    n: usize,
    /// The file's name, for errors.
    file: &'t str,
}

/// Rankings one half of the ballot section met first, handed to the other half's thread.
struct NewRankings {
    codes: Vec<u32>,
    /// Where each ranking ends in `codes`.
    ends: Vec<usize>,
}

impl NewRankings {
    /// The codes of slots `slots` of `rankings`.
    fn of(rankings: &RankingAggregator, slots: std::ops::Range<usize>) -> NewRankings {
        let mut codes = Vec::new();
        let mut ends = Vec::with_capacity(slots.len());
        for slot in slots {
            codes.extend_from_slice(rankings.code(slot));
            ends.push(codes.len());
        }
        NewRankings { codes, ends }
    }

    /// Each ranking's code, in order.
    fn iter(&self) -> impl Iterator<Item = &[u32]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| &self.codes[start..end])
    }
}

/// Reads the rest of the ballot section from `from`; one of at least `split_from` bytes in
/// two halves on two threads. The second half shows the rankings it meets first to the first
/// half's thread as it goes, which places them (after all of its own, in the second half's
/// order of first appearance) while the second half is still being read; the second half's
/// weights and lines are added at the end, so slots, weights and lines are exactly the
/// one-pass read's. `None` when the halves did not both read cleanly: the caller reads the
/// file again in one pass, which finds the error on its line.
fn read_ballot_section(
    section: &SectionText<'_>,
    from: Stretch,
    split_from: usize,
    rankings: &mut RankingAggregator,
    kept: &mut Kept,
) -> Result<Option<Stretch>> {
    let bytes = section.text.as_bytes();
    let rest = bytes.len().saturating_sub(from.cursor);
    // The second half starts at the first line start after two fifths of the rest (the first
    // half's thread also places the second half's rankings, so it reads less).
    let cut = (rest >= split_from)
        .then(|| line_start_after(bytes, from.cursor + rest / 5 * 2))
        .flatten();
    let Some(second_start) = cut else {
        return read_ballot_lines(section, from, usize::MAX, rankings, kept, &mut |_| {}).map(Some);
    };
    // The second half's lines are numbered from 1 until the first half's count is known.
    let second_from = Stretch {
        cursor: second_start,
        line_no: 0,
        ended: false,
    };
    let (first, second) = in_two_parts(
        |receiver: Receiver<NewRankings>| -> Result<(Stretch, Vec<usize>)> {
            let first =
                read_ballot_lines(section, from, second_start, rankings, kept, &mut |_| {})?;
            let mut slots = Vec::new();
            if !first.ended {
                // Weight 0 for now: each half's weights are added at the end.
                for new in receiver {
                    if rankings
                        .add_each(new.iter().map(|c| (c, 0)), &mut slots)
                        .is_none()
                    {
                        break;
                    }
                }
            }
            Ok((first, slots))
        },
        |mut publisher| {
            let mut theirs = RankingAggregator::with_capacity(rest / 48);
            let mut their_kept = Kept::with_capacity(rest / 24);
            let mut publish = |rankings: &RankingAggregator| {
                publisher.publish(rankings.len(), |new| NewRankings::of(rankings, new))
            };
            read_ballot_lines(
                section,
                second_from,
                usize::MAX,
                &mut theirs,
                &mut their_kept,
                &mut publish,
            )
            .map(|stretch| (stretch, theirs, their_kept))
        },
    );
    let Ok((first, slots)) = first else {
        return Ok(None);
    };
    if first.ended {
        // The ballots ended in the first half: the second read names, not ballots.
        return Ok(Some(first));
    }
    let Ok((second, theirs, their_kept)) = second else {
        return Ok(None);
    };
    if slots.len() != theirs.len() {
        return Ok(None);
    }
    for (slot, &mine) in slots.iter().enumerate() {
        if rankings.add_weight(mine, theirs.weight(slot)).is_none() {
            return Ok(None);
        }
    }
    // The first half stopped exactly where the second began.
    let line_offset = first.line_no;
    kept.append(their_kept, line_offset, &slots);
    Ok(Some(Stretch {
        cursor: second.cursor,
        line_no: second.line_no + line_offset,
        ended: second.ended,
    }))
}

/// The ballot section size (bytes) from which it is read in two halves.
const PARALLEL_SECTION_BYTES: usize = 1 << 20;

/// Parses a whole decimal number made of ASCII digits only.
fn parse_number(token: &str) -> Option<u64> {
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// What a line of the ballot section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BallotLine {
    /// Nothing but blanks or a comment.
    Blank,
    /// The line `0` that ends the ballots.
    End,
    /// A ballot with this weight; its ranking is in the code buffer.
    Ballot(u64),
}

/// Whether `b` separates tokens on a ballot line.
fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r'
}

/// Reads the decimal digits at `at`: the number and the index after it; `None` when there
/// is no digit or the number passes 2^64 − 1.
fn read_digits(line: &[u8], mut at: usize) -> Option<(u64, usize)> {
    let start = at;
    let mut value = 0u64;
    while let Some(&b) = line.get(at) {
        if !b.is_ascii_digit() {
            break;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        at += 1;
    }
    (at > start).then_some((value, at))
}

/// The whitespace-delimited token starting at `at`, for error messages.
fn token_at(line: &[u8], at: usize) -> String {
    let end = line[at..]
        .iter()
        .position(|&b| is_blank(b))
        .map_or(line.len(), |p| at + p);
    String::from_utf8_lossy(&line[at..end]).into_owned()
}

/// Parses one line of the ballot section, `weight pref pref … 0`, in a single pass over
/// its bytes. The ranking goes to `code` (candidate numbers from 0; members of an
/// equal-ranked group sorted, all but the last flagged [`TIED_WITH_NEXT`]). `seen`
/// (stamped with the line number) catches a candidate ranked twice.
fn parse_ballot_line(
    line: &[u8],
    n: usize,
    line_no: u64,
    code: &mut Vec<u32>,
    seen: &mut [u64],
) -> Result<BallotLine> {
    code.clear();
    let len = line.len();
    let ends_token = |at: usize| at == len || is_blank(line[at]) || line[at] == b'#';
    let mut i = 0;
    while i < len && is_blank(line[i]) {
        i += 1;
    }
    if i == len || line[i] == b'#' {
        return Ok(BallotLine::Blank);
    }
    let weight = match read_digits(line, i) {
        Some((w, next)) if ends_token(next) => {
            i = next;
            w
        }
        _ => {
            return Err(Error::input(format!(
                "'{}': expected a ballot weight (a whole number of ballots, at least 1) at the \
                 start of the line",
                token_at(line, i)
            )))
        }
    };
    let mut closed = false;
    loop {
        while i < len && is_blank(line[i]) {
            i += 1;
        }
        if i == len || line[i] == b'#' {
            break;
        }
        let token_start = i;
        if closed {
            return Err(Error::input(format!(
                "'{}' after the terminating 0: expected the line to end",
                token_at(line, i)
            )));
        }
        let group_start = code.len();
        loop {
            let bad = || {
                Error::input(format!(
                    "'{}': expected a candidate number 1 to {n} (or numbers joined by '=' for \
                     equal preferences), or 0 to end the ballot",
                    token_at(line, token_start)
                ))
            };
            let (k, next) = read_digits(line, i).ok_or_else(bad)?;
            i = next;
            if k == 0 {
                if i - token_start == 1 && ends_token(i) {
                    closed = true;
                    break;
                }
                return Err(bad());
            }
            if k > n as u64 {
                return Err(bad());
            }
            let c = (k - 1) as usize;
            if seen[c] == line_no {
                return Err(Error::input(format!(
                    "candidate {k} is ranked twice on this ballot"
                )));
            }
            seen[c] = line_no;
            code.push(c as u32);
            if i < len && line[i] == b'=' {
                i += 1;
                continue;
            }
            if !ends_token(i) {
                return Err(bad());
            }
            break;
        }
        let group = &mut code[group_start..];
        if group.len() > 1 {
            group.sort_unstable();
            let last = group.len() - 1;
            for c in &mut group[..last] {
                *c |= TIED_WITH_NEXT;
            }
        }
    }
    if weight == 0 {
        if code.is_empty() && !closed {
            return Ok(BallotLine::End);
        }
        return Err(Error::input(
            "'0': expected a ballot weight (a whole number of ballots, at least 1) at the start \
             of the line",
        ));
    }
    if !closed {
        return Err(Error::input(
            "the ballot does not end with 0: expected 'weight preferences… 0'",
        ));
    }
    Ok(BallotLine::Ballot(weight))
}

/// Collects the quoted strings and bare words of a line after the ballots (names and
/// title), dropping a `#` comment outside quotes; `crowded` gets the first line that holds
/// a bare word beside another text.
fn collect_texts(
    line: &str,
    line_no: u64,
    texts: &mut Vec<(u64, String)>,
    crowded: &mut Option<u64>,
) -> Result<()> {
    let first = texts.len();
    let mut bare = 0usize;
    collect_words(line, line_no, texts, &mut bare)?;
    if bare > 0 && texts.len() - first > 1 && crowded.is_none() {
        *crowded = Some(line_no);
    }
    Ok(())
}

/// The error for names given on several lines where one line holds a bare word beside
/// another text: `Anna Ng` unquoted would be two names and shift every later one.
fn crowded_names(texts: &[(u64, String)], line: u64) -> Error {
    let words: Vec<&str> = texts
        .iter()
        .filter(|(l, _)| *l == line)
        .map(|(_, t)| t.as_str())
        .collect();
    Error::input(format!(
        "several words on one line of a names section given on several lines ({}): quote each \
         name, so that a name with a space is one name (\"{}\")",
        words.join(", "),
        words.join(" ")
    ))
    .line(line)
}

/// [`collect_texts`] without the check: counts the bare words in `bare`.
fn collect_words(
    line: &str,
    line_no: u64,
    texts: &mut Vec<(u64, String)>,
    bare: &mut usize,
) -> Result<()> {
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        if rest.starts_with('#') {
            break;
        }
        if let Some(body) = rest.strip_prefix('"') {
            let Some(end) = body.find('"') else {
                return Err(Error::input(format!(
                    "unterminated quoted name {rest}: expected a closing '\"'"
                ))
                .line(line_no));
            };
            texts.push((line_no, body[..end].trim().to_string()));
            rest = body[end + 1..].trim_start();
        } else {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || ch == '"' || ch == '#')
                .unwrap_or(rest.len());
            texts.push((line_no, rest[..end].to_string()));
            *bare += 1;
            rest = rest[end..].trim_start();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::ranked::RankEntry;
    use RankEntry::{Single, Tied};

    fn read_text(text: &str) -> Result<BallotBox> {
        read(&Source::from_text("t.blt", text), None)
    }

    /// A file long enough that its rankings are decoded beside the listing lists every ballot
    /// of every line, in file order, with the ids of the contract (`b<line>`, `b<line>.<k>`).
    #[test]
    fn long_rankings_are_aggregated_across_table_growth() {
        // Rankings of 9 to 20 ranks (too long to pack) over 64 candidates, each added three
        // times: the table of long codes grows many times from its first size.
        let mut rankings = RankingAggregator::with_capacity(16);
        let mut seed = 3u64;
        let codes: Vec<Vec<u32>> = (0..20_000)
            .map(|_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let len = 9 + (seed >> 60) as usize % 12;
                (0..len)
                    .map(|k| ((seed >> (k * 3)) as u32 + k as u32 * 7) % 64)
                    .collect()
            })
            .collect();
        let mut first: std::collections::HashMap<Vec<u32>, usize> = Default::default();
        for round in 0..3u64 {
            for code in &codes {
                let slot = rankings.add(code, round + 1).unwrap();
                let next = first.len();
                assert_eq!(slot, *first.entry(code.clone()).or_insert(next));
                assert_eq!(rankings.code(slot), code.as_slice());
            }
        }
        assert_eq!(rankings.len(), first.len());
        let total: u64 = (0..rankings.len()).map(|s| rankings.weight(s)).sum();
        assert_eq!(total, 6 * codes.len() as u64);
    }

    #[test]
    fn large_files_list_every_ballot_in_order() {
        let lines = PARALLEL_MIN_LINES + 999;
        let mut text = String::from("3 1\n");
        for i in 0..lines {
            text.push_str(&format!("{} {} 0\n", 1 + i % 4, 1 + i % 3));
        }
        text.push_str("0\n\"A\"\n\"B\"\n\"C\"\n");
        let b = read_text(&text).unwrap();
        let width = digits(lines as u64 + 2);
        let mut k = 0;
        for i in 0..lines {
            let line = i as u64 + 2;
            let weight = 1 + i % 4;
            for copy in 1..=weight {
                let id = if weight == 1 {
                    format!("b{line:0width$}")
                } else {
                    format!("b{line:0width$}.{copy}")
                };
                assert_eq!(b.roll.id(k).as_str(), id);
                assert_eq!(b.roll.line(k), line);
                assert_eq!(b.roll.content(k) as usize, i % 3);
                k += 1;
            }
        }
        assert_eq!(b.roll.len(), k);
        assert!(b
            .roll
            .order()
            .iter()
            .enumerate()
            .all(|(k, &i)| i as usize == k));
    }

    /// A BLT file of `lines` ballot lines over `n` candidates drawn from `seed`: weights 1–3,
    /// rankings of 0–12 preferences with some equal ranks, blank and comment lines.
    fn generated(n: usize, lines: usize, seed: u64) -> String {
        let mut state = seed;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % below
        };
        let mut text = format!("{n} 2\n");
        for _ in 0..lines {
            match next(20) {
                0 => text.push('\n'),
                1 => text.push_str("# a comment\n"),
                _ => {
                    text.push_str(&format!("{}", 1 + next(3)));
                    let mut pool: Vec<usize> = (1..=n).collect();
                    let take = next(13).min(n as u64);
                    for k in 0..take {
                        let c = pool.swap_remove(next(pool.len() as u64) as usize);
                        let joiner = if k > 0 && next(8) == 0 { "=" } else { " " };
                        text.push_str(&format!("{joiner}{c}"));
                    }
                    text.push_str(" 0\n");
                }
            }
        }
        text.push_str("0\n");
        for c in 1..=n {
            text.push_str(&format!("\"C{c}\"\n"));
        }
        text.push_str("\"Generated\"\n");
        text
    }

    thread_local! {
        /// How many times a two-half read fell back to reading the file again in one pass.
        pub(super) static READ_AGAIN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// The one-pass read and the two-half read at several sizes, which must agree exactly;
    /// returns how many of the two-half reads fell back to one pass.
    fn reads_alike(text: &str) -> usize {
        let source = Source::from_text("t.blt", text);
        let one_pass = read_with(&source, None, None);
        READ_AGAIN.with(|count| count.set(0));
        for split_from in [0, 1, 64, text.len() / 3, text.len()] {
            assert_eq!(
                read_with(&source, None, Some(split_from)),
                one_pass,
                "split from {split_from}"
            );
        }
        READ_AGAIN.with(std::cell::Cell::get)
    }

    #[test]
    fn two_halves_read_as_one_pass() {
        // Valid files: the halves read cleanly, never falling back to one pass.
        for (n, seed) in [(5, 1), (30, 2), (62, 3), (70, 4), (200, 5)] {
            assert_eq!(reads_alike(&generated(n, 3_000, seed)), 0);
        }
        // Enough lines for the second half to show its rankings to the first several times
        // while it reads.
        assert_eq!(
            reads_alike(&generated(30, 5 * PUBLISH_LINES as usize, 8)),
            0
        );
        // No line end after the names; the middle in the last line.
        let text = generated(30, 50, 6);
        assert_eq!(reads_alike(text.trim_end()), 0);
        assert_eq!(reads_alike("3 1\n1 1 2 3 0\n1 2 0\n0\nA\nB\nC\n"), 0);
    }

    #[test]
    fn two_halves_give_the_one_pass_errors() {
        let text = generated(30, 2_000, 7);
        let lines: Vec<&str> = text.lines().collect();
        // A bad line late in the file (in the second half), and one early (in the first).
        for at in [1_700, 40] {
            let mut bad = lines.clone();
            bad[at] = "1 31 0";
            let bad = bad.join("\n");
            reads_alike(&bad);
            let message = read_text(&bad).unwrap_err().to_string();
            assert!(message.contains(&format!(":{}:", at + 1)), "{message}");
        }
        // Unclosed ballots: the second half runs to the end of the file.
        let unclosed: String = lines[..1_500].join("\n");
        reads_alike(&unclosed);
        assert!(read_text(&unclosed).is_err());
        // Weights that pass 2^64 only when the halves are joined.
        let mut heavy = String::from("3 1\n");
        heavy.push_str("9223372036854775808 1 2 0\n");
        for _ in 0..200 {
            heavy.push_str("1 3 0\n");
        }
        heavy.push_str("9223372036854775808 1 2 0\n0\nA\nB\nC\n");
        // Only the joined halves overflow: the file is read again for the one-pass error.
        assert!(reads_alike(&heavy) > 0);
        let message = read_text(&heavy).unwrap_err().to_string();
        assert!(
            message.contains(":203:") && message.contains("2^64"),
            "{message}"
        );
    }

    #[test]
    fn ballots_ending_in_the_first_half_leave_the_rest_to_the_names() {
        // Few ballots, then names and a long comment: the middle falls after the ballots.
        let mut text = String::from("3 1\n1 1 2 0\n2 3 0\n0\nA\nB\n\"C\"\n\"Title\"\n");
        for _ in 0..50 {
            text.push_str("# a long comment after the title, read as the names section\n");
        }
        assert_eq!(reads_alike(&text), 0);
        let b = read_text(&text).unwrap();
        assert_eq!(b.title.as_deref(), Some("Title"));
        assert_eq!(b.ranked.total_weight(), 3);
    }

    const EXAMPLE: &str = "4 2\n-4\n3 1 3 0\n1 2=3 1 0  # a comment\n2 1 3 0\n1 0\n0\n\"Anna Ng\"\n\"Bo\"\nCy\n\"Dee\"\n\"Club committee\"\n";

    #[test]
    fn an_overflow_waiting_in_a_batch_is_reported_before_a_later_bad_line() {
        // Lines 3 and 4 hold the same ranking (short, then long) with weights that together
        // pass 2^64; line 6 is malformed. The first error in the file is line 4's.
        let big = u64::MAX / 2 + 1;
        for ranking in ["1 2", "1 2 3 4 5 6 7 8 9 10"] {
            let text = format!(
                "10 1\n1 3 0\n{big} {ranking} 0\n{big} {ranking} 0\n1 2 0\n1 x 0\n0\n{}\"t\"\n",
                (1..=10).map(|c| format!("\"c{c}\"\n")).collect::<String>()
            );
            let e = read_text(&text).unwrap_err();
            assert_eq!(e.line, Some(4), "{ranking}: {e}");
            assert!(e.message.contains("2^64"), "{e}");
        }
    }

    #[test]
    fn reads_the_documented_example() {
        let b = read_text(EXAMPLE).unwrap();
        assert_eq!(b.candidates, ["Anna Ng", "Bo", "Cy", "Dee"]);
        assert_eq!(b.seats, Some(2));
        assert_eq!(b.title.as_deref(), Some("Club committee"));
        assert_eq!(b.ranked.withdrawn, vec![3]);
        let ballots: Vec<(u64, Vec<RankEntry>)> = b
            .ranked
            .ballots
            .to_weighted()
            .into_iter()
            .map(|w| (w.weight, w.ranking))
            .collect();
        assert_eq!(
            ballots,
            vec![
                (5, vec![Single(0), Single(2)]),
                (1, vec![Tied(vec![1, 2]), Single(0)]),
                (1, vec![]),
            ]
        );
        let ids: Vec<String> = (0..b.roll.len())
            .map(|i| b.roll.id(i).to_string())
            .collect();
        assert_eq!(
            ids,
            ["b03.1", "b03.2", "b03.3", "b04", "b05.1", "b05.2", "b06"]
        );
        assert_eq!(b.roll.contents(), &[0, 0, 0, 1, 0, 0, 2]);
        assert_eq!(b.ranked.total_weight(), 7);
    }

    #[test]
    fn election_order_renumbers_candidates() {
        let election: Vec<String> = ["Dee", "Cy", "Bo", "Anna Ng"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let b = read(&Source::from_text("t.blt", EXAMPLE), Some(&election)).unwrap();
        assert_eq!(b.candidates, election);
        assert_eq!(b.ranked.withdrawn, vec![0]);
        assert_eq!(b.ranked.ballots.entries(0), vec![Single(3), Single(1)]);
        assert_eq!(
            b.ranked.ballots.entries(1),
            vec![Tied(vec![1, 2]), Single(3)]
        );
        let wrong: Vec<String> = ["Dee", "Cy", "Bo", "Ann"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let err = read(&Source::from_text("t.blt", EXAMPLE), Some(&wrong)).unwrap_err();
        assert_eq!(err.exit_code(), 3);
        assert!(err.to_string().contains("Ann"), "{err}");
    }

    fn error_of(text: &str) -> String {
        read_text(text).unwrap_err().to_string()
    }

    #[test]
    fn every_malformed_line_is_an_error_with_its_line() {
        assert!(error_of("").contains("empty ballot file"));
        assert!(error_of("3\n").starts_with("t.blt:1: "));
        assert!(error_of("3 4\n").contains("seats"));
        assert!(error_of("3 1\n1 4 0\n0\nA B C\n").starts_with("t.blt:2: '4'"));
        assert!(error_of("3 1\n1 1 2\n0\nA B C\n").starts_with("t.blt:2: the ballot does not end"));
        assert!(error_of("3 1\n1 1 1 0\n0\nA B C\n").contains("ranked twice"));
        assert!(error_of("3 1\n1 1=1 0\n0\nA B C\n").contains("ranked twice"));
        assert!(error_of("3 1\n0 1 0\n0\nA B C\n")
            .starts_with("t.blt:2: '0': expected a ballot weight"));
        assert!(error_of("3 1\nx 1 0\n0\nA B C\n").starts_with("t.blt:2:"));
        assert!(error_of("3 1\n1 1 0 2\n0\nA B C\n").contains("after the terminating 0"));
        assert!(error_of("3 1\n-5\n1 1 0\n0\nA B C\n").starts_with("t.blt:2: '-5'"));
        assert!(error_of("3 1\n1 1 0\nA B C\n").starts_with("t.blt:3:"));
        assert!(error_of("3 1\n1 1 0\n0\nA\nB\n").contains("2 candidate names"));
        // An unquoted name with a space is not two names.
        let e = error_of("2 1\n1 1 2 0\n0\nAnna Ng\n\"Bob\"\n");
        assert!(
            e.contains("several words") && e.contains("\"Anna Ng\""),
            "{e}"
        );
        assert!(error_of("3 1\n1 1 2 0\n0\n\"A\" B\n\"C\"\n").contains("several words"));
        assert!(error_of("2 1\n1 1 2 0\n0\nAnna Ng\nBob\n").contains("several words"));
        assert!(error_of("3 1\n1 1 0\n0\nA B C T X\n").starts_with("t.blt:4: unexpected 'X'"));
        assert!(error_of("3 1\n1 1 0\n0\nA A C\n").contains("appears twice"));
        assert!(error_of("3 1\n1 1 0\n0\n\"A\nB C\n").starts_with("t.blt:4: unterminated"));
        assert!(error_of("3 1\n1 1 0\n").starts_with("t.blt:3: the ballots are not closed"));
        // More ballots than a roll lists: an error before room is made for them.
        let e = error_of("3 1\n200000000 1 0\n100000000 2 0\n0\nA B C\n");
        assert!(e.starts_with("t.blt: more than 67108864 ballots"), "{e}");
        assert!(e.contains("(for the ballots root, records"), "{e}");
    }

    /// Short (packed) and long codes, through several table growths, keep first-appearance
    /// order and add up their weights; a weight overflow is reported.
    #[test]
    fn aggregator_keeps_order_and_weights() {
        let mut agg = RankingAggregator::with_capacity(1);
        let code = |i: u32| -> Vec<u32> {
            match i % 3 {
                0 => vec![i % 60, i / 60],
                1 => [i % 90, i / 90].into_iter().chain(2..12).collect(),
                _ => vec![(i % 50) | TIED_WITH_NEXT, i / 50, 70],
            }
        };
        for round in 0..3u64 {
            for i in 0..5000u32 {
                assert_eq!(agg.add(&code(i), round + 1), Some(i as usize));
            }
        }
        assert_eq!(agg.len(), 5000);
        for i in [0u32, 1, 2, 4999] {
            assert_eq!(agg.code(i as usize), code(i).as_slice());
            assert_eq!(agg.weight(i as usize), 6);
        }
        let mut key_code = [0u32; 8];
        let packed = pack_code(&[3 | TIED_WITH_NEXT, 4, 62]).unwrap();
        assert_eq!(unpack_code(packed, &mut key_code), 3);
        assert_eq!(key_code[..3], [3 | TIED_WITH_NEXT, 4, 62]);
        assert_eq!(pack_code(&[63]), None);
        assert_eq!(agg.add(&code(0), u64::MAX), None);
    }

    #[test]
    fn names_on_one_line_comments_and_crlf() {
        let b =
            read_text("# made by hand\r\n2 1\r\n1 2 1 0\r\n0\r\n\"A # 1\" B # names\r\n").unwrap();
        assert_eq!(b.candidates, ["A # 1", "B"]);
        assert_eq!(b.title, None);
        assert_eq!(b.ranked.ballots.entries(0), vec![Single(1), Single(0)]);
    }
}
