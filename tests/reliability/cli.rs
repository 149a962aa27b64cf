//! No data loss and no silent miscount: what `--force` may replace, and inputs that used to
//! be read wrongly without a word.

use crate::util::{congress_in as congress, scratch, Run};
use std::path::Path;
use std::process::Command;

fn fixture(path: &str) -> String {
    std::fs::canonicalize(path).unwrap().display().to_string()
}

/// An election file with the test committee, for writing records.
fn recordable_election(dir: &Path) -> String {
    let key = std::fs::read_to_string("tests/vectors/signatures/signify/committee.pub").unwrap();
    let key = key.lines().nth(1).unwrap();
    let mut text = std::fs::read_to_string("fixtures/elections/committee/presidium.toml").unwrap();
    text.push_str(&format!(
        "\n[committee]\nthreshold = 1\nmembers = [{{ id = \"test\", key = \"{key}\" }}]\n"
    ));
    let path = dir.join("e.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn record_force_replaces_only_a_record() {
    let dir = scratch("force");
    let election = recordable_election(&dir);
    let ballots = fixture("fixtures/elections/committee/presidium.csv");
    // A directory of the user's that happens to hold a file named SHA256.
    let mine = dir.join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("SHA256"), "my checksums\n").unwrap();
    std::fs::write(mine.join("notes.txt"), "precious").unwrap();
    let out = congress(
        &dir,
        &["elect", &election, &ballots, "--record", "mine", "--force"],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a record"));
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "precious"
    );
    // A record with a file added beside its manifest is not replaced either.
    let out = congress(&dir, &["elect", &election, &ballots, "--record", "rec"]);
    assert!(out.status.success());
    std::fs::write(dir.join("rec/README.txt"), "added").unwrap();
    let out = congress(
        &dir,
        &["elect", &election, &ballots, "--record", "rec", "--force"],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(dir.join("rec/README.txt").exists());
    // A record as written is replaced.
    std::fs::remove_file(dir.join("rec/README.txt")).unwrap();
    let out = congress(
        &dir,
        &["elect", &election, &ballots, "--record", "rec", "--force"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --out never replaces a directory or a pipe.
    let out = congress(
        &dir,
        &["elect", &election, &ballots, "--out", "mine", "--force"],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(mine.join("notes.txt").exists());
    let fifo = dir.join("fifo");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let out = congress(
            &dir,
            &["elect", &election, &ballots, "--out", "fifo", "--force"],
        );
        assert_eq!(out.status.code(), Some(3));
        assert!(String::from_utf8_lossy(&out.stderr).contains("named pipe"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn stderr(out: &Run) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn limits_are_errors_that_name_them_before_anything_large_is_allocated() {
    let dir = scratch("limits");
    // An endless input.
    std::fs::write(
        dir.join("e.toml"),
        "id = \"x\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n",
    )
    .unwrap();
    if Path::new("/dev/zero").exists() {
        let out = congress(&dir, &["elect", "e.toml", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(3));
        assert!(stderr(&out).contains("NUL bytes"), "{}", stderr(&out));
    }
    // Simulating more ballots than a count reads.
    let out = congress(
        &dir,
        &[
            "simulate",
            "ballots",
            "e.toml",
            "--ballots",
            "1000000000000",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("at most 67108864 ballots"));
    // A 40-byte BLT whose one line weighs 2^28 ballots.
    std::fs::write(dir.join("w.blt"), "2 1\n268435456 1 0\n0\n\"A\"\n\"B\"\n").unwrap();
    std::fs::write(dir.join("w.toml"), "id = \"w\"\nmethod = \"stv\"\n").unwrap();
    let out = congress(&dir, &["elect", "w.toml", "w.blt"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("more than 67108864 ballots"));
    // More candidates than a ranked count takes (its rounds grow with their square).
    let mut blt = String::from("1001 1\n1 1 0\n0\n");
    for c in 0..1001 {
        blt.push_str(&format!("\"C{c}\"\n"));
    }
    std::fs::write(dir.join("many.blt"), blt).unwrap();
    let out = congress(&dir, &["elect", "w.toml", "many.blt"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("1001 candidates: a ranked count takes at most 1000"));
    // A header of more columns than any ballot file has.
    let mut wide = String::from("ballot_id,A,B");
    for k in 1..=10_001 {
        wide.push_str(&format!(",write_in_{k}"));
    }
    wide.push('\n');
    std::fs::write(dir.join("wide.csv"), wide).unwrap();
    std::fs::write(
        dir.join("m.toml"),
        "id = \"m\"\nmethod = \"approval\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n",
    )
    .unwrap();
    let out = congress(&dir, &["elect", "m.toml", "wide.csv"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("10004 columns, expected at most 10000"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn names_that_print_alike_or_hold_hidden_characters_are_refused() {
    let dir = scratch("names");
    std::fs::write(dir.join("b.csv"), "ballot_id,A\n1,yes\n").unwrap();
    for (candidates, expected) in [
        ("\"ＡＢ\", \"AB\"", "(U+FF21 U+FF22) and AB (U+0041 U+0042)"),
        (
            "\"e\\u0301\", \"\\u00e9\"",
            "(U+0065 U+0301) and é (U+00E9)",
        ),
        ("\"A\\u200bB\", \"C\"", "holds U+200B"),
        ("\"A\\nB\", \"C\"", "holds U+000A"),
    ] {
        std::fs::write(
            dir.join("e.toml"),
            format!("id = \"x\"\nmethod = \"approval\"\nseats = 1\ncandidates = [{candidates}]\n"),
        )
        .unwrap();
        let out = congress(&dir, &["elect", "e.toml", "b.csv"]);
        assert_eq!(out.status.code(), Some(3), "{candidates}");
        let err = stderr(&out);
        assert!(err.starts_with("error: e.toml:4: candidates: "), "{err}");
        assert!(err.contains(expected), "{err}");
    }
    // A ballot file's names are held to the same rules, and one that would clear the
    // screen is shown escaped.
    std::fs::write(dir.join("s.toml"), "id = \"s\"\nmethod = \"stv\"\n").unwrap();
    std::fs::write(
        dir.join("esc.blt"),
        "2 1\n1 1 0\n0\n\"A\u{1b}[2J\u{1b}[H\"\n\"B\"\n\"t\"\n",
    )
    .unwrap();
    let out = congress(&dir, &["elect", "s.toml", "esc.blt"]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("U+001B"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn columns_and_names_that_would_be_dropped_or_shifted_are_errors() {
    let dir = scratch("reliability-shifted");
    std::fs::write(
        dir.join("e.toml"),
        "id = \"x\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n",
    )
    .unwrap();
    // A 0-based export, a wrong ordinal, a number too large: each column named.
    for (header, why) in [
        ("choice_0,choice_1", "numbered from 1"),
        ("1st Choice,12nd Choice", "not a choice header"),
        ("choice_1,choice_99999999999999999999999", "too large"),
    ] {
        std::fs::write(
            dir.join("c.csv"),
            format!("ballot_id,{header}\nb1,A,B\nb2,B,A\nb3,A,\n"),
        )
        .unwrap();
        let out = congress(&dir, &["elect", "e.toml", "c.csv"]);
        let err = stderr(&out);
        assert_eq!(out.code(), 3, "{header}: {err}");
        let column = header.split(',').find(|h| err.contains(*h)).unwrap_or("");
        assert!(
            !column.is_empty() && err.contains(why) && err.contains("c.csv:1"),
            "{err}"
        );
    }
    // BLT: an unquoted name with a space, names one per line, is not two names.
    std::fs::write(dir.join("b.toml"), "id = \"x\"\nmethod = \"irv\"\n").unwrap();
    std::fs::write(
        dir.join("n.blt"),
        "2 1\n1 1 2 0\n2 2 0\n0\nAnna Ng\n\"Bob\"\n",
    )
    .unwrap();
    let out = congress(&dir, &["elect", "b.toml", "n.blt"]);
    let err = stderr(&out);
    assert_eq!(out.code(), 3, "{err}");
    assert!(
        err.contains("n.blt:5") && err.contains("\"Anna Ng\""),
        "{err}"
    );
}
