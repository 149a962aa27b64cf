//! V20–V23: a parent record's children, `stations.csv` and the head over it; then the
//! outcome checks over the recount of every child's ballots.

use super::outcome::{check_outcome, compare_tally};
use super::station::{check_head, read_head};
use super::{at, Checks, VerifyOptions};
use super::{verify_record, Verified};
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use crate::record::ballots::{child_dirs, union_ballots};
use crate::record::canonical_form as canonical;
use crate::record::check::CheckId;
use crate::record::files::{
    self, ElectionInfo, Head, RecordFiles, StationLine, Tally, TallyKey, BALLOTS, ELECTION_JSON,
    ELECTION_TOML, STATIONS, STATIONS_DIR, TALLY,
};
use crate::record::manifest::MANIFEST;
use crate::record::recount::{Counted, Counter, Named};
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
            Err(e) => c.fail_parse(CheckId::V21, STATIONS, e.line(i as u64 + 2)),
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
        c.skip_rest(STATIONS, "not checked: no stations.csv");
        return None;
    };
    let (data, lines) = read_stations(st_bytes, c).unwrap_or_default();
    let dirs = child_dirs(files);
    children_are_the_elections_stations(info, &lines, &dirs, c);
    let sum = check_children(files, info, &lines, &dirs, options, counter, c);
    compare_tally(files.get(TALLY), &sum, &info.candidates, CheckId::V22, c);
    c.pass(
        CheckId::V22,
        STATIONS,
        "stations.csv matches every child, and tally.csv is the sum of the children's tallies",
    );
    // V23: the head over stations.csv.
    let head = read_head(files, CheckId::V23, c);
    if let Some(h) = &head {
        let want = Head::of(info, &data, st_bytes);
        check_head(h, &want, STATIONS, CheckId::V23, c);
    }
    check_outcome(
        files,
        info,
        recount_children(files, info, counter),
        head.as_ref(),
        c,
    );
    head
}

/// V21: the children in `stations.csv`, under `stations/` and in the election's `stations`
/// list are the same set.
fn children_are_the_elections_stations(
    info: &ElectionInfo,
    lines: &[StationLine],
    dirs: &BTreeSet<&str>,
    c: &mut Checks,
) {
    let expected: BTreeSet<&str> = info.children.iter().map(String::as_str).collect();
    let listed: BTreeSet<&str> = lines.iter().map(|l| l.station_id.as_str()).collect();
    for s in expected.difference(&listed) {
        c.fail(
            CheckId::V21,
            STATIONS,
            format!("station {s:?} of the election is missing"),
            at().field("station_id").want((*s).to_string(), "no line"),
        );
    }
    for s in listed.difference(&expected) {
        c.fail(
            CheckId::V21,
            STATIONS,
            format!("station {s:?} is not one of the election's stations"),
            at().field("station_id").want("no line", (*s).to_string()),
        );
    }
    let directory = |yes: bool| if yes { "directory" } else { "no directory" };
    for s in dirs.symmetric_difference(&listed) {
        c.fail(
            CheckId::V21,
            &format!("{STATIONS_DIR}/{s}"),
            "child record directories and stations.csv disagree",
            at().want(directory(listed.contains(s)), directory(dirs.contains(s))),
        );
    }
    c.pass(
        CheckId::V21,
        STATIONS,
        format!("{} children, exactly the election's stations", lines.len()),
    );
}

/// V20 and V22 for each child listed in `stations.csv` whose directory is present: the
/// child verifies (its results follow the parent's V20 line), and its line pins it. Returns
/// the sum of the children's tallies.
fn check_children(
    files: &RecordFiles,
    info: &ElectionInfo,
    lines: &[StationLine],
    dirs: &BTreeSet<&str>,
    options: &VerifyOptions,
    counter: &dyn Counter,
    c: &mut Checks,
) -> Tally {
    let mut sum = Tally::new();
    let mut child_reports = Vec::new();
    let parent_name = if c.prefix.is_empty() {
        "the parent record".to_string()
    } else {
        c.prefix.trim_end_matches('/').to_string()
    };
    for (i, line) in lines.iter().enumerate() {
        let n = i as u64 + 2;
        let dir = format!("{STATIONS_DIR}/{}", line.station_id);
        if !dirs.contains(line.station_id.as_str()) {
            continue;
        }
        let sub = files.sub(&dir);
        let prefix = format!("{}{dir}/", c.prefix);
        let child = verify_record(
            &sub,
            &prefix,
            Some(&parent_name),
            options,
            counter,
            &mut child_reports,
        );
        child_is_pinned_and_verifies(&sub, &child, line, n, &dir, c);
        if let Some(ci) = &child.info {
            child_counts_the_same_election(info, ci, line, &dir, c);
        }
        line_matches_child(&sub, &child, line, n, c);
        if let Some(t) = &child.tally {
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
    sum
}

/// V20: the child's `SHA256` is the one its line `n` of `stations.csv` pins, and the child
/// passes its own checks.
fn child_is_pinned_and_verifies(
    sub: &RecordFiles,
    child: &Verified,
    line: &StationLine,
    n: u64,
    dir: &str,
    c: &mut Checks,
) {
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
            dir,
            format!(
                "child {} fails its own checks (see {dir}/ lines)",
                line.station_id
            ),
            at(),
        );
    }
}

/// V20: the child counts the parent's election (format version, method, seats,
/// candidates) under the id its line gives, publishing its ballots as the parent says.
fn child_counts_the_same_election(
    info: &ElectionInfo,
    child: &ElectionInfo,
    line: &StationLine,
    dir: &str,
    c: &mut Checks,
) {
    for (field, w, f) in [
        (
            "format",
            info.format.as_str().to_string(),
            child.format.as_str().to_string(),
        ),
        ("method", info.method.clone(), child.method.clone()),
        ("seats", info.seats.to_string(), child.seats.to_string()),
        (
            "candidates",
            format!("{:?}", info.candidates),
            format!("{:?}", child.candidates),
        ),
        (
            "election_id",
            line.station_id.clone(),
            child.election_id.clone(),
        ),
        (
            "secrecy",
            info.secrecy.name().to_string(),
            child.secrecy.name().to_string(),
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

/// V22: line `n` of `stations.csv` equals the child's head, pins its `tally.csv`, and
/// gives its ballots returned.
fn line_matches_child(
    sub: &RecordFiles,
    child: &Verified,
    line: &StationLine,
    n: u64,
    c: &mut Checks,
) {
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
        let returned = t
            .get(&TallyKey {
                measure: "returned".into(),
                candidate: String::new(),
            })
            .copied()
            .unwrap_or(0);
        if returned != line.returned {
            c.fail(
                CheckId::V22,
                STATIONS,
                format!("line of {} differs from its tally.csv", line.station_id),
                at().line(n)
                    .field("returned")
                    .want(returned.to_string(), line.returned.to_string()),
            );
        }
    }
}

/// The recount of a parent: the count over the union of every child's ballots.
fn recount_children(
    files: &RecordFiles,
    info: &ElectionInfo,
    counter: &dyn Counter,
) -> Result<Counted> {
    let toml = files.get(ELECTION_TOML).unwrap_or_default();
    union_ballots(files)
        .map_err(|m| Error::input(m).file(STATIONS))
        .and_then(|ballots| counter.count(toml, &ballots, Named::of(info)))
        .map_err(|e| {
            if e.file.as_deref() == Some(BALLOTS) {
                e.file("stations/*/ballots.csv")
            } else {
                e
            }
        })
}
