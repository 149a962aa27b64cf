//! The election definition: a TOML file naming the contest, its method, candidates, seats,
//! attendance, rule overrides, tie-break beacon and signing committee (contract §4).
//!
//! The file is read once, by one parser, into one [`Election`]: `congress elect` counts it,
//! and a record's `election.json` is a view of it (`record::files::ElectionInfo::of`). Every
//! value is read with its span, so that every problem names its file, line and key; the
//! exact bytes are kept: `election_sha256` is SHA-256 of the file as written.
//!
//! - `reader`: the spanned TOML values and the errors that name them;
//! - `parse`: the file's keys, one function per key or rule between keys;
//! - `committee`: `[committee]`, the members who sign the record, with their keys;
//! - [`rule_keys`]: the `[rules]` keys of each method, each with its parser.

mod committee;
mod constraints;
mod parse;
mod reader;
pub mod rule_keys;

use super::profiles::{CommitteeRules, RulesProfile};
use super::ranked::RankedRules;
use super::tiebreak::TieMode;
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use crate::input::Source;

use crate::ballot::constraints::{CandidateAttributes, Constraint};
pub use committee::{Committee, CommitteeMember};
pub use constraints::Eligible;
pub use rule_keys::RuleKey;

/// What a method's ballots hold: yes/no/abstain marks, or rankings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BallotKind {
    /// One mark per candidate (marks CSV).
    Marks,
    /// A ranking of the candidates (ranks, choices, numbered CSV, BLT, PrefLib).
    Ranked,
}

/// A counting method named by `method = "…"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElectionMethod {
    /// 差额选举 by the committee rules (yes/no/abstain ballots, majority threshold).
    MajorityApproval,
    /// One mark per ballot; most votes win.
    Plurality,
    /// Up to `seats` marks per ballot; most votes win.
    Block,
    /// Any number of marks; most votes win.
    Approval,
    /// Instant-runoff voting.
    Irv,
    /// Single transferable vote (Scottish WIGM).
    Stv,
    /// Meek STV.
    Meek,
    /// Schulze beatpath.
    Schulze,
    /// Tideman's ranked pairs.
    RankedPairs,
    /// Copeland.
    Copeland,
    /// Borda count.
    Borda,
    /// RCTab's bottoms-up count: eliminate until the seats remain, or (`seats = 0` with
    /// `bottoms_up_threshold`) until every continuing candidate is over a share of the votes.
    BottomsUp,
    /// RCTab's multi-pass IRV: one IRV count per seat, the earlier winners left out.
    SequentialIrv,
    /// 罢免: a yes/no vote on removing one officer.
    Recall,
}

impl ElectionMethod {
    /// Every method.
    pub const ALL: [ElectionMethod; 14] = [
        ElectionMethod::MajorityApproval,
        ElectionMethod::Plurality,
        ElectionMethod::Block,
        ElectionMethod::Approval,
        ElectionMethod::Irv,
        ElectionMethod::Stv,
        ElectionMethod::Meek,
        ElectionMethod::Schulze,
        ElectionMethod::RankedPairs,
        ElectionMethod::Copeland,
        ElectionMethod::Borda,
        ElectionMethod::BottomsUp,
        ElectionMethod::SequentialIrv,
        ElectionMethod::Recall,
    ];

    /// The method's name in election files and results.
    pub fn name(self) -> &'static str {
        match self {
            ElectionMethod::MajorityApproval => "majority-approval",
            ElectionMethod::Plurality => "plurality",
            ElectionMethod::Block => "block",
            ElectionMethod::Approval => "approval",
            ElectionMethod::Irv => "irv",
            ElectionMethod::Stv => "stv",
            ElectionMethod::Meek => "meek",
            ElectionMethod::Schulze => "schulze",
            ElectionMethod::RankedPairs => "ranked-pairs",
            ElectionMethod::Copeland => "copeland",
            ElectionMethod::Borda => "borda",
            ElectionMethod::BottomsUp => "bottoms-up",
            ElectionMethod::SequentialIrv => "sequential-irv",
            ElectionMethod::Recall => "recall",
        }
    }

    /// Parses a method name.
    pub fn parse(text: &str) -> std::result::Result<ElectionMethod, String> {
        ElectionMethod::ALL
            .into_iter()
            .find(|m| m.name() == text.trim())
            .ok_or_else(|| {
                format!(
                    "unknown method '{text}', expected one of {}",
                    ElectionMethod::ALL.map(|m| m.name()).join(", ")
                )
            })
    }

    /// What the method's ballots hold.
    pub fn ballot_kind(self) -> BallotKind {
        match self {
            ElectionMethod::MajorityApproval
            | ElectionMethod::Plurality
            | ElectionMethod::Block
            | ElectionMethod::Approval
            | ElectionMethod::Recall => BallotKind::Marks,
            ElectionMethod::Irv
            | ElectionMethod::Stv
            | ElectionMethod::Meek
            | ElectionMethod::Schulze
            | ElectionMethod::RankedPairs
            | ElectionMethod::Copeland
            | ElectionMethod::Borda
            | ElectionMethod::BottomsUp
            | ElectionMethod::SequentialIrv => BallotKind::Ranked,
        }
    }

    /// Whether the method counts ranked ballots (ranks, choices, BLT, PrefLib files).
    pub fn is_ranked(self) -> bool {
        self.ballot_kind() == BallotKind::Ranked
    }

    /// Whether the method follows the committee rules (attendance, quorum, profiles).
    pub fn is_committee(self) -> bool {
        match self {
            ElectionMethod::MajorityApproval | ElectionMethod::Recall => true,
            ElectionMethod::Plurality
            | ElectionMethod::Block
            | ElectionMethod::Approval
            | ElectionMethod::Irv
            | ElectionMethod::Stv
            | ElectionMethod::Meek
            | ElectionMethod::Schulze
            | ElectionMethod::RankedPairs
            | ElectionMethod::Copeland
            | ElectionMethod::Borda
            | ElectionMethod::BottomsUp
            | ElectionMethod::SequentialIrv => false,
        }
    }

    /// The `[rules]` keys this method accepts, in the order error messages list them.
    pub fn rule_keys(self) -> &'static [RuleKey] {
        match self {
            ElectionMethod::MajorityApproval => RuleKey::MAJORITY_APPROVAL,
            ElectionMethod::Recall => RuleKey::RECALL,
            ElectionMethod::Irv | ElectionMethod::BottomsUp | ElectionMethod::SequentialIrv => {
                RuleKey::RCTAB
            }
            ElectionMethod::Stv => RuleKey::STV,
            ElectionMethod::Meek
            | ElectionMethod::Schulze
            | ElectionMethod::RankedPairs
            | ElectionMethod::Copeland
            | ElectionMethod::Borda => RuleKey::RANKED,
            ElectionMethod::Plurality | ElectionMethod::Block | ElectionMethod::Approval => &[],
        }
    }
}

/// Which round of a committee election the file describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundKind {
    /// The first (regular) round.
    First,
    /// A re-vote among candidates tied at the cut-off (rule W3): most yes votes win.
    Revote,
    /// A 另行选举 for seats left open (rule S): the profile's supplementary threshold.
    Supplementary,
}

impl RoundKind {
    /// Every round kind.
    pub const ALL: [RoundKind; 3] = [
        RoundKind::First,
        RoundKind::Revote,
        RoundKind::Supplementary,
    ];

    /// The round's name in election files and results.
    pub fn name(self) -> &'static str {
        match self {
            RoundKind::First => "first",
            RoundKind::Revote => "revote",
            RoundKind::Supplementary => "supplementary",
        }
    }
}

/// How a record publishes the ballots (`secrecy`; docs/verification.md §11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrecy {
    /// Every ballot with its `ballot_id`, in id order: receipts and consistency proofs by id.
    None,
    /// Every ballot without its id, the lines sorted by their bytes; `commitments.csv` holds
    /// SHA-256(salt ‖ ballot id) for every ballot, the salt kept by the committee.
    Commitments,
    /// No ballots: the totals and the commitments only (no public recount).
    TallyOnly,
}

/// Records that say nothing of secrecy (and every record before it) publish ids.
impl Default for Secrecy {
    fn default() -> Secrecy {
        Secrecy::None
    }
}

impl Secrecy {
    /// Every mode.
    pub const ALL: [Secrecy; 3] = [Secrecy::None, Secrecy::Commitments, Secrecy::TallyOnly];

    /// Marks elections with fewer ballots than this publish commitments unless the election
    /// file says otherwise: in a small electorate most ballots' patterns are unique.
    pub const SMALL_MARKS_ELECTION: u64 = 200;

    /// The mode's name in election files and `election.json`.
    pub fn name(self) -> &'static str {
        match self {
            Secrecy::None => "none",
            Secrecy::Commitments => "commitments",
            Secrecy::TallyOnly => "tally-only",
        }
    }

    /// Whether ballot lines carry their ids.
    pub fn shows_ids(self) -> bool {
        match self {
            Secrecy::None => true,
            Secrecy::Commitments | Secrecy::TallyOnly => false,
        }
    }
}

/// The value `congress next` writes for the attendance keys a committee fills in before
/// counting (`entitled = "?"`).
pub const PLACEHOLDER: &str = "?";

/// `previous = { election, result, result_sha256, record_root }`: the round a re-vote or
/// 另行选举 continues (docs/methods.md §1.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousLink {
    /// The previous round's election id.
    pub election: String,
    /// Its result JSON or record directory, relative to this election file.
    pub result: String,
    /// SHA-256 of the previous result's bytes (a record's `result.json`), lowercase hex.
    pub result_sha256: String,
    /// The previous record's root (`head.csv`), when `result` is a record.
    pub record_root: Option<String>,
    /// The line of `previous` in the file, for errors.
    pub line: u64,
}

/// `[attendance]`: 应到, 实到 and ballots issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance {
    /// 应到: members entitled to vote.
    pub entitled: u64,
    /// 实到: members present.
    pub present: u64,
    /// Ballots issued (default: `present`, one per voter).
    pub issued: u64,
}

/// A parsed election file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Election {
    /// The file name, for error messages.
    pub file: String,
    /// `id`: [A-Za-z0-9._-]+, not `.` or `..`.
    pub id: String,
    /// `title`, when given.
    pub title: Option<String>,
    /// `date` (`"2027-05-20"`), when given: the day of the vote, which `congress announce`
    /// prints; not part of a record's `election.json`.
    pub date: Option<crate::date::Date>,
    /// `method`.
    pub method: ElectionMethod,
    /// `method` exactly as written (a record's `election.json` states it so, and records
    /// already signed keep saying it that way).
    pub method_as_written: String,
    /// `seats`, when given (BLT files may supply it).
    pub seats: Option<u32>,
    /// `candidates`, when given (BLT and PrefLib files may supply them).
    pub candidates: Option<Vec<String>>,
    /// The committee-rules profile (`profile`, default `henan-2017`).
    pub profile: RulesProfile,
    /// `[attendance]`, when given.
    pub attendance: Option<Attendance>,
    /// The committee rules after the profile and `[rules]` overrides.
    pub rules: CommitteeRules,
    /// The ranked-ballot rules after `[rules]` overrides.
    pub ranked_rules: RankedRules,
    /// The `[rules]` keys the file set, with their values as written (sorted by key).
    pub rule_overrides: Vec<(String, String)>,
    /// `round` (committee elections): first, revote or supplementary.
    pub round: RoundKind,
    /// `revote_number`: which re-vote this is (1 for the first re-vote).
    pub revote_number: u32,
    /// `previous`: the round this re-vote or 另行选举 continues (`congress next` writes it).
    pub previous: Option<PreviousLink>,
    /// `[tiebreak] seed`: the public beacon for lots.
    pub tiebreak_seed: Option<String>,
    /// `[tiebreak] mode` (ranked methods): the rule that settles ties (RCTab's
    /// `tiebreakMode`); `None`: the method's own rule.
    pub tiebreak_mode: Option<TieMode>,
    /// `[tiebreak] permutation`: the order `mode = "permutation"` settles ties by.
    pub tiebreak_permutation: Option<Vec<String>>,
    /// `withdrawn`: candidates removed before counting (ranked methods; BLT `-n` lines).
    pub withdrawn: Vec<String>,
    /// `[committee]`: who signs the record.
    pub committee: Option<Committee>,
    /// `receipts`: whether per-ballot receipts may be issued (default false).
    pub receipts: bool,
    /// `stations`: the ids of the child records a parent (merged) record must hold.
    pub stations: Option<Vec<String>>,
    /// `secrecy`, when given (else [`Election::secrecy_for`] picks by the ballots).
    pub secrecy: Option<Secrecy>,
    /// `candidates_file` as written, with its line (read by [`Election::load`], relative to
    /// the election file; a record holds it as `candidates.csv`).
    pub candidates_file: Option<(String, u64)>,
    /// The candidates' attributes (`[[candidate]]` tables, or the `candidates_file` once
    /// read).
    pub attributes: Option<CandidateAttributes>,
    /// `[[constraint]]` tables, in file order.
    pub constraints: Vec<Constraint>,
    /// `eligible`: the attribute value a supplementary round is restricted to.
    pub eligible: Option<Eligible>,
    /// Warnings from reading the file (printed on standard error).
    pub warnings: Vec<String>,
    /// The exact bytes of the file.
    pub raw: Vec<u8>,
    /// SHA-256 of `raw`.
    pub sha256: [u8; 32],
}

impl Election {
    /// Reads and parses an election file, keeping its exact bytes, and its
    /// `candidates_file` (a path relative to the election file).
    pub fn load(path: &str) -> Result<Election> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let mut election = Election::from_bytes(path, bytes)?;
        if let Some((file, line)) = election.candidates_file.clone() {
            let full = std::path::Path::new(path)
                .parent()
                .unwrap_or(std::path::Path::new(""))
                .join(&file);
            let shown = full.display().to_string();
            let bytes = std::fs::read(&full).map_err(|e| {
                Error::input(format!("cannot read candidates_file '{shown}': {e}"))
                    .file(path)
                    .line(line)
                    .field("candidates_file")
            })?;
            let attributes = CandidateAttributes::from_csv_bytes(&shown, bytes)?;
            election.attach_attributes(attributes)?;
        }
        Ok(election)
    }

    /// Sets the candidates' attributes: the constraints' and `eligible`'s values of a yes/no
    /// attribute are normalised to `yes`/`no`, and their attributes must be the candidates'.
    pub fn attach_attributes(&mut self, attributes: CandidateAttributes) -> Result<()> {
        let file = self.file.clone();
        let resolve = |attribute: &str, value: &mut String, line: u64, field: &str| {
            let a = attributes.attribute(attribute).ok_or_else(|| {
                Error::input(format!(
                    "'{attribute}' is not an attribute of the candidates (they have: {})",
                    attributes.attributes.join(", ")
                ))
                .file(&file)
                .line(line)
                .field(field)
            })?;
            if attributes.is_yes_no(a) {
                match crate::roster::parse_cadre(value) {
                    Some(b) => *value = if b { "yes" } else { "no" }.to_string(),
                    None => {
                        return Err(Error::input(format!(
                            "'{value}' is not a value of the yes/no attribute '{attribute}',                              expected yes/no, true/false, 1/0 or 是/否"
                        ))
                        .file(&file)
                        .line(line)
                        .field(field))
                    }
                }
            }
            Ok(())
        };
        for c in &mut self.constraints {
            resolve(&c.attribute, &mut c.value, c.line, "constraint.value")?;
        }
        if let Some(e) = &mut self.eligible {
            resolve(&e.attribute, &mut e.value, e.line, "eligible.value")?;
        }
        self.warnings.extend(attributes.warnings.iter().cloned());
        self.attributes = Some(attributes);
        Ok(())
    }

    /// Parses an election from a decoded source (its text bytes are the ones hashed).
    pub fn parse(source: &Source) -> Result<Election> {
        Election::from_bytes(&source.name, source.text.as_bytes().to_vec())
    }

    /// Parses an election from the exact bytes of its file.
    pub fn from_bytes(name: &str, raw: Vec<u8>) -> Result<Election> {
        let mut election = parse::election(name, &raw)?;
        election.sha256 = sha256(&raw);
        election.raw = raw;
        Ok(election)
    }

    /// How a record of `ballots` ballots publishes them: `secrecy` when the file gives it;
    /// else `commitments` for a marks election of fewer than
    /// [`Secrecy::SMALL_MARKS_ELECTION`] ballots, `none` otherwise.
    pub fn secrecy_for(&self, ballots: u64) -> Secrecy {
        match (self.secrecy, self.method.ballot_kind()) {
            (Some(mode), _) => mode,
            (None, BallotKind::Marks) if ballots < Secrecy::SMALL_MARKS_ELECTION => {
                Secrecy::Commitments
            }
            (None, BallotKind::Marks | BallotKind::Ranked) => Secrecy::None,
        }
    }

    /// SHA-256 of the file's exact bytes, lowercase hex.
    pub fn sha256_hex(&self) -> String {
        hex(&self.sha256)
    }

    /// The attendance, or an input error naming the file when it is missing.
    pub fn require_attendance(&self) -> Result<Attendance> {
        self.attendance.ok_or_else(|| {
            Error::input(format!(
                "method {} needs [attendance] with entitled and present",
                self.method.name()
            ))
            .file(&self.file)
            .field("attendance")
        })
    }
}

/// `s` as a TOML basic string (quoted, with `"`, `\\` and control characters escaped), for
/// the election files `congress next` and `congress plan --elections` write.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `id` is a valid election, station or member id: `[A-Za-z0-9._-]+`, and not `.` or
/// `..` (ids name files and directories of a record).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id != "."
        && id != ".."
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Why `id` is not a valid id (see [`valid_id`]); `what` is the kind of id.
pub(crate) fn invalid_id_message(id: &str, what: &str) -> String {
    if id == "." || id == ".." {
        format!("'{id}' is not a valid {what}: '.' and '..' name directories, expected letters, digits, '.', '_' or '-'")
    } else {
        format!("'{id}' is not a valid {what}, expected letters, digits, '.', '_' or '-'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::ranked::{Elimination, OvervoteRule, SkippedRule};
    use std::collections::HashSet;

    const PRESIDIUM: &str = r#"id = "2027-presidium"
title = "第十届学生代表大会主席团选举"
method = "majority-approval"
seats = 5
candidates = ["王芳", "李强", "张伟", "刘洋", "陈静", "杨磊"]
profile = "henan-2017"
[attendance]
entitled = 320
present = 301
issued = 301
[rules]
quorum = ">= 2/3"
threshold = "> 1/2 present"
tie_at_cutoff = "revote"
write_ins = true
[tiebreak]
seed = "beacon"
[committee]
threshold = 2
members = [{ id = "wang", key = "RWRtYmzsoKiqK0VUSs6FOvgrzizclTOrVbYtuc7ObeymgRNOqaUKdmD1" }, { id = "li", key = "RWRVHj+dEpqJ3A7kGLVcZmLXlKCsXxmYsYpcippPspuF1NQJVaKrve49" }]
"#;

    fn parse(text: &str) -> Result<Election> {
        Election::from_bytes("e.toml", text.as_bytes().to_vec())
    }

    #[test]
    fn parses_the_contract_example() {
        let e = parse(PRESIDIUM).unwrap();
        assert_eq!(e.id, "2027-presidium");
        assert_eq!(e.method, ElectionMethod::MajorityApproval);
        assert_eq!(e.seats, Some(5));
        assert_eq!(e.candidates.as_ref().unwrap().len(), 6);
        assert_eq!(
            e.attendance,
            Some(Attendance {
                entitled: 320,
                present: 301,
                issued: 301
            })
        );
        assert_eq!(e.rules, RulesProfile::Henan2017.rules());
        assert_eq!(e.tiebreak_seed.as_deref(), Some("beacon"));
        assert_eq!(e.committee.as_ref().unwrap().members[1].id, "li");
        assert!(!e.receipts);
        assert_eq!(e.sha256, sha256(PRESIDIUM.as_bytes()));
        assert_eq!(e.rule_overrides.len(), 4);
    }

    fn error_of(text: &str) -> Error {
        parse(text).unwrap_err()
    }

    #[test]
    fn unknown_keys_name_line_and_key() {
        let e = error_of(&PRESIDIUM.replace("write_ins = true", "write_ins = true\nquorom = 1"));
        assert_eq!(e.line, Some(16));
        assert_eq!(e.field.as_deref(), Some("rules.quorom"));
        assert_eq!(e.exit_code(), 3);
        let e = error_of(&PRESIDIUM.replace("seats = 5", "seats = 5\nseat = 4"));
        assert_eq!((e.line, e.field.as_deref()), (Some(5), Some("seat")));
        let e = error_of(&PRESIDIUM.replace("issued = 301", "issued = 301\nabsent = 3"));
        assert_eq!(e.field.as_deref(), Some("attendance.absent"));
        let e = error_of(&PRESIDIUM.replace("{ id = \"li\",", "{ id = \"li\", name = \"x\","));
        assert_eq!(e.field.as_deref(), Some("committee.members.name"));
    }

    #[test]
    fn invalid_values_are_errors() {
        let e = error_of(&PRESIDIUM.replace("seats = 5", "seats = 0"));
        assert_eq!((e.line, e.field.as_deref()), (Some(4), Some("seats")));
        let e = error_of(&PRESIDIUM.replace("seats = 5", "seats = 7"));
        assert_eq!(e.field.as_deref(), Some("candidates"));
        let e = error_of(&PRESIDIUM.replace("\"杨磊\"", "\"王芳\""));
        assert!(e.message.contains("duplicate"), "{e}");
        assert_eq!(e.line, Some(5));
        let e = error_of(&PRESIDIUM.replace("2027-presidium", "2027 presidium"));
        assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("id")));
        let e = error_of(&PRESIDIUM.replace("\"> 1/2 present\"", "\"> 1/2 people\""));
        assert_eq!(e.field.as_deref(), Some("rules.threshold"));
        let e = error_of(&PRESIDIUM.replace("present = 301", "present = 400"));
        assert_eq!(e.field.as_deref(), Some("attendance.present"));
        let e =
            error_of(&PRESIDIUM.replace("method = \"majority-approval\"", "method = \"magic\""));
        assert_eq!(e.field.as_deref(), Some("method"));
        let e = error_of("id = \"x\"\nseats = [");
        assert_eq!(e.line, Some(2));
        let e = error_of(&PRESIDIUM.replace("threshold = 2", "threshold = 3"));
        assert_eq!(e.field.as_deref(), Some("committee.threshold"));
        let e = error_of(&PRESIDIUM.replace("profile = \"henan-2017\"", "profile = \"x\""));
        assert_eq!(e.field.as_deref(), Some("profile"));
    }

    #[test]
    fn ranked_methods_take_ranked_rules_only() {
        let text = "id = \"r\"\nmethod = \"stv\"\nseats = 2\n[rules]\noverride = 1\n";
        let e = error_of(text);
        assert_eq!(e.field.as_deref(), Some("rules.override"));
        let ok = parse(
            "id = \"r\"\nmethod = \"irv\"\n[rules]\novervote = \"skip-rank\"\nskipped_ranks = \"exhaust-after-two\"\nelimination = \"batch\"\n",
        )
        .unwrap();
        assert_eq!(ok.ranked_rules.overvote, OvervoteRule::SkipRank);
        assert_eq!(ok.ranked_rules.skipped_ranks, SkippedRule::ExhaustAfterTwo);
        assert_eq!(ok.ranked_rules.elimination, Elimination::Batch);
        assert_eq!(ok.seats, None);
        let e = error_of("id = \"r\"\nmethod = \"irv\"\n[rules]\nthreshold = \"> 1/2 present\"\n");
        assert_eq!(e.field.as_deref(), Some("rules.threshold"));
    }

    #[test]
    fn profiles_and_minimum_slates() {
        let cyl = PRESIDIUM
            .replace("profile = \"henan-2017\"", "profile = \"cyl-basic\"")
            .replace("quorum = \">= 2/3\"\n", "");
        // 5 seats need ceil(5 × 20%) = 1 more: 6 candidates pass.
        let e = parse(&cyl).unwrap();
        assert_eq!(e.profile, RulesProfile::CylBasic);
        assert_eq!(e.rules.quorum, RulesProfile::CylBasic.rules().quorum);
        let e = error_of(&cyl.replace("seats = 5", "seats = 6"));
        assert!(e.message.contains("needs at least 8"), "{e}");
        let relaxed = cyl.replace("seats = 5", "seats = 6") + "";
        let relaxed = relaxed.replace("write_ins = true", "write_ins = true\nmin_excess = \"0\"");
        assert!(parse(&relaxed).is_ok());
    }

    #[test]
    fn recall_defaults() {
        let e = parse(
            "id = \"recall-1\"\nmethod = \"recall\"\ncandidates = [\"王芳\"]\n[attendance]\nentitled = 10\npresent = 8\n",
        )
        .unwrap();
        assert_eq!(e.seats, Some(1));
        assert_eq!(e.rules.recall_threshold.to_string(), "> 1/2 entitled");
        let e = error_of(
            "id = \"recall-1\"\nmethod = \"recall\"\ncandidates = [\"王芳\", \"李强\"]\n[attendance]\nentitled = 10\npresent = 8\n",
        );
        assert_eq!(e.field.as_deref(), Some("candidates"));
    }

    #[test]
    fn missing_required_keys() {
        assert_eq!(error_of("method = \"stv\"").field.as_deref(), Some("id"));
        assert_eq!(error_of("id = \"a\"").field.as_deref(), Some("method"));
        let e = error_of(
            "id = \"a\"\nmethod = \"majority-approval\"\nseats = 1\ncandidates = [\"a\", \"b\"]\n",
        );
        assert_eq!(e.field.as_deref(), Some("attendance"));
    }

    const KEY_A: &str = "RWRtYmzsoKiqK0VUSs6FOvgrzizclTOrVbYtuc7ObeymgRNOqaUKdmD1";
    const KEY_B: &str = "RWRVHj+dEpqJ3A7kGLVcZmLXlKCsXxmYsYpcippPspuF1NQJVaKrve49";

    fn with_committee(members: &str) -> String {
        format!(
            "id = \"x\"\nmethod = \"plurality\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n\
             [committee]\nthreshold = 1\nmembers = [{members}]\n"
        )
    }

    /// What the record's second parser used to refuse, the one parser refuses: ids that name
    /// directories, keys that are not signify keys, two members with one key, station ids
    /// that are not ids.
    #[test]
    fn refuses_what_a_record_could_not_hold() {
        for id in [".", ".."] {
            let e = error_of(&PRESIDIUM.replace("2027-presidium", id));
            assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("id")), "{e}");
            assert!(e.message.contains("name directories"), "{e}");
            let e = error_of(&with_committee(&format!(
                "{{ id = \"{id}\", key = \"{KEY_A}\" }}"
            )));
            assert_eq!(e.field.as_deref(), Some("committee.members.id"), "{e}");
        }
        let e = error_of(&with_committee("{ id = \"a\", key = \"RWRbad\" }"));
        assert_eq!(
            (e.line, e.field.as_deref()),
            (Some(7), Some("committee.members.key"))
        );
        assert!(e.message.contains("signify public key"), "{e}");
        let twice =
            format!("{{ id = \"a\", key = \"{KEY_A}\" }}, {{ id = \"b\", key = \" {KEY_A}\" }}");
        let e = error_of(&with_committee(&twice));
        assert_eq!(e.field.as_deref(), Some("committee.members.key"));
        assert_eq!(e.message, "this key is already another member's key");
        let ok = parse(&with_committee(&format!(
            "{{ id = \"a\", key = \"{KEY_A}\" }}, {{ id = \"b\", key = \"{KEY_B}\" }}"
        )))
        .unwrap();
        let committee = ok.committee.unwrap();
        assert_eq!(committee.member("b").unwrap().key.to_base64(), KEY_B);
        assert_eq!(committee.threshold, 1);
        for (stations, problem) in [
            ("[\" s1\"]", "not a valid station id"),
            ("[\"..\"]", "name directories"),
            ("[\"s1\", \"s1\"]", "duplicate"),
            ("[\"\"]", "empty"),
        ] {
            let member = format!("{{ id = \"a\", key = \"{KEY_A}\" }}");
            let e = error_of(&format!(
                "stations = {stations}\n{}",
                with_committee(&member)
            ));
            assert_eq!(
                (e.line, e.field.as_deref()),
                (Some(1), Some("stations")),
                "{e}"
            );
            assert!(e.message.contains(problem), "{e}");
        }
    }

    /// The facts a record states are the file's: a title only when given, the method as
    /// written.
    #[test]
    fn keeps_what_the_record_states() {
        let e = parse(&with_committee(&format!(
            "{{ id = \"a\", key = \"{KEY_A}\" }}"
        )))
        .unwrap();
        assert_eq!(e.title, None);
        let e =
            parse(&PRESIDIUM.replace("\"majority-approval\"", "\" majority-approval \"")).unwrap();
        assert_eq!(e.method, ElectionMethod::MajorityApproval);
        assert_eq!(e.method_as_written, " majority-approval ");
        let e = parse(&PRESIDIUM.replace("第十届学生代表大会主席团选举", "")).unwrap();
        assert_eq!(e.title.as_deref(), Some(""));
    }

    /// Each method's rule keys have distinct names, and every method either takes rules or
    /// says it takes none.
    #[test]
    fn rule_keys_are_distinct_per_method() {
        for method in ElectionMethod::ALL {
            let names: Vec<&str> = method.rule_keys().iter().map(|k| k.name()).collect();
            let unique: HashSet<&str> = names.iter().copied().collect();
            assert_eq!(unique.len(), names.len(), "{}", method.name());
        }
    }

    /// docs/methods.md's table of methods names exactly `ElectionMethod::ALL`, so a method
    /// missing from `ALL` (which the compiler cannot see) or from the docs fails here.
    #[test]
    fn the_methods_table_lists_every_method() {
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/methods.md"))
            .unwrap();
        let table = docs
            .lines()
            .skip_while(|l| !l.starts_with("| method |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'));
        let mut listed = Vec::new();
        for row in table {
            let first = row.split('|').nth(1).unwrap();
            for name in first.split('`').skip(1).step_by(2) {
                listed.push(ElectionMethod::parse(name).unwrap());
            }
        }
        assert_eq!(listed.len(), ElectionMethod::ALL.len(), "{listed:?}");
        for m in ElectionMethod::ALL {
            assert!(
                listed.contains(&m),
                "{} is not in docs/methods.md",
                m.name()
            );
        }
    }
}
