//! The main loop of a count by RCTab's rules (`Tabulator.tabulate`): each round its tally,
//! threshold, winners or eliminations, and the moves into the next round; when the count
//! stops.

use super::ballots::{Ballots, Moves};
use super::log::{Destination, Tabulated, Tabulation, TabulationKind};
use super::{Setup, Winning};
use crate::ballot::methods::ranked_common::Standing;
use crate::ballot::ranked::{QuotaRule, RankedProfile, WriteInRule};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::CandidateIndex;
use crate::error::{Error, Result};
use crate::exact::{mul_div_ceil, mul_div_floor, pow10, ScaledDecimal};

/// A count in progress.
pub(super) struct Count<'a, 't> {
    pub(super) setup: &'a Setup<'a>,
    pub(super) names: &'a [String],
    pub(super) write_in: Option<CandidateIndex>,
    pub(super) standing: Vec<Standing>,
    /// The round each winner was elected in (0: not elected).
    elected_round: Vec<u32>,
    /// Candidates eliminated so far.
    pub(super) eliminated: usize,
    /// Candidates taking part (RCTab's "number of candidates").
    pub(super) taking_part: usize,
    pub(super) ballots: Ballots<'a>,
    pub(super) ties: &'t mut TieBreaker,
    /// Every round's totals, for the earlier-round rule of ties.
    pub(super) history: Vec<Vec<u128>>,
    rounds: Vec<Tabulated>,
    /// The round being counted (from 1).
    pub(super) round: u32,
    pub(super) threshold: ScaledDecimal,
    /// Where surpluses move: each earlier winner's total as the report shows it, and what
    /// each new winner's ballots left with them.
    held: Vec<Option<ScaledDecimal>>,
    kept: Vec<u128>,
    residual: ScaledDecimal,
    moves: Moves,
    places: u32,
}

/// What a round decided.
#[derive(Debug, Default)]
pub(super) struct Decision {
    /// Elected, each with whether a tie-break chose them.
    pub elected: Vec<(CandidateIndex, bool)>,
    /// Eliminated, each with whether a tie-break chose them.
    pub eliminated: Vec<(CandidateIndex, bool)>,
}

impl<'a, 't> Count<'a, 't> {
    /// A count of `profile` under `setup`, its ballots dealt to their first preferences.
    pub fn new(
        profile: &'a RankedProfile,
        setup: &'a Setup<'a>,
        ties: &'t mut TieBreaker,
    ) -> Result<Count<'a, 't>> {
        let names = &profile.candidates;
        let n = names.len();
        let rankings = profile.checked_rankings()?;
        let mut standing = vec![Standing::Continuing; n];
        for &c in profile.withdrawn.iter().chain(setup.left_out) {
            let slot = standing.get_mut(c as usize).ok_or_else(|| {
                Error::input(format!(
                    "withdrawn candidate number {} is outside the {n} candidates",
                    c + 1
                ))
            })?;
            *slot = Standing::Withdrawn;
        }
        let taking_part = standing
            .iter()
            .filter(|s| **s == Standing::Continuing)
            .count();
        if taking_part == 0 {
            return Err(
                Error::input("every candidate is withdrawn, expected at least one")
                    .field("withdrawn"),
            );
        }
        let places = setup.places();
        let bound = u128::from(profile.total_weight()).saturating_mul(pow10(places + 12));
        if places > 20 || bound == u128::MAX {
            return Err(Error::input(format!(
                "{} ballots at {places} decimal places exceed exact 128-bit arithmetic",
                profile.total_weight()
            ))
            .field("rules.decimals"));
        }
        let ballots = Ballots::deal(
            rankings,
            n,
            setup.rules,
            places,
            setup.moves_surpluses(),
            |c| standing[c as usize] == Standing::Continuing,
        );
        Ok(Count {
            setup,
            names,
            write_in: profile.undeclared_write_in(),
            standing,
            elected_round: vec![0; n],
            eliminated: 0,
            taking_part,
            ballots,
            ties,
            history: Vec::new(),
            rounds: Vec::new(),
            round: 0,
            threshold: ScaledDecimal::default(),
            held: vec![None; n],
            kept: vec![0; n],
            residual: ScaledDecimal::default(),
            moves: Moves::new(),
            places,
        })
    }

    /// Whether `c` is in this round's tally: continuing, or elected and kept in the count by
    /// `continue_until_two` (RCTab's `isCandidateContinuing`).
    pub(super) fn in_tally(&self, c: CandidateIndex) -> bool {
        match self.standing[c as usize] {
            Standing::Continuing => true,
            Standing::Elected => self.setup.rules.continue_until_two,
            Standing::Excluded | Standing::Withdrawn => false,
        }
    }

    /// The candidates in this round's tally, in candidate order.
    pub(super) fn tallied(&self) -> Vec<CandidateIndex> {
        (0..self.standing.len() as CandidateIndex)
            .filter(|&c| self.in_tally(c))
            .collect()
    }

    /// Winners so far.
    pub(super) fn winners(&self) -> usize {
        self.elected_round.iter().filter(|&&r| r > 0).count()
    }

    /// `c`'s votes as a decimal at the count's places.
    pub(super) fn votes(&self, c: CandidateIndex) -> ScaledDecimal {
        ScaledDecimal::new(self.ballots.totals[c as usize], self.places)
    }

    /// Whether an undeclared write-in with votes is in the count under `exclude-first`.
    pub(super) fn write_in_blocks(&self) -> bool {
        self.setup.rules.undeclared_write_ins == WriteInRule::ExcludeFirst
            && self
                .write_in
                .is_some_and(|w| self.in_tally(w) && self.ballots.totals[w as usize] > 0)
    }

    /// Counts round after round until the count is over.
    pub fn run(mut self) -> Result<Tabulation> {
        let limit = 2 * self.standing.len() as u32 + 4;
        let stopped = loop {
            self.round += 1;
            if self.round > limit {
                return Err(Error::input(
                    "the count did not end: no candidate could be elected or eliminated",
                ));
            }
            self.update_winner_totals();
            let tally = self.tally();
            self.history.push(self.ballots.totals.clone());
            self.threshold = self.threshold_for_round();
            let decision = self.decide()?;
            self.apply(&decision);
            let elected_now = !decision.elected.is_empty();
            let eliminated_now = !decision.eliminated.is_empty();
            self.record(tally, decision);
            let goes_on = self.goes_on(elected_now, eliminated_now);
            if !goes_on {
                break false;
            }
            if self
                .setup
                .rules
                .stop_after_round
                .is_some_and(|last| self.round >= last)
            {
                break true;
            }
            self.move_ballots();
        };
        Ok(self.into_tabulation(stopped))
    }

    /// The votes of this round's tally (before its decisions), as the report shows them.
    fn tally(&self) -> Vec<Option<ScaledDecimal>> {
        (0..self.standing.len())
            .map(|c| {
                if self.in_tally(c as CandidateIndex) {
                    Some(self.scaled(self.ballots.totals[c], self.ballots.totals_scaled[c]))
                } else {
                    self.held[c]
                }
            })
            .collect()
    }

    /// `units` at the count's places, at its scale when `scaled`, else as a whole number.
    fn scaled(&self, units: u128, scaled: bool) -> ScaledDecimal {
        if scaled {
            ScaledDecimal::new(units, self.places)
        } else {
            ScaledDecimal::integer(units / pow10(self.places))
        }
    }

    /// The votes with candidates in this round (RCTab's active ballot sum; the final round
    /// surplus counts as active).
    fn active_votes(&self) -> ScaledDecimal {
        let held = self
            .tallied()
            .iter()
            .map(|&c| self.ballots.totals[c as usize])
            .sum::<u128>();
        ScaledDecimal::new(held + self.ballots.final_surplus, self.places)
    }

    /// The threshold of this round (`calculateAndSetWinningThreshold`): computed in round 1,
    /// and in later rounds only for one seat (unless frozen by
    /// `first_round_determines_threshold`, or by a winner under `continue_until_two`).
    fn threshold_for_round(&self) -> ScaledDecimal {
        let rules = self.setup.rules;
        let recompute = if self.setup.seats > 1 || self.round == 1 {
            self.round == 1
        } else if rules.first_round_determines_threshold {
            false
        } else if rules.continue_until_two {
            self.winners() == 0
        } else {
            true
        };
        if !recompute {
            return self.threshold;
        }
        let computed = threshold(&self.active_votes(), self.setup, self.places);
        // BigDecimal.max keeps the threshold itself when the two are equal.
        let minimum = ScaledDecimal::integer(u128::from(rules.minimum_votes));
        if minimum > computed {
            minimum
        } else {
            computed
        }
    }

    /// Marks this round's decisions; a new winner's surplus fraction is applied to their
    /// ballots at once (they move in the next round).
    fn apply(&mut self, decision: &Decision) {
        for &(c, _) in &decision.eliminated {
            self.standing[c as usize] = Standing::Excluded;
            self.eliminated += 1;
        }
        for &(c, _) in &decision.elected {
            self.standing[c as usize] = Standing::Elected;
            self.elected_round[c as usize] = self.round;
        }
        if !self.setup.moves_surpluses() {
            return;
        }
        for &(c, _) in &decision.elected {
            let votes = self.ballots.totals[c as usize];
            let threshold = self.threshold.units_at(self.places);
            let fraction = if votes > threshold {
                mul_div_floor(votes - threshold, pow10(self.places), votes).unwrap_or(0)
            } else {
                0
            };
            self.kept[c as usize] = self.ballots.reduce(c, fraction);
        }
    }

    /// Whether another round follows (`shouldContinueTabulating`).
    fn goes_on(&self, elected_now: bool, eliminated_now: bool) -> bool {
        let winners = self.winners();
        if winners >= self.taking_part && self.setup.seats as usize > self.taking_part {
            // Every candidate is elected and seats are left: nothing more to count.
            return false;
        }
        if self.tallied().is_empty() && !(elected_now && self.setup.moves_surpluses()) {
            // Nobody left to count; after the last winners, one more round shows their
            // surpluses (below).
            return false;
        }
        if self.setup.rules.continue_until_two {
            return self.eliminated + winners + 1 < self.taking_part || eliminated_now;
        }
        match self.setup.winning {
            Winning::BottomsUpPercentage(_) => winners == 0,
            Winning::Majority | Winning::BottomsUp => winners < self.setup.seats as usize,
            Winning::AllSurpluses => winners < self.setup.seats as usize || elected_now,
        }
    }

    /// Moves the ballots of the candidates the last round eliminated or elected (winners'
    /// ballots at their reduced value, or, once every seat is filled, into the final round
    /// surplus).
    fn move_ballots(&mut self) {
        let Some(last) = self.rounds.last() else {
            return;
        };
        let eliminated: Vec<CandidateIndex> = last.eliminated.iter().map(|e| e.0).collect();
        let elected: Vec<CandidateIndex> = last.elected.iter().map(|e| e.0).collect();
        let mut moves = Moves::new();
        let standing = self.standing.clone();
        let until_two = self.setup.rules.continue_until_two;
        let available = |c: CandidateIndex| match standing[c as usize] {
            Standing::Continuing => true,
            Standing::Elected => until_two,
            Standing::Excluded | Standing::Withdrawn => false,
        };
        for c in eliminated {
            self.ballots.transfer(c, available, &mut moves);
        }
        if self.setup.moves_surpluses() {
            let filled = self.winners() >= self.setup.seats as usize;
            for c in elected {
                if filled {
                    self.ballots.hold_final(c, &mut moves);
                } else {
                    self.ballots.transfer(c, available, &mut moves);
                }
            }
        }
        self.moves = moves;
    }

    /// Where surpluses move: the winners of earlier rounds get their totals (what the last
    /// round's winners' ballots left with them; above the threshold, the threshold, the rest
    /// being residual surplus), as `updateWinnerTallies` writes them.
    fn update_winner_totals(&mut self) {
        if !self.setup.moves_surpluses() || self.round == 1 {
            return;
        }
        for c in 0..self.standing.len() {
            if self.elected_round[c] + 1 != self.round {
                continue;
            }
            let kept = ScaledDecimal::new(self.kept[c], self.places);
            let threshold = self.threshold.units_at(self.places);
            if self.kept[c] > threshold {
                let extra = self.kept[c] - threshold;
                self.residual = self.residual.plus(ScaledDecimal::new(extra, self.places));
                *self
                    .moves
                    .entry((c as CandidateIndex, Destination::ResidualSurplus))
                    .or_insert(0) += extra;
                self.held[c] = Some(self.threshold);
            } else {
                self.held[c] = Some(kept);
            }
        }
    }

    /// Appends the round to the log.
    fn record(&mut self, tally: Vec<Option<ScaledDecimal>>, decision: Decision) {
        let mut active = ScaledDecimal::integer(0);
        for v in tally.iter().flatten() {
            active = active.plus(*v);
        }
        let final_surplus = self.scaled(
            self.ballots.final_surplus,
            self.ballots.final_surplus_scaled,
        );
        active = active.plus(final_surplus);
        let inactive = std::array::from_fn(|k| {
            self.scaled(self.ballots.inactive[k], self.ballots.inactive_scaled[k])
        });
        let transfers = std::mem::take(&mut self.moves)
            .into_iter()
            .map(|((from, to), units)| (from, to, units))
            .collect();
        self.rounds.push(Tabulated {
            tally,
            threshold: self.threshold,
            elected: decision.elected,
            eliminated: decision.eliminated,
            active,
            inactive,
            residual: self.residual,
            final_surplus,
            transfers,
        });
    }

    /// The finished log.
    fn into_tabulation(self, stopped: bool) -> Tabulation {
        let rules = self.setup.rules;
        let kind = match self.setup.winning {
            Winning::Majority if self.setup.seat.is_none() => TabulationKind::SingleWinner,
            Winning::BottomsUpPercentage(_) => TabulationKind::BottomsUpPercentage,
            Winning::Majority | Winning::AllSurpluses | Winning::BottomsUp => {
                TabulationKind::MultiWinner
            }
        };
        let standing = (0..self.standing.len() as CandidateIndex)
            .filter(|&c| self.standing[c as usize] != Standing::Withdrawn)
            .collect();
        Tabulation {
            kind,
            seats: self.setup.seats,
            candidates: self.names.to_vec(),
            write_in: self.write_in,
            standing,
            first_round_base: rules.first_round_determines_threshold,
            moves_surpluses: self.setup.moves_surpluses(),
            places: self.places,
            rounds: self.rounds,
            stopped,
            seat: self.setup.seat,
            percentage: match self.setup.winning {
                Winning::BottomsUpPercentage(share) => {
                    Some(ScaledDecimal::new(share.units, share.scale.saturating_sub(2)).to_string())
                }
                Winning::Majority | Winning::AllSurpluses | Winning::BottomsUp => None,
            },
        }
    }
}

/// The threshold for `votes` (RCTab's `V`) under `setup`: Droop `⌊V/(S+1)⌋ + 1` (or, with
/// `non_integer_threshold`, `V/(S+1)` truncated to `places` plus `10^-places`), Hare
/// `⌈V/S⌉`, or `V × p` for bottoms-up with a percentage (at the scale of the product).
pub fn threshold(votes: &ScaledDecimal, setup: &Setup, places: u32) -> ScaledDecimal {
    if let Winning::BottomsUpPercentage(share) = setup.winning {
        return ScaledDecimal::new(votes.units * share.units, votes.scale + share.scale);
    }
    let rules = setup.rules;
    let one = pow10(votes.scale);
    match rules.quota {
        QuotaRule::Hare => {
            let seats = u128::from(setup.seats.max(1));
            ScaledDecimal::integer(mul_div_ceil(votes.units, 1, one * seats).unwrap_or(0))
        }
        QuotaRule::Droop => {
            let divisor = one * (u128::from(setup.seats) + 1);
            let scale = if rules.non_integer_threshold {
                places
            } else {
                0
            };
            let whole = mul_div_floor(votes.units, pow10(scale), divisor).unwrap_or(0);
            ScaledDecimal::new(whole + 1, scale)
        }
    }
}
