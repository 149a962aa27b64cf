//! The `irv` counting method: instant-runoff voting (single seat).
//!
//! Each round every continuing candidate is credited with the ballots on which they are
//! the highest-ranked continuing candidate. A candidate with more than half of the votes
//! still with continuing candidates (exhausted ballots do not count) is elected; with a
//! single continuing candidate left, that candidate is elected. Otherwise the candidate
//! with the fewest votes is excluded and their ballots pass to their next continuing
//! preference. `elimination = "batch"` excludes at once the largest group of lowest
//! candidates whose combined votes are fewer than the votes of the next candidate up (no
//! transfer among them could lift any of them past that candidate: Minneapolis ordinance
//! §167.70, Burlington and RCTab's "batch elimination"). Ties for exclusion are broken by
//! the earlier-round rule (fewest votes at the most recent round where the tied
//! candidates differed), then by the reproducible lot.
//!
//! The count is RCTab's single-winner count (`super::rctab`, `Winning::Majority`): with no
//! RCTab key in the election file it is exactly the classic count described here, and the
//! keys add RCTab's rules (undeclared write-ins, skipped ranks, duplicates, continuing until
//! two remain, a frozen threshold, a minimum vote, stopping early, tie-break modes).

use crate::ballot::ranked::{RankedProfile, RankedRules};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::MethodOutcome;
use crate::error::Result;

/// Counts `profile` for one seat by instant-runoff voting (`seats` must be 1), with RCTab's
/// options where the election sets them (`super::rctab`, which every `irv` count runs on).
pub fn count(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    super::rctab::count_irv(profile, seats, rules, ties)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::ranked::{Elimination, OvervoteRule, RankEntry, SkippedRule};
    use crate::ballot::test_support::{lots, no_lots, profile, ranks};
    use RankEntry::{Single, Skipped, Tied};

    /// The worked example of docs/methods.md: A 8, B 7, C 4 (C's voters prefer B), D 2
    /// (D's voters prefer C). D goes, then C (6), and B wins 13 to 8.
    #[test]
    fn worked_example() {
        let p = profile(
            &["A", "B", "C", "D"],
            vec![
                (8, ranks(&[0])),
                (7, ranks(&[1, 0])),
                (4, ranks(&[2, 1])),
                (2, ranks(&[3, 2, 1])),
            ],
        );
        let out = count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.elected, vec![1]);
        assert_eq!(out.valid, 21);
        let r: Vec<_> = out.rounds.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(r, ["first preferences", "exclusion of D", "exclusion of C"]);
        assert_eq!(out.rounds[1].totals["C"], "6");
        assert_eq!(out.rounds[2].totals["B"], "13");
        assert_eq!(out.rounds[2].totals["A"], "8");
        assert!(!out.rounds[2].totals.contains_key("C"));
        assert_eq!(out.rounds[2].elected, vec!["B"]);
        assert_eq!(out.rounds[2].non_transferable, "0");
    }

    #[test]
    fn first_round_majority_ends_the_count() {
        let p = profile(&["A", "B"], vec![(3, ranks(&[0])), (2, ranks(&[1]))]);
        let out = count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.elected, vec![0]);
        assert_eq!(out.rounds.len(), 1);
        assert_eq!(out.rounds[0].elected, vec!["A"]);
    }

    #[test]
    fn majority_is_of_continuing_votes_only() {
        // After C is excluded its 3 ballots exhaust: A 5 of 9 continuing is a majority
        // though not of the 12 ballots.
        let p = profile(
            &["A", "B", "C"],
            vec![(5, ranks(&[0])), (4, ranks(&[1])), (3, ranks(&[2]))],
        );
        let out = count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.elected, vec![0]);
        assert_eq!(out.rounds[1].non_transferable, "3");
    }

    #[test]
    fn seats_other_than_one_point_to_stv() {
        let p = profile(&["A", "B", "C"], vec![(1, ranks(&[0]))]);
        let err = count(&p, 2, &RankedRules::default(), &mut no_lots()).unwrap_err();
        assert_eq!(err.exit_code(), 3);
        assert!(err.to_string().contains("stv"), "{err}");
    }

    #[test]
    fn batch_elimination_drops_every_sure_loser() {
        let batch = RankedRules {
            elimination: Elimination::Batch,
            ..RankedRules::default()
        };
        let first_exclusion = |weights: &[u64]| {
            let names: Vec<String> = (0..weights.len()).map(|c| format!("c{c}")).collect();
            let ballots = weights
                .iter()
                .enumerate()
                .map(|(c, &w)| (w, ranks(&[c as u32])))
                .collect();
            let out = count(&profile(&names, ballots), 1, &batch, &mut lots("b")).unwrap();
            out.rounds
                .get(1)
                .map(|r| r.excluded.clone())
                .unwrap_or_default()
        };
        // A 10, B 3, C 2, D 1, E 20, F 19 (no majority of 55): D + C + B = 6 < 10 and
        // A + B + C + D = 16 < 19 → batch {A, B, C, D}; 35 < 20 fails, so F stays.
        assert_eq!(
            first_exclusion(&[10, 3, 2, 1, 20, 19]),
            ["c0", "c1", "c2", "c3"]
        );
        // Equal lowest candidates are never split: 2, 2, 5, 6 → {0, 1} (4 < 5).
        assert_eq!(first_exclusion(&[2, 2, 5, 6]), ["c0", "c1"]);
        // 3, 3, 5: 3 < 3 fails and 6 < 5 fails → no batch (a tie for exclusion instead).
        assert_eq!(first_exclusion(&[3, 3, 5]).len(), 1);
        let p = profile(
            &["A", "B", "C", "D", "E"],
            vec![
                (10, ranks(&[0])),
                (9, ranks(&[4])),
                (3, ranks(&[1, 4])),
                (2, ranks(&[2, 4])),
                (1, ranks(&[3, 0])),
            ],
        );
        let out = count(&p, 1, &batch, &mut no_lots()).unwrap();
        assert_eq!(out.rounds[1].action, "exclusion of B, C, D");
        assert_eq!(out.rounds[1].excluded, vec!["B", "C", "D"]);
        assert_eq!(out.elected, vec![4]);
        assert_eq!(out.rounds[1].totals["E"], "14");
        // Single elimination reaches the same winner in more rounds.
        let single = count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(single.elected, vec![4]);
        assert_eq!(single.rounds.len(), 4);
    }

    #[test]
    fn exclusion_tie_broken_by_earlier_round_then_lot() {
        // Round 1: A 6, B 5, C 4, D 3. D → C: C 6... build a tie at round 2 between B and C
        // (5 each) where round 1 had C 4 < B 5: C is excluded.
        let p = profile(
            &["A", "B", "C", "D"],
            vec![
                (6, ranks(&[0])),
                (5, ranks(&[1])),
                (4, ranks(&[2, 0])),
                (1, ranks(&[3, 2])),
                (2, ranks(&[3])),
            ],
        );
        let mut ties = no_lots();
        let out = count(&p, 1, &RankedRules::default(), &mut ties).unwrap();
        assert_eq!(out.rounds[2].action, "exclusion of C");
        assert_eq!(ties.ties.len(), 1);
        assert_eq!(ties.ties[0].resolved_by, "earlier round");
        assert_eq!(out.elected, vec![0]);
        // A first-round tie can only be settled by lot: exit 4 without a beacon.
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
        let mut lot = lots("beacon");
        let out = count(&p, 1, &RankedRules::default(), &mut lot).unwrap();
        assert_eq!(lot.ties[0].resolved_by, "lot");
        assert_eq!(out.elected, vec![0]);
    }

    #[test]
    fn rules_for_overvotes_and_skipped_ranks_apply() {
        let p = profile(
            &["A", "B", "C"],
            vec![
                (5, ranks(&[0])),
                (4, ranks(&[1])),
                (2, vec![Single(2), Tied(vec![0, 1]), Single(1)]),
                (1, vec![Single(2), Skipped, Skipped, Single(1)]),
                (1, vec![Tied(vec![0, 1])]),
            ],
        );
        let default = count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(default.invalid["overvote"], 1);
        assert_eq!(default.valid, 12);
        // C out: the overvoted ballots exhaust, the skipped one reaches B: A 5, B 5 → tie
        // broken by round 1 (A 5 > B 4): B excluded.
        assert_eq!(default.rounds[1].totals["B"], "5");
        assert_eq!(default.elected, vec![0]);
        let skip = RankedRules {
            overvote: OvervoteRule::SkipRank,
            ..RankedRules::default()
        };
        let out = count(&p, 1, &skip, &mut no_lots()).unwrap();
        assert_eq!(out.rounds[1].totals["B"], "7");
        assert_eq!(out.elected, vec![1]);
        let minneapolis = RankedRules {
            overvote: OvervoteRule::Exhaust,
            skipped_ranks: SkippedRule::ExhaustAfterTwo,
            ..RankedRules::default()
        };
        let out = count(&p, 1, &minneapolis, &mut no_lots()).unwrap();
        assert_eq!(out.rounds[1].totals["B"], "4");
        assert_eq!(out.rounds[1].non_transferable, "3");
        assert_eq!(out.elected, vec![0]);
    }

    #[test]
    fn withdrawn_candidates_are_passed_over() {
        let mut p = profile(
            &["A", "B", "C"],
            vec![(3, ranks(&[0])), (2, ranks(&[2, 1])), (2, ranks(&[1]))],
        );
        p.withdrawn = vec![2];
        let out = count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(out.elected, vec![1]);
        assert!(!out.rounds[0].totals.contains_key("C"));
    }
}
