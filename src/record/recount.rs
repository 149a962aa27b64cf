//! The bridge between records and counting: a [`Counter`] re-reads a record's canonical
//! `ballots.csv` under its `election.toml` and reports everything the record states about
//! the count, so writing and verifying a record run exactly the same code.

use super::files::{SeatRow, Tally};
use crate::error::Result;
use crate::lot::Lot;

/// What counting a record's ballots produced, in record form.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// Candidates, in election order.
    pub candidates: Vec<String>,
    /// Seats to fill.
    pub seats: u64,
    /// The canonical `ballots.csv` the ballots re-render to (header, then one line per
    /// ballot sorted by ballot id, each ending in LF); left empty when `canonical_is_input`.
    pub canonical: String,
    /// Whether the counter found its canonical file to be the `ballots.csv` it read, byte for
    /// byte (compared as it was rendered, so a large file is never held twice).
    pub canonical_is_input: bool,
    /// The counts for `tally.csv`.
    pub tally: Tally,
    /// One row per seat for `seats.csv`.
    pub seat_rows: Vec<SeatRow>,
    /// Every lot drawn, in order.
    pub lots: Vec<Lot>,
    /// The RFC 6962 root over the lines of `canonical`, when the counter computed it anyway
    /// (saves the verifier a second pass over a large file; it is used only when `canonical`
    /// equals the file byte for byte).
    pub root: Option<crate::merkle::Hash>,
    /// The count's full result, for `result.json` (no floating-point numbers).
    pub result: serde_json::Value,
    /// How a record of this count publishes its ballots: the election file's `secrecy`, or
    /// the default for the ballots counted.
    pub secrecy: crate::ballot::election::Secrecy,
}

impl Counted {
    /// Whether `file` is the canonical `ballots.csv` of these ballots, byte for byte.
    pub fn renders(&self, file: &[u8]) -> bool {
        self.canonical_is_input || self.canonical.as_bytes() == file
    }
}

/// What a record states in `election.json` beside its election file: its format version
/// (whose rules read `ballots.csv`), and the seats and candidates. These stand in for what
/// the election file leaves to its ballot file (BLT files name both, PrefLib files the
/// candidates), and the candidates are the list a `congress-record/2` ballot line numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Named<'a> {
    /// The record format version.
    pub format: super::files::RecordFormat,
    /// How the record publishes its ballots (without ids, `ballots.csv` is read so).
    pub secrecy: crate::ballot::election::Secrecy,
    /// Seats to fill.
    pub seats: Option<u64>,
    /// Candidates, in election order.
    pub candidates: Option<&'a [String]>,
}

impl<'a> Named<'a> {
    /// The format, seats and candidates of a record's `election.json`.
    pub fn of(info: &'a super::files::ElectionInfo) -> Named<'a> {
        Named {
            format: info.format,
            secrecy: info.secrecy,
            seats: Some(info.seats),
            candidates: Some(&info.candidates),
        }
    }
}

/// Counts a record's ballots.
pub trait Counter {
    /// Counts `ballots_csv` (the bytes of a canonical `ballots.csv`) under the election file
    /// `election_toml`, taking from `named` the seats and candidates that file does not give;
    /// errors name `ballots.csv` / `election.toml`.
    fn count(&self, election_toml: &[u8], ballots_csv: &[u8], named: Named<'_>) -> Result<Counted>;
}

pub use super::elect_counter::ElectCounter;
