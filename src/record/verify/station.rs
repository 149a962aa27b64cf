//! V11–V12: a station record's own ballots, one canonical line each, and the head that
//! commits to them; then the outcome checks over their recount.

use super::outcome::check_outcome;
use super::{at, Checks, Failure};
use crate::ballot::election::Secrecy;
use crate::digest::hex;
use crate::error::Error;
use crate::record::ballots::ballot_id_of;
use crate::record::canonical_form::{self as canonical, parse_csv_line};
use crate::record::check::CheckId;
use crate::record::check::Part;
use crate::record::files::{
    parse_commitments, ElectionInfo, Head, RecordFiles, Tally, TallyKey, BALLOTS, COMMITMENTS,
    ELECTION_TOML, HEAD, TALLY,
};
use crate::record::recount::{Counted, Counter, Named};

/// The lines of a readable `ballots.csv`, read where they lie in the file.
struct BallotLines<'a> {
    /// The header line.
    header: &'a str,
    /// The data lines, joined by their line feeds (no last one); empty when there is none.
    data: &'a str,
    /// How many data lines there are.
    count: usize,
}

impl<'a> BallotLines<'a> {
    /// The data lines, in order.
    fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let data = self.data;
        let count = self.count;
        data.split('\n').take(count)
    }
}

/// V11 (structure) for station records (`ids`: whether lines start with their ballot id);
/// returns the lines when the file is readable.
fn check_ballot_lines<'a>(bytes: &'a [u8], ids: bool, c: &mut Checks) -> Option<BallotLines<'a>> {
    let body = match canonical::body(bytes) {
        Ok(b) => b,
        Err((line, msg)) => {
            c.fail(CheckId::V11, BALLOTS, msg, at().line(line));
            return None;
        }
    };
    let (header, data) = body.split_once('\n').unwrap_or((body, ""));
    let columns = match parse_csv_line(header) {
        Ok(cols) => cols,
        Err(m) => {
            c.fail(CheckId::V11, BALLOTS, m, at().line(1));
            return None;
        }
    };
    if ids && columns.first().map(String::as_str) != Some("ballot_id") {
        c.fail(
            CheckId::V11,
            BALLOTS,
            "the first column of the header must be ballot_id",
            at().line(1)
                .want("ballot_id", columns.first().cloned().unwrap_or_default()),
        );
    }
    let count = if body.len() == header.len() {
        0
    } else {
        data.bytes().filter(|&b| b == b'\n').count() + 1
    };
    let lines = BallotLines {
        header,
        data,
        count,
    };
    let mut prev: Option<std::borrow::Cow<str>> = None;
    let mut prev_line: Option<&str> = None;
    for (i, line) in lines.iter().enumerate() {
        let n = i as u64 + 2;
        let Some(count) = fields_of_line(line, n, c) else {
            prev_line = Some(line);
            continue;
        };
        if count != columns.len() {
            c.fail(
                CheckId::V11,
                BALLOTS,
                "wrong number of fields",
                at().line(n)
                    .want(columns.len().to_string(), count.to_string()),
            );
        }
        if ids {
            let id = ballot_id_of(line);
            id_is_unique_and_in_order(prev.as_deref(), &id, n, c);
            prev = Some(id);
        } else if let Some(before) = prev_line.filter(|p| p.as_bytes() > line.as_bytes()) {
            c.fail(
                CheckId::V11,
                BALLOTS,
                "out of order (without ballot ids, lines are sorted by their bytes)",
                at().line(n)
                    .want(format!("after {before:?}"), line.to_string()),
            );
        }
        prev_line = Some(line);
    }
    Some(lines)
}

/// V11 (CSV): the number of fields of ballot line `n`, which is quoted canonically; `None`
/// when it is not CSV.
fn fields_of_line(line: &str, n: u64, c: &mut Checks) -> Option<usize> {
    if !line.as_bytes().contains(&b'"') {
        return Some(line.bytes().filter(|&b| b == b',').count() + 1);
    }
    match parse_csv_line(line) {
        Ok(f) => {
            match canonical::csv_line(&f) {
                Ok(again) if again == *line => {}
                _ => c.fail(
                    CheckId::V11,
                    BALLOTS,
                    "not in canonical CSV quoting",
                    at().line(n),
                ),
            }
            Some(f.len())
        }
        Err(m) => {
            c.fail(CheckId::V11, BALLOTS, m, at().line(n));
            None
        }
    }
}

/// V11 (ids): the `ballot_id` of line `n` is not empty and sorts after the one before it
/// (`prev`), so no ballot appears twice.
fn id_is_unique_and_in_order(prev: Option<&str>, id: &str, n: u64, c: &mut Checks) {
    if id.is_empty() {
        c.fail(
            CheckId::V11,
            BALLOTS,
            "empty ballot_id",
            at().line(n).field("ballot_id"),
        );
    }
    let Some(p) = prev else {
        return;
    };
    match p.as_bytes().cmp(id.as_bytes()) {
        std::cmp::Ordering::Less => {}
        std::cmp::Ordering::Equal => c.fail(
            CheckId::V11,
            BALLOTS,
            format!("ballot_id {id:?} appears twice (a duplicated ballot)"),
            at().line(n).field("ballot_id"),
        ),
        std::cmp::Ordering::Greater => c.fail(
            CheckId::V11,
            BALLOTS,
            format!("ballot_id {id:?} is out of order (ballots are sorted by ballot_id)"),
            at().line(n)
                .field("ballot_id")
                .want(format!("after {p:?}"), id.to_string()),
        ),
    }
}

/// V11–V14, V30, V31 for a record with its own ballots; returns its head.
pub(super) fn check_station(
    files: &RecordFiles,
    info: &ElectionInfo,
    counter: &dyn Counter,
    c: &mut Checks,
) -> Option<Head> {
    if info.secrecy == Secrecy::TallyOnly {
        return check_tally_only(files, info, c);
    }
    let Some(bytes) = files.get(BALLOTS) else {
        c.fail(
            CheckId::V11,
            BALLOTS,
            "missing (a station record holds its ballots)",
            at(),
        );
        c.skip_rest(BALLOTS, "not checked: no ballots.csv");
        return None;
    };
    let ids = info.secrecy.shows_ids();
    let parsed = check_ballot_lines(bytes, ids, c);
    if !ids {
        let lines = parsed.as_ref().map(|p| p.count as u64);
        commitments_are_one_per_ballot(files, lines, c);
    }
    // The count, run once for V11 (canonical re-rendering) and V13–V31.
    let toml = files.get(ELECTION_TOML).unwrap_or_default();
    let counted = counter.count(toml, bytes, Named::of(info));
    lines_are_canonical(bytes, parsed.as_ref(), counted.as_ref(), c);
    c.pass(
        CheckId::V11,
        BALLOTS,
        format!(
            "{} ballots, one canonical line each, {}",
            parsed.as_ref().map(|p| p.count).unwrap_or(0),
            if ids {
                "ids unique and sorted"
            } else {
                "no ids, sorted by their bytes, one commitment each"
            }
        ),
    );
    let head = read_head(files, CheckId::V12, c);
    if let (Some(h), Some(lines)) = (&head, &parsed) {
        // The counter's root is over its canonical lines; when its canonical file is this
        // file byte for byte it is the file's root, and the tree need not be hashed twice.
        let known = match &counted {
            Ok(k) if k.renders(bytes) => k.root,
            _ => None,
        };
        let want = match known {
            Some(root) => Head::with_root(info, lines.count as u64, root, bytes),
            None => Head::of(info, &lines.iter().collect::<Vec<_>>(), bytes),
        };
        check_head(h, &want, BALLOTS, CheckId::V12, c);
    } else if head.is_some() {
        c.skip(
            CheckId::V12,
            BALLOTS,
            format!("not checked: ballots.csv does not read ({})", CheckId::V11),
        );
    }
    check_outcome(files, info, counted, head.as_ref(), c);
    head
}

/// V11 (commitments): `commitments.csv` holds one sorted, unique commitment per ballot
/// (`lines`, when known); returns how many it holds.
fn commitments_are_one_per_ballot(
    files: &RecordFiles,
    lines: Option<u64>,
    c: &mut Checks,
) -> Option<u64> {
    let Some(bytes) = files.get(COMMITMENTS) else {
        c.fail(
            CheckId::V11,
            COMMITMENTS,
            "missing (a record without ballot ids commits to them here)",
            at(),
        );
        return None;
    };
    let count = match parse_commitments(bytes) {
        Ok(list) => list.len() as u64,
        Err(e) => {
            c.fail_parse(CheckId::V11, COMMITMENTS, e);
            return None;
        }
    };
    if let Some(lines) = lines.filter(|&l| l != count) {
        c.fail(
            CheckId::V11,
            COMMITMENTS,
            "not one commitment per ballot line",
            at().want(lines.to_string(), count.to_string()),
        );
    }
    Some(count)
}

/// V11–V14, V30, V31 for a tally-only record: its commitments, the head over them, and the
/// ballots returned; it publishes no ballots, so nothing is recounted.
fn check_tally_only(files: &RecordFiles, info: &ElectionInfo, c: &mut Checks) -> Option<Head> {
    let count = commitments_are_one_per_ballot(files, None, c);
    c.pass(
        CheckId::V11,
        COMMITMENTS,
        format!(
            "tally-only record: no ballots published; {} commitments, sorted and unique",
            count.unwrap_or(0)
        ),
    );
    let head = read_head(files, CheckId::V12, c);
    match (&head, files.get(COMMITMENTS), count) {
        (Some(h), Some(bytes), Some(_)) => {
            let data = canonical::lines(bytes)
                .map(|l| l[1..].to_vec())
                .unwrap_or_default();
            let want = Head::of(info, &data, bytes);
            check_head(h, &want, COMMITMENTS, CheckId::V12, c);
        }
        (Some(_), _, _) => c.skip(
            CheckId::V12,
            COMMITMENTS,
            format!(
                "not checked: commitments.csv does not read ({})",
                CheckId::V11
            ),
        ),
        (None, _, _) => {}
    }
    let returned = files
        .get(TALLY)
        .and_then(|b| crate::record::files::parse_tally(b).ok())
        .and_then(|t: Tally| {
            t.get(&TallyKey {
                measure: "returned".into(),
                candidate: String::new(),
            })
            .copied()
        });
    match (returned, count) {
        (Some(r), Some(n)) if r != n => c.fail(
            CheckId::V13,
            TALLY,
            "ballots returned differs from the number of commitments",
            at().field("returned").want(n.to_string(), r.to_string()),
        ),
        _ => {}
    }
    c.skip_rest_of(
        Part::Outcome,
        TALLY,
        "not checked: tally-only record (secrecy = tally-only) publishes no ballots, so there \
         is no public recount; its tally is only as good as the committee's signatures",
    );
    head
}

/// V11 (canonical form): each line is the canonical form of the ballot it holds, as the
/// count re-renders it, and the ballots re-read (cells valid, by the record's version).
fn lines_are_canonical(
    bytes: &[u8],
    parsed: Option<&BallotLines>,
    counted: std::result::Result<&Counted, &Error>,
    c: &mut Checks,
) {
    match counted {
        Ok(counted) => {
            let Some(lines) = parsed else {
                return;
            };
            if counted.renders(bytes) {
                return;
            }
            let header = &lines.header;
            let mut canonical = counted.canonical.split_terminator('\n');
            let want_header = canonical.next().unwrap_or("");
            if want_header != *header {
                c.fail(
                    CheckId::V11,
                    BALLOTS,
                    "header differs from the canonical header for this election",
                    at().line(1)
                        .want(want_header.to_string(), header.to_string()),
                );
            }
            for (i, (want, got)) in canonical.zip(lines.iter()).enumerate() {
                if want != got {
                    c.fail(
                        CheckId::V11,
                        BALLOTS,
                        "line differs from the canonical form of the ballot it holds",
                        at().line(i as u64 + 2)
                            .want(want.to_string(), got.to_string()),
                    );
                }
            }
        }
        Err(e) if e.file.as_deref() == Some(BALLOTS) => c.fail(
            CheckId::V11,
            BALLOTS,
            e.message.clone(),
            Failure {
                line: e.line,
                field: e.field.clone(),
                ..at()
            },
        ),
        Err(_) => {}
    }
}

/// Reads `head.csv` for check `id` (V12 for a station, V23 for a parent).
pub(super) fn read_head(files: &RecordFiles, id: CheckId, c: &mut Checks) -> Option<Head> {
    match files.get(HEAD).map(Head::parse) {
        None => {
            c.fail(id, HEAD, "missing", at());
            None
        }
        Some(Err(e)) => {
            c.fail_parse(id, HEAD, e);
            None
        }
        Some(Ok(h)) => Some(h),
    }
}

/// Checks a head against the head recomputed from its leaves file (V12 for ballots, V23 for
/// stations).
pub(super) fn check_head(head: &Head, want: &Head, leaves_name: &str, id: CheckId, c: &mut Checks) {
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
