//! Ballot file readers and format detection.
//!
//! Each reader has `read(source, …) -> Result<BallotBox>`; [`read_ballots`] picks one for an
//! election. The CSV readers (marks, ranks, choices) stream once over the text with
//! `crate::fast`'s scanner, borrowing every unquoted cell from the source; `columns.rs` reads
//! their header and `body.rs` their records: identical ballots aggregated by an exact packed
//! key (or a hash confirmed by comparison), and every ballot listed in the
//! [`BallotRoll`](super::roll::BallotRoll) (id, line, distinct ballot), whose ids are checked
//! unique once sorted. Large quote-free marks, ranks and choices bodies (choices: when the
//! election fixes the candidate list and the file has ballot ids) are read in two parts on
//! two threads.

pub mod blt;
mod body;
pub mod choices;
mod columns;
pub mod marks;
pub mod preflib;
pub mod ranks;

use super::election::{BallotKind, Election};
use super::BallotBox;
use crate::error::{Error, Result};
use crate::fast::Records;
use crate::input::{normalize_header, Source};

/// A ballot file format (`--ballot-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotFormat {
    /// Marks CSV: `ballot_id`, one yes/no/abstain column per candidate, `write_in` columns.
    Marks,
    /// Ranks CSV: `ballot_id`, one rank column per candidate.
    Ranks,
    /// Choices CSV (cast-vote record): `1st Choice`, `2nd Choice`, … or `choice_1`, ….
    Choices,
    /// Numbered ranked ballots (a `congress-record/2` record's `ballots.csv`): `ballot_id`,
    /// `rank_1`, `rank_2`, … holding candidate numbers.
    Numbered,
    /// BLT (OpenSTV / Droop).
    Blt,
    /// PrefLib `.soc`, `.soi`, `.toc`, `.toi`.
    Preflib,
}

impl BallotFormat {
    /// The format's name for `--ballot-format`.
    pub fn name(self) -> &'static str {
        match self {
            BallotFormat::Marks => "marks",
            BallotFormat::Ranks => "ranks",
            BallotFormat::Choices => "choices",
            BallotFormat::Numbered => "numbered",
            BallotFormat::Blt => "blt",
            BallotFormat::Preflib => "preflib",
        }
    }

    /// What ballots in this format hold.
    pub fn ballot_kind(self) -> BallotKind {
        match self {
            BallotFormat::Marks => BallotKind::Marks,
            BallotFormat::Ranks
            | BallotFormat::Choices
            | BallotFormat::Numbered
            | BallotFormat::Blt
            | BallotFormat::Preflib => BallotKind::Ranked,
        }
    }

    /// Whether ballots in this format are ranked.
    pub fn is_ranked(self) -> bool {
        self.ballot_kind() == BallotKind::Ranked
    }

    /// Picks the format of `source`: by extension (`.blt`, `.soc/.soi/.toc/.toi`), else a
    /// CSV whose header has choice columns is a choices file, else ranks for ranked methods
    /// and marks otherwise.
    pub fn detect(source: &Source, election: &Election) -> BallotFormat {
        let lower = source.name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "blt" => return BallotFormat::Blt,
            "soc" | "soi" | "toc" | "toi" => return BallotFormat::Preflib,
            _ => {}
        }
        let mut records = Records::new(source);
        let mut header = Vec::new();
        if let Ok(Some(_)) = records.next(&mut header) {
            if header.len() > 1
                && normalize_header(&header[0]) == "ballot_id"
                && header[1..]
                    .iter()
                    .all(|h| choices::rank_number(h).is_some())
            {
                return BallotFormat::Numbered;
            }
            if header.iter().any(|h| choice_number(h).is_some()) {
                return BallotFormat::Choices;
            }
        }
        match election.method.ballot_kind() {
            BallotKind::Ranked => BallotFormat::Ranks,
            BallotKind::Marks => BallotFormat::Marks,
        }
    }
}

impl std::str::FromStr for BallotFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "marks" => Ok(BallotFormat::Marks),
            "ranks" => Ok(BallotFormat::Ranks),
            "choices" | "cvr" => Ok(BallotFormat::Choices),
            "numbered" => Ok(BallotFormat::Numbered),
            "blt" => Ok(BallotFormat::Blt),
            "preflib" | "soc" | "soi" | "toc" | "toi" => Ok(BallotFormat::Preflib),
            other => Err(format!(
                "unknown ballot format '{other}', expected marks, ranks, choices, numbered, blt or \
                 preflib"
            )),
        }
    }
}

/// Reads the ballots of `election` from `source` in `format`.
pub fn read_ballots(
    source: &Source,
    format: BallotFormat,
    election: &Election,
) -> Result<BallotBox> {
    if format.ballot_kind() != election.method.ballot_kind() {
        let (file_kind, wanted) = match format.ballot_kind() {
            BallotKind::Ranked => ("ranked ballots", "marks ballots (a marks CSV)"),
            BallotKind::Marks => (
                "marks ballots",
                "ranked ballots (a ranks or choices CSV, BLT or PrefLib file)",
            ),
        };
        return Err(Error::input(format!(
            "this {} file holds {file_kind}, but method {} counts {wanted}",
            format.name(),
            election.method.name()
        ))
        .file(&source.name));
    }
    let candidates = election.candidates.as_deref();
    let ballots = read_format(source, format, election, candidates)?;
    // Names a ballot file gives (BLT, PrefLib, a choices or ranks file without the
    // election's list) are held to the election file's rules.
    let named = |m: String| Error::input(m).file(&source.name).field("candidates");
    if candidates.is_none() {
        if let Some(m) = ballots
            .candidates
            .iter()
            .find_map(|n| crate::input::bad_name(n))
        {
            return Err(named(m));
        }
    }
    if let Some(m) = crate::input::confusable_names(&ballots.candidates) {
        return Err(named(m));
    }
    Ok(ballots)
}

/// [`read_ballots`] by the reader of `format`.
fn read_format(
    source: &Source,
    format: BallotFormat,
    election: &Election,
    candidates: Option<&[String]>,
) -> Result<BallotBox> {
    match format {
        BallotFormat::Marks => {
            let names = candidates.ok_or_else(|| {
                Error::input("a marks file needs the election's candidate list")
                    .file(&election.file)
                    .field("candidates")
            })?;
            marks::read(source, names)
        }
        BallotFormat::Ranks => ranks::read(source, candidates),
        BallotFormat::Choices => choices::read(
            source,
            candidates,
            choices::Repeats::of(&election.ranked_rules),
        ),
        BallotFormat::Numbered => {
            let names = candidates.ok_or_else(|| {
                Error::input(
                    "numbered ballots (a record's ballots.csv) need the election's candidate \
                     list: copy candidates from the record's election.json",
                )
                .file(&election.file)
                .field("candidates")
            })?;
            if let Some(name) = names.iter().find(|n| choices::rank_number(n).is_some()) {
                return Err(Error::input(format!(
                    "candidate '{name}' is named like a column of numbered ballots, so this \
                     header could also be a ranks CSV: pass --ballot-format ranks"
                ))
                .file(&source.name)
                .line(1));
            }
            choices::read_numbered(source, names, choices::Repeats::of(&election.ranked_rules))
        }
        BallotFormat::Blt => blt::read(source, candidates),
        BallotFormat::Preflib => preflib::read(source, candidates),
    }
}

/// The rank a choices-CSV header names: `1st Choice` → 1, `choice_3` → 3.
pub fn choice_number(header: &str) -> Option<u32> {
    let h = normalize_header(header);
    let digits_then = |s: &str| -> Option<(u32, usize)> {
        let end = s.bytes().take_while(|b| b.is_ascii_digit()).count();
        if end == 0 {
            return None;
        }
        s[..end].parse().ok().map(|n| (n, end))
    };
    if let Some(rest) = h.strip_prefix("choice") {
        let rest = rest.trim_start_matches(['_', ' ', '-']);
        let (n, end) = digits_then(rest)?;
        return (end == rest.len() && n >= 1).then_some(n);
    }
    let (n, end) = digits_then(&h)?;
    let rest = h[end..].strip_prefix(ordinal_suffix(n))?;
    (rest.trim_start_matches([' ', '_']) == "choice" && n >= 1).then_some(n)
}

/// The English ordinal suffix of `n`: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, …
fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

/// Why a choices-CSV header that looks like a choice column (`choice_0`, `12nd Choice`,
/// `choice_99999999999999999999999`) is not one [`choice_number`] takes; `None` for a real
/// choice column or any other header.
pub fn malformed_choice_header(header: &str) -> Option<&'static str> {
    if choice_number(header).is_some() {
        return None;
    }
    let h = normalize_header(header);
    let looks_like = match h.strip_prefix("choice") {
        Some(rest) => rest
            .trim_start_matches(['_', ' ', '-'])
            .starts_with(|c: char| c.is_ascii_digit()),
        None => h.starts_with(|c: char| c.is_ascii_digit()) && h.ends_with("choice"),
    };
    if !looks_like {
        return None;
    }
    let digits: String = h
        .trim_start_matches("choice")
        .trim_start_matches(['_', ' ', '-'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some(match digits.parse::<u32>() {
        Err(_) => "a choice number too large to be a rank",
        Ok(0) => "choices are numbered from 1 (a 0-based export would lose every first choice)",
        Ok(_) => {
            "not a choice header such as '1st Choice', '2nd Choice', '12th Choice' or 'choice_12'"
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_headers() {
        assert_eq!(choice_number("1st Choice"), Some(1));
        assert_eq!(choice_number(" 2nd choice "), Some(2));
        assert_eq!(choice_number("3rd Choice"), Some(3));
        assert_eq!(choice_number("11th Choice"), Some(11));
        assert_eq!(choice_number("12nd Choice"), None);
        assert_eq!(choice_number("22nd Choice"), Some(22));
        assert_eq!(choice_number("113th Choice"), Some(113));
        for bad in [
            "choice_0",
            "12nd Choice",
            "choice_99999999999999999999999",
            "0th Choice",
            "1 choice",
        ] {
            assert!(malformed_choice_header(bad).is_some(), "{bad}");
        }
        for fine in [
            "choice_1",
            "2nd Choice",
            "ballot_id",
            "Precinct",
            "Choice of venue",
        ] {
            assert!(malformed_choice_header(fine).is_none(), "{fine}");
        }
        assert_eq!(choice_number("choice_4"), Some(4));
        assert_eq!(choice_number("Choice 5"), Some(5));
        assert_eq!(choice_number("Precinct"), None);
        assert_eq!(choice_number("choices"), None);
        assert_eq!(choice_number("ballot_id"), None);
    }

    #[test]
    fn format_names() {
        assert_eq!("ranks".parse::<BallotFormat>(), Ok(BallotFormat::Ranks));
        assert!("xml".parse::<BallotFormat>().is_err());
    }
}
