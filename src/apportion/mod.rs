//! Apportionment: seats to units in proportion to their populations, exactly.
//!
//! Divisor methods (`jefferson`, `webster`, `huntington-hill`, `adams`, `dean`) and the
//! largest-remainder method (`hamilton`), with per-unit minimum and maximum restrictions,
//! exact tie detection and reproducible lots. All comparisons are integer
//! cross-multiplications in u128 (or wider); no floating point decides a seat.

pub mod biproportional;

use crate::digest::sha256;
use crate::error::{Error, Result};
use crate::exact::Ratio;
use crate::lot::{draw_lot, Lot};
use serde::Serialize;

pub mod audit;
pub mod divisor;
pub mod fixed;
pub mod hamilton;

pub use audit::{Audit, Binding, Contender, DivisorInterval, HamiltonQuotas, UnitAudit};
pub use fixed::apportion_at_divisor;

/// An apportionment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Largest remainder (Hamilton, Hare).
    Hamilton,
    /// Divisor method rounding down (Jefferson, D'Hondt).
    Jefferson,
    /// Divisor method rounding at the arithmetic mean (Webster, Sainte-Laguë).
    Webster,
    /// Divisor method rounding at the geometric mean (Huntington-Hill, equal proportions).
    HuntingtonHill,
    /// Divisor method rounding up (Adams, smallest divisors).
    Adams,
    /// Divisor method rounding at the harmonic mean (Dean).
    Dean,
}

impl Method {
    /// Whether the method gives every unit with a population a first seat (its divisor for
    /// no seat is 0: adams, dean, huntington-hill).
    pub fn seats_every_populated_unit(self) -> bool {
        match self {
            Method::Adams | Method::HuntingtonHill | Method::Dean => true,
            Method::Hamilton | Method::Jefferson | Method::Webster => false,
        }
    }

    /// Every method, in documentation order.
    pub const ALL: [Method; 6] = [
        Method::Hamilton,
        Method::Jefferson,
        Method::Webster,
        Method::HuntingtonHill,
        Method::Adams,
        Method::Dean,
    ];

    /// The canonical name used in output (`huntington-hill`, …).
    pub fn name(self) -> &'static str {
        match self {
            Method::Hamilton => "hamilton",
            Method::Jefferson => "jefferson",
            Method::Webster => "webster",
            Method::HuntingtonHill => "huntington-hill",
            Method::Adams => "adams",
            Method::Dean => "dean",
        }
    }

    /// Whether this is a divisor (highest-averages) method.
    pub fn is_divisor(self) -> bool {
        self != Method::Hamilton
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Method {
    type Err = Error;
    fn from_str(s: &str) -> Result<Method> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "hamilton" | "largest-remainder" | "hare" => Method::Hamilton,
            "jefferson" | "dhondt" | "d'hondt" => Method::Jefferson,
            "webster" | "sainte-lague" => Method::Webster,
            "huntington-hill" | "hill" | "equal-proportions" => Method::HuntingtonHill,
            "adams" | "smallest-divisors" => Method::Adams,
            "dean" | "harmonic-mean" => Method::Dean,
            other => {
                return Err(Error::usage(format!(
                    "unknown method '{other}', expected one of hamilton (largest-remainder, hare), \
                     jefferson (dhondt), webster (sainte-lague), huntington-hill (hill, \
                     equal-proportions), adams (smallest-divisors), dean (harmonic-mean)"
                )))
            }
        })
    }
}

/// One unit (department, state, party) to receive seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The unit's name, unique within a request.
    pub name: String,
    /// Its population (students, votes); zero is allowed.
    pub population: u64,
    /// The fewest seats it may get.
    pub min_seats: u64,
    /// The most seats it may get, if capped.
    pub max_seats: Option<u64>,
}

/// A complete apportionment problem.
#[derive(Debug, Clone)]
pub struct Request {
    /// How seats are computed.
    pub method: Method,
    /// The number of seats to hand out.
    pub house_size: u64,
    /// The units, in input order.
    pub units: Vec<Unit>,
}

/// How to settle a tie that the method itself cannot decide.
#[derive(Debug, Clone)]
pub enum TiePolicy {
    /// Report the tie as [`Outcome::Tied`].
    Report,
    /// Decide it by the reproducible lot of `crate::lot`, seeded by this beacon.
    Lot {
        /// The public beacon (the `--lot SEED` text).
        beacon: String,
    },
}

/// A tie: seats that can only be given by choosing among equally placed units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tie {
    /// Seats per unit before the tied seats are given (input order).
    pub base_seats: Vec<u64>,
    /// The names of the tied units.
    pub units: Vec<String>,
    /// How many seats the tied units compete for (fewer than `units.len()`).
    pub seats: u64,
}

/// The result of an apportionment that the rules decided (possibly by lot).
#[derive(Debug, Clone, Serialize)]
pub struct Allocation {
    /// The method used.
    pub method: Method,
    /// The number of seats handed out.
    pub house_size: u64,
    /// The sum of all populations.
    pub total_population: u64,
    /// Seats per unit, in input order.
    pub seats: Vec<u64>,
    /// Exact quota per unit: house_size × population / total_population.
    #[serde(skip)]
    pub quotas: Vec<Ratio>,
    /// Ties that a lot decided (each with its lot in `lots`).
    pub ties: Vec<Tie>,
    /// The lots drawn, in order.
    pub lots: Vec<Lot>,
    /// Why the seats fell as they did: divisor interval or Hamilton quotas, the margin at
    /// the last seat, binding restrictions and quota compliance per unit.
    pub audit: Audit,
}

/// What an apportionment came to.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // Allocation is returned once per run; boxing buys nothing.
pub enum Outcome {
    /// Every seat is decided.
    Decided(Allocation),
    /// A tie that only a lot can decide, and the policy was to report it.
    Tied(Tie),
}

/// The largest house size accepted (10^15), so every exact comparison fits in 256 bits.
pub const MAX_HOUSE_SIZE: u64 = 1_000_000_000_000_000;

/// The contest id bound into the seed of an apportionment lot.
pub const LOT_CONTEST_ID: &str = "apportion";

/// Apportions `request.house_size` seats among the units.
///
/// Errors (all input errors, exit 3) for: no units, an empty or duplicate unit name, a
/// total population of zero or above 2^64 − 1, a house above [`MAX_HOUSE_SIZE`], a unit
/// whose minimum exceeds its maximum, minima adding up to more than the house (including
/// the first seat that Adams, Huntington-Hill and Dean give every populated unit), and
/// maxima adding up to less than the house.
///
/// # Example
///
/// The seed's worked example (clause 8): departments of 1200, 850, 430, 260 and 90 students,
/// 29 seats, at least 3 each, by Webster's method (docs/plan.md, A4).
///
/// ```
/// use congress::apportion::{apportion, Method, Outcome, Request, TiePolicy, Unit};
///
/// let unit = |name: &str, population| Unit {
///     name: name.to_string(),
///     population,
///     min_seats: 3,
///     max_seats: None,
/// };
/// let request = Request {
///     method: Method::Webster,
///     house_size: 29,
///     units: vec![
///         unit("Engineering", 1200),
///         unit("Law", 850),
///         unit("Business", 430),
///         unit("Arts", 260),
///         unit("Music", 90),
///     ],
/// };
/// let Outcome::Decided(allocation) = apportion(&request, &TiePolicy::Report)? else {
///     panic!("no tie here: every seat is decided");
/// };
/// assert_eq!(allocation.seats, [11, 8, 4, 3, 3]);
/// assert_eq!(allocation.total_population, 2830);
///
/// // Two equal units and an odd house: only a lot can give the last seat.
/// let tied = Request {
///     method: Method::Webster,
///     house_size: 7,
///     units: vec![unit("A", 100), unit("B", 100)],
/// };
/// assert!(matches!(apportion(&tied, &TiePolicy::Report)?, Outcome::Tied(_)));
/// let lot = TiePolicy::Lot { beacon: "dice 31415".to_string() };
/// let Outcome::Decided(drawn) = apportion(&tied, &lot)? else { unreachable!() };
/// assert_eq!(drawn.seats.iter().sum::<u64>(), 7);
/// assert_eq!(drawn.lots.len(), 1);
/// # Ok::<(), congress::Error>(())
/// ```
pub fn apportion(request: &Request, ties: &TiePolicy) -> Result<Outcome> {
    let problem = Problem::new(request)?;
    let solved = match request.method {
        Method::Hamilton => hamilton::solve(&problem)?,
        Method::Jefferson
        | Method::Webster
        | Method::HuntingtonHill
        | Method::Adams
        | Method::Dean => divisor::solve(&problem)?,
    };
    let mut allocation_ties = Vec::new();
    let mut lots = Vec::new();
    let seats = match solved {
        Solved::Decided(seats) => seats,
        Solved::Tied {
            base,
            tied,
            contested,
        } => {
            let tie = Tie {
                base_seats: base.clone(),
                units: tied
                    .iter()
                    .map(|&i| request.units[i].name.clone())
                    .collect(),
                seats: contested,
            };
            let TiePolicy::Lot { beacon } = ties else {
                return Ok(Outcome::Tied(tie));
            };
            let root = lot_root(request);
            let lot = draw_lot(&root, LOT_CONTEST_ID, beacon, &tie.units);
            let mut seats = base;
            for winner in lot.order.iter().take(contested as usize) {
                if let Some(i) = tied
                    .iter()
                    .copied()
                    .find(|&i| request.units[i].name == *winner)
                {
                    seats[i] += 1;
                }
            }
            allocation_ties.push(tie);
            lots.push(lot);
            seats
        }
    };
    let quotas = problem.standard_quotas();
    let audit = audit::build(&problem, request, &seats, &quotas);
    Ok(Outcome::Decided(Allocation {
        method: request.method,
        house_size: request.house_size,
        total_population: problem.total_population,
        seats,
        quotas,
        ties: allocation_ties,
        lots,
        audit,
    }))
}

/// The house size `ceil(ratio × total_population)`, exactly (`--ratio 1%` of 2830 is 29).
///
/// An input error when the product exceeds [`MAX_HOUSE_SIZE`].
pub fn house_for_ratio(ratio: Ratio, total_population: u64) -> Result<u64> {
    let too_large = || {
        Error::input(format!(
            "ratio × total population is too large, expected at most {MAX_HOUSE_SIZE} seats"
        ))
    };
    let product = ratio
        .num
        .checked_mul(total_population as u128)
        .ok_or_else(too_large)?;
    let house = product.div_ceil(ratio.den.max(1));
    u64::try_from(house)
        .ok()
        .filter(|&h| h <= MAX_HOUSE_SIZE)
        .ok_or_else(too_large)
}

/// The canonical text of a request whose SHA-256 is the root of its lots.
///
/// UTF-8, `\n` line ends: first `method,house_size` (canonical method name), then one line
/// `unit,population,min,max` per unit in input order, where `max` is empty when uncapped
/// and a unit name containing a comma, a double quote, CR or LF is written in double quotes
/// with inner quotes doubled (RFC 4180).
pub fn canonical_request(request: &Request) -> String {
    let mut text = format!("{},{}\n", request.method.name(), request.house_size);
    for unit in &request.units {
        let max = unit.max_seats.map(|m| m.to_string()).unwrap_or_default();
        text.push_str(&format!(
            "{},{},{},{}\n",
            csv_field(&unit.name),
            unit.population,
            unit.min_seats,
            max
        ));
    }
    text
}

/// The lot root of a request: SHA-256 of [`canonical_request`].
pub fn lot_root(request: &Request) -> [u8; 32] {
    sha256(canonical_request(request).as_bytes())
}

/// "1 seat", "3 seats".
fn seats(n: u128) -> String {
    if n == 1 {
        "1 seat".to_string()
    } else {
        format!("{n} seats")
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// What a solver decided before lots: seats, or a tie at the margin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Solved {
    /// All seats decided.
    Decided(Vec<u64>),
    /// `contested` seats go to some of the `tied` units (indices) on top of `base`.
    Tied {
        base: Vec<u64>,
        tied: Vec<usize>,
        contested: u64,
    },
}

/// A validated request with effective bounds: zero-population units are held at their
/// minimum, uncapped units are capped at the house size, and under Adams,
/// Huntington-Hill and Dean every populated unit's minimum is at least one seat (unless
/// its maximum is zero).
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub method: Method,
    pub house: u64,
    pub populations: Vec<u64>,
    pub min: Vec<u64>,
    pub max: Vec<u64>,
    pub total_population: u64,
}

impl Problem {
    pub(crate) fn new(request: &Request) -> Result<Problem> {
        let units = &request.units;
        if units.is_empty() {
            return Err(Error::input("no units to apportion seats to"));
        }
        let house = request.house_size;
        if house > MAX_HOUSE_SIZE {
            return Err(Error::input(format!(
                "house size {house} is too large, expected at most {MAX_HOUSE_SIZE}"
            )));
        }
        let mut seen = std::collections::HashSet::with_capacity(units.len());
        let mut total: u64 = 0;
        for unit in units {
            if unit.name.trim().is_empty() {
                return Err(Error::input("a unit has an empty name, expected a name"));
            }
            if !seen.insert(unit.name.as_str()) {
                return Err(Error::input(format!(
                    "duplicate unit '{}', expected each unit once",
                    unit.name
                )));
            }
            total = total.checked_add(unit.population).ok_or_else(|| {
                Error::input("total population exceeds 18446744073709551615, expected less")
            })?;
            if let Some(max) = unit.max_seats {
                if unit.min_seats > max {
                    return Err(Error::input(format!(
                        "unit '{}': minimum {} seats > maximum {} seats",
                        unit.name, unit.min_seats, max
                    )));
                }
            }
        }
        if total == 0 {
            return Err(Error::input(
                "total population is 0, expected at least one unit with a population",
            ));
        }
        let first_seat_free = request.method.seats_every_populated_unit();
        let mut min = Vec::with_capacity(units.len());
        let mut max = Vec::with_capacity(units.len());
        let mut min_sum: u128 = 0;
        let mut user_min_sum: u128 = 0;
        let mut max_sum: u128 = 0;
        for unit in units {
            let lo = if first_seat_free && unit.population > 0 && unit.max_seats != Some(0) {
                unit.min_seats.max(1)
            } else {
                unit.min_seats
            };
            // Uncapped units are capped at the house, which no unit can exceed anyway.
            let hi = if unit.population == 0 {
                lo
            } else {
                lo.max(unit.max_seats.unwrap_or(u64::MAX).min(house))
            };
            user_min_sum += unit.min_seats as u128;
            min_sum += lo as u128;
            max_sum += hi as u128;
            min.push(lo);
            max.push(hi);
        }
        if user_min_sum > house as u128 {
            let first = units[0].min_seats;
            let message = if units.iter().all(|u| u.min_seats == first) {
                format!(
                    "infeasible minimum: {first} × {} units = {user_min_sum} > house size {house}",
                    units.len()
                )
            } else {
                format!(
                    "infeasible minimum: the minimum seats add up to {user_min_sum} > house size {house}"
                )
            };
            return Err(Error::input(format!(
                "{message} ({} too many)",
                seats(user_min_sum - house as u128)
            )));
        }
        if min_sum > house as u128 {
            let populated = units.iter().filter(|u| u.population > 0).count();
            return Err(Error::input(format!(
                "{} gives every unit with a population at least one seat: {populated} populated \
                 units need {min_sum} seats > house size {house} ({} too many); use a larger \
                 house or jefferson, webster or hamilton",
                request.method,
                seats(min_sum - house as u128)
            )));
        }
        if max_sum < house as u128 {
            return Err(Error::input(format!(
                "infeasible maximum: the maximum seats add up to {max_sum} < house size {house} \
                 ({} short; units with population 0 get only their minimum)",
                seats(house as u128 - max_sum)
            )));
        }
        Ok(Problem {
            method: request.method,
            house,
            populations: units.iter().map(|u| u.population).collect(),
            min,
            max,
            total_population: total,
        })
    }

    /// The unrestricted quota house × population / total of every unit.
    pub(crate) fn standard_quotas(&self) -> Vec<Ratio> {
        self.populations
            .iter()
            .map(|&p| {
                Ratio::new(
                    self.house as u128 * p as u128,
                    self.total_population as u128,
                )
            })
            .collect()
    }
}
