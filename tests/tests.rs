//! The integration tests: one test crate, one module per area, one harness (`util`).
//!
//! Each area's folder holds its files, some running the `congress` binary, others calling the
//! library. Run one area with `cargo test --test tests apportion::`, one file with
//! `cargo test --test tests elect::real::stv`. A new file goes in an area's folder and is
//! declared here: a file left out of this list is not compiled (and a new `tests/*.rs` would
//! be a test binary of its own). The helpers every file shares (the `congress` runner,
//! scratch directories, fixture paths, output helpers, record builders) are in `util/`.

mod util;

/// `congress apportion` and the apportionment library: published apportionments, properties.
mod apportion {
    mod cli;
    mod fixtures;
    mod props;
}

/// `congress plan` (and `plan federation`), `check delegation`, `check org`, and biproportional
/// apportionment.
mod plan {
    mod biproportional;
    mod biproportional_props;
    mod check_delegation;
    mod check_org;
    mod cli;
    mod elections;
    mod federation;
    mod federation_props;
}

/// Languages (`--lang`, `CONGRESS_LANG`, the locale) and `congress announce`.
mod lang {
    mod announce;
    mod machine_outputs;
    mod selection;
}

/// `congress simulate`.
mod simulate {
    mod institutions;
    mod roster;
}

/// `congress elect`: formats, methods, the committee rules, and real elections.
mod elect {
    mod cli;
    mod condorcet_cli;
    mod condorcet_methods;
    mod condorcet_props;
    mod constraints;
    mod decisive_ties;
    mod formats;
    mod outputs;
    mod preflib_reader;
    mod rctab;
    mod rctab_parity;
    mod rounds;
    mod rules;
    mod selection_methods;

    /// Real elections counted and checked against their declared results.
    mod real {
        mod cli;
        mod debian;
        mod irv;
        mod stv;
    }
}

/// Paper ballots (`congress ballots`) and the risk-limiting audit (`congress audit`).
mod paper {
    mod audit;
    mod ballots;
    mod docs;
    mod simulation;
}

/// Verifiable records: writing, signing, verifying, receipts, merging, tampering, interop.
/// Every command shown in README.md and docs/ runs from a fresh clone.
mod docs {
    mod commands;
    mod demo;
    mod schemas;
}

mod record {
    mod cli;
    mod consistency;
    mod docs;
    mod library;
    mod secrecy;
    mod signify_interop;
    mod tamper;
    mod versions;
}

/// `congress report`: HTML reports, checked in headless Chromium.
mod report {
    mod browser;
    mod cli;
}

/// What `congress` refuses and guarantees with wrong, huge or hostile inputs
/// (docs/reliability.md): no data loss, limits, names.
mod reliability {
    mod cli;
    mod error_format;
}

/// Reading inputs: spreadsheets, title and totals rows, tab-separated and UTF-16 text, files
/// that are not what their names say, column mapping, and every bad cell in one run.
mod input {
    mod spreadsheets;
    mod tables;
}
