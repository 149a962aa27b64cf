//! The risk-limiting audit of a paper election's transcription (docs/paper-ballots.md §8):
//! ballot polling as Arlo runs it, with the assertions of SHANGRLA tested by BRAVO.
//!
//! - [`sampler`]: which papers to pull, redrawable by hand from the public dice seed;
//! - [`manifest`]: the ballot manifest (`box,ballots`);
//! - [`bravo`]: one assertion's sequential test, its risk and its sample size;
//! - [`contest`]: the assertions a record's reported outcome needs;
//! - [`assess`]: the auditors' readings weighed against the assertions.
//! - [`record`]: the audit's own signed record, linked to the election record.

pub mod assess;
pub mod bravo;
pub mod contest;
pub mod manifest;
pub mod record;
pub mod sampler;
