//! Election files: `Election::parse` on fuzz bytes; an election that parses counts a tiny
//! fixed ballot file of the right kind (marks, or ranks for ranked methods).
#![no_main]

#[path = "common.rs"]
mod common;

use congress::ballot::count::count;
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::internals::input::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    let Some(src) = common::source("election.toml", &data[1..], data[0]) else {
        return;
    };
    let Ok(election) = Election::parse(&src) else {
        return;
    };
    let _ = election.sha256_hex();
    let _ = election.require_attendance();
    let names = election
        .candidates
        .clone()
        .unwrap_or_else(|| vec!["A".into(), "B".into(), "C".into()]);
    let header: Vec<String> = names
        .iter()
        .map(|n| format!("\"{}\"", n.replace('"', "\"\"")))
        .collect();
    let n = names.len();
    let (format, rows) = if election.method.is_ranked() {
        let rank = |shift: usize| -> String {
            (0..n)
                .map(|i| ((i + shift) % n + 1).to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        (
            BallotFormat::Ranks,
            vec![
                format!("b1,{}", rank(0)),
                format!("b2,{}", rank(1)),
                format!("b3,{}", rank(0)),
            ],
        )
    } else {
        let mark = |k: usize| -> String {
            (0..n)
                .map(|i| if (i + k) % 2 == 0 { "yes" } else { "" })
                .collect::<Vec<_>>()
                .join(",")
        };
        (
            BallotFormat::Marks,
            vec![
                format!("b1,{}", mark(0)),
                format!("b2,{}", mark(1)),
                format!("b3,{}", mark(0)),
            ],
        )
    };
    let text = format!("ballot_id,{}\n{}\n", header.join(","), rows.join("\n"));
    if let Ok(ballots) = read_ballots(&Source::from_text("ballots.csv", text), format, &election) {
        let _ = count(&election, &ballots);
    }
});
