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
//!
//! With constraints ([`count_constrained`]) doomed and guarded hopefuls are handled as in
//! constrained STV (`super::stv`): a doomed hopeful is excluded before any other action
//! (`doom of X`), a guarded one is never excluded (`guard of X`) and is elected when the
//! seats left equal the guarded.

use super::ranked_common::{
    fixed_decimal, initial_standings, joined_names, next_compact, settle_tie, Next, Standing,
};
use super::stv::Guards;
use crate::ballot::constraints::{Admission, PassedOver};
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
    count_constrained(profile, seats, rules, ties, None).map(|(outcome, _)| outcome)
}

/// [`count`] under the constraints of `admission` (none: exactly [`count`]); returns the
/// outcome and every doomed candidate with the constraint that doomed them.
pub fn count_constrained(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
    admission: Option<&Admission>,
) -> Result<(MethodOutcome, Vec<PassedOver>)> {
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
    let mut guards = Guards::new(admission, &standing)?;

    let newly = elect_reaching_quota(&mut standing, &state, &elected, &guards)?;
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
        let guarded = guards.guarded(&hopeful);
        if hopeful.len() <= seats_left || guarded.len() == seats_left {
            let mut last = if hopeful.len() <= seats_left {
                hopeful
            } else {
                guarded
            };
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
        let doomed = guards.doomed(&hopeful, &elected, &state.votes, round_number)?;
        if doomed.is_none() {
            if let Some(g) = guards.newly_guarded(&hopeful, &elected)? {
                push_round(
                    &mut rounds,
                    format!("guard of {}", names[g as usize]),
                    &state,
                    &standing,
                    names,
                    &[],
                    &[],
                );
                quotas.push(fixed_decimal(state.quota, PLACES).into());
                history.push(state.votes.clone());
                continue;
            }
        }
        let (action, excluded) = if let Some(out) = doomed {
            standing[out as usize] = Standing::Excluded;
            keep[out as usize] = 0;
            (format!("doom of {}", names[out as usize]), vec![out])
        } else if !surplus_settled && !state.converged(&standing) {
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
            let hopeful = guards.excludable(hopeful);
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
        let newly = elect_reaching_quota(&mut standing, &state, &elected, &guards)?;
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
    let outcome = MethodOutcome {
        elected,
        rounds,
        invalid,
        valid,
        details,
        ..MethodOutcome::default()
    };
    Ok((outcome, guards.doomed_list))
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

/// Elects every hopeful candidate whose votes reach the quota, most votes first (under
/// constraints, only those whose election keeps them meetable).
fn elect_reaching_quota(
    standing: &mut [Standing],
    state: &Distribution,
    elected: &[CandidateIndex],
    guards: &Guards,
) -> Result<Vec<CandidateIndex>> {
    let mut newly: Vec<CandidateIndex> = (0..standing.len() as CandidateIndex)
        .filter(|&c| {
            standing[c as usize] == Standing::Continuing && state.votes[c as usize] >= state.quota
        })
        .collect();
    newly.sort_by_key(|&c| (std::cmp::Reverse(state.votes[c as usize]), c));
    let newly = guards.admit(newly, standing, elected)?;
    for &c in &newly {
        standing[c as usize] = Standing::Elected;
    }
    Ok(newly)
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

#[cfg(test)]
mod constrained_tests {
    use super::*;
    use crate::ballot::methods::stv::constrained_tests::admission;
    use crate::ballot::test_support::{no_lots, profile, ranks};

    /// The STV doom example (docs/methods.md): 3 seats, at least 2 non-cadres (D, E). Round
    /// 1 elects A (B reaches the quota 8.5 too but is not elected); round 2 dooms C, whose
    /// papers elect D; round 3 dooms B; E fills the last seat.
    #[test]
    fn a_non_cadre_minimum_dooms_the_cadres() {
        let names = ["A", "B", "C", "D", "E"];
        let p = profile(
            &names,
            vec![
                (10, ranks(&[0])),
                (9, ranks(&[1])),
                (8, ranks(&[2, 3])),
                (4, ranks(&[3, 4])),
                (3, ranks(&[4])),
            ],
        );
        let rules = RankedRules::default();
        assert_eq!(
            count(&p, 3, &rules, &mut no_lots()).unwrap().elected,
            vec![0, 1, 2]
        );
        let csv = "name,cadre\nA,是\nB,是\nC,是\nD,否\nE,否\n";
        let adm = admission(csv, &names, 3, "no", Some(2), None);
        let (out, doomed) = count_constrained(&p, 3, &rules, &mut no_lots(), Some(&adm)).unwrap();
        let actions: Vec<_> = out.rounds.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["first preferences", "doom of C", "doom of B"]);
        assert_eq!(out.rounds[0].elected, vec!["A"]);
        assert_eq!(out.rounds[1].elected, vec!["D"]);
        assert_eq!(out.rounds[2].elected, vec!["E"]);
        assert_eq!(out.elected, vec![0, 3, 4]);
        let names: Vec<_> = doomed.iter().map(|d| (d.name.as_str(), d.stage)).collect();
        assert_eq!(names, [("C", Some(2)), ("B", Some(3))]);
    }

    /// 3 seats, 103 ballots, at least 1 non-cadre (E, F). A (40) is elected in round 1 and
    /// its surplus settled (every hopeful stays below the quota, which falls to about 21 as
    /// A's surplus leaves the count); F is excluded; E, the last non-cadre, is guarded, so D
    /// (18) is excluded instead of E (4); C reaches the quota and E fills the last seat.
    /// (With fewer ballots for C and D, Meek's falling quota elects B before any guard: the
    /// STV guard example dooms C and D under Meek.)
    #[test]
    fn a_guarded_candidate_is_never_excluded() {
        let names = ["A", "B", "C", "D", "E", "F"];
        let p = profile(
            &names,
            vec![
                (40, ranks(&[0])),
                (20, ranks(&[1])),
                (19, ranks(&[2])),
                (18, ranks(&[3, 2])),
                (4, ranks(&[4])),
                (2, ranks(&[5, 0])),
            ],
        );
        let rules = RankedRules::default();
        let csv = "name,cadre\nA,是\nB,是\nC,是\nD,是\nE,否\nF,否\n";
        let adm = admission(csv, &names, 3, "no", Some(1), None);
        let (out, doomed) = count_constrained(&p, 3, &rules, &mut no_lots(), Some(&adm)).unwrap();
        let actions: Vec<_> = out.rounds.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "first preferences",
                "surplus of A",
                "exclusion of F",
                "guard of E",
                "exclusion of D"
            ]
        );
        assert_eq!(out.rounds[3].totals, out.rounds[2].totals);
        assert_eq!(out.rounds[4].elected, vec!["C", "E"]);
        assert_eq!(out.elected, vec![0, 2, 4]);
        assert!(doomed.is_empty());
        let plain = count(&p, 3, &rules, &mut no_lots()).unwrap();
        assert_eq!(plain.elected, vec![0, 1, 2]);
    }

    /// Constraints that never doom or guard anyone change nothing.
    #[test]
    fn constraints_that_do_not_bind_change_nothing() {
        let names = ["A", "B", "C", "D"];
        let p = profile(
            &names,
            vec![
                (10, ranks(&[0, 1])),
                (6, ranks(&[0, 2])),
                (4, ranks(&[1])),
                (6, ranks(&[2])),
                (4, ranks(&[3, 2])),
            ],
        );
        let rules = RankedRules::default();
        let plain = count(&p, 2, &rules, &mut no_lots()).unwrap();
        let csv = "name,cadre\nA,否\nB,是\nC,否\nD,是\n";
        let adm = admission(csv, &names, 2, "no", Some(1), None);
        let (out, doomed) = count_constrained(&p, 2, &rules, &mut no_lots(), Some(&adm)).unwrap();
        assert_eq!(out, plain);
        assert!(doomed.is_empty());
    }
}
