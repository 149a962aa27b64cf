//! The `schulze` counting method (beatpath; Schulze, "A new monotonic, clone-independent,
//! reversal symmetric, and Condorcet-consistent single-winner election method", Social
//! Choice and Welfare 36 (2011), §2–§4), with winning votes as the strength of a link.
//!
//! 1. `d[x][y]` = ballots ranking x strictly above y (truncated ballots: unranked candidates
//!    rank equally below all ranked ones, as the Debian constitution A.6(3)(2) does; see
//!    `pairwise`).
//! 2. The link x→y has strength `d[x][y]` when `d[x][y] > d[y][x]`, else 0 (winning votes).
//! 3. `p[x][y]` = the strength of the strongest path from x to y, where a path is as strong
//!    as its weakest link (widest paths, Floyd–Warshall, O(C³)).
//! 4. x beats y in the Schulze order when `p[x][y] > p[y][x]`; this relation is transitive
//!    (Schulze §4.1). The winners are the candidates no one beats.
//!
//! More than one seat: the seats go down the Schulze order (first the candidates no one
//! beats, then those beaten only by these, …). This is *not* Schulze's proportional method
//! (Schulze STV), which is out of scope. A group of equally placed candidates that straddles
//! the last seat is settled by the reproducible lot (Schulze's own tie-breaking by a random
//! ballot is not used), and the lot is recorded. The Debian-specific rules (quorum, majority
//! requirements against the default option, dropping options that do not beat the default
//! option) are out of scope too.

use super::{pairwise, seat_order};
use crate::ballot::constraints::Admission;
use crate::ballot::ranked::{RankedProfile, RankedRules};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::MethodOutcome;
use crate::error::{Error, Result};

/// Counts `profile` for `seats` seats by the Schulze method (winning votes).
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
    let d = pairwise::count(profile, rules)?;
    let paths = strongest_paths(&d);
    let groups = schulze_order(&d, &paths);
    let names = &profile.candidates;
    let (elected, passed_over) =
        seat_order::fill_seats_within("schulze", &groups, seats, names, ties, within)?;
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
    outcome.details.insert(
        "strongest_paths".to_string(),
        pairwise::matrix_json(d.size, &d.active, names, |x, y| paths[x * d.size + y]),
    );
    outcome
        .details
        .insert("order".to_string(), seat_order::groups_json(&groups, names));
    Ok(outcome)
}

/// The strongest-path strengths `p[x * size + y]` (winning votes), by Floyd–Warshall.
pub fn strongest_paths(d: &pairwise::Pairwise) -> Vec<u64> {
    let n = d.size;
    let mut p = vec![0u64; n * n];
    for x in 0..n {
        for y in 0..n {
            if x != y && d.active[x] && d.active[y] && d.d(x, y) > d.d(y, x) {
                p[x * n + y] = d.d(x, y);
            }
        }
    }
    for k in 0..n {
        if !d.active[k] {
            continue;
        }
        let row_k: Vec<u64> = p[k * n..(k + 1) * n].to_vec();
        for x in 0..n {
            let p_xk = p[x * n + k];
            if x == k || p_xk == 0 {
                continue;
            }
            let row_x = &mut p[x * n..(x + 1) * n];
            for y in 0..n {
                if y == x || y == k {
                    continue;
                }
                let through_k = p_xk.min(row_k[y]);
                if through_k > row_x[y] {
                    row_x[y] = through_k;
                }
            }
        }
    }
    p
}

/// The Schulze order as groups of equally placed candidates, best first: each group is the
/// set of remaining candidates that no remaining candidate beats (`p[y][x] > p[x][y]`).
pub fn schulze_order(d: &pairwise::Pairwise, p: &[u64]) -> Vec<Vec<usize>> {
    let n = d.size;
    let mut remaining = d.active_candidates();
    let mut groups = Vec::new();
    while !remaining.is_empty() {
        let mut top: Vec<usize> = remaining
            .iter()
            .copied()
            .filter(|&x| remaining.iter().all(|&y| p[y * n + x] <= p[x * n + y]))
            .collect();
        if top.is_empty() {
            // Cannot happen (the relation is a strict partial order); keep the rest together
            // rather than loop.
            top = remaining.clone();
        }
        remaining.retain(|c| !top.contains(c));
        groups.push(top);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::test_support::{letters, profile};

    /// Schulze (2011), §3.1 example 1 (also the Wikipedia example): 45 voters, A–E;
    /// the winner is E and the order E > A > C > B > D.
    fn wikipedia() -> RankedProfile {
        let ballots: [(u64, &str); 8] = [
            (5, "ACBED"),
            (5, "ADECB"),
            (8, "BEDAC"),
            (3, "CABED"),
            (7, "CAEBD"),
            (2, "CBADE"),
            (7, "DCEBA"),
            (8, "EBADC"),
        ];
        profile(
            &["A", "B", "C", "D", "E"],
            ballots.iter().map(|&(w, s)| (w, letters(s))).collect(),
        )
    }

    #[test]
    fn strongest_paths_of_the_wikipedia_example() {
        let d = pairwise::count(&wikipedia(), &RankedRules::default()).unwrap();
        assert_eq!(d.d(0, 1), 20);
        assert_eq!(d.d(1, 0), 25);
        let p = strongest_paths(&d);
        // Published table of strongest paths (rows A–E).
        let expected = [
            [0, 28, 28, 30, 24],
            [25, 0, 28, 33, 24],
            [25, 29, 0, 29, 24],
            [25, 28, 28, 0, 24],
            [25, 28, 28, 31, 0],
        ];
        for x in 0..5 {
            for y in 0..5 {
                assert_eq!(p[x * 5 + y], expected[x][y], "p[{x}][{y}]");
            }
        }
        assert_eq!(
            schulze_order(&d, &p),
            vec![vec![4], vec![0], vec![2], vec![1], vec![3]]
        );
    }
}
