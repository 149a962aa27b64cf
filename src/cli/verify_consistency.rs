//! `congress verify-consistency OLD NEW [--trust KEY.pub ...]`: verifies both records and
//! that the earlier one's leaves are the later one's first leaves (V41).

use super::common::{Format, OutputArgs};
use super::Status;
use congress::record::consistency::verify_consistency_dirs;
use congress::Result;
use std::path::PathBuf;

/// Arguments of `congress verify-consistency`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier (interim) record directory.
    pub old: PathBuf,
    /// The later (final) record directory of the same election.
    pub new: PathBuf,
    #[command(flatten)]
    pub trust: super::verify::TrustArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `congress verify-consistency`.
pub fn run(args: Args, lang: congress::lang::Lang) -> Result<Status> {
    args.output.check()?;
    let options = args.trust.options()?;
    let counter = congress::internals::record::recount::ElectCounter;
    let report = verify_consistency_dirs(&args.old, &args.new, &options, &counter)?;
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
