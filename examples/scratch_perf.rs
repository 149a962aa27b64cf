use congress::ballot::formats::blt;
use congress::ballot::methods::{irv, meek, stv};
use congress::ballot::ranked::RankedRules;
use congress::ballot::tiebreak::TieBreaker;
use congress::input::Source;
use std::time::Instant;
fn cpu_ns() -> u64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    s.split_whitespace().next().unwrap().parse().unwrap()
}
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let with_meek = std::env::args().nth(2).is_some();
    let text = std::fs::read_to_string(&path).unwrap();
    let src = Source::from_text("x", text);
    let mut sums = [0u64; 4];
    let n = 5;
    for _ in 0..n {
        let c = cpu_ns();
        let t = Instant::now();
        let b = blt::read(&src, None, false).unwrap();
        let p = cpu_ns() - c;
        let _ = t.elapsed();
        let c = cpu_ns();
        let o = irv::count(
            &b.ranked,
            1,
            &RankedRules::default(),
            &mut TieBreaker::new([0; 32], "x", Some("b".into())),
        )
        .unwrap();
        let i = cpu_ns() - c;
        let c = cpu_ns();
        let o2 = stv::count(
            &b.ranked,
            3,
            &RankedRules::default(),
            &mut TieBreaker::new([0; 32], "x", Some("b".into())),
        )
        .unwrap();
        let s = cpu_ns() - c;
        let c = cpu_ns();
        if with_meek {
            let _ = meek::count(
                &b.ranked,
                3,
                &RankedRules::default(),
                &mut TieBreaker::new([0; 32], "x", Some("b".into())),
            )
            .unwrap();
        }
        let m = cpu_ns() - c;
        sums[0] += p;
        sums[1] += i;
        sums[2] += s;
        sums[3] += m;
        let _ = (o.rounds.len(), o2.rounds.len());
        drop(b);
    }
    println!(
        "cpu ms per run: parse {:.1} irv {:.1} stv {:.1} meek {:.1}",
        sums[0] as f64 / 1e6 / n as f64,
        sums[1] as f64 / 1e6 / n as f64,
        sums[2] as f64 / 1e6 / n as f64,
        sums[3] as f64 / 1e6 / n as f64
    );
}
