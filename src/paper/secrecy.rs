//! Printed trackers and the record: a paper's tracker must never let anyone look up how that
//! paper was marked, so the ballot lines of a record of printed papers must not carry the
//! trackers in plain text (docs/paper-ballots.md §7).
//!
//! An election's papers carry printed trackers when its ballot ids are trackers: fifteen
//! symbols of the tracker alphabet whose check symbol matches (a made-up id passes that by
//! chance once in 31 only if it already has the tracker's exact form). Detecting them from
//! the ballots, rather than from a key the committee must remember to write into the
//! election file, means a forgotten key cannot publish them.

use super::tracker::Tracker;
use crate::ballot::BallotBox;
use crate::error::{Error, Result};

/// The first ballot (its line) whose id is a printed tracker, if any.
pub fn first_printed_tracker(ballots: &BallotBox) -> Option<u64> {
    (0..ballots.roll.len())
        .find(|&i| Tracker::parse(ballots.roll.id(i).as_str()).is_ok())
        .map(|i| ballots.roll.line(i))
}

/// Refuses to write a record whose ballot lines would hold printed trackers in plain text:
/// `elect --record` calls this for every record that publishes ballot ids as they are
/// (`secrecy = "none"`).
pub fn refuse_plaintext_trackers(ballots_file: &str, ballots: &BallotBox) -> Result<()> {
    match first_printed_tracker(ballots) {
        None => Ok(()),
        Some(line) => Err(Error::input(
            "this ballot_id is a printed tracker (congress ballots print): a record that \
             published it beside the marks would let anyone holding that paper look up how it \
             was marked; a record of printed papers must hide its ballot ids: set secrecy = \
             \"commitments\" (or \"tally-only\") in the election file (docs/verification.md \
             §11)",
        )
        .file(ballots_file)
        .line(line)
        .field("ballot_id")),
    }
}
