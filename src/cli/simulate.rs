//! `congress simulate`: deterministic synthetic rosters, ballots and institutions.
//!
//! ```text
//! congress simulate roster --students N --departments D [--seed S] [--out FILE] [--force]
//! congress simulate ballots ELECTION --ballots N [--seed S] [--invalid-share R] [--out FILE] [--force]
//! congress simulate institutions [--counties 120] [--higher-education 150] [--secondary 2000]
//!                                [--seed S] [--out FILE] [--regions-out FILE] [--force]
//! ```

use super::Status;
use congress::ballot::election::Election;
use congress::exact::Ratio;
use congress::simulate::institutions::{self, InstitutionsSpec};
use congress::simulate::roster::{self, RosterSpec};
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// What to generate.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// A student roster (CSV) for `congress plan`.
    Roster(RosterArgs),
    /// Ballots (CSV) for an election file.
    Ballots(BallotsArgs),
    /// A province's institutions (CSV) for `congress plan federation`.
    Institutions(InstitutionsArgs),
}

/// Arguments of `congress simulate institutions`.
#[derive(Debug, clap::Args)]
pub struct InstitutionsArgs {
    /// Number of county-level regions.
    #[arg(long, value_name = "N", default_value_t = 120)]
    pub counties: u64,
    /// Number of higher-education institutions.
    #[arg(long, value_name = "N", default_value_t = 150)]
    pub higher_education: u64,
    /// Number of secondary schools (at least one per county).
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    pub secondary: u64,
    /// Seed text; the same seed gives the same institutions.
    #[arg(long, value_name = "S", default_value = "congress")]
    pub seed: String,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the list of every county-level region (REGIONS.csv) to FILE.
    #[arg(long, value_name = "FILE")]
    pub regions_out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `congress simulate roster`.
#[derive(Debug, clap::Args)]
pub struct RosterArgs {
    /// Number of students (rows).
    #[arg(long, value_name = "N")]
    pub students: u64,
    /// Number of departments.
    #[arg(long, value_name = "D")]
    pub departments: u64,
    /// Seed text; the same seed gives the same roster.
    #[arg(long, value_name = "S", default_value = "congress")]
    pub seed: String,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `congress simulate ballots`.
#[derive(Debug, clap::Args)]
pub struct BallotsArgs {
    /// The election file (TOML).
    pub election: String,
    /// Number of ballots.
    #[arg(long, value_name = "N")]
    pub ballots: u64,
    /// Seed text; the same seed gives the same ballots.
    #[arg(long, value_name = "S", default_value = "congress")]
    pub seed: String,
    /// Share of invalid ballots to include (e.g. 0.02).
    #[arg(long, value_name = "R")]
    pub invalid_share: Option<String>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `congress simulate`.
pub fn run(args: Args) -> Result<Status> {
    match args.what {
        What::Roster(a) => {
            if let Some(path) = &a.out {
                congress::internals::output::ensure_writable(path, a.force)?;
            }
            let text = roster::generate(&RosterSpec {
                students: a.students,
                departments: a.departments,
                seed: a.seed,
            })?;
            congress::internals::output::emit(&text, a.out.as_deref(), a.force)?;
            Ok(Status::Success)
        }
        What::Institutions(a) => institutions_run(a),
        What::Ballots(a) => {
            if let Some(path) = &a.out {
                congress::internals::output::ensure_writable(path, a.force)?;
            }
            let invalid_share = match &a.invalid_share {
                Some(text) => Ratio::parse(text)
                    .map_err(|e| Error::usage(format!("--invalid-share: {}", e.message)))?,
                None => Ratio::integer(0),
            };
            let election = Election::load(&a.election)?;
            let text = congress::simulate::ballots::generate(
                &election,
                a.ballots,
                &a.seed,
                invalid_share,
            )?;
            congress::internals::output::emit(&text, a.out.as_deref(), a.force)?;
            Ok(Status::Success)
        }
    }
}

/// Runs `congress simulate institutions`: INSTITUTIONS.csv, and REGIONS.csv with
/// `--regions-out`; nothing is written when either file cannot be.
fn institutions_run(a: InstitutionsArgs) -> Result<Status> {
    for path in [&a.out, &a.regions_out].into_iter().flatten() {
        congress::internals::output::ensure_writable(path, a.force)?;
    }
    let spec = InstitutionsSpec {
        counties: a.counties,
        higher_education: a.higher_education,
        secondary: a.secondary,
        seed: a.seed,
    };
    let text = institutions::generate(&spec)?;
    let regions = match &a.regions_out {
        Some(_) => Some(institutions::generate_regions(&spec)?),
        None => None,
    };
    if let (Some(path), Some(regions)) = (&a.regions_out, &regions) {
        congress::internals::output::emit(regions, Some(path), a.force)?;
    }
    congress::internals::output::emit(&text, a.out.as_deref(), a.force)?;
    Ok(Status::Success)
}
