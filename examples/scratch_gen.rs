use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use std::fmt::Write;
const CANDIDATES: usize = 30;
fn synthetic_blt(ballots: usize, seed: u64) -> String {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let strength: Vec<u64> = (0..CANDIDATES)
        .map(|i| 1_000_000 / (i as u64 + 2))
        .collect();
    let mut text = String::with_capacity(ballots * 14);
    writeln!(text, "{CANDIDATES} 3").unwrap();
    let mut left: Vec<usize> = Vec::with_capacity(CANDIDATES);
    for _ in 0..ballots {
        let length = 1 + (rng.next_u64() % 7) as usize;
        left.clear();
        left.extend(0..CANDIDATES);
        text.push('1');
        for _ in 0..length {
            let total: u64 = left.iter().map(|&c| strength[c]).sum();
            let mut pick = rng.next_u64() % total;
            let mut at = 0;
            while pick >= strength[left[at]] {
                pick -= strength[left[at]];
                at += 1;
            }
            let c = left.swap_remove(at);
            write!(text, " {}", c + 1).unwrap();
        }
        text.push_str(" 0\n");
    }
    text.push_str("0\n");
    for c in 0..CANDIDATES {
        writeln!(text, "\"Candidate {:02}\"", c + 1).unwrap();
    }
    text.push_str("\"Synthetic Plackett-Luce election\"\n");
    text
}
fn main() {
    print!("{}", synthetic_blt(1_000_000, 2027));
}
