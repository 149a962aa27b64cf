//! Ranked ballots and the aggregated profile that ranked methods count.

use super::CandidateIndex;

/// One rank position on a ranked ballot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RankEntry {
    /// Exactly one candidate at this rank.
    Single(CandidateIndex),
    /// Two or more candidates at the same rank (an equal ranking in PrefLib/BLT, or an
    /// overvote in a cast-vote record); sorted, no duplicates.
    Tied(Vec<CandidateIndex>),
    /// A rank left blank (an undervote / skipped rank) before a later marked rank.
    Skipped,
    /// An overvote whose candidates the file does not name (`overvote` in a CVR).
    Overvote,
}

/// A ranking and how many ballots cast it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightedRanking {
    /// Number of identical ballots (BLT weight, PrefLib count, or aggregated CSV rows).
    pub weight: u64,
    /// The rank positions, first preference first. May be empty (a blank ballot).
    pub ranking: Vec<RankEntry>,
}

/// Rules for reading a ranked ballot that methods share (contract §4, `[rules]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RankedRules {
    /// What an overvoted rank does.
    pub overvote: OvervoteRule,
    /// What skipped (blank) ranks do.
    pub skipped_ranks: SkippedRule,
    /// Exclude one candidate per round, or every candidate who cannot win.
    pub elimination: Elimination,
}

/// `overvote = "exhaust" | "skip-rank" | "exhaust-if-multiple-continuing"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OvervoteRule {
    /// The ballot is exhausted at an overvoted rank.
    #[default]
    Exhaust,
    /// The overvoted rank is passed over and the next rank is used.
    SkipRank,
    /// Exhausted only if two or more of the overvoted candidates are still continuing;
    /// a single continuing candidate among them takes the vote.
    ExhaustIfMultipleContinuing,
}

/// `skipped_ranks = "skip" | "exhaust-after-two"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SkippedRule {
    /// Blank ranks are passed over.
    #[default]
    Skip,
    /// Two consecutive blank ranks exhaust the ballot (Minneapolis, Maine).
    ExhaustAfterTwo,
}

/// `elimination = "single" | "batch"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Elimination {
    /// One candidate excluded per round.
    #[default]
    Single,
    /// Every candidate who mathematically cannot win is excluded together.
    Batch,
}

/// The aggregated ranked ballots of one contest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RankedProfile {
    /// Candidate names, in the election's order.
    pub candidates: Vec<String>,
    /// Candidates withdrawn before the count (BLT `-n` lines): never elected, skipped.
    pub withdrawn: Vec<CandidateIndex>,
    /// Distinct rankings with their weights, in first-appearance order.
    pub ballots: Vec<WeightedRanking>,
}

impl RankedProfile {
    /// Total number of ballots (sum of weights).
    pub fn total_weight(&self) -> u64 {
        self.ballots.iter().map(|b| b.weight).sum()
    }
}
