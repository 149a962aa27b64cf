//! The schema of every JSON object `congress` prints or writes for scripts: each starts with
//! `"schema": "congress-<kind>/<version>"`, and `docs/schemas/<kind>.schema.json` (JSON
//! Schema, draft 2020-12) documents it. [`Schema`] is the one list of kinds.
//!
//! A record's `result.json` is not tagged: a record's files are versioned together by the
//! record format (`congress-record/2` in `head.csv` and `election.json`), and `result.json`
//! holds the `congress-election-result/1` object without its `schema` key (docs/formats.md §8).

use crate::error::{Error, Result};
use serde::Serialize;

/// The kinds of JSON object `congress` writes, one per thing a command reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Schema {
    /// `congress apportion --format json`: seats to units.
    Apportionment,
    /// `congress plan --format json`: the student congress of clause 8.
    Plan,
    /// `congress plan federation --format json`: the federation congress of clause 4.
    FederationPlan,
    /// `congress check delegation|org --format json`: a list of checks.
    Checks,
    /// `congress elect --format json`: the result of a count.
    ElectionResult,
    /// `congress verify --format json`: the checks V01–V41 of a record.
    Verification,
    /// `congress receipt`: the inclusion proof of one ballot.
    Receipt,
    /// `congress ballots check --format json`: a transcription against the trackers issued.
    BallotsCheck,
    /// `congress ballots diff --format json`: two transcriptions compared.
    BallotsDiff,
    /// `congress audit sample --format json`: the papers drawn for the audit.
    AuditSample,
    /// `congress audit assess --format json`: the audit's outcome.
    AuditAssessment,
    /// `congress audit verify --format json`: the checks of an audit record.
    AuditVerification,
    /// `congress final --format json`: the final body over linked rounds.
    FinalBody,
    /// `--error-format json`: the errors of a run, on standard error.
    Errors,
}

impl Schema {
    /// Every kind (`docs/schemas/` holds one file for each, which a test checks).
    pub const ALL: [Schema; 14] = [
        Schema::Apportionment,
        Schema::Plan,
        Schema::FederationPlan,
        Schema::Checks,
        Schema::ElectionResult,
        Schema::Verification,
        Schema::Receipt,
        Schema::BallotsCheck,
        Schema::BallotsDiff,
        Schema::AuditSample,
        Schema::AuditAssessment,
        Schema::AuditVerification,
        Schema::FinalBody,
        Schema::Errors,
    ];

    /// The identifier written as the `schema` key: `congress-<kind>/<version>`.
    pub fn id(self) -> &'static str {
        match self {
            Schema::Apportionment => "congress-apportionment/1",
            Schema::Plan => "congress-plan/1",
            Schema::FederationPlan => "congress-federation-plan/1",
            Schema::Checks => "congress-checks/1",
            Schema::ElectionResult => "congress-election-result/1",
            Schema::Verification => "congress-verification/1",
            Schema::Receipt => "congress-receipt/1",
            Schema::BallotsCheck => "congress-ballots-check/1",
            Schema::BallotsDiff => "congress-ballots-diff/1",
            Schema::AuditSample => "congress-audit-sample/1",
            Schema::AuditAssessment => "congress-audit-assessment/1",
            Schema::AuditVerification => "congress-audit-verification/1",
            Schema::FinalBody => "congress-final-body/1",
            Schema::Errors => "congress-errors/1",
        }
    }

    /// The kind without its version (`congress-plan`), which names its file in
    /// `docs/schemas/`.
    pub fn kind(self) -> &'static str {
        let id = self.id();
        id.rsplit_once('/').map_or(id, |(kind, _)| kind)
    }

    /// The command whose output this is, for messages.
    pub fn command(self) -> &'static str {
        match self {
            Schema::Apportionment => "congress apportion --format json",
            Schema::Plan => "congress plan --format json",
            Schema::FederationPlan => "congress plan federation --format json",
            Schema::Checks => "congress check --format json",
            Schema::ElectionResult => "congress elect --format json",
            Schema::Verification => "congress verify --format json",
            Schema::Receipt => "congress receipt",
            Schema::BallotsCheck => "congress ballots check --format json",
            Schema::BallotsDiff => "congress ballots diff --format json",
            Schema::AuditSample => "congress audit sample --format json",
            Schema::AuditAssessment => "congress audit assess --format json",
            Schema::AuditVerification => "congress audit verify --format json",
            Schema::FinalBody => "congress final --format json",
            Schema::Errors => "--error-format json",
        }
    }

    /// The kind an identifier names.
    pub fn parse(id: &str) -> Option<Schema> {
        Schema::ALL.into_iter().find(|s| s.id() == id)
    }

    /// `value` (which serializes as a JSON object) as pretty JSON with `"schema"` as its
    /// first key, and a trailing newline.
    pub fn to_json(self, value: &impl Serialize) -> String {
        let mut text = serde_json::to_string_pretty(&self.tag(value))
            .expect("JSON serialization of a result cannot fail");
        text.push('\n');
        text
    }

    /// `value` with `"schema"` as its first key (it must serialize as a JSON object).
    pub fn tag<T: Serialize + ?Sized>(self, value: &T) -> Tagged<'_, T> {
        Tagged {
            schema: self.id(),
            body: value,
        }
    }

    /// Checks that JSON read back (a plan, a receipt) is this kind: a `schema` key, when
    /// present, must name it (files written before the key existed have none). `file` names
    /// the file in the error.
    pub fn expect(self, text: &str, file: &str) -> Result<()> {
        #[derive(serde::Deserialize)]
        struct Head {
            schema: Option<serde_json::Value>,
        }
        let found = match serde_json::from_str::<Head>(text) {
            Ok(Head {
                schema: Some(found),
            }) => found,
            // No key, or not an object: the reader's own parser says what is wrong.
            Ok(Head { schema: None }) | Err(_) => return Ok(()),
        };
        if found.as_str() == Some(self.id()) {
            return Ok(());
        }
        let what = match found.as_str().and_then(Schema::parse) {
            Some(other) => format!("the output of {}", other.command()),
            None => "a kind this version of congress does not read".to_string(),
        };
        Err(Error::input(format!(
            "schema {found} is {what}, expected {:?} (the output of {})",
            self.id(),
            self.command()
        ))
        .file(file.to_string())
        .field("schema"))
    }
}

/// A value serialized with `"schema"` as its first key ([`Schema::tag`]).
#[derive(Debug, Serialize)]
pub struct Tagged<'a, T: ?Sized> {
    schema: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_comes_first_and_the_rest_is_unchanged() {
        let body = serde_json::json!({ "b": 1, "a": [true] });
        let text = Schema::Plan.to_json(&body);
        assert_eq!(
            text,
            "{\n  \"schema\": \"congress-plan/1\",\n  \"b\": 1,\n  \"a\": [\n    true\n  ]\n}\n"
        );
    }

    #[test]
    fn ids_are_unique_and_parse_back() {
        for s in Schema::ALL {
            assert_eq!(Schema::parse(s.id()), Some(s));
            assert!(s.id().starts_with("congress-") && s.id().ends_with("/1"));
            assert_eq!(format!("{}/1", s.kind()), s.id());
        }
    }

    #[test]
    fn readers_refuse_another_kind_and_accept_untagged_files() {
        assert!(Schema::Plan.expect("{\"students\": 3}", "p.json").is_ok());
        assert!(Schema::Plan
            .expect("{\"schema\": \"congress-plan/1\"}", "p.json")
            .is_ok());
        let e = Schema::Plan
            .expect("{\"schema\": \"congress-receipt/1\"}", "p.json")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.json: schema: schema \"congress-receipt/1\" is the output of congress receipt, \
             expected \"congress-plan/1\" (the output of congress plan --format json)"
        );
        let e = Schema::Plan
            .expect("{\"schema\": \"congress-plan/2\"}", "p.json")
            .unwrap_err();
        assert!(e
            .to_string()
            .contains("a kind this version of congress does not read"));
    }
}
