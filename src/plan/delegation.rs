//! `check delegation`: the elected delegates checked against the plan and roster (二.8).
//!
//! Every department's seats filled exactly, every grade and every major club covered,
//! non-cadre delegates at least the plan's share (overall, and per department on request),
//! the delegation at least the required ratio of students, and no delegate outside the
//! roster or listed twice. Each failure is its own check line.

use super::checks::{Check, PlanCheckId};
use super::Plan;
use crate::error::{Collector, Error, Result};
use crate::exact::{wide_mul, Ratio};
use crate::input::{Encoding, Source, Table};
use crate::roster::{parse_cadre, Roster, Student};
use std::collections::{BTreeMap, HashMap};

/// Accepted header names of the delegate list's id column.
pub const DELEGATE_ID_HEADERS: &[&str] = crate::roster::STUDENT_ID_HEADERS;
/// Accepted header names of the clubs file's name column.
pub const CLUB_HEADERS: &[&str] = &["club", "name", "社团", "社团名称"];
/// Accepted header names of the clubs file's `major` column.
pub const MAJOR_HEADERS: &[&str] = &["major", "is_major", "主要社团", "是否主要社团", "主要"];

/// One delegate as listed: the line and the student number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegate {
    /// 1-based line in the delegates file.
    pub line: u64,
    /// The student number.
    pub student_id: String,
}

/// Reads a plan written by `congress plan --format json`.
pub fn read_plan(path: &str) -> Result<Plan> {
    let source = Source::open(path, Encoding::Utf8)?;
    crate::schema::Schema::Plan.expect(&source.text, &source.name)?;
    let plan: Plan = serde_json::from_str(&source.text).map_err(|e| {
        Error::input(format!(
            "not a plan JSON ({e}), expected the output of congress plan --format json"
        ))
        .file(source.name.clone())
        .line(e.line() as u64)
    })?;
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, d) in plan.departments.iter().enumerate() {
        if let Some(first) = seen.insert(d.department.as_str(), i) {
            return Err(Error::input(format!(
                "department '{}' is listed twice (entries {} and {}), expected each department \
                 once",
                d.department,
                first + 1,
                i + 1
            ))
            .file(source.name.clone())
            .field("departments"));
        }
    }
    Ok(plan)
}

/// Reads the delegate list: a CSV with a `student_id` column (or 学号).
pub fn read_delegates(source: &Source) -> Result<Vec<Delegate>> {
    let mut table = Table::new(source)?;
    let col = table.require(DELEGATE_ID_HEADERS)?;
    let header = table.headers[col].clone();
    let mut out = Vec::new();
    let mut errors = Collector::new();
    for row in table.records() {
        let (line, record) = row?;
        let id = record.get(col).unwrap_or("").trim();
        if id.is_empty() {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            errors.push(
                Error::input("empty, expected a student number")
                    .file(source.name.clone())
                    .line(line)
                    .field(header.clone()),
            );
            continue;
        }
        out.push(Delegate {
            line,
            student_id: id.to_string(),
        });
    }
    errors.finish(out)
}

/// Reads the clubs file (`club,major`) and returns the major clubs in file order; every bad
/// row is reported at once.
pub fn read_major_clubs(source: &Source) -> Result<Vec<String>> {
    let mut table = Table::new(source)?;
    let club_col = table.require(CLUB_HEADERS)?;
    let major_col = table.require(MAJOR_HEADERS)?;
    let header = table.headers[major_col].clone();
    let club_header = table.headers[club_col].clone();
    let mut out = Vec::new();
    let mut errors = Collector::new();
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for row in table.records() {
        let (line, record) = row?;
        let club = record.get(club_col).unwrap_or("").trim();
        let major = record.get(major_col).unwrap_or("").trim();
        if club.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(club.to_string(), line) {
            errors.push(
                Error::input(format!(
                    "club '{club}' is listed twice (lines {first} and {line}), expected each club once"
                ))
                .file(source.name.clone())
                .line(line)
                .field(club_header.clone()),
            );
            continue;
        }
        match parse_cadre(major) {
            Some(true) => out.push(club.to_string()),
            Some(false) => {}
            None => errors.push(
                Error::input(format!(
                    "'{major}' is not yes/no, expected yes/no, true/false, 1/0 or 是/否"
                ))
                .file(source.name.clone())
                .line(line)
                .field(header.clone()),
            ),
        }
    }
    errors.finish(out)
}

/// What `check delegation` is given.
pub struct DelegationInput<'a> {
    /// The plan the delegation was elected under.
    pub plan: &'a Plan,
    /// The roster of students served.
    pub roster: &'a Roster,
    /// The delegates file's name (for messages).
    pub delegates_file: &'a str,
    /// The elected delegates as listed.
    pub delegates: &'a [Delegate],
    /// The major clubs, when a clubs file was given.
    pub major_clubs: Option<&'a [String]>,
    /// Check the non-cadre share in each department too.
    pub per_department: bool,
}

/// Runs every delegation check; a failure of any is a `fail` check (exit 1).
pub fn check_delegation(input: &DelegationInput) -> Result<Vec<Check>> {
    let mut checks = Vec::new();
    plan_roster_check(input, &mut checks);
    let valid = delegates_in_roster(input, &mut checks);
    let per_dept = department_seats_check(input, &valid, &mut checks);
    grade_coverage_check(input, &valid, &mut checks);
    club_coverage_check(input, &valid, &mut checks);
    non_cadre_checks(input, &valid, &per_dept, &mut checks)?;
    delegates_ratio_check(input, valid.len() as u128, &mut checks)?;
    Ok(checks)
}

/// The plan and the roster describe the same students and departments.
fn plan_roster_check(input: &DelegationInput, checks: &mut Vec<Check>) {
    let (plan, roster) = (input.plan, input.roster);
    let sizes = roster.department_sizes();
    let students: u64 = sizes.iter().sum();
    let mut mismatch = Vec::new();
    if plan.students != students {
        mismatch.push(format!(
            "the plan is for {} students, the roster has {students}",
            plan.students
        ));
    }
    for d in &plan.departments {
        if roster.department_index(&d.department).is_none() {
            mismatch.push(format!(
                "plan department '{}' is not in the roster",
                d.department
            ));
        }
    }
    for name in &roster.departments {
        if !plan.departments.iter().any(|d| &d.department == name) {
            mismatch.push(format!("roster department '{name}' is not in the plan"));
        }
    }
    if mismatch.is_empty() {
        checks.push(Check::pass(
            PlanCheckId::DelegationPlanRoster,
            format!(
                "the plan and the roster agree: {students} students, {} departments",
                sizes.len()
            ),
        ));
    } else {
        for m in mismatch {
            checks.push(Check::fail(PlanCheckId::DelegationPlanRoster, m));
        }
    }
}

/// Each delegate is a student of the roster, listed once; returns those students.
fn delegates_in_roster<'a>(
    input: &DelegationInput<'a>,
    checks: &mut Vec<Check>,
) -> Vec<&'a Student> {
    let (roster, file) = (input.roster, input.delegates_file);
    let mut seen: HashMap<&str, u64> = HashMap::new();
    let mut valid = Vec::new();
    let (mut unknown, mut twice) = (Vec::new(), Vec::new());
    for d in input.delegates {
        if let Some(&first) = seen.get(d.student_id.as_str()) {
            twice.push(format!(
                "{file}:{}: student_id '{}' is listed twice (first on line {first})",
                d.line, d.student_id
            ));
            continue;
        }
        seen.insert(&d.student_id, d.line);
        match roster.student(&d.student_id) {
            Some(s) => valid.push(s),
            None => unknown.push(format!(
                "{file}:{}: student_id '{}' is not in the roster",
                d.line, d.student_id
            )),
        }
    }
    push_all(
        checks,
        PlanCheckId::DelegationDelegatesRoster,
        unknown,
        format!(
            "all {} delegates are students in the roster",
            input.delegates.len() - twice.len()
        ),
    );
    push_all(
        checks,
        PlanCheckId::DelegationDelegatesUnique,
        twice,
        "no delegate is listed twice".to_string(),
    );
    valid
}

/// Each department's seats are filled exactly; returns the delegates per department.
fn department_seats_check(
    input: &DelegationInput,
    valid: &[&Student],
    checks: &mut Vec<Check>,
) -> Vec<u64> {
    let (plan, roster) = (input.plan, input.roster);
    let mut per_dept = vec![0u64; roster.departments.len()];
    for s in valid {
        per_dept[s.department] += 1;
    }
    let mut wrong = Vec::new();
    for d in &plan.departments {
        if let Some(i) = roster.department_index(&d.department) {
            if per_dept[i] != d.seats {
                wrong.push(format!(
                    "{}: {} delegates elected, the plan has {} seats",
                    d.department, per_dept[i], d.seats
                ));
            }
        }
    }
    push_all(
        checks,
        PlanCheckId::DelegationDepartmentSeats,
        wrong,
        format!(
            "every department's {} seats are filled exactly",
            plan.departments.len()
        ),
    );
    per_dept
}

/// Every grade has at least one delegate.
fn grade_coverage_check(input: &DelegationInput, valid: &[&Student], checks: &mut Vec<Check>) {
    let roster = input.roster;
    let mut grade_count = vec![0u64; roster.grades.len()];
    for s in valid {
        grade_count[s.grade] += 1;
    }
    let missing: Vec<String> = roster
        .grades
        .iter()
        .zip(&grade_count)
        .filter(|(_, &n)| n == 0)
        .map(|(g, _)| format!("grade {g} has no delegate"))
        .collect();
    push_all(
        checks,
        PlanCheckId::DelegationGradeCoverage,
        missing,
        format!(
            "every grade ({}) has at least one delegate",
            roster.grades.len()
        ),
    );
}

/// Every major club has a delegate among its members (a warning without a clubs file).
fn club_coverage_check(input: &DelegationInput, valid: &[&Student], checks: &mut Vec<Check>) {
    let roster = input.roster;
    match input.major_clubs {
        None => checks.push(Check::warn(
            PlanCheckId::DelegationClubCoverage,
            "no --clubs file: major-club coverage not checked",
        )),
        Some(major) => {
            let mut covered: BTreeMap<usize, u64> = BTreeMap::new();
            for s in valid {
                for &c in &s.clubs {
                    *covered.entry(c).or_default() += 1;
                }
            }
            let missing: Vec<String> = major
                .iter()
                .filter(|club| {
                    roster
                        .clubs
                        .iter()
                        .position(|c| c == *club)
                        .map_or(true, |i| !covered.contains_key(&i))
                })
                .map(|club| format!("major club '{club}' has no delegate among its members"))
                .collect();
            push_all(
                checks,
                PlanCheckId::DelegationClubCoverage,
                missing,
                format!(
                    "every major club ({}) has at least one delegate",
                    major.len()
                ),
            );
        }
    }
}

/// At least the plan's non-cadre share of the delegates, overall and (with
/// `--per-department`) in each department.
fn non_cadre_checks(
    input: &DelegationInput,
    valid: &[&Student],
    per_dept: &[u64],
    checks: &mut Vec<Check>,
) -> Result<()> {
    let (plan, roster) = (input.plan, input.roster);
    let mut non_cadre_dept = vec![0u64; roster.departments.len()];
    for s in valid.iter().filter(|s| !s.cadre) {
        non_cadre_dept[s.department] += 1;
    }
    let share = if plan.non_cadre_share.is_empty() {
        Ratio::new(3, 5)
    } else {
        Ratio::parse(&plan.non_cadre_share).map_err(|e| e.field("non_cadre_share"))?
    };
    let total = valid.len() as u128;
    let non_cadre: u128 = valid.iter().filter(|s| !s.cadre).count() as u128;
    let detail = format!(
        "{non_cadre} of {total} delegates are not union cadres (required at least {})",
        super::exact_ratio_text(&share)
    );
    checks.push(
        if wide_mul(non_cadre, share.den) >= wide_mul(share.num, total) {
            Check::pass(PlanCheckId::DelegationNonCadreShare, detail)
        } else {
            Check::fail(PlanCheckId::DelegationNonCadreShare, detail)
        },
    );
    if input.per_department {
        let mut short = Vec::new();
        for d in &plan.departments {
            if let Some(i) = roster.department_index(&d.department) {
                let need = share
                    .num
                    .checked_mul(per_dept[i] as u128)
                    .map(|x| x.div_ceil(share.den))
                    .ok_or_else(|| {
                        Error::input("the plan's non_cadre_share is too precise")
                            .field("non_cadre_share")
                    })? as u64;
                if non_cadre_dept[i] < need {
                    short.push(format!(
                        "{}: {} of {} delegates are non-cadre, at least {need} required",
                        d.department, non_cadre_dept[i], per_dept[i]
                    ));
                }
            }
        }
        push_all(
            checks,
            PlanCheckId::DelegationNonCadreDepartment,
            short,
            "every department's delegation meets the non-cadre share".to_string(),
        );
    }
    Ok(())
}

/// The delegates are at least the plan's required ratio of the students.
fn delegates_ratio_check(
    input: &DelegationInput,
    total: u128,
    checks: &mut Vec<Check>,
) -> Result<()> {
    let plan = input.plan;
    let students: u64 = input.roster.department_sizes().iter().sum();
    let ratio = Ratio::parse(&plan.ratio_required).map_err(|e| e.field("ratio_required"))?;
    let detail = format!(
        "{total} delegates for {students} students (required at least {} of them)",
        super::exact_ratio_text(&ratio)
    );
    checks.push(
        if wide_mul(total, ratio.den) >= wide_mul(ratio.num, students as u128) {
            Check::pass(PlanCheckId::DelegationDelegatesRatio, detail)
        } else {
            Check::fail(PlanCheckId::DelegationDelegatesRatio, detail)
        },
    );
    Ok(())
}

/// One failing check per item, or one passing check when there are none.
fn push_all(checks: &mut Vec<Check>, id: PlanCheckId, failures: Vec<String>, pass: String) {
    if failures.is_empty() {
        checks.push(Check::pass(id, pass));
    } else {
        checks.extend(failures.into_iter().map(|f| Check::fail(id, f)));
    }
}
