//! `congress check delegation`: each rule passes on the example and fails on its own breach.

use crate::util::{congress, read_text, scratch};
use serde_json::Value;

const PLAN: &str = "fixtures/plan/plan.json";
const ROSTER: &str = "fixtures/roster.csv";
const CLUBS: &str = "fixtures/clubs.csv";
const DELEGATES: &str = "fixtures/delegates.csv";

/// Runs `congress check delegation DELEGATES --plan PLAN --roster ROSTER` with `extra` flags.
fn check_delegation(delegates: &str, plan: &str, extra: &[&str]) -> crate::util::Run {
    let mut args = vec![
        "check",
        "delegation",
        delegates,
        "--plan",
        plan,
        "--roster",
        ROSTER,
    ];
    args.extend(extra);
    congress(&args)
}

/// Runs the check on a delegates text; returns (exit code, checks JSON).
fn run(delegates: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let dir = scratch(&format!("{:x}", delegates.len() * 31 + extra.len()));
    let path = dir.join("delegates.csv");
    std::fs::write(&path, delegates).unwrap();
    let path = path.to_str().unwrap();
    let mut args = vec![
        "check",
        "delegation",
        path,
        "--plan",
        PLAN,
        "--roster",
        ROSTER,
        "--format",
        "json",
    ];
    args.extend(extra);
    let o = congress(&args);
    let json: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)));
    (
        o.status.code().unwrap(),
        json["checks"].as_array().unwrap().clone(),
    )
}

fn failed(checks: &[Value]) -> Vec<(String, String)> {
    checks
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_example_delegation_passes_every_check() {
    let o = check_delegation(DELEGATES, PLAN, &["--clubs", CLUBS, "--per-department"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let text = o.stdout();
    for id in [
        "8.plan-roster",
        "8.delegates-roster",
        "8.delegates-unique",
        "8.department-seats",
        "8.grade-coverage",
        "8.club-coverage",
        "8.non-cadre-share",
        "8.non-cadre-department",
        "8.delegates-ratio",
    ] {
        assert!(text.contains(id), "missing {id}");
    }
    assert!(!text.contains("fail"));
    // Without --clubs the club check is a warning, not a failure.
    let (code, checks) = run(&read_text(DELEGATES), &[]);
    assert_eq!(code, 0);
    let club = checks
        .iter()
        .find(|c| c["id"] == "8.club-coverage")
        .unwrap();
    assert_eq!(club["status"], "warn");
}

#[test]
fn a_missing_delegate_fails_seats_and_ratio_each_on_its_own_line() {
    let text = read_text(DELEGATES);
    let lines: Vec<&str> = text.lines().collect();
    let without_second: String = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let (code, checks) = run(&without_second, &[]);
    assert_eq!(code, 1);
    let fails = failed(&checks);
    assert!(fails.iter().any(|(id, d)| id == "8.department-seats"
        && d.contains("12 delegates elected, the plan has 13 seats")));
    // 39 delegates are still ≥ 1% of 2400 students (24).
    assert!(!fails.iter().any(|(id, _)| id == "8.delegates-ratio"));
    // Table output: each failure on its own line, exit 1.
    let dir = scratch("table");
    let path = dir.join("d.csv");
    std::fs::write(&path, &without_second).unwrap();
    let o = check_delegation(path.to_str().unwrap(), PLAN, &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = o.stdout();
    assert_eq!(out.lines().filter(|l| l.starts_with("fail")).count(), 1);
}

#[test]
fn unknown_and_duplicate_delegates_fail() {
    let mut text = read_text(DELEGATES);
    let second = text.lines().nth(1).unwrap().to_string();
    text.push_str(&second);
    text.push('\n');
    text.push_str("X999,Nobody,Nowhere\n");
    let (code, checks) = run(&text, &[]);
    assert_eq!(code, 1);
    let fails = failed(&checks);
    let id = second.split(',').next().unwrap();
    assert!(fails.iter().any(|(c, d)| c == "8.delegates-unique"
        && d.contains(&format!(
            "student_id '{id}' is listed twice (first on line 2)"
        ))));
    assert!(fails
        .iter()
        .any(|(c, d)| c == "8.delegates-roster" && d.contains(":43: student_id 'X999'")));
}

#[test]
fn uncovered_grade_and_club_fail() {
    // Replace every 2021 delegate (only in the medical school) by a 2023 one of the same school.
    let roster = read_text(ROSTER);
    let text = read_text(DELEGATES);
    let chosen: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let mut out = String::from("student_id\n");
    for id in &chosen {
        if id.starts_with("2021") {
            let dept = &id[4..7];
            let replacement = roster
                .lines()
                .map(|l| l.split(',').next().unwrap())
                .find(|r| r.starts_with("2023") && &r[4..7] == dept && !chosen.contains(r))
                .unwrap();
            out.push_str(replacement);
        } else {
            out.push_str(id);
        }
        out.push('\n');
    }
    let (code, checks) = run(&out, &["--clubs", CLUBS]);
    assert_eq!(code, 1);
    let fails = failed(&checks);
    assert!(fails.contains(&(
        "8.grade-coverage".into(),
        "grade 2021 has no delegate".into()
    )));
    // A club file naming a major club nobody elected belongs to.
    let dir = scratch("clubs");
    let clubs = dir.join("clubs.csv");
    std::fs::write(
        &clubs,
        "club,major\n天文协会,yes\n棋艺社,no\n星际协会,yes\n",
    )
    .unwrap();
    let (_, checks) = run(&read_text(DELEGATES), &["--clubs", clubs.to_str().unwrap()]);
    let fails = failed(&checks);
    assert!(fails
        .iter()
        .any(|(c, d)| c == "8.club-coverage" && d.contains("'星际协会'")));
}

#[test]
fn non_cadre_share_overall_and_per_department() {
    // Swap non-cadre delegates for cadres of the same department until the share breaks.
    let roster = read_text(ROSTER);
    let cadres: Vec<(&str, &str)> = roster
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(5) == Some("yes"))
        .map(|l| {
            let mut c = l.split(',');
            (c.next().unwrap(), c.nth(1).unwrap())
        })
        .collect();
    let text = read_text(DELEGATES);
    let mut out = String::from("student_id\n");
    let mut used = std::collections::HashSet::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (id, dept) = (cells[0], cells[2]);
        // Replace every delegate of the largest department by a cadre of it.
        if dept == "计算机科学与技术学院" {
            let (cid, _) = cadres
                .iter()
                .find(|(c, d)| *d == dept && !used.contains(c))
                .unwrap();
            used.insert(*cid);
            out.push_str(cid);
        } else {
            out.push_str(id);
        }
        out.push('\n');
    }
    let (code, checks) = run(&out, &[]);
    // 33 − 12 = 21 of 40 non-cadre < 60%.
    assert_eq!(code, 1);
    let fails = failed(&checks);
    assert!(fails
        .iter()
        .any(|(c, d)| c == "8.non-cadre-share" && d.starts_with("21 of 40")));
    assert!(!fails.iter().any(|(c, _)| c == "8.non-cadre-department"));
    let (_, checks) = run(&out, &["--per-department"]);
    let fails = failed(&checks);
    assert!(fails.iter().any(|(c, d)| c == "8.non-cadre-department"
        && d.starts_with("计算机科学与技术学院: 0 of 13 delegates are non-cadre")));
}

#[test]
fn input_errors_exit_3_and_bad_flags_exit_2() {
    let dir = scratch("inputs");
    let bad_plan = dir.join("plan.json");
    std::fs::write(&bad_plan, "{\"students\": 3}").unwrap();
    let o = check_delegation(DELEGATES, bad_plan.to_str().unwrap(), &[]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("plan.json:1:"));
    let no_id = dir.join("d.csv");
    std::fs::write(&no_id, "name\nx\n").unwrap();
    let o = check_delegation(no_id.to_str().unwrap(), PLAN, &[]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains(":1: student_id: missing column"));
    let clubs = dir.join("c.csv");
    std::fs::write(&clubs, "club,major\n话剧社,maybe\n").unwrap();
    let o = check_delegation(DELEGATES, PLAN, &["--clubs", clubs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("c.csv:2: major:"));
    let o = congress(&["check", "delegation", DELEGATES, "--roster", ROSTER]);
    assert_eq!(o.status.code(), Some(2));
    let o = check_delegation(DELEGATES, PLAN, &["--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_department_or_club_listed_twice_is_an_input_error() {
    let dir = scratch("duplicates");
    // The plan with its first department listed again.
    let mut plan: Value = serde_json::from_str(&read_text(PLAN)).unwrap();
    let first = plan["departments"][0].clone();
    let name = first["department"].as_str().unwrap().to_string();
    plan["departments"].as_array_mut().unwrap().push(first);
    let twice = dir.join("plan.json");
    std::fs::write(&twice, serde_json::to_string(&plan).unwrap()).unwrap();
    let o = check_delegation(DELEGATES, twice.to_str().unwrap(), &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains(&name) && err.contains("listed twice"), "{err}");
    assert!(err.contains("departments"), "{err}");
    // A club listed twice, with contradicting major values.
    let clubs = read_text(CLUBS);
    let line = clubs.lines().nth(1).unwrap();
    let club = line.split(',').next().unwrap();
    let flipped = format!(
        "{club},{}\n",
        if line.ends_with("yes") { "no" } else { "yes" }
    );
    let path = dir.join("clubs.csv");
    std::fs::write(&path, format!("{clubs}{flipped}")).unwrap();
    let o = check_delegation(DELEGATES, PLAN, &["--clubs", path.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains(club) && err.contains("listed twice"), "{err}");
}

/// Every bad row of the delegates and clubs files in one run (issue 19): two empty student
/// numbers, and a club twice beside a major value that is not yes/no.
#[test]
fn every_bad_row_of_the_delegates_and_clubs_files_is_reported_at_once() {
    let dir = scratch("all-errors");
    let delegates = dir.join("delegates.csv");
    std::fs::write(&delegates, "student_id,name\n,张三\n,李四\n").unwrap();
    let run = check_delegation(delegates.to_str().unwrap(), PLAN, &[]);
    let (code, _, stderr) = run.parts();
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("delegates.csv:2") && stderr.contains("delegates.csv:3"),
        "{stderr}"
    );
    let clubs = dir.join("clubs.csv");
    std::fs::write(&clubs, "club,major\n书法社,是\n书法社,是\n篮球社,maybe\n").unwrap();
    let run = check_delegation(DELEGATES, PLAN, &["--clubs", clubs.to_str().unwrap()]);
    let (code, _, stderr) = run.parts();
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("listed twice"), "{stderr}");
    assert!(stderr.contains("'maybe' is not yes/no"), "{stderr}");
}
