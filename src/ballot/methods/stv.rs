//! The `stv` counting method: the single transferable vote with the Droop quota and the
//! weighted inclusive Gregory method, exactly as the Scottish Local Government Elections
//! Order 2007 (SSI 2007/42, Schedule 1, rules 45–52; re-enacted unchanged in substance as
//! rules 46–53 of SSI 2011/399, under which the 2012 and 2017 council elections were
//! counted) prescribes:
//! - rule 46: quota = (valid ballots ÷ (seats + 1), ignoring decimals) + 1;
//! - rule 47: a candidate whose votes equal or exceed the quota is elected;
//! - rule 48: a surplus is transferred by passing *every* paper the elected candidate holds
//!   to its next available preference at transfer value = surplus × the paper's value ÷ the
//!   candidate's total, "calculated to five decimal places (any remainder being ignored)";
//! - rule 49: the largest surplus first; equal surpluses by the higher total at the most
//!   recent preceding stage where the totals differed, then by lot;
//! - rule 50: with no surplus left, the candidate with the fewest votes is excluded and all
//!   their papers pass on at the value at which they were received, in one stage;
//! - rule 51: equal lowest candidates by the lower total at the most recent preceding stage
//!   where the totals differed, then by lot;
//! - rule 52: when the continuing candidates are as many as the seats left they are all
//!   elected and no further transfer is made.
//!
//! All values are fixed-point integers in units of 0.00001 vote, so every total is exact
//! and every truncation is the statute's.
//!
//! With constraints ([`count_constrained`]), the count is constrained STV as OpenTally and
//! Grey & Fitzgerald describe it: before any other action, a hopeful whose election would
//! leave the constraints unmeetable is *doomed* (excluded at once, a stage `doom of X`, the
//! fewest votes first); when none is, a hopeful whose exclusion would leave the constraints
//! unmeetable is *guarded* (a stage `guard of X`; never excluded, and elected when the seats
//! left equal the guarded). A candidate
//! reaching the quota is elected only when the constraints can still be met.

use super::ranked_common::{initial_standings, settle_tie, Next, Piles, Standing};
use crate::ballot::constraints::{Admission, PassedOver};
use crate::ballot::ranked::{Elimination, RankedProfile, RankedRules};
use crate::ballot::result::Round;
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::{CandidateIndex, MethodOutcome};
use crate::error::{Error, Result};
use std::cell::Cell;

/// Decimal places of every value in a Scottish STV count (rule 48(3)).
pub const PLACES: u32 = 5;
/// One vote in fixed-point units of 10^-5.
pub const ONE_VOTE: u64 = 100_000;

/// Counts `profile` for `seats` seats by Scottish STV (SSI 2007/42 rules 45–52).
pub fn count(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    count_constrained(profile, seats, rules, ties, None).map(|(outcome, _)| outcome)
}

/// [`count`] under the constraints of `admission` (none: exactly [`count`]): doomed
/// hopefuls are excluded first, guarded ones never excluded; returns the outcome and every
/// doomed candidate with the constraint that doomed them.
pub fn count_constrained(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
    admission: Option<&Admission>,
) -> Result<(MethodOutcome, Vec<PassedOver>)> {
    if rules.elimination == Elimination::Batch {
        return Err(Error::input(
            "elimination = \"batch\" is not part of the Scottish STV rules (SSI 2007/42 rule \
             50 excludes one candidate at a time); remove it for method stv",
        )
        .field("elimination"));
    }
    let mut standing = initial_standings(profile, seats)?;
    let names = &profile.candidates;
    let n = names.len();
    let compact = profile.checked_rankings()?;
    let deal = Piles::deal(compact, n, rules, |c| {
        standing[c as usize] == Standing::Continuing
    });
    let mut piles = deal.piles;
    // The value of each paper of a distinct ranking when received by its current holder
    // (cells: a transfer both looks values up ahead and sets them).
    let value = vec![Cell::new(ONE_VOTE); profile.ballots.len()];
    let mut totals = vec![0u128; n];
    for (c, pile) in piles.piles.iter().enumerate() {
        totals[c] = pile
            .iter()
            .map(|&i| u128::from(compact.weights[i as usize]) * u128::from(ONE_VOTE))
            .sum();
    }
    let valid_units = u128::from(deal.valid) * u128::from(ONE_VOTE);
    let quota_votes = deal.valid / (u64::from(seats) + 1) + 1;
    let quota = u128::from(quota_votes) * u128::from(ONE_VOTE);

    let mut elected: Vec<CandidateIndex> = Vec::new();
    let mut surplus_pending: Vec<CandidateIndex> = Vec::new();
    let mut history: Vec<Vec<u128>> = Vec::new();
    let mut rounds: Vec<Round> = Vec::new();
    let mut guards = Guards::new(admission, &standing)?;

    let newly = elect_reaching_quota(&mut standing, &totals, quota, &elected, &guards)?;
    record_stage(
        &mut rounds,
        "first preferences".to_string(),
        &totals,
        &standing,
        names,
        valid_units,
        &newly,
        &[],
    );
    history.push(totals.clone());
    surplus_pending.extend(newly.iter().filter(|&&c| totals[c as usize] > quota));
    elected.extend(newly);

    loop {
        if elected.len() >= seats as usize {
            break;
        }
        let continuing: Vec<CandidateIndex> = (0..n as CandidateIndex)
            .filter(|&c| standing[c as usize] == Standing::Continuing)
            .collect();
        let seats_left = seats as usize - elected.len();
        let guarded = guards.guarded(&continuing);
        if continuing.len() <= seats_left || guarded.len() == seats_left {
            // Rule 52: the continuing candidates fill the last vacancies (with constraints,
            // the guarded when they are as many as the seats left).
            let mut last = if continuing.len() <= seats_left {
                continuing
            } else {
                guarded
            };
            last.sort_by_key(|&c| (std::cmp::Reverse(totals[c as usize]), c));
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
        let stage = rounds.len() as u32 + 1;
        let doomed = guards.doomed(&continuing, &elected, &totals, stage)?;
        if doomed.is_none() {
            if let Some(g) = guards.newly_guarded(&continuing, &elected)? {
                record_stage(
                    &mut rounds,
                    format!("guard of {}", names[g as usize]),
                    &totals,
                    &standing,
                    names,
                    valid_units,
                    &[],
                    &[],
                );
                history.push(totals.clone());
                continue;
            }
        }
        // A doomed candidate is excluded at once; else a surplus is transferred; else the
        // lowest continuing candidate is excluded. An exclusion moves each paper at its value.
        let to_exclude = match doomed {
            Some(out) => Some((out, "doom")),
            None if !surplus_pending.is_empty() => None,
            None => {
                // Rules 50 and 51: exclude the lowest continuing candidate (not guarded).
                let continuing = guards.excludable(continuing);
                let lowest = continuing
                    .iter()
                    .map(|&c| totals[c as usize])
                    .min()
                    .unwrap_or(0);
                let tied: Vec<CandidateIndex> = continuing
                    .iter()
                    .copied()
                    .filter(|&c| totals[c as usize] == lowest)
                    .collect();
                let context = format!("exclusion at stage {stage}");
                let out = settle_tie(&tied, &history, true, names, &context, ties)?;
                Some((out, "exclusion"))
            }
        };
        let (action, excluded) = if let Some((out, kind)) = to_exclude {
            standing[out as usize] = Standing::Excluded;
            piles.transfer(
                out,
                compact,
                rules,
                |d| standing[d as usize] == Standing::Continuing,
                |i| value[i].get(),
                |i, to| {
                    if let Next::Candidate { candidate: to, .. } = to {
                        totals[to as usize] +=
                            u128::from(compact.weights[i]) * u128::from(value[i].get());
                    }
                },
            );
            totals[out as usize] = 0;
            (format!("{kind} of {}", names[out as usize]), vec![out])
        } else {
            // Rule 49: the highest surplus first.
            let highest = surplus_pending
                .iter()
                .map(|&c| totals[c as usize])
                .max()
                .unwrap_or(0);
            let tied: Vec<CandidateIndex> = surplus_pending
                .iter()
                .copied()
                .filter(|&c| totals[c as usize] == highest)
                .collect();
            let context = format!("order of surpluses at stage {stage}");
            let from = settle_tie(&tied, &history, false, names, &context, ties)?;
            surplus_pending.retain(|&c| c != from);
            let total = totals[from as usize];
            let surplus = total - quota;
            // Rule 48(3): transfer value = surplus × paper value ÷ total, truncated.
            piles.transfer(
                from,
                compact,
                rules,
                |d| standing[d as usize] == Standing::Continuing,
                |i| value[i].get(),
                |i, to| {
                    let transfer_value = surplus * u128::from(value[i].get()) / total;
                    value[i].set(transfer_value as u64);
                    if let Next::Candidate { candidate: to, .. } = to {
                        totals[to as usize] += u128::from(compact.weights[i]) * transfer_value;
                    }
                },
            );
            totals[from as usize] = quota;
            (format!("surplus of {}", names[from as usize]), Vec::new())
        };
        let newly = elect_reaching_quota(&mut standing, &totals, quota, &elected, &guards)?;
        record_stage(
            &mut rounds,
            action,
            &totals,
            &standing,
            names,
            valid_units,
            &newly,
            &excluded,
        );
        history.push(totals.clone());
        surplus_pending.extend(newly.iter().filter(|&&c| totals[c as usize] > quota));
        elected.extend(newly);
    }

    let mut details = serde_json::Map::new();
    details.insert(
        "quota".to_string(),
        serde_json::Value::String(quota_votes.to_string()),
    );
    details.insert(
        "rules".to_string(),
        serde_json::Value::String(
            "Scottish STV, SSI 2007/42 Schedule 1 rules 45-52 (weighted inclusive Gregory, \
             values truncated to 5 decimals)"
                .to_string(),
        ),
    );
    let outcome = MethodOutcome {
        elected,
        rounds,
        invalid: deal.invalid,
        valid: deal.valid,
        details,
        ..MethodOutcome::default()
    };
    Ok((outcome, guards.doomed_list))
}

/// Rule 47: every continuing candidate whose total equals or exceeds the quota is deemed
/// elected; returned highest total first (candidate order among equal totals). Under
/// constraints, one whose election would leave them unmeetable stays hopeful (to be doomed).
fn elect_reaching_quota(
    standing: &mut [Standing],
    totals: &[u128],
    quota: u128,
    elected: &[CandidateIndex],
    guards: &Guards,
) -> Result<Vec<CandidateIndex>> {
    let mut newly: Vec<CandidateIndex> = (0..standing.len() as CandidateIndex)
        .filter(|&c| standing[c as usize] == Standing::Continuing && totals[c as usize] >= quota)
        .collect();
    newly.sort_by_key(|&c| (std::cmp::Reverse(totals[c as usize]), c));
    let newly = guards.admit(newly, standing, elected)?;
    for &c in &newly {
        standing[c as usize] = Standing::Elected;
    }
    Ok(newly)
}

/// The constraints of a count in stages (STV, Meek): which hopefuls are guarded, which are
/// doomed, and whether those reaching the quota may be elected. Without an [`Admission`]
/// every question has the unconstrained answer and nothing is computed.
pub(super) struct Guards<'a> {
    admission: Option<&'a Admission>,
    /// Whether each candidate has been declared guarded.
    guarded: Vec<bool>,
    /// Every doomed candidate, in the order doomed, with the constraint that doomed them.
    pub(super) doomed_list: Vec<PassedOver>,
}

impl<'a> Guards<'a> {
    /// The constraints of a count whose candidates start as `standing`: an input error
    /// naming the constraint when no admissible set exists among the candidates standing.
    pub(super) fn new(admission: Option<&'a Admission>, standing: &[Standing]) -> Result<Self> {
        if let Some(a) = admission {
            let standing_now: Vec<usize> = (0..standing.len())
                .filter(|&c| standing[c] == Standing::Continuing)
                .collect();
            a.check_feasible(&standing_now)?;
        }
        Ok(Guards {
            admission,
            guarded: vec![false; standing.len()],
            doomed_list: Vec::new(),
        })
    }

    /// The guarded candidates among `continuing`.
    pub(super) fn guarded(&self, continuing: &[CandidateIndex]) -> Vec<CandidateIndex> {
        continuing
            .iter()
            .copied()
            .filter(|&c| self.guarded[c as usize])
            .collect()
    }

    /// The candidates of `continuing` that may be excluded: not guarded (all of them if every
    /// one is, which admissible counts never reach).
    pub(super) fn excludable(&self, continuing: Vec<CandidateIndex>) -> Vec<CandidateIndex> {
        let free: Vec<CandidateIndex> = continuing
            .iter()
            .copied()
            .filter(|&c| !self.guarded[c as usize])
            .collect();
        if free.is_empty() {
            continuing
        } else {
            free
        }
    }

    /// The first hopeful of `continuing` not yet guarded whose exclusion would leave the
    /// constraints unmeetable (marked guarded).
    pub(super) fn newly_guarded(
        &mut self,
        continuing: &[CandidateIndex],
        elected: &[CandidateIndex],
    ) -> Result<Option<CandidateIndex>> {
        let Some(a) = self.admission else {
            return Ok(None);
        };
        let chosen: Vec<usize> = elected.iter().map(|&c| c as usize).collect();
        for &h in continuing {
            if self.guarded[h as usize] {
                continue;
            }
            let pool: Vec<usize> = continuing
                .iter()
                .filter(|&&c| c != h)
                .map(|&c| c as usize)
                .collect();
            if !a.can_complete(&chosen, &pool)? {
                self.guarded[h as usize] = true;
                return Ok(Some(h));
            }
        }
        Ok(None)
    }

    /// The hopeful of `continuing` to doom at `stage`: of those whose election would leave
    /// the constraints unmeetable, the one with the fewest votes (candidate order among
    /// equal totals), recorded with the constraint that dooms them.
    pub(super) fn doomed(
        &mut self,
        continuing: &[CandidateIndex],
        elected: &[CandidateIndex],
        totals: &[u128],
        stage: u32,
    ) -> Result<Option<CandidateIndex>> {
        let Some(a) = self.admission else {
            return Ok(None);
        };
        let mut found: Option<(CandidateIndex, Vec<usize>, Vec<usize>)> = None;
        for &h in continuing {
            let mut chosen: Vec<usize> = elected.iter().map(|&c| c as usize).collect();
            chosen.push(h as usize);
            let pool: Vec<usize> = continuing
                .iter()
                .filter(|&&c| c != h)
                .map(|&c| c as usize)
                .collect();
            let lower = found
                .as_ref()
                .map_or(true, |(f, _, _)| totals[h as usize] < totals[*f as usize]);
            if lower && !a.can_complete(&chosen, &pool)? {
                found = Some((h, chosen, pool));
            }
        }
        let Some((h, chosen, pool)) = found else {
            return Ok(None);
        };
        self.doomed_list.push(PassedOver {
            name: a.name(h as usize).to_string(),
            constraint: a.blocking(&chosen, &pool)?,
            stage: Some(stage),
        });
        Ok(Some(h))
    }

    /// Of `reaching` (hopefuls reaching the quota, in the order they would be elected), those
    /// whose election keeps the constraints meetable, each checked after the ones before.
    pub(super) fn admit(
        &self,
        reaching: Vec<CandidateIndex>,
        standing: &[Standing],
        elected: &[CandidateIndex],
    ) -> Result<Vec<CandidateIndex>> {
        let Some(a) = self.admission else {
            return Ok(reaching);
        };
        let mut chosen: Vec<usize> = elected.iter().map(|&c| c as usize).collect();
        let mut admitted = Vec::new();
        for c in reaching {
            chosen.push(c as usize);
            let pool: Vec<usize> = (0..standing.len())
                .filter(|&d| standing[d] == Standing::Continuing && !chosen.contains(&d))
                .collect();
            if a.can_complete(&chosen, &pool)? {
                admitted.push(c);
            } else {
                chosen.pop();
            }
        }
        Ok(admitted)
    }
}

/// Appends one stage to the result sheet; the non-transferable figure is every value no
/// longer with a candidate (exhausted papers and the remainders truncation ignored).
#[allow(clippy::too_many_arguments)]
fn record_stage(
    rounds: &mut Vec<Round>,
    action: String,
    totals: &[u128],
    standing: &[Standing],
    names: &[String],
    valid_units: u128,
    elected: &[CandidateIndex],
    excluded: &[CandidateIndex],
) {
    let held: u128 = totals.iter().sum();
    rounds.push(super::ranked_common::stage_round(
        rounds.len() as u32 + 1,
        action,
        totals,
        standing,
        names,
        PLACES,
        valid_units.saturating_sub(held),
        elected,
        excluded,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::test_support::{no_lots, profile, ranks};

    /// The worked example of docs/methods.md, computed by hand: 2 seats, 30 ballots,
    /// quota 30/3 + 1 = 11. A 16 (10 A>B, 6 A>C), B 4, C 6, D 4 (D>C).
    /// Stage 2, surplus of A (5): transfer value 5 × 1 / 16 = 0.31250; B +3.12500,
    /// C +1.87500. Stage 3: B 7.12500 is not lowest; D 4 is: D's 4 go to C → C 11.87500,
    /// elected.
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
        assert_eq!(out.details["quota"], "11");
        assert_eq!(out.elected, vec![0, 2]);
        let r = &out.rounds;
        assert_eq!(r[0].elected, vec!["A"]);
        assert_eq!(r[1].action, "surplus of A");
        assert_eq!(r[1].totals["A"], "11.00000");
        assert_eq!(r[1].totals["B"], "7.12500");
        assert_eq!(r[1].totals["C"], "7.87500");
        assert_eq!(r[1].non_transferable, "0.00000");
        assert_eq!(r[2].action, "exclusion of D");
        assert_eq!(r[2].totals["C"], "11.87500");
        assert_eq!(r[2].elected, vec!["C"]);
        assert_eq!(r.len(), 3);
    }

    /// Transfer values are truncated to five decimals and the lost remainder shows as
    /// non-transferable: surplus 1 of 3 votes gives 0.33333 per paper.
    #[test]
    fn transfer_values_truncate_to_five_decimals() {
        // 2 seats, 13 ballots: quota 13/3 + 1 = 5; A 7, surplus 2, TV 2/7 = 0.28571;
        // B gets 7 × 0.28571 = 1.99997 and 0.00003 is lost to truncation.
        let p = profile(
            &["A", "B", "C", "D"],
            vec![
                (7, ranks(&[0, 1])),
                (2, ranks(&[1])),
                (3, ranks(&[2])),
                (1, ranks(&[3])),
            ],
        );
        let out = count(&p, 2, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.details["quota"], "5");
        assert_eq!(out.rounds[1].totals["B"], "3.99997");
        assert_eq!(out.rounds[1].non_transferable, "0.00003");
    }

    #[test]
    fn papers_keep_their_value_when_the_holder_is_excluded() {
        // 2 seats, 15 ballots: quota 6; A 8, surplus 2, TV 2/8 = 0.25: A's papers reach
        // B at 0.25, and when B is excluded they go on to C at 0.25, not at 1.
        let p = profile(
            &["A", "B", "C", "D", "E"],
            vec![
                (8, ranks(&[0, 1, 2])),
                (1, ranks(&[1])),
                (3, ranks(&[2])),
                (2, ranks(&[3])),
                (1, ranks(&[4])),
            ],
        );
        let out = count(&p, 2, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.rounds[1].totals["B"], "3.00000");
        // Stage 3 excludes E (1): exhausts. Stage 4 excludes D (2): exhausts.
        // Then B 3 and C 3 tie; earlier stage 1: B 1 < C 3 → B excluded.
        let excl: Vec<_> = out.rounds.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(
            excl,
            [
                "first preferences",
                "surplus of A",
                "exclusion of E",
                "exclusion of D",
                "exclusion of B"
            ]
        );
        assert_eq!(out.rounds[4].totals["C"], "5.00000");
        assert_eq!(out.elected, vec![0, 2]);
    }

    #[test]
    fn batch_elimination_is_refused() {
        let p = profile(&["A", "B"], vec![(1, ranks(&[0]))]);
        let rules = RankedRules {
            elimination: Elimination::Batch,
            ..RankedRules::default()
        };
        assert_eq!(
            count(&p, 1, &rules, &mut no_lots())
                .unwrap_err()
                .exit_code(),
            3
        );
    }

    #[test]
    fn last_vacancies_filled_without_further_transfer() {
        // 3 seats, 9 ballots: quota 3. A 4 and B 3 are elected at stage 1; C is the only
        // continuing candidate for the last seat, so A's surplus is never transferred.
        let p = profile(
            &["A", "B", "C"],
            vec![(4, ranks(&[0, 1])), (3, ranks(&[1])), (2, ranks(&[2, 0]))],
        );
        let out = count(&p, 3, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.details["quota"], "3");
        assert_eq!(out.rounds[0].elected, vec!["A", "B", "C"]);
        assert_eq!(out.rounds.len(), 1);
        assert_eq!(out.elected, vec![0, 1, 2]);
        // 2 seats: A is elected with exactly the quota (4), C is excluded, B fills the seat.
        let p = profile(
            &["A", "B", "C"],
            vec![(4, ranks(&[0])), (3, ranks(&[1])), (2, ranks(&[2, 0]))],
        );
        let out = count(&p, 2, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.details["quota"], "4");
        assert_eq!(out.rounds[1].action, "exclusion of C");
        assert_eq!(out.rounds[1].non_transferable, "2.00000");
        assert_eq!(out.rounds[1].elected, vec!["B"]);
        assert_eq!(out.elected, vec![0, 1]);
    }
}

#[cfg(test)]
pub(crate) mod constrained_tests {
    use super::*;
    use crate::ballot::constraints::{CandidateAttributes, Constraint, Limit};
    use crate::ballot::test_support::{no_lots, profile, ranks};
    use crate::input::Source;

    /// The admission of `csv` (a `name,cadre` table over `names`) with one constraint.
    pub(crate) fn admission(
        csv: &str,
        names: &[&str],
        seats: u32,
        value: &str,
        min: Option<u64>,
        max: Option<u64>,
    ) -> Admission {
        let attributes =
            CandidateAttributes::from_csv(&Source::from_text("c.csv", csv.to_string())).unwrap();
        let constraint = Constraint {
            attribute: "cadre".into(),
            value: value.into(),
            min: min.map(Limit::Seats),
            max: max.map(Limit::Seats),
            line: 1,
        };
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        Admission::new(&[constraint], &attributes, &names, seats).unwrap()
    }

    const CADRES: &str = "name,cadre\nA,是\nB,是\nC,是\nD,否\nE,否\n";

    /// The doom example of docs/methods.md: 3 seats, 34 ballots, quota 34/4 + 1 = 9, at
    /// least 2 non-cadres (D, E). A 10 and B 9 reach the quota, but A and B would leave one
    /// seat for two non-cadres: only A is elected. Stage 2 dooms C (8, fewer than B) and C's
    /// papers elect D (4 + 8 = 12); stage 3 dooms B, whose 9 papers exhaust; E fills the
    /// last seat. Unconstrained, A, B and C win.
    #[test]
    fn a_non_cadre_minimum_dooms_the_cadres() {
        let p = profile(
            &["A", "B", "C", "D", "E"],
            vec![
                (10, ranks(&[0])),
                (9, ranks(&[1])),
                (8, ranks(&[2, 3])),
                (4, ranks(&[3, 4])),
                (3, ranks(&[4])),
            ],
        );
        let rules = RankedRules::default();
        let plain = count(&p, 3, &rules, &mut no_lots()).unwrap();
        assert_eq!(plain.elected, vec![0, 1, 2]);
        let adm = admission(CADRES, &["A", "B", "C", "D", "E"], 3, "no", Some(2), None);
        let (out, doomed) = count_constrained(&p, 3, &rules, &mut no_lots(), Some(&adm)).unwrap();
        assert_eq!(out.details["quota"], "9");
        let actions: Vec<_> = out.rounds.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["first preferences", "doom of C", "doom of B"]);
        assert_eq!(out.rounds[0].elected, vec!["A"]);
        assert_eq!(out.rounds[1].excluded, vec!["C"]);
        assert_eq!(out.rounds[1].totals["D"], "12.00000");
        assert_eq!(out.rounds[1].elected, vec!["D"]);
        assert_eq!(out.rounds[2].excluded, vec!["B"]);
        assert_eq!(out.rounds[2].non_transferable, "9.00000");
        assert_eq!(out.rounds[2].elected, vec!["E"]);
        assert_eq!(out.elected, vec![0, 3, 4]);
        assert!(adm.admissible(&[0, 3, 4]));
        let names: Vec<_> = doomed.iter().map(|d| (d.name.as_str(), d.stage)).collect();
        assert_eq!(names, [("C", Some(2)), ("B", Some(3))]);
        assert_eq!(doomed[0].constraint, "cadre = no: min 2");
    }

    /// 3 seats, 33 ballots, quota 9, at least 1 non-cadre (E, F). A is elected; F (1) is
    /// excluded; E is then the only non-cadre and is guarded; D (6) is excluded instead of
    /// E (2), C reaches the quota, and E fills the last seat as the only guarded candidate.
    #[test]
    fn a_guarded_candidate_is_never_excluded() {
        let csv = "name,cadre\nA,是\nB,是\nC,是\nD,是\nE,否\nF,否\n";
        let names = ["A", "B", "C", "D", "E", "F"];
        let p = profile(
            &names,
            vec![
                (9, ranks(&[0])),
                (8, ranks(&[1])),
                (7, ranks(&[2])),
                (6, ranks(&[3, 2])),
                (2, ranks(&[4])),
                (1, ranks(&[5, 0])),
            ],
        );
        let rules = RankedRules::default();
        let plain = count(&p, 3, &rules, &mut no_lots()).unwrap();
        assert_eq!(plain.elected, vec![0, 2, 1]);
        let adm = admission(csv, &names, 3, "no", Some(1), None);
        let (out, doomed) = count_constrained(&p, 3, &rules, &mut no_lots(), Some(&adm)).unwrap();
        let actions: Vec<_> = out.rounds.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "first preferences",
                "exclusion of F",
                "guard of E",
                "exclusion of D"
            ]
        );
        assert_eq!(out.rounds[2].totals, out.rounds[1].totals);
        assert!(out.rounds[2].elected.is_empty() && out.rounds[2].excluded.is_empty());
        assert_eq!(out.rounds[3].elected, vec!["C", "E"]);
        assert_eq!(out.elected, vec![0, 2, 4]);
        assert!(doomed.is_empty());
    }

    /// Constraints that never doom or guard anyone change nothing: the worked example, A and
    /// C non-cadres. (A constraint the unconstrained winners meet can still bind on the way:
    /// with A a cadre and a non-cadre minimum of 1, D would be doomed once A is elected.)
    #[test]
    fn constraints_that_do_not_bind_change_nothing() {
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
        let rules = RankedRules::default();
        let plain = count(&p, 2, &rules, &mut no_lots()).unwrap();
        let csv = "name,cadre\nA,否\nB,是\nC,否\nD,是\n";
        for (value, min, max) in [("no", Some(1), None), ("yes", None, Some(1))] {
            let adm = admission(csv, &["A", "B", "C", "D"], 2, value, min, max);
            let (out, doomed) =
                count_constrained(&p, 2, &rules, &mut no_lots(), Some(&adm)).unwrap();
            assert_eq!(out, plain);
            assert!(doomed.is_empty());
        }
        // Unmeetable constraints are an input error before anything is counted.
        let adm = admission(csv, &["A", "B", "C", "D"], 2, "no", Some(3), None);
        let e = count_constrained(&p, 2, &rules, &mut no_lots(), Some(&adm)).unwrap_err();
        assert_eq!(e.exit_code(), 3);
    }
}
