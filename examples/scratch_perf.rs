use congress::ballot::formats::blt;
use congress::ballot::methods::{irv, stv};
use congress::ballot::ranked::RankedRules;
use congress::ballot::tiebreak::TieBreaker;
use congress::input::Source;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let src = Source::from_text("x", text);
    for _ in 0..3 {
        let t = Instant::now();
        let b = blt::read(&src, None, false).unwrap();
        let t1 = t.elapsed();
        let t = Instant::now();
        let o = irv::count(
            &b.ranked,
            1,
            &RankedRules::default(),
            &mut TieBreaker::new([0; 32], "x", Some("b".into())),
        )
        .unwrap();
        let t2 = t.elapsed();
        let t = Instant::now();
        let o2 = stv::count(
            &b.ranked,
            3,
            &RankedRules::default(),
            &mut TieBreaker::new([0; 32], "x", Some("b".into())),
        )
        .unwrap();
        let t3 = t.elapsed();
        println!(
            "distinct {} parse {:?} irv {:?} ({} rounds) stv {:?} ({} rounds)",
            b.ranked.ballots.len(),
            t1,
            t2,
            o.rounds.len(),
            t3,
            o2.rounds.len()
        );
    }
}
