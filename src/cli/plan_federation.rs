//! `congress plan federation`: the federation congress of clause 4 (二.4) from a list of
//! institutions.
//!
//! ```text
//! congress plan federation INSTITUTIONS (--seats N | --ratio R) [--regions REGIONS]
//!                          [--method M] [--institution-min 1] [--county-min 1]
//!                          [--non-cadre-share 0.6] [--group-min-students 1000]
//!                          [--secondary-kinds 中学,中职,secondary,secondary-vocational]
//!                          [--lot SEED] [--format table|csv|json] [--out FILE] [--force]
//!                          [--encoding E]
//! ```

use super::common::{EncodingArgs, ExcelArgs, Format, OutputArgs};
use super::Status;
use congress::apportion::Method;
use congress::exact::Ratio;
use congress::internals::input::Source;
use congress::plan::federation::{self, Federation, FederationOptions, HouseSize, SECONDARY_KINDS};
use congress::{Error, Result};

/// Arguments of `congress plan federation`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// INSTITUTIONS.csv: `institution, kind, region, students` (学校, 类别, 县级区域, 学生数),
    /// one row per institution (`-` for standard input).
    pub institutions: String,
    /// Delegates in the congress.
    #[arg(long, value_name = "N", required_unless_present = "ratio")]
    pub seats: Option<u64>,
    /// Delegates per student: the house is ceil(R × all students) (0.001, 0.1% or 1/1000).
    #[arg(long, value_name = "R", conflicts_with = "seats")]
    pub ratio: Option<String>,
    /// REGIONS.csv: every county-level region (县级区域), so one without a secondary school
    /// in INSTITUTIONS is reported.
    #[arg(long, value_name = "REGIONS")]
    pub regions: Option<String>,
    /// Apportionment method: webster (default), hamilton, jefferson, huntington-hill, adams, dean.
    #[arg(long, value_name = "M", default_value = "webster")]
    pub method: String,
    /// The least seats of every higher-education institution.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub institution_min: u64,
    /// The least secondary seats of every county-level region with secondary schools.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub county_min: u64,
    /// The least share of each institution's and region's seats for non-cadre students.
    #[arg(long, value_name = "R", default_value = "0.6")]
    pub non_cadre_share: String,
    /// A gender or ethnic group with this many students gets at least one reserved seat.
    #[arg(long, value_name = "N", default_value_t = 1_000)]
    pub group_min_students: u64,
    /// The kinds of the secondary sector, comma-separated; every other kind is higher
    /// education [default: 中学,中职,secondary,secondary-vocational].
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub secondary_kinds: Vec<String>,
    /// Decide ties by a reproducible lot seeded with this public text.
    #[arg(long, value_name = "SEED")]
    pub lot: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub excel: ExcelArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
}

fn ratio_arg(text: &str, flag: &str) -> Result<Ratio> {
    Ratio::parse(text).map_err(|e| Error::usage(format!("{flag}: {}", e.message)))
}

/// The secondary kinds: the flag's, trimmed and non-empty, or the defaults.
fn secondary_kinds(given: &[String]) -> Result<Vec<String>> {
    if given.is_empty() {
        return Ok(SECONDARY_KINDS.iter().map(|k| k.to_string()).collect());
    }
    let kinds: Vec<String> = given.iter().map(|k| k.trim().to_string()).collect();
    if kinds.iter().any(String::is_empty) {
        return Err(Error::usage(
            "--secondary-kinds has an empty kind, expected kinds separated by commas",
        ));
    }
    Ok(kinds)
}

/// Runs `congress plan federation`.
pub fn run(args: Args) -> Result<Status> {
    let method: Method = args.method.parse()?;
    let house = match (args.seats, &args.ratio) {
        (Some(n), None) => HouseSize::Seats(n),
        (None, Some(r)) => HouseSize::Ratio(ratio_arg(r, "--ratio")?),
        _ => return Err(Error::usage("give one of --seats N and --ratio R")),
    };
    let options = FederationOptions {
        house,
        method,
        institution_min: args.institution_min,
        county_min: args.county_min,
        non_cadre_share: ratio_arg(&args.non_cadre_share, "--non-cadre-share")?,
        group_min_students: args.group_min_students,
        lot: args.lot,
    };
    let kinds = secondary_kinds(&args.secondary_kinds)?;
    args.output.check()?;
    let institutions = Source::open(&args.institutions, args.encoding.options())?;
    let regions = match &args.regions {
        Some(path) => Some(Source::open(path, args.encoding.options())?),
        None => None,
    };
    let federation = Federation::parse(&institutions, regions.as_ref(), &kinds)?;
    let plan = federation::make_federation_plan(&federation, &options)?;
    let format = args.output.format(&Format::ALL);
    let text = match format {
        Format::Table => federation::render_table(&plan),
        Format::Csv => federation::render_csv(&plan),
        Format::Json => federation::render_json(&plan),
    };
    args.output.emit_as(&text, format, &args.excel)?;
    Ok(Status::Success)
}
