//! V41 (`verify-consistency`): an interim record whose ballots are the first ballots of the
//! final record passes; a ballot changed or removed after the interim publication fails.

use crate::util::record::{key, members};
use crate::util::scratch;
use congress::internals::record::files::RecordFiles;
use congress::internals::record::recount::{ElectCounter, Named};
use congress::record::consistency::verify_consistency_dirs;
use congress::record::verify::VerifyOptions;
use congress::record::write;
use std::path::{Path, PathBuf};

const CANDIDATES: [&str; 3] = ["王芳", "李强", "张伟"];

/// A majority-approval election (2 of 3) with a committee of keys 1 and 2, threshold 2.
fn election(ballots: usize) -> Vec<u8> {
    let cands: Vec<String> = CANDIDATES.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "id = \"interim\"\nmethod = \"majority-approval\"\nseats = 2\ncandidates = [{}]\n\
         secrecy = \"none\"\n\
         [attendance]\nentitled = 400\npresent = {ballots}\nissued = {ballots}\n\
         [committee]\nthreshold = 2\nmembers = [{}]\n",
        cands.join(", "),
        members(2)
    )
    .into_bytes()
}

/// Ballot lines with increasing ids (a tracker that grows as ballots arrive).
fn lines(n: usize) -> Vec<String> {
    let cells = ["yes,no,", "yes,yes,no", ",yes,yes", "no,,yes"];
    (0..n)
        .map(|i| format!("t{i:05},{}", cells[i % cells.len()]))
        .collect()
}

fn record(dir: &str, lines: &[String]) -> PathBuf {
    let header = format!("ballot_id,{}", CANDIDATES.join(","));
    let mut files: RecordFiles = write::build_station(
        &election(lines.len()),
        &header,
        lines,
        &ElectCounter,
        Named::default(),
    )
    .unwrap();
    write::sign_files(&mut files, &key(1), "m1");
    write::sign_files(&mut files, &key(2), "m2");
    let path = scratch(dir).join("record");
    write::write_record(&path, &files, true).unwrap();
    path
}

fn v41(old: &Path, new: &Path) -> congress::record::check::CheckResult {
    let report =
        verify_consistency_dirs(old, new, &VerifyOptions::default(), &ElectCounter).unwrap();
    report
        .checks
        .iter()
        .find(|c| c.id == "V41")
        .cloned()
        .unwrap()
}

#[test]
fn an_interim_record_is_a_prefix_of_the_final_one() {
    let all = lines(150);
    let interim = record("interim", &all[..100]);
    let final_ = record("final", &all);
    let report =
        verify_consistency_dirs(&interim, &final_, &VerifyOptions::default(), &ElectCounter)
            .unwrap();
    assert!(report.ok(), "{}", report.render());
    let c = v41(&interim, &final_);
    assert!(c.detail.contains("100 leaves"), "{}", c.render());
    // The same record is consistent with itself.
    assert!(v41(&final_, &final_).detail.contains("150"));

    // A ballot of the interim record rewritten in the final one.
    let mut changed = all.clone();
    changed[42] = format!("t{:05},no,no,no", 42);
    let rewritten = record("rewritten", &changed);
    let c = v41(&interim, &rewritten);
    assert_eq!(
        c.status,
        congress::record::check::CheckStatus::Fail,
        "{}",
        c.render()
    );
    assert!(c.file.ends_with("ballots.csv"), "{}", c.render());

    // A ballot of the interim record removed from the final one.
    let mut removed = all.clone();
    removed.remove(7);
    let shrunk = record("removed", &removed);
    let c = v41(&interim, &shrunk);
    assert_eq!(
        c.status,
        congress::record::check::CheckStatus::Fail,
        "{}",
        c.render()
    );

    // Order matters: the final record is not a prefix of the interim one.
    let c = v41(&final_, &interim);
    assert_eq!(
        c.status,
        congress::record::check::CheckStatus::Fail,
        "{}",
        c.render()
    );
    for dir in [interim, final_, rewritten, shrunk] {
        let _ = std::fs::remove_dir_all(dir);
    }
}
