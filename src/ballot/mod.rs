//! Elections: the election definition, ballot formats, and one file per counting method.
//!
//! Data flows one way: an [`Election`](election::Election) and a ballot file are read into a
//! [`BallotBox`] (every ballot with its id, plus identical ballots aggregated), a method in
//! [`methods`] counts the aggregated profile, and the outcome is an
//! [`ElectionResult`](result::ElectionResult).

pub mod ranked;
pub mod result;
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

/// A yes/no/abstain ballot (approval and majority-approval), one mark per candidate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MarksBallot {
    /// One mark per candidate, in candidate-list order.
    pub marks: Vec<Mark>,
    /// Names written in (另选他人), in column order, empty ones dropped.
    pub write_ins: Vec<String>,
}
