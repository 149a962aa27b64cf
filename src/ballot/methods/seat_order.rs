//! Filling seats from a ranking that may contain ties, shared by the non-sequential methods
//! (`schulze`, `ranked-pairs`, `copeland`, `borda`, `plurality`, `block`, `approval`).
//!
//! A method hands over its order as groups of equally placed candidates, best first. Seats
//! are filled group by group. A group that fits in the seats still open is elected whole (its
//! members listed in candidate-list order; nothing is decided between them, so no lot). A
//! group larger than the seats still open straddles the last seat: none of these methods has
//! a rule of its own for that, so the open seats go by the reproducible lot
//! ([`TieBreaker::lot`]), which is recorded, and without a beacon the count stops with a tie
//! error (exit 4).

use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::CandidateIndex;
use crate::error::Result;

/// Elects up to `seats` candidates from `groups` (best first); a group straddling the last
/// seat is settled by lot.
pub fn fill_seats(
    method: &str,
    groups: &[Vec<usize>],
    seats: u32,
    names: &[String],
    ties: &mut TieBreaker,
) -> Result<Vec<CandidateIndex>> {
    let seats = seats as usize;
    let mut elected: Vec<CandidateIndex> = Vec::new();
    for group in groups {
        let open = seats.saturating_sub(elected.len());
        if open == 0 {
            break;
        }
        if group.len() <= open {
            elected.extend(group.iter().map(|&c| c as CandidateIndex));
            continue;
        }
        let first = elected.len() + 1;
        let context = if open == 1 {
            format!("{method}: tie for the last seat (seat {seats})")
        } else {
            format!("{method}: tie for the last {open} seats (seats {first} to {seats})")
        };
        let tied: Vec<String> = group
            .iter()
            .map(|&c| super::pairwise::name(names, c))
            .collect();
        let order = ties.lot(&context, &tied)?;
        let mut used = vec![false; group.len()];
        for drawn in order {
            if elected.len() == seats {
                break;
            }
            if let Some(k) = (0..group.len()).find(|&k| !used[k] && tied[k] == drawn) {
                used[k] = true;
                elected.push(group[k] as CandidateIndex);
            }
        }
        break;
    }
    Ok(elected)
}

/// Groups candidates by a score, highest first; equal scores form one group, in
/// candidate-list order.
pub fn groups_by_score<K: Ord + Copy>(
    candidates: &[usize],
    score: impl Fn(usize) -> K,
) -> Vec<Vec<usize>> {
    let mut sorted: Vec<usize> = candidates.to_vec();
    sorted.sort_by(|&a, &b| score(b).cmp(&score(a)).then(a.cmp(&b)));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for c in sorted {
        match groups.last_mut() {
            Some(g) if g.first().map(|&f| score(f)) == Some(score(c)) => g.push(c),
            _ => groups.push(vec![c]),
        }
    }
    groups
}

/// The groups as JSON lists of names, best first.
pub fn groups_json(groups: &[Vec<usize>], names: &[String]) -> serde_json::Value {
    serde_json::Value::Array(
        groups
            .iter()
            .map(|g| {
                serde_json::Value::Array(
                    g.iter()
                        .map(|&c| serde_json::Value::from(super::pairwise::name(names, c)))
                        .collect(),
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::test_support::{lots, names, no_lots};

    #[test]
    fn whole_groups_need_no_lot() {
        let mut ties = no_lots();
        let groups = vec![vec![2], vec![0, 3], vec![1]];
        let elected =
            fill_seats("m", &groups, 3, &names(&["A", "B", "C", "D"]), &mut ties).unwrap();
        assert_eq!(elected, vec![2, 0, 3]);
        assert!(ties.ties.is_empty());
    }

    #[test]
    fn straddling_group_needs_a_beacon() {
        let mut ties = no_lots();
        let groups = vec![vec![2], vec![0, 3, 1]];
        let e = fill_seats("m", &groups, 2, &names(&["A", "B", "C", "D"]), &mut ties).unwrap_err();
        assert_eq!(e.exit_code(), 4);
        let mut ties = lots("beacon");
        let elected =
            fill_seats("m", &groups, 2, &names(&["A", "B", "C", "D"]), &mut ties).unwrap();
        assert_eq!(elected.len(), 2);
        assert_eq!(elected[0], 2);
        assert!([0, 1, 3].contains(&elected[1]));
        assert_eq!(ties.ties.len(), 1);
        assert_eq!(ties.ties[0].resolved_by, "lot");
        assert_eq!(ties.ties[0].context, "m: tie for the last seat (seat 2)");
        assert_eq!(
            names(&["A", "B", "C", "D"])[elected[1] as usize],
            ties.ties[0].order[0]
        );
    }

    #[test]
    fn groups_by_score_sorts_high_first_and_keeps_list_order() {
        let scores = [5u64, 7, 5, 1];
        let g = groups_by_score(&[0, 1, 2, 3], |c| scores[c]);
        assert_eq!(g, vec![vec![1], vec![0, 2], vec![3]]);
    }
}
