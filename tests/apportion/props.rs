//! Properties of apportionment, checked with proptest against a naive reference: the
//! seat-by-seat highest-averages procedure and the contract's round-by-round Hamilton
//! iteration, both written here independently of the library's fast algorithms.

use congress::apportion::{
    apportion, apportion_at_divisor, Method, Outcome, Request, TiePolicy, Unit,
};
use congress::exact::cmp_fractions;
use congress::exact::Ratio;
use proptest::prelude::*;
use std::cmp::Ordering;

/// A unit's claim to its (k+1)-th seat as an exact fraction (den 0 = infinite).
fn claim(method: Method, p: u64, k: u64) -> (u128, u128) {
    let (p, k) = (p as u128, k as u128);
    match method {
        Method::Jefferson | Method::Hamilton => (p, k + 1),
        Method::Webster => (2 * p, 2 * k + 1),
        Method::Adams => (p, k),
        Method::HuntingtonHill => (p * p, k * k + k),
        Method::Dean => (p * (2 * k + 1), 2 * k * k + 2 * k),
    }
}

fn cmp_claim(a: (u128, u128), b: (u128, u128)) -> Ordering {
    match (a.1 == 0 && a.0 > 0, b.1 == 0 && b.0 > 0) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => cmp_fractions(a.0, a.1, b.0, b.1),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Reference {
    Decided(Vec<u64>),
    Tied {
        base: Vec<u64>,
        tied: Vec<String>,
        seats: u64,
    },
    Infeasible,
}

/// Seat by seat: every unit starts at its minimum; the next seat goes to the highest claim.
fn reference_divisor(method: Method, house: u64, units: &[Unit]) -> Reference {
    let first_free = matches!(
        method,
        Method::Adams | Method::HuntingtonHill | Method::Dean
    );
    let mut seats: Vec<u64> = units
        .iter()
        .map(|u| {
            if first_free && u.population > 0 && u.max_seats != Some(0) {
                u.min_seats.max(1)
            } else {
                u.min_seats
            }
        })
        .collect();
    if units
        .iter()
        .any(|u| u.max_seats.is_some_and(|m| m < u.min_seats))
    {
        return Reference::Infeasible;
    }
    let can_grow = |i: usize, s: &[u64]| {
        units[i].population > 0 && units[i].max_seats.map_or(true, |m| s[i] < m)
    };
    let start: u64 = seats.iter().sum();
    if start > house {
        return Reference::Infeasible;
    }
    let mut last_given: Option<(u128, u128)> = None;
    let mut at_last: Vec<usize> = Vec::new();
    for _ in start..house {
        let best = (0..units.len())
            .filter(|&i| can_grow(i, &seats))
            .max_by(|&a, &b| {
                cmp_claim(
                    claim(method, units[a].population, seats[a]),
                    claim(method, units[b].population, seats[b]),
                )
                .then(b.cmp(&a))
            });
        let Some(i) = best else {
            return Reference::Infeasible;
        };
        let c = claim(method, units[i].population, seats[i]);
        if last_given.map_or(true, |l| cmp_claim(l, c) != Ordering::Equal) {
            at_last.clear();
        }
        at_last.push(i);
        last_given = Some(c);
        seats[i] += 1;
    }
    // Tied when the last seat's claim equals the best claim left.
    if let Some(last) = last_given {
        let rivals: Vec<usize> = (0..units.len())
            .filter(|&i| can_grow(i, &seats))
            .filter(|&i| {
                cmp_claim(claim(method, units[i].population, seats[i]), last) == Ordering::Equal
            })
            .collect();
        if !rivals.is_empty() {
            let mut base = seats.clone();
            for &i in &at_last {
                base[i] -= 1;
            }
            let mut tied: Vec<usize> = at_last.iter().chain(&rivals).copied().collect();
            tied.sort_unstable();
            return Reference::Tied {
                base,
                tied: tied.iter().map(|&i| units[i].name.clone()).collect(),
                seats: at_last.len() as u64,
            };
        }
    }
    Reference::Decided(seats)
}

/// The contract's Hamilton: hold units whose quota falls outside [min, max] at the bound,
/// recompute the others' quotas on the remaining seats, until stable; then largest
/// remainders. `Infeasible` when the held units take more than the house or all are held
/// with seats left (where `congress` uses the rounds' stable point instead).
fn reference_hamilton(house: u64, units: &[Unit]) -> Reference {
    if units
        .iter()
        .any(|u| u.max_seats.is_some_and(|m| u.min_seats > m))
    {
        return Reference::Infeasible;
    }
    let n = units.len();
    let mut held: Vec<Option<u64>> = vec![None; n];
    loop {
        let seats_left: i128 =
            house as i128 - held.iter().flatten().map(|&s| s as i128).sum::<i128>();
        let pop: u128 = (0..n)
            .filter(|&i| held[i].is_none())
            .map(|i| units[i].population as u128)
            .sum();
        if seats_left < 0 || (pop == 0 && seats_left > 0) {
            return Reference::Infeasible;
        }
        let r = seats_left as u128;
        let mut changed = false;
        for i in 0..n {
            if held[i].is_some() {
                continue;
            }
            let q = (r * units[i].population as u128, pop.max(1));
            if q.0 < units[i].min_seats as u128 * q.1 {
                held[i] = Some(units[i].min_seats);
                changed = true;
            } else if let Some(m) = units[i].max_seats {
                if q.0 > m as u128 * q.1 {
                    held[i] = Some(m);
                    changed = true;
                }
            }
        }
        if changed {
            continue;
        }
        let mut seats: Vec<u64> = vec![0; n];
        let mut rems: Vec<(u128, usize)> = Vec::new();
        for i in 0..n {
            match held[i] {
                Some(s) => seats[i] = s,
                None => {
                    // (No free population: every free unit has population 0 and quota 0.)
                    let num = r * units[i].population as u128;
                    seats[i] = (num / pop.max(1)) as u64;
                    rems.push((num % pop.max(1), i));
                }
            }
        }
        let left = (house - seats.iter().sum::<u64>()) as usize;
        rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        if left == 0 {
            return Reference::Decided(seats);
        }
        let cut = rems[left - 1].0;
        let above: Vec<usize> = rems.iter().filter(|x| x.0 > cut).map(|x| x.1).collect();
        let mut at: Vec<usize> = rems.iter().filter(|x| x.0 == cut).map(|x| x.1).collect();
        for &i in &above {
            seats[i] += 1;
        }
        let contested = left - above.len();
        if at.len() == contested {
            for &i in &at {
                seats[i] += 1;
            }
            return Reference::Decided(seats);
        }
        at.sort_unstable();
        return Reference::Tied {
            base: seats,
            tied: at.iter().map(|&i| units[i].name.clone()).collect(),
            seats: contested as u64,
        };
    }
}

fn run(method: Method, house: u64, units: &[Unit]) -> Reference {
    let request = Request {
        method,
        house_size: house,
        units: units.to_vec(),
    };
    match apportion(&request, &TiePolicy::Report) {
        Ok(Outcome::Decided(a)) => Reference::Decided(a.seats),
        Ok(Outcome::Tied(t)) => Reference::Tied {
            base: t.base_seats,
            tied: t.units,
            seats: t.seats,
        },
        Err(e) => {
            assert_eq!(e.exit_code(), 3, "{e}");
            Reference::Infeasible
        }
    }
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(Method::ALL.to_vec())
}

fn make_units(pops: &[u64], mins: &[u64], maxes: &[Option<u64>]) -> Vec<Unit> {
    pops.iter()
        .enumerate()
        .map(|(i, &p)| Unit {
            name: format!("u{i}"),
            population: p,
            min_seats: mins.get(i).copied().unwrap_or(0),
            max_seats: maxes.get(i).copied().flatten(),
        })
        .collect()
}

/// Populations with many near-ties (small values), some huge ones and some zeros.
fn populations() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(
        prop_oneof![
            3 => 1u64..40,
            2 => 1u64..100_000,
            1 => 1u64..(1u64 << 58),
            1 => Just(0u64)
        ],
        1..9,
    )
    .prop_filter("some population", |v| v.iter().any(|&p| p > 0))
}

fn restrictions(n: usize) -> impl Strategy<Value = (Vec<u64>, Vec<Option<u64>>)> {
    (
        prop::collection::vec(prop_oneof![3 => Just(0u64), 1 => 1u64..4], n),
        prop::collection::vec(
            prop_oneof![3 => Just(None), 1 => (2u64..12).prop_map(Some)],
            n,
        ),
    )
}

fn is_tied(r: &Reference) -> bool {
    matches!(r, Reference::Tied { .. })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// The fast divisor algorithm (estimate + heap) equals the seat-by-seat procedure,
    /// ties included, with and without restrictions.
    #[test]
    fn divisor_methods_match_the_reference(
        method in method().prop_filter("divisor", |m| m.is_divisor()),
        (pops, (mins, maxes)) in populations().prop_flat_map(|p| { let n = p.len(); (Just(p), restrictions(n)) }),
        house in 0u64..60,
    ) {
        let units = make_units(&pops, &mins, &maxes);
        prop_assert_eq!(run(method, house, &units), reference_divisor(method, house, &units));
    }

    /// Hamilton equals the contract's round-by-round iteration: always when only minima (or
    /// only maxima) are given, and with both whenever the rounds end within the house.
    #[test]
    fn hamilton_matches_the_round_by_round_iteration(
        (pops, (mins, maxes)) in populations().prop_flat_map(|p| { let n = p.len(); (Just(p), restrictions(n)) }),
        house in 0u64..60,
        bounds in 0u8..3,
    ) {
        let (mins, maxes) = match bounds {
            0 => (vec![], maxes),
            1 => (mins, vec![]),
            _ => (mins, maxes),
        };
        let units = make_units(&pops, &mins, &maxes);
        let reference = reference_hamilton(house, &units);
        if bounds < 2 || reference != Reference::Infeasible {
            prop_assert_eq!(run(Method::Hamilton, house, &units), reference);
        }
    }

    /// Seats add up to the house and every restriction holds.
    #[test]
    fn seats_sum_to_the_house_within_restrictions(
        method in method(),
        (pops, (mins, maxes)) in populations().prop_flat_map(|p| { let n = p.len(); (Just(p), restrictions(n)) }),
        house in 0u64..80,
    ) {
        let units = make_units(&pops, &mins, &maxes);
        let request = Request { method, house_size: house, units: units.clone() };
        if let Ok(Outcome::Decided(a)) = apportion(&request, &TiePolicy::Lot { beacon: "b".into() }) {
            prop_assert_eq!(a.seats.iter().sum::<u64>(), house);
            for (u, &s) in units.iter().zip(&a.seats) {
                prop_assert!(s >= u.min_seats);
                prop_assert!(u.max_seats.map_or(true, |m| s <= m));
            }
        }
    }

    /// Divisor methods are house-monotone: one more seat never takes a seat away.
    #[test]
    fn divisor_methods_are_house_monotone(
        method in method().prop_filter("divisor", |m| m.is_divisor()),
        pops in populations(),
        house in 0u64..60,
    ) {
        let units = make_units(&pops, &[], &[]);
        if let (Reference::Decided(a), Reference::Decided(b)) =
            (run(method, house, &units), run(method, house + 1, &units))
        {
            prop_assert!(a.iter().zip(&b).all(|(x, y)| y >= x), "{:?} -> {:?}", a, b);
        }
    }

    /// Without restrictions Hamilton stays within quota, and the audit says so.
    #[test]
    fn hamilton_stays_within_quota(pops in populations(), house in 0u64..80) {
        let units = make_units(&pops, &[], &[]);
        let request = Request { method: Method::Hamilton, house_size: house, units };
        let Outcome::Decided(a) = apportion(&request, &TiePolicy::Lot { beacon: "q".into() }).unwrap() else {
            unreachable!("lots decide every tie")
        };
        for (i, q) in a.quotas.iter().enumerate() {
            prop_assert!(q.floor() as u64 <= a.seats[i] && a.seats[i] as u128 <= q.ceil());
            prop_assert!(a.audit.units[i].within_quota);
        }
    }

    /// The result does not depend on the order of the units (ties aside).
    #[test]
    fn independent_of_unit_order(
        method in method(),
        (pops, (mins, maxes)) in populations().prop_flat_map(|p| { let n = p.len(); (Just(p), restrictions(n)) }),
        house in 0u64..60,
        rotate in 0usize..8,
    ) {
        let units = make_units(&pops, &mins, &maxes);
        let first = run(method, house, &units);
        prop_assume!(!is_tied(&first));
        let k = rotate % units.len();
        let mut rotated = units.clone();
        rotated.rotate_left(k);
        let second = match run(method, house, &rotated) {
            Reference::Decided(mut seats) => {
                seats.rotate_right(k);
                Reference::Decided(seats)
            }
            other => other,
        };
        prop_assert_eq!(first, second);
    }

    /// Scaling every population by the same constant changes nothing.
    #[test]
    fn scaling_populations_changes_nothing(
        method in method(),
        (pops, (mins, maxes)) in populations().prop_flat_map(|p| { let n = p.len(); (Just(p), restrictions(n)) }),
        house in 0u64..60,
        factor in 2u64..1000,
    ) {
        // Keep the scaled total within u64.
        let pops: Vec<u64> = pops.iter().map(|p| p % (1 << 40)).collect();
        let units = make_units(&pops, &mins, &maxes);
        let scaled: Vec<u64> = pops.iter().map(|p| p * factor).collect();
        let scaled_units = make_units(&scaled, &mins, &maxes);
        prop_assert_eq!(run(method, house, &units), run(method, house, &scaled_units));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// A fixed divisor gives the apportionment of the house it produces (unless that house
    /// is tied, which happens when the divisor sits exactly on signposts).
    #[test]
    fn fixed_divisor_agrees_with_its_house(
        method in method().prop_filter("divisor", |m| m.is_divisor()),
        (pops, (mins, maxes)) in populations().prop_flat_map(|p| { let n = p.len(); (Just(p), restrictions(n)) }),
        num in 1u128..5_000,
        den in 1u128..50,
    ) {
        prop_assume!(pops.iter().all(|&p| p < 1 << 40));
        let units = make_units(&pops, &mins, &maxes);
        prop_assume!(units.iter().all(|u| u.max_seats.map_or(true, |m| m >= u.min_seats)));
        let fixed = apportion_at_divisor(method, &units, Ratio::new(num, den)).unwrap();
        let house = fixed.house_size;
        prop_assert_eq!(fixed.seats.iter().sum::<u64>(), house);
        match run(method, house, &units) {
            Reference::Decided(seats) => prop_assert_eq!(seats, fixed.seats),
            Reference::Tied { base, .. } => {
                prop_assert!(base.iter().zip(&fixed.seats).all(|(b, f)| f >= b && *f <= b + 1));
            }
            Reference::Infeasible => prop_assert!(false, "a fixed divisor's house is feasible"),
        }
    }
}

/// Larger cases where the divisor estimate is far off (many units held at their minimum)
/// still match the reference.
#[test]
fn far_off_estimates_match_the_reference() {
    for method in Method::ALL.into_iter().filter(|m| m.is_divisor()) {
        let mut pops: Vec<u64> = (1..=60).map(|i| i * i * 7 + 3).collect();
        pops.push(1_000_000);
        let mins: Vec<u64> = (0..61).map(|i| if i % 3 == 0 { 4 } else { 0 }).collect();
        let mut maxes: Vec<Option<u64>> = vec![None; 61];
        maxes[60] = Some(20);
        let units = make_units(&pops, &mins, &maxes);
        for house in [150, 151, 300, 999] {
            assert_eq!(
                run(method, house, &units),
                reference_divisor(method, house, &units),
                "{method} {house}"
            );
        }
    }
}
