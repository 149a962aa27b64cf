//! A department's delegate election under clause 8's constraints, whole process: 40
//! candidates, 12 seats, majority-approval, non-cadres at least 3/5 and every one of four
//! grades at least 1 (two constrained attributes), 20,000 marks ballots. Times reading the
//! election file with its candidates file, reading the ballots and counting, as `congress
//! elect` does (process start aside); the target is a median under 50 ms.
//!
//! Ballots: candidate i is marked yes with probability 0.9 − i/50 (the cadres, candidates
//! 0–11, win the top votes), at most 12 yes marks per ballot. ChaCha20 with a fixed seed.
//! The qualifiers cannot meet the non-cadre minimum: six cadres are passed over and six
//! seats go to a 另行选举 restricted to non-cadres.
//!
//! Run: `cargo bench --bench elect_constraints -- --warm-up-time 1 --measurement-time 3`.

use congress::ballot::count::count;
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::internals::input::{Encoding, Source};
use criterion::{criterion_group, criterion_main, Criterion};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use std::hint::black_box;
use std::path::PathBuf;

const CANDIDATES: usize = 40;
const SEATS: usize = 12;
const BALLOTS: usize = 20_000;

/// Writes the election, candidates and ballot files into a scratch directory.
fn files() -> (PathBuf, PathBuf) {
    let dir =
        std::env::temp_dir().join(format!("congress-bench-constraints-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let names: Vec<String> = (0..CANDIDATES).map(|i| format!("候选人{i:02}")).collect();
    let mut candidates = String::from("姓名,年级,是否学生会骨干\n");
    for (i, n) in names.iter().enumerate() {
        let cadre = if i < SEATS { "是" } else { "否" };
        candidates.push_str(&format!("{n},{},{cadre}\n", 2021 + i % 4));
    }
    std::fs::write(dir.join("candidates.csv"), candidates).unwrap();
    let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let mut election = format!(
        "id = \"bench-department\"\nmethod = \"majority-approval\"\nseats = {SEATS}\n\
         candidates = [{}]\ncandidates_file = \"candidates.csv\"\n\n\
         [attendance]\nentitled = {}\npresent = {BALLOTS}\n\n[rules]\nmax_excess = \"4\"\n\n\
         [[constraint]]\nattribute = \"cadre\"\nvalue = \"否\"\nmin_share = \"3/5\"\n",
        list.join(", "),
        BALLOTS + 1000
    );
    for grade in 2021..2025 {
        election.push_str(&format!(
            "\n[[constraint]]\nattribute = \"年级\"\nvalue = \"{grade}\"\nmin = 1\n"
        ));
    }
    std::fs::write(dir.join("election.toml"), election).unwrap();
    let mut rng = ChaCha20Rng::seed_from_u64(17);
    let mut ballots = format!("ballot_id,{}\n", names.join(","));
    for b in 0..BALLOTS {
        ballots.push_str(&format!("b{b:05}"));
        let mut marked = 0;
        for i in 0..CANDIDATES {
            let p = 0.9 - i as f64 / 50.0;
            let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            if x < p && marked < SEATS {
                marked += 1;
                ballots.push_str(",○");
            } else {
                ballots.push(',');
            }
        }
        ballots.push('\n');
    }
    std::fs::write(dir.join("ballots.csv"), ballots).unwrap();
    (dir.join("election.toml"), dir.join("ballots.csv"))
}

/// Reads both files and counts, as `congress elect` does.
fn elect(election: &str, ballots: &str) -> usize {
    let election = Election::load(election).unwrap();
    let source = Source::open(ballots, Encoding::Utf8).unwrap();
    let ballots =
        read_ballots(&source, BallotFormat::detect(&source, &election), &election).unwrap();
    let result = count(&election, &ballots).unwrap();
    assert!(!result.elected.is_empty());
    result.passed_over.map_or(0, |p| p.len())
}

fn bench(c: &mut Criterion) {
    let (election, ballots) = files();
    let (election, ballots) = (election.to_str().unwrap(), ballots.to_str().unwrap());
    // The cadres win the top votes: the constraints pass some of them over.
    assert!(elect(election, ballots) > 0);
    c.bench_function("elect_constraints/department_40x12_20k", |b| {
        b.iter(|| black_box(elect(election, ballots)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
