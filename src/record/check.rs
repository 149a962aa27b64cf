//! The checks of a record, one registry: [`CheckId`] names every check `congress verify`,
//! `verify-receipt` and `verify-consistency` run, each variant's doc comment saying what it
//! checks, and the report types those commands print.
//!
//! Each variant's doc comment is the "check" column of the table in `docs/verification.md`
//! §4 (a test compares them; `§` numbers refer to that document). [`CheckId::part`] says
//! which part of a verification runs a check and [`CheckId::in_record`] what a record of each
//! kind reports for it: both are exhaustive matches, so a new check does not compile until
//! it has its place.

use super::files::{Role, BALLOTS};
use serde::Serialize;
use std::collections::BTreeSet;

/// Declares [`CheckId`] from one list: each variant with its doc comment, which is also
/// the text [`CheckId::rule`] returns.
macro_rules! check_ids {
    ($( $(#[doc = $doc:literal])+ $id:ident, )+) => {
        /// A check of a record, numbered as in `docs/verification.md` §4.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum CheckId {
            $( $(#[doc = $doc])+ $id, )+
        }

        impl CheckId {
            /// Every check, in number order.
            pub const ALL: &'static [CheckId] = &[$(CheckId::$id),+];

            /// The id as printed: `V01`, …, `V41`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(CheckId::$id => stringify!($id),)+
                }
            }

            /// What the check checks: its doc comment, as one line of text.
            pub fn rule(self) -> &'static str {
                match self {
                    $(CheckId::$id => concat!($($doc),+),)+
                }
                .trim()
            }
        }
    };
}

check_ids! {
    /// `SHA256` parses strictly: every line `SHA256 (<path>) = <64 lowercase hex>`, sorted,
    /// unique, relative paths without `..`, `)` or control characters
    V01,
    /// the files present are exactly the files listed (plus `SHA256` and the signatures); no
    /// symbolic links; and only files a record of its role has (a station: no
    /// `stations.csv`, `stations/` or any other name; a parent: no `ballots.csv`)
    V02,
    /// every listed file's SHA-256 matches
    V03,
    /// every `SHA256.*` file is `SHA256.<member>.sig`, a well-formed signify signature (two
    /// lines, comment prefix, 74-byte `Ed` blob)
    V04,
    /// each signer is a member of the committee in `election.json` and signed with that
    /// member's key number; `keys/` holds exactly the members' keys, equal to
    /// `election.json`
    V05,
    /// Ed25519 `verify_strict` of each signature over the exact bytes of `SHA256`
    V06,
    /// distinct members with a valid signature ≥ `threshold_k`
    V07,
    /// the auditor's quorum is reached by keys given with `--trust`: a majority of them, or
    /// `--threshold` of them, and at least the record's threshold (or, for a child record,
    /// the committee is pinned by its parent's signed manifest)
    V08,
    /// `election.json`: format and version, required fields, strings and integers only,
    /// canonical bytes, and every field agrees with `election.toml` (whose SHA-256 it holds;
    /// a ranked count's list may end with `UWI`, the undeclared write-ins its ballots held)
    V10,
    /// `ballots.csv`: strict CSV, the header of this election, each line the canonical form
    /// of the ballot it holds by the rules of the record's version, `ballot_id` unique and
    /// sorted, every cell valid (unknown candidates or marks are named by line and column);
    /// in a `/1` record, no candidate named so that its lines are ambiguous (§10); a record
    /// that hides ids has no `ballot_id`, lines sorted by their bytes, and one sorted, unique
    /// commitment per line in `commitments.csv`; a tally-only record only the commitments
    /// (§11)
    V11,
    /// `head.csv` = tree size, RFC 6962 root and SHA-256 of `ballots.csv`
    V12,
    /// recount from `ballots.csv` == `tally.csv` in every line, and ballots returned == lines
    V13,
    /// ballots returned ≤ the roll (`[attendance] entitled`)
    V14,
    /// (linked round) `previous/result.json`'s SHA-256 (and `previous/head.csv`'s root) is
    /// what `election.toml`'s `previous` names, and this round (kind, number, candidates,
    /// seats) is the one that result asks for; an unlinked round has no `previous/` files
    V15,
    /// (merged) each child's `SHA256` is the one `stations.csv` pins, the child passes every
    /// check with its own committee, and counts the same election (format version, method,
    /// seats, candidates)
    V20,
    /// (merged) the children in `stations.csv`, under `stations/` and in the election's
    /// `stations` list are the same set, each once, sorted
    V21,
    /// (merged) each `stations.csv` line equals its child's head and tally; the parent
    /// `tally.csv` == Σ children's tallies
    V22,
    /// (merged) `head.csv` = tree size, root and hash of `stations.csv`
    V23,
    /// the outcome recomputed from the ballots == `seats.csv` and `result.json` byte for
    /// byte
    V30,
    /// every lot in `lots.csv` reproduces from its inputs (seed, draws, order), its beacon
    /// is the election's `[tiebreak] seed`, and the lots are exactly those the recount draws
    V31,
    /// (`verify-receipt`) the receipt's line is the published line at its index, and its
    /// audit paths lead to the signed roots (ballot → station root → … → top root)
    V40,
    /// (`verify-consistency OLD NEW`) both records pass every check, are of the same
    /// election and level, and an RFC 9162 §2.1.4 consistency proof built from NEW's leaves
    /// links OLD's signed head (size m, root) to NEW's (size n ≥ m, root): OLD's m leaves
    /// are NEW's first m
    V41,
}

/// The part of a verification that runs a check, in the order a verification runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// The manifest `SHA256` and the files it lists (every record).
    Manifest,
    /// The signatures and the committee's quorum (every record, unless signatures are not
    /// checked).
    Signatures,
    /// `election.json` against `election.toml` (every record).
    Election,
    /// A station's own ballots and the head over them.
    Station,
    /// A parent's children, `stations.csv` and the head over it.
    Parent,
    /// The recount and what it decides (every record whose `election.json` reads).
    Outcome,
    /// A voter's receipt (`verify-receipt`).
    Receipt,
    /// An earlier and a later record of one election (`verify-consistency`).
    Consistency,
}

/// What the verification of one record reports for a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InRecord {
    /// The check is part of the record's report: it passes, fails, or is skipped saying
    /// which earlier failure kept it from running.
    Reported,
    /// The check does not apply to this kind of record: it is reported as skipped, on
    /// `file`, saying why.
    NotApplicable {
        /// The file the skip line names.
        file: &'static str,
        /// Why the check does not apply.
        reason: String,
    },
    /// The check belongs to another kind of record or another command, and the record's
    /// report does not list it.
    NotListed,
}

impl CheckId {
    /// The part of a verification that runs this check.
    pub fn part(self) -> Part {
        use CheckId::*;
        match self {
            V01 | V02 | V03 => Part::Manifest,
            V04 | V05 | V06 | V07 | V08 => Part::Signatures,
            V10 | V15 => Part::Election,
            V11 | V12 => Part::Station,
            V20 | V21 | V22 | V23 => Part::Parent,
            V13 | V14 | V30 | V31 => Part::Outcome,
            V40 => Part::Receipt,
            V41 => Part::Consistency,
        }
    }

    /// What the verification of a record of `role` reports for this check (`None`: the role
    /// is unknown because `election.json` does not read).
    pub fn in_record(self, role: Option<Role>) -> InRecord {
        use CheckId::*;
        match (self, role) {
            (V01 | V02 | V03 | V04 | V05 | V06 | V07 | V08 | V10 | V15, _) => InRecord::Reported,
            // Whatever its role, a record has a count to check; with no readable
            // election.json these are reported as skipped.
            (V11 | V12 | V13 | V14 | V30 | V31, Some(Role::Station) | None) => InRecord::Reported,
            (V13 | V14 | V30 | V31, Some(Role::Parent)) => InRecord::Reported,
            (V11, Some(Role::Parent)) => InRecord::NotApplicable {
                file: BALLOTS,
                reason: "parent record: the ballots are in the child records".into(),
            },
            (V12, Some(Role::Parent)) => InRecord::NotApplicable {
                file: BALLOTS,
                reason: format!("parent record: see {V23}"),
            },
            (V20 | V21 | V22 | V23, Some(Role::Parent)) => InRecord::Reported,
            (V20 | V21 | V22 | V23, Some(Role::Station) | None) => InRecord::NotListed,
            // Checks of other commands, run after the record's own checks.
            (V40 | V41, _) => InRecord::NotListed,
        }
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CheckId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<str> for CheckId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CheckId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// The check ran and passed.
    Pass,
    /// The check ran and found a failure.
    Fail,
    /// The check does not apply, or could not run because an earlier check failed.
    Skip,
}

impl CheckStatus {
    /// The name used in reports: `pass`, `fail` or `skip`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::Skip => "skip",
        }
    }
}

/// One line of the verification report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The check.
    pub id: CheckId,
    /// pass, fail or skip.
    pub status: CheckStatus,
    /// The file concerned, relative to the record.
    pub file: String,
    /// The 1-based line in `file`, if one.
    pub line: Option<u64>,
    /// The field, column or key, if one.
    pub field: Option<String>,
    /// What was expected, if the check compares values.
    pub expected: Option<String>,
    /// What was found.
    pub found: Option<String>,
    /// What was checked or what is wrong.
    pub detail: String,
}

impl CheckResult {
    /// The report line: `<id> <status> <file>[:<line>][ <field>]: <detail>[ (expected …, found …)]`.
    pub fn render(&self) -> String {
        self.render_in(crate::lang::Lang::En)
    }

    /// The report line in `lang`: as [`CheckResult::render`] in English; in Chinese, what
    /// the check checks in Chinese after the file, then (when it did not pass) the detail.
    /// The id and the `pass|fail|skip` token are never translated.
    pub fn render_in(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::{Lang, Msg};
        let mut s = format!("{} {} {}", self.id, self.status.as_str(), self.file);
        if let Some(l) = self.line {
            s.push_str(&format!(":{l}"));
        }
        if let Some(f) = &self.field {
            s.push_str(&format!(" {f}"));
        }
        s.push_str(": ");
        match (lang, self.status) {
            (Lang::En, _) => s.push_str(&self.detail),
            (Lang::Zh, CheckStatus::Pass) => s.push_str(&lang.text(Msg::VerifyRule(self.id))),
            (Lang::Zh, CheckStatus::Fail | CheckStatus::Skip) => {
                s.push_str(&lang.text(Msg::VerifyRule(self.id)));
                s.push('：');
                s.push_str(&self.detail);
            }
        }
        s.push_str(&lang.text(Msg::ExpectedFound {
            expected: self.expected.as_deref(),
            found: self.found.as_deref(),
        }));
        s
    }
}

/// Every result of verifying one record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Results in check order (child records' results carry their path prefix).
    pub checks: Vec<CheckResult>,
}

impl Report {
    /// True when no check failed.
    pub fn ok(&self) -> bool {
        !self.checks.iter().any(|c| c.status == CheckStatus::Fail)
    }

    /// The failed results.
    pub fn failures(&self) -> impl Iterator<Item = &CheckResult> {
        self.checks.iter().filter(|c| c.status == CheckStatus::Fail)
    }

    /// The ids of failed checks, sorted and unique.
    pub fn failed_ids(&self) -> BTreeSet<String> {
        self.failures().map(|c| c.id.as_str().to_string()).collect()
    }

    /// Numbers of pass, fail and skip results.
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |s| self.checks.iter().filter(|c| c.status == s).count();
        (
            n(CheckStatus::Pass),
            n(CheckStatus::Fail),
            n(CheckStatus::Skip),
        )
    }

    /// The text report: one line per result, then a summary line.
    pub fn render(&self) -> String {
        self.render_in(crate::lang::Lang::En)
    }

    /// [`Report::render`] in `lang`.
    pub fn render_in(&self, lang: crate::lang::Lang) -> String {
        let mut out = String::new();
        for c in &self.checks {
            out.push_str(&c.render_in(lang));
            out.push('\n');
        }
        let (pass, fail, skip) = self.counts();
        out.push_str(&lang.text(crate::lang::Msg::VerifySummary {
            total: self.checks.len(),
            pass,
            fail,
            skip,
        }));
        out.push('\n');
        out
    }

    /// The JSON report: `{"ok", "pass", "fail", "skip", "checks": [...]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let (p, f, s) = self.counts();
        serde_json::json!({
            "ok": self.ok(),
            "pass": p,
            "fail": f,
            "skip": s,
            "checks": self.checks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lines_name_everything() {
        let r = CheckResult {
            id: CheckId::V03,
            status: CheckStatus::Fail,
            file: "ballots.csv".into(),
            line: Some(4),
            field: Some("sha256".into()),
            expected: Some("aa".into()),
            found: Some("bb".into()),
            detail: "SHA-256 does not match the manifest".into(),
        };
        assert_eq!(
            r.render(),
            "V03 fail ballots.csv:4 sha256: SHA-256 does not match the manifest (expected aa, found bb)"
        );
        let report = Report { checks: vec![r] };
        assert!(!report.ok());
        assert!(report.render().ends_with("RECORD FAILED VERIFICATION\n"));
    }

    #[test]
    fn ids_are_numbered_in_order_and_unique() {
        let texts: Vec<&str> = CheckId::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = texts.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(texts, sorted);
        assert!(texts.iter().all(|t| t.len() == 3 && t.starts_with('V')));
        assert_eq!(CheckId::V01.to_string(), "V01");
        assert!(CheckId::V41 == "V41");
    }

    #[test]
    fn every_check_has_its_rule() {
        assert_eq!(CheckId::V03.rule(), "every listed file's SHA-256 matches");
        for c in CheckId::ALL {
            let rule = c.rule();
            assert!(!rule.is_empty() && !rule.contains("  "), "{c}: {rule:?}");
        }
    }

    #[test]
    fn what_a_record_reports_follows_the_part_of_each_check() {
        for role in [Some(Role::Station), Some(Role::Parent), None] {
            for &c in CheckId::ALL {
                let want = match (c.part(), role) {
                    (Part::Manifest | Part::Signatures | Part::Election | Part::Outcome, _) => {
                        "reported"
                    }
                    (Part::Station, Some(Role::Station) | None) => "reported",
                    (Part::Parent, Some(Role::Parent)) => "reported",
                    (Part::Station, Some(Role::Parent)) => "not applicable",
                    (Part::Parent, Some(Role::Station) | None) => "not listed",
                    (Part::Receipt | Part::Consistency, _) => "not listed",
                };
                let got = match c.in_record(role) {
                    InRecord::Reported => "reported",
                    InRecord::NotApplicable { .. } => "not applicable",
                    InRecord::NotListed => "not listed",
                };
                assert_eq!(got, want, "{c} on {role:?}");
            }
        }
    }

    #[test]
    fn the_docs_table_lists_every_check_with_its_rule() {
        let docs = include_str!("../../docs/verification.md");
        let section = docs
            .split("\n## 4. What each check catches\n")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .expect("docs/verification.md has §4");
        // One table: its rows follow each other with no other line between them.
        let lines: Vec<&str> = section.lines().collect();
        let first = lines.iter().position(|l| l.starts_with("| V")).unwrap();
        let last = lines.iter().rposition(|l| l.starts_with("| V")).unwrap();
        let rows = &lines[first..=last];
        assert!(
            rows.iter().all(|l| l.starts_with("| V")),
            "§4's table is split by other lines"
        );
        assert_eq!(lines[first - 2], "| id | check | what it catches |");
        let table: Vec<(&str, &str)> = rows
            .iter()
            .map(|l| {
                let cells: Vec<&str> = l.trim_matches('|').split(" | ").collect();
                assert_eq!(cells.len(), 3, "{l}");
                (cells[0].trim(), cells[1].trim())
            })
            .collect();
        let registry: Vec<(&str, &str)> = CheckId::ALL
            .iter()
            .map(|c| (c.as_str(), c.rule()))
            .collect();
        assert_eq!(table, registry);
    }
}
