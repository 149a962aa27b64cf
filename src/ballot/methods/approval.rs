//! The `approval` counting method over marks ballots (Brams & Fishburn, "Approval Voting",
//! 1978).
//!
//! Each ballot selects any number of candidates (`yes` marks plus written-in names); no
//! ballot is an overvote. The `seats` candidates with the most approvals win (for more than
//! one seat this is multi-winner approval voting, not a proportional variant). See
//! `super::selections` for marks, write-ins and ties.

use super::selections;
use crate::ballot::constraints::Admission;
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::{MarksProfile, MethodOutcome};
use crate::error::Result;

/// Counts `profile` for `seats` seats by approval voting (any number of selections).
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
    selections::count("approval", profile, seats, None, ties, within)
}
