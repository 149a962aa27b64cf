//! `congress receipt DIR --ballot-id ID [--secrets FILE]…`: the JSON inclusion proof for one
//! ballot (for a record that hides ballot ids, of its commitment, with the salt).
//!
//! Only when the election file says `receipts = true` (else an input error explaining the
//! coercion risk of receipts for plaintext ballots).

use super::Status;
use congress::internals::record::files::RecordFiles;
use congress::record::receipt::make_receipt;
use congress::record::secrets::CommitteeSecrets;
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress receipt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record directory.
    pub dir: PathBuf,
    /// The ballot's id (its tracker).
    #[arg(long, value_name = "ID")]
    pub ballot_id: String,
    /// The committee's secrets of a record that hides ballot ids (repeat for the stations of
    /// a merged record; default: DIR.secrets when it exists).
    #[arg(long, value_name = "FILE")]
    pub secrets: Vec<PathBuf>,
    /// Write the receipt to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `congress receipt`.
pub fn run(args: Args) -> Result<Status> {
    if let Some(out) = &args.out {
        congress::internals::output::ensure_writable(out, args.force)?;
    }
    if !args.dir.is_dir() {
        return Err(
            Error::input("not a directory; expected a congress record directory")
                .file(args.dir.display().to_string()),
        );
    }
    let files = RecordFiles::read(&args.dir)?;
    let mut paths = args.secrets.clone();
    let beside = CommitteeSecrets::default_path(&args.dir);
    if paths.is_empty() && beside.is_file() {
        paths.push(beside);
    }
    let secrets = paths
        .iter()
        .map(|p| CommitteeSecrets::read(p))
        .collect::<Result<Vec<_>>>()?;
    let receipt = make_receipt(&files, &args.ballot_id, &secrets)
        .map_err(|e| e.or_file(args.dir.display().to_string()))?;
    let text = super::common::to_json(congress::schema::Schema::Receipt, &receipt);
    congress::internals::output::emit(&text, args.out.as_deref(), args.force)?;
    Ok(Status::Success)
}
