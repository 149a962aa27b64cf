//! Every command of docs/paper-ballots.md runs as written, from a copy of the repository's
//! layout (its `fixtures/` and `tests/`), and prints what the page shows after it.

use crate::util::{congress_in, read_text, scratch, ROOT};

/// The fenced blocks of the page: (info string, body).
fn blocks(doc: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let mut body = String::new();
            for l in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            out.push((info.trim().to_string(), body));
        }
    }
    out
}

#[test]
fn every_documented_command_runs_and_prints_what_the_page_shows() {
    let dir = scratch("docs");
    #[cfg(unix)]
    for part in ["fixtures", "tests"] {
        std::os::unix::fs::symlink(format!("{ROOT}/{part}"), dir.join(part)).unwrap();
    }
    #[cfg(not(unix))]
    return;
    let doc = read_text("docs/paper-ballots.md");
    let blocks = blocks(&doc);
    let mut ran = 0;
    for (i, (info, body)) in blocks.iter().enumerate() {
        if info != "sh" {
            continue;
        }
        if body.starts_with("seed=") {
            // The redraw by hand: needs sha256sum, bc and rev.
            let out = std::process::Command::new("bash")
                .arg("-c")
                .arg(body)
                .current_dir(&dir)
                .output()
                .unwrap();
            if !out.status.success() {
                eprintln!("note: the hand redraw did not run here (sha256sum, bc, rev?)");
                continue;
            }
            let ticket = String::from_utf8(out.stdout).unwrap();
            assert!(
                doc.contains(&format!("This prints `{}`", ticket.trim())),
                "{ticket}"
            );
            continue;
        }
        let mut last = None;
        for line in body.lines().filter(|l| l.starts_with("congress ")) {
            let args: Vec<&str> = line.split_whitespace().skip(1).collect();
            let run = congress_in(&dir, &args);
            assert!(
                matches!(run.code(), 0 | 1),
                "{line}: exit {}: {}",
                run.code(),
                run.stderr()
            );
            ran += 1;
            last = Some(run);
        }
        if let (Some(run), Some((next_info, shown))) = (last, blocks.get(i + 1)) {
            if next_info.is_empty() {
                assert_eq!(run.stdout(), *shown, "output after block {i}");
            }
        }
    }
    assert!(ran >= 7, "{ran} commands");
    // The sample drawn by the page is the committed one.
    assert_eq!(
        std::fs::read(dir.join("paper-sample.csv")).unwrap(),
        std::fs::read(format!("{ROOT}/fixtures/paper/sample.csv")).unwrap()
    );
    assert!(dir.join("presidium-papers.trackers.csv").exists());
    let verify = congress_in(
        &dir,
        &[
            "audit",
            "verify",
            "paper-audit",
            "--election",
            "paper-record",
        ],
    );
    assert_eq!(verify.code(), 0, "{}", verify.stdout());
}
