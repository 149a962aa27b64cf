//! Transcribing paper ballots: the marks-CSV header clerks fill in (`ballots template`), the
//! check of a transcription against the trackers handed out (`ballots check`), and the
//! comparison of two independent transcriptions (`ballots diff`).

use super::print::{printed_order, write_in_lines, Order};
use super::rows::read_marks_rows;
use super::tracker::{Tracker, TrackerProblem};
use super::votes::{PaperReader, PaperVote};
use crate::ballot::canonical_ballots::push_field;
use crate::ballot::election::Election;
use crate::error::Result;
use crate::input::{Source, Table};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The marks-CSV header for data entry: `ballot_id`, the candidates in `order`, and one
/// write-in column per write-in line on the paper.
pub fn template(election: &Election, order: Order) -> Result<String> {
    let mut out = String::from("ballot_id");
    for name in printed_order(election, order)? {
        out.push(',');
        push_field(&mut out, &name);
    }
    for i in 1..=write_in_lines(election) {
        out.push_str(&if i == 1 {
            ",write_in".to_string()
        } else {
            format!(",write_in_{i}")
        });
    }
    out.push('\n');
    Ok(out)
}

/// A problem with one tracker of a transcription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackerFinding {
    /// `not-issued`, `missing`, `duplicated`, `wrong-check-character` or `malformed`.
    pub kind: &'static str,
    /// The file the line is in.
    pub file: String,
    /// The line.
    pub line: u64,
    /// The tracker as written there.
    pub ballot_id: String,
    /// What is wrong.
    pub detail: String,
}

/// A paper the rules make void, or part of one (information, not an error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoidNote {
    /// The transcription.
    pub file: String,
    /// The line.
    pub line: u64,
    /// The tracker as written there.
    pub ballot_id: String,
    /// `overvote`, `illegible`, …, or `write-in <reason>` / `illegible line <name>` for a part.
    pub reason: String,
}

/// What `ballots check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Lines in the transcription.
    pub papers: usize,
    /// Trackers on the issued list.
    pub issued: usize,
    /// Every tracker problem: exit 1 when there is any.
    pub problems: Vec<TrackerFinding>,
    /// Papers (and parts of papers) the rules make void.
    pub void: Vec<VoidNote>,
}

/// The trackers of the issued list (a CSV with a `ballot_id` column), each with its line;
/// malformed and repeated entries are findings.
fn read_issued(
    source: &Source,
    findings: &mut Vec<TrackerFinding>,
) -> Result<BTreeMap<Tracker, u64>> {
    let mut table = Table::new(source)?;
    let col = table.require(&["ballot_id"])?;
    let mut issued: BTreeMap<Tracker, u64> = BTreeMap::new();
    for record in table.records() {
        let (line, record) = record?;
        let text = record.get(col).unwrap_or("").trim().to_string();
        let finding = |kind, detail: String| TrackerFinding {
            kind,
            file: source.name.clone(),
            line,
            ballot_id: text.clone(),
            detail,
        };
        match Tracker::parse(&text) {
            Err(p) => findings.push(finding(problem_kind(p), format!("issued list: {p}"))),
            Ok(t) => {
                if let Some(&first) = issued.get(&t) {
                    findings.push(finding(
                        "duplicated",
                        format!("issued list: also on line {first}"),
                    ));
                } else {
                    issued.insert(t, line);
                }
            }
        }
    }
    Ok(issued)
}

/// The finding's kind for a text that is not a tracker.
fn problem_kind(problem: TrackerProblem) -> &'static str {
    match problem {
        TrackerProblem::CheckCharacter => "wrong-check-character",
        TrackerProblem::Length(_) | TrackerProblem::Symbol(_) => "malformed",
    }
}

/// Checks a transcription `ballots` of `election` against the `issued` trackers.
pub fn check(election: &Election, ballots: &Source, issued: &Source) -> Result<CheckReport> {
    let reader = PaperReader::new(election)?;
    let rows = read_marks_rows(ballots, election, &["ballot_id"])?;
    let mut problems = Vec::new();
    let issued_list = read_issued(issued, &mut problems)?;
    let mut seen: HashMap<Tracker, u64> = HashMap::new();
    let mut void = Vec::new();
    for row in &rows {
        let written = &row.key[0];
        let finding = |kind, detail: String| TrackerFinding {
            kind,
            file: ballots.name.clone(),
            line: row.line,
            ballot_id: written.clone(),
            detail,
        };
        match Tracker::parse(written) {
            Err(p) => problems.push(finding(problem_kind(p), p.to_string())),
            Ok(t) => {
                if let Some(&first) = seen.get(&t) {
                    problems.push(finding("duplicated", format!("also on line {first}")));
                } else if !issued_list.contains_key(&t) {
                    problems.push(finding(
                        "not-issued",
                        format!("{t} is not on the issued list {}", issued.name),
                    ));
                }
                seen.entry(t).or_insert(row.line);
            }
        }
        let note = |reason: String| VoidNote {
            file: ballots.name.clone(),
            line: row.line,
            ballot_id: written.clone(),
            reason,
        };
        match reader.read(&row.ballot) {
            PaperVote::Void(reason) => void.push(note(reason)),
            PaperVote::Counted {
                void_write_ins,
                illegible,
                ..
            } => {
                void.extend(
                    illegible
                        .iter()
                        .map(|n| note(format!("illegible line {n}"))),
                );
                void.extend(void_write_ins.iter().map(|r| note(format!("write-in {r}"))));
            }
        }
    }
    let mut by_line: Vec<(&Tracker, &u64)> = issued_list.iter().collect();
    by_line.sort_by_key(|&(_, line)| *line);
    for (t, &line) in by_line {
        if !seen.contains_key(t) {
            problems.push(TrackerFinding {
                kind: "missing",
                file: issued.name.clone(),
                line,
                ballot_id: t.to_string(),
                detail: format!("issued but not in {}", ballots.name),
            });
        }
    }
    Ok(CheckReport {
        papers: rows.len(),
        issued: issued_list.len(),
        problems,
        void,
    })
}

impl CheckReport {
    /// One line per problem, then the void papers, then a summary.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for p in &self.problems {
            out.push_str(&format!(
                "{}:{}: ballot_id: {}: {} ({})\n",
                p.file, p.line, p.kind, p.detail, p.ballot_id
            ));
        }
        if !self.void.is_empty() {
            out.push_str("void by the rules (information, not errors):\n");
            for v in &self.void {
                out.push_str(&format!(
                    "  {}:{}: {} ({})\n",
                    v.file, v.line, v.reason, v.ballot_id
                ));
            }
        }
        out.push_str(&format!(
            "summary: {} papers, {} issued: {}\n",
            self.papers,
            self.issued,
            match self.problems.len() {
                0 => "every tracker checks".to_string(),
                n => format!("{n} tracker problem(s)"),
            }
        ));
        out
    }
}

/// One difference between two transcriptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// `cell`, `only-in-a`, `only-in-b`, `column-only-in-a`, `column-only-in-b`, `duplicated`.
    pub kind: &'static str,
    /// The line in A (when the difference is there).
    pub line_a: Option<u64>,
    /// The line in B.
    pub line_b: Option<u64>,
    /// The tracker (`ballot_id`) of the line.
    pub ballot_id: String,
    /// The column (a cell or column difference).
    pub column: Option<String>,
    /// A's cell.
    pub a: Option<String>,
    /// B's cell.
    pub b: Option<String>,
}

/// The lines of one transcription: header and, by tracker, the line and its cells.
struct Transcription {
    headers: Vec<String>,
    normalized: Vec<String>,
    lines: BTreeMap<String, (u64, Vec<String>)>,
    repeats: Vec<(String, u64)>,
}

/// The key a line is matched by: the tracker in its printed form when it is one, else the
/// id as written (trimmed).
fn line_key(id: &str) -> String {
    Tracker::parse(id)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| id.trim().to_string())
}

fn read_transcription(source: &Source) -> Result<Transcription> {
    let mut table = Table::new(source)?;
    let col = table.require(&["ballot_id"])?;
    let headers = table.headers.clone();
    let normalized: Vec<String> = headers
        .iter()
        .map(|h| crate::input::normalize_header(h))
        .collect();
    let mut lines = BTreeMap::new();
    let mut repeats = Vec::new();
    for record in table.records() {
        let (line, record) = record?;
        let key = line_key(record.get(col).unwrap_or(""));
        let cells = record.iter().map(|c| c.trim().to_string()).collect();
        match lines.entry(key) {
            std::collections::btree_map::Entry::Occupied(e) => {
                repeats.push((e.key().clone(), line))
            }
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert((line, cells));
            }
        }
    }
    Ok(Transcription {
        headers,
        normalized,
        lines,
        repeats,
    })
}

/// Every difference between transcriptions `a` and `b` of the same papers: lines are matched
/// by tracker, columns by header name; cells are compared as typed (trimmed).
pub fn diff(a: &Source, b: &Source) -> Result<Vec<Difference>> {
    let (ta, tb) = (read_transcription(a)?, read_transcription(b)?);
    let mut out = Vec::new();
    let blank = |kind| Difference {
        kind,
        line_a: None,
        line_b: None,
        ballot_id: String::new(),
        column: None,
        a: None,
        b: None,
    };
    for (i, h) in ta.normalized.iter().enumerate() {
        if !tb.normalized.contains(h) {
            out.push(Difference {
                column: Some(ta.headers[i].clone()),
                ..blank("column-only-in-a")
            });
        }
    }
    for (i, h) in tb.normalized.iter().enumerate() {
        if !ta.normalized.contains(h) {
            out.push(Difference {
                column: Some(tb.headers[i].clone()),
                ..blank("column-only-in-b")
            });
        }
    }
    for (key, line) in &ta.repeats {
        out.push(Difference {
            line_a: Some(*line),
            ballot_id: key.clone(),
            ..blank("duplicated")
        });
    }
    for (key, line) in &tb.repeats {
        out.push(Difference {
            line_b: Some(*line),
            ballot_id: key.clone(),
            ..blank("duplicated")
        });
    }
    for (key, (la, cells_a)) in &ta.lines {
        let Some((lb, cells_b)) = tb.lines.get(key) else {
            out.push(Difference {
                line_a: Some(*la),
                ballot_id: key.clone(),
                ..blank("only-in-a")
            });
            continue;
        };
        for (i, h) in ta.normalized.iter().enumerate() {
            let Some(j) = tb.normalized.iter().position(|x| x == h) else {
                continue;
            };
            if h == "ballot_id" || cells_a.get(i) == cells_b.get(j) {
                continue;
            }
            out.push(Difference {
                line_a: Some(*la),
                line_b: Some(*lb),
                ballot_id: key.clone(),
                column: Some(ta.headers[i].clone()),
                a: cells_a.get(i).cloned(),
                b: cells_b.get(j).cloned(),
                ..blank("cell")
            });
        }
    }
    for (key, (lb, _)) in &tb.lines {
        if !ta.lines.contains_key(key) {
            out.push(Difference {
                line_b: Some(*lb),
                ballot_id: key.clone(),
                ..blank("only-in-b")
            });
        }
    }
    out.sort_by_key(|d| (d.line_a.or(d.line_b).unwrap_or(0), d.line_a.is_none()));
    Ok(out)
}

/// The differences one per line, naming the files and lines, then a summary.
pub fn render_diff(a: &str, b: &str, diffs: &[Difference]) -> String {
    let mut out = String::new();
    for d in diffs {
        let at = match (d.line_a, d.line_b) {
            (Some(x), Some(y)) => format!("{a}:{x} / {b}:{y}"),
            (Some(x), None) => format!("{a}:{x}"),
            (None, Some(y)) => format!("{b}:{y}"),
            (None, None) => String::new(),
        };
        let text = match d.kind {
            "cell" => format!(
                "{at}: {}: {}: {:?} ≠ {:?}",
                d.ballot_id,
                d.column.as_deref().unwrap_or(""),
                d.a.as_deref().unwrap_or(""),
                d.b.as_deref().unwrap_or("")
            ),
            "only-in-a" => format!("{at}: {}: only in {a}", d.ballot_id),
            "only-in-b" => format!("{at}: {}: only in {b}", d.ballot_id),
            "duplicated" => format!("{at}: {}: ballot_id repeated in the same file", d.ballot_id),
            "column-only-in-a" => {
                format!("column {:?} only in {a}", d.column.as_deref().unwrap_or(""))
            }
            _ => format!("column {:?} only in {b}", d.column.as_deref().unwrap_or("")),
        };
        out.push_str(&text);
        out.push('\n');
    }
    out.push_str(&match diffs.len() {
        0 => "summary: identical\n".to_string(),
        n => format!("summary: {n} difference(s)\n"),
    });
    out
}
