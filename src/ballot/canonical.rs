//! The canonical ballot file: one CSV line per ballot, sorted by `ballot_id`, which
//! `congress elect` reads back, so an auditor recounts a record with
//! `congress elect election.toml ballots.csv`.
//!
//! Layout (UTF-8, LF, a header line, RFC 4180 quoting only when a field holds `,`, `"`, CR
//! or LF; lines sorted by `ballot_id` bytewise):
//! - marks ballots: `ballot_id,<candidate 1>,…,<candidate n>[,write_in_1,…,write_in_k]`;
//!   cells `yes`, `no`, empty (abstain) or `?` (illegible); k = the most write-ins on any ballot;
//! - ranked ballots: `ballot_id,choice_1,…,choice_m` (m = the longest ranking, at least 1);
//!   cells a candidate name, empty (skipped rank), `overvote`, or tied candidates joined by
//!   `|` in candidate-list order (`A|B`).
//!
//! `ballots_root` is the RFC 6962 root over the data lines (without line ends).

use super::election::Election;
use super::ranked::RankEntry;
use super::{BallotBox, BallotContent, Mark};
use crate::error::{Error, Result};
use crate::lot::hex;
use crate::record::merkle;

/// Appends `field` to `out`, quoted only when it must be.
pub fn push_field(out: &mut String, field: &str) {
    if field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// The candidate names the box's ballots refer to.
fn candidate_names<'a>(ballots: &'a BallotBox, election: &'a Election) -> &'a [String] {
    if !ballots.candidates.is_empty() {
        &ballots.candidates
    } else {
        election.candidates.as_deref().unwrap_or(&[])
    }
}

/// The canonical header and one line per ballot (sorted by `ballot_id`, no line ends).
pub fn ballot_lines(ballots: &BallotBox, election: &Election) -> (String, Vec<String>) {
    let mut lines = Vec::with_capacity(ballots.ballots.len());
    let header = for_each_line(ballots, election, |line| lines.push(line.to_string()));
    (header, lines)
}

/// The positions of the box's ballots sorted by `ballot_id` bytewise (file order among
/// equal ids, which readers reject anyway).
fn sorted_positions(ballots: &BallotBox) -> Vec<u32> {
    let list = &ballots.ballots;
    // The first eight bytes (big-endian, zero-padded) decide most comparisons without
    // reading the ids again.
    let prefix = |id: &str| {
        let mut k = [0u8; 8];
        let n = id.len().min(8);
        k[..n].copy_from_slice(&id.as_bytes()[..n]);
        u64::from_be_bytes(k)
    };
    let id = |i: u32| list.get(i as usize).map_or(&[][..], |b| b.id.as_bytes());
    let mut keyed: Vec<(u64, u32)> = list
        .iter()
        .enumerate()
        .map(|(i, b)| (prefix(&b.id), i as u32))
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| id(a.1).cmp(id(b.1)))
            .then_with(|| a.1.cmp(&b.1))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// What rendering a canonical line needs, computed once per box.
struct LineRenderer<'a> {
    names: &'a [String],
    /// Each candidate name as a canonical field (quoted when it must be).
    fields: Vec<String>,
    ranked: bool,
    /// Ranked: the number of choice columns; marks: the number of write-in columns.
    width: usize,
    /// `width` commas, for the empty cells at the end of a short ranking.
    commas: String,
}

impl<'a> LineRenderer<'a> {
    fn new(ballots: &'a BallotBox, election: &'a Election) -> LineRenderer<'a> {
        let names = candidate_names(ballots, election);
        let ranked = election.method.is_ranked();
        let width = if ranked {
            ballots
                .ballots
                .iter()
                .map(|b| match &b.content {
                    BallotContent::Ranked(r) => r.len(),
                    BallotContent::Marks(_) => 0,
                })
                .max()
                .unwrap_or(0)
                .max(1)
        } else {
            ballots
                .ballots
                .iter()
                .map(|b| match &b.content {
                    BallotContent::Marks(m) => m.write_ins.len(),
                    BallotContent::Ranked(_) => 0,
                })
                .max()
                .unwrap_or(0)
        };
        let fields = names
            .iter()
            .map(|n| {
                let mut f = String::new();
                push_field(&mut f, n);
                f
            })
            .collect();
        LineRenderer {
            names,
            fields,
            ranked,
            width,
            commas: ",".repeat(width),
        }
    }

    /// The canonical header line.
    fn header(&self) -> String {
        let mut header = String::from("ballot_id");
        if self.ranked {
            for k in 1..=self.width {
                header.push_str(&format!(",choice_{k}"));
            }
        } else {
            for name in self.names {
                header.push(',');
                push_field(&mut header, name);
            }
            for k in 1..=self.width {
                header.push_str(&format!(",write_in_{k}"));
            }
        }
        header
    }

    /// Renders `b`'s canonical line into `line` (`cell` is scratch space).
    fn render(&self, b: &super::Ballot, line: &mut String, cell: &mut String) {
        line.clear();
        push_field(line, &b.id);
        if self.ranked {
            let ranking: &[RankEntry] = match &b.content {
                BallotContent::Ranked(r) => r,
                BallotContent::Marks(_) => &[],
            };
            let listed = ranking.len().min(self.width);
            for entry in &ranking[..listed] {
                line.push(',');
                match entry {
                    RankEntry::Single(c) => line.push_str(
                        self.fields
                            .get(*c as usize)
                            .map(String::as_str)
                            .unwrap_or(""),
                    ),
                    RankEntry::Tied(group) => {
                        cell.clear();
                        for (j, c) in group.iter().enumerate() {
                            if j > 0 {
                                cell.push('|');
                            }
                            cell.push_str(name_of(self.names, *c));
                        }
                        push_field(line, cell);
                    }
                    RankEntry::Overvote => line.push_str("overvote"),
                    RankEntry::Skipped => {}
                }
            }
            // Ranks the ballot does not fill are empty cells.
            line.push_str(self.commas.get(listed..).unwrap_or(""));
        } else if let BallotContent::Marks(m) = &b.content {
            for k in 0..self.names.len() {
                line.push(',');
                line.push_str(match m.marks.get(k) {
                    Some(Mark::Yes) => "yes",
                    Some(Mark::No) => "no",
                    Some(Mark::Illegible) => "?",
                    Some(Mark::Abstain) | None => "",
                });
            }
            for k in 0..self.width {
                line.push(',');
                push_field(line, m.write_ins.get(k).map(String::as_str).unwrap_or(""));
            }
        }
    }

    /// The leaf hashes of `list`'s canonical lines, in `list` order (one reused buffer).
    fn leaf_hashes(&self, list: &[super::Ballot], out: &mut [merkle::Hash]) {
        let mut line = String::with_capacity(256);
        let mut cell = String::new();
        for (b, leaf) in list.iter().zip(out.iter_mut()) {
            self.render(b, &mut line, &mut cell);
            *leaf = merkle::leaf_hash(line.as_bytes());
        }
    }
}

/// Calls `each` with every canonical line in `ballot_id` order (built in one reused buffer)
/// and returns the header.
pub fn for_each_line(
    ballots: &BallotBox,
    election: &Election,
    mut each: impl FnMut(&str),
) -> String {
    let renderer = LineRenderer::new(ballots, election);
    let mut line = String::with_capacity(256);
    let mut cell = String::new();
    for i in sorted_positions(ballots) {
        let Some(b) = ballots.ballots.get(i as usize) else {
            continue;
        };
        renderer.render(b, &mut line, &mut cell);
        each(&line);
    }
    renderer.header()
}

fn name_of(names: &[String], c: super::CandidateIndex) -> &str {
    names.get(c as usize).map(String::as_str).unwrap_or("")
}

/// The whole canonical file: header, then every line, each ending in LF.
pub fn canonical_csv(ballots: &BallotBox, election: &Election) -> String {
    let (header, lines) = ballot_lines(ballots, election);
    let mut out =
        String::with_capacity(header.len() + 1 + lines.iter().map(|l| l.len() + 1).sum::<usize>());
    out.push_str(&header);
    out.push('\n');
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// RFC 6962 root over canonical lines.
pub fn root_of_lines(lines: &[String]) -> [u8; 32] {
    merkle::root(lines.iter().map(|l| l.as_bytes()))
}

/// The RFC 6962 root over the box's canonical ballot lines. An error when the ballots were
/// read without keeping them (the root must bind every ballot).
pub fn ballots_root_bytes(ballots: &BallotBox, election: &Election) -> Result<[u8; 32]> {
    let weight = ballots.marks.total_weight() + ballots.ranked.total_weight();
    if ballots.ballots.is_empty() && weight > 0 {
        return Err(Error::usage(
            "the ballots were read without keeping them (keep_ballots = false); the ballots \
             root needs every ballot",
        ));
    }
    let renderer = LineRenderer::new(ballots, election);
    // Hash the lines in file order (the ballots lie in memory in that order), on two threads
    // for large boxes, then put the hashes in `ballot_id` order.
    let list = &ballots.ballots;
    let mut by_file = vec![[0u8; 32]; list.len()];
    let parallel = list.len() >= PARALLEL_MIN_BALLOTS
        && std::thread::available_parallelism().map_or(1, |n| n.get()) >= 2;
    if parallel {
        let half = list.len() / 2;
        let (first, second) = list.split_at(half);
        let (out_first, out_second) = by_file.split_at_mut(half);
        let renderer = &renderer;
        std::thread::scope(|s| {
            s.spawn(move || renderer.leaf_hashes(second, out_second));
            renderer.leaf_hashes(first, out_first);
        });
    } else {
        renderer.leaf_hashes(list, &mut by_file);
    }
    let sorted: Vec<merkle::Hash> = sorted_positions(ballots)
        .into_iter()
        .map(|i| by_file.get(i as usize).copied().unwrap_or([0u8; 32]))
        .collect();
    drop(by_file);
    Ok(two_thread_root(sorted))
}

/// Boxes at least this large are rendered and hashed on two threads.
const PARALLEL_MIN_BALLOTS: usize = 1 << 14;

/// The root over sorted leaf hashes: RFC 6962 splits n leaves at the largest power of two
/// below n, so large trees hash the two subtrees on two threads.
fn two_thread_root(mut leaves: Vec<merkle::Hash>) -> [u8; 32] {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if leaves.len() < PARALLEL_MIN_BALLOTS || threads < 2 {
        return merkle::root_from_leaf_hashes(leaves);
    }
    let split = (leaves.len() - 1).next_power_of_two() / 2;
    let right = leaves.split_off(split);
    let (l, r) = std::thread::scope(|s| {
        let r = s.spawn(move || merkle::root_from_leaf_hashes(right));
        let l = merkle::root_from_leaf_hashes(leaves);
        (l, r.join())
    });
    match r {
        Ok(r) => merkle::node_hash(&l, &r),
        // Hashing does not panic; if it somehow did, pass the panic on as the scope would.
        Err(e) => std::panic::resume_unwind(e),
    }
}

/// [`ballots_root_bytes`] as lowercase hex.
pub fn ballots_root(ballots: &BallotBox, election: &Election) -> Result<String> {
    ballots_root_bytes(ballots, election).map(|r| hex(&r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::formats::{read_ballots, BallotFormat};
    use crate::input::Source;

    fn election(method: &str, candidates: Option<&[&str]>, extra: &str) -> Election {
        let mut text = format!("id = \"t\"\nmethod = \"{method}\"\nseats = 1\n");
        if let Some(c) = candidates {
            let quoted: Vec<String> = c.iter().map(|n| format!("\"{n}\"")).collect();
            text.push_str(&format!("candidates = [{}]\n", quoted.join(", ")));
        }
        text.push_str(extra);
        Election::parse(&Source::from_text("t.toml", text)).unwrap()
    }

    /// The root `count` uses equals RFC 6962 over the canonical lines sorted by id.
    fn assert_root_matches_lines(election: &Election, name: &str, text: &str, f: BallotFormat) {
        let ballots = read_ballots(&Source::from_text(name, text), f, election, true).unwrap();
        assert!(!ballots.ballots.is_empty());
        let (_, lines) = ballot_lines(&ballots, election);
        let mut sorted = lines.clone();
        sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        // Ids here never share a prefix with a comma, so line order is id order.
        assert_eq!(lines, sorted, "{name}");
        let expected = merkle::root(lines.iter().map(|l| l.as_bytes()));
        assert_eq!(
            ballots_root_bytes(&ballots, election).unwrap(),
            expected,
            "{name}"
        );
    }

    #[test]
    fn fast_root_equals_the_root_of_the_sorted_lines_for_every_format() {
        let ranked = election("stv", Some(&["A", "B", "C"]), "");
        let small = "ballot_id,A,B,C\nz9,1,2,\nb,,1,2\nq,2,1,3\na,1,1,\nm,,,\n";
        assert_root_matches_lines(&ranked, "r.csv", small, BallotFormat::Ranks);
        let choices = "ballot_id,choice_1,choice_2\nzz,A,B|C\naa,,C\nmm,C,overvote\n";
        assert_root_matches_lines(&ranked, "c.csv", choices, BallotFormat::Choices);
        let blt = "3 1\n1 1 2 0\n2 3 0\n1 2 3 1 0\n1 1 0\n1 2 0\n1 3 0\n1 1 3 0\n1 2 1 0\n\
                   1 3 2 0\n1 1 2 3 0\n1 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n";
        assert_root_matches_lines(&ranked, "t.blt", blt, BallotFormat::Blt);
        let soc = "# FILE NAME: t.soc\n# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 3\n\
                   # NUMBER VOTERS: 12\n# NUMBER UNIQUE ORDERS: 2\n\
                   # ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\n\
                   7: 1,2,3\n5: 3,1,2\n";
        let unnamed = election("stv", None, "");
        assert_root_matches_lines(&unnamed, "t.soc", soc, BallotFormat::Preflib);
        let marks = election("approval", Some(&["A", "B"]), "");
        let text = "ballot_id,A,B\nk,yes,no\nc,,yes\nx,no,\n";
        assert_root_matches_lines(&marks, "m.csv", text, BallotFormat::Marks);
        // Enough ballots for the two-thread path, in an order that is not id order.
        let mut big = String::from("ballot_id,A,B,C\n");
        for i in 0..(PARALLEL_MIN_BALLOTS as u64 + 1234) {
            let id = (i * 7919) % 100_003;
            big.push_str(&format!("v{id},{},{},\n", 1 + i % 2, 2 - i % 2));
        }
        assert_root_matches_lines(&ranked, "big.csv", &big, BallotFormat::Ranks);
    }
}
