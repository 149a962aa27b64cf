//! A count by RCTab's rules as the contract's result: the winners, the ballots (those out of
//! the count from the first round are invalid, by why), and one round per RCTab round, each
//! with the transfer that led to it (`exclusion of X`, `surplus of X`), the totals after it,
//! the votes no longer with any candidate, and who was elected or excluded; under RCTab's keys
//! also the threshold, the inactive ballots and the transfers of the round.

use super::log::{Destination, Inactive, Tabulated, Tabulation};
use super::Setup;
use crate::ballot::methods::ranked_common::{fixed_decimal, joined_names};
use crate::ballot::ranked::RankedProfile;
use crate::ballot::result::Round;
use crate::ballot::{CandidateIndex, MethodOutcome};
use crate::exact::pow10;
use std::collections::BTreeMap;

/// The method's outcome from its passes (one, except in `sequential-irv`).
pub(super) fn outcome(
    profile: &RankedProfile,
    setup: &Setup,
    tabulations: Vec<Tabulation>,
) -> MethodOutcome {
    let first = tabulations.first();
    let places = first.map_or(0, |t| t.places);
    let one = pow10(places);
    let mut invalid: BTreeMap<String, u64> = BTreeMap::new();
    let mut invalid_units = 0u128;
    if let Some(round) = first.and_then(|t| t.rounds.first()) {
        for status in Inactive::ALL {
            let units = round.inactive[status.index()].units_at(places);
            if units > 0 {
                invalid_units += units;
                *invalid.entry(status.reason().to_string()).or_insert(0) += (units / one) as u64;
            }
        }
    }
    let mut rounds = Vec::new();
    let mut elected = Vec::new();
    for tabulation in &tabulations {
        elected.extend(tabulation.winners());
        for r in 0..tabulation.rounds.len() {
            rounds.push(round_of(tabulation, r, setup, invalid_units));
        }
    }
    let mut details = serde_json::Map::new();
    if let Some(last) = tabulations.last().and_then(|t| t.rounds.last()) {
        let exhausted = last.inactive_total().units_at(places) - invalid_units;
        details.insert(
            "exhausted".to_string(),
            serde_json::Value::String(fixed_decimal(exhausted, places)),
        );
        if setup.rules.rctab_rounds {
            details.insert(
                "threshold".to_string(),
                serde_json::Value::String(last.threshold.to_string()),
            );
        }
    }
    let stopped_after = tabulations
        .last()
        .filter(|t| t.stopped)
        .map(|t| t.rounds.len() as u32);
    let invalid_total: u64 = invalid.values().sum();
    MethodOutcome {
        elected,
        rounds,
        valid: profile.total_weight() - invalid_total,
        invalid,
        details,
        stopped_after,
        tabulations,
        passed_over: Vec::new(),
    }
}

/// Round `r` of `tabulation` as a stage of the result sheet.
fn round_of(tabulation: &Tabulation, r: usize, setup: &Setup, invalid_units: u128) -> Round {
    let places = tabulation.places;
    let names = &tabulation.candidates;
    let this = &tabulation.rounds[r];
    let before = r.checked_sub(1).map(|p| &tabulation.rounds[p]);
    let mut totals = serde_json::Map::new();
    for (c, name) in names.iter().enumerate() {
        if let Some(v) = this.tally[c] {
            let text = fixed_decimal(v.units_at(places), places);
            totals.insert(name.clone(), serde_json::Value::String(text));
        }
    }
    let out = this.inactive_total().units_at(places) - invalid_units
        + this.residual.units_at(places)
        + this.final_surplus.units_at(places);
    let excluded: Vec<CandidateIndex> = before
        .map(|b| b.eliminated.iter().map(|e| e.0).collect())
        .unwrap_or_default();
    let mut winners: Vec<CandidateIndex> = this.elected.iter().map(|e| e.0).collect();
    let votes = |c: &CandidateIndex| this.tally[*c as usize].unwrap_or_default();
    winners.sort_by(|a, b| votes(b).cmp(&votes(a)).then(a.cmp(b)));
    let detailed = setup.rules.rctab_rounds;
    Round {
        round: r as u32 + 1,
        action: action(tabulation, r),
        totals,
        non_transferable: fixed_decimal(out, places),
        elected: winners.iter().map(|&c| names[c as usize].clone()).collect(),
        excluded: excluded
            .iter()
            .map(|&c| names[c as usize].clone())
            .collect(),
        threshold: detailed.then(|| this.threshold.to_string()),
        inactive: detailed.then(|| inactive_of(this, places, tabulation.moves_surpluses)),
        transfers: detailed.then(|| transfers_of(this, names, places)),
        seat: tabulation.seat,
    }
}

/// What led to round `r`: the first preferences, the exclusion or the surpluses of the
/// round before, or nothing (a round counted on under `continue_until_two`).
fn action(tabulation: &Tabulation, r: usize) -> String {
    let Some(before) = r.checked_sub(1).map(|p| &tabulation.rounds[p]) else {
        return "first preferences".to_string();
    };
    let names = &tabulation.candidates;
    let mut eliminated: Vec<CandidateIndex> = before.eliminated.iter().map(|e| e.0).collect();
    eliminated.sort_unstable();
    let mut elected: Vec<CandidateIndex> = before.elected.iter().map(|e| e.0).collect();
    elected.sort_unstable();
    if !eliminated.is_empty() {
        format!("exclusion of {}", joined_names(&eliminated, names))
    } else if !elected.is_empty() && tabulation.moves_surpluses {
        let filled = tabulation.rounds[..r]
            .iter()
            .map(|round| round.elected.len())
            .sum::<usize>()
            >= tabulation.seats as usize;
        let kind = if filled { "final surplus" } else { "surplus" };
        format!("{kind} of {}", joined_names(&elected, names))
    } else {
        "count continues".to_string()
    }
}

/// The round's inactive ballots by why (the first round's too), and the votes kept back.
fn inactive_of(round: &Tabulated, places: u32, surpluses: bool) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for status in Inactive::ALL {
        if let Some(key) = status.key() {
            let units = round.inactive[status.index()].units_at(places);
            out.insert(key.to_string(), fixed_decimal(units, places));
        }
    }
    if surpluses {
        for (key, value) in [
            ("residual_surplus", round.residual),
            ("final_round_surplus", round.final_surplus),
        ] {
            out.insert(
                key.to_string(),
                fixed_decimal(value.units_at(places), places),
            );
        }
    }
    out
}

/// The votes that moved into the round, by the candidate they left.
fn transfers_of(
    round: &Tabulated,
    names: &[String],
    places: u32,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for &(from, to, units) in &round.transfers {
        let to = match to {
            Destination::Candidate(c) => names[c as usize].clone(),
            Destination::Exhausted => "exhausted".to_string(),
            Destination::ResidualSurplus => "residual surplus".to_string(),
            Destination::FinalRoundSurplus => "final round surplus".to_string(),
        };
        out.entry(names[from as usize].clone())
            .or_default()
            .insert(to, fixed_decimal(units, places));
    }
    out
}
