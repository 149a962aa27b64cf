use congress::ballot::formats::preflib;
use congress::ballot::methods::schulze;
use congress::ballot::ranked::RankedRules;
use congress::ballot::tiebreak::TieBreaker;
use congress::input::{Encoding, Source};
use std::time::Instant;
fn main() {
    let file = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let source = Source::open(&file, Encoding::Utf8).unwrap();
    eprintln!("open {:?}", t.elapsed());
    let t = Instant::now();
    let bb = preflib::read(&source, None, false).unwrap();
    eprintln!(
        "read {:?} distinct {}",
        t.elapsed(),
        bb.ranked.ballots.len()
    );
    let t = Instant::now();
    let mut ties = TieBreaker::new([0; 32], "b", Some("x".into()));
    let o = schulze::count(&bb.ranked, 1, &RankedRules::default(), &mut ties).unwrap();
    eprintln!("count {:?} {:?}", t.elapsed(), o.elected);
}
