//! Ranked ballots and the aggregated profile that ranked methods count.

use super::CandidateIndex;
use crate::error::{Error, Result};

/// One rank position on a ranked ballot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RankEntry {
    /// Exactly one candidate at this rank.
    Single(CandidateIndex),
    /// Two or more candidates at the same rank (an equal ranking in PrefLib/BLT, or an
    /// overvote in a cast-vote record); sorted, no duplicates.
    Tied(Vec<CandidateIndex>),
    /// A rank left blank (an undervote / skipped rank) before a later marked rank.
    Skipped,
    /// An overvote whose candidates the file does not name (`overvote` in a CVR).
    Overvote,
}

/// A ranking and how many ballots cast it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightedRanking {
    /// Number of identical ballots (BLT weight, PrefLib count, or aggregated CSV rows).
    pub weight: u64,
    /// The rank positions, first preference first. May be empty (a blank ballot).
    pub ranking: Vec<RankEntry>,
}

/// Rules for reading a ranked ballot that methods share (contract §4, `[rules]`), and the
/// rules of RCTab's counts (issue 23; `ballot::methods::rctab`), each with the value it has
/// when the election file is silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RankedRules {
    /// What an overvoted rank does.
    pub overvote: OvervoteRule,
    /// What skipped (blank) ranks do (`skipped_ranks`, or `max_skipped_ranks`).
    pub skipped_ranks: SkippedRule,
    /// Exclude one candidate per round, or every candidate who cannot win.
    pub elimination: Elimination,
    /// What a candidate ranked a second time does (`duplicate_candidate`).
    pub duplicate_candidate: DuplicateRule,
    /// Whether a candidate ranked again is read as a marked rank (RCTab: set by
    /// `duplicate_candidate` or `max_skipped_ranks`) rather than as a skipped rank.
    pub repeats_marked: bool,
    /// What undeclared write-ins (`UWI`) do (`undeclared_write_ins`).
    pub undeclared_write_ins: WriteInRule,
    /// The quota (`quota`): Droop or Hare.
    pub quota: QuotaRule,
    /// How surpluses move in `stv` (`transfer`).
    pub transfer: SurplusTransfer,
    /// Decimal places of transfers and totals in `transfer = "all-surpluses"` (`decimals`;
    /// RCTab's default 4 when not given).
    pub decimals: Option<u32>,
    /// Only the highest candidate over the threshold is elected in a round.
    pub one_winner_per_round: bool,
    /// The count goes on, for the report, until two candidates remain.
    pub continue_until_two: bool,
    /// The first round's threshold holds for the whole count.
    pub first_round_determines_threshold: bool,
    /// `bottoms_up_threshold`: the share of the round's votes a candidate must exceed
    /// (`15%` is 0.15, kept with two more places than written).
    pub bottoms_up_threshold: Option<crate::exact::ScaledDecimal>,
    /// Every candidate below the threshold is eliminated at once.
    pub cutoff_elimination: bool,
    /// The Droop threshold is `V/(S+1)` truncated to `decimals` places plus one unit in the
    /// last place, instead of a whole number.
    pub non_integer_threshold: bool,
    /// Candidates with fewer votes are eliminated together first (0: no minimum).
    pub minimum_votes: u64,
    /// The count stops after this round (status `stopped`).
    pub stop_after_round: Option<u32>,
    /// The election sets one of RCTab's keys (issue 23): rounds report the threshold, the
    /// inactive ballots and the transfers, as RCTab's detailed report does.
    pub rctab_rounds: bool,
}

/// `overvote = "exhaust" | "skip-rank" | "exhaust-if-multiple-continuing"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OvervoteRule {
    /// The ballot is exhausted at an overvoted rank.
    #[default]
    Exhaust,
    /// The overvoted rank is passed over and the next rank is used.
    SkipRank,
    /// Exhausted only if two or more of the overvoted candidates are still continuing;
    /// a single continuing candidate among them takes the vote.
    ExhaustIfMultipleContinuing,
}

/// `skipped_ranks = "skip" | "exhaust-after-two"`, or `max_skipped_ranks = 0 | N |
/// "unlimited"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SkippedRule {
    /// Blank ranks are passed over (`"skip"`, `max_skipped_ranks = "unlimited"`).
    #[default]
    Skip,
    /// Two consecutive blank ranks exhaust the ballot (Minneapolis, Maine).
    ExhaustAfterTwo,
    /// More than this many consecutive blank ranks before the next marked rank exhaust the
    /// ballot (`max_skipped_ranks = N`; 0 exhausts at the first blank rank).
    AtMost(u32),
}

impl SkippedRule {
    /// The most consecutive blank ranks a ballot may have, if any bound.
    pub fn limit(self) -> Option<u32> {
        match self {
            SkippedRule::Skip => None,
            SkippedRule::ExhaustAfterTwo => Some(1),
            SkippedRule::AtMost(n) => Some(n),
        }
    }
}

/// `elimination = "single" | "batch"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Elimination {
    /// One candidate excluded per round.
    #[default]
    Single,
    /// Every candidate who mathematically cannot win is excluded together.
    Batch,
}

/// `duplicate_candidate = "skip" | "exhaust"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicateRule {
    /// A candidate ranked again is passed over like any candidate out of the count.
    #[default]
    Skip,
    /// Reaching a candidate (or an `overvote` mark) ranked again exhausts the ballot (RCTab's
    /// `exhaustOnDuplicateCandidate`).
    Exhaust,
}

/// `undeclared_write_ins = "candidate" | "exclude-first"`. Whatever the rule, an undeclared
/// write-in is never elected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WriteInRule {
    /// `UWI` is counted like a candidate; where it would be elected it is excluded instead.
    #[default]
    Candidate,
    /// RCTab: while `UWI` is continuing with votes nobody is elected, and it is eliminated
    /// alone before anyone else (so in round 1 when it has first preferences).
    ExcludeFirst,
}

/// `quota = "droop" | "hare"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuotaRule {
    /// Votes ÷ (seats + 1), whole part, plus 1 (or plus one unit in the last decimal).
    #[default]
    Droop,
    /// Votes ÷ seats, rounded up (RCTab's `hareQuota`).
    Hare,
}

/// `transfer = "one-surplus-per-stage" | "all-surpluses"` (method `stv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SurplusTransfer {
    /// The Scottish rules: one surplus per stage, the largest first (SSI 2007/42).
    #[default]
    OneSurplusPerStage,
    /// RCTab's multi-winner count: every candidate over the threshold is elected in the same
    /// round and all their surpluses move together, each ballot at a truncated fraction.
    AllSurpluses,
}

/// The name under which undeclared write-ins are counted (a choices file's `UWI` cells).
pub const UNDECLARED_WRITE_IN: &str = "UWI";

/// The aggregated ranked ballots of one contest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RankedProfile {
    /// Candidate names, in the election's order.
    pub candidates: Vec<String>,
    /// Candidates withdrawn before the count (BLT `-n` lines): never elected, skipped.
    pub withdrawn: Vec<CandidateIndex>,
    /// Distinct rankings with their weights, in first-appearance order.
    pub ballots: Rankings,
}

impl RankedProfile {
    /// Total number of ballots (sum of weights).
    pub fn total_weight(&self) -> u64 {
        self.ballots.weights.iter().sum()
    }

    /// The undeclared write-ins' candidate number, when the count has them.
    pub fn undeclared_write_in(&self) -> Option<CandidateIndex> {
        self.candidates
            .iter()
            .position(|c| c == UNDECLARED_WRITE_IN)
            .map(|c| c as CandidateIndex)
    }

    /// The rankings, once checked to name only the profile's candidates; an input error
    /// otherwise.
    pub fn checked_rankings(&self) -> Result<&Rankings> {
        let n = self.candidates.len();
        if n >= UNNAMED_OVERVOTE as usize / 2 {
            return Err(Error::input(format!(
                "{n} candidates are too many to count"
            )));
        }
        let outside = self
            .ballots
            .codes
            .iter()
            .any(|&c| c < UNNAMED_OVERVOTE && (c & !TIED_WITH_NEXT) as usize >= n);
        if outside {
            return Err(Error::input(format!(
                "a ranking names a candidate outside the {n} candidates"
            )));
        }
        Ok(&self.ballots)
    }
}

/// In a packed ranking: this candidate is ranked equal with the next code.
pub const TIED_WITH_NEXT: u32 = 1 << 31;
/// In a packed ranking: a skipped (blank) rank.
pub const SKIPPED_RANK: u32 = u32::MAX;
/// In a packed ranking: an overvoted rank whose candidates are not named.
pub const UNNAMED_OVERVOTE: u32 = u32::MAX - 1;

/// Distinct rankings and their weights, every ranking packed as `u32` codes in one array:
/// a candidate number; the members of an equal-ranked group in increasing order, flagged
/// [`TIED_WITH_NEXT`] except the last; [`SKIPPED_RANK`]; [`UNNAMED_OVERVOTE`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rankings {
    /// The codes of all rankings, one after another.
    pub codes: Vec<u32>,
    /// Where each ranking starts in `codes` (one more entry than rankings).
    pub starts: Vec<usize>,
    /// How many ballots cast each ranking.
    pub weights: Vec<u64>,
}

impl Default for Rankings {
    fn default() -> Rankings {
        Rankings::with_capacity(0, 0)
    }
}

impl Rankings {
    /// No rankings, with room for `rankings` rankings of `codes` codes in all.
    pub fn with_capacity(rankings: usize, codes: usize) -> Rankings {
        let mut starts = Vec::with_capacity(rankings + 1);
        starts.push(0);
        Rankings {
            codes: Vec::with_capacity(codes),
            starts,
            weights: Vec::with_capacity(rankings),
        }
    }

    /// Number of distinct rankings.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether there are no rankings.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The codes of ranking `i`.
    pub fn ranking(&self, i: usize) -> &[u32] {
        &self.codes[self.starts[i]..self.starts[i + 1]]
    }

    /// How many ballots cast ranking `i`.
    pub fn weight(&self, i: usize) -> u64 {
        self.weights[i]
    }

    /// Every ranking's codes with its weight, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&[u32], u64)> + '_ {
        (0..self.len()).map(|i| (self.ranking(i), self.weights[i]))
    }

    /// Appends a ranking given as codes (equal-ranked groups in increasing order).
    pub fn push_codes(&mut self, codes: &[u32], weight: u64) {
        self.codes.extend_from_slice(codes);
        self.starts.push(self.codes.len());
        self.weights.push(weight);
    }

    /// Appends a ranking given as codes numbering the candidates differently, renumbered
    /// by `order` (old number → new number), its equal-ranked groups put in increasing order.
    pub fn push_renumbered(&mut self, codes: &[u32], order: &[u32], weight: u64) {
        let mut group_start = self.codes.len();
        for &code in codes {
            let renumbered = if code >= UNNAMED_OVERVOTE {
                code
            } else {
                order[(code & !TIED_WITH_NEXT) as usize]
            };
            self.codes.push(renumbered);
            if code & TIED_WITH_NEXT == 0 || code >= UNNAMED_OVERVOTE {
                let group = &mut self.codes[group_start..];
                if let Some(last) = group.len().checked_sub(1).filter(|&last| last > 0) {
                    group.sort_unstable();
                    for member in &mut group[..last] {
                        *member |= TIED_WITH_NEXT;
                    }
                }
                group_start = self.codes.len();
            }
        }
        self.starts.push(self.codes.len());
        self.weights.push(weight);
    }

    /// Appends a ranking given as rank entries.
    pub fn push(&mut self, ranking: &[RankEntry], weight: u64) {
        for entry in ranking {
            match entry {
                RankEntry::Single(c) => self.codes.push(*c),
                RankEntry::Tied(group) => {
                    if let Some((last, rest)) = group.split_last() {
                        self.codes.extend(rest.iter().map(|&c| c | TIED_WITH_NEXT));
                        self.codes.push(*last);
                    }
                }
                RankEntry::Skipped => self.codes.push(SKIPPED_RANK),
                RankEntry::Overvote => self.codes.push(UNNAMED_OVERVOTE),
            }
        }
        self.starts.push(self.codes.len());
        self.weights.push(weight);
    }

    /// Appends the rankings of `later` after these.
    pub fn append(&mut self, later: Rankings) {
        let offset = self.codes.len();
        self.codes.extend_from_slice(&later.codes);
        self.starts
            .extend(later.starts.iter().skip(1).map(|&start| start + offset));
        self.weights.extend_from_slice(&later.weights);
    }

    /// Ranking `i` as rank entries.
    pub fn entries(&self, i: usize) -> Vec<RankEntry> {
        ranks(self.ranking(i)).map(Rank::to_entry).collect()
    }

    /// Every ranking as rank entries with its weight (for tests and small profiles).
    pub fn to_weighted(&self) -> Vec<WeightedRanking> {
        (0..self.len())
            .map(|i| WeightedRanking {
                weight: self.weights[i],
                ranking: self.entries(i),
            })
            .collect()
    }

    /// Rankings `range` as a profile of their own.
    pub fn slice(&self, range: std::ops::Range<usize>) -> RankingsSlice<'_> {
        RankingsSlice {
            rankings: self,
            range,
        }
    }
}

/// Some consecutive rankings of a [`Rankings`].
#[derive(Debug, Clone)]
pub struct RankingsSlice<'a> {
    rankings: &'a Rankings,
    range: std::ops::Range<usize>,
}

impl<'a> RankingsSlice<'a> {
    /// Every ranking's codes with its weight, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a [u32], u64)> + 'a {
        let rankings = self.rankings;
        self.range
            .clone()
            .map(move |i| (rankings.ranking(i), rankings.weights[i]))
    }
}

impl FromIterator<WeightedRanking> for Rankings {
    fn from_iter<I: IntoIterator<Item = WeightedRanking>>(iter: I) -> Rankings {
        let mut rankings = Rankings::default();
        for ballot in iter {
            rankings.push(&ballot.ranking, ballot.weight);
        }
        rankings
    }
}

impl From<Vec<WeightedRanking>> for Rankings {
    fn from(ballots: Vec<WeightedRanking>) -> Rankings {
        ballots.into_iter().collect()
    }
}

/// One rank position of a packed ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rank<'a> {
    /// Exactly one candidate at this rank.
    Single(CandidateIndex),
    /// Two or more candidates at the same rank.
    Tied(Group<'a>),
    /// A rank left blank before a later marked rank.
    Skipped,
    /// An overvote whose candidates the file does not name.
    Overvote,
}

impl Rank<'_> {
    /// This rank as an owned rank entry.
    pub fn to_entry(self) -> RankEntry {
        match self {
            Rank::Single(c) => RankEntry::Single(c),
            Rank::Tied(group) => RankEntry::Tied(group.candidates().collect()),
            Rank::Skipped => RankEntry::Skipped,
            Rank::Overvote => RankEntry::Overvote,
        }
    }
}

/// The packed codes of an equal-ranked group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group<'a>(&'a [u32]);

impl<'a> Group<'a> {
    /// The group's candidates, in increasing order.
    pub fn candidates(self) -> impl Iterator<Item = CandidateIndex> + 'a {
        self.0.iter().map(|&c| c & !TIED_WITH_NEXT)
    }
}

/// The rank positions of a packed ranking, first preference first.
pub fn ranks(codes: &[u32]) -> Ranks<'_> {
    Ranks { codes }
}

/// Iterator over the rank positions of a packed ranking (see [`ranks`]).
#[derive(Debug, Clone)]
pub struct Ranks<'a> {
    codes: &'a [u32],
}

impl<'a> Iterator for Ranks<'a> {
    type Item = Rank<'a>;

    fn next(&mut self) -> Option<Rank<'a>> {
        let (&code, rest) = self.codes.split_first()?;
        if code == SKIPPED_RANK {
            self.codes = rest;
            return Some(Rank::Skipped);
        }
        if code == UNNAMED_OVERVOTE {
            self.codes = rest;
            return Some(Rank::Overvote);
        }
        if code & TIED_WITH_NEXT == 0 {
            self.codes = rest;
            return Some(Rank::Single(code));
        }
        // The group runs to its first member without the flag (or the ranking's end).
        let len = self
            .codes
            .iter()
            .position(|&c| c & TIED_WITH_NEXT == 0 || c >= UNNAMED_OVERVOTE)
            .map_or(self.codes.len(), |last| last + 1);
        let (group, rest) = self.codes.split_at(len);
        self.codes = rest;
        Some(Rank::Tied(Group(group)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::test_support::{profile, rank_entry};
    use RankEntry::{Overvote, Single, Skipped, Tied};

    proptest::proptest! {
        /// Packing a ranking and reading it back gives the same rank entries, and renumbering
        /// agrees with renumbering the entries (groups sorted again).
        #[test]
        fn packed_rankings_read_back(
            rankings in proptest::collection::vec(
                (proptest::collection::vec(rank_entry(40), 0..10), 0u64..5), 0..8),
            shift in 0u32..40,
        ) {
            let weighted: Vec<WeightedRanking> = rankings
                .iter()
                .map(|(ranking, weight)| WeightedRanking { weight: *weight, ranking: ranking.clone() })
                .collect();
            let packed = Rankings::from(weighted.clone());
            proptest::prop_assert_eq!(packed.len(), weighted.len());
            proptest::prop_assert_eq!(packed.to_weighted(), weighted.clone());
            for (i, (codes, weight)) in packed.iter().enumerate() {
                proptest::prop_assert_eq!(weight, weighted[i].weight);
                proptest::prop_assert_eq!(ranks(codes).count(), weighted[i].ranking.len());
            }
            // A rotation of the 40 candidate numbers.
            let order: Vec<u32> = (0..40).map(|c| (c + shift) % 40).collect();
            let mut renumbered = Rankings::default();
            for (codes, weight) in packed.iter() {
                renumbered.push_renumbered(codes, &order, weight);
            }
            let expected: Vec<WeightedRanking> = weighted
                .iter()
                .map(|w| WeightedRanking {
                    weight: w.weight,
                    ranking: w.ranking.iter().map(|e| match e {
                        Single(c) => Single(order[*c as usize]),
                        Tied(group) => {
                            let mut g: Vec<u32> = group.iter().map(|&c| order[c as usize]).collect();
                            g.sort_unstable();
                            Tied(g)
                        }
                        other => other.clone(),
                    }).collect(),
                })
                .collect();
            proptest::prop_assert_eq!(renumbered, Rankings::from(expected));
            // Split anywhere and appended again, the rankings are the same.
            for at in 0..=weighted.len() {
                let mut first = Rankings::from(weighted[..at].to_vec());
                first.append(Rankings::from(weighted[at..].to_vec()));
                proptest::prop_assert_eq!(&first, &packed);
            }
        }
    }

    #[test]
    fn rankings_naming_a_candidate_outside_the_list_are_refused() {
        let profile = |ranking: Vec<RankEntry>| profile(&["a", "b"], vec![(1, ranking)]);
        assert!(
            profile(vec![Single(1), Skipped, Overvote, Tied(vec![0, 1])])
                .checked_rankings()
                .is_ok()
        );
        for bad in [
            vec![Single(2)],
            vec![Tied(vec![0, 2])],
            vec![Tied(vec![2, 3])],
        ] {
            let e = profile(bad).checked_rankings().unwrap_err();
            assert!(e.to_string().contains("outside the 2 candidates"), "{e}");
        }
        assert_eq!(profile(vec![Single(0), Single(1)]).total_weight(), 1);
    }
}
