//! `.xlsx`, `.ods` and `.xls` inputs read as the CSV they were made from
//! (fixtures/spreadsheets/README.md), and their errors naming the cell.

use crate::util::congress;

const PRESIDIUM: &str = "fixtures/elections/committee/presidium.toml";

/// A count from a workbook (a title row above the header `票号,…`) is the count from the CSV.
#[test]
fn ballots_in_xlsx_and_ods_count_as_their_csv() {
    let csv = congress(&[
        "elect",
        PRESIDIUM,
        "fixtures/elections/committee/presidium.csv",
        "--format",
        "json",
    ]);
    assert_eq!(csv.code(), 0, "{}", csv.stderr());
    for book in [
        "fixtures/spreadsheets/presidium.xlsx",
        "fixtures/spreadsheets/presidium.ods",
    ] {
        let run = congress(&["elect", PRESIDIUM, book, "--format", "json"]);
        assert_eq!(run.code(), 0, "{book}: {}", run.stderr());
        assert_eq!(run.stdout(), csv.stdout(), "{book}");
    }
}

/// The roster sheet (title row, numeric grades) plans as the CSV roster does; `--sheet` picks
/// the delegates' sheet of the same workbook, and an unknown sheet is named with the others.
#[test]
fn a_roster_workbook_plans_as_its_csv_and_sheet_picks_a_sheet() {
    let csv = congress(&["plan", "fixtures/roster.csv", "--format", "json"]);
    let book = congress(&[
        "plan",
        "fixtures/spreadsheets/roster.xlsx",
        "--format",
        "json",
    ]);
    assert_eq!(book.code(), 0, "{}", book.stderr());
    assert_eq!(book.stdout(), csv.stdout());

    let plan = crate::util::scratch("sheet-plan").join("plan.json");
    std::fs::write(&plan, csv.stdout()).unwrap();
    let plan = plan.to_str().unwrap();
    let check = |delegates: &str, sheet: Option<&str>| {
        let mut args = vec![
            "check",
            "delegation",
            delegates,
            "--plan",
            plan,
            "--roster",
            "fixtures/spreadsheets/roster.xlsx",
        ];
        if let Some(sheet) = sheet {
            args.extend(["--sheet", sheet]);
        }
        congress(&args)
    };
    let from_csv = congress(&[
        "check",
        "delegation",
        "fixtures/delegates.csv",
        "--plan",
        plan,
        "--roster",
        "fixtures/roster.csv",
    ]);
    // --sheet applies to every workbook input: the roster's workbook has no sheet 代表's
    // roster, so the roster is read from CSV and the delegates from the sheet.
    let run = congress(&[
        "check",
        "delegation",
        "fixtures/spreadsheets/roster.xlsx",
        "--sheet",
        "代表",
        "--plan",
        plan,
        "--roster",
        "fixtures/roster.csv",
    ]);
    assert_eq!(run.code(), from_csv.code(), "{}", run.stderr());
    assert_eq!(run.stdout(), from_csv.stdout());
    let run = check("fixtures/delegates.csv", Some("名单"));
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr()
            .contains("no sheet named '名单', expected one of: 花名册, 代表"),
        "{}",
        run.stderr()
    );
}

/// Every bad cell of a workbook roster in one run, each named by its row and cell, the id
/// Excel rounded among them; in JSON with the cell's column.
#[test]
fn every_bad_cell_of_a_workbook_is_named_by_its_cell() {
    let run = congress(&["plan", "fixtures/spreadsheets/bad-roster.xlsx"]);
    assert_eq!(run.code(), 3);
    let f = "fixtures/spreadsheets/bad-roster.xlsx";
    let lines: Vec<String> = run.stderr().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "{}", run.stderr());
    assert!(lines[0].starts_with(&format!(
        "error: {f}:3: Sheet1!A (学号): '1.23457E+17' is a number Excel has already rounded"
    )));
    assert_eq!(
        lines[1],
        format!("error: {f}:4: Sheet1!B (院系): empty, expected the student's department")
    );
    assert!(lines[2].starts_with(&format!("error: {f}:5: Sheet1!D (是否学生会骨干): '也许'")));
    assert_eq!(
        lines[3],
        format!(
            "error: {f}:6: Sheet1!A (学号): duplicate student_id '202400100001' (first on line 2)"
        )
    );
    let run = congress(&["--error-format", "json", "plan", f]);
    let json: serde_json::Value = serde_json::from_str(&run.stderr()).unwrap();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 4);
    assert_eq!(errors[1]["column"], "B");
    assert_eq!(errors[1]["line"], 4);
    assert_eq!(errors[1]["field"], "Sheet1!B (院系)");
    assert_eq!(json["more"], 0);
}

/// A totals row (合计) in a workbook is an error naming its row, or left out with
/// `--skip-totals`, and the apportionment is then the CSV's.
#[test]
fn a_totals_row_is_refused_or_skipped() {
    let book = "fixtures/spreadsheets/departments.xls";
    let run = congress(&["apportion", book, "--seats", "20"]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr()
            .starts_with(&format!("error: {book}:7: '合计' starts a totals row")),
        "{}",
        run.stderr()
    );
    let skipped = congress(&["apportion", book, "--seats", "20", "--skip-totals"]);
    let csv = congress(&["apportion", "fixtures/departments.csv", "--seats", "20"]);
    assert_eq!(skipped.code(), 0, "{}", skipped.stderr());
    assert_eq!(skipped.stdout(), csv.stdout());
}
