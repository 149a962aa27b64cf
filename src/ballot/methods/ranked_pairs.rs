//! The `ranked-pairs` counting method (Tideman, "Independence of clones as a criterion for
//! voting rules", Social Choice and Welfare 4 (1987); ties as in Zavist & Tideman, "Complete
//! independence of clones in the ranked pairs rule", SCW 6 (1989)).
//!
//! 1. `d[x][y]` = ballots ranking x strictly above y (unranked candidates rank equally below
//!    all ranked ones; see `pairwise`).
//! 2. Every pair with `d[x][y] > d[y][x]` is a majority "x over y". Majorities are taken
//!    strongest first: more winning votes `d[x][y]` first; with equal winning votes, fewer
//!    opposing votes `d[y][x]` (the larger margin) first.
//! 3. Each majority is locked in unless it would close a cycle with those already locked;
//!    then it is skipped.
//! 4. The order is read off the locked graph: first the candidates no locked majority is
//!    against, then those beaten only by them, and so on.
//!
//! Majorities of equal strength are locked together when that closes no cycle (their order
//! cannot matter then). Otherwise a tie-breaking ranking of the candidates is drawn by the
//! reproducible lot (once per count, and recorded), and equal majorities are taken in its
//! order: the majority whose winner ranks higher first; with the same winner, the one whose
//! loser ranks lower first (Zavist & Tideman). Later uses of that ranking are recorded too.
//! Candidates left equally placed across the last seat (pairwise ties are never locked) go
//! to a lot as in every method here.

use super::{pairwise, seat_order};
use crate::ballot::constraints::Admission;
use crate::ballot::ranked::{RankedProfile, RankedRules};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::MethodOutcome;
use crate::error::{Error, Result};
use serde_json::{Map, Value};

/// A majority "winner over loser" with its winning and opposing votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Majority {
    /// The candidate preferred by more ballots.
    pub winner: usize,
    /// The other candidate.
    pub loser: usize,
    /// Ballots ranking the winner above the loser.
    pub votes_for: u64,
    /// Ballots ranking the loser above the winner.
    pub votes_against: u64,
}

/// Reachability in the locked graph, one bit set per candidate.
struct Reach {
    words: usize,
    bits: Vec<u64>,
}

impl Reach {
    fn new(n: usize) -> Reach {
        let words = n.div_ceil(64).max(1);
        Reach {
            words,
            bits: vec![0; n * words],
        }
    }

    fn reaches(&self, a: usize, b: usize) -> bool {
        self.bits[a * self.words + b / 64] >> (b % 64) & 1 == 1
    }

    /// Locks `a → b` (the caller has checked that `b` does not reach `a`).
    fn lock(&mut self, a: usize, b: usize, n: usize) {
        let w = self.words;
        let mut from_b: Vec<u64> = self.bits[b * w..(b + 1) * w].to_vec();
        from_b[b / 64] |= 1 << (b % 64);
        for x in 0..n {
            if x == a || self.reaches(x, a) {
                for (dst, src) in self.bits[x * w..(x + 1) * w].iter_mut().zip(&from_b) {
                    *dst |= *src;
                }
            }
        }
    }
}

/// Counts `profile` for `seats` seats by ranked pairs (winning votes).
pub fn count(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    count_within(profile, seats, rules, ties, None)
}

/// [`count`] with the seats filled down the order under constraints (`within`; clause 8).
pub fn count_within(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
    within: Option<&Admission>,
) -> Result<MethodOutcome> {
    if seats == 0 {
        return Err(Error::input("seats must be at least 1").field("seats"));
    }
    let names = &profile.candidates;
    let d = pairwise::count(profile, rules)?;
    let n = d.size;
    let mut majorities = Vec::new();
    for x in d.active_candidates() {
        for y in d.active_candidates() {
            if d.d(x, y) > d.d(y, x) {
                majorities.push(Majority {
                    winner: x,
                    loser: y,
                    votes_for: d.d(x, y),
                    votes_against: d.d(y, x),
                });
            }
        }
    }
    let strength = |m: &Majority| (std::cmp::Reverse(m.votes_for), m.votes_against);
    majorities.sort_by_key(|m| (strength(m), m.winner, m.loser));

    let mut reach = Reach::new(n);
    let mut locked = vec![false; n * n];
    let mut taken: Vec<(Majority, bool)> = Vec::new();
    // Position of each candidate in the tie-breaking ranking, once drawn, and the rule that
    // gave it. When successive Condorcet winners fill every seat, no order of locking can
    // change who is elected, so nothing is drawn and candidate-list order is used.
    let mut tie_ranking: Option<(Vec<usize>, &str)> = None;
    let seats_open = (seats as usize).min(d.active_candidates().len());
    if condorcet_prefix(&d) >= seats_open {
        tie_ranking = Some((
            (0..n).collect(),
            "candidate-list order: the order cannot change who is elected, since successive \
             Condorcet winners fill the seats",
        ));
    }
    let mut start = 0;
    while start < majorities.len() {
        let key = strength(&majorities[start]);
        let end = start
            + majorities[start..]
                .iter()
                .take_while(|m| strength(m) == key)
                .count();
        let group = &mut majorities[start..end];
        if group.len() > 1 && !all_lockable(group, &reach, n) {
            let involved = involved_names(group, names);
            let position = match &tie_ranking {
                Some((p, rule)) => {
                    let mut order = involved.clone();
                    order.sort_by_key(|s| names.iter().position(|c| c == s).map(|c| p[c]));
                    ties.settled(
                        &format!(
                            "ranked-pairs: majorities of equal strength ({} votes for, {} against) that close a cycle",
                            group[0].votes_for, group[0].votes_against
                        ),
                        involved,
                        rule,
                        order,
                    );
                    p.clone()
                }
                None => {
                    let all: Vec<String> = d
                        .active_candidates()
                        .into_iter()
                        .map(|c| pairwise::name(names, c))
                        .collect();
                    let context = format!(
                        "ranked-pairs: tie-breaking ranking of candidates, for majorities of \
                         equal strength ({} votes for, {} against) among {}",
                        group[0].votes_for,
                        group[0].votes_against,
                        involved.join(", ")
                    );
                    let order = ties.lot(&context, &all)?;
                    let mut p = vec![usize::MAX; n];
                    for (rank, drawn) in order.iter().enumerate() {
                        if let Some(c) =
                            (0..n).find(|&c| d.active[c] && names.get(c) == Some(drawn))
                        {
                            p[c] = rank;
                        }
                    }
                    tie_ranking = Some((
                        p.clone(),
                        "tie-breaking ranking of candidates drawn by lot earlier in this count",
                    ));
                    p
                }
            };
            group.sort_by_key(|m| (position[m.winner], std::cmp::Reverse(position[m.loser])));
        }
        for m in group.iter() {
            let lock = !reach.reaches(m.loser, m.winner);
            if lock {
                reach.lock(m.winner, m.loser, n);
                locked[m.winner * n + m.loser] = true;
            }
            taken.push((*m, lock));
        }
        start = end;
    }

    let groups = locked_order(&d.active_candidates(), &locked, n);
    let (elected, passed_over) =
        seat_order::fill_seats_within("ranked-pairs", &groups, seats, names, ties, within)?;
    let mut outcome = MethodOutcome {
        elected,
        passed_over,
        valid: d.valid,
        ..MethodOutcome::default()
    };
    if d.empty > 0 {
        outcome.invalid.insert("empty".to_string(), d.empty);
    }
    outcome
        .details
        .insert("pairwise".to_string(), d.to_json(names));
    let pairs: Vec<Value> = taken
        .iter()
        .map(|(m, lock)| {
            let mut o = Map::new();
            o.insert("winner".into(), pairwise::name(names, m.winner).into());
            o.insert("loser".into(), pairwise::name(names, m.loser).into());
            o.insert("for".into(), m.votes_for.into());
            o.insert("against".into(), m.votes_against.into());
            o.insert("locked".into(), (*lock).into());
            Value::Object(o)
        })
        .collect();
    outcome
        .details
        .insert("majorities".to_string(), Value::Array(pairs));
    outcome
        .details
        .insert("order".to_string(), seat_order::groups_json(&groups, names));
    Ok(outcome)
}

/// How many candidates head every ranked-pairs order whatever the tie-breaking: the
/// Condorcet winner, then the Condorcet winner among the rest, and so on. (Such a candidate
/// is beaten only by those before it, so none of its majorities over the rest can close a
/// cycle: they are all locked.)
fn condorcet_prefix(d: &pairwise::Pairwise) -> usize {
    let mut remaining = d.active_candidates();
    let mut prefix = 0;
    while let Some(k) = (0..remaining.len()).find(|&k| {
        let x = remaining[k];
        remaining.iter().all(|&y| y == x || d.d(x, y) > d.d(y, x))
    }) {
        remaining.remove(k);
        prefix += 1;
    }
    prefix
}

/// Whether every majority in `group` can be locked, in any order, without a cycle.
fn all_lockable(group: &[Majority], reach: &Reach, n: usize) -> bool {
    let mut trial = Reach {
        words: reach.words,
        bits: reach.bits.clone(),
    };
    for m in group {
        if trial.reaches(m.loser, m.winner) {
            return false;
        }
        trial.lock(m.winner, m.loser, n);
    }
    true
}

/// The names of the candidates in some majorities, in candidate-list order.
fn involved_names(group: &[Majority], names: &[String]) -> Vec<String> {
    let mut cs: Vec<usize> = group.iter().flat_map(|m| [m.winner, m.loser]).collect();
    cs.sort_unstable();
    cs.dedup();
    cs.into_iter().map(|c| pairwise::name(names, c)).collect()
}

/// The order of the locked graph as groups, best first: each group is the set of remaining
/// candidates with no locked majority against them from a remaining candidate.
fn locked_order(candidates: &[usize], locked: &[bool], n: usize) -> Vec<Vec<usize>> {
    let mut remaining = candidates.to_vec();
    let mut groups = Vec::new();
    while !remaining.is_empty() {
        let mut top: Vec<usize> = remaining
            .iter()
            .copied()
            .filter(|&x| !remaining.iter().any(|&y| locked[y * n + x]))
            .collect();
        if top.is_empty() {
            top = remaining.clone();
        }
        remaining.retain(|c| !top.contains(c));
        groups.push(top);
    }
    groups
}
