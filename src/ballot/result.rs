//! The outcome of counting an election, in the JSON shape of the contract (§4).

use serde::Serialize;
use std::collections::BTreeMap;

/// The overall status of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every seat is filled.
    Complete,
    /// Attendance did not meet the quorum; nothing was counted.
    NoQuorum,
    /// More ballots were returned than issued; the round is void.
    VoidRound,
    /// A tie straddles the last seat; the tied candidates must be voted on again.
    RevoteRequired,
    /// Fewer candidates qualified than seats; a supplementary round (另行选举) is needed.
    SupplementaryRequired,
    /// Seats left unfilled by the rules (a tie under `tie_at_cutoff = "vacancy"`, …).
    Vacancy,
}

/// Ballot bookkeeping: returned, valid, and invalid by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BallotCounts {
    /// Ballots returned (counted from the ballot file).
    pub returned: u64,
    /// Valid ballots.
    pub valid: u64,
    /// Invalid ballots by reason (`overvote`, `empty`, …).
    pub invalid: BTreeMap<String, u64>,
}

/// One stage of a sequential count, as an official result sheet prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    /// Stage number, from 1.
    pub round: u32,
    /// `"first preferences"`, `"surplus of X"` or `"exclusion of X"` (or a method's own).
    pub action: String,
    /// Each continuing or elected candidate's total after this stage, as exact decimals,
    /// in candidate order.
    pub totals: serde_json::Map<String, serde_json::Value>,
    /// Votes no longer with any candidate, as an exact decimal.
    pub non_transferable: String,
    /// Candidates elected at this stage.
    pub elected: Vec<String>,
    /// Candidates excluded at this stage.
    pub excluded: Vec<String>,
}

/// A tie the count met, and how it was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TieRecord {
    /// Where in the count the tie arose (e.g. `"exclusion in round 3"`, `"last seat"`).
    pub context: String,
    /// The tied candidates.
    pub candidates: Vec<String>,
    /// How it was settled: a rule of the method (`"earlier round"`), `"lot"`, or
    /// `"unresolved"`.
    pub resolved_by: String,
    /// The candidates in the order the settlement put them (winners / survivors first).
    pub order: Vec<String>,
}
