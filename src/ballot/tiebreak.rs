//! Settling ties inside a count by the reproducible lot, and recording every tie.
//!
//! Under [`LotPolicy::WhenDecisive`] (records `congress-record/2`) a tie that only a lot can
//! settle is first settled by the election's candidate order, and once the count has run its
//! course every resolution of every such tie is explored ("parallel universes": the count is
//! run again with each resolution forced, see [`settle_lot_points`]). A tie none of whose
//! resolutions changes who is elected is recorded with `"decisive": false` and needs no lot;
//! only a tie that can change the outcome needs the lot (or stops the count, exit 4, when no
//! beacon is given).
//!
//! `[tiebreak] mode` (ranked methods) names the rule instead: `candidate-order` and
//! `permutation` settle every tie by a list (the first listed wins, the last listed loses), so
//! they draw no lot and are not explored; `lot` draws (or explores) at once, without the
//! earlier-round rule; `previous-round-then-lot` is the earlier-round rule, then the lot.

use super::result::TieRecord;
use crate::error::{Error, Result};
use crate::lot::{draw_lot, Lot};

/// When a count draws lots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotPolicy {
    /// Every tie only a lot can settle draws one, or stops the count without a beacon
    /// (the rules of `congress-record/1`).
    Always,
    /// Only a tie that can change who is elected needs the lot; the others follow the
    /// election's candidate order and are marked `"decisive": false`.
    WhenDecisive,
}

/// `[tiebreak] mode`: the rule that settles a tie inside a count (RCTab's `tiebreakMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieMode {
    /// The reproducible lot, at once (RCTab's `random`, with this crate's lot).
    Lot,
    /// The election's candidate order: the first listed wins, the last listed loses
    /// (RCTab's `useCandidateOrder`).
    CandidateOrder,
    /// The order of `[tiebreak] permutation`, as `candidate-order` (RCTab's
    /// `useCandidateOrder` over the configured order; its `generatePermutation` is such an
    /// order drawn by Java's shuffle).
    Permutation,
    /// The totals of earlier rounds, most recent first (lowest loses, highest wins), then the
    /// lot (RCTab's `previousRoundCountsThenRandom`).
    PreviousRoundThenLot,
}

impl TieMode {
    /// Every mode.
    pub const ALL: [TieMode; 4] = [
        TieMode::Lot,
        TieMode::CandidateOrder,
        TieMode::Permutation,
        TieMode::PreviousRoundThenLot,
    ];

    /// The mode's name in election files (and a tie's `resolved_by` when it settles by a list).
    pub fn name(self) -> &'static str {
        match self {
            TieMode::Lot => "lot",
            TieMode::CandidateOrder => "candidate-order",
            TieMode::Permutation => "permutation",
            TieMode::PreviousRoundThenLot => "previous-round-then-lot",
        }
    }

    /// Whether the mode settles ties by a list (no lot, nothing to explore).
    pub fn by_list(self) -> bool {
        match self {
            TieMode::CandidateOrder | TieMode::Permutation => true,
            TieMode::Lot | TieMode::PreviousRoundThenLot => false,
        }
    }

    /// Whether the earlier-round rule comes before the lot.
    pub fn looks_at_earlier_rounds(self) -> bool {
        match self {
            TieMode::PreviousRoundThenLot => true,
            TieMode::Lot | TieMode::CandidateOrder | TieMode::Permutation => false,
        }
    }
}

/// What a lot point decides among the tied candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolutions {
    /// Which one candidate comes last (`last = true`: the one excluded) or first (the one
    /// taken first); the order of the others does not matter.
    Pick {
        /// Whether the picked candidate is the last of the order (else the first).
        last: bool,
    },
    /// The whole order.
    Order,
}

/// A tie that needed a lot (or, under [`LotPolicy::WhenDecisive`], its resolutions explored).
#[derive(Debug, Clone)]
struct LotPoint {
    /// How many resolutions it has (saturating).
    alternatives: u64,
    /// The resolution this run took (its index, see [`resolution`]).
    taken: u64,
    /// Its record in [`TieBreaker::ties`] (on the count that is reported).
    tie: Option<usize>,
}

/// The ballots root a count binds its lots to: known, or still being computed on another
/// thread (a count needs it only when it draws a lot, and the result at the end).
#[derive(Debug)]
pub enum BallotsRoot {
    /// The root.
    Ready([u8; 32]),
    /// The root, once the thread computing it sends it.
    Pending(std::sync::mpsc::Receiver<[u8; 32]>),
}

impl BallotsRoot {
    /// The root, waiting for it if it is still being computed.
    pub fn get(&mut self) -> Result<[u8; 32]> {
        match self {
            BallotsRoot::Ready(root) => Ok(*root),
            BallotsRoot::Pending(receiver) => {
                let root = receiver.recv().map_err(|_| {
                    Error::usage("the ballots root could not be computed (its thread stopped)")
                })?;
                *self = BallotsRoot::Ready(root);
                Ok(root)
            }
        }
    }
}

/// Draws lots for a count and keeps the record of every tie and lot.
#[derive(Debug)]
pub struct TieBreaker {
    /// The root bound into every lot seed (the ballots' RFC 6962 root).
    pub root: BallotsRoot,
    /// The election id, prefix of every lot's contest id.
    pub election_id: String,
    /// The public beacon (`[tiebreak] seed`), when lots are allowed.
    pub beacon: Option<String>,
    /// Every tie met, in order.
    pub ties: Vec<TieRecord>,
    /// Every lot drawn, in order.
    pub lots: Vec<Lot>,
    /// When lots are drawn.
    pub policy: LotPolicy,
    /// The election's candidates, in order: the order that settles a tie that does not
    /// change the outcome.
    pub candidate_order: Vec<String>,
    /// `[tiebreak] mode`, when the election names one.
    pub mode: Option<TieMode>,
    /// The list a `candidate-order` or `permutation` mode settles ties by.
    pub list: Vec<String>,
    /// In a run that explores one resolution of the ties: the resolution forced at each lot
    /// point, in order (points past its end take resolution 0, the candidate order).
    script: Option<Vec<u64>>,
    /// Every lot point met, in order (under [`LotPolicy::WhenDecisive`]).
    points: Vec<LotPoint>,
}

impl TieBreaker {
    /// A tie-breaker for one election.
    pub fn new(root: [u8; 32], election_id: &str, beacon: Option<String>) -> TieBreaker {
        TieBreaker::with_root(BallotsRoot::Ready(root), election_id, beacon)
    }

    /// A tie-breaker whose root may still be being computed.
    pub fn with_root(root: BallotsRoot, election_id: &str, beacon: Option<String>) -> TieBreaker {
        TieBreaker {
            root,
            election_id: election_id.to_string(),
            beacon,
            ties: Vec::new(),
            lots: Vec::new(),
            policy: LotPolicy::Always,
            candidate_order: Vec::new(),
            mode: None,
            list: Vec::new(),
            script: None,
            points: Vec::new(),
        }
    }

    /// This tie-breaker under `policy`, settling ties that do not matter by `candidates`'
    /// order.
    pub fn with_policy(mut self, policy: LotPolicy, candidates: &[String]) -> TieBreaker {
        self.policy = policy;
        self.candidate_order = candidates.to_vec();
        self
    }

    /// This tie-breaker settling ties by `mode` (`list`: the order of a `candidate-order` or
    /// `permutation` mode).
    pub fn with_mode(mut self, mode: Option<TieMode>, list: &[String]) -> TieBreaker {
        self.mode = mode;
        self.list = list.to_vec();
        self
    }

    /// Whether ties are settled by the earlier-round rule before any lot (the methods' own
    /// rule, or `previous-round-then-lot`).
    pub fn looks_at_earlier_rounds(&self) -> bool {
        self.mode.map_or(true, TieMode::looks_at_earlier_rounds)
    }

    /// A tie-breaker for one explored run of the count behind `parent`: it forces `script`'s
    /// resolutions and draws nothing.
    fn universe(parent: &Universe<'_>, script: Vec<u64>) -> TieBreaker {
        TieBreaker {
            script: Some(script),
            ..TieBreaker::new([0; 32], "", None)
                .with_policy(LotPolicy::WhenDecisive, parent.candidates)
                .with_mode(parent.mode, parent.list)
        }
    }

    /// `names` once each in the order of the mode's list (names it does not list last,
    /// bytewise).
    fn in_list_order(&self, names: &[String]) -> Vec<String> {
        let mut sorted: Vec<String> = names.to_vec();
        sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        sorted.dedup();
        let rank = |n: &String| self.list.iter().position(|c| c == n).unwrap_or(usize::MAX);
        sorted.sort_by_key(rank);
        sorted
    }

    /// `names` once each, in the election's candidate order (names it does not list last,
    /// bytewise).
    fn in_candidate_order(&self, names: &[String]) -> Vec<String> {
        let mut sorted: Vec<String> = names.to_vec();
        sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        sorted.dedup();
        let rank = |n: &String| {
            self.candidate_order
                .iter()
                .position(|c| c == n)
                .unwrap_or(usize::MAX)
        };
        sorted.sort_by_key(rank);
        sorted
    }

    /// Records a tie the method's own rules settled.
    pub fn settled(
        &mut self,
        context: &str,
        candidates: Vec<String>,
        rule: &str,
        order: Vec<String>,
    ) {
        self.ties.push(TieRecord {
            context: context.to_string(),
            candidates,
            resolved_by: rule.to_string(),
            order,
            decisive: None,
        });
    }

    /// Orders tied `candidates` by lot (winners first); an error (exit 4) without a beacon
    /// (under [`LotPolicy::WhenDecisive`]: the candidate order until the count shows whether
    /// the tie matters).
    pub fn lot(&mut self, context: &str, candidates: &[String]) -> Result<Vec<String>> {
        self.resolve(context, candidates, Resolutions::Order)
    }

    /// Like [`TieBreaker::lot`] where only the candidate the order puts last (`last`) or
    /// first matters.
    pub fn lot_pick(
        &mut self,
        context: &str,
        candidates: &[String],
        last: bool,
    ) -> Result<Vec<String>> {
        self.resolve(context, candidates, Resolutions::Pick { last })
    }

    fn resolve(
        &mut self,
        context: &str,
        candidates: &[String],
        kind: Resolutions,
    ) -> Result<Vec<String>> {
        if let Some(mode) = self.mode.filter(|m| m.by_list()) {
            // A rule settles it: the first listed wins, the last listed loses.
            let order = self.in_list_order(candidates);
            self.settled(context, candidates.to_vec(), mode.name(), order.clone());
            return Ok(order);
        }
        let default = self.in_candidate_order(candidates);
        let alternatives = resolution_count(default.len(), kind);
        if let Some(script) = &self.script {
            let taken = script.get(self.points.len()).copied().unwrap_or(0);
            self.points.push(LotPoint {
                alternatives,
                taken,
                tie: None,
            });
            return Ok(resolution(&default, kind, taken));
        }
        let (order, resolved_by) = match (&self.beacon, self.policy) {
            (None, LotPolicy::Always) => {
                return Err(Error::tie(format!(
                    "tie among {} ({context}) can only be decided by lot; give a public beacon \
                     as [tiebreak] seed in the election file",
                    candidates.join(", ")
                )))
            }
            (None, LotPolicy::WhenDecisive) => (default.clone(), "candidate order"),
            (Some(beacon), _) => {
                let contest = format!("{}/{}", self.election_id, self.lots.len() + 1);
                let root = self.root.get()?;
                let lot = draw_lot(&root, &contest, beacon, candidates);
                let order = lot.order.clone();
                self.lots.push(lot);
                (order, "lot")
            }
        };
        self.ties.push(TieRecord {
            context: context.to_string(),
            candidates: candidates.to_vec(),
            resolved_by: resolved_by.to_string(),
            order: order.clone(),
            decisive: None,
        });
        if self.policy == LotPolicy::WhenDecisive {
            self.points.push(LotPoint {
                alternatives,
                taken: resolution_index(&default, &order, kind),
                tie: Some(self.ties.len() - 1),
            });
        }
        Ok(order)
    }
}

/// How many resolutions a lot point among `tied` candidates has (saturating).
fn resolution_count(tied: usize, kind: Resolutions) -> u64 {
    match kind {
        Resolutions::Pick { .. } => tied as u64,
        Resolutions::Order => (1..=tied as u64).fold(1u64, |f, k| f.saturating_mul(k)),
    }
}

/// Resolution `index` of a lot point whose candidate order is `default`: for a pick, the
/// order with candidate `index` moved last (or first); for an order, the `index`-th
/// permutation of `default` in lexicographic order (0 = `default` itself).
fn resolution(default: &[String], kind: Resolutions, index: u64) -> Vec<String> {
    let mut order = default.to_vec();
    match kind {
        Resolutions::Pick { last } => {
            let k = (index as usize).min(order.len().saturating_sub(1));
            if !order.is_empty() {
                let picked = order.remove(k);
                if last {
                    order.push(picked);
                } else {
                    order.insert(0, picked);
                }
            }
        }
        Resolutions::Order => {
            let mut left = order.split_off(0);
            let mut rest = index;
            for remaining in (1..=left.len() as u64).rev() {
                let block = (1..remaining).fold(1u64, |f, k| f.saturating_mul(k));
                let k = ((rest / block) as usize).min(left.len() - 1);
                rest %= block;
                order.push(left.remove(k));
            }
        }
    }
    order
}

/// The index of `order` among the resolutions of a lot point (inverse of [`resolution`]).
fn resolution_index(default: &[String], order: &[String], kind: Resolutions) -> u64 {
    let position = |name: &String, within: &[String]| {
        within.iter().position(|d| d == name).unwrap_or(0) as u64
    };
    match kind {
        Resolutions::Pick { last } => {
            let picked = if last { order.last() } else { order.first() };
            picked.map_or(0, |p| position(p, default))
        }
        Resolutions::Order => {
            let mut left = default.to_vec();
            let mut index = 0u64;
            for name in order {
                let k = position(name, &left);
                let block = (1..left.len() as u64).fold(1u64, |f, j| f.saturating_mul(j));
                index = index.saturating_add(k.saturating_mul(block));
                left.retain(|d| d != name);
            }
            index
        }
    }
}

/// At most this many extra counts explore the resolutions of a count's ties, and at most
/// [`EXPLORE_WORK`] distinct ballots counted in all: past either, a tie is taken to be
/// decisive (it needs the lot).
pub const EXPLORE_MAX_COUNTS: usize = 1_000;

/// The bound on distinct ballots × extra counts (see [`EXPLORE_MAX_COUNTS`]).
pub const EXPLORE_WORK: usize = 100_000_000;

/// What a run of the count elected (or `None` when it failed), for comparing resolutions.
pub type Elected = Option<Vec<String>>;

/// Explores the other resolutions of the lot points the count behind `ties` met, runs the
/// count again (`run`) with each forced, and compares who it elects (`elected`) with
/// `outcome`, the reported count's. Marks each tie with whether it is decisive (some
/// resolution of it, and of the ties after it, elects differently). Without a beacon, a
/// decisive tie stops the count (exit 4); `distinct` (distinct ballots) bounds the work.
pub fn settle_lot_points<T>(
    ties: &mut TieBreaker,
    outcome: &Elected,
    distinct: usize,
    run: &dyn Fn(&mut TieBreaker) -> Result<T>,
    elected: &dyn Fn(&T) -> Elected,
) -> Result<()> {
    if ties.policy != LotPolicy::WhenDecisive || ties.points.is_empty() {
        return Ok(());
    }
    let mut explorer = Explorer {
        universe: Universe {
            candidates: &ties.candidate_order,
            mode: ties.mode,
            list: &ties.list,
        },
        outcome,
        runs_left: EXPLORE_MAX_COUNTS
            .min(EXPLORE_WORK / distinct.max(1))
            .max(16),
        run,
        elected,
        bounded: false,
    };
    let path: Vec<(u64, u64)> = ties
        .points
        .iter()
        .map(|p| (p.alternatives, p.taken))
        .collect();
    // A tie is decisive when a later one is (its resolutions include theirs), or when
    // another resolution of it elects differently.
    let mut decisive = vec![false; path.len()];
    let mut later = false;
    for k in (0..path.len()).rev() {
        let mut this = later;
        let (alternatives, taken) = path[k];
        let mut other = 0;
        while !this && other < alternatives {
            if other != taken {
                let mut script: Vec<u64> = path[..k].iter().map(|p| p.1).collect();
                script.push(other);
                this = explorer.differs(script) != Some(false);
            }
            other += 1;
        }
        decisive[k] = this;
        later = this;
    }
    for (point, d) in ties.points.iter().zip(&decisive) {
        if let Some(record) = point.tie.and_then(|t| ties.ties.get_mut(t)) {
            record.decisive = Some(*d);
        }
    }
    if ties.beacon.is_none() {
        if let Some(first) = ties.points.first().and_then(|p| p.tie) {
            if decisive[0] {
                let t = &ties.ties[first];
                let why = if explorer.bounded {
                    format!(
                        "its resolutions could not all be explored within the bound of {} \
                         recounts",
                        EXPLORE_MAX_COUNTS
                            .min(EXPLORE_WORK / distinct.max(1))
                            .max(16)
                    )
                } else {
                    "another resolution elects differently".to_string()
                };
                return Err(Error::tie(format!(
                    "tie among {} ({}) can only be decided by lot ({why}); give a public \
                     beacon as [tiebreak] seed in the election file",
                    t.candidates.join(", "),
                    t.context
                )));
            }
        }
    }
    Ok(())
}

/// What every explored run's tie-breaker copies from the count's.
struct Universe<'a> {
    candidates: &'a [String],
    mode: Option<TieMode>,
    list: &'a [String],
}

/// The runs of one exploration.
struct Explorer<'a, T> {
    universe: Universe<'a>,
    outcome: &'a Elected,
    runs_left: usize,
    run: &'a dyn Fn(&mut TieBreaker) -> Result<T>,
    elected: &'a dyn Fn(&T) -> Elected,
    /// Whether the bound on runs was reached.
    bounded: bool,
}

impl<T> Explorer<'_, T> {
    /// Whether some run whose first resolutions are `script` elects differently from the
    /// reported count (`None`: the bound was reached first).
    fn differs(&mut self, script: Vec<u64>) -> Option<bool> {
        if self.runs_left == 0 {
            self.bounded = true;
            return None;
        }
        self.runs_left -= 1;
        let mut ties = TieBreaker::universe(&self.universe, script.clone());
        let elected = (self.run)(&mut ties).ok().and_then(|t| (self.elected)(&t));
        if &elected != self.outcome {
            return Some(true);
        }
        // Every other resolution of the points this run met past the script.
        let met: Vec<(u64, u64)> = ties
            .points
            .iter()
            .map(|p| (p.alternatives, p.taken))
            .collect();
        for j in (script.len()..met.len()).rev() {
            for other in 1..met[j].0 {
                let mut deeper: Vec<u64> = met[..j].iter().map(|p| p.1).collect();
                deeper.push(other);
                match self.differs(deeper) {
                    Some(false) => {}
                    found => return found,
                }
            }
        }
        Some(false)
    }
}
