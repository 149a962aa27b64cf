use congress::ballot::count::count_with_root;
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::exact::Ratio;
use congress::input::Source;
use std::time::Instant;
fn names(n: usize) -> String {
    (1..=n)
        .map(|i| format!("\"Candidate {i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map(String::as_str).unwrap_or("ranks");
    let e = if which == "ranks" {
        Election::from_bytes(
            "b.toml",
            format!(
                "id = \"b\"\nmethod = \"stv\"\nseats = 3\ncandidates = [{}]\n",
                names(30)
            )
            .into_bytes(),
        )
        .unwrap()
    } else {
        Election::from_bytes("b.toml", format!("id = \"b\"\nmethod = \"majority-approval\"\nseats = 15\ncandidates = [{}]\n[attendance]\nentitled = 1100000\npresent = 1000000\n", names(20)).into_bytes()).unwrap()
    };
    let path = format!("/tmp/elect_{which}.csv");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(_) => {
            let t =
                congress::simulate::ballots::generate(&e, 1_000_000, "bench", Ratio::new(1, 100))
                    .unwrap();
            std::fs::write(&path, &t).unwrap();
            t
        }
    };
    let src = Source::from_text("b.csv", text);
    let fmt = if which == "ranks" {
        BallotFormat::Ranks
    } else {
        BallotFormat::Marks
    };
    for _ in 0..3 {
        let t = Instant::now();
        let bx = read_ballots(&src, fmt, &e, false).unwrap();
        let t1 = t.elapsed();
        let distinct = bx.ranked.ballots.len() + bx.marks.ballots.len();
        if which != "ranks" {
            let t2 = Instant::now();
            let r = count_with_root(&e, &bx, [0; 32]).unwrap();
            eprintln!("count {:?} {:?}", t2.elapsed(), r.status);
        }
        eprintln!("parse {:?} distinct {distinct}", t1);
    }
}
