//! Linked rounds (docs/methods.md §1.6): `congress next` writes the re-vote or 另行选举 a
//! result asks for, `elect` checks the link, a record of a linked round holds the previous
//! result (V15), and `congress final` follows a checked chain to the body it elected.

use crate::util::{congress_in, fixture, scratch};
use congress::internals::record::files::RecordFiles;
use congress::record::verify::{verify_files, VerifyOptions};
use std::path::Path;

/// A scratch directory where `tie.toml` has been counted into `tie.json` and `congress next`
/// has written `revote.toml` (attendance filled in when `filled`).
fn tie_counted(name: &str, filled: bool) -> std::path::PathBuf {
    let dir = scratch(name);
    let c = "elections/committee";
    let (toml, csv) = (
        fixture(&format!("{c}/tie.toml")),
        fixture(&format!("{c}/tie.csv")),
    );
    let r = congress_in(&dir, &["elect", &toml, &csv, "--out", "tie.json"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let mut next = vec!["next", "tie.json", "--out", "revote.toml"];
    if filled {
        next.extend(["--entitled", "11", "--present", "10"]);
    }
    let r = congress_in(&dir, &next);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    dir
}

fn revote_ballots() -> String {
    fixture("elections/committee/tie-revote.csv")
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {text}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn next_writes_the_revote_the_tie_asks_for() {
    let dir = tie_counted("rounds-next", false);
    let text = std::fs::read_to_string(dir.join("revote.toml")).unwrap();
    for line in [
        "id = \"2027-committee-revote-1\"",
        "round = \"revote\"",
        "revote_number = 1",
        "seats = 1",
        "candidates = [\"乙\", \"丙\"]",
        "profile = \"henan-2017\"",
        "# This round's threshold (rule W3: the most yes votes win): plurality",
        "entitled = \"?\"",
        "tie_at_cutoff = \"revote\"",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
    }
    let sha = congress::digest::hex(&congress::digest::sha256(
        &std::fs::read(dir.join("tie.json")).unwrap(),
    ));
    assert!(text.contains(&format!(
        "previous = {{ election = \"2027-committee\", result = \"tie.json\", result_sha256 = \"{sha}\" }}"
    )));
    // Counting before the attendance is filled in names every key left.
    let r = congress_in(&dir, &["elect", "revote.toml", &revote_ballots()]);
    assert_eq!(r.code(), 3);
    assert!(
        r.stderr().starts_with("error: revote.toml:")
            && r.stderr().contains(": attendance: attendance.entitled, attendance.present, attendance.issued not filled in"),
        "{}",
        r.stderr()
    );
    edit(&dir, "revote.toml", "issued = \"?\"", "issued = 10");
    edit(&dir, "revote.toml", "entitled = \"?\"", "entitled = 11");
    let r = congress_in(&dir, &["elect", "revote.toml", &revote_ballots()]);
    assert_eq!(r.code(), 3);
    assert!(
        r.stderr()
            .contains(": attendance.present: attendance.present not filled in"),
        "{}",
        r.stderr()
    );
}

#[test]
fn a_linked_revote_is_counted_and_the_final_body_follows_the_chain() {
    let dir = tie_counted("rounds-final", true);
    let r = congress_in(
        &dir,
        &[
            "elect",
            "revote.toml",
            &revote_ballots(),
            "--out",
            "revote.json",
        ],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(!r.stderr().contains("warning"), "{}", r.stderr());
    let result: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("revote.json")).unwrap()).unwrap();
    assert_eq!(result["previous"]["election"], "2027-committee");
    assert_eq!(result["previous"]["revote_number"], 1);
    let r = congress_in(
        &dir,
        &["final", "tie.json", "revote.json", "--format", "json"],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let body = r.json();
    assert_eq!(body["status"], "complete");
    assert_eq!(body["seats"], 2);
    assert_eq!(body["body"][0]["holder"], "甲");
    assert_eq!(body["body"][0]["voting_round"], 1);
    assert_eq!(body["body"][0]["votes"], 7);
    assert_eq!(body["body"][1]["holder"], "乙");
    assert_eq!(body["body"][1]["voting_round"], 2);
    assert_eq!(body["body"][1]["round"], "revote");
    assert_eq!(body["body"][1]["votes"], 5);
    let table = congress_in(&dir, &["final", "tie.json", "revote.json"]).stdout();
    assert!(table.contains("Status:   complete"), "{table}");
    assert!(table.contains("2027-committee-revote-1"), "{table}");
    // A result that asks for nothing more: next refuses it.
    let r = congress_in(&dir, &["next", "revote.json"]);
    assert_eq!(r.code(), 3);
    assert!(
        r.stderr().contains(
            "revote.json: status: status complete: this result asks for no further round"
        ),
        "{}",
        r.stderr()
    );
}

/// The case: a re-vote between a candidate who was not in the tie and another.
#[test]
fn a_linked_round_that_differs_from_what_was_asked_is_refused() {
    let cases = [
        (
            "candidates = [\"乙\", \"丙\"]",
            "candidates = [\"甲\", \"丙\"]",
            "candidates: expected 乙, 丙 (the candidates tied at the cut-off), found 甲, 丙: 甲 not on it: 乙 missing",
        ),
        ("seats = 1", "seats = 2\n", "seats: expected 1, found 2"),
        ("revote_number = 1", "revote_number = 2", "revote_number: expected 1, found 2"),
        (
            "round = \"revote\"\nrevote_number = 1",
            "round = \"supplementary\"",
            "round: expected revote, found supplementary",
        ),
        (
            "profile = \"henan-2017\"",
            "profile = \"cyl-basic\"",
            "profile: expected henan-2017, found cyl-basic",
        ),
    ];
    for (k, (from, to, message)) in cases.into_iter().enumerate() {
        let dir = tie_counted(&format!("rounds-differs-{k}"), true);
        edit(&dir, "revote.toml", from, to);
        if to.starts_with("seats = 2") {
            edit(
                &dir,
                "revote.toml",
                "[\"乙\", \"丙\"]",
                "[\"乙\", \"丙\", \"丁\"]",
            );
        }
        let r = congress_in(&dir, &["elect", "revote.toml", &revote_ballots()]);
        assert_eq!(r.code(), 3, "{to}: {}", r.stderr());
        assert!(
            r.stderr().contains("revote.toml:")
                && r.stderr()
                    .contains(": previous: this round does not continue 2027-committee: "),
            "{}",
            r.stderr()
        );
        assert!(r.stderr().contains(message), "{message}: {}", r.stderr());
    }
}

#[test]
fn the_link_names_the_exact_previous_result() {
    let dir = tie_counted("rounds-link", true);
    // The previous result changed after the link was written.
    edit(
        &dir,
        "tie.json",
        "\"title\": \"委员会选举\"",
        "\"title\": \"委员会选举 \"",
    );
    let r = congress_in(&dir, &["elect", "revote.toml", &revote_ballots()]);
    assert_eq!(r.code(), 3);
    assert!(
        r.stderr()
            .contains(": previous.result_sha256: tie.json has SHA-256 "),
        "{}",
        r.stderr()
    );
    // The previous result is not there.
    std::fs::remove_file(dir.join("tie.json")).unwrap();
    let r = congress_in(&dir, &["elect", "revote.toml", &revote_ballots()]);
    assert_eq!(r.code(), 3);
    assert!(
        r.stderr()
            .contains(": previous.result: tie.json does not exist"),
        "{}",
        r.stderr()
    );
    // A link of another election.
    let dir = tie_counted("rounds-link-election", true);
    edit(
        &dir,
        "revote.toml",
        "election = \"2027-committee\"",
        "election = \"2027-other\"",
    );
    let r = congress_in(&dir, &["elect", "revote.toml", &revote_ballots()]);
    assert_eq!(r.code(), 3);
    assert!(r.stderr().contains(": previous.election: tie.json is a result of election 2027-committee, expected 2027-other"), "{}", r.stderr());
    // The link's own keys are checked where the file is read.
    for (from, to, field) in [
        (
            "result_sha256 = \"",
            "result_sha256 = \"x",
            "previous.result_sha256",
        ),
        (
            "previous = { ",
            "previous = { extra = 1, ",
            "previous.extra",
        ),
        ("round = \"revote\"\nrevote_number = 1\n", "", "previous"),
    ] {
        let dir = tie_counted("rounds-link-keys", true);
        edit(&dir, "revote.toml", from, to);
        let r = congress_in(&dir, &["elect", "revote.toml", &revote_ballots()]);
        assert_eq!(r.code(), 3, "{}", r.stderr());
        assert!(
            r.stderr().contains(&format!(": {field}: ")),
            "{field}: {}",
            r.stderr()
        );
    }
}

/// An unlinked re-vote (the hand-written files of docs/methods.md §1.4) is counted as
/// written, with a warning that nothing was checked.
#[test]
fn an_unlinked_revote_is_counted_with_a_warning() {
    let r = crate::util::congress(&[
        "elect",
        "fixtures/elections/committee/tie-revote.toml",
        "fixtures/elections/committee/tie-revote.csv",
    ]);
    assert_eq!(r.code(), 0);
    assert!(
        r.stderr().contains("warning: fixtures/elections/committee/tie-revote.toml: round: a revote without previous"),
        "{}",
        r.stderr()
    );
    let json = crate::util::congress(&[
        "elect",
        "fixtures/elections/committee/tie-revote.toml",
        "fixtures/elections/committee/tie-revote.csv",
        "--error-format",
        "json",
    ]);
    assert_eq!((json.code(), json.stderr()), (0, String::new()));
    let first = crate::util::congress(&[
        "elect",
        "fixtures/elections/committee/tie.toml",
        "fixtures/elections/committee/tie.csv",
    ]);
    assert_eq!(first.stderr(), "");
}

#[test]
fn a_broken_chain_is_refused() {
    let dir = tie_counted("rounds-chain", true);
    let r = congress_in(
        &dir,
        &[
            "elect",
            "revote.toml",
            &revote_ballots(),
            "--out",
            "revote.json",
        ],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let unlinked = congress_in(
        &dir,
        &[
            "elect",
            &fixture("elections/committee/tie-revote.toml"),
            &revote_ballots(),
            "--out",
            "unlinked.json",
        ],
    );
    assert_eq!(unlinked.code(), 0);
    for (rounds, message) in [
        (vec!["tie.json", "unlinked.json"], "unlinked.json: previous: the chain breaks at voting round 2: it is not linked to tie.json"),
        (vec!["revote.json"], "revote.json: round: round 1 is a revote round continuing 2027-committee"),
        (vec!["tie.json"], "tie.json: status: status revote-required: the chain ends with a round that asks for another"),
        (vec!["tie.json", "revote.json", "revote.json"], "the chain breaks at voting round 3: previous.result_sha256"),
    ] {
        let mut args = vec!["final"];
        args.extend(rounds);
        let r = congress_in(&dir, &args);
        assert_eq!(r.code(), 3, "{message}");
        assert!(r.stderr().contains(message), "{message}: {}", r.stderr());
    }
    // A previous result changed after the next round was counted.
    edit(
        &dir,
        "tie.json",
        "\"title\": \"委员会选举\"",
        "\"title\": \"委员会选举 \"",
    );
    let r = congress_in(&dir, &["final", "tie.json", "revote.json"]);
    assert_eq!(r.code(), 3);
    assert!(
        r.stderr()
            .contains("previous.result_sha256: tie.json has SHA-256"),
        "{}",
        r.stderr()
    );
}

#[test]
fn seats_left_open_by_the_supplementary_round_are_vacant() {
    let dir = scratch("rounds-vacancy");
    let c = "elections/committee";
    let r = congress_in(
        &dir,
        &[
            "elect",
            &fixture(&format!("{c}/presidium.toml")),
            &fixture(&format!("{c}/presidium.csv")),
            "--out",
            "round1.json",
        ],
    );
    assert_eq!(r.code(), 0);
    let r = congress_in(
        &dir,
        &[
            "next",
            "round1.json",
            "--out",
            "round2.toml",
            "--entitled",
            "12",
            "--present",
            "10",
        ],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let text = std::fs::read_to_string(dir.join("round2.toml")).unwrap();
    assert!(
        text.contains(
            "round = \"supplementary\"\nseats = 2\ncandidates = [\"李强\", \"张伟\", \"刘洋\"]\n"
        ),
        "{text}"
    );
    assert!(text.contains("# This round's threshold (rule S3, the profile's supplementary_threshold): > 1/2 present"), "{text}");
    assert!(
        text.contains("entitled = 12\npresent = 10\n") && !text.contains("\"?\""),
        "{text}"
    );
    let r = congress_in(
        &dir,
        &[
            "elect",
            "round2.toml",
            &fixture(&format!("{c}/presidium-supplementary-vacancy.csv")),
            "--out",
            "round2.json",
        ],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let r = congress_in(
        &dir,
        &["final", "round1.json", "round2.json", "--format", "json"],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let body = r.json();
    assert_eq!(body["status"], "vacancy");
    assert_eq!(
        (body["filled"].as_u64(), body["vacant"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(body["body"][1]["holder"], "李强");
    assert_eq!(body["body"][1]["round"], "supplementary");
    assert_eq!(body["body"][2]["status"], "vacant");
    assert!(body["body"][2]["holder"].is_null());
    assert!(body["vacancy_reason"].as_str().unwrap().contains("S4"));
}

/// A record of a linked round holds the previous record's result and head; V15 checks them.
#[test]
fn a_linked_record_holds_the_previous_round_and_verify_checks_it() {
    let dir = scratch("rounds-record");
    let c = "elections/committee";
    let r = congress_in(
        &dir,
        &[
            "elect",
            &fixture("committee/presidium.toml"),
            &fixture(&format!("{c}/presidium.csv")),
            "--record",
            "r1",
            "--secrets",
            "r1.secrets",
        ],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let r = congress_in(
        &dir,
        &[
            "next",
            "r1",
            "--out",
            "round2.toml",
            "--entitled",
            "12",
            "--present",
            "10",
        ],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let text = std::fs::read_to_string(dir.join("round2.toml")).unwrap();
    assert!(
        text.contains("record_root = \"") && text.contains("[committee]\nthreshold = 2\n"),
        "{text}"
    );
    let r = congress_in(
        &dir,
        &[
            "elect",
            "round2.toml",
            &fixture(&format!("{c}/presidium-supplementary.csv")),
            "--record",
            "r2",
            "--secrets",
            "r2.secrets",
        ],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(
        std::fs::read(dir.join("r2/previous/result.json")).unwrap(),
        std::fs::read(dir.join("r1/result.json")).unwrap()
    );
    let files = RecordFiles::read(&dir.join("r2")).unwrap();
    let options = VerifyOptions {
        skip_signatures: true,
        ..VerifyOptions::default()
    };
    let counter = congress::internals::record::recount::ElectCounter;
    let report = verify_files(&files, &options, &counter).unwrap();
    assert!(report.ok(), "{}", report.render());
    assert!(report.render().contains(
        "V15 pass previous/result.json: the supplementary round continues 2027-presidium"
    ));
    // The final body from the records.
    let r = congress_in(&dir, &["final", "r1", "r2"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("Status:   complete"), "{}", r.stdout());
    // Each tampering, re-listed in the manifest so that only V15 can see it.
    let tampered = |change: &dyn Fn(&mut RecordFiles)| {
        let mut f = files.clone();
        change(&mut f);
        congress::record::write::add_manifest(&mut f).unwrap();
        verify_files(&f, &options, &counter).unwrap()
    };
    let swapped = tampered(&|f| {
        let text = String::from_utf8(f.files["previous/result.json"].clone()).unwrap();
        f.files.insert(
            "previous/result.json".into(),
            text.replace("\"seats\":3", "\"seats\":4").into_bytes(),
        );
    });
    assert_eq!(
        swapped.failed_ids(),
        ["V15".to_string()].into(),
        "{}",
        swapped.render()
    );
    assert!(
        swapped.render().contains("previous.result_sha256"),
        "{}",
        swapped.render()
    );
    let headless = tampered(&|f| {
        f.files.remove("previous/head.csv");
    });
    assert_eq!(
        headless.failed_ids(),
        ["V15".to_string()].into(),
        "{}",
        headless.render()
    );
    let missing = tampered(&|f| {
        f.files.remove("previous/result.json");
    });
    assert_eq!(
        missing.failed_ids(),
        ["V15".to_string()].into(),
        "{}",
        missing.render()
    );
    // An unlinked round's record holds no previous round.
    let r1 = RecordFiles::read(&dir.join("r1")).unwrap();
    let mut extra = r1.clone();
    extra
        .files
        .insert("previous/result.json".into(), b"{}".to_vec());
    congress::record::write::add_manifest(&mut extra).unwrap();
    let report = verify_files(&extra, &options, &counter).unwrap();
    assert_eq!(
        report.failed_ids(),
        ["V15".to_string()].into(),
        "{}",
        report.render()
    );
}
