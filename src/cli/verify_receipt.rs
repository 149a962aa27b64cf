//! `congress verify-receipt DIR RECEIPT.json`: checks the record (V01–V31) and that the
//! receipt's ballot line is included under its signed root (V40).

use super::common::{Format, OutputArgs};
use super::Status;
use congress::internals::record::files::RecordFiles;
use congress::record::receipt::{verify_receipt, Receipt};
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress verify-receipt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record directory.
    pub dir: PathBuf,
    /// The receipt (JSON from congress receipt).
    pub receipt: PathBuf,
    #[command(flatten)]
    pub trust: super::verify::TrustArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `congress verify-receipt`.
pub fn run(args: Args, lang: congress::lang::Lang) -> Result<Status> {
    args.output.check()?;
    let name = args.receipt.display().to_string();
    let bytes = std::fs::read(&args.receipt).map_err(|e| Error::io(&args.receipt, e))?;
    congress::schema::Schema::Receipt.expect(&String::from_utf8_lossy(&bytes), &name)?;
    let receipt: Receipt = serde_json::from_slice(&bytes).map_err(|e| {
        Error::input(format!("not a congress receipt: {e}"))
            .file(name.clone())
            .line(e.line() as u64)
    })?;
    if !args.dir.is_dir() {
        return Err(
            Error::input("not a directory; expected a congress record directory")
                .file(args.dir.display().to_string()),
        );
    }
    let files = RecordFiles::read(&args.dir)?;
    let options = args.trust.options()?;
    let counter = congress::internals::record::recount::ElectCounter;
    let report = verify_receipt(&files, &receipt, &options, &counter)
        .map_err(|e| e.or_file(args.dir.display().to_string()))?;
    args.output.emit(&super::verify::render(
        &report,
        args.output.format(&Format::ALL),
        lang,
    ))?;
    Ok(if report.ok() {
        Status::Success
    } else {
        Status::ChecksFailed
    })
}
