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
//! - [`demo`]: the main job end to end on bundled data (`congress demo`).
//! - [`schema`]: the `"schema"` key of every JSON output, one list of kinds.
//! - [`report`]: self-contained HTML reports (A4, charts) of plans, results and records.
//! - [`announce`]: the 公示 notice of a plan, a result or a signed record.
//! - [`lang`]: the language people read (Chinese or English) and its catalogue of messages.

pub mod announce;
pub mod apportion;
pub mod audit;
pub mod ballot;
pub mod date;
pub mod demo;
pub mod digest;
pub mod error;
pub mod exact;
mod fast;
pub mod input;
pub mod lang;
pub(crate) mod limits;
pub mod lot;
pub mod merkle;
pub(crate) mod output;
pub mod paper;
pub(crate) mod parallel;
pub mod plan;
pub mod record;
pub mod report;
pub mod roster;
pub mod schema;
pub mod signify;
pub mod simulate;
pub(crate) mod table;

pub use error::{Error, ErrorKind, Result};

/// Engine internals that the `congress` binary, the benches and the fuzz targets use: not a
/// stable API (a script uses the modules above).
#[doc(hidden)]
pub mod internals {
    /// Input decoding (public as `congress::input`; kept here for the binary's paths).
    pub use crate::input;
    /// Size limits on inputs.
    pub mod limits {
        pub use crate::limits::*;
    }
    /// Atomic output files and printing.
    pub mod output {
        pub use crate::output::*;
    }
    /// The worker-thread split of large inputs.
    pub mod parallel {
        pub use crate::parallel::*;
    }
    /// Width-aware text tables.
    pub mod table {
        pub use crate::table::*;
    }
    /// Ballot internals: canonical ballot lines, packed marks, the roll of ids.
    pub mod ballot {
        /// Canonical ballot lines.
        pub mod canonical_ballots {
            pub use crate::ballot::canonical_ballots::*;
        }
        /// Marks packed into bit sets.
        pub mod packed_marks {
            pub use crate::ballot::packed_marks::*;
        }
        /// The compact roll of ballot ids.
        pub mod roll {
            pub use crate::ballot::roll::*;
        }
        /// Helpers shared by the counting methods.
        pub mod methods {
            /// The ranked methods' shared stage machinery.
            pub mod ranked_common {
                pub use crate::ballot::methods::ranked_common::*;
            }
            /// The seat order of the pairwise methods.
            pub mod seat_order {
                pub use crate::ballot::methods::seat_order::*;
            }
            /// Selections of candidates.
            pub mod selections {
                pub use crate::ballot::methods::selections::*;
            }
            /// The pairwise matrix.
            pub mod pairwise {
                pub use crate::ballot::methods::pairwise::*;
            }
        }
    }
    /// Record internals: the ballot union, canonical forms, files, the recount.
    pub mod record {
        /// The ballot unions that writing, merging and receipts use.
        pub mod ballots {
            pub use crate::record::ballots::*;
        }
        /// Canonical JSON and CSV forms.
        pub mod canonical_form {
            pub use crate::record::canonical_form::*;
        }
        /// The election counter of a record.
        pub mod elect_counter {
            pub use crate::record::elect_counter::*;
        }
        /// The record's files and their readers.
        pub mod files {
            pub use crate::record::files::*;
        }
        /// Recounting a record.
        pub mod recount {
            pub use crate::record::recount::*;
        }
    }
}
