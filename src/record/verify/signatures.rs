//! V04–V08: the signature files, the signers and their keys, the signatures over the exact
//! bytes of `SHA256`, the committee's quorum, and what pins the committee.

use super::election_unreadable;
use super::{at, Checks, Failure, VerifyOptions};
use crate::digest::hex;
use crate::record::check::{CheckId, Part};
use crate::record::files::{
    self, Committee, CommitteeMember as Member, ElectionInfo, RecordFiles, ELECTION_JSON,
};
use crate::record::manifest::{self, MANIFEST};
use crate::record::signify::{PublicKey, Signature};
use std::collections::BTreeSet;

/// How many different keys `keys` holds.
fn distinct_keys(keys: &[PublicKey]) -> u64 {
    let mut seen: Vec<&PublicKey> = Vec::with_capacity(keys.len());
    for key in keys {
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    seen.len() as u64
}

/// V04–V08: the signature files, their signers, the signatures, the quorum, the pinning.
pub(super) fn check_signatures(
    files: &RecordFiles,
    info: Option<&ElectionInfo>,
    pinned_by: Option<&str>,
    options: &VerifyOptions,
    c: &mut Checks,
) {
    let sigs = read_signature_files(files, c);
    let Some(info) = info else {
        c.skip_rest_of(Part::Signatures, ELECTION_JSON, &election_unreadable());
        return;
    };
    let committee = &info.committee;
    let member_sigs = signers_are_members(committee, &sigs, c);
    key_files_are_the_committee(files, committee, c);
    c.pass(
        CheckId::V05,
        MANIFEST,
        "every signer is a committee member using that member's key",
    );
    let signed = signatures_verify(files.get(MANIFEST), &member_sigs, options, c);
    quorum_of_members(committee, &signed.valid, c);
    committee_is_pinned(pinned_by, options, committee.threshold, &signed.trusted, c);
}

/// A signature file that parsed: its path, the member it names, the signature.
type SignatureFile = (String, String, Signature);

/// V04: every `SHA256.*` file is `SHA256.<member>.sig` and a well-formed signify signature.
fn read_signature_files(files: &RecordFiles, c: &mut Checks) -> Vec<SignatureFile> {
    let mut sigs = Vec::new();
    for (path, bytes) in &files.files {
        if path == MANIFEST || !manifest::is_manifest_file(path) {
            continue;
        }
        let member = path
            .strip_prefix("SHA256.")
            .and_then(|r| r.strip_suffix(".sig"))
            .filter(|m| files::valid_id(m));
        let Some(member) = member else {
            c.fail(
                CheckId::V04,
                path,
                "unexpected file: only SHA256 and SHA256.<member>.sig sit beside the manifest",
                at(),
            );
            continue;
        };
        match Signature::parse(bytes, path) {
            Ok(sig) => sigs.push((path.clone(), member.to_string(), sig)),
            Err(e) => c.fail(
                CheckId::V04,
                path,
                e.message.clone(),
                Failure {
                    line: e.line,
                    ..at()
                },
            ),
        }
    }
    c.pass(
        CheckId::V04,
        MANIFEST,
        format!(
            "{} signature file(s), each a well-formed signify signature",
            sigs.len()
        ),
    );
    sigs
}

/// V05 (signers): each signer is a committee member and signed with that member's key
/// number. Returns the signatures of members, with the member.
fn signers_are_members<'a>(
    committee: &'a Committee,
    sigs: &[SignatureFile],
    c: &mut Checks,
) -> Vec<(String, &'a Member, Signature)> {
    let mut member_sigs = Vec::new();
    for (path, member, sig) in sigs {
        match committee.member(member) {
            None => c.fail(
                CheckId::V05,
                path,
                format!("{member:?} is not a member of the committee in election.json"),
                at().want(
                    committee
                        .members
                        .iter()
                        .map(|m| m.id.as_str())
                        .collect::<Vec<_>>()
                        .join("|"),
                    member.clone(),
                ),
            ),
            Some(m) if m.key.keynum != sig.keynum => c.fail(
                CheckId::V05,
                path,
                "signed with a key that is not this member's key (key number differs)",
                at().line(2)
                    .field("keynum")
                    .want(hex(&m.key.keynum), hex(&sig.keynum)),
            ),
            Some(m) => member_sigs.push((path.clone(), m, *sig)),
        }
    }
    member_sigs
}

/// V05 (keys): `keys/` holds exactly the members' keys, each equal to `election.json`.
fn key_files_are_the_committee(files: &RecordFiles, committee: &Committee, c: &mut Checks) {
    for m in &committee.members {
        let path = files::key_path(&m.id);
        match files.get(&path).map(|b| PublicKey::parse(b, &path)) {
            None => c.fail(
                CheckId::V05,
                &path,
                "committee member's public key file is missing",
                at(),
            ),
            Some(Err(e)) => c.fail(
                CheckId::V05,
                &path,
                e.message,
                Failure {
                    line: e.line,
                    ..at()
                },
            ),
            Some(Ok(k)) if k != m.key => c.fail(
                CheckId::V05,
                &path,
                "public key differs from the member's key in election.json",
                at().line(2).want(m.key.to_base64(), k.to_base64()),
            ),
            Some(Ok(_)) => {}
        }
    }
    for path in files.files.keys() {
        if let Some(name) = path
            .strip_prefix("keys/")
            .and_then(|n| n.strip_suffix(".pub"))
        {
            if committee.member(name).is_some() {
                continue;
            }
        }
        if path.starts_with("keys/") {
            c.fail(
                CheckId::V05,
                path,
                "keys/ holds only the committee members' <id>.pub files",
                at(),
            );
        }
    }
}

/// The members whose signature verified, and those of them whose key is a `--trust` key.
struct Signed<'a> {
    valid: BTreeSet<&'a str>,
    trusted: BTreeSet<&'a str>,
}

/// V06: each member's signature verifies over the exact bytes of `SHA256`.
fn signatures_verify<'a>(
    manifest_bytes: Option<&[u8]>,
    member_sigs: &[(String, &'a Member, Signature)],
    options: &VerifyOptions,
    c: &mut Checks,
) -> Signed<'a> {
    let mut signed = Signed {
        valid: BTreeSet::new(),
        trusted: BTreeSet::new(),
    };
    let Some(bytes) = manifest_bytes else {
        c.fail(
            CheckId::V06,
            MANIFEST,
            "no manifest to verify signatures over",
            at(),
        );
        return signed;
    };
    for (path, m, sig) in member_sigs {
        match m.key.verify(bytes, sig) {
            Ok(()) => {
                signed.valid.insert(m.id.as_str());
                if options.trust.contains(&m.key) {
                    signed.trusted.insert(m.id.as_str());
                }
            }
            Err(e) => c.fail(CheckId::V06, path, format!("{e} over SHA256"), at().line(2)),
        }
    }
    c.pass(
        CheckId::V06,
        MANIFEST,
        format!(
            "{} signature(s) verify over the exact bytes of SHA256 (Ed25519 verify_strict)",
            member_sigs.len()
        ),
    );
    signed
}

/// V07: at least the committee's threshold of distinct members signed validly.
fn quorum_of_members(committee: &Committee, valid: &BTreeSet<&str>, c: &mut Checks) {
    let k = committee.threshold;
    let names = valid.iter().copied().collect::<Vec<_>>().join(", ");
    if (valid.len() as u64) < k {
        c.fail(
            CheckId::V07,
            MANIFEST,
            format!(
                "not enough committee members signed (valid: {})",
                if valid.is_empty() { "none" } else { &names }
            ),
            at().field("committee.threshold_k").want(
                format!("at least {k} of {}", committee.members.len()),
                valid.len().to_string(),
            ),
        );
    } else {
        c.pass(
            CheckId::V07,
            MANIFEST,
            format!(
                "{} of {} members signed (threshold {k}): {names}",
                valid.len(),
                committee.members.len(),
            ),
        );
    }
}

/// V08: the committee is pinned, by the parent's signed manifest or by the auditor's
/// `--trust` keys: a majority of them, or `--threshold` of them, and never fewer than the
/// record's own threshold `k` (a forger writes their own).
fn committee_is_pinned(
    pinned_by: Option<&str>,
    options: &VerifyOptions,
    k: u64,
    trusted: &BTreeSet<&str>,
    c: &mut Checks,
) {
    if let Some(parent) = pinned_by {
        c.pass(
            CheckId::V08,
            ELECTION_JSON,
            format!("committee pinned by the signed manifest of {parent}"),
        );
        return;
    }
    if options.trust.is_empty() {
        c.skip(
            CheckId::V08,
            ELECTION_JSON,
            "committee not pinned (no --trust key given): signatures checked against the record's own committee only",
        );
        return;
    }
    let given = distinct_keys(&options.trust);
    let pinned = options.trust_threshold.unwrap_or(given / 2 + 1);
    let needed = pinned.max(k);
    if (trusted.len() as u64) < needed {
        c.fail(
            CheckId::V08,
            ELECTION_JSON,
            format!(
                "the quorum is not reached by keys given with --trust (committee not the \
                 trusted one?): {} of the {given} trusted key(s) signed as members, {} \
                 needed ({})",
                trusted.len(),
                needed,
                if options.trust_threshold.is_some() {
                    "--threshold, or the record's threshold if higher"
                } else {
                    "a majority of the --trust keys unless --threshold says otherwise"
                }
            ),
            at().field("committee").want(
                format!("at least {needed} valid signatures by trusted keys"),
                trusted.len().to_string(),
            ),
        );
    } else {
        c.pass(
            CheckId::V08,
            ELECTION_JSON,
            format!(
                "{} valid signature(s) by --trust keys ({needed} needed: {}; record \
                 threshold {k})",
                trusted.len(),
                if options.trust_threshold.is_some() {
                    "--threshold"
                } else {
                    "a majority of the --trust keys"
                }
            ),
        );
    }
}
