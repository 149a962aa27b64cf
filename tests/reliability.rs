//! No data loss and no silent miscount: what `--force` may replace, and inputs that used to
//! be read wrongly without a word.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "congress-reliability-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn congress(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_congress"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

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
