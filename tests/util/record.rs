//! Record builders for the record tests: committee keys, a small plurality counter used to
//! exercise records independently of the election methods, and signed station records.

use congress::ballot::election::Election;
use congress::digest::hex;
use congress::error::{Error, Result};
use congress::internals::record::canonical_form::{csv_line, lines, parse_csv_line};
use congress::internals::record::files::{RecordFiles, SeatRow, Tally, TallyKey};
use congress::internals::record::recount::{Counted, Counter, Named};
use congress::lot::draw_lot;
use congress::record::signify::SecretKey;
use congress::record::write;
use serde_json::json;

/// A committee member's test key, fixed by `n`.
pub fn key(n: u8) -> SecretKey {
    SecretKey::from_parts([n; 32], [n, 1, 2, 3, 4, 5, 6, 7], [0; 16])
}

/// The `members = [...]` entries of a committee of the test keys 1..=n, ids `m1`, `m2`, ….
pub fn members(n: u8) -> String {
    let members: Vec<String> = (1..=n)
        .map(|i| {
            format!(
                "{{ id = \"m{i}\", key = \"{}\" }}",
                key(i).public().to_base64()
            )
        })
        .collect();
    members.join(", ")
}

/// A plurality count of `ballot_id,choice` files (blank choice = invalid ballot): enough to
/// exercise every record check without depending on a particular election method.
pub struct TestPlurality;

fn key_of(measure: &str, candidate: &str) -> TallyKey {
    TallyKey {
        measure: measure.into(),
        candidate: candidate.into(),
    }
}

impl Counter for TestPlurality {
    fn count(&self, election_toml: &[u8], ballots_csv: &[u8], _: Named<'_>) -> Result<Counted> {
        let facts = Election::from_bytes("election.toml", election_toml.to_vec())?;
        let candidates = facts
            .candidates
            .ok_or_else(|| Error::input("no candidates").file("election.toml"))?;
        let seats = facts.seats.map(u64::from).unwrap_or(1);
        let all =
            lines(ballots_csv).map_err(|(l, m)| Error::input(m).file("ballots.csv").line(l))?;
        if all[0] != "ballot_id,choice" {
            return Err(Error::input("bad header").file("ballots.csv").line(1));
        }
        let mut tally = Tally::new();
        tally.insert(key_of("returned", ""), 0);
        tally.insert(key_of("valid", ""), 0);
        for c in &candidates {
            tally.insert(key_of("votes", c), 0);
        }
        let mut out_lines = Vec::new();
        for (i, l) in all[1..].iter().enumerate() {
            let f = parse_csv_line(l)
                .map_err(|m| Error::input(m).file("ballots.csv").line(i as u64 + 2))?;
            if f.len() != 2 {
                return Err(Error::input("expected 2 fields")
                    .file("ballots.csv")
                    .line(i as u64 + 2));
            }
            *tally.get_mut(&key_of("returned", "")).unwrap() += 1;
            if f[1].is_empty() {
                *tally.entry(key_of("invalid:blank", "")).or_insert(0) += 1;
            } else if candidates.contains(&f[1]) {
                *tally.get_mut(&key_of("valid", "")).unwrap() += 1;
                *tally.get_mut(&key_of("votes", &f[1])).unwrap() += 1;
            } else {
                return Err(Error::input(format!("unknown candidate {:?}", f[1]))
                    .file("ballots.csv")
                    .line(i as u64 + 2)
                    .field("choice"));
            }
            out_lines.push(csv_line(&f).unwrap());
        }
        let root = congress::merkle::root(out_lines.iter().map(|l| l.as_bytes()));
        let votes = |c: &String| tally[&key_of("votes", c)];
        let mut order: Vec<&String> = candidates.iter().collect();
        order.sort_by_key(|c| std::cmp::Reverse(votes(c)));
        let mut lots = Vec::new();
        let mut elected: Vec<String> = order
            .iter()
            .take(seats as usize)
            .map(|c| c.to_string())
            .collect();
        if (seats as usize) < order.len() && seats > 0 {
            let cut = votes(order[seats as usize - 1]);
            if votes(order[seats as usize]) == cut {
                let tied: Vec<String> = order
                    .iter()
                    .filter(|c| votes(c) == cut)
                    .map(|c| c.to_string())
                    .collect();
                let sure: Vec<String> = order
                    .iter()
                    .filter(|c| votes(c) > cut)
                    .map(|c| c.to_string())
                    .collect();
                let beacon = facts
                    .tiebreak_seed
                    .clone()
                    .ok_or_else(|| Error::tie("tie needs a lot; no beacon"))?;
                let lot = draw_lot(&root, &format!("{}/1", facts.id), &beacon, &tied);
                elected = sure;
                elected.extend(
                    lot.order
                        .iter()
                        .take(seats as usize - elected.len())
                        .cloned(),
                );
                lots.push(lot);
            }
        }
        let seat_rows = (0..seats)
            .map(|i| SeatRow {
                seat: i + 1,
                candidate: elected.get(i as usize).cloned().unwrap_or_default(),
                status: if (i as usize) < elected.len() {
                    "elected".into()
                } else {
                    "vacancy".into()
                },
            })
            .collect();
        let votes_json: serde_json::Map<String, serde_json::Value> = candidates
            .iter()
            .map(|c| (c.clone(), json!(votes(c))))
            .collect();
        Ok(Counted {
            secrecy: Default::default(),
            candidates: candidates.clone(),
            seats,
            canonical: {
                let mut text = format!("{}\n", all[0]);
                for line in &out_lines {
                    text.push_str(line);
                    text.push('\n');
                }
                text
            },
            canonical_is_input: false,
            tally,
            seat_rows,
            lots,
            root: Some(root),
            result: json!({
                "election": facts.id,
                "elected": elected,
                "votes": votes_json,
                "ballots_root": hex(&root),
                "election_sha256": hex(&congress::digest::sha256(election_toml)),
            }),
        })
    }
}

/// An election file for the test counter, committee = members 1..=n with threshold k.
pub fn election(id: &str, seats: u64, n: u8, k: u64, extra: &str) -> Vec<u8> {
    format!(
        "id = \"{id}\"\ntitle = \"测试选举 {id}\"\nmethod = \"plurality\"\nseats = {seats}\n\
         candidates = [\"王芳\", \"李强\", \"Zed, Jr.\"]\n{extra}\n\
         [committee]\nthreshold = {k}\nmembers = [{}]\n",
        members(n)
    )
    .into_bytes()
}

/// `n` ballot lines with ids `<prefix>-0000…`, choices cycling with a bias.
pub fn ballot_lines(prefix: &str, n: usize) -> Vec<String> {
    let choices = ["王芳", "李强", "Zed, Jr.", "王芳", ""];
    (0..n)
        .map(|i| {
            csv_line(&[
                format!("{prefix}-{i:04}"),
                choices[(i * 7 + i / 3) % 5].to_string(),
            ])
            .unwrap()
        })
        .collect()
}

/// A station record signed by members 1..=signers.
pub fn station(id: &str, ballots: usize, signers: u8) -> RecordFiles {
    station_with(&election(id, 1, 3, 2, "receipts = true\n[tiebreak]\nseed = \"4 8 15 16 23 42\"\n[attendance]\nentitled = 500\npresent = 400\nissued = 400\n"), id, ballots, signers)
}

/// A station record of an election file, signed by members 1..=signers.
pub fn station_with(toml: &[u8], id: &str, ballots: usize, signers: u8) -> RecordFiles {
    let mut files = write::build_station(
        toml,
        "ballot_id,choice",
        &ballot_lines(id, ballots),
        &TestPlurality,
        Named::default(),
    )
    .unwrap();
    for m in 1..=signers {
        write::sign_files(&mut files, &key(m), &format!("m{m}"));
    }
    files
}
