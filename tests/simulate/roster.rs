//! `congress simulate roster`: deterministic, valid, realistic rosters.

use crate::util::{congress, scratch};

#[test]
fn same_seed_same_bytes_and_out_matches_stdout() {
    let args = [
        "simulate",
        "roster",
        "--students",
        "3000",
        "--departments",
        "12",
        "--seed",
        "s1",
    ];
    let a = congress(&args);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, congress(&args).stdout);
    let mut other = args.to_vec();
    other[7] = "s2";
    assert_ne!(a.stdout, congress(&other).stdout);
    let text = a.stdout();
    assert_eq!(
        text.lines().next().unwrap(),
        "student_id,name,department,grade,class,cadre,clubs"
    );
    assert_eq!(text.lines().count(), 3001);

    let dir = scratch("out");
    let out = dir.join("roster.csv");
    let mut with_out = args.to_vec();
    with_out.extend(["--out", out.to_str().unwrap()]);
    let o = congress(&with_out);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read(&out).unwrap(), a.stdout);
    // An existing file is not overwritten without --force.
    assert_eq!(congress(&with_out).status.code(), Some(3));
    with_out.push("--force");
    assert_eq!(congress(&with_out).status.code(), Some(0));

    // The roster plans cleanly.
    let o = congress(&[
        "plan",
        out.to_str().unwrap(),
        "--format",
        "json",
        "--lot",
        "x",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(plan["students"], 3000);
    assert_eq!(plan["departments"].as_array().unwrap().len(), 12);
}

#[test]
fn bad_sizes_are_usage_errors() {
    for args in [
        vec![
            "simulate",
            "roster",
            "--students",
            "0",
            "--departments",
            "1",
        ],
        vec![
            "simulate",
            "roster",
            "--students",
            "5",
            "--departments",
            "6",
        ],
        vec![
            "simulate",
            "roster",
            "--students",
            "-5",
            "--departments",
            "1",
        ],
        vec!["simulate", "roster", "--departments", "1"],
    ] {
        assert_eq!(congress(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn simulate_ballots_is_wired_to_the_generator() {
    let args = [
        "simulate",
        "ballots",
        "fixtures/elections/committee/presidium.toml",
        "--ballots",
        "50",
        "--seed",
        "s",
        "--invalid-share",
        "0.1",
    ];
    let a = congress(&args);
    assert_eq!(
        a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(a.stdout, congress(&args).stdout);
    assert_eq!(a.stdout().lines().count(), 51);
    let mut bad = args.to_vec();
    bad[8] = "lots";
    assert_eq!(congress(&bad).status.code(), Some(2));
    assert_eq!(
        congress(&["simulate", "ballots", "/nonexistent.toml", "--ballots", "3"])
            .status
            .code(),
        Some(3)
    );
}
