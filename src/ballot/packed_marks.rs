//! Distinct marks ballots held packed: every ballot's marks in one array and its write-ins
//! in another, with where each ballot ends and its weight (instead of two vectors per
//! distinct ballot, which a million distinct ballots pay for in allocations and memory).

use super::{Mark, MarksBallot};

/// Distinct marks ballots with their weights, in first-appearance order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MarksBallots {
    /// Every ballot's marks, one after another.
    marks: Vec<Mark>,
    /// Where each ballot's marks end in `marks`.
    mark_ends: Vec<usize>,
    /// Every ballot's write-ins, one after another.
    write_ins: Vec<String>,
    /// Where each ballot's write-ins end in `write_ins`.
    write_in_ends: Vec<usize>,
    /// How many times each ballot was cast.
    weights: Vec<u64>,
}

/// One distinct marks ballot, borrowed from [`MarksBallots`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarksBallotRef<'a> {
    /// One mark per candidate, in candidate-list order.
    pub marks: &'a [Mark],
    /// Names written in, in column order.
    pub write_ins: &'a [String],
}

impl MarksBallotRef<'_> {
    /// The ballot as an owned [`MarksBallot`].
    pub fn to_ballot(&self) -> MarksBallot {
        MarksBallot {
            marks: self.marks.to_vec(),
            write_ins: self.write_ins.to_vec(),
        }
    }
}

impl MarksBallots {
    /// Empty, with room for `ballots` ballots of `marks` marks in all.
    pub fn with_capacity(ballots: usize, marks: usize) -> MarksBallots {
        MarksBallots {
            marks: Vec::with_capacity(marks),
            mark_ends: Vec::with_capacity(ballots),
            write_ins: Vec::new(),
            write_in_ends: Vec::with_capacity(ballots),
            weights: Vec::with_capacity(ballots),
        }
    }

    /// Number of distinct ballots.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether there is no ballot.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Distinct ballot `k`.
    #[inline]
    pub fn get(&self, k: usize) -> Option<MarksBallotRef<'_>> {
        let end = *self.mark_ends.get(k)?;
        let start = if k == 0 { 0 } else { self.mark_ends[k - 1] };
        let write_in_end = self.write_in_ends[k];
        let write_in_start = if k == 0 { 0 } else { self.write_in_ends[k - 1] };
        Some(MarksBallotRef {
            marks: &self.marks[start..end],
            write_ins: &self.write_ins[write_in_start..write_in_end],
        })
    }

    /// How many times distinct ballot `k` was cast.
    pub fn weight(&self, k: usize) -> u64 {
        self.weights[k]
    }

    /// Every distinct ballot with its weight, in order.
    pub fn iter(&self) -> impl Iterator<Item = (MarksBallotRef<'_>, u64)> + '_ {
        let mut mark_start = 0;
        let mut write_in_start = 0;
        self.mark_ends
            .iter()
            .zip(&self.write_in_ends)
            .zip(&self.weights)
            .map(move |((&mark_end, &write_in_end), &weight)| {
                let ballot = MarksBallotRef {
                    marks: &self.marks[mark_start..mark_end],
                    write_ins: &self.write_ins[write_in_start..write_in_end],
                };
                mark_start = mark_end;
                write_in_start = write_in_end;
                (ballot, weight)
            })
    }

    /// Adds a ballot of these marks and no write-in, cast `weight` times.
    #[inline]
    pub fn push_marks(&mut self, marks: impl IntoIterator<Item = Mark>, weight: u64) {
        self.marks.extend(marks);
        self.mark_ends.push(self.marks.len());
        self.write_in_ends.push(self.write_ins.len());
        self.weights.push(weight);
    }

    /// Adds a ballot cast `weight` times.
    pub fn push(&mut self, ballot: MarksBallot, weight: u64) {
        self.write_ins.extend(ballot.write_ins);
        self.push_marks(ballot.marks, weight);
    }

    /// Appends the ballots of `later` after these.
    pub fn append(&mut self, later: MarksBallots) {
        let (marks, write_ins) = (self.marks.len(), self.write_ins.len());
        self.marks.extend_from_slice(&later.marks);
        self.mark_ends
            .extend(later.mark_ends.iter().map(|end| end + marks));
        self.write_ins.extend(later.write_ins);
        self.write_in_ends
            .extend(later.write_in_ends.iter().map(|end| end + write_ins));
        self.weights.extend_from_slice(&later.weights);
    }

    /// Every ballot owned, with its weight.
    pub fn to_vec(&self) -> Vec<(MarksBallot, u64)> {
        self.iter().map(|(b, w)| (b.to_ballot(), w)).collect()
    }
}

impl FromIterator<(MarksBallot, u64)> for MarksBallots {
    fn from_iter<I: IntoIterator<Item = (MarksBallot, u64)>>(items: I) -> MarksBallots {
        let mut ballots = MarksBallots::default();
        for (ballot, weight) in items {
            ballots.push(ballot, weight);
        }
        ballots
    }
}

impl From<Vec<(MarksBallot, u64)>> for MarksBallots {
    fn from(items: Vec<(MarksBallot, u64)>) -> MarksBallots {
        items.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::test_support::marks_ballot;
    use Mark::*;

    #[test]
    fn packing_keeps_every_ballot_and_weight() {
        let items = vec![
            (marks_ballot(&[Yes, No, Abstain], &[]), 3),
            (marks_ballot(&[], &["张三"]), 1),
            (marks_ballot(&[Illegible], &["a", "b"]), 7),
            (marks_ballot(&[No, No], &[]), 2),
        ];
        let packed = MarksBallots::from(items.clone());
        assert_eq!(packed.len(), 4);
        assert_eq!(packed.to_vec(), items);
        for (k, (b, w)) in items.iter().enumerate() {
            assert_eq!(packed.get(k).map(|r| r.to_ballot()).as_ref(), Some(b));
            assert_eq!(packed.weight(k), *w);
        }
        assert_eq!(packed.get(4), None);
        // Appending at every split gives the whole.
        for split in 0..=items.len() {
            let mut first = MarksBallots::from(items[..split].to_vec());
            first.append(MarksBallots::from(items[split..].to_vec()));
            assert_eq!(first, packed, "split at {split}");
        }
        let mut by_marks = MarksBallots::default();
        by_marks.push_marks([No, No], 2);
        assert_eq!(by_marks.to_vec(), vec![(marks_ballot(&[No, No], &[]), 2)]);
    }
}
