//! Checks against the clauses of the reform plan: one result per rule, with its clause.

use serde::{Deserialize, Serialize};

/// Clause 4 of the reform plan (the provincial and city federation congresses).
pub const CLAUSE_4: &str = "二.4";
/// Clause 8 of the reform plan (the student congress).
pub const CLAUSE_8: &str = "二.8";
/// Clause 9 of the reform plan (the union's officers).
pub const CLAUSE_9: &str = "二.9";
/// Clause 12 of the reform plan (cadre training).
pub const CLAUSE_12: &str = "二.12";
/// The national opinions of 2019 (若干意见).
pub const NATIONAL_2019: &str = "2019若干意见";

/// Declares [`PlanCheckId`] from one list: each variant with its doc comment, which is also
/// the text [`PlanCheckId::rule`] returns, and its id.
macro_rules! plan_check_ids {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $id:literal, )+) => {
        /// A check of the reform plan's clauses, as one command reports it. The id
        /// (`<clause>.<rule>`) is what the output prints; the same rule checked by two
        /// commands (on the plan, then on the delegates elected) is two variants with one id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum PlanCheckId {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl PlanCheckId {
            /// Every check, in the order of `docs/plan.md` and `docs/federation.md`.
            pub const ALL: &'static [PlanCheckId] = &[$(PlanCheckId::$variant),+];

            /// The id as printed, e.g. `8.department-floor`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(PlanCheckId::$variant => $id,)+
                }
            }

            /// What the check checks: its doc comment, as one line of text.
            pub fn rule(self) -> &'static str {
                match self {
                    $(PlanCheckId::$variant => concat!($($doc),+),)+
                }
                .trim()
            }
        }
    };
}

plan_check_ids! {
    /// the house is at least ratio × students (always, by construction)
    PlanDelegatesRatio = "8.delegates-ratio",
    /// every department has the floor, listing the floored ones; warn if the minima grew the
    /// house or a department is smaller than the floor
    PlanDepartmentFloor = "8.department-floor",
    /// warn naming grades without a seat (or dropped cell minima)
    PlanGradeCoverage = "8.grade-coverage",
    /// (`--grades biproportional`) warn when no department × grade matrix fits, saying why:
    /// each department's seats are then apportioned among its own grades
    PlanGradeMatrix = "8.grade-matrix",
    /// fail when a department lacks the non-cadre students its minimum needs
    PlanNonCadreShare = "8.non-cadre-share",
    /// the seats, one per department
    PlanStandingConference = "8.standing-conference",
    /// the departments that may hold an all-student assembly
    PlanAssembly = "8.assembly",
    /// plan and roster have the same students and departments
    DelegationPlanRoster = "8.plan-roster",
    /// every delegate is in the roster (each unknown id fails with its line)
    DelegationDelegatesRoster = "8.delegates-roster",
    /// nobody is listed twice (each repeat names both lines)
    DelegationDelegatesUnique = "8.delegates-unique",
    /// every department elected exactly its planned seats
    DelegationDepartmentSeats = "8.department-seats",
    /// every grade of the roster has at least one delegate
    DelegationGradeCoverage = "8.grade-coverage",
    /// every major club has a delegate among its members (warn without `--clubs`)
    DelegationClubCoverage = "8.club-coverage",
    /// non-cadre delegates ≥ the plan's share of all delegates
    DelegationNonCadreShare = "8.non-cadre-share",
    /// (`--per-department`) in each department ≥ ceil(share × its delegates)
    DelegationNonCadreDepartment = "8.non-cadre-department",
    /// delegates ≥ the plan's ratio × students
    DelegationDelegatesRatio = "8.delegates-ratio",
    /// exactly 1 主席
    OrgPresident = "9.president",
    /// (henan-2017) 4–6 副主席; more allowed when `campuses > 1` ("有分校区的高校可酌情增加")
    OrgVicePresidents = "9.vice-presidents",
    /// (national-2019) presidium ≤ 5 members
    OrgPresidiumSize = "2019.presidium-size",
    /// exactly 1 秘书长
    OrgSecretaryGeneral = "9.secretary-general",
    /// ≤ 2 副职 per functional department (one line per breach)
    OrgDeputies = "9.deputies",
    /// no 主席助理/部长助理 posts
    OrgNoAssistants = "9.no-assistants",
    /// `100 × core_members ≤ students_served`
    OrgCoreMembers = "9.core-members",
    /// (national-2019) ≤ 6 functional departments
    OrgDepartments = "2019.departments",
    /// (national-2019) core staff ≤ 40 (60 if multi-campus or `large_school`)
    OrgStaff = "2019.staff",
    /// every listed school-level cadre ≥ 30 hours a year (warn when none listed)
    OrgTraining = "12.training",
    /// school congress at most every 24 months
    OrgCongressInterval = "8.congress-interval",
    /// department congress at least yearly (≤ 12 months)
    OrgDepartmentCongress = "8.department-congress",
    /// standing conference at least once a year
    OrgStandingConference = "8.standing-conference",
    /// the two sectors (higher education, secondary) share the house in proportion to their
    /// students, each with its floors; names a sector whose floor set its seats
    FederationSectorSplit = "4.sector-split",
    /// every kind of higher-education institution has seats (覆盖所辖范围内各类高校); fail naming
    /// a kind without
    FederationKindsCovered = "4.kinds-covered",
    /// every higher-education institution has at least `--institution-min` seats, listing the
    /// floored ones; warn when an institution has fewer students than the floor
    FederationInstitutionFloor = "4.institution-floor",
    /// every county-level region has secondary delegates (确保每个县级区域有中学中职代表); fail
    /// naming a region without (with `--regions`: also a listed region with no secondary school)
    FederationCountyCoverage = "4.county-coverage",
    /// ceil(share × seats) of each institution's and region's seats are reserved for non-cadre
    /// students; fail when an institution lacks the non-cadre students to fill them
    FederationNonCadreReserved = "4.non-cadre-reserved",
    /// the reserved seats' targets by gender (webster, a seat for every group of at least
    /// `--group-min-students`); warn when the file has no gender columns
    FederationGenderTargets = "4.gender-targets",
    /// the reserved seats' targets by ethnic group, as for gender; warn when the file has no
    /// ethnic columns
    FederationEthnicTargets = "4.ethnic-targets",
    /// every delegate's institution is in the plan, in the plan's region (each unknown or
    /// misplaced delegate fails with its line)
    FederationDelegationDelegatesPlan = "4.delegates-plan",
    /// every institution elected exactly its planned seats (one line per institution that did
    /// not)
    FederationDelegationInstitutionSeats = "4.institution-seats",
    /// every kind of institution in the plan has a delegate
    FederationDelegationKindsCovered = "4.kinds-covered",
    /// every county-level region of the plan has a delegate from a secondary school
    FederationDelegationCountyCoverage = "4.county-coverage",
    /// every institution's and region's non-cadre delegates ≥ its `non_cadre_min` (one line
    /// per shortfall)
    FederationDelegationNonCadreReserved = "4.non-cadre-reserved",
    /// non-cadre delegates of each gender ≥ the plan's target; warn when one is missed or the
    /// delegates file has no gender column
    FederationDelegationGenderTargets = "4.gender-targets",
    /// non-cadre delegates of each ethnic group ≥ the plan's target; warn when one is missed or
    /// the delegates file has no ethnic column
    FederationDelegationEthnicTargets = "4.ethnic-targets",
}

/// The command that reports a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanCommand {
    /// `congress plan`: checks of the plan it makes.
    Plan,
    /// `congress check delegation`: checks of the delegates elected under a plan.
    CheckDelegation,
    /// `congress check org`: checks of the union's organisation.
    CheckOrg,
    /// `congress plan federation`: checks of the federation plan it makes.
    PlanFederation,
    /// `congress check delegation --federation`: checks of a federation's delegates.
    CheckDelegationFederation,
}

impl PlanCheckId {
    /// The clause of the source document the check applies.
    pub fn clause(self) -> &'static str {
        use PlanCheckId::*;
        match self {
            PlanDelegatesRatio
            | PlanDepartmentFloor
            | PlanGradeCoverage
            | PlanGradeMatrix
            | PlanNonCadreShare
            | PlanStandingConference
            | PlanAssembly => CLAUSE_8,
            DelegationPlanRoster
            | DelegationDelegatesRoster
            | DelegationDelegatesUnique
            | DelegationDepartmentSeats
            | DelegationGradeCoverage
            | DelegationClubCoverage
            | DelegationNonCadreShare
            | DelegationNonCadreDepartment
            | DelegationDelegatesRatio => CLAUSE_8,
            OrgPresident | OrgVicePresidents | OrgSecretaryGeneral | OrgDeputies
            | OrgNoAssistants | OrgCoreMembers => CLAUSE_9,
            OrgPresidiumSize | OrgDepartments | OrgStaff => NATIONAL_2019,
            OrgTraining => CLAUSE_12,
            OrgCongressInterval | OrgDepartmentCongress | OrgStandingConference => CLAUSE_8,
            FederationSectorSplit
            | FederationKindsCovered
            | FederationInstitutionFloor
            | FederationCountyCoverage
            | FederationNonCadreReserved
            | FederationGenderTargets
            | FederationEthnicTargets => CLAUSE_4,
            FederationDelegationDelegatesPlan
            | FederationDelegationInstitutionSeats
            | FederationDelegationKindsCovered
            | FederationDelegationCountyCoverage
            | FederationDelegationNonCadreReserved
            | FederationDelegationGenderTargets
            | FederationDelegationEthnicTargets => CLAUSE_4,
        }
    }

    /// The command that reports the check.
    pub fn command(self) -> PlanCommand {
        use PlanCheckId::*;
        match self {
            PlanDelegatesRatio
            | PlanDepartmentFloor
            | PlanGradeCoverage
            | PlanGradeMatrix
            | PlanNonCadreShare
            | PlanStandingConference
            | PlanAssembly => PlanCommand::Plan,
            DelegationPlanRoster
            | DelegationDelegatesRoster
            | DelegationDelegatesUnique
            | DelegationDepartmentSeats
            | DelegationGradeCoverage
            | DelegationClubCoverage
            | DelegationNonCadreShare
            | DelegationNonCadreDepartment
            | DelegationDelegatesRatio => PlanCommand::CheckDelegation,
            OrgPresident
            | OrgVicePresidents
            | OrgPresidiumSize
            | OrgSecretaryGeneral
            | OrgDeputies
            | OrgNoAssistants
            | OrgCoreMembers
            | OrgDepartments
            | OrgStaff
            | OrgTraining
            | OrgCongressInterval
            | OrgDepartmentCongress
            | OrgStandingConference => PlanCommand::CheckOrg,
            FederationSectorSplit
            | FederationKindsCovered
            | FederationInstitutionFloor
            | FederationCountyCoverage
            | FederationNonCadreReserved
            | FederationGenderTargets
            | FederationEthnicTargets => PlanCommand::PlanFederation,
            FederationDelegationDelegatesPlan
            | FederationDelegationInstitutionSeats
            | FederationDelegationKindsCovered
            | FederationDelegationCountyCoverage
            | FederationDelegationNonCadreReserved
            | FederationDelegationGenderTargets
            | FederationDelegationEthnicTargets => PlanCommand::CheckDelegationFederation,
        }
    }
}

impl std::fmt::Display for PlanCheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of one plan check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanCheckStatus {
    /// The rule is met.
    Pass,
    /// The rule is met only softly (its "一般/原则上" wording allows it) or needs attention.
    Warn,
    /// The rule is broken.
    Fail,
}

impl PlanCheckStatus {
    /// The lower-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            PlanCheckStatus::Pass => "pass",
            PlanCheckStatus::Warn => "warn",
            PlanCheckStatus::Fail => "fail",
        }
    }
}

/// One check: which rule, where it comes from, whether it holds, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Stable identifier, `<clause>.<rule>` (e.g. `8.delegates-ratio`): a [`PlanCheckId`]'s
    /// text.
    pub id: String,
    /// The clause of the source document (e.g. `二.8`).
    pub clause: String,
    /// Pass, warn or fail.
    pub status: PlanCheckStatus,
    /// What was found, in words.
    pub detail: String,
}

impl Check {
    /// A new check result.
    pub fn new(id: PlanCheckId, status: PlanCheckStatus, detail: impl Into<String>) -> Check {
        Check {
            id: id.as_str().to_string(),
            clause: id.clause().to_string(),
            status,
            detail: detail.into(),
        }
    }

    /// A passing check.
    pub fn pass(id: PlanCheckId, detail: impl Into<String>) -> Check {
        Check::new(id, PlanCheckStatus::Pass, detail)
    }

    /// A warning.
    pub fn warn(id: PlanCheckId, detail: impl Into<String>) -> Check {
        Check::new(id, PlanCheckStatus::Warn, detail)
    }

    /// A failure.
    pub fn fail(id: PlanCheckId, detail: impl Into<String>) -> Check {
        Check::new(id, PlanCheckStatus::Fail, detail)
    }

    /// A pass or a failure.
    pub fn pass_if(ok: bool, id: PlanCheckId, detail: impl Into<String>) -> Check {
        if ok {
            Check::pass(id, detail)
        } else {
            Check::fail(id, detail)
        }
    }
}

/// Whether any check failed.
pub fn any_failed(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.status == PlanCheckStatus::Fail)
}

/// Renders checks as an aligned table: status, id, clause, detail (one check per line).
pub fn render_table(checks: &[Check]) -> String {
    render_table_in(checks, PlanCommand::Plan, crate::lang::Lang::En)
}

/// [`render_table`] in `lang`, for the checks `command` reports: in Chinese the status in
/// words, and what each check checks (a column before the detail, which stays as the check
/// wrote it). Ids and clauses are never translated.
pub fn render_table_in(checks: &[Check], command: PlanCommand, lang: crate::lang::Lang) -> String {
    use crate::lang::{Lang, Msg};
    use crate::table::{render, render_with, Align};
    if lang == Lang::Zh {
        let rows: Vec<Vec<String>> = checks
            .iter()
            .map(|c| {
                let rule = PlanCheckId::ALL
                    .iter()
                    .find(|id| id.as_str() == c.id && id.command() == command)
                    .map(|id| lang.text(Msg::PlanRule(*id)))
                    .unwrap_or_default();
                vec![
                    lang.text(Msg::PlanCheckStatus(c.status)),
                    c.id.clone(),
                    c.clause.clone(),
                    rule,
                    c.detail.clone(),
                ]
            })
            .collect();
        let headers = [
            lang.text(Msg::CheckStatusHeader),
            lang.text(Msg::CheckIdHeader),
            lang.text(Msg::ClauseHeader),
            lang.text(Msg::RuleHeader),
            lang.text(Msg::DetailHeader),
        ];
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        return render_with(&headers, &rows, &[Align::Left; 5], lang.widths());
    }
    let rows: Vec<Vec<String>> = checks
        .iter()
        .map(|c| {
            vec![
                c.status.name().to_string(),
                c.id.clone(),
                c.clause.clone(),
                c.detail.clone(),
            ]
        })
        .collect();
    render(
        &["status", "id", "clause", "detail"],
        &rows,
        &[Align::Left, Align::Left, Align::Left, Align::Left],
    )
}

/// Renders checks as JSON `{"schema": "congress-checks/1", "checks": [...]}`.
pub fn render_json(checks: &[Check]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        checks: &'a [Check],
    }
    crate::schema::Schema::Checks.to_json(&Out { checks })
}

/// Joins names as "a, b, c", eliding past `limit` ("… and 12 more").
pub fn list_names<S: AsRef<str>>(names: &[S], limit: usize) -> String {
    let mut out: Vec<&str> = names.iter().take(limit).map(|s| s.as_ref()).collect();
    let rest = names.len().saturating_sub(limit);
    let mut text = out.join(", ");
    if rest > 0 {
        text.push_str(&format!(" … and {rest} more"));
    }
    out.clear();
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_detects_failures() {
        let check = |id: &str, status, detail: &str| Check {
            id: id.into(),
            clause: CLAUSE_8.into(),
            status,
            detail: detail.into(),
        };
        let checks = vec![
            check("8.a", PlanCheckStatus::Pass, "fine"),
            check("8.b", PlanCheckStatus::Fail, "broken"),
        ];
        assert!(any_failed(&checks));
        assert!(!any_failed(&checks[..1]));
        let table = render_table(&checks);
        assert_eq!(table.lines().count(), 3);
        assert!(table.lines().nth(2).unwrap().starts_with("fail    8.b"));
        let json: serde_json::Value = serde_json::from_str(&render_json(&checks)).unwrap();
        assert_eq!(json["checks"][1]["status"], "fail");
        assert_eq!(list_names(&["a", "b", "c"], 2), "a, b … and 1 more");
    }

    /// The rows `(id, clause, rule)` of the first table after `heading` in `docs`, which
    /// must be one table.
    fn docs_table(docs: &str, heading: &str) -> Vec<(String, String, String)> {
        let section = docs
            .split(&format!("\n{heading}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("the docs have {heading:?}"));
        let lines: Vec<&str> = section.lines().collect();
        let first = lines.iter().position(|l| l.starts_with("| `")).unwrap();
        assert!(
            lines[first - 2].starts_with("| id | clause | "),
            "{heading}"
        );
        lines[first..]
            .iter()
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.trim_matches('|').split(" | ").collect();
                assert_eq!(cells.len(), 3, "{l}");
                let id = cells[0].trim().trim_matches('`');
                (id.into(), cells[1].trim().into(), cells[2].trim().into())
            })
            .collect()
    }

    #[test]
    fn the_docs_tables_list_every_check_with_its_clause_and_rule() {
        let plan = include_str!("../../docs/plan.md");
        let federation = include_str!("../../docs/federation.md");
        for (docs, heading, command) in [
            (plan, "### Checks in the plan", PlanCommand::Plan),
            (
                plan,
                "## 4. `congress check delegation`",
                PlanCommand::CheckDelegation,
            ),
            (plan, "## 5. `congress check org`", PlanCommand::CheckOrg),
            (
                federation,
                "### Checks in the federation plan",
                PlanCommand::PlanFederation,
            ),
            (
                federation,
                "## 4. `congress check delegation --federation`",
                PlanCommand::CheckDelegationFederation,
            ),
        ] {
            let registry: Vec<(String, String, String)> = PlanCheckId::ALL
                .iter()
                .filter(|c| c.command() == command)
                .map(|c| (c.as_str().into(), c.clause().into(), c.rule().into()))
                .collect();
            assert_eq!(docs_table(docs, heading), registry, "{heading}");
        }
    }

    #[test]
    fn ids_are_unique_within_a_command() {
        for &a in PlanCheckId::ALL {
            for &b in PlanCheckId::ALL {
                if a != b && a.command() == b.command() {
                    assert_ne!(a.as_str(), b.as_str(), "{a:?} {b:?}");
                }
            }
            // `<clause>.<rule>`: the id starts with its clause's number.
            let number = a
                .clause()
                .trim_start_matches("二.")
                .trim_end_matches("若干意见");
            assert!(a.as_str().starts_with(&format!("{number}.")), "{a:?}");
        }
    }
}
