//! The BLT ballot file reader (the OpenSTV / Droop / ERS format).
//!
//! ```text
//! 4 2                 candidates seats
//! -4                  optional: withdrawn candidates, as negative numbers (one or more lines)
//! 3 1 3 0             weight, preferences (candidate numbers from 1), terminating 0
//! 1 2=3 1 0           `=` joins candidates ranked equally (Droop), read as a tied rank
//! 1 0                 a blank ballot
//! 0                   end of ballots
//! "Anna Ng"           one name per candidate, quoted (quotes optional without spaces)
//! "Bo"
//! "Cy"
//! "Dee"
//! "Club committee"    the title (optional)
//! ```
//! `#` starts a comment (outside quotes). The file is read in one pass; identical rankings
//! are aggregated; each ballot keeps the id `b<line>` (weight 1) or `b<line>.<k>` for its
//! k-th copy (weight > 1) when the caller asks to keep ballots. Every malformed line is an
//! input error naming the file and line.

use crate::ballot::ranked::{RankEntry, RankedProfile, WeightedRanking};
use crate::ballot::{Ballot, BallotBox, BallotContent, CandidateIndex};
use crate::error::{Error, Result};
use crate::input::Source;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Marks a candidate in an encoded ranking as tied with the next entry.
const TIED_WITH_NEXT: u32 = 1 << 31;

/// A small, fast, deterministic hasher for aggregating rankings (FxHash's multiply-rotate
/// step); not for untrusted keys where flooding matters, which ballot files are not.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A hash map keyed by encoded rankings, using [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Where the reader is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    Withdrawn,
    Ballots,
    Names,
}

/// Reads a BLT file; `candidates`, when given, are the election's names: they must be the
/// file's names (in any order), and the profile then follows the election's order.
pub fn read(
    source: &Source,
    candidates: Option<&[String]>,
    keep_ballots: bool,
) -> Result<BallotBox> {
    let file = source.name.as_str();
    let at = |line: u64, message: String| Error::input(message).file(file).line(line);

    let mut section = Section::Header;
    let mut n = 0usize;
    let mut seats = 0u32;
    let mut withdrawn: Vec<CandidateIndex> = Vec::new();
    let mut index: FastMap<Vec<u32>, usize> = FastMap::default();
    let mut distinct: Vec<(Vec<u32>, u64)> = Vec::new();
    let mut kept: Vec<(u64, u64, usize)> = Vec::new(); // (line, weight, distinct index)
    let mut seen_on_line: Vec<u64> = Vec::new();
    let mut scratch: Vec<u32> = Vec::new();
    let mut group: Vec<u32> = Vec::new();
    let mut texts: Vec<(u64, String)> = Vec::new();
    let mut last_line = 0u64;

    for (number, raw) in source.text.split('\n').enumerate() {
        let line_no = number as u64 + 1;
        last_line = line_no;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if section == Section::Names {
            collect_texts(raw, line_no, &mut texts).map_err(|e| e.file(file))?;
            continue;
        }
        let line = match raw.find('#') {
            Some(cut) => &raw[..cut],
            None => raw,
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match section {
            Section::Header => {
                let mut parts = line.split_ascii_whitespace();
                let (Some(c), Some(s), None) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(at(
                        line_no,
                        format!("'{line}': expected the first line 'candidates seats', e.g. '4 2'"),
                    ));
                };
                let (Some(c), Some(s)) = (parse_number(c), parse_number(s)) else {
                    return Err(at(
                        line_no,
                        format!("'{line}': expected two whole numbers 'candidates seats'"),
                    ));
                };
                if c == 0 || c >= u64::from(TIED_WITH_NEXT) {
                    return Err(at(line_no, format!("{c} candidates: expected at least 1")));
                }
                if s == 0 || s > c {
                    return Err(at(
                        line_no,
                        format!("{s} seats for {c} candidates: expected 1 to {c} seats"),
                    ));
                }
                n = c as usize;
                seats = s as u32;
                seen_on_line = vec![0; n];
                section = Section::Withdrawn;
            }
            Section::Withdrawn | Section::Ballots => {
                if section == Section::Withdrawn && line.starts_with('-') {
                    for token in line.split_ascii_whitespace() {
                        let number = token.strip_prefix('-').and_then(parse_number);
                        match number {
                            Some(k) if k >= 1 && k <= n as u64 => {
                                let c = (k - 1) as CandidateIndex;
                                if !withdrawn.contains(&c) {
                                    withdrawn.push(c);
                                }
                            }
                            _ => {
                                return Err(at(
                                    line_no,
                                    format!(
                                        "'{token}': expected a withdrawn candidate as -1 to -{n}"
                                    ),
                                ))
                            }
                        }
                    }
                    continue;
                }
                section = Section::Ballots;
                if line == "0" {
                    section = Section::Names;
                    continue;
                }
                let weight = parse_ballot_line(
                    line,
                    n,
                    line_no,
                    &mut scratch,
                    &mut group,
                    &mut seen_on_line,
                )
                .map_err(|e| e.file(file).line(line_no))?;
                let slot = match index.get(scratch.as_slice()) {
                    Some(&slot) => slot,
                    None => {
                        let slot = distinct.len();
                        index.insert(scratch.clone(), slot);
                        distinct.push((scratch.clone(), 0));
                        slot
                    }
                };
                let total = &mut distinct[slot].1;
                *total = total
                    .checked_add(weight)
                    .ok_or_else(|| at(line_no, "ballot weights add up beyond 2^64".to_string()))?;
                if keep_ballots {
                    kept.push((line_no, weight, slot));
                }
            }
            Section::Names => {}
        }
    }
    match section {
        Section::Header => {
            return Err(
                Error::input("empty ballot file, expected a first line 'candidates seats'")
                    .file(file),
            )
        }
        Section::Withdrawn | Section::Ballots => {
            return Err(at(
                last_line,
                "the ballots are not closed by a line '0' followed by the candidate names"
                    .to_string(),
            ))
        }
        Section::Names => {}
    }
    if texts.len() < n {
        return Err(at(
            last_line,
            format!(
                "{} candidate names after the ballots, expected {n} (one per candidate, then the \
                 title)",
                texts.len()
            ),
        ));
    }
    if let Some((line, extra)) = texts.get(n + 1) {
        return Err(at(
            *line,
            format!(
                "unexpected '{extra}' after the {n} candidate names and the title; quote names \
                 that contain spaces"
            ),
        ));
    }
    let title = texts.get(n).map(|(_, t)| t.clone());
    let file_names: Vec<String> = texts[..n].iter().map(|(_, t)| t.clone()).collect();
    for (i, (line, name)) in texts[..n].iter().enumerate() {
        if name.is_empty() {
            return Err(at(*line, format!("candidate {} has an empty name", i + 1)));
        }
        if file_names[..i].contains(name) {
            return Err(at(*line, format!("candidate name '{name}' appears twice")));
        }
    }

    // Map the file's candidate numbers to the election's order.
    let (names, order): (Vec<String>, Vec<u32>) = match candidates {
        None => (file_names.clone(), (0..n as u32).collect()),
        Some(election) => {
            let missing: Vec<&str> = election
                .iter()
                .filter(|e| !file_names.contains(e))
                .map(String::as_str)
                .collect();
            let extra: Vec<&str> = file_names
                .iter()
                .filter(|f| !election.contains(f))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() || !extra.is_empty() || election.len() != n {
                return Err(Error::input(format!(
                    "the file's candidates do not match the election's: not in the file: [{}]; \
                     not in the election: [{}]",
                    missing.join(", "),
                    extra.join(", ")
                ))
                .file(file)
                .field("candidates"));
            }
            let order = file_names
                .iter()
                .map(|f| election.iter().position(|e| e == f).unwrap_or(0) as u32)
                .collect();
            (election.to_vec(), order)
        }
    };

    let rankings: Vec<Vec<RankEntry>> = distinct
        .iter()
        .map(|(code, _)| decode(code, &order))
        .collect();
    let mut ballots = Vec::new();
    if keep_ballots {
        for &(line, weight, slot) in &kept {
            if weight == 1 {
                ballots.push(Ballot {
                    id: format!("b{line}"),
                    content: BallotContent::Ranked(rankings[slot].clone()),
                });
            } else {
                for k in 1..=weight {
                    ballots.push(Ballot {
                        id: format!("b{line}.{k}"),
                        content: BallotContent::Ranked(rankings[slot].clone()),
                    });
                }
            }
        }
    }
    let mut withdrawn: Vec<CandidateIndex> = withdrawn.iter().map(|&c| order[c as usize]).collect();
    withdrawn.sort_unstable();
    let profile = RankedProfile {
        candidates: names.clone(),
        withdrawn,
        ballots: distinct
            .iter()
            .zip(rankings)
            .map(|((_, weight), ranking)| WeightedRanking {
                weight: *weight,
                ranking,
            })
            .collect(),
    };
    Ok(BallotBox {
        candidates: names,
        seats: Some(seats),
        title,
        ranked: profile,
        ballots,
        ..BallotBox::default()
    })
}

/// Parses a whole decimal number made of ASCII digits only.
fn parse_number(token: &str) -> Option<u64> {
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// Parses `weight pref pref … 0` into `code` (candidate numbers from 0; members of an
/// equal-ranked group sorted, all but the last flagged [`TIED_WITH_NEXT`]); returns the
/// weight. `seen` (stamped with the line number) catches a candidate ranked twice.
fn parse_ballot_line(
    line: &str,
    n: usize,
    line_no: u64,
    code: &mut Vec<u32>,
    group: &mut Vec<u32>,
    seen: &mut [u64],
) -> Result<u64> {
    code.clear();
    let mut tokens = line.split_ascii_whitespace();
    let weight_token = tokens.next().unwrap_or("");
    let weight = match parse_number(weight_token) {
        Some(w) if w >= 1 => w,
        _ => {
            return Err(Error::input(format!(
                "'{weight_token}': expected a ballot weight (a whole number of ballots, at least \
                 1) at the start of the line"
            )))
        }
    };
    let mut closed = false;
    for token in tokens {
        if closed {
            return Err(Error::input(format!(
                "'{token}' after the terminating 0: expected the line to end"
            )));
        }
        if token == "0" {
            closed = true;
            continue;
        }
        group.clear();
        for part in token.split('=') {
            match parse_number(part) {
                Some(k) if k >= 1 && k <= n as u64 => {
                    let c = (k - 1) as usize;
                    if seen[c] == line_no {
                        return Err(Error::input(format!(
                            "candidate {k} is ranked twice on this ballot"
                        )));
                    }
                    seen[c] = line_no;
                    group.push(c as u32);
                }
                _ => {
                    return Err(Error::input(format!(
                        "'{token}': expected a candidate number 1 to {n} (or numbers joined by \
                         '=' for equal preferences), or 0 to end the ballot"
                    )))
                }
            }
        }
        group.sort_unstable();
        let last = group.len() - 1;
        for (i, &c) in group.iter().enumerate() {
            code.push(if i < last { c | TIED_WITH_NEXT } else { c });
        }
    }
    if !closed {
        return Err(Error::input(
            "the ballot does not end with 0: expected 'weight preferences… 0'",
        ));
    }
    Ok(weight)
}

/// Turns an encoded ranking into rank entries, renumbering candidates by `order`.
fn decode(code: &[u32], order: &[u32]) -> Vec<RankEntry> {
    let mut ranking = Vec::with_capacity(code.len());
    let mut group: Vec<u32> = Vec::new();
    for &c in code {
        let candidate = order[(c & !TIED_WITH_NEXT) as usize];
        group.push(candidate);
        if c & TIED_WITH_NEXT == 0 {
            if group.len() == 1 {
                ranking.push(RankEntry::Single(candidate));
            } else {
                group.sort_unstable();
                ranking.push(RankEntry::Tied(std::mem::take(&mut group)));
            }
            group.clear();
        }
    }
    ranking
}

/// Collects the quoted strings and bare words of a line after the ballots (names and
/// title), dropping a `#` comment outside quotes.
fn collect_texts(line: &str, line_no: u64, texts: &mut Vec<(u64, String)>) -> Result<()> {
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        if rest.starts_with('#') {
            break;
        }
        if let Some(body) = rest.strip_prefix('"') {
            let Some(end) = body.find('"') else {
                return Err(Error::input(format!(
                    "unterminated quoted name {rest}: expected a closing '\"'"
                ))
                .line(line_no));
            };
            texts.push((line_no, body[..end].trim().to_string()));
            rest = body[end + 1..].trim_start();
        } else {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || ch == '"' || ch == '#')
                .unwrap_or(rest.len());
            texts.push((line_no, rest[..end].to_string()));
            rest = rest[end..].trim_start();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use RankEntry::{Single, Tied};

    fn read_text(text: &str, keep: bool) -> Result<BallotBox> {
        read(&Source::from_text("t.blt", text), None, keep)
    }

    const EXAMPLE: &str = "4 2\n-4\n3 1 3 0\n1 2=3 1 0  # a comment\n2 1 3 0\n1 0\n0\n\"Anna Ng\"\n\"Bo\"\nCy\n\"Dee\"\n\"Club committee\"\n";

    #[test]
    fn reads_the_documented_example() {
        let b = read_text(EXAMPLE, true).unwrap();
        assert_eq!(b.candidates, ["Anna Ng", "Bo", "Cy", "Dee"]);
        assert_eq!(b.seats, Some(2));
        assert_eq!(b.title.as_deref(), Some("Club committee"));
        assert_eq!(b.ranked.withdrawn, vec![3]);
        let ballots: Vec<(u64, Vec<RankEntry>)> = b
            .ranked
            .ballots
            .iter()
            .map(|w| (w.weight, w.ranking.clone()))
            .collect();
        assert_eq!(
            ballots,
            vec![
                (5, vec![Single(0), Single(2)]),
                (1, vec![Tied(vec![1, 2]), Single(0)]),
                (1, vec![]),
            ]
        );
        let ids: Vec<&str> = b.ballots.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["b3.1", "b3.2", "b3.3", "b4", "b5.1", "b5.2", "b6"]);
        assert_eq!(b.ranked.total_weight(), 7);
        assert!(read_text(EXAMPLE, false).unwrap().ballots.is_empty());
    }

    #[test]
    fn election_order_renumbers_candidates() {
        let election: Vec<String> = ["Dee", "Cy", "Bo", "Anna Ng"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let b = read(&Source::from_text("t.blt", EXAMPLE), Some(&election), false).unwrap();
        assert_eq!(b.candidates, election);
        assert_eq!(b.ranked.withdrawn, vec![0]);
        assert_eq!(b.ranked.ballots[0].ranking, vec![Single(3), Single(1)]);
        assert_eq!(
            b.ranked.ballots[1].ranking,
            vec![Tied(vec![1, 2]), Single(3)]
        );
        let wrong: Vec<String> = ["Dee", "Cy", "Bo", "Ann"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let err = read(&Source::from_text("t.blt", EXAMPLE), Some(&wrong), false).unwrap_err();
        assert_eq!(err.exit_code(), 3);
        assert!(err.to_string().contains("Ann"), "{err}");
    }

    fn error_of(text: &str) -> String {
        read_text(text, false).unwrap_err().to_string()
    }

    #[test]
    fn every_malformed_line_is_an_error_with_its_line() {
        assert!(error_of("").contains("empty ballot file"));
        assert!(error_of("3\n").starts_with("t.blt:1: "));
        assert!(error_of("3 4\n").contains("seats"));
        assert!(error_of("3 1\n1 4 0\n0\nA B C\n").starts_with("t.blt:2: '4'"));
        assert!(error_of("3 1\n1 1 2\n0\nA B C\n").starts_with("t.blt:2: the ballot does not end"));
        assert!(error_of("3 1\n1 1 1 0\n0\nA B C\n").contains("ranked twice"));
        assert!(error_of("3 1\n1 1=1 0\n0\nA B C\n").contains("ranked twice"));
        assert!(error_of("3 1\n0 1 0\n0\nA B C\n")
            .starts_with("t.blt:2: '0': expected a ballot weight"));
        assert!(error_of("3 1\nx 1 0\n0\nA B C\n").starts_with("t.blt:2:"));
        assert!(error_of("3 1\n1 1 0 2\n0\nA B C\n").contains("after the terminating 0"));
        assert!(error_of("3 1\n-5\n1 1 0\n0\nA B C\n").starts_with("t.blt:2: '-5'"));
        assert!(error_of("3 1\n1 1 0\nA B C\n").starts_with("t.blt:3:"));
        assert!(error_of("3 1\n1 1 0\n0\nA B\n").contains("2 candidate names"));
        assert!(error_of("3 1\n1 1 0\n0\nA B C T X\n").starts_with("t.blt:4: unexpected 'X'"));
        assert!(error_of("3 1\n1 1 0\n0\nA A C\n").contains("appears twice"));
        assert!(error_of("3 1\n1 1 0\n0\n\"A\nB C\n").starts_with("t.blt:4: unterminated"));
        assert!(error_of("3 1\n1 1 0\n").starts_with("t.blt:3: the ballots are not closed"));
    }

    #[test]
    fn names_on_one_line_comments_and_crlf() {
        let b = read_text(
            "# made by hand\r\n2 1\r\n1 2 1 0\r\n0\r\n\"A # 1\" B # names\r\n",
            false,
        )
        .unwrap();
        assert_eq!(b.candidates, ["A # 1", "B"]);
        assert_eq!(b.title, None);
        assert_eq!(b.ranked.ballots[0].ranking, vec![Single(1), Single(0)]);
    }
}
