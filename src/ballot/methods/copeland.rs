//! The `copeland` counting method (Copeland 1951; the pairwise-wins count of Llull and
//! Condorcet).
//!
//! Each pair of candidates is a contest decided by `d[x][y]` against `d[y][x]`, the ballots
//! ranking one strictly above the other (unranked candidates rank equally below all ranked
//! ones; see `pairwise`). A candidate's Copeland score is its wins plus one half for each
//! pairwise tie (Copeland's "wins minus losses" orders the candidates the same way, since
//! everyone meets the same opponents). Scores are compared exactly, as the integer
//! `2·wins + ties`. Candidates are placed by score; equal scores straddling the last seat go
//! to the reproducible lot (Copeland has no tie-breaking rule of its own), which is recorded.

use super::{pairwise, seat_order};
use crate::ballot::constraints::Admission;
use crate::ballot::ranked::{RankedProfile, RankedRules};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::MethodOutcome;
use crate::error::{Error, Result};
use serde_json::{Map, Value};

/// Counts `profile` for `seats` seats by Copeland's method.
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
    let n = d.size;
    let mut wins = vec![0u64; n];
    let mut losses = vec![0u64; n];
    let mut drawn = vec![0u64; n];
    for &x in &active {
        for &y in &active {
            if x == y {
                continue;
            }
            match d.d(x, y).cmp(&d.d(y, x)) {
                std::cmp::Ordering::Greater => wins[x] += 1,
                std::cmp::Ordering::Less => losses[x] += 1,
                std::cmp::Ordering::Equal => drawn[x] += 1,
            }
        }
    }
    let doubled_score = |c: usize| 2 * wins[c] + drawn[c];
    let groups = seat_order::groups_by_score(&active, doubled_score);
    let (elected, passed_over) =
        seat_order::fill_seats_within("copeland", &groups, seats, names, ties, within)?;
    let mut outcome = MethodOutcome {
        elected,
        passed_over,
        valid: d.valid,
        ..MethodOutcome::default()
    };
    if d.empty > 0 {
        outcome.invalid.insert("empty".to_string(), d.empty);
    }
    outcome
        .details
        .insert("pairwise".to_string(), d.to_json(names));
    let mut scores = Map::new();
    for &c in &active {
        let mut s = Map::new();
        s.insert("wins".into(), wins[c].into());
        s.insert("losses".into(), losses[c].into());
        s.insert("ties".into(), drawn[c].into());
        s.insert("score".into(), half_decimal(doubled_score(c)).into());
        scores.insert(pairwise::name(names, c), Value::Object(s));
    }
    outcome
        .details
        .insert("scores".to_string(), Value::Object(scores));
    outcome
        .details
        .insert("order".to_string(), seat_order::groups_json(&groups, names));
    Ok(outcome)
}

/// `doubled / 2` as an exact decimal: `"3"` or `"3.5"`.
fn half_decimal(doubled: u64) -> String {
    if doubled % 2 == 0 {
        (doubled / 2).to_string()
    } else {
        format!("{}.5", doubled / 2)
    }
}
