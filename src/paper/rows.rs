//! Marks rows keyed by something other than a unique `ballot_id`: a transcription whose ids
//! may repeat (`ballots check` reports that rather than stopping), and the auditors' readings
//! of drawn papers keyed by `box,position`. The rows are read by the one marks CSV reader
//! (`ballot::formats::marks`), so every cell means exactly what it means to `elect`.

use crate::ballot::canonical_ballots::push_field;
use crate::ballot::election::Election;
use crate::ballot::formats::{read_ballots, BallotFormat};
use crate::ballot::MarksBallot;
use crate::error::{Error, Result};
use crate::input::{Source, Table};

/// One row: where it is, the cells of its key columns (trimmed), and its marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarksRow {
    /// The row's first line in its file.
    pub line: u64,
    /// The key columns' cells, in the order asked for.
    pub key: Vec<String>,
    /// One mark per candidate (the election's order) and the write-ins.
    pub ballot: MarksBallot,
}

/// Reads `source` as a marks CSV whose columns `keys` (header names, matched as the marks
/// reader matches them) are taken out and returned beside each row; every other column is
/// read by the marks reader. Errors name the file's own lines.
pub fn read_marks_rows(
    source: &Source,
    election: &Election,
    keys: &[&str],
) -> Result<Vec<MarksRow>> {
    let mut table = Table::new(source)?;
    let key_index: Vec<usize> = keys
        .iter()
        .map(|k| table.require(&[k]))
        .collect::<Result<_>>()?;
    let mut text = String::from("ballot_id");
    for (i, h) in table.headers.iter().enumerate() {
        if !key_index.contains(&i) {
            text.push(',');
            push_field(&mut text, h);
        }
    }
    text.push('\n');
    // Where each rewritten record starts (physical line), and the original line it was.
    let mut starts: Vec<(u64, u64)> = Vec::new();
    let mut rows: Vec<MarksRow> = Vec::new();
    let mut physical = 2u64;
    for record in table.records() {
        let (line, record) = record?;
        let index = rows.len();
        starts.push((physical, line));
        let start = text.len();
        text.push_str(&format!("r{index:010}"));
        for (i, cell) in record.iter().enumerate() {
            if !key_index.contains(&i) {
                text.push(',');
                push_field(&mut text, cell);
            }
        }
        text.push('\n');
        physical += text[start..].matches('\n').count() as u64;
        rows.push(MarksRow {
            line,
            key: key_index
                .iter()
                .map(|&i| record.get(i).unwrap_or("").trim().to_string())
                .collect(),
            ballot: MarksBallot {
                marks: Vec::new(),
                write_ins: Vec::new(),
            },
        });
    }
    let rewritten = Source::from_text(source.name.clone(), text);
    let ballots = read_ballots(&rewritten, BallotFormat::Marks, election)
        .map_err(|e| original_line(e, &starts))?;
    for i in 0..ballots.roll.len() {
        let id = ballots.roll.id(i);
        let index: usize = id.as_str()[1..]
            .parse()
            .map_err(|_| Error::input("internal: a row lost its index"))?;
        if let Some(b) = ballots.marks_of(i) {
            rows[index].ballot = b.to_ballot();
        }
    }
    Ok(rows)
}

/// An error of the rewritten text at the line of the original file it came from.
fn original_line(mut e: Error, starts: &[(u64, u64)]) -> Error {
    if let Some(line) = e.line {
        if line >= 2 {
            let k = starts.partition_point(|&(p, _)| p <= line);
            if k > 0 {
                let (p, original) = starts[k - 1];
                e.line = Some(original + (line - p));
            }
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::Mark;

    fn election() -> Election {
        Election::from_bytes(
            "e.toml",
            b"id = \"e\"\nmethod = \"approval\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n".to_vec(),
        )
        .unwrap()
    }

    #[test]
    fn rows_keep_their_keys_and_lines_even_when_keys_repeat() {
        let src = Source::from_text("p.csv", "box,position,B,A\n1,4,○,\n1,4,,yes\n\"2\",7,x,?\n");
        let rows = read_marks_rows(&src, &election(), &["box", "position"]).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            (rows[0].line, rows[0].key.clone()),
            (2, vec!["1".into(), "4".into()])
        );
        assert_eq!(rows[0].ballot.marks, vec![Mark::Abstain, Mark::Yes]);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].ballot.marks, vec![Mark::Yes, Mark::Abstain]);
        assert_eq!(rows[2].ballot.marks, vec![Mark::Illegible, Mark::No]);
    }

    #[test]
    fn errors_name_the_original_line() {
        let src = Source::from_text("p.csv", "ballot_id,A,B\nx,○,\nx,\"a\nb\",\n");
        let e = read_marks_rows(&src, &election(), &["ballot_id"]).unwrap_err();
        assert_eq!((e.file.as_deref(), e.line), (Some("p.csv"), Some(3)), "{e}");
        let src = Source::from_text("p.csv", "box,A,B\n1,○,\n");
        let e = read_marks_rows(&src, &election(), &["box", "position"]).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("position"), "{e}");
    }
}
