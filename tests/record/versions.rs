//! A record always says what the count said (`congress-record/2`), and records of the
//! earlier format keep verifying by their own rules (`fixtures/records/v1/`).

use crate::util::scratch;
use congress::ballot::count::count;
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::internals::input::Source;
use congress::internals::record::canonical_form;
use congress::internals::record::files::RecordFiles;
use congress::internals::record::recount::ElectCounter;
use congress::record::check::{CheckStatus, Report};
use congress::record::signify::PublicKey;
use congress::record::verify::{verify_dir, VerifyOptions};
use congress::record::write::record_election;
use proptest::prelude::*;
use std::path::Path;

const TEST_PUB: &str = "tests/vectors/signatures/signify/committee.pub";

fn committee() -> String {
    let key = std::fs::read_to_string(TEST_PUB).unwrap();
    let key = key.lines().nth(1).unwrap().to_string();
    format!("\n[committee]\nthreshold = 1\nmembers = [{{ id = \"test\", key = \"{key}\" }}]\n")
}

fn verify_trusted(dir: &Path) -> Report {
    let key = PublicKey::parse(&std::fs::read(TEST_PUB).unwrap(), TEST_PUB).unwrap();
    let options = VerifyOptions {
        trust: vec![key],
        ..VerifyOptions::default()
    };
    verify_dir(dir, &options, &ElectCounter).unwrap()
}

fn unsigned_checks(dir: &Path) -> Report {
    let options = VerifyOptions {
        skip_signatures: true,
        ..VerifyOptions::default()
    };
    verify_dir(dir, &options, &ElectCounter).unwrap()
}

/// Counts `ballots` under `election` as `congress elect` does, writes the record, and
/// returns the printed result's canonical JSON; `Err` when the inputs are refused.
fn count_and_record(
    election_toml: &str,
    ballots_name: &str,
    ballots: &str,
    dir: &Path,
) -> Result<String, congress::Error> {
    let election = Election::parse(&Source::from_text("election.toml", election_toml))?;
    let source = Source::from_text(ballots_name, ballots);
    let format = BallotFormat::detect(&source, &election);
    let bx = read_ballots(&source, format, &election)?;
    let printed = count(&election, &bx)?;
    let json = canonical_form::json(&serde_json::to_value(&printed).unwrap()).unwrap();
    record_election(&election, bx, &printed, dir, false, None)?;
    Ok(json)
}

/// The record in `dir` states `printed` and verifies.
fn assert_record_states(dir: &Path, printed: &str) {
    let files = RecordFiles::read(dir).unwrap();
    let recorded = String::from_utf8(files.get("result.json").unwrap().to_vec()).unwrap();
    assert_eq!(
        recorded.trim_end(),
        printed,
        "result.json is not the printed result"
    );
    let report = unsigned_checks(dir);
    assert!(report.ok(), "{}", report.render());
    let printed: serde_json::Value = serde_json::from_str(printed).unwrap();
    let seats = String::from_utf8(files.get("seats.csv").unwrap().to_vec()).unwrap();
    let elected: Vec<String> = seats
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f = canonical_form::parse_csv_line(l).unwrap();
            (f[2] == "elected").then(|| f[1].clone())
        })
        .collect();
    assert_eq!(
        serde_json::to_value(&elected).unwrap(),
        printed["elected"],
        "seats.csv"
    );
}

/// The example: a candidate named like a keyword of the /1 lines.
#[test]
fn a_candidate_named_overvote_is_recorded_as_counted() {
    let dir = scratch("overvote");
    let toml = format!(
        "id = \"ov\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"overvote\", \"Bob\"]\n{}",
        committee()
    );
    let printed = count_and_record(
        &toml,
        "b.csv",
        "ballot_id,overvote,Bob\nb1,1,2\nb2,1,\nb3,,1\n",
        &dir.join("rec"),
    )
    .unwrap();
    assert!(printed.contains("\"elected\":[\"overvote\"]"), "{printed}");
    assert_record_states(&dir.join("rec"), &printed);
    let ballots = std::fs::read_to_string(dir.join("rec/ballots.csv")).unwrap();
    assert_eq!(ballots, "ballot_id,rank_1,rank_2\nb1,1,2\nb2,1,\nb3,2,\n");
    let head = std::fs::read_to_string(dir.join("rec/head.csv")).unwrap();
    assert!(head.contains("\ncongress-record/2,ov,station,3,"), "{head}");
}

/// A name holding the tie separator, beside an equal ranking of the two names it joins.
#[test]
fn a_candidate_named_like_an_equal_ranking_is_recorded_as_counted() {
    let dir = scratch("pipe");
    let toml = format!(
        "id = \"pipe\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\", \"A|B\"]\n{}",
        committee()
    );
    let printed = count_and_record(
        &toml,
        "b.csv",
        "ballot_id,A,B,A|B\nv1,,,1\nv2,1,1,\nv3,1,1,\nv4,,1,\nv5,,1,\n",
        &dir.join("rec"),
    )
    .unwrap();
    assert!(printed.contains("\"elected\":[\"B\"]"), "{printed}");
    assert_record_states(&dir.join("rec"), &printed);
}

/// A record whose files would say something else than the count is refused before it is
/// moved into place, and nothing is written.
#[test]
fn a_record_that_would_not_recount_to_the_printed_result_is_not_written() {
    let dir = scratch("refused");
    let toml = format!(
        "id = \"r\"\nmethod = \"plurality\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n{}",
        committee()
    );
    let election = Election::parse(&Source::from_text("election.toml", toml)).unwrap();
    let source = Source::from_text("b.csv", "ballot_id,A,B\n1,yes,\n2,yes,\n3,,yes\n");
    let bx = read_ballots(&source, BallotFormat::Marks, &election).unwrap();
    let mut printed = count(&election, &bx).unwrap();
    assert_eq!(printed.elected, ["A"]);
    // A printed result that is not what these ballots give.
    printed.elected = vec!["B".into()];
    let target = dir.join("rec");
    let e = record_election(&election, bx, &printed, &target, false, None).unwrap_err();
    assert_eq!(e.exit_code(), 3);
    assert!(e.message.starts_with("internal check failed"), "{e}");
    assert!(e.message.contains("V30"), "{e}");
    assert!(!target.exists());
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

/// The /1 records in fixtures/records/v1 verify by the /1 rules, signatures included, and
/// the two /1 could not write unambiguously fail V11 naming the candidate.
#[test]
fn earlier_format_records_keep_verifying_by_their_own_rules() {
    for name in ["marks-presidium", "irv-lot", "stv-blt", "parent"] {
        let dir = Path::new("fixtures/records/v1").join(name);
        let report = verify_trusted(&dir);
        assert!(report.ok(), "{name}:\n{}", report.render());
        let v10 = report.checks.iter().find(|c| c.id == "V10").unwrap();
        assert!(
            v10.detail.starts_with("congress-record/1 "),
            "{}",
            v10.detail
        );
        let v30 = report.checks.iter().find(|c| c.id == "V30").unwrap();
        assert_eq!(v30.status, CheckStatus::Pass, "{name}");
    }
    for (name, candidate) in [
        ("ambiguous-overvote", "\"overvote\""),
        ("ambiguous-pipe", "\"A|B\""),
    ] {
        let dir = Path::new("fixtures/records/v1").join(name);
        let report = verify_trusted(&dir);
        let failed: Vec<&str> = report.failures().map(|c| c.id.as_str()).collect();
        assert_eq!(failed, ["V11"], "{name}:\n{}", report.render());
        let v11 = report.failures().next().unwrap();
        assert!(v11.detail.contains(candidate), "{}", v11.detail);
        assert!(v11.detail.contains("congress-record/1"), "{}", v11.detail);
    }
}

/// A ballot id with a line break is refused when it is read (it could not be a record line).
#[test]
fn ballot_ids_with_line_breaks_are_refused_when_read() {
    let election = Election::parse(&Source::from_text(
        "e.toml",
        "id = \"x\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n",
    ))
    .unwrap();
    for id in ["\"x\ny\"", "\"x\ry\"", "\"a\u{200b}b\""] {
        let text = format!("ballot_id,A,B\n{id},1,2\n");
        let source = Source::from_text("b.csv", text);
        let e = read_ballots(&source, BallotFormat::Ranks, &election).unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert_eq!(
            (e.line, e.field.as_deref()),
            (Some(2), Some("ballot_id")),
            "{e}"
        );
    }
}

/// Names from the set that trips encodings: keywords of every ballot format, separators,
/// quotes, commas, spaces, CJK, full-width and combining characters.
const NASTY: &[&str] = &[
    "overvote",
    "Overvote",
    "undervote",
    "UWI",
    "A|B",
    "|",
    "A",
    "B",
    "a,b",
    "say \"hi\"",
    "two words",
    "ballot_id",
    "write_in_1",
    "rank_1",
    "choice_1",
    "1",
    "2",
    "yes",
    "no",
    "?",
    "王芳",
    "ＡＢ",
    "e\u{301}",
    "=",
    "x,",
];

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// For any names and ballots the readers accept, printed result = recorded result =
    /// verified result.
    #[test]
    fn printed_recorded_and_verified_results_agree_for_any_names(
        picks in proptest::sample::subsequence((0..NASTY.len()).collect::<Vec<_>>(), 2..5),
        method in prop_oneof![
            Just("irv"), Just("stv"), Just("schulze"), Just("borda"),
            Just("plurality"), Just("approval"),
        ],
        rows in proptest::collection::vec(proptest::collection::vec(0u8..4, 5), 1..12),
        choices_file in any::<bool>(),
    ) {
        let names: Vec<&str> = picks.iter().map(|&i| NASTY[i]).collect();
        let ranked = !matches!(method, "plurality" | "approval");
        let quoted: Vec<String> = names.iter().map(|n| toml_string(n)).collect();
        let toml = format!(
            "id = \"p\"\nmethod = \"{method}\"\nseats = 1\ncandidates = [{}]\n\
             [tiebreak]\nseed = \"dice 1 2 3\"\n{}",
            quoted.join(", "),
            committee()
        );
        let mut csv = String::new();
        if ranked && choices_file {
            let cols: Vec<String> = (1..=names.len()).map(|k| format!("choice_{k}")).collect();
            csv.push_str(&format!("ballot_id,{}\n", cols.join(",")));
            for (i, row) in rows.iter().enumerate() {
                let cells: Vec<String> = (0..names.len())
                    .map(|k| match row[k] {
                        0 => String::new(),
                        r => csv_cell(names[(k + r as usize) % names.len()]),
                    })
                    .collect();
                csv.push_str(&format!("v{i:02},{}\n", cells.join(",")));
            }
        } else {
            let header: Vec<String> = names.iter().map(|n| csv_cell(n)).collect();
            csv.push_str(&format!("ballot_id,{}\n", header.join(",")));
            for (i, row) in rows.iter().enumerate() {
                let cells: Vec<String> = (0..names.len())
                    .map(|k| match (ranked, row[k]) {
                        (_, 0) => String::new(),
                        (true, r) => ((r as usize - 1) % names.len() + 1).to_string(),
                        (false, 1) => "no".into(),
                        (false, _) => "yes".into(),
                    })
                    .collect();
                csv.push_str(&format!("v{i:02},{}\n", cells.join(",")));
            }
        }
        let dir = scratch("prop");
        match count_and_record(&toml, "b.csv", &csv, &dir.join("rec")) {
            Ok(printed) => {
                assert_record_states(&dir.join("rec"), &printed);
            }
            // Inputs the readers refuse are refused before anything is written, and never
            // as an internal check failure.
            Err(e) => {
                prop_assert!(!e.message.contains("internal check failed"), "{e}");
                prop_assert!(!dir.join("rec").exists());
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn test_key() -> congress::record::signify::SecretKey {
    let path = "tests/vectors/signatures/signify/committee.sec";
    congress::record::signify::SecretKey::parse(&std::fs::read(path).unwrap(), path).unwrap()
}

/// Ranked stations of different widths merge into a parent that verifies; a `/1` child is
/// refused by a new merge (its lines name candidates where the parent's number them).
#[test]
fn ranked_stations_merge_and_earlier_format_children_are_refused() {
    let dir = scratch("merge");
    let station_toml = |id: &str| {
        format!(
            "id = \"{id}\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"overvote\", \"B|C\", \"D\"]\n{}",
            committee()
        )
    };
    let ballots = [
        "ballot_id,overvote,B|C,D\na1,1,2,3\na2,1,,2\n",
        "ballot_id,overvote,B|C,D\nb1,1,,\nb2,,1,\nb3,1,,\n",
    ];
    let mut children = Vec::new();
    for (id, text) in ["st1", "st2"].into_iter().zip(ballots) {
        let rec = dir.join(id);
        count_and_record(&station_toml(id), "b.csv", text, &rec).unwrap();
        let mut files = RecordFiles::read(&rec).unwrap();
        congress::record::write::sign_files(&mut files, &test_key(), "test");
        children.push(files);
    }
    let parent_toml = format!(
        "id = \"school\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"overvote\", \"B|C\", \"D\"]\n\
         stations = [\"st1\", \"st2\"]\n{}",
        committee()
    );
    let mut parent =
        congress::record::merge::build(parent_toml.as_bytes(), children, &ElectCounter).unwrap();
    congress::record::write::sign_files(&mut parent, &test_key(), "test");
    let report =
        congress::record::verify::verify_files(&parent, &VerifyOptions::default(), &ElectCounter)
            .unwrap();
    assert!(report.ok(), "{}", report.render());
    let result = String::from_utf8(parent.get("result.json").unwrap().to_vec()).unwrap();
    assert!(result.contains("\"elected\":[\"overvote\"]"), "{result}");
    // A congress-record/1 child.
    let old = RecordFiles::read(Path::new("fixtures/records/v1/parent")).unwrap();
    let e = congress::record::merge::build(
        "id = \"p\"\nmethod = \"approval\"\nseats = 1\ncandidates = [\"甲\", \"乙\"]\nstations = [\"st1\"]\n"
            .as_bytes(),
        vec![old.sub("stations/st1")],
        &ElectCounter,
    )
    .unwrap_err();
    assert!(e.message.contains("congress-record/1"), "{e}");
}

/// The example through the program: what `elect` prints is what the signed record
/// says, and `verify` passes it.
#[test]
fn the_printed_winner_is_the_recorded_winner_through_the_cli() {
    let dir = scratch("cli");
    let toml = format!(
        "id = \"ov\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"overvote\", \"Bob\"]\n{}",
        committee()
    );
    std::fs::write(dir.join("e.toml"), toml).unwrap();
    std::fs::write(
        dir.join("b.csv"),
        "ballot_id,overvote,Bob\nb1,1,2\nb2,1,\nb3,,1\n",
    )
    .unwrap();
    let congress = |args: &[&str]| crate::util::congress_in(&dir, args);
    let out = congress(&["elect", "e.toml", "b.csv", "--record", "rec"]);
    assert!(out.status.success());
    let printed = out.stdout();
    assert!(printed.contains("Elected:  overvote\n"), "{printed}");
    let seats = std::fs::read_to_string(dir.join("rec/seats.csv")).unwrap();
    assert_eq!(seats, "seat,candidate,status\n1,overvote,elected\n");
    let key = std::fs::canonicalize("tests/vectors/signatures/signify/committee.sec").unwrap();
    let out = congress(&[
        "sign",
        "rec",
        "--key",
        key.to_str().unwrap(),
        "--member",
        "test",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::canonicalize(TEST_PUB).unwrap();
    let out = congress(&["verify", "rec", "--trust", public.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // An auditor's recount of the published ballots prints the same winner.
    let out = congress(&["elect", "rec/election.toml", "rec/ballots.csv"]);
    assert!(out.stdout().contains("Elected:  overvote\n"));
}
