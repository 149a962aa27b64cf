//! Pairwise preference counts over an aggregated ranked profile, shared by `schulze`,
//! `ranked-pairs`, `copeland` and `borda`.
//!
//! How a ballot is read (the Debian constitution's practice, A.6(3)(2): "unranked options
//! are considered to rank equally with one another and below all ranked options"):
//! - a candidate ranked on a ballot is preferred to every candidate ranked lower and to every
//!   candidate the ballot leaves unranked; unranked candidates are preferred to nobody;
//! - candidates in one `Tied` group (a PrefLib `{a,b}`, or a named overvote in a cast-vote
//!   record) are ranked equally;
//! - a candidate written a second time is ignored after its first (highest) appearance;
//! - withdrawn candidates are passed over as if not written;
//! - an unnamed `Overvote` ends the ballot under `overvote = "exhaust"` and
//!   `"exhaust-if-multiple-continuing"` (the overvoted candidates are unknown, so all are taken
//!   as continuing), and is passed over under `"skip-rank"`;
//! - a `Skipped` rank is passed over under `skipped_ranks = "skip"`; under
//!   `"exhaust-after-two"` two consecutive skipped ranks end the ballot.
//!
//! Counting is done once per distinct ranking, never per ballot: with `L` candidates ranked,
//! each ranked candidate gets the ranking's weight in `ranked[x]`, and every ordered pair
//! (x, y) of ranked candidates with y at or above x gets it in `not_below[x][y]`; then
//! `d[x][y] = ranked[x] − not_below[x][y]`. That is O(L²) per distinct ranking instead of
//! O(C²), which is what makes truncated ballots over many candidates cheap.

use crate::ballot::ranked::{
    ranks, OvervoteRule, Rank, RankedProfile, RankedRules, RankingsSlice, SkippedRule,
};
use crate::ballot::CandidateIndex;
use crate::error::{Error, Result};
use serde_json::{Map, Value};

/// The pairwise preference counts of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairwise {
    /// Number of candidates (the matrix is `size × size`).
    pub size: usize,
    /// `prefer[x * size + y]` = ballots (by weight) ranking x strictly above y.
    pub prefer: Vec<u64>,
    /// Whether each candidate takes part (false for withdrawn candidates).
    pub active: Vec<bool>,
    /// Ballots that rank no active candidate at all (counted as invalid, `empty`).
    pub empty: u64,
    /// Ballots that rank at least one active candidate.
    pub valid: u64,
}

impl Pairwise {
    /// Ballots ranking `x` strictly above `y`.
    pub fn d(&self, x: usize, y: usize) -> u64 {
        self.prefer[x * self.size + y]
    }

    /// The active candidates, in candidate-list order.
    pub fn active_candidates(&self) -> Vec<usize> {
        (0..self.size).filter(|&c| self.active[c]).collect()
    }

    /// The matrix as JSON keyed by candidate name: `{"A": {"B": d[A][B], …}, …}`, active
    /// candidates only, in candidate-list order.
    pub fn to_json(&self, names: &[String]) -> Value {
        matrix_json(self.size, &self.active, names, |x, y| self.d(x, y))
    }
}

/// A square matrix as JSON keyed by candidate name, active candidates only, the diagonal
/// left out, in candidate-list order.
pub fn matrix_json(
    size: usize,
    active: &[bool],
    names: &[String],
    value: impl Fn(usize, usize) -> u64,
) -> Value {
    let mut rows = Map::new();
    for x in (0..size).filter(|&c| active[c]) {
        let mut row = Map::new();
        for y in (0..size).filter(|&c| active[c] && c != x) {
            row.insert(name(names, y), Value::from(value(x, y)));
        }
        rows.insert(name(names, x), Value::Object(row));
    }
    Value::Object(rows)
}

/// A candidate's name, or `#n` when the profile has fewer names than candidates.
pub fn name(names: &[String], c: usize) -> String {
    names
        .get(c)
        .cloned()
        .unwrap_or_else(|| format!("#{}", c + 1))
}

/// Reads one ranking into `(candidate, level)` pairs, best first (levels start at 0 and
/// rise by one per rank position that placed at least one new candidate).
///
/// `seen` must hold `size` entries; it is used as scratch and left all-`false`.
pub fn ranked_levels(
    ranking: &[u32],
    rules: &RankedRules,
    active: &[bool],
    seen: &mut [bool],
    out: &mut Vec<(u32, u32)>,
) -> Result<()> {
    out.clear();
    let size = active.len();
    let mut level: u32 = 0;
    let mut skipped_in_row = 0u32;
    let mut place = |c: CandidateIndex, out: &mut Vec<(u32, u32)>, level: u32| -> Result<bool> {
        let i = c as usize;
        if i >= size {
            return Err(Error::input(format!(
                "a ballot ranks candidate number {}, but there are only {size} candidates",
                i + 1
            )));
        }
        if !active[i] || seen[i] {
            return Ok(false);
        }
        seen[i] = true;
        out.push((c, level));
        Ok(true)
    };
    let mut result = Ok(());
    for rank in ranks(ranking) {
        match rank {
            Rank::Single(c) => {
                skipped_in_row = 0;
                match place(c, out, level) {
                    Ok(true) => level += 1,
                    Ok(false) => {}
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            Rank::Tied(group) => {
                skipped_in_row = 0;
                let mut placed = false;
                for c in group.candidates() {
                    match place(c, out, level) {
                        Ok(p) => placed |= p,
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
                if result.is_err() {
                    break;
                }
                if placed {
                    level += 1;
                }
            }
            Rank::Skipped => {
                skipped_in_row += 1;
                if rules.skipped_ranks == SkippedRule::ExhaustAfterTwo && skipped_in_row >= 2 {
                    break;
                }
            }
            Rank::Overvote => {
                skipped_in_row = 0;
                match rules.overvote {
                    OvervoteRule::SkipRank => {}
                    OvervoteRule::Exhaust | OvervoteRule::ExhaustIfMultipleContinuing => break,
                }
            }
        }
    }
    for &(c, _) in out.iter() {
        seen[c as usize] = false;
    }
    result
}

/// Profiles with at least this many distinct rankings are counted in two halves on two
/// threads (the sums are the same whichever way they are split).
const PARALLEL_FROM: usize = 20_000;

/// The most candidates a pairwise count takes: it keeps candidates × candidates tallies
/// (8 bytes each, a few at once: about 30 MB at this size).
pub const MAX_PAIRWISE_CANDIDATES: usize = crate::limits::MAX_RANKED_CANDIDATES;

/// Counts the pairwise preferences of `profile` under `rules` (see the module doc); an input
/// error for more than [`MAX_PAIRWISE_CANDIDATES`] candidates.
pub fn count(profile: &RankedProfile, rules: &RankedRules) -> Result<Pairwise> {
    let size = profile.candidates.len();
    if size > MAX_PAIRWISE_CANDIDATES {
        return Err(Error::input(format!(
            "{size} candidates: a pairwise count (schulze, ranked-pairs, copeland, borda) takes \
             at most {MAX_PAIRWISE_CANDIDATES}, since it keeps a tally for every pair of \
             candidates"
        ))
        .field("candidates"));
    }
    let mut active = vec![true; size];
    for &w in &profile.withdrawn {
        if let Some(a) = active.get_mut(w as usize) {
            *a = false;
        }
    }
    let ballots = &profile.ballots;
    let two_threads = ballots.len() >= PARALLEL_FROM && crate::parallel::two_cores();
    let total = if two_threads {
        let half = ballots.len() / 2;
        let (a, b) = crate::parallel::join(
            || tally(ballots.slice(0..half), rules, &active),
            || tally(ballots.slice(half..ballots.len()), rules, &active),
        );
        a?.merge(b?)?
    } else {
        tally(ballots.slice(0..ballots.len()), rules, &active)?
    };
    // Every not_below[x][y] ≤ ranked[x] ≤ total weight, which was checked not to overflow.
    let mut prefer = vec![0u64; size * size];
    for x in 0..size {
        for y in 0..size {
            if x != y {
                prefer[x * size + y] = total.ranked[x] - total.not_below[x * size + y];
            }
        }
    }
    Ok(Pairwise {
        size,
        prefer,
        active,
        empty: total.empty,
        valid: total.valid,
    })
}

/// Partial sums over some of the distinct rankings.
struct PairTally {
    /// `ranked[x]`: weight of the ballots that rank x.
    ranked: Vec<u64>,
    /// `not_below[x * size + y]`: weight of the ballots that rank x and rank y at or above x.
    not_below: Vec<u64>,
    empty: u64,
    valid: u64,
}

impl PairTally {
    fn merge(mut self, other: PairTally) -> Result<PairTally> {
        for (a, b) in self.ranked.iter_mut().zip(&other.ranked) {
            *a = add(*a, *b)?;
        }
        // Bounded by the merged `ranked`, checked just above.
        for (a, b) in self.not_below.iter_mut().zip(&other.not_below) {
            *a += *b;
        }
        self.empty = add(self.empty, other.empty)?;
        self.valid = add(self.valid, other.valid)?;
        Ok(self)
    }
}

/// The partial sums of `ballots`.
fn tally(ballots: RankingsSlice<'_>, rules: &RankedRules, active: &[bool]) -> Result<PairTally> {
    let size = active.len();
    let mut ranked = vec![0u64; size];
    let mut not_below = vec![0u64; size * size];
    let mut seen = vec![false; size];
    let mut levels: Vec<(u32, u32)> = Vec::with_capacity(size);
    let mut empty = 0u64;
    let mut valid = 0u64;
    for (ranking, w) in ballots.iter() {
        ranked_levels(ranking, rules, active, &mut seen, &mut levels)?;
        if levels.is_empty() {
            empty = add(empty, w)?;
            continue;
        }
        valid = add(valid, w)?;
        for (a, &(x, lx)) in levels.iter().enumerate() {
            let x = x as usize;
            ranked[x] = add(ranked[x], w)?;
            let row = &mut not_below[x * size..(x + 1) * size];
            for &(y, _) in &levels[..a] {
                row[y as usize] += w;
            }
            for &(y, ly) in &levels[a + 1..] {
                if ly != lx {
                    break;
                }
                row[y as usize] += w;
            }
        }
    }
    Ok(PairTally {
        ranked,
        not_below,
        empty,
        valid,
    })
}

fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b)
        .ok_or_else(|| Error::input("ballot weights add up to more than 2^64 − 1"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::ranked::RankEntry;
    use crate::ballot::test_support::{numbered, profile};

    #[test]
    fn too_many_candidates_is_an_error_before_any_matrix() {
        let p = profile(
            &numbered(MAX_PAIRWISE_CANDIDATES + 1),
            vec![(1, vec![RankEntry::Single(0)])],
        );
        let Err(e) = count(&p, &RankedRules::default()) else {
            panic!("more candidates than a pairwise count takes must be an error")
        };
        assert_eq!(e.field.as_deref(), Some("candidates"));
        let named = format!("{} candidates", MAX_PAIRWISE_CANDIDATES + 1);
        assert!(e.to_string().contains(&named), "{e}");
        let fits = profile(&numbered(3), vec![(1, vec![RankEntry::Single(0)])]);
        assert!(count(&fits, &RankedRules::default()).is_ok());
    }

    /// The straightforward O(C²)-per-ballot count, to check the fast one against.
    fn naive(p: &RankedProfile, rules: &RankedRules) -> Vec<u64> {
        let n = p.candidates.len();
        let active = vec![true; n];
        let mut seen = vec![false; n];
        let mut out = Vec::new();
        let mut d = vec![0u64; n * n];
        for (ranking, weight) in p.ballots.iter() {
            ranked_levels(ranking, rules, &active, &mut seen, &mut out).unwrap();
            let mut level = vec![u32::MAX; n];
            for &(c, l) in &out {
                level[c as usize] = l;
            }
            for x in 0..n {
                for y in 0..n {
                    if x != y && level[x] < level[y] {
                        d[x * n + y] += weight;
                    }
                }
            }
        }
        d
    }

    use RankEntry::*;

    #[test]
    fn truncated_and_tied_ballots_match_the_naive_count() {
        let p = profile(
            &numbered(5),
            vec![
                (3, vec![Single(2), Tied(vec![0, 4]), Single(1)]),
                (2, vec![Single(4)]),
                (1, vec![Tied(vec![1, 3]), Single(1), Single(0)]),
                (4, vec![]),
                (5, vec![Single(0), Skipped, Single(3)]),
            ],
        );
        let rules = RankedRules::default();
        let fast = count(&p, &rules).unwrap();
        assert_eq!(fast.prefer, naive(&p, &rules));
        assert_eq!(fast.empty, 4);
        assert_eq!(fast.valid, 11);
        // c2 above c0 on 3 ballots; c0 above c2 on 5 (c2 unranked there).
        assert_eq!(fast.d(2, 0), 3);
        assert_eq!(fast.d(0, 2), 5 + 1);
        // Tied candidates are preferred to neither.
        assert_eq!(fast.d(0, 4), 5 + 1);
        assert_eq!(fast.d(4, 0), 2);
    }

    #[test]
    fn overvote_and_skipped_rules() {
        let p = profile(
            &numbered(3),
            vec![(1, vec![Single(0), Overvote, Single(1)])],
        );
        let exhaust = count(&p, &RankedRules::default()).unwrap();
        assert_eq!(exhaust.d(1, 2), 0);
        let skip = RankedRules {
            overvote: OvervoteRule::SkipRank,
            ..RankedRules::default()
        };
        assert_eq!(count(&p, &skip).unwrap().d(1, 2), 1);
        let p = profile(
            &numbered(3),
            vec![(1, vec![Single(0), Skipped, Skipped, Single(1)])],
        );
        assert_eq!(count(&p, &RankedRules::default()).unwrap().d(1, 2), 1);
        let two = RankedRules {
            skipped_ranks: SkippedRule::ExhaustAfterTwo,
            ..RankedRules::default()
        };
        assert_eq!(count(&p, &two).unwrap().d(1, 2), 0);
    }

    #[test]
    fn withdrawn_and_repeated_candidates_are_passed_over() {
        let mut p = profile(
            &numbered(3),
            vec![(2, vec![Single(1), Single(0), Single(1), Single(2)])],
        );
        p.withdrawn = vec![1];
        let d = count(&p, &RankedRules::default()).unwrap();
        assert_eq!(d.d(0, 2), 2);
        assert_eq!(d.d(1, 0), 0);
        assert_eq!(d.active_candidates(), vec![0, 2]);
    }

    #[test]
    fn two_threads_give_the_same_counts() {
        // Enough distinct rankings to be split across two threads.
        let mut ballots = Vec::new();
        for i in 0..(PARALLEL_FROM as u32 + 5) {
            let a = i % 7;
            let b = (i / 7) % 7;
            let c = (i / 49) % 7;
            let ranking = if a == b {
                vec![Single(a), Overvote, Single(c)]
            } else {
                vec![
                    Tied(vec![a.min(b), a.max(b)]),
                    Single(c),
                    Skipped,
                    Single((c + 1) % 7),
                ]
            };
            ballots.push((u64::from(i % 5), ranking));
        }
        let p = profile(&numbered(7), ballots);
        assert!(p.ballots.len() >= PARALLEL_FROM);
        let rules = RankedRules::default();
        let fast = count(&p, &rules).unwrap();
        assert_eq!(fast.prefer, naive(&p, &rules));
        let one = tally(p.ballots.slice(0..p.ballots.len()), &rules, &[true; 7]).unwrap();
        assert_eq!(fast.valid, one.valid);
        assert_eq!(fast.empty, one.empty);
    }

    #[test]
    fn out_of_range_candidate_is_an_input_error() {
        let p = profile(&numbered(2), vec![(1, vec![Single(7)])]);
        let e = count(&p, &RankedRules::default()).unwrap_err();
        assert_eq!(e.exit_code(), 3);
    }
}
