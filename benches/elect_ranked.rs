//! Ranked counts on 1,000,000 synthetic Plackett–Luce ballots over 30 candidates (mean
//! ranking length 4), the workload of the peer figures in issue 4: BLT parse alone, IRV
//! and Scottish STV (3 seats) on the aggregated profile, and parse + count end to end.
//!
//! The group `stv_constraints_100k_30c` counts 100,000 such ballots for 5 seats by Scottish
//! STV without and with constraints (the 15 strongest candidates are cadres; at least 3
//! non-cadres must win), the issue-17 target being within 2× of the unconstrained count.
//!
//! Run: `cargo bench --bench elect_ranked -- --warm-up-time 1 --measurement-time 3`.

use congress::ballot::constraints::{Admission, CandidateAttributes, Constraint, Limit};
use congress::ballot::election::Election;
use congress::ballot::formats::blt;
use congress::ballot::methods::{irv, meek, stv};
use congress::ballot::ranked::{RankedProfile, RankedRules};
use congress::ballot::tiebreak::TieBreaker;
use congress::internals::ballot::canonical_ballots;
use congress::internals::input::Source;
use criterion::{criterion_group, criterion_main, Criterion};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use std::fmt::Write;
use std::hint::black_box;

const CANDIDATES: usize = 30;
const BALLOTS: usize = 1_000_000;

/// A BLT file of `ballots` Plackett–Luce rankings, one ballot per line (weight 1): the
/// candidates' strengths fall as 1/(rank + 2), lengths are uniform on 1..=7 (mean 4).
fn synthetic_blt(ballots: usize, seed: u64) -> String {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let strength: Vec<u64> = (0..CANDIDATES)
        .map(|i| 1_000_000 / (i as u64 + 2))
        .collect();
    let mut text = String::with_capacity(ballots * 14);
    writeln!(text, "{CANDIDATES} 3").unwrap();
    let mut left: Vec<usize> = Vec::with_capacity(CANDIDATES);
    for _ in 0..ballots {
        let length = 1 + (rng.next_u64() % 7) as usize;
        left.clear();
        left.extend(0..CANDIDATES);
        text.push('1');
        for _ in 0..length {
            let total: u64 = left.iter().map(|&c| strength[c]).sum();
            let mut pick = rng.next_u64() % total;
            let mut at = 0;
            while pick >= strength[left[at]] {
                pick -= strength[left[at]];
                at += 1;
            }
            let c = left.swap_remove(at);
            write!(text, " {}", c + 1).unwrap();
        }
        text.push_str(" 0\n");
    }
    text.push_str("0\n");
    for c in 0..CANDIDATES {
        writeln!(text, "\"Candidate {:02}\"", c + 1).unwrap();
    }
    text.push_str("\"Synthetic Plackett-Luce election\"\n");
    text
}

fn profile_of(source: &Source) -> RankedProfile {
    blt::read(source, None).unwrap().ranked
}

fn ties() -> TieBreaker {
    TieBreaker::new([0; 32], "bench", Some("bench beacon".to_string()))
}

fn bench(c: &mut Criterion) {
    let source = Source::from_text("synthetic.blt", synthetic_blt(BALLOTS, 2027));
    let profile = profile_of(&source);
    eprintln!(
        "{} ballots, {} distinct rankings, {} bytes of BLT",
        profile.total_weight(),
        profile.ballots.len(),
        source.text.len()
    );
    let rules = RankedRules::default();
    let mut group = c.benchmark_group("ranked_1M_30c");
    group.sample_size(10);
    group.bench_function("blt_parse", |b| b.iter(|| black_box(profile_of(&source))));
    group.bench_function("irv_count", |b| {
        b.iter(|| black_box(irv::count(&profile, 1, &rules, &mut ties()).unwrap()))
    });
    group.bench_function("stv_3_seats_count", |b| {
        b.iter(|| black_box(stv::count(&profile, 3, &rules, &mut ties()).unwrap()))
    });
    group.bench_function("blt_parse_plus_irv", |b| {
        b.iter(|| {
            let p = profile_of(&source);
            black_box(irv::count(&p, 1, &rules, &mut ties()).unwrap())
        })
    });
    group.bench_function("blt_parse_plus_stv_3_seats", |b| {
        b.iter(|| {
            let p = profile_of(&source);
            black_box(stv::count(&p, 3, &rules, &mut ties()).unwrap())
        })
    });
    group.bench_function("meek_3_seats_count", |b| {
        b.iter(|| black_box(meek::count(&profile, 3, &rules, &mut ties()).unwrap()))
    });
    // The ballots root of the BLT box (ids in file order), cells rendered and hashed.
    let election = Election::from_bytes(
        "bench.toml",
        format!(
            "id = \"bench\"\nmethod = \"stv\"\nseats = 3\ncandidates = [{}]\n",
            (1..=CANDIDATES)
                .map(|c| format!("\"Candidate {c:02}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into_bytes(),
    )
    .unwrap();
    let ballot_box = blt::read(&source, election.candidates.as_deref()).unwrap();
    group.bench_function("blt_cells_only", |b| {
        b.iter(|| {
            black_box(
                canonical_ballots::CanonicalLines::new(
                    &ballot_box,
                    &election,
                    canonical_ballots::LineLayout::current(&ballot_box, &election),
                )
                .len(),
            )
        })
    });
    group.bench_function("blt_root_only", |b| {
        b.iter(|| {
            black_box(canonical_ballots::ballots_root_bytes(
                &ballot_box,
                &election,
            ))
        })
    });
    group.finish();
}

/// Scottish STV for 5 seats over 100,000 ballots and 30 candidates, without and with a
/// binding non-cadre minimum (candidates 1–15, the strongest, are cadres; `min = 3` of 5).
fn bench_constraints(c: &mut Criterion) {
    let source = Source::from_text("synthetic.blt", synthetic_blt(100_000, 2028));
    let profile = profile_of(&source);
    let rules = RankedRules::default();
    let mut csv = String::from("name,cadre\n");
    for (i, name) in profile.candidates.iter().enumerate() {
        writeln!(csv, "{name},{}", if i < 15 { "yes" } else { "no" }).unwrap();
    }
    let attributes = CandidateAttributes::from_csv(&Source::from_text("c.csv", csv)).unwrap();
    let constraint = Constraint {
        attribute: "cadre".into(),
        value: "no".into(),
        min: Some(Limit::Seats(3)),
        max: None,
        line: 1,
    };
    let admission = Admission::new(&[constraint], &attributes, &profile.candidates, 5).unwrap();
    let (constrained, doomed) =
        stv::count_constrained(&profile, 5, &rules, &mut ties(), Some(&admission)).unwrap();
    eprintln!(
        "constrained: {} stages, {} doomed; unconstrained: {} stages",
        constrained.rounds.len(),
        doomed.len(),
        stv::count(&profile, 5, &rules, &mut ties())
            .unwrap()
            .rounds
            .len()
    );
    let mut group = c.benchmark_group("stv_constraints_100k_30c");
    group.sample_size(10);
    group.bench_function("stv_5_seats_unconstrained", |b| {
        b.iter(|| black_box(stv::count(&profile, 5, &rules, &mut ties()).unwrap()))
    });
    group.bench_function("stv_5_seats_constrained", |b| {
        b.iter(|| {
            black_box(
                stv::count_constrained(&profile, 5, &rules, &mut ties(), Some(&admission)).unwrap(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_constraints, bench);
criterion_main!(benches);
