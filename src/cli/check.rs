//! `congress check`: the delegation and the organisation against the reform plan.
//!
//! ```text
//! congress check delegation DELEGATES --plan PLAN.json --roster ROSTER [--clubs CLUBS]
//!                           [--per-department] [--format table|json] [--out FILE]
//! congress check delegation --federation PLAN.json DELEGATES [--format table|json] [--out FILE]
//! congress check org ORG.toml [--profile henan-2017|national-2019] [--format table|json]
//! ```
//! Every check prints one line (status, id, clause, detail); exit 1 when any fails.

use super::common::{ColumnsArgs, EncodingArgs, Format, OutputArgs};
use super::Status;
use congress::internals::input::{Encoding, Source};
use congress::lang::Lang;
use congress::plan::checks::{self, Check, PlanCommand};
use congress::plan::delegation::{self, DelegationInput};
use congress::plan::federation::delegation as federation;
use congress::plan::org::{self, OrgProfile};
use congress::roster::Roster;
use congress::{Error, Result};

/// Arguments of `congress check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// What to check.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// The elected delegates against the plan and the roster (clause 8).
    Delegation(DelegationArgs),
    /// The union's organisation against clauses 9 and 12.
    Org(OrgArgs),
}

/// Arguments of `congress check delegation`.
#[derive(Debug, clap::Args)]
pub struct DelegationArgs {
    /// CSV of elected delegates: a `student_id` column, or with --federation one row per
    /// delegate with `institution` and `cadre` (`region`, `gender`, `ethnic` optional).
    pub delegates: String,
    /// The plan, as written by `congress plan --format json`.
    #[arg(long, value_name = "PLAN.json", required_unless_present = "federation")]
    pub plan: Option<String>,
    /// The roster the plan was made from.
    #[arg(long, value_name = "ROSTER", required_unless_present = "federation")]
    pub roster: Option<String>,
    /// CSV `club,major` listing the clubs (major = yes/no) that must be covered.
    #[arg(long, value_name = "CLUBS")]
    pub clubs: Option<String>,
    /// Check the non-cadre share in each department's delegation too.
    #[arg(long)]
    pub per_department: bool,
    /// Check a federation congress's delegates (clause 4) against the plan written by
    /// `congress plan federation --format json`.
    #[arg(
        long,
        value_name = "PLAN.json",
        conflicts_with_all = ["plan", "roster", "clubs", "per_department"]
    )]
    pub federation: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
    #[command(flatten)]
    pub columns: ColumnsArgs,
}

/// Arguments of `congress check org`.
#[derive(Debug, clap::Args)]
pub struct OrgArgs {
    /// The organisation file (see fixtures/org.toml).
    pub org: String,
    /// Which limits: henan-2017 (the seed, default) or national-2019.
    #[arg(long, default_value = "henan-2017", value_parser = parse_profile)]
    pub profile: OrgProfile,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_profile(s: &str) -> std::result::Result<OrgProfile, String> {
    s.parse()
}

/// Runs `congress check`.
pub fn run(args: Args, lang: Lang) -> Result<Status> {
    match args.what {
        What::Delegation(a) => delegation_run(a, lang),
        What::Org(a) => org_run(a, lang),
    }
}

fn emit(output: &OutputArgs, checks: &[Check], command: PlanCommand, lang: Lang) -> Result<Status> {
    let text = match output.format(&[Format::Table, Format::Json]) {
        Format::Json => checks::render_json(checks),
        Format::Csv => return Err(Error::usage("check prints --format table or json, not csv")),
        Format::Table => checks::render_table_in(checks, command, lang),
    };
    output.emit(&text)?;
    Ok(if checks::any_failed(checks) {
        Status::ChecksFailed
    } else {
        Status::Success
    })
}

fn delegation_run(a: DelegationArgs, lang: Lang) -> Result<Status> {
    if a.output.format(&[Format::Table, Format::Json]) == Format::Csv {
        return Err(Error::usage("check prints --format table or json, not csv"));
    }
    a.output.check()?;
    let (plan_path, roster_path) = match (&a.federation, &a.plan, &a.roster) {
        (Some(plan), _, _) => return federation_run(plan, &a, lang),
        (None, Some(plan), Some(roster)) => (plan, roster),
        _ => return Err(Error::usage("check delegation needs --plan and --roster")),
    };
    let plan = delegation::read_plan(plan_path)?;
    let roster = Roster::read(roster_path, a.columns.roster_options(&a.encoding))?;
    let source = Source::open(&a.delegates, a.encoding.options())?;
    let delegates = delegation::read_delegates(&source)?;
    let clubs = match &a.clubs {
        Some(path) => Some(delegation::read_major_clubs(&Source::open(
            path,
            a.encoding.options(),
        )?)?),
        None => None,
    };
    let checks = delegation::check_delegation(&DelegationInput {
        plan: &plan,
        roster: &roster,
        delegates_file: &source.name,
        delegates: &delegates,
        major_clubs: clubs.as_deref(),
        per_department: a.per_department,
    })?;
    emit(&a.output, &checks, PlanCommand::CheckDelegation, lang)
}

/// `check delegation --federation PLAN.json DELEGATES`: clause 4's checks.
fn federation_run(plan: &str, a: &DelegationArgs, lang: Lang) -> Result<Status> {
    let plan = federation::read_federation_plan(plan)?;
    let source = Source::open(&a.delegates, a.encoding.options())?;
    let delegates = federation::read_federation_delegates(&source)?;
    let checks = federation::check_federation_delegation(&plan, &delegates);
    emit(
        &a.output,
        &checks,
        PlanCommand::CheckDelegationFederation,
        lang,
    )
}

fn org_run(a: OrgArgs, lang: Lang) -> Result<Status> {
    if a.output.format(&[Format::Table, Format::Json]) == Format::Csv {
        return Err(Error::usage("check prints --format table or json, not csv"));
    }
    a.output.check()?;
    let source = Source::open(&a.org, Encoding::Utf8)?;
    let org = org::parse_org(&source.name, &source.text)?;
    let checks = org::check_org(&org, a.profile);
    emit(&a.output, &checks, PlanCommand::CheckOrg, lang)
}
