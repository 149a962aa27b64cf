//! V20–V23: a parent record's children, `stations.csv` and the head over it; then the
//! outcome checks over the recount of every child's ballots.

use super::outcome::{check_outcome, compare_tally};
use super::station::check_head;
use super::verify_record;
use super::{at, Checks, VerifyOptions};
use crate::error::Error;
use crate::lot::{hex, sha256};
use crate::record::ballots::union_ballots;
use crate::record::canonical;
use crate::record::check::CheckId;
use crate::record::files::{
    self, ElectionInfo, Head, RecordFiles, StationLine, Tally, TallyKey, BALLOTS, ELECTION_JSON,
    ELECTION_TOML, HEAD, STATIONS, STATIONS_DIR, TALLY,
};
use crate::record::manifest::MANIFEST;
use crate::record::recount::{Counter, Named};
use std::collections::BTreeSet;

/// Station ids and lines of `stations.csv`, checked for V21 structure.
fn read_stations<'a>(bytes: &'a [u8], c: &mut Checks) -> Option<(Vec<&'a str>, Vec<StationLine>)> {
    let lines = match canonical::lines(bytes) {
        Ok(l) => l,
        Err((line, m)) => {
            c.fail(CheckId::V21, STATIONS, m, at().line(line));
            return None;
        }
    };
    if lines[0] != files::STATIONS_HEADER {
        c.fail(
            CheckId::V21,
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
                            CheckId::V21,
                            STATIONS,
                            format!("station {:?} is out of order or listed twice", s.station_id),
                            at().line(i as u64 + 2).field("station_id"),
                        );
                    }
                }
                out.push(s);
            }
            Err((field, m)) => c.fail(
                CheckId::V21,
                STATIONS,
                m,
                at().line(i as u64 + 2).field(field),
            ),
        }
    }
    Some((lines[1..].to_vec(), out))
}

/// V20–V23 and V13, V14, V30, V31 for a parent record; returns its head.
pub(super) fn check_parent(
    files: &RecordFiles,
    info: &ElectionInfo,
    options: &VerifyOptions,
    counter: &dyn Counter,
    c: &mut Checks,
) -> Option<Head> {
    if files.get(BALLOTS).is_some() {
        c.fail(
            CheckId::V11,
            BALLOTS,
            "a parent record holds no ballots.csv of its own",
            at(),
        );
    }
    let Some(st_bytes) = files.get(STATIONS) else {
        c.fail(
            CheckId::V21,
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
            CheckId::V21,
            STATIONS,
            format!("station {s:?} of the election is missing"),
            at().field("station_id").want((*s).to_string(), "no line"),
        );
    }
    for s in listed_set.difference(&expected) {
        c.fail(
            CheckId::V21,
            STATIONS,
            format!("station {s:?} is not one of the election's stations"),
            at().field("station_id").want("no line", (*s).to_string()),
        );
    }
    for s in dirs.symmetric_difference(&listed_set) {
        c.fail(
            CheckId::V21,
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
        CheckId::V21,
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
                CheckId::V20,
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
                CheckId::V20,
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
                (
                    "format",
                    info.format.as_str().to_string(),
                    ci.format.as_str().to_string(),
                ),
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
                        CheckId::V20,
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
                        CheckId::V22,
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
                CheckId::V22,
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
                        CheckId::V22,
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
        CheckId::V20,
        STATIONS,
        format!(
            "{} child record(s) verified with their own committees",
            lines.len()
        ),
    );
    c.out.append(&mut child_reports);
    compare_tally(files.get(TALLY), &sum, &info.candidates, CheckId::V22, c);
    c.pass(
        CheckId::V22,
        STATIONS,
        "stations.csv matches every child, and tally.csv is the sum of the children's tallies",
    );
    // V23: head over stations.csv.
    let head = match files.get(HEAD).map(Head::parse) {
        None => {
            c.fail(CheckId::V23, HEAD, "missing", at());
            None
        }
        Some(Err((line, field, msg))) => {
            c.fail(CheckId::V23, HEAD, msg, at().line(line).field(field));
            None
        }
        Some(Ok(h)) => Some(h),
    };
    if let Some(h) = &head {
        let want = Head::of(info, &data, st_bytes);
        check_head(h, &want, STATIONS, CheckId::V23, c);
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
