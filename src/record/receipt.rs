//! Per-ballot receipts (docs/verification.md §5): an RFC 6962 inclusion proof from
//! one ballot line to the record's signed root, through every level of a merged record.
//!
//! A receipt is issued only when the election file says `receipts = true`: with plaintext
//! ballots, a receipt that lets a voter find "their" line also lets them show a buyer or a
//! coercer how they voted. `ballot_id` must be a random tracker with no link to the voter.

use super::ballots::ballot_id_of;
use super::canonical_form;
use super::check::{CheckId, CheckResult, CheckStatus, Report};
use super::files::{
    ElectionInfo, Head, RecordFiles, Role, BALLOTS, COMMITMENTS, ELECTION_JSON, HEAD, STATIONS,
    STATIONS_DIR,
};
use super::manifest::MANIFEST;
use super::recount::Counter;
use super::secrets::CommitteeSecrets;
use super::verify::{verify_files, VerifyOptions};
use crate::ballot::election::Secrecy;
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use crate::merkle::{inclusion_proof, leaf_hash, verify_inclusion, Hash};
use serde::{Deserialize, Serialize};

/// The receipt format identifier.
pub const RECEIPT_FORMAT: &str = "congress-receipt/1";

/// The error when the election does not allow receipts.
pub const NO_RECEIPTS_MESSAGE: &str = "this election does not issue receipts (receipts = true is \
     not set in the election file): with plaintext ballots a receipt lets a voter prove their \
     vote to a buyer or a coercer, so receipts must be enabled deliberately, and only where \
     ballot_id is a random tracker with no link to the voter";

/// One level of a receipt: a line of a leaves file and its audit path to that record's root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLevel {
    /// The record this level proves into.
    pub record_id: String,
    /// The leaves file, relative to the top record (`ballots.csv`, `stations/s1/ballots.csv`,
    /// `stations.csv`).
    pub file: String,
    /// The exact bytes of the leaf line (without its line feed).
    pub line: String,
    /// 0-based index of the line among the data lines.
    pub leaf_index: u64,
    /// Number of data lines.
    pub tree_size: u64,
    /// The record's RFC 6962 root (as in its head.csv), lowercase hex.
    pub root_sha256: String,
    /// The audit path, bottom-up, lowercase hex.
    pub audit_path: Vec<String>,
    /// For a record that hides ballot ids, the committee's salt (lowercase hex): the line is
    /// SHA-256(salt ‖ ballot id), a line of `commitments.csv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
}

/// A voter's receipt: the ballot's line and proofs up to the top record's root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Always `congress-receipt/1`.
    pub format: String,
    /// The top record's election id.
    pub election_id: String,
    /// SHA-256 of the top record's signed `SHA256` manifest.
    pub manifest_sha256: String,
    /// The ballot's id (tracker).
    pub ballot_id: String,
    /// The proofs, from the ballot line up to the top record.
    pub levels: Vec<ReceiptLevel>,
}

fn info_of(files: &RecordFiles, prefix: &str) -> Result<ElectionInfo> {
    let bytes = files.get(ELECTION_JSON).ok_or_else(|| {
        Error::input("not a congress record: no election.json")
            .file(format!("{prefix}{ELECTION_JSON}"))
    })?;
    ElectionInfo::parse(bytes).map_err(|e| e.file(format!("{prefix}{ELECTION_JSON}")))
}

fn data_lines<'a>(files: &'a RecordFiles, name: &str, prefix: &str) -> Result<Vec<&'a str>> {
    let bytes = files
        .get(name)
        .ok_or_else(|| Error::input("missing").file(format!("{prefix}{name}")))?;
    let lines = canonical_form::lines(bytes)
        .map_err(|(l, m)| Error::input(m).file(format!("{prefix}{name}")).line(l))?;
    Ok(lines[1..].to_vec())
}

fn level(
    files: &RecordFiles,
    prefix: &str,
    name: &str,
    lines: &[&str],
    index: usize,
) -> Result<ReceiptLevel> {
    let info = info_of(files, prefix)?;
    let leaves: Vec<Hash> = lines.iter().map(|l| leaf_hash(l.as_bytes())).collect();
    let path = inclusion_proof(&leaves, index).unwrap_or_default();
    let root = crate::merkle::root_from_leaf_hashes(leaves);
    Ok(ReceiptLevel {
        record_id: info.election_id,
        file: format!("{prefix}{name}"),
        line: lines[index].to_string(),
        leaf_index: index as u64,
        tree_size: lines.len() as u64,
        root_sha256: hex(&root),
        audit_path: path.iter().map(|h| hex(h)).collect(),
        salt: None,
    })
}

/// Finds `ballot_id` in a record (or its children), returning the levels bottom-up; an
/// input error when a record on the ballot's path does not allow receipts (a station's
/// committee decides for its own ballots, whatever the parent's election file says).
fn find(
    files: &RecordFiles,
    prefix: &str,
    ballot_id: &str,
    secrets: &[CommitteeSecrets],
) -> Result<Option<Vec<ReceiptLevel>>> {
    let info = info_of(files, prefix)?;
    let found = find_in(files, &info, prefix, ballot_id, secrets)?;
    if found.is_some() && !info.receipts {
        return Err(Error::input(NO_RECEIPTS_MESSAGE)
            .file(format!("{prefix}{ELECTION_JSON}"))
            .field("receipts"));
    }
    Ok(found)
}

/// [`find`] without the receipts check.
fn find_in(
    files: &RecordFiles,
    info: &ElectionInfo,
    prefix: &str,
    ballot_id: &str,
    secrets: &[CommitteeSecrets],
) -> Result<Option<Vec<ReceiptLevel>>> {
    match info.role {
        Role::Station if !info.secrecy.shows_ids() => {
            find_commitment(files, info, prefix, ballot_id, secrets)
        }
        Role::Station => {
            let lines = data_lines(files, BALLOTS, prefix)?;
            let found =
                lines.binary_search_by(|l| ballot_id_of(l).as_bytes().cmp(ballot_id.as_bytes()));
            match found {
                Ok(i) => Ok(Some(vec![level(files, prefix, BALLOTS, &lines, i)?])),
                Err(_) => Ok(None),
            }
        }
        Role::Parent => {
            let lines = data_lines(files, STATIONS, prefix)?;
            for (i, l) in lines.iter().enumerate() {
                let station = l.split(',').next().unwrap_or("");
                let dir = format!("{STATIONS_DIR}/{station}");
                let sub = files.sub(&dir);
                let inner = find(&sub, &format!("{prefix}{dir}/"), ballot_id, secrets)?;
                if let Some(mut levels) = inner {
                    levels.push(level(files, prefix, STATIONS, &lines, i)?);
                    return Ok(Some(levels));
                }
            }
            Ok(None)
        }
    }
}

/// [`find_in`] for a station that hides its ballot ids: the ballot's commitment, found with
/// the salt of the station's secrets, proved in `commitments.csv`.
fn find_commitment(
    files: &RecordFiles,
    info: &ElectionInfo,
    prefix: &str,
    ballot_id: &str,
    secrets: &[CommitteeSecrets],
) -> Result<Option<Vec<ReceiptLevel>>> {
    let Some(own) = secrets.iter().find(|s| s.election_id == info.election_id) else {
        return Err(Error::input(format!(
            "record {} hides its ballot ids (secrecy = {}): its receipts need the committee's \
             secrets file (--secrets FILE, written by elect --record)",
            info.election_id,
            info.secrecy.name()
        ))
        .file(format!("{prefix}{ELECTION_JSON}"))
        .field("secrecy"));
    };
    let lines = data_lines(files, COMMITMENTS, prefix)?;
    let want = hex(&super::files::commitment(&own.salt, ballot_id));
    match lines.binary_search(&want.as_str()) {
        Ok(i) => {
            let mut level = level(files, prefix, COMMITMENTS, &lines, i)?;
            level.salt = Some(hex(&own.salt));
            Ok(Some(vec![level]))
        }
        Err(_) => Ok(None),
    }
}

/// Makes the receipt for `ballot_id` (`secrets`: the committee secrets of the records that
/// hide their ballot ids); an input error when the election does not allow receipts or the
/// ballot is not in the record.
pub fn make_receipt(
    files: &RecordFiles,
    ballot_id: &str,
    secrets: &[CommitteeSecrets],
) -> Result<Receipt> {
    let info = info_of(files, "")?;
    if !info.receipts {
        return Err(Error::input(NO_RECEIPTS_MESSAGE)
            .file(ELECTION_JSON)
            .field("receipts"));
    }
    let Some(levels) = find(files, "", ballot_id, secrets)? else {
        return Err(Error::input(format!(
            "no ballot with ballot_id {ballot_id:?} in this record"
        ))
        .field("--ballot-id"));
    };
    Ok(Receipt {
        format: RECEIPT_FORMAT.into(),
        election_id: info.election_id,
        manifest_sha256: hex(&sha256(files.get(MANIFEST).unwrap_or_default())),
        ballot_id: ballot_id.to_string(),
        levels,
    })
}

/// Checks a receipt against a record: the record's own checks (V01–V31), then V40: each
/// level's line is the published line at its index, its audit path leads to the root in
/// that record's `head.csv`, each upper level's line names the level below, and the
/// manifest is the one the receipt was issued from.
pub fn verify_receipt(
    files: &RecordFiles,
    receipt: &Receipt,
    options: &VerifyOptions,
    counter: &dyn Counter,
) -> Result<Report> {
    let mut report = verify_files(files, options, counter)?;
    let mut failures = receipt_failures(files, receipt);
    let mut below_head_root: Option<String> = None;
    for n in 0..receipt.levels.len() {
        failures.extend(level_failures(files, receipt, n, &mut below_head_root));
    }
    if failures.is_empty() {
        report.checks.push(CheckResult {
            id: CheckId::V40,
            status: CheckStatus::Pass,
            file: receipt
                .levels
                .first()
                .map(|l| l.file.clone())
                .unwrap_or_default(),
            line: receipt
                .levels
                .first()
                .map(|l| l.leaf_index.saturating_add(2)),
            field: None,
            expected: None,
            found: None,
            detail: format!(
                "ballot {} is included under the signed root ({} level(s) of RFC 6962 proof)",
                receipt.ballot_id,
                receipt.levels.len()
            ),
        });
    }
    for f in failures {
        report.checks.push(CheckResult {
            id: CheckId::V40,
            status: CheckStatus::Fail,
            file: f.file,
            line: None,
            field: None,
            expected: f.expected,
            found: f.found,
            detail: f.detail,
        });
    }
    Ok(report)
}

/// A V40 failure: the file, what is wrong, what was expected and found.
struct Failure {
    file: String,
    detail: String,
    expected: Option<String>,
    found: Option<String>,
}

/// Records a failure.
fn fail(
    failures: &mut Vec<Failure>,
    file: &str,
    detail: String,
    expected: Option<String>,
    found: Option<String>,
) {
    failures.push(Failure {
        file: file.to_string(),
        detail,
        expected,
        found,
    });
}

/// The failures of the receipt as a whole: its format, the manifest it was issued from, a
/// proof at all.
fn receipt_failures(files: &RecordFiles, receipt: &Receipt) -> Vec<Failure> {
    let mut failures = Vec::new();
    let manifest = hex(&sha256(files.get(MANIFEST).unwrap_or_default()));
    if receipt.format != RECEIPT_FORMAT {
        fail(
            &mut failures,
            "receipt",
            "unknown receipt format".into(),
            Some(RECEIPT_FORMAT.into()),
            Some(receipt.format.clone()),
        );
    }
    if receipt.manifest_sha256 != manifest {
        fail(
            &mut failures,
            MANIFEST,
            "the record is not the one the receipt was issued from".into(),
            Some(receipt.manifest_sha256.clone()),
            Some(manifest),
        );
    }
    if receipt.levels.is_empty() {
        fail(
            &mut failures,
            "receipt",
            "the receipt holds no proof".into(),
            None,
            None,
        );
    }
    failures
}

/// The failures of one level of a receipt's proof; `below_head_root` carries the root that
/// the level below's `head.csv` states.
fn level_failures(
    files: &RecordFiles,
    receipt: &Receipt,
    n: usize,
    below_head_root: &mut Option<String>,
) -> Vec<Failure> {
    let lv = &receipt.levels[n];
    let mut failures = Vec::new();
    let prefix = lv
        .file
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    let name = lv.file.rsplit('/').next().unwrap_or("");
    let sub = if prefix.is_empty() {
        files.clone()
    } else {
        files.sub(prefix.trim_end_matches('/'))
    };
    let hidden = info_of(&sub, &prefix)
        .ok()
        .filter(|i| i.role == Role::Station && !i.secrecy.shows_ids())
        .map(|i| i.secrecy);
    let want_name = match (n, hidden) {
        (0, None) => BALLOTS,
        (0, Some(_)) => COMMITMENTS,
        _ => STATIONS,
    };
    if name != want_name {
        fail(
            &mut failures,
            &lv.file,
            format!("level {} must prove a line of {want_name}", n + 1),
            Some(want_name.into()),
            Some(name.into()),
        );
        return failures;
    }
    let published = data_lines(&sub, name, &prefix).ok();
    let at = published
        .as_ref()
        .and_then(|l| l.get(lv.leaf_index as usize).copied());
    if at != Some(lv.line.as_str()) {
        fail(
            &mut failures,
            &lv.file,
            format!(
                "line {} of the published file is not the receipt's line",
                lv.leaf_index.saturating_add(2)
            ),
            Some(lv.line.clone()),
            Some(at.unwrap_or("no such line").to_string()),
        );
    }
    if let (0, Some(_)) = (n, hidden) {
        let salt = lv.salt.as_deref().and_then(super::files::parse_hex32);
        let want = salt.map(|s| hex(&super::files::commitment(&s, &receipt.ballot_id)));
        if want.as_deref() != Some(lv.line.as_str()) {
            fail(
                &mut failures,
                &lv.file,
                "the receipt's line is not SHA-256(salt ‖ ballot id) of its salt and ballot".into(),
                want,
                Some(lv.line.clone()),
            );
        }
    } else if n == 0 && ballot_id_of(&lv.line) != receipt.ballot_id {
        fail(
            &mut failures,
            &lv.file,
            "the receipt's line is not the receipt's ballot".into(),
            Some(receipt.ballot_id.clone()),
            Some(ballot_id_of(&lv.line).into_owned()),
        );
    }
    if n > 0 {
        let below = &receipt.levels[n - 1];
        let want = format!("{},", below.record_id);
        let root_field = lv.line.split(',').nth(3).unwrap_or("");
        // The root of the level below as its head.csv says (for a record that hides ids,
        // over its ballots, not the commitments its level proves into).
        let below_root = below_head_root.as_deref().unwrap_or(&below.root_sha256);
        if !lv.line.starts_with(&want) || root_field != below_root {
            fail(
                &mut failures,
                &lv.file,
                "the station line does not carry the root of the level below".into(),
                Some(format!("{} {}", below.record_id, below_root)),
                Some(lv.line.clone()),
            );
        }
    }
    let path: Option<Vec<Hash>> = lv
        .audit_path
        .iter()
        .map(|h| super::files::parse_hex32(h))
        .collect();
    let root = super::files::parse_hex32(&lv.root_sha256);
    let mut head = sub.get(HEAD).and_then(|b| Head::parse(b).ok());
    *below_head_root = head.as_ref().map(|h| hex(&h.root));
    // Where the head commits to the ballots, the commitments' root is the published
    // commitments.csv's (which the signed manifest covers).
    if let (Some(Secrecy::Commitments), Some(h), Some(lines)) =
        (hidden, head.as_mut(), published.as_ref())
    {
        h.root = crate::merkle::root(lines.iter().map(|l| l.as_bytes()));
    }
    match (path, root, head) {
        (Some(path), Some(root), Some(head)) => {
            if head.root != root || head.tree_size != lv.tree_size {
                fail(
                    &mut failures,
                    &format!("{prefix}{HEAD}"),
                    "the receipt's root or size is not the record's head".into(),
                    Some(format!("{} {}", lv.tree_size, lv.root_sha256)),
                    Some(format!("{} {}", head.tree_size, hex(&head.root))),
                );
            }
            if !verify_inclusion(
                lv.leaf_index,
                lv.tree_size,
                &leaf_hash(lv.line.as_bytes()),
                &path,
                &root,
            ) {
                fail(
                    &mut failures,
                    &lv.file,
                    "the audit path does not lead from the line to the root (RFC 9162 §2.1.3.2)"
                        .into(),
                    None,
                    None,
                );
            }
        }
        _ => {
            fail(
                &mut failures,
                &lv.file,
                "unreadable audit path, root, or head.csv".into(),
                None,
                None,
            );
        }
    }
    failures
}
