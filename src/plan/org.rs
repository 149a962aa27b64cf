//! `check org`: the organisation limits of clauses 9 and 12 (and the meeting cycle of 8).
//!
//! 二.9: "校级学生会组织须设立主席团，由主席1名、副主席4至6名组成，有分校区的高校可酌情增加副主席
//! 人数；聘任秘书长1名…；学生会组织各职能部门副职原则上不超过2名；不得设置主席助理、部长助理等
//! 岗位；校级学生会组织的骨干成员原则上不得超过联系服务学生总人数的1%。"
//! 二.12: "原则上校级学生干部培训时数每年不能低于30学时"。
//! 二.8: school congress at most every two years; department congress yearly; the standing
//! conference at least once a year in years without a congress.
//! Profile `national-2019` (the 2019 national reform indicators as schools apply them,
//! rule P1 in docs/methods.md §5): presidium at most 5 members, at most 6 functional departments, core
//! staff at most 40 (60 for large or multi-campus schools).

use super::checks::{Check, PlanCheckId};
use crate::error::{Error, Result};
use crate::exact::wide_mul;
use serde::Deserialize;

/// Which set of organisation limits to check (`congress check org --profile`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrgProfile {
    /// The seed: 《河南省学联学生会组织改革实施方案》 (2017).
    #[default]
    Henan2017,
    /// The 2019 national reform indicators (presidium ≤ 5).
    National2019,
}

impl std::str::FromStr for OrgProfile {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<OrgProfile, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "henan-2017" => Ok(OrgProfile::Henan2017),
            "national-2019" => Ok(OrgProfile::National2019),
            other => Err(format!(
                "unknown profile '{other}', expected henan-2017 or national-2019"
            )),
        }
    }
}

/// The organisation file (`org.toml`), filled in by hand by a committee.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Org {
    /// The school's name (informational).
    #[serde(default)]
    pub school: String,
    /// Students the school-level union serves (联系服务学生总人数).
    pub students_served: u64,
    /// Number of campuses (校区); more than 1 allows more vice-presidents.
    #[serde(default = "one")]
    pub campuses: u64,
    /// Whether the school counts as large (national-2019 staff limit 60 instead of 40).
    #[serde(default)]
    pub large_school: bool,
    /// School-level union core members (骨干成员).
    pub core_members: u64,
    /// Secretaries-general (秘书长), appointed from CYL staff.
    pub secretaries_general: u64,
    /// Assistant posts (主席助理、部长助理 …); must be 0.
    #[serde(default)]
    pub assistant_posts: u64,
    /// The presidium (主席团).
    pub presidium: Presidium,
    /// The functional departments (职能部门).
    #[serde(default)]
    pub departments: Vec<OrgDepartment>,
    /// Training hours of each school-level cadre this year (培训学时).
    #[serde(default)]
    pub training: Vec<Training>,
    /// The meeting cycle.
    pub meetings: Meetings,
}

fn one() -> u64 {
    1
}

/// The presidium's posts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presidium {
    /// Presidents (主席); must be 1.
    pub presidents: u64,
    /// Vice-presidents (副主席).
    pub vice_presidents: u64,
}

/// One functional department.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgDepartment {
    /// Its name (e.g. 权益服务部).
    pub name: String,
    /// Heads (部长), informational.
    #[serde(default)]
    pub heads: u64,
    /// Deputies (副部长); at most 2.
    pub deputies: u64,
}

/// One school-level cadre's training this year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// The cadre's name or post.
    pub cadre: String,
    /// Training hours (学时) this year.
    pub hours: u64,
}

/// The meeting cycle, in months between meetings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meetings {
    /// Months between school congresses (at most 24).
    pub congress_interval_months: u64,
    /// Months between department congresses (at most 12).
    pub department_congress_interval_months: u64,
    /// Standing-conference meetings per year without a congress (at least 1).
    pub standing_conference_meetings_per_year: u64,
}

/// Reads and validates an organisation file; unknown keys are input errors naming the key.
pub fn parse_org(name: &str, text: &str) -> Result<Org> {
    toml::from_str::<Org>(text).map_err(|e| {
        let message = e.message().trim().to_string();
        let mut err =
            Error::input(format!("{message} (see fixtures/org.toml for the layout)")).file(name);
        if let Some(span) = e.span() {
            let line = 1 + text.get(..span.start).unwrap_or("").matches('\n').count() as u64;
            err = err.line(line);
            // The key of the line the problem is on ("key = value"), else the spanned text.
            let line_start = text
                .get(..span.start)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let line_text = text
                .get(line_start..)
                .and_then(|t| t.lines().next())
                .unwrap_or("");
            let key = match line_text.split_once('=') {
                Some((key, _)) => key.trim(),
                None => text.get(span.clone()).unwrap_or("").trim(),
            };
            if !key.is_empty() && key.len() < 60 && !key.contains('\n') {
                err = err.field(key.trim_matches('"').to_string());
            }
        }
        err
    })
}

/// Runs the organisation checks of a profile.
pub fn check_org(org: &Org, profile: OrgProfile) -> Vec<Check> {
    let mut checks = Vec::new();
    let p = &org.presidium;
    checks.push(Check::pass_if(
        p.presidents == 1,
        PlanCheckId::OrgPresident,
        format!("{} president(s), exactly 1 required", p.presidents),
    ));
    match profile {
        OrgProfile::Henan2017 => {
            let vp = p.vice_presidents;
            checks.push(if (4..=6).contains(&vp) {
                Check::pass(PlanCheckId::OrgVicePresidents, format!("{vp} vice-presidents, 4 to 6 required"))
            } else if vp > 6 && org.campuses > 1 {
                Check::pass(
                    PlanCheckId::OrgVicePresidents,
                    format!(
                        "{vp} vice-presidents: more than 6 allowed for a school with {} campuses (有分校区的高校可酌情增加)",
                        org.campuses
                    ),
                )
            } else {
                Check::fail(
                    PlanCheckId::OrgVicePresidents,
                    format!("{vp} vice-presidents, 4 to 6 required (more only for multi-campus schools)"),
                )
            });
        }
        OrgProfile::National2019 => {
            let size = p.presidents + p.vice_presidents;
            checks.push(Check::pass_if(
                size <= 5,
                PlanCheckId::OrgPresidiumSize,
                format!("presidium of {size} members, at most 5 allowed"),
            ));
        }
    }
    checks.push(Check::pass_if(
        org.secretaries_general == 1,
        PlanCheckId::OrgSecretaryGeneral,
        format!(
            "{} secretary-general(s), exactly 1 required",
            org.secretaries_general
        ),
    ));
    let over: Vec<&OrgDepartment> = org.departments.iter().filter(|d| d.deputies > 2).collect();
    if over.is_empty() {
        checks.push(Check::pass(
            PlanCheckId::OrgDeputies,
            format!(
                "every functional department ({}) has at most 2 deputies",
                org.departments.len()
            ),
        ));
    } else {
        for d in over {
            checks.push(Check::fail(
                PlanCheckId::OrgDeputies,
                format!("{} has {} deputies, at most 2 allowed", d.name, d.deputies),
            ));
        }
    }
    checks.push(Check::pass_if(
        org.assistant_posts == 0,
        PlanCheckId::OrgNoAssistants,
        format!(
            "{} assistant posts (主席助理、部长助理), none allowed",
            org.assistant_posts
        ),
    ));
    checks.push(Check::pass_if(
        wide_mul(org.core_members as u128, 100) <= wide_mul(org.students_served as u128, 1),
        PlanCheckId::OrgCoreMembers,
        format!(
            "{} core members for {} students served, at most 1% ({}) allowed",
            org.core_members,
            org.students_served,
            org.students_served / 100
        ),
    ));
    if profile == OrgProfile::National2019 {
        checks.push(Check::pass_if(
            org.departments.len() <= 6,
            PlanCheckId::OrgDepartments,
            format!(
                "{} functional departments, at most 6 allowed",
                org.departments.len()
            ),
        ));
        let limit = if org.campuses > 1 || org.large_school {
            60
        } else {
            40
        };
        checks.push(Check::pass_if(
            org.core_members <= limit,
            PlanCheckId::OrgStaff,
            format!("{} core members, at most {limit} allowed", org.core_members),
        ));
    }
    let short: Vec<&Training> = org.training.iter().filter(|t| t.hours < 30).collect();
    if org.training.is_empty() {
        checks.push(Check::warn(
            PlanCheckId::OrgTraining,
            "no training records: list each school-level cadre under [[training]]",
        ));
    } else if short.is_empty() {
        checks.push(Check::pass(
            PlanCheckId::OrgTraining,
            format!(
                "all {} school-level cadres trained at least 30 hours this year",
                org.training.len()
            ),
        ));
    } else {
        for t in short {
            checks.push(Check::fail(
                PlanCheckId::OrgTraining,
                format!(
                    "{} trained {} hours this year, at least 30 required",
                    t.cadre, t.hours
                ),
            ));
        }
    }
    let m = &org.meetings;
    checks.push(Check::pass_if(
        m.congress_interval_months <= 24,
        PlanCheckId::OrgCongressInterval,
        format!(
            "school congress every {} months, at most 24 allowed",
            m.congress_interval_months
        ),
    ));
    checks.push(Check::pass_if(
        m.department_congress_interval_months <= 12,
        PlanCheckId::OrgDepartmentCongress,
        format!(
            "department congresses every {} months, at most 12 allowed",
            m.department_congress_interval_months
        ),
    ));
    checks.push(Check::pass_if(
        m.standing_conference_meetings_per_year >= 1,
        PlanCheckId::OrgStandingConference,
        format!(
            "standing conference meets {} time(s) a year without a congress, at least 1 required",
            m.standing_conference_meetings_per_year
        ),
    ));
    checks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::checks::{any_failed, PlanCheckStatus};

    const GOOD: &str = r#"
students_served = 28300
core_members = 200
secretaries_general = 1
[presidium]
presidents = 1
vice_presidents = 5
[[departments]]
name = "权益服务部"
deputies = 2
[[training]]
cadre = "王芳"
hours = 32
[meetings]
congress_interval_months = 24
department_congress_interval_months = 12
standing_conference_meetings_per_year = 1
"#;

    fn status(checks: &[Check], id: &str) -> PlanCheckStatus {
        checks
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.status)
            .unwrap()
    }

    #[test]
    fn a_compliant_union_passes_henan_and_fails_national_presidium() {
        let org = parse_org("org.toml", GOOD).unwrap();
        let checks = check_org(&org, OrgProfile::Henan2017);
        assert!(!any_failed(&checks), "{checks:?}");
        let checks = check_org(&org, OrgProfile::National2019);
        assert_eq!(
            status(&checks, "2019.presidium-size"),
            PlanCheckStatus::Fail
        );
        assert_eq!(status(&checks, "2019.staff"), PlanCheckStatus::Fail);
    }

    #[test]
    fn each_limit_fails_on_its_own() {
        let cases = [
            ("presidents = 1", "presidents = 2", "9.president"),
            (
                "vice_presidents = 5",
                "vice_presidents = 7",
                "9.vice-presidents",
            ),
            (
                "vice_presidents = 5",
                "vice_presidents = 3",
                "9.vice-presidents",
            ),
            (
                "secretaries_general = 1",
                "secretaries_general = 0",
                "9.secretary-general",
            ),
            ("deputies = 2", "deputies = 3", "9.deputies"),
            ("core_members = 200", "core_members = 284", "9.core-members"),
            ("hours = 32", "hours = 29", "12.training"),
            (
                "secretaries_general = 1",
                "secretaries_general = 1\nassistant_posts = 1",
                "9.no-assistants",
            ),
            (
                "congress_interval_months = 24",
                "congress_interval_months = 25",
                "8.congress-interval",
            ),
            (
                "department_congress_interval_months = 12",
                "department_congress_interval_months = 13",
                "8.department-congress",
            ),
            (
                "standing_conference_meetings_per_year = 1",
                "standing_conference_meetings_per_year = 0",
                "8.standing-conference",
            ),
        ];
        for (from, to, id) in cases {
            let org = parse_org("o", &GOOD.replace(from, to)).unwrap();
            let checks = check_org(&org, OrgProfile::Henan2017);
            assert_eq!(status(&checks, id), PlanCheckStatus::Fail, "{to}");
            assert_eq!(
                checks
                    .iter()
                    .filter(|c| c.status == PlanCheckStatus::Fail)
                    .count(),
                1,
                "{to}"
            );
        }
        // 283 core members for 28,300 students is exactly 1%: allowed.
        let org = parse_org(
            "o",
            &GOOD.replace("core_members = 200", "core_members = 283"),
        )
        .unwrap();
        assert_eq!(
            status(&check_org(&org, OrgProfile::Henan2017), "9.core-members"),
            PlanCheckStatus::Pass
        );
        // Multi-campus schools may have more vice-presidents.
        let text = GOOD
            .replace("vice_presidents = 5", "vice_presidents = 8")
            .replace("core_members", "campuses = 3\ncore_members");
        let org = parse_org("o", &text).unwrap();
        assert_eq!(
            status(&check_org(&org, OrgProfile::Henan2017), "9.vice-presidents"),
            PlanCheckStatus::Pass
        );
    }

    #[test]
    fn unknown_keys_name_the_key_and_line() {
        let text = GOOD.replace("core_members = 200", "core_members = 200\nvice_chairs = 3");
        let e = parse_org("org.toml", &text).unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert_eq!(e.field.as_deref(), Some("vice_chairs"));
        assert_eq!(e.line, Some(4));
        assert!(e
            .to_string()
            .starts_with("org.toml:4: vice_chairs: unknown field"));
        let e = parse_org("org.toml", "students_served = 1\n").unwrap_err();
        assert!(e.message.contains("missing field"), "{e}");
    }
}
