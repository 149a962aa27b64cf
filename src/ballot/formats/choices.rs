//! The choices CSV reader: the cast-vote-record layout of US tabulators (RCTab, ES&S).
//!
//! Columns `1st Choice`, `2nd Choice`, … (or `choice_1`, `choice_2`, …) hold candidate names in
//! rank order; every other column (precinct, …) is ignored except `ballot_id`. Cells:
//! - a candidate name (trimmed, exact);
//! - empty or `undervote` → [`RankEntry::Skipped`] (trailing skipped ranks are dropped);
//! - `overvote` → [`RankEntry::Overvote`];
//! - `UWI` (undeclared write-in) → a candidate named `UWI`, appended to the candidate list
//!   when the election does not list it;
//! - several names joined by `|` (`A|B`) → [`RankEntry::Tied`]: how the canonical ballot
//!   file writes a tied rank, read back exactly;
//! - a candidate already ranked higher on the same ballot → [`RankEntry::Skipped`] (the
//!   repeat carries no new preference), or, with [`Repeats::Kept`] (an election that sets
//!   `duplicate_candidate` or `max_skipped_ranks`, RCTab's reading), the candidate again: a
//!   marked rank, which the count passes over or exhausts at.
//!
//! Any other name is an input error naming the file, line and column. Without a candidate
//! list in the election, every name met becomes a candidate, in order of first appearance.
//!
//! A file without a `ballot_id` column (the Minneapolis 2017 CVR has none) gets ids from line
//! numbers: `line-000002` for the ballot on line 2, zero-padded to the width of the file's
//! last line number, so the ids sort in file order.

use super::body::{read_csv_body, RecordReader, PARALLEL_BODY_BYTES};
use super::choice_number;
use super::columns::{check_width, read_header, width_error};
use crate::ballot::ranked::{RankEntry, RankedProfile, Rankings};
use crate::ballot::roll::BallotRoll;
use crate::ballot::{BallotBox, CandidateIndex};
use crate::error::{Error, Result};
use crate::fast::{digits, estimate_rows, for_each_cell, trimmed, FastMap, Interner, Records};
use crate::input::{normalize_header, Source};
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

pub use crate::ballot::ranked::UNDECLARED_WRITE_IN;

/// What a candidate ranked again on the same ballot is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeats {
    /// A skipped rank (the repeat carries no new preference).
    Skipped,
    /// The candidate again, a marked rank (RCTab's reading: `duplicate_candidate` and
    /// `max_skipped_ranks` see it).
    Kept,
}

impl Repeats {
    /// How the election's rules read repeats.
    pub fn of(rules: &crate::ballot::ranked::RankedRules) -> Repeats {
        if rules.repeats_marked {
            Repeats::Kept
        } else {
            Repeats::Skipped
        }
    }
}

/// Reads a choices CSV; `candidates`, when given, are the election's names.
pub fn read(source: &Source, candidates: Option<&[String]>, repeats: Repeats) -> Result<BallotBox> {
    read_split(
        source,
        candidates,
        Some(crate::parallel::split_from(PARALLEL_BODY_BYTES)),
        Cells::Names,
        repeats,
    )
}

/// Reads numbered ranked ballots (a `congress-record/2` record's `ballots.csv`: header
/// `ballot_id,rank_1,…,rank_m`, or `rank_1,…,rank_m` in a record that publishes no ids,
/// cells 1-based numbers of `candidates`, `k|j` for an equal ranking, `overvote`, or empty).
pub fn read_numbered(
    source: &Source,
    candidates: &[String],
    repeats: Repeats,
) -> Result<BallotBox> {
    let mut records = Records::new(source);
    let ids = read_header(&mut records, &source.name)?
        .first()
        .is_some_and(|h| normalize_header(h) == "ballot_id");
    read_split(
        source,
        Some(candidates),
        Some(crate::parallel::split_from(PARALLEL_BODY_BYTES)),
        Cells::Numbers { ids },
        repeats,
    )
}

/// The rank a numbered file's header names: `rank_3` → 3.
pub fn rank_number(header: &str) -> Option<u32> {
    let digits = normalize_header(header).strip_prefix("rank_")?.to_string();
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What the choice cells of a file name candidates by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cells {
    /// Names (`choice_k` or `1st Choice` columns); `UWI` joins a fixed list.
    Names,
    /// 1-based numbers in the given list (`rank_k` columns, after `ballot_id` when `ids`);
    /// the list never grows.
    Numbers {
        /// Whether the first column is `ballot_id`.
        ids: bool,
    },
}

/// [`read`]. When the election fixes the candidate list and the file has ballot ids, bodies
/// of at least `split_from` bytes are read in two halves; `None` always reads in one pass.
fn read_split(
    source: &Source,
    candidates: Option<&[String]>,
    split_from: Option<usize>,
    cells: Cells,
    repeats: Repeats,
) -> Result<BallotBox> {
    let name = source.name.as_str();
    let mut records = Records::new(source);
    let header = read_header(&mut records, name)?;
    let width = header.len();
    let id_col = header.iter().position(|h| super::columns::is_id_header(h));
    let column_rank = match cells {
        Cells::Names => choice_number,
        Cells::Numbers { .. } => rank_number,
    };
    let mut choice_cols: Vec<(u32, usize)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| column_rank(h).map(|n| (n, i)))
        .collect();
    if let Cells::Numbers { ids } = cells {
        check_numbered_header(&header, id_col, &choice_cols, name, ids)?;
    }
    if let Cells::Names = cells {
        for h in &header {
            if let Some(why) = super::malformed_choice_header(h) {
                return Err(Error::input(format!("column {h:?}: {why}"))
                    .file(name)
                    .line(1)
                    .field(h.as_str()));
            }
        }
    }
    if choice_cols.is_empty() {
        return Err(Error::input(format!(
            "no choice columns, expected headers such as '1st Choice', '2nd Choice' or \
             'choice_1', 'choice_2' (found: {})",
            header.join(", ")
        ))
        .file(name)
        .line(1));
    }
    choice_cols.sort_unstable();
    for pair in choice_cols.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(
                Error::input(format!("two columns for choice {}", pair[0].0))
                    .file(name)
                    .line(1)
                    .field(header[pair[1].1].as_str()),
            );
        }
    }
    let fixed_list = candidates.is_some();
    let mut names: Vec<String> = candidates.map(|c| c.to_vec()).unwrap_or_default();
    let mut lookup: FastMap<String, CandidateIndex> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let key = match cells {
                Cells::Names => n.clone(),
                Cells::Numbers { .. } => (i + 1).to_string(),
            };
            (key, i as CandidateIndex)
        })
        .collect();

    if let (true, Some(id_col), Some(split_from)) = (fixed_list, id_col, split_from) {
        // Every name is in the election's list: read like the ranks and marks files (two
        // halves on two threads when large). Only an undeclared write-in not in the list
        // makes the list grow, which the one-pass reading below handles.
        let reader = ChoicesReader {
            name,
            header: &header,
            width,
            id_col,
            choice_cols: &choice_cols,
            lookup: &lookup,
            cells,
            repeats,
            one_pass: AtomicBool::new(false),
        };
        match read_csv_body(&reader, records.clone(), split_from) {
            Ok((distinct, roll)) => return Ok(ranked_box(names, distinct, roll)),
            Err(e) if !reader.one_pass.load(Ordering::Relaxed) => return Err(e),
            Err(_) => {}
        }
    }
    let id_width = if id_col.is_none() {
        digits(1 + source.text.bytes().filter(|&b| b == b'\n').count() as u64)
    } else {
        0
    };

    // How many candidates the numbers of a numbered file may name (its list never grows).
    let numbered = names.len();
    let rows = estimate_rows(&source.text);
    let mut interner: Interner<Vec<RankEntry>> = Interner::with_capacity(rows / 4);
    let mut roll = BallotRoll::with_capacity(rows, rows * 12);
    let mut fields: Vec<Cow<str>> = Vec::with_capacity(width);
    let mut ranking: Vec<RankEntry> = Vec::with_capacity(choice_cols.len());
    while let Some((line, raw)) = records.next_raw(&mut fields)? {
        if let Some(text) = raw {
            // A quote-free line: its cells, borrowed.
            fields.clear();
            for_each_cell(text, |_, cell| {
                fields.push(Cow::Borrowed(cell));
                Ok(())
            })?;
        }
        check_width(&fields, width, name, line)?;
        rank_record(
            |col| fields[col].as_ref(),
            &choice_cols,
            |n, add| {
                if add && cells == Cells::Names {
                    resolve(n, &mut names, &mut lookup, fixed_list)
                } else {
                    lookup.get(n).copied()
                }
            },
            |n, col| unknown_candidate(n, name, line, &header[col], cells, numbered),
            repeats,
            &mut ranking,
        )?;
        let id: Cow<str> = match id_col {
            Some(col) => trimmed(&fields[col]),
            None => Cow::Owned(format!("line-{line:0id_width$}")),
        };
        let k = interner.add(&ranking, super::ranks::pack_ranking(&ranking), 1);
        roll.push(&id, line, k, name)?;
    }
    roll.finish(name)?;
    Ok(ranked_box(names, interner.into_distinct(), roll))
}

/// The ballot box of a ranked file.
fn ranked_box(names: Vec<String>, distinct: Rankings, roll: BallotRoll) -> BallotBox {
    BallotBox {
        candidates: names.clone(),
        seats: None,
        title: None,
        ranked: RankedProfile {
            candidates: names,
            withdrawn: Vec::new(),
            ballots: distinct,
        },
        marks: Default::default(),
        roll,
    }
}

/// The error for a cell that names no candidate.
#[cold]
fn unknown_candidate(
    n: &str,
    file: &str,
    line: u64,
    column: &str,
    cells: Cells,
    candidates: usize,
) -> Error {
    let message = match cells {
        Cells::Names => format!(
            "unknown candidate '{n}', expected a name from the election's candidate list, \
             undervote, overvote or UWI"
        ),
        Cells::Numbers { .. } => format!(
            "'{n}' is not a candidate number, expected 1 to {candidates}, numbers joined by \
             '|', overvote or an empty cell"
        ),
    };
    Error::input(message).file(file).line(line).field(column)
}

/// Checks that a numbered file's header is `ballot_id,rank_1,…,rank_m`, in that order.
fn check_numbered_header(
    header: &[String],
    id_col: Option<usize>,
    rank_cols: &[(u32, usize)],
    file: &str,
    ids: bool,
) -> Result<()> {
    let first = usize::from(ids);
    let expected = || {
        let mut want = if ids {
            vec!["ballot_id".to_string()]
        } else {
            Vec::new()
        };
        want.extend((1..=header.len() - first).map(|k| format!("rank_{k}")));
        want.join(",")
    };
    let in_order = rank_cols
        .iter()
        .enumerate()
        .all(|(k, &(rank, col))| rank as usize == k + 1 && col == k + first);
    let id_right = id_col == ids.then_some(0);
    if !id_right || rank_cols.len() + first != header.len() || !in_order {
        return Err(Error::input(format!(
            "numbered ballots have the header {}, found {}",
            expected(),
            header.join(",")
        ))
        .file(file)
        .line(1));
    }
    Ok(())
}

/// Builds the ranking of one record from its choice cells (`cell(column)`), in rank order:
/// blank or `undervote` → a skipped rank, `overvote` → an overvote, a name → that candidate
/// (`resolve(name, may_add)` finds it, adding it when allowed and the list is open;
/// `unknown(name, column)` when it is none), `A|B` (unless `A|B` is itself a name) → a tied
/// rank; a candidate already ranked higher → a skipped rank. Trailing skipped ranks are
/// dropped.
fn rank_record<'c>(
    cell: impl Fn(usize) -> &'c str,
    choice_cols: &[(u32, usize)],
    mut resolve: impl FnMut(&str, bool) -> Option<CandidateIndex>,
    unknown: impl Fn(&str, usize) -> Error,
    repeats: Repeats,
    ranking: &mut Vec<RankEntry>,
) -> Result<()> {
    // Whether a candidate is already on the ballot (ranked higher) and reads as a skipped rank.
    let placed = |ranking: &[RankEntry], i: CandidateIndex| {
        repeats == Repeats::Skipped
            && ranking.iter().any(|e| match e {
                RankEntry::Single(c) => *c == i,
                RankEntry::Tied(group) => group.contains(&i),
                RankEntry::Skipped | RankEntry::Overvote => false,
            })
    };
    ranking.clear();
    for &(_, col) in choice_cols {
        let text = cell(col).trim();
        let entry = if text.is_empty() || text.eq_ignore_ascii_case("undervote") {
            RankEntry::Skipped
        } else if text.eq_ignore_ascii_case("overvote") {
            RankEntry::Overvote
        } else if let Some(i) = resolve(text, false) {
            if placed(ranking, i) {
                RankEntry::Skipped
            } else {
                RankEntry::Single(i)
            }
        } else if text.contains('|') {
            let mut group = Vec::new();
            for part in text.split('|').map(str::trim).filter(|p| !p.is_empty()) {
                let i = resolve(part, true).ok_or_else(|| unknown(part, col))?;
                if !placed(ranking, i) && !group.contains(&i) {
                    group.push(i);
                }
            }
            group.sort_unstable();
            match group.len() {
                0 => RankEntry::Skipped,
                1 => RankEntry::Single(group[0]),
                _ => RankEntry::Tied(group),
            }
        } else {
            let i = resolve(text, true).ok_or_else(|| unknown(text, col))?;
            if placed(ranking, i) {
                RankEntry::Skipped
            } else {
                RankEntry::Single(i)
            }
        };
        ranking.push(entry);
    }
    while ranking.last() == Some(&RankEntry::Skipped) {
        ranking.pop();
    }
    Ok(())
}

/// How one record of a choices file with a fixed candidate list is read (for
/// [`read_csv_body`]).
struct ChoicesReader<'n> {
    name: &'n str,
    header: &'n [String],
    width: usize,
    id_col: usize,
    choice_cols: &'n [(u32, usize)],
    lookup: &'n FastMap<String, CandidateIndex>,
    /// What the cells name candidates by.
    cells: Cells,
    /// What a repeated candidate reads as.
    repeats: Repeats,
    /// Set when the file needs the one-pass reading: a record names `UWI` and the list lacks
    /// it (the list must grow), or a quoted cell has escapes.
    one_pass: AtomicBool,
}

impl RecordReader for ChoicesReader<'_> {
    type Content = Vec<RankEntry>;

    fn empty(&self) -> Vec<RankEntry> {
        Vec::with_capacity(self.choice_cols.len())
    }

    fn parse<'a>(
        &self,
        raw: Option<&'a str>,
        fields: &[Cow<'a, str>],
        line: u64,
        ranking: &mut Vec<RankEntry>,
    ) -> Result<Cow<'a, str>> {
        // The record's cells, borrowed; on the stack for up to 64 columns.
        let mut small: [&'a str; 64] = [""; 64];
        let mut spill: Vec<&'a str> = Vec::new();
        let cells: &[&'a str] = match raw {
            Some(text) => {
                let mut count = 0;
                for cell in text.split(',') {
                    if count < small.len() {
                        small[count] = cell;
                    } else {
                        if spill.is_empty() {
                            spill.extend_from_slice(&small);
                        }
                        spill.push(cell);
                    }
                    count += 1;
                }
                if count != self.width {
                    return Err(width_error(count, self.width, self.name, line));
                }
                if spill.is_empty() {
                    &small[..count]
                } else {
                    &spill
                }
            }
            None => {
                check_width(fields, self.width, self.name, line)?;
                for f in fields {
                    match f {
                        Cow::Borrowed(b) => spill.push(b),
                        Cow::Owned(_) => {
                            // A quoted cell with `""` escapes is not a slice of the text:
                            // the one-pass reading takes the file.
                            self.one_pass.store(true, Ordering::Relaxed);
                            return Err(Error::input("a quoted cell with escapes")
                                .file(self.name)
                                .line(line));
                        }
                    }
                }
                &spill
            }
        };
        let resolve = |n: &str, add: bool| {
            let found = self.lookup.get(n).copied();
            if found.is_none() && add && n == UNDECLARED_WRITE_IN && self.cells == Cells::Names {
                self.one_pass.store(true, Ordering::Relaxed);
            }
            found
        };
        rank_record(
            |col| cells.get(col).copied().unwrap_or(""),
            self.choice_cols,
            resolve,
            |n, col| {
                unknown_candidate(
                    n,
                    self.name,
                    line,
                    &self.header[col],
                    self.cells,
                    self.lookup.len(),
                )
            },
            self.repeats,
            ranking,
        )?;
        let id = cells.get(self.id_col).copied().unwrap_or("").trim();
        Ok(Cow::Borrowed(id))
    }

    fn pack(ranking: &Vec<RankEntry>) -> Option<u128> {
        super::ranks::pack_ranking(ranking)
    }

    type Gathered = Rankings;
}

/// The index of candidate `n`, adding it when the list is open (or it is `UWI`).
fn resolve(
    n: &str,
    names: &mut Vec<String>,
    lookup: &mut FastMap<String, CandidateIndex>,
    fixed_list: bool,
) -> Option<CandidateIndex> {
    if let Some(&i) = lookup.get(n) {
        return Some(i);
    }
    if fixed_list && n != UNDECLARED_WRITE_IN {
        return None;
    }
    let i = names.len() as CandidateIndex;
    names.push(n.to_string());
    lookup.insert(n.to_string(), i);
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::test_support::names;
    use RankEntry::*;

    #[test]
    fn fixed_list_halves_read_the_same_as_one_pass() {
        let cands = names(&["A", "B", "C", "D"]);
        let mut text = String::from("precinct,ballot_id,choice_1,choice_2,choice_3\n");
        let rows = [
            "A,B,C",
            "B,,A",
            "C,overvote,D",
            "A|B,C,",
            ",,",
            "D,D,A",
            "undervote,B,B|C",
        ];
        for i in 0..12_000u64 {
            let id = (i * 7919) % 100_003;
            text.push_str(&format!("p{},v{id},{}\n", i % 3, rows[(i % 7) as usize]));
        }
        let src = Source::from_text("c.csv", text.clone());
        let one_pass =
            read_split(&src, Some(&cands), None, Cells::Names, Repeats::Skipped).unwrap();
        assert_eq!(
            read_split(&src, Some(&cands), Some(0), Cells::Names, Repeats::Skipped).unwrap(),
            one_pass
        );
        assert_eq!(
            read_split(
                &src,
                Some(&cands),
                Some(usize::MAX),
                Cells::Names,
                Repeats::Skipped
            )
            .unwrap(),
            one_pass
        );
        // An undeclared write-in late in the file: the list grows, as in one pass.
        let more = format!("{text}p0,w1,UWI,A,\n");
        let src = Source::from_text("c.csv", more);
        let grown =
            read_split(&src, Some(&cands), Some(0), Cells::Names, Repeats::Skipped).unwrap();
        assert_eq!(
            grown,
            read_split(&src, Some(&cands), None, Cells::Names, Repeats::Skipped).unwrap()
        );
        assert_eq!(grown.candidates.last().map(String::as_str), Some("UWI"));
        // A quoted cell with escapes goes to the one-pass reading too.
        let quoted = format!("{text}p0,\"q\"\"1\",B,,\n");
        let src = Source::from_text("c.csv", quoted);
        let read = read_split(&src, Some(&cands), Some(0), Cells::Names, Repeats::Skipped).unwrap();
        assert_eq!(
            read,
            read_split(&src, Some(&cands), None, Cells::Names, Repeats::Skipped).unwrap()
        );
        assert!((0..read.roll.len()).any(|i| read.roll.id(i) == "q\"1"));
        // Errors are the same, with the file's line numbers.
        let bad = format!("{text}p0,x9,Zed,,\n");
        let src = Source::from_text("c.csv", bad);
        let a =
            read_split(&src, Some(&cands), Some(0), Cells::Names, Repeats::Skipped).unwrap_err();
        let b = read_split(&src, Some(&cands), None, Cells::Names, Repeats::Skipped).unwrap_err();
        assert_eq!(
            (a.line, a.field.clone(), a.message.clone()),
            (b.line, b.field, b.message)
        );
        assert_eq!(a.line, Some(12_002));
    }

    #[test]
    fn reads_a_cast_vote_record_without_ids() {
        let src = Source::from_text(
            "cvr.csv",
            "Precinct,1st Choice,2nd Choice,3rd Choice\n\
             P1,Frey,Hodges,undervote\n\
             P2,Frey,undervote,Hodges\n\
             P3,overvote,Frey,\n\
             P4,UWI,Frey,Frey\n\
             P5,undervote,undervote,undervote\n",
        );
        let bx = read(&src, Some(&names(&["Frey", "Hodges"])), Repeats::Skipped).unwrap();
        assert_eq!(bx.candidates, names(&["Frey", "Hodges", "UWI"]));
        let r: Vec<_> = bx
            .ranked
            .ballots
            .to_weighted()
            .into_iter()
            .map(|b| b.ranking)
            .collect();
        assert_eq!(
            r,
            vec![
                vec![Single(0), Single(1)],
                vec![Single(0), Skipped, Single(1)],
                vec![Overvote, Single(0)],
                vec![Single(2), Single(0)],
                vec![],
            ]
        );
        assert_eq!(bx.roll.id(0), "line-2");
        assert_eq!(bx.roll.id(4), "line-6");
    }

    #[test]
    fn ids_tied_ranks_and_dynamic_candidates() {
        let src = Source::from_text("c.csv", "ballot_id,choice_2,choice_1\nb,A,B|C\na,,C\n");
        let bx = read(&src, None, Repeats::Skipped).unwrap();
        assert_eq!(bx.candidates, names(&["B", "C", "A"]));
        assert_eq!(
            bx.ranked.ballots.entries(0),
            vec![Tied(vec![0, 1]), Single(2)]
        );
        assert_eq!(bx.ranked.ballots.entries(1), vec![Single(1)]);
        assert_eq!(bx.roll.id(1), "a");
        // 票号 is the ballot id column too.
        let src = Source::from_text("c.csv", "票号,choice_1\nz,A\n");
        let bx = read(&src, None, Repeats::Skipped).unwrap();
        assert_eq!(bx.roll.id(0), "z");
    }

    #[test]
    fn malformed_lines() {
        let cands = names(&["A", "B"]);
        let e = read(
            &Source::from_text("c.csv", "ballot_id,choice_1\n1,A\n2,Zed\n"),
            Some(&cands),
            Repeats::Skipped,
        )
        .unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("choice_1")));
        let e = read(
            &Source::from_text("c.csv", "ballot_id,choice_1\n1,A\n1,B\n"),
            Some(&cands),
            Repeats::Skipped,
        )
        .unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("ballot_id")));
        let e = read(
            &Source::from_text("c.csv", "ballot_id,rank\n1,A\n"),
            Some(&cands),
            Repeats::Skipped,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = read(
            &Source::from_text("c.csv", "ballot_id,choice_1,choice_2\n1,A\n"),
            Some(&cands),
            Repeats::Skipped,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    /// Found by fuzzing (fuzz target `ballots`): a first half that ends inside a quoted
    /// field spanning lines reported its own "unterminated quoted field" instead of the
    /// error that one pass over the file gives.
    #[test]
    fn a_split_inside_a_quoted_field_gives_the_one_pass_error() {
        let cands = names(&["A", "B"]);
        let src = Source::from_text("c.csv", "ballot_id,choice_1\n\"\n\"");
        let one_pass =
            read_split(&src, Some(&cands), None, Cells::Names, Repeats::Skipped).unwrap_err();
        assert_eq!(
            read_split(&src, Some(&cands), Some(0), Cells::Names, Repeats::Skipped).unwrap_err(),
            one_pass
        );
        assert!(!one_pass.message.contains("unterminated"), "{one_pass:?}");
        // A file whose middle falls inside a quoted id spanning lines gives the one-pass
        // reading's error (an id holding a line break), on the id's line.
        let src = Source::from_text("c.csv", "ballot_id,choice_1\n\"abcdefgh\nij\",A\n");
        let one_pass =
            read_split(&src, Some(&cands), None, Cells::Names, Repeats::Skipped).unwrap_err();
        assert_eq!(
            read_split(&src, Some(&cands), Some(0), Cells::Names, Repeats::Skipped).unwrap_err(),
            one_pass
        );
        assert_eq!(
            (one_pass.line, one_pass.field.as_deref()),
            (Some(2), Some("ballot_id"))
        );
    }
}
