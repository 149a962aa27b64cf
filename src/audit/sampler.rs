//! Which papers to pull: Rivest's consistent sampler, exactly as the US audit software Arlo
//! draws ballot-polling samples (docs/paper-ballots.md §8), so that anyone can redraw a
//! sample from the public dice seed with any SHA-256 tool.
//!
//! - `uniform(s)`: SHA-256 of the UTF-8 bytes of `s` as a big-endian integer, written in
//!   decimal, left-padded with `0` to at least 64 digits, reversed, and prefixed with `0.`;
//! - the first ticket of paper `(box, position)`: `uniform(hex(SHA-256(seed)) + "('" + box +
//!   "', " + position + ")")`;
//! - a drawn paper's next ticket from ticket `x`: with `k` the first character of `x + "0"`
//!   after `0.` that is not `9`, the first `y = (x+"0")[..k] + uniform(x + ":" + i)[2..]`,
//!   i = 1, 2, …, that is greater than `x + "0"`;
//! - papers are drawn in increasing ticket order (strings compared byte by byte, then box,
//!   position and generation), with replacement: a drawn paper goes back with its next ticket.
//!
//! A later round continues the same stream: it drops the draws already made.

use sha2::{Digest, Sha256};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One draw of the sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    /// The ticket, in full.
    pub ticket: String,
    /// The box.
    pub ballot_box: String,
    /// The 1-based position of the paper in its box.
    pub position: u64,
    /// 1 for a paper's first draw, 2 for its second, ….
    pub generation: u32,
}

impl Draw {
    /// The ticket trimmed for display: 18 significant digits after any leading run of 9s.
    pub fn short_ticket(&self) -> &str {
        let k = first_not_nine(&self.ticket);
        &self.ticket[..(k + 18).min(self.ticket.len())]
    }
}

/// The lowercase hexadecimal of SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A 256-bit big-endian number in decimal.
fn decimal_of(hash: &[u8]) -> String {
    // Four u64 limbs, most significant first, divided by 10^19 until zero.
    let mut limbs: Vec<u64> = hash
        .chunks(8)
        .map(|c| u64::from_be_bytes(c.try_into().expect("8 bytes")))
        .collect();
    const CHUNK: u64 = 10_000_000_000_000_000_000;
    let mut parts: Vec<u64> = Vec::new();
    while limbs.iter().any(|&l| l != 0) {
        let mut rem: u128 = 0;
        for l in limbs.iter_mut() {
            let cur = (rem << 64) | u128::from(*l);
            *l = (cur / u128::from(CHUNK)) as u64;
            rem = cur % u128::from(CHUNK);
        }
        parts.push(rem as u64);
    }
    let mut out = match parts.pop() {
        Some(top) => top.to_string(),
        None => "0".to_string(),
    };
    for p in parts.iter().rev() {
        out.push_str(&format!("{p:019}"));
    }
    out
}

/// `uniform(s)`: the ticket-like fraction of `s` (see the module documentation).
pub fn uniform(s: &str) -> String {
    let digits = decimal_of(&Sha256::digest(s.as_bytes()));
    let padded = format!("{digits:0>64}");
    let mut out = String::with_capacity(padded.len() + 2);
    out.push_str("0.");
    out.extend(padded.chars().rev());
    out
}

/// The id string of a paper: Python's `str((box, position))` for the box names a manifest
/// may hold.
pub fn id_string(ballot_box: &str, position: u64) -> String {
    format!("('{ballot_box}', {position})")
}

/// The first ticket of a paper under a seed.
pub fn first_ticket(seed_hash: &str, ballot_box: &str, position: u64) -> String {
    uniform(&format!("{seed_hash}{}", id_string(ballot_box, position)))
}

/// Index of the first character after `0.` that is not `9`.
fn first_not_nine(x: &str) -> usize {
    x.bytes()
        .enumerate()
        .skip(2)
        .find(|&(_, b)| b != b'9')
        .map(|(i, _)| i)
        .unwrap_or(x.len())
}

/// The next ticket after `x` (the paper's ticket for its next draw).
pub fn next_ticket(x: &str) -> String {
    let x0 = format!("{x}0");
    let k = first_not_nine(&x0);
    let mut i: u64 = 1;
    loop {
        let u = uniform(&format!("{x}:{i}"));
        let y = format!("{}{}", &x0[..k], &u[2..]);
        if y.as_str() > x0.as_str() {
            return y;
        }
        i += 1;
    }
}

/// Draws `drop + take` papers with replacement from the boxes `(name, papers)` under `seed`
/// and returns draws `drop + 1 …`.
pub fn draw(seed: &str, boxes: &[(String, u64)], drop: usize, take: usize) -> Vec<Draw> {
    let seed_hash = sha256_hex(seed.as_bytes());
    let wanted = drop + take;
    // Only the `wanted` smallest first tickets can be drawn within `wanted` draws.
    let mut firsts: Vec<(String, String, u64)> = boxes
        .iter()
        .flat_map(|(name, papers)| {
            let seed_hash = &seed_hash;
            (1..=*papers).map(move |p| (first_ticket(seed_hash, name, p), name.clone(), p))
        })
        .collect();
    if firsts.len() > wanted {
        firsts.select_nth_unstable(wanted);
        firsts.truncate(wanted);
    }
    let mut heap: BinaryHeap<Reverse<(String, String, u64, u32)>> = firsts
        .into_iter()
        .map(|(t, b, p)| Reverse((t, b, p, 1)))
        .collect();
    let mut out = Vec::with_capacity(take);
    for n in 0..wanted {
        let Some(Reverse((ticket, ballot_box, position, generation))) = heap.pop() else {
            break;
        };
        heap.push(Reverse((
            next_ticket(&ticket),
            ballot_box.clone(),
            position,
            generation + 1,
        )));
        if n >= drop {
            out.push(Draw {
                ticket,
                ballot_box,
                position,
                generation,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The doctests of Rivest's `consistent_sampler` (MIT).
    #[test]
    fn uniform_and_next_match_the_reference() {
        assert_eq!(
            uniform("abc"),
            "0.56998071861792858926477341561059638840106636224182943832566300809078486324348"
        );
        assert_eq!(
            next_ticket("0.25471"),
            "0.642853261655004694691182528114375607701032283189922170593838029306715548381901"
        );
        // first_fraction('AB-130', '01382438112797316654'): seed hash then the id as given.
        assert_eq!(
            uniform(&format!(
                "{}AB-130",
                sha256_hex("01382438112797316654".as_bytes())
            )),
            "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"
        );
    }

    fn boxes() -> Vec<(String, u64)> {
        vec![("1".into(), 120), ("2".into(), 95), ("3".into(), 85)]
    }

    /// The worked example of docs/paper-ballots.md, checked against the reference module.
    #[test]
    fn the_worked_example_draws() {
        let seed = "72149563018447290365";
        let hash = sha256_hex(seed.as_bytes());
        assert_eq!(
            hash,
            "a9996992a0ab75e639609ddcea2bfa1052ccb22e6b2a50d1aa348553b4ecb588"
        );
        let t = first_ticket(&hash, "1", 41);
        assert_eq!(
            t,
            "0.02546017172032899415477558631888334259283738468422251899207582769364071064429"
        );
        assert_eq!(
            next_ticket(&t),
            "0.04795801150666346481481985465314459423856144823590855276294076891144487702445"
        );
        let draws = draw(seed, &boxes(), 0, 12);
        let got: Vec<(&str, &str, u64, u32)> = draws
            .iter()
            .map(|d| {
                (
                    d.short_ticket(),
                    d.ballot_box.as_str(),
                    d.position,
                    d.generation,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("0.007034371713775175", "3", 48, 1),
                ("0.011281680298960831", "1", 75, 1),
                ("0.011362724674872819", "1", 90, 1),
                ("0.013297239810715285", "2", 87, 1),
                ("0.021222100599251412", "1", 104, 1),
                ("0.025460171720328994", "1", 41, 1),
                ("0.035233798533140882", "1", 35, 1),
                ("0.041325835985826081", "3", 58, 1),
                ("0.045916695817724008", "2", 46, 1),
                ("0.047958011506663464", "1", 41, 2),
                ("0.050797594063654974", "1", 50, 1),
                ("0.054158217609061052", "3", 26, 1),
            ]
        );
        let more: Vec<(String, u64)> = draw(seed, &boxes(), 12, 5)
            .into_iter()
            .map(|d| (d.ballot_box, d.position))
            .collect();
        let want: Vec<(String, u64)> = [("3", 63), ("1", 55), ("1", 69), ("1", 110), ("2", 52)]
            .iter()
            .map(|(b, p)| (b.to_string(), *p))
            .collect();
        assert_eq!(more, want);
    }

    /// A later round is the same stream: dropping d draws and taking k gives draws d+1 … d+k
    /// of one long draw, for every split.
    #[test]
    fn rounds_continue_one_stream() {
        let all = draw("31415926535897932384", &boxes(), 0, 40);
        for d in [0, 1, 7, 20, 39] {
            assert_eq!(draw("31415926535897932384", &boxes(), d, 40 - d), all[d..]);
        }
        // Tickets increase along the stream.
        assert!(all.windows(2).all(|w| w[0].ticket < w[1].ticket));
    }

    /// Arlo's `test_draw_sample` (seed with an emoji, boxes `pct 1` … `pct 4`).
    #[test]
    fn arlo_sampler_vector() {
        let seed = "12345678901234567890abcdefghijklmnopqrstuvwxyz😊";
        assert_eq!(
            sha256_hex(seed.as_bytes()),
            "76457232b83ad2746dbef66774e1c5afdf7bacee062282be9a2006db61d3c387"
        );
        let boxes: Vec<(String, u64)> = (1..=4).map(|i| (format!("pct {i}"), 25)).collect();
        let got: Vec<String> = draw(seed, &boxes, 0, 20)
            .iter()
            .map(|d| {
                format!(
                    "{} {}/{} {}",
                    d.short_ticket(),
                    d.ballot_box,
                    d.position,
                    d.generation
                )
            })
            .collect();
        let want = [
            "0.000617786129909912 pct 2/3 1",
            "0.002991631653037245 pct 3/24 1",
            "0.012057030610635061 pct 1/25 1",
            "0.017930028930651931 pct 4/19 1",
            "0.025599454926985137 pct 3/15 1",
            "0.045351055354441163 pct 1/7 1",
            "0.063913979803461405 pct 1/8 1",
            "0.064553852798863609 pct 1/22 1",
            "0.078998835671540970 pct 1/20 1",
            "0.090240829778172783 pct 3/12 1",
            "0.096136506157297637 pct 1/20 2",
            "0.104280162683637014 pct 4/17 1",
            "0.108948480696023984 pct 1/25 2",
            "0.111195681310332785 pct 1/4 1",
            "0.114438612046531251 pct 4/3 1",
            "0.130457464320709301 pct 2/1 1",
            "0.133484785501449819 pct 1/12 1",
            "0.134519219670087860 pct 3/20 1",
            "0.135840440920085144 pct 3/10 1",
            "0.138772253094235762 pct 4/20 1",
        ];
        assert_eq!(got, want);
    }
}
