//! Ballot file readers and format detection.
//!
//! Each reader has `read(source, …, keep_ballots) -> Result<BallotBox>`; [`read_ballots`]
//! picks one for an election. The CSV readers (marks, ranks, choices) stream once over the
//! text with [`Records`], borrow every unquoted cell from the source, aggregate identical
//! ballots in a hash map keyed by the ballot's content, and check `ballot_id` uniqueness with
//! a set of string slices borrowed from the text. The individual ballots are kept only when
//! asked (records and receipts need them; a plain count does not).

pub mod blt;
pub mod choices;
pub mod marks;
pub mod preflib;
pub mod ranks;

use super::election::Election;
use super::BallotBox;
use crate::error::{Error, Result};
use crate::input::{normalize_header, Source};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A ballot file format (`--ballot-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotFormat {
    /// Marks CSV: `ballot_id`, one yes/no/abstain column per candidate, `write_in` columns.
    Marks,
    /// Ranks CSV: `ballot_id`, one rank column per candidate.
    Ranks,
    /// Choices CSV (cast-vote record): `1st Choice`, `2nd Choice`, … or `choice_1`, ….
    Choices,
    /// BLT (OpenSTV / Droop).
    Blt,
    /// PrefLib `.soc`, `.soi`, `.toc`, `.toi`.
    Preflib,
}

impl BallotFormat {
    /// The format's name for `--ballot-format`.
    pub fn name(self) -> &'static str {
        match self {
            BallotFormat::Marks => "marks",
            BallotFormat::Ranks => "ranks",
            BallotFormat::Choices => "choices",
            BallotFormat::Blt => "blt",
            BallotFormat::Preflib => "preflib",
        }
    }

    /// Whether ballots in this format are ranked.
    pub fn is_ranked(self) -> bool {
        self != BallotFormat::Marks
    }

    /// Picks the format of `source`: by extension (`.blt`, `.soc/.soi/.toc/.toi`), else a
    /// CSV whose header has choice columns is a choices file, else ranks for ranked methods
    /// and marks otherwise.
    pub fn detect(source: &Source, election: &Election) -> BallotFormat {
        let lower = source.name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "blt" => return BallotFormat::Blt,
            "soc" | "soi" | "toc" | "toi" => return BallotFormat::Preflib,
            _ => {}
        }
        let mut records = Records::new(source);
        let mut header = Vec::new();
        if let Ok(Some(_)) = records.next(&mut header) {
            if header.iter().any(|h| choice_number(h).is_some()) {
                return BallotFormat::Choices;
            }
        }
        if election.method.is_ranked() {
            BallotFormat::Ranks
        } else {
            BallotFormat::Marks
        }
    }
}

impl std::str::FromStr for BallotFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "marks" => Ok(BallotFormat::Marks),
            "ranks" => Ok(BallotFormat::Ranks),
            "choices" | "cvr" => Ok(BallotFormat::Choices),
            "blt" => Ok(BallotFormat::Blt),
            "preflib" | "soc" | "soi" | "toc" | "toi" => Ok(BallotFormat::Preflib),
            other => Err(format!(
                "unknown ballot format '{other}', expected marks, ranks, choices, blt or preflib"
            )),
        }
    }
}

/// Reads the ballots of `election` from `source` in `format`.
pub fn read_ballots(
    source: &Source,
    format: BallotFormat,
    election: &Election,
    keep_ballots: bool,
) -> Result<BallotBox> {
    if format.is_ranked() != election.method.is_ranked() {
        let (file_kind, wanted) = if format.is_ranked() {
            ("ranked ballots", "marks ballots (a marks CSV)")
        } else {
            (
                "marks ballots",
                "ranked ballots (a ranks or choices CSV, BLT or PrefLib file)",
            )
        };
        return Err(Error::input(format!(
            "this {} file holds {file_kind}, but method {} counts {wanted}",
            format.name(),
            election.method.name()
        ))
        .file(&source.name));
    }
    let candidates = election.candidates.as_deref();
    match format {
        BallotFormat::Marks => {
            let names = candidates.ok_or_else(|| {
                Error::input("a marks file needs the election's candidate list")
                    .file(&election.file)
                    .field("candidates")
            })?;
            marks::read(source, names, keep_ballots)
        }
        BallotFormat::Ranks => ranks::read(source, candidates, keep_ballots),
        BallotFormat::Choices => choices::read(source, candidates, keep_ballots),
        BallotFormat::Blt => blt::read(source, candidates, keep_ballots),
        BallotFormat::Preflib => preflib::read(source, candidates, keep_ballots),
    }
}

/// The rank a choices-CSV header names: `1st Choice` → 1, `choice_3` → 3.
pub fn choice_number(header: &str) -> Option<u32> {
    let h = normalize_header(header);
    let digits_then = |s: &str| -> Option<(u32, usize)> {
        let end = s.bytes().take_while(|b| b.is_ascii_digit()).count();
        if end == 0 {
            return None;
        }
        s[..end].parse().ok().map(|n| (n, end))
    };
    if let Some(rest) = h.strip_prefix("choice") {
        let rest = rest.trim_start_matches(['_', ' ', '-']);
        let (n, end) = digits_then(rest)?;
        return (end == rest.len() && n >= 1).then_some(n);
    }
    let (n, end) = digits_then(&h)?;
    let rest = &h[end..];
    let rest = rest
        .strip_prefix("st")
        .or_else(|| rest.strip_prefix("nd"))
        .or_else(|| rest.strip_prefix("rd"))
        .or_else(|| rest.strip_prefix("th"))?;
    (rest.trim_start_matches([' ', '_']) == "choice" && n >= 1).then_some(n)
}

/// FxHash (the rustc hasher): fast for the short keys of ballot aggregation. Ballot files come
/// from the committee, so hash flooding is not a concern here.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

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
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
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
        // A final avalanche (murmur3's fmix64) so that the low bits, which pick the bucket,
        // depend on every input byte.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

/// A hash map with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Streams the records of a CSV text (RFC 4180: quoted fields, `""` escapes, CRLF or LF),
/// borrowing unquoted cells from the text. Entirely empty lines are skipped.
pub struct Records<'a> {
    name: &'a str,
    text: &'a str,
    pos: usize,
    line: u64,
}

impl<'a> Records<'a> {
    /// A record stream over `source`.
    pub fn new(source: &'a Source) -> Records<'a> {
        Records {
            name: &source.name,
            text: &source.text,
            pos: 0,
            line: 1,
        }
    }

    /// Reads the next record into `fields` and returns its first line number, or `None` at
    /// the end of the text.
    #[inline]
    pub fn next(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<Option<u64>> {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        'record: loop {
            if self.pos >= bytes.len() {
                return Ok(None);
            }
            fields.clear();
            let mut start = self.pos;
            let mut i = self.pos;
            loop {
                match bytes.get(i) {
                    Some(b',') => {
                        fields.push(Cow::Borrowed(&text[start..i]));
                        i += 1;
                        start = i;
                    }
                    Some(b'\n') | None => {
                        let mut end = i;
                        if end > start && bytes[end - 1] == b'\r' {
                            end -= 1;
                        }
                        let number = self.line;
                        self.pos = (i + 1).min(bytes.len());
                        self.line += 1;
                        if fields.is_empty() && end == start {
                            continue 'record; // an empty line
                        }
                        fields.push(Cow::Borrowed(&text[start..end]));
                        return Ok(Some(number));
                    }
                    Some(b'"') => return self.quoted(fields).map(Some),
                    Some(_) => i += 1,
                }
            }
        }
    }

    /// Fast path: the next record as its raw line (without line end) when it has no quotes,
    /// else `fields` filled by the full parser and `None` in place of the line. Returns the
    /// record's first line number, or `None` at the end.
    #[inline]
    pub fn next_raw(
        &mut self,
        fields: &mut Vec<Cow<'a, str>>,
    ) -> Result<Option<(u64, Option<&'a str>)>> {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        loop {
            if self.pos >= bytes.len() {
                return Ok(None);
            }
            let start = self.pos;
            let (end, quote) = find_line_end(bytes, start);
            if quote {
                return self.quoted(fields).map(|n| Some((n, None)));
            }
            let number = self.line;
            self.pos = (end + 1).min(bytes.len());
            self.line += 1;
            let mut stop = end;
            if stop > start && bytes[stop - 1] == b'\r' {
                stop -= 1;
            }
            if stop == start {
                continue;
            }
            return Ok(Some((number, Some(&text[start..stop]))));
        }
    }

    /// The slow path: a record with quotes, possibly spanning lines.
    fn quoted(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<u64> {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        let start_line = self.line;
        fields.clear();
        let mut i = self.pos;
        loop {
            // At the start of a field.
            if i < bytes.len() && bytes[i] == b'"' {
                let content_start = i + 1;
                let mut owned: Option<String> = None;
                let mut chunk_start = content_start;
                let mut j = content_start;
                loop {
                    match bytes.get(j) {
                        None => {
                            return Err(Error::input(
                                "unterminated quoted field, expected a closing '\"'",
                            )
                            .file(self.name)
                            .line(start_line))
                        }
                        Some(b'"') if bytes.get(j + 1) == Some(&b'"') => {
                            owned
                                .get_or_insert_with(String::new)
                                .push_str(&text[chunk_start..j + 1]);
                            j += 2;
                            chunk_start = j;
                        }
                        Some(b'"') => break,
                        Some(b'\n') => {
                            self.line += 1;
                            j += 1;
                        }
                        Some(_) => j += 1,
                    }
                }
                // bytes[j] is the closing quote.
                let cell: Cow<'a, str> = match owned {
                    Some(mut s) => {
                        s.push_str(&text[chunk_start..j]);
                        Cow::Owned(s)
                    }
                    None => Cow::Borrowed(&text[content_start..j]),
                };
                fields.push(cell);
                i = j + 1;
                match bytes.get(i) {
                    Some(b',') => {
                        i += 1;
                        continue;
                    }
                    Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => {
                        i += 2;
                        break;
                    }
                    Some(b'\n') => {
                        i += 1;
                        break;
                    }
                    None => break,
                    Some(_) => {
                        return Err(Error::input(
                            "unexpected text after a closing quote, expected ',' or the end of the line",
                        )
                        .file(self.name)
                        .line(self.line))
                    }
                }
            } else {
                let rest = &text[i..];
                let end = rest
                    .bytes()
                    .position(|b| b == b',' || b == b'\n')
                    .unwrap_or(rest.len());
                let mut cell = &rest[..end];
                let at = bytes.get(i + end).copied();
                if at != Some(b',') {
                    if let Some(c) = cell.strip_suffix('\r') {
                        cell = c;
                    }
                }
                fields.push(Cow::Borrowed(cell));
                i += end;
                match at {
                    Some(b',') => {
                        i += 1;
                        continue;
                    }
                    Some(_) => {
                        i += 1;
                        break;
                    }
                    None => break,
                }
            }
        }
        self.pos = i;
        self.line += 1;
        Ok(start_line)
    }
}

/// The end of the line starting at `start` (index of its `\n`, or the text's length) and
/// whether a `"` comes before it; eight bytes at a time.
#[inline]
fn find_line_end(bytes: &[u8], start: usize) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has = |word: u64, byte: u8| {
        let x = word ^ (ONES * byte as u64);
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut i = start;
    while i + 8 <= bytes.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[i..i + 8]);
        let word = u64::from_le_bytes(w);
        if has(word, b'\n') | has(word, b'"') != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => return (i, false),
            b'"' => return (i, true),
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// Calls `cell(column, text)` for each comma-separated cell of a quote-free line and returns
/// the number of cells.
#[inline]
pub(crate) fn for_each_cell<'a>(
    line: &'a str,
    mut cell: impl FnMut(usize, &'a str) -> Result<()>,
) -> Result<usize> {
    let bytes = line.as_bytes();
    let mut col = 0;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b',' {
            cell(col, &line[start..i])?;
            col += 1;
            start = i + 1;
        }
    }
    cell(col, &line[start..])?;
    Ok(col + 1)
}

/// Calls `cell(column, text)` for every cell of one record (the quote-free raw line when the
/// reader has it, else the parsed fields), checks the field count against the header, and
/// returns the trimmed `ballot_id` cell.
#[inline]
#[allow(clippy::too_many_arguments)]
pub(crate) fn visit_record<'a>(
    raw: Option<&'a str>,
    fields: &[Cow<'a, str>],
    id_col: usize,
    width: usize,
    name: &str,
    line: u64,
    mut cell: impl FnMut(usize, &str) -> Result<()>,
) -> Result<Cow<'a, str>> {
    match raw {
        Some(text) => {
            let mut id = "";
            let n = for_each_cell(text, |col, t| {
                if col == id_col {
                    id = t.trim();
                }
                cell(col, t)
            })?;
            if n != width {
                return Err(width_error(n, width, name, line));
            }
            Ok(Cow::Borrowed(id))
        }
        None => {
            check_width(fields, width, name, line)?;
            for (col, f) in fields.iter().enumerate() {
                cell(col, f)?;
            }
            Ok(trimmed(&fields[id_col]))
        }
    }
}

/// Reads the header row of a CSV ballot file (trimmed names); an empty file is an error.
pub(crate) fn read_header<'a>(records: &mut Records<'a>, name: &str) -> Result<Vec<String>> {
    let mut fields = Vec::new();
    match records.next(&mut fields)? {
        Some(_) => Ok(fields.iter().map(|f| f.trim().to_string()).collect()),
        None => Err(Error::input("empty file, expected a header row").file(name)),
    }
}

/// Checks one record's field count against the header.
#[inline]
pub(crate) fn check_width(fields: &[Cow<str>], width: usize, name: &str, line: u64) -> Result<()> {
    if fields.len() != width {
        return Err(width_error(fields.len(), width, name, line));
    }
    Ok(())
}

/// The error for a record with the wrong number of fields.
#[cold]
pub(crate) fn width_error(found: usize, width: usize, name: &str, line: u64) -> Error {
    Error::input(format!(
        "found {found} fields, expected {width} (one per header column)"
    ))
    .file(name)
    .line(line)
}

/// `ballot_id` uniqueness: collects (hash, row) pairs while streaming (sequential writes, no
/// hash-table probes), then [`IdSet::finish`] sorts them and confirms equal hashes by
/// comparing the ids, naming both lines of a duplicate.
pub(crate) struct IdSet<'a> {
    hashes: Vec<(u64, u32)>,
    ids: Vec<Cow<'a, str>>,
    lines: Vec<u64>,
}

impl<'a> IdSet<'a> {
    pub(crate) fn with_capacity(n: usize) -> IdSet<'a> {
        IdSet {
            hashes: Vec::with_capacity(n),
            ids: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
        }
    }

    /// Records `id` from `line`; an empty id is an input error.
    #[inline]
    pub(crate) fn insert(&mut self, id: Cow<'a, str>, name: &str, line: u64) -> Result<()> {
        if id.is_empty() {
            return Err(
                Error::input("empty ballot_id, expected a unique id per ballot")
                    .file(name)
                    .line(line)
                    .field("ballot_id"),
            );
        }
        let row = self.ids.len() as u32;
        self.hashes.push((Aggregator::hash(id.as_ref()), row));
        self.ids.push(id);
        self.lines.push(line);
        Ok(())
    }

    /// Checks that every id is unique; a repeat is an input error on its later line naming
    /// the earlier one.
    pub(crate) fn finish(mut self, name: &str) -> Result<()> {
        self.hashes.sort_unstable();
        let mut worst: Option<(u32, u32)> = None; // (later row, earlier row), earliest later row
        let mut k = 0;
        while k < self.hashes.len() {
            let mut end = k + 1;
            while end < self.hashes.len() && self.hashes[end].0 == self.hashes[k].0 {
                end += 1;
            }
            if end - k > 1 {
                // Rows are sorted within a hash; compare each with the earlier ones.
                for a in k + 1..end {
                    for b in k..a {
                        let (later, earlier) = (self.hashes[a].1, self.hashes[b].1);
                        if self.ids[later as usize] == self.ids[earlier as usize]
                            && worst.is_none_or_later(later)
                        {
                            worst = Some((later, earlier));
                            break;
                        }
                    }
                }
            }
            k = end;
        }
        match worst {
            None => Ok(()),
            Some((later, earlier)) => Err(Error::input(format!(
                "duplicate ballot_id '{}', first on line {}",
                self.ids[later as usize], self.lines[earlier as usize]
            ))
            .file(name)
            .line(self.lines[later as usize])
            .field("ballot_id")),
        }
    }
}

trait EarliestDuplicate {
    fn is_none_or_later(&self, row: u32) -> bool;
}

impl EarliestDuplicate for Option<(u32, u32)> {
    /// Whether `row` is an earlier duplicate than the one found so far.
    fn is_none_or_later(&self, row: u32) -> bool {
        match self {
            None => true,
            Some((later, _)) => row < *later,
        }
    }
}

/// Aggregates identical ballots: maps a 64-bit content hash to the ballot's position in the
/// profile; equal hashes are confirmed by comparing content, and true collisions are kept in
/// an overflow list, so aggregation is exact.
pub(crate) struct Aggregator {
    by_hash: FastMap<u64, u32>,
    overflow: Vec<(u64, u32)>,
}

impl Aggregator {
    pub(crate) fn with_capacity(n: usize) -> Aggregator {
        Aggregator {
            by_hash: FastMap::with_capacity_and_hasher(n, Default::default()),
            overflow: Vec::new(),
        }
    }

    /// The 64-bit hash of a ballot's content.
    #[inline]
    pub(crate) fn hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
        let mut h = FxHasher::default();
        value.hash(&mut h);
        h.finish()
    }

    /// The position of the ballot with `hash` for which `same(position)` holds, or `None`
    /// after recording `next` (the position the caller is about to push) for it.
    #[inline]
    pub(crate) fn find_or_insert(
        &mut self,
        hash: u64,
        next: u32,
        same: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        match self.by_hash.entry(hash) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(next);
                None
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                let first = *e.get();
                if same(first) {
                    return Some(first);
                }
                if let Some(&(_, i)) = self.overflow.iter().find(|(h, i)| *h == hash && same(*i)) {
                    return Some(i);
                }
                self.overflow.push((hash, next));
                None
            }
        }
    }
}

/// Trims a cell, keeping it borrowed when it was.
#[inline]
pub(crate) fn trimmed<'a>(cell: &Cow<'a, str>) -> Cow<'a, str> {
    match cell {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
    }
}

/// A rough count of the data lines, to size hash maps.
pub(crate) fn estimate_rows(text: &str) -> usize {
    let sample = &text.as_bytes()[..text.len().min(1 << 16)];
    let lines = sample.iter().filter(|&&b| b == b'\n').count().max(1);
    (text.len() as u128 * lines as u128 / sample.len().max(1) as u128) as usize + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<(u64, Vec<String>)>> {
        let src = Source::from_text("t.csv", text);
        let mut r = Records::new(&src);
        let mut out = Vec::new();
        let mut f = Vec::new();
        while let Some(line) = r.next(&mut f)? {
            out.push((line, f.iter().map(|c| c.to_string()).collect()));
        }
        Ok(out)
    }

    #[test]
    fn splits_plain_and_quoted_records() {
        let rows =
            all("a,b\r\n1,2\n\n\"x,y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,\"\"").unwrap();
        assert_eq!(rows[0], (1, vec!["a".into(), "b".into()]));
        assert_eq!(rows[1], (2, vec!["1".into(), "2".into()]));
        assert_eq!(rows[2], (4, vec!["x,y".into(), "say \"hi\"".into()]));
        assert_eq!(rows[3], (5, vec!["multi\nline".into(), "z".into()]));
        assert_eq!(rows[4], (7, vec!["last".into(), "".into()]));
        let rows = all("a,\"b\"\r\nc,d\r\n").unwrap();
        assert_eq!(rows[0].1, vec!["a", "b"]);
        assert_eq!(rows[1], (2, vec!["c".into(), "d".into()]));
    }

    #[test]
    fn bad_quotes_name_the_line() {
        let e = all("a,b\n1,\"open\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = all("a,b\n\"x\"y,1\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn choice_headers() {
        assert_eq!(choice_number("1st Choice"), Some(1));
        assert_eq!(choice_number(" 2nd choice "), Some(2));
        assert_eq!(choice_number("3rd Choice"), Some(3));
        assert_eq!(choice_number("11th Choice"), Some(11));
        assert_eq!(choice_number("choice_4"), Some(4));
        assert_eq!(choice_number("Choice 5"), Some(5));
        assert_eq!(choice_number("Precinct"), None);
        assert_eq!(choice_number("choices"), None);
        assert_eq!(choice_number("ballot_id"), None);
    }

    #[test]
    fn aggregator_keeps_colliding_ballots_apart() {
        // Every ballot gets the same hash: equal content is still merged, different kept.
        let mut agg = Aggregator::with_capacity(4);
        let mut known: Vec<&str> = Vec::new();
        let mut weights: Vec<u64> = Vec::new();
        for item in ["x", "y", "x", "y", "z", "x"] {
            let next = known.len() as u32;
            match agg.find_or_insert(42, next, |i| known[i as usize] == item) {
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
    fn duplicate_ids_name_the_earliest_repeat() {
        let mut ids = IdSet::with_capacity(4);
        for (id, line) in [("a", 2), ("b", 3), ("c", 4), ("b", 5), ("a", 6)] {
            ids.insert(Cow::Borrowed(id), "d.csv", line).unwrap();
        }
        let e = ids.finish("d.csv").unwrap_err();
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("'b', first on line 3"), "{e}");
        let mut ids = IdSet::with_capacity(2);
        ids.insert(Cow::Owned("q\"x".to_string()), "d.csv", 2)
            .unwrap();
        ids.insert(Cow::Borrowed("q"), "d.csv", 3).unwrap();
        assert!(ids.finish("d.csv").is_ok());
    }

    #[test]
    fn format_names() {
        assert_eq!("ranks".parse::<BallotFormat>(), Ok(BallotFormat::Ranks));
        assert!("xml".parse::<BallotFormat>().is_err());
    }
}
