//! `congress plan`: the contract shapes, the readings of clause 8, every exit code.

use crate::util::{congress, scratch, write};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let mut all = vec!["plan"];
    all.extend(args.iter().copied().filter(|a| *a != "plan"));
    all.extend(["--format", "json"]);
    let o = congress(&all);
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    serde_json::from_str(&o.stdout()).unwrap()
}

fn seats(plan: &Value) -> Vec<u64> {
    plan["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["seats"].as_u64().unwrap())
        .collect()
}

fn check<'a>(plan: &'a Value, id: &str) -> Vec<&'a Value> {
    plan["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == id)
        .collect()
}

const A4: &str = "fixtures/plan/a4-roster.csv";

/// Roster text: (department, grade, count, cadres) groups.
fn roster(groups: &[(&str, &str, usize, usize)]) -> String {
    let mut text = String::from("student_id,department,grade,cadre\n");
    let mut id = 0;
    for &(dept, grade, n, cadres) in groups {
        for k in 0..n {
            id += 1;
            let cadre = if k < cadres { "yes" } else { "no" };
            text.push_str(&format!("{id},{dept},{grade},{cadre}\n"));
        }
    }
    text
}

#[test]
fn json_has_every_contract_key() {
    let plan = json(&[A4]);
    for key in [
        "students",
        "house_size",
        "method",
        "ratio_required",
        "ratio_achieved",
        "departments",
        "standing_conference_seats",
        "checks",
    ] {
        assert!(plan.get(key).is_some(), "missing {key}");
    }
    assert_eq!(plan["students"], 2830);
    assert_eq!(plan["method"], "webster");
    assert_eq!(plan["ratio_required"], "0.01");
    assert_eq!(plan["ratio_achieved"], "0.010247");
    assert_eq!(plan["standing_conference_seats"], 5);
    let d = &plan["departments"][0];
    for key in [
        "department",
        "students",
        "quota",
        "seats",
        "floored",
        "non_cadre_min",
        "assembly_allowed",
        "grades",
    ] {
        assert!(d.get(key).is_some(), "missing departments[].{key}");
    }
    assert_eq!(d["department"], "Literature");
    assert_eq!(d["quota"], "12.2968");
    assert_eq!(d["grades"][0]["grade"], "2022");
    assert!(d["grades"][0]["students"].is_u64());
    assert!(d["grades"][0]["seats"].is_u64());
    for c in plan["checks"].as_array().unwrap() {
        for key in ["id", "clause", "status", "detail"] {
            assert!(c.get(key).is_some());
        }
        assert!(["pass", "warn", "fail"].contains(&c["status"].as_str().unwrap()));
    }
    for id in [
        "8.delegates-ratio",
        "8.department-floor",
        "8.grade-coverage",
        "8.non-cadre-share",
        "8.standing-conference",
        "8.assembly",
    ] {
        assert!(!check(&plan, id).is_empty(), "missing check {id}");
    }
}

#[test]
fn the_three_readings_of_clause_8() {
    // M3 (default): webster with the floor as a minimum, house ceil(1% × 2830) = 29.
    let m3 = json(&[A4]);
    assert_eq!(m3["house_size"], 29);
    assert_eq!(seats(&m3), vec![11, 8, 4, 3, 3]);
    let floored: Vec<bool> = m3["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["floored"].as_bool().unwrap())
        .collect();
    assert_eq!(floored, vec![false, false, false, true, true]);
    // M2: hamilton with the floor on a fixed house.
    let m2 = json(&[A4, "--method", "hamilton"]);
    assert_eq!(m2["method"], "hamilton");
    assert_eq!(seats(&m2), vec![11, 8, 4, 3, 3]);
    // M1: per department max(3, ceil(1% × students)), the house is the sum.
    let m1 = json(&[A4, "--per-department-ratio"]);
    assert_eq!(m1["method"], "per-department-ratio");
    assert_eq!(seats(&m1), vec![12, 9, 5, 3, 3]);
    assert_eq!(m1["house_size"], 32);
    assert_eq!(m1["ratio_achieved"], "0.011307");
}

#[test]
fn csv_has_the_contract_header_and_table_is_default() {
    let o = congress(&["plan", A4, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    let text = o.stdout();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "department,students,quota,seats,non_cadre_min,assembly_allowed"
    );
    assert_eq!(lines.next().unwrap(), "Literature,1200,12.2968,11,7,false");
    assert_eq!(lines.last().unwrap(), "Music,90,0.9223,3,2,true");
    let table = congress(&["plan", A4]).stdout();
    assert!(table.contains("Literature"));
    assert!(table.contains("8.delegates-ratio"));
}

#[test]
fn seats_and_ratio_set_the_house() {
    assert_eq!(json(&["plan", A4, "--seats", "40"])["house_size"], 40);
    assert_eq!(json(&["plan", A4, "--ratio", "2%"])["house_size"], 57);
    assert_eq!(
        json(&["plan", A4, "--ratio", "1/50", "--seats", "10"])["house_size"],
        57
    );
    // Non-cadre minimum is ceil(share × seats), exactly.
    let plan = json(&["plan", A4, "--non-cadre-share", "0.5"]);
    let mins: Vec<u64> = plan["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["non_cadre_min"].as_u64().unwrap())
        .collect();
    assert_eq!(mins, vec![6, 4, 2, 2, 2]);
    // Assembly threshold is strict: students < N.
    let plan = json(&["plan", A4, "--assembly-below", "430"]);
    let allowed: Vec<bool> = plan["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["assembly_allowed"].as_bool().unwrap())
        .collect();
    assert_eq!(allowed, vec![false, false, false, true, true]);
}

#[test]
fn minima_above_the_house_grow_it_with_a_warning() {
    let dir = scratch("grow");
    let text = roster(&[
        ("A", "2024", 150, 0),
        ("B", "2024", 120, 0),
        ("C", "2024", 30, 0),
    ]);
    let path = write(&dir, "r.csv", &text);
    let plan = json(&["plan", &path]);
    // ceil(1% × 300) = 3 < 3 × 3 minima: the house grows to 9.
    assert_eq!(plan["house_size"], 9);
    assert_eq!(seats(&plan), vec![3, 3, 3]);
    let floor = check(&plan, "8.department-floor");
    assert_eq!(floor[0]["status"], "warn");
    assert!(floor[0]["detail"].as_str().unwrap().contains("grows to 9"));
}

#[test]
fn grades_get_a_seat_each_when_the_department_has_enough() {
    let dir = scratch("grades");
    let text = roster(&[
        ("A", "2022", 500, 0),
        ("A", "2023", 300, 0),
        ("A", "2024", 150, 0),
        ("A", "2025", 50, 0),
        ("B", "2022", 100, 0),
        ("B", "2023", 60, 0),
        ("B", "2024", 45, 0),
        ("B", "2025", 30, 0),
    ]);
    let path = write(&dir, "r.csv", &text);
    let plan = json(&["plan", &path, "--seats", "15"]);
    // A gets 12 of 15 seats: its grades 500/300/150/50 each get at least one.
    let a: Vec<u64> = plan["departments"][0]["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["seats"].as_u64().unwrap())
        .collect();
    assert_eq!(
        a.iter().sum::<u64>(),
        plan["departments"][0]["seats"].as_u64().unwrap()
    );
    assert!(a.iter().all(|&s| s >= 1), "{a:?}");
    // B has 3 seats for 4 grades: one is left out and named in a warning.
    assert_eq!(plan["departments"][1]["seats"], 3);
    let cov = check(&plan, "8.grade-coverage");
    assert_eq!(cov[0]["status"], "warn");
    assert!(cov[0]["detail"]
        .as_str()
        .unwrap()
        .contains("B (3 seats for 4 grades): 2025"));
}

#[test]
fn biproportional_grades_keep_both_margins() {
    // --min 4 gives every department at least as many seats as it has grades. Arts has
    // exactly as many students in 2022 as in 2024 (65 and 65): the matrix is tied, so
    // without a lot the tie is reported (exit 4) naming the cells.
    let args = [
        "plan",
        A4,
        "--seats",
        "60",
        "--min",
        "4",
        "--grades",
        "biproportional",
    ];
    let o = congress(&args);
    assert_eq!(o.status.code(), Some(4), "{}", o.stderr());
    assert!(o.stderr().contains("(row 4, column 1)"), "{}", o.stderr());
    let mut with_lot = args.to_vec();
    with_lot.extend(["--lot", "beacon"]);
    let plan = json(&with_lot);
    assert_eq!(plan, json(&with_lot));
    assert!(!plan["lots"].as_array().unwrap().is_empty());
    assert_eq!(plan["grades_mode"], "biproportional");
    let mut columns = std::collections::BTreeMap::<String, u64>::new();
    for d in plan["departments"].as_array().unwrap() {
        let row: u64 = d["grades"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                *columns
                    .entry(g["grade"].as_str().unwrap().to_string())
                    .or_default() += g["seats"].as_u64().unwrap();
                assert!(
                    g["seats"].as_u64().unwrap() >= 1,
                    "every non-empty cell has a seat"
                );
                g["seats"].as_u64().unwrap()
            })
            .sum();
        assert_eq!(row, d["seats"].as_u64().unwrap());
    }
    // Column sums: the grade totals 637, 684, 735, 774 apportioned over 60 by webster:
    // quotas 13.505, 14.502, 15.583, 16.410 round to 14, 15, 16, 16 = 61, so the seat of
    // lowest priority goes: 2023's 15th (684 / 14.5 = 47.17) → 14, 14, 16, 16.
    assert_eq!(columns.values().sum::<u64>(), 60);
    let expected: Vec<u64> = vec![14, 14, 16, 16];
    assert_eq!(columns.values().copied().collect::<Vec<_>>(), expected);
    // Hamilton has no biproportional form.
    let o = congress(&[
        "plan",
        A4,
        "--grades",
        "biproportional",
        "--method",
        "hamilton",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_tie_needs_a_lot() {
    let dir = scratch("tie");
    let text = roster(&[("A", "2024", 100, 0), ("B", "2024", 100, 0)]);
    let path = write(&dir, "r.csv", &text);
    let o = congress(&["plan", &path, "--seats", "7"]);
    assert_eq!(o.status.code(), Some(4), "{}", o.stderr());
    let err = o.stderr();
    assert!(err.starts_with("error: "));
    assert!(err.contains("A, B"), "{err}");
    assert!(err.contains("--lot"), "{err}");
    let a = json(&["plan", &path, "--seats", "7", "--lot", "2026-05-beacon"]);
    let b = json(&["plan", &path, "--seats", "7", "--lot", "2026-05-beacon"]);
    assert_eq!(a, b);
    assert_eq!(a["house_size"], 7);
    let mut s = seats(&a);
    s.sort();
    assert_eq!(s, vec![3, 4]);
    assert!(!a["lots"].as_array().unwrap().is_empty());
}

#[test]
fn bad_flags_are_usage_errors() {
    for args in [
        vec!["plan", A4, "--method", "borda"],
        vec!["plan", A4, "--ratio", "abc"],
        vec!["plan", A4, "--ratio", "2"],
        vec!["plan", A4, "--non-cadre-share", "x"],
        vec!["plan", A4, "--format", "xml"],
        vec!["plan", A4, "--per-department-ratio", "--seats", "40"],
        vec!["plan"],
    ] {
        let o = congress(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", o.stderr());
    }
}

#[test]
fn bad_rosters_are_input_errors_naming_file_line_field() {
    let dir = scratch("bad");
    let cases = [
        (
            "student_id,department,grade,cadre\n1,A,2024,no\n2,A,2024,no\n1,B,2023,yes\n",
            ":4: student_id: duplicate student_id '1' (first on line 2)",
        ),
        (
            "student_id,department,grade,cadre\n1,,2024,no\n",
            ":2: department: empty",
        ),
        (
            "student_id,department,grade,cadre\n1,A,,no\n",
            ":2: grade: empty",
        ),
        (
            "student_id,department,grade,cadre\n1,A,2024,no\n2,A,2024,perhaps\n",
            ":3: cadre: 'perhaps' is not a cadre value",
        ),
        (
            "student_id,department,grade\n1,A,2024\n",
            ":1: cadre: missing column",
        ),
        ("student_id,department,grade,cadre\n", "no students"),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let path = write(&dir, &format!("r{i}.csv"), text);
        let o = congress(&["plan", &path]);
        assert_eq!(o.status.code(), Some(3), "{text}");
        let err = o.stderr();
        assert!(err.starts_with(&format!("error: {path}")), "{err}");
        assert!(err.contains(expected), "{err} should contain {expected}");
    }
    let o = congress(&["plan", "/nonexistent/roster.csv"]);
    assert_eq!(o.status.code(), Some(3));
}

#[test]
fn chinese_headers_and_gb18030() {
    let dir = scratch("gbk");
    let text = "学号,姓名,院系,年级,是否学生会骨干,班级,社团\n\
                1,王芳,文学院,2024级,是,文2401,话剧社;书法协会\n\
                2,李强,文学院,2023级,否,文2301,\n\
                3,张伟,法学院,2024级,否,法2401,话剧社\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    let path = dir.join("gbk.csv");
    std::fs::write(&path, &bytes).unwrap();
    let path = path.to_str().unwrap();
    let plan = json(&["plan", path, "--encoding", "gb18030"]);
    assert_eq!(plan["students"], 3);
    assert_eq!(plan["departments"][0]["department"], "文学院");
    // Without the flag the bytes are not UTF-8: an input error naming the line.
    let o = congress(&["plan", path]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        o.stderr().contains("gbk.csv:1: invalid UTF-8"),
        "{}",
        o.stderr()
    );
}

#[test]
fn out_writes_atomically_and_refuses_to_overwrite() {
    let dir = scratch("out");
    let out = dir.join("plan.json");
    let out_s = out.to_str().unwrap();
    let o = congress(&["plan", A4, "--format", "json", "--out", out_s]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout().is_empty());
    let first = std::fs::read_to_string(&out).unwrap();
    let o = congress(&["plan", A4, "--format", "json", "--out", out_s]);
    assert_ne!(o.status.code(), Some(0));
    let o = congress(&["plan", A4, "--format", "json", "--out", out_s, "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    // Byte-identical on every run.
    assert_eq!(congress(&["plan", A4, "--format", "json"]).stdout(), first);
}

#[test]
fn too_few_non_cadre_students_fail_the_check() {
    let dir = scratch("cadres");
    let text = roster(&[("A", "2024", 200, 0), ("B", "2024", 40, 39)]);
    let path = write(&dir, "r.csv", &text);
    let plan = json(&["plan", &path]);
    let c = check(&plan, "8.non-cadre-share");
    assert_eq!(c[0]["status"], "fail");
    assert!(c[0]["detail"]
        .as_str()
        .unwrap()
        .contains("B needs 2 non-cadre delegates but has 1"));
}

#[test]
fn hamilton_shows_the_alabama_paradox_that_motivates_webster() {
    // docs/plan.md: 600, 600, 200 students; Hamilton gives the small department 2 seats in
    // a house of 10 but 1 in a house of 11.
    let dir = scratch("alabama");
    let text = roster(&[
        ("A", "2024", 600, 0),
        ("B", "2024", 600, 0),
        ("C", "2024", 200, 0),
    ]);
    let path = write(&dir, "r.csv", &text);
    let ten = json(&[
        &path, "--method", "hamilton", "--min", "0", "--ratio", "0", "--seats", "10",
    ]);
    let eleven = json(&[
        &path, "--method", "hamilton", "--min", "0", "--ratio", "0", "--seats", "11",
    ]);
    assert_eq!(seats(&ten), vec![4, 4, 2]);
    assert_eq!(seats(&eleven), vec![5, 5, 1]);
}

#[test]
fn a_house_larger_than_the_roster_is_an_input_error() {
    let dir = scratch("small");
    let path = write(&dir, "r.csv", &roster(&[("A", "2024", 5, 0)]));
    let o = congress(&["plan", &path, "--seats", "10"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        o.stderr().contains("exceeds the 5 students"),
        "{}",
        o.stderr()
    );
    // A department smaller than the floor gets every student, with a warning.
    let path = write(
        &dir,
        "r2.csv",
        &roster(&[("A", "2024", 500, 0), ("B", "2024", 2, 0)]),
    );
    let plan = json(&[&path]);
    // House ceil(1% × 502) = 6: B keeps both its students, A the other 4.
    assert_eq!(seats(&plan), vec![4, 2]);
    assert!(check(&plan, "8.department-floor")
        .iter()
        .any(|c| c["status"] == "warn" && c["detail"].as_str().unwrap().contains("B (2)")));
}

/// The seats of each grade of department `d`, in grade order.
fn grade_seats(plan: &Value, d: usize) -> Vec<u64> {
    plan["departments"][d]["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["seats"].as_u64().unwrap())
        .collect()
}

#[test]
fn first_seat_methods_plan_departments_with_fewer_seats_than_grades() {
    // One department, 3 seats, 4 grades: adams, dean and huntington-hill give every grade a
    // first seat, which 3 seats cannot do; the seats go one each to the largest grades and
    // 8.grade-coverage warns, as for every other method (it used to be exit 3).
    let dir = scratch("first-seat");
    let path = write(
        &dir,
        "four.csv",
        &roster(&[
            ("Arts", "2022", 3, 0),
            ("Arts", "2023", 2, 0),
            ("Arts", "2024", 4, 0),
            ("Arts", "2025", 1, 0),
        ]),
    );
    for method in ["adams", "dean", "huntington-hill", "webster"] {
        let plan = json(&[&path, "--method", method]);
        assert_eq!(seats(&plan), vec![3], "{method}");
        assert_eq!(grade_seats(&plan, 0), vec![1, 1, 1, 0], "{method}");
        let coverage = check(&plan, "8.grade-coverage");
        assert_eq!(coverage[0]["status"], "warn", "{method}");
        assert!(
            coverage[0]["detail"].as_str().unwrap().contains("2025"),
            "{method}"
        );
    }
    // Equal grades at the cut are a tie, settled by the lot like any other.
    let tied = write(
        &dir,
        "tied.csv",
        &roster(&[
            ("Arts", "2022", 3, 0),
            ("Arts", "2023", 2, 0),
            ("Arts", "2024", 2, 0),
            ("Arts", "2025", 2, 0),
        ]),
    );
    let o = congress(&["plan", &tied, "--method", "adams"]);
    assert_eq!(o.status.code(), Some(4), "{}", o.stderr());
    let plan = json(&[&tied, "--method", "adams", "--lot", "beacon"]);
    assert_eq!(grade_seats(&plan, 0).iter().sum::<u64>(), 3);
    assert_eq!(grade_seats(&plan, 0)[0], 1);
    // The bundled rosters plan under every method.
    for method in ["adams", "dean", "huntington-hill"] {
        for roster in ["fixtures/roster.csv", A4] {
            let o = congress(&["plan", roster, "--method", method]);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{roster} {method}: {}",
                o.stderr()
            );
        }
    }
}

#[test]
fn biproportional_grades_never_give_a_cell_more_seats_than_students() {
    // The grade margins ask for 3 seats in D0 / 2023, which has 2 students: no biproportional
    // matrix fits, and each department apportions its own grades instead, with a warning.
    let dir = scratch("bip-overfull");
    let path = write(
        &dir,
        "r.csv",
        &roster(&[
            ("D0", "2022", 1, 0),
            ("D0", "2023", 2, 0),
            ("D1", "2023", 7, 0),
            ("D2", "2022", 1, 0),
            ("D2", "2023", 1, 0),
        ]),
    );
    let plan = json(&[&path, "--grades", "biproportional"]);
    assert_eq!(plan["grades_mode"], "proportional");
    let matrix = check(&plan, "8.grade-matrix");
    assert_eq!(matrix.len(), 1);
    assert_eq!(matrix[0]["status"], "warn");
    assert!(
        matrix[0]["detail"].as_str().unwrap().contains("D0 / 2023"),
        "{}",
        matrix[0]
    );
    for d in plan["departments"].as_array().unwrap() {
        for g in d["grades"].as_array().unwrap() {
            assert!(g["seats"].as_u64() <= g["students"].as_u64(), "{d}");
        }
    }
    // Adams cannot seat every cell of a roster with more cells than seats: the same fallback,
    // not an error.
    let plan = json(&[
        "fixtures/roster.csv",
        "--method",
        "adams",
        "--grades",
        "biproportional",
    ]);
    assert_eq!(plan["grades_mode"], "proportional");
    assert_eq!(check(&plan, "8.grade-matrix")[0]["status"], "warn");
}

#[test]
fn plan_csv_for_excel() {
    let plain = congress(&["plan", A4, "--format", "csv"]);
    let excel = congress(&["plan", A4, "--format", "csv", "--excel"]);
    assert_eq!(excel.status.code(), Some(0), "{}", excel.stderr());
    assert_eq!(&excel.stdout[..3], b"\xEF\xBB\xBF");
    assert_eq!(&excel.stdout[3..], &plain.stdout[..]);
}
