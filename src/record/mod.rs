//! Verifiable records (`congress-record/1`): canonical files, SHA256 manifests,
//! signify signatures, and the checks an auditor runs (the Merkle trees are
//! [`crate::merkle`]).

pub mod canonical;
pub mod consistency;
pub mod elect_counter;
pub mod files;
pub mod manifest;
pub mod merge;
pub mod receipt;
pub mod recount;
pub mod signify;
pub mod verify;
pub mod write;
