//! The [`Counter`] that `congress` itself uses: the election file and the canonical ballots
//! are read and counted by `crate::ballot` exactly as `congress elect` reads and counts them.

use super::files::{SeatRow, Tally, TallyKey, BALLOTS, ELECTION_JSON, ELECTION_TOML};
use super::recount::{Counted, Counter, Named};
use crate::ballot::canonical_ballots::{CandidateEncoding, CanonicalLines};
use crate::ballot::count::count_under;
use crate::ballot::election::Election;
use crate::ballot::formats::{choices, marks, read_ballots, BallotFormat};
use crate::ballot::ranked::{ranks, Rank};
use crate::ballot::result::ElectionResult;
use crate::ballot::{BallotBox, Mark};
use crate::error::{Error, Result};
use crate::input::Source;

/// Counts records with the election methods of [`crate::ballot`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ElectCounter;

fn key(measure: &str, candidate: &str) -> TallyKey {
    TallyKey {
        measure: measure.into(),
        candidate: candidate.into(),
    }
}

/// The counts of `tally.csv`: what the ballots say, before any rule is applied, so that
/// station tallies always add up to the parent's. `returned`; for marks ballots, per
/// candidate `marked_yes`, `marked_no`, `marked_abstain`, `marked_illegible` and per
/// written-in name `written_in`; for ranked ballots, per candidate `first_choice` (the first
/// marked rank names that candidate alone) and `first_choice_other` (blank ballots, or a
/// first marked rank that is an overvote or an equal ranking). What the rules make of the
/// ballots (valid, invalid, thresholds, rounds) is in `result.json`.
fn tally_of(ballots: &BallotBox, names: &[String], ranked: bool) -> Tally {
    let mut t = Tally::new();
    t.insert(key("returned", ""), ballots.roll.len() as u64);
    let measures: &[&str] = if ranked {
        &["first_choice"]
    } else {
        &[
            "marked_yes",
            "marked_no",
            "marked_abstain",
            "marked_illegible",
        ]
    };
    let mut per = vec![[0u64; 4]; names.len()];
    let mut other = 0u64;
    let mut written: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    // Every distinct ballot counts as often as the roll lists it (its weight).
    if ranked {
        for (ranking, weight) in ballots.ranked.ballots.iter() {
            match ranks(ranking).find(|rank| *rank != Rank::Skipped) {
                Some(Rank::Single(c)) if (c as usize) < per.len() => {
                    per[c as usize][0] += weight;
                }
                // Blank ballots, an overvote or an equal ranking first.
                Some(Rank::Single(_) | Rank::Tied(_) | Rank::Overvote | Rank::Skipped) | None => {
                    other += weight
                }
            }
        }
    } else {
        for (m, weight) in ballots.marks.ballots.iter() {
            for (i, mark) in m.marks.iter().enumerate() {
                let k = match mark {
                    Mark::Yes => 0,
                    Mark::No => 1,
                    Mark::Abstain => 2,
                    Mark::Illegible => 3,
                };
                if let Some(x) = per.get_mut(i) {
                    x[k] += weight;
                }
            }
            for w in m.write_ins {
                *written.entry(w.as_str()).or_insert(0) += weight;
            }
        }
    }
    for (name, counts) in names.iter().zip(&per) {
        for (k, m) in measures.iter().enumerate() {
            t.insert(key(m, name), counts[k]);
        }
    }
    for (name, n) in written {
        t.insert(key("written_in", name), n);
    }
    if ranked {
        t.insert(key("first_choice_other", ""), other);
    }
    t
}

/// Takes from `named` the seats and candidates the election file leaves to its ballot file,
/// checked as the election file's own would be.
fn fill_named(election: &mut Election, named: Named<'_>) -> Result<()> {
    let bad =
        |field: &str, message: String| Err(Error::input(message).file(ELECTION_JSON).field(field));
    if election.seats.is_none() {
        if let Some(seats) = named.seats {
            match u32::try_from(seats) {
                Ok(seats) if seats >= 1 => election.seats = Some(seats),
                _ => return bad("seats", format!("{seats} seats, expected at least 1")),
            }
        }
    }
    if election.candidates.is_none() {
        if let Some(names) = named.candidates {
            let mut seen = std::collections::HashSet::new();
            if names.is_empty() {
                return bad("candidates", "no candidates, expected at least one".into());
            }
            for name in names {
                if name.trim().is_empty() || name.trim() != name {
                    return bad(
                        "candidates",
                        format!("candidate {name:?}: expected a trimmed, non-empty name"),
                    );
                }
                if !seen.insert(name.as_str()) {
                    return bad(
                        "candidates",
                        format!("duplicate name '{name}' in the candidates"),
                    );
                }
            }
            let seats = election.seats.unwrap_or(1) as usize;
            if names.len() < seats {
                return bad(
                    "candidates",
                    format!(
                        "{} candidates for {seats} seats, expected at least as many candidates as seats",
                        names.len()
                    ),
                );
            }
            election.candidates = Some(names.to_vec());
        }
    }
    Ok(())
}

/// Reads a record's `ballots.csv` by the rules of its format version: `/2` lines number the
/// candidates of `election.json` (marks columns are taken in that order), `/1` lines are an
/// ordinary ballot file whose names must not be keywords of its cells.
fn read_record_ballots(
    source: &Source,
    election: &Election,
    named: Named<'_>,
) -> Result<BallotBox> {
    let ranked = election.method.is_ranked();
    let names = named.candidates.or(election.candidates.as_deref());
    match named.format.encoding() {
        CandidateEncoding::Names => {
            for name in names.unwrap_or_default() {
                if let Some(why) = CandidateEncoding::Names.ambiguous_name(name, ranked) {
                    return Err(Error::input(format!(
                        "candidate {name:?} cannot be told apart in {} ballot lines: {why}, so \
                         the lines do not say which ballots were cast (count the election again \
                         to write a {} record)",
                        named.format.as_str(),
                        super::files::RecordFormat::CURRENT.as_str()
                    ))
                    .file(BALLOTS)
                    .field("candidates"));
                }
            }
            read_ballots(source, BallotFormat::detect(source, election), election)
        }
        CandidateEncoding::Numbers => {
            let names = names.ok_or_else(|| {
                Error::input("the record names no candidates")
                    .file(ELECTION_JSON)
                    .field("candidates")
            })?;
            if ranked {
                choices::read_numbered(source, names, choices::Repeats::of(&election.ranked_rules))
            } else {
                marks::read_positional(source, names)
            }
        }
    }
}

/// What a record states about a count: the tally, seats and full result of `result`, the
/// count of `ballots` (whose canonical file is `canonical`, with RFC 6962 root `root`).
pub fn counted_of(
    election: &Election,
    ballots: &BallotBox,
    result: &ElectionResult,
    canonical: String,
    root: [u8; 32],
) -> Result<Counted> {
    let candidates: Vec<String> = if ballots.candidates.is_empty() {
        election.candidates.clone().unwrap_or_default()
    } else {
        ballots.candidates.clone()
    };
    let tally = tally_of(ballots, &candidates, election.method.is_ranked());
    let status = serde_json::to_value(result.status)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let seats = u64::from(result.seats);
    let seat_rows = (0..seats.max(result.elected.len() as u64))
        .map(|i| match result.elected.get(i as usize) {
            Some(name) => SeatRow {
                seat: i + 1,
                candidate: name.clone(),
                status: "elected".into(),
            },
            None => SeatRow {
                seat: i + 1,
                candidate: String::new(),
                status: if status == "complete" {
                    "vacant".into()
                } else {
                    status.clone()
                },
            },
        })
        .collect();
    let value = serde_json::to_value(result)
        .map_err(|e| Error::input(format!("result not serializable: {e}")))?;
    let secrecy = election.secrecy_for(ballots.roll.len() as u64);
    Ok(Counted {
        secrecy,
        candidates,
        seats,
        canonical,
        canonical_is_input: false,
        tally,
        seat_rows,
        lots: result.lots.clone(),
        root: Some(root),
        result: value,
    })
}

/// A record's election and ballots, read exactly as [`ElectCounter`] reads them (the audit
/// of a paper election reads the reported papers this way).
pub fn election_and_ballots(
    election_toml: &[u8],
    ballots_csv: &[u8],
    named: Named<'_>,
) -> Result<(Election, BallotBox)> {
    let mut election = Election::from_bytes(ELECTION_TOML, election_toml.to_vec())?;
    election.sha256 = crate::digest::sha256(election_toml);
    election.raw = election_toml.to_vec();
    fill_named(&mut election, named)?;
    let text =
        std::str::from_utf8(ballots_csv).map_err(|_| Error::input("not UTF-8").file(BALLOTS))?;
    let source = Source::from_text(BALLOTS, text);
    let ballots = read_record_ballots(&source, &election, named)?;
    Ok((election, ballots))
}

impl Counter for ElectCounter {
    fn count(&self, election_toml: &[u8], ballots_csv: &[u8], named: Named<'_>) -> Result<Counted> {
        let mut election = Election::from_bytes(ELECTION_TOML, election_toml.to_vec())?;
        election.sha256 = crate::digest::sha256(election_toml);
        election.raw = election_toml.to_vec();
        fill_named(&mut election, named)?;
        let text = std::str::from_utf8(ballots_csv)
            .map_err(|_| Error::input("not UTF-8").file(BALLOTS))?;
        let source = Source::from_text(BALLOTS, text);
        let ballots = read_record_ballots(&source, &election, named)?;
        let lines = CanonicalLines::new(&ballots, &election, named.format.layout(named.secrecy));
        let root = lines.root();
        // The canonical file is held only when it is not the file read (a record that fails).
        let canonical_is_input = lines.is_file(ballots_csv);
        let canonical = if canonical_is_input {
            String::new()
        } else {
            lines.file()
        };
        let result = count_under(&election, &ballots, root, named.format.lot_policy())?;
        let counted = counted_of(&election, &ballots, &result, canonical, root)?;
        Ok(Counted {
            secrecy: named.format.secrecy(counted.secrecy),
            canonical_is_input,
            ..counted
        })
    }
}
