//! Linked rounds of a committee election (majority-approval): a re-vote (再次投票, rule W3)
//! or a 另行选举 (rule S) continues the round whose result asked for it.
//!
//! - [`CountedRound::load`] reads a counted round: a result JSON (`elect --format json`) or a
//!   record directory (its `result.json` and `head.csv`);
//! - [`next_election_file`] writes the election file of the round a result asks for
//!   (`congress next`), linked to it by `previous = { election, result, result_sha256 }`;
//! - [`check_link`] checks, before a linked round is counted, that it is the round its
//!   previous result asks for (`congress elect`); [`continues`] is the comparison, which
//!   `verify` also runs on a record's `previous/result.json` (V15);
//! - [`final_body`] follows a chain of rounds to the body it elected (`congress final`).
//!
//! Docs: docs/methods.md §1.6.

use super::election::{Election, PreviousLink, RoundKind, PLACEHOLDER};
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// In a record of a linked round: the previous round's result, as the link names it.
pub const PREVIOUS_RESULT: &str = "previous/result.json";
/// In a record of a round linked to a record: the previous record's `head.csv`.
pub const PREVIOUS_HEAD: &str = "previous/head.csv";

/// One candidate's line of a result (`candidates[]`, `write_ins.names[]`).
#[derive(Debug, Clone, Deserialize)]
pub struct TallyLine {
    /// The name.
    pub name: String,
    /// Yes votes.
    pub yes: u64,
}

/// The re-vote a result asks for (`revote`).
#[derive(Debug, Clone, Deserialize)]
pub struct RevoteAsked {
    /// The tied candidates.
    pub candidates: Vec<String>,
    /// Seats open among them.
    pub seats: u32,
    /// Which re-vote it is.
    pub revote_number: u32,
    /// Its rule.
    pub threshold: String,
}

/// The 另行选举 a result asks for (`supplementary`).
#[derive(Debug, Clone, Deserialize)]
pub struct SupplementaryAsked {
    /// Seats open.
    pub seats: u32,
    /// The slate.
    pub slate: Vec<String>,
    /// Its rule.
    pub threshold: String,
    /// Candidates still to nominate.
    #[serde(default)]
    pub nominate: u64,
}

/// Write-ins of a result.
#[derive(Debug, Clone, Deserialize)]
pub struct WriteInLines {
    /// Each counted name.
    #[serde(default)]
    pub names: Vec<TallyLine>,
}

/// Attendance of a result.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct AttendanceLine {
    /// 应到.
    pub entitled: u64,
    /// 实到.
    pub present: u64,
    /// Ballots issued.
    pub issued: u64,
}

/// Seats a result leaves vacant.
#[derive(Debug, Clone, Deserialize)]
pub struct VacancyLine {
    /// How many.
    pub seats: u32,
    /// Why.
    pub reason: String,
}

/// The link a linked round's result repeats (`previous`).
#[derive(Debug, Clone, Deserialize)]
pub struct LinkLine {
    /// The previous election id.
    pub election: String,
    /// SHA-256 of the previous result.
    pub result_sha256: String,
    /// The previous record's root.
    #[serde(default)]
    pub record_root: Option<String>,
    /// Which re-vote the round is.
    #[serde(default)]
    pub revote_number: Option<u32>,
}

/// What linked rounds read of a result (`elect --format json`, a record's `result.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct RoundResult {
    /// The election id.
    pub election: String,
    /// The title.
    #[serde(default)]
    pub title: String,
    /// The method.
    pub method: String,
    /// Seats of the round.
    pub seats: u32,
    /// Status.
    pub status: String,
    /// Elected, in order.
    pub elected: Vec<String>,
    /// Per-candidate tally.
    #[serde(default)]
    pub candidates: Option<Vec<TallyLine>>,
    /// Write-ins.
    #[serde(default)]
    pub write_ins: Option<WriteInLines>,
    /// The re-vote asked for.
    #[serde(default)]
    pub revote: Option<RevoteAsked>,
    /// The 另行选举 asked for.
    #[serde(default)]
    pub supplementary: Option<SupplementaryAsked>,
    /// Vacant seats.
    #[serde(default)]
    pub vacancy: Option<VacancyLine>,
    /// `first`, `revote` or `supplementary`.
    #[serde(default)]
    pub round: Option<String>,
    /// The profile.
    #[serde(default)]
    pub profile: Option<String>,
    /// Attendance.
    #[serde(default)]
    pub attendance: Option<AttendanceLine>,
    /// `[rules]` as written.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    /// The link of a linked round.
    #[serde(default)]
    pub previous: Option<LinkLine>,
}

/// The round a result asks for next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextRound {
    /// Re-vote or 另行选举.
    pub kind: RoundKind,
    /// Which re-vote (re-votes only; 0 otherwise).
    pub revote_number: u32,
    /// The candidates: the tied, or the slate.
    pub candidates: Vec<String>,
    /// Seats open.
    pub seats: u32,
    /// The rule of that round, as the result states it.
    pub threshold: String,
    /// Candidates still to nominate for a 另行选举's slate.
    pub nominate: u64,
}

impl RoundResult {
    /// The round this result asks for, if any.
    pub fn next_round(&self) -> Option<NextRound> {
        match (&self.revote, &self.supplementary) {
            (Some(r), _) => Some(NextRound {
                kind: RoundKind::Revote,
                revote_number: r.revote_number,
                candidates: r.candidates.clone(),
                seats: r.seats,
                threshold: r.threshold.clone(),
                nominate: 0,
            }),
            (None, Some(s)) => Some(NextRound {
                kind: RoundKind::Supplementary,
                revote_number: 0,
                candidates: s.slate.clone(),
                seats: s.seats,
                threshold: s.threshold.clone(),
                nominate: s.nominate,
            }),
            (None, None) => None,
        }
    }

    /// The round kind the result states (`first` when it names none).
    pub fn kind(&self) -> RoundKind {
        RoundKind::ALL
            .into_iter()
            .find(|k| Some(k.name()) == self.round.as_deref())
            .unwrap_or(RoundKind::First)
    }

    /// The candidates on this round's ballot.
    pub fn candidate_names(&self) -> Vec<String> {
        self.candidates
            .iter()
            .flatten()
            .map(|c| c.name.clone())
            .collect()
    }

    /// A candidate's (or write-in's) yes votes in this round.
    pub fn votes_of(&self, name: &str) -> Option<u64> {
        let listed = self.candidates.iter().flatten();
        let written = self.write_ins.iter().flat_map(|w| w.names.iter());
        listed
            .chain(written)
            .find(|c| c.name == name)
            .map(|c| c.yes)
    }
}

/// A counted round as read from its file: a result JSON or a record directory.
#[derive(Debug, Clone)]
pub struct CountedRound {
    /// The path as given.
    pub source: String,
    /// The result's exact bytes (a record's `result.json`).
    pub result_bytes: Vec<u8>,
    /// A record's `head.csv` bytes.
    pub head_bytes: Option<Vec<u8>>,
    /// SHA-256 of `result_bytes`, lowercase hex.
    pub result_sha256: String,
    /// A record's root (`head.csv`), lowercase hex.
    pub record_root: Option<String>,
    /// The result.
    pub result: RoundResult,
}

impl CountedRound {
    /// Reads a result JSON file, or a record directory's `result.json` and `head.csv`.
    pub fn load(path: &Path) -> Result<CountedRound> {
        let source = path.display().to_string();
        if path.is_dir() {
            let result_path = path.join(crate::record::files::RESULT);
            let head_path = path.join(crate::record::files::HEAD);
            let bytes = std::fs::read(&result_path).map_err(|e| Error::io(&result_path, e))?;
            let head = std::fs::read(&head_path).map_err(|e| Error::io(&head_path, e))?;
            let parsed = crate::record::files::Head::parse(&head)
                .map_err(|e| e.or_file(head_path.display().to_string()))?;
            let mut round = CountedRound::from_bytes(&result_path.display().to_string(), bytes)?;
            round.source = source;
            round.record_root = Some(hex(&parsed.root));
            round.head_bytes = Some(head);
            return Ok(round);
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        CountedRound::from_bytes(&source, bytes)
    }

    /// A counted round from a result's exact bytes (`name` for errors).
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<CountedRound> {
        let result: RoundResult = serde_json::from_slice(&bytes).map_err(|e| {
            Error::input(format!(
                "not a result of congress elect --format json ({e}), expected the JSON result \
                 of a count or a record directory"
            ))
            .file(name)
        })?;
        Ok(CountedRound {
            source: name.to_string(),
            result_sha256: hex(&sha256(&bytes)),
            result_bytes: bytes,
            head_bytes: None,
            record_root: None,
            result,
        })
    }
}

/// The facts of a round that must agree with what the previous round asked for.
#[derive(Debug, Clone)]
pub struct RoundFacts {
    /// Re-vote or 另行选举 (or first).
    pub kind: RoundKind,
    /// Which re-vote.
    pub revote_number: u32,
    /// Its candidates.
    pub candidates: Vec<String>,
    /// Its seats.
    pub seats: u32,
    /// Its profile.
    pub profile: Option<String>,
}

impl RoundFacts {
    /// The facts of an election file.
    pub fn of_election(e: &Election) -> RoundFacts {
        RoundFacts {
            kind: e.round,
            revote_number: e.revote_number,
            candidates: e.candidates.clone().unwrap_or_default(),
            seats: e.seats.unwrap_or(0),
            profile: Some(e.profile.name().to_string()),
        }
    }

    /// The facts a counted round's result states.
    pub fn of_result(r: &RoundResult) -> RoundFacts {
        RoundFacts {
            kind: r.kind(),
            revote_number: r
                .previous
                .as_ref()
                .and_then(|p| p.revote_number)
                .unwrap_or(1),
            candidates: r.candidate_names(),
            seats: r.seats,
            profile: r.profile.clone(),
        }
    }
}

/// Whether `this` round is the one `previous` asks for: `Err` lists every difference
/// (round kind and number, seats, candidates, profile).
pub fn continues(previous: &RoundResult, this: &RoundFacts) -> std::result::Result<(), String> {
    let Some(next) = previous.next_round() else {
        return Err(format!(
            "the previous round ({}, status {}) asks for no further round",
            previous.election, previous.status
        ));
    };
    let mut differences = Vec::new();
    if this.kind != next.kind {
        differences.push(format!(
            "round: expected {}, found {}",
            next.kind.name(),
            this.kind.name()
        ));
    } else if next.kind == RoundKind::Revote && this.revote_number != next.revote_number {
        differences.push(format!(
            "revote_number: expected {}, found {}",
            next.revote_number, this.revote_number
        ));
    }
    if this.seats != next.seats {
        differences.push(format!(
            "seats: expected {}, found {}",
            next.seats, this.seats
        ));
    }
    let missing: Vec<&String> = next
        .candidates
        .iter()
        .filter(|c| !this.candidates.contains(c))
        .collect();
    let extra: Vec<&String> = this
        .candidates
        .iter()
        .filter(|c| !next.candidates.contains(c))
        .collect();
    // A 另行选举 whose slate is short takes new nominees (LOC 29), never someone elected.
    let nominees_allowed = next.kind == RoundKind::Supplementary
        && this.kind == RoundKind::Supplementary
        && extra.len() as u64 <= next.nominate
        && !extra.iter().any(|c| previous.elected.contains(c));
    if !missing.is_empty() || (!extra.is_empty() && !nominees_allowed) {
        let what = match next.kind {
            RoundKind::Revote => "the candidates tied at the cut-off",
            RoundKind::Supplementary => "the slate",
            RoundKind::First => "the candidates",
        };
        let mut d = format!(
            "candidates: expected {} ({what}), found {}",
            next.candidates.join(", "),
            this.candidates.join(", ")
        );
        if !extra.is_empty() && !nominees_allowed {
            d.push_str(&format!(": {} not on it", names(&extra)));
        }
        if !missing.is_empty() {
            d.push_str(&format!(": {} missing", names(&missing)));
        }
        differences.push(d);
    }
    if let (Some(p), Some(t)) = (&previous.profile, &this.profile) {
        if p != t {
            differences.push(format!("profile: expected {p}, found {t}"));
        }
    }
    if differences.is_empty() {
        Ok(())
    } else {
        Err(differences.join("; "))
    }
}

fn names(list: &[&String]) -> String {
    list.iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `round` is the round `link` names: its result's SHA-256, its election id and (for
/// a record) its root. `Err` says what differs, naming the link's key.
pub fn matches_link(
    link_election: &str,
    link_sha256: &str,
    link_root: Option<&str>,
    round: &CountedRound,
) -> std::result::Result<(), (String, String)> {
    if round.result_sha256 != link_sha256 {
        return Err((
            "result_sha256".into(),
            format!(
                "{} has SHA-256 {}, expected {link_sha256} (the result changed since the link was written)",
                round.source, round.result_sha256
            ),
        ));
    }
    match (link_root, round.record_root.as_deref()) {
        (Some(want), Some(got)) if want != got => {
            return Err((
                "record_root".into(),
                format!("{} has root {got}, expected {want}", round.source),
            ))
        }
        (Some(_), None) => {
            return Err((
                "record_root".into(),
                format!(
                    "{} is not a record, but the link names a record's root",
                    round.source
                ),
            ))
        }
        _ => {}
    }
    if round.result.election != link_election {
        return Err((
            "election".into(),
            format!(
                "{} is a result of election {}, expected {link_election}",
                round.source, round.result.election
            ),
        ));
    }
    Ok(())
}

/// Checks a linked round before it is counted: reads the previous result its `previous`
/// names (relative to the election file), checks the link, and that the round is the one
/// the previous result asks for. Returns the previous round (`None` when not linked). An
/// unlinked re-vote or 另行选举 is counted as written, with a warning from the caller.
pub fn check_link(election: &Election) -> Result<Option<CountedRound>> {
    let Some(link) = &election.previous else {
        return Ok(None);
    };
    let at = |field: &str, message: String| {
        Error::input(message)
            .file(&election.file)
            .line(link.line)
            .field(format!("previous.{field}").trim_end_matches('.'))
    };
    let path = previous_path(election, link);
    if !path.exists() {
        return Err(at(
            "result",
            format!(
                "{} does not exist, expected the previous round's result or record (relative to this file)",
                path.display()
            ),
        ));
    }
    let previous = CountedRound::load(&path)?;
    matches_link(
        &link.election,
        &link.result_sha256,
        link.record_root.as_deref(),
        &previous,
    )
    .map_err(|(field, m)| at(&field, m))?;
    continues(&previous.result, &RoundFacts::of_election(election)).map_err(|m| {
        at(
            "",
            format!(
                "this round does not continue {}: {m}",
                previous.result.election
            ),
        )
    })?;
    Ok(Some(previous))
}

/// The previous round's path: `previous.result` relative to the election file's folder.
fn previous_path(election: &Election, link: &PreviousLink) -> PathBuf {
    let base = Path::new(&election.file)
        .parent()
        .unwrap_or_else(|| Path::new(""));
    base.join(&link.result)
}

/// The warning `congress elect` prints for a re-vote or 另行选举 without `previous`.
pub fn unlinked_warning(election: &Election) -> Option<String> {
    match election.round {
        RoundKind::First => None,
        RoundKind::Revote | RoundKind::Supplementary if election.previous.is_some() => None,
        RoundKind::Revote | RoundKind::Supplementary => Some(format!(
            "warning: {}: round: a {} without previous: its candidates and seats are not \
             checked against the round it continues (write it with congress next)",
            election.file,
            election.round.name()
        )),
    }
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    super::election::toml_string(s)
}

fn quoted_list(names: &[String]) -> String {
    let items: Vec<String> = names.iter().map(|n| quoted(n)).collect();
    format!("[{}]", items.join(", "))
}

/// A `[rules]` value as written, back in TOML: `true`/`false` and whole numbers bare,
/// `write_in_eligible` a list, anything else a string.
fn rule_value(key: &str, written: &str) -> String {
    if key == "write_in_eligible" {
        let names: Vec<String> = written.split(", ").map(String::from).collect();
        return quoted_list(&names);
    }
    if written == "true" || written == "false" || written.parse::<u64>().is_ok() {
        written.to_string()
    } else {
        quoted(written)
    }
}

/// The id of the next round: the first round's id (without a `-revote-N` suffix) with
/// `-revote-N` or `-supplementary`.
fn next_id(previous: &str, next: &NextRound) -> String {
    let base = match previous.rsplit_once("-revote-") {
        Some((base, n)) if n.parse::<u32>().is_ok() => base,
        _ => previous,
    };
    match next.kind {
        RoundKind::Revote => format!("{base}-revote-{}", next.revote_number),
        RoundKind::Supplementary | RoundKind::First => format!("{base}-supplementary"),
    }
}

/// The election file of the round `previous` asks for (`congress next`): its candidates,
/// seats, round kind and number, profile, `[rules]`, the link (`result` is the path of the
/// previous result relative to the new file), the attendance to fill in (`"?"`), and, from a
/// record's `election.toml` (`record_election`), the committee, tie-break beacon and secrecy.
/// `attendance` fills in this round's entitled, present and issued (`None`: left as `"?"`,
/// or, for `issued` when `present` is given, left to default to it).
/// `Err` (exit 3) when the result asks for no further round.
pub fn next_election_file(
    previous: &CountedRound,
    result: &str,
    record_election: Option<&Election>,
    attendance: [Option<u64>; 3],
) -> Result<String> {
    let r = &previous.result;
    let next = r.next_round().ok_or_else(|| {
        Error::input(format!(
            "status {}: this result asks for no further round (only revote-required and \
             supplementary-required do)",
            r.status
        ))
        .file(&previous.source)
        .field("status")
    })?;
    let mut out = String::new();
    let (what, chinese) = match next.kind {
        RoundKind::Revote => (format!("Re-vote {}", next.revote_number), "再次投票"),
        RoundKind::Supplementary | RoundKind::First => {
            ("Supplementary election".into(), "另行选举")
        }
    };
    out.push_str(&format!(
        "# {what} ({chinese}) of {}, written by congress next from {}.\n",
        r.election, previous.source
    ));
    if attendance[..2].iter().any(Option::is_none) {
        out.push_str(
            "# Fill in [attendance] with this round's 应到, 实到 and ballots issued before counting.\n",
        );
    }
    if next.nominate > 0 {
        out.push_str(&format!(
            "# The slate is short: nominate {} more candidate(s) and add them to candidates (LOC 29).\n",
            next.nominate
        ));
    }
    out.push_str(&format!("id = {}\n", quoted(&next_id(&r.election, &next))));
    if !r.title.is_empty() {
        let suffix = format!("（{chinese}）");
        let base = r
            .title
            .trim_end_matches("（再次投票）")
            .trim_end_matches("（另行选举）");
        out.push_str(&format!("title = {}\n", quoted(&format!("{base}{suffix}"))));
    }
    out.push_str(&format!("method = {}\n", quoted(&r.method)));
    out.push_str(&format!("round = {}\n", quoted(next.kind.name())));
    if next.kind == RoundKind::Revote {
        out.push_str(&format!("revote_number = {}\n", next.revote_number));
    }
    out.push_str(&format!("seats = {}\n", next.seats));
    out.push_str(&format!("candidates = {}\n", quoted_list(&next.candidates)));
    if let Some(p) = &r.profile {
        out.push_str(&format!("profile = {}\n", quoted(p)));
    }
    out.push_str(&format!(
        "# This round's threshold ({}): {}\n",
        match next.kind {
            RoundKind::Revote => "rule W3: the most yes votes win",
            RoundKind::Supplementary | RoundKind::First =>
                "rule S3, the profile's supplementary_threshold",
        },
        next.threshold
    ));
    if let Some(e) = record_election {
        if let Some(s) = &e.secrecy {
            out.push_str(&format!("secrecy = {}\n", quoted(s.name())));
        }
        if e.receipts {
            out.push_str("receipts = true\n");
        }
    }
    let mut link = format!(
        "previous = {{ election = {}, result = {}, result_sha256 = {}",
        quoted(&r.election),
        quoted(result),
        quoted(&previous.result_sha256)
    );
    if let Some(root) = &previous.record_root {
        link.push_str(&format!(", record_root = {}", quoted(root)));
    }
    link.push_str(" }\n");
    out.push_str(&link);
    out.push_str("\n[attendance]\n");
    if let Some(a) = &r.attendance {
        out.push_str(&format!(
            "# The previous round: entitled {}, present {}, issued {}.\n",
            a.entitled, a.present, a.issued
        ));
    }
    for (key, value) in ["entitled", "present", "issued"]
        .into_iter()
        .zip(attendance)
    {
        match value {
            Some(n) => out.push_str(&format!("{key} = {n}\n")),
            None if key == "issued" && attendance[1].is_some() => {}
            None => out.push_str(&format!("{key} = {}\n", quoted(PLACEHOLDER))),
        }
    }
    if !r.rules.is_empty() {
        out.push_str("\n[rules]\n");
        for (key, value) in &r.rules {
            out.push_str(&format!("{key} = {}\n", rule_value(key, value)));
        }
    }
    if let Some(e) = record_election {
        if let Some(seed) = &e.tiebreak_seed {
            out.push_str(&format!("\n[tiebreak]\nseed = {}\n", quoted(seed)));
        }
        if let Some(c) = &e.committee {
            out.push_str(&format!(
                "\n[committee]\nthreshold = {}\nmembers = [\n",
                c.threshold
            ));
            for m in &c.members {
                out.push_str(&format!(
                    "  {{ id = {}, key = {} }},\n",
                    quoted(&m.id),
                    quoted(&m.key.to_base64())
                ));
            }
            out.push_str("]\n");
        }
    } else {
        out.push_str(
            "\n# [tiebreak] and [committee]: as in the first round's file, when it has them.\n",
        );
    }
    if next.nominate == 0 {
        check_written(&out, r.attendance)?;
    }
    Ok(out)
}

/// The file `next` writes is a valid election once its attendance is filled in (with the
/// previous round's, here): anything else is a fault to report, not a file to write.
fn check_written(text: &str, attendance: Option<AttendanceLine>) -> Result<()> {
    let a = attendance.unwrap_or(AttendanceLine {
        entitled: 1,
        present: 1,
        issued: 1,
    });
    let filled = text
        .replace(
            &format!("entitled = {}", quoted(PLACEHOLDER)),
            &format!("entitled = {}", a.entitled),
        )
        .replace(
            &format!("present = {}", quoted(PLACEHOLDER)),
            &format!("present = {}", a.present),
        )
        .replace(
            &format!("issued = {}", quoted(PLACEHOLDER)),
            &format!("issued = {}", a.issued),
        );
    Election::from_bytes("next round", filled.into_bytes())
        .map(|_| ())
        .map_err(|e| Error {
            message: format!("the next round's file would not be valid: {}", e.message),
            ..e
        })
}

/// One seat of the final body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatHolder {
    /// Seat number, from 1.
    pub seat: u32,
    /// `held` or `vacant`.
    pub status: &'static str,
    /// Who holds it.
    pub holder: Option<String>,
    /// The voting round (1 for the first) that elected them.
    pub voting_round: Option<u32>,
    /// That round's kind (`first`, `revote`, `supplementary`).
    pub round: Option<String>,
    /// That round's election id.
    pub election: Option<String>,
    /// Their yes votes in that round.
    pub votes: Option<u64>,
}

/// One round of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainRound {
    /// The voting round, from 1.
    pub voting_round: u32,
    /// Its election id.
    pub election: String,
    /// Its kind.
    pub round: String,
    /// Its status.
    pub status: String,
    /// Its seats.
    pub seats: u32,
    /// Who it elected.
    pub elected: Vec<String>,
    /// SHA-256 of its result.
    pub result_sha256: String,
}

/// The body a chain of rounds elected (`congress final`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinalBody {
    /// The first round's election id.
    pub election: String,
    /// Its title.
    pub title: String,
    /// Seats of the body (the first round's).
    pub seats: u32,
    /// `complete`, or `vacancy` when seats stay open.
    pub status: &'static str,
    /// Seats held.
    pub filled: u32,
    /// Seats vacant.
    pub vacant: u32,
    /// Every seat.
    pub body: Vec<SeatHolder>,
    /// Why seats stay vacant (the last round's `vacancy.reason`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vacancy_reason: Option<String>,
    /// The rounds, in order.
    pub rounds: Vec<ChainRound>,
}

/// Follows a chain of counted rounds to the body they elected. The chain is checked: the
/// first is a first round; each later round is linked to the one before (its result's
/// `previous`: that round's SHA-256 and election) and is the round it asked for; the last
/// decided its seats (`complete` or `vacancy`). A broken chain is an input error naming the
/// round.
pub fn final_body(rounds: &[CountedRound]) -> Result<FinalBody> {
    let first = rounds
        .first()
        .ok_or_else(|| Error::usage("congress final needs the results of the rounds, in order"))?;
    if first.result.kind() != RoundKind::First || first.result.previous.is_some() {
        return Err(Error::input(format!(
            "round 1 is a {} round continuing {}: give the chain from its first round",
            first.result.kind().name(),
            first
                .result
                .previous
                .as_ref()
                .map_or("an earlier round", |p| p.election.as_str())
        ))
        .file(&first.source)
        .field("round"));
    }
    for (k, pair) in rounds.windows(2).enumerate() {
        let (before, this) = (&pair[0], &pair[1]);
        let broken = |m: String| {
            Error::input(format!("the chain breaks at voting round {}: {m}", k + 2))
                .file(&this.source)
                .field("previous")
        };
        let link = this.result.previous.as_ref().ok_or_else(|| {
            broken(format!(
                "it is not linked to {} (no previous; write it with congress next)",
                before.source
            ))
        })?;
        matches_link(
            &link.election,
            &link.result_sha256,
            link.record_root.as_deref(),
            before,
        )
        .map_err(|(field, m)| broken(format!("previous.{field}: {m}")))?;
        continues(&before.result, &RoundFacts::of_result(&this.result)).map_err(broken)?;
    }
    let last = rounds.last().unwrap_or(first);
    match last.result.status.as_str() {
        "complete" | "vacancy" => {}
        "revote-required" | "supplementary-required" => {
            return Err(Error::input(format!(
                "status {}: the chain ends with a round that asks for another; count that \
                 round (congress next) and give its result too",
                last.result.status
            ))
            .file(&last.source)
            .field("status"))
        }
        other => {
            return Err(Error::input(format!(
                "status {other}: this round decided no seats; hold it again and give its result"
            ))
            .file(&last.source)
            .field("status"))
        }
    }
    let seats = first.result.seats;
    let mut body = Vec::new();
    for (k, round) in rounds.iter().enumerate() {
        for name in &round.result.elected {
            body.push(SeatHolder {
                seat: body.len() as u32 + 1,
                status: "held",
                holder: Some(name.clone()),
                voting_round: Some(k as u32 + 1),
                round: Some(round.result.kind().name().to_string()),
                election: Some(round.result.election.clone()),
                votes: round.result.votes_of(name),
            });
        }
    }
    let filled = body.len() as u32;
    if filled > seats {
        return Err(
            Error::input(format!("the rounds elect {filled} for {seats} seats")).file(&last.source),
        );
    }
    for seat in filled + 1..=seats {
        body.push(SeatHolder {
            seat,
            status: "vacant",
            holder: None,
            voting_round: None,
            round: None,
            election: None,
            votes: None,
        });
    }
    Ok(FinalBody {
        election: first.result.election.clone(),
        title: first.result.title.clone(),
        seats,
        status: if filled == seats {
            "complete"
        } else {
            "vacancy"
        },
        filled,
        vacant: seats - filled,
        body,
        vacancy_reason: (filled < seats)
            .then(|| last.result.vacancy.as_ref().map(|v| v.reason.clone()))
            .flatten(),
        rounds: rounds
            .iter()
            .enumerate()
            .map(|(k, r)| ChainRound {
                voting_round: k as u32 + 1,
                election: r.result.election.clone(),
                round: r.result.kind().name().to_string(),
                status: r.result.status.clone(),
                seats: r.result.seats,
                elected: r.result.elected.clone(),
                result_sha256: r.result_sha256.clone(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(json: &str) -> RoundResult {
        serde_json::from_str(json).unwrap()
    }

    const TIE: &str = r#"{"election":"e","method":"majority-approval","seats":2,"status":"revote-required",
        "elected":["甲"],"revote":{"candidates":["乙","丙"],"seats":1,"revote_number":1,"threshold":"plurality"},
        "round":"first","profile":"henan-2017"}"#;

    fn facts(kind: RoundKind, candidates: &[&str], seats: u32) -> RoundFacts {
        RoundFacts {
            kind,
            revote_number: 1,
            candidates: candidates.iter().map(|s| s.to_string()).collect(),
            seats,
            profile: Some("henan-2017".into()),
        }
    }

    #[test]
    fn a_revote_has_the_tied_candidates_and_the_open_seats() {
        let r = result(TIE);
        assert!(continues(&r, &facts(RoundKind::Revote, &["丙", "乙"], 1)).is_ok());
        let e = continues(&r, &facts(RoundKind::Revote, &["甲", "丙"], 1)).unwrap_err();
        assert!(
            e.contains("甲 not on it") && e.contains("乙 missing"),
            "{e}"
        );
        let e = continues(&r, &facts(RoundKind::Supplementary, &["乙", "丙"], 2)).unwrap_err();
        assert!(
            e.contains("round: expected revote") && e.contains("seats: expected 1"),
            "{e}"
        );
    }

    #[test]
    fn next_ids_count_revotes_from_the_first_round() {
        let next = result(TIE).next_round().unwrap();
        assert_eq!(next_id("e", &next), "e-revote-1");
        let second = NextRound {
            revote_number: 2,
            ..next
        };
        assert_eq!(next_id("e-revote-1", &second), "e-revote-2");
    }

    #[test]
    fn rule_values_keep_their_toml_types() {
        assert_eq!(rule_value("write_ins", "true"), "true");
        assert_eq!(rule_value("max_revote_rounds", "2"), "2");
        assert_eq!(
            rule_value("threshold", "> 1/2 present"),
            "\"> 1/2 present\""
        );
        assert_eq!(rule_value("write_in_eligible", "a, b"), "[\"a\", \"b\"]");
        assert_eq!(quoted("a\"b\\"), "\"a\\\"b\\\\\"");
    }
}
