//! V13, V14, V30 (and V31, in `lots`): the recount of a record's ballots against its
//! `tally.csv`, roll size, `seats.csv` and `result.json`.

use super::lots::check_lots;
use super::{at, Checks, Failure};
use crate::error::Result;
use crate::record::canonical_form::{self as canonical, parse_csv_line};
use crate::record::check::{CheckId, Part};
use crate::record::files::{
    self, parse_tally, ElectionInfo, Head, RecordFiles, Role, Tally, TallyKey, BALLOTS,
    ELECTION_JSON, ELECTION_TOML, RESULT, SEATS, TALLY,
};
use crate::record::recount::Counted;
use std::collections::{BTreeMap, BTreeSet};

/// V13, V14, V30, V31 from a count.
pub(super) fn check_outcome(
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
                    CheckId::V13,
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
                    CheckId::V13,
                    BALLOTS,
                    format!("not checked: the ballots do not re-read ({})", CheckId::V11),
                );
            }
            c.skip_rest_of(Part::Outcome, BALLOTS, "not checked: no recount");
            return;
        }
    };
    let returned = counted
        .tally
        .get(&TallyKey {
            measure: "returned".into(),
            candidate: String::new(),
        })
        .copied();
    recount_matches_tally(files, info, &counted, returned, head, c);
    within_the_roll(info, returned, c);
    outcome_matches(files, &counted, c);
    check_lots(files, info, &counted, c);
}

/// V13: the count's candidates, seats and tally are the record's, and (for a station)
/// ballots returned == ballot lines.
fn recount_matches_tally(
    files: &RecordFiles,
    info: &ElectionInfo,
    counted: &Counted,
    returned: Option<u64>,
    head: Option<&Head>,
    c: &mut Checks,
) {
    if counted.candidates != info.candidates {
        c.fail(
            CheckId::V13,
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
            CheckId::V13,
            ELECTION_JSON,
            "the count's seats differ from election.json",
            at().field("seats")
                .want(counted.seats.to_string(), info.seats.to_string()),
        );
    }
    if info.role == Role::Station && counted.secrecy != info.secrecy {
        c.fail(
            CheckId::V13,
            ELECTION_JSON,
            "the record publishes its ballots otherwise than the election file decides for \
             this many ballots",
            at().field("secrecy").want(
                counted.secrecy.name().to_string(),
                info.secrecy.name().to_string(),
            ),
        );
    }
    compare_tally(
        files.get(TALLY),
        &counted.tally,
        &counted.candidates,
        CheckId::V13,
        c,
    );
    if let (Some(h), Some(r)) = (head, returned) {
        if info.role == Role::Station && r != h.tree_size {
            c.fail(
                CheckId::V13,
                TALLY,
                "ballots returned differ from the number of ballot lines",
                at().field("returned")
                    .want(h.tree_size.to_string(), r.to_string()),
            );
        }
    }
    c.pass(
        CheckId::V13,
        TALLY,
        format!(
            "recount of {} ballots matches tally.csv",
            returned.unwrap_or(0)
        ),
    );
}

/// V14: ballots returned ≤ the roll, when the election gives one.
fn within_the_roll(info: &ElectionInfo, returned: Option<u64>, c: &mut Checks) {
    match (info.roll_size, returned) {
        (Some(roll), Some(r)) if r > roll => c.fail(
            CheckId::V14,
            TALLY,
            "more ballots than voters entitled to vote",
            at().field("returned")
                .want(format!("at most {roll}"), r.to_string()),
        ),
        (Some(roll), Some(r)) => c.pass(
            CheckId::V14,
            TALLY,
            format!("{r} ballots ≤ {roll} entitled"),
        ),
        _ => c.skip(
            CheckId::V14,
            ELECTION_TOML,
            "no roll size ([attendance] entitled) in the election",
        ),
    }
}

/// V30: `seats.csv` and `result.json` are the recomputed outcome, byte for byte.
fn outcome_matches(files: &RecordFiles, counted: &Counted, c: &mut Checks) {
    match files::seats_to_bytes(&counted.seat_rows) {
        Ok(want) => compare_bytes(files.get(SEATS), &want, SEATS, CheckId::V30, c),
        Err(e) => c.fail(CheckId::V30, SEATS, e.message, at()),
    }
    match canonical::json(&counted.result) {
        Ok(mut want) => {
            want.push('\n');
            compare_bytes(files.get(RESULT), want.as_bytes(), RESULT, CheckId::V30, c);
        }
        Err(m) => c.fail(CheckId::V30, RESULT, m, at()),
    }
    c.pass(
        CheckId::V30,
        SEATS,
        "the outcome recomputed from the ballots matches seats.csv and result.json",
    );
}

/// Compares a file with the bytes it should hold, naming the first differing line.
pub(super) fn compare_bytes(
    found: Option<&[u8]>,
    want: &[u8],
    name: &str,
    id: CheckId,
    c: &mut Checks,
) {
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
pub(super) fn compare_tally(
    found: Option<&[u8]>,
    want: &Tally,
    candidates: &[String],
    id: CheckId,
    c: &mut Checks,
) {
    let Some(bytes) = found else {
        c.fail(id, TALLY, "missing", at());
        return;
    };
    match parse_tally(bytes) {
        Err(e) => c.fail_parse(id, TALLY, e),
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
