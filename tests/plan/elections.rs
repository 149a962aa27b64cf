//! `congress plan ROSTER --elections DIR`: one election file per department with the plan's
//! seats and constraints (docs/plan.md, "Department elections").

use crate::util::{congress_in, fixture, scratch};
use congress::ballot::election::Election;

fn plan_into(name: &str, extra: &[&str]) -> std::path::PathBuf {
    let dir = scratch(name);
    let roster = fixture("roster.csv");
    let mut args = vec![
        "plan",
        roster.as_str(),
        "--seats",
        "40",
        "--elections",
        "el",
        "--id",
        "2027-congress",
    ];
    args.extend(extra);
    let r = congress_in(&dir, &args);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    dir
}

fn read(dir: &std::path::Path, file: &str) -> String {
    std::fs::read_to_string(dir.join("el").join(file)).unwrap()
}

/// The file without its `[[constraint]]` tables (another part of the parser reads them), with
/// candidates and attendance: what the committee counts.
fn completed(text: &str, candidates: usize) -> String {
    let mut out = String::new();
    let mut in_constraint = false;
    for line in text.lines() {
        if line == "[[constraint]]" {
            in_constraint = true;
            continue;
        }
        if in_constraint && (line.is_empty() || line.starts_with('#')) {
            in_constraint = false;
        }
        if !in_constraint {
            out.push_str(line);
            out.push('\n');
        }
    }
    let names: Vec<String> = (0..candidates).map(|k| format!("\"c{k}\"")).collect();
    out.replace(
        "profile = \"henan-2017\"\n",
        &format!(
            "profile = \"henan-2017\"\ncandidates = [{}]\n",
            names.join(", ")
        ),
    )
    .replace("# entitled = ", "entitled = 100 ")
    .replace("# present = ", "present = 90 ")
}

#[test]
fn one_file_per_department_with_the_plans_constraints() {
    let dir = plan_into("plan-elections", &[]);
    let plan = congress_in(
        &dir,
        &[
            "plan",
            &fixture("roster.csv"),
            "--seats",
            "40",
            "--format",
            "json",
        ],
    )
    .json();
    let index = read(&dir, "index.csv");
    let departments = plan["departments"].as_array().unwrap();
    assert_eq!(index.lines().count(), departments.len() + 1);
    assert_eq!(index.lines().next(), Some("file,department,seats"));
    for (k, d) in departments.iter().enumerate() {
        let file = format!("d{:02}.toml", k + 1);
        let line = format!(
            "{file},{},{}",
            d["department"].as_str().unwrap(),
            d["seats"]
        );
        assert_eq!(index.lines().nth(k + 1), Some(line.as_str()));
        let text = read(&dir, &file);
        for want in [
            format!("id = \"2027-congress-d{:02}\"", k + 1),
            format!("title = \"{}\"", d["department"].as_str().unwrap()),
            "method = \"majority-approval\"".to_string(),
            format!("seats = {}", d["seats"]),
            "profile = \"henan-2017\"".to_string(),
            "# entitled =    # 应到: members entitled to vote".to_string(),
        ] {
            assert!(text.lines().any(|l| l == want), "{want} not in {text}");
        }
        assert!(text.contains(&format!(
            "[[constraint]]\nattribute = \"cadre\"\nvalue = \"no\"\nmin = {}\n",
            d["non_cadre_min"]
        )));
        for g in d["grades"].as_array().unwrap() {
            let table = format!(
                "[[constraint]]\nattribute = \"grade\"\nvalue = \"{}\"\nmin = 1\n",
                g["grade"].as_str().unwrap()
            );
            assert_eq!(
                text.contains(&table),
                g["seats"].as_u64().unwrap() > 0,
                "{text}"
            );
        }
        // Otherwise a valid election once candidates and attendance are added.
        let seats = d["seats"].as_u64().unwrap() as usize;
        let e = Election::from_bytes(&file, completed(&text, seats + 2).into_bytes()).unwrap();
        assert_eq!(e.seats, Some(seats as u32));
        assert_eq!(e.id, format!("2027-congress-d{:02}", k + 1));
        // Before the attendance is filled in, counting is an input error naming it.
        let e = Election::from_bytes(
            &file,
            completed(&text, seats + 2)
                .replace("entitled = 100 ", "# entitled = ")
                .into_bytes(),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("attendance.entitled"), "{e}");
    }
}

#[test]
fn grade_constraints_exact_none_and_no_overwrite() {
    let dir = plan_into("plan-elections-exact", &["--grade-constraints", "exact"]);
    let text = read(&dir, "d01.toml");
    let grade_tables: Vec<&str> = text.split("attribute = \"grade\"\n").skip(1).collect();
    assert!(!grade_tables.is_empty(), "{text}");
    for t in grade_tables {
        let n = |key: &str| {
            t.lines()
                .find_map(|l| l.strip_prefix(key))
                .unwrap()
                .to_string()
        };
        assert_eq!(n("min = "), n("max = "), "{t}");
    }
    let dir = plan_into("plan-elections-none", &["--grade-constraints", "none"]);
    let text = read(&dir, "d01.toml");
    assert!(!text.contains("attribute = \"grade\""), "{text}");
    assert_eq!(text.matches("[[constraint]]").count(), 1);
    // A second run does not overwrite without --force, and writes nothing.
    let r = congress_in(
        &dir,
        &[
            "plan",
            &fixture("roster.csv"),
            "--seats",
            "40",
            "--elections",
            "el",
        ],
    );
    assert_eq!(r.code(), 3);
    assert!(
        r.stderr().contains("el/d01.toml: file exists"),
        "{}",
        r.stderr()
    );
    let r = congress_in(
        &dir,
        &[
            "plan",
            &fixture("roster.csv"),
            "--seats",
            "40",
            "--elections",
            "el",
            "--force",
        ],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    // The default id is the roster's name.
    assert!(read(&dir, "d01.toml").contains("id = \"roster-d01\""));
    let r = congress_in(
        &dir,
        &[
            "plan",
            &fixture("roster.csv"),
            "--elections",
            "x",
            "--grade-constraints",
            "most",
        ],
    );
    assert_eq!(r.code(), 2);
}
