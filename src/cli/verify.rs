//! `congress verify DIR [--trust KEY.pub ...]`: every check of a record, one line each.
//!
//! Exit 0 when every check passes, 1 when any fails, 3 when DIR is not a record at all.

use super::common::{Format, OutputArgs};
use super::Status;
use congress::record::signify::PublicKey;
use congress::record::verify::{verify_dir, Report, VerifyOptions};
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record directory.
    pub dir: PathBuf,
    /// A signify public key the committee's quorum must be reached with (repeatable).
    #[arg(long, value_name = "KEY.pub")]
    pub trust: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Reads `--trust` key files.
pub fn trust_keys(paths: &[PathBuf]) -> Result<Vec<PublicKey>> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            PublicKey::parse(&bytes, &p.display().to_string())
        })
        .collect()
}

/// Renders a report in the chosen format.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Table => report.render(),
        Format::Json => super::common::to_json(&report.to_json()),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record([
                "id", "status", "file", "line", "field", "expected", "found", "detail",
            ]);
            for c in &report.checks {
                let status = serde_json::to_value(c.status)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                let _ = w.write_record([
                    c.id.as_str(),
                    &status,
                    &c.file,
                    &c.line.map(|l| l.to_string()).unwrap_or_default(),
                    c.field.as_deref().unwrap_or(""),
                    c.expected.as_deref().unwrap_or(""),
                    c.found.as_deref().unwrap_or(""),
                    &c.detail,
                ]);
            }
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
    }
}

/// Runs `congress verify`.
pub fn run(args: Args) -> Result<Status> {
    args.output.check()?;
    let options = VerifyOptions {
        trust: trust_keys(&args.trust)?,
        skip_signatures: false,
    };
    let counter = congress::record::recount::ElectCounter;
    let report = verify_dir(&args.dir, &options, &counter)?;
    args.output
        .emit(&render(&report, args.output.format(&Format::ALL)))?;
    Ok(if report.ok() {
        Status::Success
    } else {
        Status::ChecksFailed
    })
}
