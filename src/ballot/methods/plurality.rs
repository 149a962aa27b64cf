//! The `plurality` counting method over marks ballots (first past the post; with more than
//! one seat, single non-transferable vote: the `seats` candidates with the most votes win).
//!
//! Each ballot selects at most one candidate (one `yes`, or one written-in name); more than
//! one selection makes the ballot invalid (`overvote`); no selection is a valid blank ballot.
//! See `super::selections` for marks, write-ins and ties.

use super::selections;
use crate::ballot::constraints::Admission;
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::{MarksProfile, MethodOutcome};
use crate::error::Result;

/// Counts `profile` for `seats` seats by plurality (one selection per ballot).
pub fn count(profile: &MarksProfile, seats: u32, ties: &mut TieBreaker) -> Result<MethodOutcome> {
    count_within(profile, seats, ties, None)
}

/// [`count`] under constraints (`within`; clause 8).
pub fn count_within(
    profile: &MarksProfile,
    seats: u32,
    ties: &mut TieBreaker,
    within: Option<&Admission>,
) -> Result<MethodOutcome> {
    selections::count("plurality", profile, seats, Some(1), ties, within)
}
