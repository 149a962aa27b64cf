//! Elections: the election definition, ballot formats, and one file per counting method.
//!
//! Data flows one way: an [`Election`](election::Election) and a ballot file are read into a
//! [`BallotBox`] (identical ballots aggregated, plus a compact roll of every ballot's id), a method in
//! [`methods`] counts the aggregated profile, and the outcome is an
//! [`ElectionResult`](result::ElectionResult).

pub(crate) mod canonical_ballots;
pub mod constraints;
pub mod count;
pub mod election;
pub mod formats;
pub mod methods;
pub(crate) mod packed_marks;
pub mod profiles;
pub mod ranked;
pub mod result;
pub(crate) mod roll;
pub mod rounds;
#[cfg(test)]
pub(crate) mod test_support;
pub mod tiebreak;

/// A candidate's position in the election's candidate list (0-based).
pub type CandidateIndex = u32;

/// How a marks ballot treats one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mark {
    /// 赞成 (yes).
    Yes,
    /// 反对 (no).
    No,
    /// 弃权 (abstain, or left empty).
    Abstain,
    /// An illegible mark: that line of the ballot is void.
    Illegible,
}

impl Mark {
    /// Every mark, at the index of its code (`Mark as usize`, the two bits packed keys use).
    pub const ALL: [Mark; 4] = [Mark::Yes, Mark::No, Mark::Abstain, Mark::Illegible];

    /// Whether the voter said yes or no to the candidate (not abstain, not illegible).
    pub fn is_yes_or_no(self) -> bool {
        match self {
            Mark::Yes | Mark::No => true,
            Mark::Abstain | Mark::Illegible => false,
        }
    }
}

/// A yes/no/abstain ballot (approval and majority-approval), one mark per candidate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MarksBallot {
    /// One mark per candidate, in candidate-list order.
    pub marks: Vec<Mark>,
    /// Names written in (另选他人), in column order, empty ones dropped.
    pub write_ins: Vec<String>,
}

/// The aggregated marks ballots of one contest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MarksProfile {
    /// Candidate names, in the election's order.
    pub candidates: Vec<String>,
    /// Distinct ballots with how many times each was cast, in first-appearance order.
    pub ballots: packed_marks::MarksBallots,
}

impl MarksProfile {
    /// Total number of ballots (sum of weights).
    pub fn total_weight(&self) -> u64 {
        self.ballots.iter().map(|(_, w)| w).sum()
    }
}

/// What a counting method (other than majority-approval) reports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MethodOutcome {
    /// The winners, in the order they were elected (or ranked).
    pub elected: Vec<CandidateIndex>,
    /// Stage-by-stage record for sequential methods (IRV, STV, Meek); empty otherwise.
    pub rounds: Vec<result::Round>,
    /// Ballots the method found invalid, by reason (e.g. `overvote`), with counts.
    pub invalid: std::collections::BTreeMap<String, u64>,
    /// Ballots the method counted as valid.
    pub valid: u64,
    /// Method-specific detail for the result JSON (scores, pairwise matrix, …).
    pub details: serde_json::Map<String, serde_json::Value>,
    /// The count stopped early (`stop_after_round`): after this round.
    pub stopped_after: Option<u32>,
    /// The round-by-round log of a count by RCTab's rules (one per pass).
    pub tabulations: Vec<methods::rctab::Tabulation>,
    /// Candidates passed over (or doomed) because the constraints could not have been met
    /// with them (clause 8); empty without constraints.
    pub passed_over: Vec<constraints::PassedOver>,
}

/// Everything read from one ballot file: candidates, the aggregated profile the methods
/// count, and the roll of every ballot with its id (for the ballots root, records and
/// receipts).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BallotBox {
    /// Candidate names in file/election order.
    pub candidates: Vec<String>,
    /// Seats named by the file (BLT), if any.
    pub seats: Option<u32>,
    /// Title named by the file (BLT, PrefLib), if any.
    pub title: Option<String>,
    /// Aggregated ranked ballots (ranked formats; empty for marks files).
    pub ranked: ranked::RankedProfile,
    /// Aggregated marks ballots (marks files; empty for ranked formats).
    pub marks: MarksProfile,
    /// Every ballot: its id, line, and distinct ballot in `ranked` or `marks`.
    pub roll: roll::BallotRoll,
}

impl BallotBox {
    /// The ranking on ballot `i` (file order) of a ranked file.
    pub fn ranking_of(&self, i: usize) -> Vec<ranked::RankEntry> {
        let k = self.roll.content(i) as usize;
        if k < self.ranked.ballots.len() {
            self.ranked.ballots.entries(k)
        } else {
            Vec::new()
        }
    }

    /// How many ballots have a pattern (ranking, or marks and write-ins) no other ballot has.
    pub fn unique_patterns(&self) -> u64 {
        let mut cast = std::collections::HashMap::<u32, u32>::new();
        for i in 0..self.roll.len() {
            *cast.entry(self.roll.content(i)).or_default() += 1;
        }
        cast.values().filter(|&&n| n == 1).count() as u64
    }

    /// The marks ballot `i` (file order) of a marks file.
    pub fn marks_of(&self, i: usize) -> Option<packed_marks::MarksBallotRef<'_>> {
        let k = self.roll.content(i) as usize;
        self.marks.ballots.get(k)
    }
}
