//! The preflib ballot file reader.

use crate::ballot::BallotBox;
use crate::error::{Error, Result};
use crate::input::Source;

/// Reads a preflib file; `candidates`, when given, are the election's names (must match).
pub fn read(
    source: &Source,
    candidates: Option<&[String]>,
    keep_ballots: bool,
) -> Result<BallotBox> {
    let _ = (candidates, keep_ballots);
    Err(Error::usage("the preflib ballot format is not yet supported").file(&source.name))
}
