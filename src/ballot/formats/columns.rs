//! The columns of a CSV ballot file: the header row, which column holds the ballot id and
//! which each candidate's, and every record checked against the header's width.

use crate::error::{Error, Result};
use crate::fast::{for_each_cell, trimmed, Records};
use crate::input::normalize_header;
use std::borrow::Cow;
use std::collections::HashMap;

/// Reads the header row of a CSV ballot file (trimmed names); an empty file is an error.
pub(crate) fn read_header<'a>(records: &mut Records<'a>, name: &str) -> Result<Vec<String>> {
    let mut fields = Vec::new();
    match records.next(&mut fields)? {
        Some(_) if fields.len() > crate::limits::MAX_COLUMNS => Err(Error::input(format!(
            "{} columns, expected at most {} (docs/reliability.md)",
            fields.len(),
            crate::limits::MAX_COLUMNS
        ))
        .file(name)
        .line(1)),
        Some(_) => Ok(fields.iter().map(|f| f.trim().to_string()).collect()),
        None => Err(Error::input("empty file, expected a header row").file(name)),
    }
}

/// The id column of a file that has none (a record publishing no ballot ids): each ballot
/// is named by its line.
pub(crate) const NO_ID_COLUMN: usize = usize::MAX;

/// The name of the ballot on `line` of a file without ids: the line number, zero-padded so
/// that the names sort in file order.
pub(crate) fn line_name(line: u64) -> String {
    format!("{line:012}")
}

/// Accepted header names of the ballot id column of a CSV ballot file (`票号`, the number
/// printed on a Chinese paper ballot, is the same column).
pub const BALLOT_ID_HEADERS: &[&str] = &["ballot_id", "票号"];

/// Whether a header names the ballot id column (compared normalised).
pub fn is_id_header(header: &str) -> bool {
    let h = normalize_header(header);
    BALLOT_ID_HEADERS.contains(&h.as_str())
}

/// The `ballot_id` column of a header (names compared normalised, `票号` accepted); an error
/// on line 1 when there is none.
pub(crate) fn id_column(header: &[String], name: &str) -> Result<usize> {
    header.iter().position(|h| is_id_header(h)).ok_or_else(|| {
        Error::input(format!(
            "missing column, expected a header named 'ballot_id' or '票号' (found: {})",
            crate::error::bounded_list(header)
        ))
        .file(name)
        .line(1)
        .field("ballot_id")
    })
}

/// The header column of each candidate: the one named exactly as the candidate (trimmed),
/// else the one named so ignoring case that no candidate names exactly; an error on line 1
/// for a candidate with no such column or with two.
pub(crate) fn candidate_columns(
    header: &[String],
    id_col: usize,
    candidates: &[String],
    name: &str,
) -> Result<Vec<usize>> {
    let written: Vec<&str> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}'))
        .collect();
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    // The columns under each written and each normalized name (the id column aside).
    let mut by_written: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_normalized: HashMap<&str, Vec<usize>> = HashMap::new();
    for i in (0..header.len()).filter(|&i| i != id_col) {
        by_written.entry(written[i]).or_default().push(i);
        by_normalized
            .entry(normalized[i].as_str())
            .or_default()
            .push(i);
    }
    // Columns some candidate names exactly are that candidate's alone.
    let exact_names: std::collections::HashSet<&str> =
        candidates.iter().map(|c| c.trim()).collect();
    let mut columns = Vec::with_capacity(candidates.len());
    for c in candidates {
        let mut cols: Vec<usize> = by_written.get(c.trim()).cloned().unwrap_or_default();
        if cols.is_empty() {
            let wanted = normalize_header(c);
            cols = by_normalized
                .get(wanted.as_str())
                .map(|found| {
                    found
                        .iter()
                        .copied()
                        .filter(|&i| !exact_names.contains(written[i]))
                        .collect()
                })
                .unwrap_or_default();
        }
        match cols.as_slice() {
            [col] => columns.push(*col),
            [] => {
                return Err(Error::input(format!(
                    "missing column for candidate '{c}', expected one column per candidate \
                     (found: {})",
                    crate::error::bounded_list(header)
                ))
                .file(name)
                .line(1)
                .field(c.as_str()))
            }
            _ => {
                return Err(Error::input(format!("two columns for candidate '{c}'"))
                    .file(name)
                    .line(1)
                    .field(c.as_str()))
            }
        }
    }
    Ok(columns)
}

/// Fails on the first header column that is none of `known` (the id, the candidates, write-in
/// columns): its cells would otherwise go uncounted without a word. `expected` says what the
/// header should hold.
pub(crate) fn check_no_stray_columns(
    header: &[String],
    known: impl Fn(usize) -> bool,
    name: &str,
    expected: &str,
) -> Result<()> {
    match (0..header.len()).find(|&i| !known(i)) {
        None => Ok(()),
        Some(i) => {
            let column = header[i].trim();
            let what = if column.is_empty() {
                format!("column {} has no name", i + 1)
            } else {
                format!("column '{column}' is not a candidate of the election")
            };
            Err(Error::input(format!(
                "{what}, expected {expected}; remove the column, or name the candidate in the \
                 election file"
            ))
            .file(name)
            .line(1)
            .field(column))
        }
    }
}

/// Checks one record's field count against the header.
#[inline]
pub(crate) fn check_width(fields: &[Cow<str>], width: usize, name: &str, line: u64) -> Result<()> {
    if fields.len() != width {
        return Err(width_error(fields.len(), width, name, line));
    }
    Ok(())
}

/// The error for a record with the wrong number of fields.
#[cold]
pub(crate) fn width_error(found: usize, width: usize, name: &str, line: u64) -> Error {
    Error::input(format!(
        "found {found} fields, expected {width} (one per header column)"
    ))
    .file(name)
    .line(line)
}

/// Calls `cell(column, text)` for every cell of one record (the quote-free raw line when the
/// reader has it, else the parsed fields), checks the field count against the header, and
/// returns the trimmed `ballot_id` cell.
#[inline]
#[allow(clippy::too_many_arguments)]
pub(crate) fn visit_record<'a>(
    raw: Option<&'a str>,
    fields: &[Cow<'a, str>],
    id_col: usize,
    width: usize,
    name: &str,
    line: u64,
    mut cell: impl FnMut(usize, &str) -> Result<()>,
) -> Result<Cow<'a, str>> {
    match raw {
        Some(text) => {
            let mut id = "";
            let n = for_each_cell(text, |col, t| {
                if col == id_col {
                    id = t.trim();
                }
                cell(col, t)
            })?;
            if n != width {
                return Err(width_error(n, width, name, line));
            }
            Ok(Cow::Borrowed(id))
        }
        None => {
            check_width(fields, width, name, line)?;
            for (col, f) in fields.iter().enumerate() {
                cell(col, f)?;
            }
            Ok(fields.get(id_col).map(trimmed).unwrap_or_default())
        }
    }
}
