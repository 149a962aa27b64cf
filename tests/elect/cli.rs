//! `congress elect` through the binary: outputs, the result JSON shape, and every exit code.

use crate::util::{congress, congress_stdin, fixture, scratch, write};
use std::path::Path;

#[test]
fn result_json_has_the_contract_keys_in_order() {
    let o = congress(&[
        "elect",
        &fixture("elections/committee/presidium.toml"),
        &fixture("elections/committee/presidium.csv"),
        "--format",
        "json",
    ]);
    let v = o.json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let contract = [
        "election",
        "method",
        "seats",
        "status",
        "elected",
        "ballots",
        "candidates",
        "ties",
        "supplementary",
        "election_sha256",
        "ballots_root",
    ];
    let positions: Vec<usize> = contract
        .iter()
        .map(|k| {
            keys.iter()
                .position(|x| x == k)
                .unwrap_or_else(|| panic!("missing {k}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    assert_eq!(v["status"], "supplementary-required");
    assert_eq!(v["elected"], serde_json::json!(["王芳"]));
    assert_eq!(v["ballots"]["returned"], 10);
    assert_eq!(v["ballots"]["valid"], 9);
    assert_eq!(v["ballots"]["invalid"]["overvote"], 1);
    let c = &v["candidates"][0];
    for k in ["name", "yes", "no", "abstain", "elected"] {
        assert!(c.get(k).is_some(), "candidate key {k}");
    }
    assert_eq!(v["supplementary"]["seats"], 2);
    assert_eq!(
        v["supplementary"]["slate"],
        serde_json::json!(["李强", "张伟", "刘洋"])
    );
    assert_eq!(v["attendance"]["present"], 10);
    assert_eq!(v["write_ins"]["names"][0]["name"], "赵敏");
    // election_sha256 is SHA-256 of the file's exact bytes.
    let bytes = std::fs::read(fixture("elections/committee/presidium.toml")).unwrap();
    assert_eq!(
        v["election_sha256"],
        congress::digest::hex(&congress::digest::sha256(&bytes))
    );
    assert_eq!(v["ballots_root"].as_str().unwrap().len(), 64);
}

#[test]
fn supplementary_round_is_counted_by_running_elect_again() {
    let v = congress(&[
        "elect",
        &fixture("elections/committee/presidium-supplementary.toml"),
        &fixture("elections/committee/presidium-supplementary.csv"),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(v["status"], "complete");
    assert_eq!(v["round"], "supplementary");
    assert_eq!(v["elected"], serde_json::json!(["李强", "张伟"]));
}

#[test]
fn revote_flow_and_the_table_sheet() {
    let o = congress(&[
        "elect",
        &fixture("elections/committee/tie.toml"),
        &fixture("elections/committee/tie.csv"),
    ]);
    assert!(o.status.success(), "{}", o.stderr());
    let table = o.stdout();
    assert!(table.contains("Status:   revote-required"), "{table}");
    assert!(table.contains("乙, 丙 tied for 1 seat"), "{table}");
    let v = congress(&[
        "elect",
        &fixture("elections/committee/tie.toml"),
        &fixture("elections/committee/tie.csv"),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(v["revote"]["candidates"], serde_json::json!(["乙", "丙"]));
    assert_eq!(v["revote"]["seats"], 1);
    let v = congress(&[
        "elect",
        &fixture("elections/committee/tie-revote.toml"),
        &fixture("elections/committee/tie-revote.csv"),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(v["elected"], serde_json::json!(["乙"]));
}

#[test]
fn exit_4_when_a_lot_is_needed_without_a_seed() {
    let o = congress(&[
        "elect",
        &fixture("elections/committee/tie-lot.toml"),
        &fixture("elections/committee/tie.csv"),
    ]);
    assert_eq!(o.status.code(), Some(4), "{}", o.stderr());
    let err = o.stderr();
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("tie-lot.toml"), "{err}");
    assert!(o.stdout.is_empty());
    let v = congress(&[
        "elect",
        &fixture("elections/committee/tie-lot-seeded.toml"),
        &fixture("elections/committee/tie.csv"),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(v["status"], "complete");
    assert_eq!(v["lots"][0]["beacon"], "drand 2027-05-20 round 4711");
    assert_eq!(v["ties"][0]["resolved_by"], "lot");
}

#[test]
fn recall_result() {
    let v = congress(&[
        "elect",
        &fixture("elections/committee/recall.toml"),
        &fixture("elections/committee/recall.csv"),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(v["method"], "recall");
    assert_eq!(v["recall"]["passed"], true);
    assert_eq!(v["recall"]["yes"], 11);
    assert_eq!(v["ballots"]["invalid"]["illegible"], 1);
}

#[test]
fn exit_3_for_every_input_problem_naming_file_line_and_field() {
    let dir = scratch("errors");
    let good = std::fs::read_to_string(fixture("elections/committee/presidium.toml")).unwrap();
    let ballots = fixture("elections/committee/presidium.csv");
    let cases: Vec<(String, String, &str)> = vec![
        (
            good.replace("write_ins = true", "write_ins = true\nquorom = \">= 1/2\""),
            ballots.clone(),
            ":16: rules.quorom: unknown key",
        ),
        (
            good.replace("seats = 3", "seats = 0"),
            ballots.clone(),
            ":4: seats:",
        ),
        (
            good.replace("seats = 3", "seats = 5"),
            ballots.clone(),
            ": candidates:",
        ),
        (
            good.replace("\"刘洋\"]", "\"王芳\"]"),
            ballots.clone(),
            "duplicate name '王芳'",
        ),
        (
            good.replace("2027-presidium", "2027/presidium"),
            ballots.clone(),
            ":1: id:",
        ),
        (
            good.clone(),
            write(
                &dir,
                "bad-cell.csv",
                "ballot_id,王芳,李强,张伟,刘洋\nt1,○,○,,\nt2,○,maybe,,\n",
            ),
            "bad-cell.csv:3: 李强: 'maybe' is not a mark",
        ),
        (
            good.clone(),
            write(
                &dir,
                "dup.csv",
                "ballot_id,王芳,李强,张伟,刘洋\nt1,○,,,\nt1,,○,,\n",
            ),
            "dup.csv:3: ballot_id: duplicate ballot_id 't1', first on line 2",
        ),
        (
            good.clone(),
            write(&dir, "missing.csv", "ballot_id,王芳,李强,张伟\nt1,○,,\n"),
            "missing.csv:1: 刘洋: missing column",
        ),
        (
            good.clone(),
            write(
                &dir,
                "ragged.csv",
                "ballot_id,王芳,李强,张伟,刘洋\nt1,○,,\n",
            ),
            "ragged.csv:2: found 4 fields",
        ),
        (
            good.clone(),
            dir.join("absent.csv").display().to_string(),
            "absent.csv",
        ),
    ];
    for (k, (toml, csv, expected)) in cases.iter().enumerate() {
        let election = write(&dir, &format!("e{k}.toml"), toml);
        let o = congress(&["elect", &election, csv]);
        assert_eq!(o.status.code(), Some(3), "case {k}: {}", o.stderr());
        let err = o.stderr();
        assert!(err.starts_with("error: "), "case {k}: {err}");
        assert!(
            err.contains(expected),
            "case {k}: expected {expected:?} in {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    // A ranked ballot file for a marks method.
    let ranks = write(
        &dir,
        "r.blt",
        "4 3\n1 1 2 0\n0\n\"a\"\n\"b\"\n\"c\"\n\"d\"\n\"t\"\n",
    );
    let o = congress(&[
        "elect",
        &fixture("elections/committee/presidium.toml"),
        &ranks,
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", o.stderr());
    assert!(o
        .stderr()
        .contains("method majority-approval counts marks ballots"));
}

#[test]
fn exit_2_for_bad_flags() {
    for args in [
        vec!["elect", "a.toml", "b.csv", "--format", "xml"],
        vec!["elect", "a.toml", "b.csv", "--ballot-format", "xls"],
        vec!["elect", "a.toml"],
        vec!["elect", "a.toml", "b.csv", "--bogus"],
    ] {
        let o = congress(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", o.stderr());
    }
}

#[test]
fn out_is_atomic_and_refuses_to_overwrite() {
    let dir = scratch("out");
    let out = dir.join("result.json");
    let out_s = out.display().to_string();
    let args = [
        "elect",
        &fixture("elections/committee/recall.toml"),
        &fixture("elections/committee/recall.csv"),
        "--format",
        "json",
        "--out",
        &out_s,
    ];
    let o = congress(&args);
    assert!(o.status.success(), "{}", o.stderr());
    assert!(o.stdout.is_empty());
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.contains("\"recall\""));
    let o = congress(&args);
    assert_eq!(o.status.code(), Some(3));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(congress(&forced).status.success());
    // A failed run writes nothing.
    let o = congress(&[
        "elect",
        &fixture("elections/committee/tie-lot.toml"),
        &fixture("elections/committee/tie.csv"),
        "--out",
        &dir.join("no.json").display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(4));
    assert!(!dir.join("no.json").exists());
}

#[test]
fn ballots_from_standard_input_and_forced_format() {
    let csv = std::fs::read(fixture("elections/committee/recall.csv")).unwrap();
    let o = congress_stdin(
        &[
            "elect",
            &fixture("elections/committee/recall.toml"),
            "-",
            "--ballot-format",
            "marks",
            "--format",
            "csv",
        ],
        &csv,
    );
    assert!(o.status.success(), "{}", o.stderr());
    assert_eq!(
        o.stdout(),
        "candidate,yes,no,abstain,elected,status,next_round,next_round_seats,on_next_ballot\n\
         王芳,11,5,1,no,complete,,,\n"
    );
}

#[test]
fn gb18030_ballots() {
    let dir = scratch("gbk");
    let text = std::fs::read_to_string(fixture("elections/committee/recall.csv")).unwrap();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let path = dir.join("recall-gbk.csv");
    std::fs::write(&path, &bytes).unwrap();
    let p = path.display().to_string();
    let o = congress(&["elect", &fixture("elections/committee/recall.toml"), &p]);
    assert_eq!(o.status.code(), Some(3), "UTF-8 is the default");
    let v = congress(&[
        "elect",
        &fixture("elections/committee/recall.toml"),
        &p,
        "--encoding",
        "gbk",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(v["recall"]["yes"], 11);
}

#[test]
fn out_file_extension_picks_the_format_unless_format_is_given() {
    let dir = scratch("out-extension");
    let run = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "elect".to_string(),
            fixture("elections/committee/presidium.toml"),
            fixture("elections/committee/presidium.csv"),
            "--out".to_string(),
            out.display().to_string(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = congress(&args);
        assert!(o.status.success(), "{}", o.stderr());
        std::fs::read_to_string(out).unwrap()
    };
    let as_json = run(&dir.join("result.JSON"), &[]);
    let v: serde_json::Value = serde_json::from_str(&as_json).expect("JSON in result.JSON");
    assert_eq!(v["election"], "2027-presidium");
    let as_csv = run(&dir.join("result.csv"), &[]);
    assert!(as_csv.starts_with("candidate,"), "{as_csv}");
    let sheet = run(&dir.join("result.txt"), &[]);
    assert!(sheet.starts_with("Election:"), "{sheet}");
    // --format wins over the extension.
    let table_in_json = run(&dir.join("table.json"), &["--format", "table"]);
    assert_eq!(table_in_json, sheet);
    // `check` writes no CSV: a .csv file gets its table.
    let o = congress(&[
        "check",
        "org",
        &fixture("org.toml"),
        "--out",
        &dir.join("checks.csv").display().to_string(),
    ]);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        o.stderr()
    );
    let checks = std::fs::read_to_string(dir.join("checks.csv")).unwrap();
    assert!(!checks.trim_start().starts_with('{'), "{checks}");
}

#[test]
fn csv_for_excel_has_a_bom_and_gb18030_output_decodes_back() {
    let election = fixture("elections/committee/presidium.toml");
    let ballots = fixture("elections/committee/presidium.csv");
    let plain = congress(&["elect", &election, &ballots, "--format", "csv"]);
    assert_eq!(plain.status.code(), Some(0), "{}", plain.stderr());
    assert_ne!(&plain.stdout[..3], b"\xEF\xBB\xBF", "no BOM by default");
    let excel = congress(&["elect", &election, &ballots, "--format", "csv", "--excel"]);
    assert_eq!(excel.status.code(), Some(0), "{}", excel.stderr());
    assert_eq!(&excel.stdout[..3], b"\xEF\xBB\xBF");
    assert_eq!(&excel.stdout[3..], &plain.stdout[..]);
    // --encoding gb18030 reads the input; --output-encoding gb18030 writes the CSV in GB18030.
    let dir = scratch("gb18030-out");
    let text = std::fs::read_to_string(&ballots).unwrap();
    let gb_in = dir.join("presidium-gbk.csv");
    std::fs::write(&gb_in, encoding_rs::GB18030.encode(&text).0).unwrap();
    let out = dir.join("result.csv");
    let gb = congress(&[
        "elect",
        &election,
        &gb_in.display().to_string(),
        "--encoding",
        "gb18030",
        "--output-encoding",
        "gb18030",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(gb.status.code(), Some(0), "{}", gb.stderr());
    let bytes = std::fs::read(&out).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "GB18030, not UTF-8");
    let (back, _, errors) = encoding_rs::GB18030.decode(&bytes);
    assert!(!errors);
    assert_eq!(back, plain.stdout());
    // JSON stays UTF-8 whatever --encoding says; --excel wins over --encoding for CSV.
    let json = congress(&[
        "elect",
        &election,
        &gb_in.display().to_string(),
        "--encoding",
        "gbk",
        "--format",
        "json",
    ]);
    assert!(json.stdout().contains("王芳"));
    let both = congress(&[
        "elect",
        &election,
        &gb_in.display().to_string(),
        "--encoding",
        "gbk",
        "--format",
        "csv",
        "--excel",
    ]);
    assert_eq!(&both.stdout[3..], &plain.stdout[..]);
}

#[test]
fn chinese_ballot_ids_and_marks_through_the_binary() {
    let dir = scratch("chinese-marks");
    let election = fixture("elections/committee/presidium.toml");
    let text = std::fs::read_to_string(fixture("elections/committee/presidium.csv")).unwrap();
    let chinese = text
        .replacen("ballot_id", "票号", 1)
        .replace('○', "同意")
        .replace('×', "不同意");
    let ballots = write(&dir, "票.csv", &chinese);
    let plain = congress(&[
        "elect",
        &election,
        &fixture("elections/committee/presidium.csv"),
        "--format",
        "json",
    ])
    .json();
    let v = congress(&["elect", &election, &ballots, "--format", "json"]).json();
    assert_eq!(v["elected"], plain["elected"]);
    assert_eq!(v["candidates"], plain["candidates"]);
    // A △ is an error on its file, line and column until a profile gives it a meaning.
    let lines: Vec<&str> = chinese.lines().collect();
    let mut bad = lines[..2].join("\n");
    bad.push('\n');
    let cells: Vec<&str> = lines[2].split(',').collect();
    bad.push_str(&format!("{},△,{}\n", cells[0], cells[2..].join(",")));
    let ballots = write(&dir, "triangle.csv", &bad);
    let (code, _, err) = congress(&["elect", &election, &ballots]).parts();
    assert_eq!(code, 3);
    assert!(
        err.contains("triangle.csv:3: 王芳: '△' means what a rules profile says"),
        "{err}"
    );
}
