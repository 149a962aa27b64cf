//! Record readers: the `SHA256` manifest, `head.csv`, `tally.csv`, `lots.csv`,
//! `stations.csv` lines, `election.json`, the election file `election.toml`, canonical
//! CSV lines and receipts, each on fuzz bytes; then whole-record verification with one file
//! of a valid signed station or parent record replaced by the fuzz bytes.
//!
//! Input layout: byte 0 picks the record (station or parent), byte 1 the file replaced (or
//! a new file), the rest is its content.
#![no_main]

use congress::internals::ballot::canonical_ballots::ballot_lines;
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::internals::input::Source;
use congress::internals::record::canonical_form::{lines, parse_csv_line};
use congress::internals::record::files::{
    parse_lots, parse_tally, ElectionInfo, Head, RecordFiles, StationLine,
};
use congress::record::manifest;
use congress::record::merge;
use congress::record::receipt::{make_receipt, verify_receipt, Receipt};
use congress::internals::record::recount::{ElectCounter, Named};
use congress::record::signify::SecretKey;
use congress::record::verify::{verify_files, VerifyOptions};
use congress::record::write::{build_station, sign_files};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn key(n: u8) -> SecretKey {
    SecretKey::from_parts([n; 32], [n, 1, 2, 3, 4, 5, 6, 7], [0; 16])
}

fn election_toml(id: &str, extra: &str) -> String {
    let members: Vec<String> = (1..=2u8)
        .map(|i| {
            format!(
                "{{ id = \"m{i}\", key = \"{}\" }}",
                key(i).public().to_base64()
            )
        })
        .collect();
    format!(
        "id = \"{id}\"\nmethod = \"plurality\"\nseats = 1\ncandidates = [\"A\", \"B\", \"C, Jr.\"]\n\
         receipts = true\n{extra}[tiebreak]\nseed = \"1 2 3\"\n[committee]\nthreshold = 2\nmembers = [{}]\n",
        members.join(", ")
    )
}

fn signed(mut files: RecordFiles) -> RecordFiles {
    for m in 1..=2u8 {
        sign_files(&mut files, &key(m), &format!("m{m}"));
    }
    files
}

fn station(id: &str, marks: &str) -> RecordFiles {
    let toml = election_toml(id, "");
    let e = Election::from_bytes("election.toml", toml.clone().into_bytes()).unwrap();
    let src = Source::from_text("ballots.csv", format!("ballot_id,A,B,\"C, Jr.\"\n{marks}"));
    let bx = read_ballots(&src, BallotFormat::Marks, &e).unwrap();
    let (header, lines) = ballot_lines(&bx, &e);
    signed(build_station(toml.as_bytes(), &header, &lines, &ElectCounter, Named::default()).unwrap())
}

struct Base {
    records: [RecordFiles; 2],
    receipts: [Receipt; 2],
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let s1 = station("s1", "a1,yes,,\na2,,yes,\na3,yes,,\n");
        let s2 = station("s2", "b1,,,yes\nb2,yes,,\n");
        let parent_toml = election_toml("top", "stations = [\"s1\", \"s2\"]\n");
        let parent = signed(
            merge::build(parent_toml.as_bytes(), vec![s1.clone(), s2], &ElectCounter).unwrap(),
        );
        let r1 = make_receipt(&s1, "a2", &[]).unwrap();
        let r2 = make_receipt(&parent, "b1", &[]).unwrap();
        let opts = VerifyOptions::default();
        for files in [&s1, &parent] {
            let report = verify_files(files, &opts, &ElectCounter).unwrap();
            assert!(
                report.ok(),
                "harness record does not verify:\n{}",
                report.render()
            );
        }
        // `CONGRESS_FUZZ_SEEDS=DIR` writes each file of both records as a seed (byte 0: the
        // record, byte 1: the file's index), so the corpus starts from real record files.
        if let Some(dir) = std::env::var_os("CONGRESS_FUZZ_SEEDS") {
            for (r, files) in [&s1, &parent].into_iter().enumerate() {
                for (i, (name, bytes)) in files.files.iter().enumerate() {
                    let mut seed = vec![r as u8, i as u8];
                    seed.extend_from_slice(bytes);
                    let file = format!("{r}-{}", name.replace('/', "_"));
                    std::fs::write(std::path::Path::new(&dir).join(file), seed).unwrap();
                }
            }
            for (r, receipt) in [&r1, &r2].into_iter().enumerate() {
                let mut seed = vec![r as u8, 0];
                seed.extend_from_slice(&serde_json::to_vec(receipt).unwrap());
                std::fs::write(
                    std::path::Path::new(&dir).join(format!("{r}-receipt.json")),
                    seed,
                )
                .unwrap();
            }
        }
        Base {
            records: [s1, parent],
            receipts: [r1, r2],
        }
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let body = &data[2..];
    // Each reader on its own.
    let _ = manifest::parse(body);
    let _ = Head::parse(body);
    let _ = parse_tally(body);
    let _ = parse_lots(body);
    let _ = ElectionInfo::parse(body);
    let _ = Election::from_bytes("election.toml", body.to_vec());
    if let Ok(ls) = lines(body) {
        for l in ls {
            let _ = parse_csv_line(l);
            let _ = StationLine::parse(l);
        }
    }
    let base = base();
    let which = data[0] as usize % 2;
    let opts = VerifyOptions::default();
    if let Ok(receipt) = serde_json::from_slice::<Receipt>(body) {
        let _ = verify_receipt(&base.records[which], &receipt, &opts, &ElectCounter);
        return;
    }
    // The record with one file replaced (or added).
    let mut files = base.records[which].clone();
    let names: Vec<String> = files.files.keys().cloned().collect();
    let pick = data[1] as usize % (names.len() + 1);
    let name = names
        .get(pick)
        .cloned()
        .unwrap_or_else(|| "extra.csv".to_string());
    files.files.insert(name, body.to_vec());
    if let Ok(report) = verify_files(&files, &opts, &ElectCounter) {
        let _ = report.render();
        let _ = report.to_json();
        // Unchanged content must still verify; changed content must not (every file of a
        // signed record is pinned by the manifest), except files outside the record.
        let changed = files != base.records[which];
        if !changed {
            assert!(report.ok(), "unchanged record fails:\n{}", report.render());
        }
    }
    let _ = verify_receipt(&files, &base.receipts[which], &opts, &ElectCounter);
});
