//! Ballot parsing and the majority-approval count on synthetic data from the simulator.
//!
//! Run: `cargo bench --bench elect_formats -- --warm-up-time 1 --measurement-time 3`.

use congress::ballot::count::count_with_root;
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::exact::Ratio;
use congress::internals::ballot::canonical_ballots;
use congress::internals::input::Source;
use congress::simulate::ballots::generate;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn names(n: usize) -> String {
    (1..=n)
        .map(|i| format!("\"Candidate {i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn election(text: String) -> Election {
    Election::from_bytes("bench.toml", text.into_bytes()).expect("bench election")
}

fn ranks_1m(c: &mut Criterion) {
    let e = election(format!(
        "id = \"bench-stv\"\nmethod = \"stv\"\nseats = 3\ncandidates = [{}]\n",
        names(30)
    ));
    let text = generate(&e, 1_000_000, "bench", Ratio::new(0, 1)).expect("ballots");
    let source = Source::from_text("ballots.csv", text);
    let mut g = c.benchmark_group("ranks_csv_1m_x30");
    g.sample_size(10);
    g.bench_function("parse_aggregate", |b| {
        b.iter(|| black_box(read_ballots(&source, BallotFormat::Ranks, &e).expect("read")))
    });
    g.bench_function("parse_and_root", |b| {
        b.iter(|| {
            let bx = read_ballots(&source, BallotFormat::Ranks, &e).expect("read");
            black_box(canonical_ballots::ballots_root_bytes(&bx, &e))
        })
    });
    let bx = read_ballots(&source, BallotFormat::Ranks, &e).expect("read");
    g.bench_function("root_only", |b| {
        b.iter(|| black_box(canonical_ballots::ballots_root_bytes(&bx, &e)))
    });
    g.finish();
}

fn marks_1m(c: &mut Criterion) {
    let e = election(format!(
        "id = \"bench-ma\"\nmethod = \"majority-approval\"\nseats = 15\ncandidates = [{}]\n\
         [attendance]\nentitled = 1100000\npresent = 1000000\n",
        names(20)
    ));
    let text = generate(&e, 1_000_000, "bench", Ratio::new(1, 100)).expect("ballots");
    let source = Source::from_text("ballots.csv", text);
    let mut g = c.benchmark_group("marks_csv_1m_x20");
    g.sample_size(10);
    g.bench_function("parse_and_majority_approval", |b| {
        b.iter(|| {
            let bx = read_ballots(&source, BallotFormat::Marks, &e).expect("read");
            black_box(count_with_root(&e, &bx, [0; 32]).expect("count"))
        })
    });
    let bx = read_ballots(&source, BallotFormat::Marks, &e).expect("read");
    g.bench_function("majority_approval_count_only", |b| {
        b.iter(|| black_box(count_with_root(&e, &bx, [0; 32]).expect("count")))
    });
    g.finish();
}

fn minneapolis(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/elections/minneapolis-2017-mayor/cvr.csv"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let e = election("id = \"mpls\"\nmethod = \"irv\"\nseats = 1\n".to_string());
    let source = Source::from_text("cvr.csv", text);
    let mut g = c.benchmark_group("choices_csv_minneapolis_106k");
    g.sample_size(10);
    g.bench_function("parse_aggregate", |b| {
        b.iter(|| black_box(read_ballots(&source, BallotFormat::Choices, &e).expect("read")))
    });
    g.finish();
}

criterion_group!(benches, ranks_1m, marks_1m, minneapolis);
criterion_main!(benches);
