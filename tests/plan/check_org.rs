//! `congress check org`: the organisation limits of clauses 9 and 12 and the meeting cycle.

use crate::util::{congress, read_text, scratch};
use std::path::PathBuf;

const ORG: &str = "fixtures/org.toml";

fn variant(name: &str, from: &str, to: &str) -> PathBuf {
    let text = read_text(ORG);
    assert!(text.contains(from), "{from}");
    let dir = scratch(name);
    let path = dir.join("org.toml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn the_example_passes_henan_2017() {
    let o = congress(&["check", "org", ORG]);
    assert_eq!(o.status.code(), Some(0));
    let text = o.stdout();
    for id in [
        "9.president",
        "9.vice-presidents",
        "9.secretary-general",
        "9.deputies",
        "9.no-assistants",
        "9.core-members",
        "12.training",
        "8.congress-interval",
        "8.department-congress",
        "8.standing-conference",
    ] {
        assert!(text.contains(id), "missing {id}");
    }
    assert!(text.lines().skip(1).all(|l| l.starts_with("pass")));
}

#[test]
fn national_2019_caps_the_presidium_at_five() {
    let o = congress(&[
        "check",
        "org",
        ORG,
        "--profile",
        "national-2019",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let fails: Vec<&str> = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(fails, vec!["2019.presidium-size", "2019.staff"]);
    // 1 + 4 satisfies both profiles' presidium rules.
    let path = variant("n19", "vice_presidents = 5", "vice_presidents = 4");
    let o = congress(&[
        "check",
        "org",
        path.to_str().unwrap(),
        "--profile",
        "national-2019",
    ]);
    let text = o.stdout();
    assert!(text.contains("pass    2019.presidium-size"), "{text}");
}

#[test]
fn breaches_fail_with_exit_1() {
    for (from, to, id) in [
        (
            "vice_presidents = 5",
            "vice_presidents = 3",
            "9.vice-presidents",
        ),
        ("deputies = 1", "deputies = 3", "9.deputies"),
        (
            "assistant_posts = 0",
            "assistant_posts = 2",
            "9.no-assistants",
        ),
        ("core_members = 240", "core_members = 300", "9.core-members"),
        ("hours = 30", "hours = 20", "12.training"),
        (
            "secretaries_general = 1",
            "secretaries_general = 2",
            "9.secretary-general",
        ),
    ] {
        let path = variant(id, from, to);
        let o = congress(&["check", "org", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{to}");
        let text = o.stdout();
        let fails: Vec<&str> = text.lines().filter(|l| l.starts_with("fail")).collect();
        assert_eq!(fails.len(), 1, "{text}");
        assert!(fails[0].contains(id), "{text}");
    }
    // Multi-campus schools may add vice-presidents; single-campus ones may not.
    let path = variant("campus", "vice_presidents = 5", "vice_presidents = 8");
    assert_eq!(
        congress(&["check", "org", path.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("campuses = 2", "campuses = 1");
    std::fs::write(&path, text).unwrap();
    assert_eq!(
        congress(&["check", "org", path.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn unknown_keys_and_bad_files_are_input_errors() {
    let path = variant(
        "unknown",
        "core_members = 240",
        "core_members = 240\nvice_chairs = 2",
    );
    let o = congress(&["check", "org", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    let err = o.stderr();
    assert!(
        err.contains("org.toml:11: vice_chairs: unknown field"),
        "{err}"
    );
    let path = variant(
        "type",
        "students_served = 28300",
        "students_served = \"many\"",
    );
    let o = congress(&["check", "org", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(o
        .stderr()
        .contains("org.toml:7: students_served: invalid type"));
    assert_eq!(
        congress(&["check", "org", "/nonexistent.toml"])
            .status
            .code(),
        Some(3)
    );
    assert_eq!(
        congress(&["check", "org", ORG, "--profile", "beijing"])
            .status
            .code(),
        Some(2)
    );
}
