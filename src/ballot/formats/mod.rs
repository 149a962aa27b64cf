//! Ballot file readers and format detection.
//!
//! Each reader has `read(source, …) -> Result<BallotBox>`; [`read_ballots`] picks one for an
//! election. The CSV readers (marks, ranks, choices) stream once over the text with
//! [`Records`], borrow every unquoted cell from the source, aggregate identical ballots by an
//! exact packed key (or a hash confirmed by comparison), and list every ballot in the
//! [`BallotRoll`] (id, line, distinct ballot), whose ids are checked unique once sorted.
//! Large quote-free marks, ranks and choices bodies (choices: when the election fixes the
//! candidate list and the file has ballot ids) are read in two halves on two threads.

pub mod blt;
pub mod choices;
pub mod marks;
pub mod preflib;
pub mod ranks;

use super::election::{BallotKind, Election};
use super::roll::BallotRoll;
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
    /// Numbered ranked ballots (a `congress-record/2` record's `ballots.csv`): `ballot_id`,
    /// `rank_1`, `rank_2`, … holding candidate numbers.
    Numbered,
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
            BallotFormat::Numbered => "numbered",
            BallotFormat::Blt => "blt",
            BallotFormat::Preflib => "preflib",
        }
    }

    /// What ballots in this format hold.
    pub fn ballot_kind(self) -> BallotKind {
        match self {
            BallotFormat::Marks => BallotKind::Marks,
            BallotFormat::Ranks
            | BallotFormat::Choices
            | BallotFormat::Numbered
            | BallotFormat::Blt
            | BallotFormat::Preflib => BallotKind::Ranked,
        }
    }

    /// Whether ballots in this format are ranked.
    pub fn is_ranked(self) -> bool {
        self.ballot_kind() == BallotKind::Ranked
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
            if header.len() > 1
                && normalize_header(&header[0]) == "ballot_id"
                && header[1..]
                    .iter()
                    .all(|h| choices::rank_number(h).is_some())
            {
                return BallotFormat::Numbered;
            }
            if header.iter().any(|h| choice_number(h).is_some()) {
                return BallotFormat::Choices;
            }
        }
        match election.method.ballot_kind() {
            BallotKind::Ranked => BallotFormat::Ranks,
            BallotKind::Marks => BallotFormat::Marks,
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
            "numbered" => Ok(BallotFormat::Numbered),
            "blt" => Ok(BallotFormat::Blt),
            "preflib" | "soc" | "soi" | "toc" | "toi" => Ok(BallotFormat::Preflib),
            other => Err(format!(
                "unknown ballot format '{other}', expected marks, ranks, choices, numbered, blt or \
                 preflib"
            )),
        }
    }
}

/// Reads the ballots of `election` from `source` in `format`.
pub fn read_ballots(
    source: &Source,
    format: BallotFormat,
    election: &Election,
) -> Result<BallotBox> {
    if format.ballot_kind() != election.method.ballot_kind() {
        let (file_kind, wanted) = match format.ballot_kind() {
            BallotKind::Ranked => ("ranked ballots", "marks ballots (a marks CSV)"),
            BallotKind::Marks => (
                "marks ballots",
                "ranked ballots (a ranks or choices CSV, BLT or PrefLib file)",
            ),
        };
        return Err(Error::input(format!(
            "this {} file holds {file_kind}, but method {} counts {wanted}",
            format.name(),
            election.method.name()
        ))
        .file(&source.name));
    }
    let candidates = election.candidates.as_deref();
    let ballots = read_format(source, format, election, candidates)?;
    // Names a ballot file gives (BLT, PrefLib, a choices or ranks file without the
    // election's list) are held to the election file's rules.
    let named = |m: String| Error::input(m).file(&source.name).field("candidates");
    if candidates.is_none() {
        if let Some(m) = ballots
            .candidates
            .iter()
            .find_map(|n| crate::input::bad_name(n))
        {
            return Err(named(m));
        }
    }
    if let Some(m) = crate::input::confusable_names(&ballots.candidates) {
        return Err(named(m));
    }
    Ok(ballots)
}

/// [`read_ballots`] by the reader of `format`.
fn read_format(
    source: &Source,
    format: BallotFormat,
    election: &Election,
    candidates: Option<&[String]>,
) -> Result<BallotBox> {
    match format {
        BallotFormat::Marks => {
            let names = candidates.ok_or_else(|| {
                Error::input("a marks file needs the election's candidate list")
                    .file(&election.file)
                    .field("candidates")
            })?;
            marks::read(source, names)
        }
        BallotFormat::Ranks => ranks::read(source, candidates),
        BallotFormat::Choices => choices::read(
            source,
            candidates,
            choices::Repeats::of(&election.ranked_rules),
        ),
        BallotFormat::Numbered => {
            let names = candidates.ok_or_else(|| {
                Error::input(
                    "numbered ballots (a record's ballots.csv) need the election's candidate \
                     list: copy candidates from the record's election.json",
                )
                .file(&election.file)
                .field("candidates")
            })?;
            if let Some(name) = names.iter().find(|n| choices::rank_number(n).is_some()) {
                return Err(Error::input(format!(
                    "candidate '{name}' is named like a column of numbered ballots, so this \
                     header could also be a ranks CSV: pass --ballot-format ranks"
                ))
                .file(&source.name)
                .line(1));
            }
            choices::read_numbered(source, names, choices::Repeats::of(&election.ranked_rules))
        }
        BallotFormat::Blt => blt::read(source, candidates),
        BallotFormat::Preflib => preflib::read(source, candidates),
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
#[derive(Clone)]
pub struct Records<'a> {
    name: &'a str,
    text: &'a str,
    pos: usize,
    line: u64,
}

impl<'a> Records<'a> {
    /// A record stream over `source`.
    pub fn new(source: &'a Source) -> Records<'a> {
        Records::from_str(&source.name, &source.text, 1)
    }

    /// A record stream over `text` (of the file `name`), whose first line is `first_line`.
    pub fn from_str(name: &'a str, text: &'a str, first_line: u64) -> Records<'a> {
        Records {
            name,
            text,
            pos: 0,
            line: first_line,
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

/// Nonzero when some byte of `word` is `byte` (the classic has-zero-byte test on
/// `word ^ byte…`; the lowest flagged byte is exact).
#[inline]
fn has_byte(word: u64, byte: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let x = word ^ (ONES * byte as u64);
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The eight bytes at `i`, little-endian.
#[inline]
fn word_at(bytes: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[i..i + 8]);
    u64::from_le_bytes(w)
}

/// The end of the line starting at `start` (index of its `\n`, or the text's length) and
/// whether a `"` comes before it; eight bytes at a time.
#[inline]
fn find_line_end(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut i = start;
    while i + 8 <= bytes.len() {
        let word = word_at(bytes, i);
        if has_byte(word, b'\n') | has_byte(word, b'"') != 0 {
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

/// The index of the first `\n` at or after `start`, or the text's length; eight bytes at a
/// time.
#[inline]
pub(crate) fn find_newline(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i + 8 <= bytes.len() {
        let found = has_byte(word_at(bytes, i), b'\n');
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| i + p)
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
        Some(_) if fields.len() > crate::limits::MAX_COLUMNS => Err(Error::input(format!(
            "{} columns, expected at most {} (docs/reliability.md)",
            fields.len(),
            crate::limits::MAX_COLUMNS
        ))
        .file(name)
        .line(1)),
        Some(_) => Ok(fields.iter().map(|f| f.trim().to_string()).collect()),
        None => Err(Error::input("empty file, expected a header row").file(name)),
    }
}

/// The header column of each candidate: the one named exactly as the candidate (trimmed),
/// else the one named so ignoring case that no candidate names exactly; an error on line 1
/// for a candidate with no such column or with two.
pub(crate) fn candidate_columns(
    header: &[String],
    id_col: usize,
    candidates: &[String],
    name: &str,
) -> Result<Vec<usize>> {
    let written: Vec<&str> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}'))
        .collect();
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    // The columns under each written and each normalized name (the id column aside).
    let mut by_written: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_normalized: HashMap<&str, Vec<usize>> = HashMap::new();
    for i in (0..header.len()).filter(|&i| i != id_col) {
        by_written.entry(written[i]).or_default().push(i);
        by_normalized
            .entry(normalized[i].as_str())
            .or_default()
            .push(i);
    }
    // Columns some candidate names exactly are that candidate's alone.
    let exact_names: std::collections::HashSet<&str> =
        candidates.iter().map(|c| c.trim()).collect();
    let mut columns = Vec::with_capacity(candidates.len());
    for c in candidates {
        let mut cols: Vec<usize> = by_written.get(c.trim()).cloned().unwrap_or_default();
        if cols.is_empty() {
            let wanted = normalize_header(c);
            cols = by_normalized
                .get(wanted.as_str())
                .map(|found| {
                    found
                        .iter()
                        .copied()
                        .filter(|&i| !exact_names.contains(written[i]))
                        .collect()
                })
                .unwrap_or_default();
        }
        match cols.as_slice() {
            [col] => columns.push(*col),
            [] => {
                return Err(Error::input(format!(
                    "missing column for candidate '{c}', expected one column per candidate \
                     (found: {})",
                    crate::error::bounded_list(header)
                ))
                .file(name)
                .line(1)
                .field(c.as_str()))
            }
            _ => {
                return Err(Error::input(format!("two columns for candidate '{c}'"))
                    .file(name)
                    .line(1)
                    .field(c.as_str()))
            }
        }
    }
    Ok(columns)
}

/// Fails on the first header column that is none of `known` (the id, the candidates, write-in
/// columns): its cells would otherwise go uncounted without a word. `expected` says what the
/// header should hold.
pub(crate) fn check_no_stray_columns(
    header: &[String],
    known: impl Fn(usize) -> bool,
    name: &str,
    expected: &str,
) -> Result<()> {
    match (0..header.len()).find(|&i| !known(i)) {
        None => Ok(()),
        Some(i) => {
            let column = header[i].trim();
            let what = if column.is_empty() {
                format!("column {} has no name", i + 1)
            } else {
                format!("column '{column}' is not a candidate of the election")
            };
            Err(Error::input(format!(
                "{what}, expected {expected}; remove the column, or name the candidate in the \
                 election file"
            ))
            .file(name)
            .line(1)
            .field(column))
        }
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

/// A CSV ballot format's reading of one record into its content (a ranking, a marks
/// ballot), for [`read_csv_body`].
pub(crate) trait RecordReader: Sync {
    /// What one ballot says.
    type Content: Clone + Eq + std::hash::Hash + Send;
    /// An empty content to parse into.
    fn empty(&self) -> Self::Content;
    /// Parses one record (the quote-free raw line when there is one, else its fields) into
    /// `content` and returns the trimmed `ballot_id`; errors name file, line and field.
    fn parse<'a>(
        &self,
        raw: Option<&'a str>,
        fields: &[Cow<'a, str>],
        line: u64,
        content: &mut Self::Content,
    ) -> Result<Cow<'a, str>>;
    /// An exact 128-bit key for small contents (the common case), else `None`.
    fn pack(content: &Self::Content) -> Option<u128>;
    /// What the distinct ballots are gathered into once the body is read.
    type Gathered: Gather<Self::Content>;
}

/// The distinct ballots of a body, gathered from an [`Interner`] once it is read.
pub(crate) trait Gather<C>: Default + Send {
    /// Adds one distinct ballot (by its key from [`RecordReader::pack`], or in full) with
    /// its weight.
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

/// Open addressing (linear probing, at most half full) from exact 128-bit keys to positions.
/// A slot holds only a position and 32 bits of the key's hash (8 bytes, a third of what the
/// key itself would take: for a million distinct ballots the table is touched once, not
/// three times over); the key itself is compared in the caller's list of keys when the hash
/// bits agree. The top bits of those 32 give the key's home slot, so the table grows
/// without the keys. A batch of look-ups first touches every key's home slot, as
/// independent loads the processor overlaps, so the batch waits for memory about once
/// instead of once per key.
pub(crate) struct KeyTable {
    /// (hash bits, position); position `EMPTY_SLOT` marks a free slot.
    slots: Vec<(u32, u32)>,
    /// log2 of the number of slots.
    bits: u32,
    len: usize,
}

const EMPTY_SLOT: u32 = u32::MAX;

impl KeyTable {
    fn with_capacity(keys: usize) -> KeyTable {
        let size = (keys.max(8) * 2).next_power_of_two().min(1 << 32);
        KeyTable {
            slots: vec![(0, EMPTY_SLOT); size],
            bits: size.trailing_zeros(),
            len: 0,
        }
    }

    /// The 32 hash bits a slot keeps for `key`.
    #[inline]
    fn tag(key: u128) -> u32 {
        let mut h = (key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        (h >> 32) as u32
    }

    /// The home slot of a key with hash bits `tag`.
    #[inline]
    fn home(&self, tag: u32) -> usize {
        (u64::from(tag) >> (32 - self.bits)) as usize
    }

    /// Loads the home slot of every key (a prefetch that needs no `unsafe`).
    #[inline]
    fn touch(&self, keys: &[u128]) {
        let mut any = 0u32;
        for &key in keys {
            any ^= self.slots[self.home(Self::tag(key))].0;
        }
        std::hint::black_box(any);
    }

    /// The position stored for `key`, or `None` after storing `next` for it; `keys[p]` is
    /// the key of every position `p` stored.
    #[inline]
    fn find_or_insert(&mut self, key: u128, next: u32, keys: &[u128]) -> Option<u32> {
        let tag = Self::tag(key);
        let mask = self.slots.len() - 1;
        let mut at = self.home(tag);
        loop {
            let (t, position) = self.slots[at];
            if position == EMPTY_SLOT {
                self.slots[at] = (tag, next);
                self.len += 1;
                if self.len * 2 > self.slots.len() {
                    self.grow();
                }
                return None;
            }
            if t == tag && keys[position as usize] == key {
                return Some(position);
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, EMPTY_SLOT); size]);
        self.bits += 1;
        let mask = size - 1;
        for (tag, position) in old {
            if position == EMPTY_SLOT {
                continue;
            }
            let mut at = self.home(tag);
            while self.slots[at].1 != EMPTY_SLOT {
                at = (at + 1) & mask;
            }
            self.slots[at] = (tag, position);
        }
    }
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
    packed: KeyTable,
    hashed: Aggregator,
}

impl<C: Clone + Eq + std::hash::Hash> Interner<C> {
    pub(crate) fn with_capacity(distinct: usize) -> Interner<C> {
        Interner {
            keys: Vec::with_capacity(distinct),
            weights: Vec::with_capacity(distinct),
            full: Vec::new(),
            packed: KeyTable::with_capacity(distinct),
            hashed: Aggregator::with_capacity(0),
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
        match self.packed.find_or_insert(key, next, &self.keys) {
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

    /// Adds one ballot for each key, in order, writing each one's position to `positions`.
    #[inline]
    fn add_packed_batch(&mut self, keys: &[u128], positions: &mut [u32]) {
        self.packed.touch(keys);
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
        let hash = Aggregator::hash(&*content);
        let full = &self.full;
        let found = self.hashed.find_or_insert(hash, next, |i| {
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
    fn place_all(&mut self, block: Vec<Distinct<C>>, positions: &mut Vec<u32>) {
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
            self.packed.touch(&keys[..packed]);
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
    fn distinct_from(&self, from: usize) -> Vec<Distinct<C>> {
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

/// One part of a CSV body read by one thread.
struct BodyPart<C> {
    interner: Interner<C>,
    roll: BallotRoll,
    /// The line number after the part's last line.
    next_line: u64,
    /// Whether the part met a quoted record (then the body is read again in one piece).
    quoted: bool,
}

/// How often (in records) the second part of a body shows its new distinct ballots to the
/// first part's thread.
const PUBLISH_RECORDS: usize = 1 << 13;

/// How many ballots with packed keys are added to the interner together.
const KEY_BATCH: usize = 16;

/// Reads the records of `text` (a part of the file starting on line `first_line`); every
/// [`PUBLISH_RECORDS`] records (and at the end) `publish` is shown the distinct ballots so far.
fn read_body_part<R: RecordReader>(
    reader: &R,
    name: &str,
    text: &str,
    first_line: u64,
    stop_at_quotes: bool,
    publish: &mut dyn FnMut(&Interner<R::Content>),
) -> Result<BodyPart<R::Content>> {
    let rows = estimate_rows(text);
    let mut records = Records::from_str(name, text, first_line);
    let mut part = BodyPart {
        interner: Interner::with_capacity(rows / 4),
        roll: BallotRoll::with_capacity(rows, rows * 12),
        next_line: first_line,
        quoted: false,
    };
    let mut fields: Vec<Cow<str>> = Vec::new();
    let mut content = reader.empty();
    // Ballots with packed keys wait here to be added as a batch: keys, then (id, line).
    let mut keys: Vec<u128> = Vec::with_capacity(KEY_BATCH);
    let mut waiting: Vec<(Cow<str>, u64)> = Vec::with_capacity(KEY_BATCH);
    let mut positions = [0u32; KEY_BATCH];
    let flush = |part: &mut BodyPart<R::Content>,
                 keys: &mut Vec<u128>,
                 waiting: &mut Vec<(Cow<str>, u64)>,
                 positions: &mut [u32; KEY_BATCH]|
     -> Result<()> {
        part.interner
            .add_packed_batch(keys, &mut positions[..keys.len()]);
        for ((id, line), &k) in waiting.drain(..).zip(positions.iter()) {
            part.roll.push(&id, line, k, name)?;
        }
        keys.clear();
        Ok(())
    };
    let mut read = 0usize;
    while let Some((line, raw)) = records.next_raw(&mut fields)? {
        if raw.is_none() && stop_at_quotes {
            part.quoted = true;
            return Ok(part);
        }
        read += 1;
        if read % PUBLISH_RECORDS == 0 {
            publish(&part.interner);
        }
        let id = reader.parse(raw, &fields, line, &mut content)?;
        // An empty id is reported on its own line, before any later line's error.
        BallotRoll::check_id(&id, name, line)?;
        match R::pack(&content) {
            Some(key) => {
                keys.push(key);
                waiting.push((id, line));
                if keys.len() == KEY_BATCH {
                    flush(&mut part, &mut keys, &mut waiting, &mut positions)?;
                }
            }
            None => {
                flush(&mut part, &mut keys, &mut waiting, &mut positions)?;
                let k = part.interner.add(&content, None, 1);
                part.roll.push(&id, line, k, name)?;
            }
        }
    }
    flush(&mut part, &mut keys, &mut waiting, &mut positions)?;
    publish(&part.interner);
    part.next_line = records.line;
    if stop_at_quotes {
        // A part of a larger body: sort here, on this thread; the parts' orders are merged.
        part.roll.sort();
    }
    Ok(part)
}

/// What reading a CSV body gives: the distinct ballots with their weights (first-appearance
/// order) and the roll of every ballot.
pub(crate) type BodyRead<G> = (G, BallotRoll);

/// Bodies at least this large are read on two threads.
pub(crate) const PARALLEL_BODY_BYTES: usize = 1 << 20;

/// Reads every record after the header (`records` stands just after it): aggregates
/// identical ballots and lists every ballot in the roll, ids checked unique and sorted.
/// Quote-free bodies of at least `split_from` bytes are read in two parts on two threads and
/// merged in file order, which gives exactly what one pass gives: the second part shows the
/// distinct ballots it meets first to the first part's thread as it reads, which places them
/// (after its own, in the second part's order) while the second part is still being read.
pub(crate) fn read_csv_body<R: RecordReader>(
    reader: &R,
    records: Records<'_>,
    split_from: usize,
) -> Result<BodyRead<R::Gathered>> {
    let name = records.name;
    let body = &records.text[records.pos..];
    let first_line = records.line;
    let split = if body.len() >= split_from.max(1) {
        // The first part is two fifths: its thread also places the second part's ballots.
        let start = body.len() / 5 * 2;
        body.as_bytes()[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| start + p + 1)
            .filter(|&at| at < body.len())
    } else {
        None
    };
    let (interner, mut roll) = match split {
        None => {
            let part = read_body_part(reader, name, body, first_line, false, &mut |_| {})?;
            (part.interner, part.roll)
        }
        Some(at) => {
            let (first, second) = body.split_at(at);
            let (sender, receiver) = std::sync::mpsc::channel::<Vec<Distinct<R::Content>>>();
            let (a, b) = crate::parallel::join(
                || {
                    let mut a = read_body_part(reader, name, first, first_line, true, &mut |_| {})?;
                    // The second part's distinct ballots, placed with weight 0 as they come
                    // (a quoted first part means reading the whole body again instead).
                    let mut placed = Vec::new();
                    if !a.quoted {
                        for block in receiver {
                            a.interner.place_all(block, &mut placed);
                        }
                    }
                    Ok((a, placed))
                },
                move || {
                    let mut shown = 0;
                    let mut publish = move |interner: &Interner<R::Content>| {
                        if interner.len() > shown {
                            // The first part stops listening only when it failed or met
                            // quotes (the body is then read again in one pass).
                            let _ = sender.send(interner.distinct_from(shown));
                            shown = interner.len();
                        }
                    };
                    read_body_part(reader, name, second, 1, true, &mut publish)
                },
            );
            let (mut a, placed) = match a {
                Ok(a) => a,
                // The first half may end inside a quoted field (a quoted field may span
                // lines): its error is then not the file's. Read the whole body in one pass
                // for the error the file gives.
                Err(_) if first.contains('"') => {
                    let part = read_body_part(reader, name, body, first_line, false, &mut |_| {})?;
                    let mut roll = part.roll;
                    roll.finish(name)?;
                    return Ok((part.interner.into_distinct(), roll));
                }
                Err(e) => return Err(e),
            };
            // The second half's lines are numbered from 1; shift them (and its error).
            let offset = a.next_line - 1;
            let b = b.map_err(|mut e| {
                e.line = e.line.map(|l| l + offset);
                e
            });
            if a.quoted || b.as_ref().is_ok_and(|b| b.quoted) {
                // A quoted field may span lines, so the split may not be at a record
                // boundary: read the whole body in one pass.
                let part = read_body_part(reader, name, body, first_line, false, &mut |_| {})?;
                (part.interner, part.roll)
            } else {
                let mut b = b?;
                b.roll.shift_lines(offset);
                let map = a.interner.absorb(b.interner, placed);
                // Joining the rolls and listing the distinct ballots need each other for
                // nothing: they run at once.
                let (interner, mut roll) = (a.interner, a.roll);
                let (finished, distinct) = crate::parallel::join(
                    || {
                        roll.append(&b.roll, &map);
                        roll.finish(name)
                    },
                    move || interner.into_distinct(),
                );
                finished?;
                return Ok((distinct, roll));
            }
        }
    };
    roll.finish(name)?;
    Ok((interner.into_distinct(), roll))
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

/// Appends a number in decimal, without the formatting machinery.
pub(crate) fn push_number(out: &mut String, n: u64) {
    push_padded(out, n, 0);
}

/// Number of decimal digits of `n`.
#[inline]
pub(crate) fn digits(n: u64) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
}

/// Appends `n` zero-padded to `width` digits.
#[inline]
pub(crate) fn push_padded(out: &mut String, mut n: u64, width: usize) {
    // The digits from the right, in a buffer of zeros (a u64 has at most 20 digits).
    let mut buf = [b'0'; 20];
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in buf.len()..width {
        out.push('0');
    }
    let from = k.min(buf.len().saturating_sub(width));
    // Only ASCII digits, so always valid UTF-8.
    out.push_str(std::str::from_utf8(&buf[from..]).unwrap_or_default());
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

    #[test]
    fn numbers_are_written_padded_like_format() {
        for n in [0u64, 7, 10, 99, 12_345, 1 << 40, u64::MAX] {
            for width in [0usize, 1, 3, 8, 20, 25] {
                let mut out = String::from("x");
                push_padded(&mut out, n, width);
                assert_eq!(out, format!("x{n:0width$}"));
            }
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
            assert_eq!(digits(n), n.to_string().len());
        }
    }

    #[test]
    fn find_newline_agrees_with_a_byte_scan() {
        let text = b"ab\ncdefghijklmnop\n\nqrstuvwxyz0123456789\n\xc3\xa9\xe2\x80\x94x\ny";
        for start in 0..=text.len() {
            let want = text[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |p| start + p);
            assert_eq!(find_newline(text, start), want, "from {start}");
        }
        assert_eq!(find_newline(b"", 0), 0);
    }

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
    fn key_table_grows_and_finds_every_key() {
        let mut table = KeyTable::with_capacity(1);
        // Keys that differ only in their high or only in their low word, many times over
        // the first size, so the table grows several times.
        let keys: Vec<u128> = (0..10_000u128)
            .map(|i| if i % 2 == 0 { i << 64 } else { i })
            .collect();
        for (position, &key) in keys.iter().enumerate() {
            assert_eq!(table.find_or_insert(key, position as u32, &keys), None);
        }
        for (position, &key) in keys.iter().enumerate() {
            assert_eq!(table.find_or_insert(key, 0, &keys), Some(position as u32));
        }
        // A key whose hash bits match a stored one's is still told apart by the key.
        // (Same high word plus one, low word adjusted so the mixed word is the same.)
        let stored = keys[1];
        let (lo, hi) = (stored as u64, (stored >> 64) as u64);
        let odd = 0x9e37_79b9_7f4a_7c15u64;
        let twin_lo = lo ^ hi.wrapping_mul(odd) ^ (hi + 1).wrapping_mul(odd);
        let twin = u128::from(twin_lo) | (u128::from(hi + 1) << 64);
        assert_eq!(KeyTable::tag(twin), KeyTable::tag(stored));
        let mut with_twin = keys.clone();
        with_twin.push(twin);
        assert_eq!(
            table.find_or_insert(twin, keys.len() as u32, &with_twin),
            None
        );
        assert_eq!(
            table.find_or_insert(twin, 0, &with_twin),
            Some(keys.len() as u32)
        );
        assert_eq!(table.find_or_insert(stored, 0, &with_twin), Some(1));
        assert_eq!(table.len, keys.len() + 1);
        assert!(table.len * 2 <= table.slots.len());
        // A batch adds in order and reports each key's position.
        let mut interner: Interner<Vec<u8>> = Interner::with_capacity(2);
        let mut positions = [0u32; 4];
        interner.add_packed_batch(&[7, 9, 7, 1 << 100], &mut positions);
        assert_eq!(positions, [0, 1, 0, 2]);
    }

    #[test]
    fn format_names() {
        assert_eq!("ranks".parse::<BallotFormat>(), Ok(BallotFormat::Ranks));
        assert!("xml".parse::<BallotFormat>().is_err());
    }
}
