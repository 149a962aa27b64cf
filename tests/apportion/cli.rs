//! `congress apportion` end to end: output shapes, every exit code, and the error format.

use crate::util::{congress, congress_stdin, fixture, scratch, write, Run};

/// `congress apportion ARGS`.
fn apportion(args: &[&str]) -> Run {
    congress(&[&["apportion"], args].concat())
}

#[test]
fn csv_output_of_the_seed_rule() {
    let o = apportion(&[
        &fixture("departments.csv"),
        "--ratio",
        "0.01",
        "--min",
        "3",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    assert_eq!(
        o.stdout(),
        "unit,population,quota,seats\n\
         Literature,1200,12.2968,11\n\
         Engineering,850,8.7102,8\n\
         Law,430,4.4064,4\n\
         Arts,260,2.6643,3\n\
         Music,90,0.9223,3\n"
    );
    // The same with --seats, and with the ratio as a percentage or a fraction.
    for house in [["--seats", "29"], ["--ratio", "1%"], ["--ratio", "1/100"]] {
        let again = apportion(&[
            &fixture("departments.csv"),
            house[0],
            house[1],
            "--min",
            "3",
            "--format",
            "csv",
        ]);
        assert_eq!(again.stdout(), o.stdout());
    }
}

#[test]
fn json_has_the_contract_keys_and_the_audit() {
    let o = apportion(&[
        &fixture("departments.csv"),
        "--seats",
        "29",
        "--min",
        "3",
        "--method",
        "sainte-lague",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["method"], "webster");
    assert_eq!(v["house_size"], 29);
    assert_eq!(v["total_population"], 2830);
    assert_eq!(v["ties"], serde_json::json!([]));
    let units = v["units"].as_array().unwrap();
    assert_eq!(units.len(), 5);
    assert_eq!(units[0]["unit"], "Literature");
    assert_eq!(units[0]["population"], 1200);
    assert_eq!(units[0]["quota"], "12.2968");
    assert_eq!(units[0]["seats"], 11);
    assert_eq!(units[4]["binding"], "min");
    assert_eq!(units[4]["within_quota"], false);
    let audit = &v["audit"];
    assert_eq!(audit["divisor_interval"]["low_exact"], "2400/23");
    assert_eq!(audit["divisor_interval"]["high_exact"], "340/3");
    assert_eq!(audit["last_seat"]["unit"], "Engineering");
    assert_eq!(audit["next_in_line"]["unit"], "Literature");
    assert_eq!(audit["population_needed"], 104);
}

#[test]
fn every_method_alias_is_accepted() {
    let aliases = [
        ("hamilton", "hamilton"),
        ("largest-remainder", "hamilton"),
        ("hare", "hamilton"),
        ("jefferson", "jefferson"),
        ("dhondt", "jefferson"),
        ("webster", "webster"),
        ("sainte-lague", "webster"),
        ("huntington-hill", "huntington-hill"),
        ("hill", "huntington-hill"),
        ("equal-proportions", "huntington-hill"),
        ("adams", "adams"),
        ("smallest-divisors", "adams"),
        ("dean", "dean"),
        ("harmonic-mean", "dean"),
    ];
    for (alias, name) in aliases {
        let o = apportion(&[
            &fixture("departments.csv"),
            "--seats",
            "40",
            "--method",
            alias,
            "--format",
            "json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{alias}: {}", o.stderr());
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["method"], name, "{alias}");
    }
    let o = apportion(&[
        &fixture("departments.csv"),
        "--seats",
        "40",
        "--method",
        "borda",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stderr().contains("unknown method"));
}

#[test]
fn usage_errors_exit_2() {
    let f = fixture("departments.csv");
    for args in [
        vec![f.as_str()],
        vec![f.as_str(), "--seats", "29", "--ratio", "0.01"],
        vec![f.as_str(), "--seats", "many"],
        vec![f.as_str(), "--seats", "29", "--format", "xml"],
        vec![f.as_str(), "--seats", "29", "--min", "3", "--min-col", "x"],
        vec![f.as_str(), "--ratio", "one percent"],
        vec![f.as_str(), "--seats", "29", "--frobnicate"],
    ] {
        let o = apportion(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", o.stderr());
        assert!(o.stdout.is_empty());
        assert!(o.stderr().starts_with("error:"), "{}", o.stderr());
    }
}

#[test]
fn input_errors_exit_3_naming_file_line_and_field() {
    let dir = scratch("input");
    let cases: Vec<(String, Vec<&str>, &str)> = vec![
        (
            write(&dir, "neg.csv", "unit,pop\nA,10\nB,-4\n"),
            vec![],
            ":3: pop: '-4' is negative",
        ),
        (
            write(&dir, "frac.csv", "unit,pop\nA,10\nB,4.5\n"),
            vec![],
            ":3: pop: '4.5' is not a whole number",
        ),
        (
            write(&dir, "dup.csv", "unit,pop\nA,10\nB,4\nA,3\n"),
            vec![],
            ":4: unit: duplicate unit 'A' (first on line 2)",
        ),
        (write(&dir, "empty.csv", ""), vec![], "empty file"),
        (
            write(&dir, "header.csv", "unit,pop\n"),
            vec![],
            "no data rows",
        ),
        (
            write(&dir, "ok.csv", "unit,pop\nA,10\nB,4\n"),
            vec!["--pop-col", "students"],
            ":1: students: missing column",
        ),
        (
            write(&dir, "one.csv", "unit\nA\n"),
            vec![],
            ":1: missing column",
        ),
        (
            write(&dir, "blank.csv", "unit,pop\n,10\n"),
            vec![],
            ":2: unit: empty unit name",
        ),
        (
            write(&dir, "ragged.csv", "unit,pop\nA,10,3\n"),
            vec![],
            ":2: found 3 fields",
        ),
        (
            write(&dir, "minmax.csv", "unit,pop,lo,hi\nA,10,1,\nB,4,5,2\n"),
            vec!["--min-col", "lo", "--max-col", "hi"],
            ":3: hi: maximum 2 seats < minimum 5 seats",
        ),
        (
            write(&dir, "zero.csv", "unit,pop\nA,0\nB,0\n"),
            vec![],
            "total population is 0",
        ),
        (
            write(&dir, "inf.csv", "unit,pop\nA,10\nB,4\n"),
            vec!["--min", "20"],
            "infeasible minimum: 20 × 2 units = 40 > house size 29",
        ),
        (
            write(&dir, "hill.csv", "unit,pop\nA,10\nB,4\nC,1\n"),
            vec!["--method", "hill", "--seats", "2"],
            "3 populated units need 3 seats > house size 2",
        ),
    ];
    for (path, extra, expected) in cases {
        let mut args = vec![path.as_str()];
        if !extra.contains(&"--seats") {
            args.extend(["--seats", "29"]);
        }
        args.extend(extra.iter().copied());
        let o = apportion(&args);
        assert_eq!(o.status.code(), Some(3), "{path}: {}", o.stderr());
        let err = o.stderr();
        assert!(err.starts_with(&format!("error: {path}")), "{err}");
        assert!(
            err.contains(expected),
            "{path}: expected '{expected}' in: {err}"
        );
        assert!(o.stdout.is_empty());
    }
    let o = apportion(&[dir.join("missing.csv").to_str().unwrap(), "--seats", "3"]);
    assert_eq!(o.status.code(), Some(3));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tie_without_lot_exits_4_and_prints_nothing() {
    let dir = scratch("tie");
    let f = write(&dir, "tie.csv", "unit,pop\nA,10\nB,10\nC,10\n");
    let out = dir.join("out.csv");
    let o = apportion(&[&f, "--seats", "4", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(4));
    assert!(o.stdout.is_empty());
    let err = o.stderr();
    assert!(err.contains("A, B, C are tied for 1 seat"), "{err}");
    assert!(err.contains("--lot"), "{err}");
    assert!(!out.exists(), "a failed run writes nothing");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lot_decides_reproducibly_and_is_recorded() {
    let dir = scratch("lot");
    let f = write(&dir, "tie.csv", "unit,pop\nA,10\nB,10\nC,10\n");
    let args = [
        f.as_str(),
        "--seats",
        "5",
        "--method",
        "jefferson",
        "--lot",
        "beacon-42",
        "--format",
        "json",
    ];
    let a = apportion(&args);
    let b = apportion(&args);
    assert_eq!(a.status.code(), Some(0), "{}", a.stderr());
    assert_eq!(a.stdout, b.stdout, "byte-identical reruns");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["ties"][0]["units"], serde_json::json!(["A", "B", "C"]));
    assert_eq!(v["ties"][0]["seats"], 2);
    assert_eq!(v["ties"][0]["resolved_by"], "lot");
    assert_eq!(v["lots"][0]["beacon"], "beacon-42");
    assert_eq!(v["lots"][0]["contest_id"], "apportion");
    assert_eq!(
        v["lot_root_input"],
        "jefferson,5\nA,10,0,\nB,10,0,\nC,10,0,\n"
    );
    let seats: Vec<u64> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["seats"].as_u64().unwrap())
        .collect();
    assert_eq!(seats.iter().sum::<u64>(), 5);
    let winners = v["ties"][0]["winners"].as_array().unwrap();
    assert_eq!(winners.len(), 2);
    // The table says who the lot chose.
    let t = apportion(&[
        f.as_str(),
        "--seats",
        "5",
        "--method",
        "jefferson",
        "--lot",
        "beacon-42",
    ]);
    assert!(
        t.stdout().contains("the lot (beacon 'beacon-42'"),
        "{}",
        t.stdout()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn count_by_counts_one_row_per_person() {
    let roster = "student_id,department,grade\n1,Law,2024\n2,Arts,2024\n3,Law,2025\n4,Law,2025\n5,Music,2023\n6,Arts,2025\n";
    let o = congress_stdin(
        &[
            "apportion",
            "-",
            "--count-by",
            "department",
            "--seats",
            "6",
            "--format",
            "csv",
        ],
        roster.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    assert_eq!(
        o.stdout(),
        "unit,population,quota,seats\nLaw,3,3.0000,3\nArts,2,2.0000,2\nMusic,1,1.0000,1\n"
    );
    let bad = congress_stdin(
        &["apportion", "-", "--count-by", "faculty", "--seats", "6"],
        roster.as_bytes(),
    );
    assert_eq!(bad.status.code(), Some(3));
    assert!(
        bad.stderr().contains("<stdin>:1: faculty: missing column"),
        "{}",
        bad.stderr()
    );
}

#[test]
fn restriction_columns_and_column_numbers() {
    let dir = scratch("cols");
    let f = write(
        &dir,
        "d.csv",
        "code,name,students,floor,cap\nL,Literature,1200,3,10\nE,Engineering,850,3,\nW,Law,430,,\nA,Arts,260,3,\nM,Music,90,3,\n",
    );
    let o = apportion(&[
        &f,
        "--unit-col",
        "name",
        "--pop-col",
        "3",
        "--min-col",
        "floor",
        "--max-col",
        "cap",
        "--seats",
        "29",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["units"][0]["unit"], "Literature");
    assert_eq!(v["units"][0]["seats"], 10);
    assert_eq!(v["units"][0]["binding"], "max");
    assert_eq!(v["units"][2]["min"], 0);
    let total: u64 = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["seats"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 29);
    let bad = write(&dir, "b.csv", "unit,pop,floor\nA,10,x\n");
    let o = apportion(&[&bad, "--min-col", "floor", "--seats", "3"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        o.stderr().contains(":2: floor: 'x' is not a whole number"),
        "{}",
        o.stderr()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn out_is_atomic_and_never_overwrites_without_force() {
    let dir = scratch("out");
    let out = dir.join("seats.csv");
    let out_s = out.to_str().unwrap();
    let f = fixture("departments.csv");
    let o = apportion(&[&f, "--seats", "29", "--format", "csv", "--out", out_s]);
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    assert!(o.stdout.is_empty());
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.starts_with("unit,population,quota,seats\n"));
    let o = apportion(&[&f, "--seats", "30", "--format", "csv", "--out", out_s]);
    assert_eq!(o.status.code(), Some(3));
    assert!(o.stderr().contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    let o = apportion(&[
        &f, "--seats", "30", "--format", "csv", "--out", out_s, "--force",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_ne!(std::fs::read_to_string(&out).unwrap(), first);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn gb18030_input() {
    let dir = scratch("gbk");
    let (bytes, _, _) =
        encoding_rs::GB18030.encode("院系,人数\n文学院,1200\n工学院,850\n法学院,430\n");
    let path = dir.join("gbk.csv");
    std::fs::write(&path, &bytes).unwrap();
    let o = apportion(&[
        path.to_str().unwrap(),
        "--seats",
        "25",
        "--encoding",
        "gbk",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    // The input's encoding is the input's: the CSV comes out in UTF-8 ...
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(text.contains("文学院,1200,12.0968,12"), "{text}");
    // ... and in GB18030 when asked (docs/formats.md §7).
    let o = apportion(&[
        path.to_str().unwrap(),
        "--seats",
        "25",
        "--encoding",
        "gbk",
        "--output-encoding",
        "gbk",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    let (text, _, errors) = encoding_rs::GB18030.decode(&o.stdout);
    assert!(!errors && !o.stdout.is_ascii());
    assert!(text.contains("文学院,1200,12.0968,12"), "{text}");
    let o = apportion(&[path.to_str().unwrap(), "--seats", "25"]);
    assert_eq!(o.status.code(), Some(3), "GBK bytes are not UTF-8");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_shows_the_audit_in_the_table() {
    let f = fixture("departments.csv");
    let o = apportion(&[&f, "--seats", "29", "--min", "3", "--explain"]);
    let text = o.stdout();
    assert!(
        text.contains("quota base: 23 seats shared by quota among 2480 people"),
        "{text}"
    );
    assert!(text.contains("last seat: Engineering"), "{text}");
    assert!(text.contains("next in line: Literature"), "{text}");
    assert!(text.contains("min 3 binds"), "{text}");
    let o = apportion(&[
        &fixture("apportionment/us-2020.csv"),
        "--seats",
        "435",
        "--method",
        "hill",
        "--explain",
    ]);
    let text = o.stdout();
    assert!(
        text.contains("divisor interval: 762994.3528 to 762997.7053"),
        "{text}"
    );
    assert!(
        text.contains("New York would need 89 more people"),
        "{text}"
    );
    // Without --explain the table has only the four columns.
    let plain = apportion(&[&f, "--seats", "29"]).stdout();
    assert!(plain
        .lines()
        .any(|l| l.starts_with("unit ") && l.trim_end().ends_with("seats")));
    assert!(!plain.contains("last seat"));
}

#[test]
fn fixed_divisor_gives_the_seed_rule_m1() {
    let f = fixture("departments.csv");
    let o = apportion(&[
        &f,
        "--divisor",
        "100",
        "--method",
        "adams",
        "--min",
        "3",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    let text = o.stdout();
    let seats: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(seats, vec!["12", "9", "5", "3", "3"]);
    let o = apportion(&[
        &f,
        "--divisor",
        "100",
        "--method",
        "webster",
        "--min",
        "3",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["house_size"], 31);
    // Hamilton has no divisor; --divisor with --seats is a usage error.
    assert_eq!(apportion(&[&f, "--divisor", "100"]).status.code(), Some(2));
    assert_eq!(
        apportion(&[&f, "--divisor", "100", "--seats", "3", "--method", "adams"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        apportion(&[&f, "--divisor", "0", "--method", "adams"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn csv_for_excel_and_in_gb18030() {
    let dir = scratch("apportion-excel");
    let units = write(&dir, "院系.csv", "院系,人数\n文学院,120\n法学院,80\n");
    let args = |extra: &[&str]| {
        let mut all = vec![units.as_str(), "--seats", "5", "--format", "csv"];
        all.extend_from_slice(extra);
        apportion(&all)
    };
    let plain = args(&[]);
    assert_eq!(plain.status.code(), Some(0), "{}", plain.stderr());
    assert!(plain.stdout().starts_with("unit,"));
    let excel = args(&["--excel"]);
    assert_eq!(&excel.stdout[..3], b"\xEF\xBB\xBF");
    assert_eq!(&excel.stdout[3..], &plain.stdout[..]);
    // Written to a file too, atomically as every --out.
    let out = dir.join("seats.csv");
    let o = apportion(&[
        &units,
        "--seats",
        "5",
        "--excel",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", o.stderr());
    assert_eq!(std::fs::read(&out).unwrap(), excel.stdout);
    // The table is not CSV: no BOM.
    let table = apportion(&[&units, "--seats", "5", "--excel"]);
    assert_ne!(&table.stdout[..3], b"\xEF\xBB\xBF");
    // GB18030 in (a UTF-8 file is plain ASCII here but for the names) and out.
    let gb_units = dir.join("gb.csv");
    std::fs::write(
        &gb_units,
        encoding_rs::GB18030
            .encode("院系,人数\n文学院,120\n法学院,80\n")
            .0,
    )
    .unwrap();
    let gb = apportion(&[
        &gb_units.display().to_string(),
        "--seats",
        "5",
        "--format",
        "csv",
        "--encoding",
        "gb18030",
    ]);
    assert_eq!(gb.status.code(), Some(0), "{}", gb.stderr());
    assert_eq!(
        gb.stdout, plain.stdout,
        "--encoding is the input's: UTF-8 out"
    );
    let gb = apportion(&[
        &gb_units.display().to_string(),
        "--seats",
        "5",
        "--format",
        "csv",
        "--encoding",
        "gb18030",
        "--output-encoding",
        "gb18030",
    ]);
    assert_eq!(gb.status.code(), Some(0), "{}", gb.stderr());
    let (back, _, errors) = encoding_rs::GB18030.decode(&gb.stdout);
    assert!(!errors);
    assert_eq!(back, plain.stdout());
    assert_ne!(gb.stdout, plain.stdout);
}
