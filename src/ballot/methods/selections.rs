//! Counting selections on marks ballots, shared by `plurality`, `block` and `approval`.
//!
//! A selection is a `yes` mark (○, √, 赞成, …) or a written-in name. `no`, abstain and empty
//! cells select nobody; an illegible mark (`?`) selects nobody on that line. A ballot with
//! more selections than the method allows is invalid (`overvote`) and counts for nobody; a
//! ballot with no selection is valid and blank. Written-in names are tallied and reported
//! but cannot win a seat in these methods (the seats go to the election's candidates).
//! Seats go to the candidates with the most votes; equal totals straddling the last seat go
//! to the reproducible lot, which is recorded.

use super::{pairwise, seat_order};
use crate::ballot::constraints::Admission;
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::{Mark, MarksProfile, MethodOutcome};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Counts `profile` for `seats` seats, each ballot allowed at most `limit` selections
/// (`None`: any number), under constraints when `within` gives them.
pub fn count(
    method: &str,
    profile: &MarksProfile,
    seats: u32,
    limit: Option<usize>,
    ties: &mut TieBreaker,
    within: Option<&Admission>,
) -> Result<MethodOutcome> {
    if seats == 0 {
        return Err(Error::input("seats must be at least 1").field("seats"));
    }
    let names = &profile.candidates;
    let n = names.len();
    let mut totals = vec![0u64; n];
    let mut write_ins: BTreeMap<String, u64> = BTreeMap::new();
    let mut overvotes = 0u64;
    let mut blank = 0u64;
    let mut illegible = 0u64;
    let mut valid = 0u64;
    for (ballot, weight) in profile.ballots.iter() {
        if ballot.marks.len() != n {
            return Err(Error::input(format!(
                "a ballot has {} marks, expected one per candidate ({n})",
                ballot.marks.len()
            )));
        }
        let yes = ballot.marks.iter().filter(|m| **m == Mark::Yes).count();
        let selections = yes + ballot.write_ins.len();
        let unreadable = ballot
            .marks
            .iter()
            .filter(|m| **m == Mark::Illegible)
            .count();
        illegible = add(illegible, weight.saturating_mul(unreadable as u64))?;
        if limit.is_some_and(|l| selections > l) {
            overvotes = add(overvotes, weight)?;
            continue;
        }
        valid = add(valid, weight)?;
        if selections == 0 {
            blank = add(blank, weight)?;
            continue;
        }
        // Added without a branch on the mark (marks vary from ballot to ballot, so such a
        // branch is mispredicted about as often as not).
        for (total, &mark) in totals.iter_mut().zip(ballot.marks) {
            *total = add(*total, weight * u64::from(mark == Mark::Yes))?;
        }
        for name in ballot.write_ins {
            let t = write_ins.entry(name.clone()).or_insert(0);
            *t = add(*t, weight)?;
        }
    }
    let everyone: Vec<usize> = (0..n).collect();
    let groups = seat_order::groups_by_score(&everyone, |c| totals[c]);
    let (elected, passed_over) =
        seat_order::fill_seats_within(method, &groups, seats, names, ties, within)?;
    let mut outcome = MethodOutcome {
        elected,
        passed_over,
        valid,
        ..MethodOutcome::default()
    };
    if overvotes > 0 {
        outcome.invalid.insert("overvote".to_string(), overvotes);
    }
    let mut by_name = Map::new();
    for (c, t) in totals.iter().enumerate() {
        by_name.insert(pairwise::name(names, c), Value::from(*t));
    }
    outcome
        .details
        .insert("totals".to_string(), Value::Object(by_name));
    let written: Map<String, Value> = write_ins
        .into_iter()
        .map(|(k, v)| (k, Value::from(v)))
        .collect();
    outcome
        .details
        .insert("write_ins".to_string(), Value::Object(written));
    outcome.details.insert("blank".to_string(), blank.into());
    outcome
        .details
        .insert("illegible_marks".to_string(), illegible.into());
    outcome
        .details
        .insert("order".to_string(), seat_order::groups_json(&groups, names));
    Ok(outcome)
}

fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b)
        .ok_or_else(|| Error::input("ballot counts add up to more than 2^64 − 1"))
}
