//! Who a round elects or eliminates (RCTab's `identifyWinners`, `dropUndeclaredWriteIns`,
//! `dropCandidatesBelowThreshold`, `runBatchElimination` and the regular elimination), and
//! the ties among them.

use super::decide::{Count, Decision};
use super::Winning;
use crate::ballot::methods::ranked_common::settle_tie;
use crate::ballot::ranked::Elimination;
use crate::ballot::CandidateIndex;
use crate::error::{Error, Result};
use crate::exact::ScaledDecimal;

impl Count<'_, '_> {
    /// This round's winners, or else (when the count still needs it) its eliminations.
    pub(super) fn decide(&mut self) -> Result<Decision> {
        let tallied = self.tallied();
        if tallied.is_empty() {
            return Ok(Decision::default());
        }
        let (elected, write_in_would_win) = self.elected(&tallied)?;
        if !elected.is_empty() {
            return Ok(Decision {
                elected,
                eliminated: Vec::new(),
            });
        }
        let eliminated = match (write_in_would_win, self.write_in) {
            // An undeclared write-in is never elected: where it would be, it is excluded.
            (true, Some(write_in)) => vec![(write_in, false)],
            _ if self.eliminates_now() => self.eliminated(&tallied)?,
            _ => Vec::new(),
        };
        Ok(Decision {
            elected: Vec::new(),
            eliminated,
        })
    }

    /// Whether a round without winners eliminates: while seats are open, with a
    /// percentage, or under `continue_until_two` until two remain.
    fn eliminates_now(&self) -> bool {
        let open = self.winners() < self.setup.seats as usize;
        let until_two =
            self.setup.rules.continue_until_two && self.eliminated + 2 < self.taking_part;
        let percentage = matches!(self.setup.winning, Winning::BottomsUpPercentage(_));
        open || until_two || percentage
    }

    /// The round's winners (each with whether a tie-break chose them), and whether an
    /// undeclared write-in would have been elected alone.
    fn elected(
        &mut self,
        tallied: &[CandidateIndex],
    ) -> Result<(Vec<(CandidateIndex, bool)>, bool)> {
        if self.write_in_blocks() {
            return Ok((Vec::new(), false));
        }
        let mut chosen = self.reaching(tallied);
        let rules = self.setup.rules;
        let open = (self.setup.seats as usize).saturating_sub(self.winners());
        // With a percentage every continuing candidate is elected at once (RCTab returns
        // them before its one-winner rule).
        let percentage = matches!(self.setup.winning, Winning::BottomsUpPercentage(_));
        let several = chosen.len() > 1
            && !percentage
            && (rules.one_winner_per_round || rules.first_round_determines_threshold);
        let last_two_tied = self.ties.mode.is_some()
            && self.setup.seats == 1
            && chosen.is_empty()
            && tallied.len() == 2
            && open == 1
            && tallied.iter().all(|&c| self.votes(c) >= self.minimum());
        let mut tie = false;
        if several || last_two_tied {
            let top = self.group(tallied, true);
            tie = top.len() > 1;
            let winner = if tie {
                let context = self.context(&format!("election in round {}", self.round));
                let names = self.names;
                settle_tie(&top, &self.history, false, names, &context, self.ties)?
            } else {
                top[0]
            };
            chosen = vec![winner];
        }
        let write_in_chosen = self.write_in.is_some_and(|w| chosen.contains(&w));
        chosen.retain(|&c| Some(c) != self.write_in);
        let would_win = write_in_chosen && chosen.is_empty();
        Ok((chosen.into_iter().map(|c| (c, tie)).collect(), would_win))
    }

    /// Who the round's rule elects before any tie-break: all continuing candidates when they
    /// are no more than the open seats; the top of the last `S + 1` under
    /// `first_round_determines_threshold`; everyone at or over the threshold (not in
    /// bottoms-up); with a percentage, everyone at once when all are strictly over it.
    fn reaching(&self, tallied: &[CandidateIndex]) -> Vec<CandidateIndex> {
        let threshold = self.threshold;
        if let Winning::BottomsUpPercentage(_) = self.setup.winning {
            let all_over = tallied.iter().all(|&c| self.votes(c) > threshold);
            return if all_over {
                tallied.to_vec()
            } else {
                Vec::new()
            };
        }
        let seats = self.setup.seats as usize;
        let open = seats.saturating_sub(self.winners());
        if open == 0 {
            return Vec::new();
        }
        if tallied.len() <= open {
            return tallied.to_vec();
        }
        if self.setup.rules.first_round_determines_threshold && tallied.len() == seats + 1 {
            return self.group(tallied, true);
        }
        match self.setup.winning {
            Winning::BottomsUp => Vec::new(),
            Winning::Majority | Winning::AllSurpluses | Winning::BottomsUpPercentage(_) => tallied
                .iter()
                .copied()
                .filter(|&c| self.votes(c) >= threshold)
                .collect(),
        }
    }

    /// The round's eliminations: the undeclared write-in alone (`exclude-first`), everyone
    /// under `minimum_votes`, everyone under the threshold (`cutoff_elimination`), a batch of
    /// two or more sure losers (`elimination = "batch"`), or the lowest.
    fn eliminated(&mut self, tallied: &[CandidateIndex]) -> Result<Vec<(CandidateIndex, bool)>> {
        if let (true, Some(write_in)) = (self.write_in_blocks(), self.write_in) {
            return Ok(vec![(write_in, false)]);
        }
        let untied = |cs: Vec<CandidateIndex>| cs.into_iter().map(|c| (c, false)).collect();
        let minimum = self.minimum();
        if minimum > ScaledDecimal::integer(0) {
            let below = self.below(tallied, minimum);
            let declared =
                |cs: &[CandidateIndex]| cs.iter().filter(|&&c| Some(c) != self.write_in).count();
            if !below.is_empty() && declared(&below) == declared(tallied) {
                return Err(Error::input(format!(
                    "every candidate has fewer than minimum_votes = {} votes in round {}",
                    self.setup.rules.minimum_votes, self.round
                ))
                .field("rules.minimum_votes"));
            }
            if !below.is_empty() {
                return Ok(untied(below));
            }
        }
        if self.setup.rules.cutoff_elimination {
            let below = self.below(tallied, self.threshold);
            if !below.is_empty() {
                return Ok(untied(below));
            }
        }
        if self.setup.rules.elimination == Elimination::Batch {
            let batch = self.batch(tallied);
            if batch.len() >= 2 {
                return Ok(untied(batch));
            }
        }
        let lowest = self.group(tallied, false);
        if let [only] = lowest[..] {
            return Ok(vec![(only, false)]);
        }
        let context = self.context(&format!("exclusion in round {}", self.round + 1));
        let names = self.names;
        let out = settle_tie(&lowest, &self.history, true, names, &context, self.ties)?;
        Ok(vec![(out, true)])
    }

    /// `minimum_votes` as a decimal (0: none).
    fn minimum(&self) -> ScaledDecimal {
        ScaledDecimal::integer(u128::from(self.setup.rules.minimum_votes))
    }

    /// The candidates with fewer votes than `bound`.
    fn below(&self, tallied: &[CandidateIndex], bound: ScaledDecimal) -> Vec<CandidateIndex> {
        tallied
            .iter()
            .copied()
            .filter(|&c| self.votes(c) < bound)
            .collect()
    }

    /// The candidates with the most (`top`) or fewest votes.
    fn group(&self, tallied: &[CandidateIndex], top: bool) -> Vec<CandidateIndex> {
        let totals = &self.ballots.totals;
        let values = tallied.iter().map(|&c| totals[c as usize]);
        let extreme = if top { values.max() } else { values.min() };
        tallied
            .iter()
            .copied()
            .filter(|&c| Some(totals[c as usize]) == extreme)
            .collect()
    }

    /// Batch elimination (`runBatchElimination`): going up the distinct totals with the sum
    /// of all lower totals, every candidate below a total that the sum of the totals beneath
    /// it does not reach; under `continue_until_two` never down to one candidate. In
    /// candidate order.
    fn batch(&self, tallied: &[CandidateIndex]) -> Vec<CandidateIndex> {
        let totals = &self.ballots.totals;
        let mut sorted = tallied.to_vec();
        sorted.sort_by_key(|&c| (totals[c as usize], c));
        let (mut running, mut seen) = (0u128, 0usize);
        let (mut batch, mut before) = (0usize, 0usize);
        let mut k = 0;
        while k < sorted.len() {
            let value = totals[sorted[k] as usize];
            let group = sorted[k..]
                .iter()
                .take_while(|&&c| totals[c as usize] == value)
                .count();
            if running < value && seen > batch {
                before = batch;
                batch = seen;
            }
            running += value * group as u128;
            seen += group;
            k += group;
        }
        if self.setup.rules.continue_until_two && batch + self.eliminated + 1 == self.taking_part {
            batch = before;
        }
        let mut out = sorted[..batch].to_vec();
        out.sort_unstable();
        out
    }

    /// A tie's context, with the seat of a `sequential-irv` pass.
    fn context(&self, what: &str) -> String {
        match self.setup.seat {
            Some(seat) => format!("seat {seat}: {what}"),
            None => what.to_string(),
        }
    }
}
