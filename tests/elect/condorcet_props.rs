//! Properties of the pairwise methods on random profiles: a Condorcet winner is always
//! elected by Schulze, ranked pairs and Copeland; a PrefLib file written from a profile
//! reads back to the same aggregated profile.

use congress::ballot::formats::preflib;
use congress::ballot::methods::{copeland, ranked_pairs, schulze};
use congress::ballot::ranked::{RankEntry, RankedProfile, RankedRules, WeightedRanking};
use congress::ballot::tiebreak::TieBreaker;
use congress::internals::input::Source;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Random truncated rankings (with some equal-rank groups) over `n` candidates.
fn profiles() -> impl Strategy<Value = RankedProfile> {
    (2usize..7).prop_flat_map(|n| {
        let ranking = prop::collection::vec((0..n as u32, any::<bool>()), 0..=n);
        prop::collection::vec((1u64..20, ranking), 1..25).prop_map(move |ballots| RankedProfile {
            candidates: (0..n).map(|i| format!("C{i}")).collect(),
            withdrawn: vec![],
            ballots: ballots
                .into_iter()
                .map(|(weight, picks)| {
                    let mut seen = vec![false; n];
                    let mut ranking: Vec<RankEntry> = Vec::new();
                    for (c, tie_with_previous) in picks {
                        if std::mem::replace(&mut seen[c as usize], true) {
                            continue;
                        }
                        match (tie_with_previous, ranking.pop()) {
                            (true, Some(RankEntry::Single(p))) => {
                                let mut g = vec![p, c];
                                g.sort_unstable();
                                ranking.push(RankEntry::Tied(g));
                            }
                            (true, Some(RankEntry::Tied(mut g))) => {
                                g.push(c);
                                g.sort_unstable();
                                ranking.push(RankEntry::Tied(g));
                            }
                            (_, previous) => {
                                ranking.extend(previous);
                                ranking.push(RankEntry::Single(c));
                            }
                        }
                    }
                    WeightedRanking { weight, ranking }
                })
                .collect(),
        })
    })
}

/// The candidate who beats every other strictly pairwise, if any (computed naively).
fn condorcet_winner(p: &RankedProfile) -> Option<usize> {
    let n = p.candidates.len();
    let mut d = vec![vec![0u64; n]; n];
    for b in &p.ballots.to_weighted() {
        let mut level = vec![usize::MAX; n];
        for (l, e) in b.ranking.iter().enumerate() {
            match e {
                RankEntry::Single(c) => level[*c as usize] = l,
                RankEntry::Tied(g) => g.iter().for_each(|c| level[*c as usize] = l),
                _ => {}
            }
        }
        for x in 0..n {
            for y in 0..n {
                if level[x] < level[y] {
                    d[x][y] += b.weight;
                }
            }
        }
    }
    (0..n).find(|&x| (0..n).all(|y| y == x || d[x][y] > d[y][x]))
}

fn to_preflib(p: &RankedProfile) -> String {
    let mut text = String::from("# DATA TYPE: toi\n");
    for (i, c) in p.candidates.iter().enumerate() {
        text.push_str(&format!("# ALTERNATIVE NAME {}: {c}\n", i + 1));
    }
    for b in &p.ballots.to_weighted() {
        let parts: Vec<String> = b
            .ranking
            .iter()
            .map(|e| match e {
                RankEntry::Single(c) => (c + 1).to_string(),
                RankEntry::Tied(g) => format!(
                    "{{{}}}",
                    g.iter()
                        .rev()
                        .map(|c| (c + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => unreachable!(),
            })
            .collect();
        text.push_str(&format!("{}: {}\n", b.weight, parts.join(",")));
    }
    text
}

fn aggregated(p: &RankedProfile) -> BTreeMap<Vec<RankEntry>, u64> {
    let mut m = BTreeMap::new();
    for b in &p.ballots.to_weighted() {
        *m.entry(b.ranking.clone()).or_insert(0) += b.weight;
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_condorcet_winner_is_elected(p in profiles()) {
        if let Some(w) = condorcet_winner(&p) {
            let rules = RankedRules::default();
            for count in [schulze::count, ranked_pairs::count, copeland::count] {
                let mut ties = TieBreaker::new([0; 32], "p", None);
                let o = count(&p, 1, &rules, &mut ties).unwrap();
                prop_assert_eq!(o.elected, vec![w as u32]);
            }
        }
    }

    #[test]
    fn preflib_reads_back_the_same_profile(p in profiles()) {
        let text = to_preflib(&p);
        let bb = preflib::read(&Source::from_text("p.toi", text), None).unwrap();
        prop_assert_eq!(bb.candidates, p.candidates.clone());
        prop_assert_eq!(aggregated(&bb.ranked), aggregated(&p));
        prop_assert_eq!(bb.roll.len() as u64, p.total_weight());
    }

    #[test]
    fn counts_are_reproducible(p in profiles()) {
        let rules = RankedRules::default();
        let mut a = TieBreaker::new([5; 32], "p", Some("b".into()));
        let mut b = TieBreaker::new([5; 32], "p", Some("b".into()));
        let x = schulze::count(&p, 2, &rules, &mut a).unwrap();
        let y = schulze::count(&p, 2, &rules, &mut b).unwrap();
        prop_assert_eq!(x, y);
        prop_assert_eq!(a.ties, b.ties);
    }
}
