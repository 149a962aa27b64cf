//! The harness every test module shares: the one `congress` runner and what its output is
//! read with, scratch directories, fixture paths, and external tools. Record builders (test
//! keys, a small plurality counter, signed station records) are in [`record`].

pub mod record;
pub mod schema;

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root. `congress` runs here unless a test says otherwise, so relative paths
/// such as `fixtures/roster.csv` work as arguments.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The absolute path of `fixtures/<path>`, for runs from another directory.
pub fn fixture(path: &str) -> String {
    format!("{ROOT}/fixtures/{path}")
}

/// The text of the repository file at `path` (`fixtures/org.toml`).
pub fn read_text(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap()
}

/// Runs `congress ARGS` from the repository root.
pub fn congress<S: AsRef<OsStr>>(args: &[S]) -> Run {
    run(Path::new(ROOT), args, None)
}

/// Runs `congress ARGS` from `dir`.
pub fn congress_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Run {
    run(dir, args, None)
}

/// Runs `congress ARGS` from the repository root with `input` as its standard input.
pub fn congress_stdin<S: AsRef<OsStr>>(args: &[S], input: &[u8]) -> Run {
    run(Path::new(ROOT), args, Some(input))
}

/// Runs `congress ARGS` from the repository root with the language variables `vars` set
/// (`CONGRESS_LANG`, `LC_ALL`, `LC_MESSAGES`, `LANG`; the others unset).
pub fn congress_env<S: AsRef<OsStr>>(args: &[S], vars: &[(&str, &str)]) -> Run {
    let mut command = command(Path::new(ROOT), args);
    command.envs(vars.iter().copied());
    spawn(command, None)
}

/// The variables that choose the language of `congress`'s human-facing output: unset in
/// every run, so that tests read English whatever the machine's locale, unless a test sets
/// them ([`congress_env`]).
pub const LANGUAGE_VARIABLES: [&str; 4] = ["CONGRESS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"];

/// The command that starts the binary in `dir`, without the language variables.
fn command<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_congress"));
    command.args(args).current_dir(dir);
    for name in LANGUAGE_VARIABLES {
        command.env_remove(name);
    }
    command
}

/// The one place the binary is started. Without `input`, standard input is empty.
fn run<S: AsRef<OsStr>>(dir: &Path, args: &[S], input: Option<&[u8]>) -> Run {
    spawn(command(dir, args), input)
}

/// Starts `command` and waits for it, `input` on its standard input.
fn spawn(mut command: Command, input: Option<&[u8]>) -> Run {
    let mut child = command
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start congress");
    if let Some(input) = input {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    Run(child.wait_with_output().expect("run congress"))
}

/// One run of `congress`: the process `Output` (`status`, `stdout`, `stderr` bytes) and its
/// parts as text.
pub struct Run(Output);

impl std::ops::Deref for Run {
    type Target = Output;

    fn deref(&self) -> &Output {
        &self.0
    }
}

impl Run {
    /// The exit code; -1 when a signal ended the process.
    pub fn code(&self) -> i32 {
        self.status.code().unwrap_or(-1)
    }

    /// Standard output, which must be UTF-8.
    pub fn stdout(&self) -> String {
        String::from_utf8(self.0.stdout.clone()).expect("stdout is UTF-8")
    }

    /// Standard error, which must be UTF-8.
    pub fn stderr(&self) -> String {
        String::from_utf8(self.0.stderr.clone()).expect("stderr is UTF-8")
    }

    /// The exit code, standard output and standard error, to destructure.
    pub fn parts(&self) -> (i32, String, String) {
        (self.code(), self.stdout(), self.stderr())
    }

    /// Standard output as JSON, once the run is checked to have succeeded (exit 0).
    pub fn json(&self) -> serde_json::Value {
        assert!(
            self.status.success(),
            "exit {:?}: {}",
            self.status.code(),
            String::from_utf8_lossy(&self.0.stderr)
        );
        serde_json::from_slice(&self.0.stdout).expect("JSON output")
    }
}

/// A fresh, empty directory for one test: `<temp>/congress-tests-<pid>/<file>-<name>`, where
/// `<file>` names the calling test file (`record-cli` for `tests/record/cli.rs`), so a name
/// needs to be unique within its file only.
#[track_caller]
pub fn scratch(name: &str) -> PathBuf {
    let file = std::panic::Location::caller().file();
    let tag = file
        .trim_start_matches("tests/")
        .trim_end_matches(".rs")
        .replace(['/', '\\'], "-");
    let dir = std::env::temp_dir()
        .join(format!("congress-tests-{}", std::process::id()))
        .join(format!("{tag}-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `dir/name`; its path.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// A tie-breaker without a beacon: a tie that only a lot can decide is an error (exit 4).
pub fn no_lots() -> congress::ballot::tiebreak::TieBreaker {
    congress::ballot::tiebreak::TieBreaker::new([0; 32], "test", None)
}

/// The names as owned strings, sorted: winners compared regardless of order.
pub fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Runs the external tool `cmd` from `dir` with `input` as its standard input (empty without
/// one); whether it succeeded, and its standard output followed by its standard error.
pub fn run_tool(dir: &Path, cmd: &str, args: &[&str], input: Option<Vec<u8>>) -> (bool, String) {
    let mut child = Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = input {
        child.stdin.take().unwrap().write_all(&input).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// `name` if the external tool runs here; `None` (after a note) when it is missing outside
/// CI. Under CI (`CI` set) a missing tool is a failure: `.ci/run` installs them.
pub fn tool(name: &str) -> Option<&str> {
    let found = Command::new(name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if found {
        return Some(name);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{name} is not installed: CI must install it (apt-get install signify-openbsd coreutils)");
    }
    eprintln!("note: {name} is not installed; skipping this interop test (apt-get install signify-openbsd)");
    None
}
