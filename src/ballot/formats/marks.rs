//! The marks CSV reader (majority-approval, recall, approval, block, plurality).
//!
//! Header: `ballot_id`, one column per candidate (the election's names), optional write-in
//! columns (`write_in`, `write_in_2`, … or `另选他人`); other columns are ignored. Cells (contract
//! §4, and the usual marks of Chinese ballots): yes = `yes|y|1|赞成|同意|○|√|✔`; no =
//! `no|n|0|反对|不同意|×|x`; abstain = empty or `abstain|弃权`; `?` = illegible; `△` only
//! where a rules profile gives it a meaning (none does: an error). One registry,
//! [`MARK_TOKENS`], holds them all. Latin tokens are matched case-insensitively after
//! trimming. Anything else is an input error naming file, line and column.

use super::body::{read_csv_body, RecordReader, PARALLEL_BODY_BYTES};
use super::columns::{
    candidate_columns, check_no_stray_columns, id_column, line_name, read_header, visit_record,
    NO_ID_COLUMN,
};
use crate::ballot::packed_marks::MarksBallots;
use crate::ballot::{BallotBox, Mark, MarksBallot, MarksProfile};
use crate::error::{Error, Result};
use crate::fast::{Distinct, Gather, Records};
use crate::input::{normalize_header, Source};
use std::borrow::Cow;

/// What a token of a marks cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkToken {
    /// The token is this mark, whatever the election.
    Is(Mark),
    /// The token means what a rules profile says (`△`); no built-in profile gives it a
    /// meaning, so a cell holding it is an input error.
    ProfileDefined,
}

/// Every token a marks cell may hold (contract §4 and docs/formats.md "Marks CSV"), the one
/// registry the general parser, the table of common marks and the error message are built
/// from. Latin tokens are written in lower case and matched in any case after trimming.
pub const MARK_TOKENS: [(&str, MarkToken); 24] = [
    ("yes", MarkToken::Is(Mark::Yes)),
    ("y", MarkToken::Is(Mark::Yes)),
    ("1", MarkToken::Is(Mark::Yes)),
    ("赞成", MarkToken::Is(Mark::Yes)),
    ("同意", MarkToken::Is(Mark::Yes)),
    ("○", MarkToken::Is(Mark::Yes)),
    ("√", MarkToken::Is(Mark::Yes)),
    ("✔", MarkToken::Is(Mark::Yes)),
    ("◯", MarkToken::Is(Mark::Yes)),
    ("✓", MarkToken::Is(Mark::Yes)),
    ("no", MarkToken::Is(Mark::No)),
    ("n", MarkToken::Is(Mark::No)),
    ("0", MarkToken::Is(Mark::No)),
    ("反对", MarkToken::Is(Mark::No)),
    ("不同意", MarkToken::Is(Mark::No)),
    ("×", MarkToken::Is(Mark::No)),
    ("x", MarkToken::Is(Mark::No)),
    ("✗", MarkToken::Is(Mark::No)),
    ("", MarkToken::Is(Mark::Abstain)),
    ("abstain", MarkToken::Is(Mark::Abstain)),
    ("弃权", MarkToken::Is(Mark::Abstain)),
    ("?", MarkToken::Is(Mark::Illegible)),
    ("？", MarkToken::Is(Mark::Illegible)),
    ("△", MarkToken::ProfileDefined),
];

/// The token of one marks cell (trimmed; Latin letters in any case), `None` for anything
/// that is not in [`MARK_TOKENS`].
#[inline]
pub fn parse_token(cell: &str) -> Option<MarkToken> {
    let t = cell.trim();
    MARK_TOKENS
        .iter()
        .find(|(token, _)| token.len() == t.len() && token.eq_ignore_ascii_case(t))
        .map(|&(_, meaning)| meaning)
}

/// Parses one marks cell; `None` for a cell that is no mark (or, as `△`, needs a profile's
/// meaning, see [`parse_token`]).
#[inline]
pub fn parse_mark(cell: &str) -> Option<Mark> {
    match parse_token(cell)? {
        MarkToken::Is(mark) => Some(mark),
        MarkToken::ProfileDefined => None,
    }
}

/// The tokens of [`MARK_TOKENS`] that mean `mark`, as the error message lists them.
fn tokens_of(mark: Mark) -> String {
    MARK_TOKENS
        .iter()
        .filter(|(_, meaning)| *meaning == MarkToken::Is(mark))
        .map(|(token, _)| if token.is_empty() { "empty" } else { token })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The message for a cell that is no mark.
#[cold]
fn not_a_mark(cell: &str) -> String {
    let t = cell.trim();
    match parse_token(t) {
        Some(MarkToken::ProfileDefined) => format!(
            "'{t}' means what a rules profile says, and no profile of congress gives it a \
             meaning (docs/formats.md, Marks CSV); transcribe the ballot's {t} as yes, no or \
             abstain as the election's rules say"
        ),
        _ => format!(
            "'{t}' is not a mark, expected yes ({}), no ({}), abstain ({}) or ? (illegible)",
            tokens_of(Mark::Yes),
            tokens_of(Mark::No),
            tokens_of(Mark::Abstain)
        ),
    }
}

/// The tokens of [`MARK_TOKENS`] that the table of common marks holds: those with a
/// meaning of their own and at most 8 bytes long, exactly as written.
fn common_marks() -> impl Iterator<Item = (&'static str, Mark)> {
    MARK_TOKENS
        .iter()
        .filter_map(|&(token, meaning)| match meaning {
            MarkToken::Is(mark) if token.len() <= 8 => Some((token, mark)),
            MarkToken::Is(_) | MarkToken::ProfileDefined => None,
        })
}

/// A multiplier that sends each of [`common_marks`] (as a word, see [`MarkTable`]) to its
/// own slot of 32 (checked when the table is built and by a test; found by trying random
/// odd multipliers).
const MARK_HASH: u64 = 0xe3bb_a436_d0cd_14a1;

/// [`common_marks`] as a table looked up without a branch per mark: a cell of at most
/// 8 bytes, read little-endian into a word (zeros past its end), is hashed to one slot, and
/// the slot's word and length must equal the cell's.
#[derive(Clone)]
struct MarkTable {
    /// (word, length, mark); an empty slot has a length no cell looked up has.
    slots: [(u64, usize, Mark); 32],
}

impl MarkTable {
    /// The table of [`common_marks`]; `None` if two of them share a slot.
    fn new() -> Option<MarkTable> {
        let mut slots = [(0u64, usize::MAX, Mark::Abstain); 32];
        for (token, mark) in common_marks() {
            let mut word = [0u8; 8];
            word[..token.len()].copy_from_slice(token.as_bytes());
            let word = u64::from_le_bytes(word);
            let slot = &mut slots[MarkTable::slot(word)];
            if slot.1 != usize::MAX {
                return None;
            }
            *slot = (word, token.len(), mark);
        }
        Some(MarkTable { slots })
    }

    #[inline]
    fn slot(word: u64) -> usize {
        (word.wrapping_mul(MARK_HASH) >> 59) as usize
    }

    /// The mark of `cell` if it is one of [`common_marks`] exactly as written.
    #[inline]
    fn mark_of(&self, cell: &[u8]) -> Option<Mark> {
        if cell.len() > 8 {
            return None;
        }
        let mut word = [0u8; 8];
        word[..cell.len()].copy_from_slice(cell);
        let word = u64::from_le_bytes(word);
        let (want, want_len, mark) = self.slots[MarkTable::slot(word)];
        (want == word && want_len == cell.len()).then_some(mark)
    }

    /// The mark of the cell `padded[start..end]` if it is one of [`common_marks`] as
    /// written; `padded` holds at least 8 bytes after `end`.
    #[inline]
    fn mark(&self, padded: &[u8], start: usize, end: usize) -> Option<Mark> {
        let len = end - start;
        let mut word = [0u8; 8];
        word.copy_from_slice(padded.get(start..start + 8)?);
        let keep = if len >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * len)) - 1
        };
        let word = u64::from_le_bytes(word) & keep;
        let (want, want_len, mark) = self.slots[MarkTable::slot(word)];
        (want == word && want_len == len).then_some(mark)
    }
}

thread_local! {
    /// A line copied with 8 zero bytes after it, and where its commas are, reused from
    /// line to line by [`MarksReader::parse_common`].
    static LINE_SCRATCH: std::cell::RefCell<(Vec<u8>, Vec<u32>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// An exact 128-bit key for a ballot of at most 63 candidates without write-ins: two bits
/// per mark, and a marker bit above the last mark.
#[inline]
fn pack_marks(ballot: &MarksBallot) -> Option<u128> {
    if ballot.marks.len() > 63 || !ballot.write_ins.is_empty() {
        return None;
    }
    let mut key: u128 = 1 << (2 * ballot.marks.len());
    for (k, m) in ballot.marks.iter().enumerate() {
        let bits = match m {
            Mark::Yes => 0,
            Mark::No => 1,
            Mark::Abstain => 2,
            Mark::Illegible => 3,
        };
        key |= bits << (2 * k);
    }
    Some(key)
}

/// The marks a key from [`pack_marks`] stands for, in order.
fn unpack_marks(key: u128) -> impl Iterator<Item = Mark> {
    // The marker bit sits just above the last mark.
    let len = (127 - key.leading_zeros().min(127)) as usize / 2;
    (0..len).map(move |k| match (key >> (2 * k)) & 3 {
        0 => Mark::Yes,
        1 => Mark::No,
        2 => Mark::Abstain,
        _ => Mark::Illegible,
    })
}

/// Whether a header names a write-in column (`write_in`, `write_in_2`, `write-in 3`, `另选他人`).
pub fn is_write_in_header(header: &str) -> bool {
    let h = normalize_header(header);
    let rest = h
        .strip_prefix("write_in")
        .or_else(|| h.strip_prefix("write-in"))
        .or_else(|| h.strip_prefix("writein"))
        .or_else(|| h.strip_prefix("另选他人"));
    match rest {
        Some(r) => r
            .trim_start_matches(['_', ' ', '-'])
            .bytes()
            .all(|b| b.is_ascii_digit()),
        None => false,
    }
}

/// Reads a marks CSV for the election's `candidates`.
pub fn read(source: &Source, candidates: &[String]) -> Result<BallotBox> {
    read_split(
        source,
        candidates,
        crate::parallel::split_from(PARALLEL_BODY_BYTES),
    )
}

/// [`read`], reading bodies of at least `split_from` bytes in two halves.
fn read_split(source: &Source, candidates: &[String], split_from: usize) -> Result<BallotBox> {
    read_with(source, candidates, split_from, MarkTable::new())
}

/// Reads a record's canonical marks ballots: the columns after the id are candidate i
/// whatever its name (the header must be `ballot_id`, the candidates' names in order, then
/// `write_in_1`, …; a record that publishes no ids has no `ballot_id` column).
pub fn read_positional(source: &Source, candidates: &[String]) -> Result<BallotBox> {
    let name = source.name.as_str();
    let mut records = Records::new(source);
    let header = read_header(&mut records, name)?;
    // Without ids the first column is the first candidate's (whose name may even be
    // `ballot_id`): the width tells.
    let ids = header.first().is_some_and(|h| h == "ballot_id") && header.len() > candidates.len();
    let first = usize::from(ids);
    let write_ins = header.len().saturating_sub(first + candidates.len());
    let mut want = if ids {
        vec!["ballot_id".to_string()]
    } else {
        Vec::new()
    };
    want.extend(candidates.iter().cloned());
    want.extend((1..=write_ins).map(|k| format!("write_in_{k}")));
    if header != want {
        let mut written = String::new();
        for (i, cell) in want.iter().enumerate() {
            if i > 0 {
                written.push(',');
            }
            crate::ballot::canonical_ballots::push_field(&mut written, cell);
        }
        return Err(Error::input(format!(
            "a record's marks ballots have the header {written} (the candidates in \
             election.json, then write_in columns)"
        ))
        .file(name)
        .line(1));
    }
    let mut role = vec![Role::WriteIn; header.len()];
    if ids {
        role[0] = Role::Ignore;
    }
    for (k, r) in role
        .iter_mut()
        .skip(first)
        .take(candidates.len())
        .enumerate()
    {
        *r = Role::Candidate(k);
    }
    read_body(
        source,
        records,
        candidates,
        role,
        if ids { 0 } else { NO_ID_COLUMN },
        // Lines without ids are named by their line numbers, which only a reading in one
        // pass knows from the start.
        if ids {
            crate::parallel::split_from(PARALLEL_BODY_BYTES)
        } else {
            usize::MAX
        },
        MarkTable::new(),
    )
}

/// [`read_split`] with the table of common marks its lines are first tried with (`None`:
/// every line takes the general path).
fn read_with(
    source: &Source,
    candidates: &[String],
    split_from: usize,
    common: Option<MarkTable>,
) -> Result<BallotBox> {
    let name = source.name.as_str();
    let mut records = Records::new(source);
    let header = read_header(&mut records, name)?;
    let width = header.len();
    let id_col = id_column(&header, name)?;
    let candidate_cols = candidate_columns(&header, id_col, candidates, name)?;
    let mut role = vec![Role::Ignore; width];
    let mut known = vec![false; width];
    known[id_col] = true;
    for (k, &col) in candidate_cols.iter().enumerate() {
        role[col] = Role::Candidate(k);
        known[col] = true;
    }
    for (i, h) in header.iter().enumerate() {
        if !known[i] && is_write_in_header(h) {
            role[i] = Role::WriteIn;
            known[i] = true;
        }
    }
    check_no_stray_columns(
        &header,
        |i| known[i],
        name,
        &format!(
            "'ballot_id', one column per candidate ({}) and optional write_in columns",
            crate::error::bounded_list(candidates)
        ),
    )?;
    read_body(
        source, records, candidates, role, id_col, split_from, common,
    )
}

/// Reads the lines after the header, each column in its `role`.
fn read_body(
    source: &Source,
    records: Records<'_>,
    candidates: &[String],
    role: Vec<Role>,
    id_col: usize,
    split_from: usize,
    common: Option<MarkTable>,
) -> Result<BallotBox> {
    let reader = MarksReader {
        name: source.name.as_str(),
        candidates,
        width: role.len(),
        role,
        id_col,
        common,
    };
    let (ballots, roll) = read_csv_body(&reader, records, split_from)?;
    Ok(BallotBox {
        candidates: candidates.to_vec(),
        seats: None,
        title: None,
        ranked: Default::default(),
        marks: MarksProfile {
            candidates: candidates.to_vec(),
            ballots,
        },
        roll,
    })
}

/// What a marks-file column holds.
#[derive(Clone, Copy)]
enum Role {
    Ignore,
    Candidate(usize),
    WriteIn,
}

/// How one marks record is read.
struct MarksReader<'n> {
    name: &'n str,
    candidates: &'n [String],
    role: Vec<Role>,
    id_col: usize,
    width: usize,
    /// The common marks, for lines written with nothing else (`None`: every line takes the
    /// general path).
    common: Option<MarkTable>,
}

impl MarksReader<'_> {
    /// Reads a quote-free line whose every candidate cell is one of [`common_marks`] as
    /// written, with one cell per column, into `ballot` and returns its trimmed id; `None`
    /// for any other line (the general path then reads it, and names any error). The commas
    /// are found without a branch per byte and each mark is looked up without a branch per
    /// mark: random marks make such branches guess wrong about once a cell.
    #[inline]
    fn parse_common<'a>(&self, text: &'a str, ballot: &mut MarksBallot) -> Option<&'a str> {
        let table = self.common.as_ref()?;
        let bytes = text.as_bytes();
        LINE_SCRATCH.with(|scratch| {
            let (padded, commas) = &mut *scratch.borrow_mut();
            padded.clear();
            padded.extend_from_slice(bytes);
            padded.extend_from_slice(&[0; 8]);
            commas.clear();
            commas.resize(bytes.len() + 1, 0);
            // A plain slice: writes through it cannot alias the scratch vectors' own fields,
            // so its address and length stay in registers across the loop.
            let slots = commas.as_mut_slice();
            // Every position is written at `count`, which moves on only past a comma.
            let mut count = 0usize;
            for (i, &b) in bytes.iter().enumerate() {
                if let Some(slot) = slots.get_mut(count) {
                    *slot = i as u32;
                }
                count += usize::from(b == b',');
            }
            if count + 1 != self.width {
                return None;
            }
            commas[count] = bytes.len() as u32;
            ballot.marks.clear();
            ballot.marks.resize(self.candidates.len(), Mark::Abstain);
            ballot.write_ins.clear();
            let mut start = 0usize;
            let mut id = 0..0;
            for (col, (&end, role)) in commas.iter().zip(&self.role).enumerate() {
                let end = end as usize;
                match *role {
                    Role::Candidate(k) => ballot.marks[k] = table.mark(padded, start, end)?,
                    Role::WriteIn => {
                        let t = text.get(start..end)?.trim();
                        if !t.is_empty() {
                            ballot.write_ins.push(t.to_string());
                        }
                    }
                    Role::Ignore => {}
                }
                if col == self.id_col {
                    id = start..end;
                }
                start = end + 1;
            }
            text.get(id).map(str::trim)
        })
    }
}

impl RecordReader for MarksReader<'_> {
    type Content = MarksBallot;

    fn empty(&self) -> MarksBallot {
        MarksBallot {
            marks: Vec::with_capacity(self.candidates.len()),
            write_ins: Vec::new(),
        }
    }

    #[inline]
    fn parse<'a>(
        &self,
        raw: Option<&'a str>,
        fields: &[Cow<'a, str>],
        line: u64,
        ballot: &mut MarksBallot,
    ) -> Result<Cow<'a, str>> {
        if self.id_col == NO_ID_COLUMN {
            return self
                .parse_cells(raw, fields, line, ballot)
                .map(|_| Cow::Owned(line_name(line)));
        }
        self.parse_cells(raw, fields, line, ballot)
    }

    #[inline]
    fn pack(ballot: &MarksBallot) -> Option<u128> {
        pack_marks(ballot)
    }

    type Gathered = MarksBallots;
}

impl MarksReader<'_> {
    /// Parses one record's cells into `ballot`; its id (empty in a file without ids).
    #[inline]
    fn parse_cells<'a>(
        &self,
        raw: Option<&'a str>,
        fields: &[Cow<'a, str>],
        line: u64,
        ballot: &mut MarksBallot,
    ) -> Result<Cow<'a, str>> {
        if let Some(id) = raw.and_then(|text| self.parse_common(text, ballot)) {
            return Ok(Cow::Borrowed(id));
        }
        ballot.marks.clear();
        ballot.marks.resize(self.candidates.len(), Mark::Abstain);
        ballot.write_ins.clear();
        let cell = |col: usize, text: &str| -> Result<()> {
            match self.role.get(col) {
                Some(Role::Candidate(k)) => {
                    let common = self
                        .common
                        .as_ref()
                        .and_then(|t| t.mark_of(text.as_bytes()));
                    ballot.marks[*k] = common.or_else(|| parse_mark(text)).ok_or_else(|| {
                        Error::input(not_a_mark(text))
                            .file(self.name)
                            .line(line)
                            .field(self.candidates[*k].as_str())
                    })?;
                }
                Some(Role::WriteIn) => {
                    let t = text.trim();
                    if !t.is_empty() {
                        ballot.write_ins.push(t.to_string());
                    }
                }
                Some(Role::Ignore) | None => {}
            }
            Ok(())
        };
        visit_record(raw, fields, self.id_col, self.width, self.name, line, cell)
    }
}

impl Gather<MarksBallot> for MarksBallots {
    fn gather(&mut self, ballot: Distinct<MarksBallot>, weight: u64) {
        match ballot {
            Distinct::Packed(key) => self.push_marks(unpack_marks(key), weight),
            Distinct::Full(ballot) => self.push(ballot, weight),
        }
    }

    fn append(&mut self, later: Self) {
        MarksBallots::append(self, later);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::test_support::names;

    #[test]
    fn two_halves_read_the_same_as_one_pass() {
        let cands = names(&["王芳", "李强", "张伟"]);
        let mut text = String::from("ballot_id,王芳,李强,张伟,write_in\n");
        let cells = [
            "○,×,,",
            "赞成,反对,弃权,",
            ",?,yes,",
            "no,no,,陈静",
            "y,n,1,",
        ];
        for i in 0..20_000u64 {
            let id = (i * 7919) % 1_000_003;
            text.push_str(&format!("m{id},{}\n", cells[(i % 5) as usize]));
        }
        let src = Source::from_text("m.csv", text);
        let whole = read_split(&src, &cands, usize::MAX).unwrap();
        let halves = read_split(&src, &cands, 0).unwrap();
        assert_eq!(whole, halves);
        assert_eq!(halves.marks.total_weight(), 20_000);
        // "○,×," and "赞成,反对,弃权" are the same ballot.
        assert_eq!(halves.marks.ballots.len(), 4);
    }

    #[test]
    fn every_contract_token() {
        for t in [
            "yes", "YES", "y", "1", "赞成", "○", "√", " Yes ", "同意", "✔",
        ] {
            assert_eq!(parse_mark(t), Some(Mark::Yes), "{t}");
        }
        for t in ["no", "n", "0", "反对", "×", "x", "X", "不同意"] {
            assert_eq!(parse_mark(t), Some(Mark::No), "{t}");
        }
        for t in ["", "  ", "abstain", "弃权"] {
            assert_eq!(parse_mark(t), Some(Mark::Abstain), "{t}");
        }
        assert_eq!(parse_mark("?"), Some(Mark::Illegible));
        for t in ["maybe", "2", "yes!", "o", "△"] {
            assert_eq!(parse_mark(t), None, "{t}");
        }
        assert_eq!(parse_token(" △ "), Some(MarkToken::ProfileDefined));
    }

    #[test]
    fn reads_and_aggregates() {
        let src = Source::from_text(
            "b.csv",
            "ballot_id,王芳,李强,write_in\nb1,○,×,\nb2,赞成,反对,\nb3,,?,张三\n",
        );
        let bx = read(&src, &names(&["王芳", "李强"])).unwrap();
        assert_eq!(bx.marks.ballots.len(), 2);
        assert_eq!(bx.marks.ballots.weight(0), 2);
        let second = bx.marks.ballots.get(1).unwrap();
        assert_eq!(second.marks, &[Mark::Abstain, Mark::Illegible]);
        assert_eq!(second.write_ins, &["张三".to_string()]);
        assert_eq!(bx.roll.len(), 3);
        assert_eq!((bx.roll.id(2).as_str(), bx.roll.content(2)), ("b3", 1));
        assert_eq!(bx.marks.total_weight(), 3);
    }

    #[test]
    fn the_registry_has_each_token_once_and_every_common_mark_in_the_table() {
        let mut seen = std::collections::HashSet::new();
        for (token, meaning) in MARK_TOKENS {
            assert!(seen.insert(token.to_lowercase()), "{token:?} twice");
            assert_eq!(token, token.to_lowercase(), "Latin tokens in lower case");
            assert_eq!(parse_token(token), Some(meaning), "{token:?}");
        }
        // Only the nine-byte 不同意 is too long for the table.
        let long: Vec<&str> = MARK_TOKENS
            .iter()
            .filter(|(t, m)| matches!(m, MarkToken::Is(_)) && t.len() > 8)
            .map(|(t, _)| *t)
            .collect();
        assert_eq!(long, ["不同意"]);
    }

    /// The table's lookup of a cell, as a line reader does it.
    fn looked_up(table: &MarkTable, cell: &[u8]) -> Option<Mark> {
        let mut padded = cell.to_vec();
        padded.extend_from_slice(&[0; 8]);
        table.mark(&padded, 0, cell.len())
    }

    #[test]
    fn the_mark_table_agrees_with_the_registry() {
        let table = MarkTable::new().expect("every common mark has its own slot");
        let exact = |cell: &[u8]| {
            common_marks()
                .find(|(t, _)| t.as_bytes() == cell)
                .map(|(_, m)| m)
        };
        for (token, mark) in common_marks() {
            assert_eq!(looked_up(&table, token.as_bytes()), Some(mark), "{token:?}");
            assert_eq!(parse_mark(token), Some(mark), "{token:?}");
        }
        // Written otherwise, a mark is left to the general parser.
        for cell in [" yes", "YES", "Y", "不同意", "△", "maybe"] {
            assert_eq!(looked_up(&table, cell.as_bytes()), None, "{cell:?}");
        }
        // Cells made of pieces of marks, blanks, NUL and other bytes, up to 10 bytes long.
        let pieces: [&[u8]; 12] = [
            b"",
            b"\0",
            b" ",
            b"y",
            b"e",
            b"s",
            b"n",
            b"o",
            b"1",
            "○".as_bytes(),
            "赞".as_bytes(),
            &[0xe2],
        ];
        let mut seed = 7u64;
        for _ in 0..200_000 {
            let mut cell = Vec::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            for k in 0..(seed >> 60) % 5 {
                cell.extend_from_slice(pieces[((seed >> (8 * k)) % 12) as usize]);
            }
            cell.truncate(10);
            assert_eq!(looked_up(&table, &cell), exact(&cell), "{cell:?}");
            assert_eq!(table.mark_of(&cell), exact(&cell), "{cell:?}");
        }
        // A line cell read in the middle of a line sees only its own bytes.
        let line = b"yes,no,x\0\0\0\0\0\0\0\0";
        assert_eq!(table.mark(line, 0, 3), Some(Mark::Yes));
        assert_eq!(table.mark(line, 4, 6), Some(Mark::No));
        assert_eq!(table.mark(line, 0, 2), None);
    }

    #[test]
    fn a_column_that_is_no_candidate_is_an_error() {
        // Its marks would otherwise go uncounted (a candidate left out of the election file).
        let cands = names(&["A", "B"]);
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B,Dave\n1,yes,,yes\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("Dave")));
        assert!(e.message.contains("not a candidate"), "{e}");
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B,\n1,yes,,\n"),
            &cands,
        )
        .unwrap_err();
        assert!(e.message.contains("column 4 has no name"), "{e}");
    }

    #[test]
    fn common_lines_read_as_the_general_path_reads_them() {
        let cands = names(&["王芳", "李强", "张伟"]);
        let cells = [
            "",
            "yes",
            "1",
            "y",
            "no",
            "0",
            "n",
            "x",
            "?",
            "○",
            "√",
            "赞成",
            "×",
            "反对",
            "弃权",
            " yes",
            "YES",
            "abstain",
            "◯",
            "✓",
            "同意",
            "不同意",
            "✔",
        ];
        let mut text = String::from("ballot_id,王芳,write_in,李强,张伟,write_in_2\n");
        let mut seed = 11u64;
        for i in 0..3_000 {
            let mut pick = || {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                (seed >> 33) as usize
            };
            let write_in = ["", "赵六", " 钱七 "][pick() % 3];
            text.push_str(&format!(
                " b{i} ,{},{},{},{},{write_in}\n",
                cells[pick() % cells.len()],
                ["", "孙八"][pick() % 2],
                cells[pick() % cells.len()],
                cells[pick() % cells.len()]
            ));
        }
        let src = Source::from_text("m.csv", text.clone());
        let general = read_with(&src, &cands, usize::MAX, None).unwrap();
        assert_eq!(
            read_with(&src, &cands, usize::MAX, MarkTable::new()).unwrap(),
            general
        );
        assert_eq!(
            read_with(&src, &cands, 0, MarkTable::new()).unwrap(),
            general
        );
        // Errors too: a bad mark, a short line, a long line.
        for bad in [
            "b9,yes,n,maybe,no,\n",
            "b9,yes,n,△,no,\n",
            "b9,yes,n,no,\n",
            "b9,yes,n,no,y,,\n",
        ] {
            let src = Source::from_text("m.csv", format!("{text}{bad}"));
            let general = read_with(&src, &cands, usize::MAX, None).unwrap_err();
            let common = read_with(&src, &cands, usize::MAX, MarkTable::new()).unwrap_err();
            assert_eq!(common, general);
        }
    }

    #[test]
    fn packed_marks_unpack_to_themselves() {
        use Mark::*;
        for marks in [
            vec![],
            vec![Yes],
            vec![Illegible, No, Abstain, Yes],
            vec![No; 63],
        ] {
            let ballot = MarksBallot {
                marks,
                write_ins: Vec::new(),
            };
            let unpacked: Vec<Mark> = unpack_marks(pack_marks(&ballot).unwrap()).collect();
            assert_eq!(unpacked, ballot.marks);
        }
        let long = MarksBallot {
            marks: vec![Yes; 64],
            write_ins: Vec::new(),
        };
        assert_eq!(pack_marks(&long), None);
    }

    #[test]
    fn malformed_lines_name_file_line_and_column() {
        let cands = names(&["A", "B"]);
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B\n1,yes,no\n2,yes,maybe\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.line, e.field.as_deref()),
            (Some("m.csv"), Some(3), Some("B"))
        );
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B\n1,yes,no\n1,no,no\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("first on line 2"), "{e}");
        let e = read(&Source::from_text("m.csv", "ballot_id,A\n1,yes\n"), &cands).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("B")));
        let e = read(&Source::from_text("m.csv", "id,A,B\n1,yes,no\n"), &cands).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("ballot_id"));
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B\n1,yes\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B\n,yes,no\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = read(&Source::from_text("m.csv", ""), &cands).unwrap_err();
        assert_eq!(e.file.as_deref(), Some("m.csv"));
    }

    #[test]
    fn a_triangle_needs_a_profile_meaning_and_chinese_ids_are_ids() {
        let cands = names(&["A", "B"]);
        let e = read(
            &Source::from_text("m.csv", "票号,A,B\n1,同意,不同意\n2,✔,△\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.line, e.field.as_deref()),
            (Some("m.csv"), Some(3), Some("B"))
        );
        assert!(e.message.contains("rules profile"), "{e}");
        let bx = read(
            &Source::from_text("m.csv", "票号,A,B\n1,同意,不同意\n2,✔,×\n"),
            &cands,
        )
        .unwrap();
        assert_eq!(bx.marks.ballots.len(), 1);
        assert_eq!(bx.marks.total_weight(), 2);
        assert_eq!(bx.roll.id(1).as_str(), "2");
    }

    #[test]
    fn write_in_headers() {
        assert!(is_write_in_header("write_in"));
        assert!(is_write_in_header("Write_In_2"));
        assert!(is_write_in_header("write-in 3"));
        assert!(is_write_in_header("另选他人"));
        assert!(!is_write_in_header("write_ins_note"));
        assert!(!is_write_in_header("writer"));
    }

    /// Found by fuzzing (fuzz target `ballots`): a first half that ends inside a quoted
    /// field spanning lines reported its own "unterminated quoted field" instead of the
    /// error that one pass over the file gives.
    #[test]
    fn a_split_inside_a_quoted_field_gives_the_one_pass_error() {
        let cands = names(&["A", "B"]);
        let src = Source::from_text("m.csv", "ballot_id,A,B\n\"\n\"");
        let one_pass = read_split(&src, &cands, usize::MAX).unwrap_err();
        assert_eq!(read_split(&src, &cands, 0).unwrap_err(), one_pass);
        assert!(!one_pass.message.contains("unterminated"), "{one_pass:?}");
        // A file whose middle falls inside a quoted id spanning lines gives the one-pass
        // reading's error (an id holding a line break), on the id's line.
        let src = Source::from_text("m.csv", "ballot_id,A,B\n\"abcdefgh\nij\",yes,\n");
        let one_pass = read_split(&src, &cands, usize::MAX).unwrap_err();
        assert_eq!(read_split(&src, &cands, 0).unwrap_err(), one_pass);
        assert_eq!(
            (one_pass.line, one_pass.field.as_deref()),
            (Some(2), Some("ballot_id"))
        );
    }
}
