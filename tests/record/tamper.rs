//! Tamper tests: every byte of every file of a record, added and removed files, swapped and
//! duplicated ballots, a dropped station, outsider signatures — each must make `verify`
//! fail with the check id that catches it. Run through the library (no processes).

use crate::util::record::*;
use crate::util::{fixture, read_text};
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::internals::ballot::canonical_ballots::ballot_lines as canonical_lines;
use congress::internals::input::{Encoding, Source};
use congress::internals::record::files::{ElectionInfo, Head, RecordFiles};
use congress::internals::record::recount::{ElectCounter, Named};
use congress::record::check::{CheckId, InRecord, Report};
use congress::record::verify::{verify_files, VerifyOptions};
use congress::record::{merge, write};
use std::collections::BTreeSet;

/// The head of a record (`files`, for its election.json) over other leaves.
fn head_of(files: &RecordFiles, data_lines: &[&str], leaves_file: &[u8]) -> Head {
    let info = ElectionInfo::parse(files.get("election.json").unwrap()).unwrap();
    Head::of(&info, data_lines, leaves_file)
}

fn verify(files: &RecordFiles) -> Report {
    every_check_named(verify_files(files, &VerifyOptions::default(), &TestPlurality).unwrap())
}

fn failed(files: &RecordFiles) -> BTreeSet<String> {
    verify(files).failed_ids()
}

fn failed_real(files: &RecordFiles) -> BTreeSet<String> {
    every_check_named(verify_files(files, &VerifyOptions::default(), &ElectCounter).unwrap())
        .failed_ids()
}

/// The skip `verify` gives a check that no step of the record reported (so none is
/// dropped): a step that cannot run its checks must say why, so this never appears.
const UNREPORTED: &str = "not checked: an earlier step of this record's verification failed";

/// `report`, once no check in it was left for the verifier's last resort.
fn every_check_named(report: Report) -> Report {
    assert!(
        !report.checks.iter().any(|c| c.detail == UNREPORTED),
        "a check was left unreported:\n{}",
        report.render()
    );
    report
}

/// The real presidium election of `fixtures/elections/committee/`, counted by the election
/// methods, with a committee of test keys 1–3 (threshold 2), signed by members 1 and 2.
fn real_record() -> RecordFiles {
    let toml = format!(
        "receipts = true\nsecrecy = \"none\"\n{}[committee]\nthreshold = 2\nmembers = [{}]\n",
        read_text("fixtures/elections/committee/presidium.toml"),
        members(3)
    );
    let election = Election::from_bytes("election.toml", toml.clone().into_bytes()).unwrap();
    let source = Source::open(
        &fixture("elections/committee/presidium.csv"),
        Encoding::Utf8,
    )
    .unwrap();
    let ballots =
        read_ballots(&source, BallotFormat::detect(&source, &election), &election).unwrap();
    let (header, lines) = canonical_lines(&ballots, &election);
    let mut files = write::build_station(
        toml.as_bytes(),
        &header,
        &lines,
        &ElectCounter,
        Named::default(),
    )
    .unwrap();
    write::sign_files(&mut files, &key(1), "m1");
    write::sign_files(&mut files, &key(2), "m2");
    files
}

fn resign(files: &mut RecordFiles) {
    write::add_manifest(files).unwrap();
    write::sign_files(files, &key(1), "m1");
    write::sign_files(files, &key(2), "m2");
}

/// Which check must catch a change to one byte of `path` at `pos` (None: the change is
/// allowed, i.e. the text of signify's untrusted comment).
fn expected_for(path: &str, bytes: &[u8], pos: usize) -> Option<&'static [&'static str]> {
    if path == "SHA256" {
        return Some(&["V06"]);
    }
    if path.starts_with("SHA256.") {
        let first_end = bytes.iter().position(|b| *b == b'\n').unwrap();
        let prefix = "untrusted comment: ".len();
        if pos >= prefix && pos < first_end {
            return None;
        }
        return Some(&["V04", "V05", "V06"]);
    }
    Some(&["V03"])
}

fn flip_every_byte(files: &RecordFiles, stride: usize) -> usize {
    flip_bytes(files, stride, failed)
}

fn flip_bytes(
    files: &RecordFiles,
    stride: usize,
    failed: fn(&RecordFiles) -> BTreeSet<String>,
) -> usize {
    let mut tried = 0;
    for (path, bytes) in &files.files {
        let positions: Vec<usize> = (0..bytes.len())
            .filter(|p| stride == 1 || p % stride == 0 || *p + 1 == bytes.len())
            .collect();
        for pos in positions {
            let expect = expected_for(path, bytes, pos);
            let mut t = files.clone();
            t.files.get_mut(path).unwrap()[pos] ^= 0x01;
            let got = failed(&t);
            match expect {
                None => {}
                Some(ids) => assert!(
                    ids.iter().any(|id| got.contains(*id)),
                    "{path} byte {pos}: expected one of {ids:?}, failed {got:?}"
                ),
            }
            tried += 1;
        }
    }
    tried
}

#[test]
fn every_byte_of_every_file_of_the_real_presidium_record() {
    let files = real_record();
    let r = verify_files(&files, &VerifyOptions::default(), &ElectCounter).unwrap();
    assert!(r.ok(), "{}", r.render());
    let tried = flip_bytes(&files, 1, failed_real);
    assert!(tried >= 2000, "only {tried} positions");
}

#[test]
fn semantic_changes_to_the_real_record_re_signed_by_the_committee() {
    let files = real_record();
    let text = String::from_utf8(files.get("ballots.csv").unwrap().to_vec()).unwrap();
    // A "no" turned into a "yes", head re-made: the recount differs (V13) and so does the
    // outcome (V30).
    let lines: Vec<&str> = text.lines().collect();
    let changed_line = lines[6].replacen(",no,", ",yes,", 1);
    assert_ne!(changed_line, lines[6]);
    let mut new_lines = lines.clone();
    new_lines[6] = &changed_line;
    let changed = format!("{}\n", new_lines.join("\n"));
    let mut t = files.clone();
    let head = head_of(&files, &new_lines[1..], changed.as_bytes());
    t.files.insert("ballots.csv".into(), changed.into_bytes());
    t.files.insert("head.csv".into(), head.to_bytes());
    resign(&mut t);
    let got = failed_real(&t);
    assert!(got.contains("V13"), "{got:?}");
    // A ballot with an unknown mark: V11 names it.
    let bad = text.replacen("t03,yes", "t03,maybe", 1);
    let mut t = files.clone();
    t.files.insert("ballots.csv".into(), bad.into_bytes());
    resign(&mut t);
    let r = verify_files(&t, &VerifyOptions::default(), &ElectCounter).unwrap();
    let v11 = r.failures().find(|c| c.id == "V11").expect("V11 fails");
    assert_eq!(v11.line, Some(4), "{}", r.render());
    // Swapped ballots.
    let mut sw: Vec<&str> = text.lines().collect();
    sw.swap(2, 7);
    let mut t = files.clone();
    t.files.insert(
        "ballots.csv".into(),
        format!("{}\n", sw.join("\n")).into_bytes(),
    );
    resign(&mut t);
    assert!(failed_real(&t).contains("V11"));
    // A forged result.json (the elected list edited).
    let result = String::from_utf8(files.get("result.json").unwrap().to_vec()).unwrap();
    let mut t = files.clone();
    t.files.insert(
        "result.json".into(),
        result
            .replacen("\"elected\":[\"王芳\"]", "\"elected\":[\"李强\"]", 1)
            .into_bytes(),
    );
    assert_ne!(t.files["result.json"], files.files["result.json"]);
    resign(&mut t);
    assert_eq!(failed_real(&t).into_iter().collect::<Vec<_>>(), ["V30"]);
}

#[test]
fn every_byte_of_every_file_of_a_station_record() {
    let files = station("s1", 24, 2);
    assert!(verify(&files).ok());
    let tried = flip_every_byte(&files, 3);
    assert!(tried >= 1000, "only {tried} positions");
}

#[test]
fn sampled_bytes_of_a_merged_record_including_children() {
    let children = vec![station("s1", 8, 2), station("s2", 6, 2)];
    let toml = election("school", 1, 3, 2, "stations = [\"s1\", \"s2\"]\n");
    let mut files = merge::build(&toml, children, &TestPlurality).unwrap();
    resign(&mut files);
    assert!(verify(&files).ok(), "{}", verify(&files).render());
    let tried = flip_every_byte(&files, 11);
    assert!(tried >= 600, "only {tried} positions");
}

#[test]
fn added_and_removed_files() {
    let files = station("s1", 12, 2);
    for (path, id) in [
        ("notes.txt", "V02"),
        ("keys/m9.pub", "V02"),
        ("stations/x/SHA256", "V02"),
        ("SHA256.m9.sig", "V04"),
        ("SHA256.bak", "V04"),
    ] {
        let mut t = files.clone();
        t.files
            .insert(path.into(), b"untrusted comment: x\nRWQ=\n".to_vec());
        let got = failed(&t);
        assert!(got.contains(id), "adding {path}: {got:?}");
    }
    // Files a station never has, listed in a re-made manifest and re-signed: V02 still
    // fails, naming each (a README, a parent's stations list, a child record never checked).
    for path in [
        "README.txt",
        "stations.csv",
        "stations/zz/ballots.csv",
        "notes/a.csv",
    ] {
        let mut t = files.clone();
        t.files.insert(path.into(), b"anything\n".to_vec());
        resign(&mut t);
        let r = verify(&t);
        assert_eq!(
            r.failed_ids().into_iter().collect::<Vec<_>>(),
            ["V02"],
            "adding {path}: {}",
            r.render()
        );
        assert!(r
            .checks
            .iter()
            .any(|c| c.id == "V02" && c.file.ends_with(path)));
    }
    let mut t = files.clone();
    t.irregular.push("link".into());
    assert!(failed(&t).contains("V02"));
    for path in files.files.keys() {
        let mut t = files.clone();
        t.files.remove(path);
        let got = failed(&t);
        let want = match path.as_str() {
            "SHA256" => "V01",
            p if p.starts_with("SHA256.") => "V07",
            _ => "V02",
        };
        assert!(got.contains(want), "removing {path}: {got:?}");
    }
}

#[test]
fn reordered_and_duplicated_ballots_even_when_re_signed() {
    let files = station("s1", 12, 2);
    let text = String::from_utf8(files.get("ballots.csv").unwrap().to_vec()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    // Swap two ballots.
    lines.swap(3, 4);
    let swapped = format!("{}\n", lines.join("\n"));
    let mut t = files.clone();
    t.files.insert("ballots.csv".into(), swapped.into_bytes());
    assert!(failed(&t).contains("V03"));
    resign(&mut t);
    let got = failed(&t);
    assert!(got.contains("V11"), "{got:?}");
    // Duplicate a ballot, with a head re-made to match: V11 (and the recount) catch it.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(5, lines[5]);
    let dup = format!("{}\n", lines.join("\n"));
    let mut t = files.clone();
    let head = head_of(&files, &lines[1..], dup.as_bytes());
    t.files.insert("ballots.csv".into(), dup.into_bytes());
    t.files.insert("head.csv".into(), head.to_bytes());
    resign(&mut t);
    let got = failed(&t);
    assert!(got.contains("V11"), "{got:?}");
    assert!(got.contains("V13"), "{got:?}");
}

#[test]
fn a_changed_vote_or_count_re_signed_by_the_committee_is_caught_by_the_recount() {
    let files = station("s1", 12, 2);
    // Change one vote and make the head agree: the recount (V13) differs from the tally.
    let text = String::from_utf8(files.get("ballots.csv").unwrap().to_vec()).unwrap();
    let changed = text.replacen("s1-0005,李强", "s1-0005,王芳", 1);
    assert_ne!(changed, text);
    let lines: Vec<&str> = changed.lines().collect();
    let mut t = files.clone();
    let head = head_of(&files, &lines[1..], changed.as_bytes());
    t.files
        .insert("ballots.csv".into(), changed.clone().into_bytes());
    t.files.insert("head.csv".into(), head.to_bytes());
    resign(&mut t);
    let got = failed(&t);
    assert!(got.contains("V13"), "{got:?}");
    // Change a count in tally.csv.
    let tally = String::from_utf8(files.get("tally.csv").unwrap().to_vec()).unwrap();
    let mut t = files.clone();
    t.files.insert(
        "tally.csv".into(),
        tally
            .replacen("returned,,12", "returned,,13", 1)
            .into_bytes(),
    );
    resign(&mut t);
    assert_eq!(failed(&t).into_iter().collect::<Vec<_>>(), ["V13"]);
    // The failure names the line of the changed count.
    let changed_line = tally
        .lines()
        .position(|l| l == "returned,,12")
        .map(|i| i as u64 + 1);
    let v13 = verify(&t);
    let v13 = v13.checks.iter().find(|c| c.id == "V13").unwrap();
    assert_eq!(
        (v13.line, v13.field.as_deref()),
        (changed_line, Some("returned"))
    );
    assert!(changed_line.is_some());
    // Change the elected candidate.
    let seats = String::from_utf8(files.get("seats.csv").unwrap().to_vec()).unwrap();
    let mut t = files.clone();
    let other = if seats.contains("王芳") {
        seats.replace("王芳", "李强")
    } else {
        seats.replace("1,", "1,王芳")
    };
    t.files.insert("seats.csv".into(), other.into_bytes());
    resign(&mut t);
    assert_eq!(failed(&t).into_iter().collect::<Vec<_>>(), ["V30"]);
    // More ballots than the roll allows.
    let toml = election(
        "s1",
        1,
        3,
        2,
        "[attendance]\nentitled = 5\npresent = 5\nissued = 5\n",
    );
    let t = station_with(&toml, "s1", 12, 2);
    assert_eq!(failed(&t).into_iter().collect::<Vec<_>>(), ["V14"]);
}

#[test]
fn a_dropped_station() {
    let toml = election("school", 1, 3, 2, "stations = [\"s1\", \"s2\", \"s3\"]\n");
    let children = vec![
        station("s1", 5, 2),
        station("s2", 9, 2),
        station("s3", 4, 2),
    ];
    let mut files = merge::build(&toml, children, &TestPlurality).unwrap();
    resign(&mut files);
    assert!(verify(&files).ok());
    // Removing a station's directory: its files are missing (V02) and the children
    // disagree with stations.csv (V21).
    let mut t = files.clone();
    t.files.retain(|k, _| !k.starts_with("stations/s2/"));
    let got = failed(&t);
    assert!(got.contains("V02") && got.contains("V21"), "{got:?}");
    // Dropping it everywhere and re-signing: the election still lists it (V21), and the
    // parent tally no longer adds up (V22).
    let st = String::from_utf8(t.get("stations.csv").unwrap().to_vec()).unwrap();
    let kept: Vec<&str> = st.lines().filter(|l| !l.starts_with("s2,")).collect();
    let new_st = format!("{}\n", kept.join("\n"));
    let head = head_of(&t, &kept[1..], new_st.as_bytes());
    t.files.insert("stations.csv".into(), new_st.into_bytes());
    t.files.insert("head.csv".into(), head.to_bytes());
    resign(&mut t);
    let got = failed(&t);
    assert!(got.contains("V21"), "{got:?}");
    assert!(got.contains("V22"), "{got:?}");
    // A station swapped for a different (validly signed) record of the same station.
    let mut t = files.clone();
    t.files.retain(|k, _| !k.starts_with("stations/s3/"));
    for (p, b) in station("s3", 6, 2).files {
        t.files.insert(format!("stations/s3/{p}"), b);
    }
    resign(&mut t);
    let got = failed(&t);
    assert!(got.contains("V20"), "{got:?}");
}

#[test]
fn outsider_signatures() {
    let files = station("s1", 12, 2);
    // An outsider signs in a member's name.
    let mut t = files.clone();
    write::sign_files(&mut t, &key(50), "m2");
    let got = failed(&t);
    assert!(got.contains("V05") && got.contains("V07"), "{got:?}");
    // An outsider signs under their own name (the two members' signatures remain).
    let mut t = files.clone();
    write::sign_files(&mut t, &key(50), "mallory");
    let got = failed(&t);
    assert!(got.contains("V05"), "{got:?}");
    // An outsider re-signs everything with a committee of their own: only pinning catches it.
    let toml = String::from_utf8(files.get("election.toml").unwrap().to_vec()).unwrap();
    let mut forged_toml = toml.clone();
    for i in 1..=3u8 {
        forged_toml = forged_toml.replace(
            &key(i).public().to_base64(),
            &key(i + 50).public().to_base64(),
        );
    }
    let mut t = write::build_station(
        forged_toml.as_bytes(),
        "ballot_id,choice",
        &ballot_lines("s1", 12),
        &TestPlurality,
        Named::default(),
    )
    .unwrap();
    write::sign_files(&mut t, &key(51), "m1");
    write::sign_files(&mut t, &key(52), "m2");
    let pinned = VerifyOptions {
        trust: vec![key(1).public(), key(2).public(), key(3).public()],
        trust_threshold: Some(2),
        ..VerifyOptions::default()
    };
    let r = verify_files(&t, &pinned, &TestPlurality).unwrap();
    assert_eq!(r.failed_ids().into_iter().collect::<Vec<_>>(), ["V08"]);
    // The same forgery inside a parent record: the parent pins the child's committee, so
    // a child swapped for the forged one breaks the parent's manifest (V03) or, re-signed by
    // the parent's committee, the stations line (V20).
    let toml = election("school", 1, 3, 2, "stations = [\"s1\"]\n");
    let mut parent = merge::build(&toml, vec![files.clone()], &TestPlurality).unwrap();
    resign(&mut parent);
    let mut swapped = parent.clone();
    swapped.files.retain(|k, _| !k.starts_with("stations/s1/"));
    for (p, b) in &t.files {
        swapped.files.insert(format!("stations/s1/{p}"), b.clone());
    }
    assert!(failed(&swapped).contains("V03"));
    resign(&mut swapped);
    assert!(failed(&swapped).contains("V20"));
}

/// Removing, emptying, garbling or cutting the last byte of any file, re-signed or not:
/// every check a record of its kind reports has a result, named by the step that could not
/// run it.
#[test]
fn every_check_is_reported_whatever_file_is_broken() {
    let station_record = station("s1", 9, 2);
    let children = vec![station("s1", 5, 2), station("s2", 4, 2)];
    let toml = election("school", 1, 3, 2, "stations = [\"s1\", \"s2\"]\n");
    let mut parent = merge::build(&toml, children, &TestPlurality).unwrap();
    resign(&mut parent);
    for record in [station_record, parent] {
        for path in record.files.keys() {
            let breaks: [fn(&mut Vec<u8>); 3] = [
                |b| b.clear(),
                |b| *b = b"x\n".to_vec(),
                |b| {
                    b.pop();
                },
            ];
            let mut variants = vec![{
                let mut t = record.clone();
                t.files.remove(path);
                t
            }];
            for f in breaks {
                let mut t = record.clone();
                f(t.files.get_mut(path).unwrap());
                variants.push(t);
            }
            for mut t in variants {
                for resigned in [false, true] {
                    if resigned {
                        resign(&mut t);
                    }
                    let report = verify(&t);
                    // A station's own results: each check it reports, none of another kind.
                    if !t.files.keys().any(|k| k.starts_with("stations/")) {
                        let role = t
                            .files
                            .get("election.json")
                            .and_then(|b| ElectionInfo::parse(b).ok())
                            .map(|i| i.role);
                        let want: BTreeSet<&str> = CheckId::ALL
                            .iter()
                            .filter(|c| c.in_record(role) != InRecord::NotListed)
                            .map(|c| c.as_str())
                            .collect();
                        let got: BTreeSet<&str> =
                            report.checks.iter().map(|c| c.id.as_str()).collect();
                        assert_eq!(got, want, "{path}:\n{}", report.render());
                    }
                }
            }
        }
    }
}
