//! The ranks CSV reader (ranked methods).
//!
//! Header: `ballot_id`, then one column per candidate (the election's names; without a
//! candidate list in the election every other column is a candidate). Cells: ranks 1, 2, …
//! or empty. Two candidates with the same rank become one [`RankEntry::Tied`] position (the
//! method's overvote rule decides what that means); a rank left out before a later one
//! becomes [`RankEntry::Skipped`]. A rank that is not a whole number from 1 to the number of
//! candidates is an input error naming file, line and column.

use super::body::{read_csv_body, RecordReader, PARALLEL_BODY_BYTES};
use super::columns::{
    candidate_columns, check_no_stray_columns, id_column, read_header, visit_record, width_error,
};
use crate::ballot::ranked::{RankEntry, RankedProfile, Rankings, SKIPPED_RANK, UNNAMED_OVERVOTE};
use crate::ballot::{BallotBox, CandidateIndex};
use crate::error::{Error, Result};
use crate::fast::{Distinct, Gather, Records};
use crate::input::Source;
use std::borrow::Cow;

/// Parses a rank cell: `Ok(None)` when empty.
#[inline]
fn parse_rank(cell: &str, max: u32) -> std::result::Result<Option<u32>, String> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let mut n: u32 = 0;
    for b in t.bytes() {
        if !b.is_ascii_digit() || n > max {
            return Err(format!(
                "'{t}' is not a rank, expected a whole number from 1 to {max} or an empty cell"
            ));
        }
        n = n * 10 + (b - b'0') as u32;
    }
    if n == 0 || n > max {
        return Err(format!(
            "'{t}' is not a rank, expected a whole number from 1 to {max} or an empty cell"
        ));
    }
    Ok(Some(n))
}

/// The rank in a cell of plain ASCII digits from 1 to `max`; `None` for anything else (the
/// caller then asks [`parse_rank`], which also decides blanks and errors).
#[inline]
fn plain_rank(cell: &[u8], max: u32) -> Option<u32> {
    let mut n: u32 = 0;
    for &b in cell {
        if !b.is_ascii_digit() || n > max {
            return None;
        }
        n = n * 10 + (b - b'0') as u32;
    }
    (n >= 1 && n <= max).then_some(n)
}

/// An exact 128-bit key for a ranking of at most 15 positions without tied ranks over at most
/// 250 candidates: one byte per position (candidate + 1, 251 skipped, 252 overvote), the
/// length in the top byte.
#[inline]
pub(crate) fn pack_ranking(ranking: &[RankEntry]) -> Option<u128> {
    if ranking.len() > 15 {
        return None;
    }
    let mut key: u128 = (ranking.len() as u128) << 120;
    for (k, entry) in ranking.iter().enumerate() {
        let byte: u128 = match entry {
            RankEntry::Single(c) if *c < 250 => *c as u128 + 1,
            RankEntry::Skipped => 251,
            RankEntry::Overvote => 252,
            _ => return None,
        };
        key |= byte << (8 * k);
    }
    Some(key)
}

/// Rankings gathered by their keys from [`pack_ranking`] are unpacked straight to codes.
impl Gather<Vec<RankEntry>> for Rankings {
    fn gather(&mut self, ballot: Distinct<Vec<RankEntry>>, weight: u64) {
        match ballot {
            Distinct::Packed(key) => {
                let len = (key >> 120) as usize;
                self.codes
                    .extend((0..len.min(15)).map(|k| match (key >> (8 * k)) as u8 {
                        251 => SKIPPED_RANK,
                        252 => UNNAMED_OVERVOTE,
                        byte => CandidateIndex::from(byte.saturating_sub(1)),
                    }));
                self.starts.push(self.codes.len());
                self.weights.push(weight);
            }
            Distinct::Full(ranking) => self.push(&ranking, weight),
        }
    }

    fn append(&mut self, later: Rankings) {
        Rankings::append(self, later);
    }
}

/// Builds the ranking of one ballot from its (rank, candidate) pairs.
pub(crate) fn ranking_from_ranks(entries: &mut [(u32, CandidateIndex)], out: &mut Vec<RankEntry>) {
    out.clear();
    // Distinct ranks up to 64 (nearly every ballot): each candidate is put at its rank.
    let mut used = 0u64;
    let mut at = [0 as CandidateIndex; 64];
    let mut distinct = true;
    for &(rank, candidate) in entries.iter() {
        let bit = match rank.checked_sub(1) {
            Some(r) if r < 64 => 1u64 << r,
            _ => {
                distinct = false;
                break;
            }
        };
        if used & bit != 0 {
            distinct = false;
            break;
        }
        used |= bit;
        at[rank as usize - 1] = candidate;
    }
    if distinct {
        let highest = (64 - used.leading_zeros()) as usize;
        out.extend((0..highest).map(|r| {
            if used >> r & 1 == 1 {
                RankEntry::Single(at[r])
            } else {
                RankEntry::Skipped
            }
        }));
        return;
    }
    // Equal ranks (or very high ones): in rank order, equal ranks grouped.
    entries.sort_unstable();
    let mut expected = 1u32;
    let mut k = 0;
    while k < entries.len() {
        let rank = entries[k].0;
        while expected < rank {
            out.push(RankEntry::Skipped);
            expected += 1;
        }
        let mut end = k + 1;
        while end < entries.len() && entries[end].0 == rank {
            end += 1;
        }
        if end - k == 1 {
            out.push(RankEntry::Single(entries[k].1));
        } else {
            out.push(RankEntry::Tied(
                entries[k..end].iter().map(|e| e.1).collect(),
            ));
        }
        expected = rank + 1;
        k = end;
    }
}

/// Reads a ranks CSV; `candidates`, when given, are the election's names.
pub fn read(source: &Source, candidates: Option<&[String]>) -> Result<BallotBox> {
    read_split(
        source,
        candidates,
        crate::parallel::split_from(PARALLEL_BODY_BYTES),
    )
}

/// [`read`], reading bodies of at least `split_from` bytes in two halves.
fn read_split(
    source: &Source,
    candidates: Option<&[String]>,
    split_from: usize,
) -> Result<BallotBox> {
    let name = source.name.as_str();
    let mut records = Records::new(source);
    let header = read_header(&mut records, name)?;
    let width = header.len();
    let id_col = id_column(&header, name)?;
    let names: Vec<String> = match candidates {
        Some(c) => c.to_vec(),
        None => header
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != id_col)
            .map(|(_, h)| h.clone())
            .collect(),
    };
    if names.is_empty() {
        return Err(
            Error::input("no candidate columns, expected one column per candidate")
                .file(name)
                .line(1),
        );
    }
    let candidate_cols = candidate_columns(&header, id_col, &names, name)?;
    check_no_stray_columns(
        &header,
        |i| i == id_col || candidate_cols.contains(&i),
        name,
        &format!(
            "'ballot_id' and one column per candidate ({})",
            names.join(", ")
        ),
    )?;
    let max_rank = names.len() as u32;
    // What each column is: the id, a candidate, or ignored.
    let mut role: Vec<Option<CandidateIndex>> = vec![None; width];
    for (k, &col) in candidate_cols.iter().enumerate() {
        role[col] = Some(k as CandidateIndex);
    }
    let reader = RanksReader {
        name,
        names: &names,
        role,
        id_col,
        width,
        max_rank,
    };
    let (distinct, roll) = read_csv_body(&reader, records, split_from)?;
    let profile = RankedProfile {
        candidates: names.clone(),
        withdrawn: Vec::new(),
        ballots: distinct,
    };
    Ok(BallotBox {
        candidates: names,
        seats: None,
        title: None,
        ranked: profile,
        marks: Default::default(),
        roll,
    })
}

/// How one ranks record is read.
struct RanksReader<'n> {
    name: &'n str,
    names: &'n [String],
    /// What each column is: a candidate, or ignored (the id among them).
    role: Vec<Option<CandidateIndex>>,
    id_col: usize,
    width: usize,
    max_rank: u32,
}

impl RecordReader for RanksReader<'_> {
    type Content = Vec<RankEntry>;

    fn empty(&self) -> Vec<RankEntry> {
        Vec::with_capacity(self.names.len())
    }

    #[inline]
    fn parse<'a>(
        &self,
        raw: Option<&'a str>,
        fields: &[Cow<'a, str>],
        line: u64,
        ranking: &mut Vec<RankEntry>,
    ) -> Result<Cow<'a, str>> {
        // (rank, candidate) pairs; on the stack for all but the widest ballots.
        let mut small = [(0u32, 0 as CandidateIndex); 32];
        let mut len = 0usize;
        let mut spill: Vec<(u32, CandidateIndex)> = Vec::new();
        let mut add = |rank: u32, k: CandidateIndex| {
            if len < small.len() {
                small[len] = (rank, k);
                len += 1;
            } else {
                spill.push((rank, k));
            }
        };
        let rank_error = |k: CandidateIndex, message: String| {
            Error::input(message)
                .file(self.name)
                .line(line)
                .field(self.names[k as usize].as_str())
        };
        let id = match raw {
            Some(text) => {
                // The hot path: one pass over the bytes of a quote-free line. Commas are
                // ASCII, so every cell boundary is a character boundary.
                let bytes = text.as_bytes();
                let mut id: &'a str = "";
                let mut col = 0usize;
                let mut start = 0usize;
                loop {
                    let mut end = start;
                    while end < bytes.len() && bytes[end] != b',' {
                        end += 1;
                    }
                    if end > start {
                        if col == self.id_col {
                            id = text.get(start..end).unwrap_or("").trim();
                        } else if let Some(Some(k)) = self.role.get(col) {
                            match plain_rank(&bytes[start..end], self.max_rank) {
                                Some(rank) => add(rank, *k),
                                None => {
                                    let cell = text.get(start..end).unwrap_or("");
                                    match parse_rank(cell, self.max_rank) {
                                        Ok(Some(rank)) => add(rank, *k),
                                        Ok(None) => {}
                                        Err(m) => return Err(rank_error(*k, m)),
                                    }
                                }
                            }
                        }
                    }
                    col += 1;
                    if end >= bytes.len() {
                        break;
                    }
                    start = end + 1;
                }
                if col != self.width {
                    return Err(width_error(col, self.width, self.name, line));
                }
                Cow::Borrowed(id)
            }
            None => {
                let cell = |col: usize, text: &str| -> Result<()> {
                    if let Some(Some(k)) = self.role.get(col) {
                        match parse_rank(text, self.max_rank) {
                            Ok(Some(rank)) => add(rank, *k),
                            Ok(None) => {}
                            Err(m) => return Err(rank_error(*k, m)),
                        }
                    }
                    Ok(())
                };
                visit_record(None, fields, self.id_col, self.width, self.name, line, cell)?
            }
        };
        if spill.is_empty() {
            ranking_from_ranks(&mut small[..len], ranking);
        } else {
            spill.extend_from_slice(&small[..len]);
            ranking_from_ranks(&mut spill, ranking);
        }
        Ok(id)
    }

    #[inline]
    fn pack(ranking: &Vec<RankEntry>) -> Option<u128> {
        pack_ranking(ranking)
    }

    type Gathered = Rankings;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::test_support::names;
    use RankEntry::*;

    /// A ranks file of `n` ballots over A–E with scrambled ids, ties and gaps.
    fn body(n: u64) -> String {
        let mut text = String::from("ballot_id,A,B,C,D,E\n");
        for i in 0..n {
            let id = (i * 7919) % 1_000_003;
            let cells = match i % 5 {
                0 => "1,2,,,",
                1 => "2,1,3,,",
                2 => "1,1,,3,",
                3 => ",,,,",
                _ => ",,1,,2",
            };
            text.push_str(&format!("v{id},{cells}\n"));
        }
        text
    }

    #[test]
    fn placing_distinct_ranks_equals_sorting_them() {
        // The plain definition: sort by (rank, candidate), gaps skipped, equal ranks tied.
        fn by_sorting(entries: &[(u32, CandidateIndex)]) -> Vec<RankEntry> {
            let mut sorted = entries.to_vec();
            sorted.sort_unstable();
            let mut out = Vec::new();
            let mut expected = 1;
            let mut k = 0;
            while k < sorted.len() {
                let rank = sorted[k].0;
                while expected < rank {
                    out.push(Skipped);
                    expected += 1;
                }
                let group: Vec<CandidateIndex> = sorted[k..]
                    .iter()
                    .take_while(|e| e.0 == rank)
                    .map(|e| e.1)
                    .collect();
                k += group.len();
                out.push(if group.len() == 1 {
                    Single(group[0])
                } else {
                    Tied(group)
                });
                expected = rank + 1;
            }
            out
        }
        let mut state = 12345u64;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % bound
        };
        let mut out = Vec::new();
        for _ in 0..5000 {
            let len = next(8) as usize;
            let top = [4, 10, 70][next(3) as usize];
            let mut entries: Vec<(u32, CandidateIndex)> = (0..len)
                .map(|k| (next(top) as u32 + 1, k as CandidateIndex))
                .collect();
            let want = by_sorting(&entries);
            ranking_from_ranks(&mut entries, &mut out);
            assert_eq!(out, want, "{entries:?}");
        }
    }

    #[test]
    fn two_halves_read_the_same_as_one_pass() {
        let cands = names(&["A", "B", "C", "D", "E"]);
        // Enough records for the second part to hand its new ballots over several times.
        let src = Source::from_text("r.csv", body(40_000));
        let whole = read_split(&src, Some(&cands), usize::MAX).unwrap();
        let halves = read_split(&src, Some(&cands), 0).unwrap();
        assert_eq!(whole, halves);
        assert_eq!(halves.roll.len(), 40_000);
        assert_eq!(halves.ranked.total_weight(), 40_000);
        // Line numbers of the second part are the file's.
        assert_eq!(halves.roll.line(39_999), 40_001);
    }

    #[test]
    fn two_halves_report_errors_with_the_files_line_numbers() {
        let cands = names(&["A", "B", "C", "D", "E"]);
        // A bad rank late in the second half.
        let mut text = body(10_000);
        text.push_str("bad,1,9,,,\n");
        let e = read_split(&Source::from_text("r.csv", text), Some(&cands), 0).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(10_002), Some("B")));
        // A duplicate id, first in the first half, repeated in the second.
        let mut text = body(10_000);
        text.push_str("v0,1,,,,\n");
        let e = read_split(&Source::from_text("r.csv", text), Some(&cands), 0).unwrap_err();
        assert_eq!(e.line, Some(10_002));
        assert!(e.message.contains("first on line 2"), "{e}");
        // A quoted field spanning the middle: the body is read again in one pass, which
        // names the id holding a line break on its own line.
        let mut text = body(5_000);
        text.push_str("\"quoted\nid\",1,,,,\n");
        text.push_str(&body(5_000)[20..].replace('v', "w"));
        let halves = read_split(&Source::from_text("r.csv", text.clone()), Some(&cands), 0);
        let whole = read_split(&Source::from_text("r.csv", text), Some(&cands), usize::MAX);
        let whole = whole.unwrap_err();
        assert_eq!(halves.unwrap_err(), whole);
        assert_eq!(
            (whole.line, whole.field.as_deref()),
            (Some(5_002), Some("ballot_id"))
        );
    }

    #[test]
    fn ranks_ties_and_gaps() {
        let src = Source::from_text(
            "r.csv",
            "ballot_id,A,B,C,D\nx1,2,1,,\nx2,2,1,,\nx3,1,1,3,\nx4,,,,\nx5,3,,1,\n",
        );
        let bx = read(&src, Some(&names(&["A", "B", "C", "D"]))).unwrap();
        let r = bx.ranked.ballots.to_weighted();
        assert_eq!(r[0].ranking, vec![Single(1), Single(0)]);
        assert_eq!(r[0].weight, 2);
        assert_eq!(r[1].ranking, vec![Tied(vec![0, 1]), Skipped, Single(2)]);
        assert_eq!(r[2].ranking, vec![]);
        assert_eq!(r[3].ranking, vec![Single(2), Skipped, Single(0)]);
        assert_eq!(bx.roll.len(), 5);
        assert_eq!(bx.ranked.total_weight(), 5);
    }

    #[test]
    fn packed_rankings_unpack_to_themselves() {
        for ranking in [
            vec![],
            vec![Single(0)],
            vec![Single(249), Skipped, Overvote, Single(3)],
            (0..15).map(Single).collect::<Vec<_>>(),
        ] {
            let key = pack_ranking(&ranking).unwrap();
            let mut unpacked = Rankings::default();
            unpacked.gather(Distinct::Packed(key), 7);
            unpacked.gather(Distinct::Full(ranking.clone()), 2);
            assert_eq!(unpacked.entries(0), ranking);
            assert_eq!(unpacked.entries(1), ranking);
            assert_eq!(unpacked.weights, [7, 2]);
        }
        assert_eq!(pack_ranking(&[Single(250)]), None);
        assert_eq!(pack_ranking(&[Tied(vec![0, 1])]), None);
        assert_eq!(pack_ranking(&(0..16).map(Single).collect::<Vec<_>>()), None);
    }

    #[test]
    fn candidates_from_the_header() {
        let src = Source::from_text("r.csv", "ballot_id,A,B\n1,1,2\n");
        let bx = read(&src, None).unwrap();
        assert_eq!(bx.candidates, names(&["A", "B"]));
        // 票号 is the ballot id column, not a candidate.
        let src = Source::from_text("r.csv", "票号,A,B\n7,1,2\n");
        let bx = read(&src, None).unwrap();
        assert_eq!(bx.candidates, names(&["A", "B"]));
        assert_eq!(bx.roll.id(0), "7");
    }

    #[test]
    fn malformed_ranks() {
        let cands = names(&["A", "B"]);
        for (text, line, field) in [
            ("ballot_id,A,B\n1,1,x\n", 2, Some("B")),
            ("ballot_id,A,B\n1,1,2\n2,0,1\n", 3, Some("A")),
            ("ballot_id,A,B\n1,3,1\n", 2, Some("A")),
            ("ballot_id,A,B\n1,-1,1\n", 2, Some("A")),
            ("ballot_id,A,B\n1,1,2\n1,2,1\n", 3, Some("ballot_id")),
            ("ballot_id,A\n1,1\n", 1, Some("B")),
            ("ballot_id,A,B\n1,1\n", 2, None),
            // A column that is no candidate: its ranks would go uncounted.
            ("ballot_id,A,B,Dave\n1,2,3,1\n", 1, Some("Dave")),
        ] {
            let e = read(&Source::from_text("r.csv", text), Some(&cands)).unwrap_err();
            assert_eq!(
                (e.line, e.field.as_deref()),
                (Some(line), field),
                "{text}: {e}"
            );
            assert_eq!(e.file.as_deref(), Some("r.csv"));
        }
    }

    /// Found by fuzzing (fuzz target `ballots`): a first half that ends inside a quoted
    /// field spanning lines reported its own "unterminated quoted field" instead of the
    /// error that one pass over the file gives.
    #[test]
    fn a_split_inside_a_quoted_field_gives_the_one_pass_error() {
        let cands = names(&["A", "B"]);
        let src = Source::from_text("r.csv", "ballot_id,A,B\n\"\n\"");
        let one_pass = read_split(&src, Some(&cands), usize::MAX).unwrap_err();
        assert_eq!(read_split(&src, Some(&cands), 0).unwrap_err(), one_pass);
        assert!(!one_pass.message.contains("unterminated"), "{one_pass:?}");
        // A file whose middle falls inside a quoted id spanning lines gives the one-pass
        // reading's error (an id holding a line break), on the id's line.
        let src = Source::from_text("r.csv", "ballot_id,A,B\n\"abcdefgh\nij\",1,\n");
        let one_pass = read_split(&src, Some(&cands), usize::MAX).unwrap_err();
        assert_eq!(read_split(&src, Some(&cands), 0).unwrap_err(), one_pass);
        assert_eq!(
            (one_pass.line, one_pass.field.as_deref()),
            (Some(2), Some("ballot_id"))
        );
    }
}
