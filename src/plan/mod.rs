//! The student congress of clause 8 (二.8): from a roster to the delegate plan.
//!
//! "代表名额一般不低于学生会组织所联系学生人数的1%，名额分配要覆盖各个院系、年级及主要学生社团，
//! 其中非校、院（系）级学生会骨干的学生代表一般不低于60%。各院（系）代表名额原则上依照各院（系）
//! 学生会所联系学生人数按比例分配，代表名额不足3人的以3人计。" (seed, clause 二.8)
//!
//! [`make_plan`] computes the house size, apportions it to departments (by the
//! [`crate::apportion`] module, never a second implementation), each department's seats to
//! its grades (or the department × grade matrix biproportionally), the non-cadre minimum,
//! the standing conference and the all-student-assembly rule, and checks each rule.
//! [`delegation`] checks an elected delegation against a plan; [`org`] checks the
//! organisation limits of clauses 9 and 12.

pub mod checks;
pub mod delegation;
pub mod elections;
pub mod federation;
pub mod org;

use crate::apportion::{self, biproportional, Method, Outcome, Request, TiePolicy, Unit};
use crate::error::{Error, Result};
use crate::exact::{decimal, wide_mul, Ratio};
use crate::lot::Lot;
use crate::roster::Roster;
use checks::{Check, PlanCheckId};
use serde::{Deserialize, Serialize};

/// How seats are split among grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GradeMode {
    /// Each department's seats apportioned among its own grades by the plan's method.
    #[default]
    Proportional,
    /// The whole department × grade matrix apportioned biproportionally.
    Biproportional,
}

impl GradeMode {
    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            GradeMode::Proportional => "proportional",
            GradeMode::Biproportional => "biproportional",
        }
    }
}

/// The parameters of a plan (the `congress plan` flags).
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// `--seats`: the smallest house the committee wants (0 = none).
    pub seats: u64,
    /// `--ratio`: delegates per student served (clause 8: 1%).
    pub ratio: Ratio,
    /// `--min`: the department floor (clause 8: 3).
    pub min_seats: u64,
    /// `--method`: the apportionment method (default webster).
    pub method: Method,
    /// `--non-cadre-share`: the least share of non-cadre delegates (clause 8: 60%).
    pub non_cadre_share: Ratio,
    /// `--assembly-below`: departments with fewer students may hold an assembly (400).
    pub assembly_below: u64,
    /// `--grades`: how seats are split among grades.
    pub grades: GradeMode,
    /// `--per-department-ratio`: reading M1, each department max(min, ceil(ratio × students)).
    pub per_department_ratio: bool,
    /// `--lot`: the beacon that decides ties by lot (none: a tie is an error, exit 4).
    pub lot: Option<String>,
}

impl Default for PlanOptions {
    fn default() -> PlanOptions {
        PlanOptions {
            seats: 0,
            ratio: Ratio::new(1, 100),
            min_seats: 3,
            method: Method::Webster,
            non_cadre_share: Ratio::new(3, 5),
            assembly_below: 400,
            grades: GradeMode::Proportional,
            per_department_ratio: false,
            lot: None,
        }
    }
}

/// One grade's seats within a department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradePlan {
    /// The grade (年级) label.
    pub grade: String,
    /// Students of the department in this grade.
    pub students: u64,
    /// Seats for this grade.
    pub seats: u64,
}

/// One department's delegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentPlan {
    /// The department (院系) name.
    pub department: String,
    /// Students the department's union serves.
    pub students: u64,
    /// Exact proportional share house × students / total, 4 decimals.
    #[serde(default)]
    pub quota: String,
    /// Seats (delegates) of the department.
    pub seats: u64,
    /// Whether its proportional share was below the floor, so the floor set its seats.
    #[serde(default)]
    pub floored: bool,
    /// The fewest non-cadre delegates among its seats: ceil(share × seats).
    #[serde(default)]
    pub non_cadre_min: u64,
    /// Whether it may hold an all-student assembly instead of a congress (students < 400).
    #[serde(default)]
    pub assembly_allowed: bool,
    /// Non-cadre students in the department (extra key).
    #[serde(default)]
    pub non_cadre_students: u64,
    /// Seats per grade, in grade order (grades with students only).
    #[serde(default)]
    pub grades: Vec<GradePlan>,
}

/// The delegate plan of clause 8 (the JSON of contract §3, plus a few extra keys).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    /// Students in the roster (the students served).
    pub students: u64,
    /// Delegates in the congress.
    pub house_size: u64,
    /// The apportionment method (or `per-department-ratio` for reading M1).
    #[serde(default)]
    pub method: String,
    /// The required ratio, exact (`"0.01"`, or `"1/3"` when not a finite decimal).
    pub ratio_required: String,
    /// house_size / students, 6 decimals.
    #[serde(default)]
    pub ratio_achieved: String,
    /// The department floor (extra key).
    #[serde(default)]
    pub min_seats: u64,
    /// The required non-cadre share, exact (extra key).
    #[serde(default)]
    pub non_cadre_share: String,
    /// How grades were apportioned (extra key).
    #[serde(default)]
    pub grades_mode: GradeMode,
    /// The departments in roster order.
    pub departments: Vec<DepartmentPlan>,
    /// Seats in the standing delegates' conference: one per department.
    #[serde(default)]
    pub standing_conference_seats: u64,
    /// The rule checks.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Lots drawn to settle ties (extra key; empty when none).
    #[serde(default, skip_deserializing)]
    pub lots: Vec<Lot>,
}

/// A ratio as an exact decimal when it has one (`"0.01"`), else as a fraction (`"1/3"`).
pub fn exact_ratio_text(r: &Ratio) -> String {
    let r = r.reduced();
    let mut den = r.den;
    let (mut twos, mut fives) = (0u32, 0u32);
    while den % 2 == 0 {
        den /= 2;
        twos += 1;
    }
    while den % 5 == 0 {
        den /= 5;
        fives += 1;
    }
    if den != 1 {
        return r.to_fraction_string();
    }
    let places = twos.max(fives);
    if places == 0 {
        return r.num.to_string();
    }
    decimal(r.num, r.den, places)
}

/// ceil(r × n), exactly.
pub(crate) fn ceil_share(r: &Ratio, n: u64) -> Result<u64> {
    let num = r
        .num
        .checked_mul(n as u128)
        .ok_or_else(|| Error::input("ratio too precise for the roster size"))?;
    u64::try_from(num.div_ceil(r.den)).map_err(|_| Error::input("share out of range"))
}

/// Runs one apportionment, turning a reported tie into the exit-4 error and keeping lots.
pub(crate) fn decide(
    request: &Request,
    lot: Option<&str>,
    what: &str,
    lots: &mut Vec<Lot>,
) -> Result<Vec<u64>> {
    let policy = match lot {
        Some(beacon) => TiePolicy::Lot {
            beacon: beacon.to_string(),
        },
        None => TiePolicy::Report,
    };
    match apportion::apportion(request, &policy)? {
        Outcome::Decided(allocation) => {
            let total: u64 = allocation.seats.iter().sum();
            if allocation.seats.len() != request.units.len() || total != request.house_size {
                return Err(Error::input(format!(
                    "{what}: apportionment returned {total} seats for a house of {}",
                    request.house_size
                )));
            }
            lots.extend(allocation.lots);
            Ok(allocation.seats)
        }
        Outcome::Tied(tie) => Err(Error::tie(format!(
            "{what}: {} are tied for {} seat(s) at the margin (equal priorities); \
             rerun with --lot SEED to decide by a reproducible lot",
            tie.units.join(", "),
            tie.seats
        ))),
    }
}

/// Validates options that do not depend on the roster.
fn validate(opts: &PlanOptions) -> Result<()> {
    if opts.ratio > Ratio::integer(1) {
        return Err(Error::usage(format!(
            "--ratio {} is above 1, expected delegates per student such as 0.01",
            exact_ratio_text(&opts.ratio)
        )));
    }
    if opts.non_cadre_share > Ratio::integer(1) {
        return Err(Error::usage(
            "--non-cadre-share is above 1, expected a share such as 0.6",
        ));
    }
    if opts.grades == GradeMode::Biproportional && !biproportional::supports(opts.method) {
        return Err(Error::usage(format!(
            "--grades biproportional needs a divisor method with rational signposts \
             (jefferson, webster, adams, dean), not {}",
            opts.method
        )));
    }
    Ok(())
}

/// Computes the delegate plan of clause 8 for a roster: the departments' seats (at least 1%
/// of the students, every department its floor), each department's grades, the non-cadre
/// minimum, the standing conference and the all-student assembly, each with its check.
///
/// # Example
///
/// The plan of the example roster (2,400 students in 7 departments) for at least 40 seats,
/// as `congress plan fixtures/roster.csv --seats 40` prints it:
///
/// ```
/// use congress::input::Encoding;
/// use congress::plan::{make_plan, PlanOptions};
/// use congress::roster::Roster;
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/roster.csv");
/// let roster = Roster::read(path, Encoding::Utf8)?;
/// let plan = make_plan(&roster, &PlanOptions { seats: 40, ..PlanOptions::default() })?;
/// assert_eq!((plan.students, plan.house_size), (2400, 40));
/// let seats: Vec<u64> = plan.departments.iter().map(|d| d.seats).collect();
/// assert_eq!(seats, [13, 8, 6, 4, 3, 3, 3]);
/// // Clause 8: every department at least 3 seats, at least 60% non-cadre delegates.
/// assert!(plan.departments.iter().all(|d| d.seats >= 3));
/// assert_eq!(plan.departments[0].non_cadre_min, 8); // ceil(0.6 × 13)
/// assert_eq!(plan.standing_conference_seats, 7);
/// # Ok::<(), congress::Error>(())
/// ```
pub fn make_plan(roster: &Roster, opts: &PlanOptions) -> Result<Plan> {
    validate(opts)?;
    let sizes = roster.department_sizes();
    let students: u64 = sizes.iter().sum();
    let mut checks = Vec::new();
    let mut lots = Vec::new();
    let required = ceil_share(&opts.ratio, students)?;
    let departments = if opts.per_department_ratio {
        department_seats_by_ratio(roster, &sizes, students, opts, &mut checks)?
    } else {
        department_seats_apportioned(
            roster,
            &sizes,
            students,
            required,
            opts,
            &mut checks,
            &mut lots,
        )?
    };
    let house = departments.house;
    if let Some(check) = small_departments_check(roster, &sizes, opts) {
        checks.push(check);
    }
    checks.insert(0, delegates_ratio_check(house, students, required, opts));
    let grade_sizes = roster.department_grade_sizes();
    let (grade_seats, grades_used) = grade_seats(
        roster,
        &grade_sizes,
        &departments,
        opts,
        &mut checks,
        &mut lots,
    )?;
    checks.push(grade_coverage_check(
        roster,
        &grade_sizes,
        &grade_seats,
        &departments.seats,
        grades_used,
    ));
    let (plans, non_cadre_check) = department_plans(
        roster,
        &sizes,
        &departments,
        &grade_sizes,
        &grade_seats,
        opts,
    )?;
    checks.push(non_cadre_check);
    checks.push(standing_conference_check(sizes.len() as u64));
    checks.push(assembly_check(&plans, opts));
    Ok(Plan {
        students,
        house_size: house,
        method: departments.method_name,
        ratio_required: exact_ratio_text(&opts.ratio),
        ratio_achieved: decimal(house as u128, students as u128, 6),
        min_seats: opts.min_seats,
        non_cadre_share: exact_ratio_text(&opts.non_cadre_share),
        grades_mode: grades_used,
        departments: plans,
        standing_conference_seats: sizes.len() as u64,
        checks,
        lots,
    })
}

/// The departments' seats: the house, each department's seats, whether its floor set them,
/// its exact quota, and the method's name for the plan.
struct DepartmentSeats {
    house: u64,
    seats: Vec<u64>,
    floored: Vec<bool>,
    quotas: Vec<String>,
    method_name: String,
}

/// Each department's floor: `--min`, or all its students when it has fewer.
fn floors(sizes: &[u64], opts: &PlanOptions) -> Vec<u64> {
    sizes.iter().map(|&n| opts.min_seats.min(n)).collect()
}

/// Reading M1 of clause 8: each department max(min, ceil(ratio × students)); the house is the
/// sum.
fn department_seats_by_ratio(
    roster: &Roster,
    sizes: &[u64],
    students: u64,
    opts: &PlanOptions,
    checks: &mut Vec<Check>,
) -> Result<DepartmentSeats> {
    let minima = floors(sizes, opts);
    let mut seats = Vec::with_capacity(sizes.len());
    let mut floored = Vec::with_capacity(sizes.len());
    for (i, &n) in sizes.iter().enumerate() {
        let share = ceil_share(&opts.ratio, n)?;
        // ratio × n < min, exactly
        floored.push(
            wide_mul(opts.ratio.num, n as u128) < wide_mul(minima[i] as u128, opts.ratio.den),
        );
        seats.push(share.max(minima[i]));
    }
    let house: u64 = seats.iter().sum();
    let quotas: Vec<String> = sizes
        .iter()
        .map(|&n| decimal(house as u128 * n as u128, students as u128, 4))
        .collect();
    checks.push(Check::pass(
        PlanCheckId::PlanDepartmentFloor,
        format!(
            "every department has at least {} seats (max(min, ceil(ratio × students)), reading M1); floored: {}",
            opts.min_seats,
            floored_list(&roster.departments, &floored)
        ),
    ));
    Ok(DepartmentSeats {
        house,
        seats,
        floored,
        quotas,
        method_name: "per-department-ratio".to_string(),
    })
}

/// Clause 8 as apportionment: the house is the larger of `--seats` and ceil(ratio ×
/// students), grown to the sum of the floors when they alone exceed it (a warning); the
/// seats are apportioned by the plan's method, every department at least its floor and at
/// most its students.
fn department_seats_apportioned(
    roster: &Roster,
    sizes: &[u64],
    students: u64,
    required: u64,
    opts: &PlanOptions,
    checks: &mut Vec<Check>,
    lots: &mut Vec<Lot>,
) -> Result<DepartmentSeats> {
    let names = &roster.departments;
    let minima = floors(sizes, opts);
    let sum_minima: u64 = minima.iter().sum();
    let mut house = opts.seats.max(required);
    if sum_minima > house {
        checks.push(Check::warn(
            PlanCheckId::PlanDepartmentFloor,
            format!(
                "the minima alone ({} departments, sum {sum_minima}) exceed the house of {house}: \
                 the house grows to {sum_minima}",
                sizes.len()
            ),
        ));
        house = sum_minima;
    }
    if house > students {
        return Err(Error::input(format!(
            "a house of {house} delegates exceeds the {students} students in the roster"
        ))
        .file(roster.source.clone()));
    }
    let request = Request {
        method: opts.method,
        house_size: house,
        units: names
            .iter()
            .zip(sizes)
            .zip(&minima)
            .map(|((name, &n), &m)| Unit {
                name: name.clone(),
                population: n,
                min_seats: m,
                max_seats: Some(n),
            })
            .collect(),
    };
    let seats = decide(&request, opts.lot.as_deref(), "departments", lots)
        .map_err(|e| e.or_file(roster.source.clone()))?;
    let quota_ratios: Vec<Ratio> = sizes
        .iter()
        .map(|&n| Ratio::new(house as u128 * n as u128, students as u128))
        .collect();
    let floored: Vec<bool> = quota_ratios
        .iter()
        .zip(&minima)
        .map(|(q, &m)| *q < Ratio::integer(m as u128))
        .collect();
    if checks.is_empty() {
        checks.push(Check::pass(
            PlanCheckId::PlanDepartmentFloor,
            format!(
                "every department has at least {} seats; floored (share under {}): {}",
                opts.min_seats,
                opts.min_seats,
                floored_list(names, &floored)
            ),
        ));
    }
    Ok(DepartmentSeats {
        house,
        seats,
        floored,
        quotas: quota_ratios.iter().map(|q| q.to_decimal(4)).collect(),
        method_name: opts.method.name().to_string(),
    })
}

/// Clause 8's floor cannot be met in a department with fewer students than it: every
/// student is a delegate (a warning naming them).
fn small_departments_check(roster: &Roster, sizes: &[u64], opts: &PlanOptions) -> Option<Check> {
    let small: Vec<String> = sizes
        .iter()
        .zip(&roster.departments)
        .filter(|(&n, _)| n < opts.min_seats)
        .map(|(n, name)| format!("{name} ({n})"))
        .collect();
    (!small.is_empty()).then(|| {
        Check::warn(
            PlanCheckId::PlanDepartmentFloor,
            format!(
                "departments with fewer students than the floor of {} get every student as a delegate: {}",
                opts.min_seats,
                checks::list_names(&small, 10)
            ),
        )
    })
}

/// Clause 8: delegates ≥ 1% of students served.
fn delegates_ratio_check(house: u64, students: u64, required: u64, opts: &PlanOptions) -> Check {
    let ratio_ok =
        wide_mul(house as u128, opts.ratio.den) >= wide_mul(opts.ratio.num, students as u128);
    let ratio_detail = format!(
        "{house} delegates for {students} students = {} (required at least {} × {students}, i.e. {required})",
        decimal(house as u128, students as u128, 6),
        exact_ratio_text(&opts.ratio),
    );
    if ratio_ok {
        Check::pass(PlanCheckId::PlanDelegatesRatio, ratio_detail)
    } else {
        Check::fail(PlanCheckId::PlanDelegatesRatio, ratio_detail)
    }
}

/// Clause 8's coverage of grades: each department's seats among its grades, or the whole
/// department × grade matrix biproportionally; a biproportional matrix that does not fit
/// (none exists, or a cell gets more seats than students) falls back to each department
/// apportioning its own grades, with a warning. Returns the seats and the mode used.
fn grade_seats(
    roster: &Roster,
    grade_sizes: &[Vec<u64>],
    departments: &DepartmentSeats,
    opts: &PlanOptions,
    checks: &mut Vec<Check>,
    lots: &mut Vec<Lot>,
) -> Result<(Vec<Vec<u64>>, GradeMode)> {
    let seats = &departments.seats;
    match opts.grades {
        GradeMode::Proportional => Ok((
            grades_proportional(roster, grade_sizes, seats, opts, lots)?,
            GradeMode::Proportional,
        )),
        GradeMode::Biproportional => {
            let (checks_before, lots_before) = (checks.len(), lots.len());
            let matrix = grades_biproportional(
                roster,
                grade_sizes,
                seats,
                departments.house,
                opts,
                checks,
                lots,
            );
            // A cell with more seats than students cannot be filled: the margins asked for
            // it. That, or no biproportional matrix at all, falls back to each department
            // apportioning its own grades, and says so.
            let why = match &matrix {
                Ok(m) => overfull_cell(roster, grade_sizes, m),
                Err(e) if e.kind == crate::error::ErrorKind::Input => Some(e.message.clone()),
                Err(_) => None,
            };
            match (matrix, why) {
                (Ok(m), None) => Ok((m, GradeMode::Biproportional)),
                (Err(e), None) => Err(e),
                (_, Some(why)) => {
                    checks.truncate(checks_before);
                    lots.truncate(lots_before);
                    checks.push(Check::warn(
                        PlanCheckId::PlanGradeMatrix,
                        format!(
                            "no biproportional department × grade matrix fits ({why}); each \
                             department's seats are apportioned among its own grades instead"
                        ),
                    ));
                    Ok((
                        grades_proportional(roster, grade_sizes, seats, opts, lots)?,
                        GradeMode::Proportional,
                    ))
                }
            }
        }
    }
}

/// Clause 8 "名额分配要覆盖各个院系、年级": every grade of every department has a seat, or a
/// warning names the grades left without one.
fn grade_coverage_check(
    roster: &Roster,
    grade_sizes: &[Vec<u64>],
    grade_seats: &[Vec<u64>],
    seats: &[u64],
    grades_used: GradeMode,
) -> Check {
    let mut uncovered = Vec::new();
    for (d, row) in grade_sizes.iter().enumerate() {
        let missing: Vec<&str> = row
            .iter()
            .enumerate()
            .filter(|&(g, &n)| n > 0 && grade_seats[d][g] == 0)
            .map(|(g, _)| roster.grades[g].as_str())
            .collect();
        if !missing.is_empty() {
            let grades = row.iter().filter(|&&n| n > 0).count();
            uncovered.push(format!(
                "{} ({} seats for {grades} grades): {}",
                roster.departments[d],
                seats[d],
                missing.join(", ")
            ));
        }
    }
    if uncovered.is_empty() {
        Check::pass(
            PlanCheckId::PlanGradeCoverage,
            format!(
                "every grade of every department has at least one seat ({} grades, {})",
                roster.grades.len(),
                grades_used.name()
            ),
        )
    } else {
        Check::warn(
            PlanCheckId::PlanGradeCoverage,
            format!(
                "grades left without a seat: {}",
                checks::list_names(&uncovered, 20)
            ),
        )
    }
}

/// Each department's plan, with clause 8's non-cadre share (非骨干 at least 60%):
/// ceil(share × seats) per department, which its non-cadre students must be able to fill.
fn department_plans(
    roster: &Roster,
    sizes: &[u64],
    departments: &DepartmentSeats,
    grade_sizes: &[Vec<u64>],
    grade_seats: &[Vec<u64>],
    opts: &PlanOptions,
) -> Result<(Vec<DepartmentPlan>, Check)> {
    let names = &roster.departments;
    let seats = &departments.seats;
    let non_cadre = roster.department_non_cadre();
    let mut plans = Vec::with_capacity(sizes.len());
    let mut short = Vec::new();
    let mut non_cadre_total = 0u64;
    for d in 0..sizes.len() {
        let non_cadre_min = ceil_share(&opts.non_cadre_share, seats[d])?;
        non_cadre_total += non_cadre_min;
        if non_cadre[d] < non_cadre_min {
            short.push(format!(
                "{} needs {non_cadre_min} non-cadre delegates but has {} non-cadre students",
                names[d], non_cadre[d]
            ));
        }
        plans.push(DepartmentPlan {
            department: names[d].clone(),
            students: sizes[d],
            quota: departments.quotas[d].clone(),
            seats: seats[d],
            floored: departments.floored[d],
            non_cadre_min,
            assembly_allowed: sizes[d] < opts.assembly_below,
            non_cadre_students: non_cadre[d],
            grades: grade_sizes[d]
                .iter()
                .enumerate()
                .filter(|&(_, &n)| n > 0)
                .map(|(g, &n)| GradePlan {
                    grade: roster.grades[g].clone(),
                    students: n,
                    seats: grade_seats[d][g],
                })
                .collect(),
        });
    }
    let share_text = exact_ratio_text(&opts.non_cadre_share);
    let house = departments.house;
    let check = if short.is_empty() {
        Check::pass(
            PlanCheckId::PlanNonCadreShare,
            format!(
                "at least {non_cadre_total} of {house} delegates must be non-cadre (ceil({share_text} × seats) per department, at least {share_text} overall); every department has enough non-cadre students"
            ),
        )
    } else {
        Check::fail(
            PlanCheckId::PlanNonCadreShare,
            format!(
                "the non-cadre minimum cannot be met: {}",
                checks::list_names(&short, 20)
            ),
        )
    };
    Ok((plans, check))
}

/// Clause 8's standing delegates' conference: one seat per department.
fn standing_conference_check(standing: u64) -> Check {
    Check::pass(
        PlanCheckId::PlanStandingConference,
        format!(
            "{standing} standing-conference seats, one per department (normally the department union president)"
        ),
    )
}

/// Departments with fewer students than `--assembly-below` may hold an all-student assembly
/// instead of a congress.
fn assembly_check(plans: &[DepartmentPlan], opts: &PlanOptions) -> Check {
    let assembly: Vec<&str> = plans
        .iter()
        .filter(|d| d.assembly_allowed)
        .map(|d| d.department.as_str())
        .collect();
    Check::pass(
        PlanCheckId::PlanAssembly,
        if assembly.is_empty() {
            format!(
                "no department has fewer than {} students: every department holds a congress",
                opts.assembly_below
            )
        } else {
            format!(
                "{} of {} departments have fewer than {} students and may hold an all-student assembly: {}",
                assembly.len(),
                plans.len(),
                opts.assembly_below,
                checks::list_names(&assembly, 20)
            )
        },
    )
}

/// "A, B" or "none".
fn floored_list(names: &[String], floored: &[bool]) -> String {
    let list: Vec<&str> = names
        .iter()
        .zip(floored)
        .filter(|(_, &f)| f)
        .map(|(n, _)| n.as_str())
        .collect();
    if list.is_empty() {
        "none".to_string()
    } else {
        checks::list_names(&list, 20)
    }
}

/// Each department's seats apportioned among its grades by the plan's method.
fn grades_proportional(
    roster: &Roster,
    grade_sizes: &[Vec<u64>],
    seats: &[u64],
    opts: &PlanOptions,
    lots: &mut Vec<Lot>,
) -> Result<Vec<Vec<u64>>> {
    let mut out = Vec::with_capacity(grade_sizes.len());
    for (d, row) in grade_sizes.iter().enumerate() {
        let present: Vec<usize> = (0..row.len()).filter(|&g| row[g] > 0).collect();
        let every_grade = seats[d] >= present.len() as u64;
        let min = u64::from(every_grade);
        // Too few seats for a first seat each under a method that gives every grade one
        // (adams, dean, huntington-hill): with no grade seated every priority is infinite, and
        // the seats go one each to the largest grades (jefferson with one seat at most per
        // grade; equal grades at the cut are a tie like any other).
        let (method, cap) = if !every_grade && opts.method.seats_every_populated_unit() {
            (Method::Jefferson, Some(1))
        } else {
            (opts.method, None)
        };
        let request = Request {
            method,
            house_size: seats[d],
            units: present
                .iter()
                .map(|&g| Unit {
                    name: roster.grades[g].clone(),
                    population: row[g],
                    min_seats: min,
                    max_seats: Some(cap.unwrap_or(row[g]).min(row[g])),
                })
                .collect(),
        };
        let beacon = opts
            .lot
            .as_ref()
            .map(|seed| format!("{seed}/{}", roster.departments[d]));
        let what = format!("grades of {}", roster.departments[d]);
        let given = decide(&request, beacon.as_deref(), &what, lots)
            .map_err(|e| e.or_file(roster.source.clone()))?;
        let mut full = vec![0u64; row.len()];
        for (k, &g) in present.iter().enumerate() {
            full[g] = given[k];
        }
        out.push(full);
    }
    Ok(out)
}

/// The first department × grade cell of `matrix` with more seats than students, described.
fn overfull_cell(roster: &Roster, grade_sizes: &[Vec<u64>], matrix: &[Vec<u64>]) -> Option<String> {
    grade_sizes
        .iter()
        .zip(matrix)
        .enumerate()
        .find_map(|(d, (row, given))| {
            row.iter()
                .zip(given)
                .enumerate()
                .find_map(|(g, (&students, &seats))| {
                    (seats > students).then(|| {
                        format!(
                            "it gives {} / {} {seats} seats for {students} students",
                            roster.departments[d], roster.grades[g]
                        )
                    })
                })
        })
}

/// The department × grade matrix apportioned biproportionally: row sums are the
/// department seats, column sums the grade totals apportioned over the house.
fn grades_biproportional(
    roster: &Roster,
    grade_sizes: &[Vec<u64>],
    seats: &[u64],
    house: u64,
    opts: &PlanOptions,
    checks: &mut Vec<Check>,
    lots: &mut Vec<Lot>,
) -> Result<Vec<Vec<u64>>> {
    let grades = roster.grades.len();
    let mut grade_totals = vec![0u64; grades];
    for row in grade_sizes {
        for (g, &n) in row.iter().enumerate() {
            grade_totals[g] += n;
        }
    }
    let request = Request {
        method: opts.method,
        house_size: house,
        units: roster
            .grades
            .iter()
            .zip(&grade_totals)
            .map(|(name, &n)| Unit {
                name: name.clone(),
                population: n,
                min_seats: 0,
                max_seats: Some(n),
            })
            .collect(),
    };
    let beacon = opts.lot.as_ref().map(|seed| format!("{seed}/grades"));
    let column_sums = decide(&request, beacon.as_deref(), "grade totals", lots)
        .map_err(|e| e.or_file(roster.source.clone()))?;
    // Every non-empty cell at least one seat, where the margins allow it.
    let rows_ok = grade_sizes
        .iter()
        .zip(seats)
        .all(|(row, &s)| row.iter().filter(|&&n| n > 0).count() as u64 <= s);
    let cols_ok = (0..grades)
        .all(|g| grade_sizes.iter().filter(|row| row[g] > 0).count() as u64 <= column_sums[g]);
    let with_minima: Vec<Vec<u64>> = grade_sizes
        .iter()
        .map(|row| row.iter().map(|&n| u64::from(n > 0)).collect())
        .collect();
    let zero: Vec<Vec<u64>> = grade_sizes.iter().map(|row| vec![0; row.len()]).collect();
    let problem = |minima: Vec<Vec<u64>>| biproportional::Problem {
        method: opts.method,
        weights: grade_sizes.to_vec(),
        row_sums: seats.to_vec(),
        column_sums: column_sums.clone(),
        minima,
    };
    let beacon = opts
        .lot
        .as_ref()
        .map(|seed| format!("{seed}/biproportional"));
    let solve = |p: &biproportional::Problem| biproportional::solve(p, beacon.as_deref());
    let result = if rows_ok && cols_ok {
        match solve(&problem(with_minima)) {
            Ok(r) => Ok(r),
            Err(e) if e.kind == crate::error::ErrorKind::Input => {
                checks.push(Check::warn(
                    PlanCheckId::PlanGradeCoverage,
                    format!("one seat for every non-empty department × grade cell is infeasible ({}); apportioned without cell minima", e.message),
                ));
                solve(&problem(zero))
            }
            Err(e) => Err(e),
        }
    } else {
        checks.push(Check::warn(
            PlanCheckId::PlanGradeCoverage,
            "some department has fewer seats than grades, or some grade fewer seats than departments: \
             apportioned without cell minima",
        ));
        solve(&problem(zero))
    }
    .map_err(|e| e.or_file(roster.source.clone()))?;
    lots.extend(result.lots);
    Ok(result.seats)
}

/// Renders a plan as the contract's CSV: `department,students,quota,seats,non_cadre_min,assembly_allowed`.
pub fn render_csv(plan: &Plan) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "department",
        "students",
        "quota",
        "seats",
        "non_cadre_min",
        "assembly_allowed",
    ]);
    for d in &plan.departments {
        let _ = w.write_record([
            d.department.clone(),
            d.students.to_string(),
            d.quota.clone(),
            d.seats.to_string(),
            d.non_cadre_min.to_string(),
            d.assembly_allowed.to_string(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Renders a plan as pretty JSON (`congress-plan/1`: the schema key, then contract §3 keys).
pub fn render_json(plan: &Plan) -> String {
    crate::schema::Schema::Plan.to_json(plan)
}

/// Renders a plan as an aligned, human-readable table followed by its checks.
pub fn render_table(plan: &Plan) -> String {
    render_table_in(plan, crate::lang::Lang::En)
}

/// [`render_table`] in `lang` (department names, grades, numbers and check ids as they are).
pub fn render_table_in(plan: &Plan, lang: crate::lang::Lang) -> String {
    use crate::lang::Msg;
    use crate::table::{render_with, Align};
    let t = |m: Msg<'_>| lang.text(m);
    let mut out = t(Msg::PlanSummary {
        students: plan.students,
        house_size: plan.house_size,
        method: &plan.method,
        min_seats: plan.min_seats,
        ratio_required: &plan.ratio_required,
        ratio_achieved: &plan.ratio_achieved,
        standing: plan.standing_conference_seats,
        grades: plan.grades_mode.name(),
    });
    out.push_str("\n\n");
    let mark = |b: bool| if b { t(Msg::Yes) } else { String::new() };
    let rows: Vec<Vec<String>> = plan
        .departments
        .iter()
        .map(|d| {
            vec![
                d.department.clone(),
                d.students.to_string(),
                d.quota.clone(),
                d.seats.to_string(),
                mark(d.floored),
                d.non_cadre_min.to_string(),
                mark(d.assembly_allowed),
                d.grades
                    .iter()
                    .map(|g| format!("{}:{}", g.grade, g.seats))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    let headers = [
        t(Msg::Department),
        t(Msg::Students),
        t(Msg::Quota),
        t(Msg::Seats),
        t(Msg::Floored),
        t(Msg::NonCadreMin),
        t(Msg::Assembly),
        t(Msg::GradeSeats),
    ];
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    out.push_str(&render_with(
        &headers,
        &rows,
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
            Align::Right,
            Align::Left,
            Align::Left,
        ],
        lang.widths(),
    ));
    out.push('\n');
    out.push_str(&checks::render_table_in(
        &plan.checks,
        checks::PlanCommand::Plan,
        lang,
    ));
    for lot in &plan.lots {
        out.push_str(&t(Msg::PlanLot {
            contest: &lot.contest_id,
            beacon: &lot.beacon,
            seed: &lot.seed_hex,
            order: &lot.order.join(" > "),
        }));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_ratio_texts() {
        assert_eq!(exact_ratio_text(&Ratio::new(1, 100)), "0.01");
        assert_eq!(exact_ratio_text(&Ratio::new(3, 5)), "0.6");
        assert_eq!(exact_ratio_text(&Ratio::new(1, 3)), "1/3");
        assert_eq!(exact_ratio_text(&Ratio::new(2, 1)), "2");
        assert_eq!(exact_ratio_text(&Ratio::new(1, 8)), "0.125");
    }

    #[test]
    fn ceil_share_is_exact() {
        assert_eq!(ceil_share(&Ratio::new(3, 5), 5).unwrap(), 3);
        assert_eq!(ceil_share(&Ratio::new(3, 5), 4).unwrap(), 3);
        assert_eq!(ceil_share(&Ratio::new(3, 5), 3).unwrap(), 2);
        assert_eq!(ceil_share(&Ratio::new(1, 100), 2830).unwrap(), 29);
        assert_eq!(ceil_share(&Ratio::new(1, 100), 2800).unwrap(), 28);
    }
}
