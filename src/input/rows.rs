//! The rows of a table around its data: title rows above the header, totals rows among the
//! data, and tab-separated text. Each keeps line numbers as they are in the file: a row left
//! out becomes an empty line, which every CSV reader skips.
//!
//! - Header row: `--header-row N`, or found when it is unambiguous: when the first row has at
//!   most one filled cell (a title such as `2024级学生花名册`) and the first row with two or
//!   more filled cells, among the first [`HEADER_SEARCH_ROWS`], has only such rows above it,
//!   that row is the header and the rows above are titles.
//! - Totals rows: a data row whose first filled cell is `合计`, `总计`, `小计`, `Total`,
//!   `Totals`, `Subtotal` or `Grand total` (any case, spaces ignored) is not a department, a
//!   student or a ballot: an input error naming it, or, with `--skip-totals`, left out.
//! - Tab-separated text (`.tsv`, `.txt`, and the UTF-16 text of Excel's "Unicode text") is
//!   read as the same records; a `.csv` file whose header has tabs and no commas is an error
//!   saying so.

use super::ReadOptions;
use crate::error::{Collector, Error, Result};
use crate::fast::Records;

/// How many rows from the top the header is looked for in.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// The words of a totals row, normalised (lower case, no spaces, no trailing colon).
const TOTALS_WORDS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "总合计",
    "total",
    "totals",
    "subtotal",
    "grandtotal",
];

/// Whether `cell` is a totals word (`合 计`, `Total:`, `总计：` included).
pub fn is_totals_word(cell: &str) -> bool {
    if cell.len() > 40 {
        return false;
    }
    let folded: String = cell
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let folded = folded.trim_end_matches([':', '：']);
    TOTALS_WORDS.contains(&folded)
}

/// `text` with its title rows and totals rows handled as `options` say: the rows above the
/// header and, with `--skip-totals`, the totals rows, made empty lines. Returns the text and
/// the header's line number.
pub fn prepare(name: &str, text: String, options: &ReadOptions) -> Result<(String, u64)> {
    let (text, header_line) = skip_title_rows(name, text, options.header_row)?;
    let text = handle_totals(name, text, header_line, options.skip_totals)?;
    Ok((text, header_line))
}

/// The filled cells of the first rows: (line, number of non-empty cells, byte offset).
fn first_rows(name: &str, text: &str, rows: usize) -> Vec<(u64, usize, usize)> {
    let mut records = Records::from_str(name, text, 1);
    let mut fields = Vec::new();
    let mut out = Vec::new();
    while out.len() < rows {
        let offset = text.len() - records.rest().len();
        match records.next(&mut fields) {
            Ok(Some(line)) => {
                let filled = fields.iter().filter(|f| !f.trim().is_empty()).count();
                // A line of commas only is as good as empty: not a row.
                if filled > 0 {
                    out.push((line, filled, offset));
                }
            }
            Ok(None) | Err(_) => break,
        }
    }
    out
}

/// The text from the header row on, the rows above it emptied (see the module comment).
fn skip_title_rows(name: &str, text: String, header_row: Option<u64>) -> Result<(String, u64)> {
    let rows = first_rows(
        name,
        &text,
        header_row.map_or(HEADER_SEARCH_ROWS, |n| n as usize + 1),
    );
    let start = match header_row {
        Some(0) => {
            return Err(Error::usage("--header-row: rows count from 1"));
        }
        Some(n) => match rows.iter().find(|&&(line, _, _)| line >= n) {
            Some(&(line, _, offset)) if line == n => offset,
            _ => {
                return Err(Error::input(format!(
                    "--header-row {n}: row {n} is empty or past the end, expected the header \
                     row there"
                ))
                .file(name)
                .line(n))
            }
        },
        None => match rows.first() {
            Some(&(_, filled, _)) if filled <= 1 => {
                match rows.iter().find(|&&(_, filled, _)| filled >= 2) {
                    Some(&(_, _, offset)) => offset,
                    None => return Ok((text, rows.first().map_or(1, |r| r.0))),
                }
            }
            Some(&(line, _, _)) => return Ok((text, line)),
            None => return Ok((text, 1)),
        },
    };
    let above = text[..start].bytes().filter(|&b| b == b'\n').count();
    let header_line = above as u64 + 1;
    if above == 0 {
        return Ok((text, header_line));
    }
    let mut out = String::with_capacity(text.len() - start + above);
    out.extend(std::iter::repeat('\n').take(above));
    out.push_str(&text[start..]);
    Ok((out, header_line))
}

/// Finds the rows after the header whose first filled cell is a totals word: an error for
/// each (collected), or with `skip` the text with them emptied. Only lines holding one of a
/// totals word's telling bytes are looked at, so text without any is not scanned twice.
fn handle_totals(name: &str, text: String, header_line: u64, skip: bool) -> Result<String> {
    let bytes = text.as_bytes();
    // `计` ends 合计, 总计, 小计; `otal`/`OTAL`/`Otal` are in every English word.
    let needles: [&[u8]; 3] = ["计".as_bytes(), b"otal", b"OTAL"];
    let mut hits: Vec<usize> = Vec::new();
    for needle in needles {
        hits.extend(memchr::memmem::find_iter(bytes, needle));
    }
    if hits.is_empty() {
        return Ok(text);
    }
    // The lines (start, end) holding a hit, in order, each once.
    let mut lines: Vec<(usize, usize)> = hits
        .iter()
        .map(|&at| {
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            (start, end)
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut totals: Vec<(u64, usize, usize, String)> = Vec::new();
    let mut counted = 0usize;
    let mut line_no = 1u64;
    let mut fields = Vec::new();
    for (start, end) in lines {
        line_no += bytes[counted..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        counted = start;
        if line_no <= header_line {
            continue;
        }
        let mut records = Records::from_str(name, &text[start..end], line_no);
        if let Ok(Some(_)) = records.next(&mut fields) {
            if let Some(first) = fields.iter().find(|f| !f.trim().is_empty()) {
                if is_totals_word(first) {
                    totals.push((line_no, start, end, first.trim().to_string()));
                }
            }
        }
    }
    if totals.is_empty() {
        return Ok(text);
    }
    if !skip {
        let mut errors = Collector::new();
        for (line, _, _, word) in &totals {
            errors.push(
                Error::input(format!(
                    "'{word}' starts a totals row, which is no department, student or ballot: \
                     delete the row, or pass --skip-totals to leave totals rows out"
                ))
                .file(name)
                .line(*line),
            );
        }
        return Err(errors
            .into_error()
            .unwrap_or_else(|| Error::input("totals row")));
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (_, start, end, _) in &totals {
        out.push_str(&text[from..*start]);
        // A quoted line break inside the row keeps its line.
        out.extend(
            text[*start..*end]
                .bytes()
                .filter(|&b| b == b'\n')
                .map(|_| '\n'),
        );
        from = *end;
    }
    out.push_str(&text[from..]);
    Ok(out)
}

/// Whether the header line of `text` is tab-separated: it has a tab and no comma.
pub fn tab_separated(text: &str) -> bool {
    let header = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    header.contains('\t') && !header.contains(',')
}

/// Tab-separated text as CSV text with the same records on the same lines: a field that
/// starts with `"` is quoted as Excel writes it (`""` for a quote, tabs and line breaks
/// inside); every line break is kept where it is.
pub fn tsv_to_csv(name: &str, text: &str) -> Result<String> {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1u64;
    let mut at_field_start = true;
    let mut quoted = false;
    let mut opened_on = 0u64;
    let flush = |out: &mut String, field: &mut String| {
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
        field.clear();
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                opened_on = line;
                at_field_start = false;
            }
            '\t' => {
                flush(&mut out, &mut field);
                out.push(',');
                at_field_start = true;
            }
            '\n' => {
                if field.ends_with('\r') {
                    field.pop();
                }
                flush(&mut out, &mut field);
                out.push('\n');
                line += 1;
                at_field_start = true;
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err(
            Error::input("a quoted field is not closed, expected a closing quote")
                .file(name)
                .line(opened_on),
        );
    }
    if !field.is_empty() {
        flush(&mut out, &mut field);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(header_row: Option<u64>, skip_totals: bool) -> ReadOptions {
        ReadOptions {
            header_row,
            skip_totals,
            ..ReadOptions::default()
        }
    }

    #[test]
    fn title_rows_above_an_unambiguous_header_are_emptied() {
        let text = "2024级学生花名册,,,\n制表：教务处,,,\n学号,院系,年级,骨干\n1,A,2024,否\n";
        let (out, header) = prepare("r.csv", text.into(), &opts(None, false)).unwrap();
        assert_eq!(header, 3);
        assert_eq!(out, "\n\n学号,院系,年级,骨干\n1,A,2024,否\n");
        // Two filled cells in the first row: that row is the header.
        let text = "学号,院系\n1,A\n";
        assert_eq!(
            prepare("r.csv", text.into(), &opts(None, false)).unwrap().1,
            1
        );
        // One column only: nothing is a title.
        let text = "student_id\n1\n2\n";
        let (out, header) = prepare("d.csv", text.into(), &opts(None, false)).unwrap();
        assert_eq!((out.as_str(), header), (text, 1));
        // Given: row 2 is the header even with two cells in row 1.
        let text = "title,date\nstudent_id,x\n1,2\n";
        let (out, header) = prepare("d.csv", text.into(), &opts(Some(2), false)).unwrap();
        assert_eq!((out.as_str(), header), ("\nstudent_id,x\n1,2\n", 2));
        let e = prepare("d.csv", text.into(), &opts(Some(9), false)).unwrap_err();
        assert_eq!(e.line, Some(9));
    }

    #[test]
    fn totals_rows_are_errors_or_left_out() {
        let text = "院系,人数\n文学院,10\n理学院,20\n 合 计 ,30\nTotal:,30\n";
        let e = prepare("a.csv", text.into(), &opts(None, false)).unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("--skip-totals"), "{e}");
        assert_eq!(e.collected().len(), 1);
        assert_eq!(e.collected()[0].line, Some(5));
        let (out, _) = prepare("a.csv", text.into(), &opts(None, true)).unwrap();
        assert_eq!(out, "院系,人数\n文学院,10\n理学院,20\n\n\n");
        // A totals word elsewhere in a row, or in the header, is no totals row.
        let text = "合计,总计\n会计学院,合计\n";
        let (out, _) = prepare("a.csv", text.into(), &opts(None, false)).unwrap();
        assert_eq!(out, text);
    }

    #[test]
    fn tab_separated_text_becomes_the_same_records() {
        let text = "学号\t院系\n1\t\"A, B\"\n\n2\t\"x\ny\"\n3\tC\n";
        assert!(tab_separated(text));
        assert!(!tab_separated("a,b\tc\n"));
        let csv = tsv_to_csv("t.tsv", text).unwrap();
        assert_eq!(csv, "学号,院系\n1,\"A, B\"\n\n2,\"x\ny\"\n3,C\n");
    }
}
