//! The marks CSV reader (majority-approval, recall, approval, block, plurality).
//!
//! Header: `ballot_id`, one column per candidate (the election's names), optional write-in
//! columns (`write_in`, `write_in_2`, … or `另选他人`); other columns are ignored. Cells (contract
//! §4): yes = `yes|y|1|赞成|○|√`; no = `no|n|0|反对|×|x`; abstain = empty or `abstain|弃权`;
//! `?` = illegible. Latin tokens are matched case-insensitively after trimming. Anything else
//! is an input error naming file, line and column.

use super::{
    read_csv_body, read_header, visit_record, Distinct, Gather, RecordReader, Records,
    PARALLEL_BODY_BYTES,
};
use crate::ballot::{BallotBox, Mark, MarksBallot, MarksProfile};
use crate::error::{Error, Result};
use crate::input::{normalize_header, Source};
use std::borrow::Cow;

/// Parses one marks cell.
#[inline]
pub fn parse_mark(cell: &str) -> Option<Mark> {
    let t = cell.trim();
    match t.as_bytes() {
        [] => Some(Mark::Abstain),
        [b] => match b {
            b'1' | b'y' | b'Y' => Some(Mark::Yes),
            b'0' | b'n' | b'N' | b'x' | b'X' => Some(Mark::No),
            b'?' => Some(Mark::Illegible),
            _ => None,
        },
        _ => match t {
            "○" | "√" | "赞成" | "◯" | "✓" => Some(Mark::Yes),
            "×" | "反对" | "✗" => Some(Mark::No),
            "弃权" => Some(Mark::Abstain),
            "？" => Some(Mark::Illegible),
            _ if t.eq_ignore_ascii_case("yes") => Some(Mark::Yes),
            _ if t.eq_ignore_ascii_case("no") => Some(Mark::No),
            _ if t.eq_ignore_ascii_case("abstain") => Some(Mark::Abstain),
            _ => None,
        },
    }
}

/// The marks as they are usually written (untrimmed, exact bytes), without the general
/// parser's trimming and case folding; `None` for anything else (then [`parse_mark`] decides).
#[inline]
fn common_mark(cell: &[u8]) -> Option<Mark> {
    const YES: [&[u8]; 3] = ["○".as_bytes(), "√".as_bytes(), "赞成".as_bytes()];
    const NO: [&[u8]; 2] = ["×".as_bytes(), "反对".as_bytes()];
    match cell {
        [] => Some(Mark::Abstain),
        b"yes" | b"1" | b"y" => Some(Mark::Yes),
        b"no" | b"0" | b"n" | b"x" => Some(Mark::No),
        b"?" => Some(Mark::Illegible),
        _ if YES.contains(&cell) => Some(Mark::Yes),
        _ if NO.contains(&cell) => Some(Mark::No),
        _ if cell == "弃权".as_bytes() => Some(Mark::Abstain),
        _ => None,
    }
}

/// An exact 128-bit key for a ballot of at most 63 candidates without write-ins: two bits
/// per mark, and a marker bit above the last mark.
#[inline]
fn pack_marks(ballot: &MarksBallot) -> Option<u128> {
    if ballot.marks.len() > 63 || !ballot.write_ins.is_empty() {
        return None;
    }
    let mut key: u128 = 1 << (2 * ballot.marks.len());
    for (k, m) in ballot.marks.iter().enumerate() {
        let bits = match m {
            Mark::Yes => 0,
            Mark::No => 1,
            Mark::Abstain => 2,
            Mark::Illegible => 3,
        };
        key |= bits << (2 * k);
    }
    Some(key)
}

/// The ballot a key from [`pack_marks`] stands for.
fn unpack_marks(key: u128) -> MarksBallot {
    // The marker bit sits just above the last mark.
    let len = (127 - key.leading_zeros().min(127)) as usize / 2;
    MarksBallot {
        marks: (0..len)
            .map(|k| match (key >> (2 * k)) & 3 {
                0 => Mark::Yes,
                1 => Mark::No,
                2 => Mark::Abstain,
                _ => Mark::Illegible,
            })
            .collect(),
        write_ins: Vec::new(),
    }
}

/// Whether a header names a write-in column (`write_in`, `write_in_2`, `write-in 3`, `另选他人`).
pub fn is_write_in_header(header: &str) -> bool {
    let h = normalize_header(header);
    let rest = h
        .strip_prefix("write_in")
        .or_else(|| h.strip_prefix("write-in"))
        .or_else(|| h.strip_prefix("writein"))
        .or_else(|| h.strip_prefix("另选他人"));
    match rest {
        Some(r) => r
            .trim_start_matches(['_', ' ', '-'])
            .bytes()
            .all(|b| b.is_ascii_digit()),
        None => false,
    }
}

/// Reads a marks CSV for the election's `candidates`.
pub fn read(source: &Source, candidates: &[String]) -> Result<BallotBox> {
    read_split(
        source,
        candidates,
        crate::parallel::split_from(PARALLEL_BODY_BYTES),
    )
}

/// [`read`], reading bodies of at least `split_from` bytes in two halves.
fn read_split(source: &Source, candidates: &[String], split_from: usize) -> Result<BallotBox> {
    let name = source.name.as_str();
    let mut records = Records::new(source);
    let header = read_header(&mut records, name)?;
    let width = header.len();
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();

    let id_col = normalized
        .iter()
        .position(|h| h == "ballot_id")
        .ok_or_else(|| {
            Error::input(format!(
                "missing column, expected a header named 'ballot_id' (found: {})",
                header.join(", ")
            ))
            .file(name)
            .line(1)
            .field("ballot_id")
        })?;
    let mut candidate_cols = Vec::with_capacity(candidates.len());
    for c in candidates {
        let wanted = normalize_header(c);
        let mut found = normalized
            .iter()
            .enumerate()
            .filter(|(_, h)| **h == wanted)
            .map(|(i, _)| i);
        let col = found.next().ok_or_else(|| {
            Error::input(format!(
                "missing column for candidate '{c}', expected one column per candidate (found: {})",
                header.join(", ")
            ))
            .file(name)
            .line(1)
            .field(c.as_str())
        })?;
        if found.next().is_some() {
            return Err(Error::input(format!("two columns for candidate '{c}'"))
                .file(name)
                .line(1)
                .field(c.as_str()));
        }
        candidate_cols.push(col);
    }
    let write_in_cols: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(i, h)| !candidate_cols.contains(i) && *i != id_col && is_write_in_header(h))
        .map(|(i, _)| i)
        .collect();

    let mut role = vec![Role::Ignore; width];
    for (k, &col) in candidate_cols.iter().enumerate() {
        role[col] = Role::Candidate(k);
    }
    for &col in &write_in_cols {
        role[col] = Role::WriteIn;
    }
    let reader = MarksReader {
        name,
        candidates,
        role,
        id_col,
        width,
    };
    let (ballots, roll) = read_csv_body(&reader, records, split_from)?;
    Ok(BallotBox {
        candidates: candidates.to_vec(),
        seats: None,
        title: None,
        ranked: Default::default(),
        marks: MarksProfile {
            candidates: candidates.to_vec(),
            ballots,
        },
        roll,
    })
}

/// What a marks-file column holds.
#[derive(Clone, Copy)]
enum Role {
    Ignore,
    Candidate(usize),
    WriteIn,
}

/// How one marks record is read.
struct MarksReader<'n> {
    name: &'n str,
    candidates: &'n [String],
    role: Vec<Role>,
    id_col: usize,
    width: usize,
}

impl RecordReader for MarksReader<'_> {
    type Content = MarksBallot;

    fn empty(&self) -> MarksBallot {
        MarksBallot {
            marks: Vec::with_capacity(self.candidates.len()),
            write_ins: Vec::new(),
        }
    }

    #[inline]
    fn parse<'a>(
        &self,
        raw: Option<&'a str>,
        fields: &[Cow<'a, str>],
        line: u64,
        ballot: &mut MarksBallot,
    ) -> Result<Cow<'a, str>> {
        ballot.marks.clear();
        ballot.marks.resize(self.candidates.len(), Mark::Abstain);
        ballot.write_ins.clear();
        let cell = |col: usize, text: &str| -> Result<()> {
            match self.role.get(col) {
                Some(Role::Candidate(k)) => {
                    ballot.marks[*k] = common_mark(text.as_bytes())
                        .or_else(|| parse_mark(text))
                        .ok_or_else(|| {
                            Error::input(format!(
                            "'{}' is not a mark, expected yes (yes, y, 1, 赞成, ○, √), no (no, n, \
                             0, 反对, ×, x), abstain (empty, abstain, 弃权) or ? (illegible)",
                            text.trim()
                        ))
                            .file(self.name)
                            .line(line)
                            .field(self.candidates[*k].as_str())
                        })?;
                }
                Some(Role::WriteIn) => {
                    let t = text.trim();
                    if !t.is_empty() {
                        ballot.write_ins.push(t.to_string());
                    }
                }
                _ => {}
            }
            Ok(())
        };
        visit_record(raw, fields, self.id_col, self.width, self.name, line, cell)
    }

    #[inline]
    fn pack(ballot: &MarksBallot) -> Option<u128> {
        pack_marks(ballot)
    }

    type Gathered = Vec<(MarksBallot, u64)>;
}

impl Gather<MarksBallot> for Vec<(MarksBallot, u64)> {
    fn gather(&mut self, ballot: Distinct<MarksBallot>, weight: u64) {
        self.push(match ballot {
            Distinct::Packed(key) => (unpack_marks(key), weight),
            Distinct::Full(ballot) => (ballot, weight),
        });
    }

    fn append(&mut self, mut later: Self) {
        Vec::append(self, &mut later);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_halves_read_the_same_as_one_pass() {
        let cands = names(&["王芳", "李强", "张伟"]);
        let mut text = String::from("ballot_id,王芳,李强,张伟,write_in\n");
        let cells = [
            "○,×,,",
            "赞成,反对,弃权,",
            ",?,yes,",
            "no,no,,陈静",
            "y,n,1,",
        ];
        for i in 0..20_000u64 {
            let id = (i * 7919) % 1_000_003;
            text.push_str(&format!("m{id},{}\n", cells[(i % 5) as usize]));
        }
        let src = Source::from_text("m.csv", text);
        let whole = read_split(&src, &cands, usize::MAX).unwrap();
        let halves = read_split(&src, &cands, 0).unwrap();
        assert_eq!(whole, halves);
        assert_eq!(halves.marks.total_weight(), 20_000);
        // "○,×," and "赞成,反对,弃权" are the same ballot.
        assert_eq!(halves.marks.ballots.len(), 4);
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_contract_token() {
        for t in ["yes", "YES", "y", "1", "赞成", "○", "√", " Yes "] {
            assert_eq!(parse_mark(t), Some(Mark::Yes), "{t}");
        }
        for t in ["no", "n", "0", "反对", "×", "x", "X"] {
            assert_eq!(parse_mark(t), Some(Mark::No), "{t}");
        }
        for t in ["", "  ", "abstain", "弃权"] {
            assert_eq!(parse_mark(t), Some(Mark::Abstain), "{t}");
        }
        assert_eq!(parse_mark("?"), Some(Mark::Illegible));
        for t in ["maybe", "2", "yes!", "o"] {
            assert_eq!(parse_mark(t), None, "{t}");
        }
    }

    #[test]
    fn reads_and_aggregates() {
        let src = Source::from_text(
            "b.csv",
            "ballot_id,王芳,李强,write_in,station\nb1,○,×,,A\nb2,赞成,反对,,A\nb3,,?,张三,B\n",
        );
        let bx = read(&src, &names(&["王芳", "李强"])).unwrap();
        assert_eq!(bx.marks.ballots.len(), 2);
        assert_eq!(bx.marks.ballots[0].1, 2);
        assert_eq!(
            bx.marks.ballots[1].0.marks,
            vec![Mark::Abstain, Mark::Illegible]
        );
        assert_eq!(bx.marks.ballots[1].0.write_ins, vec!["张三".to_string()]);
        assert_eq!(bx.roll.len(), 3);
        assert_eq!((bx.roll.id(2).as_str(), bx.roll.content(2)), ("b3", 1));
        assert_eq!(bx.marks.total_weight(), 3);
    }

    #[test]
    fn common_marks_agree_with_the_general_parser() {
        for cell in [
            "", "yes", "1", "y", "no", "0", "n", "x", "?", "○", "√", "赞成", "×", "反对", "弃权",
        ] {
            assert_eq!(common_mark(cell.as_bytes()), parse_mark(cell), "{cell:?}");
            assert!(common_mark(cell.as_bytes()).is_some(), "{cell:?}");
        }
        // Anything else is left to the general parser.
        for cell in [" yes", "YES", "Y", "abstain", "◯", "maybe"] {
            assert_eq!(common_mark(cell.as_bytes()), None, "{cell:?}");
        }
    }

    #[test]
    fn packed_marks_unpack_to_themselves() {
        use Mark::*;
        for marks in [
            vec![],
            vec![Yes],
            vec![Illegible, No, Abstain, Yes],
            vec![No; 63],
        ] {
            let ballot = MarksBallot {
                marks,
                write_ins: Vec::new(),
            };
            assert_eq!(unpack_marks(pack_marks(&ballot).unwrap()), ballot);
        }
        let long = MarksBallot {
            marks: vec![Yes; 64],
            write_ins: Vec::new(),
        };
        assert_eq!(pack_marks(&long), None);
    }

    #[test]
    fn malformed_lines_name_file_line_and_column() {
        let cands = names(&["A", "B"]);
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B\n1,yes,no\n2,yes,maybe\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.line, e.field.as_deref()),
            (Some("m.csv"), Some(3), Some("B"))
        );
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B\n1,yes,no\n1,no,no\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("first on line 2"), "{e}");
        let e = read(&Source::from_text("m.csv", "ballot_id,A\n1,yes\n"), &cands).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("B")));
        let e = read(&Source::from_text("m.csv", "id,A,B\n1,yes,no\n"), &cands).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("ballot_id"));
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B\n1,yes\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = read(
            &Source::from_text("m.csv", "ballot_id,A,B\n,yes,no\n"),
            &cands,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = read(&Source::from_text("m.csv", ""), &cands).unwrap_err();
        assert_eq!(e.file.as_deref(), Some("m.csv"));
    }

    #[test]
    fn write_in_headers() {
        assert!(is_write_in_header("write_in"));
        assert!(is_write_in_header("Write_In_2"));
        assert!(is_write_in_header("write-in 3"));
        assert!(is_write_in_header("另选他人"));
        assert!(!is_write_in_header("write_ins_note"));
        assert!(!is_write_in_header("writer"));
    }

    /// Found by fuzzing (fuzz target `ballots`): a first half that ends inside a quoted
    /// field spanning lines reported its own "unterminated quoted field" instead of the
    /// error that one pass over the file gives.
    #[test]
    fn a_split_inside_a_quoted_field_gives_the_one_pass_error() {
        let cands = names(&["A", "B"]);
        let src = Source::from_text("m.csv", "ballot_id,A,B\n\"\n\"");
        let one_pass = read_split(&src, &cands, usize::MAX).unwrap_err();
        assert_eq!(read_split(&src, &cands, 0).unwrap_err(), one_pass);
        assert!(!one_pass.message.contains("unterminated"), "{one_pass:?}");
        // A valid file whose middle falls inside a quoted id was rejected.
        let src = Source::from_text("m.csv", "ballot_id,A,B\n\"abcdefgh\nij\",yes,\n");
        let one_pass = read_split(&src, &cands, usize::MAX).unwrap();
        assert_eq!(read_split(&src, &cands, 0).unwrap(), one_pass);
    }
}
