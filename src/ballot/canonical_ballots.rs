//! The canonical ballot file: one CSV line per ballot, sorted by `ballot_id`, which
//! `congress elect` reads back, so an auditor recounts a record with
//! `congress elect election.toml ballots.csv`.
//!
//! Layout (UTF-8, LF, a header line, RFC 4180 quoting only when a field holds `,`, `"`, CR
//! or LF; lines sorted by `ballot_id` bytewise):
//! - marks ballots: `ballot_id,<candidate 1>,…,<candidate n>[,write_in_1,…,write_in_k]`;
//!   cells `yes`, `no`, empty (abstain) or `?` (illegible); k = the most write-ins on any
//!   ballot. Cell i is candidate i, whatever the names in the header.
//! - ranked ballots, [`CandidateEncoding::Numbers`] (records `congress-record/2`):
//!   `ballot_id,rank_1,…,rank_m` (m = the longest ranking, at least 1); cells a candidate's
//!   1-based number in the candidate list, empty (skipped rank), `overvote`, or tied
//!   candidates' numbers joined by `|` in increasing order (`1|3`). Every name a candidate
//!   can have is told apart from every other cell.
//! - ranked ballots, [`CandidateEncoding::Names`] (records `congress-record/1`):
//!   `ballot_id,choice_1,…,choice_m`; cells a candidate name, empty, `overvote`, or names
//!   joined by `|`. A name that is such a keyword, or holds `|`, makes lines ambiguous
//!   ([`CandidateEncoding::ambiguous_name`]); only records of that version are read this way.
//!
//! `ballots_root` is the RFC 6962 root over the data lines (without line ends), in the
//! current encoding.

use super::election::Election;
use super::packed_marks::MarksBallotRef;
use super::ranked::{ranks, Rank};
use super::roll::BallotRoll;
use super::{BallotBox, Mark};
use crate::digest::hex;
use crate::merkle;

/// How ranked ballot lines refer to candidates: each record format version has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateEncoding {
    /// Candidate names in `choice_k` columns (`congress-record/1`; ambiguous for some names).
    Names,
    /// 1-based candidate numbers in `rank_k` columns (`congress-record/2`).
    Numbers,
}

impl CandidateEncoding {
    /// The encoding of new records and of `ballots_root` in results.
    pub const CURRENT: CandidateEncoding = CandidateEncoding::Numbers;

    /// The header of ranked column `k` (1-based).
    pub fn rank_header(self, k: usize) -> String {
        match self {
            CandidateEncoding::Names => format!("choice_{k}"),
            CandidateEncoding::Numbers => format!("rank_{k}"),
        }
    }

    /// Why candidate `name` cannot be told apart from another cell or column in this
    /// encoding (`None` when it can): for ranked ballots (`ranked`), a keyword of the
    /// cells or a name holding the tie separator; for marks ballots, a name that reads as
    /// the id or a write-in column.
    pub fn ambiguous_name(self, name: &str, ranked: bool) -> Option<&'static str> {
        if !ranked {
            let header = crate::input::normalize_header(name);
            if header == "ballot_id" {
                return Some("it reads as the ballot_id column");
            }
            if super::formats::marks::is_write_in_header(name) {
                return Some("it reads as a write-in column");
            }
            return None;
        }
        match self {
            CandidateEncoding::Numbers => None,
            CandidateEncoding::Names => {
                let cell = name.trim();
                if cell.eq_ignore_ascii_case("overvote") {
                    Some("it reads as the overvote keyword")
                } else if cell.eq_ignore_ascii_case("undervote") || cell.is_empty() {
                    Some("it reads as a skipped rank")
                } else if name.contains('|') {
                    Some("it holds '|', which joins equally ranked candidates")
                } else {
                    None
                }
            }
        }
    }
}

/// How the lines of a record's `ballots.csv` are laid out: its version's candidate encoding,
/// and whether each line starts with its `ballot_id` (the election's secrecy mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineLayout {
    /// How ranked cells name candidates.
    pub encoding: CandidateEncoding,
    /// Whether lines carry their ballot ids (sorted by id); without, lines are sorted by
    /// their bytes.
    pub ids: bool,
}

impl LineLayout {
    /// The layout of a record written now: the current encoding, ids unless the election's
    /// secrecy mode for this many ballots hides them.
    pub fn current(ballots: &BallotBox, election: &Election) -> LineLayout {
        LineLayout {
            encoding: CandidateEncoding::CURRENT,
            ids: election.secrecy_for(ballots.roll.len() as u64).shows_ids(),
        }
    }

    /// The layout of `congress-record/1` records: names, and ids on every line.
    pub const RECORD_1: LineLayout = LineLayout {
        encoding: CandidateEncoding::Names,
        ids: true,
    };
}

/// Appends `field` to `out`, quoted only when it must be.
pub fn push_field(out: &mut String, field: &str) {
    if needs_quotes(field) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Whether a field must be quoted in canonical CSV.
#[inline]
fn needs_quotes(field: &str) -> bool {
    field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// The candidate names the box's ballots refer to.
fn candidate_names<'a>(ballots: &'a BallotBox, election: &'a Election) -> &'a [String] {
    if !ballots.candidates.is_empty() {
        &ballots.candidates
    } else {
        election.candidates.as_deref().unwrap_or(&[])
    }
}

/// Renders the cells after the id of distinct ballots.
struct TailRenderer<'b> {
    ballots: &'b BallotBox,
    names: &'b [String],
    /// Each candidate name as a canonical field.
    fields: &'b [String],
    /// Which distinct ballots some ballot holds (only those are rendered).
    used: &'b [bool],
    ranked: bool,
    /// As many commas as there are choice (ranked) or write-in (marks) columns.
    commas: String,
    /// The ranked cell of each candidate ranked alone: its number, or its name as a field.
    rank_cells: &'b [String],
    /// What a tied rank joins with `|` for each candidate: its number, or its name.
    tie_parts: &'b [String],
}

impl TailRenderer<'_> {
    /// The cells of distinct ballots `range` without their trailing empty cells, one after
    /// another, and where each ends (relative to the returned string) with how many empty
    /// cells (commas) it left off.
    fn render(&self, range: std::ops::Range<usize>) -> (String, Vec<(usize, u32)>) {
        let width = self.commas.len();
        let mark_cells = if self.ranked {
            Vec::new()
        } else {
            mark_cell_table()
        };
        // Room for every cell at the mean length of a candidate's cell, so the text is seldom
        // moved.
        let sized = if self.ranked {
            self.rank_cells
        } else {
            self.fields
        };
        let mean_field = 1 + sized.iter().map(String::len).sum::<usize>() / sized.len().max(1);
        let cells = if self.ranked {
            let rankings = &self.ballots.ranked.ballots;
            let codes = |k: usize| {
                rankings
                    .starts
                    .get(k)
                    .copied()
                    .unwrap_or(rankings.codes.len())
            };
            codes(range.end) - codes(range.start)
        } else {
            range.len() * self.names.len()
        };
        let mut tails = String::with_capacity(cells * mean_field + range.len());
        let mut tail_ends = Vec::with_capacity(range.len());
        let mut cell = String::new();
        let field =
            |c: super::CandidateIndex| self.rank_cells.get(c as usize).map_or("", String::as_str);
        let name =
            |c: super::CandidateIndex| self.tie_parts.get(c as usize).map_or("", String::as_str);
        for k in range {
            if !self.used.get(k).copied().unwrap_or(false) {
                tail_ends.push((tails.len(), 0));
                continue;
            }
            let start = tails.len();
            let mut padding = 0;
            if self.ranked {
                let mut positions = 0;
                for rank in ranks(self.ballots.ranked.ballots.ranking(k)) {
                    positions += 1;
                    tails.push(',');
                    match rank {
                        Rank::Single(c) => tails.push_str(field(c)),
                        Rank::Tied(group) => {
                            cell.clear();
                            for (j, c) in group.candidates().enumerate() {
                                if j > 0 {
                                    cell.push('|');
                                }
                                cell.push_str(name(c));
                            }
                            push_field(&mut tails, &cell);
                        }
                        Rank::Overvote => tails.push_str("overvote"),
                        Rank::Skipped => {}
                    }
                }
                // Ranks the ballot does not fill are empty cells.
                padding = width.saturating_sub(positions);
            } else {
                let marks = self.ballots.marks.ballots.get(k).unwrap_or(MarksBallotRef {
                    marks: &[],
                    write_ins: &[],
                });
                // Four cells at a time from a table (one push instead of four branches on
                // marks that vary from ballot to ballot); missing marks are empty cells.
                let listed = marks.marks.get(..self.names.len()).unwrap_or(marks.marks);
                let mut groups = listed.chunks_exact(4);
                for group in groups.by_ref() {
                    let index = group
                        .iter()
                        .rev()
                        .fold(0, |index, &m| index << 2 | m as usize);
                    tails.push_str(&mark_cells[4][index]);
                }
                let rest = groups.remainder();
                let index = rest
                    .iter()
                    .rev()
                    .fold(0, |index, &m| index << 2 | m as usize);
                tails.push_str(&mark_cells[rest.len()][index]);
                for _ in listed.len()..self.names.len() {
                    tails.push(',');
                }
                for i in 0..width {
                    tails.push(',');
                    push_field(
                        &mut tails,
                        marks.write_ins.get(i).map_or("", String::as_str),
                    );
                }
            }
            // Empty cells at the end are commas only (a field that ends in a comma is
            // quoted), kept as a count.
            let cells = tails.as_bytes()[start..]
                .iter()
                .rev()
                .take_while(|&&b| b == b',')
                .count();
            tails.truncate(tails.len() - cells);
            tail_ends.push((tails.len(), (padding + cells) as u32));
        }
        (tails, tail_ends)
    }
}

/// The cells of every run of up to four marks: entry `[len][index]` holds `,cell` for each
/// of `len` marks, the first mark in the lowest two bits of `index` (`Mark as usize`).
fn mark_cell_table() -> Vec<Vec<String>> {
    let cell = |code: usize| match Mark::ALL[code] {
        Mark::Yes => ",yes",
        Mark::No => ",no",
        Mark::Abstain => ",",
        Mark::Illegible => ",?",
    };
    (0..=4u32)
        .map(|len| {
            (0..4usize.pow(len))
                .map(|index| (0..len).map(|k| cell((index >> (2 * k)) & 3)).collect())
                .collect()
        })
        .collect()
}

/// Rendered cells of distinct ballots: one after another, without trailing empty cells,
/// those of distinct ballots `0..split` in the first text and the rest in the second (each
/// half rendered on its own thread stays where it was rendered).
struct Tails {
    texts: [String; 2],
    /// The first distinct ballot whose cells are in the second text.
    split: usize,
    /// Where each distinct ballot's cells end in its text, and how many empty cells follow.
    ends: Vec<(usize, u32)>,
}

impl Tails {
    /// The cells of distinct ballot `k` up to its last non-empty cell, and how many empty
    /// cells follow.
    #[inline]
    fn cells(&self, k: usize) -> (&str, u32) {
        let (text, first) = if k < self.split {
            (&self.texts[0], 0)
        } else {
            (&self.texts[1], self.split)
        };
        let start = if k == first { 0 } else { self.ends[k - 1].0 };
        let (end, empty) = self.ends[k];
        (&text[start..end], empty)
    }

    /// Bytes of cells in all.
    fn text_len(&self) -> usize {
        self.texts[0].len() + self.texts[1].len()
    }
}

/// The canonical lines of a ballot box: each distinct ballot's cells after the id are
/// rendered once, and line k is the k-th ballot in `ballot_id` order, its id field followed by
/// its distinct ballot's cells.
pub struct CanonicalLines<'a> {
    roll: &'a BallotRoll,
    /// Ballot positions in `ballot_id` order.
    order: std::borrow::Cow<'a, [u32]>,
    header: String,
    /// The cells after the id of every distinct ballot (`,A,B`) without the empty cells at
    /// the end, one after another, with where each ends and how many empty cells follow.
    tails: Tails,
    /// As many commas as a line has cells after its id (the empty cells at the end).
    commas: String,
    /// Lines without ids: the distinct ballots in the order of their lines' bytes, with how
    /// many ballots each is and where its lines start.
    anonymous: Option<AnonymousLines>,
}

/// The order of the lines of a layout without ids.
struct AnonymousLines {
    /// Distinct ballots that some ballot holds, sorted by their lines.
    order: Vec<u32>,
    /// How many ballots each of `order` is.
    counts: Vec<u64>,
    /// The first line of each of `order` (0-based, running sum of `counts`).
    starts: Vec<u64>,
}

impl<'a> CanonicalLines<'a> {
    /// Renders the header and every distinct ballot's cells.
    pub fn new(
        ballots: &'a BallotBox,
        election: &Election,
        layout: LineLayout,
    ) -> CanonicalLines<'a> {
        let encoding = layout.encoding;
        let names = candidate_names(ballots, election);
        let ranked = election.method.is_ranked();
        let roll = &ballots.roll;
        let distinct = if ranked {
            ballots.ranked.ballots.len()
        } else {
            ballots.marks.ballots.len()
        };
        // Only distinct ballots that some ballot holds decide the width.
        let mut used = vec![false; distinct];
        for &c in roll.contents() {
            if let Some(u) = used.get_mut(c as usize) {
                *u = true;
            }
        }
        let width = if ranked {
            let longest = ballots
                .ranked
                .ballots
                .iter()
                .zip(&used)
                .filter(|(_, u)| **u)
                .map(|((ranking, _), _)| ranks(ranking).count())
                .max()
                .unwrap_or(0);
            longest.max(1)
        } else {
            ballots
                .marks
                .ballots
                .iter()
                .zip(&used)
                .filter(|(_, u)| **u)
                .map(|((b, _), _)| b.write_ins.len())
                .max()
                .unwrap_or(0)
        };
        let mut header = String::from("ballot_id");
        if ranked {
            for k in 1..=width {
                header.push(',');
                header.push_str(&encoding.rank_header(k));
            }
        } else {
            for name in names {
                header.push(',');
                push_field(&mut header, name);
            }
            for k in 1..=width {
                header.push_str(&format!(",write_in_{k}"));
            }
        }
        let fields: Vec<String> = names
            .iter()
            .map(|n| {
                let mut f = String::new();
                push_field(&mut f, n);
                f
            })
            .collect();
        let numbers: Vec<String> = match encoding {
            CandidateEncoding::Names => Vec::new(),
            CandidateEncoding::Numbers => (1..=names.len()).map(|k| k.to_string()).collect(),
        };
        let renderer = TailRenderer {
            ballots,
            names,
            fields: &fields,
            used: &used,
            ranked,
            commas: ",".repeat(width),
            rank_cells: match encoding {
                CandidateEncoding::Names => &fields,
                CandidateEncoding::Numbers => &numbers,
            },
            tie_parts: match encoding {
                CandidateEncoding::Names => names,
                CandidateEncoding::Numbers => &numbers,
            },
        };
        // Large boxes render their two halves of distinct ballots on two threads.
        let tails = if distinct >= PARALLEL_MIN_BALLOTS && crate::parallel::two_cores() {
            let half = distinct / 2;
            let ((first, mut ends), (second, second_ends)) = crate::parallel::join(
                || renderer.render(0..half),
                || renderer.render(half..distinct),
            );
            ends.extend_from_slice(&second_ends);
            Tails {
                texts: [first, second],
                split: half,
                ends,
            }
        } else {
            let (text, ends) = renderer.render(0..distinct);
            Tails {
                texts: [text, String::new()],
                split: distinct,
                ends,
            }
        };
        let order = if roll.order().len() == roll.len() {
            std::borrow::Cow::Borrowed(roll.order())
        } else {
            // A roll built by hand, not finished by a reader.
            let mut sorted = roll.clone();
            let _ = sorted.finish("");
            std::borrow::Cow::Owned(sorted.order().to_vec())
        };
        let cells = if ranked { width } else { names.len() + width };
        let mut lines = CanonicalLines {
            roll,
            order,
            header,
            tails,
            commas: ",".repeat(cells),
            anonymous: None,
        };
        if !layout.ids {
            lines.header = lines.header["ballot_id,".len()..].to_string();
            lines.anonymous = Some(lines.anonymous_order(distinct));
        }
        lines
    }

    /// The distinct ballots in the order of their lines without ids, with their counts.
    fn anonymous_order(&self, distinct: usize) -> AnonymousLines {
        let mut counts = vec![0u64; distinct];
        for &c in self.roll.contents() {
            if let Some(n) = counts.get_mut(c as usize) {
                *n += 1;
            }
        }
        let mut texts: Vec<(String, u32)> = (0..distinct as u32)
            .filter(|&k| counts[k as usize] > 0)
            .map(|k| {
                let mut line = String::new();
                self.push_anonymous(k, &mut line);
                (line, k)
            })
            .collect();
        texts.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let order: Vec<u32> = texts.into_iter().map(|(_, k)| k).collect();
        let counts: Vec<u64> = order.iter().map(|&k| counts[k as usize]).collect();
        let mut starts = Vec::with_capacity(order.len());
        let mut at = 0u64;
        for n in &counts {
            starts.push(at);
            at += n;
        }
        AnonymousLines {
            order,
            counts,
            starts,
        }
    }

    /// Appends the line without id of distinct ballot `content`: its cells, or `""` when its
    /// one cell is empty (a line is never empty).
    fn push_anonymous(&self, content: u32, out: &mut String) {
        let (cells, empty) = self.tail(content);
        let start = out.len();
        out.push_str(cells);
        out.push_str(empty);
        // Every cell comes with the comma before it: the first one has none.
        out.remove(start);
        if out.len() == start {
            out.push_str("\"\"");
        }
    }

    /// The canonical header line.
    pub fn header(&self) -> &str {
        &self.header
    }

    /// Number of lines (ballots).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether there is no line.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The cells after the id of distinct ballot `content`: those up to its last non-empty
    /// cell, and the empty cells after it.
    #[inline]
    fn tail(&self, content: u32) -> (&str, &str) {
        let (cells, empty) = self.tails.cells(content as usize);
        (cells, self.commas.get(..empty as usize).unwrap_or(""))
    }

    /// Appends line `k` (in file order: `ballot_id` order, or the lines' byte order without
    /// ids; without its line end) to `out`.
    #[inline]
    pub fn push_line(&self, k: usize, out: &mut String) {
        match &self.anonymous {
            None => self.push_ballot(self.order[k] as usize, out),
            Some(a) => {
                let at = a.starts.partition_point(|&s| s <= k as u64) - 1;
                self.push_anonymous(a.order[at], out);
            }
        }
    }

    /// Every line, in `ballot_id` order.
    pub fn lines(&self) -> Vec<String> {
        (0..self.len())
            .map(|k| {
                let mut line = String::new();
                self.push_line(k, &mut line);
                line
            })
            .collect()
    }

    /// The whole canonical file: header, then every line, each ending in LF.
    pub fn file(&self) -> String {
        let mut out = String::with_capacity(self.file_len_estimate());
        self.for_each_piece(&mut |piece| {
            out.push_str(piece);
            true
        });
        out
    }

    /// About how many bytes [`CanonicalLines::file`] holds (a capacity hint).
    fn file_len_estimate(&self) -> usize {
        self.header.len()
            + 1
            + self.roll.len()
                * (16 + self.commas.len() + self.tails.text_len() / self.tails.ends.len().max(1))
    }

    /// Hands the whole canonical file (what [`CanonicalLines::file`] returns) to `f` in
    /// pieces of about [`PIECE_BYTES`], in order, without holding it whole; stops early, and
    /// returns `false`, when `f` does. Writing a record's `ballots.csv` and comparing a
    /// record's file with its re-rendering both stream through here.
    pub fn for_each_piece(&self, f: &mut dyn FnMut(&str) -> bool) -> bool {
        self.for_each_piece_of(PIECE_BYTES, f)
    }

    /// [`CanonicalLines::for_each_piece`] in pieces of about `piece_bytes`.
    fn for_each_piece_of(&self, piece_bytes: usize, f: &mut dyn FnMut(&str) -> bool) -> bool {
        let mut out = String::with_capacity(piece_bytes + 4096);
        out.push_str(&self.header);
        out.push('\n');
        match &self.anonymous {
            None => {
                for k in 0..self.len() {
                    self.push_line(k, &mut out);
                    out.push('\n');
                    if out.len() >= piece_bytes {
                        if !f(&out) {
                            return false;
                        }
                        out.clear();
                    }
                }
            }
            Some(a) => {
                let mut line = String::new();
                for (&k, &n) in a.order.iter().zip(&a.counts) {
                    line.clear();
                    self.push_anonymous(k, &mut line);
                    for _ in 0..n {
                        out.push_str(&line);
                        out.push('\n');
                        if out.len() >= piece_bytes {
                            if !f(&out) {
                                return false;
                            }
                            out.clear();
                        }
                    }
                }
            }
        }
        out.is_empty() || f(&out)
    }

    /// Whether `file` is this canonical file byte for byte, compared piece by piece (the
    /// canonical file is never held whole).
    pub fn is_file(&self, file: &[u8]) -> bool {
        let mut rest = file;
        self.for_each_piece(&mut |piece| match rest.split_at_checked(piece.len()) {
            Some((head, tail)) if head == piece.as_bytes() => {
                rest = tail;
                true
            }
            _ => false,
        }) && rest.is_empty()
    }

    /// Appends ballot `i`'s line (file order, without its line end) to `out`.
    #[inline]
    fn push_ballot(&self, i: usize, out: &mut String) {
        push_field(out, &self.roll.id(i));
        let (cells, empty) = self.tail(self.roll.content(i));
        out.push_str(cells);
        out.push_str(empty);
    }

    /// The leaf hash of ballot `i`'s line (file order), hashed from its id and its distinct
    /// ballot's cells without joining them unless the id must be quoted.
    #[inline]
    fn leaf_hash(&self, i: usize, line: &mut String) -> merkle::Hash {
        let id = self.roll.id(i);
        let (cells, empty) = self.tail(self.roll.content(i));
        if !id.is_made() && needs_quotes(&id) {
            line.clear();
            push_field(line, &id);
            line.push_str(cells);
            line.push_str(empty);
            merkle::leaf_hash(line.as_bytes())
        } else {
            merkle::leaf_hash_of_parts(&[id.as_bytes(), cells.as_bytes(), empty.as_bytes()])
        }
    }

    /// The leaf hashes of ballots `range` in file order (one reused buffer). The cells of
    /// each group of [`WARM_GROUP`] ballots are looked up before any of them is hashed: the
    /// lookups mostly miss the cache, and made together their waits overlap.
    fn leaf_hashes(&self, range: std::ops::Range<usize>, out: &mut [merkle::Hash]) {
        let mut line = String::new();
        let contents = &self.roll.contents()[range.clone()];
        for ((group, leaves), first) in contents
            .chunks(WARM_GROUP)
            .zip(out.chunks_mut(WARM_GROUP))
            .zip(range.step_by(WARM_GROUP))
        {
            let mut warm = 0usize;
            for &k in group {
                let cells = self.tails.cells(k as usize).0.as_bytes();
                warm ^= usize::from(cells.first().copied().unwrap_or(0));
            }
            std::hint::black_box(warm);
            for (i, leaf) in (first..).zip(leaves.iter_mut()) {
                *leaf = self.leaf_hash(i, &mut line);
            }
        }
    }

    /// The RFC 6962 root over the lines. The tree is hashed in chunks of [`ROOT_CHUNK`]
    /// leaves in `ballot_id` order (each chunk a perfect subtree, but the last, which is the
    /// subtree over the last leaves), large boxes sharing the chunks between two threads (each
    /// takes the next chunk when it is done, so the count running beside it slows neither),
    /// and the chunk roots are joined as the leaves of the top of the tree. When the file
    /// lists the ballots in `ballot_id` order each leaf is hashed where it is used; otherwise
    /// the leaves are hashed in file order first (memory read in order) and each chunk
    /// gathers its own.
    pub fn root(&self) -> [u8; 32] {
        if let Some(a) = &self.anonymous {
            // Equal lines have equal leaves: each distinct ballot's is hashed once.
            let mut line = String::new();
            let leaves: Vec<merkle::Hash> = a
                .order
                .iter()
                .map(|&k| {
                    line.clear();
                    self.push_anonymous(k, &mut line);
                    merkle::leaf_hash(line.as_bytes())
                })
                .collect();
            return subtree_root(
                leaves
                    .iter()
                    .zip(&a.counts)
                    .flat_map(|(h, &n)| std::iter::repeat(*h).take(n as usize)),
            );
        }
        let n = self.len();
        let parallel = n >= PARALLEL_MIN_BALLOTS && crate::parallel::two_cores();
        let in_file_order = self.order.iter().enumerate().all(|(k, &i)| i as usize == k);
        let by_file = if in_file_order {
            Vec::new()
        } else {
            let mut by_file = vec![[0u8; 32]; n];
            if parallel {
                crate::parallel::for_each_shared(
                    by_file.chunks_mut(ROOT_CHUNK).enumerate(),
                    || (),
                    |_, (k, leaves)| {
                        let start = k * ROOT_CHUNK;
                        self.leaf_hashes(start..start + leaves.len(), leaves);
                    },
                );
            } else {
                self.leaf_hashes(0..n, &mut by_file);
            }
            by_file
        };
        // The root of chunk `c`, with a gathering buffer to reuse.
        let chunk_root = |gathered: &mut Vec<merkle::Hash>, c: usize| {
            let order = &self.order[c * ROOT_CHUNK..n.min((c + 1) * ROOT_CHUNK)];
            if in_file_order {
                // Ballot k is line k: the chunk's leaves are those of ballots in `order`.
                let range = c * ROOT_CHUNK..c * ROOT_CHUNK + order.len();
                gathered.clear();
                gathered.resize(order.len(), [0u8; 32]);
                self.leaf_hashes(range, gathered);
                subtree_root(gathered.iter().copied())
            } else {
                gathered.clear();
                gathered.extend(order.iter().map(|&i| by_file[i as usize]));
                subtree_root(gathered.iter().copied())
            }
        };
        let mut roots = vec![[0u8; 32]; n.div_ceil(ROOT_CHUNK)];
        if parallel {
            crate::parallel::for_each_shared(
                roots.iter_mut().enumerate(),
                Vec::new,
                |space, (c, root)| *root = chunk_root(space, c),
            );
        } else {
            let mut space = Vec::new();
            for (c, root) in roots.iter_mut().enumerate() {
                *root = chunk_root(&mut space, c);
            }
        }
        merkle::root_from_leaf_hashes(roots)
    }
}

/// The RFC 6962 root over leaf hashes given in order: subtrees are joined as soon as two of
/// equal height meet, so only one per height waits.
fn subtree_root(leaves: impl Iterator<Item = merkle::Hash>) -> merkle::Hash {
    // Perfect subtrees waiting for a right neighbour: (hash, height), heights decreasing.
    let mut pending: Vec<(merkle::Hash, u32)> = Vec::with_capacity(24);
    for mut hash in leaves {
        let mut height = 0;
        while let Some(&(left, left_height)) = pending.last() {
            if left_height != height {
                break;
            }
            pending.pop();
            hash = merkle::node_hash(&left, &hash);
            height += 1;
        }
        pending.push((hash, height));
    }
    // RFC 6962 splits at the largest power of two: the smaller subtrees nest to the right.
    let mut root = match pending.pop() {
        Some((hash, _)) => hash,
        None => return merkle::root_from_leaf_hashes(Vec::new()),
    };
    while let Some((left, _)) = pending.pop() {
        root = merkle::node_hash(&left, &root);
    }
    root
}

/// Ballots whose cells are looked up together before they are hashed.
const WARM_GROUP: usize = 16;

/// Bytes of the canonical file rendered before they are handed on
/// ([`CanonicalLines::for_each_piece`]).
const PIECE_BYTES: usize = 1 << 20;

/// Leaves per chunk of the root computation (a power of two).
const ROOT_CHUNK: usize = 1 << 12;

/// The canonical header and one line per ballot (no line ends) in the layout of a record
/// written now ([`LineLayout::current`]).
pub fn ballot_lines(ballots: &BallotBox, election: &Election) -> (String, Vec<String>) {
    ballot_lines_in(ballots, election, LineLayout::current(ballots, election))
}

/// [`ballot_lines`] in `layout`.
pub fn ballot_lines_in(
    ballots: &BallotBox,
    election: &Election,
    layout: LineLayout,
) -> (String, Vec<String>) {
    let lines = CanonicalLines::new(ballots, election, layout);
    (lines.header().to_string(), lines.lines())
}

/// The whole canonical file in the layout of a record written now: header, then every line,
/// each ending in LF.
pub fn canonical_csv(ballots: &BallotBox, election: &Election) -> String {
    CanonicalLines::new(ballots, election, LineLayout::current(ballots, election)).file()
}

/// RFC 6962 root over canonical lines.
pub fn root_of_lines(lines: &[String]) -> [u8; 32] {
    merkle::root(lines.iter().map(|l| l.as_bytes()))
}

/// The RFC 6962 root over the box's canonical ballot lines, in the layout of a record
/// written now.
pub fn ballots_root_bytes(ballots: &BallotBox, election: &Election) -> [u8; 32] {
    CanonicalLines::new(ballots, election, LineLayout::current(ballots, election)).root()
}

/// Boxes at least this large are rendered and hashed on two threads.
const PARALLEL_MIN_BALLOTS: usize = 1 << 14;

/// [`ballots_root_bytes`] as lowercase hex.
pub fn ballots_root(ballots: &BallotBox, election: &Election) -> String {
    hex(&ballots_root_bytes(ballots, election))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::formats::{read_ballots, BallotFormat};
    use crate::input::Source;

    fn election(method: &str, candidates: Option<&[&str]>, extra: &str) -> Election {
        let mut text = format!("id = \"t\"\nmethod = \"{method}\"\nseats = 1\n");
        if let Some(c) = candidates {
            let quoted: Vec<String> = c.iter().map(|n| format!("\"{n}\"")).collect();
            text.push_str(&format!("candidates = [{}]\n", quoted.join(", ")));
        }
        text.push_str(extra);
        Election::parse(&Source::from_text("t.toml", text)).unwrap()
    }

    /// The root `count` uses equals RFC 6962 over the canonical lines sorted by id.
    fn assert_root_matches_lines(election: &Election, name: &str, text: &str, f: BallotFormat) {
        let ballots = read_ballots(&Source::from_text(name, text), f, election).unwrap();
        assert!(!ballots.roll.is_empty());
        let (_, lines) = ballot_lines(&ballots, election);
        let mut sorted = lines.clone();
        sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        // Ids here never share a prefix with a comma, so line order is id order.
        assert_eq!(lines, sorted, "{name}");
        let expected = merkle::root(lines.iter().map(|l| l.as_bytes()));
        assert_eq!(ballots_root_bytes(&ballots, election), expected, "{name}");
        assert_pieces_make_the_file(&ballots, election);
    }

    /// The canonical file handed on in pieces (of several sizes) is the whole file, and
    /// [`CanonicalLines::is_file`] tells it from a file one byte off.
    fn assert_pieces_make_the_file(ballots: &BallotBox, election: &Election) {
        let lines = CanonicalLines::new(ballots, election, LineLayout::current(ballots, election));
        let file = lines.file();
        for size in [1, 100, 4096, PIECE_BYTES] {
            let mut joined = String::new();
            let mut pieces = 0;
            assert!(lines.for_each_piece_of(size, &mut |p| {
                joined.push_str(p);
                pieces += 1;
                true
            }));
            assert_eq!(joined, file);
            assert!(pieces >= file.len() / (size + 4096));
            // Stopping early is reported.
            assert!(!lines.for_each_piece_of(size, &mut |_| false));
        }
        assert!(lines.is_file(file.as_bytes()));
        let mut longer = file.clone().into_bytes();
        longer.push(b'\n');
        assert!(!lines.is_file(&longer));
        assert!(!lines.is_file(&file.as_bytes()[..file.len() - 1]));
        let mut changed = file.into_bytes();
        let last = changed.len() - 2;
        changed[last] ^= 1;
        assert!(!lines.is_file(&changed));
    }

    #[test]
    fn lines_without_ids_are_sorted_by_their_bytes_and_repeat() {
        // A small marks election hides its ids by default (secrecy = "commitments").
        let marks = election("approval", Some(&["A", "B"]), "");
        let text = "ballot_id,A,B\nz,yes,\na,,\nm,yes,\nb,no,yes\n";
        let ballots = read_ballots(
            &Source::from_text("m.csv", text),
            BallotFormat::Marks,
            &marks,
        )
        .unwrap();
        let lines = CanonicalLines::new(&ballots, &marks, LineLayout::current(&ballots, &marks));
        assert_eq!(lines.header(), "A,B");
        let want = [",", "no,yes", "yes,", "yes,"];
        assert_eq!(lines.lines(), want);
        assert_eq!(lines.file(), "A,B\n,\nno,yes\nyes,\nyes,\n");
        let expected = merkle::root(want.iter().map(|l| l.as_bytes()));
        assert_eq!(lines.root(), expected);
        // A one-column election's blank ballot is written `""`, never an empty line.
        let one = election("approval", Some(&["A"]), "");
        let ballots = read_ballots(
            &Source::from_text("o.csv", "ballot_id,A\nx,\ny,yes\n"),
            BallotFormat::Marks,
            &one,
        )
        .unwrap();
        let lines = CanonicalLines::new(&ballots, &one, LineLayout::current(&ballots, &one));
        assert_eq!(lines.file(), "A\n\"\"\nyes\n");
    }

    #[test]
    fn empty_cells_at_the_end_of_a_line_are_kept() {
        // Abstentions and missing write-ins at the end, a write-in ending in a comma.
        let marks = election("approval", Some(&["A", "B", "C"]), "secrecy = \"none\"\n");
        let text = "ballot_id,A,B,C,write_in,write_in_2\nk,yes,,,,\nc,,yes,,\"Zed,\",\n\
                    x,no,,,,\nw,,,,Wu,Vo\n";
        let ballots = read_ballots(
            &Source::from_text("m.csv", text),
            BallotFormat::Marks,
            &marks,
        )
        .unwrap();
        let (_, lines) = ballot_lines(&ballots, &marks);
        let want = ["c,,yes,,\"Zed,\",", "k,yes,,,,", "w,,,,Wu,Vo", "x,no,,,,"];
        assert_eq!(lines, want);
        let expected = merkle::root(want.iter().map(|l| l.as_bytes()));
        assert_eq!(ballots_root_bytes(&ballots, &marks), expected);
        // Rankings shorter than the longest, and a blank ballot.
        let ranked = election("irv", Some(&["A", "B", "C"]), "");
        let text = "ballot_id,A,B,C\nb1,1,2,3\nb2,,1,\nb3,,,\n";
        let ballots = read_ballots(
            &Source::from_text("r.csv", text),
            BallotFormat::Ranks,
            &ranked,
        )
        .unwrap();
        let want = ["b1,1,2,3", "b2,2,,", "b3,,,"];
        assert_eq!(ballot_lines(&ballots, &ranked).1, want);
        // congress-record/1 named the candidates.
        let named = ["b1,A,B,C", "b2,B,,", "b3,,,"];
        assert_eq!(
            ballot_lines_in(&ballots, &ranked, LineLayout::RECORD_1).1,
            named
        );
        let expected = merkle::root(want.iter().map(|l| l.as_bytes()));
        assert_eq!(ballots_root_bytes(&ballots, &ranked), expected);
    }

    /// Marks ballots written with the canonical cells come out as they were written, for
    /// every count of candidates (runs of four cells and what is left) and every mark.
    #[test]
    fn marks_cells_are_rendered_as_written() {
        let tokens = ["yes", "no", "", "?"];
        for n in 1..=9usize {
            let names: Vec<String> = (0..n).map(|c| format!("C{c}")).collect();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let marks = election("approval", Some(&refs), "");
            let mut text = format!("ballot_id,{}\n", names.join(","));
            let mut want = Vec::new();
            for b in 0..200usize {
                let cells: Vec<&str> = (0..n)
                    .map(|c| tokens[(b / 4usize.pow(c as u32 % 4) + c) % 4])
                    .collect();
                let line = format!("b{b:03},{}", cells.join(","));
                text.push_str(&line);
                text.push('\n');
                want.push(line);
            }
            let ballots = read_ballots(
                &Source::from_text("m.csv", text),
                BallotFormat::Marks,
                &marks,
            )
            .unwrap();
            assert_eq!(ballot_lines(&ballots, &marks).1, want, "{n} candidates");
        }
    }

    #[test]
    fn fast_root_equals_the_root_of_the_sorted_lines_for_every_format() {
        let ranked = election("stv", Some(&["A", "B", "C"]), "");
        let small = "ballot_id,A,B,C\nz9,1,2,\nb,,1,2\nq,2,1,3\na,1,1,\nm,,,\n";
        assert_root_matches_lines(&ranked, "r.csv", small, BallotFormat::Ranks);
        let choices = "ballot_id,choice_1,choice_2\nzz,A,B|C\naa,,C\nmm,C,overvote\n";
        assert_root_matches_lines(&ranked, "c.csv", choices, BallotFormat::Choices);
        let blt = "3 1\n1 1 2 0\n2 3 0\n1 2 3 1 0\n1 1 0\n1 2 0\n1 3 0\n1 1 3 0\n1 2 1 0\n\
                   1 3 2 0\n1 1 2 3 0\n1 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n";
        assert_root_matches_lines(&ranked, "t.blt", blt, BallotFormat::Blt);
        let soc = "# FILE NAME: t.soc\n# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 3\n\
                   # NUMBER VOTERS: 12\n# NUMBER UNIQUE ORDERS: 2\n\
                   # ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\n\
                   7: 1,2,3\n5: 3,1,2\n";
        let unnamed = election("stv", None, "");
        assert_root_matches_lines(&unnamed, "t.soc", soc, BallotFormat::Preflib);
        let marks = election("approval", Some(&["A", "B"]), "");
        let text = "ballot_id,A,B\nk,yes,no\nc,,yes\nx,no,\n";
        assert_root_matches_lines(&marks, "m.csv", text, BallotFormat::Marks);
        // Enough ballots for the two-thread path, in an order that is not id order.
        let mut big = String::from("ballot_id,A,B,C\n");
        for i in 0..(PARALLEL_MIN_BALLOTS as u64 + 1234) {
            let id = (i * 7919) % 100_003;
            big.push_str(&format!("v{id},{},{},\n", 1 + i % 2, 2 - i % 2));
        }
        assert_root_matches_lines(&ranked, "big.csv", &big, BallotFormat::Ranks);
        // The same in `ballot_id` order (leaves hashed where they are used), with a size just
        // past a chunk boundary so the last chunk is partial.
        let mut sorted = String::from("ballot_id,A,B,C\n");
        for i in 0..(PARALLEL_MIN_BALLOTS + 3 * ROOT_CHUNK + 5) {
            sorted.push_str(&format!("v{i:07},{},{},\n", 1 + i % 2, 2 - i % 2));
        }
        assert_root_matches_lines(&ranked, "sorted.csv", &sorted, BallotFormat::Ranks);
        let mut weighted = String::from("3 1\n");
        for i in 0..(PARALLEL_MIN_BALLOTS / 4) {
            weighted.push_str(&format!(
                "{} {} {} 0\n",
                1 + i % 5,
                1 + i % 3,
                1 + (i + 1) % 3
            ));
        }
        weighted.push_str("0\n\"A\"\n\"B\"\n\"C\"\n");
        assert_root_matches_lines(&ranked, "w.blt", &weighted, BallotFormat::Blt);
    }

    /// Enough distinct ballots that their cells are rendered in two parts on two threads,
    /// with ids in order (leaves hashed where used) and out of order (gathered).
    #[test]
    fn fast_root_over_many_distinct_ballots_equals_the_root_of_the_lines() {
        let names = ["A", "B", "C", "D", "E", "F", "G", "H"];
        let ranked = election("stv", Some(&names), "");
        // Ballot i ranks a permutation of the first 2 + i % 7 candidates (distinct for
        // i < 8! = 40,320), as ranks or as a BLT line.
        let ranking = |i: usize| -> Vec<usize> {
            let mut left: Vec<usize> = (0..8).collect();
            let mut code = i;
            let mut out = Vec::new();
            for base in (1..=8).rev() {
                out.push(left.remove(code % base));
                code /= base;
            }
            out.truncate(2 + i % 7);
            out
        };
        let count = PARALLEL_MIN_BALLOTS * 2 + 77;
        for in_order in [true, false] {
            let mut csv = format!("ballot_id,{}\n", names.join(","));
            for i in 0..count {
                let mut ranks = [0usize; 8];
                for (r, &c) in ranking(i).iter().enumerate() {
                    ranks[c] = r + 1;
                }
                let cells: Vec<String> = ranks
                    .iter()
                    .map(|&r| if r == 0 { String::new() } else { r.to_string() })
                    .collect();
                let id = if in_order { i } else { (i * 7919) % 100_003 };
                csv.push_str(&format!("v{id:07},{}\n", cells.join(",")));
            }
            assert_root_matches_lines(&ranked, "many.csv", &csv, BallotFormat::Ranks);
        }
        let mut blt = String::from("8 2\n");
        for i in 0..count {
            let line: Vec<String> = ranking(i).iter().map(|c| (c + 1).to_string()).collect();
            blt.push_str(&format!("{} {} 0\n", 1 + i % 3, line.join(" ")));
        }
        blt.push_str("0\n");
        for name in names {
            blt.push_str(&format!("\"{name}\"\n"));
        }
        assert_root_matches_lines(&ranked, "many.blt", &blt, BallotFormat::Blt);
        // Marks ballots made distinct by their write-ins.
        let marks = election("approval", Some(&["A", "B"]), "");
        let mut csv = String::from("ballot_id,A,B,write_in\n");
        for i in 0..count {
            csv.push_str(&format!(
                "m{i:07},{},,w{}\n",
                ["yes", "no", ""][i % 3],
                i / 2
            ));
        }
        assert_root_matches_lines(&marks, "many-marks.csv", &csv, BallotFormat::Marks);
    }
}
