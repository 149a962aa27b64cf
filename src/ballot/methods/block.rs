//! The `block` counting method over marks ballots.

use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::{MarksProfile, MethodOutcome};
use crate::error::{Error, Result};

/// Counts `profile` for `seats` seats by this method.
pub fn count(profile: &MarksProfile, seats: u32, ties: &mut TieBreaker) -> Result<MethodOutcome> {
    let _ = (profile, seats, ties);
    Err(Error::usage("method block is not yet supported"))
}
