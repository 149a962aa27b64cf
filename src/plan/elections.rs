//! From the plan to the department elections (clause 8: "代表由各班级、院系学生会选举产生"):
//! one majority-approval election file per department (`congress plan --elections DIR`), with
//! its seats, profile `henan-2017`, `[attendance]` to fill in, and the plan's constraints as
//! `[[constraint]]` tables: the non-cadre minimum (`8.non-cadre-share`) and the grades
//! (`8.grade-coverage`). The committee adds the candidates and counts (docs/plan.md).

use super::Plan;
use crate::ballot::election::toml_string;

/// Which grade constraints the files carry (`--grade-constraints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeConstraints {
    /// At least one delegate of each grade that has a seat in the plan (the default).
    Cover,
    /// Exactly the plan's seats of each grade (min = max).
    Exact,
    /// No grade constraint.
    None,
}

impl GradeConstraints {
    /// Every mode.
    pub const ALL: [GradeConstraints; 3] = [
        GradeConstraints::Cover,
        GradeConstraints::Exact,
        GradeConstraints::None,
    ];

    /// The mode's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            GradeConstraints::Cover => "cover",
            GradeConstraints::Exact => "exact",
            GradeConstraints::None => "none",
        }
    }
}

/// One department's election file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentElection {
    /// The file name in the folder (`d01.toml`, …, in plan order).
    pub file: String,
    /// The department.
    pub department: String,
    /// Its seats.
    pub seats: u64,
    /// The file's text.
    pub text: String,
}

/// The election file of every department of `plan`, ids `<plan_id>-d01`, … in plan order
/// (two digits, more when there are more than 99 departments).
pub fn department_elections(
    plan: &Plan,
    plan_id: &str,
    grades: GradeConstraints,
) -> Vec<DepartmentElection> {
    let width = plan.departments.len().to_string().len().max(2);
    plan.departments
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let number = format!("d{:0width$}", k + 1);
            let mut t = String::new();
            t.push_str(&format!(
                "# The delegates of {} to the student congress (clause 8), from congress plan: \
                 {} seats for {} students.\n",
                d.department, d.seats, d.students
            ));
            t.push_str(
                "# Add the candidates and fill in [attendance] with the sitting's numbers before counting.\n",
            );
            t.push_str(&format!("id = {}\n", toml_string(&format!("{plan_id}-{number}"))));
            t.push_str(&format!("title = {}\n", toml_string(&d.department)));
            t.push_str("method = \"majority-approval\"\n");
            t.push_str(&format!("seats = {}\n", d.seats));
            t.push_str("profile = \"henan-2017\"\n");
            t.push_str("\n[attendance]\n");
            t.push_str("# entitled =    # 应到: members entitled to vote\n");
            t.push_str("# present =     # 实到: members present\n");
            t.push_str("# issued =      # ballots issued (default: present)\n");
            t.push_str(&format!(
                "\n# Clause 8: non-cadre delegates at least {} of the seats (non_cadre_min).\n",
                plan.non_cadre_share
            ));
            t.push_str(&constraint("cadre", "no", Some(d.non_cadre_min), None));
            match grades {
                GradeConstraints::Cover => {
                    t.push_str("\n# Clause 8: every grade with a seat in the plan is represented.\n");
                    for g in d.grades.iter().filter(|g| g.seats > 0) {
                        t.push_str(&constraint("grade", &g.grade, Some(1), None));
                    }
                }
                GradeConstraints::Exact => {
                    t.push_str("\n# Clause 8: each grade's seats as the plan apportions them.\n");
                    for g in &d.grades {
                        t.push_str(&constraint("grade", &g.grade, Some(g.seats), Some(g.seats)));
                    }
                }
                GradeConstraints::None => {}
            }
            DepartmentElection {
                file: format!("{number}.toml"),
                department: d.department.clone(),
                seats: d.seats,
                text: t,
            }
        })
        .collect()
}

/// One `[[constraint]]` table.
fn constraint(attribute: &str, value: &str, min: Option<u64>, max: Option<u64>) -> String {
    let mut t = format!(
        "[[constraint]]\nattribute = {}\nvalue = {}\n",
        toml_string(attribute),
        toml_string(value)
    );
    if let Some(n) = min {
        t.push_str(&format!("min = {n}\n"));
    }
    if let Some(n) = max {
        t.push_str(&format!("max = {n}\n"));
    }
    t
}

/// The index of the files: `file,department,seats`, one line per department in plan order.
pub fn index_csv(elections: &[DepartmentElection]) -> String {
    let mut out = String::from("file,department,seats\n");
    for e in elections {
        crate::ballot::canonical_ballots::push_field(&mut out, &e.file);
        out.push(',');
        crate::ballot::canonical_ballots::push_field(&mut out, &e.department);
        out.push_str(&format!(",{}\n", e.seats));
    }
    out
}
