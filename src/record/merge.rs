//! `congress merge`: a parent record over child records (station → department → school).
//!
//! Each child must pass every check with its own committee; the children must be exactly
//! the parent election's `stations` (none missing, none extra, none twice); the parent
//! re-counts the union of the children's ballots under the parent election file, and its
//! tally must equal the sum of the children's tallies (docs/verification.md §8).

use super::ballots::union_ballots;
use super::files::{
    ElectionInfo, RecordFiles, StationLine, Tally, TallyKey, ELECTION_JSON, ELECTION_TOML, HEAD,
    STATIONS, STATIONS_DIR, STATIONS_HEADER, TALLY,
};
use super::manifest::MANIFEST;
use super::recount::{Counter, Named};
use super::verify::{verify_files, VerifyOptions};
use crate::ballot::election::{Election, Secrecy};
use crate::digest::sha256;
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// Builds an unsigned parent record over `children` (each a complete, signed record).
pub fn build(
    election_toml: &[u8],
    children: Vec<RecordFiles>,
    counter: &dyn Counter,
) -> Result<RecordFiles> {
    build_named(
        election_toml,
        children
            .into_iter()
            .enumerate()
            .map(|(i, c)| (format!("child {}", i + 1), c))
            .collect(),
        counter,
    )
}

/// Like [`build`], with a name per child (its directory) for error messages.
pub fn build_named(
    election_toml: &[u8],
    children: Vec<(String, RecordFiles)>,
    counter: &dyn Counter,
) -> Result<RecordFiles> {
    let election = Election::from_bytes(ELECTION_TOML, election_toml.to_vec())?;
    let Some(stations) = election.stations.clone() else {
        return Err(Error::input(
            "a parent election lists its child records: add stations = [\"<id>\", …]",
        )
        .file(ELECTION_TOML)
        .field("stations"));
    };
    let mut by_id: BTreeMap<String, (String, RecordFiles, ElectionInfo)> = BTreeMap::new();
    for (name, files) in children {
        let info = files
            .get(ELECTION_JSON)
            .ok_or_else(|| {
                Error::input("not a congress record: no election.json").file(name.clone())
            })
            .and_then(|b| {
                ElectionInfo::parse(b).map_err(|e| e.file(format!("{name}/{ELECTION_JSON}")))
            })?;
        if info.format != super::files::RecordFormat::CURRENT {
            return Err(Error::input(format!(
                "child record {} is a {} record; a new parent record holds {} children: count \
                 the station again with this version of congress",
                info.election_id,
                info.format.as_str(),
                super::files::RecordFormat::CURRENT.as_str()
            ))
            .file(format!("{name}/{ELECTION_JSON}"))
            .field("format"));
        }
        let report = verify_files(&files, &VerifyOptions::default(), counter)
            .map_err(|e| e.or_file(name.clone()))?;
        if let Some(f) = report.failures().next() {
            return Err(Error::input(format!(
                "child record {} fails verification: {}",
                info.election_id,
                f.render()
            ))
            .file(name));
        }
        if let Some(first) = by_id.values().next() {
            let p = &first.2;
            for (field, a, b) in [
                ("method", &p.method, &info.method),
                (
                    "candidates",
                    &format!("{:?}", p.candidates),
                    &format!("{:?}", info.candidates),
                ),
                ("seats", &p.seats.to_string(), &info.seats.to_string()),
            ] {
                if a != b {
                    return Err(Error::input(format!(
                        "child {} counts a different election ({field} {b} vs {a} in {})",
                        info.election_id, first.0
                    ))
                    .file(name)
                    .field(field));
                }
            }
        }
        if let Some(prev) = by_id.get(&info.election_id) {
            return Err(Error::input(format!(
                "station {} is given twice (also {})",
                info.election_id, prev.0
            ))
            .file(name));
        }
        by_id.insert(info.election_id.clone(), (name, files, info));
    }
    let missing: Vec<&String> = stations
        .iter()
        .filter(|s| !by_id.contains_key(*s))
        .collect();
    if !missing.is_empty() {
        return Err(Error::input(format!(
            "station record(s) missing: {}",
            missing
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .file(ELECTION_TOML)
        .field("stations"));
    }
    let extra: Vec<&String> = by_id.keys().filter(|s| !stations.contains(s)).collect();
    if !extra.is_empty() {
        return Err(Error::input(format!(
            "record(s) not among the election's stations: {}",
            extra
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .file(ELECTION_TOML)
        .field("stations"));
    }
    if let Some((_, (name, _, info))) = by_id.iter().next() {
        for (field, given, child) in [
            (
                "method",
                Some(election.method_as_written.clone()),
                info.method.clone(),
            ),
            (
                "candidates",
                election.candidates.as_ref().map(|c| format!("{c:?}")),
                format!("{:?}", info.candidates),
            ),
            (
                "seats",
                election.seats.map(|s| s.to_string()),
                info.seats.to_string(),
            ),
        ] {
            if let Some(given) = given {
                if given != child {
                    return Err(Error::input(format!(
                        "the stations count a different election ({field} {child} in {name})"
                    ))
                    .file(ELECTION_TOML)
                    .field(field));
                }
            }
        }
    }
    // Seats and candidates the parent's election file leaves to the ballot files: the
    // stations state them (each one's are checked against the recount when it verifies).
    let stated = by_id
        .values()
        .next()
        .map(|(_, _, info)| (info.seats, info.candidates.clone()));
    let secrecy = children_secrecy(&by_id, &election)?;
    let named = Named {
        format: super::files::RecordFormat::CURRENT,
        secrecy,
        seats: stated.as_ref().map(|s| s.0),
        candidates: stated.as_ref().map(|s| s.1.as_slice()),
    };
    // Station lines, child files, and the sum of the children's tallies.
    let mut files = RecordFiles::default();
    let mut lines = Vec::new();
    let mut sum = Tally::new();
    for (id, (name, child, _)) in &by_id {
        let head = child
            .get(HEAD)
            .and_then(|b| super::files::Head::parse(b).ok())
            .ok_or_else(|| Error::input("head.csv unreadable").file(name.clone()))?;
        let tally_bytes = child.get(TALLY).unwrap_or_default();
        let tally = super::files::parse_tally(tally_bytes)
            .map_err(|e| e.file(format!("{name}/{TALLY}")))?;
        let get = |m: &str| {
            tally
                .get(&TallyKey {
                    measure: m.into(),
                    candidate: String::new(),
                })
                .copied()
                .unwrap_or(0)
        };
        lines.push(
            StationLine {
                station_id: id.clone(),
                manifest_sha256: sha256(child.get(MANIFEST).unwrap_or_default()),
                tree_size: head.tree_size,
                root: head.root,
                tally_sha256: sha256(tally_bytes),
                returned: get("returned"),
            }
            .to_line(),
        );
        for (k, v) in &tally {
            *sum.entry(k.clone()).or_insert(0) += v;
        }
        for (path, bytes) in &child.files {
            files
                .files
                .insert(format!("{STATIONS_DIR}/{id}/{path}"), bytes.clone());
        }
    }
    let mut stations_csv = String::from(STATIONS_HEADER);
    stations_csv.push('\n');
    for l in &lines {
        stations_csv.push_str(l);
        stations_csv.push('\n');
    }
    let ballots = union_ballots(&files).map_err(|m| Error::input(m).file(STATIONS))?;
    let counted = counter.count(election_toml, &ballots, named)?;
    if counted.tally != sum {
        let keys: std::collections::BTreeSet<&TallyKey> =
            counted.tally.keys().chain(sum.keys()).collect();
        let diff = keys
            .into_iter()
            .find(|k| counted.tally.get(*k) != sum.get(*k))
            .map(|k| {
                format!(
                    "{} {}: recount {}, sum of stations {}",
                    k.measure,
                    k.candidate,
                    counted.tally.get(k).copied().unwrap_or(0),
                    sum.get(k).copied().unwrap_or(0)
                )
            })
            .unwrap_or_default();
        return Err(Error::input(format!(
            "the recount of all ballots differs from the sum of the stations' tallies ({diff})"
        ))
        .file(TALLY));
    }
    let info = ElectionInfo {
        secrecy,
        ..ElectionInfo::derive(election_toml, &counted.candidates, counted.seats)?
    };
    super::write::assemble_parent(
        &mut files,
        election_toml,
        &info,
        &counted,
        stations_csv.into_bytes(),
        &lines,
    )?;
    Ok(files)
}

/// How the parent publishes the union of its children's ballots: as its children do (all
/// alike, and as the parent's election file says when it says). A tally-only child publishes
/// no ballots, so no parent can recount the union over it.
fn children_secrecy(
    children: &BTreeMap<String, (String, RecordFiles, ElectionInfo)>,
    election: &Election,
) -> Result<Secrecy> {
    let mut secrecy: Option<(Secrecy, &str)> = None;
    for (name, _, info) in children.values() {
        if info.secrecy == Secrecy::TallyOnly {
            return Err(Error::input(format!(
                "child record {} is tally-only: it publishes no ballots, and a parent recounts \
                 the union of its children's ballots",
                info.election_id
            ))
            .file(format!("{name}/{ELECTION_JSON}"))
            .field("secrecy"));
        }
        match secrecy {
            None => secrecy = Some((info.secrecy, name)),
            Some((s, first)) if s != info.secrecy => {
                return Err(Error::input(format!(
                    "the children publish their ballots differently (secrecy {} here, {} in \
                     {first})",
                    info.secrecy.name(),
                    s.name()
                ))
                .file(format!("{name}/{ELECTION_JSON}"))
                .field("secrecy"))
            }
            Some(_) => {}
        }
    }
    let secrecy = secrecy.map_or(Secrecy::None, |(s, _)| s);
    if let Some(given) = election.secrecy {
        if given != secrecy {
            return Err(Error::input(format!(
                "secrecy {} here, but the stations publish their ballots as {}",
                given.name(),
                secrecy.name()
            ))
            .file(ELECTION_TOML)
            .field("secrecy"));
        }
    }
    Ok(secrecy)
}

/// Reads child record directories and builds the parent record over them.
pub fn merge_dirs(
    election_toml: &[u8],
    child_dirs: &[std::path::PathBuf],
    counter: &dyn Counter,
) -> Result<RecordFiles> {
    let mut children = Vec::with_capacity(child_dirs.len());
    for d in child_dirs {
        let name = d.display().to_string();
        if !d.join(MANIFEST).is_file() {
            return Err(Error::input("not a congress record: no SHA256 manifest").file(name));
        }
        children.push((name, RecordFiles::read(d)?));
    }
    build_named(election_toml, children, counter)
}
