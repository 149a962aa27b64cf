//! `congress report INPUT [--lang zh|en] [--out report.html] [--force] [--trust KEY.pub …]`:
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
    /// Language of the labels: zh or en [default: CONGRESS_LANG, else the locale (LC_ALL,
    /// LC_MESSAGES, LANG): zh… is Chinese, anything else English].
    #[arg(long, value_name = "zh|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Write the HTML to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub trust: TrustArgs,
}

fn parse_lang(s: &str) -> std::result::Result<Lang, String> {
    s.parse()
}

/// Runs `congress report`.
pub fn run(args: Args) -> Result<Status> {
    if let Some(out) = &args.out {
        congress::internals::output::ensure_writable(out, args.force)?;
    }
    let lang = args.lang.unwrap_or_else(Lang::from_env);
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
