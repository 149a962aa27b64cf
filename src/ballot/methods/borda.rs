//! The `borda` counting method (Borda, "Mémoire sur les élections au scrutin", 1781).
//!
//! A ballot gives each candidate one point for every candidate it ranks that candidate
//! strictly above. On a complete ballot over C candidates that is the classic count: C−1
//! points for the first preference, C−2 for the second, …, 0 for the last.
//!
//! Choices where the rule books differ, as settled here:
//! - Truncated ballots: unranked candidates rank equally below all ranked ones and share
//!   zero points; the ranked ones keep their full points (the k-th preference still gets
//!   C−k). So truncating does not lower what the ranked candidates receive.
//! - Equal rankings (a PrefLib `{a,b}` group): each of the equally ranked candidates gets
//!   one point per candidate ranked strictly below it (no half points).
//! - Withdrawn candidates are passed over; C counts the remaining candidates.
//!
//! A candidate's score is therefore `Σ_y d[x][y]` over the pairwise counts of `pairwise`:
//! exact integers. Equal scores straddling the last seat go to the reproducible lot, which
//! is recorded.

use super::{pairwise, seat_order};
use crate::ballot::constraints::Admission;
use crate::ballot::ranked::{RankedProfile, RankedRules};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::MethodOutcome;
use crate::error::{Error, Result};
use serde_json::{Map, Value};

/// Counts `profile` for `seats` seats by the Borda count.
pub fn count(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    count_within(profile, seats, rules, ties, None)
}

/// [`count`] with the seats filled down the order under constraints (`within`; clause 8).
pub fn count_within(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
    within: Option<&Admission>,
) -> Result<MethodOutcome> {
    if seats == 0 {
        return Err(Error::input("seats must be at least 1").field("seats"));
    }
    let names = &profile.candidates;
    let d = pairwise::count(profile, rules)?;
    let active = d.active_candidates();
    let mut points = vec![0u128; d.size];
    for &x in &active {
        points[x] = active.iter().map(|&y| u128::from(d.d(x, y))).sum();
    }
    let groups = seat_order::groups_by_score(&active, |c| points[c]);
    let (elected, passed_over) =
        seat_order::fill_seats_within("borda", &groups, seats, names, ties, within)?;
    let mut outcome = MethodOutcome {
        elected,
        passed_over,
        valid: d.valid,
        ..MethodOutcome::default()
    };
    if d.empty > 0 {
        outcome.invalid.insert("empty".to_string(), d.empty);
    }
    let mut scores = Map::new();
    for &c in &active {
        let total = u64::try_from(points[c])
            .map_err(|_| Error::input("Borda points add up to more than 2^64 − 1"))?;
        scores.insert(pairwise::name(names, c), Value::from(total));
    }
    outcome
        .details
        .insert("scores".to_string(), Value::Object(scores));
    outcome
        .details
        .insert("order".to_string(), seat_order::groups_json(&groups, names));
    Ok(outcome)
}
