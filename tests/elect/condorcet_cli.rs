//! `congress elect` with the pairwise and selection methods, end to end: the Debian 2007
//! election from its PrefLib file, ties with and without a beacon (exit 4), and marks
//! ballots for plurality.

use crate::util::{congress, fixture, scratch, Run};
use std::ffi::OsStr;
use std::path::Path;

/// `congress elect ELECTION BALLOTS EXTRA…`.
fn elect(election: &Path, ballots: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        OsStr::new("elect"),
        election.as_os_str(),
        OsStr::new(ballots),
    ];
    args.extend(extra.iter().map(OsStr::new));
    congress(&args)
}

#[test]
fn debian_2007_by_schulze_ranked_pairs_and_copeland() {
    // https://www.debian.org/vote/2007/vote_001: "The winner is Sam Hocevar".
    let dir = scratch("debian");
    for method in ["schulze", "ranked-pairs", "copeland"] {
        let election = dir.join(format!("{method}.toml"));
        std::fs::write(
            &election,
            format!("id = \"dpl-2007\"\ntitle = \"DPL 2007\"\nmethod = \"{method}\"\nseats = 1\n"),
        )
        .unwrap();
        let ballots = fixture("elections/debian-dpl-2007/ballots.soi");
        let result = elect(&election, &ballots, &["--format", "json"]).json();
        assert_eq!(result["method"], method);
        assert_eq!(result["status"], "complete");
        assert_eq!(result["elected"], serde_json::json!(["Sam Hocevar"]));
        assert_eq!(result["ballots"]["valid"], 482);
        assert_eq!(result["ties"], serde_json::json!([]));
        let d = &result["details"]["pairwise"];
        assert!(
            d["Sam Hocevar"]["Steve McIntyre"].as_u64()
                > d["Steve McIntyre"]["Sam Hocevar"].as_u64()
        );
        // Same input, same bytes.
        let again = elect(&election, &ballots, &["--format", "json"]);
        assert_eq!(
            serde_json::to_string(&result).unwrap(),
            serde_json::to_string(&again.json()).unwrap()
        );
    }
}

#[test]
fn a_tie_stops_without_a_beacon_and_is_drawn_with_one() {
    let dir = scratch("tie");
    let ballots = dir.join("tie.toi");
    std::fs::write(
        &ballots,
        "# ALTERNATIVE NAME 1: Ann\n# ALTERNATIVE NAME 2: Bo\n# ALTERNATIVE NAME 3: Cy\n\
         1: 1,2,3\n1: 2,3,1\n1: 3,1,2\n",
    )
    .unwrap();
    let ballots = ballots.display().to_string();
    for method in ["schulze", "ranked-pairs", "copeland", "borda"] {
        let election = dir.join(format!("{method}.toml"));
        let base = format!("id = \"tie\"\nmethod = \"{method}\"\nseats = 1\n");
        std::fs::write(&election, &base).unwrap();
        let o = elect(&election, &ballots, &["--format", "json"]);
        assert_eq!(o.status.code(), Some(4), "{method}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.starts_with("error: "), "{method}: {err}");
        assert!(err.contains("tie among Ann, Bo, Cy"), "{method}: {err}");
        assert!(o.stdout.is_empty());

        std::fs::write(
            &election,
            format!("{base}[tiebreak]\nseed = \"dice 3 1 4 1 5\"\n"),
        )
        .unwrap();
        let result = elect(&election, &ballots, &["--format", "json"]).json();
        let ties = result["ties"].as_array().unwrap();
        assert_eq!(ties.len(), 1, "{method}: {ties:?}");
        assert_eq!(ties[0]["resolved_by"], "lot");
        assert_eq!(result["elected"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn plurality_from_a_marks_csv() {
    let dir = scratch("plurality");
    let election = dir.join("e.toml");
    std::fs::write(
        &election,
        "id = \"chair\"\nmethod = \"plurality\"\nseats = 1\ncandidates = [\"王芳\", \"李强\"]\n",
    )
    .unwrap();
    let ballots = dir.join("ballots.csv");
    std::fs::write(
        &ballots,
        "ballot_id,王芳,李强\nb1,○,\nb2,√,\nb3,,yes\nb4,yes,yes\nb5,,\n",
    )
    .unwrap();
    let result = elect(
        &election,
        &ballots.display().to_string(),
        &["--format", "json"],
    )
    .json();
    assert_eq!(result["elected"], serde_json::json!(["王芳"]));
    assert_eq!(result["ballots"]["valid"], 4);
    assert_eq!(result["ballots"]["invalid"]["overvote"], 1);
    assert_eq!(result["details"]["totals"]["王芳"], 2);
    assert_eq!(result["details"]["blank"], 1);
}
