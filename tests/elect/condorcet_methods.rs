//! Hand-checked examples for the pairwise methods: Schulze, ranked pairs, Copeland, Borda.

use crate::util::no_lots;
use congress::ballot::methods::{borda, copeland, ranked_pairs, schulze};
use congress::ballot::ranked::{RankEntry, RankedProfile, RankedRules, WeightedRanking};
use congress::ballot::tiebreak::TieBreaker;
use congress::ballot::MethodOutcome;
use serde_json::json;

/// A profile from `(weight, "ACB")` lines over candidates named by single letters.
fn profile(names: &[&str], ballots: &[(u64, &str)]) -> RankedProfile {
    RankedProfile {
        candidates: names.iter().map(|s| s.to_string()).collect(),
        withdrawn: vec![],
        ballots: ballots
            .iter()
            .map(|(w, s)| WeightedRanking {
                weight: *w,
                ranking: s
                    .split(',')
                    .filter(|t| !t.is_empty())
                    .map(|t| {
                        let idx = |n: &str| names.iter().position(|c| *c == n).unwrap() as u32;
                        if t.contains('=') {
                            RankEntry::Tied(t.split('=').map(idx).collect())
                        } else {
                            RankEntry::Single(idx(t))
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn elected(p: &RankedProfile, o: &MethodOutcome) -> Vec<String> {
    o.elected
        .iter()
        .map(|&c| p.candidates[c as usize].clone())
        .collect()
}

/// Schulze (2011) §3.1 and Wikipedia's "Schulze method" example: 45 voters, 5 candidates.
fn wikipedia_schulze() -> RankedProfile {
    profile(
        &["A", "B", "C", "D", "E"],
        &[
            (5, "A,C,B,E,D"),
            (5, "A,D,E,C,B"),
            (8, "B,E,D,A,C"),
            (3, "C,A,B,E,D"),
            (7, "C,A,E,B,D"),
            (2, "C,B,A,D,E"),
            (7, "D,C,E,B,A"),
            (8, "E,B,A,D,C"),
        ],
    )
}

#[test]
fn schulze_wikipedia_example_elects_e() {
    let p = wikipedia_schulze();
    let o = schulze::count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(elected(&p, &o), ["E"]);
    assert_eq!(o.valid, 45);
    assert!(o.invalid.is_empty());
    // The published pairwise matrix, row A: d[A][B]=20, d[A][C]=26, d[A][D]=30, d[A][E]=22.
    assert_eq!(
        o.details["pairwise"]["A"],
        json!({"B": 20, "C": 26, "D": 30, "E": 22})
    );
    // Published strongest paths, row E: 25, 28, 28, 31.
    assert_eq!(
        o.details["strongest_paths"]["E"],
        json!({"A": 25, "B": 28, "C": 28, "D": 31})
    );
    assert_eq!(
        o.details["order"],
        json!([["E"], ["A"], ["C"], ["B"], ["D"]])
    );
    // Keys are in candidate-list order, so the JSON is byte-for-byte reproducible.
    let keys: Vec<&String> = o.details["pairwise"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["A", "B", "C", "D", "E"]);
}

#[test]
fn schulze_more_seats_follow_the_schulze_order() {
    let p = wikipedia_schulze();
    let o = schulze::count(&p, 3, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(elected(&p, &o), ["E", "A", "C"]);
}

#[test]
fn schulze_truncated_ballots_rank_unranked_candidates_last() {
    // 3 ballots rank only A; 2 rank B then C; 2 rank only C. Unranked candidates rank below
    // ranked ones: d[A][B] = 3, d[B][A] = 2; d[C][A] = 2 + 2 = 4 > d[A][C] = 3; B and C tie
    // 2–2. Strongest paths: C→A 4, A→B 3, C→B = min(4, 3) = 3; B and A reach C by nothing.
    let p = profile(&["A", "B", "C"], &[(3, "A"), (2, "B,C"), (2, "C")]);
    let o = schulze::count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(o.details["pairwise"]["C"], json!({"A": 4, "B": 2}));
    assert_eq!(o.details["pairwise"]["B"], json!({"A": 2, "C": 2}));
    assert_eq!(o.details["strongest_paths"]["C"], json!({"A": 4, "B": 3}));
    assert_eq!(elected(&p, &o), ["C"]);
}

#[test]
fn blank_ballots_are_invalid_empty() {
    let p = profile(&["A", "B"], &[(3, "A"), (2, "")]);
    for count in [
        schulze::count,
        ranked_pairs::count,
        copeland::count,
        borda::count,
    ] {
        let o = count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
        assert_eq!(o.valid, 3);
        assert_eq!(o.invalid.get("empty"), Some(&2));
        assert_eq!(elected(&p, &o), ["A"]);
    }
}

#[test]
fn withdrawn_candidates_are_never_elected() {
    let mut p = wikipedia_schulze();
    p.withdrawn = vec![4]; // E withdrawn: A wins (the order without E is A > C > B > D).
    let o = schulze::count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(elected(&p, &o), ["A"]);
    assert!(o.details["pairwise"].get("E").is_none());
}

#[test]
fn ranked_pairs_tennessee_elects_nashville() {
    // Wikipedia's Tennessee capital example: 42% Memphis, 26% Nashville, 15% Chattanooga,
    // 17% Knoxville; ranked pairs locks C>K (83), N>C (68), N>K (68), then the three
    // majorities over Memphis (58): order N, C, K, M.
    let p = profile(
        &["Memphis", "Nashville", "Chattanooga", "Knoxville"],
        &[
            (42, "Memphis,Nashville,Chattanooga,Knoxville"),
            (26, "Nashville,Chattanooga,Knoxville,Memphis"),
            (15, "Chattanooga,Knoxville,Nashville,Memphis"),
            (17, "Knoxville,Chattanooga,Nashville,Memphis"),
        ],
    );
    let mut ties = no_lots();
    let o = ranked_pairs::count(&p, 4, &RankedRules::default(), &mut ties).unwrap();
    assert_eq!(
        elected(&p, &o),
        ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
    );
    assert!(
        ties.ties.is_empty(),
        "equal majorities that close no cycle need no lot"
    );
    assert_eq!(
        o.details["majorities"][0],
        json!({"winner": "Chattanooga", "loser": "Knoxville", "for": 83, "against": 17, "locked": true})
    );
    // Borda on the same ballots also elects Nashville: M 126, N 194, C 173, K 107.
    let b = borda::count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(
        b.details["scores"],
        json!({"Memphis": 126, "Nashville": 194, "Chattanooga": 173, "Knoxville": 107})
    );
    assert_eq!(elected(&p, &b), ["Nashville"]);
}

#[test]
fn ranked_pairs_skips_the_majority_that_closes_a_cycle() {
    // A>B>C ×4, B>C>A ×3, C>A>B ×2: B>C 7–2, A>B 6–3, C>A 5–4. Lock B>C and A>B; C>A would
    // close the cycle A>B>C>A and is skipped. Order A, B, C.
    let p = profile(
        &["A", "B", "C"],
        &[(4, "A,B,C"), (3, "B,C,A"), (2, "C,A,B")],
    );
    let o = ranked_pairs::count(&p, 3, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(elected(&p, &o), ["A", "B", "C"]);
    assert_eq!(
        o.details["majorities"],
        json!([
            {"winner": "B", "loser": "C", "for": 7, "against": 2, "locked": true},
            {"winner": "A", "loser": "B", "for": 6, "against": 3, "locked": true},
            {"winner": "C", "loser": "A", "for": 5, "against": 4, "locked": false},
        ])
    );
    // Schulze agrees: p[A][B] = 6 > p[B][A] = 5, p[A][C] = 6 > 5, p[B][C] = 7 > 5.
    let s = schulze::count(&p, 3, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(elected(&p, &s), ["A", "B", "C"]);
    // Copeland cannot separate them: one win and one loss each.
    let e = copeland::count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap_err();
    assert_eq!(e.exit_code(), 4);
}

#[test]
fn ranked_pairs_equal_majorities_in_a_cycle_use_a_drawn_ranking() {
    // A perfect cycle: A>B, B>C, C>A each 2–1. Locking order decides; without a beacon the
    // count stops (exit 4); with one, a tie-breaking ranking is drawn and recorded.
    let p = profile(
        &["A", "B", "C"],
        &[(1, "A,B,C"), (1, "B,C,A"), (1, "C,A,B")],
    );
    let e = ranked_pairs::count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap_err();
    assert_eq!(e.exit_code(), 4);
    assert!(e.to_string().contains("tie-breaking ranking"), "{e}");

    let mut ties = TieBreaker::new([7; 32], "test", Some("beacon 12345".into()));
    let o = ranked_pairs::count(&p, 1, &RankedRules::default(), &mut ties).unwrap();
    assert_eq!(ties.ties.len(), 1);
    assert_eq!(ties.lots.len(), 1);
    assert_eq!(ties.ties[0].resolved_by, "lot");
    let ranking = &ties.ties[0].order;
    // Majorities taken in the drawn ranking of their winners: the first two lock, the third
    // closes the cycle. Work out the expected winner from the drawn ranking.
    let beats = |w: &str| match w {
        "A" => "B",
        "B" => "C",
        _ => "A",
    };
    let first = ranking[0].as_str();
    let second = ranking[1].as_str();
    // Locked: first→beats(first), second→beats(second). The winner is the one of the three
    // with no locked majority against it.
    let losers = [beats(first), beats(second)];
    let winner = ["A", "B", "C"]
        .into_iter()
        .find(|c| !losers.contains(c))
        .unwrap();
    assert_eq!(elected(&p, &o), [winner]);
    // Reproducible: the same beacon and root draw the same lot.
    let mut again = TieBreaker::new([7; 32], "test", Some("beacon 12345".into()));
    let o2 = ranked_pairs::count(&p, 1, &RankedRules::default(), &mut again).unwrap();
    assert_eq!(o2.elected, o.elected);
    assert_eq!(again.ties, ties.ties);
}

#[test]
fn copeland_counts_half_for_a_pairwise_tie() {
    // A>B>C and B>A>C: A and B tie pairwise, both beat C. Scores A 1.5, B 1.5, C 0.
    let p = profile(&["A", "B", "C"], &[(1, "A,B,C"), (1, "B,A,C")]);
    let o = copeland::count(&p, 2, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(
        elected(&p, &o),
        ["A", "B"],
        "the tied pair fits the two seats: no lot"
    );
    assert_eq!(
        o.details["scores"]["A"],
        json!({"wins": 1, "losses": 0, "ties": 1, "score": "1.5"})
    );
    assert_eq!(
        o.details["scores"]["C"],
        json!({"wins": 0, "losses": 2, "ties": 0, "score": "0"})
    );
    let e = copeland::count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap_err();
    assert_eq!(e.exit_code(), 4);
}

#[test]
fn copeland_cycle_settled_by_a_recorded_lot() {
    let p = profile(
        &["A", "B", "C", "D"],
        &[(4, "A,B,C,D"), (3, "B,C,A,D"), (2, "C,A,B,D")],
    );
    let mut ties = TieBreaker::new([1; 32], "e", Some("dice 4 6 1".into()));
    let o = copeland::count(&p, 1, &RankedRules::default(), &mut ties).unwrap();
    assert_eq!(ties.ties.len(), 1);
    let tie = &ties.ties[0];
    assert_eq!(tie.candidates, ["A", "B", "C"]);
    assert_eq!(tie.context, "copeland: tie for the last seat (seat 1)");
    assert_eq!(elected(&p, &o), [tie.order[0].clone()]);
    assert_eq!(o.details["scores"]["D"]["score"], "0");
}

#[test]
fn borda_truncated_ballots_give_unranked_candidates_nothing() {
    // 3 candidates. "A" ×2: A gets 2 points each (C−1), B and C nothing. "B,C" ×1: B 2, C 1.
    let p = profile(&["A", "B", "C"], &[(2, "A"), (1, "B,C")]);
    let o = borda::count(&p, 2, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(o.details["scores"], json!({"A": 4, "B": 2, "C": 1}));
    assert_eq!(elected(&p, &o), ["A", "B"]);
    // Equal rankings: each of an equal pair gets one point per candidate below it.
    let p = profile(&["A", "B", "C"], &[(1, "A=B,C")]);
    let o = borda::count(
        &p,
        1,
        &RankedRules::default(),
        &mut TieBreaker::new([0; 32], "b", Some("x".into())),
    )
    .unwrap();
    assert_eq!(o.details["scores"], json!({"A": 1, "B": 1, "C": 0}));
}

#[test]
fn schulze_tie_needs_a_beacon_and_is_recorded() {
    // A and B tie 1–1 and both beat C 2–0.
    let p = profile(&["A", "B", "C"], &[(1, "A,B,C"), (1, "B,A,C")]);
    let e = schulze::count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap_err();
    assert_eq!(e.exit_code(), 4);
    assert!(e.to_string().contains("A, B"), "{e}");
    // Two seats: A and B are both elected; nothing to draw.
    let mut ties = no_lots();
    let o = schulze::count(&p, 2, &RankedRules::default(), &mut ties).unwrap();
    assert_eq!(elected(&p, &o), ["A", "B"]);
    assert!(ties.ties.is_empty());
    // With a beacon the lot decides and is recorded with its draws.
    let mut ties = TieBreaker::new([9; 32], "pres", Some("beacon".into()));
    let o = schulze::count(&p, 1, &RankedRules::default(), &mut ties).unwrap();
    assert_eq!(ties.lots.len(), 1);
    assert_eq!(ties.lots[0].contest_id, "pres/1");
    assert_eq!(ties.ties[0].candidates, ["A", "B"]);
    assert_eq!(elected(&p, &o), [ties.ties[0].order[0].clone()]);
}

#[test]
fn seats_must_be_positive() {
    let p = wikipedia_schulze();
    for count in [
        schulze::count,
        ranked_pairs::count,
        copeland::count,
        borda::count,
    ] {
        assert_eq!(
            count(&p, 0, &RankedRules::default(), &mut no_lots())
                .unwrap_err()
                .exit_code(),
            3
        );
    }
}

#[test]
fn more_seats_than_candidates_elects_everyone() {
    let p = wikipedia_schulze();
    let o = schulze::count(&p, 9, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(elected(&p, &o), ["E", "A", "C", "B", "D"]);
}

#[test]
fn ranked_pairs_draws_nothing_when_a_condorcet_winner_fills_the_seat() {
    // W beats everyone 3–0; A>B, B>C, C>A each 2–1 close a cycle of equal strength. For one
    // seat the locking order cannot matter (W wins whatever it is): no lot, a recorded tie.
    let p = profile(
        &["W", "A", "B", "C"],
        &[(1, "W,A,B,C"), (1, "W,B,C,A"), (1, "W,C,A,B")],
    );
    let mut ties = no_lots();
    let o = ranked_pairs::count(&p, 1, &RankedRules::default(), &mut ties).unwrap();
    assert_eq!(elected(&p, &o), ["W"]);
    assert!(ties.lots.is_empty());
    assert_eq!(ties.ties.len(), 1);
    assert!(ties.ties[0].resolved_by.starts_with("candidate-list order"));
    assert_eq!(ties.ties[0].candidates, ["A", "B", "C"]);
    // For two seats the cycle decides the second seat: a lot is needed.
    let e = ranked_pairs::count(&p, 2, &RankedRules::default(), &mut no_lots()).unwrap_err();
    assert_eq!(e.exit_code(), 4);
}
