//! Record benchmarks: the RFC 6962 root over 1M ballot lines, a full `verify` of a signed
//! 1M-ballot record (read from disk: hashes, signatures, root, recount, outcome), and a
//! merge of 1,000 signed station records.
//! Run: `cargo bench --bench record -- --warm-up-time 1 --measurement-time 3`.

use congress::internals::record::files::RecordFiles;
use congress::internals::record::recount::{ElectCounter, Named};
use congress::record::signify::SecretKey;
use congress::record::verify::{verify_dir, verify_files, VerifyOptions};
use congress::record::{merge, write};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::hint::black_box;

const CANDIDATES: [&str; 6] = ["王芳", "李强", "张伟", "刘洋", "陈静", "杨磊"];

/// Canonical marks-ballot lines for the six candidates (ids `<prefix>-0000001`, sorted).
fn lines(prefix: &str, n: usize) -> Vec<String> {
    let cells = ["yes", "no", "", "yes", "yes", ""];
    (0..n)
        .map(|i| {
            let mut l = format!("{prefix}-{i:07}");
            for k in 0..CANDIDATES.len() {
                l.push(',');
                l.push_str(cells[(i * 7 + k * 3 + i / 11) % cells.len()]);
            }
            l
        })
        .collect()
}

fn key(n: u8) -> SecretKey {
    SecretKey::from_parts([n; 32], [n; 8], [0; 16])
}

/// A majority-approval election (5 of 6) with a committee of keys 1–3, threshold 2.
fn election(id: &str, ballots: usize, extra: &str) -> Vec<u8> {
    let members: Vec<String> = (1..=3u8)
        .map(|i| {
            format!(
                "{{ id = \"m{i}\", key = \"{}\" }}",
                key(i).public().to_base64()
            )
        })
        .collect();
    let cands: Vec<String> = CANDIDATES.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "id = \"{id}\"\nmethod = \"majority-approval\"\nseats = 5\ncandidates = [{}]\n{extra}\
         [attendance]\nentitled = {}\npresent = {ballots}\nissued = {ballots}\n\
         [committee]\nthreshold = 2\nmembers = [{}]\n",
        cands.join(", "),
        ballots + ballots / 5,
        members.join(", ")
    )
    .into_bytes()
}

fn header() -> String {
    format!("ballot_id,{}", CANDIDATES.join(","))
}

fn station(id: &str, n: usize) -> RecordFiles {
    let mut files = write::build_station(
        &election(id, n, ""),
        &header(),
        &lines(id, n),
        &ElectCounter,
        Named::default(),
    )
    .expect("station record");
    write::sign_files(&mut files, &key(1), "m1");
    write::sign_files(&mut files, &key(2), "m2");
    files
}

fn root(c: &mut Criterion) {
    let data = lines("b", 1_000_000);
    let mut g = c.benchmark_group("record");
    g.sample_size(10);
    g.bench_function("root_1m_ballot_lines", |b| {
        b.iter(|| congress::merkle::root(black_box(&data).iter().map(|l| l.as_bytes())))
    });
    g.finish();
}

fn verify_1m(c: &mut Criterion) {
    let files = station("big", 1_000_000);
    let dir = std::env::temp_dir().join(format!("congress-bench-record-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write::write_record(&dir, &files, true).expect("write record");
    let options = VerifyOptions {
        trust: vec![key(1).public(), key(2).public()],
        ..VerifyOptions::default()
    };
    let report = verify_dir(&dir, &options, &ElectCounter).expect("verify");
    assert!(report.ok(), "{}", report.render());
    let mut g = c.benchmark_group("record");
    g.sample_size(10);
    g.bench_function("verify_1m_ballot_record", |b| {
        b.iter(|| verify_dir(black_box(&dir), &options, &ElectCounter).map(|r| r.ok()))
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn merge_1000(c: &mut Criterion) {
    let ids: Vec<String> = (0..1000).map(|i| format!("st{i:04}")).collect();
    let children: Vec<(String, RecordFiles)> = ids
        .iter()
        .map(|id| (id.clone(), station(id, 100)))
        .collect();
    let list: Vec<String> = ids.iter().map(|i| format!("\"{i}\"")).collect();
    let parent = election(
        "school",
        100_000,
        &format!("stations = [{}]\n", list.join(", ")),
    );
    let merged = merge::build_named(&parent, children.clone(), &ElectCounter).expect("merge");
    let mut signed = merged.clone();
    write::sign_files(&mut signed, &key(1), "m1");
    write::sign_files(&mut signed, &key(3), "m3");
    let report = verify_files(&signed, &VerifyOptions::default(), &ElectCounter).expect("verify");
    assert!(report.ok(), "{}", report.render());
    let mut g = c.benchmark_group("record");
    g.sample_size(10);
    g.bench_function("merge_1000_station_records", |b| {
        b.iter_batched(
            || children.clone(),
            |ch| merge::build_named(&parent, ch, &ElectCounter).map(|f| f.files.len()),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("verify_merged_1000_stations", |b| {
        b.iter(|| {
            verify_files(black_box(&signed), &VerifyOptions::default(), &ElectCounter)
                .map(|r| r.ok())
        })
    });
    g.finish();
}

criterion_group!(benches, root, verify_1m, merge_1000);
criterion_main!(benches);
