//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) read as the CSV text of one sheet.
//!
//! A workbook is opened with the `calamine` crate; the chosen sheet (the first, or
//! `--sheet NAME`) is written out as CSV text whose line `r` is the sheet's row `r`, so every
//! CSV reader reads it unchanged and its line numbers are the row numbers Excel shows. Cells
//! are written as Excel's General format shows them: whole numbers in full below 10^15 (every
//! such number is exact), larger ones in scientific notation as Excel shows them (`1.2E+17`:
//! Excel keeps 15 significant digits, so such a number has been rounded, and an id column
//! refuses it, see [`super::rounded_id`]), other numbers to 15 significant digits, dates as
//! `YYYY-MM-DD` (`YYYY-MM-DD HH:MM:SS` with a time), `TRUE`/`FALSE`, and Excel's error values
//! as their text (`#N/A`). A line break inside a cell (Alt+Enter) is dropped in the header
//! row (a wrapped header `是否⏎学生会骨干` reads `是否学生会骨干`) and read as a space
//! elsewhere, so one row stays one line.
//!
//! [`SheetLayout`] keeps what turns an error's line and field back into a cell:
//! `roster.xlsx:17: Sheet1!D (学号): …`.

use crate::error::{Error, Result};
use calamine::{Data, Reader};

/// Where the CSV text of a sheet came from: enough to name the cell of an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLayout {
    /// The workbook's name as the user gave it (the errors' file).
    pub file: String,
    /// The sheet's name.
    pub sheet: String,
    /// The 0-based sheet column of the text's first column.
    pub first_column: u32,
    /// The header row's cells as written in the text, trimmed (set once the header is known).
    pub headers: Vec<String>,
}

impl SheetLayout {
    /// The sheet column letters of the text's column `index` (0-based): `A`, `B`, … `AA`.
    pub fn column_letters(&self, index: usize) -> String {
        column_letters(self.first_column as usize + index)
    }

    /// `err` with its field named as a cell (`Sheet1!D (学号)`) when it is one of this sheet's
    /// header names, and its column letter set; other errors unchanged.
    pub fn locate(&self, mut err: Error) -> Error {
        if err.file.as_deref() != Some(self.file.as_str()) {
            return err;
        }
        if let Some(field) = &err.field {
            let wanted = super::normalize_header(field);
            if let Some(index) = self
                .headers
                .iter()
                .position(|h| super::normalize_header(h) == wanted)
            {
                let letters = self.column_letters(index);
                err.field = Some(format!("{}!{} ({})", self.sheet, letters, field));
                err = err.with_column(letters);
            }
        }
        err
    }
}

/// The letters of the 0-based sheet column `index`: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Whether `path` names a workbook by its extension (any case).
pub fn is_workbook(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    matches!(ext, "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
}

/// The sheet `wanted` (or the first sheet) of the workbook at `path`, as CSV text with one
/// line per sheet row, and its layout.
pub fn read_sheet(path: &str, wanted: Option<&str>) -> Result<(String, SheetLayout)> {
    let bad = |e: calamine::Error| {
        Error::input(format!(
            "not a readable workbook ({e}); expected an .xlsx, .xls or .ods file as Excel or \
             LibreOffice saves it"
        ))
        .file(path)
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(bad)?;
    let names = workbook.sheet_names();
    let sheet = match wanted {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.trim() == wanted.trim()))
            .cloned()
            .ok_or_else(|| {
                Error::input(format!(
                    "no sheet named '{wanted}', expected one of: {}",
                    crate::error::bounded_list(&names)
                ))
                .file(path)
                .field("--sheet")
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::input("the workbook has no sheets").file(path))?,
    };
    let range = workbook.worksheet_range(&sheet).map_err(bad)?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut text = String::new();
    // Rows above the first used one are empty lines, so line numbers are row numbers.
    for _ in 0..first_row {
        text.push('\n');
    }
    let mut header_seen = false;
    let mut cell = String::new();
    for row in range.rows() {
        // Every row has the range's width (a fully empty row is an empty line, which the
        // CSV readers skip).
        if row.iter().any(|c| !matches!(c, Data::Empty)) {
            for (k, value) in row.iter().enumerate() {
                if k > 0 {
                    text.push(',');
                }
                cell.clear();
                display(value, &mut cell);
                push_field(&mut text, &cell, !header_seen);
            }
            header_seen = true;
        }
        text.push('\n');
    }
    let layout = SheetLayout {
        file: path.to_string(),
        sheet,
        first_column,
        headers: Vec::new(),
    };
    Ok((text, layout))
}

/// Appends `cell` to `text` as a CSV field (quoted when it holds a comma or a quote), its
/// line breaks dropped in a header row and read as spaces elsewhere.
fn push_field(text: &mut String, cell: &str, header: bool) {
    let one_line: std::borrow::Cow<'_, str> = if cell.contains(['\n', '\r']) {
        let joiner = if header { "" } else { " " };
        cell.replace("\r\n", "\n")
            .split(['\n', '\r'])
            .collect::<Vec<_>>()
            .join(joiner)
            .into()
    } else {
        cell.into()
    };
    if one_line.contains([',', '"']) {
        text.push('"');
        text.push_str(&one_line.replace('"', "\"\""));
        text.push('"');
    } else {
        text.push_str(&one_line);
    }
}

/// Writes `value` as Excel's General format shows it (see the module comment).
fn display(value: &Data, out: &mut String) {
    use std::fmt::Write;
    match value {
        Data::Empty => {}
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => out.push_str(&general_number(*f)),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
        Data::DateTime(d) => {
            if d.is_duration() {
                let seconds = (d.as_f64() * 86_400.0).round() as i64;
                let _ = write!(
                    out,
                    "{}:{:02}:{:02}",
                    seconds / 3600,
                    (seconds / 60) % 60,
                    seconds % 60
                );
            } else {
                let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
                let _ = write!(out, "{y:04}-{mo:02}-{day:02}");
                if (h, mi, s) != (0, 0, 0) {
                    let _ = write!(out, " {h:02}:{mi:02}:{s:02}");
                }
            }
        }
    }
}

/// Whole numbers from this size up are shown in scientific notation: Excel keeps 15
/// significant digits, so a longer number (an 18-digit id) has lost its last digits.
const ROUNDED_FROM: f64 = 1e15;

/// A number as Excel's General format shows it: whole numbers below 10^15 in full, larger
/// ones as `1.23457E+17` (six significant digits), others to 15 significant digits.
pub fn general_number(f: f64) -> String {
    if !f.is_finite() {
        return "#NUM!".to_string();
    }
    if f.fract() == 0.0 && f.abs() < ROUNDED_FROM {
        return format!("{f:.0}");
    }
    if f.abs() >= ROUNDED_FROM {
        // `{:.5E}` gives `1.23457E17`: trim the mantissa's zeros, sign the exponent.
        let text = format!("{f:.5E}");
        let (mantissa, exponent) = text.split_once('E').unwrap_or((&text, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}E{sign}{:02}", exponent.abs());
    }
    // 15 significant digits, written out in full without trailing zeros.
    let text = format!("{f:.14e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let point = exponent + 1; // digits before the decimal point
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat('0').take((-point) as usize));
        out.push_str(&digits);
    } else if point as usize >= digits.len() {
        out.push_str(&digits);
        out.extend(std::iter::repeat('0').take(point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    if out.contains('.') {
        let trimmed = out.trim_end_matches('0').trim_end_matches('.').len();
        out.truncate(trimmed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_excel_general_format_shows_them() {
        assert_eq!(general_number(2023.0), "2023");
        assert_eq!(general_number(-7.0), "-7");
        assert_eq!(general_number(201912345678.0), "201912345678");
        assert_eq!(general_number(999_999_999_999_999.0), "999999999999999");
        assert_eq!(general_number(1.2e17), "1.2E+17");
        assert_eq!(general_number(123456789012345678.0), "1.23457E+17");
        assert_eq!(general_number(1234567890123456.0), "1.23457E+15");
        assert_eq!(general_number(0.1 + 0.2), "0.3");
        assert_eq!(general_number(12.5), "12.5");
        assert_eq!(general_number(-0.000125), "-0.000125");
        assert_eq!(general_number(3.0e-20), "0.00000000000000000003");
    }

    #[test]
    fn column_letters_count_as_excel_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn errors_on_a_header_field_name_the_cell() {
        let layout = SheetLayout {
            file: "r.xlsx".into(),
            sheet: "Sheet1".into(),
            first_column: 1,
            headers: vec!["学号".into(), "院系".into()],
        };
        let e = layout.locate(Error::input("empty").file("r.xlsx").line(17).field("院系"));
        assert_eq!(e.to_string(), "r.xlsx:17: Sheet1!C (院系): empty");
        assert_eq!(e.column(), Some("C"));
        let other = Error::input("x").file("other.csv").field("院系");
        assert_eq!(layout.locate(other.clone()), other);
    }

    #[test]
    fn fields_with_line_breaks_and_commas() {
        let mut text = String::new();
        push_field(&mut text, "是否\n学生会骨干", true);
        text.push(',');
        push_field(&mut text, "a, \"b\"\r\nc", false);
        assert_eq!(text, "是否学生会骨干,\"a, \"\"b\"\" c\"");
    }
}
