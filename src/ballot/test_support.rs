//! Builders for the unit tests of `ballot`, its formats and its methods: candidate lists,
//! ranked and marks ballots, profiles and tie-breakers, written one way in every test.
//!
//! ```text
//! profile(&["A", "B", "C"], vec![(3, ranks(&[0, 2])), (2, letters("BA"))])
//! ```
//! is a profile of 3 ballots A > C and 2 ballots B > A. Rankings with equal ranks, skipped
//! ranks or overvotes are written as `RankEntry` lists (`vec![Single(0), Tied(vec![1, 2])]`).

use super::ranked::{RankEntry, RankedProfile, WeightedRanking};
use super::tiebreak::TieBreaker;
use super::{Mark, MarksBallot};

/// Candidate names as owned strings.
pub(crate) fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The candidates `c0`, `c1`, … `c{n-1}`.
pub(crate) fn numbered(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i}")).collect()
}

/// A ranked profile of `(weight, ranking)` ballots over `candidates`, none withdrawn.
pub(crate) fn profile<S: AsRef<str>>(
    candidates: &[S],
    ballots: Vec<(u64, Vec<RankEntry>)>,
) -> RankedProfile {
    RankedProfile {
        candidates: candidates.iter().map(|c| c.as_ref().to_string()).collect(),
        withdrawn: Vec::new(),
        ballots: ballots
            .into_iter()
            .map(|(weight, ranking)| WeightedRanking { weight, ranking })
            .collect(),
    }
}

/// A ranking of one candidate a rank, by index: `ranks(&[2, 0])` is C > A.
pub(crate) fn ranks(candidates: &[u32]) -> Vec<RankEntry> {
    candidates.iter().map(|&c| RankEntry::Single(c)).collect()
}

/// A ranking of one candidate a rank, by capital letter (A is candidate 0): `"CA"` is C > A.
pub(crate) fn letters(ranking: &str) -> Vec<RankEntry> {
    ranking
        .bytes()
        .map(|b| RankEntry::Single(u32::from(b - b'A')))
        .collect()
}

/// One rank position over candidates `0..candidates` (a single candidate, an equal-rank
/// group of 2–4, a skipped rank or an overvote), for property tests.
pub(crate) fn rank_entry(candidates: u32) -> impl proptest::strategy::Strategy<Value = RankEntry> {
    use proptest::prelude::*;
    prop_oneof![
        4 => (0..candidates).prop_map(RankEntry::Single),
        1 => proptest::collection::btree_set(0..candidates, 2..5)
            .prop_map(|set| RankEntry::Tied(set.into_iter().collect())),
        1 => Just(RankEntry::Skipped),
        1 => Just(RankEntry::Overvote),
    ]
}

/// A marks ballot: one mark per candidate, and the names written in.
pub(crate) fn marks_ballot(marks: &[Mark], write_ins: &[&str]) -> MarksBallot {
    MarksBallot {
        marks: marks.to_vec(),
        write_ins: names(write_ins),
    }
}

/// A tie-breaker without a beacon: a tie that only a lot can decide is an error (exit 4).
pub(crate) fn no_lots() -> TieBreaker {
    TieBreaker::new([0; 32], "t", None)
}

/// A tie-breaker that draws lots with the public beacon `beacon`.
pub(crate) fn lots(beacon: &str) -> TieBreaker {
    TieBreaker::new([0; 32], "t", Some(beacon.to_string()))
}
