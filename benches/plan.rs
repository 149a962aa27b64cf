//! Plan for a 100,000-student roster: CSV parse + validation + plan (target < 0.3 s); and the
//! federation plan of the bundled province (2,150 institutions, 3,000 seats).

use congress::internals::input::Source;
use congress::plan::federation::{
    make_federation_plan, render_json, Federation, FederationOptions, SECONDARY_KINDS,
};
use congress::plan::{make_plan, GradeMode, PlanOptions};
use congress::roster::Roster;
use congress::simulate::roster::{generate, RosterSpec};
use criterion::{criterion_group, criterion_main, Criterion};

fn roster_text(students: u64, departments: u64) -> String {
    generate(&RosterSpec {
        students,
        departments,
        seed: "bench".into(),
    })
    .expect("simulated roster")
}

fn bench_plan(c: &mut Criterion) {
    let text = roster_text(100_000, 60);
    let mut group = c.benchmark_group("plan");
    group.sample_size(20);
    group.bench_function("parse_validate_plan_100k", |b| {
        b.iter_with_large_drop(|| {
            let source = Source::from_text("bench.csv", text.clone());
            let roster = Roster::parse(&source).expect("roster");
            let options = PlanOptions {
                lot: Some("bench".into()),
                ..PlanOptions::default()
            };
            make_plan(&roster, &options).expect("plan")
        })
    });
    group.bench_function("parse_validate_plan_100k_biproportional", |b| {
        b.iter_with_large_drop(|| {
            let source = Source::from_text("bench.csv", text.clone());
            let roster = Roster::parse(&source).expect("roster");
            let options = PlanOptions {
                lot: Some("bench".into()),
                grades: GradeMode::Biproportional,
                ..PlanOptions::default()
            };
            make_plan(&roster, &options).expect("plan")
        })
    });
    group.bench_function("parse_validate_100k", |b| {
        b.iter_with_large_drop(|| {
            let source = Source::from_text("bench.csv", text.clone());
            Roster::parse(&source).expect("roster")
        })
    });
    let parsed = Roster::parse(&Source::from_text("bench.csv", text.clone())).expect("roster");
    group.bench_function("plan_only_100k", |b| {
        b.iter(|| {
            let options = PlanOptions {
                lot: Some("bench".into()),
                ..PlanOptions::default()
            };
            make_plan(&parsed, &options).expect("plan")
        })
    });
    group.bench_function("simulate_roster_100k", |b| {
        b.iter(|| roster_text(100_000, 60))
    });
    group.finish();
}

fn bench_federation(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/federation/institutions.csv"
    );
    let text = std::fs::read_to_string(path).expect("fixtures/federation/institutions.csv");
    let kinds: Vec<String> = SECONDARY_KINDS.iter().map(|k| k.to_string()).collect();
    let mut group = c.benchmark_group("plan");
    group.bench_function("federation_province_3000", |b| {
        b.iter_with_large_drop(|| {
            let source = Source::from_text("institutions.csv", text.clone());
            let federation = Federation::parse(&source, None, &kinds).expect("institutions");
            let plan = make_federation_plan(&federation, &FederationOptions::with_seats(3_000))
                .expect("plan");
            render_json(&plan)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_plan, bench_federation);
criterion_main!(benches);
