//! A divisor method at a fixed divisor: the house is whatever the rounding gives.
//!
//! This is the literal reading M1 of the seed's rule (A4, docs/apportionment.md §5): every department
//! gets `max(3, round(r × students))` seats and the house is their sum. With the divisor
//! `d = 1/r` people per seat, `round` is the method's rounding of `students / d`: ceil
//! under Adams, half-up under Webster, floor under Jefferson, and so on.
//!
//! A quotient exactly on a signpost takes the upper value (Webster rounds 8.5 up to 9,
//! Jefferson's 9 stays 9, Dean's 4/3 becomes 2) except under Adams, whose signposts are
//! the whole numbers themselves and whose ceil(9) is 9. Restrictions clamp the result.

use super::divisor::{priority, threshold};
use super::{audit, Allocation, Method, Problem, Request, Unit, MAX_HOUSE_SIZE};
use crate::error::{Error, Result};
use crate::exact::Ratio;

/// Apportions `units` by a divisor method at the fixed divisor `divisor` (people per
/// seat); the house size of the result is the sum of the seats.
///
/// Errors: Hamilton (not a divisor method; usage error), a zero divisor, a divisor whose
/// numerator or denominator needs more than 64 bits, a house above [`MAX_HOUSE_SIZE`], and
/// every input error of [`super::apportion`].
pub fn apportion_at_divisor(method: Method, units: &[Unit], divisor: Ratio) -> Result<Allocation> {
    if method == Method::Hamilton {
        return Err(Error::usage(
            "--divisor needs a divisor method (jefferson, webster, huntington-hill, adams, dean), \
             not hamilton",
        ));
    }
    let d = divisor.reduced();
    if d.num == 0 {
        return Err(Error::usage("the divisor must be above 0").field("--divisor"));
    }
    if d.num > u64::MAX as u128 || d.den > u64::MAX as u128 {
        return Err(Error::usage(
            "the divisor needs more than 64 bits in numerator or denominator; give fewer decimals",
        )
        .field("--divisor"));
    }
    let t = threshold(method, d.num, d.den);
    let mut seats = Vec::with_capacity(units.len());
    let mut house: u64 = 0;
    for unit in units {
        let p = unit.population;
        let max = unit.max_seats.unwrap_or(u64::MAX);
        let mut k: u64 = 0;
        if p > 0 {
            // Start one below the quotient p / d and walk to the first seat not earned.
            let guess = p as u128 * d.den / d.num;
            if guess > MAX_HOUSE_SIZE as u128 {
                return Err(Error::input(format!(
                    "unit '{}' would get about {guess} seats at this divisor, expected at most \
                     {MAX_HOUSE_SIZE} in all",
                    unit.name
                )));
            }
            k = (guess as u64).saturating_sub(1);
            let earns = |k: u64| {
                let claim = priority(method, p, k);
                if method == Method::Adams {
                    claim > t
                } else {
                    claim >= t
                }
            };
            while k > 0 && !earns(k - 1) {
                k -= 1;
            }
            while k < max && earns(k) {
                k += 1;
            }
        }
        let s = k.clamp(unit.min_seats, max.max(unit.min_seats));
        seats.push(s);
        house = house
            .checked_add(s)
            .filter(|&h| h <= MAX_HOUSE_SIZE)
            .ok_or_else(|| {
                Error::input(format!(
                    "the seats at this divisor add up to more than {MAX_HOUSE_SIZE}"
                ))
            })?;
    }
    let request = Request {
        method,
        house_size: house,
        units: units.to_vec(),
    };
    let problem = Problem::new(&request)?;
    let quotas = problem.standard_quotas();
    let audit = audit::build(&problem, &request, &seats, &quotas);
    Ok(Allocation {
        method,
        house_size: house,
        total_population: problem.total_population,
        seats,
        quotas,
        ties: Vec::new(),
        lots: Vec::new(),
        audit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn departments(min: u64) -> Vec<Unit> {
        [
            ("Literature", 1200),
            ("Engineering", 850),
            ("Law", 430),
            ("Arts", 260),
            ("Music", 90),
        ]
        .iter()
        .map(|&(n, p)| Unit {
            name: n.into(),
            population: p,
            min_seats: min,
            max_seats: None,
        })
        .collect()
    }

    #[test]
    fn seed_rule_m1_readings() {
        // A4 (docs/apportionment.md §5): M1 with ceil gives 12, 9, 5, 3, 3 = 32; with half-up 12, 9, 4, 3, 3 = 31.
        let d = Ratio::integer(100);
        let ceil = apportion_at_divisor(Method::Adams, &departments(3), d).unwrap();
        assert_eq!(
            (ceil.seats.clone(), ceil.house_size),
            (vec![12, 9, 5, 3, 3], 32)
        );
        let half_up = apportion_at_divisor(Method::Webster, &departments(3), d).unwrap();
        assert_eq!(half_up.seats, vec![12, 9, 4, 3, 3]);
        assert_eq!(half_up.house_size, 31);
        let floor = apportion_at_divisor(Method::Jefferson, &departments(3), d).unwrap();
        assert_eq!(floor.seats, vec![12, 8, 4, 3, 3]);
    }

    #[test]
    fn signposts_take_the_upper_value_except_under_adams() {
        let units = vec![Unit {
            name: "A".into(),
            population: 900,
            min_seats: 0,
            max_seats: None,
        }];
        let d = Ratio::integer(100);
        // 900 / 100 = 9 exactly: Adams ceil 9, Jefferson floor 9, Webster 9.
        for (m, want) in [
            (Method::Adams, 9),
            (Method::Jefferson, 9),
            (Method::Webster, 9),
        ] {
            assert_eq!(
                apportion_at_divisor(m, &units, d).unwrap().seats,
                vec![want],
                "{m}"
            );
        }
        // 850 / 100 = 8.5: Webster's signpost, rounds up.
        let u = vec![Unit {
            population: 850,
            ..units[0].clone()
        }];
        assert_eq!(
            apportion_at_divisor(Method::Webster, &u, d).unwrap().seats,
            vec![9]
        );
        // 4/3 is Dean's signpost between 1 and 2: 400 / 300.
        let u = vec![Unit {
            population: 400,
            ..units[0].clone()
        }];
        let dean = apportion_at_divisor(Method::Dean, &u, Ratio::integer(300)).unwrap();
        assert_eq!(dean.seats, vec![2]);
    }

    #[test]
    fn rejects_hamilton_and_bad_divisors() {
        let d = Ratio::integer(100);
        assert_eq!(
            apportion_at_divisor(Method::Hamilton, &departments(0), d)
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(
            apportion_at_divisor(Method::Webster, &departments(0), Ratio::integer(0))
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(
            apportion_at_divisor(
                Method::Webster,
                &departments(0),
                Ratio::new(1, 10u128.pow(20))
            )
            .unwrap_err()
            .exit_code(),
            2
        );
    }
}
