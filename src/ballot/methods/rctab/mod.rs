//! The counts of RCTab, the certified US ranked-choice tabulator (issue 23): `irv`,
//! `stv` with `transfer = "all-surpluses"`, `bottoms-up` and `sequential-irv`, round by round
//! as RCTab 2.0.1 counts them. Reimplemented from the specification in the project's notes
//! (RCTab's behaviour option by option, checked against RCTab's own test cases); no RCTab
//! code is copied.
//!
//! Each round:
//! 1. **Tally.** Every ballot counts for its highest-ranked continuing candidate, at its
//!    current value (1, or less once it has passed through a winner whose surplus moved);
//!    a ballot that reaches none is inactive, by why: an overvote, too many skipped ranks,
//!    a repeated candidate, or no choices left (`ballots`).
//! 2. **Threshold** ([`threshold`]): `⌊V/(S+1)⌋ + 1` (Droop, with `V` the votes with
//!    continuing candidates and `S` the seats), `⌈V/S⌉` (Hare), `trunc_d(V/(S+1)) + 10^-d`
//!    (`non_integer_threshold`), or `V × p` (`bottoms_up_threshold`); recomputed each round for
//!    one seat, fixed by round 1 for several (or by `first_round_determines_threshold`).
//! 3. **Winners** (`select.rs`): nobody while an undeclared write-in with votes is
//!    continuing under `undeclared_write_ins = "exclude-first"`; all continuing candidates when
//!    they are no more than the open seats; else every candidate at or over the threshold
//!    (never in `bottoms-up`; strictly over it and only all at once with a percentage), the
//!    highest only with `one_winner_per_round`, the top of the last `S + 1` with
//!    `first_round_determines_threshold`, and the winner of an exact tie between the last two.
//! 4. **Elimination**, in a round without winners (`select.rs`): the write-in alone
//!    (`exclude-first`), else everyone under `minimum_votes`, else everyone under the threshold
//!    (`cutoff_elimination`), else a batch of sure losers (`elimination = "batch"`, two or
//!    more), else the lowest, a tie settled by `[tiebreak]`.
//! 5. **Surpluses** (`stv`, all surpluses): each winner's surplus fraction
//!    `f = trunc_d((v − T)/v)`, and each of their ballots moves on at `trunc_d(x × f)`; what
//!    truncation leaves over the threshold is the residual surplus (`decide.rs`). After the
//!    last seat is filled, one more round shows the last surpluses as "final round surplus".
//!
//! All values are fixed-point integers in units of `10^-d` (`d = decimals` where surpluses
//! move, else 0): RCTab truncates (`RoundingMode.DOWN`) every division and product to `d`
//! places, and so does this count. No floating point is used.

mod ballots;
mod decide;
mod log;
mod rounds;
mod select;
mod summary;

pub use log::{Destination, Inactive, Tabulated, Tabulation, TabulationKind};
pub use summary::{summary_csv, Contest, RCTAB_WRITE_IN_NAME};

use crate::ballot::ranked::{RankedProfile, RankedRules, SurplusTransfer};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::{CandidateIndex, MethodOutcome};
use crate::error::{Error, Result};
use crate::exact::ScaledDecimal;
pub use decide::threshold;

/// How winners are chosen (RCTab's `winnerElectionMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Winning {
    /// One seat: a majority of the continuing votes (`irv`, each pass of `sequential-irv`;
    /// RCTab's `singleWinnerMajority`).
    Majority,
    /// Several seats, surpluses moved (`stv` with `transfer = "all-surpluses"`; RCTab's
    /// `multiWinnerAllowMultipleWinnersPerRound`, or `…AllowOnlyOneWinnerPerRound` with
    /// `one_winner_per_round`).
    AllSurpluses,
    /// Eliminate until the seats remain (`bottoms-up`; RCTab's `bottomsUp`).
    BottomsUp,
    /// Eliminate until every continuing candidate is over a share of the votes (`bottoms-up`
    /// with `seats = 0` and `bottoms_up_threshold`; RCTab's
    /// `bottomsUpUsingPercentageThreshold`).
    BottomsUpPercentage(ScaledDecimal),
}

/// RCTab's default `decimalPlacesForVoteArithmetic`.
pub const DEFAULT_DECIMALS: u32 = 4;

/// One count to run: the winning rule, the seats, the rules, and (in a pass of
/// `sequential-irv`) the winners of the earlier seats, who are left out like withdrawn
/// candidates.
#[derive(Debug, Clone, Copy)]
pub struct Setup<'a> {
    /// The winning rule.
    pub winning: Winning,
    /// Seats to fill (`S`; 0 with a percentage).
    pub seats: u32,
    /// The election's ranked rules.
    pub rules: &'a RankedRules,
    /// Candidates left out of this count besides the withdrawn ones.
    pub left_out: &'a [CandidateIndex],
    /// The seat a pass of `sequential-irv` fills.
    pub seat: Option<u32>,
}

impl Setup<'_> {
    /// Whether winners' surpluses move on (several seats, not bottoms-up).
    pub fn moves_surpluses(&self) -> bool {
        match self.winning {
            Winning::AllSurpluses => true,
            Winning::Majority | Winning::BottomsUp | Winning::BottomsUpPercentage(_) => false,
        }
    }

    /// Decimal places of every value in the count.
    pub fn places(&self) -> u32 {
        if self.moves_surpluses() {
            self.rules.decimals.unwrap_or(DEFAULT_DECIMALS)
        } else {
            0
        }
    }
}

/// Counts `profile` by RCTab's rules for `irv` (one seat).
pub fn count_irv(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    if seats != 1 {
        return Err(Error::input(format!(
            "method irv fills one seat, but seats = {seats}; use method = \"stv\" (or \"meek\"), \
             \"sequential-irv\" or \"bottoms-up\" to fill {seats} seats"
        ))
        .field("seats"));
    }
    let setup = Setup {
        winning: Winning::Majority,
        seats,
        rules,
        left_out: &[],
        seat: None,
    };
    let tabulation = tabulate(profile, &setup, ties)?;
    Ok(rounds::outcome(profile, &setup, vec![tabulation]))
}

/// Counts `profile` by RCTab's multi-winner rules: `stv` with `transfer = "all-surpluses"`.
pub fn count_all_surpluses(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    debug_assert_eq!(rules.transfer, SurplusTransfer::AllSurpluses);
    refuse_batch(rules, "stv with transfer = \"all-surpluses\"")?;
    let setup = Setup {
        winning: Winning::AllSurpluses,
        seats,
        rules,
        left_out: &[],
        seat: None,
    };
    let tabulation = tabulate(profile, &setup, ties)?;
    Ok(rounds::outcome(profile, &setup, vec![tabulation]))
}

/// Counts `profile` by RCTab's bottoms-up rules: eliminate until `seats` remain, or (with
/// `seats = 0`) until every continuing candidate is over `bottoms_up_threshold`.
pub fn count_bottoms_up(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    let winning = match (seats, rules.bottoms_up_threshold) {
        (0, Some(share)) => Winning::BottomsUpPercentage(share),
        (0, None) => {
            return Err(Error::input(
                "seats = 0 needs bottoms_up_threshold: the share every winner must exceed",
            )
            .field("seats"))
        }
        (_, Some(_)) => {
            return Err(Error::input(
                "bottoms_up_threshold elects every candidate over it: it needs seats = 0",
            )
            .field("rules.bottoms_up_threshold"))
        }
        (_, None) => Winning::BottomsUp,
    };
    refuse_batch(rules, "bottoms-up")?;
    let setup = Setup {
        winning,
        seats,
        rules,
        left_out: &[],
        seat: None,
    };
    let tabulation = tabulate(profile, &setup, ties)?;
    Ok(rounds::outcome(profile, &setup, vec![tabulation]))
}

/// Counts `profile` by RCTab's multi-pass IRV (`sequential-irv`): one IRV count per seat, the
/// ballots fresh each time, the winners of the earlier seats left out.
pub fn count_sequential(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    let mut left_out: Vec<CandidateIndex> = Vec::new();
    let mut tabulations = Vec::new();
    for seat in 1..=seats {
        let setup = Setup {
            winning: Winning::Majority,
            seats: 1,
            rules,
            left_out: &left_out,
            seat: Some(seat),
        };
        let tabulation = tabulate(profile, &setup, ties)?;
        let winners = tabulation.winners();
        let stopped = tabulation.stopped;
        tabulations.push(tabulation);
        match winners.as_slice() {
            [winner] if !stopped => left_out.push(*winner),
            _ => break,
        }
    }
    let setup = Setup {
        winning: Winning::Majority,
        seats,
        rules,
        left_out: &[],
        seat: Some(1),
    };
    Ok(rounds::outcome(profile, &setup, tabulations))
}

/// RCTab allows batch elimination only for one seat (`irv`, each pass of `sequential-irv`).
fn refuse_batch(rules: &RankedRules, method: &str) -> Result<()> {
    match rules.elimination {
        crate::ballot::ranked::Elimination::Single => Ok(()),
        crate::ballot::ranked::Elimination::Batch => Err(Error::input(format!(
            "elimination = \"batch\" is for one seat (irv, sequential-irv), not {method} \
             (RCTab's rule), expected \"single\""
        ))
        .field("rules.elimination")),
    }
}

/// Runs one count (one pass) and returns its round-by-round log.
fn tabulate(profile: &RankedProfile, setup: &Setup, ties: &mut TieBreaker) -> Result<Tabulation> {
    decide::Count::new(profile, setup, ties)?.run()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::ranked::{DuplicateRule, SkippedRule, WriteInRule};
    use crate::ballot::test_support::{lots, numbered, profile, ranks};
    use proptest::prelude::*;

    /// Ballots over c0…c3 ranking each candidate at most once, with no blank rank and no
    /// write-in.
    fn plain_ballots() -> impl Strategy<Value = Vec<(u64, Vec<u32>)>> {
        let ranking = Just(vec![0u32, 1, 2, 3])
            .prop_shuffle()
            .prop_flat_map(|order| (1..=4usize).prop_map(move |k| order[..k].to_vec()));
        proptest::collection::vec((1..5u64, ranking), 1..12)
    }

    proptest! {
        /// An option that cannot apply changes nothing: without write-ins, repeats or blank
        /// ranks, `undeclared_write_ins`, `duplicate_candidate` and `max_skipped_ranks` give
        /// the count of the defaults, round for round.
        #[test]
        fn options_that_cannot_apply_change_nothing(ballots in plain_ballots(), seats in 1..3u32) {
            let p = profile(
                &numbered(4),
                ballots.iter().map(|(w, r)| (*w, ranks(r))).collect(),
            );
            let run = |rules: &RankedRules| {
                let mut ties = lots("p");
                let out = if seats == 1 {
                    count_irv(&p, 1, rules, &mut ties)
                } else {
                    let rules = RankedRules { transfer: SurplusTransfer::AllSurpluses, ..*rules };
                    count_all_surpluses(&p, seats, &rules, &mut ties)
                };
                out.map(|o| (o.elected, o.rounds, o.invalid))
            };
            let plain = run(&RankedRules::default());
            for rules in [
                RankedRules { undeclared_write_ins: WriteInRule::ExcludeFirst, ..RankedRules::default() },
                RankedRules { duplicate_candidate: DuplicateRule::Exhaust, repeats_marked: true, ..RankedRules::default() },
                RankedRules { skipped_ranks: SkippedRule::AtMost(0), repeats_marked: true, ..RankedRules::default() },
            ] {
                prop_assert_eq!(&run(&rules), &plain);
            }
        }
    }

    /// RCTab's `uwi_cannot_win_test`: 5 UWI, 3 A, 1 B. Under exclude-first UWI goes alone in
    /// round 1 and A wins round 2 with 3 of the 4 votes left (threshold 3).
    #[test]
    fn write_ins_are_excluded_first() {
        let p = profile(
            &["A", "B", "UWI"],
            vec![(5, ranks(&[2])), (3, ranks(&[0])), (1, ranks(&[1]))],
        );
        let rules = RankedRules {
            undeclared_write_ins: WriteInRule::ExcludeFirst,
            rctab_rounds: true,
            ..RankedRules::default()
        };
        let out = count_irv(&p, 1, &rules, &mut lots("w")).unwrap();
        assert_eq!(out.elected, vec![0]);
        assert_eq!(out.rounds[1].excluded, ["UWI"]);
        assert_eq!(out.rounds[1].threshold.as_deref(), Some("3"));
        let t = &out.tabulations[0];
        assert_eq!(t.rounds[0].threshold, ScaledDecimal::integer(5));
        assert!(t.rounds[0].elected.is_empty());
    }
}
