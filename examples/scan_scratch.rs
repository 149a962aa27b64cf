use congress::ballot::formats::Records;
use congress::input::Source;
use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string("/tmp/elect_ranks.csv").unwrap();
    let src = Source::from_text("b.csv", text);
    for _ in 0..3 {
        let t = Instant::now();
        let mut r = Records::new(&src);
        let mut f = Vec::new();
        let mut n = 0usize;
        while let Some(_) = r.next(&mut f).unwrap() {
            n += f.len();
        }
        let t1 = t.elapsed();
        let t = Instant::now();
        let nl = src.text.bytes().filter(|&b| b == b',').count();
        eprintln!(
            "scan {:?} fields {n}; count commas {:?} {nl}",
            t1,
            t.elapsed()
        );
    }
}
