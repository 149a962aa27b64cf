//! `congress merge --election PARENT --out DIR CHILD_DIR ...`: a parent record over station
//! records (station → department → school).
//!
//! Each child is verified with its own committee; the children must be exactly the parent
//! election's `stations`; the parent re-counts all their ballots and its tally must equal
//! the sum of theirs. The new record is unsigned: its committee signs it with `congress sign`.

use super::Status;
use congress::record::{merge, write};
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The parent election file (TOML with `stations = [...]` and its own [committee]).
    #[arg(long, value_name = "PARENT")]
    pub election: PathBuf,
    /// The parent record directory to write.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The child record directories.
    #[arg(required = true, value_name = "CHILD_DIR")]
    pub children: Vec<PathBuf>,
    /// Replace DIR if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `congress merge`.
pub fn run(args: Args) -> Result<Status> {
    congress::record::write::ensure_record_target(&args.out, args.force)?;
    let toml = std::fs::read(&args.election).map_err(|e| Error::io(&args.election, e))?;
    let counter = congress::internals::record::recount::ElectCounter;
    let files = merge::merge_dirs(&toml, &args.children, &counter).map_err(|e| {
        if e.file.as_deref() == Some(congress::internals::record::files::ELECTION_TOML) {
            Error {
                file: Some(args.election.display().to_string()),
                ..e
            }
        } else {
            e
        }
    })?;
    write::write_record(&args.out, &files, args.force)?;
    println!(
        "wrote parent record {} over {} child record(s); sign it with congress sign {} --key … --member …",
        args.out.display(),
        args.children.len(),
        args.out.display()
    );
    Ok(Status::Success)
}
