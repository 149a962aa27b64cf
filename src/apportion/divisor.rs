//! Divisor (highest-averages) methods: Jefferson, Webster, Huntington-Hill, Adams, Dean.
//!
//! A unit holding `k` seats claims its next seat with the priority `population / s(k)`,
//! where `s(k)` is the method's signpost between `k` and `k + 1` seats:
//!
//! | method          | s(k)              | priority as an exact fraction         |
//! |-----------------|-------------------|---------------------------------------|
//! | jefferson       | k + 1             | p / (k + 1)                           |
//! | webster         | k + 1/2           | 2p / (2k + 1)                         |
//! | huntington-hill | √(k(k + 1))       | p² / (k(k + 1))  (squared, same order) |
//! | adams           | k                 | p / k                                 |
//! | dean            | 2k(k + 1)/(2k + 1) | p(2k + 1) / (2k(k + 1))               |
//!
//! With restrictions, `seats = clamp(round(p / d), min, max)` for one divisor `d` such that
//! the seats add up to the house (BAZI semantics): the unit gets its minimum, plus every
//! further seat (up to its maximum) whose priority exceeds `d`.
//!
//! Algorithm (O(n log n) time, O(n) memory): estimate `d` as the free population over the
//! free seats (the units not held at a bound), round every unit exactly at that `d` (a valid
//! apportionment of some house `S`), repeat while `S` is far from the house, then add the
//! seats of highest priority (or remove those of lowest) with a binary heap until the
//! house is reached. A final scan compares the worst seat won with the best seat missed:
//! if their priorities are equal, the seats are tied.

use super::{Method, Problem, Solved};
use crate::error::{Error, Result};
use crate::exact::cmp_fractions;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// A unit's claim to its next seat: the exact fraction `num / den` (`den == 0` means
/// infinite, the first seat under Adams, Huntington-Hill and Dean). For Huntington-Hill
/// it is the square of the divisor value.
#[derive(Debug, Clone, Copy)]
pub struct Priority {
    /// Numerator.
    pub num: u128,
    /// Denominator; zero for an infinite priority.
    pub den: u128,
}

impl Priority {
    /// The zero priority of a unit without population.
    pub const ZERO: Priority = Priority { num: 0, den: 1 };

    /// Whether this is the infinite priority of a first seat with signpost 0.
    pub fn is_infinite(&self) -> bool {
        self.den == 0 && self.num != 0
    }
}

impl PartialEq for Priority {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Priority {}
impl PartialOrd for Priority {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Priority {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.is_infinite(), other.is_infinite()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => cmp_fractions(self.num, self.den, other.num, other.den),
        }
    }
}

/// The priority of the seat number `held + 1` of a unit with `population` under `method`.
///
/// Exact for `population < 2^64` and `held ≤ 10^15` (the crate's house-size limit).
/// Hamilton is not a divisor method; it is given Jefferson's priority here.
pub fn priority(method: Method, population: u64, held: u64) -> Priority {
    let p = population as u128;
    let k = held as u128;
    if p == 0 {
        return Priority::ZERO;
    }
    let (num, den) = match method {
        Method::Jefferson | Method::Hamilton => (p, k + 1),
        Method::Adams => (p, k),
        Method::Webster => (2 * p, 2 * k + 1),
        Method::HuntingtonHill => (p * p, k * (k + 1)),
        Method::Dean => (p * (2 * k + 1), 2 * k * (k + 1)),
    };
    Priority { num, den }
}

/// The divisor `num / den` (population per seat) expressed in priority space: squared for
/// Huntington-Hill, itself otherwise. `num` and `den` must be below 2^64.
pub fn threshold(method: Method, num: u128, den: u128) -> Priority {
    match method {
        Method::HuntingtonHill => Priority {
            num: num * num,
            den: den * den,
        },
        Method::Hamilton | Method::Jefferson | Method::Webster | Method::Adams | Method::Dean => {
            Priority { num, den }
        }
    }
}

/// Seats a unit gets at a divisor: its minimum plus every seat whose priority exceeds
/// `threshold`, up to its maximum; also whether a bound decided it.
fn seats_at(
    method: Method,
    population: u64,
    min: u64,
    max: u64,
    divisor: (u128, u128),
    threshold: Priority,
) -> (u64, bool) {
    if population == 0 {
        return (min, true);
    }
    // The quota at this divisor is within a seat or two of the rounded value.
    let guess = (population as u128 * divisor.1 / divisor.0).min(max as u128 + 1) as u64;
    let mut k = guess.saturating_sub(1);
    while k > 0 && priority(method, population, k - 1) <= threshold {
        k -= 1;
    }
    while k <= max && priority(method, population, k) > threshold {
        k += 1;
    }
    if k < min {
        (min, true)
    } else if k > max {
        (max, true)
    } else {
        (k, false)
    }
}

/// Apportions by a divisor method with the problem's effective bounds.
pub(crate) fn solve(problem: &Problem) -> Result<Solved> {
    let method = problem.method;
    let n = problem.populations.len();
    let house = problem.house;
    let min_total: u64 = problem.min.iter().sum();
    let mut seats = problem.min.clone();
    if min_total < house {
        // Estimate the divisor, re-estimating from the units not held at a bound.
        // Rounding down loses about half a seat per unit, rounding up gains as much: aim
        // the first estimate accordingly so the heap has few seats left to move.
        let half = (n / 2) as u128;
        let aim = match method {
            Method::Jefferson => house as u128 + half,
            Method::Adams if house as u128 > 2 * half => house as u128 - half,
            Method::Adams
            | Method::Hamilton
            | Method::Webster
            | Method::HuntingtonHill
            | Method::Dean => house as u128,
        };
        let mut divisor = (problem.total_population as u128, aim);
        for _ in 0..32 {
            let t = threshold(method, divisor.0, divisor.1);
            let mut held_seats: u64 = 0;
            let mut free_population: u128 = 0;
            let mut total: u64 = 0;
            for (i, seat) in seats.iter_mut().enumerate() {
                let (s, bound) = seats_at(
                    method,
                    problem.populations[i],
                    problem.min[i],
                    problem.max[i],
                    divisor,
                    t,
                );
                *seat = s;
                total += s;
                if bound {
                    held_seats += s;
                } else {
                    free_population += problem.populations[i] as u128;
                }
            }
            if total.abs_diff(house) <= n as u64 || free_population == 0 || held_seats >= house {
                break;
            }
            let next = (free_population, (house - held_seats) as u128);
            if next == divisor {
                break;
            }
            divisor = next;
        }
        fix_up(problem, &mut seats)?;
    }
    Ok(classify(problem, seats))
}

/// Adds the seats of highest priority, or removes those of lowest, until the house is met.
fn fix_up(problem: &Problem, seats: &mut [u64]) -> Result<()> {
    let method = problem.method;
    let pops = &problem.populations;
    let total: u64 = seats.iter().sum();
    let house = problem.house;
    let infeasible = || Error::input("restrictions leave no way to reach the house size");
    if total < house {
        let mut heap: BinaryHeap<(Priority, Reverse<usize>)> = (0..seats.len())
            .filter(|&i| pops[i] > 0 && seats[i] < problem.max[i])
            .map(|i| (priority(method, pops[i], seats[i]), Reverse(i)))
            .collect();
        for _ in total..house {
            let (_, Reverse(i)) = heap.pop().ok_or_else(infeasible)?;
            seats[i] += 1;
            if seats[i] < problem.max[i] {
                heap.push((priority(method, pops[i], seats[i]), Reverse(i)));
            }
        }
    } else if total > house {
        let mut heap: BinaryHeap<Reverse<(Priority, usize)>> = (0..seats.len())
            .filter(|&i| seats[i] > problem.min[i])
            .map(|i| Reverse((priority(method, pops[i], seats[i] - 1), i)))
            .collect();
        for _ in house..total {
            let Reverse((_, i)) = heap.pop().ok_or_else(infeasible)?;
            seats[i] -= 1;
            if seats[i] > problem.min[i] {
                heap.push(Reverse((priority(method, pops[i], seats[i] - 1), i)));
            }
        }
    }
    Ok(())
}

/// A priority at the margin and the first unit holding it.
pub(crate) type Marginal = Option<(Priority, usize)>;

/// The lowest priority among seats won above the minima (the last seat) and the highest
/// among seats not won below the maxima (next in line), with the first unit holding each.
pub(crate) fn margins(problem: &Problem, seats: &[u64]) -> (Marginal, Marginal) {
    let method = problem.method;
    let mut worst_won: Marginal = None;
    let mut best_missed: Marginal = None;
    for (i, &s) in seats.iter().enumerate() {
        let p = problem.populations[i];
        if s > problem.min[i] {
            let won = priority(method, p, s - 1);
            if worst_won.map_or(true, |(w, _)| won < w) {
                worst_won = Some((won, i));
            }
        }
        if p > 0 && s < problem.max[i] {
            let missed = priority(method, p, s);
            if best_missed.map_or(true, |(b, _)| missed > b) {
                best_missed = Some((missed, i));
            }
        }
    }
    (worst_won, best_missed)
}

/// Decides whether the seats at the margin are tied.
fn classify(problem: &Problem, seats: Vec<u64>) -> Solved {
    let method = problem.method;
    let (Some((worst, _)), Some((best, _))) = margins(problem, &seats) else {
        return Solved::Decided(seats);
    };
    debug_assert!(worst >= best, "divisor apportionment out of order");
    if worst != best {
        return Solved::Decided(seats);
    }
    let mut base = seats.clone();
    let mut tied = Vec::new();
    let mut contested = 0;
    for (i, &s) in seats.iter().enumerate() {
        let p = problem.populations[i];
        if s > problem.min[i] && priority(method, p, s - 1) == worst {
            base[i] -= 1;
            contested += 1;
            tied.push(i);
        } else if p > 0 && s < problem.max[i] && priority(method, p, s) == best {
            tied.push(i);
        }
    }
    Solved::Tied {
        base,
        tied,
        contested,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apportion::{apportion, Outcome, Request, TiePolicy, Unit};

    fn run(method: Method, house: u64, pops: &[u64]) -> Vec<u64> {
        let request = Request {
            method,
            house_size: house,
            units: pops
                .iter()
                .enumerate()
                .map(|(i, &p)| Unit {
                    name: format!("u{i}"),
                    population: p,
                    min_seats: 0,
                    max_seats: None,
                })
                .collect(),
        };
        match apportion(&request, &TiePolicy::Report).unwrap() {
            Outcome::Decided(a) => a.seats,
            Outcome::Tied(t) => panic!("tie {t:?}"),
        }
    }

    #[test]
    fn priorities_follow_the_signposts() {
        // Webster: 7/(2.5) = 2.8 vs 5/(1.5) = 3.33.
        assert!(priority(Method::Webster, 7, 2) < priority(Method::Webster, 5, 1));
        // Adams' first seat is infinite.
        assert!(priority(Method::Adams, 1, 0).is_infinite());
        assert!(priority(Method::Dean, 1, 0).is_infinite());
        assert!(!priority(Method::Jefferson, 1, 0).is_infinite());
        assert_eq!(priority(Method::Jefferson, 0, 0), Priority::ZERO);
        // Huntington-Hill: 100/√2 vs 70/√0... squared compare: 100²/2 = 5000 < 80²/... (k=0 inf)
        assert!(priority(Method::HuntingtonHill, 100, 1) < priority(Method::HuntingtonHill, 71, 0));
        assert!(priority(Method::HuntingtonHill, 100, 1) > priority(Method::HuntingtonHill, 70, 1));
    }

    #[test]
    fn dhondt_textbook() {
        // Votes 100k, 80k, 30k, 20k for 8 seats: the standard D'Hondt illustration gives 4, 3, 1, 0.
        assert_eq!(
            run(Method::Jefferson, 8, &[100_000, 80_000, 30_000, 20_000]),
            vec![4, 3, 1, 0]
        );
        // Sainte-Laguë on the same: 3, 3, 1, 1.
        assert_eq!(
            run(Method::Webster, 8, &[100_000, 80_000, 30_000, 20_000]),
            vec![3, 3, 1, 1]
        );
    }

    #[test]
    fn estimate_far_off_is_fixed_by_the_heap() {
        // One giant unit capped far below its quota forces many re-estimates.
        let pops = [1_000_000, 1, 1, 1];
        let seats = run(Method::Adams, 4, &pops);
        assert_eq!(seats, vec![1, 1, 1, 1]);
    }
}
