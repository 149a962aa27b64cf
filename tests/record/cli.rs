//! The record commands end to end through the `congress` binary, on the committee fixture
//! (`fixtures/elections/committee/presidium.*`): keygen, elect --record, sign, verify,
//! receipt, verify-receipt, merge, and the exit codes of the contract.

use crate::util::{congress_in, fixture, read_text, run_tool, scratch, tool};
use std::path::{Path, PathBuf};

fn pubkey_line(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(format!("{name}.pub")))
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string()
}

/// Each member signs `record` with its own key (`<member>.sec`); every signing exits 0.
pub(super) fn sign(dir: &Path, record: &str, members: &[&str]) {
    for m in members {
        let key = format!("{m}.sec");
        let (code, _, err) =
            congress_in(dir, &["sign", record, "--key", &key, "--member", m]).parts();
        assert_eq!(code, 0, "{err}");
    }
}

/// Keys wang, li, zhao and an election file = the fixture + receipts + committee (k = 2).
pub(super) fn setup(dir: &Path, receipts: bool, id: &str, extra: &str) -> PathBuf {
    for m in ["wang", "li", "zhao"] {
        if !dir.join(format!("{m}.pub")).exists() {
            assert_eq!(congress_in(dir, &["keygen", m]).code(), 0);
        }
    }
    let fixture = read_text("fixtures/elections/committee/presidium.toml");
    let body = fixture.replacen("id = \"2027-presidium\"", &format!("id = \"{id}\""), 1);
    let text = format!(
        "{}{extra}{body}[committee]\nthreshold = 2\nmembers = [{{ id = \"wang\", key = \"{}\" }}, {{ id = \"li\", key = \"{}\" }}, {{ id = \"zhao\", key = \"{}\" }}]\n",
        if receipts { "receipts = true\n" } else { "" },
        pubkey_line(dir, "wang"),
        pubkey_line(dir, "li"),
        pubkey_line(dir, "zhao"),
    );
    let path = dir.join(format!("{id}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn elect_record_sign_verify() {
    let dir = scratch("flow");
    setup(&dir, true, "2027-presidium", "secrecy = \"none\"\n");
    let ballots = fixture("elections/committee/presidium.csv");
    let ballots = ballots.as_str();
    let (code, out, err) = congress_in(
        &dir,
        &["elect", "2027-presidium.toml", ballots, "--record", "rec"],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2027-presidium"),
        "the result is still printed: {out}"
    );
    // The record exists and is not overwritten without --force.
    let (code, _, err) = congress_in(
        &dir,
        &["elect", "2027-presidium.toml", ballots, "--record", "rec"],
    )
    .parts();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("--force"), "{err}");
    // Unsigned: verify fails V07 with exit 1.
    let (code, out, _) = congress_in(&dir, &["verify", "rec"]).parts();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("V07 fail"), "{out}");
    // Signing with the wrong member's key is an input error and writes nothing.
    let (code, _, err) = congress_in(
        &dir,
        &["sign", "rec", "--key", "li.sec", "--member", "wang"],
    )
    .parts();
    assert_eq!(code, 3, "{err}");
    assert!(!dir.join("rec/SHA256.wang.sig").exists());
    let (code, _, err) = congress_in(
        &dir,
        &["sign", "rec", "--key", "li.sec", "--member", "nobody"],
    )
    .parts();
    assert_eq!(code, 3, "{err}");
    sign(&dir, "rec", &["wang", "li"]);
    let (code, out, _) = congress_in(
        &dir,
        &["verify", "rec", "--trust", "wang.pub", "--trust", "li.pub"],
    )
    .parts();
    assert_eq!(code, 0, "{out}");
    for id in [
        "V01", "V03", "V06", "V07", "V08", "V10", "V11", "V12", "V13", "V14", "V30", "V31",
    ] {
        assert!(out.contains(&format!("{id} pass")), "{id}: {out}");
    }
    assert!(out.lines().last().unwrap().starts_with("summary:"), "{out}");
    // A record is consistent with itself (V41); a missing earlier record is exit 3.
    let (code, out, err) = congress_in(&dir, &["verify-consistency", "rec", "rec"]).parts();
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("V41 pass rec/head.csv"), "{out}");
    assert!(
        out.contains("rec/SHA256") || out.contains("V01 pass rec/"),
        "{out}"
    );
    let (code, _, err) = congress_in(&dir, &["verify-consistency", "nothing", "rec"]).parts();
    assert_eq!(code, 3, "{err}");
    // JSON report.
    let (code, out, _) = congress_in(&dir, &["verify", "rec", "--format", "json"]).parts();
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["fail"], 0);
    // Only trusting zhao (who did not sign): V08 fails.
    let (code, out, _) = congress_in(&dir, &["verify", "rec", "--trust", "zhao.pub"]).parts();
    assert_eq!(code, 1);
    assert!(out.contains("V08 fail"), "{out}");
    // The whole committee given: a majority (two) of them signed; --threshold 3 asks for all.
    let all = [
        "--trust", "wang.pub", "--trust", "li.pub", "--trust", "zhao.pub",
    ];
    let (code, out, _) = congress_in(&dir, &[&["verify", "rec"][..], &all].concat()).parts();
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = congress_in(
        &dir,
        &[&["verify", "rec"][..], &all, &["--threshold", "3"]].concat(),
    )
    .parts();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("V08 fail"), "{out}");
    // --threshold needs --trust keys, and at most as many as they are.
    let (code, _, err) = congress_in(&dir, &["verify", "rec", "--threshold", "1"]).parts();
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = congress_in(
        &dir,
        &["verify", "rec", "--trust", "wang.pub", "--threshold", "2"],
    )
    .parts();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--threshold 2"), "{err}");
    // Receipts.
    let (code, receipt, err) = congress_in(&dir, &["receipt", "rec", "--ballot-id", "t04"]).parts();
    assert_eq!(code, 0, "{err}");
    std::fs::write(dir.join("r.json"), &receipt).unwrap();
    let (code, out, _) = congress_in(&dir, &["verify-receipt", "rec", "r.json"]).parts();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("V40 pass"), "{out}");
    let (code, _, err) = congress_in(&dir, &["receipt", "rec", "--ballot-id", "nope"]).parts();
    assert_eq!(code, 3, "{err}");
    // The recount an auditor runs: the record's ballots.csv counts to the same result.
    let (code, json, err) = congress_in(
        &dir,
        &[
            "elect",
            "rec/election.toml",
            "rec/ballots.csv",
            "--format",
            "json",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    // result.json is the printed result without its schema key (docs/formats.md §8).
    let recount = without_schema_key(&json);
    let published: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("rec/result.json")).unwrap()).unwrap();
    assert_eq!(recount, published);
    // A tampered tally: exit 1 naming V03, then verify-receipt also fails.
    let tally = dir.join("rec/tally.csv");
    let t = std::fs::read_to_string(&tally)
        .unwrap()
        .replacen("returned,,10", "returned,,11", 1);
    std::fs::write(&tally, t).unwrap();
    let (code, out, _) = congress_in(&dir, &["verify", "rec"]).parts();
    assert_eq!(code, 1);
    // The line named is the manifest's, so it is said as such (not as a line of tally.csv).
    assert!(
        out.contains("V03 fail tally.csv sha256: SHA-256 does not match line ")
            && out.contains(" of SHA256 (expected "),
        "{out}"
    );
    let (code, _, _) = congress_in(&dir, &["verify-receipt", "rec", "r.json"]).parts();
    assert_eq!(code, 1);
    // Not a record: exit 3.
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let (code, _, err) = congress_in(&dir, &["verify", "empty"]).parts();
    assert_eq!(code, 3, "{err}");
    let (code, _, _) = congress_in(&dir, &["verify", "missing-dir"]).parts();
    assert_eq!(code, 3);
}

#[test]
fn receipts_only_when_the_election_allows_them() {
    let dir = scratch("noreceipts");
    setup(&dir, false, "2027-presidium", "");
    let ballots = fixture("elections/committee/presidium.csv");
    let (code, _, err) = congress_in(
        &dir,
        &["elect", "2027-presidium.toml", &ballots, "--record", "rec"],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = congress_in(&dir, &["receipt", "rec", "--ballot-id", "t04"]).parts();
    assert_eq!(code, 3);
    assert!(out.is_empty());
    assert!(err.contains("coerc"), "{err}");
    assert!(err.contains("receipts = true"), "{err}");
}

#[test]
fn merge_stations_into_a_school_record() {
    let dir = scratch("merge");
    let all = read_text("fixtures/elections/committee/presidium.csv");
    let lines: Vec<&str> = all.lines().collect();
    let (header, body) = (lines[0], &lines[1..]);
    let halves = [("st1", &body[..5]), ("st2", &body[5..])];
    for (id, part) in halves {
        // Receipts: every record on a ballot's path must allow them, the stations' too.
        setup(&dir, true, id, "");
        std::fs::write(
            dir.join(format!("{id}.csv")),
            format!("{header}\n{}\n", part.join("\n")),
        )
        .unwrap();
        let (code, _, err) = congress_in(
            &dir,
            &[
                "elect",
                &format!("{id}.toml"),
                &format!("{id}.csv"),
                "--record",
                &format!("{id}-rec"),
            ],
        )
        .parts();
        assert_eq!(code, 0, "{err}");
        sign(&dir, &format!("{id}-rec"), &["wang", "zhao"]);
    }
    setup(&dir, true, "school", "stations = [\"st1\", \"st2\"]\n");
    // A missing station is refused.
    let (code, _, err) = congress_in(
        &dir,
        &[
            "merge",
            "--election",
            "school.toml",
            "--out",
            "school-rec",
            "st1-rec",
        ],
    )
    .parts();
    assert_eq!(code, 3);
    assert!(err.contains("st2"), "{err}");
    assert!(!dir.join("school-rec").exists());
    let (code, _, err) = congress_in(
        &dir,
        &[
            "merge",
            "--election",
            "school.toml",
            "--out",
            "school-rec",
            "st1-rec",
            "st2-rec",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    sign(&dir, "school-rec", &["li", "zhao"]);
    let (code, out, _) = congress_in(
        &dir,
        &[
            "verify",
            "school-rec",
            "--trust",
            "li.pub",
            "--trust",
            "zhao.pub",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{out}");
    for id in ["V20 pass", "V21 pass", "V22 pass", "V23 pass", "V13 pass"] {
        assert!(out.contains(id), "{id}: {out}");
    }
    // The school's result equals counting all ballots at once.
    let published: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("school-rec/result.json")).unwrap())
            .unwrap();
    assert_eq!(published["ballots"]["returned"], 10);
    // The stations hide their ballot ids (a small marks election: secrecy = "commitments"):
    // their ballots.csv has no ids, and a receipt needs the station's secrets.
    let st1 = std::fs::read_to_string(dir.join("st1-rec/ballots.csv")).unwrap();
    assert!(!st1.contains("ballot_id") && !st1.contains("t0"), "{st1}");
    let (code, _, err) =
        congress_in(&dir, &["receipt", "school-rec", "--ballot-id", "t07"]).parts();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("--secrets"), "{err}");
    // Two-level receipt: the commitment, proved in the station's commitments.csv.
    let (code, receipt, err) = congress_in(
        &dir,
        &[
            "receipt",
            "school-rec",
            "--ballot-id",
            "t07",
            "--secrets",
            "st1-rec.secrets",
            "--secrets",
            "st2-rec.secrets",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    assert!(
        receipt.contains("stations/st2/commitments.csv"),
        "{receipt}"
    );
    std::fs::write(dir.join("r.json"), &receipt).unwrap();
    let (code, out, _) = congress_in(&dir, &["verify-receipt", "school-rec", "r.json"]).parts();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("V40 pass"), "{out}");
    // Another ballot's id under the same proof: V40 fails.
    std::fs::write(dir.join("r2.json"), receipt.replace("\"t07\"", "\"t08\"")).unwrap();
    let (code, out, _) = congress_in(&dir, &["verify-receipt", "school-rec", "r2.json"]).parts();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("V40 fail"), "{out}");
    // Dropping a station's directory: exit 1 with V02 and V21.
    std::fs::remove_dir_all(dir.join("school-rec/stations/st1")).unwrap();
    let (code, out, _) = congress_in(&dir, &["verify", "school-rec"]).parts();
    assert_eq!(code, 1);
    assert!(
        out.contains("V02 fail") && out.contains("V21 fail"),
        "{out}"
    );
}

#[test]
fn signify_made_keys_sign_with_congress_sign() {
    if tool("signify-openbsd").is_none() {
        return;
    }
    let dir = scratch("signify");
    // wang's key is made by signify itself.
    let (ok, out) = run_tool(
        &dir,
        "signify-openbsd",
        &["-G", "-n", "-c", "wang", "-p", "wang.pub", "-s", "wang.sec"],
        None,
    );
    assert!(ok, "{out}");
    setup(&dir, false, "2027-presidium", "");
    let ballots = fixture("elections/committee/presidium.csv");
    let (code, _, err) = congress_in(
        &dir,
        &["elect", "2027-presidium.toml", &ballots, "--record", "rec"],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    sign(&dir, "rec", &["wang", "li"]);
    let (code, out, _) = congress_in(
        &dir,
        &["verify", "rec", "--trust", "wang.pub", "--trust", "li.pub"],
    )
    .parts();
    assert_eq!(code, 0, "{out}");
    let rec = dir.join("rec");
    for m in ["wang", "li"] {
        let (ok, out) = run_tool(
            &rec,
            "signify-openbsd",
            &[
                "-V",
                "-p",
                &format!("keys/{m}.pub"),
                "-x",
                &format!("SHA256.{m}.sig"),
                "-m",
                "SHA256",
            ],
            None,
        );
        assert!(ok, "{out}");
        let script = format!("cat SHA256.{m}.sig SHA256 | signify-openbsd -C -p keys/{m}.pub -x -");
        let (ok, out) = run_tool(&rec, "sh", &["-c", &script], None);
        assert!(ok, "{out}");
    }
    let (ok, out) = run_tool(&rec, "sha256sum", &["--strict", "-c", "SHA256"], None);
    assert!(ok, "{out}");
}

#[test]
fn a_real_stv_election_from_blt_records_and_recounts_identically() {
    let dir = scratch("almond");
    setup(&dir, false, "unused", "");
    let blt = fixture("elections/scotland-2017-edinburgh-almond/ballots.blt");
    let blt = blt.as_str();
    let committee = format!(
        "[committee]\nthreshold = 1\nmembers = [{{ id = \"wang\", key = \"{}\" }}]\n",
        pubkey_line(&dir, "wang")
    );
    // Without seats and candidates in the election file the BLT file names them; the record
    // states them in election.json and recounts ballots.csv with them.
    std::fs::write(
        dir.join("bare.toml"),
        format!("id = \"almond\"\nmethod = \"stv\"\n{committee}"),
    )
    .unwrap();
    let (code, bare_direct, err) = congress_in(
        &dir,
        &[
            "elect",
            "bare.toml",
            blt,
            "--record",
            "bare",
            "--format",
            "json",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    sign(&dir, "bare", &["wang"]);
    let (code, out, _) = congress_in(&dir, &["verify", "bare", "--trust", "wang.pub"]).parts();
    assert_eq!(code, 0, "{out}");
    let stated: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("bare/election.json")).unwrap()).unwrap();
    assert_eq!(stated["seats"], 4);
    assert_eq!(stated["candidates"][3], "Kevin LANG (LD)");
    let bare_direct = without_schema_key(&bare_direct);
    let bare_published: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("bare/result.json")).unwrap()).unwrap();
    assert_eq!(bare_direct, bare_published);
    assert_eq!(bare_published["elected"][0], "Kevin LANG (LD)");
    let candidates = "[\"Daniel FRASER (Libtn)\", \"Graham HUTCHISON (C)\", \"Otto INGLIS (UKIP)\", \
        \"Kevin LANG (LD)\", \"John LONGSTAFF (Ind)\", \"Iain MCKINNON-WADDELL (Grn)\", \
        \"Pamela MITCHELL (SNP)\", \"Bruce WHITEHEAD (Lab)\", \"Norrie WORK (SNP)\", \"Louise YOUNG (LD)\"]";
    std::fs::write(
        dir.join("almond.toml"),
        format!(
            "id = \"almond\"\nmethod = \"stv\"\nseats = 4\ncandidates = {candidates}\n{committee}"
        ),
    )
    .unwrap();
    let (code, direct, err) = congress_in(
        &dir,
        &[
            "elect",
            "almond.toml",
            blt,
            "--record",
            "rec",
            "--format",
            "json",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{err}");
    sign(&dir, "rec", &["wang"]);
    let (code, out, _) = congress_in(&dir, &["verify", "rec", "--trust", "wang.pub"]).parts();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("V11 pass ballots.csv: 14207 ballots"), "{out}");
    let direct = without_schema_key(&direct);
    let published: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("rec/result.json")).unwrap()).unwrap();
    assert_eq!(direct, published);
    assert_eq!(published["elected"][0], "Kevin LANG (LD)");
    assert_eq!(published["elected"], bare_published["elected"]);
    assert_eq!(published["rounds"], bare_published["rounds"]);
}

#[test]
fn a_record_without_a_committee_is_refused_before_counting() {
    let dir = scratch("no-committee");
    let election = fixture("elections/committee/presidium.toml");
    let ballots = fixture("elections/committee/presidium.csv");
    let (code, out, err) =
        congress_in(&dir, &["elect", &election, &ballots, "--record", "rec"]).parts();
    assert_eq!(code, 3, "{err}");
    assert!(out.is_empty(), "no result is printed: {out}");
    assert!(
        err.contains("committee") && err.contains("presidium.toml"),
        "{err}"
    );
    assert!(!dir.join("rec").exists());
}

#[test]
fn force_never_deletes_what_is_not_a_record() {
    let dir = scratch("force");
    let toml = setup(&dir, false, "2027-presidium", "");
    let toml = toml.to_str().unwrap();
    let csv = fixture("elections/committee/presidium.csv");
    let csv = csv.as_str();
    std::fs::write(dir.join("notes.txt"), "precious").unwrap();
    // `.` and `..` name no directory of their own: a usage error, and nothing is touched.
    for target in [".", ".."] {
        let (code, _, err) =
            congress_in(&dir, &["elect", toml, csv, "--record", target, "--force"]).parts();
        assert_eq!(code, 2, "{target}: {err}");
        assert!(
            err.contains("expected the name of a new directory"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "precious"
    );
    // A directory holding the current one is never replaced.
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let (code, _, err) = congress_in(
        &dir.join("sub"),
        &["elect", toml, csv, "--record", "../sub", "--force"],
    )
    .parts();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("holds the current directory"), "{err}");
    // A directory that is not a record is refused, and keeps its files.
    std::fs::create_dir_all(dir.join("other")).unwrap();
    std::fs::write(dir.join("other/keep"), "x").unwrap();
    let (code, _, err) =
        congress_in(&dir, &["elect", toml, csv, "--record", "other", "--force"]).parts();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("not a record"), "{err}");
    assert!(dir.join("other/keep").is_file());
    // A record is replaced by the new one, and nothing is left beside it.
    assert_eq!(
        congress_in(&dir, &["elect", toml, csv, "--record", "rec"]).code(),
        0
    );
    std::fs::write(dir.join("rec/SHA256.wang.sig"), "old signature").unwrap();
    let (code, _, err) =
        congress_in(&dir, &["elect", toml, csv, "--record", "rec", "--force"]).parts();
    assert_eq!(code, 0, "{err}");
    assert!(dir.join("rec/SHA256").is_file());
    assert!(!dir.join("rec/SHA256.wang.sig").exists());
    let stray: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn keygen_refuses_a_comment_signify_cannot_read() {
    let dir = scratch("keygen-comment");
    let (code, _, err) = congress_in(&dir, &["keygen", "k1", "--comment", "two\nlines"]).parts();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("one line"), "{err}");
    let long = "a".repeat(1013);
    let (code, _, err) = congress_in(&dir, &["keygen", "k2", "--comment", &long]).parts();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at most 1012"), "{err}");
    for name in ["k1.sec", "k1.pub", "k2.sec", "k2.pub"] {
        assert!(!dir.join(name).exists(), "{name}");
    }
    // The longest comment allowed makes keys that congress itself reads back (sign fails only
    // because there is no record).
    let longest = "a".repeat(1012);
    let (code, _, err) = congress_in(&dir, &["keygen", "k3", "--comment", &longest]).parts();
    assert_eq!(code, 0, "{err}");
    let first = std::fs::read_to_string(dir.join("k3.sec")).unwrap();
    assert_eq!(
        first.lines().next().unwrap().len(),
        "untrusted comment: ".len() + 1023
    );
    std::fs::create_dir_all(dir.join("rec")).unwrap();
    let (code, _, err) =
        congress_in(&dir, &["sign", "rec", "--key", "k3.sec", "--member", "m"]).parts();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("no SHA256 manifest"), "{err}");
}

/// A printed `congress-election-result/1` without its `schema` key: what a record's
/// `result.json` holds.
fn without_schema_key(printed: &str) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(printed).unwrap();
    let key = value.as_object_mut().unwrap().shift_remove("schema");
    assert_eq!(key, Some("congress-election-result/1".into()));
    value
}
