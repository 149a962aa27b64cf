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

use super::ranked_common::{initial_standings, settle_tie, Next, Piles, Standing};
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

    let newly = elect_reaching_quota(&mut standing, &totals, quota);
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
        if continuing.len() <= seats_left {
            // Rule 52: the continuing candidates fill the last vacancies.
            let mut last = continuing;
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
        let (action, excluded) = if !surplus_pending.is_empty() {
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
        } else {
            // Rules 50 and 51: exclude the lowest continuing candidate.
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
            (format!("exclusion of {}", names[out as usize]), vec![out])
        };
        let newly = elect_reaching_quota(&mut standing, &totals, quota);
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
    Ok(MethodOutcome {
        elected,
        rounds,
        invalid: deal.invalid,
        valid: deal.valid,
        details,
        ..MethodOutcome::default()
    })
}

/// Rule 47: every continuing candidate whose total equals or exceeds the quota is deemed
/// elected; returned highest total first (candidate order among equal totals).
fn elect_reaching_quota(
    standing: &mut [Standing],
    totals: &[u128],
    quota: u128,
) -> Vec<CandidateIndex> {
    let mut newly: Vec<CandidateIndex> = (0..standing.len() as CandidateIndex)
        .filter(|&c| standing[c as usize] == Standing::Continuing && totals[c as usize] >= quota)
        .collect();
    newly.sort_by_key(|&c| (std::cmp::Reverse(totals[c as usize]), c));
    for &c in &newly {
        standing[c as usize] = Standing::Elected;
    }
    newly
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
