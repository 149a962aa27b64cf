//! CSV-like inputs that are not plain CSV: title rows, totals rows, tab-separated and UTF-16
//! text, workbooks under a CSV name; `--columns`; and every bad record in one run.

use crate::util::{congress, scratch, write};

const ROSTER: &str =
    "学号,院系,年级,是否学生会骨干\n1,文学院,2024,否\n2,文学院,2023,是\n3,理学院,2024,否\n";

fn plan_json(path: &str, extra: &[&str]) -> crate::util::Run {
    let mut args = vec!["plan", path, "--format", "json"];
    args.extend(extra);
    congress(&args)
}

/// Title rows above the header are found (one filled cell each) or given with --header-row;
/// either way the plan is the plain roster's, and line numbers stay the file's.
#[test]
fn title_rows_above_the_header() {
    let dir = scratch("titles");
    let plain = write(&dir, "plain.csv", ROSTER);
    let titled = write(
        &dir,
        "titled.csv",
        &format!("2024级学生花名册,,,\n\n{ROSTER}"),
    );
    let dated = write(
        &dir,
        "dated.csv",
        &format!("制表单位：教务处,制表日期：2024-09-01,,\n{ROSTER}"),
    );
    let want = plan_json(&plain, &[]).stdout();
    assert_eq!(plan_json(&titled, &[]).stdout(), want);
    // Two filled cells in the title row: not found, given.
    let run = plan_json(&dated, &[]);
    assert_eq!(run.code(), 3);
    assert_eq!(plan_json(&dated, &["--header-row", "2"]).stdout(), want);
    // Errors keep the file's line numbers.
    let bad = write(&dir, "bad.csv", &format!("花名册\n{ROSTER}4,,2024,否\n"));
    let run = plan_json(&bad, &[]);
    assert!(
        run.stderr().contains("bad.csv:6: 院系: empty"),
        "{}",
        run.stderr()
    );
    let run = plan_json(&plain, &["--header-row", "9"]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
}

/// A totals row of a departments CSV is never a department: refused with its line, or left
/// out with --skip-totals.
#[test]
fn totals_rows_in_csv() {
    let dir = scratch("totals");
    let path = write(
        &dir,
        "d.csv",
        "department,students\nA,300\nB,200\n合 计,500\nTotal:,500\n",
    );
    let run = congress(&["apportion", &path, "--seats", "10"]);
    assert_eq!(run.code(), 3);
    let err = run.stderr();
    assert!(
        err.contains("d.csv:4: '合 计' starts a totals row"),
        "{err}"
    );
    assert!(
        err.contains("d.csv:5: 'Total:' starts a totals row"),
        "{err}"
    );
    let run = congress(&["apportion", &path, "--seats", "10", "--skip-totals"]);
    let plain = write(&dir, "p.csv", "department,students\nA,300\nB,200\n");
    assert_eq!(
        run.stdout(),
        congress(&["apportion", &plain, "--seats", "10"]).stdout()
    );
}

/// Tab-separated text is read from .tsv (and from the UTF-16 .txt of Excel's "Unicode
/// text"); a .csv that is tab-separated is refused saying so.
#[test]
fn tab_separated_and_utf16_text() {
    let dir = scratch("tsv");
    let plain = write(&dir, "plain.csv", ROSTER);
    let want = plan_json(&plain, &[]).stdout();
    let tabs = ROSTER.replace(',', "\t");
    let tsv = write(&dir, "r.tsv", &tabs);
    assert_eq!(plan_json(&tsv, &[]).stdout(), want);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in tabs.replace('\n', "\r\n").encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let txt = dir.join("unicode.txt");
    std::fs::write(&txt, &utf16).unwrap();
    let run = plan_json(txt.to_str().unwrap(), &[]);
    assert_eq!(run.stdout(), want, "{}", run.stderr());
    let wrong = write(&dir, "tabs.csv", &tabs);
    let run = plan_json(&wrong, &[]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr().contains("tab-separated text in a .csv file"),
        "{}",
        run.stderr()
    );
}

/// A workbook given a CSV name gets the hint to pass it as a workbook.
#[test]
fn workbooks_named_csv_get_a_hint() {
    let dir = scratch("named");
    let xlsx = dir.join("roster.csv");
    std::fs::copy(
        format!(
            "{}/fixtures/spreadsheets/bad-roster.xlsx",
            crate::util::ROOT
        ),
        &xlsx,
    )
    .unwrap();
    let run = plan_json(xlsx.to_str().unwrap(), &[]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr().contains("this is an Excel workbook") && run.stderr().contains(".xlsx"),
        "{}",
        run.stderr()
    );
    let xls = dir.join("d.csv");
    std::fs::copy(
        format!(
            "{}/fixtures/spreadsheets/departments.xls",
            crate::util::ROOT
        ),
        &xls,
    )
    .unwrap();
    let run = congress(&["apportion", xls.to_str().unwrap(), "--seats", "9"]);
    assert!(run.stderr().contains("pass it as .xls"), "{}", run.stderr());
}

/// --columns maps a registrar's headers; a 学生干部 column given as the cadre column is
/// refused with the difference in meaning; an unknown key is a usage error.
#[test]
fn column_mapping() {
    let dir = scratch("columns");
    let plain = write(&dir, "plain.csv", ROSTER);
    let want = plan_json(&plain, &[]).stdout();
    let odd = write(
        &dir,
        "odd.csv",
        &ROSTER.replacen("学号,院系,年级,是否学生会骨干", "编号,单位,级别,会干", 1),
    );
    let run = plan_json(&odd, &[]);
    assert_eq!(run.code(), 3);
    let cols = "student_id=编号,department=单位,grade=级别,cadre=会干";
    assert_eq!(plan_json(&odd, &["--columns", cols]).stdout(), want);
    let run = plan_json(&odd, &["--columns", "student_id=学号"]);
    assert!(
        run.stderr()
            .contains("--columns student_id=学号: no column '学号'"),
        "{}",
        run.stderr()
    );
    let officers = write(
        &dir,
        "officers.csv",
        &ROSTER.replacen("是否学生会骨干", "学生干部", 1),
    );
    let run = plan_json(&officers, &["--columns", "cadre=学生干部"]);
    assert_eq!(run.code(), 3);
    assert!(run.stderr().contains("学生会骨干"), "{}", run.stderr());
    assert_eq!(plan_json(&plain, &["--columns", "party=党员"]).code(), 2);
}

/// Every bad ballot of a marks CSV in one run, in file order, as text and as JSON; past 100
/// the rest are counted.
#[test]
fn every_bad_ballot_in_one_run() {
    let dir = scratch("ballots");
    let ballots = write(
        &dir,
        "b.csv",
        "ballot_id,王芳,李强,张伟,刘洋,write_in\nt01,○,○,×,○,\nt02,maybe,○,,×,\nt01,○,,,,\n\
         1.2E+17,○,,,,\nt05,○,○,?,huh,\n",
    );
    let election = "fixtures/elections/committee/presidium.toml";
    let run = congress(&["elect", election, &ballots]);
    assert_eq!(run.code(), 3);
    let stderr = run.stderr();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert!(lines[0].contains("b.csv:3: 王芳: 'maybe'"), "{}", lines[0]);
    assert!(lines[1].contains("b.csv:4: ballot_id: duplicate ballot_id 't01', first on line 2"));
    assert!(
        lines[2].contains("b.csv:5: ballot_id: '1.2E+17' is a number Excel has already rounded")
    );
    assert!(lines[3].contains("b.csv:6: 刘洋: 'huh'"));

    let mut many = String::from("ballot_id,王芳,李强,张伟,刘洋,write_in\n");
    for k in 0..130 {
        many.push_str(&format!("b{k},bad,,,,\n"));
    }
    let many = write(&dir, "many.csv", &many);
    let run = congress(&["--error-format", "json", "elect", election, &many]);
    assert_eq!(run.code(), 3);
    let json: serde_json::Value = serde_json::from_str(&run.stderr()).unwrap();
    assert_eq!(json["errors"].as_array().unwrap().len(), 100);
    assert_eq!(json["more"], 30);
    assert_eq!(json["errors"][99]["line"], 101);
    let text = congress(&["elect", election, &many]).stderr();
    assert!(text.ends_with("error: and 30 more errors\n"), "{text}");
}
