//! `tallystick-harness METHOD RANKS.csv [SEATS]`: reads a congress ranks CSV
//! (`ballot_id,<candidate>...`, a cell is a rank 1..n or empty) and counts it with the
//! tallystick crate. METHOD: stv | irv | schulze. Prints the winners and the time of the
//! parse and of the count on standard error.
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: tallystick-harness stv|irv|schulze RANKS.csv [SEATS]");
        std::process::exit(2);
    }
    let method = args[1].as_str();
    let seats: usize = args.get(3).map(|s| s.parse().expect("seats")).unwrap_or(1);
    let start = Instant::now();

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(&args[2])
        .expect("open ranks CSV");
    let header = reader.byte_headers().expect("header").clone();
    let names: Vec<String> = header
        .iter()
        .skip(1)
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let n = names.len();

    // Each ballot as the candidate indices in rank order (ties and gaps are not produced by
    // the simulator; a tied cell would keep file order).
    let mut ballots: Vec<Vec<u16>> = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut ranked: Vec<(u32, u16)> = Vec::with_capacity(n);
    while reader.read_byte_record(&mut record).expect("read") {
        ranked.clear();
        for (i, cell) in record.iter().skip(1).enumerate() {
            if cell.is_empty() {
                continue;
            }
            let rank: u32 = std::str::from_utf8(cell)
                .unwrap()
                .trim()
                .parse()
                .expect("rank");
            ranked.push((rank, i as u16));
        }
        ranked.sort_unstable();
        ballots.push(ranked.iter().map(|&(_, c)| c).collect());
    }
    let parsed = start.elapsed();

    let winners: Vec<u16> = match method {
        "stv" => {
            let mut tally =
                tallystick::stv::Tally::<u16, f64>::new(seats, tallystick::Quota::Droop);
            for b in ballots {
                tally.add(b);
            }
            tally.winners().into_unranked()
        }
        "irv" => {
            let mut tally = tallystick::irv::Tally::<u16, u64>::with_candidates(
                tallystick::Transfer::Meek,
                (0..n as u16).collect(),
            );
            for b in ballots {
                tally.add(b);
            }
            tally.tally_winners().into_unranked()
        }
        "schulze" => {
            let mut tally = tallystick::schulze::SchulzeTally::<u16, u64>::with_candidates(
                seats,
                tallystick::schulze::Variant::Winning,
                (0..n as u16).collect(),
            );
            for b in &ballots {
                tally.add(b).expect("schulze ballot");
            }
            tally.winners().into_unranked()
        }
        other => {
            eprintln!("unknown method {other}");
            std::process::exit(2);
        }
    };
    let total = start.elapsed();
    let mut elected: Vec<&str> = winners
        .iter()
        .map(|&c| names[c as usize].as_str())
        .collect();
    elected.sort();
    println!("{}", elected.join(" "));
    eprintln!(
        "parse {:.3} s, count {:.3} s, total {:.3} s",
        parsed.as_secs_f64(),
        (total - parsed).as_secs_f64(),
        total.as_secs_f64()
    );
}
