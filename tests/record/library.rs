//! Records through the library: writing, signing, verifying, receipts, merging, lots.

use crate::util::record::*;
use crate::util::scratch;
use congress::internals::record::files::{RecordFiles, LOTS};
use congress::internals::record::recount::Named;
use congress::record::check::{CheckStatus, Report};
use congress::record::receipt::{make_receipt, verify_receipt, NO_RECEIPTS_MESSAGE};
use congress::record::verify::{verify_files, VerifyOptions};
use congress::record::{merge, write};

fn verify(files: &RecordFiles) -> Report {
    verify_files(files, &VerifyOptions::default(), &TestPlurality).unwrap()
}

fn failed(report: &Report) -> Vec<String> {
    report.failed_ids().into_iter().collect()
}

#[test]
fn a_signed_station_record_verifies() {
    let files = station("s1", 40, 2);
    let report = verify(&files);
    assert!(report.ok(), "{}", report.render());
    // Every check id of a station record appears.
    let ids: Vec<&str> = report.checks.iter().map(|c| c.id.as_str()).collect();
    for id in [
        "V01", "V02", "V03", "V04", "V05", "V06", "V07", "V08", "V10", "V11", "V12", "V13", "V14",
        "V30", "V31",
    ] {
        assert!(ids.contains(&id), "{id} missing:\n{}", report.render());
    }
    // Unpinned: V08 is a skip, not a pass.
    let v08 = report.checks.iter().find(|c| c.id == "V08").unwrap();
    assert_eq!(v08.status, CheckStatus::Skip);
    let text = report.render();
    assert!(text.ends_with("record verified\n"), "{text}");
}

#[test]
fn records_are_byte_identical_for_the_same_input() {
    assert_eq!(station("s1", 30, 2), station("s1", 30, 2));
    let files = station("s1", 30, 0);
    let manifest = String::from_utf8(files.get("SHA256").unwrap().to_vec()).unwrap();
    let paths: Vec<&str> = manifest
        .lines()
        .map(|l| l.split(['(', ')']).nth(1).unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "ballots.csv",
            "election.json",
            "election.toml",
            "head.csv",
            "keys/m1.pub",
            "keys/m2.pub",
            "keys/m3.pub",
            "result.json",
            "seats.csv",
            "tally.csv"
        ]
    );
}

#[test]
fn the_quorum_counts_distinct_valid_members() {
    let one = station("s1", 20, 1);
    assert_eq!(failed(&verify(&one)), ["V07"]);
    let none = station("s1", 20, 0);
    assert_eq!(failed(&verify(&none)), ["V07"]);
    // A member's signature copied under another member's name does not count twice.
    let mut copied = station("s1", 20, 1);
    let sig = copied.get("SHA256.m1.sig").unwrap().to_vec();
    copied.files.insert("SHA256.m2.sig".into(), sig);
    let r = verify(&copied);
    assert_eq!(failed(&r), ["V05", "V07"], "{}", r.render());
}

#[test]
fn trust_pins_the_committee() {
    let files = station("s1", 20, 2);
    let trusted = VerifyOptions {
        trust: vec![key(1).public(), key(2).public()],
        ..VerifyOptions::default()
    };
    let r = verify_files(&files, &trusted, &TestPlurality).unwrap();
    assert!(r.ok(), "{}", r.render());
    let v08 = r.checks.iter().find(|c| c.id == "V08").unwrap();
    assert_eq!(v08.status, CheckStatus::Pass);
    // Trusting only one key: the threshold of 2 is not reached by trusted keys.
    let partly = VerifyOptions {
        trust: vec![key(1).public()],
        ..VerifyOptions::default()
    };
    let r = verify_files(&files, &partly, &TestPlurality).unwrap();
    assert_eq!(failed(&r), ["V08"]);
    // A record re-made by outsiders with their own committee passes internally but not
    // against the trusted keys.
    let toml = String::from_utf8(election("s1", 1, 3, 2, "")).unwrap();
    let mut forged_toml = toml.clone();
    for i in 1..=3u8 {
        forged_toml = forged_toml.replace(
            &key(i).public().to_base64(),
            &key(i + 10).public().to_base64(),
        );
    }
    let mut forged = write::build_station(
        forged_toml.as_bytes(),
        "ballot_id,choice",
        &ballot_lines("s1", 20),
        &TestPlurality,
        Named::default(),
    )
    .unwrap();
    write::sign_files(&mut forged, &key(11), "m1");
    write::sign_files(&mut forged, &key(12), "m2");
    assert!(verify(&forged).ok());
    let r = verify_files(&forged, &trusted, &TestPlurality).unwrap();
    assert_eq!(failed(&r), ["V08"]);
}

#[test]
fn one_member_cannot_pass_off_a_record_of_their_own_committee() {
    // The real committee is m1, m2, m3 with threshold 2. Member 1 alone makes a record whose
    // committee is only himself (threshold 1), or all three at threshold 1, and signs it.
    let all = VerifyOptions {
        trust: vec![key(1).public(), key(2).public(), key(3).public()],
        ..VerifyOptions::default()
    };
    let two_of_three = VerifyOptions {
        trust_threshold: Some(2),
        ..all.clone()
    };
    let alone = |members: u8| {
        let toml = election("s1", 1, members, 1, "");
        station_with(&toml, "s1", 20, 1)
    };
    for forged in [alone(1), alone(3)] {
        assert!(verify(&forged).ok(), "internally consistent");
        for options in [&all, &two_of_three] {
            let r = verify_files(&forged, options, &TestPlurality).unwrap();
            assert_eq!(failed(&r), ["V08"], "{}", r.render());
        }
    }
    // The real record signed by two of the three passes: a majority of the keys given must
    // have signed (or --threshold of them).
    let real = station("s1", 20, 2);
    assert!(verify_files(&real, &all, &TestPlurality).unwrap().ok());
    assert!(verify_files(&real, &two_of_three, &TestPlurality)
        .unwrap()
        .ok());
    // --threshold 3 asks for all three.
    let three = VerifyOptions {
        trust_threshold: Some(3),
        ..all.clone()
    };
    assert_eq!(
        failed(&verify_files(&real, &three, &TestPlurality).unwrap()),
        ["V08"]
    );
    // A --threshold below the record's own is raised to it: one trusted signature is not
    // enough for a record that asks for two.
    let one = VerifyOptions {
        trust_threshold: Some(1),
        ..all.clone()
    };
    let signed_once = station("s1", 20, 1);
    assert_eq!(
        failed(&verify_files(&signed_once, &one, &TestPlurality).unwrap()),
        ["V07", "V08"]
    );
    // The same key given twice counts once.
    let twice = VerifyOptions {
        trust: vec![key(1).public(), key(1).public(), key(2).public()],
        ..VerifyOptions::default()
    };
    assert!(verify_files(&real, &twice, &TestPlurality).unwrap().ok());
}

#[test]
fn not_a_record_is_an_input_error() {
    let mut files = RecordFiles::default();
    files.files.insert("notes.txt".into(), b"hello".to_vec());
    let e = verify_files(&files, &VerifyOptions::default(), &TestPlurality).unwrap_err();
    assert_eq!(e.exit_code(), 3);
    assert!(e.message.contains("not a congress record"));
}

#[test]
fn receipts_prove_inclusion_and_catch_changes() {
    let files = station("s1", 37, 2);
    for id in ["s1-0000", "s1-0017", "s1-0036"] {
        let receipt = make_receipt(&files, id, &[]).unwrap();
        assert_eq!(receipt.levels.len(), 1);
        let r =
            verify_receipt(&files, &receipt, &VerifyOptions::default(), &TestPlurality).unwrap();
        assert!(r.ok(), "{}", r.render());
        assert!(r
            .checks
            .iter()
            .any(|c| c.id == "V40" && c.status == CheckStatus::Pass));
        // A receipt whose line was changed fails V40.
        let mut bad = receipt.clone();
        bad.levels[0].line = bad.levels[0].line.replace("s1-", "s1x");
        let r = verify_receipt(&files, &bad, &VerifyOptions::default(), &TestPlurality).unwrap();
        assert_eq!(failed(&r), ["V40"]);
        let mut bad = receipt.clone();
        bad.levels[0].audit_path.reverse();
        let root = bad.levels[0].root_sha256.clone();
        bad.levels[0].audit_path.push(root);
        let r = verify_receipt(&files, &bad, &VerifyOptions::default(), &TestPlurality).unwrap();
        assert_eq!(failed(&r), ["V40"]);
        // Leaf indexes from the far end of the range fail without overflowing (tests run
        // with overflow checks on).
        for index in [u64::MAX, u64::MAX - 1, 1 << 63, 37] {
            let mut bad = receipt.clone();
            bad.levels[0].leaf_index = index;
            let r =
                verify_receipt(&files, &bad, &VerifyOptions::default(), &TestPlurality).unwrap();
            assert_eq!(failed(&r), ["V40"], "{index}");
        }
    }
    // A record re-made without that ballot: the receipt no longer verifies.
    let receipt = make_receipt(&files, "s1-0017", &[]).unwrap();
    let mut lines = ballot_lines("s1", 37);
    lines.remove(17);
    let toml = files.get("election.toml").unwrap().to_vec();
    let mut smaller = write::build_station(
        &toml,
        "ballot_id,choice",
        &lines,
        &TestPlurality,
        Named::default(),
    )
    .unwrap();
    write::sign_files(&mut smaller, &key(1), "m1");
    write::sign_files(&mut smaller, &key(2), "m2");
    let r = verify_receipt(
        &smaller,
        &receipt,
        &VerifyOptions::default(),
        &TestPlurality,
    )
    .unwrap();
    assert_eq!(failed(&r), ["V40"]);
    assert!(make_receipt(&files, "nope", &[]).is_err());
}

#[test]
fn receipts_need_the_election_to_allow_them() {
    let toml = election("s9", 1, 3, 2, "");
    let files = station_with(&toml, "s9", 10, 2);
    let e = make_receipt(&files, "s9-0001", &[]).unwrap_err();
    assert_eq!(e.message, NO_RECEIPTS_MESSAGE);
    assert_eq!(e.exit_code(), 3);
    // A parent that allows receipts gives none for the ballots of a station that does not;
    // the other station's ballots still get theirs.
    let closed = station_with(&election("s2", 1, 3, 2, ""), "s2", 10, 2);
    let mut files = merge::build(
        &parent_toml(&["s1", "s2"]),
        vec![station("s1", 10, 2), closed],
        &TestPlurality,
    )
    .unwrap();
    write::sign_files(&mut files, &key(1), "m1");
    write::sign_files(&mut files, &key(3), "m3");
    let e = make_receipt(&files, "s2-0001", &[]).unwrap_err();
    assert_eq!(e.message, NO_RECEIPTS_MESSAGE);
    assert_eq!(e.file.as_deref(), Some("stations/s2/election.json"));
    assert!(make_receipt(&files, "s1-0001", &[]).is_ok());
}

#[test]
fn lots_are_recorded_and_reproduced() {
    // Two ballots, one for each of two candidates: a tie for the one seat.
    let toml = election(
        "tie",
        1,
        3,
        2,
        "[tiebreak]\nseed = \"20 dice: 3 1 4 1 5 9 2 6 5 3 5 8 9 7 9 3 2 3 8 4\"\n",
    );
    let lines = vec!["t-1,王芳".to_string(), "t-2,李强".to_string()];
    let mut files = write::build_station(
        &toml,
        "ballot_id,choice",
        &lines,
        &TestPlurality,
        Named::default(),
    )
    .unwrap();
    write::sign_files(&mut files, &key(1), "m1");
    write::sign_files(&mut files, &key(2), "m2");
    assert!(files.get(LOTS).is_some());
    let r = verify(&files);
    assert!(r.ok(), "{}", r.render());
    // A lot re-drawn with another beacon, re-signed by the committee: V31 fails.
    let lots = String::from_utf8(files.get(LOTS).unwrap().to_vec()).unwrap();
    let forged = lots.replace("20 dice", "21 dice");
    let mut bad = files.clone();
    bad.files.insert(LOTS.into(), forged.into_bytes());
    write::add_manifest(&mut bad).unwrap();
    write::sign_files(&mut bad, &key(1), "m1");
    write::sign_files(&mut bad, &key(2), "m2");
    assert_eq!(failed(&verify(&bad)), ["V31"]);
    // Removing the lot entirely (and its line from the manifest): V31 again.
    let mut gone = files.clone();
    gone.files.remove(LOTS);
    write::add_manifest(&mut gone).unwrap();
    write::sign_files(&mut gone, &key(1), "m1");
    write::sign_files(&mut gone, &key(2), "m2");
    assert_eq!(failed(&verify(&gone)), ["V31"]);
    // The same lot written otherwise, re-signed: a second, contradicting beacon line listed
    // first, a quoted number, or the lines reordered. A reader taking the first beacon would
    // see a fake one, so lots.csv must be the bytes the record writes.
    let resigned = |text: String| {
        let mut t = files.clone();
        t.files.insert(LOTS.into(), text.into_bytes());
        write::add_manifest(&mut t).unwrap();
        write::sign_files(&mut t, &key(1), "m1");
        write::sign_files(&mut t, &key(2), "m2");
        verify(&t)
    };
    let mut lot_lines: Vec<String> = lots.lines().map(String::from).collect();
    let beacon = lot_lines
        .iter()
        .position(|l| l.starts_with("1,beacon,"))
        .unwrap();
    let fake = "1,beacon,0,FAKE public dice 0000".to_string();
    let mut doubled = lot_lines.clone();
    doubled.insert(beacon, fake);
    let mut quoted = lot_lines.clone();
    quoted[beacon] = format!("\"1\"{}", &lot_lines[beacon][1..]);
    let last = lot_lines.len() - 1;
    lot_lines.swap(1, last);
    for text in [doubled, quoted, lot_lines] {
        let r = resigned(text.join("\n") + "\n");
        assert_eq!(failed(&r), ["V31"], "{}", r.render());
    }
    // Without a beacon the tie is an error (exit 4), and no record is made.
    let no_beacon = election("tie", 1, 3, 2, "");
    let e = write::build_station(
        &no_beacon,
        "ballot_id,choice",
        &lines,
        &TestPlurality,
        Named::default(),
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 4);
}

fn parent_toml(stations: &[&str]) -> Vec<u8> {
    let list: Vec<String> = stations.iter().map(|s| format!("\"{s}\"")).collect();
    election(
        "school",
        1,
        3,
        2,
        &format!("stations = [{}]\nreceipts = true\n", list.join(", ")),
    )
}

fn parent(stations: &[&str], sizes: &[usize]) -> RecordFiles {
    let children: Vec<RecordFiles> = stations
        .iter()
        .zip(sizes)
        .map(|(s, n)| station(s, *n, 2))
        .collect();
    let mut files = merge::build(&parent_toml(stations), children, &TestPlurality).unwrap();
    write::sign_files(&mut files, &key(1), "m1");
    write::sign_files(&mut files, &key(3), "m3");
    files
}

#[test]
fn a_merged_record_verifies_and_sums() {
    let files = parent(&["s1", "s2", "s3"], &[10, 25, 7]);
    let r = verify(&files);
    assert!(r.ok(), "{}", r.render());
    for id in ["V20", "V21", "V22", "V23"] {
        assert!(
            r.checks
                .iter()
                .any(|c| c.id == id && c.status == CheckStatus::Pass),
            "{id}"
        );
    }
    // Children's results are reported under their paths.
    assert!(r
        .checks
        .iter()
        .any(|c| c.file.starts_with("stations/s2/") && c.id == "V12"));
    let tally = String::from_utf8(files.get("tally.csv").unwrap().to_vec()).unwrap();
    assert!(tally.contains("returned,,42\n"), "{tally}");
    // A two-level receipt.
    let receipt = make_receipt(&files, "s2-0011", &[]).unwrap();
    assert_eq!(receipt.levels.len(), 2);
    assert_eq!(receipt.levels[0].file, "stations/s2/ballots.csv");
    assert_eq!(receipt.levels[1].file, "stations.csv");
    let r = verify_receipt(&files, &receipt, &VerifyOptions::default(), &TestPlurality).unwrap();
    assert!(r.ok(), "{}", r.render());
}

#[test]
fn merge_refuses_missing_extra_duplicate_and_failing_children() {
    let toml = parent_toml(&["s1", "s2"]);
    let e = merge::build(&toml, vec![station("s1", 5, 2)], &TestPlurality).unwrap_err();
    assert!(e.message.contains("missing: s2"), "{e}");
    let e = merge::build(
        &toml,
        vec![
            station("s1", 5, 2),
            station("s2", 5, 2),
            station("s3", 5, 2),
        ],
        &TestPlurality,
    )
    .unwrap_err();
    assert!(e.message.contains("s3"), "{e}");
    let e = merge::build(
        &toml,
        vec![
            station("s1", 5, 2),
            station("s1", 5, 2),
            station("s2", 5, 2),
        ],
        &TestPlurality,
    )
    .unwrap_err();
    assert!(e.message.contains("twice"), "{e}");
    let e = merge::build(
        &toml,
        vec![station("s1", 5, 2), station("s2", 5, 1)],
        &TestPlurality,
    )
    .unwrap_err();
    assert!(e.message.contains("V07"), "{e}");
    let no_list = election("school", 1, 3, 2, "");
    let e = merge::build(&no_list, vec![station("s1", 5, 2)], &TestPlurality).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("stations"));
}

#[test]
fn merges_nest() {
    let dept_a = {
        // Every record on a ballot's path allows receipts (the department's too).
        let t = election(
            "dA",
            1,
            3,
            2,
            "stations = [\"a1\", \"a2\"]\nreceipts = true\n",
        );
        let mut f = merge::build(
            &t,
            vec![station("a1", 6, 2), station("a2", 4, 2)],
            &TestPlurality,
        )
        .unwrap();
        write::sign_files(&mut f, &key(1), "m1");
        write::sign_files(&mut f, &key(2), "m2");
        f
    };
    let dept_b = station("dB", 9, 2);
    let t = election(
        "uni",
        1,
        3,
        2,
        "stations = [\"dA\", \"dB\"]\nreceipts = true\n",
    );
    let mut top = merge::build(&t, vec![dept_a, dept_b], &TestPlurality).unwrap();
    write::sign_files(&mut top, &key(2), "m2");
    write::sign_files(&mut top, &key(3), "m3");
    let r = verify(&top);
    assert!(r.ok(), "{}", r.render());
    let receipt = make_receipt(&top, "a2-0003", &[]).unwrap();
    assert_eq!(receipt.levels.len(), 3);
    let r = verify_receipt(&top, &receipt, &VerifyOptions::default(), &TestPlurality).unwrap();
    assert!(r.ok(), "{}", r.render());
}

#[test]
fn records_are_written_atomically_and_never_overwritten() {
    let base = scratch("write");
    let dir = base.join("rec");
    let files = station("s1", 10, 2);
    write::write_record(&dir, &files, false).unwrap();
    assert_eq!(RecordFiles::read(&dir).unwrap(), files);
    let other = station("s1", 11, 2);
    let e = write::write_record(&dir, &other, false).unwrap_err();
    assert!(e.message.contains("--force"), "{e}");
    assert_eq!(RecordFiles::read(&dir).unwrap(), files);
    write::write_record(&dir, &other, true).unwrap();
    assert_eq!(RecordFiles::read(&dir).unwrap(), other);
    // Nothing but the record is left in the parent directory.
    let names: Vec<String> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["rec"]);
    // A failed build writes nothing.
    let bad = election("s1", 1, 3, 2, "");
    let lines = vec!["b,王芳".to_string(), "a,王芳".to_string()];
    assert!(write::build_station(
        &bad,
        "ballot_id,choice",
        &lines,
        &TestPlurality,
        Named::default()
    )
    .is_err());
    let _ = std::fs::remove_dir_all(&base);
}
