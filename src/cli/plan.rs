//! `congress plan`: the student congress of clause 8 from a roster.
//!
//! ```text
//! congress plan ROSTER [--seats N] [--ratio 0.01] [--min 3] [--method M]
//!                      [--non-cadre-share 0.6] [--assembly-below 400]
//!                      [--grades proportional|biproportional] [--per-department-ratio]
//!                      [--lot SEED] [--format table|csv|json] [--out FILE] [--force]
//!                      [--encoding E]
//! congress plan federation INSTITUTIONS (--seats N | --ratio R) …   (src/cli/plan_federation.rs)
//! ```

use super::common::{ColumnsArgs, EncodingArgs, ExcelArgs, Format, OutputArgs};
use super::Status;
use congress::apportion::Method;
use congress::exact::Ratio;
use congress::plan::elections::{department_elections, index_csv, GradeConstraints};
use congress::plan::{self, GradeMode, PlanOptions};
use congress::roster::Roster;
use congress::{Error, Result};

/// How grades share a department's seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GradesArg {
    /// Each department's seats among its grades by the plan's method.
    Proportional,
    /// The department × grade matrix, biproportionally.
    Biproportional,
}

/// The plans other than the school congress's.
#[derive(Debug, clap::Subcommand)]
pub enum Plan {
    /// Plan the provincial or city federation congress of clause 4 from its institutions.
    Federation(super::plan_federation::Args),
}

/// Arguments of `congress plan`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    /// `congress plan federation …`: the federation congress of clause 4.
    #[command(subcommand)]
    pub plan: Option<Plan>,
    /// Roster CSV, one row per student (`-` for standard input).
    #[arg(required = true)]
    pub roster: Option<String>,
    /// The smallest house size wanted; the house is max(--seats, ceil(ratio × students)).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seats: u64,
    /// Delegates per student served (clause 8: 1%): 0.01, 1% or 1/100.
    #[arg(long, value_name = "R", default_value = "0.01")]
    pub ratio: String,
    /// The department floor: a department whose share is below it gets it (clause 8: 3).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub min: u64,
    /// Apportionment method: webster (default), hamilton, jefferson, huntington-hill, adams, dean.
    #[arg(long, value_name = "M", default_value = "webster")]
    pub method: String,
    /// The least share of non-cadre delegates (clause 8: 60%).
    #[arg(long, value_name = "R", default_value = "0.6")]
    pub non_cadre_share: String,
    /// Departments with fewer students may hold an all-student assembly (clause 8: 400).
    #[arg(long, value_name = "N", default_value_t = 400)]
    pub assembly_below: u64,
    /// How grades share a department's seats.
    #[arg(long, value_enum, default_value_t = GradesArg::Proportional)]
    pub grades: GradesArg,
    /// Reading M1: each department gets max(--min, ceil(ratio × its students)); the house is the sum.
    #[arg(long, conflicts_with_all = ["seats", "method"])]
    pub per_department_ratio: bool,
    /// Decide ties by a reproducible lot seeded with this public text.
    #[arg(long, value_name = "SEED")]
    pub lot: Option<String>,
    /// Also write one majority-approval election file per department to DIR (d01.toml, …,
    /// and index.csv `file,department,seats`), with the plan's constraints.
    #[arg(long, value_name = "DIR")]
    pub elections: Option<std::path::PathBuf>,
    /// Grade constraints in those files: cover (min 1 per grade with a seat), exact (min = max
    /// = the grade's seats) or none.
    #[arg(long, value_name = "MODE", default_value = "cover", value_parser = parse_grade_constraints)]
    pub grade_constraints: GradeConstraints,
    /// The plan's id, which the department elections' ids start with (default: the roster
    /// file's name without its extension).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub excel: ExcelArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
    #[command(flatten)]
    pub columns: ColumnsArgs,
}

fn parse_grade_constraints(s: &str) -> std::result::Result<GradeConstraints, String> {
    GradeConstraints::ALL
        .into_iter()
        .find(|m| m.name() == s)
        .ok_or_else(|| {
            format!("'{s}' is not a grade-constraint mode, expected cover, exact or none")
        })
}

fn ratio_arg(text: &str, flag: &str) -> Result<Ratio> {
    Ratio::parse(text).map_err(|e| Error::usage(format!("{flag}: {}", e.message)))
}

/// Runs `congress plan`.
pub fn run(args: Args, lang: congress::lang::Lang) -> Result<Status> {
    let roster_path = match (args.plan, &args.roster) {
        (Some(Plan::Federation(federation)), _) => return super::plan_federation::run(federation),
        (None, Some(path)) => path.clone(),
        (None, None) => return Err(Error::usage("expected a ROSTER file or `plan federation`")),
    };
    let method: Method = args.method.parse()?;
    let options = PlanOptions {
        seats: args.seats,
        ratio: ratio_arg(&args.ratio, "--ratio")?,
        min_seats: args.min,
        method,
        non_cadre_share: ratio_arg(&args.non_cadre_share, "--non-cadre-share")?,
        assembly_below: args.assembly_below,
        grades: match args.grades {
            GradesArg::Proportional => GradeMode::Proportional,
            GradesArg::Biproportional => GradeMode::Biproportional,
        },
        per_department_ratio: args.per_department_ratio,
        lot: args.lot,
    };
    args.output.check()?;
    let roster = Roster::read(&roster_path, args.columns.roster_options(&args.encoding))?;
    let plan = plan::make_plan(&roster, &options)?;
    let format = args.output.format(&Format::ALL);
    let text = match format {
        Format::Table => plan::render_table_in(&plan, lang),
        Format::Csv => plan::render_csv(&plan),
        Format::Json => plan::render_json(&plan),
    };
    if let Some(dir) = &args.elections {
        let id = plan_id(args.id.as_deref(), &roster_path)?;
        write_elections(
            dir,
            &department_elections(&plan, &id, args.grade_constraints),
            args.output.force,
        )?;
    }
    args.output.emit_as(&text, format, &args.excel)?;
    Ok(Status::Success)
}

/// The plan's id: `--id`, else the roster file's name without its extension.
fn plan_id(given: Option<&str>, roster: &str) -> Result<String> {
    let id = match given {
        Some(id) => id.to_string(),
        None => std::path::Path::new(roster)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| congress::ballot::election::valid_id(s))
            .unwrap_or_else(|| "plan".to_string()),
    };
    if !congress::ballot::election::valid_id(&id) {
        return Err(Error::usage(format!(
            "--id '{id}': expected letters, digits, '.', '_' or '-'"
        )));
    }
    Ok(id)
}

/// Writes the department elections and `index.csv` into `dir` (made when missing), each
/// atomically; none when one of them exists and `--force` is not given.
fn write_elections(
    dir: &std::path::Path,
    elections: &[congress::plan::elections::DepartmentElection],
    force: bool,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<(std::path::PathBuf, &[u8])> = elections
        .iter()
        .map(|e| (dir.join(&e.file), e.text.as_bytes()))
        .collect();
    let index = index_csv(elections);
    files.push((dir.join("index.csv"), index.as_bytes()));
    for (path, _) in &files {
        congress::internals::output::ensure_writable(path, force)?;
    }
    for (path, bytes) in &files {
        congress::internals::output::write_atomic(path, bytes, force)?;
    }
    Ok(())
}
