//! Hamilton's method (largest remainder, Hare quota) with minimum and maximum restrictions.
//!
//! Without restrictions every unit gets the whole part of its quota `house × p / total`,
//! and the seats left over go to the largest fractional remainders.
//!
//! Restrictions follow the contract (§2) round by round: every unit whose quota falls
//! outside [min, max] is held at that bound and removed, the quotas of the rest are
//! recomputed on the remaining seats, until no quota falls outside; then largest
//! remainders. Each round holds, at once, the units whose `min/p` is above the round's
//! `seats left / free population` and those whose `max/p` is below it, so two sorted lists
//! walked from their ends do all rounds in O(n log n). Held units are never released, so
//! when minima and maxima bind together a unit held at its maximum in an early round stays
//! there even if the later rounds would have given it a quota inside its bounds.
//!
//! The rounds can fail: units held in the same round may take more seats than the house
//! (populations 1 and 9, house 10, A min 5, B max 6: A 5 + B 6 = 11), or every unit may end
//! held with seats still to give. The contract is silent there; `congress` then uses the
//! stable point of the iteration: the scale `λ` with `Σ clamp(λ·p_i, min_i, max_i) =
//! house` (one walk over the 2n sorted breakpoints `min_i/p_i`, `max_i/p_i`), where units
//! with `λ·p_i < min_i` are held at the minimum, those with `λ·p_i > max_i` at the maximum,
//! and the others share the remaining seats by quota `λ·p_i`. When only minima (or only
//! maxima) bind, the rounds always end at that stable point.

use super::{Problem, Solved};
use crate::error::{Error, Result};
use crate::exact::cmp_fractions;
use std::cmp::Ordering;

/// Where a unit stands at the stable point of the restricted quota iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Held at its minimum (its quota would be below it).
    AtMin,
    /// Shares the remaining seats by quota.
    Free,
    /// Held at its maximum (its quota would be above it).
    AtMax,
}

/// The stable point: each unit's standing, and the seats and population of the free units.
#[derive(Debug, Clone)]
pub struct QuotaBase {
    /// Each unit's standing, in input order.
    pub standing: Vec<Standing>,
    /// Seats shared among the free units (house minus the held seats).
    pub seats: u64,
    /// Population of the free units.
    pub population: u128,
}

impl QuotaBase {
    /// The adjusted quota `seats × p / population` of a free unit, as (numerator, denominator).
    pub fn quota(&self, population: u64) -> (u128, u128) {
        (self.seats as u128 * population as u128, self.population)
    }
}

#[derive(Debug, Clone, Copy)]
struct Event {
    /// Breakpoint value bound / population, as a fraction.
    bound: u64,
    population: u64,
    unit: usize,
    enters: bool,
}

fn event_cmp(a: &Event, b: &Event) -> Ordering {
    cmp_fractions(
        a.bound as u128,
        a.population as u128,
        b.bound as u128,
        b.population as u128,
    )
}

/// Where the restricted quota iteration ends: the contract's rounds, or their stable point
/// when the rounds overshoot the house or leave seats with no unit to take them.
pub(crate) fn quota_base(problem: &Problem) -> Result<QuotaBase> {
    match rounds(problem) {
        Some(base) => Ok(base),
        None => stable_point(problem),
    }
}

/// The contract's rounds: each round holds every free unit whose quota on the seats left
/// falls below its minimum or above its maximum; `None` when the held units take more than
/// the house, or all are held with seats left over.
fn rounds(problem: &Problem) -> Option<QuotaBase> {
    let n = problem.populations.len();
    let pops = &problem.populations;
    let (min, max) = (&problem.min, &problem.max);
    let mut standing = vec![Standing::Free; n];
    // Seats left for the free units (negative once the held units take more than the house).
    let mut seats_left = i128::from(problem.house);
    let mut population: u128 = pops.iter().map(|&p| u128::from(p)).sum();
    // Units that a minimum can hold, highest min/p first (a unit of population 0 and a
    // positive minimum compares as infinite: its quota 0 is below the minimum in round 1);
    // units that a maximum can hold, lowest max/p first.
    let mut by_min: Vec<usize> = (0..n).filter(|&i| min[i] > 0).collect();
    by_min.sort_by(|&a, &b| {
        cmp_fractions(min[b].into(), pops[b].into(), min[a].into(), pops[a].into())
    });
    let mut by_max: Vec<usize> = (0..n)
        .filter(|&i| pops[i] > 0 && max[i] < problem.house)
        .collect();
    by_max.sort_by(|&a, &b| {
        cmp_fractions(max[a].into(), pops[a].into(), max[b].into(), pops[b].into())
    });
    let (mut next_min, mut next_max) = (0, 0);
    while population > 0 && seats_left >= 0 {
        // This round's quotas are seats_left · p / population.
        let left = seats_left as u128;
        let mut held_seats: u128 = 0;
        let mut held_population: u128 = 0;
        let mut held_any = false;
        // min/p > left/population: the quota is below the minimum.
        while let Some(&i) = by_min.get(next_min) {
            let below = cmp_fractions(min[i].into(), pops[i].into(), left, population);
            if standing[i] == Standing::Free && below != Ordering::Greater {
                break;
            }
            if standing[i] == Standing::Free {
                standing[i] = Standing::AtMin;
                held_any = true;
                held_seats += u128::from(min[i]);
                held_population += u128::from(pops[i]);
            }
            next_min += 1;
        }
        // max/p < left/population: the quota is above the maximum.
        while let Some(&i) = by_max.get(next_max) {
            let above = cmp_fractions(max[i].into(), pops[i].into(), left, population);
            if standing[i] == Standing::Free && above != Ordering::Less {
                break;
            }
            if standing[i] == Standing::Free {
                standing[i] = Standing::AtMax;
                held_any = true;
                held_seats += u128::from(max[i]);
                held_population += u128::from(pops[i]);
            }
            next_max += 1;
        }
        if !held_any {
            break;
        }
        seats_left -= i128::try_from(held_seats).ok()?;
        population -= held_population;
    }
    if seats_left < 0 || (population == 0 && seats_left > 0) {
        return None;
    }
    // A free unit of population 0 has quota 0 (and its minimum is 0): it gets no seat.
    for (s, &p) in standing.iter_mut().zip(pops) {
        if p == 0 && *s == Standing::Free {
            *s = Standing::AtMin;
        }
    }
    Some(QuotaBase {
        standing,
        seats: u64::try_from(seats_left).ok()?,
        population,
    })
}

/// The stable point of the restricted quota iteration: the scale `λ` with
/// `Σ clamp(λ·p_i, min_i, max_i) = house`.
fn stable_point(problem: &Problem) -> Result<QuotaBase> {
    let n = problem.populations.len();
    let house = problem.house as u128;
    let pops = &problem.populations;
    // Without restrictions on populated units every one of them is free: λ = seats / people.
    let unrestricted =
        (0..n).all(|i| pops[i] == 0 || (problem.min[i] == 0 && problem.max[i] as u128 >= house));
    let mut events = Vec::with_capacity(if unrestricted { 0 } else { 2 * n });
    for (i, &p) in pops.iter().enumerate() {
        if !unrestricted && p > 0 && problem.max[i] > problem.min[i] {
            events.push(Event {
                bound: problem.min[i],
                population: p,
                unit: i,
                enters: true,
            });
            events.push(Event {
                bound: problem.max[i],
                population: p,
                unit: i,
                enters: false,
            });
        }
    }
    events.sort_by(event_cmp);
    // f(λ) = held + λ·free_population on each segment between breakpoints.
    let mut held: u128 = problem.min.iter().map(|&m| m as u128).sum();
    let mut free_population: u128 = 0;
    let mut solution: Option<(u128, u128)> = None;
    if unrestricted {
        let populated: u128 = pops.iter().map(|&p| p as u128).sum();
        solution = Some((house.saturating_sub(held), populated));
    } else if held >= house {
        solution = Some((0, 1));
    } else {
        let mut start = 0;
        while start < events.len() {
            let mut end = start;
            while end < events.len() && event_cmp(&events[end], &events[start]) == Ordering::Equal {
                end += 1;
            }
            let at = events[start];
            // f(at) = held + (bound/pop)·free_population ≥ house? (held < house here, as
            // f is continuous and was below the house at the previous breakpoint.)
            if at.bound as u128 * free_population >= (house - held) * at.population as u128 {
                solution = Some((house - held, free_population));
                break;
            }
            for e in &events[start..end] {
                if e.enters {
                    held -= problem.min[e.unit] as u128;
                    free_population += e.population as u128;
                } else {
                    held += problem.max[e.unit] as u128;
                    free_population -= e.population as u128;
                }
            }
            start = end;
        }
    }
    let Some((lambda_num, lambda_den)) = solution else {
        return Err(Error::input(
            "restrictions leave no way to reach the house size",
        ));
    };
    // Classify every unit at λ = lambda_num / lambda_den (den 0 only when no unit is free,
    // which happens only when the bounds alone fill the house).
    let mut standing = Vec::with_capacity(n);
    let mut held_seats: u64 = 0;
    let mut population: u128 = 0;
    for (i, &population_i) in pops.iter().enumerate() {
        let p = population_i as u128;
        let s = if p == 0 || problem.min[i] == problem.max[i] {
            Standing::AtMin
        } else if lambda_den == 0 {
            // No free unit: every populated unit is at a bound; λ·p compares as infinite.
            Standing::AtMax
        } else if lambda_num * p < problem.min[i] as u128 * lambda_den {
            Standing::AtMin
        } else if lambda_num * p > problem.max[i] as u128 * lambda_den {
            Standing::AtMax
        } else {
            Standing::Free
        };
        match s {
            Standing::AtMin => held_seats += problem.min[i],
            Standing::AtMax => held_seats += problem.max[i],
            Standing::Free => population += p,
        }
        standing.push(s);
    }
    let seats = problem
        .house
        .checked_sub(held_seats)
        .ok_or_else(|| Error::input("restrictions leave no way to reach the house size"))?;
    if population == 0 && seats > 0 {
        return Err(Error::input(
            "restrictions leave no way to reach the house size",
        ));
    }
    Ok(QuotaBase {
        standing,
        seats,
        population,
    })
}

/// Apportions by Hamilton's method with the problem's bounds.
pub(crate) fn solve(problem: &Problem) -> Result<Solved> {
    let base = quota_base(problem)?;
    let n = problem.populations.len();
    let mut seats = vec![0u64; n];
    let mut remainders: Vec<(u128, usize)> = Vec::new();
    let mut given: u64 = 0;
    for (i, seat) in seats.iter_mut().enumerate() {
        match base.standing[i] {
            Standing::AtMin => *seat = problem.min[i],
            Standing::AtMax => *seat = problem.max[i],
            Standing::Free => {
                let (num, den) = base.quota(problem.populations[i]);
                *seat = (num / den) as u64;
                given += *seat;
                remainders.push((num % den, i));
            }
        }
    }
    let leftover = (base.seats - given) as usize;
    if leftover == 0 {
        return Ok(Solved::Decided(seats));
    }
    // Largest remainders first; all remainders share the denominator `base.population`.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let cutoff = remainders[leftover - 1].0;
    let above = remainders.iter().take_while(|r| r.0 > cutoff).count();
    let at: Vec<usize> = remainders
        .iter()
        .filter(|r| r.0 == cutoff)
        .map(|r| r.1)
        .collect();
    for r in &remainders[..above] {
        seats[r.1] += 1;
    }
    let contested = (leftover - above) as u64;
    if at.len() as u64 == contested {
        for &i in &at {
            seats[i] += 1;
        }
        return Ok(Solved::Decided(seats));
    }
    let mut tied = at;
    tied.sort_unstable();
    Ok(Solved::Tied {
        base: seats,
        tied,
        contested,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apportion::{Method, Request, Unit};

    fn problem(house: u64, units: &[(u64, u64, Option<u64>)]) -> Problem {
        let request = Request {
            method: Method::Hamilton,
            house_size: house,
            units: units
                .iter()
                .enumerate()
                .map(|(i, &(p, min, max))| Unit {
                    name: format!("u{i}"),
                    population: p,
                    min_seats: min,
                    max_seats: max,
                })
                .collect(),
        };
        Problem::new(&request).unwrap()
    }

    #[test]
    fn seed_example_holds_the_two_small_departments() {
        // A4 (docs/apportionment.md §5): 1200, 850, 430, 260, 90 with floor 3 and house 29.
        let p = problem(
            29,
            &[
                (1200, 3, None),
                (850, 3, None),
                (430, 3, None),
                (260, 3, None),
                (90, 3, None),
            ],
        );
        let base = quota_base(&p).unwrap();
        use Standing::*;
        assert_eq!(base.standing, vec![Free, Free, Free, AtMin, AtMin]);
        assert_eq!((base.seats, base.population), (23, 2480));
        assert_eq!(base.quota(1200), (23 * 1200, 2480)); // 11.129…
        assert_eq!(solve(&p).unwrap(), Solved::Decided(vec![11, 8, 4, 3, 3]));
    }

    #[test]
    fn minima_and_maxima_binding_together_stay_consistent() {
        // Round one of the literal iteration would hold both units (5 + 6 = 11 > 10).
        let p = problem(10, &[(1, 5, None), (9, 0, Some(6))]);
        let base = quota_base(&p).unwrap();
        assert_eq!(base.standing, vec![Standing::AtMin, Standing::Free]);
        assert_eq!(solve(&p).unwrap(), Solved::Decided(vec![5, 5]));
        // A maximum alone: the capped unit's surplus goes to the others by quota.
        let p = problem(10, &[(8, 0, Some(4)), (1, 0, None), (1, 0, None)]);
        assert_eq!(solve(&p).unwrap(), Solved::Decided(vec![4, 3, 3]));
    }

    #[test]
    fn equal_remainders_at_the_margin_are_a_tie() {
        let p = problem(4, &[(10, 0, None), (10, 0, None), (10, 0, None)]);
        assert_eq!(
            solve(&p).unwrap(),
            Solved::Tied {
                base: vec![1, 1, 1],
                tied: vec![0, 1, 2],
                contested: 1
            }
        );
    }
}
