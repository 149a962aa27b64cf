//! Reading an election file: one function per key, in the order the file's problems are
//! reported, then the rules that tie keys together (a committee method needs its
//! attendance; a competitive election its 差额 slate).

use super::reader::{Reader, Table, Value};
use super::rule_keys::read_rules;
use super::{
    invalid_id_message, valid_id, Attendance, BallotKind, Election, ElectionMethod, PreviousLink,
    RoundKind, Secrecy, PLACEHOLDER,
};
use crate::ballot::profiles::{CommitteeRules, RulesProfile};
use crate::ballot::ranked::SurplusTransfer;
use crate::ballot::tiebreak::TieMode;
use crate::error::{Error, Result};
use std::ops::Range;
use toml::de::DeTable;

/// The keys an election file may have.
const TOP_KEYS: &[&str] = &[
    "id",
    "title",
    "date",
    "method",
    "seats",
    "candidates",
    "profile",
    "attendance",
    "rules",
    "tiebreak",
    "committee",
    "receipts",
    "secrecy",
    "stations",
    "round",
    "revote_number",
    "withdrawn",
    "previous",
    "candidates_file",
    "candidate",
    "constraint",
    "eligible",
];

/// Parses the exact bytes of an election file named `name` (without its hash and bytes, which
/// the caller keeps).
pub(super) fn election(name: &str, raw: &[u8]) -> Result<Election> {
    let text = utf8_text(name, raw)?;
    let reader = Reader { name, text };
    let doc = DeTable::parse(text).map_err(|e| {
        let line = e.span().map(|s| reader.line_of(s.start)).unwrap_or(1);
        Error::input(format!(
            "not valid TOML: {}",
            e.message().trim().trim_end_matches('.')
        ))
        .file(name)
        .line(line)
    })?;
    reader.election(doc.get_ref())
}

/// The file's text: UTF-8, without a byte-order mark.
fn utf8_text<'a>(name: &str, raw: &'a [u8]) -> Result<&'a str> {
    match std::str::from_utf8(raw) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let line = 1 + raw[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            Err(Error::input("invalid UTF-8, expected a UTF-8 TOML file")
                .file(name)
                .line(line))
        }
    }
}

/// The message for fewer candidates than seats.
fn too_few_candidates(candidates: usize, seats: u32) -> String {
    format!(
        "{candidates} candidates for {seats} seats, expected at least as many candidates as seats"
    )
}

/// `[tiebreak]` as read.
#[derive(Default)]
struct TieBreakKeys {
    seed: Option<String>,
    mode: Option<TieMode>,
    permutation: Option<Vec<String>>,
}

/// `candidates` with the span of its value (for the slate rules that come later).
type Candidates = Option<(Range<usize>, Vec<String>)>;

impl Reader<'_> {
    fn election(&self, doc: &Table) -> Result<Election> {
        self.check_keys(doc, "", TOP_KEYS, "election file keys")?;
        let id = self.id(doc)?;
        let title = self.optional(doc, "title", |v| self.string(v, "title"))?;
        let date = self.optional(doc, "date", |v| {
            let text = self.string(v, "date")?;
            crate::date::Date::parse(&text).map_err(|m| self.err(v.span(), "date", m))
        })?;
        let (method, method_as_written) = self.method(doc)?;
        let seats = self.seats(doc, method)?;
        let candidates = self.candidates(doc, method, seats)?;
        let profile = self.optional(doc, "profile", |v| {
            RulesProfile::parse(&self.string(v, "profile")?)
                .map_err(|m| self.err(v.span(), "profile", m))
        })?;
        let profile = profile.unwrap_or(RulesProfile::Henan2017);
        let attendance = self.optional(doc, "attendance", |v| {
            self.attendance(self.table(v, "attendance")?, v.span())
        })?;
        let rules = read_rules(
            self,
            self.get(doc, "rules").map(|(_, v)| v),
            method,
            profile,
        )?;
        if let (Some((span, names)), Some(s)) = (&candidates, seats) {
            if (names.len() as u64) < u64::from(s)
                && rules.ranked.transfer != SurplusTransfer::AllSurpluses
            {
                return Err(self.err(
                    span.clone(),
                    "candidates",
                    too_few_candidates(names.len(), s),
                ));
            }
        }
        let round = self.round(doc, method)?;
        let revote_number = self.revote_number(doc, round)?;
        let previous = self.optional(doc, "previous", |v| self.previous(v, round))?;
        let tiebreak = self.tiebreak(doc, method, candidates.as_ref().map(|(_, n)| n))?;
        let withdrawn = self.withdrawn(doc, method, candidates.as_ref().map(|(_, n)| n))?;
        let mut rules = rules;
        rules.ranked.rctab_rounds |= tiebreak.mode.is_some()
            || !withdrawn.is_empty()
            || matches!(
                method,
                ElectionMethod::BottomsUp | ElectionMethod::SequentialIrv
            );
        let committee = self.optional(doc, "committee", |v| {
            self.committee(self.table(v, "committee")?, v.span())
        })?;
        let receipts = self.optional(doc, "receipts", |v| self.boolean(v, "receipts"))?;
        let stations = self.optional(doc, "stations", |v| self.station_ids(v))?;
        let secrecy = self.optional(doc, "secrecy", |v| self.secrecy(v))?;
        let constraint_keys = self.constraint_keys(doc, seats)?;
        self.committee_methods_need_attendance(method, attendance.is_some())?;
        if let (Some((span, names)), Some(seats)) = (&candidates, seats) {
            self.check_slate(method, round, &rules.committee, span, names.len(), seats)?;
        }
        let mut election = Election {
            file: self.name.to_string(),
            id,
            title,
            date,
            method,
            method_as_written,
            seats,
            candidates: candidates.map(|(_, names)| names),
            profile,
            attendance,
            rules: rules.committee,
            ranked_rules: rules.ranked,
            rule_overrides: rules.overrides,
            round,
            revote_number,
            previous,
            tiebreak_seed: tiebreak.seed,
            tiebreak_mode: tiebreak.mode,
            tiebreak_permutation: tiebreak.permutation,
            withdrawn,
            committee,
            receipts: receipts.unwrap_or(false),
            stations,
            secrecy,
            candidates_file: constraint_keys.candidates_file,
            attributes: None,
            constraints: constraint_keys.constraints,
            eligible: constraint_keys.eligible,
            warnings: Vec::new(),
            raw: Vec::new(),
            sha256: [0; 32],
        };
        if let Some(attributes) = constraint_keys.attributes {
            election.attach_attributes(attributes)?;
        }
        Ok(election)
    }

    /// The value of an optional key, read by `read`.
    fn optional<T>(
        &self,
        table: &Table,
        key: &str,
        read: impl FnOnce(&Value) -> Result<T>,
    ) -> Result<Option<T>> {
        self.get(table, key).map(|(_, v)| read(v)).transpose()
    }

    /// `id`: required, a valid id.
    fn id(&self, doc: &Table) -> Result<String> {
        let (span, value) = self
            .get(doc, "id")
            .ok_or_else(|| self.missing("id", "the election id such as id = \"2027-presidium\""))?;
        let id = self.string(value, "id")?;
        if !valid_id(&id) {
            return Err(self.err(span, "id", invalid_id_message(&id, "id")));
        }
        Ok(id)
    }

    /// `method`: required, one of the methods; also returned as written.
    fn method(&self, doc: &Table) -> Result<(ElectionMethod, String)> {
        let (_, value) = self.get(doc, "method").ok_or_else(|| {
            self.missing(
                "method",
                "the counting method such as method = \"majority-approval\"",
            )
        })?;
        let written = self.string(value, "method")?;
        let method =
            ElectionMethod::parse(&written).map_err(|m| self.err(value.span(), "method", m))?;
        Ok((method, written))
    }

    /// `seats`: at least 1; a recall fills exactly one seat (and says so by default); ranked
    /// methods may leave it to the ballot file (BLT), marks methods may not.
    fn seats(&self, doc: &Table, method: ElectionMethod) -> Result<Option<u32>> {
        let Some((_, v)) = self.get(doc, "seats") else {
            if method == ElectionMethod::Recall {
                return Ok(Some(1));
            }
            return match method.ballot_kind() {
                BallotKind::Ranked => Ok(None),
                BallotKind::Marks => {
                    Err(self.missing("seats", "the number of seats such as seats = 5"))
                }
            };
        };
        let n = self.integer(v, "seats")?;
        if n == 0 && method == ElectionMethod::BottomsUp {
            // Every candidate over bottoms_up_threshold is elected (RCTab's bottoms-up with a
            // percentage); the count checks that the threshold is given.
            return Ok(Some(0));
        }
        if n < 1 || n > u32::MAX as u64 {
            return Err(self.err(v.span(), "seats", format!("{n} seats, expected at least 1")));
        }
        if method == ElectionMethod::Recall && n != 1 {
            return Err(self.err(
                v.span(),
                "seats",
                format!("{n} seats, a recall is a vote on one officer (seats = 1)"),
            ));
        }
        Ok(Some(n as u32))
    }

    /// `candidates`: names, trimmed, unique, at least one and at least as many as seats; a
    /// recall names exactly one officer. Ranked ballot files may name them instead; marks
    /// files may not.
    fn candidates(
        &self,
        doc: &Table,
        method: ElectionMethod,
        seats: Option<u32>,
    ) -> Result<Candidates> {
        let Some((_, v)) = self.get(doc, "candidates") else {
            return match method.ballot_kind() {
                BallotKind::Ranked => Ok(None),
                BallotKind::Marks => Err(self.missing(
                    "candidates",
                    "the candidate list such as candidates = [\"王芳\", \"李强\"]",
                )),
            };
        };
        let names = self.string_list(v, "candidates", "candidates")?;
        let bad = |m: String| self.err(v.span(), "candidates", m);
        if names.is_empty() {
            return Err(bad("no candidates, expected at least one".into()));
        }
        // RCTab's multi-winner STV elects every candidate when there are fewer than seats
        // (checked once `transfer` is read, below); every other method refuses it here.
        if let Some(s) = seats.filter(|&s| (names.len() as u64) < s as u64) {
            if method != ElectionMethod::Stv {
                return Err(bad(too_few_candidates(names.len(), s)));
            }
        }
        if method == ElectionMethod::Recall && names.len() != 1 {
            return Err(bad(format!(
                "{} names, a recall names exactly one officer",
                names.len()
            )));
        }
        Ok(Some((v.span(), names)))
    }

    /// `[attendance]`: entitled (应到) and present (实到) required, present <= entitled;
    /// issued defaults to present.
    fn attendance(&self, t: &Table, span: Range<usize>) -> Result<Attendance> {
        self.check_keys(
            t,
            "attendance",
            &["entitled", "present", "issued"],
            "应到, 实到 and ballots issued",
        )?;
        self.attendance_filled_in(t)?;
        let count = |key: &str| -> Result<Option<(Range<usize>, u64)>> {
            self.get(t, key)
                .map(|(_, v)| Ok((v.span(), self.integer(v, &format!("attendance.{key}"))?)))
                .transpose()
        };
        let required = |key: &str, what: &str| {
            self.err(
                span.clone(),
                &format!("attendance.{key}"),
                format!("missing key, expected {key} ({what})"),
            )
        };
        let (_, entitled) = count("entitled")?.ok_or_else(|| required("entitled", "应到"))?;
        let (present_span, present) =
            count("present")?.ok_or_else(|| required("present", "实到"))?;
        if present > entitled {
            return Err(self.err(
                present_span,
                "attendance.present",
                format!(
                    "{present} present but only {entitled} entitled, expected present <= entitled"
                ),
            ));
        }
        let issued = count("issued")?.map(|(_, n)| n).unwrap_or(present);
        Ok(Attendance {
            entitled,
            present,
            issued,
        })
    }

    /// The attendance keys `congress next` leaves to fill in (value `"?"`): counting before
    /// they are filled is an error naming every one of them.
    fn attendance_filled_in(&self, t: &Table) -> Result<()> {
        let unfilled: Vec<(Range<usize>, &str)> = ["entitled", "present", "issued"]
            .into_iter()
            .filter_map(|key| self.get(t, key).map(|(_, v)| (v, key)))
            .filter(|(v, _)| matches!(v.get_ref(), toml::de::DeValue::String(s) if s.trim() == PLACEHOLDER))
            .map(|(v, key)| (v.span(), key))
            .collect();
        let Some((first, _)) = unfilled.first() else {
            return Ok(());
        };
        let keys: Vec<String> = unfilled
            .iter()
            .map(|(_, key)| format!("attendance.{key}"))
            .collect();
        let field = if unfilled.len() == 1 {
            keys[0].clone()
        } else {
            "attendance".to_string()
        };
        Err(self.err(
            first.clone(),
            &field,
            format!(
                "{} not filled in (\"{PLACEHOLDER}\"), expected this round's 应到, 实到 and ballots \
                 issued as whole numbers",
                keys.join(", ")
            ),
        ))
    }

    /// `previous`: the round this one continues (`congress next` writes it): `election`, the
    /// previous election's id; `result`, the path of its result JSON or record directory,
    /// relative to this file; `result_sha256`, the SHA-256 of that result (of the record's
    /// `result.json`); `record_root`, the record's root, when `result` is a record. Only a
    /// re-vote or a 另行选举 continues a round.
    fn previous(&self, v: &Value, round: RoundKind) -> Result<PreviousLink> {
        let t = self.table(v, "previous")?;
        self.check_keys(
            t,
            "previous",
            &["election", "result", "result_sha256", "record_root"],
            "the round this one continues",
        )?;
        if round == RoundKind::First {
            return Err(self.err(
                v.span(),
                "previous",
                "a first round continues no round, expected round = \"revote\" or \"supplementary\" with previous",
            ));
        }
        let text = |key: &str, what: &str| -> Result<String> {
            let (_, value) = self.get(t, key).ok_or_else(|| {
                self.err(
                    v.span(),
                    &format!("previous.{key}"),
                    format!("missing key, expected {what}"),
                )
            })?;
            self.string(value, &format!("previous.{key}"))
        };
        let hex = |key: &str, what: &str| -> Result<String> {
            let value = text(key, what)?;
            if value.len() != 64
                || !value
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            {
                let span = self.get(t, key).map(|(_, x)| x.span()).unwrap_or(v.span());
                return Err(self.err(
                    span,
                    &format!("previous.{key}"),
                    format!("'{value}' is not a SHA-256, expected 64 lowercase hex digits"),
                ));
            }
            Ok(value)
        };
        let election = text("election", "the previous round's election id")?;
        let result = text(
            "result",
            "the previous round's result JSON or record directory, relative to this file",
        )?;
        let result_sha256 = hex("result_sha256", "the SHA-256 of the previous result")?;
        let record_root = match self.get(t, "record_root") {
            Some(_) => Some(hex("record_root", "the previous record's root")?),
            None => None,
        };
        Ok(PreviousLink {
            election,
            result,
            result_sha256,
            record_root,
            line: self.line_of(v.span().start),
        })
    }

    /// `round`: first (default), revote or supplementary; only majority-approval has rounds.
    /// `secrecy`: how a record publishes the ballots.
    fn secrecy(&self, v: &Value) -> Result<Secrecy> {
        let text = self.string(v, "secrecy")?;
        Secrecy::ALL
            .into_iter()
            .find(|m| m.name() == text.trim())
            .ok_or_else(|| {
                self.err(
                    v.span(),
                    "secrecy",
                    format!(
                        "'{}' is not a secrecy mode, expected none, commitments or tally-only",
                        text.trim()
                    ),
                )
            })
    }

    fn round(&self, doc: &Table, method: ElectionMethod) -> Result<RoundKind> {
        let Some((_, v)) = self.get(doc, "round") else {
            return Ok(RoundKind::First);
        };
        let text = self.string(v, "round")?;
        let round = RoundKind::ALL
            .into_iter()
            .find(|r| r.name() == text.trim())
            .ok_or_else(|| {
                self.err(
                    v.span(),
                    "round",
                    format!(
                        "'{}' is not a round, expected first, revote or supplementary",
                        text.trim()
                    ),
                )
            })?;
        if round != RoundKind::First && method != ElectionMethod::MajorityApproval {
            return Err(self.err(
                v.span(),
                "round",
                "re-votes and supplementary rounds are rounds of majority-approval",
            ));
        }
        Ok(round)
    }

    /// `revote_number`: from 1 (the default), and only in a re-vote.
    fn revote_number(&self, doc: &Table, round: RoundKind) -> Result<u32> {
        let Some((_, v)) = self.get(doc, "revote_number") else {
            return Ok(1);
        };
        let n = self.integer(v, "revote_number")?;
        if round != RoundKind::Revote || n < 1 || n > u32::MAX as u64 {
            return Err(self.err(
                v.span(),
                "revote_number",
                "expected a number from 1, and only with round = \"revote\"",
            ));
        }
        Ok(n as u32)
    }

    /// `[tiebreak]`: `seed`, the public beacon for lots, not empty; `mode` (ranked methods
    /// only), the rule that settles ties; `permutation`, the order of `mode =
    /// "permutation"` (every candidate once). `candidate-order` needs `candidates`.
    fn tiebreak(
        &self,
        doc: &Table,
        method: ElectionMethod,
        candidates: Option<&Vec<String>>,
    ) -> Result<TieBreakKeys> {
        let mut keys = TieBreakKeys::default();
        let Some((_, v)) = self.get(doc, "tiebreak") else {
            return Ok(keys);
        };
        let t = self.table(v, "tiebreak")?;
        self.check_keys(
            t,
            "tiebreak",
            &["seed", "mode", "permutation"],
            "the tie-break beacon and rule",
        )?;
        if let Some((_, s)) = self.get(t, "seed") {
            let seed = self.string(s, "tiebreak.seed")?;
            if seed.is_empty() {
                return Err(self.err(
                    s.span(),
                    "tiebreak.seed",
                    "empty seed, expected the public beacon text",
                ));
            }
            keys.seed = Some(seed);
        }
        if let Some((_, m)) = self.get(t, "mode") {
            let text = self.string(m, "tiebreak.mode")?;
            let mode = TieMode::ALL
                .into_iter()
                .find(|mode| mode.name() == text.trim())
                .ok_or_else(|| {
                    self.err(
                        m.span(),
                        "tiebreak.mode",
                        format!(
                            "'{text}' is not a tie-break mode, expected {}",
                            TieMode::ALL.map(|m| m.name()).join(", ")
                        ),
                    )
                })?;
            if !method.is_ranked() {
                return Err(self.err(
                    m.span(),
                    "tiebreak.mode",
                    format!(
                        "[tiebreak] mode settles ties of ranked methods, not of method {}",
                        method.name()
                    ),
                ));
            }
            if mode == TieMode::CandidateOrder && candidates.is_none() {
                return Err(self.err(
                    m.span(),
                    "tiebreak.mode",
                    "mode = \"candidate-order\" needs the candidates list in the election file",
                ));
            }
            keys.mode = Some(mode);
        }
        if let Some((_, p)) = self.get(t, "permutation") {
            let names = self.string_list(p, "tiebreak.permutation", "candidates")?;
            let bad = |m: String| self.err(p.span(), "tiebreak.permutation", m);
            if keys.mode != Some(TieMode::Permutation) {
                return Err(bad(
                    "permutation is the order of mode = \"permutation\"".into()
                ));
            }
            if let Some(list) = candidates {
                if let Some(stranger) = names.iter().find(|n| !list.contains(n)) {
                    return Err(bad(format!("'{stranger}' is not a candidate")));
                }
                if let Some(missing) = list.iter().find(|n| !names.contains(n)) {
                    return Err(bad(format!(
                        "'{missing}' is missing, expected every candidate once"
                    )));
                }
            }
            keys.permutation = Some(names);
        } else if keys.mode == Some(TieMode::Permutation) {
            return Err(self.missing(
                "tiebreak.permutation",
                "the order of mode = \"permutation\", such as permutation = [\"B\", \"A\"]",
            ));
        }
        Ok(keys)
    }

    /// `withdrawn`: candidates removed before counting (ranked methods only), each a
    /// candidate when the election lists them, none twice.
    fn withdrawn(
        &self,
        doc: &Table,
        method: ElectionMethod,
        candidates: Option<&Vec<String>>,
    ) -> Result<Vec<String>> {
        let Some((_, v)) = self.get(doc, "withdrawn") else {
            return Ok(Vec::new());
        };
        let names = self.string_list(v, "withdrawn", "withdrawn candidates")?;
        let bad = |m: String| Err(self.err(v.span(), "withdrawn", m));
        if !method.is_ranked() {
            return bad(format!(
                "withdrawn candidates are for ranked methods, not method {}",
                method.name()
            ));
        }
        if let Some(list) = candidates {
            if let Some(stranger) = names.iter().find(|n| !list.contains(n)) {
                return bad(format!("'{stranger}' is not a candidate"));
            }
        }
        Ok(names)
    }

    /// `stations`: the child record ids of a parent election, each a valid id (they name
    /// directories of the record), none twice.
    fn station_ids(&self, value: &Value) -> Result<Vec<String>> {
        const WHAT: &str = "station record ids";
        let items = self.array(value, "stations", WHAT)?;
        let mut ids: Vec<String> = Vec::with_capacity(items.len());
        for item in items {
            let id = self.string(item, "stations")?;
            let problem = if id.trim().is_empty() {
                Some(format!("empty name in the {WHAT}"))
            } else if !valid_id(&id) {
                Some(invalid_id_message(&id, "station id"))
            } else if ids.contains(&id) {
                Some(format!("duplicate name '{id}' in the {WHAT}"))
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(self.err(item.span(), "stations", problem));
            }
            ids.push(id);
        }
        Ok(ids)
    }

    /// Committee methods (majority-approval, recall) count against the attendance.
    fn committee_methods_need_attendance(
        &self,
        method: ElectionMethod,
        has_attendance: bool,
    ) -> Result<()> {
        if method.is_committee() && !has_attendance {
            return Err(self.missing(
                "attendance",
                &format!(
                    "[attendance] with entitled and present (method {})",
                    method.name()
                ),
            ));
        }
        Ok(())
    }

    /// Rule N1 (差额): a majority-approval slate has at least the profile's excess of
    /// candidates over seats (a 另行选举 slate too, and two for one seat, S2), and at most its
    /// maximum excess in a first round; a re-vote has the tied candidates.
    fn check_slate(
        &self,
        method: ElectionMethod,
        round: RoundKind,
        rules: &CommitteeRules,
        span: &Range<usize>,
        candidates: usize,
        seats: u32,
    ) -> Result<()> {
        if method != ElectionMethod::MajorityApproval {
            return Ok(());
        }
        let (fewest, most) = match round {
            RoundKind::First => (
                Some(rules.min_candidates(seats)),
                rules.max_candidates(seats),
            ),
            RoundKind::Supplementary => (Some(rules.supplementary_slate_size(seats)), None),
            RoundKind::Revote => (None, None),
        };
        let n = candidates as u64;
        let profile = rules.profile.name();
        if let Some(needed) = fewest.filter(|&needed| n < needed) {
            return Err(self.err(
                span.clone(),
                "candidates",
                format!(
                    "{n} candidates for {seats} seats, profile {profile} needs at least {needed} \
                     (差额: excess at least {} of the seats, rounded up, or {} more{}); \
                     set [rules] min_excess to change it",
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
        if let Some(most) = most.filter(|&most| n > most) {
            return Err(self.err(
                span.clone(),
                "candidates",
                format!(
                    "{n} candidates for {seats} seats, profile {profile} allows at most {most}; \
                     hold a pre-election (预选, EL 32) first, or set [rules] max_excess"
                ),
            ));
        }
        Ok(())
    }
}
