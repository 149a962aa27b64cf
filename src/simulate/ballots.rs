//! Deterministic synthetic ballots for an election, for demos, tests and benchmarks
//! (`congress simulate ballots ELECTION --ballots N --seed S`).
//!
//! Structure: the candidates get a popularity order (a seeded shuffle) with a few popular
//! candidates and a long tail (weight `1_000_000 / (k+1)² + 30_000` for the k-th).
//! - Ranked methods: a ranks CSV; each ballot is a Plackett–Luce draw from those weights,
//!   truncated after each rank with probability 1/4 (mean length 4).
//! - Marks methods: a marks CSV with `○` (yes), `×` (no) and empty (abstain) cells; yes is
//!   likelier for popular candidates (90% down to 30%); a voter marks at most `seats` yes
//!   (plurality: exactly one), keeping the most popular; majority-approval ballots sometimes
//!   carry a write-in when write-ins are allowed.
//! - `invalid_share` of the ballots (exactly ⌊N × share⌋, chosen by selection sampling) are
//!   invalid: over-votes (or two first preferences) and wholly illegible (or blank ranked)
//!   ballots, alternately.
//!
//! Randomness: ChaCha20 seeded with SHA-256 of the seed text; every bounded draw by
//! rejection from the raw 64-bit keystream (never rand's `random_range`/`shuffle`, whose output
//! may change between releases). Ballot ids are random-looking 12-character trackers.

use crate::ballot::canonical_ballots::push_field;
use crate::ballot::election::{Election, ElectionMethod};
use crate::digest::sha256;
use crate::error::{Error, Result};
use crate::exact::Ratio;
use crate::fast::push_number;
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use std::collections::HashSet;

/// A seeded source of bounded integers.
struct Draws {
    rng: ChaCha20Rng,
}

impl Draws {
    fn new(seed: &str) -> Draws {
        Draws {
            rng: ChaCha20Rng::from_seed(sha256(seed.as_bytes())),
        }
    }

    /// Uniform in [0, bound) by rejection (bound > 0).
    fn below(&mut self, bound: u64) -> u64 {
        let excess = (u64::MAX - bound + 1) % bound;
        loop {
            let x = self.rng.next_u64();
            if excess == 0 || x <= u64::MAX - excess {
                return x % bound;
            }
        }
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    /// An index drawn with probability proportional to `weights[i]` (total > 0).
    fn weighted(&mut self, weights: &[u64], total: u64) -> usize {
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

const TRACKER_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Generates `ballots` ballots for `election` as CSV text in the election's format.
pub fn generate(
    election: &Election,
    ballots: u64,
    seed: &str,
    invalid_share: Ratio,
) -> Result<String> {
    let candidates = election.candidates.as_deref().ok_or_else(|| {
        Error::input("simulating ballots needs the election's candidate list")
            .file(&election.file)
            .field("candidates")
    })?;
    if ballots > crate::limits::MAX_BALLOTS {
        return Err(Error::usage(format!(
            "--ballots {ballots}: at most {} ballots, the most a count reads \
             (docs/reliability.md)",
            crate::limits::MAX_BALLOTS
        )));
    }
    if invalid_share > Ratio::integer(1) {
        return Err(Error::usage(format!(
            "invalid share {invalid_share} is above 1, expected a fraction from 0 to 1"
        )));
    }
    let n = candidates.len();
    let seats = election.seats.unwrap_or(1).max(1) as usize;
    let mut draws = Draws::new(seed);

    // Popularity: a seeded shuffle, then Zipf-like weights with a flat tail.
    let mut popularity: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = draws.below(i as u64 + 1) as usize;
        popularity.swap(i, j);
    }
    let mut weight = vec![0u64; n];
    for (k, &c) in popularity.iter().enumerate() {
        let k = k as u64 + 1;
        weight[c] = 1_000_000 / (k * k) + 30_000;
    }

    let invalid_total =
        Ratio::new(invalid_share.num * ballots as u128, invalid_share.den).floor() as u64;
    let mut invalid_left = invalid_total;
    let mut invalid_made = 0u64;

    let mut out = String::with_capacity(ballots as usize * (16 + 4 * n));
    let write_ins = election.method == ElectionMethod::MajorityApproval && election.rules.write_ins;
    out.push_str("ballot_id");
    for c in candidates {
        out.push(',');
        push_field(&mut out, c);
    }
    if write_ins {
        out.push_str(",write_in");
    }
    out.push('\n');

    let mut seen: HashSet<u64> = HashSet::with_capacity(ballots as usize);
    let mut ranks = vec![0u32; n];
    let mut marks = vec![Cell::Abstain; n];
    let mut remaining: Vec<usize> = Vec::with_capacity(n);
    let mut remaining_weight: Vec<u64> = Vec::with_capacity(n);
    const WRITE_IN_POOL: [&str; 3] = ["赵敏", "钱程", "孙悦"];
    for i in 0..ballots {
        // Selection sampling: exactly `invalid_total` invalid ballots.
        let invalid = invalid_left > 0 && draws.below(ballots - i) < invalid_left;
        if invalid {
            invalid_left -= 1;
            invalid_made += 1;
        }
        // A unique tracker id.
        let tracker = loop {
            let v = draws.rng.next_u64() >> 4;
            if seen.insert(v) {
                break v;
            }
        };
        for k in (0..12).rev() {
            out.push(TRACKER_ALPHABET[((tracker >> (5 * k)) & 31) as usize] as char);
        }
        let mut write_in: Option<&str> = None;
        if election.method.is_ranked() {
            ranks.iter_mut().for_each(|r| *r = 0);
            if invalid && invalid_made % 2 == 0 {
                // blank ballot: no ranks at all
            } else {
                remaining.clear();
                remaining.extend(0..n);
                remaining_weight.clear();
                remaining_weight.extend(remaining.iter().map(|&c| weight[c]));
                let mut total: u64 = remaining_weight.iter().sum();
                let mut rank = 1u32;
                while !remaining.is_empty() {
                    let k = draws.weighted(&remaining_weight, total);
                    let c = remaining.swap_remove(k);
                    total -= remaining_weight.swap_remove(k);
                    ranks[c] = rank;
                    if invalid && rank == 1 && !remaining.is_empty() {
                        // two first preferences
                        let k = draws.weighted(&remaining_weight, total);
                        let c = remaining.swap_remove(k);
                        total -= remaining_weight.swap_remove(k);
                        ranks[c] = 1;
                    }
                    rank += 1;
                    if !draws.chance(3, 4) {
                        break;
                    }
                }
            }
            for r in &ranks {
                out.push(',');
                if *r > 0 {
                    push_number(&mut out, u64::from(*r));
                }
            }
        } else {
            fill_marks(
                &mut draws,
                election.method,
                seats,
                &popularity,
                &weight,
                invalid.then_some(invalid_made % 2 == 1),
                &mut marks,
            );
            if write_ins && !invalid {
                let yes = marks.iter().filter(|m| **m == Cell::Yes).count();
                if yes < seats && draws.chance(1, 50) {
                    write_in = Some(WRITE_IN_POOL[draws.below(3) as usize]);
                }
            }
            for m in &marks {
                out.push(',');
                out.push_str(match m {
                    Cell::Yes => "○",
                    Cell::No => "×",
                    Cell::Abstain => "",
                    Cell::Illegible => "?",
                });
            }
        }
        if write_ins {
            out.push(',');
            out.push_str(write_in.unwrap_or(""));
        }
        out.push('\n');
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Yes,
    No,
    Abstain,
    Illegible,
}

/// One marks ballot. `invalid`: `Some(true)` an over-vote, `Some(false)` wholly illegible.
fn fill_marks(
    draws: &mut Draws,
    method: ElectionMethod,
    seats: usize,
    popularity: &[usize],
    weight: &[u64],
    invalid: Option<bool>,
    marks: &mut [Cell],
) {
    let n = marks.len();
    marks.iter_mut().for_each(|m| *m = Cell::Abstain);
    let limit = match method {
        ElectionMethod::Plurality => 1,
        ElectionMethod::Approval => n,
        ElectionMethod::Block | ElectionMethod::MajorityApproval | ElectionMethod::Recall => seats,
        // Ranked ballots are simulated as rankings, not marks.
        ElectionMethod::Irv
        | ElectionMethod::Stv
        | ElectionMethod::Meek
        | ElectionMethod::Schulze
        | ElectionMethod::RankedPairs
        | ElectionMethod::Copeland
        | ElectionMethod::Borda
        | ElectionMethod::BottomsUp
        | ElectionMethod::SequentialIrv => seats,
    };
    match invalid {
        Some(false) => {
            marks.iter_mut().for_each(|m| *m = Cell::Illegible);
            return;
        }
        Some(true) if limit < n => {
            // limit + 1 yes marks on the most popular candidates.
            for &c in popularity.iter().take(limit + 1) {
                marks[c] = Cell::Yes;
            }
            return;
        }
        Some(true) => {
            // No over-vote is possible (approval): an illegible ballot instead.
            marks.iter_mut().for_each(|m| *m = Cell::Illegible);
            return;
        }
        None => {}
    }
    if method == ElectionMethod::Plurality {
        let total: u64 = weight.iter().sum();
        let c = draws.weighted(weight, total);
        marks[c] = Cell::Yes;
        return;
    }
    let mut yes = 0;
    for (k, &c) in popularity.iter().enumerate() {
        // 90% yes for the most popular, down to 30% for the least.
        let per_mille = if n > 1 {
            900 - 600 * k as u64 / (n as u64 - 1)
        } else {
            600
        };
        if draws.chance(per_mille, 1000) && yes < limit {
            marks[c] = Cell::Yes;
            yes += 1;
        } else if draws.chance(1, 2) {
            marks[c] = Cell::No;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::count::count;
    use crate::ballot::formats::{read_ballots, BallotFormat};
    use crate::ballot::ranked::ranks;
    use crate::input::Source;

    fn election(text: &str) -> Election {
        Election::from_bytes("e.toml", text.as_bytes().to_vec()).unwrap()
    }

    const MARKS: &str = "id = \"sim\"\nmethod = \"majority-approval\"\nseats = 3\ncandidates = [\"A\", \"B\", \"C\", \"D\", \"E\"]\n[attendance]\nentitled = 1200\npresent = 1100\n";
    const RANKED: &str = "id = \"sim\"\nmethod = \"stv\"\nseats = 3\ncandidates = [\"A\", \"B\", \"C\", \"D\", \"E\", \"F\", \"G\", \"H\"]\n";

    #[test]
    fn deterministic_and_readable_marks() {
        let e = election(MARKS);
        let a = generate(&e, 1000, "demo", Ratio::new(1, 20)).unwrap();
        assert_eq!(a, generate(&e, 1000, "demo", Ratio::new(1, 20)).unwrap());
        assert_ne!(a, generate(&e, 1000, "other", Ratio::new(1, 20)).unwrap());
        let src = Source::from_text("sim.csv", a);
        let bx = read_ballots(&src, BallotFormat::detect(&src, &e), &e).unwrap();
        assert_eq!(bx.roll.len(), 1000);
        let r = count(&e, &bx).unwrap();
        let invalid: u64 = r.ballots.invalid.values().sum();
        assert_eq!(invalid, 50, "{:?}", r.ballots.invalid);
        assert_eq!(r.ballots.invalid.get("overvote"), Some(&25));
        assert_eq!(r.ballots.invalid.get("illegible"), Some(&25));
        // A few popular candidates: the top candidate has many more yes votes than the last.
        let cands = r.candidates.unwrap();
        let max = cands.iter().map(|c| c.yes).max().unwrap();
        let min = cands.iter().map(|c| c.yes).min().unwrap();
        assert!(max > 2 * min, "{max} vs {min}");
    }

    #[test]
    fn ranked_ballots_have_mean_length_near_four() {
        let e = election(RANKED);
        let text = generate(&e, 4000, "pl", Ratio::new(0, 1)).unwrap();
        let src = Source::from_text("sim.csv", text);
        let bx = read_ballots(&src, BallotFormat::detect(&src, &e), &e).unwrap();
        let total: u64 = bx
            .ranked
            .ballots
            .iter()
            .map(|(ranking, weight)| weight * ranks(ranking).count() as u64)
            .sum();
        // mean of min(geometric(1/4), 8): about 3.6 for 8 candidates.
        let mean_x100 = total * 100 / 4000;
        assert!(
            (300..=400).contains(&mean_x100),
            "mean length {mean_x100}/100"
        );
        assert_eq!(bx.ranked.total_weight(), 4000);
    }

    #[test]
    fn rejects_shares_above_one() {
        assert!(generate(&election(MARKS), 10, "x", Ratio::new(3, 2)).is_err());
    }
}
