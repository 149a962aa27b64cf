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

/// V15: a linked round's record holds the previous result its `previous` names (the
/// SHA-256, and a previous record's root), and counts the round that result asks for: the
/// candidates and seats are derived from it. An unlinked round holds no `previous/` files.
pub(super) fn check_previous(files: &RecordFiles, c: &mut Checks) {
    use crate::ballot::rounds::{
        continues, matches_link, CountedRound, RoundFacts, PREVIOUS_HEAD, PREVIOUS_RESULT,
    };
    let Some(election) = files
        .get(ELECTION_TOML)
        .and_then(|b| Election::from_bytes(ELECTION_TOML, b.to_vec()).ok())
    else {
        c.skip(
            CheckId::V15,
            ELECTION_TOML,
            format!(
                "not checked: election.toml does not read ({})",
                CheckId::V10
            ),
        );
        return;
    };
    let held: Vec<&str> = [PREVIOUS_RESULT, PREVIOUS_HEAD]
        .into_iter()
        .filter(|p| files.get(p).is_some())
        .collect();
    let Some(link) = &election.previous else {
        for path in held {
            c.fail(
                CheckId::V15,
                path,
                "the round is not linked (election.toml has no previous), so the record holds no previous round",
                at().want("not present", "present"),
            );
        }
        c.pass(
            CheckId::V15,
            ELECTION_TOML,
            "not a linked round; no previous/ files",
        );
        return;
    };
    let Some(bytes) = files.get(PREVIOUS_RESULT) else {
        c.fail(
            CheckId::V15,
            PREVIOUS_RESULT,
            format!("missing: election.toml continues {}", link.election),
            at().field("previous"),
        );
        return;
    };
    let mut previous = match CountedRound::from_bytes(PREVIOUS_RESULT, bytes.to_vec()) {
        Ok(p) => p,
        Err(e) => {
            c.fail_parse(CheckId::V15, PREVIOUS_RESULT, e);
            return;
        }
    };
    match (link.record_root.is_some(), files.get(PREVIOUS_HEAD)) {
        (true, Some(head)) => match crate::record::files::Head::parse(head) {
            Ok(h) => previous.record_root = Some(hex(&h.root)),
            Err(e) => {
                c.fail_parse(CheckId::V15, PREVIOUS_HEAD, e);
                return;
            }
        },
        (true, None) => {
            c.fail(
                CheckId::V15,
                PREVIOUS_HEAD,
                "missing: the link names the previous record's root",
                at().field("previous.record_root"),
            );
            return;
        }
        (false, Some(_)) => {
            c.fail(
                CheckId::V15,
                PREVIOUS_HEAD,
                "the link names no record root, so the record holds no previous head",
                at().want("not present", "present"),
            );
            return;
        }
        (false, None) => {}
    }
    if let Err((field, m)) = matches_link(
        &link.election,
        &link.result_sha256,
        link.record_root.as_deref(),
        &previous,
    ) {
        c.fail(
            CheckId::V15,
            PREVIOUS_RESULT,
            m,
            at().field(format!("previous.{field}")),
        );
        return;
    }
    if let Err(m) = continues(&previous.result, &RoundFacts::of_election(&election)) {
        c.fail(
            CheckId::V15,
            ELECTION_TOML,
            format!("this round does not continue {}: {m}", link.election),
            at().field("previous"),
        );
        return;
    }
    c.pass(
        CheckId::V15,
        PREVIOUS_RESULT,
        format!(
            "the {} round continues {} (SHA-256 {}): {} candidates for {} seats, as it asked",
            election.round.name(),
            link.election,
            link.result_sha256,
            election.candidates.as_ref().map_or(0, Vec::len),
            election.seats.unwrap_or(0)
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
