//! The ranks CSV reader (ranked methods).
//!
//! Header: `ballot_id`, then one column per candidate (the election's names; without a
//! candidate list in the election every other column is a candidate). Cells: ranks 1, 2, …
//! or empty. Two candidates with the same rank become one [`RankEntry::Tied`] position (the
//! method's overvote rule decides what that means); a rank left out before a later one
//! becomes [`RankEntry::Skipped`]. A rank that is not a whole number from 1 to the number of
//! candidates is an input error naming file, line and column.

use super::{estimate_rows, read_header, visit_record, Aggregator, FastMap, IdSet, Records};
use crate::ballot::ranked::{RankEntry, RankedProfile, WeightedRanking};
use crate::ballot::{Ballot, BallotBox, BallotContent, CandidateIndex};
use crate::error::{Error, Result};
use crate::input::{normalize_header, Source};
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

/// Builds the ranking of one ballot from its (rank, candidate) pairs.
pub(crate) fn ranking_from_ranks(entries: &mut [(u32, CandidateIndex)], out: &mut Vec<RankEntry>) {
    out.clear();
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
pub fn read(
    source: &Source,
    candidates: Option<&[String]>,
    keep_ballots: bool,
) -> Result<BallotBox> {
    let name = source.name.as_str();
    let mut records = Records::new(source);
    let header = read_header(&mut records, name)?;
    let width = header.len();
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    let id_col = normalized
        .iter()
        .position(|h| h == "ballot_id")
        .ok_or_else(|| {
            Error::input(format!(
                "missing column, expected a header named 'ballot_id' (found: {})",
                header.join(", ")
            ))
            .file(name)
            .line(1)
            .field("ballot_id")
        })?;
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
    let mut candidate_cols = Vec::with_capacity(names.len());
    for c in &names {
        let wanted = normalize_header(c);
        let cols: Vec<usize> = normalized
            .iter()
            .enumerate()
            .filter(|(i, h)| **h == wanted && *i != id_col)
            .map(|(i, _)| i)
            .collect();
        match cols.as_slice() {
            [col] => candidate_cols.push(*col),
            [] => {
                return Err(Error::input(format!(
                "missing column for candidate '{c}', expected one column per candidate (found: {})",
                header.join(", ")
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
    let max_rank = names.len() as u32;

    let rows = estimate_rows(&source.text);
    let mut ids = IdSet::with_capacity(rows);
    let mut index = Aggregator::with_capacity(0);
    // packed key → (position in the profile, further ballots); weights are added at the end.
    let mut packed: FastMap<(u64, u64), (u32, u32)> =
        FastMap::with_capacity_and_hasher(rows / 8, Default::default());
    let mut profile = RankedProfile {
        candidates: names.clone(),
        withdrawn: Vec::new(),
        ballots: Vec::new(),
    };
    let mut kept = Vec::new();
    let mut fields: Vec<Cow<str>> = Vec::with_capacity(width);
    let mut entries: Vec<(u32, CandidateIndex)> = Vec::with_capacity(names.len());
    let mut ranking: Vec<RankEntry> = Vec::with_capacity(names.len());
    // What each column is: the id, a candidate, or ignored.
    let mut role: Vec<Option<CandidateIndex>> = vec![None; width];
    for (k, &col) in candidate_cols.iter().enumerate() {
        role[col] = Some(k as CandidateIndex);
    }
    while let Some((line, raw)) = records.next_raw(&mut fields)? {
        entries.clear();
        let mut cell = |col: usize, text: &str| -> Result<()> {
            if text.is_empty() {
                return Ok(());
            }
            if let Some(Some(k)) = role.get(col) {
                match parse_rank(text, max_rank) {
                    Ok(Some(rank)) => entries.push((rank, *k)),
                    Ok(None) => {}
                    Err(m) => {
                        return Err(Error::input(m)
                            .file(name)
                            .line(line)
                            .field(names[*k as usize].as_str()))
                    }
                }
            }
            Ok(())
        };
        let id: Cow<str> = visit_record(raw, &fields, id_col, width, name, line, &mut cell)?;
        ranking_from_ranks(&mut entries, &mut ranking);
        if keep_ballots {
            kept.push(Ballot {
                id: id.to_string(),
                content: BallotContent::Ranked(ranking.clone()),
            });
        }
        ids.insert(id, name, line)?;
        let next = profile.ballots.len() as u32;
        let found = match pack_ranking(&ranking) {
            // Short rankings of up to 250 candidates: an exact 128-bit key.
            Some(key) => match packed.entry(((key >> 64) as u64, key as u64)) {
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    e.get_mut().1 += 1;
                    continue;
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert((next, 0));
                    None
                }
            },
            None => {
                let hash = Aggregator::hash(ranking.as_slice());
                let known = &profile.ballots;
                index.find_or_insert(hash, next, |i| known[i as usize].ranking == ranking)
            }
        };
        match found {
            Some(i) => profile.ballots[i as usize].weight += 1,
            None => profile.ballots.push(WeightedRanking {
                weight: 1,
                ranking: ranking.clone(),
            }),
        }
    }
    ids.finish(name)?;
    for (position, extra) in packed.into_values() {
        profile.ballots[position as usize].weight += extra as u64;
    }
    Ok(BallotBox {
        candidates: names,
        seats: None,
        title: None,
        ranked: profile,
        marks: Default::default(),
        ballots: kept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use RankEntry::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ranks_ties_and_gaps() {
        let src = Source::from_text(
            "r.csv",
            "ballot_id,A,B,C,D\nx1,2,1,,\nx2,2,1,,\nx3,1,1,3,\nx4,,,,\nx5,3,,1,\n",
        );
        let bx = read(&src, Some(&names(&["A", "B", "C", "D"])), true).unwrap();
        let r = &bx.ranked.ballots;
        assert_eq!(r[0].ranking, vec![Single(1), Single(0)]);
        assert_eq!(r[0].weight, 2);
        assert_eq!(r[1].ranking, vec![Tied(vec![0, 1]), Skipped, Single(2)]);
        assert_eq!(r[2].ranking, vec![]);
        assert_eq!(r[3].ranking, vec![Single(2), Skipped, Single(0)]);
        assert_eq!(bx.ballots.len(), 5);
        assert_eq!(bx.ranked.total_weight(), 5);
    }

    #[test]
    fn candidates_from_the_header() {
        let src = Source::from_text("r.csv", "ballot_id,A,B\n1,1,2\n");
        let bx = read(&src, None, false).unwrap();
        assert_eq!(bx.candidates, names(&["A", "B"]));
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
        ] {
            let e = read(&Source::from_text("r.csv", text), Some(&cands), false).unwrap_err();
            assert_eq!(
                (e.line, e.field.as_deref()),
                (Some(line), field),
                "{text}: {e}"
            );
            assert_eq!(e.file.as_deref(), Some("r.csv"));
        }
    }
}
