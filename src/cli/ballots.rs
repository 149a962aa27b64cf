//! `congress ballots`: paper ballots, from printing to the checked transcription.
//!
//! ```text
//! congress ballots print ELECTION --count N --out ballots.html [--lang zh|en]
//!                        [--order stroke|given] [--paper a4|a5] [--force]
//! congress ballots template ELECTION [--order stroke|given] [--out FILE]
//! congress ballots check ELECTION BALLOTS --issued TRACKERS [--format table|json] [--out FILE]
//! congress ballots diff A.csv B.csv [--format table|json] [--out FILE]
//! ```
//! `print` writes the papers and, beside them, the list of printed trackers
//! (`ballots.trackers.csv`). `check` and `diff` exit 1 when they find a problem.

use super::common::{to_json, EncodingArgs, Format, OutputArgs};
use super::Status;
use congress::ballot::election::Election;
use congress::internals::input::Source;
use congress::paper::print::{self, Lang, Layout, Order, Paper};
use congress::paper::tracker::Tracker;
use congress::paper::transcription;
use congress::schema::Schema;
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress ballots`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// What to do with paper ballots.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Print ballot papers (HTML), each with its own tracker, and the list of trackers.
    Print(PrintArgs),
    /// Write the marks-CSV header for typing in the papers.
    Template(TemplateArgs),
    /// Check a transcription's trackers against those issued; list the void papers.
    Check(CheckArgs),
    /// Compare two transcriptions of the same papers (double entry).
    Diff(DiffArgs),
}

/// `--order`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OrderArg {
    /// 姓氏笔画: by the strokes of the names (default).
    Stroke,
    /// As the election file lists them.
    Given,
}

/// `--paper`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PaperArg {
    /// A4 (default).
    A4,
    /// A5.
    A5,
}

impl OrderArg {
    fn order(self) -> Order {
        match self {
            OrderArg::Stroke => Order::Stroke,
            OrderArg::Given => Order::Given,
        }
    }
}

/// Arguments of `congress ballots print`.
#[derive(Debug, clap::Args)]
pub struct PrintArgs {
    /// The election file (TOML).
    pub election: String,
    /// How many papers.
    #[arg(long, value_name = "N")]
    pub count: usize,
    /// The HTML file to write; the trackers go beside it (NAME.trackers.csv).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Candidate order.
    #[arg(long, value_enum, default_value = "stroke")]
    pub order: OrderArg,
    /// Paper size.
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    /// Replace the files if they exist.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `congress ballots template`.
#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// The election file (TOML).
    pub election: String,
    /// Candidate order (as on the papers).
    #[arg(long, value_enum, default_value = "stroke")]
    pub order: OrderArg,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `congress ballots check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The election file (TOML).
    pub election: String,
    /// The transcription (marks CSV with the trackers as ballot_id).
    pub ballots: String,
    /// The trackers handed out (CSV with a ballot_id column, such as the printed list).
    #[arg(long, value_name = "TRACKERS")]
    pub issued: String,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
}

/// Arguments of `congress ballots diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The first transcription.
    pub a: String,
    /// The second transcription.
    pub b: String,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
}

/// Runs `congress ballots`.
/// Runs `congress ballots`; `lang` is the global `--lang` as given (papers are Chinese unless
/// it says `en`).
pub fn run(args: Args, lang: Option<congress::lang::Lang>) -> Result<Status> {
    match args.what {
        What::Print(a) => print_run(a, lang),
        What::Template(a) => template_run(a),
        What::Check(a) => check_run(a),
        What::Diff(a) => diff_run(a),
    }
}

fn print_run(a: PrintArgs, lang: Option<congress::lang::Lang>) -> Result<Status> {
    if a.count == 0 || a.count as u64 > congress::internals::limits::MAX_PRINTED_PAPERS {
        return Err(Error::usage(format!(
            "--count {}: expected 1 to {} papers in one file",
            a.count,
            congress::internals::limits::MAX_PRINTED_PAPERS
        )));
    }
    let trackers_path = print::trackers_path(&a.out);
    congress::internals::output::ensure_writable(&a.out, a.force)?;
    congress::internals::output::ensure_writable(&trackers_path, a.force)?;
    let election = Election::load(&a.election)?;
    let layout = Layout {
        order: a.order.order(),
        lang: match lang {
            Some(congress::lang::Lang::Zh) | None => Lang::Zh,
            Some(congress::lang::Lang::En) => Lang::En,
        },
        paper: match a.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::A5 => Paper::A5,
        },
    };
    let trackers = Tracker::random_list(a.count)?;
    let html = print::ballot_papers(&election, &trackers, layout)?;
    congress::internals::output::write_atomic(
        &trackers_path,
        print::trackers_csv(&trackers).as_bytes(),
        a.force,
    )?;
    congress::internals::output::write_atomic(&a.out, html.as_bytes(), a.force)?;
    eprintln!(
        "wrote {} paper(s) to {} and their trackers to {}",
        a.count,
        a.out.display(),
        trackers_path.display()
    );
    Ok(Status::Success)
}

fn template_run(a: TemplateArgs) -> Result<Status> {
    if let Some(out) = &a.out {
        congress::internals::output::ensure_writable(out, a.force)?;
    }
    let election = Election::load(&a.election)?;
    let text = transcription::template(&election, a.order.order())?;
    congress::internals::output::emit(&text, a.out.as_deref(), a.force)?;
    Ok(Status::Success)
}

fn table_or_json(output: &OutputArgs) -> Result<Format> {
    match output.format(&[Format::Table, Format::Json]) {
        Format::Csv => Err(Error::usage(
            "ballots prints --format table or json, not csv",
        )),
        f => Ok(f),
    }
}

fn check_run(a: CheckArgs) -> Result<Status> {
    let format = table_or_json(&a.output)?;
    a.output.check()?;
    let election = Election::load(&a.election)?;
    let ballots = Source::open(&a.ballots, a.encoding.options())?;
    let issued = Source::open(&a.issued, a.encoding.options())?;
    let report = transcription::check(&election, &ballots, &issued)?;
    let text = match format {
        Format::Json => to_json(Schema::BallotsCheck, &report),
        _ => report.render(),
    };
    a.output.emit(&text)?;
    Ok(if report.problems.is_empty() {
        Status::Success
    } else {
        Status::ChecksFailed
    })
}

fn diff_run(a: DiffArgs) -> Result<Status> {
    let format = table_or_json(&a.output)?;
    a.output.check()?;
    let sa = Source::open(&a.a, a.encoding.options())?;
    let sb = Source::open(&a.b, a.encoding.options())?;
    let diffs = transcription::diff(&sa, &sb)?;
    let text = match format {
        Format::Json => to_json(
            Schema::BallotsDiff,
            &serde_json::json!({ "identical": diffs.is_empty(), "differences": diffs }),
        ),
        _ => transcription::render_diff(&sa.name, &sb.name, &diffs),
    };
    a.output.emit(&text)?;
    Ok(if diffs.is_empty() {
        Status::Success
    } else {
        Status::ChecksFailed
    })
}
