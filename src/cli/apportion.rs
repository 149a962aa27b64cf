//! `congress apportion`: seats to units in proportion to their populations.
//!
//! ```text
//! congress apportion [INPUT] (--seats N | --ratio R) [--method M]
//!                    [--unit-col C] [--pop-col C] [--count-by C]
//!                    [--min N | --min-col C] [--max N | --max-col C]
//!                    [--lot SEED] [--explain] [--format table|csv|json] [--out FILE] [--force]
//! ```

use super::common::{to_json, EncodingArgs, ExcelArgs, Format, OutputArgs};
use super::Status;
use congress::apportion::{
    apportion, apportion_at_divisor, house_for_ratio, Allocation, Binding, Method, Outcome,
    Request, TiePolicy, Unit,
};
use congress::exact::Ratio;
use congress::internals::input::{parse_count, Source, Table};
use congress::internals::table::{render, Align};
use congress::schema::Schema;
use congress::{Error, ErrorKind, Result};
use std::collections::HashMap;

/// Arguments of `congress apportion`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("house").required(true).args(["seats", "ratio", "divisor"])))]
pub struct Args {
    /// CSV file of units and populations (`-` or nothing for standard input).
    pub input: Option<String>,
    /// House size: the number of seats to apportion.
    #[arg(long, value_name = "N")]
    pub seats: Option<u64>,
    /// House size as ceil(R × total population), R exact: 0.01, 1% or 1/100.
    #[arg(long, value_name = "R")]
    pub ratio: Option<String>,
    /// Instead of a house size: a fixed divisor D in people per seat (exact: 100, 62.5,
    /// 125/2); every unit gets clamp(round(population / D), min, max)
    /// and the house is their sum (divisor methods only; the seed's literal 1% rule is
    /// `--divisor 100 --method adams --min 3`).
    #[arg(long, value_name = "D")]
    pub divisor: Option<String>,
    /// hamilton (largest-remainder, hare), jefferson (dhondt), webster (sainte-lague),
    /// huntington-hill (hill, equal-proportions), adams (smallest-divisors), dean (harmonic-mean).
    #[arg(long, value_name = "M", default_value = "hamilton", value_parser = parse_method)]
    pub method: Method,
    /// Column holding the unit name (header name or 1-based number; default: the first).
    #[arg(long, value_name = "C")]
    pub unit_col: Option<String>,
    /// Column holding the population (header name or 1-based number; default: the second).
    #[arg(long, value_name = "C", conflicts_with = "count_by")]
    pub pop_col: Option<String>,
    /// Count one row per person; the units are the distinct values of column C.
    #[arg(long, value_name = "C", conflicts_with = "unit_col")]
    pub count_by: Option<String>,
    /// Minimum seats of every unit.
    #[arg(long, value_name = "N", conflicts_with = "min_col")]
    pub min: Option<u64>,
    /// Column holding each unit's minimum seats (empty cell: 0).
    #[arg(long, value_name = "C")]
    pub min_col: Option<String>,
    /// Maximum seats of every unit.
    #[arg(long, value_name = "N", conflicts_with = "max_col")]
    pub max: Option<u64>,
    /// Column holding each unit's maximum seats (empty cell: no maximum).
    #[arg(long, value_name = "C")]
    pub max_col: Option<String>,
    /// Decide a tie by the reproducible lot seeded with this public beacon.
    #[arg(long, value_name = "SEED")]
    pub lot: Option<String>,
    /// Show the audit view (divisor interval or quotas, margin, restrictions) in the table.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub excel: ExcelArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
}

fn parse_method(text: &str) -> std::result::Result<Method, String> {
    text.parse::<Method>().map_err(|e| e.message)
}

/// Runs `congress apportion`.
pub fn run(args: Args) -> Result<Status> {
    args.output.check()?;
    let path = args.input.as_deref().unwrap_or("-");
    let source = Source::open(path, args.encoding.options())?;
    let units = read_units(&source, &args)?;
    let total: u128 = units.iter().map(|u| u.population as u128).sum();
    if let Some(text) = &args.divisor {
        let divisor = Ratio::parse(text).map_err(|e| Error::usage(e.message).field("--divisor"))?;
        let allocation = apportion_at_divisor(args.method, &units, divisor)
            .map_err(|e| with_file(e, &source.name))?;
        let request = Request {
            method: args.method,
            house_size: allocation.house_size,
            units,
        };
        return finish(&args, &request, &allocation);
    }
    let house_size = match (args.seats, &args.ratio) {
        (Some(n), None) => n,
        (None, Some(text)) => house_from_ratio(text, total)?,
        _ => {
            return Err(Error::usage(
                "give exactly one of --seats N, --ratio R and --divisor D",
            ))
        }
    };
    let request = Request {
        method: args.method,
        house_size,
        units,
    };
    let policy = match &args.lot {
        Some(beacon) => TiePolicy::Lot {
            beacon: beacon.clone(),
        },
        None => TiePolicy::Report,
    };
    let allocation = match apportion(&request, &policy).map_err(|e| with_file(e, &source.name))? {
        Outcome::Decided(a) => a,
        Outcome::Tied(tie) => {
            let base: Vec<String> = request
                .units
                .iter()
                .zip(&tie.base_seats)
                .map(|(u, s)| format!("{} {s}", u.name))
                .collect();
            let plural = if tie.seats == 1 { "" } else { "s" };
            return Err(Error::tie(format!(
                "tie: {} are tied for {} seat{plural} under {} with house size {} (base allocation \
                 before the tied seats: {}); only a lot can decide, rerun with --lot SEED (a public beacon)",
                congress::error::bounded_list(&tie.units),
                tie.seats,
                request.method,
                request.house_size,
                congress::error::bounded_list(&base)
            )));
        }
    };
    finish(&args, &request, &allocation)
}

/// Renders the allocation in the chosen format and prints or writes it.
fn finish(args: &Args, request: &Request, allocation: &Allocation) -> Result<Status> {
    let format = args.output.format(&Format::ALL);
    let text = match format {
        Format::Csv => render_csv(request, allocation)?,
        Format::Json => to_json(Schema::Apportionment, &render_json(request, allocation)),
        Format::Table => render_table(request, allocation, args.explain),
    };
    args.output.emit_as(&text, format, &args.excel)?;
    Ok(Status::Success)
}

/// Names the input file in an input error (a usage error is about the flags, not the file).
fn with_file(e: Error, file: &str) -> Error {
    if e.kind == ErrorKind::Input {
        e.or_file(file)
    } else {
        e
    }
}

/// ceil(R × total), exactly.
fn house_from_ratio(text: &str, total: u128) -> Result<u64> {
    let ratio = Ratio::parse(text).map_err(|e| Error::usage(e.message).field("--ratio"))?;
    let total = u64::try_from(total)
        .map_err(|_| Error::input("total population exceeds 18446744073709551615"))?;
    house_for_ratio(ratio, total)
}

/// Reads the units (name, population, restrictions) from the input table.
fn read_units(source: &Source, args: &Args) -> Result<Vec<Unit>> {
    let mut table = Table::new(source)?;
    let name = source.name.clone();
    let min_col = args
        .min_col
        .as_deref()
        .map(|c| table.column(c))
        .transpose()?;
    let max_col = args
        .max_col
        .as_deref()
        .map(|c| table.column(c))
        .transpose()?;
    let headers = table.headers.clone();
    let header = |i: usize| headers.get(i).cloned().unwrap_or_default();
    let min_field = min_col.map(header);
    let max_field = max_col.map(header);
    let mut units: Vec<Unit> = Vec::new();
    // Unit name → (index in `units`, line first seen).
    let mut index: HashMap<String, (usize, u64)> = HashMap::new();
    let restriction = |record: &csv::StringRecord,
                       line: u64,
                       col: Option<usize>,
                       field: &Option<String>|
     -> Result<Option<u64>> {
        let (Some(col), Some(field)) = (col, field) else {
            return Ok(None);
        };
        let cell = record.get(col).unwrap_or("").trim();
        if cell.is_empty() {
            return Ok(None);
        }
        parse_count(cell, &name, line, field).map(Some)
    };
    // A unit's restrictions (column value, else the flag), checked min ≤ max on its line.
    let bounds = |min: Option<u64>, max: Option<u64>, line: u64| -> Result<(u64, Option<u64>)> {
        let lo = min.or(args.min).unwrap_or(0);
        let hi = max.or(args.max);
        match hi {
            Some(hi) if hi < lo => Err(Error::input(format!(
                "maximum {hi} seats < minimum {lo} seats, expected a maximum at least the minimum"
            ))
            .file(&name)
            .line(line)
            .field(
                max_field
                    .clone()
                    .or(min_field.clone())
                    .unwrap_or_else(|| "--max".into()),
            )),
            _ => Ok((lo, hi)),
        }
    };
    if let Some(spec) = &args.count_by {
        let col = table.column(spec)?;
        let field = header(col);
        for row in table.records() {
            let (line, record) = row?;
            let unit = record.get(col).unwrap_or("").trim().to_string();
            if unit.is_empty() {
                return Err(Error::input("empty unit name, expected a value")
                    .file(&name)
                    .line(line)
                    .field(&field));
            }
            let min = restriction(&record, line, min_col, &min_field)?;
            let max = restriction(&record, line, max_col, &max_field)?;
            match index.get(&unit) {
                Some(&(i, first)) => {
                    let u = &mut units[i];
                    u.population += 1;
                    let same_min = min.unwrap_or(0) == u.min_seats || min_col.is_none();
                    let same_max = max_col.is_none() || max == u.max_seats;
                    if !same_min || !same_max {
                        let f = if same_min { &max_field } else { &min_field };
                        return Err(Error::input(format!(
                            "unit '{unit}' has a different restriction than on line {first}, \
                             expected the same value on every row of a unit"
                        ))
                        .file(&name)
                        .line(line)
                        .field(f.clone().unwrap_or_default()));
                    }
                }
                None => {
                    let (min_seats, max_seats) = bounds(min, max, line)?;
                    index.insert(unit.clone(), (units.len(), line));
                    units.push(Unit {
                        name: unit,
                        population: 1,
                        min_seats,
                        max_seats,
                    });
                }
            }
        }
    } else {
        let unit_col = match &args.unit_col {
            Some(spec) => table.column(spec)?,
            None => 0,
        };
        let pop_col = match &args.pop_col {
            Some(spec) => table.column(spec)?,
            None if headers.len() >= 2 => 1,
            None => {
                return Err(Error::input(
                    "missing column, expected a population in the second column (or --pop-col C, or --count-by C for one row per person)",
                )
                .file(&name)
                .line(1))
            }
        };
        let unit_field = header(unit_col);
        let pop_field = header(pop_col);
        for row in table.records() {
            let (line, record) = row?;
            let unit = record.get(unit_col).unwrap_or("").trim().to_string();
            if unit.is_empty() {
                return Err(Error::input("empty unit name, expected a name")
                    .file(&name)
                    .line(line)
                    .field(&unit_field));
            }
            if let Some(&(_, first)) = index.get(&unit) {
                return Err(Error::input(format!(
                    "duplicate unit '{unit}' (first on line {first}), expected each unit once \
                     (use --count-by C for one row per person)"
                ))
                .file(&name)
                .line(line)
                .field(&unit_field));
            }
            let population =
                parse_count(record.get(pop_col).unwrap_or(""), &name, line, &pop_field)?;
            let min = restriction(&record, line, min_col, &min_field)?;
            let max = restriction(&record, line, max_col, &max_field)?;
            let (min_seats, max_seats) = bounds(min, max, line)?;
            index.insert(unit.clone(), (units.len(), line));
            units.push(Unit {
                name: unit,
                population,
                min_seats,
                max_seats,
            });
        }
    }
    if units.is_empty() {
        return Err(Error::input("no data rows, expected one row per unit").file(&name));
    }
    Ok(units)
}

fn quota(allocation: &Allocation, i: usize) -> String {
    allocation
        .quotas
        .get(i)
        .map(|q| q.to_decimal(4))
        .unwrap_or_default()
}

/// CSV: `unit,population,quota,seats`, input order.
fn render_csv(request: &Request, allocation: &Allocation) -> Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let io = |e: csv::Error| Error::input(format!("cannot render CSV: {e}"));
    writer
        .write_record(["unit", "population", "quota", "seats"])
        .map_err(io)?;
    for (i, unit) in request.units.iter().enumerate() {
        writer
            .write_record([
                unit.name.clone(),
                unit.population.to_string(),
                quota(allocation, i),
                allocation.seats[i].to_string(),
            ])
            .map_err(io)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::input(format!("cannot render CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::input(format!("cannot render CSV: {e}")))
}

/// JSON: the contract's keys, then the restrictions and the audit view. Serialized straight
/// from borrowed rows (a million units must not become a million JSON objects in memory).
fn render_json<'a>(request: &'a Request, allocation: &'a Allocation) -> ApportionJson<'a> {
    let audit = &allocation.audit;
    let units = request
        .units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let a = &audit.units[i];
            UnitJson {
                unit: &unit.name,
                population: unit.population,
                quota: quota(allocation, i),
                seats: allocation.seats[i],
                min: unit.min_seats,
                max: unit.max_seats,
                lower_quota: a.lower_quota,
                upper_quota: a.upper_quota,
                within_quota: a.within_quota,
                binding: a.binding,
                adjusted_quota: a.adjusted_quota.as_deref(),
            }
        })
        .collect();
    let ties = allocation
        .ties
        .iter()
        .zip(&allocation.lots)
        .map(|(tie, lot)| TieJson {
            units: &tie.units,
            seats: tie.seats,
            base_seats: BaseSeats {
                units: &request.units,
                seats: &tie.base_seats,
            },
            resolved_by: "lot",
            winners: lot.order.iter().take(tie.seats as usize).collect(),
        })
        .collect();
    ApportionJson {
        method: allocation.method.name(),
        house_size: allocation.house_size,
        total_population: allocation.total_population,
        units,
        ties,
        lots: &allocation.lots,
        lot_root_input: (!allocation.lots.is_empty())
            .then(|| congress::apportion::canonical_request(request)),
        audit: AuditJson {
            divisor_interval: &audit.divisor,
            hamilton: &audit.hamilton,
            last_seat: &audit.last_seat,
            next_in_line: &audit.next_in_line,
            margin: &audit.margin,
            population_needed: audit.population_needed,
        },
    }
}

/// The JSON result of `congress apportion` (contract §2 keys first).
#[derive(serde::Serialize)]
struct ApportionJson<'a> {
    method: &'a str,
    house_size: u64,
    total_population: u64,
    units: Vec<UnitJson<'a>>,
    ties: Vec<TieJson<'a>>,
    lots: &'a [congress::lot::Lot],
    lot_root_input: Option<String>,
    audit: AuditJson<'a>,
}

/// One unit of [`ApportionJson`].
#[derive(serde::Serialize)]
struct UnitJson<'a> {
    unit: &'a str,
    population: u64,
    quota: String,
    seats: u64,
    min: u64,
    max: Option<u64>,
    lower_quota: u64,
    upper_quota: u64,
    within_quota: bool,
    binding: Option<congress::apportion::audit::Binding>,
    adjusted_quota: Option<&'a str>,
}

/// One tie of [`ApportionJson`].
#[derive(serde::Serialize)]
struct TieJson<'a> {
    units: &'a [String],
    seats: u64,
    base_seats: BaseSeats<'a>,
    resolved_by: &'static str,
    winners: Vec<&'a String>,
}

/// The seats of every unit before a tie's seats, as an object keyed by unit.
struct BaseSeats<'a> {
    units: &'a [congress::apportion::Unit],
    seats: &'a [u64],
}

impl serde::Serialize for BaseSeats<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.seats.len()))?;
        for (u, s) in self.units.iter().zip(self.seats) {
            map.serialize_entry(&u.name, s)?;
        }
        map.end()
    }
}

/// The audit view of [`ApportionJson`].
#[derive(serde::Serialize)]
struct AuditJson<'a> {
    divisor_interval: &'a Option<congress::apportion::audit::DivisorInterval>,
    hamilton: &'a Option<congress::apportion::audit::HamiltonQuotas>,
    last_seat: &'a Option<congress::apportion::audit::Contender>,
    next_in_line: &'a Option<congress::apportion::audit::Contender>,
    margin: &'a Option<String>,
    population_needed: Option<u64>,
}

/// The aligned table, with the audit view under `--explain`.
fn render_table(request: &Request, allocation: &Allocation, explain: bool) -> String {
    let audit = &allocation.audit;
    let mut out = format!(
        "method: {}  house size: {}  total population: {}\n\n",
        allocation.method, allocation.house_size, allocation.total_population
    );
    let mut headers = vec!["unit", "population", "quota", "seats"];
    let mut align = vec![Align::Left, Align::Right, Align::Right, Align::Right];
    if explain {
        headers.extend(["within quota", "restriction"]);
        align.extend([Align::Left, Align::Left]);
        if allocation.method == Method::Hamilton {
            headers.push("adjusted quota");
            align.push(Align::Right);
        }
    }
    let rows: Vec<Vec<String>> = request
        .units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let mut row = vec![
                unit.name.clone(),
                unit.population.to_string(),
                quota(allocation, i),
                allocation.seats[i].to_string(),
            ];
            if explain {
                let a = &audit.units[i];
                let within = if a.within_quota { "yes" } else { "no" };
                row.push(format!("{within} ({}–{})", a.lower_quota, a.upper_quota));
                row.push(match a.binding {
                    Some(Binding::Min) => format!("min {} binds", unit.min_seats),
                    Some(Binding::Max) => {
                        format!("max {} binds", unit.max_seats.unwrap_or_default())
                    }
                    None => String::new(),
                });
                if allocation.method == Method::Hamilton {
                    row.push(a.adjusted_quota.clone().unwrap_or_else(|| "held".into()));
                }
            }
            row
        })
        .collect();
    out.push_str(&render(&headers, &rows, &align));
    if explain {
        out.push('\n');
        if let Some(d) = &audit.divisor {
            let high = d.high.as_deref().unwrap_or("unbounded");
            out.push_str(&format!(
                "divisor interval: {} to {} people per seat (exactly {} to {})\n",
                d.low,
                high,
                d.low_exact,
                d.high_exact.as_deref().unwrap_or("unbounded")
            ));
        }
        if let Some(h) = &audit.hamilton {
            out.push_str(&format!(
                "quota base: {} seats shared by quota among {} people (hare quota {})\n",
                h.seats,
                h.population,
                h.hare_quota.as_deref().unwrap_or("-")
            ));
        }
        let what = if allocation.method == Method::Hamilton {
            "remainder"
        } else {
            "divisor value"
        };
        if let Some(c) = &audit.last_seat {
            out.push_str(&format!(
                "last seat: {} (its seat {}, {what} {})\n",
                c.unit, c.seat, c.value
            ));
        }
        if let Some(c) = &audit.next_in_line {
            out.push_str(&format!(
                "next in line: {} (its seat {}, {what} {})\n",
                c.unit, c.seat, c.value
            ));
        }
        if let Some(m) = &audit.margin {
            out.push_str(&format!("margin: {m}"));
            if let Some(p) = audit.population_needed {
                out.push_str(&format!(
                    " ({} would need {p} more people to take the last seat)",
                    audit
                        .next_in_line
                        .as_ref()
                        .map(|c| c.unit.as_str())
                        .unwrap_or("")
                ));
            }
            out.push('\n');
        }
    }
    for (tie, lot) in allocation.ties.iter().zip(&allocation.lots) {
        out.push_str(&format!(
            "\ntie: {} were tied for {} seat(s); the lot (beacon '{}', seed {}) gave them to {}\n",
            tie.units.join(", "),
            tie.seats,
            lot.beacon,
            lot.seed_hex,
            lot.order
                .iter()
                .take(tie.seats as usize)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}
