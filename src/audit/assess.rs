//! Weighing the auditors' readings of the drawn papers against the assertions: whether the
//! risk limit is met, or how many more papers to draw, or that only a full hand count can
//! confirm the outcome (docs/paper-ballots.md §8.4).
//!
//! - `met`: every assertion has `T ≥ 1/α`;
//! - otherwise the papers still needed are the largest [`Assertion::additional`] over the
//!   assertions not yet met; `escalate` to draw them, unless the draws so far plus those reach
//!   the number of papers, or some assertion's reported margin is not positive: then
//!   `full-hand-count` (Arlo's rule; escalation is not optional).

use super::bravo::{ratio_f64, Assertion};
use super::contest::{Contest, Side};
use super::manifest::Manifest;
use crate::error::{Error, Result};
use crate::exact::Ratio;
use crate::input::{Source, Table};
use crate::paper::rows::read_marks_rows;
use crate::paper::votes::{PaperReader, PaperVote};
use serde::Serialize;

/// The audit's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every assertion is confirmed at the risk limit.
    Met,
    /// Draw `additional_ballots` more papers.
    Escalate,
    /// Only a full hand count can confirm (or correct) the outcome.
    FullHandCount,
}

impl Status {
    /// The name printed and written.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Escalate => "escalate",
            Status::FullHandCount => "full-hand-count",
        }
    }
}

/// One assertion's state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssertionReport {
    /// What it asserts.
    pub assertion: String,
    /// Its null share, as a fraction (`"1/2"`).
    pub null_share: String,
    /// Reported papers for it.
    pub reported_support: u64,
    /// Reported papers against it.
    pub reported_against: u64,
    /// The reported share θ used as the alternative (`null` when the margin is not positive).
    pub reported_share: Option<String>,
    /// Drawn papers for it.
    pub drawn_support: u64,
    /// Drawn papers against it.
    pub drawn_against: u64,
    /// The measured risk `min(1, 1/T)`, rounded half up to 6 decimals (exactly).
    pub risk: String,
    /// Whether the risk is at most the limit (decided exactly).
    pub met: bool,
}

/// What the audit concludes after some draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// `met`, `escalate` or `full-hand-count`.
    pub status: Status,
    /// The risk limit, as written.
    pub risk_limit: String,
    /// Papers in the manifest.
    pub papers: u64,
    /// Draws so far.
    pub drawn: u64,
    /// Further draws needed (0 when met; the rest of the papers for a full hand count).
    pub additional_ballots: u64,
    /// Every assertion.
    pub assertions: Vec<AssertionReport>,
}

/// Evaluates `assertions`, each with its drawn `(support, against)` counts, after `drawn`
/// draws from `papers` papers at risk limit `alpha`.
pub fn evaluate(
    assertions: &[(&Assertion, (u64, u64))],
    alpha: Ratio,
    papers: u64,
    drawn: u64,
) -> Outcome {
    let mut reports = Vec::new();
    let mut additional = 0u64;
    let mut hand_count = false;
    for (a, (n_u, n_z)) in assertions {
        let theta = a.theta();
        let (risk, met) = match theta {
            Some(th) => (a.risk_decimal(th, *n_u, *n_z), a.met(th, *n_u, *n_z, alpha)),
            None => ("1.000000".to_string(), false),
        };
        if !met {
            match theta {
                Some(th) => {
                    additional = additional.max(a.additional(th, *n_u, *n_z, alpha, papers))
                }
                None => hand_count = true,
            }
        }
        reports.push(AssertionReport {
            assertion: a.name.clone(),
            null_share: a.t.to_fraction_string(),
            reported_support: a.reported_u,
            reported_against: a.reported_z,
            reported_share: theta.map(|t| t.reduced().to_fraction_string()),
            drawn_support: *n_u,
            drawn_against: *n_z,
            risk,
            met,
        });
    }
    let all_met = reports.iter().all(|r| r.met);
    let status = if all_met {
        Status::Met
    } else if hand_count || drawn + additional >= papers {
        Status::FullHandCount
    } else {
        Status::Escalate
    };
    Outcome {
        status,
        risk_limit: alpha.to_decimal(4),
        papers,
        drawn,
        additional_ballots: match status {
            Status::Met => 0,
            Status::Escalate => additional,
            Status::FullHandCount => papers.saturating_sub(drawn),
        },
        assertions: reports,
    }
}

/// The first round: no draws yet.
pub fn first_round(contest: &Contest, alpha: Ratio, papers: u64) -> Outcome {
    let list: Vec<(&Assertion, (u64, u64))> = contest
        .assertions
        .iter()
        .map(|(a, _)| (a, (0, 0)))
        .collect();
    evaluate(&list, alpha, papers, 0)
}

/// One drawn paper as the auditors read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Its box.
    pub ballot_box: String,
    /// Its position in the box.
    pub position: u64,
    /// What it says; `None` when it was not found.
    pub vote: Option<PaperVote>,
}

/// The `box,position` rows of a sample file, each with its line.
pub fn read_sample(source: &Source, manifest: &Manifest) -> Result<Vec<(u64, String, u64)>> {
    let mut table = Table::new(source)?;
    let b = table.require(&["box"])?;
    let p = table.require(&["position"])?;
    let mut rows = Vec::new();
    for record in table.records() {
        let (line, record) = record?;
        let name = record.get(b).unwrap_or("").trim().to_string();
        let position =
            crate::input::parse_count(record.get(p).unwrap_or(""), &source.name, line, "position")?;
        if !manifest.holds(&name, position) {
            return Err(
                Error::input(format!("paper {name}/{position} is not in the manifest"))
                    .file(&source.name)
                    .line(line)
                    .field("position"),
            );
        }
        rows.push((line, name, position));
    }
    Ok(rows)
}

/// Reads one round: the sample's rows and the auditors' `paper` rows (the same `box,position`
/// in the same order, then the marks; an optional `found` column, `no` for a paper not
/// found). A paper drawn twice must be read the same way both times.
pub fn read_round(
    contest: &Contest,
    manifest: &Manifest,
    sample: &Source,
    paper: &Source,
) -> Result<Vec<Reading>> {
    let drawn = read_sample(sample, manifest)?;
    let has_found = Table::new(paper)?.find(&["found"]).is_some();
    let keys: &[&str] = if has_found {
        &["box", "position", "found"]
    } else {
        &["box", "position"]
    };
    let rows = read_marks_rows(paper, &contest.election, keys)?;
    if rows.len() != drawn.len() {
        return Err(Error::input(format!(
            "{} papers read, but the sample {} draws {}; expected one row per draw, in order",
            rows.len(),
            sample.name,
            drawn.len()
        ))
        .file(&paper.name));
    }
    let reader = PaperReader::new(&contest.election)?;
    let mut readings: Vec<Reading> = Vec::with_capacity(rows.len());
    let mut seen: std::collections::HashMap<(String, u64), usize> = Default::default();
    for (i, (row, (sample_line, b, p))) in rows.iter().zip(&drawn).enumerate() {
        let err = |m: String, field: &str| {
            Error::input(m)
                .file(&paper.name)
                .line(row.line)
                .field(field)
        };
        if row.key[0] != *b || row.key[1] != p.to_string() {
            return Err(err(
                format!(
                    "this row reads paper {}/{}, but draw {} ({}:{sample_line}) is {b}/{p}",
                    row.key[0],
                    row.key[1],
                    i + 1,
                    sample.name
                ),
                "box",
            ));
        }
        let found = match row.key.get(2).map(|s| s.to_lowercase()) {
            None => true,
            Some(f) if matches!(f.as_str(), "" | "yes" | "y" | "1" | "true" | "是") => true,
            Some(f) if matches!(f.as_str(), "no" | "n" | "0" | "false" | "否") => false,
            Some(f) => {
                return Err(err(
                    format!("{f:?} is not yes or no (was the paper found?)"),
                    "found",
                ))
            }
        };
        let vote = found.then(|| reader.read(&row.ballot));
        if let Some(&j) = seen.get(&(b.clone(), *p)) {
            if readings[j].vote != vote || (found && rows[j].ballot != row.ballot) {
                return Err(err(
                    format!(
                        "paper {b}/{p} was drawn again and read differently from line {}; \
                         a paper drawn twice is read once and copied",
                        rows[j].line
                    ),
                    "box",
                ));
            }
        } else {
            seen.insert((b.clone(), *p), readings.len());
        }
        readings.push(Reading {
            ballot_box: b.clone(),
            position: *p,
            vote,
        });
    }
    Ok(readings)
}

/// Evaluates every draw read so far.
pub fn assess(contest: &Contest, readings: &[Reading], alpha: Ratio, papers: u64) -> Outcome {
    let counts: Vec<(u64, u64)> = contest
        .assertions
        .iter()
        .map(|(_, bearing)| {
            readings.iter().fold((0, 0), |(u, z), r| {
                match contest.side(bearing, r.vote.as_ref()) {
                    Side::Support => (u + 1, z),
                    Side::Against => (u, z + 1),
                    Side::Neutral => (u, z),
                }
            })
        })
        .collect();
    let list: Vec<(&Assertion, (u64, u64))> = contest
        .assertions
        .iter()
        .map(|(a, _)| a)
        .zip(counts)
        .collect();
    evaluate(&list, alpha, papers, readings.len() as u64)
}

/// Reads `--risk-limit`: an exact decimal or fraction strictly between 0 and 1.
pub fn parse_risk_limit(text: &str) -> Result<Ratio> {
    let r = Ratio::parse(text).map_err(|_| {
        Error::usage(format!(
            "--risk-limit {text:?}: expected a number between 0 and 1 such as 0.05"
        ))
    })?;
    if r.num == 0 || r >= Ratio::integer(1) {
        return Err(Error::usage(format!(
            "--risk-limit {text}: expected a number strictly between 0 and 1 such as 0.05"
        )));
    }
    Ok(r.reduced())
}

impl Outcome {
    /// The outcome as a table for a terminal.
    pub fn render(&self) -> String {
        let mut rows = Vec::new();
        for a in &self.assertions {
            rows.push(vec![
                a.assertion.clone(),
                format!("{} : {}", a.reported_support, a.reported_against),
                format!("{} : {}", a.drawn_support, a.drawn_against),
                a.risk.clone(),
                if a.met { "yes" } else { "no" }.into(),
            ]);
        }
        use crate::table::Align::{Left, Right};
        let mut out = crate::table::render(
            &["assertion", "reported", "drawn", "risk", "met"],
            &rows,
            &[Left, Right, Right, Right, Left],
        );
        out.push_str(&format!(
            "status: {} (risk limit {}, {} of {} papers drawn{})\n",
            self.status.as_str(),
            self.risk_limit,
            self.drawn,
            self.papers,
            match self.status {
                Status::Met => String::new(),
                Status::Escalate => format!(", draw {} more", self.additional_ballots),
                Status::FullHandCount => ", count every paper by hand".to_string(),
            }
        ));
        out
    }

    /// The largest measured risk, as a float (for tests and simulations).
    pub fn max_risk(&self) -> f64 {
        self.assertions
            .iter()
            .map(|a| a.risk.parse::<f64>().unwrap_or(1.0))
            .fold(0.0, f64::max)
    }
}

/// The risk limit as a float.
pub fn alpha_f64(alpha: Ratio) -> f64 {
    ratio_f64(alpha)
}
