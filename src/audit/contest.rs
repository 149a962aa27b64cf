//! The assertions a record's reported outcome rests on (SHANGRLA's, docs/paper-ballots.md
//! §8.2), and how one paper bears on each.
//!
//! - `plurality`, `block`, `approval`: for every reported winner `w` and loser `l`, "`w` beats
//!   `l`": papers with a yes for `w` and not `l` support it, papers with a yes for `l` and not
//!   `w` count against it, the rest (both, neither, void) are neutral; null share ½.
//! - `majority-approval` (a first round whose seats were all filled): the same pairs, with
//!   every name written in on a counted paper as a loser too, plus one pair per winner against
//!   any name not in the record (`others`); and for each winner "yes votes above the
//!   threshold": papers with a yes for `w` support it, the other papers of the threshold's
//!   base count against it (void papers are neutral when the base is `valid`), with null share
//!   the threshold's fraction (for `present` / `entitled`, fraction × base ÷ papers).
//!
//! Ranked methods are out of scope (they need RAIRE-style assertions), and so are outcomes
//! that are not a filled set of seats (a re-vote, a 另行选举, no quorum): input errors.

use super::bravo::Assertion;
use crate::ballot::election::{Election, ElectionMethod, RoundKind};
use crate::ballot::profiles::{ThresholdBase, WinRule};
use crate::ballot::BallotBox;
use crate::error::{Error, Result};
use crate::exact::Ratio;
use crate::paper::votes::{PaperReader, PaperVote};
use crate::record::files::{
    seats_to_bytes, ElectionInfo, RecordFiles, BALLOTS, ELECTION_JSON, ELECTION_TOML, SEATS,
};
use crate::record::recount::{Counter, ElectCounter, Named};

/// What a paper is checked for by one assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bearing {
    /// `winner` beats `loser` (a named loser, or `None`: any name not in the record).
    Pair {
        /// The reported winner.
        winner: String,
        /// The reported loser; `None` for any write-in the record does not name.
        loser: Option<String>,
    },
    /// `winner`'s yes votes are above the threshold.
    Above {
        /// The reported winner.
        winner: String,
        /// Whether void papers count against it (bases other than `valid`).
        void_against: bool,
    },
}

/// How one paper bears on one assertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// It supports the assertion.
    Support,
    /// It counts against it.
    Against,
    /// Neither.
    Neutral,
}

/// A reported outcome and its assertions.
#[derive(Debug, Clone)]
pub struct Contest {
    /// The election (its rules read each paper).
    pub election: Election,
    /// Papers the record counted.
    pub papers: u64,
    /// The reported winners.
    pub elected: Vec<String>,
    /// Every name the record gives a yes to (candidates, then names written in).
    pub named: Vec<String>,
    /// The assertions, each with what it checks a paper for.
    pub assertions: Vec<(Assertion, Bearing)>,
}

impl Contest {
    /// The contest of the station record in `dir`. Its `seats.csv` must be what a recount of
    /// its ballots gives (run `congress verify` for every other check).
    pub fn from_record(dir: &std::path::Path) -> Result<Contest> {
        let files = RecordFiles::read(dir)?;
        let name = dir.display().to_string();
        let get = |f: &str| {
            files.get(f).ok_or_else(|| {
                Error::input(format!("the record has no {f}; expected a station record"))
                    .file(format!("{name}/{f}"))
            })
        };
        let info = ElectionInfo::parse(get(ELECTION_JSON)?)
            .map_err(|e| e.file(format!("{name}/{ELECTION_JSON}")))?;
        let (toml, ballots_csv, seats) = (get(ELECTION_TOML)?, get(BALLOTS)?, get(SEATS)?);
        let named = Named::of(&info);
        let counted = ElectCounter.count(toml, ballots_csv, named)?;
        if seats_to_bytes(&counted.seat_rows)? != seats {
            return Err(Error::input(
                "the record's seats are not what its ballots count to; run congress verify",
            )
            .file(format!("{name}/{SEATS}")));
        }
        let (election, ballots) =
            crate::record::elect_counter::election_and_ballots(toml, ballots_csv, named)?;
        let status = counted.result["status"].as_str().unwrap_or("").to_string();
        let elected = counted
            .seat_rows
            .iter()
            .filter(|r| r.status == "elected")
            .map(|r| r.candidate.clone())
            .collect();
        Contest::new(election, &ballots, elected, &status).map_err(|e| {
            if e.file.is_none() {
                e.file(name.clone())
            } else {
                e
            }
        })
    }

    /// The contest of `ballots` counted under `election` to `elected` with result `status`.
    pub fn new(
        election: Election,
        ballots: &BallotBox,
        elected: Vec<String>,
        status: &str,
    ) -> Result<Contest> {
        let method = election.method;
        let scope_error = |why: String| Error::input(why).field("method");
        match method {
            ElectionMethod::Plurality | ElectionMethod::Block | ElectionMethod::Approval => {}
            ElectionMethod::MajorityApproval if election.round == RoundKind::First => {}
            ElectionMethod::MajorityApproval => {
                return Err(scope_error(
                    "the audit covers a first round of majority-approval; a re-vote or a \
                     另行选举 is a new contest with its own papers"
                        .into(),
                ))
            }
            ElectionMethod::Recall
            | ElectionMethod::Irv
            | ElectionMethod::BottomsUp
            | ElectionMethod::SequentialIrv
            | ElectionMethod::Stv
            | ElectionMethod::Meek
            | ElectionMethod::Schulze
            | ElectionMethod::RankedPairs
            | ElectionMethod::Copeland
            | ElectionMethod::Borda => {
                return Err(scope_error(format!(
                    "method {} cannot be audited by ballot polling here: the audit covers \
                     majority-approval, plurality, approval and block (ranked methods need \
                     RAIRE-style assertions, which congress does not make)",
                    method.name()
                )))
            }
        }
        if status != "complete" {
            return Err(Error::input(format!(
                "the reported outcome is {status}, not a filled set of seats: there is no \
                 winner to confirm by polling"
            ))
            .field("status"));
        }
        let reader = PaperReader::new(&election)?;
        let votes: Vec<PaperVote> = (0..ballots.roll.len())
            .filter_map(|i| ballots.marks_of(i).map(|b| reader.read(&b.to_ballot())))
            .collect();
        let mut named: Vec<String> = reader.candidates().to_vec();
        for v in &votes {
            if let PaperVote::Counted { yes, .. } = v {
                for n in yes {
                    if !named.contains(n) {
                        named.push(n.clone());
                    }
                }
            }
        }
        let papers = votes.len() as u64;
        let mut bearings = Vec::new();
        for w in &elected {
            for l in named.iter().filter(|n| !elected.contains(n)) {
                bearings.push(Bearing::Pair {
                    winner: w.clone(),
                    loser: Some(l.clone()),
                });
            }
        }
        let mut threshold = None;
        if method == ElectionMethod::MajorityApproval {
            let (t, void_against) = null_share(&election, papers)?;
            threshold = Some(t);
            for w in &elected {
                if election.rules.write_ins {
                    bearings.push(Bearing::Pair {
                        winner: w.clone(),
                        loser: None,
                    });
                }
                bearings.push(Bearing::Above {
                    winner: w.clone(),
                    void_against,
                });
            }
        }
        let mut contest = Contest {
            election,
            papers,
            elected,
            named,
            assertions: Vec::new(),
        };
        for bearing in bearings {
            let (mut u, mut z) = (0, 0);
            for v in &votes {
                match contest.side(&bearing, Some(v)) {
                    Side::Support => u += 1,
                    Side::Against => z += 1,
                    Side::Neutral => {}
                }
            }
            let (name, t) = match &bearing {
                Bearing::Pair { winner, loser } => (
                    format!("{winner} > {}", loser.as_deref().unwrap_or("others")),
                    Ratio::new(1, 2),
                ),
                Bearing::Above { winner, .. } => (
                    format!("{winner} above threshold"),
                    threshold.expect("set for majority-approval"),
                ),
            };
            contest.assertions.push((
                Assertion {
                    name,
                    reported_u: u,
                    reported_z: z,
                    t,
                },
                bearing,
            ));
        }
        Ok(contest)
    }

    /// How a paper (`None`: a drawn paper that was not found) bears on an assertion. A paper
    /// not found counts against every assertion.
    pub fn side(&self, bearing: &Bearing, vote: Option<&PaperVote>) -> Side {
        let Some(vote) = vote else {
            return Side::Against;
        };
        let yes = match vote {
            PaperVote::Counted { yes, .. } => yes,
            PaperVote::Void(_) => {
                return match bearing {
                    Bearing::Above { void_against, .. } if *void_against => Side::Against,
                    _ => Side::Neutral,
                }
            }
        };
        let has = |n: &str| yes.iter().any(|y| y == n);
        match bearing {
            Bearing::Pair { winner, loser } => {
                let l = match loser {
                    Some(l) => has(l),
                    None => yes.iter().any(|y| !self.named.contains(y)),
                };
                match (has(winner), l) {
                    (true, false) => Side::Support,
                    (false, true) => Side::Against,
                    _ => Side::Neutral,
                }
            }
            Bearing::Above { winner, .. } => {
                if has(winner) {
                    Side::Support
                } else {
                    Side::Against
                }
            }
        }
    }
}

/// The threshold assertion's null share and whether void papers count against it.
fn null_share(election: &Election, papers: u64) -> Result<(Ratio, bool)> {
    let WinRule::Majority(th) = &election.rules.threshold else {
        return Err(Error::input(
            "a plurality rule (most yes votes) has no threshold to confirm; the audit covers \
             majority-approval with a threshold",
        )
        .file(&election.file)
        .field("threshold"));
    };
    let attendance = election.attendance.as_ref();
    let base = match th.base {
        ThresholdBase::Returned | ThresholdBase::Valid => None,
        ThresholdBase::Present => Some(attendance.map(|a| a.present)),
        ThresholdBase::Entitled => Some(attendance.map(|a| a.entitled)),
    };
    let t = match base {
        None => th.fraction,
        Some(value) => {
            let value = value.ok_or_else(|| {
                Error::input("the threshold's base needs the [attendance] numbers")
                    .file(&election.file)
                    .field("attendance")
            })?;
            Ratio::new(
                th.fraction.num * u128::from(value),
                th.fraction.den * u128::from(papers.max(1)),
            )
            .reduced()
        }
    };
    if t >= Ratio::integer(1) {
        return Err(Error::input(
            "the threshold is at or above every paper returned: no winner can have passed it",
        )
        .file(&election.file)
        .field("threshold"));
    }
    Ok((t, th.base != ThresholdBase::Valid))
}
