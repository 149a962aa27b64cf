//! Ballot secrecy in published records (docs/verification.md §11): `secrecy =
//! "commitments"` (the default for small marks elections) publishes ballots without ids,
//! sorted by their bytes, and commitments to the ids; `"tally-only"` publishes no ballots;
//! receipts need the committee's secrets; consistency proofs do not apply.

use super::cli::{setup, sign};
use crate::util::{congress_in, fixture, read_text, scratch};
use std::path::Path;

/// An election `id` of the presidium fixture (10 ballots) recorded to `<id>-rec`, signed by
/// two members; returns elect's standard error.
fn record(dir: &Path, id: &str, extra: &str) -> String {
    setup(dir, true, id, extra);
    let ballots = fixture("elections/committee/presidium.csv");
    let (code, _, err) = congress_in(
        dir,
        &[
            "elect",
            &format!("{id}.toml"),
            ballots.as_str(),
            "--record",
            &format!("{id}-rec"),
        ],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    sign(dir, &format!("{id}-rec"), &["wang", "li"]);
    err
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

#[test]
fn a_small_marks_election_hides_its_ballot_ids_by_default() {
    let dir = scratch("secrecy-default");
    let err = record(&dir, "p", "");
    // The pattern report: 8 of the 10 presidium ballots are unique, a warning.
    assert!(
        err.contains("ballot patterns: 8 of 10 ballots have a pattern no other ballot has"),
        "{err}"
    );
    assert!(
        err.contains("warning:") && err.contains("tally-only"),
        "{err}"
    );
    assert!(err.contains("p-rec.secrets"), "{err}");
    let ballots = read(&dir, "p-rec/ballots.csv");
    let lines: Vec<&str> = ballots.lines().collect();
    assert_eq!(lines[0], "王芳,李强,张伟,刘洋,write_in_1");
    let mut sorted = lines[1..].to_vec();
    sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    assert_eq!(lines[1..], sorted[..], "lines are sorted by their bytes");
    assert!(
        !ballots.contains("t0"),
        "no ballot id is published: {ballots}"
    );
    let commitments = read(&dir, "p-rec/commitments.csv");
    assert_eq!(commitments.lines().count(), 11, "{commitments}");
    // The salt stays outside the record, readable by its owner only.
    let secrets = dir.join("p-rec.secrets");
    let text = std::fs::read_to_string(&secrets).unwrap();
    assert!(
        text.contains("salt = ") && text.contains("election = \"p\""),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let (code, out, _) = congress_in(&dir, &["verify", "p-rec"]).parts();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("V11 pass") && out.contains("no ids"), "{out}");
    // The same ballots published with ids by choice.
    let err = record(&dir, "q", "secrecy = \"none\"\n");
    assert!(err.contains("warning:"), "{err}");
    assert!(read(&dir, "q-rec/ballots.csv").starts_with("ballot_id,"));
    assert!(!dir.join("q-rec/commitments.csv").exists());
    assert!(!dir.join("q-rec.secrets").exists());
    // The auditor's recount is verify's: V13 and V30 re-read the id-less file.
    let (code, out, _) = congress_in(&dir, &["verify", "p-rec"]).parts();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("V13 pass") && out.contains("V30 pass"),
        "{out}"
    );
}

#[test]
fn tampering_with_an_id_less_record_is_caught() {
    let dir = scratch("secrecy-tamper");
    record(&dir, "p", "");
    // Lines out of order: V11 names the line.
    let path = dir.join("p-rec/ballots.csv");
    let good = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    let last = lines.len() - 1;
    lines.swap(1, last);
    std::fs::write(&path, format!("{}\n", lines.join("\n"))).unwrap();
    let (code, out, _) = congress_in(&dir, &["verify", "p-rec"]).parts();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("V11 fail") && out.contains("out of order"),
        "{out}"
    );
    std::fs::write(&path, &good).unwrap();
    // A commitment dropped: V03 (the manifest) and V11 (one per ballot).
    let path = dir.join("p-rec/commitments.csv");
    let good = std::fs::read_to_string(&path).unwrap();
    let shorter: Vec<&str> = good.lines().take(10).collect();
    std::fs::write(&path, format!("{}\n", shorter.join("\n"))).unwrap();
    let (code, out, _) = congress_in(&dir, &["verify", "p-rec"]).parts();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("V03 fail") && out.contains("V11 fail"),
        "{out}"
    );
    assert!(out.contains("not one commitment per ballot line"), "{out}");
}

#[test]
fn receipts_of_hidden_ids_prove_the_commitment_with_the_salt() {
    let dir = scratch("secrecy-receipt");
    record(&dir, "p", "");
    // Without the secrets (moved away), no receipt: the ids are not in the record.
    std::fs::rename(dir.join("p-rec.secrets"), dir.join("kept.secrets")).unwrap();
    let (code, _, err) = congress_in(&dir, &["receipt", "p-rec", "--ballot-id", "t04"]).parts();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("--secrets"), "{err}");
    let (code, receipt, err) = congress_in(
        &dir,
        &[
            "receipt",
            "p-rec",
            "--ballot-id",
            "t04",
            "--secrets",
            "kept.secrets",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&receipt).unwrap();
    assert_eq!(v["levels"][0]["file"], "commitments.csv");
    assert!(v["levels"][0]["salt"].is_string(), "{receipt}");
    assert!(
        !receipt.contains("王芳"),
        "the receipt shows no vote: {receipt}"
    );
    std::fs::write(dir.join("r.json"), &receipt).unwrap();
    let (code, out, _) = congress_in(&dir, &["verify-receipt", "p-rec", "r.json"]).parts();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("V40 pass"), "{out}");
    // A wrong salt: the line is not the ballot's commitment.
    let salt = v["levels"][0]["salt"].as_str().unwrap();
    let other = format!(
        "{}{}",
        if salt.starts_with('0') { "1" } else { "0" },
        &salt[1..]
    );
    std::fs::write(dir.join("bad.json"), receipt.replace(salt, &other)).unwrap();
    let (code, out, _) = congress_in(&dir, &["verify-receipt", "p-rec", "bad.json"]).parts();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("V40 fail") && out.contains("salt"), "{out}");
    // An unknown ballot.
    let (code, _, err) = congress_in(
        &dir,
        &[
            "receipt",
            "p-rec",
            "--ballot-id",
            "t99",
            "--secrets",
            "kept.secrets",
        ],
    )
    .parts();
    assert_eq!(code, 3, "{err}");
    // Another election's secrets do not open this record.
    record(&dir, "o", "");
    let (code, _, err) = congress_in(
        &dir,
        &[
            "receipt",
            "p-rec",
            "--ballot-id",
            "t04",
            "--secrets",
            "o-rec.secrets",
        ],
    )
    .parts();
    assert_eq!(code, 3, "{err}");
    // Without receipts = true, no receipt even with the secrets.
    let dir = scratch("secrecy-no-receipts");
    setup(&dir, false, "n", "");
    let ballots = fixture("elections/committee/presidium.csv");
    let (code, _, err) = congress_in(
        &dir,
        &["elect", "n.toml", ballots.as_str(), "--record", "n-rec"],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = congress_in(
        &dir,
        &[
            "receipt",
            "n-rec",
            "--ballot-id",
            "t04",
            "--secrets",
            "n-rec.secrets",
        ],
    )
    .parts();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("receipts = true"), "{err}");
}

#[test]
fn consistency_does_not_apply_to_hidden_ids() {
    let dir = scratch("secrecy-consistency");
    record(&dir, "p", "");
    let (code, out, err) = congress_in(&dir, &["verify-consistency", "p-rec", "p-rec"]).parts();
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("V41 skip") && out.contains("not applicable"),
        "{out}"
    );
}

#[test]
fn a_tally_only_record_publishes_no_ballots_and_says_there_is_no_recount() {
    let dir = scratch("secrecy-tally-only");
    record(&dir, "t", "secrecy = \"tally-only\"\n");
    assert!(!dir.join("t-rec/ballots.csv").exists());
    assert_eq!(read(&dir, "t-rec/commitments.csv").lines().count(), 11);
    let (code, out, _) = congress_in(&dir, &["verify", "t-rec"]).parts();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no public recount"), "{out}");
    assert!(
        out.contains("V13 skip") && out.contains("V30 skip"),
        "{out}"
    );
    // A ballots.csv added afterwards is not a file of a tally-only record.
    std::fs::write(dir.join("t-rec/ballots.csv"), "x\n").unwrap();
    let (code, out, _) = congress_in(&dir, &["verify", "t-rec"]).parts();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("V02 fail"), "{out}");
    std::fs::remove_file(dir.join("t-rec/ballots.csv")).unwrap();
    // A parent recounts its children's ballots: a tally-only child is refused by name.
    setup(&dir, true, "school", "stations = [\"t\"]\n");
    let (code, _, err) = congress_in(
        &dir,
        &[
            "merge",
            "--election",
            "school.toml",
            "--out",
            "school-rec",
            "t-rec",
        ],
    )
    .parts();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("tally-only") && err.contains("t-rec"), "{err}");
    assert!(!dir.join("school-rec").exists());
}

#[test]
fn the_default_depends_on_the_method_and_the_number_of_ballots() {
    use congress::ballot::election::{Election, Secrecy};
    let text = read_text("fixtures/elections/committee/presidium.toml");
    let marks = Election::from_bytes("e.toml", text.clone().into_bytes()).unwrap();
    assert_eq!(marks.secrecy_for(199), Secrecy::Commitments);
    assert_eq!(marks.secrecy_for(200), Secrecy::None);
    let chosen = format!("secrecy = \"tally-only\"\n{text}");
    let chosen = Election::from_bytes("e.toml", chosen.into_bytes()).unwrap();
    assert_eq!(chosen.secrecy_for(5000), Secrecy::TallyOnly);
    let ranked = "id = \"r\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n";
    let ranked = Election::from_bytes("r.toml", ranked.as_bytes().to_vec()).unwrap();
    assert_eq!(ranked.secrecy_for(10), Secrecy::None);
    let bad = format!("secrecy = \"secret\"\n{text}");
    let e = Election::from_bytes("e.toml", bad.into_bytes()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("secrecy"), "{e:?}");
}

#[test]
fn secrets_inside_the_record_are_refused_and_a_failed_record_leaves_none() {
    let dir = scratch("secrecy-inside");
    setup(&dir, true, "p", "");
    let ballots = fixture("elections/committee/presidium.csv");
    let (code, _, err) = congress_in(
        &dir,
        &[
            "elect",
            "p.toml",
            ballots.as_str(),
            "--record",
            "p-rec",
            "--secrets",
            "p-rec/salt.toml",
        ],
    )
    .parts();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("outside the record"), "{err}");
    assert!(!dir.join("p-rec").exists());
}

#[test]
fn a_large_id_less_record_reads_back_in_one_pass() {
    // More than the size from which ballot files are read on two threads: the lines without
    // ids are named by their line numbers, which the record's own recount must not repeat.
    let dir = scratch("secrecy-large");
    let committee = read_text("fixtures/committee/presidium.toml");
    let committee = &committee[committee.find("[committee]").unwrap()..];
    std::fs::write(
        dir.join("big.toml"),
        format!(
            "id = \"big\"\nmethod = \"approval\"\nseats = 2\n\
             candidates = [\"A\", \"B\", \"C\", \"D\"]\nsecrecy = \"commitments\"\n{committee}"
        ),
    )
    .unwrap();
    let (code, _, err) = congress_in(
        &dir,
        &[
            "simulate",
            "ballots",
            "big.toml",
            "--ballots",
            "60000",
            "--seed",
            "s",
            "--out",
            "b.csv",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata(dir.join("b.csv")).unwrap().len() > 1 << 20);
    let (code, _, err) =
        congress_in(&dir, &["elect", "big.toml", "b.csv", "--record", "big-rec"]).parts();
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        read(&dir, "big-rec/commitments.csv").lines().count(),
        60_001
    );
}
