//! `congress report` without a browser: the input's kind, errors, languages, determinism.

use crate::util::{congress, congress_stdin, scratch, write};

#[test]
fn reports_are_byte_identical_run_to_run_and_labelled_in_the_language_asked() {
    let json = congress(&["plan", "fixtures/roster.csv", "--format", "json"]).stdout();
    let zh = congress_stdin(&["report", "-", "--lang", "zh"], json.as_bytes());
    assert_eq!(zh.code(), 0, "{}", zh.stderr());
    let again = congress_stdin(&["report", "-", "--lang", "zh"], json.as_bytes());
    assert_eq!(zh.stdout(), again.stdout());
    let en = congress_stdin(&["report", "-", "--lang", "en"], json.as_bytes());
    assert!(zh.stdout().contains("<html lang=\"zh-Hans\">"));
    assert!(zh.stdout().contains("各院系名额与精确份额"));
    assert!(en.stdout().contains("<html lang=\"en\">"));
    assert!(en
        .stdout()
        .contains("Seats against the exact quota per department"));
    // Self-contained: nothing is fetched.
    for page in [zh.stdout(), en.stdout()] {
        assert!(!page.contains("https://"), "a report fetches nothing");
        assert!(!page.contains(" src="), "a report loads nothing");
        assert!(!page.contains("<link"), "a report loads nothing");
    }
}

#[test]
fn the_language_comes_from_congress_lang_then_the_locale() {
    let json = congress(&["plan", "fixtures/roster.csv", "--format", "json"]).stdout();
    let dir = scratch("lang");
    let path = write(&dir, "plan.json", &json);
    let run = |vars: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_congress"));
        cmd.args(["report", &path]);
        for name in ["CONGRESS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            cmd.env_remove(name);
        }
        for (k, v) in vars {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(run(&[("LANG", "zh_CN.UTF-8")]).contains("lang=\"zh-Hans\""));
    assert!(run(&[("LANG", "zh_CN.UTF-8"), ("CONGRESS_LANG", "en")]).contains("lang=\"en\""));
    assert!(run(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")]).contains("lang=\"en\""));
    assert!(run(&[]).contains("lang=\"en\""));
}

#[test]
fn names_are_escaped() {
    let json = congress(&[
        "elect",
        "fixtures/elections/committee/presidium.toml",
        "fixtures/elections/committee/presidium.csv",
        "--format",
        "json",
    ])
    .stdout()
    .replace("王芳", "<img src=x onerror=alert(1)>&");
    let run = congress_stdin(&["report", "-", "--lang", "en"], json.as_bytes());
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let page = run.stdout();
    assert!(!page.contains("<img"), "a name became markup");
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;&amp;"));
}

#[test]
fn inputs_that_are_not_a_plan_result_or_record_are_input_errors() {
    let dir = scratch("bad");
    let path = write(&dir, "bad.json", "{\n  \"x\": 1,\n}\n");
    let run = congress(&["report", &path]);
    let (code, _, stderr) = run.parts();
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: {path}:3: not JSON")),
        "{stderr}"
    );
    let path = write(&dir, "other.json", "{\"x\": 1}");
    let (code, _, stderr) = congress(&["report", &path]).parts();
    assert_eq!(code, 3);
    assert!(stderr.contains("or a record directory"), "{stderr}");
    let out = dir.join("exists.html");
    std::fs::write(&out, "keep").unwrap();
    let plan = congress(&["plan", "fixtures/roster.csv", "--format", "json"]).stdout();
    let plan_path = write(&dir, "plan.json", &plan);
    let (code, _, _) = congress(&["report", &plan_path, "--out", out.to_str().unwrap()]).parts();
    assert_eq!(code, 3, "an existing --out file is kept without --force");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
    let (code, _, _) = congress(&["report", &plan_path, "--lang", "fr"]).parts();
    assert_eq!(code, 2);
}
