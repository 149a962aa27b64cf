//! `check delegation --federation`: a federation's elected delegates against its plan (二.4).
//!
//! DELEGATES.csv has one row per delegate: `institution`, `cadre`, and optionally `region`,
//! `gender`, `ethnic` (学校, 是否学生会骨干, 县级区域, 性别, 民族). Every institution must have
//! elected exactly its seats, every kind and every county-level region must be covered, and
//! every institution and region must have at least its non-cadre minimum (a failure each);
//! the gender and ethnic targets of the reserved seats are targets, so a missed one is a
//! warning.

use super::institutions::{INSTITUTION_HEADERS, REGION_HEADERS};
use super::{FederationPlan, Sector, TargetGroup};
use crate::error::{Error, Result};
use crate::fast::FastMap;
use crate::input::{Encoding, Source, Table};
use crate::plan::checks::{list_names, Check, PlanCheckId};
use crate::roster::{parse_cadre, require_cadre};

/// Accepted header names of the delegates' gender column.
pub const GENDER_COLUMN_HEADERS: &[&str] = &["gender", "sex", "性别"];
/// Accepted header names of the delegates' ethnic-group column.
pub const ETHNIC_COLUMN_HEADERS: &[&str] = &["ethnic", "ethnic_group", "ethnicity", "民族"];

/// One delegate as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FederationDelegate {
    /// 1-based line in the delegates file.
    pub line: u64,
    /// The institution the delegate was elected by.
    pub institution: String,
    /// The county-level region, when the file has the column and the cell is not empty.
    pub region: Option<String>,
    /// Whether the delegate is a school- or department-level union cadre.
    pub cadre: bool,
    /// The delegate's gender, when the file has the column.
    pub gender: Option<String>,
    /// The delegate's ethnic group, when the file has the column.
    pub ethnic: Option<String>,
}

/// The delegates file: its name, the delegates, and which optional columns it has.
#[derive(Debug, Clone)]
pub struct FederationDelegates {
    /// The file name, for messages.
    pub file: String,
    /// The delegates in file order.
    pub delegates: Vec<FederationDelegate>,
    /// Whether the file has a gender column.
    pub has_gender: bool,
    /// Whether the file has an ethnic-group column.
    pub has_ethnic: bool,
}

/// Reads a plan written by `congress plan federation --format json`.
pub fn read_federation_plan(path: &str) -> Result<FederationPlan> {
    let source = Source::open(path, Encoding::Utf8)?;
    crate::schema::Schema::FederationPlan.expect(&source.text, &source.name)?;
    serde_json::from_str(&source.text).map_err(|e| {
        Error::input(format!(
            "not a federation plan JSON ({e}), expected the output of congress plan federation \
             --format json"
        ))
        .file(source.name.clone())
        .line(e.line() as u64)
    })
}

/// Reads DELEGATES.csv: `institution` and `cadre` required, `region`, `gender`, `ethnic`
/// optional.
pub fn read_federation_delegates(source: &Source) -> Result<FederationDelegates> {
    let mut table = Table::new(source)?;
    let institution_col = table.require(INSTITUTION_HEADERS)?;
    let cadre_col = require_cadre(&table)?;
    let region_col = table.find(REGION_HEADERS);
    let gender_col = table.find(GENDER_COLUMN_HEADERS);
    let ethnic_col = table.find(ETHNIC_COLUMN_HEADERS);
    let headers = table.headers.clone();
    let mut delegates = Vec::new();
    for row in table.records() {
        let (line, record) = row?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |col: usize| record.get(col).unwrap_or("").trim();
        let err = |col: usize, message: String| {
            Error::input(message)
                .file(source.name.clone())
                .line(line)
                .field(headers[col].clone())
        };
        let institution = cell(institution_col);
        if institution.is_empty() {
            return Err(err(
                institution_col,
                "empty, expected the delegate's institution".into(),
            ));
        }
        let cadre_text = cell(cadre_col);
        let cadre = parse_cadre(cadre_text).ok_or_else(|| {
            err(
                cadre_col,
                format!(
                    "'{cadre_text}' is not a cadre value, expected yes/no, true/false, 1/0 or 是/否"
                ),
            )
        })?;
        let optional = |col: Option<usize>| {
            col.map(|c| cell(c).to_string())
                .filter(|text| !text.is_empty())
        };
        delegates.push(FederationDelegate {
            line,
            institution: institution.to_string(),
            region: optional(region_col),
            cadre,
            gender: optional(gender_col),
            ethnic: optional(ethnic_col),
        });
    }
    Ok(FederationDelegates {
        file: source.name.clone(),
        delegates,
        has_gender: gender_col.is_some(),
        has_ethnic: ethnic_col.is_some(),
    })
}

/// What the delegates add up to per institution of the plan.
struct Tally {
    /// The plan's institution of each delegate (None: not in the plan).
    institution_of: Vec<Option<usize>>,
    /// Delegates per institution.
    delegates: Vec<u64>,
    /// Non-cadre delegates per institution.
    non_cadre: Vec<u64>,
}

fn tally(plan: &FederationPlan, delegates: &FederationDelegates) -> Tally {
    let index: FastMap<&str, usize> = plan
        .institutions
        .iter()
        .enumerate()
        .map(|(i, inst)| (inst.institution.as_str(), i))
        .collect();
    let n = plan.institutions.len();
    let mut out = Tally {
        institution_of: Vec::with_capacity(delegates.delegates.len()),
        delegates: vec![0; n],
        non_cadre: vec![0; n],
    };
    for d in &delegates.delegates {
        let i = index.get(d.institution.as_str()).copied();
        if let Some(i) = i {
            out.delegates[i] += 1;
            out.non_cadre[i] += u64::from(!d.cadre);
        }
        out.institution_of.push(i);
    }
    out
}

/// Runs every check of a federation delegation; a failure of any is a `fail` check (exit 1).
pub fn check_federation_delegation(
    plan: &FederationPlan,
    delegates: &FederationDelegates,
) -> Vec<Check> {
    let tally = tally(plan, delegates);
    let mut checks = delegates_plan_checks(plan, delegates, &tally);
    checks.extend(institution_seats_checks(plan, &tally));
    checks.extend(kinds_covered_checks(plan, &tally));
    checks.extend(county_coverage_checks(plan, &tally));
    checks.extend(non_cadre_checks(plan, &tally));
    checks.push(targets_check(
        PlanCheckId::FederationDelegationGenderTargets,
        &plan.targets.gender,
        (delegates, &tally),
        delegates
            .has_gender
            .then_some(|d: &FederationDelegate| d.gender.as_deref()),
        "gender",
    ));
    checks.push(targets_check(
        PlanCheckId::FederationDelegationEthnicTargets,
        &plan.targets.ethnic,
        (delegates, &tally),
        delegates
            .has_ethnic
            .then_some(|d: &FederationDelegate| d.ethnic.as_deref()),
        "ethnic group",
    ));
    checks
}

/// `4.delegates-plan`: each delegate's institution is in the plan, in the plan's region.
fn delegates_plan_checks(
    plan: &FederationPlan,
    delegates: &FederationDelegates,
    tally: &Tally,
) -> Vec<Check> {
    let id = PlanCheckId::FederationDelegationDelegatesPlan;
    let file = &delegates.file;
    let mut checks = Vec::new();
    for (d, &i) in delegates.delegates.iter().zip(&tally.institution_of) {
        let Some(i) = i else {
            checks.push(Check::fail(
                id,
                format!(
                    "{file}:{}: institution '{}' is not in the plan",
                    d.line, d.institution
                ),
            ));
            continue;
        };
        let planned = &plan.institutions[i].region;
        if let Some(region) = d
            .region
            .as_ref()
            .filter(|r| !planned.is_empty() && *r != planned)
        {
            checks.push(Check::fail(
                id,
                format!(
                    "{file}:{}: '{}' is in region '{planned}' in the plan, not '{region}'",
                    d.line, d.institution
                ),
            ));
        }
    }
    if checks.is_empty() {
        checks.push(Check::pass(
            id,
            format!(
                "every one of the {} delegates belongs to an institution of the plan, in its region",
                delegates.delegates.len()
            ),
        ));
    }
    checks
}

/// `4.institution-seats`: every institution elected exactly its planned seats.
fn institution_seats_checks(plan: &FederationPlan, tally: &Tally) -> Vec<Check> {
    let id = PlanCheckId::FederationDelegationInstitutionSeats;
    let checks: Vec<Check> = plan
        .institutions
        .iter()
        .zip(&tally.delegates)
        .filter(|(inst, &n)| inst.seats != n)
        .map(|(inst, &n)| {
            Check::fail(
                id,
                format!(
                    "{}: {n} delegates, planned {}",
                    inst.institution, inst.seats
                ),
            )
        })
        .collect();
    if !checks.is_empty() {
        return checks;
    }
    vec![Check::pass(
        id,
        format!(
            "every one of the {} institutions elected exactly its planned seats ({} delegates)",
            plan.institutions.len(),
            plan.house_size
        ),
    )]
}

/// `4.kinds-covered`: every kind with planned seats has a delegate.
fn kinds_covered_checks(plan: &FederationPlan, tally: &Tally) -> Vec<Check> {
    let id = PlanCheckId::FederationDelegationKindsCovered;
    let mut per_kind: FastMap<&str, u64> = FastMap::default();
    for (inst, &n) in plan.institutions.iter().zip(&tally.delegates) {
        *per_kind.entry(inst.kind.as_str()).or_default() += n;
    }
    let checks: Vec<Check> = plan
        .kinds
        .iter()
        .filter(|k| k.seats > 0 && per_kind.get(k.kind.as_str()).copied().unwrap_or(0) == 0)
        .map(|k| Check::fail(id, format!("no delegate of kind '{}'", k.kind)))
        .collect();
    if !checks.is_empty() {
        return checks;
    }
    vec![Check::pass(
        id,
        format!(
            "every one of the {} kinds of institution has delegates",
            plan.kinds.len()
        ),
    )]
}

/// Delegates and non-cadre delegates of each region's secondary schools.
fn region_tallies(plan: &FederationPlan, tally: &Tally) -> (Vec<u64>, Vec<u64>) {
    let index: FastMap<&str, usize> = plan
        .regions
        .iter()
        .enumerate()
        .map(|(r, region)| (region.region.as_str(), r))
        .collect();
    let mut delegates = vec![0u64; plan.regions.len()];
    let mut non_cadre = vec![0u64; plan.regions.len()];
    for (i, inst) in plan.institutions.iter().enumerate() {
        if inst.sector != Sector::Secondary {
            continue;
        }
        if let Some(&r) = index.get(inst.region.as_str()) {
            delegates[r] += tally.delegates[i];
            non_cadre[r] += tally.non_cadre[i];
        }
    }
    (delegates, non_cadre)
}

/// `4.county-coverage`: every county-level region of the plan has a secondary delegate.
fn county_coverage_checks(plan: &FederationPlan, tally: &Tally) -> Vec<Check> {
    let id = PlanCheckId::FederationDelegationCountyCoverage;
    let (delegates, _) = region_tallies(plan, tally);
    let checks: Vec<Check> = plan
        .regions
        .iter()
        .zip(&delegates)
        .filter(|(_, &n)| n == 0)
        .map(|(r, _)| {
            Check::fail(
                id,
                format!("{}: no delegate from a secondary school", r.region),
            )
        })
        .collect();
    if !checks.is_empty() {
        return checks;
    }
    vec![Check::pass(
        id,
        format!(
            "every one of the {} county-level regions has secondary delegates",
            plan.regions.len()
        ),
    )]
}

/// `4.non-cadre-reserved`: every institution's and region's non-cadre delegates reach its
/// minimum.
fn non_cadre_checks(plan: &FederationPlan, tally: &Tally) -> Vec<Check> {
    let id = PlanCheckId::FederationDelegationNonCadreReserved;
    let mut checks: Vec<Check> = plan
        .institutions
        .iter()
        .zip(&tally.non_cadre)
        .filter(|(inst, &n)| n < inst.non_cadre_min)
        .map(|(inst, &n)| {
            Check::fail(
                id,
                format!(
                    "{}: {n} non-cadre delegates, at least {} reserved",
                    inst.institution, inst.non_cadre_min
                ),
            )
        })
        .collect();
    let (_, region_non_cadre) = region_tallies(plan, tally);
    checks.extend(
        plan.regions
            .iter()
            .zip(&region_non_cadre)
            .filter(|(r, &n)| n < r.non_cadre_min)
            .map(|(r, &n)| {
                Check::fail(
                    id,
                    format!(
                        "region {}: {n} non-cadre secondary delegates, at least {} reserved",
                        r.region, r.non_cadre_min
                    ),
                )
            }),
    );
    if !checks.is_empty() {
        return checks;
    }
    let non_cadre: u64 = tally.non_cadre.iter().sum();
    let delegates: u64 = tally.delegates.iter().sum();
    vec![Check::pass(
        id,
        format!(
            "every institution and county-level region has at least its non-cadre minimum \
             ({non_cadre} non-cadre of {delegates} delegates, {} reserved)",
            plan.targets.reserved_seats
        ),
    )]
}

/// The key a gender or ethnic-group name is matched by: trimmed, lower case, `女`/`f` as
/// `female` and `男`/`m` as `male`, a final `族` dropped (`汉` matches `汉族`).
pub fn group_key(name: &str) -> String {
    let key = name.trim().to_lowercase();
    match key.as_str() {
        "female" | "f" | "女" | "女性" => "female".to_string(),
        "male" | "m" | "男" | "男性" => "male".to_string(),
        _ => match key.strip_suffix('族') {
            Some(stem) if !stem.is_empty() => stem.to_string(),
            _ => key,
        },
    }
}

/// A delegate's group in one breakdown (gender or ethnic group).
type GroupOf = fn(&FederationDelegate) -> Option<&str>;

/// `4.gender-targets` / `4.ethnic-targets`: non-cadre delegates of each group against the
/// plan's target; a miss is a warning. `group_of` is `None` when the file has no column.
fn targets_check(
    id: PlanCheckId,
    targets: &[TargetGroup],
    (delegates, tally): (&FederationDelegates, &Tally),
    group_of: Option<GroupOf>,
    what: &str,
) -> Check {
    if targets.is_empty() {
        return Check::pass(id, format!("the plan sets no {what} targets"));
    }
    let Some(group_of) = group_of else {
        return Check::warn(
            id,
            format!("not checked: the delegates file has no {what} column"),
        );
    };
    let keys: Vec<String> = targets.iter().map(|t| group_key(&t.group)).collect();
    let mut counts = vec![0u64; targets.len()];
    for (d, i) in delegates.delegates.iter().zip(&tally.institution_of) {
        if let (Some(value), Some(_), false) = (group_of(d), i, d.cadre) {
            let key = group_key(value);
            if let Some(g) = keys.iter().position(|k| *k == key) {
                counts[g] += 1;
            }
        }
    }
    let listed: Vec<String> = targets
        .iter()
        .zip(&counts)
        .map(|(t, n)| format!("{} {n} of {}", t.group, t.seats))
        .collect();
    let missed: Vec<String> = targets
        .iter()
        .zip(&counts)
        .filter(|(t, &n)| n < t.seats)
        .map(|(t, n)| format!("{} {n} of {}", t.group, t.seats))
        .collect();
    if missed.is_empty() {
        Check::pass(
            id,
            format!(
                "non-cadre delegates by {what} meet every target: {}",
                list_names(&listed, 60)
            ),
        )
    } else {
        Check::warn(
            id,
            format!(
                "non-cadre delegates by {what} miss a target: {}",
                list_names(&missed, 60)
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_keys_match_aliases() {
        assert_eq!(group_key(" 女 "), group_key("female"));
        assert_eq!(group_key("M"), group_key("男"));
        assert_eq!(group_key("汉"), group_key("汉族"));
        assert_ne!(group_key("回族"), group_key("汉族"));
        assert_eq!(group_key("族"), "族");
    }
}
