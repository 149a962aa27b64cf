//! Ballot file readers. Each has `read(source, candidates, keep_ballots) -> Result<BallotBox>`.

pub mod blt;
pub mod preflib;
