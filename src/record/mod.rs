//! Verifiable records (`congress-record/1`): canonical files, SHA256 manifests,
//! signify signatures, and the checks an auditor runs (the Merkle trees are
//! [`crate::merkle`]).

pub(crate) mod ballots;
pub(crate) mod canonical_form;
pub mod check;
pub mod consistency;
pub(crate) mod elect_counter;
pub(crate) mod files;
pub mod manifest;
pub mod merge;
pub mod receipt;
pub(crate) mod recount;
pub mod secrets;
pub mod verify;
pub mod write;

/// The signify keys and signatures records are signed with (kept at this path for callers of
/// `record::signify`).
pub use crate::signify;

/// The counter `verify` recounts a record with (the program's own count).
pub use recount::ElectCounter;
