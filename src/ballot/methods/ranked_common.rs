//! Pieces the ranked counting methods share: reading a ranking under the contract's
//! `[rules]` (overvotes, skipped ranks, withdrawn candidates), per-candidate piles of
//! papers that are revisited only when their candidate's status changes, ties settled by
//! the totals of earlier stages, and fixed-point decimals.

use crate::ballot::ranked::{
    DuplicateRule, OvervoteRule, RankEntry, RankedProfile, RankedRules, Rankings, SKIPPED_RANK,
    TIED_WITH_NEXT, UNNAMED_OVERVOTE,
};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::CandidateIndex;
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// Why a ranking has no further usable preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exhaustion {
    /// No marked rank is left (or every remaining candidate is out of the count).
    End,
    /// An overvoted rank stopped the ballot (`overvote = "exhaust"`, or two or more
    /// continuing candidates under `"exhaust-if-multiple-continuing"`).
    Overvote,
    /// Too many consecutive skipped ranks stopped the ballot (`skipped_ranks =
    /// "exhaust-after-two"`, `max_skipped_ranks = N`).
    SkippedRanks,
    /// A candidate (or an `overvote` mark) ranked a second time stopped the ballot
    /// (`duplicate_candidate = "exhaust"`).
    Repeated,
}

impl Exhaustion {
    /// The reason name used in `ballots.invalid` when a ballot has no first preference.
    pub fn reason(self) -> &'static str {
        match self {
            Exhaustion::End => "empty",
            Exhaustion::Overvote => "overvote",
            Exhaustion::SkippedRanks => "skipped-ranks",
            Exhaustion::Repeated => "repeated-ranking",
        }
    }
}

/// The next usable preference on a ranking: a candidate and the rank position it is at,
/// or why the ranking is exhausted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// The ballot goes to `candidate`, found at `position` of the ranking.
    Candidate {
        /// The candidate the ballot now counts for.
        candidate: CandidateIndex,
        /// The rank position (0-based index into the ranking) holding that candidate.
        position: usize,
    },
    /// The ballot is exhausted.
    Exhausted(Exhaustion),
}

/// What a ballot's walk has met: the run of blank ranks before the current one and, under
/// `duplicate_candidate = "exhaust"`, every mark seen on the ballot (RCTab's walk from rank 1:
/// the marks before the walk's start are seen too).
struct Walked {
    blank_run: u32,
    limit: Option<u32>,
    seen: Option<Vec<u32>>,
}

impl Walked {
    fn new(rules: &RankedRules, before: impl Iterator<Item = u32>) -> Walked {
        let seen = match rules.duplicate_candidate {
            DuplicateRule::Skip => None,
            DuplicateRule::Exhaust => Some(before.filter(|&c| c != SKIPPED_RANK).collect()),
        };
        Walked {
            blank_run: 0,
            limit: rules.skipped_ranks.limit(),
            seen,
        }
    }

    /// A blank rank: whether the ballot has now skipped too many.
    fn blank(&mut self) -> bool {
        self.blank_run += 1;
        self.limit.is_some_and(|limit| self.blank_run > limit)
    }

    /// A marked rank holding `marks` (candidate codes without flags, or
    /// [`UNNAMED_OVERVOTE`]): whether one of them was seen before.
    fn marked(&mut self, marks: impl Iterator<Item = u32>) -> bool {
        self.blank_run = 0;
        let Some(seen) = &mut self.seen else {
            return false;
        };
        for mark in marks {
            if seen.contains(&mark) {
                return true;
            }
            seen.push(mark);
        }
        false
    }
}

/// Finds the next preference at or after rank position `from` for a candidate that
/// `available` accepts, applying the `[rules]` of the contract (§4):
/// - a single candidate who is not available (elected, excluded, withdrawn) is passed over;
/// - an overvoted rank (`Tied` or `Overvote`) exhausts the ballot (`"exhaust"`), is passed
///   over (`"skip-rank"`), or (`"exhaust-if-multiple-continuing"`) goes to its only
///   available candidate, is passed over when none is available and exhausts when two or
///   more are (an `Overvote` whose candidates the file does not name exhausts);
/// - blank ranks are passed over (`"skip"`), or more consecutive blank ranks than the limit
///   (`"exhaust-after-two"`: two; `max_skipped_ranks = N`: N + 1) exhaust the ballot;
/// - under `duplicate_candidate = "exhaust"`, a mark already met on the ballot (before
///   `from` too) exhausts it when reached.
///
/// The checks at a rank come in RCTab's order: skipped ranks, repeats, the overvote, the
/// candidate.
pub fn next_preference(
    ranking: &[RankEntry],
    from: usize,
    rules: &RankedRules,
    available: impl Fn(CandidateIndex) -> bool,
) -> Next {
    let marks = |entry: &RankEntry| -> Vec<u32> {
        match entry {
            RankEntry::Single(c) => vec![*c],
            RankEntry::Tied(group) => group.clone(),
            RankEntry::Skipped => Vec::new(),
            RankEntry::Overvote => vec![UNNAMED_OVERVOTE],
        }
    };
    let before = ranking.iter().take(from).flat_map(marks);
    let mut walked = Walked::new(rules, before);
    for (position, entry) in ranking.iter().enumerate().skip(from) {
        if *entry == RankEntry::Skipped {
            if walked.blank() {
                return Next::Exhausted(Exhaustion::SkippedRanks);
            }
            continue;
        }
        if walked.marked(marks(entry).into_iter()) {
            return Next::Exhausted(Exhaustion::Repeated);
        }
        match entry {
            RankEntry::Single(candidate) => {
                if available(*candidate) {
                    return Next::Candidate {
                        candidate: *candidate,
                        position,
                    };
                }
            }
            RankEntry::Skipped => {}
            RankEntry::Overvote => match rules.overvote {
                OvervoteRule::SkipRank => {}
                OvervoteRule::Exhaust | OvervoteRule::ExhaustIfMultipleContinuing => {
                    return Next::Exhausted(Exhaustion::Overvote)
                }
            },
            RankEntry::Tied(group) => match rules.overvote {
                OvervoteRule::Exhaust => return Next::Exhausted(Exhaustion::Overvote),
                OvervoteRule::SkipRank => {}
                OvervoteRule::ExhaustIfMultipleContinuing => {
                    let mut live = group.iter().copied().filter(|&c| available(c));
                    match (live.next(), live.next()) {
                        (Some(candidate), None) => {
                            return Next::Candidate {
                                candidate,
                                position,
                            }
                        }
                        (Some(_), Some(_)) => return Next::Exhausted(Exhaustion::Overvote),
                        _ => {}
                    }
                }
            },
        }
    }
    Next::Exhausted(Exhaustion::End)
}

/// [`next_preference`] over the codes of a packed ranking ([`Rankings`]): the same rules, with
/// `position` an index into `codes` (for an equal-ranked group, the index of its last
/// member, so that the next search starts after the group).
pub fn next_compact(
    codes: &[u32],
    from: usize,
    rules: &RankedRules,
    available: impl Fn(CandidateIndex) -> bool,
) -> Next {
    let before = codes[..from.min(codes.len())].iter().map(|&c| {
        if c >= UNNAMED_OVERVOTE {
            c
        } else {
            c & !TIED_WITH_NEXT
        }
    });
    let mut walked = Walked::new(rules, before);
    let mut at = from;
    while let Some(&code) = codes.get(at) {
        if code == SKIPPED_RANK {
            if walked.blank() {
                return Next::Exhausted(Exhaustion::SkippedRanks);
            }
            at += 1;
            continue;
        }
        if code == UNNAMED_OVERVOTE {
            if walked.marked(std::iter::once(code)) {
                return Next::Exhausted(Exhaustion::Repeated);
            }
            match rules.overvote {
                OvervoteRule::SkipRank => {}
                OvervoteRule::Exhaust | OvervoteRule::ExhaustIfMultipleContinuing => {
                    return Next::Exhausted(Exhaustion::Overvote)
                }
            }
            at += 1;
            continue;
        }
        if code & TIED_WITH_NEXT == 0 {
            if walked.marked(std::iter::once(code)) {
                return Next::Exhausted(Exhaustion::Repeated);
            }
            if available(code) {
                return Next::Candidate {
                    candidate: code,
                    position: at,
                };
            }
            at += 1;
            continue;
        }
        // An equal-ranked group: codes[at..=last].
        let mut last = at;
        while codes.get(last).is_some_and(|c| c & TIED_WITH_NEXT != 0) {
            last += 1;
        }
        let last = last.min(codes.len() - 1);
        let members = || codes[at..=last].iter().map(|c| c & !TIED_WITH_NEXT);
        if walked.marked(members()) {
            return Next::Exhausted(Exhaustion::Repeated);
        }
        match rules.overvote {
            OvervoteRule::Exhaust => return Next::Exhausted(Exhaustion::Overvote),
            OvervoteRule::SkipRank => {}
            OvervoteRule::ExhaustIfMultipleContinuing => {
                let mut live = members().filter(|&c| available(c));
                match (live.next(), live.next()) {
                    (Some(candidate), None) => {
                        return Next::Candidate {
                            candidate,
                            position: last,
                        }
                    }
                    (Some(_), Some(_)) => return Next::Exhausted(Exhaustion::Overvote),
                    _ => {}
                }
            }
        }
        at = last + 1;
    }
    Next::Exhausted(Exhaustion::End)
}

/// Where a candidate stands in a sequential count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Still in the count, not yet elected.
    Continuing,
    /// Elected (deemed elected).
    Elected,
    /// Excluded during the count.
    Excluded,
    /// Withdrawn before the count (BLT `-n` line): never counted.
    Withdrawn,
}

impl Standing {
    /// Whether the candidate still holds votes: continuing or elected (not excluded or
    /// withdrawn).
    pub fn in_count(self) -> bool {
        match self {
            Standing::Continuing | Standing::Elected => true,
            Standing::Excluded | Standing::Withdrawn => false,
        }
    }
}

/// Checks a profile before a sequential count and returns every candidate's standing at
/// the start (withdrawn ones marked); an input error if the withdrawn list names a
/// candidate outside the list, or fewer candidates stand than `seats` (rankings are
/// checked by [`RankedProfile::checked_rankings`]).
pub fn initial_standings(profile: &RankedProfile, seats: u32) -> Result<Vec<Standing>> {
    let n = profile.candidates.len();
    let mut standing = vec![Standing::Continuing; n];
    for &w in &profile.withdrawn {
        let slot = standing.get_mut(w as usize).ok_or_else(|| {
            Error::input(format!(
                "withdrawn candidate number {} is outside the {n} candidates",
                w + 1
            ))
        })?;
        *slot = Standing::Withdrawn;
    }
    if seats == 0 {
        return Err(Error::input("seats must be at least 1").field("seats"));
    }
    let standing_count = standing
        .iter()
        .filter(|s| **s == Standing::Continuing)
        .count();
    if standing_count < seats as usize {
        return Err(Error::input(format!(
            "{standing_count} candidates stand (not withdrawn) for {seats} seats; expected at \
             least as many candidates as seats"
        ))
        .field("seats"));
    }
    Ok(standing)
}

/// The papers of a count: for each distinct ranking the rank position it currently sits
/// at, and for each candidate the pile of rankings currently with them. A transfer
/// revisits only the pile of the candidate whose status changed.
#[derive(Debug, Clone)]
pub struct Piles {
    /// For each distinct ranking, the rank position of the candidate holding it.
    pub position: Vec<u32>,
    /// For each candidate, the indices of the rankings they hold.
    pub piles: Vec<Vec<u32>>,
}

/// The first-stage deal: the piles, the valid ballot count, and ballots with no first
/// preference by reason.
#[derive(Debug, Clone)]
pub struct FirstDeal {
    /// Papers sorted by first preference.
    pub piles: Piles,
    /// Ballots (weights) with a first preference.
    pub valid: u64,
    /// Ballots without a usable first preference, by reason (`empty`, `overvote`,
    /// `skipped-ranks`).
    pub invalid: BTreeMap<String, u64>,
}

impl Piles {
    /// Sorts every ranking of `profile` to its first preference among the candidates
    /// `available` accepts.
    pub fn deal(
        profile: &Rankings,
        candidates: usize,
        rules: &RankedRules,
        available: impl Fn(CandidateIndex) -> bool,
    ) -> FirstDeal {
        let mut piles = vec![Vec::new(); candidates];
        let mut position = vec![0u32; profile.len()];
        let mut valid = 0u64;
        let mut invalid = BTreeMap::new();
        for (index, slot) in position.iter_mut().enumerate() {
            let weight = profile.weights[index];
            match next_compact(profile.ranking(index), 0, rules, &available) {
                Next::Candidate {
                    candidate,
                    position: at,
                } => {
                    piles[candidate as usize].push(index as u32);
                    *slot = at as u32;
                    valid += weight;
                }
                Next::Exhausted(why) => {
                    *invalid.entry(why.reason().to_string()).or_insert(0) += weight;
                }
            }
        }
        FirstDeal {
            piles: Piles { position, piles },
            valid,
            invalid,
        }
    }

    /// Takes `from`'s pile and moves each paper to its next preference among the
    /// candidates `available` accepts, calling `moved(ranking index, where it went: a
    /// candidate, or why it is exhausted)` for each, in pile order. The rankings of each group of
    /// [`WARM_GROUP`] papers (and what `look_up(ranking index)` reads of the caller's own
    /// state for `moved`) are looked up before any of them is moved: the lookups mostly miss
    /// the cache, and made together their waits overlap.
    pub fn transfer(
        &mut self,
        from: CandidateIndex,
        profile: &Rankings,
        rules: &RankedRules,
        available: impl Fn(CandidateIndex) -> bool,
        look_up: impl Fn(usize) -> u64,
        mut moved: impl FnMut(usize, Next),
    ) {
        let pile = std::mem::take(&mut self.piles[from as usize]);
        for group in pile.chunks(WARM_GROUP) {
            let mut warm = 0u64;
            for &index in group {
                let i = index as usize;
                let next = profile.starts[i] + self.position[i] as usize + 1;
                warm ^= u64::from(profile.codes.get(next).copied().unwrap_or(0));
                warm ^= profile.weights[i] ^ look_up(i);
            }
            std::hint::black_box(warm);
            for &index in group {
                let i = index as usize;
                let ranking = profile.ranking(i);
                let next = next_compact(ranking, self.position[i] as usize + 1, rules, &available);
                if let Next::Candidate {
                    candidate,
                    position,
                } = next
                {
                    self.position[i] = position as u32;
                    self.piles[candidate as usize].push(index);
                }
                moved(i, next);
            }
        }
    }
}

/// Papers whose rankings are looked up together before they are moved.
const WARM_GROUP: usize = 16;

/// Narrows tied candidates by the totals of earlier stages, most recent first (the
/// "earlier round" / "most recently preceding stage" rule of SSI 2007/42 rules 49(2) and
/// 51(2)): at the latest stage where the tied candidates' totals differ, keep those with
/// the lowest total (`lowest = true`) or the highest; repeat with the survivors. Returns
/// the candidates still tied after every stage (one when the rule decides).
pub fn narrow_by_earlier_stages<T: Ord + Copy>(
    tied: &[CandidateIndex],
    history: &[Vec<T>],
    lowest: bool,
) -> Vec<CandidateIndex> {
    let mut left: Vec<CandidateIndex> = tied.to_vec();
    for stage in history.iter().rev() {
        if left.len() <= 1 {
            break;
        }
        let value = |c: &CandidateIndex| stage[*c as usize];
        let extreme = if lowest {
            left.iter().map(value).min()
        } else {
            left.iter().map(value).max()
        };
        if let Some(extreme) = extreme {
            left.retain(|c| value(c) == extreme);
        }
    }
    left
}

/// Picks one of `tied` by the earlier-stages rule, then by lot: the candidate to exclude
/// (`lowest = true`) or the surplus to transfer first / the winner (`lowest = false`). Every
/// tie is recorded in `ties`; for a lot the tied names are ordered by the lot and the last one
/// drawn is excluded (or the first one drawn is transferred first). Under `[tiebreak] mode`
/// the earlier-stages rule applies only to `previous-round-then-lot`, and `candidate-order` /
/// `permutation` settle the tie by their list instead of a lot.
pub fn settle_tie<T: Ord + Copy>(
    tied: &[CandidateIndex],
    history: &[Vec<T>],
    lowest: bool,
    names: &[String],
    context: &str,
    ties: &mut TieBreaker,
) -> Result<CandidateIndex> {
    if let [only] = tied {
        return Ok(*only);
    }
    let name_of = |c: &CandidateIndex| names[*c as usize].clone();
    let left = if ties.looks_at_earlier_rounds() {
        narrow_by_earlier_stages(tied, history, lowest)
    } else {
        tied.to_vec()
    };
    if let [chosen] = left[..] {
        let mut order: Vec<String> = tied.iter().filter(|c| **c != chosen).map(name_of).collect();
        if lowest {
            order.push(names[chosen as usize].clone());
        } else {
            order.insert(0, names[chosen as usize].clone());
        }
        ties.settled(
            context,
            tied.iter().map(name_of).collect(),
            "earlier round",
            order,
        );
        return Ok(chosen);
    }
    let left_names: Vec<String> = left.iter().map(name_of).collect();
    let order = ties.lot_pick(context, &left_names, lowest)?;
    let drawn = if lowest { order.last() } else { order.first() };
    let drawn = drawn.ok_or_else(|| Error::input("a lot among no candidates"))?;
    left.iter()
        .copied()
        .find(|c| &names[*c as usize] == drawn)
        .ok_or_else(|| Error::input(format!("the lot named an unknown candidate {drawn}")))
}

/// Formats a fixed-point value held in units of 10^-`places` as an exact decimal
/// (`fixed_decimal(123456, 5)` is `"1.23456"`; `places = 0` gives an integer).
pub fn fixed_decimal(units: u128, places: u32) -> String {
    if places == 0 {
        return units.to_string();
    }
    let scale = 10u128.pow(places);
    format!(
        "{}.{:0width$}",
        units / scale,
        units % scale,
        width = places as usize
    )
}

/// Candidate names joined for a stage action (`"exclusion of A, B"`).
pub fn joined_names(candidates: &[CandidateIndex], names: &[String]) -> String {
    candidates
        .iter()
        .map(|c| names[*c as usize].as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One stage of a result sheet: every continuing or elected candidate's total and the
/// non-transferable votes as exact decimals with `places` digits, and who was elected or
/// excluded at this stage.
#[allow(clippy::too_many_arguments)]
pub fn stage_round(
    round: u32,
    action: String,
    totals: &[u128],
    standing: &[Standing],
    names: &[String],
    places: u32,
    non_transferable: u128,
    elected: &[CandidateIndex],
    excluded: &[CandidateIndex],
) -> crate::ballot::result::Round {
    let named = |cs: &[CandidateIndex]| cs.iter().map(|&c| names[c as usize].clone()).collect();
    crate::ballot::result::Round {
        round,
        action,
        totals: totals_map(totals, standing, names, places),
        non_transferable: fixed_decimal(non_transferable, places),
        elected: named(elected),
        excluded: named(excluded),
        threshold: None,
        inactive: None,
        transfers: None,
        seat: None,
    }
}

/// The totals of a stage as the contract's JSON map: every continuing or elected
/// candidate, in candidate order, as an exact decimal with `places` decimals.
pub fn totals_map(
    totals: &[u128],
    standing: &[Standing],
    names: &[String],
    places: u32,
) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    for (c, name) in names.iter().enumerate() {
        if standing[c].in_count() {
            map.insert(
                name.clone(),
                serde_json::Value::String(fixed_decimal(totals[c], places)),
            );
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::ranked::SkippedRule;
    use crate::ballot::test_support::{lots, names, no_lots, numbered, profile, rank_entry};
    use RankEntry::{Overvote, Single, Skipped, Tied};

    fn rules(overvote: OvervoteRule, skipped_ranks: SkippedRule) -> RankedRules {
        RankedRules {
            overvote,
            skipped_ranks,
            ..RankedRules::default()
        }
    }

    fn at(candidate: CandidateIndex, position: usize) -> Next {
        Next::Candidate {
            candidate,
            position,
        }
    }

    #[test]
    fn passes_over_unavailable_candidates() {
        let ranking = [Single(0), Single(1), Single(2)];
        let r = RankedRules::default();
        assert_eq!(next_preference(&ranking, 0, &r, |c| c != 0), at(1, 1));
        assert_eq!(
            next_preference(&ranking, 2, &r, |c| c != 2),
            Next::Exhausted(Exhaustion::End)
        );
    }

    #[test]
    fn overvote_rules() {
        let ranking = [Tied(vec![0, 1]), Single(2)];
        let exhaust = rules(OvervoteRule::Exhaust, SkippedRule::Skip);
        let skip = rules(OvervoteRule::SkipRank, SkippedRule::Skip);
        let multiple = rules(OvervoteRule::ExhaustIfMultipleContinuing, SkippedRule::Skip);
        assert_eq!(
            next_preference(&ranking, 0, &exhaust, |_| true),
            Next::Exhausted(Exhaustion::Overvote)
        );
        assert_eq!(next_preference(&ranking, 0, &skip, |_| true), at(2, 1));
        assert_eq!(
            next_preference(&ranking, 0, &multiple, |_| true),
            Next::Exhausted(Exhaustion::Overvote)
        );
        assert_eq!(
            next_preference(&ranking, 0, &multiple, |c| c != 0),
            at(1, 0)
        );
        assert_eq!(
            next_preference(&ranking, 0, &multiple, |c| c == 2),
            at(2, 1)
        );
        let unnamed = [Overvote, Single(2)];
        assert_eq!(
            next_preference(&unnamed, 0, &multiple, |_| true),
            Next::Exhausted(Exhaustion::Overvote)
        );
        assert_eq!(next_preference(&unnamed, 0, &skip, |_| true), at(2, 1));
    }

    #[test]
    fn skipped_rank_rules() {
        let one_gap = [Single(0), Skipped, Single(1)];
        let two_gaps = [Single(0), Skipped, Skipped, Single(1)];
        let broken_run = [Skipped, Single(0), Skipped, Single(1)];
        let skip = RankedRules::default();
        let two = rules(OvervoteRule::Exhaust, SkippedRule::ExhaustAfterTwo);
        assert_eq!(next_preference(&one_gap, 1, &two, |_| true), at(1, 2));
        assert_eq!(
            next_preference(&two_gaps, 1, &two, |_| true),
            Next::Exhausted(Exhaustion::SkippedRanks)
        );
        assert_eq!(next_preference(&two_gaps, 1, &skip, |_| true), at(1, 3));
        assert_eq!(next_preference(&broken_run, 0, &two, |c| c != 0), at(1, 3));
        assert_eq!(
            next_preference(&[Skipped, Skipped, Single(1)], 0, &two, |_| true),
            Next::Exhausted(Exhaustion::SkippedRanks)
        );
    }

    #[test]
    fn earlier_stages_narrow_most_recent_first() {
        // Stage totals of candidates 0, 1, 2.
        let history = vec![
            vec![5u64, 3, 9],
            vec![6, 6, 6],
            vec![7, 8, 7],
            vec![9, 9, 9],
        ];
        // At stage 3 (index 2) 0 and 2 are lowest with 7; at stage 1 candidate 0 has 5 < 9.
        assert_eq!(
            narrow_by_earlier_stages(&[0, 1, 2], &history, true),
            vec![0]
        );
        assert_eq!(
            narrow_by_earlier_stages(&[0, 1, 2], &history, false),
            vec![1]
        );
        assert_eq!(
            narrow_by_earlier_stages(&[0, 2], &history[1..], true),
            vec![0, 2]
        );
    }

    #[test]
    fn settle_tie_records_rule_and_needs_beacon_for_lot() {
        let names = names(&["A", "B", "C"]);
        let mut ties = no_lots();
        let history = vec![vec![1u64, 2, 2]];
        let c = settle_tie(&[0, 1], &history, true, &names, "exclusion", &mut ties).unwrap();
        assert_eq!(c, 0);
        assert_eq!(ties.ties[0].resolved_by, "earlier round");
        assert_eq!(ties.ties[0].order, vec!["B", "A"]);
        let err = settle_tie(&[1, 2], &history, true, &names, "exclusion", &mut ties).unwrap_err();
        assert_eq!(err.exit_code(), 4);
        let mut ties = lots("beacon");
        let c = settle_tie(&[1, 2], &history, true, &names, "exclusion", &mut ties).unwrap();
        assert_eq!(ties.ties[0].resolved_by, "lot");
        assert_eq!(ties.ties[0].order.last().unwrap(), &names[c as usize]);
    }

    proptest::proptest! {
        /// The packed walker agrees with the walker over rank entries on every ranking,
        /// rule and set of available candidates, through a whole chain of transfers.
        #[test]
        fn compact_walker_matches_entry_walker(
            ranking in proptest::collection::vec(rank_entry(6), 0..9),
            mask in 0u32..64,
            overvote in 0usize..3,
            skipped in 0usize..2,
        ) {
            let rules = RankedRules {
                overvote: [OvervoteRule::Exhaust, OvervoteRule::SkipRank,
                    OvervoteRule::ExhaustIfMultipleContinuing][overvote],
                skipped_ranks: [SkippedRule::Skip, SkippedRule::ExhaustAfterTwo][skipped],
                ..RankedRules::default()
            };
            let profile = profile(&numbered(6), vec![(1, ranking.clone())]);
            let compact = profile.checked_rankings().unwrap();
            let codes = compact.ranking(0);
            let mut available = mask;
            let (mut from_entry, mut from_code) = (0, 0);
            loop {
                let a = next_preference(&ranking, from_entry, &rules, |c| available & (1 << c) != 0);
                let b = next_compact(codes, from_code, &rules, |c| available & (1 << c) != 0);
                match (a, b) {
                    (
                        Next::Candidate { candidate: x, position: p },
                        Next::Candidate { candidate: y, position: q },
                    ) => {
                        proptest::prop_assert_eq!(x, y);
                        available &= !(1 << x);
                        from_entry = p + 1;
                        from_code = q + 1;
                    }
                    (a, b) => {
                        proptest::prop_assert_eq!(a, b);
                        break;
                    }
                }
            }
        }
    }

    #[test]
    fn fixed_decimals() {
        assert_eq!(fixed_decimal(123456, 5), "1.23456");
        assert_eq!(fixed_decimal(5, 5), "0.00005");
        assert_eq!(fixed_decimal(42, 0), "42");
    }
}
