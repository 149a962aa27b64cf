//! `--error-format json`: every error as one JSON object on standard error, for scripts,
//! with the exit codes of the contract unchanged.

use crate::util::{congress, fixture};

fn json_errors(stderr: &str) -> serde_json::Value {
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    serde_json::from_str(stderr).unwrap_or_else(|e| panic!("{e}: {stderr}"))
}

#[test]
fn an_input_error_is_one_json_object_with_every_key() {
    let election = fixture("elections/committee/tie.toml");
    let text = congress(&["elect", &election, "no-such-ballots.csv"]);
    assert_eq!(text.status.code(), Some(3));
    assert!(text.stderr().starts_with("error: no-such-ballots.csv: "));
    let o = congress(&[
        "elect",
        &election,
        "no-such-ballots.csv",
        "--error-format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(3));
    let v = json_errors(&o.stderr());
    assert_eq!(v["more"], 0);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e["file"], "no-such-ballots.csv");
    assert!(e["line"].is_null() && e["column"].is_null() && e["field"].is_null());
    let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["file", "line", "column", "field", "message"]);
    assert_eq!(
        format!(
            "error: no-such-ballots.csv: {}\n",
            e["message"].as_str().unwrap()
        ),
        text.stderr()
    );
}

#[test]
fn a_line_and_field_are_kept_and_the_flag_goes_anywhere() {
    let dir = crate::util::scratch("error-format");
    let ballots = crate::util::write(
        &dir,
        "b.csv",
        "ballot_id,甲,乙,丙,丁\nb1,赞成,,,\nb2,赞成,也许,,\n",
    );
    let election = fixture("elections/committee/tie.toml");
    let text = congress(&["elect", &election, &ballots]);
    let o = congress(&["--error-format=json", "elect", &election, &ballots]);
    assert_eq!(o.status.code(), text.status.code());
    assert_eq!(o.status.code(), Some(3));
    let v = json_errors(&o.stderr());
    let e = &v["errors"][0];
    let mut expected = format!("error: {}:", e["file"].as_str().unwrap());
    if let Some(line) = e["line"].as_u64() {
        expected.push_str(&format!("{line}:"));
    }
    expected.push(' ');
    if let Some(field) = e["field"].as_str() {
        expected.push_str(&format!("{field}: "));
    }
    expected.push_str(e["message"].as_str().unwrap());
    assert_eq!(format!("{expected}\n"), text.stderr());
    assert!(e["line"].is_u64(), "{}", o.stderr());
}

#[test]
fn usage_errors_are_json_too_and_exit_2() {
    for args in [
        &["elect", "--no-such-flag", "--error-format", "json"][..],
        &["--error-format", "json", "elect"][..],
        &["--error-format", "json"][..],
        &[
            "elect",
            "a.toml",
            "b.csv",
            "--format",
            "xml",
            "--error-format=json",
        ][..],
    ] {
        let o = congress(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let v = json_errors(&o.stderr());
        assert_eq!(v["more"], 0);
        assert!(!v["errors"][0]["message"].as_str().unwrap().is_empty());
    }
    let o = congress(&["elect", "--no-such-flag", "--error-format", "json"]);
    assert_eq!(
        json_errors(&o.stderr())["errors"][0]["field"],
        "--no-such-flag"
    );
    // Text stays clap's own, and an unknown format is a usage error.
    let o = congress(&["elect", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o
        .stderr()
        .starts_with("error: unexpected argument '--no-such-flag'"));
    let o = congress(&["--error-format", "xml", "elect", "a", "b"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        o.stderr().contains("expected text or json"),
        "{}",
        o.stderr()
    );
}

#[test]
fn help_and_results_are_unchanged_by_the_flag() {
    let o = congress(&["--error-format", "json", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout().contains("--error-format"));
    let election = fixture("elections/committee/tie-revote.toml");
    let ballots = fixture("elections/committee/tie-revote.csv");
    let plain = congress(&["elect", &election, &ballots]);
    let json = congress(&["elect", &election, &ballots, "--error-format", "json"]);
    assert!(json.status.success());
    assert_eq!(plain.stdout(), json.stdout());
    assert_eq!(json.stderr(), "");
}
