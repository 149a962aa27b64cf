//! The ballot manifest `BOXES.csv` (`box,ballots`): how many papers each box holds, in the
//! order the boxes are listed. A paper is found by its box and its 1-based position in it.

use crate::error::{Error, Result};
use crate::input::{parse_count, Source, Table};

/// The boxes and their papers, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// `(box, papers)` in file order.
    pub boxes: Vec<(String, u64)>,
}

/// Whether a box name can be written in the sampler's id string exactly as Python writes
/// `str((box, position))`: letters, digits, ASCII space, `-`, `_`, `.` and `#`.
pub fn box_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '#'))
}

impl Manifest {
    /// Reads a manifest; a repeated or unusable box name or a bad count names its line.
    pub fn read(source: &Source) -> Result<Manifest> {
        let mut table = Table::new(source)?;
        let name_col = table.require(&["box"])?;
        let count_col = table.require(&["ballots"])?;
        let mut boxes: Vec<(String, u64)> = Vec::new();
        let mut lines: Vec<u64> = Vec::new();
        for record in table.records() {
            let (line, record) = record?;
            let name = record.get(name_col).unwrap_or("").trim().to_string();
            let err = |m: String| Error::input(m).file(&source.name).line(line).field("box");
            if !box_name_ok(&name) {
                return Err(err(format!(
                    "box name {name:?} is not usable: expected letters, digits, spaces, '-', \
                     '_', '.' or '#' (the sample is redrawn from the names as written)"
                )));
            }
            if let Some(i) = boxes.iter().position(|(b, _)| *b == name) {
                return Err(err(format!("box {name} is also on line {}", lines[i])));
            }
            let papers = parse_count(
                record.get(count_col).unwrap_or(""),
                &source.name,
                line,
                "ballots",
            )?;
            boxes.push((name, papers));
            lines.push(line);
        }
        let manifest = Manifest { boxes };
        if manifest.papers() == 0 {
            return Err(Error::input("the manifest lists no papers").file(&source.name));
        }
        Ok(manifest)
    }

    /// Papers in all boxes.
    pub fn papers(&self) -> u64 {
        self.boxes.iter().map(|(_, n)| n).sum()
    }

    /// An input error unless the manifest (read from `name`) lists at least the `counted`
    /// papers of the record: a counted paper in no box could never be drawn.
    pub fn covers(&self, counted: u64, name: &str) -> Result<()> {
        if self.papers() < counted {
            return Err(Error::input(format!(
                "the manifest lists {} papers but the record counted {counted}: every counted \
                 paper must be in a box before the audit can find it",
                self.papers()
            ))
            .file(name)
            .field("ballots"));
        }
        Ok(())
    }

    /// Whether `box`/`position` names a paper of the manifest.
    pub fn holds(&self, ballot_box: &str, position: u64) -> bool {
        self.boxes
            .iter()
            .any(|(b, n)| b == ballot_box && (1..=*n).contains(&position))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_boxes_and_refuses_bad_names() {
        let m = Manifest::read(&Source::from_text(
            "b.csv",
            "box,ballots\n1,120\n一号箱,3\n",
        ))
        .unwrap();
        assert_eq!(m.papers(), 123);
        assert!(m.holds("一号箱", 3) && !m.holds("一号箱", 4) && !m.holds("2", 1));
        let e =
            Manifest::read(&Source::from_text("b.csv", "box,ballots\nO'Brien,1\n")).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("box")), "{e}");
        let e = Manifest::read(&Source::from_text("b.csv", "box,ballots\n1,2\n1,3\n")).unwrap_err();
        assert!(e.message.contains("also on line 2"), "{e}");
        let e = Manifest::read(&Source::from_text("b.csv", "box,ballots\n1,x\n")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("ballots"), "{e}");
    }
}
