//! What scripts read is the same in every language: every command that writes JSON, CSV or
//! a record writes the same bytes under `--lang zh`, `--lang en` and a Chinese locale.

use crate::util::{congress, congress_env, fixture, scratch, write};
use std::path::Path;

/// Runs `args` under `--lang en`, `--lang zh` and `LANG=zh_CN.UTF-8`, and asserts that the
/// three standard outputs and exit codes are equal (and that the run succeeded or checked).
fn same_in_every_language(args: &[&str]) -> Vec<u8> {
    let mut en = args.to_vec();
    en.extend(["--lang", "en"]);
    let mut zh = args.to_vec();
    zh.extend(["--lang", "zh"]);
    let a = congress(&en);
    let b = congress(&zh);
    let c = congress_env(args, &[("LANG", "zh_CN.UTF-8")]);
    assert!(a.code() == 0 || a.code() == 1, "{args:?}: {}", a.stderr());
    assert_eq!(a.code(), b.code(), "{args:?}");
    assert_eq!(a.code(), c.code(), "{args:?}");
    assert!(!a.stdout.is_empty(), "{args:?}");
    assert_eq!(a.stdout, b.stdout, "{args:?}: --lang zh changed the output");
    assert_eq!(
        a.stdout, c.stdout,
        "{args:?}: a Chinese locale changed the output"
    );
    a.stdout.clone()
}

#[test]
fn json_and_csv_outputs_are_byte_identical_in_every_language() {
    let presidium = "fixtures/committee/presidium.toml";
    let ballots = "fixtures/elections/committee/presidium.csv";
    let commands: Vec<Vec<&str>> = vec![
        vec![
            "apportion",
            "fixtures/departments.csv",
            "--seats",
            "40",
            "--format",
            "csv",
        ],
        vec![
            "apportion",
            "fixtures/departments.csv",
            "--seats",
            "40",
            "--format",
            "json",
        ],
        vec![
            "plan",
            "fixtures/roster.csv",
            "--seats",
            "40",
            "--format",
            "json",
        ],
        vec![
            "plan",
            "fixtures/roster.csv",
            "--seats",
            "40",
            "--format",
            "csv",
        ],
        vec![
            "plan",
            "federation",
            "fixtures/federation/example.csv",
            "--seats",
            "50",
            "--format",
            "json",
        ],
        vec![
            "check",
            "delegation",
            "fixtures/delegates.csv",
            "--plan",
            "fixtures/plan/plan.json",
            "--roster",
            "fixtures/roster.csv",
            "--clubs",
            "fixtures/clubs.csv",
            "--format",
            "json",
        ],
        vec!["check", "org", "fixtures/org.toml", "--format", "json"],
        vec!["elect", presidium, ballots, "--format", "json"],
        vec!["elect", presidium, ballots, "--format", "csv"],
        vec![
            "elect",
            "fixtures/committee/count.toml",
            "fixtures/committee/final.csv",
            "--format",
            "json",
        ],
        vec![
            "verify",
            "fixtures/records/v1/marks-presidium",
            "--format",
            "json",
        ],
        vec![
            "verify",
            "fixtures/records/v1/marks-presidium",
            "--format",
            "csv",
        ],
        vec![
            "simulate",
            "roster",
            "--students",
            "50",
            "--departments",
            "3",
            "--seed",
            "lang",
        ],
    ];
    for args in &commands {
        same_in_every_language(args);
    }
}

/// Every file of the directory, by relative path.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn records_receipts_and_rounds_are_byte_identical_in_every_language() {
    let dir = scratch("lang-records");
    // Ids published as they are (secrecy = "none"), so two counts write the same record.
    let toml = format!(
        "secrecy = \"none\"\n{}",
        std::fs::read_to_string(fixture("committee/count.toml")).unwrap()
    );
    let election = write(&dir, "count.toml", &toml);
    let ballots = fixture("committee/final.csv");
    let mut records = Vec::new();
    for lang in ["en", "zh"] {
        let record = dir.join(format!("rec-{lang}"));
        let rounds = dir.join(format!("rounds-{lang}.csv"));
        let run = congress(&[
            "elect",
            &election,
            &ballots,
            "--record",
            record.to_str().unwrap(),
            "--rounds-csv",
            rounds.to_str().unwrap(),
            "--format",
            "json",
            "--lang",
            lang,
        ]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
        let sign = congress(&[
            "sign",
            record.to_str().unwrap(),
            "--key",
            &fixture("committee/wang.sec"),
            "--member",
            "wang",
            "--lang",
            lang,
        ]);
        assert_eq!(sign.code(), 0, "{}", sign.stderr());
        let receipt = congress(&[
            "receipt",
            record.to_str().unwrap(),
            "--ballot-id",
            "c01",
            "--lang",
            lang,
        ]);
        records.push((
            files(&record),
            std::fs::read(&rounds).unwrap(),
            run.stdout.clone(),
            receipt.stdout.clone(),
            receipt.code(),
        ));
    }
    assert!(!records[0].0.is_empty());
    assert_eq!(records[0], records[1]);
}
