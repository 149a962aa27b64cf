//! V01–V03: the manifest `SHA256` parses, lists exactly the files present (and only files
//! a record of its role has), and every listed file's digest matches.

use super::{at, Checks};
use crate::ballot::election::Secrecy;
use crate::ballot::rounds::{PREVIOUS_HEAD, PREVIOUS_RESULT};
use crate::digest::{hex, sha256};
use crate::record::check::{CheckId, Part};
use crate::record::files::{
    RecordFiles, Role, BALLOTS, COMMITMENTS, ELECTION_JSON, ELECTION_TOML, HEAD, LOTS, RESULT,
    SEATS, STATIONS, TALLY,
};
use crate::record::manifest::{self, Entry, MANIFEST};
use std::collections::BTreeSet;

/// Whether a record of `role` publishing its ballots as `secrecy` says has a file at
/// `path`: the files every record has, the signature files (V04) and member keys (V05), the
/// ballots (a station, unless tally-only) and commitments to their ids (a station that hides
/// them), or the stations' list and records (parent, V20–V21).
fn is_file_of_role(path: &str, role: Role, secrecy: Secrecy) -> bool {
    match path {
        ELECTION_TOML | ELECTION_JSON | HEAD | TALLY | SEATS | RESULT | LOTS => true,
        // A linked round's previous result (V15 checks that the round is linked).
        PREVIOUS_RESULT | PREVIOUS_HEAD => true,
        BALLOTS => role == Role::Station && secrecy != Secrecy::TallyOnly,
        COMMITMENTS => role == Role::Station && !secrecy.shows_ids(),
        STATIONS => role == Role::Parent,
        p if manifest::is_manifest_file(p) || p.starts_with("keys/") => true,
        p => role == Role::Parent && p.starts_with("stations/"),
    }
}

/// V01–V03; the role and secrecy mode (when `election.json` says them) also limit V02 to
/// the files of that kind of record.
pub(super) fn check_manifest(files: &RecordFiles, kind: Option<(Role, Secrecy)>, c: &mut Checks) {
    let Some(bytes) = files.get(MANIFEST) else {
        c.fail(
            CheckId::V01,
            MANIFEST,
            "the manifest SHA256 is missing",
            at(),
        );
        c.skip_rest_of(Part::Manifest, MANIFEST, "not checked: no manifest");
        return;
    };
    let entries = match manifest::parse(bytes) {
        Ok(e) => e,
        Err(e) => {
            c.fail_parse(CheckId::V01, MANIFEST, e);
            c.skip_rest_of(Part::Manifest, MANIFEST, "not checked: manifest unreadable");
            return;
        }
    };
    c.pass(
        CheckId::V01,
        MANIFEST,
        format!("{} lines, sorted, unique, safe paths", entries.len()),
    );
    listed_files_are_present(files, &entries, kind, c);
    digests_match(files, &entries, c);
}

/// V02: the files listed are exactly the files present, regular files, and (when
/// `election.json` gives the role) only files a record of its role has.
fn listed_files_are_present(
    files: &RecordFiles,
    entries: &[Entry],
    kind: Option<(Role, Secrecy)>,
    c: &mut Checks,
) {
    let listed: BTreeSet<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    for (i, e) in entries.iter().enumerate() {
        if manifest::is_manifest_file(&e.path) {
            c.fail(
                CheckId::V02,
                MANIFEST,
                format!(
                    "{} lists the manifest or a signature, which it cannot cover",
                    e.path
                ),
                at().line(i as u64 + 1),
            );
        } else if !files.files.contains_key(&e.path) {
            c.fail(
                CheckId::V02,
                &e.path,
                format!("listed on line {} of SHA256 but missing", i + 1),
                at().want("present", "missing"),
            );
        }
    }
    for path in files.files.keys() {
        if !manifest::is_manifest_file(path) && !listed.contains(path.as_str()) {
            c.fail(
                CheckId::V02,
                path,
                "present but not listed in SHA256 (added after the record was made?)",
                at().want("not present", "present"),
            );
        }
    }
    for path in &files.irregular {
        c.fail(
            CheckId::V02,
            path,
            "not a regular file (symbolic link or special file)",
            at(),
        );
    }
    if let Some((role, secrecy)) = kind {
        for path in files.files.keys() {
            if !is_file_of_role(path, role, secrecy) {
                c.fail(
                    CheckId::V02,
                    path,
                    format!(
                        "a {} record has no such file (congress never writes it there)",
                        role.as_str()
                    ),
                    at(),
                );
            }
        }
    }
    c.pass(
        CheckId::V02,
        MANIFEST,
        format!(
            "the {} listed files are exactly the files present",
            entries.len()
        ),
    );
}

/// V03: every listed file's SHA-256 matches its line.
fn digests_match(files: &RecordFiles, entries: &[Entry], c: &mut Checks) {
    for (i, e) in entries.iter().enumerate() {
        if let Some(b) = files.get(&e.path) {
            let got = sha256(b);
            if got != e.sha256 {
                c.fail(
                    CheckId::V03,
                    &e.path,
                    format!("SHA-256 does not match line {} of SHA256", i + 1),
                    at().field("sha256").want(hex(&e.sha256), hex(&got)),
                );
            }
        }
    }
    c.pass(
        CheckId::V03,
        MANIFEST,
        format!(
            "every listed file's SHA-256 matches ({} files)",
            entries.len()
        ),
    );
}
