//! `congress announce`: the 公示 text a committee posts.
//!
//! ```text
//! congress announce INPUT [--lang zh|en] [--format md|txt|html] [--date YYYY-MM-DD]
//!                   [--objection-days N] [--contact TEXT] [--title TEXT]
//!                   [--election ELECTION.toml] [--trust KEY.pub ...] [--out FILE] [--force]
//! ```
//! INPUT is a plan JSON (`congress plan --format json`), a result JSON (`congress elect
//! --format json`) or a record directory, which is verified first: exit 1 naming the failed
//! checks when any fails. Exit 3 when no date is known (the election file's `date` key, or
//! `--date`).

use super::verify::TrustArgs;
use super::Status;
use congress::announce::render::{render, NoticeFormat};
use congress::announce::{load, notice, Loaded, NoticeOptions};
use congress::date::Date;
use congress::lang::{Lang, Msg};
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress announce`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A plan or result JSON, or a record directory.
    pub input: PathBuf,
    /// How the notice is written: md (Markdown), txt (plain text) or html.
    #[arg(long, value_name = "md|txt|html", default_value = "md", value_parser = parse_format)]
    pub format: NoticeFormat,
    /// The notice's date (YYYY-MM-DD), instead of the election file's `date`.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<Date>,
    /// The 公示期: days the notice is posted, from its date (inclusive).
    #[arg(long, value_name = "N")]
    pub objection_days: Option<u64>,
    /// Whom to contact with objections (联系方式).
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,
    /// The notice's title, instead of the one made from the input.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The election file of a result JSON, whose `date` the notice takes.
    #[arg(long, value_name = "ELECTION.toml")]
    pub election: Option<String>,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Write the notice to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

fn parse_format(s: &str) -> std::result::Result<NoticeFormat, String> {
    s.parse()
}

fn parse_date(s: &str) -> std::result::Result<Date, String> {
    Date::parse(s)
}

/// Runs `congress announce`.
pub fn run(args: Args, lang: Lang) -> Result<Status> {
    if let Some(path) = &args.out {
        congress::internals::output::ensure_writable(path, args.force)?;
    }
    let options = args.trust.options()?;
    let subject = match load(&args.input, args.election.as_deref(), &options)? {
        Loaded::Subject(subject) => subject,
        Loaded::Refused(report) => {
            let failed: Vec<String> = report.failed_ids().into_iter().collect();
            for check in report.failures() {
                eprintln!("{}", check.render_in(lang));
            }
            let error = Error::input(lang.text(Msg::RecordRefused(&lang.text(Msg::List(&failed)))))
                .file(args.input.display().to_string());
            eprint!(
                "{}",
                congress::error::report(&[error], 0, congress::error::ErrorFormat::Text)
            );
            return Ok(Status::ChecksFailed);
        }
    };
    let blocks = notice(
        &subject,
        &NoticeOptions {
            date: args.date,
            objection_days: args.objection_days,
            contact: args.contact.clone(),
            title: args.title.clone(),
        },
        lang,
    )
    .map_err(|e| e.or_file(args.input.display().to_string()))?;
    let text = render(&blocks, args.format, lang);
    congress::internals::output::emit(&text, args.out.as_deref(), args.force)?;
    Ok(Status::Success)
}
