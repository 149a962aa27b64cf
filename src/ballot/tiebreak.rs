//! Settling ties inside a count by the reproducible lot, and recording every tie.

use super::result::TieRecord;
use crate::error::{Error, Result};
use crate::lot::{draw_lot, Lot};

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
        }
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
        });
    }

    /// Orders tied `candidates` by lot (winners first); an error (exit 4) without a beacon.
    pub fn lot(&mut self, context: &str, candidates: &[String]) -> Result<Vec<String>> {
        let Some(beacon) = self.beacon.clone() else {
            return Err(Error::tie(format!(
                "tie among {} ({context}) can only be decided by lot; give a public beacon as \
                 [tiebreak] seed in the election file",
                candidates.join(", ")
            )));
        };
        let contest = format!("{}/{}", self.election_id, self.lots.len() + 1);
        let root = self.root.get()?;
        let lot = draw_lot(&root, &contest, &beacon, candidates);
        let order = lot.order.clone();
        self.ties.push(TieRecord {
            context: context.to_string(),
            candidates: candidates.to_vec(),
            resolved_by: "lot".to_string(),
            order: order.clone(),
        });
        self.lots.push(lot);
        Ok(order)
    }
}
