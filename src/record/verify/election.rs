//! V10: `election.json` is canonical and agrees with `election.toml`.

use super::{at, Checks, Failure};
use crate::ballot::election::Election;
use crate::digest::hex;
use crate::record::canonical_form as canonical;
use crate::record::check::CheckId;
use crate::record::files::{ElectionInfo, RecordFiles, ELECTION_JSON, ELECTION_TOML};

/// V10: `election.json` reads, is canonical, and agrees with `election.toml`.
pub(super) fn check_election(files: &RecordFiles, info: Option<&ElectionInfo>, c: &mut Checks) {
    let Some(bytes) = files.get(ELECTION_JSON) else {
        c.fail(CheckId::V10, ELECTION_JSON, "missing", at());
        return;
    };
    let info = match (info, ElectionInfo::parse(bytes)) {
        (Some(i), _) => i.clone(),
        (None, Err(e)) => {
            c.fail_parse(CheckId::V10, ELECTION_JSON, e);
            return;
        }
        (None, Ok(i)) => i,
    };
    is_canonical(bytes, &info, c);
    match files.get(ELECTION_TOML) {
        Some(toml_bytes) => agrees_with_toml(toml_bytes, &info, c),
        None => c.fail(
            CheckId::V10,
            ELECTION_TOML,
            "the election file is missing",
            at(),
        ),
    }
    c.pass(
        CheckId::V10,
        ELECTION_JSON,
        format!(
            "{} {} record of election {}, canonical, agrees with election.toml",
            info.format.as_str(),
            info.role.as_str(),
            info.election_id
        ),
    );
}

/// V10 (form): strings and integers only, in canonical bytes.
fn is_canonical(bytes: &[u8], info: &ElectionInfo, c: &mut Checks) {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        if let Err(m) = canonical::check_strings_and_integers(&value, "$") {
            c.fail(CheckId::V10, ELECTION_JSON, m, at());
        }
    }
    let canonical = info.to_bytes();
    if canonical != bytes {
        c.fail(
            CheckId::V10,
            ELECTION_JSON,
            "not in canonical form (compact JSON, sorted keys, only the congress-record/1 fields, final LF)",
            at().want(format!("{} bytes", canonical.len()), format!("{} bytes", bytes.len())),
        );
    }
}

/// V10 (agreement): every field of `election.json` is what `election.toml` gives.
fn agrees_with_toml(toml_bytes: &[u8], info: &ElectionInfo, c: &mut Checks) {
    let derived = match ElectionInfo::derive(toml_bytes, &info.candidates, info.seats) {
        Ok(d) => d,
        Err(e) => {
            c.fail(
                CheckId::V10,
                ELECTION_TOML,
                e.message,
                Failure {
                    line: e.line,
                    field: e.field,
                    ..at()
                },
            );
            return;
        }
    };
    let mut fields: Vec<(&str, String, String)> = vec![
        (
            "election_sha256",
            hex(&derived.election_sha256),
            hex(&info.election_sha256),
        ),
        (
            "role",
            derived.role.as_str().into(),
            info.role.as_str().into(),
        ),
        ("election_id", derived.election_id, info.election_id.clone()),
        (
            "title",
            format!("{:?}", derived.title),
            format!("{:?}", info.title),
        ),
        ("method", derived.method, info.method.clone()),
        (
            "committee",
            format!("{:?}", derived.committee),
            format!("{:?}", info.committee),
        ),
        (
            "receipts",
            derived.receipts.to_string(),
            info.receipts.to_string(),
        ),
        (
            "beacon",
            format!("{:?}", derived.beacon),
            format!("{:?}", info.beacon),
        ),
        (
            "roll_size",
            format!("{:?}", derived.roll_size),
            format!("{:?}", info.roll_size),
        ),
        (
            "children",
            format!("{:?}", derived.children),
            format!("{:?}", info.children),
        ),
    ];
    if let Ok(facts) = Election::from_bytes(ELECTION_TOML, toml_bytes.to_vec()) {
        if let Some(cands) = facts.candidates {
            let want = with_undeclared_write_ins(cands, info);
            fields.push((
                "candidates",
                format!("{want:?}"),
                format!("{:?}", info.candidates),
            ));
        }
        if let Some(seats) = facts.seats {
            fields.push(("seats", seats.to_string(), info.seats.to_string()));
        }
    }
    for (field, want, found) in fields {
        if want != found {
            c.fail(
                CheckId::V10,
                ELECTION_JSON,
                "does not agree with election.toml",
                at().field(field).want(want, found),
            );
        }
    }
}

/// The election's candidates as a count lists them: a ranked count lists undeclared
/// write-ins after the election's candidates when the ballots hold any (V13 checks the list
/// against the recount).
fn with_undeclared_write_ins(mut cands: Vec<String>, info: &ElectionInfo) -> Vec<String> {
    let uwi = crate::ballot::formats::choices::UNDECLARED_WRITE_IN;
    if info.candidates.len() == cands.len() + 1
        && info.candidates.last().map(String::as_str) == Some(uwi)
        && !cands.iter().any(|c| c == uwi)
        && crate::ballot::election::ElectionMethod::parse(&info.method).is_ok_and(|m| m.is_ranked())
    {
        cands.push(uwi.to_string());
    }
    cands
}
