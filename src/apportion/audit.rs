//! The audit view of an apportionment: why the seats fell as they did.
//!
//! - Divisor methods: the interval of divisors that give exactly this result (any `d` in
//!   `[low, high]` reproduces it by `clamp(round(p/d), min, max)`; at an end a unit sits
//!   exactly on a signpost), the unit that won the last seat (the lowest divisor value
//!   among seats won above the minima) and the unit next in line (the highest among seats
//!   not won), with the population the latter would need to overtake.
//! - Hamilton: the seats and population shared by quota after the restrictions, the Hare
//!   quota, each free unit's adjusted quota, and the remainders at the margin.
//! - Every unit: its lower and upper quota (floor and ceiling of `house × p / total`),
//!   whether its seats lie within them, and whether its minimum or maximum binds.

use super::divisor::{margins, priority, Priority};
use super::hamilton::{quota_base, Standing};
use super::{Method, Problem, Request};
use crate::exact::{decimal, Ratio};
use serde::Serialize;

/// The audit view of one apportionment (always in JSON, as a table with `--explain`).
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// Divisor methods: the divisors that give this result.
    pub divisor: Option<DivisorInterval>,
    /// Hamilton: the quotas after the restrictions.
    pub hamilton: Option<HamiltonQuotas>,
    /// The unit that won the last seat given on merit (not by a minimum).
    pub last_seat: Option<Contender>,
    /// The unit next in line for a seat.
    pub next_in_line: Option<Contender>,
    /// How far apart the two are: the divisor-interval width `high − low` (divisor methods,
    /// from the ends rounded to 4 decimals) or the difference of remainders (Hamilton).
    pub margin: Option<String>,
    /// Divisor methods: the extra population the unit next in line would need to take the
    /// last seat, every other population unchanged.
    pub population_needed: Option<u64>,
    /// Per unit, in input order.
    pub units: Vec<UnitAudit>,
}

/// The closed interval of divisors (population per seat) that reproduce the result.
#[derive(Debug, Clone, Serialize)]
pub struct DivisorInterval {
    /// The smallest such divisor, rounded to 4 decimals.
    pub low: String,
    /// The largest such divisor, rounded to 4 decimals; `None` when unbounded.
    pub high: Option<String>,
    /// `low` exactly (a fraction, or `sqrt(a/b)` for Huntington-Hill).
    pub low_exact: String,
    /// `high` exactly; `None` when unbounded.
    pub high_exact: Option<String>,
}

/// Hamilton's quota base after restrictions.
#[derive(Debug, Clone, Serialize)]
pub struct HamiltonQuotas {
    /// Seats shared by quota among the units not held at a bound.
    pub seats: u64,
    /// The population of those units.
    pub population: u64,
    /// People per seat among them (population / seats), rounded to 4 decimals.
    pub hare_quota: Option<String>,
}

/// A unit at the margin and the value of its claim.
#[derive(Debug, Clone, Serialize)]
pub struct Contender {
    /// The unit's name.
    pub unit: String,
    /// Which of its seats (1-based) is at stake.
    pub seat: u64,
    /// The claim: divisor value p/s(k) (divisor methods) or remainder (Hamilton), 4 decimals.
    pub value: String,
}

/// A restriction that decided a unit's seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Binding {
    /// The unit holds its minimum and would have fewer seats without it.
    Min,
    /// The unit holds its maximum and would have more seats without it.
    Max,
}

/// Quota compliance and restrictions of one unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitAudit {
    /// Floor of the unit's quota.
    pub lower_quota: u64,
    /// Ceiling of the unit's quota.
    pub upper_quota: u64,
    /// Whether lower_quota ≤ seats ≤ upper_quota.
    pub within_quota: bool,
    /// Which restriction binds, if any.
    pub binding: Option<Binding>,
    /// Hamilton: the quota on the seats left after restrictions (4 decimals), for units not
    /// held at a bound.
    pub adjusted_quota: Option<String>,
}

/// Decimal places of every rendered audit value.
const PLACES: u32 = 4;

/// Builds the audit view of decided seats.
pub(crate) fn build(
    problem: &Problem,
    request: &Request,
    seats: &[u64],
    quotas: &[Ratio],
) -> Audit {
    let mut units: Vec<UnitAudit> = quotas
        .iter()
        .zip(seats)
        .map(|(q, &s)| {
            let lower = q.floor() as u64;
            let upper = q.ceil() as u64;
            UnitAudit {
                lower_quota: lower,
                upper_quota: upper,
                within_quota: lower <= s && s <= upper,
                binding: None,
                adjusted_quota: None,
            }
        })
        .collect();
    let mut audit = Audit {
        divisor: None,
        hamilton: None,
        last_seat: None,
        next_in_line: None,
        margin: None,
        population_needed: None,
        units: Vec::new(),
    };
    if problem.method == Method::Hamilton {
        hamilton_audit(problem, request, seats, &mut audit, &mut units);
    } else {
        divisor_audit(problem, request, seats, &mut audit, &mut units);
    }
    audit.units = units;
    audit
}

fn divisor_audit(
    problem: &Problem,
    request: &Request,
    seats: &[u64],
    audit: &mut Audit,
    units: &mut [UnitAudit],
) {
    let method = problem.method;
    let (worst, best) = margins(problem, seats);
    let low = best.map(|(p, _)| p).unwrap_or(Priority::ZERO);
    audit.divisor = Some(DivisorInterval {
        low: divisor_decimal(method, low),
        high: worst.map(|(p, _)| divisor_decimal(method, p)),
        low_exact: divisor_exact(method, low),
        high_exact: worst.map(|(p, _)| divisor_exact(method, p)),
    });
    if let Some((p, i)) = worst {
        audit.last_seat = Some(Contender {
            unit: request.units[i].name.clone(),
            seat: seats[i],
            value: divisor_decimal(method, p),
        });
    }
    if let Some((p, i)) = best {
        audit.next_in_line = Some(Contender {
            unit: request.units[i].name.clone(),
            seat: seats[i] + 1,
            value: divisor_decimal(method, p),
        });
    }
    if let (Some((w, _)), Some((_, j))) = (worst, best) {
        audit.margin = Some(divisor_gap(method, w, low));
        audit.population_needed = population_needed(method, problem.populations[j], seats[j], w);
    }
    for (i, unit) in request.units.iter().enumerate() {
        let p = problem.populations[i];
        let s = seats[i];
        if unit.min_seats > 0 && s == unit.min_seats {
            // The minimum binds when its last seat would not be won on merit.
            let forced = priority(method, p, s - 1);
            if worst.map_or(true, |(w, _)| forced < w) {
                units[i].binding = Some(Binding::Min);
            }
        }
        if unit.max_seats == Some(s) && p > 0 {
            let next = priority(method, p, s);
            if best.map_or(true, |(b, _)| next > b) {
                units[i].binding = Some(Binding::Max);
            }
        }
    }
}

fn hamilton_audit(
    problem: &Problem,
    request: &Request,
    seats: &[u64],
    audit: &mut Audit,
    units: &mut [UnitAudit],
) {
    let Ok(base) = quota_base(problem) else {
        return;
    };
    audit.hamilton = Some(HamiltonQuotas {
        seats: base.seats,
        population: base.population as u64,
        hare_quota: (base.seats > 0).then(|| decimal(base.population, base.seats as u128, PLACES)),
    });
    let mut last: Option<(u128, usize)> = None;
    let mut next: Option<(u128, usize)> = None;
    for (i, unit) in request.units.iter().enumerate() {
        match base.standing[i] {
            Standing::AtMin if unit.min_seats > 0 => units[i].binding = Some(Binding::Min),
            Standing::AtMax if unit.max_seats == Some(seats[i]) => {
                units[i].binding = Some(Binding::Max)
            }
            Standing::Free => {
                let (num, den) = base.quota(problem.populations[i]);
                units[i].adjusted_quota = Some(decimal(num, den, PLACES));
                let remainder = num % den;
                if seats[i] as u128 > num / den {
                    if last.map_or(true, |(r, _)| remainder < r) {
                        last = Some((remainder, i));
                    }
                } else if next.map_or(true, |(r, _)| remainder > r) {
                    next = Some((remainder, i));
                }
            }
            // At a bound that binds nothing (a minimum of 0, a maximum above its seats).
            Standing::AtMin | Standing::AtMax => {}
        }
    }
    let den = base.population.max(1);
    if let Some((r, i)) = last {
        audit.last_seat = Some(Contender {
            unit: request.units[i].name.clone(),
            seat: seats[i],
            value: decimal(r, den, PLACES),
        });
    }
    if let Some((r, i)) = next {
        audit.next_in_line = Some(Contender {
            unit: request.units[i].name.clone(),
            seat: seats[i] + 1,
            value: decimal(r, den, PLACES),
        });
    }
    if let (Some((a, _)), Some((b, _))) = (last, next) {
        audit.margin = Some(decimal(a.saturating_sub(b), den, PLACES));
    }
}

/// The smallest extra population that lifts a unit's claim to its next seat above `target`.
fn population_needed(method: Method, population: u64, held: u64, target: Priority) -> Option<u64> {
    if target.is_infinite() || priority(method, u64::MAX, held) <= target {
        return None;
    }
    let (mut lo, mut hi) = (population, u64::MAX);
    // Invariant: priority(lo) ≤ target < priority(hi).
    if priority(method, lo, held) > target {
        return Some(0);
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if priority(method, mid, held) > target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi - population)
}

/// A divisor value p/s(k) rounded to 4 decimals (the square root for Huntington-Hill).
fn divisor_decimal(method: Method, p: Priority) -> String {
    if p.is_infinite() {
        return "inf".to_string();
    }
    if method == Method::HuntingtonHill {
        sqrt_decimal(p.num, p.den)
    } else {
        decimal(p.num, p.den, PLACES)
    }
}

/// A divisor value exactly: `a/b`, or `sqrt(a/b)` for Huntington-Hill.
fn divisor_exact(method: Method, p: Priority) -> String {
    if p.is_infinite() {
        return "inf".to_string();
    }
    let r = Ratio::new(p.num, p.den.max(1)).to_fraction_string();
    if method == Method::HuntingtonHill {
        format!("sqrt({r})")
    } else {
        r
    }
}

/// high − low of the divisor interval, rounded to 4 decimals.
fn divisor_gap(method: Method, high: Priority, low: Priority) -> String {
    let scaled = |p: Priority| -> Option<u128> { scaled_value(method, p) };
    match (scaled(high), scaled(low)) {
        (Some(h), Some(l)) => {
            let d = h.saturating_sub(l);
            decimal(d, 10u128.pow(PLACES), PLACES)
        }
        _ => "inf".to_string(),
    }
}

/// The divisor value times 10^4, rounded half up, when it fits.
fn scaled_value(method: Method, p: Priority) -> Option<u128> {
    if p.is_infinite() {
        return None;
    }
    let scale = 10u128.pow(PLACES);
    if method == Method::HuntingtonHill {
        // floor(sqrt(x)·10^4 + 1/2) = isqrt(floor(4·x·10^8)).div_ceil(2).
        let n = p.num.checked_mul(4 * scale * scale)? / p.den;
        Some(isqrt(n).div_ceil(2))
    } else {
        let whole = p.num / p.den;
        let rem = p.num % p.den;
        let twice = rem.checked_mul(2 * scale)? / p.den;
        whole.checked_mul(scale)?.checked_add(twice.div_ceil(2))
    }
}

fn sqrt_decimal(num: u128, den: u128) -> String {
    let scale = 10u128.pow(PLACES);
    match num.checked_mul(4 * scale * scale) {
        Some(n) => {
            let v = isqrt(n / den).div_ceil(2);
            decimal(v, scale, PLACES)
        }
        None => {
            // Values above ~10^15 people per seat: whole digits suffice.
            let v = isqrt(4 * (num / den)).div_ceil(2);
            format!("{v}.0000")
        }
    }
}

/// Integer square root (floor).
fn isqrt(n: u128) -> u128 {
    if n < 2 {
        return n;
    }
    let mut x = (n as f64).sqrt() as u128;
    // Correct the floating estimate exactly.
    while x.checked_mul(x).map_or(true, |sq| sq > n) {
        x -= 1;
    }
    while (x + 1).checked_mul(x + 1).is_some_and(|sq| sq <= n) {
        x += 1;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isqrt_is_exact() {
        for n in [0u128, 1, 2, 3, 4, 15, 16, 17, 99, 100, 101] {
            let r = isqrt(n);
            assert!(r * r <= n && (r + 1) * (r + 1) > n, "{n}");
        }
        let big = (1u128 << 100) + 12345;
        let r = isqrt(big);
        assert!(r * r <= big && (r + 1) * (r + 1) > big);
        assert_eq!(isqrt(u128::MAX), u64::MAX as u128);
    }

    #[test]
    fn sqrt_decimals_round_half_up() {
        assert_eq!(sqrt_decimal(2, 1), "1.4142");
        assert_eq!(sqrt_decimal(4, 1), "2.0000");
        // √(1/8) = 0.35355… → 0.3536
        assert_eq!(sqrt_decimal(1, 8), "0.3536");
    }

    #[test]
    fn population_needed_overtakes_exactly() {
        // Jefferson: last seat won at 100/1 = 100; a unit of 150 holding 1 seat claims 75
        // for its second and needs 201 (201/2 > 100), i.e. 51 more.
        let w = priority(Method::Jefferson, 100, 0);
        assert_eq!(population_needed(Method::Jefferson, 150, 1, w), Some(51));
    }
}
