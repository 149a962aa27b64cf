//! What a script reads from `elect`: the CSV result keeps the status and the next round
//! (`--format csv`), and a count in stages writes its stages (`--rounds-csv`).

use crate::util::{congress, fixture, scratch};

fn committee(name: &str) -> (String, String) {
    (
        fixture(&format!("elections/committee/{name}.toml")),
        fixture(&format!("elections/committee/{name}.csv")),
    )
}

fn elect_csv(name: &str) -> String {
    let (election, ballots) = committee(name);
    let o = congress(&["elect", &election, &ballots, "--format", "csv"]);
    assert!(o.status.success(), "{}", o.stderr());
    o.stdout()
}

#[test]
fn csv_of_a_revote_names_the_tied_and_the_open_seat() {
    assert_eq!(
        elect_csv("tie"),
        "candidate,yes,no,abstain,elected,status,next_round,next_round_seats,on_next_ballot\n\
         甲,7,0,3,yes,revote-required,revote,1,no\n\
         乙,6,1,3,no,revote-required,revote,1,yes\n\
         丙,6,1,3,no,revote-required,revote,1,yes\n\
         丁,0,1,9,no,revote-required,revote,1,no\n"
    );
}

#[test]
fn csv_of_a_supplementary_round_names_the_slate_and_the_seats() {
    assert_eq!(
        elect_csv("presidium"),
        "candidate,yes,no,abstain,elected,status,next_round,next_round_seats,on_next_ballot\n\
         王芳,8,0,1,yes,supplementary-required,supplementary,2,no\n\
         李强,4,3,2,no,supplementary-required,supplementary,2,yes\n\
         张伟,2,4,2,no,supplementary-required,supplementary,2,yes\n\
         刘洋,2,2,5,no,supplementary-required,supplementary,2,yes\n\
         赵敏,1,,,no,supplementary-required,supplementary,2,no\n"
    );
}

#[test]
fn csv_of_a_complete_round_has_no_next_round() {
    assert_eq!(
        elect_csv("tie-revote"),
        "candidate,yes,no,abstain,elected,status,next_round,next_round_seats,on_next_ballot\n\
         乙,5,1,4,yes,complete,,,\n\
         丙,4,1,5,no,complete,,,\n"
    );
    let o = congress(&[
        "elect",
        &fixture("elections/dublin-west-2002/election.toml"),
        &fixture("elections/dublin-west-2002/ballots.blt"),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", o.stderr());
    assert_eq!(
        o.stdout(),
        "candidate,elected,status,next_round,next_round_seats,on_next_ballot\n\
         Brian Lenihan (FF),yes,complete,,,\n\
         Joe Higgins (SP),yes,complete,,,\n\
         Joan Burton (Lab),yes,complete,,,\n"
    );
}

#[test]
fn rounds_csv_has_one_row_per_candidate_per_stage() {
    let dir = scratch("rounds-csv");
    let out = dir.join("rounds.csv");
    let path = out.display().to_string();
    let election = fixture("elections/dublin-west-2002/election.toml");
    let ballots = fixture("elections/dublin-west-2002/ballots.blt");
    let o = congress(&["elect", &election, &ballots, "--rounds-csv", &path]);
    assert!(o.status.success(), "{}", o.stderr());
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "stage,action,candidate,total,transfer,outcome");
    assert_eq!(
        lines[1],
        "1,first preferences,Robert Bonnie (GP),748.00000,748.00000,"
    );
    assert!(lines.contains(&"1,first preferences,Brian Lenihan (FF),8086.00000,8086.00000,elected"));
    assert!(lines
        .contains(&"2,surplus of Brian Lenihan (FF),Brian Lenihan (FF),7498.00000,-588.00000,"));
    // The excluded candidate's row at the stage his votes leave: total 0, all transferred.
    assert!(lines
        .contains(&"3,exclusion of John Smyth (CSP),John Smyth (CSP),0.00000,-135.09065,excluded"));
    assert!(!lines
        .iter()
        .any(|l| l.starts_with("4,") && l.contains("John Smyth")));
    // Each candidate's transfers add up to their total at every stage (exact decimals).
    let units = |s: &str| -> i128 { s.replace('.', "").parse().unwrap() };
    let mut sums: std::collections::BTreeMap<String, i128> = Default::default();
    for line in &lines[1..] {
        let f: Vec<&str> = line.rsplitn(4, ',').collect();
        let (transfer, total) = (f[1], f[2]);
        let name = f[3].rsplit_once(',').unwrap().1.to_string();
        let sum = sums.entry(name).or_default();
        *sum += units(transfer);
        assert_eq!(*sum, units(total), "{line}");
    }
    // Written like every output: not over an existing file without --force.
    let again = congress(&["elect", &election, &ballots, "--rounds-csv", &path]);
    assert_eq!(again.status.code(), Some(3));
    assert!(again.stderr().contains("--force"), "{}", again.stderr());
    let forced = congress(&[
        "elect",
        &election,
        &ballots,
        "--rounds-csv",
        &path,
        "--force",
    ]);
    assert!(forced.status.success(), "{}", forced.stderr());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn rounds_csv_is_refused_for_a_count_without_stages() {
    let dir = scratch("rounds-csv-refused");
    let out = dir.join("rounds.csv");
    let (election, ballots) = committee("tie");
    let o = congress(&[
        "elect",
        &election,
        &ballots,
        "--rounds-csv",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        o.stderr()
            .contains("method: --rounds-csv writes the stages"),
        "{}",
        o.stderr()
    );
    assert!(!out.exists());
}

#[test]
fn rounds_csv_of_sequential_irv_numbers_stages_across_seats() {
    let dir = scratch("rounds-csv-sequential");
    let out = dir.join("rounds.csv");
    let o = congress(&[
        "elect",
        &fixture("rctab/sequential_with_batch/election.toml"),
        &fixture("rctab/sequential_with_batch/ballots.csv"),
        "--rounds-csv",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", o.stderr());
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "1,first preferences,A,5,5,elected");
    // The second seat's count starts again from zero, as stage 2.
    assert_eq!(lines[7], "2,first preferences,B,2,2,");
    assert!(lines.contains(&"3,\"exclusion of D, E, F\",D,0,-1,excluded"));
    assert_eq!(lines.last(), Some(&"4,first preferences,F,0,0,"));
}
