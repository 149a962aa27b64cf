//! `congress report INPUT [--out report.html] [--force] [--trust KEY.pub …]`:
//! one self-contained HTML file for people to read (docs/report.md).
//!
//! INPUT is the JSON of `congress plan`, `plan federation` or `elect` (`--format json`), or a
//! record directory. A record is verified first: when any check fails, the failed checks are
//! named on standard error, nothing is written, and the exit code is 1.

use super::verify::TrustArgs;
use super::Status;
use congress::report::labels::Lang;
use congress::report::record::{record_report, RecordReport};
use congress::report::Input;
use congress::Result;
use std::path::{Path, PathBuf};

/// Arguments of `congress report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A plan, federation plan or election result as JSON (`-` for standard input), or a
    /// record directory.
    pub input: String,
    /// Write the HTML to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub trust: TrustArgs,
}

/// Runs `congress report`, its labels in `lang` (the global `--lang`).
pub fn run(args: Args, lang: Lang) -> Result<Status> {
    if let Some(out) = &args.out {
        congress::internals::output::ensure_writable(out, args.force)?;
    }
    let path = Path::new(&args.input);
    let html = if args.input != "-" && path.is_dir() {
        let options = args.trust.options()?;
        match record_report(path, &args.input, &options, lang)? {
            RecordReport::Verified(html) => html,
            RecordReport::Failed(report) => {
                for check in report.failures() {
                    eprintln!("{}", check.render());
                }
                let failed: Vec<String> = report.failed_ids().into_iter().collect();
                eprintln!(
                    "error: {}: the record fails verification (failed checks: {}); no report is written",
                    args.input,
                    failed.join(", ")
                );
                return Ok(Status::ChecksFailed);
            }
        }
    } else {
        if !args.trust.trust.is_empty() {
            return Err(congress::Error::usage(
                "--trust applies to a record directory, not to a JSON input",
            ));
        }
        Input::read(&args.input)?.render(lang)
    };
    congress::internals::output::emit(&html, args.out.as_deref(), args.force)?;
    Ok(Status::Success)
}
