//! The audit's own record (`congress-audit/1`, docs/paper-ballots.md §8.7): its inputs and
//! outcome in a directory, linked to the election record by the SHA-256 of that record's
//! signed manifest, and signed by the same committee.
//!
//! ```text
//! audit.json                    format, election id, link, risk limit, seed, outcome
//! boxes.csv                     the ballot manifest as read (UTF-8)
//! rounds/<k>/sample.csv         round k's sample
//! rounds/<k>/paper.csv          round k's papers as read
//! SHA256                        `SHA256 (<path>) = <hex>` lines, as in an election record
//! SHA256.<member>.sig           signify signatures over SHA256
//! ```
//!
//! Anyone can check it: the files against `SHA256`, the link against the election record,
//! the outcome by assessing the stored inputs again, the seed by redrawing the samples, and
//! the signatures against the election record's committee.

use super::assess::{self, Outcome};
use super::contest::Contest;
use super::manifest::Manifest;
use super::sampler;
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use crate::exact::Ratio;
use crate::input::Source;
use crate::record::files::{ElectionInfo, RecordFiles, ELECTION_JSON};
use crate::record::manifest::MANIFEST;
use crate::record::signify::{SecretKey, Signature};
use std::path::Path;

/// The audit record's format.
pub const FORMAT: &str = "congress-audit/1";
/// Its main file.
pub const AUDIT_JSON: &str = "audit.json";
/// The manifest as read.
pub const BOXES: &str = "boxes.csv";

/// What an audit read: the manifest's text and each round's sample and papers.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The ballot manifest.
    pub boxes: Source,
    /// Each round's (sample, papers as read), in order.
    pub rounds: Vec<(Source, Source)>,
    /// The risk limit.
    pub alpha: Ratio,
    /// The dice seed, when the samples are to be checked against it.
    pub seed: Option<String>,
}

/// Assesses `inputs` against the election record in `election`: checks the samples against
/// the seed when one is given, then weighs the readings.
pub fn assess_inputs(election: &Path, inputs: &Inputs) -> Result<(Contest, Outcome)> {
    let contest = Contest::from_record(election)?;
    let manifest = Manifest::read(&inputs.boxes)?;
    manifest.covers(contest.papers, &inputs.boxes.name)?;
    let mut readings = Vec::new();
    for (sample, paper) in &inputs.rounds {
        if let Some(seed) = &inputs.seed {
            check_sample(seed, &manifest, sample, readings.len())?;
        }
        readings.extend(assess::read_round(&contest, &manifest, sample, paper)?);
    }
    let outcome = assess::assess(&contest, &readings, inputs.alpha, manifest.papers());
    Ok((contest, outcome))
}

/// Checks that `sample` holds draws `drawn + 1 …` of the stream of `seed`.
pub fn check_sample(seed: &str, manifest: &Manifest, sample: &Source, drawn: usize) -> Result<()> {
    let rows = assess::read_sample(sample, manifest)?;
    let draws = sampler::draw(seed, &manifest.boxes, drawn, rows.len());
    for (k, ((line, b, p), d)) in rows.iter().zip(&draws).enumerate() {
        if *b != d.ballot_box || *p != d.position {
            return Err(Error::input(format!(
                "draw {} of seed {seed} is {}/{}, not {b}/{p}: this sample was not drawn from \
                 that seed (or not after {drawn} earlier draws)",
                drawn + k + 1,
                d.ballot_box,
                d.position
            ))
            .file(&sample.name)
            .line(*line)
            .field("position"));
        }
    }
    Ok(())
}

/// The SHA-256 (hex) of the election record's signed manifest: the audit's link to it.
pub fn election_link(election: &Path) -> Result<String> {
    let path = election.join(MANIFEST);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    Ok(hex(&sha256(&bytes)))
}

/// Builds the (unsigned) audit record.
pub fn build(
    election: &Path,
    contest: &Contest,
    inputs: &Inputs,
    outcome: &Outcome,
) -> Result<RecordFiles> {
    let mut files = RecordFiles::default();
    let json = serde_json::json!({
        "format": FORMAT,
        "election_id": contest.election.id,
        "election_record_sha256": election_link(election)?,
        "risk_limit": inputs.alpha.to_fraction_string(),
        "seed": inputs.seed,
        "rounds": inputs.rounds.len(),
        "outcome": outcome,
    });
    let mut text = serde_json::to_string_pretty(&json)
        .map_err(|e| Error::input(format!("audit.json: {e}")))?;
    text.push('\n');
    files.files.insert(AUDIT_JSON.into(), text.into_bytes());
    files
        .files
        .insert(BOXES.into(), inputs.boxes.text.clone().into_bytes());
    for (k, (sample, paper)) in inputs.rounds.iter().enumerate() {
        files.files.insert(
            format!("rounds/{}/sample.csv", k + 1),
            sample.text.clone().into_bytes(),
        );
        files.files.insert(
            format!("rounds/{}/paper.csv", k + 1),
            paper.text.clone().into_bytes(),
        );
    }
    crate::record::write::add_manifest(&mut files)?;
    Ok(files)
}

/// One check of an audit record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// `A1` … `A4`.
    pub id: &'static str,
    /// What it checks.
    pub check: &'static str,
    /// Whether it passed.
    pub ok: bool,
    /// Why, or what was found.
    pub detail: String,
}

fn text_of(files: &RecordFiles, path: &str) -> std::result::Result<Source, String> {
    let bytes = files.get(path).ok_or(format!("{path} is missing"))?;
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| format!("{path} is not UTF-8"))?;
    Ok(Source::from_text(path, text))
}

/// The stored inputs of an audit record, and its `audit.json`.
fn stored(files: &RecordFiles) -> std::result::Result<(serde_json::Value, Inputs), String> {
    let json: serde_json::Value =
        serde_json::from_slice(files.get(AUDIT_JSON).ok_or("audit.json is missing")?)
            .map_err(|e| format!("audit.json: {e}"))?;
    if json["format"] != FORMAT {
        return Err(format!("audit.json: format is not {FORMAT}"));
    }
    let alpha = Ratio::parse(json["risk_limit"].as_str().unwrap_or(""))
        .map_err(|_| "audit.json: risk_limit is not a fraction".to_string())?;
    let n = json["rounds"]
        .as_u64()
        .ok_or("audit.json: rounds is not a count")?;
    let mut rounds = Vec::new();
    for k in 1..=n {
        rounds.push((
            text_of(files, &format!("rounds/{k}/sample.csv"))?,
            text_of(files, &format!("rounds/{k}/paper.csv"))?,
        ));
    }
    let inputs = Inputs {
        boxes: text_of(files, BOXES)?,
        rounds,
        alpha,
        seed: json["seed"].as_str().map(String::from),
    };
    Ok((json, inputs))
}

/// Every check of the audit record in `dir` against the election record in `election`;
/// `skip_signatures` leaves out A4 (for signing).
pub fn verify(dir: &Path, election: &Path, skip_signatures: bool) -> Result<Vec<Check>> {
    let files = RecordFiles::read(dir)?;
    let mut out = Vec::new();
    let mut check = |id, what, result: std::result::Result<String, String>| {
        let (ok, detail) = match result {
            Ok(d) => (true, d),
            Err(d) => (false, d),
        };
        out.push(Check {
            id,
            check: what,
            ok,
            detail,
        });
    };
    // A1: the files are those the manifest lists, with its digests.
    check("A1", "files match SHA256", manifest_matches(&files));
    let parsed = stored(&files);
    // A2: the link to the election record.
    check(
        "A2",
        "linked to the election record",
        match (&parsed, election_link(election)) {
            (Ok((json, _)), Ok(link)) if json["election_record_sha256"] == link.as_str() => {
                Ok(format!("SHA256 of {}/SHA256 is {link}", election.display()))
            }
            (Ok(_), Ok(link)) => Err(format!(
                "audit.json names another election record (its SHA256 hashes to {link})"
            )),
            (Err(e), _) => Err(e.clone()),
            (_, Err(e)) => Err(e.to_string()),
        },
    );
    // A3: the stored inputs assess to the stored outcome (and redraw from the seed).
    check(
        "A3",
        "outcome recomputed from the stored inputs",
        match &parsed {
            Err(e) => Err(e.clone()),
            Ok((json, inputs)) => match assess_inputs(election, inputs) {
                Err(e) => Err(e.to_string()),
                Ok((_, outcome)) => {
                    let again = serde_json::to_value(&outcome).unwrap_or_default();
                    if again == json["outcome"] {
                        Ok(format!("status {}", outcome.status.as_str()))
                    } else {
                        Err(format!(
                            "the stored inputs assess to status {}, not what audit.json says",
                            outcome.status.as_str()
                        ))
                    }
                }
            },
        },
    );
    if !skip_signatures {
        check(
            "A4",
            "signed by the committee",
            signatures(&files, election),
        );
    }
    Ok(out)
}

fn manifest_matches(files: &RecordFiles) -> std::result::Result<String, String> {
    let bytes = files.get(MANIFEST).ok_or("SHA256 is missing")?;
    let entries = crate::record::manifest::parse(bytes).map_err(|e| e.to_string())?;
    for e in &entries {
        match files.get(&e.path) {
            None => return Err(format!("{} is listed but missing", e.path)),
            Some(b) if sha256(b) != e.sha256 => {
                return Err(format!("{} does not match its digest", e.path))
            }
            Some(_) => {}
        }
    }
    let listed: std::collections::BTreeSet<&str> =
        entries.iter().map(|e| e.path.as_str()).collect();
    if let Some(extra) = files
        .files
        .keys()
        .find(|k| !crate::record::manifest::is_manifest_file(k) && !listed.contains(k.as_str()))
    {
        return Err(format!("{extra} is not listed in SHA256"));
    }
    if let Some(odd) = files.irregular.first() {
        return Err(format!("{odd} is not a regular file"));
    }
    Ok(format!("{} files", entries.len()))
}

/// The election record's committee.
fn committee(election: &Path) -> Result<crate::ballot::election::Committee> {
    let path = election.join(ELECTION_JSON);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    Ok(ElectionInfo::parse(&bytes)
        .map_err(|e| e.file(path.display().to_string()))?
        .committee)
}

fn signatures(files: &RecordFiles, election: &Path) -> std::result::Result<String, String> {
    let committee = committee(election).map_err(|e| e.to_string())?;
    let manifest = files.get(MANIFEST).unwrap_or_default();
    let mut signed = Vec::new();
    for m in &committee.members {
        let path = crate::record::files::sig_path(&m.id);
        if let Some(bytes) = files.get(&path) {
            let sig = Signature::parse(bytes, &path).map_err(|e| e.to_string())?;
            m.key
                .verify(manifest, &sig)
                .map_err(|_| format!("{path} is not a valid signature of {} over SHA256", m.id))?;
            signed.push(m.id.as_str());
        }
    }
    if (signed.len() as u64) < committee.threshold {
        return Err(format!(
            "{} of the {} signatures the committee requires ({})",
            signed.len(),
            committee.threshold,
            if signed.is_empty() {
                "none".to_string()
            } else {
                signed.join(", ")
            }
        ));
    }
    Ok(format!("signed by {}", signed.join(", ")))
}

/// Signs the audit record in `dir` as `member` of the election record's committee, after
/// every other check passes. Returns the signature file's path.
pub fn sign(
    dir: &Path,
    election: &Path,
    key: &SecretKey,
    member: &str,
    force: bool,
) -> Result<std::path::PathBuf> {
    let committee = committee(election)?;
    let m = committee.member(member).ok_or_else(|| {
        Error::input(format!(
            "{member:?} is not a member of the election record's committee"
        ))
        .field("--member")
    })?;
    if m.key != key.public() {
        return Err(Error::input(format!(
            "this key is not member {member:?}'s key in the committee"
        ))
        .field("--key"));
    }
    if let Some(f) = verify(dir, election, true)?.into_iter().find(|c| !c.ok) {
        return Err(Error::input(format!(
            "refusing to sign an audit record that fails {} ({}): {}",
            f.id, f.check, f.detail
        ))
        .file(dir.display().to_string()));
    }
    let path = dir.join(MANIFEST);
    let manifest = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let sig = key.sign(&manifest);
    let out = dir.join(crate::record::files::sig_path(member));
    let text = sig.to_file(&format!(
        "verify with the election record's keys/{member}.pub (congress audit)"
    ));
    crate::output::write_atomic(&out, text.as_bytes(), force)?;
    Ok(out)
}
