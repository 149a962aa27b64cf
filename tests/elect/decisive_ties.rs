//! Only ties that can change who is elected stop a count: every resolution of a tie is
//! explored, a tie none of whose resolutions changes the winners is settled by the
//! candidate order and marked `"decisive": false`, and exit 4 remains for ties the lot
//! decides.

use congress::ballot::count::{count, count_under};
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::ballot::result::ElectionResult;
use congress::ballot::tiebreak::LotPolicy;
use congress::internals::input::Source;
use proptest::prelude::*;

fn election(method: &str, seats: u32, names: &[&str], seed: Option<&str>) -> Election {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let mut text = format!(
        "id = \"t\"\nmethod = \"{method}\"\nseats = {seats}\ncandidates = [{}]\n",
        quoted.join(", ")
    );
    if let Some(seed) = seed {
        text.push_str(&format!("[tiebreak]\nseed = \"{seed}\"\n"));
    }
    Election::parse(&Source::from_text("e.toml", text)).unwrap()
}

/// Ranks CSV from rankings given as candidate indices (best first).
fn ranks(names: &[&str], ballots: &[&[usize]]) -> String {
    let mut text = format!("ballot_id,{}\n", names.join(","));
    for (i, ranking) in ballots.iter().enumerate() {
        let mut cells = vec![String::new(); names.len()];
        for (r, &c) in ranking.iter().enumerate() {
            cells[c] = (r + 1).to_string();
        }
        text.push_str(&format!("b{i:03},{}\n", cells.join(",")));
    }
    text
}

fn run(e: &Election, text: &str) -> congress::Result<ElectionResult> {
    let bx = read_ballots(&Source::from_text("b.csv", text), BallotFormat::Ranks, e)?;
    count(e, &bx)
}

#[test]
fn a_tie_for_exclusion_that_changes_nothing_is_settled_without_a_lot() {
    // C and D tie for the first exclusion; either one's ballot gives A a majority.
    let names = ["A", "B", "C", "D"];
    let ballots: &[&[usize]] = &[&[0], &[0], &[0], &[1], &[1], &[2, 0], &[3, 0]];
    let text = ranks(&names, ballots);
    for method in ["irv", "stv"] {
        let r = run(&election(method, 1, &names, None), &text).unwrap();
        assert_eq!(r.elected, ["A"], "{method}");
        assert!(r.lots.is_empty(), "{method}");
        let lot_ties: Vec<_> = r.ties.iter().filter(|t| t.decisive.is_some()).collect();
        assert!(!lot_ties.is_empty(), "{method}: {:?}", r.ties);
        for t in lot_ties {
            assert_eq!(t.decisive, Some(false), "{method}: {t:?}");
            assert_eq!(t.resolved_by, "candidate order");
        }
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["ties"][0]["decisive"], false, "{method}");
        // With a beacon the lot is drawn as before, and the tie is still marked.
        let seeded = run(&election(method, 1, &names, Some("dice 4 4 2")), &text).unwrap();
        assert_eq!(seeded.elected, ["A"]);
        assert!(!seeded.lots.is_empty());
        let t = seeded.ties.iter().find(|t| t.resolved_by == "lot").unwrap();
        assert_eq!(t.decisive, Some(false));
    }
}

#[test]
fn a_tie_that_changes_the_winner_still_needs_the_lot() {
    // A and B tie at the first count, C has nothing: excluding A elects B, and the reverse.
    let names = ["A", "B", "C"];
    let ballots: &[&[usize]] = &[&[0], &[0], &[1], &[1]];
    let text = ranks(&names, ballots);
    let e = run(&election("irv", 1, &names, None), &text).unwrap_err();
    assert_eq!(e.exit_code(), 4, "{e}");
    assert!(
        e.message.contains("another resolution elects differently"),
        "{e}"
    );
    assert_eq!(e.file.as_deref(), Some("e.toml"));
    let r = run(&election("irv", 1, &names, Some("dice 1 2")), &text).unwrap();
    let decisive: Vec<_> = r.ties.iter().filter_map(|t| t.decisive).collect();
    assert!(decisive.contains(&true), "{:?}", r.ties);
}

#[test]
fn records_of_the_first_format_keep_stopping_at_every_lot() {
    let names = ["A", "B", "C", "D"];
    let ballots: &[&[usize]] = &[&[0], &[0], &[0], &[1], &[1], &[2, 0], &[3, 0]];
    let text = ranks(&names, ballots);
    let e = election("irv", 1, &names, None);
    let bx = read_ballots(&Source::from_text("b.csv", text), BallotFormat::Ranks, &e).unwrap();
    let err = count_under(&e, &bx, [0; 32], LotPolicy::Always).unwrap_err();
    assert_eq!(err.exit_code(), 4);
    let seeded = election("irv", 1, &names, Some("s"));
    let r = count_under(&seeded, &bx, [0; 32], LotPolicy::Always).unwrap();
    assert!(r.ties.iter().all(|t| t.decisive.is_none()));
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("decisive"), "{json}");
}

#[test]
fn ties_whose_resolutions_cannot_all_be_explored_need_the_lot() {
    // Eight candidates without a vote are excluded one at a time: 8! orders, more than the
    // bound on recounts, so the first of those ties is taken to be decisive.
    let names = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"];
    let ballots: &[&[usize]] = &[&[0], &[0], &[1], &[1], &[2, 0]];
    let text = ranks(&names, ballots);
    let e = run(&election("irv", 1, &names, None), &text).unwrap_err();
    assert_eq!(e.exit_code(), 4);
    assert!(
        e.message.contains("within the bound of 1000 recounts"),
        "{e}"
    );
    // Two of them are explored in full.
    let few = ["A", "B", "C", "D", "E"];
    let r = run(&election("irv", 1, &few, None), &ranks(&few, ballots)).unwrap();
    assert_eq!(r.elected, ["A"]);
    assert!(
        r.ties.iter().all(|t| t.decisive != Some(true)),
        "{:?}",
        r.ties
    );
}

fn sample_names(n: usize) -> Vec<&'static str> {
    ["A", "B", "C", "D", "E"][..n].to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A count that finishes without a beacon although it met ties elects what every lot
    /// would have elected: the ties it calls not decisive are not.
    #[test]
    fn ties_called_not_decisive_change_nothing_whatever_the_lot(
        n in 3usize..=5,
        method in prop_oneof![Just("irv"), Just("stv"), Just("meek"), Just("ranked-pairs")],
        seats in 1u32..=2,
        raw in proptest::collection::vec(proptest::collection::vec(0usize..5, 1..6), 3..15),
    ) {
        let names = sample_names(n);
        let rankings: Vec<Vec<usize>> = raw
            .iter()
            .map(|r| {
                let mut seen = Vec::new();
                for &c in r {
                    if c < n && !seen.contains(&c) {
                        seen.push(c);
                    }
                }
                seen
            })
            .collect();
        let refs: Vec<&[usize]> = rankings.iter().map(Vec::as_slice).collect();
        let text = ranks(&names, &refs);
        let plain = run(&election(method, seats, &names, None), &text);
        if let Ok(plain) = plain {
            let mut want = plain.elected.clone();
            if method != "ranked-pairs" {
                want.sort();
            }
            for beacon in ["a", "b", "c", "d", "e", "f", "g", "h"] {
                let seeded = run(&election(method, seats, &names, Some(beacon)), &text).unwrap();
                let mut got = seeded.elected.clone();
                if method != "ranked-pairs" {
                    got.sort();
                }
                prop_assert_eq!(&got, &want, "beacon {}: {:?}", beacon, seeded.ties);
                for t in &seeded.ties {
                    if t.decisive.is_some() {
                        prop_assert_eq!(t.decisive, Some(false), "{:?}", t);
                    }
                }
            }
        }
    }
}
