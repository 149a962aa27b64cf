//! Pairwise methods at scale: Schulze (and ranked pairs, Copeland) over synthetic
//! Plackett–Luce ballots, counted from an aggregated profile and end to end from a PrefLib
//! file (read + aggregate + count).
//!
//! Ballots: candidate i has Plackett–Luce weight 1/(i+1) (a few popular candidates, a long
//! tail); each ballot ranks 1–7 candidates (uniform, mean 4) drawn one after another in
//! proportion to the weights of those not yet ranked. ChaCha20 with fixed seeds, so the data
//! are the same on every run. The PrefLib files hold one `1: a,b,c` line per ballot (not
//! pre-aggregated): the reader does the aggregating, as it would for a file of single ballots.
//!
//! Run: `cargo bench --bench elect_condorcet -- --warm-up-time 1 --measurement-time 3`.

use congress::ballot::formats::preflib;
use congress::ballot::methods::{copeland, ranked_pairs, schulze};
use congress::ballot::ranked::{RankEntry, RankedProfile, RankedRules, WeightedRanking};
use congress::ballot::tiebreak::TieBreaker;
use congress::internals::input::{Encoding, Source};
use criterion::{criterion_group, criterion_main, Criterion};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;

/// `ballots` Plackett–Luce rankings over `candidates`, as 0-based candidate lists.
fn plackett_luce(candidates: usize, ballots: usize, seed: u64) -> Vec<Vec<u32>> {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let weights: Vec<f64> = (0..candidates).map(|i| 1.0 / (i as f64 + 1.0)).collect();
    let total: f64 = weights.iter().sum();
    let mut out = Vec::with_capacity(ballots);
    let mut taken = vec![false; candidates];
    for _ in 0..ballots {
        let length = (1 + rng.next_u64() % 7).min(candidates as u64) as usize;
        let mut left = total;
        let mut ranking = Vec::with_capacity(length);
        for _ in 0..length {
            let mut x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * left;
            let mut pick = candidates - 1;
            for (c, w) in weights.iter().enumerate() {
                if taken[c] {
                    continue;
                }
                if x < *w {
                    pick = c;
                    break;
                }
                x -= w;
            }
            // Guard against rounding leaving `pick` on a taken candidate.
            while taken[pick] {
                pick = (pick + candidates - 1) % candidates;
            }
            taken[pick] = true;
            left -= weights[pick];
            ranking.push(pick as u32);
        }
        for &c in &ranking {
            taken[c as usize] = false;
        }
        out.push(ranking);
    }
    out
}

fn names(candidates: usize) -> Vec<String> {
    (0..candidates)
        .map(|i| format!("Candidate {:03}", i + 1))
        .collect()
}

/// The rankings aggregated into a profile (identical rankings merged).
fn aggregate(candidates: usize, rankings: &[Vec<u32>]) -> RankedProfile {
    let mut index: HashMap<&[u32], usize> = HashMap::new();
    let mut ballots: Vec<WeightedRanking> = Vec::new();
    for r in rankings {
        let i = *index.entry(r.as_slice()).or_insert_with(|| {
            ballots.push(WeightedRanking {
                weight: 0,
                ranking: r.iter().map(|&c| RankEntry::Single(c)).collect(),
            });
            ballots.len() - 1
        });
        ballots[i].weight += 1;
    }
    RankedProfile {
        candidates: names(candidates),
        withdrawn: vec![],
        ballots: ballots.into(),
    }
}

/// Writes the rankings as a PrefLib .soi file, one ballot per line; returns its path.
fn write_preflib(candidates: usize, rankings: &[Vec<u32>]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("condorcet-{candidates}x{}.soi", rankings.len()));
    let mut text = String::with_capacity(rankings.len() * 16);
    text.push_str("# DATA TYPE: soi\n");
    text.push_str(&format!("# NUMBER ALTERNATIVES: {candidates}\n"));
    text.push_str(&format!("# NUMBER VOTERS: {}\n", rankings.len()));
    for (i, name) in names(candidates).iter().enumerate() {
        text.push_str(&format!("# ALTERNATIVE NAME {}: {name}\n", i + 1));
    }
    for r in rankings {
        text.push_str("1: ");
        for (k, c) in r.iter().enumerate() {
            if k > 0 {
                text.push(',');
            }
            text.push_str(&(c + 1).to_string());
        }
        text.push('\n');
    }
    std::fs::write(&path, text).expect("write bench data");
    path
}

fn ties() -> TieBreaker {
    TieBreaker::new([0; 32], "bench", Some("bench beacon".to_string()))
}

fn bench_size(c: &mut Criterion, candidates: usize, ballots: usize) {
    let rankings = plackett_luce(candidates, ballots, 2027);
    let profile = aggregate(candidates, &rankings);
    let path = write_preflib(candidates, &rankings);
    let label = format!("{candidates}x{ballots}");
    eprintln!(
        "{label}: {} distinct rankings of {ballots} ballots",
        profile.ballots.len()
    );
    let rules = RankedRules::default();
    let mut group = c.benchmark_group("condorcet");
    group.sample_size(10);
    group.bench_function(format!("schulze count {label}"), |b| {
        b.iter(|| schulze::count(black_box(&profile), 1, &rules, &mut ties()).unwrap())
    });
    group.bench_function(format!("ranked-pairs count {label}"), |b| {
        b.iter(|| ranked_pairs::count(black_box(&profile), 1, &rules, &mut ties()).unwrap())
    });
    group.bench_function(format!("copeland count {label}"), |b| {
        b.iter(|| copeland::count(black_box(&profile), 1, &rules, &mut ties()).unwrap())
    });
    let file = path.to_string_lossy().to_string();
    group.bench_function(format!("schulze end to end (preflib) {label}"), |b| {
        b.iter(|| {
            let source = Source::open(&file, Encoding::Utf8).unwrap();
            let bb = preflib::read(&source, None).unwrap();
            schulze::count(&bb.ranked, 1, &rules, &mut ties()).unwrap()
        })
    });
    group.finish();
}

fn condorcet(c: &mut Criterion) {
    bench_size(c, 30, 1_000_000);
    bench_size(c, 100, 100_000);
}

criterion_group!(benches, condorcet);
criterion_main!(benches);
