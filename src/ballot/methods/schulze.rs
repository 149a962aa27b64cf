//! The `schulze` counting method.

use crate::ballot::ranked::{RankedProfile, RankedRules};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::MethodOutcome;
use crate::error::{Error, Result};

/// Counts `profile` for `seats` seats by this method.
pub fn count(
    profile: &RankedProfile,
    seats: u32,
    rules: &RankedRules,
    ties: &mut TieBreaker,
) -> Result<MethodOutcome> {
    let _ = (profile, seats, rules, ties);
    Err(Error::usage("method schulze is not yet supported"))
}
