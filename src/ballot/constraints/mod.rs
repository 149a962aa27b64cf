//! Candidate attributes and the constraints on who is elected (clause 8: a department's
//! delegates cover its grades, and non-cadre students are at least 60% of them; docs/methods.md
//! "Constraints").
//!
//! - [`attributes`]: the candidates' attributes (`candidates_file` CSV or `[[candidate]]`
//!   tables), yes/no columns normalised to `yes`/`no`;
//! - [`Constraint`]: one `[[constraint]]` table: an attribute value with a minimum and/or a
//!   maximum number of seats, a count or an exact share of the seats;
//! - [`admission`]: whether a set of winners can still be completed to an admissible one,
//!   decided exactly ([`flow`] for one or two constrained attributes, [`search`] beyond).

pub mod admission;
pub mod attributes;
pub mod flow;
pub mod search;

use crate::exact::Ratio;

pub use admission::{Admission, PassedOver};
pub use attributes::CandidateAttributes;

/// A bound of a constraint: a number of seats, or an exact share of the seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `min = N` / `max = N`.
    Seats(u64),
    /// `min_share = "3/5"` / `max_share = …`: a fraction of the seats.
    Share(Ratio),
}

impl Limit {
    /// The limit as a minimum for `seats` seats: a share rounds up (`ceil(share × seats)`).
    pub fn as_min(self, seats: u32) -> u64 {
        match self {
            Limit::Seats(n) => n,
            Limit::Share(r) => crate::exact::mul_div_ceil(r.num, u128::from(seats), r.den)
                .unwrap_or(u128::MAX) as u64,
        }
    }

    /// The limit as a maximum for `seats` seats: a share rounds down (`floor(share × seats)`).
    pub fn as_max(self, seats: u32) -> u64 {
        match self {
            Limit::Seats(n) => n,
            Limit::Share(r) => crate::exact::mul_div_floor(r.num, u128::from(seats), r.den)
                .unwrap_or(u128::MAX) as u64,
        }
    }

    /// The limit as the election file writes it (`3` or `"3/5"`).
    pub fn written(self) -> String {
        match self {
            Limit::Seats(n) => n.to_string(),
            Limit::Share(r) => r.to_fraction_string(),
        }
    }
}

/// One `[[constraint]]`: the winners with `attribute = value` number at least `min` and at
/// most `max`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// The attribute (a column of the candidates' attributes; `cadre` for its aliases).
    pub attribute: String,
    /// The value (normalised to `yes`/`no` when the attribute is yes/no).
    pub value: String,
    /// `min` or `min_share`.
    pub min: Option<Limit>,
    /// `max` or `max_share`.
    pub max: Option<Limit>,
    /// The 1-based line of the `[[constraint]]` table in the election file.
    pub line: u64,
}

impl Constraint {
    /// The minimum number of winners with the value, for `seats` seats.
    pub fn min_seats(&self, seats: u32) -> u64 {
        self.min.map(|m| m.as_min(seats)).unwrap_or(0)
    }

    /// The maximum number of winners with the value, for `seats` seats.
    pub fn max_seats(&self, seats: u32) -> u64 {
        self.max
            .map(|m| m.as_max(seats))
            .unwrap_or(u64::from(seats))
            .min(u64::from(seats))
    }

    /// How the constraint is named in results and messages, e.g. `cadre = no: min 3/5`.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(min) = self.min {
            parts.push(format!("min {}", min.written()));
        }
        if let Some(max) = self.max {
            parts.push(format!("max {}", max.written()));
        }
        format!("{} = {}: {}", self.attribute, self.value, parts.join(", "))
    }
}

/// What a result says of one constraint (`"constraints"` in the result JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConstraintReport {
    /// The attribute.
    pub attribute: String,
    /// The value.
    pub value: String,
    /// The minimum in seats for this election.
    pub min: u64,
    /// The maximum in seats for this election.
    pub max: u64,
    /// How many of the winners have the value.
    pub elected: u64,
}
