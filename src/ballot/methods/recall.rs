//! `recall` (罢免): a yes/no vote on removing one officer (rule R1, docs/methods.md §2).
//!
//! Passes with yes votes meeting the recall threshold: by default strictly more than half of
//! **all** entitled members (`> 1/2 entitled`: EL 53, LOC 44 for deputies elected by a
//! congress; TUL 18 for trade-union chairs), overridable with `[rules] threshold`. The village
//! profile also needs a turnout quorum (VIL 16: more than half of registered voters vote, and
//! more than half of those voting approve). Ballots are marks ballots with one column (the
//! officer): yes = for the recall. Returned > issued voids the round (Q2); an illegible mark
//! voids the ballot's only line, so the ballot is invalid (`illegible`).

use super::majority_approval::{tally, threshold_report};
use crate::ballot::election::Election;
use crate::ballot::profiles::{Bases, WinRule};
use crate::ballot::result::{
    AttendanceReport, BallotCounts, CandidateTally, RecallReport, Status, ThresholdReport,
};
use crate::ballot::MarksProfile;
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// Everything a recall vote reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecallOutcome {
    /// `complete`, `no-quorum` or `void-round`.
    pub status: Status,
    /// Ballot bookkeeping.
    pub ballots: BallotCounts,
    /// The officer's yes/no/abstain (`elected` is false: nobody is elected by a recall).
    pub candidates: Vec<CandidateTally>,
    /// Attendance and quorum.
    pub attendance: AttendanceReport,
    /// The threshold applied.
    pub threshold: ThresholdReport,
    /// The vote's result (absent when the round did not stand).
    pub recall: Option<RecallReport>,
}

/// Counts a recall vote.
pub fn count(profile: &MarksProfile, election: &Election) -> Result<RecallOutcome> {
    let rules = &election.rules;
    let attendance = election.require_attendance()?;
    let [officer] = profile.candidates.as_slice() else {
        return Err(Error::input(format!(
            "a recall is a vote on one officer, found {} candidates",
            profile.candidates.len()
        ))
        .file(&election.file)
        .field("candidates"));
    };
    let returned = profile.total_weight();
    let mut bases = Bases {
        entitled: attendance.entitled,
        present: attendance.present,
        returned,
        valid: 0,
    };
    let quorum_met = rules.recall_quorum.map(|q| q.met(&bases)).unwrap_or(true);
    let attendance_report = AttendanceReport {
        entitled: attendance.entitled,
        present: attendance.present,
        issued: attendance.issued,
        quorum: rules.recall_quorum.map(|q| q.to_string()),
        quorum_needed: rules.recall_quorum.and_then(|q| q.needed(&bases)),
        quorum_met,
    };
    let rule = WinRule::Majority(rules.recall_threshold);
    if !quorum_met || returned > attendance.issued {
        return Ok(RecallOutcome {
            status: if quorum_met {
                Status::VoidRound
            } else {
                Status::NoQuorum
            },
            ballots: BallotCounts {
                returned,
                valid: 0,
                invalid: BTreeMap::new(),
            },
            candidates: vec![CandidateTally {
                name: officer.clone(),
                yes: 0,
                no: 0,
                abstain: 0,
                elected: false,
                illegible: 0,
            }],
            attendance: attendance_report,
            threshold: threshold_report(rule, &bases),
            recall: None,
        });
    }
    let t = tally(profile, 1, rules, false);
    bases.valid = t.valid();
    let threshold = threshold_report(rule, &bases);
    let passed = rules.recall_threshold.passes(t.yes[0], &bases);
    Ok(RecallOutcome {
        status: Status::Complete,
        ballots: BallotCounts {
            returned,
            valid: t.valid(),
            invalid: t.invalid.clone(),
        },
        candidates: vec![CandidateTally {
            name: officer.clone(),
            yes: t.yes[0],
            no: t.no[0],
            abstain: t.abstain[0],
            elected: false,
            illegible: t.illegible[0],
        }],
        attendance: attendance_report,
        recall: Some(RecallReport {
            officer: officer.clone(),
            passed,
            yes: t.yes[0],
            no: t.no[0],
            abstain: t.abstain[0],
            threshold: rules.recall_threshold.to_string(),
            votes_needed: threshold.votes_needed,
        }),
        threshold,
    })
}
