//! The `block` counting method over marks ballots (block voting / plurality-at-large).
//!
//! Each ballot selects up to `seats` candidates (`yes` marks plus written-in names); more
//! selections than seats make the ballot invalid (`overvote`); fewer are valid, none is a
//! valid blank ballot. The `seats` candidates with the most votes win. See
//! `super::selections` for marks, write-ins and ties.

use super::selections;
use crate::ballot::constraints::Admission;
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::{MarksProfile, MethodOutcome};
use crate::error::Result;

/// Counts `profile` for `seats` seats by block voting (at most `seats` selections).
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
    selections::count("block", profile, seats, Some(seats as usize), ties, within)
}
