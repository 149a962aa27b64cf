//! The ballots of a record and of all its descendants: the ballot id of a canonical line,
//! and the union of the children's `ballots.csv` that a parent's recount and `merge` read.

use super::canonical_form::{self as canonical, parse_csv_line};
use super::files::{RecordFiles, BALLOTS, STATIONS_DIR};
use std::collections::{BTreeMap, BTreeSet};

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

/// The ids of a record's child records: the directories under `stations/`.
pub fn child_dirs(files: &RecordFiles) -> BTreeSet<&str> {
    files
        .files
        .keys()
        .filter_map(|k| k.strip_prefix("stations/"))
        .filter_map(|k| k.split('/').next())
        .collect()
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
    for d in child_dirs(files) {
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
/// differ only in trailing `rank_k` (`choice_k` in `/1` records) / `write_in_k` columns (a
/// station's longest ranking or most write-ins): shorter lines get empty trailing fields. `Err` names a ballot id used by
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
                let extra_ok = long[short.len()..].iter().all(|c| {
                    c.starts_with("rank_") || c.starts_with("choice_") || c.starts_with("write_in_")
                });
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
    let header = canonical::csv_line(&widest)?;
    let pad_of =
        |station: &str| widest.len() - widths.get(station).copied().unwrap_or(widest.len());
    if widest.first().map(String::as_str) != Some("ballot_id") {
        return Ok(union_without_ids(&header, &lines, pad_of));
    }
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
    let mut out = String::with_capacity(
        header.len() + lines.iter().map(|(_, l)| l.len() + 4).sum::<usize>() + 1,
    );
    out.push_str(&header);
    out.push('\n');
    for (_, station, l) in keyed {
        out.push_str(l);
        for _ in 0..pad_of(station) {
            out.push(',');
        }
        out.push('\n');
    }
    Ok(out.into_bytes())
}

/// The union of lines without ballot ids (`secrecy = "commitments"`): each padded to the
/// widest header (`pad_of` its station), then all sorted by their bytes; equal lines repeat.
fn union_without_ids<S: AsRef<str>>(
    header: &str,
    lines: &[(String, S)],
    pad_of: impl Fn(&str) -> usize,
) -> Vec<u8> {
    let mut padded: Vec<String> = lines
        .iter()
        .map(|(station, l)| {
            let pad = pad_of(station);
            // A blank one-cell line is written `""`; padded, its cells are all empty.
            let mut line = match (l.as_ref(), pad) {
                ("\"\"", 1..) => String::new(),
                (l, _) => l.to_string(),
            };
            line.extend(std::iter::repeat(',').take(pad));
            line
        })
        .collect();
    padded.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let mut out =
        String::with_capacity(header.len() + padded.iter().map(|l| l.len() + 1).sum::<usize>() + 1);
    out.push_str(header);
    out.push('\n');
    for l in padded {
        out.push_str(&l);
        out.push('\n');
    }
    out.into_bytes()
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
}
