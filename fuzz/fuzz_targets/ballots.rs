//! Ballot readers (marks, ranks, choices, BLT, PrefLib) on fuzz bytes, then the count under
//! every method of a small fixed election, then the canonical file read back.
//!
//! Input layout: byte 0 picks the format, byte 1 the election group, byte 2 how the bytes
//! become a `Source` (and the file extension); the rest is the file.
#![no_main]

#[path = "common.rs"]
mod common;

use congress::internals::ballot::canonical_ballots::canonical_csv;
use congress::ballot::count::count;
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::internals::input::Source;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const FORMATS: [BallotFormat; 5] = [
    BallotFormat::Marks,
    BallotFormat::Ranks,
    BallotFormat::Choices,
    BallotFormat::Blt,
    BallotFormat::Preflib,
];

const SEED: &str = "[tiebreak]\nseed = \"4 8 15 16 23 42\"\n";

/// Election groups: every election of a group has the same candidate list, so ballots
/// read under the first are counted under each.
fn groups() -> &'static [Vec<Election>; 4] {
    static GROUPS: OnceLock<[Vec<Election>; 4]> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let ranked = |method: &str, seats: u32, cands: &str, seed: bool| {
            common::election(&format!(
                "id = \"f\"\nmethod = \"{method}\"\n{}{}{}",
                if seats > 0 {
                    format!("seats = {seats}\n")
                } else {
                    String::new()
                },
                cands,
                if seed { SEED } else { "" }
            ))
        };
        let abcd = "candidates = [\"A\", \"B\", \"C, Jr.\", \"D\"]\n";
        let marks = |method: &str, seats: u32, cands: &str, extra: &str| {
            common::election(&format!(
                "id = \"f\"\nmethod = \"{method}\"\nseats = {seats}\n{cands}{extra}{SEED}"
            ))
        };
        let abc = "candidates = [\"A\", \"B\", \"C\"]\n";
        let attendance = "[attendance]\nentitled = 12\npresent = 10\nissued = 10\n";
        [
            vec![
                ranked("stv", 2, abcd, true),
                ranked("irv", 1, abcd, false),
                ranked("schulze", 1, abcd, true),
                ranked("meek", 2, abcd, true),
                ranked("ranked-pairs", 1, abcd, true),
                ranked("copeland", 1, abcd, true),
                ranked("borda", 2, abcd, false),
            ],
            vec![
                ranked("stv", 0, "", true),
                ranked("irv", 0, "", true),
                ranked("schulze", 0, "", false),
                ranked("meek", 0, "", true),
            ],
            vec![
                marks(
                    "majority-approval",
                    2,
                    abc,
                    &format!("[rules]\nwrite_ins = true\n{attendance}"),
                ),
                marks("approval", 2, abc, ""),
                marks("plurality", 1, abc, ""),
                marks("block", 2, abc, ""),
            ],
            vec![
                marks("recall", 1, "candidates = [\"A\"]\n", attendance),
                marks("plurality", 1, "candidates = [\"A\"]\n", ""),
            ],
        ]
    })
}

/// BLT weights and PrefLib counts list that many ballots (by design, up to 2^28 per file:
/// every ballot gets an id), which takes gigabytes for a ten-byte input. Inputs whose
/// numbers up to that limit add up to more than 100 000 are skipped; larger numbers are
/// kept, since the readers must reject them before allocating.
fn too_many_ballots(text: &str) -> bool {
    let mut total: u128 = 0;
    for run in text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
    {
        let value = run.bytes().fold(0u128, |v, b| {
            v.saturating_mul(10).saturating_add(u128::from(b - b'0'))
        });
        if value <= 1 << 28 {
            total += value;
        }
    }
    total > 100_000
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let format = FORMATS[data[0] as usize % FORMATS.len()];
    let group = if format.is_ranked() {
        &groups()[data[1] as usize % 2]
    } else {
        &groups()[2 + data[1] as usize % 2]
    };
    let ext = ["csv", "blt", "toi", "soc", "soi", "toc"][(data[2] as usize / 3) % 6];
    let Some(src) = common::source(&format!("ballots.{ext}"), &data[3..], data[2]) else {
        return;
    };
    if matches!(format, BallotFormat::Blt | BallotFormat::Preflib) && too_many_ballots(&src.text) {
        return;
    }
    let election = &group[0];
    let _ = BallotFormat::detect(&src, election);
    let read = read_ballots(&src, format, election);
    // Large files are decoded and read in two halves on two threads; here every input is,
    // and the result (ballots or error) must be exactly the one-pass result.
    congress::internals::parallel::set_split_from(Some(0));
    let split = common::source(&src.name, &data[3..], data[2])
        .map(|s| (s.text == src.text, read_ballots(&s, format, election)));
    congress::internals::parallel::set_split_from(None);
    let (same_text, halves) = split.expect("decodes in one pass but not in two halves");
    assert!(same_text, "two-half decoding gives other text");
    assert_eq!(read, halves, "two-half read differs from the one-pass read");
    let Ok(ballots) = read else {
        return;
    };
    for e in group {
        let _ = count(e, &ballots);
    }
    // The canonical file reads back to itself (a record would not verify otherwise).
    if election.candidates.is_some() {
        let text = canonical_csv(&ballots, election);
        let back_format = if format.is_ranked() {
            BallotFormat::Choices
        } else {
            BallotFormat::Marks
        };
        let back = read_ballots(
            &Source::from_text("ballots.csv", text.clone()),
            back_format,
            election,
        );
        if let Ok(back) = back {
            assert_eq!(
                canonical_csv(&back, election),
                text,
                "canonical file re-reads differently"
            );
        }
    }
});
