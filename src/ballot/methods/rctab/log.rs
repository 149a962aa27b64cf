//! The round-by-round log of a count by RCTab's rules: what RCTab's reports print, kept at
//! the scale RCTab's arithmetic gives each value (`6` before a winner's ballots move, `6.0000`
//! after), so that `--rctab-summary` can write RCTab's layout exactly.

use crate::ballot::CandidateIndex;
use crate::exact::ScaledDecimal;

/// Why a ballot is out of the count (RCTab's inactive statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inactive {
    /// The ballot ranks nobody ("Number of Undervotes (No Rankings)").
    NoRankings,
    /// An overvoted rank stopped it ("Inactive Ballots by Overvotes").
    Overvotes,
    /// Too many skipped ranks ("… by Skipped Rankings").
    SkippedRankings,
    /// No continuing candidate left on it ("… by Exhausted Choices").
    ExhaustedChoices,
    /// A candidate ranked again ("… by Repeated Rankings").
    RepeatedRankings,
}

impl Inactive {
    /// Every status, in the order of [`Tabulated::inactive`].
    pub const ALL: [Inactive; 5] = [
        Inactive::NoRankings,
        Inactive::Overvotes,
        Inactive::SkippedRankings,
        Inactive::ExhaustedChoices,
        Inactive::RepeatedRankings,
    ];

    /// Its index in [`Tabulated::inactive`].
    pub fn index(self) -> usize {
        match self {
            Inactive::NoRankings => 0,
            Inactive::Overvotes => 1,
            Inactive::SkippedRankings => 2,
            Inactive::ExhaustedChoices => 3,
            Inactive::RepeatedRankings => 4,
        }
    }

    /// The reason a ballot inactive in the first round is reported under in
    /// `ballots.invalid` (as the contract's ranked methods name them).
    pub fn reason(self) -> &'static str {
        match self {
            Inactive::NoRankings | Inactive::ExhaustedChoices => "empty",
            Inactive::Overvotes => "overvote",
            Inactive::SkippedRankings => "skipped-ranks",
            Inactive::RepeatedRankings => "repeated-ranking",
        }
    }

    /// Its key in a round's `inactive` (RCTab's detailed report, snake case); the ballots
    /// that rank nobody are reported once, in `ballots.invalid`.
    pub fn key(self) -> Option<&'static str> {
        match self {
            Inactive::NoRankings => None,
            Inactive::Overvotes => Some("overvotes"),
            Inactive::SkippedRankings => Some("skipped_rankings"),
            Inactive::ExhaustedChoices => Some("exhausted_choices"),
            Inactive::RepeatedRankings => Some("repeated_rankings"),
        }
    }
}

/// Where votes moved in a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Destination {
    /// To a continuing candidate.
    Candidate(CandidateIndex),
    /// Out of the count (any inactive status).
    Exhausted,
    /// Left with a winner above the threshold by truncation.
    ResidualSurplus,
    /// Not moved: the last winners' surplus after every seat is filled.
    FinalRoundSurplus,
}

/// Which report layout a count has (RCTab's "Type of Election" and "Number to be Elected").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabulationKind {
    /// `irv`: "Single-Winner"; percentages of each round's active ballots.
    SingleWinner,
    /// Several seats, or one pass of `sequential-irv`: "Multi-Winner"; percentages of the
    /// first round's active ballots.
    MultiWinner,
    /// Bottoms-up with a percentage: "Multi-Winner", "All candidates over the `p`%
    /// threshold"; percentages of each round's active ballots.
    BottomsUpPercentage,
}

/// One round, as RCTab's reports show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tabulated {
    /// Each candidate's votes in this round: the continuing candidates' tallies, and the
    /// totals that winners of earlier rounds keep where surpluses move; `None` for the others.
    pub tally: Vec<Option<ScaledDecimal>>,
    /// The round's threshold.
    pub threshold: ScaledDecimal,
    /// Elected in this round, with whether a tie-break chose them.
    pub elected: Vec<(CandidateIndex, bool)>,
    /// Eliminated in this round, with whether a tie-break chose them.
    pub eliminated: Vec<(CandidateIndex, bool)>,
    /// "Active Ballots": the votes with candidates (winners' kept totals included) and the
    /// final round surplus.
    pub active: ScaledDecimal,
    /// The inactive ballots by status ([`Inactive::index`]), cumulative.
    pub inactive: [ScaledDecimal; 5],
    /// The residual surplus so far.
    pub residual: ScaledDecimal,
    /// The final round surplus (surplus counts, last round).
    pub final_surplus: ScaledDecimal,
    /// The votes that moved into this round: from, to, and how many (in units of the
    /// count's places).
    pub transfers: Vec<(CandidateIndex, Destination, u128)>,
}

impl Tabulated {
    /// Every inactive ballot of the round (the ballots that rank nobody included).
    pub fn inactive_total(&self) -> ScaledDecimal {
        self.inactive
            .iter()
            .fold(ScaledDecimal::integer(0), |sum, v| sum.plus(*v))
    }
}

/// A whole count (or one pass of `sequential-irv`) by RCTab's rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Tabulation {
    /// The report layout.
    pub kind: TabulationKind,
    /// Seats to fill in this count (1 in a pass; 0 with a percentage).
    pub seats: u32,
    /// The candidates, in the count's order (the undeclared write-ins named `UWI`).
    pub candidates: Vec<String>,
    /// The undeclared write-ins, when the count has them.
    pub write_in: Option<CandidateIndex>,
    /// Candidates taking part (not withdrawn, not left out): "Number of Candidates".
    pub standing: Vec<CandidateIndex>,
    /// Whether the first round's active ballots are the percentages' base for every round.
    pub first_round_base: bool,
    /// Whether surpluses move (the report has a "Final Round Surplus" row).
    pub moves_surpluses: bool,
    /// The decimal places of the count's values.
    pub places: u32,
    /// The rounds.
    pub rounds: Vec<Tabulated>,
    /// Whether `stop_after_round` ended the count.
    pub stopped: bool,
    /// The seat of a `sequential-irv` pass.
    pub seat: Option<u32>,
    /// Bottoms-up with a percentage: the percentage as a number (`15` for `"15%"`).
    pub percentage: Option<String>,
}

impl Tabulation {
    /// The winners, by round, within a round highest first (then candidate order).
    pub fn winners(&self) -> Vec<CandidateIndex> {
        let mut out = Vec::new();
        for round in &self.rounds {
            let mut elected: Vec<CandidateIndex> = round.elected.iter().map(|e| e.0).collect();
            let votes = |c: &CandidateIndex| round.tally[*c as usize].unwrap_or_default();
            elected.sort_by(|a, b| votes(b).cmp(&votes(a)).then(a.cmp(b)));
            out.extend(elected);
        }
        out
    }
}
