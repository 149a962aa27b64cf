//! `congress plan federation` and `congress check delegation --federation` (clause 二.4): the
//! JSON contract, the worked example of docs/federation.md, ties, floors, every exit code,
//! bad input named by file, line and field, and the docs' commands run verbatim.

use crate::util::{congress, congress_in, read_text, scratch, write, ROOT};
use serde_json::Value;
use std::path::Path;

const EXAMPLE: &str = "fixtures/federation/example.csv";
const REGIONS: &str = "fixtures/federation/regions.csv";
const DELEGATES: &str = "fixtures/federation/delegates.csv";
const PROVINCE: &str = "fixtures/federation/institutions.csv";
const COUNTIES: &str = "fixtures/federation/counties.csv";

fn plan(args: &[&str]) -> Value {
    let mut all = vec!["plan", "federation"];
    all.extend(args);
    all.extend(["--format", "json"]);
    congress(&all).json()
}

fn check<'a>(plan: &'a Value, id: &str) -> &'a Value {
    plan["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id}"))
}

fn seats_of(plan: &Value) -> Vec<(String, u64)> {
    plan["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["institution"].as_str().unwrap().to_string(),
                i["seats"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The header and rows of an INSTITUTIONS file.
fn institutions(rows: &[&str]) -> String {
    let mut text = String::from("institution,kind,region,students\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

#[test]
fn json_has_every_contract_key_and_adds_up() {
    let p = plan(&[PROVINCE, "--seats", "3000", "--regions", COUNTIES]);
    for key in [
        "house_size",
        "students",
        "method",
        "sectors",
        "institutions",
        "regions",
        "kinds",
        "targets",
        "checks",
        "lots",
    ] {
        assert!(p.get(key).is_some(), "missing {key}");
    }
    for (list, keys) in [
        ("sectors", &["sector", "students", "seats"][..]),
        (
            "institutions",
            &[
                "institution",
                "kind",
                "region",
                "students",
                "seats",
                "non_cadre_min",
            ][..],
        ),
        (
            "regions",
            &["region", "secondary_students", "secondary_seats"][..],
        ),
        ("kinds", &["kind", "institutions", "seats"][..]),
        ("checks", &["id", "clause", "status", "detail"][..]),
    ] {
        for item in p[list].as_array().unwrap() {
            for key in keys {
                assert!(item.get(key).is_some(), "{list} lacks {key}");
            }
        }
    }
    assert!(p["targets"]["gender"].is_array() && p["targets"]["ethnic"].is_array());
    assert_eq!(p["house_size"], 3000);
    assert_eq!(p["students"], 3_010_373);
    let seats = seats_of(&p);
    assert_eq!(seats.len(), 2150, "every institution once");
    assert_eq!(seats.iter().map(|s| s.1).sum::<u64>(), 3000);
    let sectors: u64 = p["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["seats"].as_u64().unwrap())
        .sum();
    assert_eq!(sectors, 3000);
    let regions = p["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 120);
    assert!(regions
        .iter()
        .all(|r| r["secondary_seats"].as_u64() >= Some(1)));
    let kinds: Vec<&str> = p["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "本科院校",
            "民办本科",
            "高职高专",
            "成人高校",
            "中学",
            "中职"
        ]
    );
    for c in p["checks"].as_array().unwrap() {
        assert_eq!(c["clause"], "二.4");
        assert_eq!(c["status"], "pass", "{c}");
    }
    let targets: u64 = p["targets"]["ethnic"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["seats"].as_u64().unwrap())
        .sum();
    assert_eq!(Some(targets), p["targets"]["reserved_seats"].as_u64());
}

#[test]
fn the_worked_example_gives_the_hand_computed_plan() {
    let p = plan(&[EXAMPLE, "--seats", "50"]);
    let seats: Vec<u64> = seats_of(&p).iter().map(|s| s.1).collect();
    assert_eq!(seats, [29, 12, 1, 3, 3, 1, 1]);
    let mins: Vec<u64> = p["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["non_cadre_min"].as_u64().unwrap())
        .collect();
    assert_eq!(mins, [18, 8, 1, 2, 2, 1, 1]);
    assert_eq!(p["institutions"][2]["floored"], true);
    assert_eq!(p["sectors"][0]["seats"], 42);
    assert_eq!(p["sectors"][1]["seats"], 8);
    let regions: Vec<(&str, u64)> = p["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["region"].as_str().unwrap(),
                r["secondary_seats"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(regions, [("龙亭区", 3), ("杞县", 4), ("兰考县", 1)]);
    assert_eq!(p["targets"]["gender"][0]["seats"], 17);
    assert_eq!(p["targets"]["gender"][1]["seats"], 16);
    assert_eq!(p["targets"]["ethnic"][1]["seats"], 0);
    assert_eq!(p["targets"]["reserved_seats"], 33);
    let kind = &p["kinds"][2];
    assert_eq!(
        (kind["kind"].as_str(), kind["seats"].as_u64()),
        (Some("成人高校"), Some(1))
    );
    // The regions file lists 通许县, which has no secondary school: a failed check, exit 0.
    let p = plan(&[EXAMPLE, "--seats", "50", "--regions", REGIONS]);
    let c = check(&p, "4.county-coverage");
    assert_eq!(c["status"], "fail");
    assert!(c["detail"].as_str().unwrap().contains("通许县"), "{c}");
    assert_eq!(p["regions_listed"], true);
}

#[test]
fn csv_and_table_formats() {
    let o = congress(&[
        "plan",
        "federation",
        EXAMPLE,
        "--seats",
        "50",
        "--format",
        "csv",
    ]);
    let text = o.stdout();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "institution,kind,sector,region,students,seats,non_cadre_min"
    );
    assert_eq!(
        lines[3],
        "开封市职工大学,成人高校,higher-education,鼓楼区,400,1,1"
    );
    assert_eq!(lines.len(), 8);
    let table = congress(&["plan", "federation", EXAMPLE, "--seats", "50"]).stdout();
    assert!(table.contains("开封市职工大学  成人高校  鼓楼区         400      1  yes"));
    // Deterministic bytes.
    assert_eq!(
        table,
        congress(&["plan", "federation", EXAMPLE, "--seats", "50"]).stdout()
    );
}

#[test]
fn ratio_sets_the_house_exactly() {
    // ceil(0.001 × 50,500) = 51; 1/1000 and 0.1% are the same ratio.
    for ratio in ["0.001", "1/1000", "0.1%"] {
        let p = plan(&[EXAMPLE, "--ratio", ratio]);
        assert_eq!(p["house_size"], 51, "{ratio}");
        assert_eq!(p["ratio_required"], "0.001");
    }
    let (code, _, err) = congress(&["plan", "federation", EXAMPLE, "--ratio", "2"]).parts();
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_tie_exits_4_naming_it_and_a_lot_decides_it() {
    // 杞县's schools of 2,500 and 1,500 students share 4 seats: quotas exactly 2.5 and 1.5.
    let dir = scratch("tie");
    let text = read_text(EXAMPLE).replace(
        "杞县高中,中学,杞县,2600,2580,1300,1300,2600,0",
        "杞县高中,中学,杞县,2500,2480,1200,1300,2500,0",
    );
    let path = write(&dir, "tie.csv", &text);
    let (code, out, err) = congress(&["plan", "federation", &path, "--seats", "50"]).parts();
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("schools of 杞县: 杞县高中, 杞县职教中心 are tied for 1 seat(s)"),
        "{err}"
    );
    assert!(err.contains("--lot"), "{err}");
    let a = plan(&[&path, "--seats", "50", "--lot", "beacon-1"]);
    let lots = a["lots"].as_array().unwrap();
    assert_eq!(lots.len(), 1);
    assert_eq!(lots[0]["beacon"], "beacon-1/counties/杞县");
    let qi: u64 = seats_of(&a)[4..6].iter().map(|s| s.1).sum();
    assert_eq!(qi, 4);
    assert_eq!(a, plan(&[&path, "--seats", "50", "--lot", "beacon-1"]));
}

#[test]
fn floors_that_cannot_fit_are_an_input_error() {
    let (code, _, err) = congress(&[
        "plan",
        "federation",
        EXAMPLE,
        "--seats",
        "10",
        "--institution-min",
        "3",
    ])
    .parts();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("infeasible floors"), "{err}");
    assert!(err.contains("9 seats (--institution-min 3)"), "{err}");
    assert!(
        err.contains("12 > house size 10 (2 seats too many)"),
        "{err}"
    );
    // A raised floor is honoured.
    let p = plan(&[
        EXAMPLE,
        "--seats",
        "50",
        "--institution-min",
        "2",
        "--county-min",
        "2",
    ]);
    let seats = seats_of(&p);
    assert_eq!(seats[2], ("开封市职工大学".to_string(), 2));
    let regions = p["regions"].as_array().unwrap();
    assert!(regions
        .iter()
        .all(|r| r["secondary_seats"].as_u64() >= Some(2)));
    assert_eq!(seats.iter().map(|s| s.1).sum::<u64>(), 50);
}

#[test]
fn the_secondary_kinds_are_configurable() {
    let dir = scratch("kinds");
    let path = write(
        &dir,
        "i.csv",
        &institutions(&["U,大学,,900", "A,初中,X,60", "B,高中,Y,40"]),
    );
    let p = plan(&[&path, "--seats", "10", "--secondary-kinds", "初中, 高中"]);
    assert_eq!(p["sectors"][1]["seats"], 2);
    assert_eq!(p["regions"].as_array().unwrap().len(), 2);
    // X and Y both need a seat: the secondary sector's floor is 2.
    assert_eq!(p["sectors"][1]["floor"], 2);
    let seats: Vec<u64> = seats_of(&p).iter().map(|s| s.1).collect();
    assert_eq!(seats, [8, 1, 1]);
    // Without the flag the two kinds are higher education.
    let p = plan(&[&path, "--seats", "10"]);
    assert_eq!(p["sectors"][1]["seats"], 0);
    assert_eq!(check(&p, "4.county-coverage")["status"], "warn");
}

#[test]
fn a_region_with_fewer_seats_than_schools_seats_its_largest() {
    let dir = scratch("largest");
    let path = write(
        &dir,
        "i.csv",
        &institutions(&[
            "U,大学,,1000",
            "S1,中学,X,30",
            "S2,中学,X,50",
            "S3,中职,X,40",
            "S4,中学,Y,10",
        ]),
    );
    // 12 seats: the sectors get 11 and 1 → floors: secondary 2 (X, Y) → 10 and 2; X gets 1
    // of 2 region seats, so its largest school (S2) has it.
    let p = plan(&[&path, "--seats", "12"]);
    let seats: Vec<u64> = seats_of(&p).iter().map(|s| s.1).collect();
    assert_eq!(seats, [10, 0, 1, 0, 1]);
    assert_eq!(check(&p, "4.county-coverage")["status"], "pass");
}

#[test]
fn targets_whose_floors_cannot_fit_are_an_input_error() {
    let dir = scratch("targets");
    let path = write(
        &dir,
        "i.csv",
        "institution,kind,region,students,民族:a,民族:b,民族:c\n\
         U,大学,,3000,1000,1000,1000\nS,中学,X,100,100,0,0\n",
    );
    let (code, _, err) = congress(&["plan", "federation", &path, "--seats", "2"]).parts();
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("ethnic targets (of the 2 reserved seats"),
        "{err}"
    );
    assert!(err.contains("--group-min-students"), "{err}");
    // With a higher bar only a (1,100 students) has a floor; b and c tie for the other seat.
    let p = plan(&[
        &path,
        "--seats",
        "2",
        "--group-min-students",
        "1001",
        "--lot",
        "x",
    ]);
    assert_eq!(p["targets"]["reserved_seats"], 2);
    assert_eq!(p["targets"]["ethnic"][0]["seats"], 1);
    assert_eq!(p["lots"][0]["beacon"], "x/ethnic");
}

#[test]
fn missing_groups_are_warnings_and_short_non_cadres_fail() {
    let dir = scratch("warn");
    let path = write(
        &dir,
        "i.csv",
        "institution,kind,region,students,non_cadre_students\nU,大学,,1000,3\nS,中学,X,50,50\n",
    );
    let p = plan(&[&path, "--seats", "10"]);
    assert_eq!(check(&p, "4.gender-targets")["status"], "warn");
    assert_eq!(check(&p, "4.ethnic-targets")["status"], "warn");
    let c = check(&p, "4.non-cadre-reserved");
    assert_eq!(c["status"], "fail");
    assert!(
        c["detail"]
            .as_str()
            .unwrap()
            .contains("U needs 6 non-cadre delegates but has 3"),
        "{c}"
    );
}

/// `(file text, expected line, expected field, text in the message)`.
const BAD_INSTITUTIONS: &[(&str, u64, &str, &str)] = &[
    (
        "institution,kind,region,students\nA,大学,,5\nA,大学,,6\n",
        3,
        "institution",
        "duplicate institution 'A' (first on line 2)",
    ),
    (
        "institution,kind,region,students\nA,中学,,5\n",
        2,
        "region",
        "expected the county-level region of a secondary school",
    ),
    (
        "institution,kind,region,students\nA,大学,,5.5\n",
        2,
        "students",
        "",
    ),
    (
        "institution,kind,region,students\nA,大学,,0\n",
        2,
        "students",
        "expected at least one student",
    ),
    (
        "institution,kind,region,students\n,大学,,5\n",
        2,
        "institution",
        "expected the institution's name",
    ),
    (
        "institution,kind,region,students\nA,,,5\n",
        2,
        "kind",
        "expected the institution's kind",
    ),
    (
        "学校,类别,县级区域,学生数,性别:女,性别:男\nA,大学,,5,2,2\n",
        2,
        "性别:女",
        "add up to 4, expected the institution's 5 students",
    ),
    (
        "institution,kind,region,students,non_cadre_students\nA,大学,,5,6\n",
        2,
        "non_cadre_students",
        "expected at most the 5 students",
    ),
    (
        "institution,kind,students\nA,大学,5\n",
        1,
        "region",
        "missing column",
    ),
    (
        "institution,kind,region,students\nA,大学,,600000000000000\nB,大学,,600000000000000\n",
        3,
        "students",
        "the students add up to more than 1000000000000000",
    ),
    (
        "institution,kind,region,students,female,gender:female\nA,大学,,5,5,0\n",
        1,
        "gender:female",
        "two columns",
    ),
];

#[test]
fn bad_institutions_name_file_line_and_field() {
    let dir = scratch("bad");
    for (k, &(text, line, field, message)) in BAD_INSTITUTIONS.iter().enumerate() {
        let path = write(&dir, &format!("bad{k}.csv"), text);
        let (code, out, err) = congress(&["plan", "federation", &path, "--seats", "3"]).parts();
        assert_eq!(code, 3, "{text}: {err}");
        assert!(out.is_empty());
        let prefix = format!("error: {path}:{line}: {field}: ");
        assert!(err.starts_with(&prefix), "{text}: {err}");
        assert!(err.contains(message), "{text}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn bad_regions_name_file_line_and_field() {
    let dir = scratch("regions");
    let inst = write(
        &dir,
        "i.csv",
        &institutions(&["U,大学,,90", "S,中学,X,10", "T,中学,Z,10"]),
    );
    let regions = write(&dir, "r.csv", "region\nX\nY\n");
    let (code, _, err) = congress(&[
        "plan",
        "federation",
        &inst,
        "--seats",
        "5",
        "--regions",
        &regions,
    ])
    .parts();
    assert_eq!(code, 3);
    assert!(
        err.starts_with(&format!(
            "error: {inst}:4: region: region 'Z' of secondary school 'T'"
        )),
        "{err}"
    );
    let dup = write(&dir, "dup.csv", "县级区域\nX\nZ\nX\n");
    let (code, _, err) = congress(&[
        "plan",
        "federation",
        &inst,
        "--seats",
        "5",
        "--regions",
        &dup,
    ])
    .parts();
    assert_eq!(code, 3);
    assert!(
        err.starts_with(&format!(
            "error: {dup}:4: 县级区域: duplicate region 'X' (first on line 2)"
        )),
        "{err}"
    );
}

#[test]
fn gb18030_and_usage_errors() {
    let dir = scratch("gbk");
    let text = read_text(EXAMPLE);
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let path = dir.join("example-gbk.csv");
    std::fs::write(&path, &bytes).unwrap();
    let path = path.to_str().unwrap();
    let p = plan(&[path, "--seats", "50", "--encoding", "gb18030"]);
    assert_eq!(p, plan(&[EXAMPLE, "--seats", "50"]));
    for args in [
        &["plan", "federation", EXAMPLE][..],
        &[
            "plan",
            "federation",
            EXAMPLE,
            "--seats",
            "5",
            "--ratio",
            "0.01",
        ],
        &["plan", "federation", EXAMPLE, "--seats", "0"],
        &[
            "plan",
            "federation",
            EXAMPLE,
            "--seats",
            "5",
            "--method",
            "nope",
        ],
        &[
            "plan",
            "federation",
            EXAMPLE,
            "--seats",
            "5",
            "--non-cadre-share",
            "1.5",
        ],
        &[
            "plan",
            "federation",
            EXAMPLE,
            "--seats",
            "5",
            "--secondary-kinds",
            "a,,b",
        ],
    ] {
        let (code, _, err) = congress(args).parts();
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    let (code, _, err) = congress(&["plan", "federation", EXAMPLE, "--seats", "50501"]).parts();
    assert_eq!(code, 3, "{err}");
    // `plan ROSTER` still plans a school congress.
    assert_eq!(congress(&["plan", "fixtures/roster.csv"]).code(), 0);
}

#[test]
fn out_writes_atomically_and_refuses_to_overwrite() {
    let dir = scratch("out");
    let out = dir.join("plan.json");
    let out = out.to_str().unwrap();
    let args = ["plan", "federation", EXAMPLE, "--seats", "50", "--out", out];
    assert_eq!(congress(&args).code(), 0);
    let first = std::fs::read(out).unwrap();
    let v: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(v["house_size"], 50);
    assert_eq!(congress(&args).code(), 3);
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(congress(&forced).code(), 0);
    assert_eq!(std::fs::read(out).unwrap(), first);
}

/// Writes the example's plan into `dir`; its path.
fn example_plan(dir: &Path) -> String {
    let out = dir.join("plan.json");
    let o = congress(&[
        "plan",
        "federation",
        EXAMPLE,
        "--seats",
        "50",
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.code(), 0, "{}", o.stderr());
    out.to_str().unwrap().to_string()
}

fn delegation(plan: &str, delegates: &str) -> (i32, Value) {
    let o = congress(&[
        "check",
        "delegation",
        "--federation",
        plan,
        delegates,
        "--format",
        "json",
    ]);
    let code = o.code();
    assert!(code == 0 || code == 1, "{}", o.stderr());
    (code, serde_json::from_str(&o.stdout()).unwrap())
}

fn statuses<'a>(checks: &'a Value, id: &str) -> Vec<&'a str> {
    checks["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == id)
        .map(|c| c["status"].as_str().unwrap())
        .collect()
}

#[test]
fn check_delegation_passes_the_fixture_with_a_gender_warning() {
    let dir = scratch("delegation");
    let plan = example_plan(&dir);
    let (code, checks) = delegation(&plan, DELEGATES);
    assert_eq!(code, 0);
    assert_eq!(statuses(&checks, "4.gender-targets"), ["warn"]);
    for id in [
        "4.delegates-plan",
        "4.institution-seats",
        "4.kinds-covered",
        "4.county-coverage",
        "4.non-cadre-reserved",
        "4.ethnic-targets",
    ] {
        assert_eq!(statuses(&checks, id), ["pass"], "{id}");
    }
    for c in checks["checks"].as_array().unwrap() {
        assert_eq!(c["clause"], "二.4");
    }
}

#[test]
fn check_delegation_fails_naming_every_breach() {
    let dir = scratch("breach");
    let plan = example_plan(&dir);
    let text = read_text(DELEGATES);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // 兰考一高's only delegate is a cadre: its non-cadre minimum and 兰考县's are missed; an
    // unknown institution; a delegate in the wrong region; 开封市职工大学's delegate is gone.
    let lankao = lines
        .iter()
        .position(|l| l.starts_with("兰考一高"))
        .unwrap();
    lines[lankao] = "兰考一高,兰考县,是,男,汉族".into();
    let worker = lines
        .iter()
        .position(|l| l.starts_with("开封市职工大学"))
        .unwrap();
    lines.remove(worker);
    lines.push("洛阳大学,涧西区,否,女,汉族".into());
    let yiz = lines
        .iter()
        .position(|l| l.starts_with("开封一中"))
        .unwrap();
    lines[yiz] = lines[yiz].replace("龙亭区", "杞县");
    let path = write(&dir, "delegates.csv", &(lines.join("\n") + "\n"));
    let (code, checks) = delegation(&plan, &path);
    assert_eq!(code, 1);
    let details: Vec<String> = checks["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| {
            format!(
                "{} {}",
                c["id"].as_str().unwrap(),
                c["detail"].as_str().unwrap()
            )
        })
        .collect();
    let has = |text: &str| {
        assert!(
            details.iter().any(|d| d.contains(text)),
            "{text} not in {details:#?}"
        )
    };
    has(&format!(
        "4.delegates-plan {path}:51: institution '洛阳大学' is not in the plan"
    ));
    has("4.delegates-plan");
    has("is in region '龙亭区' in the plan, not '杞县'");
    has("4.institution-seats 开封市职工大学: 0 delegates, planned 1");
    has("4.kinds-covered no delegate of kind '成人高校'");
    has("4.non-cadre-reserved 兰考一高: 0 non-cadre delegates, at least 1 reserved");
    has("4.non-cadre-reserved region 兰考县: 0 non-cadre secondary delegates, at least 1 reserved");
    // Targets are never failures.
    assert!(statuses(&checks, "4.gender-targets")
        .iter()
        .all(|s| *s != "fail"));
}

#[test]
fn check_delegation_bad_input() {
    let dir = scratch("delegation-bad");
    let plan = example_plan(&dir);
    let bad = write(&dir, "d.csv", "学校,是否学生会骨干\n河南大学,也许\n");
    let (code, _, err) = congress(&["check", "delegation", "--federation", &plan, &bad]).parts();
    assert_eq!(code, 3);
    assert!(
        err.starts_with(&format!(
            "error: {bad}:2: 是否学生会骨干: '也许' is not a cadre value"
        )),
        "{err}"
    );
    let no_cadre = write(&dir, "e.csv", "学校\n河南大学\n");
    let (code, _, err) =
        congress(&["check", "delegation", "--federation", &plan, &no_cadre]).parts();
    assert_eq!(code, 3);
    assert!(
        err.starts_with(&format!("error: {no_cadre}:1: cadre: missing column")),
        "{err}"
    );
    // A school congress's plan is not a federation plan.
    let school = dir.join("school.json");
    let school = school.to_str().unwrap();
    assert_eq!(
        congress(&[
            "plan",
            "fixtures/roster.csv",
            "--format",
            "json",
            "--out",
            school
        ])
        .code(),
        0
    );
    let (code, _, err) =
        congress(&["check", "delegation", "--federation", school, DELEGATES]).parts();
    assert_eq!(code, 3);
    assert!(
        err.contains("schema: schema \"congress-plan/1\" is the output of congress plan --format json, expected \"congress-federation-plan/1\""),
        "{err}"
    );
    // ... nor is one written before plans said their schema.
    let (code, _, err) = congress(&[
        "check",
        "delegation",
        "--federation",
        "fixtures/plan/plan.json",
        DELEGATES,
    ])
    .parts();
    assert_eq!(code, 3);
    assert!(err.contains("not a federation plan JSON"), "{err}");
    // --federation does not mix with the school congress's flags.
    let (code, _, _) = congress(&[
        "check",
        "delegation",
        "--federation",
        &plan,
        DELEGATES,
        "--roster",
        "fixtures/roster.csv",
    ])
    .parts();
    assert_eq!(code, 2);
}

/// The ```console blocks of docs/federation.md: each `$ ` line is run with `sh -c` in a
/// scratch directory that sees the repository's `fixtures/`, the `congress` under test first
/// on PATH; it must exit 0 and print exactly the lines that follow it.
#[test]
fn the_docs_console_blocks_run_verbatim() {
    let doc = read_text("docs/federation.md");
    let dir = scratch("docs");
    std::os::unix::fs::symlink(Path::new(ROOT).join("fixtures"), dir.join("fixtures")).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_congress")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut commands = 0;
    for block in doc.split("```console\n").skip(1) {
        let block = &block[..block.find("```").unwrap()];
        let mut runs: Vec<(String, String)> = Vec::new();
        for line in block.lines() {
            match line.strip_prefix("$ ") {
                Some(cmd) => runs.push((cmd.to_string(), String::new())),
                None => {
                    let expected = &mut runs.last_mut().unwrap().1;
                    expected.push_str(line);
                    expected.push('\n');
                }
            }
        }
        for (cmd, expected) in runs {
            let out = std::process::Command::new("sh")
                .args(["-c", &cmd])
                .current_dir(&dir)
                .env("PATH", &path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{cmd}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{cmd}");
            commands += 1;
        }
    }
    assert!(commands >= 5, "{commands} commands");
    // The commands of the ``` blocks that name the bundled province run too.
    let o = congress_in(
        &dir,
        &[
            "simulate",
            "institutions",
            "--seed",
            "province",
            "--out",
            "institutions.csv",
            "--regions-out",
            "counties.csv",
        ],
    );
    assert_eq!(o.code(), 0, "{}", o.stderr());
    assert_eq!(
        std::fs::read(dir.join("institutions.csv")).unwrap(),
        read_text(PROVINCE).as_bytes(),
        "fixtures/federation/institutions.csv is the output of seed 'province'"
    );
    assert_eq!(
        std::fs::read(dir.join("counties.csv")).unwrap(),
        read_text(COUNTIES).as_bytes()
    );
}
