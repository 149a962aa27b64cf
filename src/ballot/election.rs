//! The election definition: a TOML file naming the contest, its method, candidates, seats,
//! attendance, rule overrides, tie-break beacon and signing committee (contract §4).
//!
//! The file is read with spans so that every problem names its file, line and key. The exact
//! bytes are kept: `election_sha256` is SHA-256 of the file as written.

use super::profiles::{
    parse_excess, parse_slate_ratio, CommitteeRules, IllegibleRule, Profile, Quorum, SelectionRule,
    Threshold, TieAtCutoff, WinRule, WriteInListed,
};
use super::ranked::{Elimination, OvervoteRule, RankedRules, SkippedRule};
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use crate::input::Source;
use std::collections::HashSet;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

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
    /// 罢免: a yes/no vote on removing one officer.
    Recall,
}

impl ElectionMethod {
    /// Every method.
    pub const ALL: [ElectionMethod; 12] = [
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

    /// Whether the method counts ranked ballots (ranks, choices, BLT, PrefLib files).
    pub fn is_ranked(self) -> bool {
        matches!(
            self,
            ElectionMethod::Irv
                | ElectionMethod::Stv
                | ElectionMethod::Meek
                | ElectionMethod::Schulze
                | ElectionMethod::RankedPairs
                | ElectionMethod::Copeland
                | ElectionMethod::Borda
        )
    }

    /// Whether the method follows the committee rules (attendance, quorum, profiles).
    pub fn is_committee(self) -> bool {
        matches!(
            self,
            ElectionMethod::MajorityApproval | ElectionMethod::Recall
        )
    }

    /// The `[rules]` keys this method accepts.
    pub fn rule_keys(self) -> &'static [&'static str] {
        match self {
            ElectionMethod::MajorityApproval => &[
                "quorum",
                "threshold",
                "supplementary_threshold",
                "tie_at_cutoff",
                "max_revote_rounds",
                "revote_fallback",
                "write_ins",
                "write_in_requires_reject",
                "write_in_eligible",
                "write_in_listed",
                "overvote",
                "illegible",
                "min_excess",
                "min_slate",
                "min_extra",
                "max_excess",
            ],
            ElectionMethod::Recall => &["quorum", "threshold", "illegible"],
            m if m.is_ranked() => &["overvote", "skipped_ranks", "elimination"],
            _ => &[],
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
    /// The round's name in election files and results.
    pub fn name(self) -> &'static str {
        match self {
            RoundKind::First => "first",
            RoundKind::Revote => "revote",
            RoundKind::Supplementary => "supplementary",
        }
    }
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

/// One member of the signing committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeMember {
    /// The member's id ([A-Za-z0-9._-]+).
    pub id: String,
    /// The member's signify public key (base64 line).
    pub key: String,
}

/// `[committee]`: who must sign the record, and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committee {
    /// How many distinct members must sign (k of n).
    pub threshold: u32,
    /// The members, in file order.
    pub members: Vec<CommitteeMember>,
}

/// A parsed election file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Election {
    /// The file name, for error messages.
    pub file: String,
    /// `id`: [A-Za-z0-9._-]+.
    pub id: String,
    /// `title` (may be empty).
    pub title: String,
    /// `method`.
    pub method: ElectionMethod,
    /// `seats`, when given (BLT files may supply it).
    pub seats: Option<u32>,
    /// `candidates`, when given (BLT and PrefLib files may supply them).
    pub candidates: Option<Vec<String>>,
    /// The committee-rules profile (`profile`, default `henan-2017`).
    pub profile: Profile,
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
    /// `[tiebreak] seed`: the public beacon for lots.
    pub tiebreak_seed: Option<String>,
    /// `[committee]`.
    pub committee: Option<Committee>,
    /// `receipts`: whether per-ballot receipts may be issued (default false).
    pub receipts: bool,
    /// `stations`: the ids of the child records a parent (merged) record must hold.
    pub stations: Option<Vec<String>>,
    /// The exact bytes of the file.
    pub raw: Vec<u8>,
    /// SHA-256 of `raw`.
    pub sha256: [u8; 32],
}

impl Election {
    /// Reads and parses an election file, keeping its exact bytes.
    pub fn load(path: &str) -> Result<Election> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Election::from_bytes(path, bytes)
    }

    /// Parses an election from a decoded source (its text bytes are the ones hashed).
    pub fn parse(source: &Source) -> Result<Election> {
        Election::from_bytes(&source.name, source.text.as_bytes().to_vec())
    }

    /// Parses an election from the exact bytes of its file.
    pub fn from_bytes(name: &str, raw: Vec<u8>) -> Result<Election> {
        let text = match std::str::from_utf8(&raw) {
            Ok(t) => t,
            Err(e) => {
                let line = 1 + raw[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u64;
                return Err(Error::input("invalid UTF-8, expected a UTF-8 TOML file")
                    .file(name)
                    .line(line));
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let ctx = Ctx { name, text };
        let doc = DeTable::parse(text).map_err(|e| {
            let line = e.span().map(|s| ctx.line_of(s.start)).unwrap_or(1);
            Error::input(format!(
                "not valid TOML: {}",
                e.message().trim().trim_end_matches('.')
            ))
            .file(name)
            .line(line)
        })?;
        let mut election = ctx.election(doc.get_ref(), doc.span())?;
        election.sha256 = sha256(&raw);
        election.raw = raw;
        Ok(election)
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

struct Ctx<'a> {
    name: &'a str,
    text: &'a str,
}

type Table<'i> = DeTable<'i>;
type Value<'i> = Spanned<DeValue<'i>>;

const TOP_KEYS: &[&str] = &[
    "id",
    "title",
    "method",
    "seats",
    "candidates",
    "profile",
    "attendance",
    "rules",
    "tiebreak",
    "committee",
    "receipts",
    "stations",
    "round",
    "revote_number",
];

impl<'a> Ctx<'a> {
    fn line_of(&self, offset: usize) -> u64 {
        let end = offset.min(self.text.len());
        1 + self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
    }

    fn err(&self, span: Range<usize>, key: &str, message: impl Into<String>) -> Error {
        Error::input(message)
            .file(self.name)
            .line(self.line_of(span.start))
            .field(key)
    }

    /// Rejects any key not in `allowed`, naming the first unknown one (by position).
    fn check_keys(&self, table: &Table, prefix: &str, allowed: &[&str], what: &str) -> Result<()> {
        let mut unknown: Vec<(usize, &str, Range<usize>)> = table
            .iter()
            .filter(|(k, _)| !allowed.contains(&k.get_ref().as_ref()))
            .map(|(k, _)| (k.span().start, k.get_ref().as_ref(), k.span()))
            .collect();
        unknown.sort_by_key(|u| u.0);
        if let Some((_, key, span)) = unknown.first() {
            return Err(self.err(
                span.clone(),
                &join(prefix, key),
                format!(
                    "unknown key, expected one of {} ({what})",
                    allowed.join(", ")
                ),
            ));
        }
        Ok(())
    }

    fn get<'t, 'i>(
        &self,
        table: &'t Table<'i>,
        key: &str,
    ) -> Option<(Range<usize>, &'t Value<'i>)> {
        table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(k, v)| (k.span(), v))
    }

    fn string(&self, value: &Value, key: &str) -> Result<String> {
        match value.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            other => Err(self.err(
                value.span(),
                key,
                format!("found {}, expected a string", other.type_str()),
            )),
        }
    }

    fn integer(&self, value: &Value, key: &str) -> Result<u64> {
        match value.get_ref() {
            DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).map_err(|_| {
                self.err(
                    value.span(),
                    key,
                    format!("'{}' is not a non-negative whole number", i.as_str()),
                )
            }),
            other => Err(self.err(
                value.span(),
                key,
                format!("found {}, expected a whole number", other.type_str()),
            )),
        }
    }

    fn boolean(&self, value: &Value, key: &str) -> Result<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Ok(*b),
            other => Err(self.err(
                value.span(),
                key,
                format!("found {}, expected true or false", other.type_str()),
            )),
        }
    }

    fn table<'t, 'i>(&self, value: &'t Value<'i>, key: &str) -> Result<&'t Table<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Ok(t),
            other => Err(self.err(
                value.span(),
                key,
                format!("found {}, expected a table", other.type_str()),
            )),
        }
    }

    fn string_list(&self, value: &Value, key: &str, what: &str) -> Result<Vec<String>> {
        let DeValue::Array(items) = value.get_ref() else {
            return Err(self.err(
                value.span(),
                key,
                format!(
                    "found {}, expected an array of {what}",
                    value.get_ref().type_str()
                ),
            ));
        };
        let mut seen: HashSet<String> = HashSet::new();
        let mut names = Vec::with_capacity(items.len());
        for item in items.iter() {
            let name = self.string(item, key)?;
            let trimmed = name.trim();
            if trimmed.is_empty() {
                return Err(self.err(item.span(), key, format!("empty name in the {what}")));
            }
            if !seen.insert(trimmed.to_string()) {
                return Err(self.err(
                    item.span(),
                    key,
                    format!("duplicate name '{trimmed}' in the {what}"),
                ));
            }
            names.push(trimmed.to_string());
        }
        Ok(names)
    }

    fn election(&self, doc: &Table, doc_span: Range<usize>) -> Result<Election> {
        self.check_keys(doc, "", TOP_KEYS, "election file keys")?;
        let missing = |key: &str, what: &str| {
            Error::input(format!("missing key, expected {what}"))
                .file(self.name)
                .field(key)
        };
        let _ = doc_span;

        let (id_span, id_value) = self
            .get(doc, "id")
            .ok_or_else(|| missing("id", "the election id such as id = \"2027-presidium\""))?;
        let id = self.string(id_value, "id")?;
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
            return Err(self.err(
                id_span,
                "id",
                format!("'{id}' is not a valid id, expected letters, digits, '.', '_' or '-'"),
            ));
        }
        let title = match self.get(doc, "title") {
            Some((_, v)) => self.string(v, "title")?,
            None => String::new(),
        };
        let (_, method_value) = self.get(doc, "method").ok_or_else(|| {
            missing(
                "method",
                "the counting method such as method = \"majority-approval\"",
            )
        })?;
        let method = ElectionMethod::parse(&self.string(method_value, "method")?)
            .map_err(|m| self.err(method_value.span(), "method", m))?;

        let seats = match self.get(doc, "seats") {
            Some((_, v)) => {
                let n = self.integer(v, "seats")?;
                if n < 1 || n > u32::MAX as u64 {
                    return Err(self.err(
                        v.span(),
                        "seats",
                        format!("{n} seats, expected at least 1"),
                    ));
                }
                if method == ElectionMethod::Recall && n != 1 {
                    return Err(self.err(
                        v.span(),
                        "seats",
                        format!("{n} seats, a recall is a vote on one officer (seats = 1)"),
                    ));
                }
                Some(n as u32)
            }
            None if method == ElectionMethod::Recall => Some(1),
            None if method.is_ranked() => None,
            None => return Err(missing("seats", "the number of seats such as seats = 5")),
        };

        let candidates = match self.get(doc, "candidates") {
            Some((_, v)) => {
                let names = self.string_list(v, "candidates", "candidates")?;
                if names.is_empty() {
                    return Err(self.err(
                        v.span(),
                        "candidates",
                        "no candidates, expected at least one",
                    ));
                }
                if let Some(s) = seats {
                    if (names.len() as u64) < s as u64 {
                        return Err(self.err(
                            v.span(),
                            "candidates",
                            format!(
                                "{} candidates for {s} seats, expected at least as many \
                                 candidates as seats",
                                names.len()
                            ),
                        ));
                    }
                }
                if method == ElectionMethod::Recall && names.len() != 1 {
                    return Err(self.err(
                        v.span(),
                        "candidates",
                        format!("{} names, a recall names exactly one officer", names.len()),
                    ));
                }
                Some((v.span(), names))
            }
            None if method.is_ranked() => None,
            None => {
                return Err(missing(
                    "candidates",
                    "the candidate list such as candidates = [\"王芳\", \"李强\"]",
                ))
            }
        };

        let profile = match self.get(doc, "profile") {
            Some((_, v)) => Profile::parse(&self.string(v, "profile")?)
                .map_err(|m| self.err(v.span(), "profile", m))?,
            None => Profile::Henan2017,
        };

        let attendance = match self.get(doc, "attendance") {
            Some((_, v)) => Some(self.attendance(self.table(v, "attendance")?, v.span())?),
            None => None,
        };

        let mut rules = profile.rules();
        let mut ranked_rules = RankedRules::default();
        let mut rule_overrides = Vec::new();
        if let Some((_, v)) = self.get(doc, "rules") {
            let table = self.table(v, "rules")?;
            let allowed = method.rule_keys();
            self.check_keys(
                table,
                "rules",
                allowed,
                &format!("the rules of method {}", method.name()),
            )
            .map_err(|e| {
                if allowed.is_empty() {
                    Error {
                        message: format!("method {} takes no [rules]", method.name()),
                        ..e
                    }
                } else {
                    e
                }
            })?;
            let mut entries: Vec<_> = table.iter().collect();
            entries.sort_by_key(|(k, _)| k.span().start);
            for (k, value) in entries {
                let key = k.get_ref().as_ref();
                let written = self.apply_rule(method, key, value, &mut rules, &mut ranked_rules)?;
                rule_overrides.push((key.to_string(), written));
            }
            rule_overrides.sort();
        }

        let round = match self.get(doc, "round") {
            Some((_, v)) => {
                let text = self.string(v, "round")?;
                let round = match text.trim() {
                    "first" => RoundKind::First,
                    "revote" => RoundKind::Revote,
                    "supplementary" => RoundKind::Supplementary,
                    other => {
                        return Err(self.err(
                            v.span(),
                            "round",
                            format!(
                                "'{other}' is not a round, expected first, revote or supplementary"
                            ),
                        ))
                    }
                };
                if round != RoundKind::First && method != ElectionMethod::MajorityApproval {
                    return Err(self.err(
                        v.span(),
                        "round",
                        "re-votes and supplementary rounds are rounds of majority-approval",
                    ));
                }
                round
            }
            None => RoundKind::First,
        };
        let revote_number = match self.get(doc, "revote_number") {
            Some((_, v)) => {
                let n = self.integer(v, "revote_number")?;
                if round != RoundKind::Revote || n < 1 || n > u32::MAX as u64 {
                    return Err(self.err(
                        v.span(),
                        "revote_number",
                        "expected a number from 1, and only with round = \"revote\"",
                    ));
                }
                n as u32
            }
            None => 1,
        };

        let tiebreak_seed = match self.get(doc, "tiebreak") {
            Some((_, v)) => {
                let t = self.table(v, "tiebreak")?;
                self.check_keys(t, "tiebreak", &["seed"], "the tie-break beacon")?;
                match self.get(t, "seed") {
                    Some((_, s)) => {
                        let seed = self.string(s, "tiebreak.seed")?;
                        if seed.is_empty() {
                            return Err(self.err(
                                s.span(),
                                "tiebreak.seed",
                                "empty seed, expected the public beacon text",
                            ));
                        }
                        Some(seed)
                    }
                    None => None,
                }
            }
            None => None,
        };

        let committee = match self.get(doc, "committee") {
            Some((_, v)) => Some(self.committee(self.table(v, "committee")?, v.span())?),
            None => None,
        };
        let receipts = match self.get(doc, "receipts") {
            Some((_, v)) => self.boolean(v, "receipts")?,
            None => false,
        };
        let stations = match self.get(doc, "stations") {
            Some((_, v)) => Some(self.string_list(v, "stations", "station record ids")?),
            None => None,
        };

        // Cross-field checks.
        if method.is_committee() && attendance.is_none() {
            return Err(missing(
                "attendance",
                &format!(
                    "[attendance] with entitled and present (method {})",
                    method.name()
                ),
            ));
        }
        if let (Some((span, names)), Some(s), ElectionMethod::MajorityApproval) =
            (&candidates, seats, method)
        {
            // A 另行选举 slate has the same minimum, and two candidates for one seat (S2);
            // a re-vote has the tied candidates.
            let needed = match round {
                RoundKind::First => Some(rules.min_candidates(s)),
                RoundKind::Supplementary => Some(rules.supplementary_slate_size(s)),
                RoundKind::Revote => None,
            };
            if let Some(needed) = needed.filter(|&n| (names.len() as u64) < n) {
                return Err(self.err(
                    span.clone(),
                    "candidates",
                    format!(
                        "{} candidates for {s} seats, profile {} needs at least {needed} \
                         (差额: excess at least {} of the seats, rounded up, or {} more{}); \
                         set [rules] min_excess to change it",
                        names.len(),
                        profile.name(),
                        rules.min_excess,
                        rules.min_extra,
                        if round == RoundKind::Supplementary {
                            "; two for one seat in a 另行选举"
                        } else {
                            ""
                        }
                    ),
                ));
            }
            let most = match round {
                RoundKind::First => rules.max_candidates(s),
                _ => None,
            };
            if let Some(most) = most {
                if names.len() as u64 > most {
                    return Err(self.err(
                        span.clone(),
                        "candidates",
                        format!(
                            "{} candidates for {s} seats, profile {} allows at most {most}; \
                             hold a pre-election (预选, EL 32) first, or set [rules] max_excess",
                            names.len(),
                            profile.name()
                        ),
                    ));
                }
            }
        }
        Ok(Election {
            file: self.name.to_string(),
            id,
            title,
            method,
            seats,
            candidates: candidates.map(|(_, n)| n),
            profile,
            attendance,
            rules,
            ranked_rules,
            rule_overrides,
            round,
            revote_number,
            tiebreak_seed,
            committee,
            receipts,
            stations,
            raw: Vec::new(),
            sha256: [0; 32],
        })
    }

    fn attendance(&self, t: &Table, span: Range<usize>) -> Result<Attendance> {
        self.check_keys(
            t,
            "attendance",
            &["entitled", "present", "issued"],
            "应到, 实到 and ballots issued",
        )?;
        let field = |key: &str| -> Result<Option<(Range<usize>, u64)>> {
            match self.get(t, key) {
                Some((_, v)) => Ok(Some((
                    v.span(),
                    self.integer(v, &format!("attendance.{key}"))?,
                ))),
                None => Ok(None),
            }
        };
        let entitled = field("entitled")?.ok_or_else(|| {
            self.err(
                span.clone(),
                "attendance.entitled",
                "missing key, expected entitled (应到)",
            )
        })?;
        let present = field("present")?.ok_or_else(|| {
            self.err(
                span.clone(),
                "attendance.present",
                "missing key, expected present (实到)",
            )
        })?;
        if present.1 > entitled.1 {
            return Err(self.err(
                present.0,
                "attendance.present",
                format!(
                    "{} present but only {} entitled, expected present <= entitled",
                    present.1, entitled.1
                ),
            ));
        }
        let issued = field("issued")?.map(|(_, n)| n).unwrap_or(present.1);
        Ok(Attendance {
            entitled: entitled.1,
            present: present.1,
            issued,
        })
    }

    fn committee(&self, t: &Table, span: Range<usize>) -> Result<Committee> {
        self.check_keys(
            t,
            "committee",
            &["threshold", "members"],
            "the signing committee",
        )?;
        let (_, members_value) = self.get(t, "members").ok_or_else(|| {
            self.err(
                span.clone(),
                "committee.members",
                "missing key, expected members = [{ id = \"…\", key = \"…\" }]",
            )
        })?;
        let DeValue::Array(items) = members_value.get_ref() else {
            return Err(self.err(
                members_value.span(),
                "committee.members",
                "expected an array of { id, key } tables",
            ));
        };
        let mut members = Vec::new();
        let mut seen = HashSet::new();
        for item in items.iter() {
            let m = self.table(item, "committee.members")?;
            self.check_keys(
                m,
                "committee.members",
                &["id", "key"],
                "a member's id and key",
            )?;
            let (_, idv) = self.get(m, "id").ok_or_else(|| {
                self.err(
                    item.span(),
                    "committee.members.id",
                    "missing key, expected id",
                )
            })?;
            let id = self.string(idv, "committee.members.id")?;
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            {
                return Err(self.err(
                    idv.span(),
                    "committee.members.id",
                    format!("'{id}' is not a valid id, expected letters, digits, '.', '_' or '-'"),
                ));
            }
            if !seen.insert(id.clone()) {
                return Err(self.err(
                    idv.span(),
                    "committee.members.id",
                    format!("duplicate member '{id}'"),
                ));
            }
            let (_, kv) = self.get(m, "key").ok_or_else(|| {
                self.err(
                    item.span(),
                    "committee.members.key",
                    "missing key, expected key (the member's signify public key)",
                )
            })?;
            let key = self.string(kv, "committee.members.key")?.trim().to_string();
            if key.is_empty() {
                return Err(self.err(
                    kv.span(),
                    "committee.members.key",
                    "empty key, expected the member's signify public key",
                ));
            }
            members.push(CommitteeMember { id, key });
        }
        let threshold = match self.get(t, "threshold") {
            Some((_, v)) => {
                let k = self.integer(v, "committee.threshold")?;
                if k < 1 || k > members.len() as u64 {
                    return Err(self.err(
                        v.span(),
                        "committee.threshold",
                        format!(
                            "threshold {k} with {} members, expected 1 to {}",
                            members.len(),
                            members.len()
                        ),
                    ));
                }
                k as u32
            }
            None => {
                return Err(self.err(
                    span,
                    "committee.threshold",
                    "missing key, expected threshold (how many members must sign)",
                ))
            }
        };
        Ok(Committee { threshold, members })
    }

    /// Applies one `[rules]` key; returns the value as written.
    fn apply_rule(
        &self,
        method: ElectionMethod,
        key: &str,
        value: &Value,
        rules: &mut CommitteeRules,
        ranked: &mut RankedRules,
    ) -> Result<String> {
        let field = format!("rules.{key}");
        let span = value.span();
        let bad = |m: String| self.err(span.clone(), &field, m);
        let text = || self.string(value, &field);
        if method.is_ranked() {
            let t = text()?;
            match key {
                "overvote" => {
                    ranked.overvote = match t.as_str() {
                        "exhaust" => OvervoteRule::Exhaust,
                        "skip-rank" => OvervoteRule::SkipRank,
                        "exhaust-if-multiple-continuing" => OvervoteRule::ExhaustIfMultipleContinuing,
                        o => return Err(bad(format!("'{o}' is not an overvote rule, expected exhaust, skip-rank or exhaust-if-multiple-continuing"))),
                    }
                }
                "skipped_ranks" => {
                    ranked.skipped_ranks = match t.as_str() {
                        "skip" => SkippedRule::Skip,
                        "exhaust-after-two" => SkippedRule::ExhaustAfterTwo,
                        o => {
                            return Err(bad(format!(
                                "'{o}' is not a skipped-rank rule, expected skip or exhaust-after-two"
                            )))
                        }
                    }
                }
                _ => {
                    ranked.elimination = match t.as_str() {
                        "single" => Elimination::Single,
                        "batch" => Elimination::Batch,
                        o => {
                            return Err(bad(format!(
                                "'{o}' is not an elimination rule, expected single or batch"
                            )))
                        }
                    }
                }
            }
            return Ok(t);
        }
        let recall = method == ElectionMethod::Recall;
        match key {
            "quorum" => {
                let t = text()?;
                let q = if t.trim() == "none" {
                    None
                } else {
                    Some(Quorum::parse(&t).map_err(bad)?)
                };
                if recall {
                    rules.recall_quorum = q;
                } else {
                    rules.quorum = q;
                }
                Ok(t)
            }
            "threshold" => {
                let t = text()?;
                if recall {
                    rules.recall_threshold = Threshold::parse(&t).map_err(bad)?;
                } else {
                    rules.threshold = WinRule::parse(&t).map_err(bad)?;
                }
                Ok(t)
            }
            "supplementary_threshold" => {
                let t = text()?;
                rules.supplementary_threshold = if t.trim() == "same" {
                    None
                } else {
                    Some(WinRule::parse(&t).map_err(bad)?)
                };
                Ok(t)
            }
            "tie_at_cutoff" => {
                let t = text()?;
                rules.tie_at_cutoff = TieAtCutoff::parse(&t).map_err(bad)?;
                Ok(t)
            }
            "revote_fallback" => {
                let t = text()?;
                let rule = TieAtCutoff::parse(&t).map_err(bad)?;
                if rule == TieAtCutoff::Revote {
                    return Err(bad("expected lot or vacancy".to_string()));
                }
                rules.revote_fallback = rule;
                Ok(t)
            }
            "max_revote_rounds" => {
                let n = self.integer(value, &field)?;
                rules.max_revote_rounds =
                    Some(u32::try_from(n).map_err(|_| bad("too large".into()))?);
                Ok(n.to_string())
            }
            "write_ins" | "write_in_requires_reject" => {
                let b = self.boolean(value, &field)?;
                if key == "write_ins" {
                    rules.write_ins = b;
                } else {
                    rules.write_in_requires_reject = b;
                }
                Ok(b.to_string())
            }
            "write_in_eligible" => {
                let names = self.string_list(value, &field, "eligible write-in names")?;
                let written = names.join(", ");
                rules.write_in_eligible = Some(names);
                Ok(written)
            }
            "write_in_listed" => {
                let t = text()?;
                rules.write_in_listed = match t.as_str() {
                    "void" => WriteInListed::Void,
                    "count" => WriteInListed::Count,
                    o => return Err(bad(format!("'{o}' is not a rule, expected void or count"))),
                };
                Ok(t)
            }
            "overvote" => {
                let t = text()?;
                rules.selections = match t.as_str() {
                    "void-ballot" => SelectionRule::VoidOvervote,
                    "exact" => SelectionRule::Exact,
                    o => {
                        return Err(bad(format!(
                            "'{o}' is not an overvote rule, expected void-ballot or exact"
                        )))
                    }
                };
                Ok(t)
            }
            "illegible" => {
                let t = text()?;
                rules.illegible = match t.as_str() {
                    "void-line" => IllegibleRule::VoidLine,
                    "void-ballot" => IllegibleRule::VoidBallot,
                    o => {
                        return Err(bad(format!(
                            "'{o}' is not an illegible-mark rule, expected void-line or void-ballot"
                        )))
                    }
                };
                Ok(t)
            }
            "min_excess" | "max_excess" | "min_slate" => {
                let t = match value.get_ref() {
                    DeValue::Integer(i) => i.as_str().to_string(),
                    _ => text()?,
                };
                let r = if key == "min_slate" {
                    parse_slate_ratio(&t)
                } else {
                    parse_excess(&t)
                }
                .map_err(|e| bad(e.message))?;
                if r.num > u64::MAX as u128 || r.den > u64::MAX as u128 {
                    return Err(bad(format!("'{t}' is too large")));
                }
                if key == "max_excess" {
                    rules.max_excess = Some(r);
                } else {
                    rules.min_excess = r;
                }
                Ok(t)
            }
            "min_extra" => {
                let n = self.integer(value, &field)?;
                rules.min_extra = u32::try_from(n).map_err(|_| bad("too large".into()))?;
                Ok(n.to_string())
            }
            _ => Err(bad("unknown rule".to_string())),
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
members = [{ id = "wang", key = "RWSa" }, { id = "li", key = "RWSb" }]
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
        assert_eq!(e.rules, Profile::Henan2017.rules());
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
        assert_eq!(e.profile, Profile::CylBasic);
        assert_eq!(e.rules.quorum, Profile::CylBasic.rules().quorum);
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
}
