//! Every command shown in README.md and docs/*.md runs verbatim from a fresh clone: each
//! ```` ```sh ```` block of a document runs with `bash -e -o pipefail`, in the order of the
//! document, in one scratch directory that holds the repository's files (so a document reads
//! like a session: a record made in one block is verified in the next). Blocks that call
//! `cargo` (building and testing this repository) are left to CI itself; ```` ```console ````
//! blocks are transcripts that their own tests compare.
//!
//! Each ```` ```python ```` block runs too, in its place among the shell blocks, with
//! `python3 -c` in the same directory, and must exit 0 (skipped, with a note, where python3 is
//! not installed, or where it imports a package that is not: `cryptography` for the lots). Not
//! those of docs/verification.md: they are the auditor's scripts that take
//! a record's directory or define a function, and `tests/record/docs.rs` runs them on records
//! made for them.
//!
//! `congress` is the binary under test. An exit status of 1 is a check's verdict (`check`,
//! `ballots diff`, `ballots check`, `audit`: "found a difference"), which a document may show;
//! `verify`, `verify-receipt` and `verify-consistency` must exit 0, and every other status
//! (2 usage, 3 input, 4 lot, 127 not found) fails the block.

use crate::util::scratch;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The shell function that stands for `congress` in the blocks.
const PRELUDE: &str = "congress() { command congress \"$@\" || { s=$?; case \"$1\" in \
                       verify*) return $s;; esac; [ $s -eq 1 ] || return $s; }; }\n";

/// The language of a block that runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    /// ```` ```sh ```` or ```` ```bash ````: run with `bash -e -o pipefail`.
    Shell,
    /// ```` ```python ````: run with `python3 -c`.
    Python,
}

/// The `sh`/`bash` and `python` blocks of `text`, each with the line of its opening fence.
fn runnable_blocks(text: &str) -> Vec<(usize, Lang, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, Lang, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut open {
            None if line == "```sh" || line == "```bash" => {
                open = Some((i + 1, Lang::Shell, String::new()))
            }
            None if line == "```python" => open = Some((i + 1, Lang::Python, String::new())),
            None => {}
            Some(_) if line.starts_with("```") => blocks.extend(open.take()),
            Some((_, _, body)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    blocks
}

/// The `sh`/`bash` blocks of `text`, each with the line of its opening fence.
fn shell_blocks(text: &str) -> Vec<(usize, String)> {
    runnable_blocks(text)
        .into_iter()
        .filter(|(_, lang, _)| *lang == Lang::Shell)
        .map(|(line, _, body)| (line, body))
        .collect()
}

/// A scratch directory holding links to the repository's top-level files and folders.
fn clone_like(name: &str) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = scratch(name);
    for entry in std::fs::read_dir(repo).unwrap() {
        let entry = entry.unwrap();
        let file = entry.file_name();
        if file == "target" || file == ".git" {
            continue;
        }
        std::os::unix::fs::symlink(entry.path(), dir.join(&file)).unwrap();
    }
    dir
}

/// README.md and every docs/*.md, sorted.
fn documents() -> Vec<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    docs.insert(0, repo.join("README.md"));
    docs
}

#[test]
fn every_shell_block_of_the_readme_and_docs_runs() {
    let binary = Path::new(env!("CARGO_BIN_EXE_congress"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let python = Command::new("python3").arg("--version").output().is_ok();
    if !python {
        eprintln!("note: python3 not installed; skipping the ```python blocks of the docs");
    }
    let mut failures = Vec::new();
    let mut ran = 0;
    for doc in documents() {
        let name = doc.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&doc).unwrap();
        let blocks: Vec<(usize, Lang, String)> = runnable_blocks(&text)
            .into_iter()
            .filter(|(_, lang, _)| *lang == Lang::Shell || (python && name != "verification.md"))
            .collect();
        if blocks.is_empty() {
            continue;
        }
        let dir = clone_like(&format!("docs-commands-{name}"));
        for (line, lang, body) in blocks {
            if body.lines().any(|l| l.trim_start().starts_with("cargo ")) {
                continue;
            }
            ran += 1;
            let mut command = match lang {
                Lang::Shell => {
                    let mut c = Command::new("bash");
                    c.args(["-e", "-o", "pipefail", "-c"])
                        .arg(format!("{PRELUDE}{body}"));
                    c
                }
                Lang::Python => {
                    let mut c = Command::new("python3");
                    c.arg("-c").arg(&body);
                    c
                }
            };
            let out = command
                .current_dir(&dir)
                .env("PATH", &path)
                .output()
                .unwrap();
            if !out.status.success() {
                let err = String::from_utf8_lossy(&out.stderr);
                if lang == Lang::Python && err.contains("ModuleNotFoundError") {
                    eprintln!("note: {name}:{line}: a Python package is not installed; skipped");
                    continue;
                }
                let tail: String = err.lines().rev().take(5).collect::<Vec<_>>().join(" | ");
                failures.push(format!("{name}:{line}: {}: {tail}", out.status));
            }
        }
    }
    assert!(
        ran >= 15,
        "only {ran} blocks found: is the fence syntax still ```sh?"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn blocks_are_found_with_their_lines() {
    let text = "a\n```sh\necho 1\necho 2\n```\n```text\nno\n```\n```bash\nls\n```\n";
    assert_eq!(
        shell_blocks(text),
        [(2, "echo 1\necho 2\n".to_string()), (9, "ls\n".to_string())]
    );
    let text = "```python\nprint(1)\n```\n```sh\nls\n```\n";
    assert_eq!(
        runnable_blocks(text),
        [
            (1, Lang::Python, "print(1)\n".to_string()),
            (4, Lang::Shell, "ls\n".to_string())
        ]
    );
}
