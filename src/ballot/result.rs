//! The outcome of counting an election, in the JSON shape of the contract (§4).

use serde::Serialize;
use std::collections::BTreeMap;

/// The overall status of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every seat is filled.
    Complete,
    /// Attendance did not meet the quorum; nothing was counted.
    NoQuorum,
    /// More ballots were returned than issued; the round is void.
    VoidRound,
    /// A tie straddles the last seat; the tied candidates must be voted on again.
    RevoteRequired,
    /// Fewer candidates qualified than seats; a supplementary round (另行选举) is needed.
    SupplementaryRequired,
    /// Seats left unfilled by the rules (a tie under `tie_at_cutoff = "vacancy"`, …).
    Vacancy,
    /// The count ended early, after the round `stop_after_round` names.
    Stopped,
}

/// Ballot bookkeeping: returned, valid, and invalid by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BallotCounts {
    /// Ballots returned (counted from the ballot file).
    pub returned: u64,
    /// Valid ballots.
    pub valid: u64,
    /// Invalid ballots by reason (`overvote`, `empty`, …).
    pub invalid: BTreeMap<String, u64>,
}

/// One stage of a sequential count, as an official result sheet prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    /// Stage number, from 1.
    pub round: u32,
    /// `"first preferences"`, `"surplus of X"` or `"exclusion of X"` (or a method's own).
    pub action: String,
    /// Each continuing or elected candidate's total after this stage, as exact decimals,
    /// in candidate order.
    pub totals: serde_json::Map<String, serde_json::Value>,
    /// Votes no longer with any candidate, as an exact decimal.
    pub non_transferable: String,
    /// Candidates elected at this stage.
    pub elected: Vec<String>,
    /// Candidates excluded at this stage.
    pub excluded: Vec<String>,
    /// In a count under RCTab's keys: the threshold of this round, as an exact decimal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<String>,
    /// In a count under RCTab's keys: the ballots out of the count by why, as RCTab's
    /// detailed report lists them (`overvotes`, `skipped_rankings`, `exhausted_choices`,
    /// `repeated_rankings`; the first round's ones included), and the votes kept back
    /// (`residual_surplus`, `final_round_surplus`) where surpluses move.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inactive: Option<BTreeMap<String, String>>,
    /// In a count under RCTab's keys: where the votes that moved at this stage went, by the
    /// candidate they left (`exhausted`, `residual surplus` and `final round surplus` for
    /// votes that reached no candidate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfers: Option<BTreeMap<String, BTreeMap<String, String>>>,
    /// In a `sequential-irv` count: the seat (pass) this round belongs to; round numbers
    /// start again at 1 for each seat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seat: Option<u32>,
}

/// A tie the count met, and how it was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TieRecord {
    /// Where in the count the tie arose (e.g. `"exclusion in round 3"`, `"last seat"`).
    pub context: String,
    /// The tied candidates.
    pub candidates: Vec<String>,
    /// How it was settled: a rule of the method (`"earlier round"`), `"lot"`, or
    /// `"unresolved"`.
    pub resolved_by: String,
    /// The candidates in the order the settlement put them (winners / survivors first).
    pub order: Vec<String>,
    /// For a tie only a lot could settle: whether another resolution of it elects other
    /// candidates (`false`: it was settled by the candidate order, or a lot was drawn
    /// although it did not matter). Absent for ties a rule settled, and in counts under the
    /// rules of `congress-record/1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisive: Option<bool>,
}

/// One candidate's tally on yes/no/abstain ballots (majority-approval, recall).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CandidateTally {
    /// The candidate's name.
    pub name: String,
    /// 赞成 on valid ballots.
    pub yes: u64,
    /// 反对 on valid ballots.
    pub no: u64,
    /// 弃权 (or left empty) on valid ballots.
    pub abstain: u64,
    /// Whether the candidate was elected in this round.
    pub elected: bool,
    /// Lines of valid ballots voided by an illegible mark (rule B5).
    pub illegible: u64,
}

/// One written-in name and its votes (另选他人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteInTally {
    /// The name as written.
    pub name: String,
    /// Valid ballots that wrote it in.
    pub yes: u64,
    /// Whether the name was elected.
    pub elected: bool,
}

/// Write-in bookkeeping: counted names and void write-ins by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WriteInReport {
    /// Write-ins counted on valid ballots.
    pub total: u64,
    /// Each counted name, sorted by name.
    pub names: Vec<WriteInTally>,
    /// Write-ins not counted, by reason (`not-allowed`, `ineligible`, `names-candidate`,
    /// `without-reject`, `duplicate`).
    pub void: BTreeMap<String, u64>,
}

/// Attendance and quorum (rules Q1, Q2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceReport {
    /// 应到.
    pub entitled: u64,
    /// 实到.
    pub present: u64,
    /// Ballots issued.
    pub issued: u64,
    /// The quorum rule, e.g. `"present >= 2/3 entitled"`; null when none applies.
    pub quorum: Option<String>,
    /// The fewest present (or returned) that meet the quorum.
    pub quorum_needed: Option<u64>,
    /// Whether the quorum was met.
    pub quorum_met: bool,
}

/// The winning rule applied in this round and what it meant in votes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThresholdReport {
    /// The rule as written, e.g. `"> 1/2 present"` or `"plurality >= 1/3 returned"`.
    pub rule: String,
    /// The base it is a fraction of, when it has one.
    pub base: Option<String>,
    /// The base's value.
    pub base_value: Option<u64>,
    /// The fewest yes votes that pass.
    pub votes_needed: Option<u64>,
}

/// A re-vote among the candidates tied at the cut-off (status `revote-required`, rule W3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revote {
    /// The tied candidates to vote on again.
    pub candidates: Vec<String>,
    /// The seats open among them.
    pub seats: u32,
    /// Which re-vote the next round is (1 for the first).
    pub revote_number: u32,
    /// The rule of the re-vote: the most yes votes win ("得赞成票多的当选").
    pub threshold: String,
}

/// A 另行选举 for the seats left open (status `supplementary-required`, rule S).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Supplementary {
    /// The seats open.
    pub seats: u32,
    /// The slate: unelected candidates in first-round order (rule S2).
    pub slate: Vec<String>,
    /// The threshold of the supplementary round (rule S3).
    pub threshold: String,
    /// The slate size the profile asks for (ceil of its excess ratio; two for one seat).
    pub min_slate: u64,
    /// How many more candidates must be nominated when the unelected are fewer than
    /// `min_slate` (shown only then).
    #[serde(skip_serializing_if = "is_zero")]
    pub nominate: u64,
}

/// Whether a count is zero (for fields shown only when they are not).
fn is_zero(count: &u64) -> bool {
    *count == 0
}

/// Seats the rules leave unfilled (status `vacancy`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vacancy {
    /// How many seats stay open.
    pub seats: u32,
    /// Why.
    pub reason: String,
}

/// A count ended early by `stop_after_round` (status `stopped`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stopped {
    /// The last round counted.
    pub after_round: u32,
    /// Seats still open.
    pub seats_open: u32,
    /// Candidates the last round eliminated, whose votes were not transferred.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub eliminated_in_last_round: Vec<String>,
}

/// The result of a recall vote (罢免, rule R1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecallReport {
    /// The officer voted on.
    pub officer: String,
    /// Whether the recall passed.
    pub passed: bool,
    /// Votes for the recall.
    pub yes: u64,
    /// Votes against.
    pub no: u64,
    /// Abstentions.
    pub abstain: u64,
    /// The rule, e.g. `"> 1/2 entitled"`.
    pub threshold: String,
    /// The fewest yes votes that pass.
    pub votes_needed: Option<u64>,
}

/// The result of `congress elect` (contract §4), serialized in the contract's key order
/// followed by extra keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElectionResult {
    /// The election id.
    pub election: String,
    /// The method's name.
    pub method: String,
    /// Seats to fill in this round.
    pub seats: u32,
    /// How the count ended.
    pub status: Status,
    /// Elected candidates, in order of election (or of votes).
    pub elected: Vec<String>,
    /// Returned, valid and invalid ballots.
    pub ballots: BallotCounts,
    /// Per-candidate yes/no/abstain (majority-approval and recall).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<Vec<CandidateTally>>,
    /// Stage-by-stage record (sequential methods).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
    /// Every tie met and how it was settled.
    pub ties: Vec<TieRecord>,
    /// The re-vote needed (status `revote-required`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revote: Option<Revote>,
    /// The supplementary round needed (status `supplementary-required`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplementary: Option<Supplementary>,
    /// SHA-256 of the election file's exact bytes.
    pub election_sha256: String,
    /// RFC 6962 root over the canonical ballot lines, lowercase hex.
    pub ballots_root: String,
    /// The election's title.
    pub title: String,
    /// Which round this was (`first`, `revote`, `supplementary`; committee methods).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// The rule profile (committee methods).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Attendance and quorum (committee methods).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendance: Option<AttendanceReport>,
    /// The winning rule applied (committee methods).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<ThresholdReport>,
    /// Write-ins (majority-approval).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write_ins: Option<WriteInReport>,
    /// Seats left open (status `vacancy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vacancy: Option<Vacancy>,
    /// Where the count stopped (status `stopped`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    /// The recall vote (method `recall`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall: Option<RecallReport>,
    /// Every lot drawn, with its full record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<crate::lot::Lot>,
    /// The `[rules]` the election file set, as written.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, String>,
    /// Method-specific detail (scores, pairwise matrix, …).
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub details: serde_json::Map<String, serde_json::Value>,
    /// The round-by-round log of a count by RCTab's rules (one per pass of
    /// `sequential-irv`), for `--rctab-summary`; not part of the JSON.
    #[serde(skip)]
    pub tabulations: Vec<super::methods::rctab::Tabulation>,
}

impl ElectionResult {
    /// The stages as CSV (`elect --rounds-csv`): header
    /// `stage,action,candidate,total,transfer,outcome`, then one row per candidate per stage.
    /// `total` is the candidate's total after the stage, `transfer` its change since the
    /// stage before (at a first stage: the total itself), both exact decimals as the JSON
    /// writes them; a candidate whose votes left at this stage has total 0; `outcome` is
    /// `elected` or `excluded` at the stage that did so, else empty. A `sequential-irv` count
    /// numbers its stages on across its seats, each seat's first stage starting from zero.
    pub fn rounds_csv(&self) -> String {
        let mut out = String::from("stage,action,candidate,total,transfer,outcome\n");
        let mut before: Vec<(String, Decimal)> = Vec::new();
        for (k, round) in self.rounds.iter().enumerate() {
            if round.round == 1 {
                before.clear();
            }
            let mut now: Vec<(String, Decimal)> = round
                .totals
                .iter()
                .map(|(name, value)| {
                    let text = value
                        .as_str()
                        .map(String::from)
                        .unwrap_or_else(|| value.to_string());
                    (name.clone(), Decimal::parse(&text))
                })
                .collect();
            let mut rows: Vec<(String, Decimal)> = Vec::new();
            for (name, previous) in &before {
                match now.iter().position(|(n, _)| n == name) {
                    Some(at) => rows.push(now.remove(at)),
                    None => rows.push((name.clone(), Decimal::zero(previous.scale))),
                }
            }
            rows.append(&mut now);
            for (name, total) in &rows {
                let previous = before
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(Decimal::zero(total.scale), |(_, d)| *d);
                let outcome = if round.elected.contains(name) {
                    "elected"
                } else if round.excluded.contains(name) {
                    "excluded"
                } else {
                    ""
                };
                out.push_str(&(k + 1).to_string());
                out.push(',');
                crate::ballot::canonical_ballots::push_field(&mut out, &round.action);
                out.push(',');
                crate::ballot::canonical_ballots::push_field(&mut out, name);
                out.push_str(&format!(",{},{},{outcome}\n", total, total.minus(previous)));
            }
            before = rows
                .into_iter()
                .filter(|(name, _)| round.totals.contains_key(name))
                .collect();
        }
        out
    }
}

/// A signed exact decimal as the rounds' totals write them (`units × 10^-scale`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    units: i128,
    scale: u32,
}

impl Decimal {
    /// Zero written with `scale` digits after the point.
    fn zero(scale: u32) -> Decimal {
        Decimal { units: 0, scale }
    }

    /// Reads `123`, `123.45000` or `-0.5`; text that is not a decimal reads as zero (the
    /// count writes only decimals).
    fn parse(text: &str) -> Decimal {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let units: i128 = format!("{whole}{frac}").parse().unwrap_or(0);
        Decimal {
            units: if negative { -units } else { units },
            scale: frac.len() as u32,
        }
    }

    /// `self − other`, at the larger scale.
    fn minus(self, other: Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        Decimal {
            units: self.at(scale) - other.at(scale),
            scale,
        }
    }

    /// The units at `scale` digits (at least this number's own).
    fn at(self, scale: u32) -> i128 {
        self.units * 10_i128.pow(scale.saturating_sub(self.scale))
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let digits = self.units.unsigned_abs().to_string();
        if self.scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let scale = self.scale as usize;
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{whole}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_subtract_exactly_in_plain_notation() {
        let a = Decimal::parse("756.07081");
        let b = Decimal::parse("748");
        assert_eq!(a.minus(b).to_string(), "8.07081");
        assert_eq!(b.minus(a).to_string(), "-8.07081");
        assert_eq!(Decimal::zero(7).to_string(), "0.0000000");
        assert_eq!(Decimal::parse("-0.5").to_string(), "-0.5");
    }
}
