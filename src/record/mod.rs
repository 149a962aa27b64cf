//! Verifiable records (`congress-record/1`): canonical files, RFC 6962 Merkle trees,
//! SHA256 manifests, signify signatures, and the checks an auditor runs.

pub mod ballots;
pub mod canonical;
pub mod check;
pub mod consistency;
pub mod elect_counter;
pub mod files;
pub mod manifest;
pub mod merge;
pub mod merkle;
pub mod receipt;
pub mod recount;
pub mod signify;
pub mod verify;
pub mod write;
