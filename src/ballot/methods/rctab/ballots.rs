//! The ballots of a count by RCTab's rules: who holds each one, at what value, and the
//! inactive ones by why (RCTab's `Tabulator.computeTalliesForRound`).
//!
//! A ballot counts for its highest-ranked continuing candidate (the walk of
//! [`next_compact`], which applies the overvote, skipped-rank and duplicate rules in RCTab's
//! order); a ballot that ranks nobody is inactive as "no rankings", one whose walk ends is
//! inactive by the walk's reason. Ballots move only when their candidate leaves the count, so
//! they are kept in piles per candidate. Identical rankings share one entry: they always move
//! together, at the same value.

use super::log::{Destination, Inactive};
use crate::ballot::methods::ranked_common::{next_compact, Exhaustion, Next, Piles};
use crate::ballot::ranked::{RankedRules, Rankings};
use crate::ballot::CandidateIndex;
use crate::exact::{mul_div_floor, pow10};
use std::collections::BTreeMap;

/// The votes that moved in one round: (from, to) → units.
pub(super) type Moves = BTreeMap<(CandidateIndex, Destination), u128>;

/// Every ballot of a count and where it stands.
#[derive(Debug)]
pub(super) struct Ballots<'a> {
    rankings: &'a Rankings,
    rules: &'a RankedRules,
    piles: Piles,
    /// One vote in units of the count's places.
    one: u128,
    /// Each ranking's value per ballot (where surpluses move; else every ballot is worth
    /// `one`), and whether that value has passed through a winner (RCTab then writes it at
    /// the count's scale: `0.2500`, `1.0000`).
    value: Vec<u128>,
    scaled: Vec<bool>,
    /// Each candidate's votes, and whether a scaled value is among them.
    pub totals: Vec<u128>,
    pub totals_scaled: Vec<bool>,
    /// The inactive ballots by status ([`Inactive::index`]).
    pub inactive: [u128; 5],
    pub inactive_scaled: [bool; 5],
    /// The final round surplus.
    pub final_surplus: u128,
    pub final_surplus_scaled: bool,
}

/// The inactive status a walk's end gives.
fn status_of(why: Exhaustion) -> Inactive {
    match why {
        Exhaustion::End => Inactive::ExhaustedChoices,
        Exhaustion::Overvote => Inactive::Overvotes,
        Exhaustion::SkippedRanks => Inactive::SkippedRankings,
        Exhaustion::Repeated => Inactive::RepeatedRankings,
    }
}

impl<'a> Ballots<'a> {
    /// Round 1: every ballot to its first continuing preference (`available`).
    pub fn deal(
        rankings: &'a Rankings,
        candidates: usize,
        rules: &'a RankedRules,
        places: u32,
        values_move: bool,
        available: impl Fn(CandidateIndex) -> bool,
    ) -> Ballots<'a> {
        let one = pow10(places);
        let distinct = rankings.len();
        let mut ballots = Ballots {
            rankings,
            rules,
            piles: Piles {
                position: vec![0; distinct],
                piles: vec![Vec::new(); candidates],
            },
            one,
            value: if values_move {
                vec![one; distinct]
            } else {
                Vec::new()
            },
            scaled: if values_move {
                vec![false; distinct]
            } else {
                Vec::new()
            },
            totals: vec![0; candidates],
            totals_scaled: vec![false; candidates],
            inactive: [0; 5],
            inactive_scaled: [false; 5],
            final_surplus: 0,
            final_surplus_scaled: false,
        };
        for i in 0..distinct {
            let codes = rankings.ranking(i);
            let weight = u128::from(rankings.weights[i]);
            if codes.is_empty() {
                ballots.inactive[Inactive::NoRankings.index()] += weight * one;
                continue;
            }
            match next_compact(codes, 0, rules, &available) {
                Next::Candidate {
                    candidate,
                    position,
                } => {
                    ballots.piles.position[i] = position as u32;
                    ballots.piles.piles[candidate as usize].push(i as u32);
                    ballots.totals[candidate as usize] += weight * one;
                }
                Next::Exhausted(why) => ballots.inactive[status_of(why).index()] += weight * one,
            }
        }
        ballots
    }

    /// The value of one ballot of ranking `i`.
    fn value_of(&self, i: usize) -> u128 {
        self.value.get(i).copied().unwrap_or(self.one)
    }

    /// Whether ranking `i`'s value has passed through a winner.
    fn scaled_of(&self, i: usize) -> bool {
        self.scaled.get(i).copied().unwrap_or(false)
    }

    /// Moves every ballot `from` holds to its next continuing preference (`available`), at
    /// its value, or makes it inactive; `moves` records where the votes went.
    pub fn transfer(
        &mut self,
        from: CandidateIndex,
        available: impl Fn(CandidateIndex) -> bool,
        moves: &mut Moves,
    ) {
        self.totals[from as usize] = 0;
        let value = std::mem::take(&mut self.value);
        let scaled = std::mem::take(&mut self.scaled);
        let one = self.one;
        let value_of = |i: usize| value.get(i).copied().unwrap_or(one);
        let scaled_of = |i: usize| scaled.get(i).copied().unwrap_or(false);
        let (rankings, rules) = (self.rankings, self.rules);
        let (totals, totals_scaled) = (&mut self.totals, &mut self.totals_scaled);
        let (inactive, inactive_scaled) = (&mut self.inactive, &mut self.inactive_scaled);
        self.piles.transfer(
            from,
            rankings,
            rules,
            available,
            |i| value_of(i) as u64,
            |i, next| {
                let votes = u128::from(rankings.weights[i]) * value_of(i);
                let to = match next {
                    Next::Candidate { candidate, .. } => {
                        totals[candidate as usize] += votes;
                        totals_scaled[candidate as usize] |= scaled_of(i);
                        Destination::Candidate(candidate)
                    }
                    Next::Exhausted(why) => {
                        let status = status_of(why).index();
                        inactive[status] += votes;
                        inactive_scaled[status] |= scaled_of(i);
                        Destination::Exhausted
                    }
                };
                if votes > 0 {
                    *moves.entry((from, to)).or_insert(0) += votes;
                }
            },
        );
        self.value = value;
        self.scaled = scaled;
    }

    /// A winner's surplus: each of their ballots keeps `trunc_d(value × fraction)` to move on
    /// (the fraction in units of the count's places) and leaves the rest with the winner.
    /// Returns the total left with the winner.
    pub fn reduce(&mut self, winner: CandidateIndex, fraction: u128) -> u128 {
        let mut kept = 0u128;
        for &index in &self.piles.piles[winner as usize] {
            let i = index as usize;
            let x = self.value[i];
            let moving = mul_div_floor(x, fraction, self.one).unwrap_or(0);
            kept += u128::from(self.rankings.weights[i]) * (x - moving);
            self.value[i] = moving;
            self.scaled[i] = true;
        }
        kept
    }

    /// After the last seat is filled: the ballots `winner` holds stay as the final round
    /// surplus (RCTab's "Final Round Surplus" status, counted as active).
    pub fn hold_final(&mut self, winner: CandidateIndex, moves: &mut Moves) {
        let pile = std::mem::take(&mut self.piles.piles[winner as usize]);
        self.totals[winner as usize] = 0;
        let mut held = 0u128;
        for &index in &pile {
            let i = index as usize;
            held += u128::from(self.rankings.weights[i]) * self.value_of(i);
            self.final_surplus_scaled |= self.scaled_of(i);
        }
        self.final_surplus += held;
        if held > 0 {
            *moves
                .entry((winner, Destination::FinalRoundSurplus))
                .or_insert(0) += held;
        }
    }
}
