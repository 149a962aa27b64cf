//! `congress verify DIR [--trust KEY.pub ...]`: every check of a record, one line each.
//!
//! Exit 0 when every check passes, 1 when any fails, 3 when DIR is not a record at all.

use super::common::{Format, OutputArgs};
use super::Status;
use congress::lang::Lang;
use congress::record::check::Report;
use congress::record::signify::PublicKey;
use congress::record::verify::{verify_dir, VerifyOptions};
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record directory.
    pub dir: PathBuf,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The keys an auditor pins a record's committee with.
#[derive(Debug, clap::Args)]
pub struct TrustArgs {
    /// A signify public key of the committee (repeatable): a majority of those given must
    /// have signed, unless --threshold says how many.
    #[arg(long, value_name = "KEY.pub")]
    pub trust: Vec<PathBuf>,
    /// How many of the --trust keys must have signed (default: a majority of them; never
    /// fewer than the record's own threshold).
    #[arg(long, value_name = "K", requires = "trust")]
    pub threshold: Option<u64>,
}

impl TrustArgs {
    /// Reads the key files into verification options.
    pub fn options(&self) -> Result<VerifyOptions> {
        let trust: Vec<PublicKey> = self
            .trust
            .iter()
            .map(|p| {
                let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
                PublicKey::parse(&bytes, &p.display().to_string())
            })
            .collect::<Result<_>>()?;
        if let Some(k) = self.threshold {
            if k == 0 || k > self.trust.len() as u64 {
                return Err(Error::usage(format!(
                    "--threshold {k}: expected 1 to {} (the number of --trust keys)",
                    self.trust.len()
                )));
            }
        }
        Ok(VerifyOptions {
            trust,
            trust_threshold: self.threshold,
            skip_signatures: false,
        })
    }
}

/// Renders a report in the chosen format (tables in `lang`).
pub fn render(report: &Report, format: Format, lang: Lang) -> String {
    match format {
        Format::Table => report.render_in(lang),
        Format::Json => {
            super::common::to_json(congress::schema::Schema::Verification, &report.to_json())
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record([
                "id", "status", "file", "line", "field", "expected", "found", "detail",
            ]);
            for c in &report.checks {
                let _ = w.write_record([
                    c.id.as_str(),
                    c.status.as_str(),
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
pub fn run(args: Args, lang: Lang) -> Result<Status> {
    args.output.check()?;
    let options = args.trust.options()?;
    let counter = congress::internals::record::recount::ElectCounter;
    let report = verify_dir(&args.dir, &options, &counter)?;
    args.output
        .emit(&render(&report, args.output.format(&Format::ALL), lang))?;
    Ok(if report.ok() {
        Status::Success
    } else {
        Status::ChecksFailed
    })
}
