//! Admissibility as a problem over candidate types, and its exact search for constraints on
//! three or more attributes.
//!
//! Candidates with the same values of every constrained attribute are interchangeable for
//! the constraints: a *type*. A problem asks for how many of each type to elect (at most as
//! many as are eligible) so that `remaining` seats are filled and every bound holds. The
//! search tries the counts of each type in turn, pruning a branch as soon as a bound is
//! exceeded or can no longer be reached, and remembers the states that failed. It is exact;
//! its one limit is [`MAX_SEARCH_STATES`]: a problem that needs more states is refused with
//! an input error, never answered by a guess.

use crate::error::{Error, Result};
use std::collections::HashSet;

/// The most search states one admissibility question may visit (docs/methods.md,
/// "Constraints").
pub const MAX_SEARCH_STATES: usize = 1_000_000;

/// One bound: the winners still to elect with value `value` of attribute `dim` number from
/// `lo` to `hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The constrained attribute (0-based among the constrained ones).
    pub dim: usize,
    /// The value's id.
    pub value: u32,
    /// At least this many more.
    pub lo: u64,
    /// At most this many more.
    pub hi: u64,
}

/// An admissibility question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// How many constrained attributes.
    pub dims: usize,
    /// Seats still to fill.
    pub remaining: u64,
    /// Each type (its value per attribute) with the number of eligible candidates of it.
    pub types: Vec<(Vec<u32>, u64)>,
    /// The bounds.
    pub bounds: Vec<Bound>,
}

impl Problem {
    /// Whether the problem has a solution: by flow for one or two attributes, by the exact
    /// search beyond.
    pub fn feasible(&self) -> Result<bool> {
        if self.types.iter().map(|t| t.1).sum::<u64>() < self.remaining {
            return Ok(false);
        }
        if self.dims <= 2 {
            Ok(super::flow::feasible(self))
        } else {
            self.search()
        }
    }

    /// The exact search (any number of attributes).
    pub fn search(&self) -> Result<bool> {
        let n = self.types.len();
        let member: Vec<Vec<bool>> = self
            .types
            .iter()
            .map(|(t, _)| self.bounds.iter().map(|b| t[b.dim] == b.value).collect())
            .collect();
        // suffix[t][b]: eligible candidates of types t.. in bound b; suffix_all[t]: of any.
        let mut suffix = vec![vec![0u64; self.bounds.len()]; n + 1];
        let mut suffix_all = vec![0u64; n + 1];
        for t in (0..n).rev() {
            suffix_all[t] = suffix_all[t + 1] + self.types[t].1;
            for b in 0..self.bounds.len() {
                suffix[t][b] = suffix[t + 1][b] + if member[t][b] { self.types[t].1 } else { 0 };
            }
        }
        let mut state = Search {
            problem: self,
            member,
            suffix,
            suffix_all,
            failed: HashSet::new(),
            visited: 0,
        };
        let mut counts = vec![0u64; self.bounds.len()];
        state.dfs(0, self.remaining, &mut counts)
    }
}

struct Search<'a> {
    problem: &'a Problem,
    member: Vec<Vec<bool>>,
    suffix: Vec<Vec<u64>>,
    suffix_all: Vec<u64>,
    failed: HashSet<(usize, u64, Vec<u64>)>,
    visited: usize,
}

impl Search<'_> {
    fn dfs(&mut self, t: usize, left: u64, counts: &mut Vec<u64>) -> Result<bool> {
        let bounds = &self.problem.bounds;
        if bounds
            .iter()
            .zip(counts.iter())
            .enumerate()
            .any(|(b, (bound, &c))| c > bound.hi || c + self.suffix[t][b] < bound.lo)
            || self.suffix_all[t] < left
        {
            return Ok(false);
        }
        if t == self.problem.types.len() {
            return Ok(left == 0);
        }
        let key = (t, left, counts.clone());
        if self.failed.contains(&key) {
            return Ok(false);
        }
        self.visited += 1;
        if self.visited > MAX_SEARCH_STATES {
            return Err(Error::input(format!(
                "constraints on {} attributes: deciding whether the winners can still meet \
                 them needs more than {MAX_SEARCH_STATES} search states, the limit of the \
                 exact search; constrain at most two attributes (decided by flow, without \
                 limit) or fewer values (docs/methods.md, Constraints)",
                self.problem.dims
            ))
            .field("constraint"));
        }
        let most = self.problem.types[t].1.min(left);
        for x in (0..=most).rev() {
            for (count, &member) in counts.iter_mut().zip(&self.member[t]) {
                if member {
                    *count += x;
                }
            }
            let found = self.dfs(t + 1, left - x, counts)?;
            for (count, &member) in counts.iter_mut().zip(&self.member[t]) {
                if member {
                    *count -= x;
                }
            }
            if found {
                return Ok(true);
            }
        }
        self.failed.insert(key);
        Ok(false)
    }
}
