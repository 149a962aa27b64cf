//! `congress`: exact apportionment, election counting and verifiable signed tallies for
//! student congresses (《河南省学联学生会组织改革实施方案》, clauses 8, 9, 12).
//!
//! The library is what the `congress` binary calls; every module can be used directly:
//! - [`apportion`]: seats to units (clause 8: "按比例分配…不足3人的以3人计").
//! - [`roster`] and [`plan`]: the student congress of clause 8 and the checks of clauses 8, 9, 12.
//! - [`ballot`]: election files, ballot formats and one file per counting method.
//! - [`record`]: canonical records, signed manifests and verification.
//! - [`signify`]: OpenBSD signify keys and signatures (the committee's keys in election files
//!   and the signatures on records).
//! - [`merkle`] and [`digest`]: RFC 6962 Merkle trees, SHA-256 and hex, which ballots,
//!   records and lots share.
//! - [`paper`]: printed ballot papers, trackers and the checks of a transcription.
//! - [`audit`]: the risk-limiting audit of a paper election's transcription (ballot polling).
//! - [`simulate`]: deterministic synthetic rosters and ballots.
//! - [`announce`]: the 公示 notice of a plan, a result or a signed record.
//! - [`lang`]: the language people read (Chinese or English) and its catalogue of messages.

pub mod announce;
pub mod apportion;
pub mod audit;
pub mod ballot;
pub mod date;
pub mod digest;
pub mod error;
pub mod exact;
mod fast;
pub mod input;
pub mod lang;
pub mod limits;
pub mod lot;
pub mod merkle;
pub mod output;
pub mod paper;
pub mod parallel;
pub mod plan;
pub mod record;
pub mod roster;
pub mod signify;
pub mod simulate;
pub mod table;

pub use error::{Error, ErrorKind, Result};
