//! `congress verify`: the checks V01–V31 of research/verifiability.md §5, one result per
//! check (or per failure), each naming the file, line or field, and expected versus found.
//!
//! | id | what it checks |
//! | --- | --- |
//! | V01 | `SHA256` parses strictly (sorted, unique, safe paths, lowercase hex) |
//! | V02 | files present == files listed (plus `SHA256`, `SHA256.<member>.sig`) |
//! | V03 | every listed file's SHA-256 matches |
//! | V04 | each `SHA256.<member>.sig` is a well-formed signify signature |
//! | V05 | each signer is a committee member, with that member's key number; `keys/` holds exactly the committee's keys |
//! | V06 | each signature verifies (Ed25519 `verify_strict`) over the exact bytes of `SHA256` |
//! | V07 | distinct members with a valid signature ≥ threshold k |
//! | V08 | the committee is pinned: by the parent record, or by `--trust` keys |
//! | V10 | `election.json`: format, fields, strings and integers only, canonical bytes, agrees with `election.toml` |
//! | V11 | `ballots.csv`: strict CSV, header, one canonical line per ballot, ids unique and sorted |
//! | V12 | `head.csv` commits to `ballots.csv`: tree size, RFC 6962 root, file hash |
//! | V13 | recount of the ballots == `tally.csv` (and every ballot counted once) |
//! | V14 | ballots returned ≤ the roll (`[attendance] entitled`) |
//! | V20 | each child record: its manifest matches `stations.csv`, and it passes every check with its own committee |
//! | V21 | children listed == the election's `stations`, none missing, extra or twice |
//! | V22 | `stations.csv` lines == the children's heads and tallies; parent tally == Σ child tallies |
//! | V23 | `head.csv` commits to `stations.csv` |
//! | V30 | the outcome recomputed == `seats.csv` and `result.json` |
//! | V31 | every lot reproduces from its recorded inputs, and lots appear exactly where the count drew them |

use super::canonical::{self, parse_csv_line};
use super::files::{
    self, parse_hex32, parse_lots, parse_tally, ElectionFacts, ElectionInfo, Head, RecordFiles,
    Role, StationLine, Tally, TallyKey, BALLOTS, ELECTION_JSON, ELECTION_TOML, HEAD, LOTS, RESULT,
    SEATS, STATIONS, STATIONS_DIR, TALLY,
};
use super::manifest::{self, MANIFEST};
use super::recount::{Counted, Counter, Named};
use super::signify::{PublicKey, Signature};
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use crate::lot::draw_lot;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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

/// One line of the verification report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The check id (`V01`…`V31`, `V40`).
    pub id: String,
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
        let status = match self.status {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::Skip => "skip",
        };
        let mut s = format!("{} {status} {}", self.id, self.file);
        if let Some(l) = self.line {
            s.push_str(&format!(":{l}"));
        }
        if let Some(f) = &self.field {
            s.push_str(&format!(" {f}"));
        }
        s.push_str(": ");
        s.push_str(&self.detail);
        match (&self.expected, &self.found) {
            (Some(e), Some(f)) => s.push_str(&format!(" (expected {e}, found {f})")),
            (Some(e), None) => s.push_str(&format!(" (expected {e})")),
            (None, Some(f)) => s.push_str(&format!(" (found {f})")),
            (None, None) => {}
        }
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
        self.failures().map(|c| c.id.clone()).collect()
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
        let mut out = String::new();
        for c in &self.checks {
            out.push_str(&c.render());
            out.push('\n');
        }
        let (p, f, s) = self.counts();
        out.push_str(&format!(
            "summary: {} results: {p} pass, {f} fail, {s} skip: {}\n",
            self.checks.len(),
            if f == 0 {
                "record verified"
            } else {
                "RECORD FAILED VERIFICATION"
            }
        ));
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

/// Options of a verification.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Keys given with `--trust`: the committee's quorum must be reached by these keys.
    pub trust: Vec<PublicKey>,
    /// How many distinct `--trust` keys must have signed (`None`: a majority of those given).
    /// The record's own threshold is never what pins it: a forger writes their own.
    pub trust_threshold: Option<u64>,
    /// Skip the signature checks V04–V08 (used by `sign` to check a record before signing).
    pub skip_signatures: bool,
}

/// Most failures reported per check id per record before they are summarised.
const MAX_FAILURES_PER_CHECK: usize = 10;

/// Collects results for one record.
struct Checks<'a> {
    prefix: String,
    out: &'a mut Vec<CheckResult>,
    failures: BTreeMap<&'static str, usize>,
}

/// A failure being built.
#[derive(Default)]
struct Failure {
    line: Option<u64>,
    field: Option<String>,
    expected: Option<String>,
    found: Option<String>,
}

impl Failure {
    fn line(mut self, l: u64) -> Self {
        self.line = Some(l);
        self
    }
    fn field(mut self, f: impl Into<String>) -> Self {
        self.field = Some(f.into());
        self
    }
    fn want(mut self, e: impl Into<String>, f: impl Into<String>) -> Self {
        self.expected = Some(e.into());
        self.found = Some(f.into());
        self
    }
}

fn at() -> Failure {
    Failure::default()
}

impl Checks<'_> {
    fn path(&self, file: &str) -> String {
        format!("{}{file}", self.prefix)
    }

    fn push(&mut self, id: &str, status: CheckStatus, file: &str, detail: String, f: Failure) {
        self.out.push(CheckResult {
            id: id.to_string(),
            status,
            file: self.path(file),
            line: f.line,
            field: f.field,
            expected: f.expected,
            found: f.found,
            detail,
        });
    }

    fn pass(&mut self, id: &'static str, file: &str, detail: impl Into<String>) {
        if !self.failures.contains_key(id) {
            self.push(id, CheckStatus::Pass, file, detail.into(), at());
        }
    }

    fn skip(&mut self, id: &'static str, file: &str, detail: impl Into<String>) {
        self.push(id, CheckStatus::Skip, file, detail.into(), at());
    }

    fn fail(&mut self, id: &'static str, file: &str, detail: impl Into<String>, f: Failure) {
        let n = self.failures.entry(id).or_insert(0);
        *n += 1;
        if *n <= MAX_FAILURES_PER_CHECK {
            self.push(id, CheckStatus::Fail, file, detail.into(), f);
        }
    }

    /// Adds a summary line for checks whose failures were cut off.
    fn finish(&mut self) {
        let cut: Vec<(&'static str, usize)> = self
            .failures
            .iter()
            .filter(|(_, n)| **n > MAX_FAILURES_PER_CHECK)
            .map(|(k, n)| (*k, *n))
            .collect();
        for (id, n) in cut {
            self.push(
                id,
                CheckStatus::Fail,
                "",
                format!("… and {} more failures of {id}", n - MAX_FAILURES_PER_CHECK),
                at(),
            );
        }
    }
}

/// What a verified record states, for its parent's checks.
#[derive(Debug, Clone)]
pub struct Verified {
    /// `election.json`, if it parsed.
    pub info: Option<ElectionInfo>,
    /// `head.csv`, if it parsed.
    pub head: Option<Head>,
    /// `tally.csv`, if it parsed.
    pub tally: Option<Tally>,
    /// Whether every check of this record (and its children) passed.
    pub ok: bool,
}

/// Verifies the record in directory `dir`. `Err` (exit 3) when `dir` is not a record at all.
pub fn verify_dir(
    dir: &std::path::Path,
    options: &VerifyOptions,
    counter: &dyn Counter,
) -> Result<Report> {
    if !dir.is_dir() {
        return Err(
            Error::input("not a directory; expected a congress record directory")
                .file(dir.display().to_string()),
        );
    }
    let files = RecordFiles::read(dir)?;
    verify_files(&files, options, counter).map_err(|e| e.file(dir.display().to_string()))
}

/// Verifies a record held in memory. `Err` when it is not a record at all (none of
/// `SHA256`, `election.json`, `head.csv`).
pub fn verify_files(
    files: &RecordFiles,
    options: &VerifyOptions,
    counter: &dyn Counter,
) -> Result<Report> {
    if files.get(MANIFEST).is_none()
        && files.get(ELECTION_JSON).is_none()
        && files.get(HEAD).is_none()
    {
        return Err(Error::input(
            "not a congress record: no SHA256, election.json or head.csv",
        ));
    }
    let mut report = Report::default();
    verify_record(files, "", None, options, counter, &mut report.checks);
    Ok(report)
}

/// Verifies one record; `pinned_by` names the parent whose signed manifest pins it.
pub fn verify_record(
    files: &RecordFiles,
    prefix: &str,
    pinned_by: Option<&str>,
    options: &VerifyOptions,
    counter: &dyn Counter,
    out: &mut Vec<CheckResult>,
) -> Verified {
    let start = out.len();
    let mut c = Checks {
        prefix: prefix.to_string(),
        out,
        failures: BTreeMap::new(),
    };
    let info = files
        .get(ELECTION_JSON)
        .and_then(|b| ElectionInfo::parse(b).ok());
    check_manifest(files, info.as_ref().map(|i| i.role), &mut c);
    if options.skip_signatures {
        for id in ["V04", "V05", "V06", "V07", "V08"] {
            c.skip(id, MANIFEST, "signatures not checked");
        }
    } else {
        check_signatures(files, info.as_ref(), pinned_by, options, &mut c);
    }
    check_election(files, info.as_ref(), &mut c);
    let mut verified = Verified {
        info: info.clone(),
        head: None,
        tally: files.get(TALLY).and_then(|b| parse_tally(b).ok()),
        ok: false,
    };
    match info.as_ref().map(|i| i.role) {
        Some(Role::Station) => {
            verified.head = check_station(files, info.as_ref(), counter, &mut c);
        }
        Some(Role::Parent) => {
            verified.head = check_parent(files, info.as_ref(), options, counter, &mut c);
        }
        None => {
            for id in ["V11", "V12", "V13", "V14", "V30", "V31"] {
                c.skip(
                    id,
                    ELECTION_JSON,
                    "not checked: election.json is unreadable (V10)",
                );
            }
        }
    }
    c.finish();
    verified.ok = !out[start..].iter().any(|r| r.status == CheckStatus::Fail);
    verified
}

/// Whether a record of `role` has a file at `path`: the files every record has, the
/// signature files (V04) and member keys (V05), and the ballots (station) or the stations'
/// list and records (parent, V20–V21).
fn is_file_of_role(path: &str, role: Role) -> bool {
    match path {
        ELECTION_TOML | ELECTION_JSON | HEAD | TALLY | SEATS | RESULT | LOTS => true,
        BALLOTS => role == Role::Station,
        STATIONS => role == Role::Parent,
        p if manifest::is_manifest_file(p) || p.starts_with("keys/") => true,
        p => role == Role::Parent && p.starts_with("stations/"),
    }
}

/// V01–V03; `role` (when `election.json` says it) also limits V02 to the files of that role.
fn check_manifest(files: &RecordFiles, role: Option<Role>, c: &mut Checks) {
    let Some(bytes) = files.get(MANIFEST) else {
        c.fail("V01", MANIFEST, "the manifest SHA256 is missing", at());
        c.skip("V02", MANIFEST, "not checked: no manifest");
        c.skip("V03", MANIFEST, "not checked: no manifest");
        return;
    };
    let entries = match manifest::parse(bytes) {
        Ok(e) => e,
        Err((line, msg)) => {
            c.fail("V01", MANIFEST, msg, at().line(line));
            c.skip("V02", MANIFEST, "not checked: manifest unreadable");
            c.skip("V03", MANIFEST, "not checked: manifest unreadable");
            return;
        }
    };
    c.pass(
        "V01",
        MANIFEST,
        format!("{} lines, sorted, unique, safe paths", entries.len()),
    );
    // V02: the listed set equals the present set.
    let listed: BTreeSet<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    for (i, e) in entries.iter().enumerate() {
        if manifest::is_manifest_file(&e.path) {
            c.fail(
                "V02",
                MANIFEST,
                format!(
                    "{} lists the manifest or a signature, which it cannot cover",
                    e.path
                ),
                at().line(i as u64 + 1),
            );
        } else if !files.files.contains_key(&e.path) {
            c.fail(
                "V02",
                &e.path,
                format!("listed on line {} of SHA256 but missing", i + 1),
                at().want("present", "missing"),
            );
        }
    }
    for path in files.files.keys() {
        if !manifest::is_manifest_file(path) && !listed.contains(path.as_str()) {
            c.fail(
                "V02",
                path,
                "present but not listed in SHA256 (added after the record was made?)",
                at().want("not present", "present"),
            );
        }
    }
    for path in &files.irregular {
        c.fail(
            "V02",
            path,
            "not a regular file (symbolic link or special file)",
            at(),
        );
    }
    if let Some(role) = role {
        for path in files.files.keys() {
            if !is_file_of_role(path, role) {
                c.fail(
                    "V02",
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
        "V02",
        MANIFEST,
        format!(
            "the {} listed files are exactly the files present",
            entries.len()
        ),
    );
    // V03: digests.
    for (i, e) in entries.iter().enumerate() {
        if let Some(b) = files.get(&e.path) {
            let got = sha256(b);
            if got != e.sha256 {
                c.fail(
                    "V03",
                    &e.path,
                    format!("SHA-256 does not match line {} of SHA256", i + 1),
                    at().field("sha256").want(hex(&e.sha256), hex(&got)),
                );
            }
        }
    }
    c.pass(
        "V03",
        MANIFEST,
        format!(
            "every listed file's SHA-256 matches ({} files)",
            entries.len()
        ),
    );
}

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

/// V04–V08.
fn check_signatures(
    files: &RecordFiles,
    info: Option<&ElectionInfo>,
    pinned_by: Option<&str>,
    options: &VerifyOptions,
    c: &mut Checks,
) {
    let manifest_bytes = files.get(MANIFEST);
    // V04: every SHA256.* file is a signature of a well-named member.
    let mut sigs: Vec<(String, String, Signature)> = Vec::new();
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
                "V04",
                path,
                "unexpected file: only SHA256 and SHA256.<member>.sig sit beside the manifest",
                at(),
            );
            continue;
        };
        match Signature::parse(bytes, path) {
            Ok(sig) => sigs.push((path.clone(), member.to_string(), sig)),
            Err(e) => c.fail(
                "V04",
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
        "V04",
        MANIFEST,
        format!(
            "{} signature file(s), each a well-formed signify signature",
            sigs.len()
        ),
    );
    let Some(info) = info else {
        for id in ["V05", "V06", "V07", "V08"] {
            c.skip(
                id,
                ELECTION_JSON,
                "not checked: election.json is unreadable (V10)",
            );
        }
        return;
    };
    let committee = &info.committee;
    // V05: signers are members with their member's key number; keys/ holds the committee.
    let mut member_sigs: Vec<(String, &files::Member, Signature)> = Vec::new();
    for (path, member, sig) in &sigs {
        match committee.member(member) {
            None => c.fail(
                "V05",
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
                "V05",
                path,
                "signed with a key that is not this member's key (key number differs)",
                at().line(2)
                    .field("keynum")
                    .want(hex(&m.key.keynum), hex(&sig.keynum)),
            ),
            Some(m) => member_sigs.push((path.clone(), m, *sig)),
        }
    }
    for m in &committee.members {
        let path = files::key_path(&m.id);
        match files.get(&path).map(|b| PublicKey::parse(b, &path)) {
            None => c.fail(
                "V05",
                &path,
                "committee member's public key file is missing",
                at(),
            ),
            Some(Err(e)) => c.fail(
                "V05",
                &path,
                e.message,
                Failure {
                    line: e.line,
                    ..at()
                },
            ),
            Some(Ok(k)) if k != m.key => c.fail(
                "V05",
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
                "V05",
                path,
                "keys/ holds only the committee members' <id>.pub files",
                at(),
            );
        }
    }
    c.pass(
        "V05",
        MANIFEST,
        "every signer is a committee member using that member's key",
    );
    // V06: the signatures verify over the exact manifest bytes.
    let mut valid: BTreeSet<&str> = BTreeSet::new();
    let mut trusted: BTreeSet<&str> = BTreeSet::new();
    if let Some(bytes) = manifest_bytes {
        for (path, m, sig) in &member_sigs {
            match m.key.verify(bytes, sig) {
                Ok(()) => {
                    valid.insert(m.id.as_str());
                    if options.trust.contains(&m.key) {
                        trusted.insert(m.id.as_str());
                    }
                }
                Err(e) => c.fail("V06", path, format!("{e} over SHA256"), at().line(2)),
            }
        }
        c.pass(
            "V06",
            MANIFEST,
            format!(
                "{} signature(s) verify over the exact bytes of SHA256 (Ed25519 verify_strict)",
                member_sigs.len()
            ),
        );
    } else {
        c.fail(
            "V06",
            MANIFEST,
            "no manifest to verify signatures over",
            at(),
        );
    }
    // V07: quorum of distinct members.
    let k = committee.threshold;
    if (valid.len() as u64) < k {
        c.fail(
            "V07",
            MANIFEST,
            format!(
                "not enough committee members signed (valid: {})",
                if valid.is_empty() {
                    "none".to_string()
                } else {
                    valid.iter().copied().collect::<Vec<_>>().join(", ")
                }
            ),
            at().field("committee.threshold_k").want(
                format!("at least {k} of {}", committee.members.len()),
                valid.len().to_string(),
            ),
        );
    } else {
        c.pass(
            "V07",
            MANIFEST,
            format!(
                "{} of {} members signed (threshold {k}): {}",
                valid.len(),
                committee.members.len(),
                valid.iter().copied().collect::<Vec<_>>().join(", ")
            ),
        );
    }
    // V08: pinning.
    if let Some(parent) = pinned_by {
        c.pass(
            "V08",
            ELECTION_JSON,
            format!("committee pinned by the signed manifest of {parent}"),
        );
    } else if !options.trust.is_empty() {
        // The auditor's quorum, not the record's: a majority of the trusted keys, or
        // `--threshold` of them, and never fewer than the record's own threshold.
        let given = distinct_keys(&options.trust);
        let pinned = options.trust_threshold.unwrap_or(given / 2 + 1);
        let needed = pinned.max(k);
        if (trusted.len() as u64) < needed {
            c.fail(
                "V08",
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
                "V08",
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
    } else {
        c.skip(
            "V08",
            ELECTION_JSON,
            "committee not pinned (no --trust key given): signatures checked against the record's own committee only",
        );
    }
}

/// V10.
fn check_election(files: &RecordFiles, info: Option<&ElectionInfo>, c: &mut Checks) {
    let Some(bytes) = files.get(ELECTION_JSON) else {
        c.fail("V10", ELECTION_JSON, "missing", at());
        return;
    };
    let info = match (info, ElectionInfo::parse(bytes)) {
        (Some(i), _) => i.clone(),
        (None, Err((field, msg))) => {
            c.fail("V10", ELECTION_JSON, msg, at().field(field));
            return;
        }
        (None, Ok(i)) => i,
    };
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        if let Err(m) = canonical::check_strings_and_integers(&value, "$") {
            c.fail("V10", ELECTION_JSON, m, at());
        }
    }
    let canonical = info.to_bytes();
    if canonical != bytes {
        c.fail(
            "V10",
            ELECTION_JSON,
            "not in canonical form (compact JSON, sorted keys, only the congress-record/1 fields, final LF)",
            at().want(format!("{} bytes", canonical.len()), format!("{} bytes", bytes.len())),
        );
    }
    let Some(toml_bytes) = files.get(ELECTION_TOML) else {
        c.fail("V10", ELECTION_TOML, "the election file is missing", at());
        return;
    };
    let derived = match ElectionInfo::derive(toml_bytes, &info.candidates, info.seats) {
        Ok(d) => d,
        Err(e) => {
            c.fail(
                "V10",
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
    let facts = ElectionFacts::parse(toml_bytes, ELECTION_TOML).ok();
    let mut mismatch = |field: &str, want: String, found: String| {
        if want != found {
            c.fail(
                "V10",
                ELECTION_JSON,
                "does not agree with election.toml",
                at().field(field).want(want, found),
            );
        }
    };
    mismatch(
        "election_sha256",
        hex(&derived.election_sha256),
        hex(&info.election_sha256),
    );
    mismatch(
        "role",
        derived.role.as_str().into(),
        info.role.as_str().into(),
    );
    mismatch(
        "election_id",
        derived.election_id.clone(),
        info.election_id.clone(),
    );
    mismatch(
        "title",
        format!("{:?}", derived.title),
        format!("{:?}", info.title),
    );
    mismatch("method", derived.method.clone(), info.method.clone());
    mismatch(
        "committee",
        format!("{:?}", derived.committee),
        format!("{:?}", info.committee),
    );
    mismatch(
        "receipts",
        derived.receipts.to_string(),
        info.receipts.to_string(),
    );
    mismatch(
        "beacon",
        format!("{:?}", derived.beacon),
        format!("{:?}", info.beacon),
    );
    mismatch(
        "roll_size",
        format!("{:?}", derived.roll_size),
        format!("{:?}", info.roll_size),
    );
    mismatch(
        "children",
        format!("{:?}", derived.children),
        format!("{:?}", info.children),
    );
    if let Some(f) = facts {
        if let Some(cands) = f.candidates {
            mismatch(
                "candidates",
                format!("{cands:?}"),
                format!("{:?}", info.candidates),
            );
        }
        if let Some(seats) = f.seats {
            mismatch("seats", seats.to_string(), info.seats.to_string());
        }
    }
    c.pass(
        "V10",
        ELECTION_JSON,
        format!(
            "{} {} record of election {}, canonical, agrees with election.toml",
            files::FORMAT,
            info.role.as_str(),
            info.election_id
        ),
    );
}

/// The ballot id of a canonical ballot line (its first field).
pub fn ballot_id_of(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.starts_with('"') {
        let end = line.bytes().position(|b| b == b',').unwrap_or(line.len());
        return std::borrow::Cow::Borrowed(line.get(..end).unwrap_or(""));
    }
    match parse_csv_line(line) {
        Ok(mut f) if !f.is_empty() => std::borrow::Cow::Owned(f.swap_remove(0)),
        _ => std::borrow::Cow::Borrowed(line),
    }
}

/// V11 (structure) for station records; returns the data lines when the file is readable.
fn check_ballot_lines<'a>(bytes: &'a [u8], c: &mut Checks) -> Option<(&'a str, Vec<&'a str>)> {
    let lines = match canonical::lines(bytes) {
        Ok(l) => l,
        Err((line, msg)) => {
            c.fail("V11", BALLOTS, msg, at().line(line));
            return None;
        }
    };
    let header = lines[0];
    let columns = match parse_csv_line(header) {
        Ok(cols) => cols,
        Err(m) => {
            c.fail("V11", BALLOTS, m, at().line(1));
            return None;
        }
    };
    if columns.first().map(String::as_str) != Some("ballot_id") {
        c.fail(
            "V11",
            BALLOTS,
            "the first column of the header must be ballot_id",
            at().line(1)
                .want("ballot_id", columns.first().cloned().unwrap_or_default()),
        );
    }
    let data = lines[1..].to_vec();
    let mut prev: Option<std::borrow::Cow<str>> = None;
    for (i, line) in data.iter().enumerate() {
        let n = i as u64 + 2;
        let plain = !line.as_bytes().contains(&b'"');
        let count = if plain {
            line.bytes().filter(|&b| b == b',').count() + 1
        } else {
            match parse_csv_line(line) {
                Ok(f) => {
                    match canonical::csv_line(&f) {
                        Ok(again) if again == *line => {}
                        _ => c.fail("V11", BALLOTS, "not in canonical CSV quoting", at().line(n)),
                    }
                    f.len()
                }
                Err(m) => {
                    c.fail("V11", BALLOTS, m, at().line(n));
                    continue;
                }
            }
        };
        if count != columns.len() {
            c.fail(
                "V11",
                BALLOTS,
                "wrong number of fields",
                at().line(n)
                    .want(columns.len().to_string(), count.to_string()),
            );
        }
        let id = ballot_id_of(line);
        if id.is_empty() {
            c.fail(
                "V11",
                BALLOTS,
                "empty ballot_id",
                at().line(n).field("ballot_id"),
            );
        }
        if let Some(p) = &prev {
            match p.as_bytes().cmp(id.as_bytes()) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => c.fail(
                    "V11",
                    BALLOTS,
                    format!("ballot_id {id:?} appears twice (a duplicated ballot)"),
                    at().line(n).field("ballot_id"),
                ),
                std::cmp::Ordering::Greater => c.fail(
                    "V11",
                    BALLOTS,
                    format!("ballot_id {id:?} is out of order (ballots are sorted by ballot_id)"),
                    at().line(n)
                        .field("ballot_id")
                        .want(format!("after {p:?}"), id.to_string()),
                ),
            }
        }
        prev = Some(id);
    }
    Some((header, data))
}

/// V11–V14, V30, V31 for a record with its own ballots; returns its head.
fn check_station(
    files: &RecordFiles,
    info: Option<&ElectionInfo>,
    counter: &dyn Counter,
    c: &mut Checks,
) -> Option<Head> {
    let info = info?;
    let Some(bytes) = files.get(BALLOTS) else {
        c.fail(
            "V11",
            BALLOTS,
            "missing (a station record holds its ballots)",
            at(),
        );
        for id in ["V12", "V13", "V14", "V30", "V31"] {
            c.skip(id, BALLOTS, "not checked: no ballots.csv");
        }
        return None;
    };
    let parsed = check_ballot_lines(bytes, c);
    // The count, run once for V11 (canonical re-rendering) and V13–V31.
    let toml = files.get(ELECTION_TOML).unwrap_or_default();
    let counted = counter.count(toml, bytes, Named::of(info));
    if let (Some((header, data)), Ok(counted)) = (&parsed, &counted) {
        if counted.canonical.as_bytes() != bytes {
            let mut canonical = counted.canonical.split_terminator('\n');
            let want_header = canonical.next().unwrap_or("");
            if want_header != *header {
                c.fail(
                    "V11",
                    BALLOTS,
                    "header differs from the canonical header for this election",
                    at().line(1)
                        .want(want_header.to_string(), header.to_string()),
                );
            }
            for (i, (want, got)) in canonical.zip(data.iter()).enumerate() {
                if want != *got {
                    c.fail(
                        "V11",
                        BALLOTS,
                        "line differs from the canonical form of the ballot it holds",
                        at().line(i as u64 + 2)
                            .want(want.to_string(), got.to_string()),
                    );
                }
            }
        }
    }
    if let Err(e) = &counted {
        if e.file.as_deref() == Some(BALLOTS) {
            c.fail(
                "V11",
                BALLOTS,
                e.message.clone(),
                Failure {
                    line: e.line,
                    field: e.field.clone(),
                    ..at()
                },
            );
        }
    }
    c.pass(
        "V11",
        BALLOTS,
        format!(
            "{} ballots, one canonical line each, ids unique and sorted",
            parsed.as_ref().map(|(_, d)| d.len()).unwrap_or(0)
        ),
    );
    // V12: the head commits to these ballots.
    let head = match files.get(HEAD).map(Head::parse) {
        None => {
            c.fail("V12", HEAD, "missing", at());
            None
        }
        Some(Err((line, field, msg))) => {
            c.fail("V12", HEAD, msg, at().line(line).field(field));
            None
        }
        Some(Ok(h)) => Some(h),
    };
    if let (Some(h), Some((_, data))) = (&head, &parsed) {
        // The counter's root is over its canonical lines; when its canonical file is this
        // file byte for byte it is the file's root, and the tree need not be hashed twice.
        let known = match &counted {
            Ok(k) if k.canonical.as_bytes() == bytes => k.root,
            _ => None,
        };
        let want = match known {
            Some(root) => Head::with_root(
                &info.election_id,
                Role::Station,
                data.len() as u64,
                root,
                bytes,
            ),
            None => Head::of(&info.election_id, Role::Station, data, bytes),
        };
        check_head(h, &want, BALLOTS, "V12", c);
    }
    check_outcome(files, info, counted, head.as_ref(), c);
    head
}

/// Checks a head against the head recomputed from its leaves file (V12 for ballots, V23 for
/// stations).
fn check_head(head: &Head, want: &Head, leaves_name: &str, id: &'static str, c: &mut Checks) {
    let fields = [
        ("record_id", want.record_id.clone(), head.record_id.clone()),
        ("role", want.role.as_str().into(), head.role.as_str().into()),
        (
            "tree_size",
            want.tree_size.to_string(),
            head.tree_size.to_string(),
        ),
        ("root_sha256", hex(&want.root), hex(&head.root)),
        (
            "leaves_sha256",
            hex(&want.leaves_sha256),
            hex(&head.leaves_sha256),
        ),
    ];
    for (field, w, f) in fields {
        if w != f {
            c.fail(
                id,
                HEAD,
                format!("does not commit to {leaves_name}"),
                at().line(2).field(field).want(w, f),
            );
        }
    }
    c.pass(
        id,
        HEAD,
        format!(
            "tree of {} leaves from {leaves_name}, RFC 6962 root {}",
            want.tree_size,
            hex(&want.root)
        ),
    );
}

/// V13, V14, V30, V31 from a count.
fn check_outcome(
    files: &RecordFiles,
    info: &ElectionInfo,
    counted: Result<Counted>,
    head: Option<&Head>,
    c: &mut Checks,
) {
    let counted = match counted {
        Ok(x) => x,
        Err(e) => {
            if e.file.as_deref() != Some(BALLOTS) {
                c.fail(
                    "V13",
                    e.file.as_deref().unwrap_or(BALLOTS),
                    format!("the recount failed: {}", e.message),
                    Failure {
                        line: e.line,
                        field: e.field.clone(),
                        ..at()
                    },
                );
            } else {
                c.skip(
                    "V13",
                    BALLOTS,
                    "not checked: the ballots do not re-read (V11)",
                );
            }
            for id in ["V14", "V30", "V31"] {
                c.skip(id, BALLOTS, "not checked: no recount");
            }
            return;
        }
    };
    // V13: tally.
    if counted.candidates != info.candidates {
        c.fail(
            "V13",
            ELECTION_JSON,
            "the count's candidates differ from election.json",
            at().field("candidates").want(
                format!("{:?}", counted.candidates),
                format!("{:?}", info.candidates),
            ),
        );
    }
    if counted.seats != info.seats {
        c.fail(
            "V13",
            ELECTION_JSON,
            "the count's seats differ from election.json",
            at().field("seats")
                .want(counted.seats.to_string(), info.seats.to_string()),
        );
    }
    compare_tally(
        files.get(TALLY),
        &counted.tally,
        &counted.candidates,
        "V13",
        c,
    );
    let returned = counted
        .tally
        .get(&TallyKey {
            measure: "returned".into(),
            candidate: String::new(),
        })
        .copied();
    if let (Some(h), Some(r)) = (head, returned) {
        if info.role == Role::Station && r != h.tree_size {
            c.fail(
                "V13",
                TALLY,
                "ballots returned differ from the number of ballot lines",
                at().field("returned")
                    .want(h.tree_size.to_string(), r.to_string()),
            );
        }
    }
    c.pass(
        "V13",
        TALLY,
        format!(
            "recount of {} ballots matches tally.csv",
            returned.unwrap_or(0)
        ),
    );
    // V14: roll.
    match (info.roll_size, returned) {
        (Some(roll), Some(r)) if r > roll => c.fail(
            "V14",
            TALLY,
            "more ballots than voters entitled to vote",
            at().field("returned")
                .want(format!("at most {roll}"), r.to_string()),
        ),
        (Some(roll), Some(r)) => c.pass("V14", TALLY, format!("{r} ballots ≤ {roll} entitled")),
        _ => c.skip(
            "V14",
            ELECTION_TOML,
            "no roll size ([attendance] entitled) in the election",
        ),
    }
    // V30: outcome.
    match files::seats_to_bytes(&counted.seat_rows) {
        Ok(want) => compare_bytes(files.get(SEATS), &want, SEATS, "V30", c),
        Err(e) => c.fail("V30", SEATS, e.message, at()),
    }
    match canonical::json(&counted.result) {
        Ok(mut want) => {
            want.push('\n');
            compare_bytes(files.get(RESULT), want.as_bytes(), RESULT, "V30", c);
        }
        Err(m) => c.fail("V30", RESULT, m, at()),
    }
    c.pass(
        "V30",
        SEATS,
        "the outcome recomputed from the ballots matches seats.csv and result.json",
    );
    // V31: lots.
    check_lots(files, info, &counted, c);
}

/// Compares a file with the bytes it should hold, naming the first differing line.
fn compare_bytes(found: Option<&[u8]>, want: &[u8], name: &str, id: &'static str, c: &mut Checks) {
    let Some(found) = found else {
        c.fail(id, name, "missing", at());
        return;
    };
    if found == want {
        return;
    }
    let fl: Vec<&[u8]> = found.split(|b| *b == b'\n').collect();
    let wl: Vec<&[u8]> = want.split(|b| *b == b'\n').collect();
    let i = fl
        .iter()
        .zip(wl.iter())
        .position(|(a, b)| a != b)
        .unwrap_or(fl.len().min(wl.len()));
    let show = |l: Option<&&[u8]>| {
        l.map(|b| {
            let s = String::from_utf8_lossy(b).into_owned();
            if s.chars().count() > 160 {
                format!("{}…", s.chars().take(160).collect::<String>())
            } else {
                s
            }
        })
        .unwrap_or_else(|| "end of file".into())
    };
    c.fail(
        id,
        name,
        "differs from the recomputed content",
        at().line(i as u64 + 1)
            .want(show(wl.get(i)), show(fl.get(i))),
    );
}

/// Compares `tally.csv` with the expected counts.
fn compare_tally(
    found: Option<&[u8]>,
    want: &Tally,
    candidates: &[String],
    id: &'static str,
    c: &mut Checks,
) {
    let Some(bytes) = found else {
        c.fail(id, TALLY, "missing", at());
        return;
    };
    match parse_tally(bytes) {
        Err((line, field, msg)) => c.fail(id, TALLY, msg, at().line(line).field(field)),
        Ok(got) => {
            // Where each count stands in the file (the file parsed, so every line is one).
            let line_of: BTreeMap<(String, String), u64> = canonical::lines(bytes)
                .map(|lines| {
                    lines
                        .iter()
                        .enumerate()
                        .skip(1)
                        .filter_map(|(i, l)| {
                            let f = parse_csv_line(l).ok()?;
                            Some(((f.first()?.clone(), f.get(1)?.clone()), i as u64 + 1))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let keys: BTreeSet<&TallyKey> = want.keys().chain(got.keys()).collect();
            for k in keys {
                let (w, g) = (want.get(k), got.get(k));
                if w != g {
                    let show =
                        |x: Option<&u64>| x.map(|n| n.to_string()).unwrap_or("no line".into());
                    let mut failure = at()
                        .field(
                            format!("{} {}", k.measure, k.candidate)
                                .trim_end()
                                .to_string(),
                        )
                        .want(show(w), show(g));
                    if let Some(&line) = line_of.get(&(k.measure.clone(), k.candidate.clone())) {
                        failure = failure.line(line);
                    }
                    c.fail(id, TALLY, "count differs from the recount", failure);
                }
            }
            if got == *want {
                if let Ok(canon) = files::tally_to_bytes(want, candidates) {
                    compare_bytes(Some(bytes), &canon, TALLY, id, c);
                }
            }
        }
    }
}

/// V31.
fn check_lots(files: &RecordFiles, info: &ElectionInfo, counted: &Counted, c: &mut Checks) {
    let recorded = match files.get(LOTS).map(parse_lots) {
        None => Vec::new(),
        Some(Err((line, field, msg))) => {
            c.fail("V31", LOTS, msg, at().line(line).field(field));
            return;
        }
        Some(Ok(l)) => l,
    };
    if files.get(LOTS).is_some() && recorded.is_empty() {
        c.fail(
            "V31",
            LOTS,
            "lots.csv exists but records no lot (it is written only when a lot was drawn)",
            at(),
        );
    }
    for (i, lot) in recorded.iter().enumerate() {
        let n = i + 1;
        let Some(root) = parse_hex32(&lot.root_hex) else {
            c.fail(
                "V31",
                LOTS,
                format!("lot {n}: root is not 64 lowercase hex"),
                at().field("root"),
            );
            continue;
        };
        let again = draw_lot(&root, &lot.contest_id, &lot.beacon, &lot.candidates);
        if again.candidates != lot.candidates {
            c.fail(
                "V31",
                LOTS,
                format!("lot {n}: candidates are not sorted bytewise and unique"),
                at().field("candidate"),
            );
        }
        if again.seed_hex != lot.seed_hex {
            c.fail(
                "V31",
                LOTS,
                format!("lot {n}: seed is not SHA-256(\"congress/lot/v1\" ‖ 0 ‖ root ‖ 0 ‖ contest_id ‖ 0 ‖ beacon)"),
                at().field("seed").want(again.seed_hex.clone(), lot.seed_hex.clone()),
            );
        }
        if again.draws != lot.draws {
            // The first draw that differs (or the first one missing on either side).
            let k = again
                .draws
                .iter()
                .zip(&lot.draws)
                .position(|(a, b)| a != b)
                .unwrap_or(again.draws.len().min(lot.draws.len()));
            let show = |draws: &[crate::lot::Draw]| {
                draws.get(k).map_or_else(
                    || "no draw".to_string(),
                    |d| format!("value {} at position {}", d.value, d.position),
                )
            };
            c.fail(
                "V31",
                LOTS,
                format!(
                    "lot {n}: draw {} does not reproduce from the seed (ChaCha20 keystream)",
                    k + 1
                ),
                at().field("draw")
                    .want(show(&again.draws), show(&lot.draws)),
            );
        }
        if again.order != lot.order {
            c.fail(
                "V31",
                LOTS,
                format!("lot {n}: the order does not reproduce"),
                at().field("order")
                    .want(again.order.join(" > "), lot.order.join(" > ")),
            );
        }
        if Some(&lot.beacon) != info.beacon.as_ref() {
            c.fail(
                "V31",
                LOTS,
                format!("lot {n}: beacon is not the election's [tiebreak] seed"),
                at().field("beacon")
                    .want(info.beacon.clone().unwrap_or_default(), lot.beacon.clone()),
            );
        }
    }
    if recorded.len() != counted.lots.len() {
        c.fail(
            "V31",
            LOTS,
            "the lots recorded are not the lots the recount draws (a lot where none was needed, or one missing)",
            at().want(format!("{} lot(s)", counted.lots.len()), format!("{} lot(s)", recorded.len())),
        );
    } else if let Some(k) = recorded.iter().zip(&counted.lots).position(|(a, b)| a != b) {
        let (found, want) = (&recorded[k], &counted.lots[k]);
        c.fail(
            "V31",
            LOTS,
            format!(
                "lot {} is not the lot the recount draws (its tie, beacon or root differ)",
                k + 1
            ),
            at().want(
                format!("{}: {}", want.contest_id, want.candidates.join(", ")),
                format!("{}: {}", found.contest_id, found.candidates.join(", ")),
            ),
        );
    } else if let (Some(found), false) = (files.get(LOTS), counted.lots.is_empty()) {
        // The same lots, also written the one way the record writes them (no repeated,
        // reordered or quoted lines).
        match files::lots_to_bytes(&counted.lots) {
            Ok(want) => compare_bytes(Some(found), &want, LOTS, "V31", c),
            Err(e) => c.fail("V31", LOTS, e.message, at()),
        }
    }
    if recorded.is_empty() {
        c.pass("V31", LOTS, "no lot was needed and none is recorded");
    } else {
        c.pass(
            "V31",
            LOTS,
            format!(
                "{} lot(s) reproduce from their seeds and match the recount",
                recorded.len()
            ),
        );
    }
}

/// Station ids and lines of `stations.csv`, checked for V21 structure.
fn read_stations<'a>(bytes: &'a [u8], c: &mut Checks) -> Option<(Vec<&'a str>, Vec<StationLine>)> {
    let lines = match canonical::lines(bytes) {
        Ok(l) => l,
        Err((line, m)) => {
            c.fail("V21", STATIONS, m, at().line(line));
            return None;
        }
    };
    if lines[0] != files::STATIONS_HEADER {
        c.fail(
            "V21",
            STATIONS,
            "wrong header",
            at().line(1).want(files::STATIONS_HEADER, lines[0]),
        );
        return None;
    }
    let mut out = Vec::new();
    for (i, l) in lines[1..].iter().enumerate() {
        match StationLine::parse(l) {
            Ok(s) => {
                if let Some(prev) = out.last() {
                    let prev: &StationLine = prev;
                    if prev.station_id.as_bytes() >= s.station_id.as_bytes() {
                        c.fail(
                            "V21",
                            STATIONS,
                            format!("station {:?} is out of order or listed twice", s.station_id),
                            at().line(i as u64 + 2).field("station_id"),
                        );
                    }
                }
                out.push(s);
            }
            Err((field, m)) => c.fail("V21", STATIONS, m, at().line(i as u64 + 2).field(field)),
        }
    }
    Some((lines[1..].to_vec(), out))
}

/// The ballot headers and lines of a record and all its descendants, for a parent recount.
pub fn collect_ballots<'a>(
    files: &'a RecordFiles,
    out: &mut Vec<(String, std::borrow::Cow<'a, str>)>,
    headers: &mut Vec<(String, String)>,
    station: &str,
) -> std::result::Result<(), String> {
    if let Some(bytes) = files.files.get(BALLOTS) {
        let lines =
            canonical::lines(bytes).map_err(|(l, m)| format!("{station}/{BALLOTS}:{l}: {m}"))?;
        headers.push((station.to_string(), lines[0].to_string()));
        for l in &lines[1..] {
            out.push((station.to_string(), std::borrow::Cow::Borrowed(*l)));
        }
        return Ok(());
    }
    let dirs: BTreeSet<String> = files
        .files
        .keys()
        .filter_map(|k| k.strip_prefix("stations/"))
        .filter_map(|k| k.split('/').next())
        .map(String::from)
        .collect();
    for d in dirs {
        let sub = files.sub(&format!("{STATIONS_DIR}/{d}"));
        let mut inner = Vec::new();
        collect_ballots(&sub, &mut inner, headers, &format!("{station}/{d}"))?;
        out.extend(
            inner
                .into_iter()
                .map(|(s, l)| (s, std::borrow::Cow::Owned(l.into_owned()))),
        );
    }
    Ok(())
}

/// The union of child ballots as the bytes of one canonical `ballots.csv`. Headers may
/// differ only in trailing `choice_k` / `write_in_k` columns (a station's longest ranking or
/// most write-ins): shorter lines get empty trailing fields. `Err` names a ballot id used by
/// two stations, or incompatible headers.
pub fn union_ballots(files: &RecordFiles) -> std::result::Result<Vec<u8>, String> {
    let mut lines = Vec::new();
    let mut headers = Vec::new();
    collect_ballots(files, &mut lines, &mut headers, "")?;
    let mut widest: Option<(String, Vec<String>)> = None;
    let mut widths: BTreeMap<String, usize> = BTreeMap::new();
    for (station, h) in &headers {
        let cols = parse_csv_line(h).map_err(|m| format!("{station}/{BALLOTS}:1: {m}"))?;
        widths.insert(station.clone(), cols.len());
        match &widest {
            None => widest = Some((station.clone(), cols)),
            Some((other, w)) => {
                let (short, long) = if cols.len() <= w.len() {
                    (&cols, w)
                } else {
                    (w, &cols)
                };
                let extra_ok = long[short.len()..]
                    .iter()
                    .all(|c| c.starts_with("choice_") || c.starts_with("write_in_"));
                if long[..short.len()] != short[..] || !extra_ok {
                    return Err(format!(
                        "{}/{BALLOTS}: header differs from {}/{BALLOTS} (the stations count different ballots)",
                        station.trim_start_matches('/'),
                        other.trim_start_matches('/')
                    ));
                }
                if cols.len() > w.len() {
                    widest = Some((station.clone(), cols));
                }
            }
        }
    }
    let Some((_, widest)) = widest else {
        return Err("no child record holds ballots".into());
    };
    let mut keyed: Vec<(std::borrow::Cow<str>, &str, &str)> = lines
        .iter()
        .map(|(s, l)| (ballot_id_of(l), s.as_str(), l.as_ref()))
        .collect();
    keyed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    for w in keyed.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(format!(
                "ballot_id {:?} appears in {} and {}; ballot ids must be unique across the election",
                w[0].0,
                w[0].1.trim_start_matches('/'),
                w[1].1.trim_start_matches('/')
            ));
        }
    }
    let header = canonical::csv_line(&widest)?;
    let mut out = String::with_capacity(
        header.len() + lines.iter().map(|(_, l)| l.len() + 4).sum::<usize>() + 1,
    );
    out.push_str(&header);
    out.push('\n');
    for (_, station, l) in keyed {
        out.push_str(l);
        let pad = widest.len() - widths.get(station).copied().unwrap_or(widest.len());
        for _ in 0..pad {
            out.push(',');
        }
        out.push('\n');
    }
    Ok(out.into_bytes())
}

/// V20–V23 and V13, V14, V30, V31 for a parent record; returns its head.
fn check_parent(
    files: &RecordFiles,
    info: Option<&ElectionInfo>,
    options: &VerifyOptions,
    counter: &dyn Counter,
    c: &mut Checks,
) -> Option<Head> {
    let info = info?;
    c.skip(
        "V11",
        BALLOTS,
        "parent record: the ballots are in the child records",
    );
    c.skip("V12", BALLOTS, "parent record: see V23");
    if files.get(BALLOTS).is_some() {
        c.fail(
            "V11",
            BALLOTS,
            "a parent record holds no ballots.csv of its own",
            at(),
        );
    }
    let Some(st_bytes) = files.get(STATIONS) else {
        c.fail(
            "V21",
            STATIONS,
            "missing (a parent record lists its children)",
            at(),
        );
        return None;
    };
    let stations = read_stations(st_bytes, c);
    let (data, lines) = stations.unwrap_or_default();
    // V21: the set of children.
    let listed: Vec<&str> = lines.iter().map(|l| l.station_id.as_str()).collect();
    let expected: BTreeSet<&str> = info.children.iter().map(String::as_str).collect();
    let listed_set: BTreeSet<&str> = listed.iter().copied().collect();
    let dirs: BTreeSet<&str> = files
        .files
        .keys()
        .filter_map(|k| k.strip_prefix("stations/"))
        .filter_map(|k| k.split('/').next())
        .collect();
    for s in expected.difference(&listed_set) {
        c.fail(
            "V21",
            STATIONS,
            format!("station {s:?} of the election is missing"),
            at().field("station_id").want((*s).to_string(), "no line"),
        );
    }
    for s in listed_set.difference(&expected) {
        c.fail(
            "V21",
            STATIONS,
            format!("station {s:?} is not one of the election's stations"),
            at().field("station_id").want("no line", (*s).to_string()),
        );
    }
    for s in dirs.symmetric_difference(&listed_set) {
        c.fail(
            "V21",
            &format!("{STATIONS_DIR}/{s}"),
            "child record directories and stations.csv disagree",
            at().want(
                if listed_set.contains(s) {
                    "directory"
                } else {
                    "no directory"
                },
                if dirs.contains(s) {
                    "directory"
                } else {
                    "no directory"
                },
            ),
        );
    }
    c.pass(
        "V21",
        STATIONS,
        format!("{} children, exactly the election's stations", listed.len()),
    );
    // V20 and V22 per child.
    let mut sum = Tally::new();
    let mut child_reports = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let n = i as u64 + 2;
        let dir = format!("{STATIONS_DIR}/{}", line.station_id);
        if !dirs.contains(line.station_id.as_str()) {
            continue;
        }
        let sub = files.sub(&dir);
        let prefix = format!("{}{dir}/", c.prefix);
        let parent_name = if c.prefix.is_empty() {
            "the parent record".to_string()
        } else {
            c.prefix.trim_end_matches('/').to_string()
        };
        let child = verify_record(
            &sub,
            &prefix,
            Some(&parent_name),
            options,
            counter,
            &mut child_reports,
        );
        let manifest = sub.get(MANIFEST).map(sha256);
        if manifest != Some(line.manifest_sha256) {
            c.fail(
                "V20",
                STATIONS,
                format!(
                    "child {}: its SHA256 is not the one stations.csv pins",
                    line.station_id
                ),
                at().line(n).field("manifest_sha256").want(
                    hex(&line.manifest_sha256),
                    manifest
                        .map(|m| hex(&m))
                        .unwrap_or_else(|| "no SHA256".into()),
                ),
            );
        }
        if !child.ok {
            c.fail(
                "V20",
                &dir,
                format!(
                    "child {} fails its own checks (see {dir}/ lines)",
                    line.station_id
                ),
                at(),
            );
        }
        if let Some(ci) = &child.info {
            for (field, w, f) in [
                ("method", info.method.clone(), ci.method.clone()),
                ("seats", info.seats.to_string(), ci.seats.to_string()),
                (
                    "candidates",
                    format!("{:?}", info.candidates),
                    format!("{:?}", ci.candidates),
                ),
                (
                    "election_id",
                    line.station_id.clone(),
                    ci.election_id.clone(),
                ),
            ] {
                if w != f {
                    c.fail(
                        "V20",
                        &format!("{dir}/{ELECTION_JSON}"),
                        "child election does not match the parent",
                        at().field(field).want(w, f),
                    );
                }
            }
        }
        // V22: the line equals the child's head and tally.
        if let Some(h) = &child.head {
            for (field, w, f) in [
                (
                    "tree_size",
                    h.tree_size.to_string(),
                    line.tree_size.to_string(),
                ),
                ("root_sha256", hex(&h.root), hex(&line.root)),
            ] {
                if w != f {
                    c.fail(
                        "V22",
                        STATIONS,
                        format!("line of {} differs from its head.csv", line.station_id),
                        at().line(n).field(field).want(w, f),
                    );
                }
            }
        }
        let tally_sha = sub.get(TALLY).map(sha256);
        if tally_sha != Some(line.tally_sha256) {
            c.fail(
                "V22",
                STATIONS,
                format!("line of {} does not pin its tally.csv", line.station_id),
                at().line(n).field("tally_sha256").want(
                    tally_sha
                        .map(|t| hex(&t))
                        .unwrap_or_else(|| "no tally.csv".into()),
                    hex(&line.tally_sha256),
                ),
            );
        }
        if let Some(t) = &child.tally {
            let get = |m: &str| {
                t.get(&TallyKey {
                    measure: m.into(),
                    candidate: String::new(),
                })
                .copied()
                .unwrap_or(0)
            };
            for (field, w, f) in [("returned", get("returned"), line.returned)] {
                if w != f {
                    c.fail(
                        "V22",
                        STATIONS,
                        format!("line of {} differs from its tally.csv", line.station_id),
                        at().line(n).field(field).want(w.to_string(), f.to_string()),
                    );
                }
            }
            for (k, v) in t {
                *sum.entry(k.clone()).or_insert(0) += v;
            }
        }
    }
    c.pass(
        "V20",
        STATIONS,
        format!(
            "{} child record(s) verified with their own committees",
            lines.len()
        ),
    );
    c.out.append(&mut child_reports);
    compare_tally(files.get(TALLY), &sum, &info.candidates, "V22", c);
    c.pass(
        "V22",
        STATIONS,
        "stations.csv matches every child, and tally.csv is the sum of the children's tallies",
    );
    // V23: head over stations.csv.
    let head = match files.get(HEAD).map(Head::parse) {
        None => {
            c.fail("V23", HEAD, "missing", at());
            None
        }
        Some(Err((line, field, msg))) => {
            c.fail("V23", HEAD, msg, at().line(line).field(field));
            None
        }
        Some(Ok(h)) => Some(h),
    };
    if let Some(h) = &head {
        let want = Head::of(&info.election_id, Role::Parent, &data, st_bytes);
        check_head(h, &want, STATIONS, "V23", c);
    }
    // The recount over every child's ballots.
    let toml = files.get(ELECTION_TOML).unwrap_or_default();
    let counted = union_ballots(files)
        .map_err(|m| Error::input(m).file(STATIONS))
        .and_then(|ballots| counter.count(toml, &ballots, Named::of(info)));
    let counted = counted.map_err(|e| {
        if e.file.as_deref() == Some(BALLOTS) {
            e.file("stations/*/ballots.csv")
        } else {
            e
        }
    });
    check_outcome(files, info, counted, head.as_ref(), c);
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballot_ids_are_the_first_field() {
        assert_eq!(ballot_id_of("b7,yes,no"), "b7");
        assert_eq!(ballot_id_of("\"a,b\",yes"), "a,b");
        assert_eq!(ballot_id_of("solo"), "solo");
    }

    #[test]
    fn report_lines_name_everything() {
        let r = CheckResult {
            id: "V03".into(),
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
}
