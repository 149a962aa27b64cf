//! V41 (`congress verify-consistency OLD NEW`): an earlier signed record of an election is a
//! prefix of a later one — its leaves are the later record's first leaves, shown by an
//! RFC 9162 §2.1.4 consistency proof between the two signed heads. It catches ballots removed
//! or rewritten after an interim publication.
//!
//! Both records are verified in full first (V01–V31); the proof is then built from the later
//! record's leaves and checked against the two heads alone, as an auditor holding only the
//! interim head and the proof would check it.

use super::check::{CheckId, CheckResult, CheckStatus, Report};
use super::files::{Head, Role, BALLOTS, HEAD, STATIONS};
use super::recount::Counter;
use super::verify::{verify_dir, VerifyOptions};
use crate::error::Result;
use crate::merkle;
use std::path::Path;

/// Verifies `old` and `new` in full and checks V41 between them. `Err` (exit 3) when either
/// is not a record at all.
pub fn verify_consistency_dirs(
    old: &Path,
    new: &Path,
    options: &VerifyOptions,
    counter: &dyn Counter,
) -> Result<Report> {
    let mut report = Report::default();
    let mut verify = |dir: &Path| -> Result<super::files::RecordFiles> {
        let name = dir.display().to_string();
        let verified = verify_dir(dir, options, counter)?;
        report
            .checks
            .extend(verified.checks.into_iter().map(|mut c| {
                c.file = format!("{name}/{}", c.file);
                c
            }));
        super::files::RecordFiles::read(dir)
    };
    let old_files = verify(old)?;
    let new_files = verify(new)?;
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    report
        .checks
        .push(check_v41(&old_name, &old_files, &new_name, &new_files));
    Ok(report)
}

/// The V41 result for two records read into memory.
pub fn check_v41(
    old_name: &str,
    old: &super::files::RecordFiles,
    new_name: &str,
    new: &super::files::RecordFiles,
) -> CheckResult {
    let result = |status, file: String, detail: String, expected, found| CheckResult {
        id: CheckId::V41,
        status,
        file,
        line: None,
        field: None,
        expected,
        found,
        detail,
    };
    let head = |name: &str, files: &super::files::RecordFiles| {
        files
            .files
            .get(HEAD)
            .ok_or_else(|| format!("{name}/{HEAD}: missing"))
            .and_then(|b| Head::parse(b).map_err(|e| format!("{name}/{HEAD}: {}", e.message)))
    };
    let (old_head, new_head) = match (head(old_name, old), head(new_name, new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(m), _) | (_, Err(m)) => {
            return result(CheckStatus::Fail, HEAD.into(), m, None, None);
        }
    };
    if old_head.record_id != new_head.record_id || old_head.role != new_head.role {
        return result(
            CheckStatus::Fail,
            format!("{new_name}/{HEAD}"),
            "the two records are not of the same election and level".into(),
            Some(format!("{} ({:?})", old_head.record_id, old_head.role)),
            Some(format!("{} ({:?})", new_head.record_id, new_head.role)),
        );
    }
    let hides_ids = |files: &super::files::RecordFiles| {
        files
            .get(super::files::ELECTION_JSON)
            .and_then(|b| super::files::ElectionInfo::parse(b).ok())
            .is_some_and(|i| i.role == Role::Station && !i.secrecy.shows_ids())
    };
    if hides_ids(old) || hides_ids(new) {
        return result(
            CheckStatus::Skip,
            format!("{new_name}/{HEAD}"),
            "not applicable: the record hides its ballot ids (secrecy), so its lines are sorted \
             by content and an earlier record's ballots are not the first lines of a later one's"
                .into(),
            None,
            None,
        );
    }
    if old_head.tree_size == 0 || old_head.tree_size > new_head.tree_size {
        return result(
            CheckStatus::Fail,
            format!("{new_name}/{HEAD}"),
            "the later record must hold at least the earlier record's leaves (and it at least one)"
                .into(),
            Some(format!("tree_size >= {}", old_head.tree_size.max(1))),
            Some(new_head.tree_size.to_string()),
        );
    }
    let leaves_file = match new_head.role {
        Role::Station => BALLOTS,
        Role::Parent => STATIONS,
    };
    let leaves: Vec<merkle::Hash> = match new
        .files
        .get(leaves_file)
        .map(|b| super::canonical_form::lines(b))
    {
        Some(Ok(lines)) => lines
            .iter()
            .skip(1)
            .map(|l| merkle::leaf_hash(l.as_bytes()))
            .collect(),
        _ => {
            return result(
                CheckStatus::Fail,
                format!("{new_name}/{leaves_file}"),
                "missing or unreadable".into(),
                None,
                None,
            )
        }
    };
    let old_size = old_head.tree_size as usize;
    let proof = merkle::consistency_proof(&leaves, old_size).unwrap_or_default();
    if merkle::verify_consistency(
        old_head.tree_size,
        new_head.tree_size,
        &old_head.root,
        &new_head.root,
        &proof,
    ) && leaves.len() as u64 == new_head.tree_size
    {
        result(
            CheckStatus::Pass,
            format!("{new_name}/{HEAD}"),
            format!(
                "the {} leaves of {old_name} are the first {} of the {} in {new_name} \
                 (RFC 9162 consistency proof of {} hashes verified against both signed heads)",
                old_head.tree_size,
                old_head.tree_size,
                new_head.tree_size,
                proof.len()
            ),
            None,
            None,
        )
    } else {
        result(
            CheckStatus::Fail,
            format!("{new_name}/{leaves_file}"),
            format!(
                "the first {} leaves of {new_name} do not give {old_name}'s signed root: \
                 leaves were removed or rewritten after the earlier publication",
                old_head.tree_size
            ),
            Some(crate::digest::hex(&old_head.root)),
            Some(crate::digest::hex(&merkle::root_from_leaf_hashes(
                leaves.iter().take(old_size).copied().collect(),
            ))),
        )
    }
}
