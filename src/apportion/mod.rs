//! Apportionment: seats to units in proportion to their populations, exactly.
//!
//! Divisor methods (`jefferson`, `webster`, `huntington-hill`, `adams`, `dean`) and the
//! largest-remainder method (`hamilton`), with per-unit minimum and maximum restrictions,
//! exact tie detection and reproducible lots. All comparisons are integer
//! cross-multiplications in u128 (or wider); no floating point decides a seat.

pub mod biproportional;

use crate::error::{Error, Result};
use crate::exact::Ratio;
use crate::lot::Lot;
use serde::Serialize;

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
}

/// What an apportionment came to.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Every seat is decided.
    Decided(Allocation),
    /// A tie that only a lot can decide, and the policy was to report it.
    Tied(Tie),
}

/// Apportions `request.house_size` seats among the units.
pub fn apportion(request: &Request, ties: &TiePolicy) -> Result<Outcome> {
    let _ = (request, ties);
    Err(Error::usage("apportionment is not yet supported"))
}
