//! The auditor's Python snippets in docs/verification.md work on real records: the Merkle
//! root check, the receipt check and the lot recipe. Skipped (with a note) without python3.

use crate::util::record::*;
use crate::util::{read_text, scratch};
use congress::record::receipt::make_receipt;
use congress::record::write;
use std::path::Path;
use std::process::Command;

/// The fenced ```python blocks of docs/verification.md, in order.
fn python_blocks() -> Vec<String> {
    let doc = read_text("docs/verification.md");
    let mut blocks = Vec::new();
    let mut rest = doc.as_str();
    while let Some(start) = rest.find("```python\n") {
        let body = &rest[start + 10..];
        let end = body.find("```").unwrap();
        blocks.push(body[..end].to_string());
        rest = &body[end + 3..];
    }
    blocks
}

fn python() -> bool {
    let ok = Command::new("python3").arg("--version").output().is_ok();
    if !ok {
        eprintln!("note: python3 not installed; skipping the documentation snippets");
    }
    ok
}

fn run(dir: &Path, script: &str, args: &[&str]) -> (bool, String) {
    std::fs::write(dir.join("snippet.py"), script).unwrap();
    let out = Command::new("python3")
        .arg("snippet.py")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    std::fs::remove_file(dir.join("snippet.py")).unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_merkle_script_checks_station_and_parent_heads() {
    if !python() {
        return;
    }
    let blocks = python_blocks();
    assert_eq!(
        blocks.len(),
        3,
        "expected the merkle, receipt and lot snippets"
    );
    let base = scratch("merkle");
    let files = station("s1", 57, 2);
    let dir = base.join("station");
    write::write_record(&dir, &files, false).unwrap();
    // The auditor works in a directory of their own and names the record.
    let audit = base.join("audit");
    std::fs::create_dir_all(&audit).unwrap();
    let record = dir.to_str().unwrap();
    let (ok, out) = run(&audit, &blocks[0], &[record]);
    assert!(ok, "{out}");
    assert_eq!(out.matches(": OK").count(), 3, "{out}");
    // A changed ballot line is a mismatch.
    let mut bytes = std::fs::read(dir.join("ballots.csv")).unwrap();
    let n = bytes.len();
    bytes[n - 3] ^= 1;
    std::fs::write(dir.join("ballots.csv"), bytes).unwrap();
    let (ok, out) = run(&audit, &blocks[0], &[record]);
    assert!(!ok && out.contains("MISMATCH"), "{out}");
    // A parent record.
    let toml = election("school", 1, 3, 2, "stations = [\"a\", \"b\"]\n");
    let parent = congress::record::merge::build(
        &toml,
        vec![station("a", 5, 2), station("b", 8, 2)],
        &TestPlurality,
    )
    .unwrap();
    let pdir = base.join("parent");
    write::write_record(&pdir, &parent, false).unwrap();
    let (ok, out) = run(&audit, &blocks[0], &[pdir.to_str().unwrap()]);
    assert!(ok, "{out}");
}

#[test]
fn the_receipt_script_checks_every_level() {
    if !python() {
        return;
    }
    let blocks = python_blocks();
    let toml = election(
        "school",
        1,
        3,
        2,
        "stations = [\"a\", \"b\"]\nreceipts = true\n",
    );
    let parent = congress::record::merge::build(
        &toml,
        vec![station("a", 9, 2), station("b", 13, 2)],
        &TestPlurality,
    )
    .unwrap();
    let dir = scratch("receipt");
    let receipt = make_receipt(&parent, "b-0007", &[]).unwrap();
    std::fs::write(
        dir.join("receipt.json"),
        serde_json::to_string_pretty(&receipt).unwrap(),
    )
    .unwrap();
    let (ok, out) = run(&dir, &blocks[1], &[]);
    assert!(ok, "{out}");
    assert_eq!(out.matches(" OK").count(), 2, "{out}");
    let mut bad = receipt.clone();
    bad.levels[0].line.push('x');
    std::fs::write(
        dir.join("receipt.json"),
        serde_json::to_string_pretty(&bad).unwrap(),
    )
    .unwrap();
    let (_, out) = run(&dir, &blocks[1], &[]);
    assert!(out.contains("FAIL"), "{out}");
}

#[test]
fn the_lot_script_reproduces_recorded_lots() {
    if !python() {
        return;
    }
    let has_crypto = Command::new("python3")
        .args(["-c", "import cryptography"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has_crypto {
        eprintln!("note: python3 cryptography not installed; skipping the lot snippet");
        return;
    }
    let blocks = python_blocks();
    let dir = scratch("lot");
    for n in [2usize, 3, 5, 9] {
        let names: Vec<String> = (0..n).map(|i| format!("候选人{i}")).collect();
        let lot = congress::lot::draw_lot(&[9; 32], "e/1", "31415 92653", &names);
        let script = format!(
            "{}\nprint(\"|\".join(draw_lot({:?}, \"e/1\", \"31415 92653\", {:?})))\n",
            blocks[2], lot.root_hex, names
        );
        let (ok, out) = run(&dir, &script, &[]);
        assert!(ok, "{out}");
        assert_eq!(out.trim(), lot.order.join("|"));
    }
}
