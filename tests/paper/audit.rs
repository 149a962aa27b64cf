//! `congress audit sample | assess` on records (docs/paper-ballots.md §8): the worked
//! example, escalation across rounds, full hand counts, and what the audit refuses.

use crate::util::{congress, scratch, write};
use std::path::{Path, PathBuf};

const SEED: &str = "72149563018447290365";

/// The record of `fixtures/paper/`'s 300 papers, written into `dir`.
fn record(dir: &Path) -> PathBuf {
    let rec = dir.join("record");
    let run = congress(&[
        "elect",
        "fixtures/paper/election.toml",
        "fixtures/paper/ballots.csv",
        "--record",
        rec.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    rec
}

/// `congress audit WHAT RECORD --manifest fixtures/paper/boxes.csv --risk-limit 0.05 EXTRA…`.
fn step(what: &str, record: &str, extra: &[&str]) -> crate::util::Run {
    let mut all = vec![
        what,
        record,
        "--manifest",
        "fixtures/paper/boxes.csv",
        "--risk-limit",
        "0.05",
    ];
    all.extend_from_slice(extra);
    audit(&all)
}

fn audit(args: &[&str]) -> crate::util::Run {
    let mut all = vec!["audit"];
    all.extend_from_slice(args);
    congress(&all)
}

#[test]
fn the_worked_example_samples_and_meets_the_risk_limit() {
    let dir = scratch("worked");
    let rec = record(&dir);
    let r = rec.to_str().unwrap();
    let out = dir.join("sample.csv");
    let run = step(
        "sample",
        r,
        &["--seed", SEED, "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    // Byte for byte the committed sample: 120 draws, one row per draw.
    let sample = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        sample,
        std::fs::read_to_string("fixtures/paper/sample.csv").unwrap()
    );
    assert_eq!(sample.lines().count(), 121);
    assert!(sample.starts_with("box,position\n3,48\n1,75\n1,90\n"));
    let args = [
        "--sample",
        "fixtures/paper/sample.csv",
        "--paper",
        "fixtures/paper/paper.csv",
        "--format",
        "json",
    ];
    let v = step("assess", r, &args).json();
    assert_eq!(v["status"], "met");
    assert_eq!(v["drawn"], 120);
    assert_eq!(v["additional_ballots"], 0);
    let first = &v["assertions"][0];
    assert_eq!(first["assertion"], "王芳 > 李强");
    assert_eq!(first["reported_share"], "13/19");
    assert_eq!(
        (
            first["drawn_support"].as_u64(),
            first["drawn_against"].as_u64()
        ),
        (Some(76), Some(40))
    );
    assert_eq!(first["risk"], "0.004268");
    assert_eq!(v["assertions"][1]["assertion"], "王芳 > 张伟");
    // The table says the same.
    let args = [
        "--sample",
        "fixtures/paper/sample.csv",
        "--paper",
        "fixtures/paper/paper.csv",
    ];
    let table = step("assess", r, &args);
    assert_eq!(table.code(), 0);
    assert!(table
        .stdout()
        .contains("status: met (risk limit 0.0500, 120 of 300 papers drawn)"));
}

/// Readings that disagree with the transcription raise the risk: the audit escalates, and
/// the next round continues the same stream of draws.
#[test]
fn discrepancies_escalate_and_later_rounds_continue_the_stream() {
    let dir = scratch("escalate");
    let rec = record(&dir);
    let r = rec.to_str().unwrap();
    // Every twelfth paper read as 李强 instead of what it says.
    let paper = std::fs::read_to_string("fixtures/paper/paper.csv").unwrap();
    let mut changed = String::new();
    for (i, line) in paper.lines().enumerate() {
        if i > 0 && i % 12 == 0 {
            let (key, _) = line.split_at(line.match_indices(',').nth(1).unwrap().0);
            changed.push_str(&format!("{key},,○,\n"));
        } else {
            changed.push_str(line);
            changed.push('\n');
        }
    }
    // A paper drawn twice must be read the same both times: keep draw 10 (1/41 again) as
    // draw 6 was read.
    let lines: Vec<&str> = changed.lines().collect();
    assert_eq!(
        lines[10].split(',').take(2).collect::<Vec<_>>(),
        ["1", "41"]
    );
    let mut fixed: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    fix_repeats(&mut fixed);
    let p = write(&dir, "paper.csv", &(fixed.join("\n") + "\n"));
    let v = step(
        "assess",
        r,
        &[
            "--sample",
            "fixtures/paper/sample.csv",
            "--paper",
            &p,
            "--format",
            "json",
        ],
    );
    assert_eq!(v.code(), 1, "{}", v.stderr());
    let v: serde_json::Value = serde_json::from_str(&v.stdout()).unwrap();
    assert_eq!(v["status"], "escalate", "{v}");
    let more = v["additional_ballots"].as_u64().unwrap();
    assert!(more > 0 && 120 + more < 300, "{more}");
    // Round 2: draws 121 … 120 + more of the same stream.
    let s2 = dir.join("sample2.csv");
    let k = more.to_string();
    let run = step(
        "sample",
        r,
        &[
            "--seed",
            SEED,
            "--drawn",
            "120",
            "--count",
            &k,
            "--out",
            s2.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        std::fs::read_to_string(&s2).unwrap().lines().count() as u64,
        more + 1
    );
    // The stream is one: draws 13–17 of the worked example.
    let run = step(
        "sample",
        r,
        &[
            "--seed", SEED, "--drawn", "12", "--count", "5", "--format", "csv",
        ],
    );
    assert_eq!(
        run.stdout(),
        "box,position\n3,63\n1,55\n1,69\n1,110\n2,52\n"
    );
}

/// Copies the first reading of each paper onto its later draws.
fn fix_repeats(lines: &mut [String]) {
    let mut first: std::collections::HashMap<String, String> = Default::default();
    for line in lines.iter_mut().skip(1) {
        let key: String = line.split(',').take(2).collect::<Vec<_>>().join(",");
        match first.get(&key) {
            Some(l) => *line = l.clone(),
            None => {
                first.insert(key, line.clone());
            }
        }
    }
}

#[test]
fn a_close_election_needs_a_full_hand_count_from_the_start() {
    let dir = scratch("close");
    let mut text = String::from("ballot_id,王芳,李强,张伟\n");
    for i in 0..300 {
        let cells = if i < 160 { "○,," } else { ",○," };
        text.push_str(&format!("p{i:03},{cells}\n"));
    }
    let b = write(&dir, "b.csv", &text);
    let rec = dir.join("record");
    assert_eq!(
        congress(&[
            "elect",
            "fixtures/paper/election.toml",
            &b,
            "--record",
            rec.to_str().unwrap()
        ])
        .code(),
        0
    );
    let out = dir.join("s.csv");
    let run = step(
        "sample",
        rec.to_str().unwrap(),
        &["--seed", SEED, "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code(), 0);
    assert!(run.stderr().contains("full hand count"), "{}", run.stderr());
    assert!(!out.exists(), "no sample is written");
    let json = step(
        "sample",
        rec.to_str().unwrap(),
        &["--seed", SEED, "--format", "json"],
    );
    assert_eq!(json.json()["status"], "full-hand-count");
}

#[test]
fn papers_not_found_count_against_every_assertion() {
    let dir = scratch("not-found");
    let rec = record(&dir);
    let paper = std::fs::read_to_string("fixtures/paper/paper.csv").unwrap();
    let mut lines: Vec<String> = paper.lines().map(|l| format!("{l},yes")).collect();
    lines[0] = "box,position,王芳,李强,张伟,found".into();
    // Draw 1 (3/48, read 王芳) was not found.
    lines[1] = "3,48,,,,no".into();
    let p = write(&dir, "p.csv", &(lines.join("\n") + "\n"));
    let v = step(
        "assess",
        rec.to_str().unwrap(),
        &[
            "--sample",
            "fixtures/paper/sample.csv",
            "--paper",
            &p,
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&v.stdout()).unwrap();
    let a = &v["assertions"];
    assert_eq!(
        (
            a[0]["drawn_support"].as_u64(),
            a[0]["drawn_against"].as_u64()
        ),
        (Some(75), Some(41))
    );
    assert_eq!(
        (
            a[1]["drawn_support"].as_u64(),
            a[1]["drawn_against"].as_u64()
        ),
        (Some(75), Some(5))
    );
}

#[test]
fn what_the_audit_refuses() {
    let dir = scratch("refuses");
    let rec = record(&dir);
    let r = rec.to_str().unwrap();
    let base = |extra: &[&str]| step("assess", r, extra);
    // Rows out of order name the paper file's line.
    let paper = std::fs::read_to_string("fixtures/paper/paper.csv").unwrap();
    let mut lines: Vec<&str> = paper.lines().collect();
    lines.swap(2, 3);
    let p = write(&dir, "swapped.csv", &(lines.join("\n") + "\n"));
    let run = base(&["--sample", "fixtures/paper/sample.csv", "--paper", &p]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr()
            .contains("swapped.csv:3: box: this row reads paper 1/90, but draw 2"),
        "{}",
        run.stderr()
    );
    // A paper drawn twice, read two ways.
    let mut lines: Vec<String> = paper.lines().map(String::from).collect();
    lines[10] = "1,41,,○,".into();
    let p = write(&dir, "twice.csv", &(lines.join("\n") + "\n"));
    let run = base(&["--sample", "fixtures/paper/sample.csv", "--paper", &p]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr().contains(
            "twice.csv:11: box: paper 1/41 was drawn again and read differently from line 7"
        ),
        "{}",
        run.stderr()
    );
    // A manifest with fewer papers than the record counted.
    let m = write(&dir, "m.csv", "box,ballots\n1,120\n2,95\n");
    let run = audit(&[
        "sample",
        r,
        "--manifest",
        &m,
        "--risk-limit",
        "0.05",
        "--seed",
        SEED,
    ]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr()
            .contains("the manifest lists 215 papers but the record counted 300"),
        "{}",
        run.stderr()
    );
    // A round that would reach every paper is a usage error: that is a full hand count.
    let run = step(
        "sample",
        r,
        &["--seed", SEED, "--drawn", "120", "--count", "180"],
    );
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("at 300 draws the audit is a full hand count"),
        "{}",
        run.stderr()
    );
    // Bad seeds and risk limits are usage errors.
    let run = step("sample", r, &["--seed", "123"]);
    assert_eq!(run.code(), 2);
    let run = audit(&[
        "sample",
        r,
        "--manifest",
        "fixtures/paper/boxes.csv",
        "--risk-limit",
        "1",
        "--seed",
        SEED,
    ]);
    assert_eq!(run.code(), 2);
    // Ranked methods, and outcomes that are not a filled set of seats.
    let run = step("sample", "fixtures/records/v1/irv-lot", &["--seed", SEED]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr()
            .contains("method irv cannot be audited by ballot polling here"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("RAIRE"));
    let run = step(
        "sample",
        "fixtures/records/v1/marks-presidium",
        &["--seed", SEED],
    );
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr()
            .contains("the reported outcome is supplementary-required"),
        "{}",
        run.stderr()
    );
}

/// majority-approval: winner/loser pairs (written-in names and `others` among the losers)
/// and each winner's threshold assertion with the null share of its base.
#[test]
fn majority_approval_assertions() {
    use congress::audit::contest::Contest;
    use congress::ballot::election::Election;
    use congress::ballot::formats::{read_ballots, BallotFormat};
    use congress::internals::input::Source;
    let toml = "id = \"e\"\nmethod = \"majority-approval\"\nseats = 1\ncandidates = [\"甲\", \"乙\"]\n\
                [attendance]\nentitled = 40\npresent = 30\nissued = 30\n[rules]\nthreshold = \"> 1/2 present\"\n";
    let election = Election::from_bytes("e.toml", toml.as_bytes().to_vec()).unwrap();
    let mut text = String::from("ballot_id,甲,乙,write_in\n");
    for i in 0..30 {
        let row = match i {
            0..=19 => "○,×,",
            20..=23 => ",○,",
            24 => ",,丙",
            _ => "○,○,",
        };
        text.push_str(&format!("p{i},{row}\n"));
    }
    let ballots = read_ballots(
        &Source::from_text("b.csv", text),
        BallotFormat::Marks,
        &election,
    )
    .unwrap();
    let c = Contest::new(election, &ballots, vec!["甲".into()], "complete").unwrap();
    let names: Vec<(&str, u64, u64, String)> = c
        .assertions
        .iter()
        .map(|(a, _)| {
            (
                a.name.as_str(),
                a.reported_u,
                a.reported_z,
                a.t.to_fraction_string(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("甲 > 乙", 20, 4, "1/2".to_string()),
            ("甲 > 丙", 20, 1, "1/2".to_string()),
            ("甲 > others", 20, 0, "1/2".to_string()),
            // 20 yes against the 10 other papers (5 of them void: two yes for one seat);
            // 1/2 × 30 present of 30 papers: t = 15/30.
            ("甲 above threshold", 20, 10, "1/2".to_string()),
        ]
    );
}

/// The audit's own record: written by `assess --record`, linked to the election record,
/// signed by its committee, and checked by `audit verify` (files, link, outcome, signatures).
#[test]
fn the_audit_record_is_linked_signed_and_verified() {
    use congress::internals::record::files::RecordFiles;
    let dir = scratch("audit-record");
    let rec = record(&dir);
    let r = rec.to_str().unwrap();
    let ar = dir.join("audit");
    let a = ar.to_str().unwrap();
    let key = "tests/vectors/signatures/signify/committee.sec";
    let run = step(
        "assess",
        r,
        &[
            "--sample",
            "fixtures/paper/sample.csv",
            "--paper",
            "fixtures/paper/paper.csv",
            "--seed",
            SEED,
            "--record",
            a,
        ],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ar.join("audit.json")).unwrap()).unwrap();
    assert_eq!(json["format"], "congress-audit/1");
    assert_eq!(json["risk_limit"], "1/20");
    assert_eq!(json["outcome"]["status"], "met");
    // Unsigned: A4 fails, the rest pass.
    let v = audit(&["verify", a, "--election", r]);
    assert_eq!(v.code(), 1);
    assert!(v
        .stdout()
        .contains("pass A3 outcome recomputed from the stored inputs: status met"));
    assert!(
        v.stdout()
            .contains("FAIL A4 signed by the committee: 0 of the 1"),
        "{}",
        v.stdout()
    );
    // A key that is not the member's is refused; the member's key signs.
    let other = dir.join("other");
    assert_eq!(congress(&["keygen", other.to_str().unwrap()]).code(), 0);
    let other_sec = format!("{}.sec", other.display());
    let bad = audit(&[
        "sign",
        a,
        "--election",
        r,
        "--key",
        &other_sec,
        "--member",
        "test",
    ]);
    assert_eq!(bad.code(), 3);
    let ok = audit(&["sign", a, "--election", r, "--key", key, "--member", "test"]);
    assert_eq!(ok.code(), 0, "{}", ok.stderr());
    let v = audit(&["verify", a, "--election", r, "--format", "json"]);
    assert_eq!(v.json()["ok"], true);
    // A changed reading breaks the manifest (A1); re-hashed, the outcome no longer
    // recomputes (A3) and the signature no longer verifies (A4).
    let paper = ar.join("rounds/1/paper.csv");
    let text = std::fs::read_to_string(&paper)
        .unwrap()
        .replacen("3,48,○,,", "3,48,,○,", 1);
    std::fs::write(&paper, &text).unwrap();
    let v = audit(&["verify", a, "--election", r]);
    assert_eq!(v.code(), 1);
    assert!(
        v.stdout()
            .contains("FAIL A1 files match SHA256: rounds/1/paper.csv does not match its digest"),
        "{}",
        v.stdout()
    );
    let mut files = RecordFiles::read(&ar).unwrap();
    congress::record::write::add_manifest(&mut files).unwrap();
    std::fs::write(ar.join("SHA256"), files.get("SHA256").unwrap()).unwrap();
    let v = audit(&["verify", a, "--election", r]);
    let out = v.stdout();
    assert!(out.contains("pass A1"), "{out}");
    assert!(
        out.contains("FAIL A3 outcome recomputed from the stored inputs"),
        "{out}"
    );
    assert!(out.contains("FAIL A4"), "{out}");
    // Another election record: the link fails.
    let other_rec = dir.join("other-record");
    let b = write(
        &dir,
        "b.csv",
        &std::fs::read_to_string("fixtures/paper/ballots.csv")
            .unwrap()
            .replacen("b1-001,○,,", "b1-001,,○,", 1),
    );
    assert_eq!(
        congress(&[
            "elect",
            "fixtures/paper/election.toml",
            &b,
            "--record",
            other_rec.to_str().unwrap()
        ])
        .code(),
        0
    );
    let v = audit(&["verify", a, "--election", other_rec.to_str().unwrap()]);
    assert!(
        v.stdout().contains("FAIL A2 linked to the election record"),
        "{}",
        v.stdout()
    );
    // A sample that is not the seed's draws is an input error naming its line.
    let run = step(
        "assess",
        r,
        &[
            "--sample",
            "fixtures/paper/sample.csv",
            "--paper",
            "fixtures/paper/paper.csv",
            "--seed",
            "72149563018447290366",
        ],
    );
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr().contains(
            "sample.csv:2: position: draw 1 of seed 72149563018447290366 is 1/37, not 3/48"
        ),
        "{}",
        run.stderr()
    );
}

/// block and approval: a paper marked for both of a pair, or for neither, is neutral for
/// it; the reported shares come from the pair's exclusive counts.
#[test]
fn block_assertions_use_exclusive_counts() {
    use congress::audit::contest::{Contest, Side};
    use congress::ballot::election::Election;
    use congress::ballot::formats::{read_ballots, BallotFormat};
    use congress::internals::input::Source;
    use congress::paper::votes::PaperVote;
    let toml = "id = \"e\"\nmethod = \"block\"\nseats = 2\ncandidates = [\"A\", \"B\", \"C\"]\n";
    let election = Election::from_bytes("e.toml", toml.as_bytes().to_vec()).unwrap();
    // A+B 6, A+C 3, B 2, C+B 1, blank 1, A+B+C 1 (an over-vote: void).
    let mut text = String::from("ballot_id,A,B,C\n");
    let rows = [
        ("○,○,", 6),
        ("○,,○", 3),
        (",○,", 2),
        (",○,○", 1),
        (",,", 1),
        ("○,○,○", 1),
    ];
    let mut i = 0;
    for (row, n) in rows {
        for _ in 0..n {
            text.push_str(&format!("p{i},{row}\n"));
            i += 1;
        }
    }
    let ballots = read_ballots(
        &Source::from_text("b.csv", text),
        BallotFormat::Marks,
        &election,
    )
    .unwrap();
    let c = Contest::new(election, &ballots, vec!["A".into(), "B".into()], "complete").unwrap();
    let got: Vec<(&str, u64, u64)> = c
        .assertions
        .iter()
        .map(|(a, _)| (a.name.as_str(), a.reported_u, a.reported_z))
        .collect();
    // A > C: A without C 6, C without A 1 (C+B); B > C: B without C 8, C without B 3.
    assert_eq!(got, vec![("A > C", 6, 1), ("B > C", 8, 3)]);
    let both = PaperVote::Counted {
        yes: vec!["A".into(), "C".into()],
        void_write_ins: vec![],
        illegible: vec![],
    };
    assert_eq!(c.side(&c.assertions[0].1, Some(&both)), Side::Neutral);
    assert_eq!(c.side(&c.assertions[1].1, Some(&both)), Side::Against);
    assert_eq!(
        c.side(
            &c.assertions[0].1,
            Some(&PaperVote::Void("overvote".into()))
        ),
        Side::Neutral
    );
    assert_eq!(
        c.side(&c.assertions[0].1, None),
        Side::Against,
        "a paper not found"
    );
}
