//! Verifiable records (`congress-record/1`): canonical files, RFC 6962 Merkle trees,
//! SHA256 manifests, signify signatures, and the checks an auditor runs.

pub mod canonical;
pub mod manifest;
pub mod merkle;
pub mod signify;
