//! Apportionment speed: 50 units / 435 seats, 200 / 2,000 and 10,000 / 1,000,000 for
//! Huntington-Hill, Jefferson (D'Hondt) and Hamilton. Targets: the largest under 50 ms,
//! the small ones under 1 ms. Populations are a fixed skewed sample (deterministic).

use congress::apportion::{apportion, Method, Outcome, Request, TiePolicy, Unit};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;

/// Skewed populations from a fixed linear congruential sequence (no ties in practice).
fn units(n: usize) -> Vec<Unit> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // Sizes from ~500 to ~40 million, log-uniform-ish.
            let scale = 500u64 << ((state >> 59) as u32 % 17);
            Unit {
                name: format!("unit-{i}"),
                population: scale + (state >> 20) % scale,
                min_seats: 0,
                max_seats: None,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("apportion");
    for (n, house) in [(50usize, 435u64), (200, 2_000), (10_000, 1_000_000)] {
        let units = units(n);
        for method in [Method::HuntingtonHill, Method::Jefferson, Method::Hamilton] {
            let request = Request {
                method,
                house_size: house,
                units: units.clone(),
            };
            // Lots decide any tie, so every run is a full apportionment.
            let policy = TiePolicy::Lot {
                beacon: "bench".into(),
            };
            assert!(matches!(
                apportion(&request, &policy),
                Ok(Outcome::Decided(_))
            ));
            group.bench_with_input(
                BenchmarkId::new(method.name(), format!("{n}x{house}")),
                &request,
                |b, r| b.iter(|| apportion(black_box(r), &policy)),
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
