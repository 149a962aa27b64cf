//! The canonical ballot file: one CSV line per ballot, sorted by `ballot_id`, which
//! `congress elect` reads back, so an auditor recounts a record with
//! `congress elect election.toml ballots.csv`.
//!
//! Layout (UTF-8, LF, a header line, RFC 4180 quoting only when a field holds `,`, `"`, CR
//! or LF; lines sorted by `ballot_id` bytewise):
//! - marks ballots: `ballot_id,<candidate 1>,…,<candidate n>[,write_in_1,…,write_in_k]`;
//!   cells `yes`, `no`, empty (abstain) or `?` (illegible); k = the most write-ins on any ballot;
//! - ranked ballots: `ballot_id,choice_1,…,choice_m` (m = the longest ranking, at least 1);
//!   cells a candidate name, empty (skipped rank), `overvote`, or tied candidates joined by
//!   `|` in candidate-list order (`A|B`).
//!
//! `ballots_root` is the RFC 6962 root over the data lines (without line ends).

use super::election::Election;
use super::ranked::RankEntry;
use super::{BallotBox, BallotContent, Mark};
use crate::error::{Error, Result};
use crate::lot::hex;
use crate::record::merkle;

/// Appends `field` to `out`, quoted only when it must be.
pub fn push_field(out: &mut String, field: &str) {
    if field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// The candidate names the box's ballots refer to.
fn candidate_names<'a>(ballots: &'a BallotBox, election: &'a Election) -> &'a [String] {
    if !ballots.candidates.is_empty() {
        &ballots.candidates
    } else {
        election.candidates.as_deref().unwrap_or(&[])
    }
}

/// The canonical header and one line per ballot (sorted by `ballot_id`, no line ends).
pub fn ballot_lines(ballots: &BallotBox, election: &Election) -> (String, Vec<String>) {
    let mut lines = Vec::with_capacity(ballots.ballots.len());
    let header = for_each_line(ballots, election, |line| lines.push(line.to_string()));
    (header, lines)
}

/// Calls `each` with every canonical line in `ballot_id` order (built in one reused buffer)
/// and returns the header.
pub fn for_each_line(
    ballots: &BallotBox,
    election: &Election,
    mut each: impl FnMut(&str),
) -> String {
    let names = candidate_names(ballots, election);
    // Sort by id bytewise; the first eight bytes (big-endian, zero-padded) decide most
    // comparisons without reading the ids again.
    let prefix = |id: &str| {
        let mut k = [0u8; 8];
        let n = id.len().min(8);
        k[..n].copy_from_slice(&id.as_bytes()[..n]);
        u64::from_be_bytes(k)
    };
    let mut keyed: Vec<(u64, &super::Ballot)> =
        ballots.ballots.iter().map(|b| (prefix(&b.id), b)).collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.id.as_bytes().cmp(b.1.id.as_bytes()))
    });
    let order = keyed.into_iter().map(|(_, b)| b);
    let mut header = String::from("ballot_id");
    let mut line = String::with_capacity(256);
    if election.method.is_ranked() {
        let width = ballots
            .ballots
            .iter()
            .map(|b| match &b.content {
                BallotContent::Ranked(r) => r.len(),
                BallotContent::Marks(_) => 0,
            })
            .max()
            .unwrap_or(0)
            .max(1);
        for k in 1..=width {
            header.push_str(&format!(",choice_{k}"));
        }
        let mut cell = String::new();
        for b in order {
            line.clear();
            push_field(&mut line, &b.id);
            let ranking: &[RankEntry] = match &b.content {
                BallotContent::Ranked(r) => r,
                BallotContent::Marks(_) => &[],
            };
            for k in 0..width {
                line.push(',');
                match ranking.get(k) {
                    Some(RankEntry::Single(c)) => push_field(&mut line, name_of(names, *c)),
                    Some(RankEntry::Tied(group)) => {
                        cell.clear();
                        for (j, c) in group.iter().enumerate() {
                            if j > 0 {
                                cell.push('|');
                            }
                            cell.push_str(name_of(names, *c));
                        }
                        push_field(&mut line, &cell);
                    }
                    Some(RankEntry::Overvote) => line.push_str("overvote"),
                    Some(RankEntry::Skipped) | None => {}
                }
            }
            each(&line);
        }
    } else {
        let write_ins = ballots
            .ballots
            .iter()
            .map(|b| match &b.content {
                BallotContent::Marks(m) => m.write_ins.len(),
                BallotContent::Ranked(_) => 0,
            })
            .max()
            .unwrap_or(0);
        for name in names {
            header.push(',');
            push_field(&mut header, name);
        }
        for k in 1..=write_ins {
            header.push_str(&format!(",write_in_{k}"));
        }
        for b in order {
            line.clear();
            push_field(&mut line, &b.id);
            if let BallotContent::Marks(m) = &b.content {
                for k in 0..names.len() {
                    line.push(',');
                    line.push_str(match m.marks.get(k) {
                        Some(Mark::Yes) => "yes",
                        Some(Mark::No) => "no",
                        Some(Mark::Illegible) => "?",
                        Some(Mark::Abstain) | None => "",
                    });
                }
                for k in 0..write_ins {
                    line.push(',');
                    push_field(
                        &mut line,
                        m.write_ins.get(k).map(String::as_str).unwrap_or(""),
                    );
                }
            }
            each(&line);
        }
    }
    header
}

fn name_of(names: &[String], c: super::CandidateIndex) -> &str {
    names.get(c as usize).map(String::as_str).unwrap_or("")
}

/// The whole canonical file: header, then every line, each ending in LF.
pub fn canonical_csv(ballots: &BallotBox, election: &Election) -> String {
    let (header, lines) = ballot_lines(ballots, election);
    let mut out =
        String::with_capacity(header.len() + 1 + lines.iter().map(|l| l.len() + 1).sum::<usize>());
    out.push_str(&header);
    out.push('\n');
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// RFC 6962 root over canonical lines.
pub fn root_of_lines(lines: &[String]) -> [u8; 32] {
    merkle::root(lines.iter().map(|l| l.as_bytes()))
}

/// The RFC 6962 root over the box's canonical ballot lines. An error when the ballots were
/// read without keeping them (the root must bind every ballot).
pub fn ballots_root_bytes(ballots: &BallotBox, election: &Election) -> Result<[u8; 32]> {
    let weight = ballots.marks.total_weight() + ballots.ranked.total_weight();
    if ballots.ballots.is_empty() && weight > 0 {
        return Err(Error::usage(
            "the ballots were read without keeping them (keep_ballots = false); the ballots \
             root needs every ballot",
        ));
    }
    let mut leaves = Vec::with_capacity(ballots.ballots.len());
    for_each_line(ballots, election, |line| {
        leaves.push(merkle::leaf_hash(line.as_bytes()))
    });
    Ok(merkle::root_from_leaf_hashes(leaves))
}

/// [`ballots_root_bytes`] as lowercase hex.
pub fn ballots_root(ballots: &BallotBox, election: &Election) -> Result<String> {
    ballots_root_bytes(ballots, election).map(|r| hex(&r))
}
