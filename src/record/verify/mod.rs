//! `congress verify`: the checks V01–V31 of `docs/verification.md` §4 (the registry is
//! [`CheckId`]), one result per check (or per failure), each naming the file, line or field,
//! and expected versus found.

mod election;
mod lots;
mod manifest;
mod outcome;
mod parent;
mod signatures;
mod station;

use crate::error::{Error, Result};
use crate::record::check::{CheckId, CheckResult, CheckStatus, InRecord, Part, Report};
use crate::record::files::{
    parse_tally, ElectionInfo, Head, RecordFiles, Role, Tally, ELECTION_JSON, HEAD, TALLY,
};
use crate::record::manifest::MANIFEST;
use crate::record::recount::Counter;
use crate::record::signify::PublicKey;
use std::collections::{BTreeMap, BTreeSet};

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

/// Why a check the record reports has no result when the record's steps are done. Every
/// step names its own reasons; this one is the guarantee that no check is left out.
const UNREPORTED: &str = "not checked: an earlier step of this record's verification failed";

/// Most failures reported per check id per record before they are summarised.
const MAX_FAILURES_PER_CHECK: usize = 10;

/// Collects results for one record.
struct Checks<'a> {
    prefix: String,
    /// The record's role, as its `election.json` says (`None`: unreadable).
    role: Option<Role>,
    out: &'a mut Vec<CheckResult>,
    failures: BTreeMap<CheckId, usize>,
    /// The checks with at least one result so far.
    reported: BTreeSet<CheckId>,
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

    fn push(&mut self, id: CheckId, status: CheckStatus, file: &str, detail: String, f: Failure) {
        self.reported.insert(id);
        self.out.push(CheckResult {
            id,
            status,
            file: self.path(file),
            line: f.line,
            field: f.field,
            expected: f.expected,
            found: f.found,
            detail,
        });
    }

    fn pass(&mut self, id: CheckId, file: &str, detail: impl Into<String>) {
        if !self.failures.contains_key(&id) {
            self.push(id, CheckStatus::Pass, file, detail.into(), at());
        }
    }

    fn skip(&mut self, id: CheckId, file: &str, detail: impl Into<String>) {
        self.push(id, CheckStatus::Skip, file, detail.into(), at());
    }

    /// A failure a file's parser found, at its line and field.
    fn fail_parse(&mut self, id: CheckId, file: &str, e: Error) {
        let at = Failure {
            line: e.line,
            field: e.field,
            ..at()
        };
        self.fail(id, file, e.message, at);
    }

    fn fail(&mut self, id: CheckId, file: &str, detail: impl Into<String>, f: Failure) {
        let n = self.failures.entry(id).or_insert(0);
        *n += 1;
        if *n <= MAX_FAILURES_PER_CHECK {
            self.push(id, CheckStatus::Fail, file, detail.into(), f);
        }
    }

    /// The checks this record reports that have no result yet, in the order the record's
    /// parts run (in number order within a part).
    fn unreported(&self) -> Vec<CheckId> {
        let mut ids: Vec<CheckId> = CheckId::ALL
            .iter()
            .copied()
            .filter(|id| id.in_record(self.role) == InRecord::Reported)
            .filter(|id| !self.reported.contains(id))
            .collect();
        ids.sort_by_key(|id| (id.part(), *id));
        ids
    }

    /// Skips the checks of `part` that have no result yet: an earlier step they need failed.
    fn skip_rest_of(&mut self, part: Part, file: &str, reason: &str) {
        for id in self.unreported() {
            if id.part() == part {
                self.skip(id, file, reason);
            }
        }
    }

    /// Skips every check of the record that has no result yet.
    fn skip_rest(&mut self, file: &str, reason: &str) {
        for id in self.unreported() {
            self.skip(id, file, reason);
        }
    }

    /// Reports the checks that do not apply to this kind of record as skipped, saying why.
    fn skip_not_applicable(&mut self) {
        for &id in CheckId::ALL {
            if let InRecord::NotApplicable { file, reason } = id.in_record(self.role) {
                self.skip(id, file, reason);
            }
        }
    }

    /// Ends the record's results: every check the record reports has a result (one that no
    /// step reported is skipped here, so none is ever dropped), and checks whose failures
    /// were cut off get a summary line.
    fn finish(&mut self) {
        self.skip_rest("", UNREPORTED);
        let cut: Vec<(CheckId, usize)> = self
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
///
/// # Example
///
/// A signed record of the fixtures, checked against the committee key the auditor trusts
/// (as `congress verify DIR --trust KEY.pub` does):
///
/// ```
/// use congress::record::check::{CheckStatus, Report};
/// use congress::record::ElectCounter;
/// use congress::record::verify::{verify_dir, VerifyOptions};
/// use congress::signify::PublicKey;
/// use std::path::Path;
///
/// let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
/// let key_file = repo.join("tests/vectors/signatures/signify/committee.pub");
/// let key = PublicKey::parse(&std::fs::read(&key_file).unwrap(), "committee.pub")?;
/// let options = VerifyOptions { trust: vec![key], ..VerifyOptions::default() };
/// let record = repo.join("fixtures/records/v1/marks-presidium");
/// let report = verify_dir(&record, &options, &ElectCounter)?;
/// assert!(report.ok(), "{}", report.render());
/// let v08 = |r: &Report| r.checks.iter().find(|c| c.id.as_str() == "V08").unwrap().status;
/// assert_eq!(v08(&report), CheckStatus::Pass);
///
/// // Without a trusted key the signatures are checked only against the committee the
/// // record names itself: V08 is a skip, not a pass.
/// let unpinned = verify_dir(&record, &VerifyOptions::default(), &ElectCounter)?;
/// assert_eq!(v08(&unpinned), CheckStatus::Skip);
/// # Ok::<(), congress::Error>(())
/// ```
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
    let info = files
        .get(ELECTION_JSON)
        .and_then(|b| ElectionInfo::parse(b).ok());
    let role = info.as_ref().map(|i| i.role);
    let mut c = Checks {
        prefix: prefix.to_string(),
        role,
        out,
        failures: BTreeMap::new(),
        reported: BTreeSet::new(),
    };
    let kind = info.as_ref().map(|i| (i.role, i.secrecy));
    manifest::check_manifest(files, kind, &mut c);
    if options.skip_signatures {
        c.skip_rest_of(Part::Signatures, MANIFEST, "signatures not checked");
    } else {
        signatures::check_signatures(files, info.as_ref(), pinned_by, options, &mut c);
    }
    election::check_election(files, info.as_ref(), &mut c);
    election::check_previous(files, &mut c);
    let mut verified = Verified {
        info: info.clone(),
        head: None,
        tally: files.get(TALLY).and_then(|b| parse_tally(b).ok()),
        ok: false,
    };
    c.skip_not_applicable();
    match &info {
        Some(info) => {
            verified.head = match info.role {
                Role::Station => station::check_station(files, info, counter, &mut c),
                Role::Parent => parent::check_parent(files, info, options, counter, &mut c),
            }
        }
        None => c.skip_rest(ELECTION_JSON, &election_unreadable()),
    }
    c.finish();
    verified.ok = !out[start..].iter().any(|r| r.status == CheckStatus::Fail);
    verified
}

/// Why a check that needs `election.json` did not run.
fn election_unreadable() -> String {
    format!(
        "not checked: election.json is unreadable ({})",
        CheckId::V10
    )
}
