//! Plurality, block and approval over marks ballots: selections, overvotes, blanks,
//! write-ins and ties at the last seat.

use crate::util::no_lots;
use congress::ballot::methods::{approval, block, plurality};
use congress::ballot::tiebreak::TieBreaker;
use congress::ballot::{Mark, MarksBallot, MarksProfile, MethodOutcome};
use serde_json::json;

/// A profile from `(weight, "YN?-", write-ins)`: Y yes, N no, - abstain, ? illegible.
fn profile(ballots: &[(u64, &str, &[&str])]) -> MarksProfile {
    MarksProfile {
        candidates: ["王芳", "李强", "张伟", "刘洋"].map(String::from).to_vec(),
        ballots: ballots
            .iter()
            .map(|(w, marks, write_ins)| {
                let marks = marks
                    .chars()
                    .map(|c| match c {
                        'Y' => Mark::Yes,
                        'N' => Mark::No,
                        '?' => Mark::Illegible,
                        _ => Mark::Abstain,
                    })
                    .collect();
                let write_ins = write_ins.iter().map(|s| s.to_string()).collect();
                (MarksBallot { marks, write_ins }, *w)
            })
            .collect(),
    }
}

fn names(p: &MarksProfile, o: &MethodOutcome) -> Vec<String> {
    o.elected
        .iter()
        .map(|&c| p.candidates[c as usize].clone())
        .collect()
}

#[test]
fn plurality_one_selection_per_ballot() {
    let p = profile(&[
        (10, "Y---", &[]),
        (7, "-Y--", &[]),
        (4, "YY--", &[]),       // overvote: invalid
        (3, "----", &[]),       // blank: valid
        (2, "NNNN", &[]),       // blank too
        (5, "-N-?", &[]),       // no selection, one illegible line
        (1, "--Y-", &["赵六"]), // two selections with the write-in: overvote
        (2, "----", &["赵六"]),
    ]);
    let o = plurality::count(&p, 1, &mut no_lots()).unwrap();
    assert_eq!(names(&p, &o), ["王芳"]);
    assert_eq!(o.valid, 10 + 7 + 3 + 2 + 5 + 2);
    assert_eq!(o.invalid.get("overvote"), Some(&5));
    assert_eq!(
        o.details["totals"],
        json!({"王芳": 10, "李强": 7, "张伟": 0, "刘洋": 0})
    );
    assert_eq!(o.details["write_ins"], json!({"赵六": 2}));
    assert_eq!(o.details["blank"], 10);
    assert_eq!(o.details["illegible_marks"], 5);
    // Two seats: the next highest (single non-transferable vote).
    let o = plurality::count(&p, 2, &mut no_lots()).unwrap();
    assert_eq!(names(&p, &o), ["王芳", "李强"]);
}

#[test]
fn block_allows_up_to_seats_selections() {
    let p = profile(&[
        (6, "YY--", &[]),
        (5, "-YY-", &[]),
        (4, "YYY-", &[]), // 3 selections for 2 seats: overvote
        (3, "Y---", &[]),
        (2, "---Y", &["赵六"]),
    ]);
    let o = block::count(&p, 2, &mut no_lots()).unwrap();
    assert_eq!(o.invalid.get("overvote"), Some(&4));
    assert_eq!(o.valid, 16);
    assert_eq!(
        o.details["totals"],
        json!({"王芳": 9, "李强": 11, "张伟": 5, "刘洋": 2})
    );
    assert_eq!(names(&p, &o), ["李强", "王芳"]);
    // With 3 seats the YYY- ballots are valid.
    let o = block::count(&p, 3, &mut no_lots()).unwrap();
    assert!(o.invalid.is_empty());
    assert_eq!(names(&p, &o), ["李强", "王芳", "张伟"]);
}

#[test]
fn approval_counts_every_selection() {
    let p = profile(&[(4, "YYYY", &[]), (3, "Y-N-", &[]), (2, "-Y--", &[])]);
    let o = approval::count(&p, 1, &mut no_lots()).unwrap();
    assert!(o.invalid.is_empty());
    assert_eq!(o.valid, 9);
    assert_eq!(
        o.details["totals"],
        json!({"王芳": 7, "李强": 6, "张伟": 4, "刘洋": 4})
    );
    assert_eq!(names(&p, &o), ["王芳"]);
}

#[test]
fn tie_at_the_last_seat_goes_to_a_recorded_lot() {
    let p = profile(&[(4, "YY--", &[]), (3, "--Y-", &[]), (3, "---Y", &[])]);
    // Two seats: 王芳 and 李强 (4 each) fill both; nothing to draw.
    let mut ties = no_lots();
    let o = approval::count(&p, 2, &mut ties).unwrap();
    assert_eq!(names(&p, &o), ["王芳", "李强"]);
    assert!(ties.ties.is_empty());
    // Three seats: 张伟 and 刘洋 tie at 3 for the last seat.
    let e = approval::count(&p, 3, &mut no_lots()).unwrap_err();
    assert_eq!(e.exit_code(), 4);
    let mut ties = TieBreaker::new([3; 32], "t", Some("2027-05-04 lottery 17 23 41".into()));
    let o = approval::count(&p, 3, &mut ties).unwrap();
    assert_eq!(ties.ties.len(), 1);
    let tie = &ties.ties[0];
    assert_eq!(tie.context, "approval: tie for the last seat (seat 3)");
    assert_eq!(tie.resolved_by, "lot");
    assert_eq!(tie.candidates, ["张伟", "刘洋"]);
    assert_eq!(names(&p, &o)[2], tie.order[0]);
    assert_eq!(o.elected.len(), 3);
}

#[test]
fn seats_must_be_positive() {
    let p = profile(&[(1, "Y---", &[])]);
    assert_eq!(
        plurality::count(&p, 0, &mut no_lots())
            .unwrap_err()
            .exit_code(),
        3
    );
}
