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
//!
//! With constraints ([`fill_seats_within`], clause 8), the order is walked and a candidate is
//! elected exactly when the winners so far and they can still be completed to an admissible
//! set from the candidates still to come; otherwise they are passed over, naming the
//! constraint. Equal candidates of whom the constraints admit more than one choice are a tie
//! (the lot above) even when they fit in the seats still open.

use crate::ballot::constraints::{Admission, PassedOver};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::CandidateIndex;
use crate::error::Result;

/// Groups of at most this many equal candidates are settled without a lot when only one
/// choice among them is admissible (every subset is tried); larger groups go to the lot.
const MAX_GROUP_ENUMERATED: usize = 12;

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

/// [`fill_seats`] under constraints (`within`; `None`: exactly [`fill_seats`]): the winners
/// and the candidates passed over, in the order of the walk.
pub fn fill_seats_within(
    method: &str,
    groups: &[Vec<usize>],
    seats: u32,
    names: &[String],
    ties: &mut TieBreaker,
    within: Option<&Admission>,
) -> Result<(Vec<CandidateIndex>, Vec<PassedOver>)> {
    let Some(admission) = within else {
        return Ok((fill_seats(method, groups, seats, names, ties)?, Vec::new()));
    };
    let mut walk = Walk::new(admission, seats);
    for (k, group) in groups.iter().enumerate() {
        if walk.elected.len() == walk.seats {
            break;
        }
        let later: Vec<usize> = groups[k + 1..].iter().flatten().copied().collect();
        if walk.decide(group, &later)? {
            continue;
        }
        let first = walk.elected.len() + 1;
        let context = format!(
            "{method}: tie among equal candidates that the constraints make decisive \
             (seats {first} to {seats})"
        );
        let tied: Vec<String> = group
            .iter()
            .map(|&c| super::pairwise::name(names, c))
            .collect();
        let order = ties.lot(&context, &tied)?;
        let order: Vec<usize> = order
            .iter()
            .filter_map(|drawn| tied.iter().position(|t| t == drawn).map(|k| group[k]))
            .collect();
        walk.in_order(&order, &later)?;
    }
    let elected = walk.elected.iter().map(|&c| c as CandidateIndex).collect();
    Ok((elected, walk.passed))
}

/// A constrained walk down an order: the winners so far and the candidates passed over.
pub struct Walk<'a> {
    admission: &'a Admission,
    /// The winners so far, in the order elected.
    pub elected: Vec<usize>,
    /// The candidates passed over, with the constraint that decided each.
    pub passed: Vec<PassedOver>,
    /// Candidates that are not elected in the walk but may complete the set (the unmet
    /// minimum's stand-ins: a later round's candidates).
    pub reserve: Vec<usize>,
    /// The seats to fill.
    pub seats: usize,
}

impl<'a> Walk<'a> {
    /// A walk for `seats` seats under `admission`.
    pub fn new(admission: &'a Admission, seats: u32) -> Walk<'a> {
        Walk {
            admission,
            elected: Vec::new(),
            passed: Vec::new(),
            reserve: Vec::new(),
            seats: seats as usize,
        }
    }

    /// Whether `extra` can join the winners, the candidates in `pool` still to come.
    fn fits(&self, extra: &[usize], pool: &[usize]) -> Result<bool> {
        let mut chosen = self.elected.clone();
        chosen.extend_from_slice(extra);
        let mut pool = pool.to_vec();
        pool.extend_from_slice(&self.reserve);
        self.admission.can_complete(&chosen, &pool)
    }

    /// Passes over `c`, naming the constraint that decides it.
    fn pass_over(&mut self, c: usize, pool: &[usize]) -> Result<()> {
        let mut chosen = self.elected.clone();
        chosen.push(c);
        let mut pool = pool.to_vec();
        pool.extend_from_slice(&self.reserve);
        let constraint = self.admission.blocking(&chosen, &pool)?;
        self.passed.push(PassedOver {
            name: self.admission.name(c).to_string(),
            constraint,
            stage: None,
        });
        Ok(())
    }

    /// The group's members not in `set`, then `later`.
    fn without(group: &[usize], set: &[usize], later: &[usize]) -> Vec<usize> {
        group
            .iter()
            .filter(|c| !set.contains(c))
            .chain(later)
            .copied()
            .collect()
    }

    /// Decides one group of equal candidates (`later`: the candidates after it) when the
    /// constraints leave one choice among them: elects it and passes over the rest. `false`
    /// when they leave several (a tie, for [`Walk::in_order`] after a lot or the rules).
    pub fn decide(&mut self, group: &[usize], later: &[usize]) -> Result<bool> {
        let open = self.seats - self.elected.len();
        if group.len() <= open && self.fits(group, later)? {
            self.elected.extend_from_slice(group);
            return Ok(true);
        }
        if group.len() > MAX_GROUP_ENUMERATED {
            return Ok(false);
        }
        let Some(only) = self.only_choice(group, open, later)? else {
            return Ok(false);
        };
        for &c in group {
            if !only.contains(&c) {
                self.pass_over(c, &Walk::without(group, &[c], later))?;
            }
        }
        self.elected.extend_from_slice(&only);
        Ok(true)
    }

    /// Walks `order` (a group in the order a lot or rule put it), electing each member who
    /// fits and passing over each who does not, until the seats are filled.
    pub fn in_order(&mut self, order: &[usize], later: &[usize]) -> Result<()> {
        let mut decided: Vec<usize> = Vec::new();
        for &c in order {
            if self.elected.len() == self.seats {
                break;
            }
            decided.push(c);
            let pool = Walk::without(order, &decided, later);
            if self.fits(&[c], &pool)? {
                self.elected.push(c);
            } else {
                self.pass_over(c, &pool)?;
            }
        }
        Ok(())
    }

    /// The most seats an admissible choice among `group` takes.
    pub fn most_from(&self, group: &[usize], later: &[usize]) -> Result<usize> {
        let open = self.seats - self.elected.len();
        let mut best = 0;
        for mask in 0u32..(1 << group.len().min(MAX_GROUP_ENUMERATED)) {
            let set: Vec<usize> = (0..group.len())
                .filter(|&i| mask >> i & 1 == 1)
                .map(|i| group[i])
                .collect();
            if set.len() <= open
                && set.len() > best
                && self.fits(&set, &Walk::without(group, &set, later))?
            {
                best = set.len();
            }
        }
        Ok(best)
    }

    /// The one largest admissible choice among `group` (at most `open` of them), when the
    /// admissible choices have one maximal set; `None` when they have several (a tie).
    fn only_choice(
        &self,
        group: &[usize],
        open: usize,
        later: &[usize],
    ) -> Result<Option<Vec<usize>>> {
        let g = group.len();
        let mut feasible: Vec<u32> = Vec::new();
        for mask in 0u32..(1 << g) {
            if mask.count_ones() as usize > open {
                continue;
            }
            let set: Vec<usize> = (0..g)
                .filter(|&i| mask >> i & 1 == 1)
                .map(|i| group[i])
                .collect();
            if self.fits(&set, &Walk::without(group, &set, later))? {
                feasible.push(mask);
            }
        }
        let maximal: Vec<u32> = feasible
            .iter()
            .copied()
            .filter(|&m| !feasible.iter().any(|&o| o != m && o & m == m))
            .collect();
        Ok(match maximal.as_slice() {
            [only] => Some(
                (0..g)
                    .filter(|&i| only >> i & 1 == 1)
                    .map(|i| group[i])
                    .collect(),
            ),
            _ => None,
        })
    }
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
