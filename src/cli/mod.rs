//! Subcommand dispatch: one file per subcommand, each with its arguments and `run`.

use clap::{Parser, Subcommand};
use congress::error::ErrorFormat;
use congress::lang::Lang;
use congress::Result;

pub mod announce;
pub mod apportion;
pub mod audit;
pub mod ballots;
pub mod check;
pub mod common;
pub mod demo;
pub mod elect;
pub mod final_body;
pub mod keygen;
pub mod merge;
pub mod next;
pub mod plan;
pub mod plan_federation;
pub mod receipt;
pub mod report;
pub mod sign;
pub mod simulate;
pub mod verify;
pub mod verify_consistency;
pub mod verify_receipt;

/// Exact apportionment, election counting and verifiable signed tallies.
#[derive(Debug, Parser)]
#[command(name = "congress", version, about, long_about = None)]
pub struct Cli {
    /// How errors are printed on standard error: text (`error: FILE:LINE: FIELD: …`) or json
    /// (one object, `{"errors": [{"file", "line", "column", "field", "message"}], "more"}`).
    #[arg(long, global = true, value_name = "text|json", default_value = "text", value_parser = parse_error_format)]
    pub error_format: ErrorFormat,
    /// The language of what people read (tables, checks, statuses, announcements, errors'
    /// text): zh or en [default: CONGRESS_LANG, else LC_ALL, LC_MESSAGES or LANG starting with
    /// zh: Chinese, else English]. CSV, JSON and records are the same in every language.
    #[arg(long, global = true, value_name = "zh|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

fn parse_error_format(s: &str) -> std::result::Result<ErrorFormat, String> {
    s.parse()
}

fn parse_lang(s: &str) -> std::result::Result<Lang, String> {
    s.parse()
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apportion seats to units in proportion to their populations.
    Apportion(Box<apportion::Args>),
    /// Plan the student congress of clause 8 from a roster (`plan federation`: clause 4).
    Plan(Box<plan::Args>),
    /// Check a delegation or an organisation against the reform plan.
    Check(check::Args),
    /// Generate deterministic synthetic rosters, ballots and federations' institutions.
    Simulate(simulate::Args),
    /// Count an election from an election file and a ballot file.
    Elect(elect::Args),
    /// Write the election file of the round a result asks for (re-vote or 另行选举).
    Next(next::Args),
    /// The body a chain of linked rounds elected: every seat, its holder, vacancies.
    #[command(name = "final")]
    Final(final_body::Args),
    /// Paper ballots: print them, and check their transcription.
    Ballots(ballots::Args),
    /// Risk-limiting audit of a paper election's transcription (ballot polling).
    Audit(audit::Args),
    /// The 公示 notice of a plan, a result or a record (Markdown, text or HTML).
    Announce(Box<announce::Args>),
    /// Make a signify key pair (NAME.sec, NAME.pub) for signing records.
    Keygen(keygen::Args),
    /// Sign a record as a committee member (DIR/SHA256.<ID>.sig).
    Sign(sign::Args),
    /// Verify a record: every check, one line each; exit 0 iff all pass.
    Verify(verify::Args),
    /// One self-contained HTML report (A4, charts) of a plan, a result or a verified record.
    Report(report::Args),
    /// Print the JSON inclusion proof (receipt) for one ballot of a record.
    Receipt(receipt::Args),
    /// Check a receipt against a record.
    #[command(name = "verify-receipt")]
    VerifyReceipt(verify_receipt::Args),
    /// Make a parent record over station records (station -> department -> school).
    Merge(merge::Args),
    /// Check that an earlier record's ballots are the first ballots of a later one (V41).
    #[command(name = "verify-consistency")]
    VerifyConsistency(verify_consistency::Args),
    /// Run the main job end to end on bundled data (roster, plan, elections, a signed
    /// record, verify), printing each step and its commands.
    Demo(demo::Args),
}

/// How a command that ran to completion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything succeeded (exit 0).
    Success,
    /// A check ran and found a failure (exit 1).
    ChecksFailed,
}

impl Status {
    /// The process exit code.
    pub fn exit_code(self) -> i32 {
        match self {
            Status::Success => 0,
            Status::ChecksFailed => 1,
        }
    }
}

/// Runs the parsed command line, speaking `lang` to people.
pub fn run(cli: Cli, lang: Lang) -> Result<Status> {
    let error_format = cli.error_format;
    let lang_flag = cli.lang;
    match cli.command {
        Command::Apportion(args) => apportion::run(*args),
        Command::Plan(args) => plan::run(*args, lang),
        Command::Check(args) => check::run(args, lang),
        Command::Simulate(args) => simulate::run(args),
        Command::Elect(args) => elect::run(args, error_format, lang),
        Command::Next(args) => next::run(args),
        Command::Final(args) => final_body::run(args),
        Command::Ballots(args) => ballots::run(args, lang_flag),
        Command::Audit(args) => audit::run(args),
        Command::Announce(args) => announce::run(*args, lang),
        Command::Keygen(args) => keygen::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Verify(args) => verify::run(args, lang),
        Command::Receipt(args) => receipt::run(args),
        Command::Report(args) => report::run(args, lang),
        Command::VerifyReceipt(args) => verify_receipt::run(args, lang),
        Command::Merge(args) => merge::run(args),
        Command::VerifyConsistency(args) => verify_consistency::run(args, lang),
        Command::Demo(args) => demo::run(args, lang),
    }
}
