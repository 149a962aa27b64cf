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
//!   repeat carries no new preference; RCTab's default).
//!
//! Any other name is an input error naming the file, line and column. Without a candidate
//! list in the election, every name met becomes a candidate, in order of first appearance.
//!
//! A file without a `ballot_id` column (the Minneapolis 2017 CVR has none) gets ids from line
//! numbers: `line-000002` for the ballot on line 2, zero-padded to the width of the file's
//! last line number, so the ids sort in file order.

use super::{
    check_width, choice_number, estimate_rows, read_header, trimmed, FastMap, Interner, Records,
};
use crate::ballot::ranked::{RankEntry, RankedProfile, WeightedRanking};
use crate::ballot::roll::BallotRoll;
use crate::ballot::{BallotBox, CandidateIndex};
use crate::error::{Error, Result};
use crate::input::{normalize_header, Source};
use std::borrow::Cow;

/// The name under which undeclared write-ins are counted.
pub const UNDECLARED_WRITE_IN: &str = "UWI";

/// Reads a choices CSV; `candidates`, when given, are the election's names.
pub fn read(source: &Source, candidates: Option<&[String]>) -> Result<BallotBox> {
    let name = source.name.as_str();
    let mut records = Records::new(source);
    let header = read_header(&mut records, name)?;
    let width = header.len();
    let id_col = header
        .iter()
        .position(|h| normalize_header(h) == "ballot_id");
    let mut choice_cols: Vec<(u32, usize)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| choice_number(h).map(|n| (n, i)))
        .collect();
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
        .map(|(i, n)| (n.clone(), i as CandidateIndex))
        .collect();

    let id_width = if id_col.is_none() {
        let lines = 1 + source.text.bytes().filter(|&b| b == b'\n').count();
        lines.to_string().len()
    } else {
        0
    };

    let rows = estimate_rows(&source.text);
    let mut interner: Interner<Vec<RankEntry>> = Interner::with_capacity(rows / 4);
    let mut roll = BallotRoll::with_capacity(rows, rows * 12);
    let mut fields: Vec<Cow<str>> = Vec::with_capacity(width);
    let mut ranking: Vec<RankEntry> = Vec::with_capacity(choice_cols.len());
    let mut seen: Vec<CandidateIndex> = Vec::new();
    while let Some((line, raw)) = records.next_raw(&mut fields)? {
        if let Some(text) = raw {
            // A quote-free line: its cells, borrowed (commas are ASCII, so every cell
            // boundary is a character boundary).
            fields.clear();
            let mut start = 0;
            for (i, b) in text.bytes().enumerate() {
                if b == b',' {
                    fields.push(Cow::Borrowed(text.get(start..i).unwrap_or("")));
                    start = i + 1;
                }
            }
            fields.push(Cow::Borrowed(text.get(start..).unwrap_or("")));
        }
        check_width(&fields, width, name, line)?;
        ranking.clear();
        seen.clear();
        for &(_, col) in &choice_cols {
            let cell = fields[col].trim();
            let entry = if cell.is_empty() || cell.eq_ignore_ascii_case("undervote") {
                RankEntry::Skipped
            } else if cell.eq_ignore_ascii_case("overvote") {
                RankEntry::Overvote
            } else {
                let unknown = |n: &str| {
                    Error::input(format!(
                        "unknown candidate '{n}', expected a name from the election's \
                         candidate list, undervote, overvote or UWI"
                    ))
                    .file(name)
                    .line(line)
                    .field(header[col].as_str())
                };
                if let Some(&i) = lookup.get(cell) {
                    single_or_repeat(i, &mut seen)
                } else if cell.contains('|') {
                    let mut group = Vec::new();
                    for part in cell.split('|').map(str::trim).filter(|p| !p.is_empty()) {
                        let i = resolve(part, &mut names, &mut lookup, fixed_list)
                            .ok_or_else(|| unknown(part))?;
                        if !seen.contains(&i) && !group.contains(&i) {
                            group.push(i);
                        }
                    }
                    group.sort_unstable();
                    seen.extend_from_slice(&group);
                    match group.len() {
                        0 => RankEntry::Skipped,
                        1 => RankEntry::Single(group[0]),
                        _ => RankEntry::Tied(group),
                    }
                } else {
                    let i = resolve(cell, &mut names, &mut lookup, fixed_list)
                        .ok_or_else(|| unknown(cell))?;
                    single_or_repeat(i, &mut seen)
                }
            };
            ranking.push(entry);
        }
        while ranking.last() == Some(&RankEntry::Skipped) {
            ranking.pop();
        }
        let id: Cow<str> = match id_col {
            Some(col) => trimmed(&fields[col]),
            None => Cow::Owned(format!("line-{line:0id_width$}")),
        };
        let k = interner.add(&ranking, super::ranks::pack_ranking(&ranking), 1);
        roll.push(&id, line, k, name)?;
    }
    roll.finish(name)?;
    let ballots = interner
        .into_distinct(super::ranks::unpack_ranking)
        .into_iter()
        .map(|(ranking, weight)| WeightedRanking { weight, ranking })
        .collect();
    Ok(BallotBox {
        candidates: names.clone(),
        seats: None,
        title: None,
        ranked: RankedProfile {
            candidates: names,
            withdrawn: Vec::new(),
            ballots,
        },
        marks: Default::default(),
        roll,
    })
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

/// A candidate at this rank, or a skipped rank when already ranked higher on the ballot.
#[inline]
fn single_or_repeat(i: CandidateIndex, seen: &mut Vec<CandidateIndex>) -> RankEntry {
    if seen.contains(&i) {
        RankEntry::Skipped
    } else {
        seen.push(i);
        RankEntry::Single(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RankEntry::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
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
        let bx = read(&src, Some(&names(&["Frey", "Hodges"]))).unwrap();
        assert_eq!(bx.candidates, names(&["Frey", "Hodges", "UWI"]));
        let r: Vec<_> = bx
            .ranked
            .ballots
            .iter()
            .map(|b| b.ranking.clone())
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
        let bx = read(&src, None).unwrap();
        assert_eq!(bx.candidates, names(&["B", "C", "A"]));
        assert_eq!(
            bx.ranked.ballots[0].ranking,
            vec![Tied(vec![0, 1]), Single(2)]
        );
        assert_eq!(bx.ranked.ballots[1].ranking, vec![Single(1)]);
        assert_eq!(bx.roll.id(1), "a");
    }

    #[test]
    fn malformed_lines() {
        let cands = names(&["A", "B"]);
        let e = read(
            &Source::from_text("c.csv", "ballot_id,choice_1\n1,A\n2,Zed\n"),
            Some(&cands),
        )
        .unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("choice_1")));
        let e = read(
            &Source::from_text("c.csv", "ballot_id,choice_1\n1,A\n1,B\n"),
            Some(&cands),
        )
        .unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("ballot_id")));
        let e = read(
            &Source::from_text("c.csv", "ballot_id,rank\n1,A\n"),
            Some(&cands),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = read(
            &Source::from_text("c.csv", "ballot_id,choice_1,choice_2\n1,A\n"),
            Some(&cands),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}
