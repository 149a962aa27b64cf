//! `congress demo`: the main job end to end on bundled data, as a list of [`Step`]s.
//!
//! roster → plan → a department election under the plan's constraints → the presidium's
//! first round (a tie), written as a record → its re-vote, written by `congress next` and
//! counted as a linked record → two of the three committee members sign → verify → the
//! final body (`congress final`). Each step names the `congress` command lines a committee would type; the
//! runner ([`run`]) hands them to an executor (the binary runs them in-process, a script may
//! start `congress` instead), so what is printed is what ran. The data (`fixtures/demo/`,
//! `fixtures/roster.csv` and the DEMO keys of `fixtures/committee/`) is built into the binary.
//!
//! A new step is one more entry of [`STEPS`] (its inputs, if any, in [`INPUTS`]). `tests/docs/demo.rs` checks every step's command lines and
//! files.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// A file the demo writes into its directory before the first step: its name there and its
/// bytes, built in from `fixtures/`.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    /// The file's name in the demo directory.
    pub name: &'static str,
    /// Its contents.
    pub text: &'static str,
    /// Whether it is a secret key (written with mode 0600).
    pub secret: bool,
}

const fn input(name: &'static str, text: &'static str) -> Input {
    Input {
        name,
        text,
        secret: false,
    }
}

const fn secret(name: &'static str, text: &'static str) -> Input {
    Input {
        name,
        text,
        secret: true,
    }
}

/// The bundled inputs (fixtures/demo/README.md says what each holds).
pub const INPUTS: [Input; 12] = [
    input("roster.csv", include_str!("../fixtures/roster.csv")),
    input(
        "department.toml",
        include_str!("../fixtures/demo/department.toml"),
    ),
    input(
        "department.csv",
        include_str!("../fixtures/demo/department.csv"),
    ),
    input(
        "presidium.toml",
        include_str!("../fixtures/demo/presidium.toml"),
    ),
    input(
        "presidium.csv",
        include_str!("../fixtures/demo/presidium.csv"),
    ),
    input(
        "presidium-revote.csv",
        include_str!("../fixtures/demo/presidium-revote.csv"),
    ),
    input("wang.pub", include_str!("../fixtures/committee/wang.pub")),
    input("li.pub", include_str!("../fixtures/committee/li.pub")),
    input("zhao.pub", include_str!("../fixtures/committee/zhao.pub")),
    secret("wang.sec", include_str!("../fixtures/committee/wang.sec")),
    secret("li.sec", include_str!("../fixtures/committee/li.sec")),
    secret("zhao.sec", include_str!("../fixtures/committee/zhao.sec")),
];

/// What a step does.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    /// Runs these `congress` command lines (arguments after `congress`), in order; each must
    /// exit 0.
    Run(&'static [&'static [&'static str]]),
}

/// One step of the demo.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// A short title.
    pub title: &'static str,
    /// What the step shows, in a sentence or two.
    pub about: &'static str,
    /// What it does.
    pub action: Action,
    /// The files it writes in the demo directory (the test checks them).
    pub writes: &'static [&'static str],
}

/// The steps, in order.
pub const STEPS: &[Step] = &[
    Step {
        title: "plan the congress from the roster",
        about: "2400 students in 7 departments: 40 seats (at least 1% of the students), at \
                least 3 per department, shared by department and grade (clause 8).",
        action: Action::Run(&[
            &["plan", "roster.csv", "--seats", "40"],
            &["plan", "roster.csv", "--seats", "40", "--out", "plan.json"],
        ]),
        writes: &["plan.json"],
    },
    Step {
        title: "a department elects its delegates, within the plan's constraints",
        about: "数学与统计学院 has 3 seats in the plan, and at least 2 of them (3/5) must go to \
                students who are not union cadres (clause 8). Five candidates, a competitive \
                election (差额选举) by the committee rules of henan-2017: the two cadres lead, so \
                the second (周婷) is passed over and the non-cadre 郑浩 takes the third seat.",
        action: Action::Run(&[
            &["elect", "department.toml", "department.csv"],
            &[
                "elect",
                "department.toml",
                "department.csv",
                "--out",
                "department.json",
            ],
        ]),
        writes: &["department.json"],
    },
    Step {
        title: "the presidium's first round, published as a record",
        about: "Seven candidates for five seats: four are elected, 陈静 and 杨磊 tie for the \
                fifth seat, so the count asks for a re-vote (status revote-required). The \
                count is written as a record: the ballots, the tally and the result, listed in \
                a SHA256 manifest for the committee to sign.",
        action: Action::Run(&[
            &["elect", "presidium.toml", "presidium.csv"],
            &[
                "elect",
                "presidium.toml",
                "presidium.csv",
                "--record",
                "round1",
            ],
        ]),
        writes: &["round1/SHA256", "round1/result.json"],
    },
    Step {
        title: "the re-vote the first round asks for",
        about: "congress next writes the re-vote's election file from the first round's \
                record: 陈静 and 杨磊 for one seat, the committee, and a link to the first \
                round (its result's SHA-256 and the record's root), which elect checks and the \
                re-vote's record keeps as previous/result.json.",
        action: Action::Run(&[
            &[
                "next",
                "round1",
                "--out",
                "presidium-revote.toml",
                "--entitled",
                "15",
                "--present",
                "13",
                "--issued",
                "13",
            ],
            &[
                "elect",
                "presidium-revote.toml",
                "presidium-revote.csv",
                "--record",
                "record",
            ],
        ]),
        writes: &[
            "presidium-revote.toml",
            "record/SHA256",
            "record/result.json",
            "record/previous/result.json",
        ],
    },
    Step {
        title: "two of the three committee members sign both records",
        about: "The election files name a committee of three (wang, li, zhao) of whom any two \
                must sign. These are DEMO KEYS, public on purpose: a real committee makes its \
                own with congress keygen NAME and keeps the .sec files offline.",
        action: Action::Run(&[
            &["sign", "round1", "--key", "wang.sec", "--member", "wang"],
            &["sign", "round1", "--key", "li.sec", "--member", "li"],
            &["sign", "record", "--key", "wang.sec", "--member", "wang"],
            &["sign", "record", "--key", "li.sec", "--member", "li"],
        ]),
        writes: &["round1/SHA256.wang.sig", "record/SHA256.li.sig"],
    },
    Step {
        title: "anyone verifies the records",
        about: "Every check, one line each: the manifest, the signatures of two members, the \
                ballots, the recount, and for the re-vote its link to the first round (V15). \
                Exit 0 iff all pass.",
        action: Action::Run(&[
            &[
                "verify", "round1", "--trust", "wang.pub", "--trust", "li.pub",
            ],
            &[
                "verify", "record", "--trust", "wang.pub", "--trust", "li.pub",
            ],
        ]),
        writes: &[],
    },
    Step {
        title: "the final body",
        about: "Every presidium seat, who holds it, in which voting round and with how many \
                votes; congress final checks that the re-vote continues the first round.",
        action: Action::Run(&[&["final", "round1", "record"]]),
        writes: &[],
    },
];

/// Writes the bundled inputs into `dir`, which must not exist or be empty.
pub fn write_inputs(dir: &Path) -> Result<()> {
    let name = dir.display().to_string();
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::input(
                    "the demo directory is not empty; name a new or empty directory",
                )
                .file(name));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        Err(e) => return Err(Error::io(dir, e)),
    }
    for file in INPUTS {
        let path = dir.join(file.name);
        if file.secret {
            crate::output::write_private(&path, file.text.as_bytes(), false)?;
        } else {
            crate::output::write_atomic(&path, file.text.as_bytes(), false)?;
        }
    }
    Ok(())
}

/// Runs every step in `dir` (already holding the inputs): prints each step and its command
/// lines to `out`, and hands each command line to `exec`, which runs it in `dir` and returns
/// its exit code.
pub fn run(
    dir: &Path,
    out: &mut dyn Write,
    exec: &mut dyn FnMut(&[&str]) -> Result<i32>,
) -> Result<()> {
    let say = |out: &mut dyn Write, text: String| {
        out.write_all(text.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| Error::input(format!("cannot write the demo's output: {e}")))
    };
    for (n, step) in STEPS.iter().enumerate() {
        say(
            out,
            format!(
                "\n== step {} of {}: {}\n{}\n",
                n + 1,
                STEPS.len(),
                step.title,
                step.about
            ),
        )?;
        match step.action {
            Action::Run(lines) => {
                for args in lines {
                    say(out, format!("\n$ congress {}\n", args.join(" ")))?;
                    let code = exec(args)?;
                    if code != 0 {
                        return Err(Error::input(format!(
                            "demo step {} ({}): congress {} exited {code}, expected 0",
                            n + 1,
                            step.title,
                            args.join(" ")
                        ))
                        .file(dir.display().to_string()));
                    }
                }
            }
        }
    }
    Ok(())
}
