//! The `meek` counting method: Meek's STV as specified by I. D. Hill, B. A. Wichmann and
//! D. R. Woodall, "Algorithm 123 — Single Transferable Vote by Meek's method", The
//! Computer Journal 30(3), 1987, with the New Zealand Local Electoral Regulations 2001
//! Schedule 1A (the "STV calculator") as the reference for rounding.
//!
//! Every candidate has a keep value: 1 while hopeful, 0 once excluded, and for an elected
//! candidate the share of each vote reaching them that they keep. Each ballot is passed
//! down its ranking: at each candidate it leaves `weight × keep` (rounded up) and carries
//! the rest on; what is left after the last preference is excess (non-transferable). The
//! quota is (total votes − excess) ÷ (seats + 1), truncated, plus 10^-9, recomputed every
//! iteration. Elected candidates' keep values are updated to
//! `keep × quota ÷ votes` (each step rounded up to 9 decimals) until the total surplus of
//! the elected is at most 0.0001 % of the quota (or stops decreasing). A hopeful candidate
//! whose votes reach the quota is elected; when no surplus is left to settle and no one
//! reaches the quota, the hopeful candidate with the fewest votes is excluded (ties by the
//! earlier-round rule, then by lot). Elected candidates keep receiving transfers, and an
//! excluded candidate's votes move on as if they had never stood.
//!
//! Arithmetic is fixed-point integers in units of 10^-9 vote, rounded as described.

use super::ranked_common::{
    fixed_decimal, initial_standings, joined_names, next_compact, settle_tie, Next, Standing,
};
use crate::ballot::ranked::{Elimination, RankedProfile, RankedRules, Rankings};
use crate::ballot::result::Round;
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::{CandidateIndex, MethodOutcome};
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// Decimal places of every Meek value.
pub const PLACES: u32 = 9;
/// One vote (and a keep value of 1) in fixed-point units of 10^-9.
pub const ONE: u128 = 1_000_000_000;
/// The convergence tolerance as a divisor of the quota: total surplus ≤ quota / 10^6
/// (0.0001 % of the quota).
pub const TOLERANCE_DIVISOR: u128 = 1_000_000;

/// Counts `profile` for `seats` seats by Meek's method.
pub fn count(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    if rules.elimination == Elimination::Batch {
        return Err(Error::input(
            "elimination = \"batch\" is not supported for method meek (Algorithm 123 \
             excludes one candidate at a time); remove it",
        )
        .field("elimination"));
    }
    let mut standing = initial_standings(profile, seats)?;
    let names = &profile.candidates;
    let n = names.len();

    // Ballots with no first preference are invalid and never take part.
    let mut valid = 0u64;
    let mut invalid: BTreeMap<String, u64> = BTreeMap::new();
    let mut live: Vec<usize> = Vec::new();
    let compact = profile.checked_rankings()?;
    for i in 0..compact.len() {
        let weight = compact.weights[i];
        let first = next_compact(compact.ranking(i), 0, rules, |c| {
            standing[c as usize] == Standing::Continuing
        });
        match first {
            Next::Candidate { .. } => {
                valid += weight;
                live.push(i);
            }
            Next::Exhausted(why) => {
                *invalid.entry(why.reason().to_string()).or_insert(0) += weight;
            }
        }
    }
    let counter = Counter {
        profile: compact,
        rules,
        live: &live,
        seats,
    };

    let mut keep: Vec<u128> = standing
        .iter()
        .map(|s| if *s == Standing::Continuing { ONE } else { 0 })
        .collect();
    let mut state = counter.distribute(&keep, &standing);
    let mut rounds: Vec<Round> = Vec::new();
    let mut history: Vec<Vec<u128>> = Vec::new();
    let mut quotas: Vec<serde_json::Value> = Vec::new();
    let mut elected: Vec<CandidateIndex> = Vec::new();

    let newly = elect_reaching_quota(&mut standing, &state);
    push_round(
        &mut rounds,
        "first preferences".to_string(),
        &state,
        &standing,
        names,
        &newly,
        &[],
    );
    quotas.push(fixed_decimal(state.quota, PLACES).into());
    history.push(state.votes.clone());
    elected.extend(newly.iter().copied());
    let mut surplus_settled = newly.is_empty();

    loop {
        if elected.len() >= seats as usize {
            break;
        }
        let hopeful: Vec<CandidateIndex> = (0..n as CandidateIndex)
            .filter(|&c| standing[c as usize] == Standing::Continuing)
            .collect();
        let seats_left = seats as usize - elected.len();
        if hopeful.len() <= seats_left {
            let mut last = hopeful;
            last.sort_by_key(|&c| (std::cmp::Reverse(state.votes[c as usize]), c));
            for &c in &last {
                standing[c as usize] = Standing::Elected;
            }
            if let Some(round) = rounds.last_mut() {
                round
                    .elected
                    .extend(last.iter().map(|&c| names[c as usize].clone()));
            }
            elected.extend(last);
            break;
        }
        let round_number = rounds.len() as u32 + 1;
        let (action, excluded) = if !surplus_settled && !state.converged(&standing) {
            let with_surplus: Vec<CandidateIndex> = (0..n as CandidateIndex)
                .filter(|&c| {
                    standing[c as usize] == Standing::Elected
                        && state.votes[c as usize] > state.quota
                })
                .collect();
            (
                format!("surplus of {}", joined_names(&with_surplus, names)),
                Vec::new(),
            )
        } else {
            let lowest = hopeful
                .iter()
                .map(|&c| state.votes[c as usize])
                .min()
                .unwrap_or(0);
            let tied: Vec<CandidateIndex> = hopeful
                .iter()
                .copied()
                .filter(|&c| state.votes[c as usize] == lowest)
                .collect();
            let context = format!("exclusion in round {round_number}");
            let out = settle_tie(&tied, &history, true, names, &context, ties)?;
            standing[out as usize] = Standing::Excluded;
            keep[out as usize] = 0;
            (format!("exclusion of {}", names[out as usize]), vec![out])
        };
        let (next_state, reached) = counter.iterate(&mut keep, &standing);
        state = next_state;
        surplus_settled = !reached;
        let newly = elect_reaching_quota(&mut standing, &state);
        push_round(
            &mut rounds,
            action,
            &state,
            &standing,
            names,
            &newly,
            &excluded,
        );
        quotas.push(fixed_decimal(state.quota, PLACES).into());
        history.push(state.votes.clone());
        elected.extend(newly);
    }

    let mut details = serde_json::Map::new();
    details.insert(
        "quota".to_string(),
        serde_json::Value::String(fixed_decimal(state.quota, PLACES)),
    );
    details.insert(
        "quota_by_round".to_string(),
        serde_json::Value::Array(quotas),
    );
    let keep_values: serde_json::Map<String, serde_json::Value> = (0..n)
        .filter(|&c| standing[c] == Standing::Elected)
        .map(|c| (names[c].clone(), fixed_decimal(keep[c], PLACES).into()))
        .collect();
    details.insert(
        "keep_values".to_string(),
        serde_json::Value::Object(keep_values),
    );
    Ok(MethodOutcome {
        elected,
        rounds,
        invalid,
        valid,
        details,
        ..MethodOutcome::default()
    })
}

/// The votes of one distribution.
#[derive(Debug, Clone)]
struct Distribution {
    /// Each candidate's votes, in units of 10^-9.
    votes: Vec<u128>,
    /// Value left over after the last preference of each ballot.
    excess: u128,
    /// The quota computed from this distribution.
    quota: u128,
}

impl Distribution {
    /// The total surplus of elected candidates is within the tolerance.
    fn converged(&self, standing: &[Standing]) -> bool {
        self.total_surplus(standing) <= self.quota / TOLERANCE_DIVISOR
    }

    /// Sum over elected candidates of votes above the quota.
    fn total_surplus(&self, standing: &[Standing]) -> u128 {
        standing
            .iter()
            .zip(&self.votes)
            .filter(|(s, _)| **s == Standing::Elected)
            .map(|(_, v)| v.saturating_sub(self.quota))
            .sum()
    }
}

/// The fixed inputs of a Meek count.
struct Counter<'a> {
    profile: &'a Rankings,
    rules: &'a RankedRules,
    live: &'a [usize],
    seats: u32,
}

impl Counter<'_> {
    /// Passes every ballot down its ranking under the current keep values.
    fn distribute(&self, keep: &[u128], standing: &[Standing]) -> Distribution {
        let mut votes = vec![0u128; keep.len()];
        let mut excess = 0u128;
        let in_count = |c: CandidateIndex| standing[c as usize].in_count();
        for &i in self.live {
            let ranking = self.profile.ranking(i);
            let copies = u128::from(self.profile.weights[i]);
            let mut weight = ONE;
            let mut from = 0;
            while weight > 0 {
                match next_compact(ranking, from, self.rules, in_count) {
                    Next::Candidate {
                        candidate,
                        position,
                    } => {
                        let kept = (weight * keep[candidate as usize]).div_ceil(ONE);
                        votes[candidate as usize] += kept * copies;
                        weight -= kept;
                        from = position + 1;
                    }
                    Next::Exhausted(_) => break,
                }
            }
            excess += weight * copies;
        }
        let total: u128 = votes.iter().sum();
        let quota = total / (u128::from(self.seats) + 1) + 1;
        Distribution {
            votes,
            excess,
            quota,
        }
    }

    /// Iterates keep values until a hopeful candidate reaches the quota (returns true), the
    /// total surplus is within the tolerance, or it stops decreasing.
    fn iterate(&self, keep: &mut [u128], standing: &[Standing]) -> (Distribution, bool) {
        let mut last_surplus: Option<u128> = None;
        loop {
            let state = self.distribute(keep, standing);
            let reached = standing
                .iter()
                .zip(&state.votes)
                .any(|(s, v)| *s == Standing::Continuing && *v >= state.quota);
            if reached {
                return (state, true);
            }
            let surplus = state.total_surplus(standing);
            if surplus <= state.quota / TOLERANCE_DIVISOR
                || last_surplus.is_some_and(|last| surplus >= last)
            {
                return (state, false);
            }
            last_surplus = Some(surplus);
            for (c, s) in standing.iter().enumerate() {
                if *s == Standing::Elected && state.votes[c] > 0 {
                    let scaled = (keep[c] * state.quota).div_ceil(ONE);
                    keep[c] = (scaled * ONE).div_ceil(state.votes[c]).min(ONE);
                }
            }
        }
    }
}

/// Elects every hopeful candidate whose votes reach the quota, most votes first.
fn elect_reaching_quota(standing: &mut [Standing], state: &Distribution) -> Vec<CandidateIndex> {
    let mut newly: Vec<CandidateIndex> = (0..standing.len() as CandidateIndex)
        .filter(|&c| {
            standing[c as usize] == Standing::Continuing && state.votes[c as usize] >= state.quota
        })
        .collect();
    newly.sort_by_key(|&c| (std::cmp::Reverse(state.votes[c as usize]), c));
    for &c in &newly {
        standing[c as usize] = Standing::Elected;
    }
    newly
}

/// Appends one round to the result sheet.
fn push_round(
    rounds: &mut Vec<Round>,
    action: String,
    state: &Distribution,
    standing: &[Standing],
    names: &[String],
    elected: &[CandidateIndex],
    excluded: &[CandidateIndex],
) {
    rounds.push(super::ranked_common::stage_round(
        rounds.len() as u32 + 1,
        action,
        &state.votes,
        standing,
        names,
        PLACES,
        state.excess,
        elected,
        excluded,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::test_support::{no_lots, profile, ranks};

    /// The worked example of docs/methods.md: 2 seats, 30 ballots. A 16 (10 A>B, 6 A>C),
    /// B 4, C 6, D 4 (D>C). Round 1: quota 30/3 + 10^-9 = 10.000000001, A elected.
    /// Round 2 settles A's keep value near 10/16; B ≈ 7.75, C ≈ 8.25. D is excluded in
    /// round 3 and C reaches the quota.
    #[test]
    fn worked_example() {
        let p = profile(
            &["A", "B", "C", "D"],
            vec![
                (10, ranks(&[0, 1])),
                (6, ranks(&[0, 2])),
                (4, ranks(&[1])),
                (6, ranks(&[2])),
                (4, ranks(&[3, 2])),
            ],
        );
        let out = count(&p, 2, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.elected, vec![0, 2]);
        let r = &out.rounds;
        assert_eq!(r[0].action, "first preferences");
        assert_eq!(r[0].totals["A"], "16.000000000");
        assert_eq!(out.details["quota_by_round"][0], "10.000000001");
        assert_eq!(r[0].elected, vec!["A"]);
        assert_eq!(r[1].action, "surplus of A");
        assert_eq!(r[2].action, "exclusion of D");
        assert_eq!(r[2].elected, vec!["C"]);
        // After round 2, A holds the quota to within the tolerance and B ≈ 4 + 10 × 6/16.
        let a: f64 = r[1].totals["A"].as_str().unwrap().parse().unwrap();
        let b: f64 = r[1].totals["B"].as_str().unwrap().parse().unwrap();
        assert!((a - 10.0).abs() < 0.0001, "{a}");
        assert!((b - 7.75).abs() < 0.0001, "{b}");
        // Meek conserves every vote: totals plus excess equal the 30 ballots (up to the
        // rounding up of kept amounts, which never loses value).
        let sum: u128 = r[1]
            .totals
            .values()
            .map(|v| {
                v.as_str()
                    .unwrap()
                    .replace('.', "")
                    .parse::<u128>()
                    .unwrap()
            })
            .sum::<u128>()
            + r[1]
                .non_transferable
                .replace('.', "")
                .parse::<u128>()
                .unwrap();
        assert_eq!(sum, 30 * ONE);
    }

    /// Meek differs from Scottish STV where an elected candidate would receive later
    /// transfers: here C's voters prefer A (elected), whose keep value passes the votes on.
    #[test]
    fn elected_candidates_keep_receiving_transfers() {
        let p = profile(
            &["A", "B", "C", "D"],
            vec![
                (6, ranks(&[0, 3])),
                (4, ranks(&[1])),
                (2, ranks(&[2, 0, 3])),
                (3, ranks(&[3])),
            ],
        );
        // 2 seats, 15 ballots: quota 5.000000001. A elected with 6.
        let out = count(&p, 2, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.rounds[0].elected, vec!["A"]);
        // C (2) is excluded: its 2 votes reach A, who keeps about 5/8 of the 8 votes now
        // reaching them and passes 3/8 on to D: D 3 + 3 = 6 reaches the quota.
        let r = out
            .rounds
            .iter()
            .find(|r| r.action == "exclusion of C")
            .unwrap();
        let a: f64 = r.totals["A"].as_str().unwrap().parse().unwrap();
        let d: f64 = r.totals["D"].as_str().unwrap().parse().unwrap();
        assert!((a - 5.0).abs() < 0.001, "{a}");
        assert!((d - 6.0).abs() < 0.001, "{d}");
        assert_eq!(r.elected, vec!["D"]);
        assert_eq!(out.elected, vec![0, 3]);
    }

    #[test]
    fn exclusion_ties_need_a_lot_without_history() {
        let p = profile(
            &["A", "B", "C"],
            vec![(4, ranks(&[0])), (2, ranks(&[1])), (2, ranks(&[2]))],
        );
        assert_eq!(
            count(&p, 1, &RankedRules::default(), &mut no_lots())
                .unwrap_err()
                .exit_code(),
            4
        );
    }
}
