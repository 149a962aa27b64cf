//! What one paper ballot says under the election's rules: void with its reason, or the
//! names it gives a yes, exactly as the count reads it (the count's own validity rules are
//! applied to the one paper, so the two cannot disagree).

use crate::ballot::election::{Election, ElectionMethod, RoundKind};
use crate::ballot::methods::majority_approval;
use crate::ballot::packed_marks::MarksBallots;
use crate::ballot::{Mark, MarksBallot, MarksProfile};
use crate::error::{Error, Result};

/// One paper as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaperVote {
    /// The whole paper is void (`overvote`, `illegible`, `undervote`).
    Void(String),
    /// The paper counts.
    Counted {
        /// The names it gives a yes: listed candidates in list order, then counted write-ins.
        yes: Vec<String>,
        /// Why each write-in on it that does not count is void (`names-candidate`, …).
        void_write_ins: Vec<String>,
        /// Lines voided by an illegible mark (candidate names).
        illegible: Vec<String>,
    },
}

/// Reads single papers by the rules of one election.
#[derive(Debug, Clone)]
pub struct PaperReader<'a> {
    election: &'a Election,
    candidates: Vec<String>,
    seats: u32,
}

impl<'a> PaperReader<'a> {
    /// A reader for the marks methods; any other method is an input error naming it.
    pub fn new(election: &'a Election) -> Result<PaperReader<'a>> {
        marks_method(election)?;
        let candidates = election.candidates.clone().unwrap_or_default();
        Ok(PaperReader {
            election,
            candidates,
            seats: election.seats.unwrap_or(1),
        })
    }

    /// The election's candidates, in its order.
    pub fn candidates(&self) -> &[String] {
        &self.candidates
    }

    /// What `ballot` (one mark per candidate, in the election's order) says.
    pub fn read(&self, ballot: &MarksBallot) -> PaperVote {
        match self.election.method {
            ElectionMethod::MajorityApproval | ElectionMethod::Recall => {
                self.by_committee_rules(ballot)
            }
            ElectionMethod::Plurality => self.by_selections(ballot, Some(1)),
            ElectionMethod::Block => self.by_selections(ballot, Some(self.seats as usize)),
            ElectionMethod::Approval => self.by_selections(ballot, None),
            ElectionMethod::Irv
            | ElectionMethod::BottomsUp
            | ElectionMethod::SequentialIrv
            | ElectionMethod::Stv
            | ElectionMethod::Meek
            | ElectionMethod::Schulze
            | ElectionMethod::RankedPairs
            | ElectionMethod::Copeland
            | ElectionMethod::Borda => unreachable!("PaperReader::new takes marks methods only"),
        }
    }

    /// majority-approval and recall: the count's own tally of this one paper (B2–B5).
    fn by_committee_rules(&self, ballot: &MarksBallot) -> PaperVote {
        let e = self.election;
        let (seats, write_ins) = match e.method {
            ElectionMethod::Recall => (1, false),
            _ => (self.seats, e.round != RoundKind::Revote),
        };
        let mut one = MarksBallots::default();
        one.push(ballot.clone(), 1);
        let profile = MarksProfile {
            candidates: self.candidates.clone(),
            ballots: one,
        };
        let t = majority_approval::tally(&profile, seats, &e.rules, write_ins);
        if let Some(reason) = t.invalid.keys().next() {
            return PaperVote::Void(reason.clone());
        }
        let mut yes: Vec<String> = (0..self.candidates.len())
            .filter(|&i| t.yes[i] > 0)
            .map(|i| self.candidates[i].clone())
            .collect();
        yes.extend(t.write_ins.keys().cloned());
        let void_write_ins = t
            .write_ins_void
            .iter()
            .flat_map(|(reason, &n)| std::iter::repeat(reason.clone()).take(n as usize))
            .collect();
        PaperVote::Counted {
            yes,
            void_write_ins,
            illegible: self.illegible_lines(ballot),
        }
    }

    /// plurality, block, approval: more selections than `limit` void the paper.
    fn by_selections(&self, ballot: &MarksBallot, limit: Option<usize>) -> PaperVote {
        let yes: Vec<String> = ballot
            .marks
            .iter()
            .zip(&self.candidates)
            .filter(|(m, _)| **m == Mark::Yes)
            .map(|(_, c)| c.clone())
            .collect();
        if limit.is_some_and(|l| yes.len() + ballot.write_ins.len() > l) {
            return PaperVote::Void("overvote".into());
        }
        PaperVote::Counted {
            yes,
            void_write_ins: Vec::new(),
            illegible: self.illegible_lines(ballot),
        }
    }

    fn illegible_lines(&self, ballot: &MarksBallot) -> Vec<String> {
        ballot
            .marks
            .iter()
            .zip(&self.candidates)
            .filter(|(m, _)| **m == Mark::Illegible)
            .map(|(_, c)| c.clone())
            .collect()
    }
}

/// An input error unless the election is counted from marks (○ / ×) ballots.
pub fn marks_method(election: &Election) -> Result<()> {
    if election.method.is_ranked() {
        return Err(Error::input(format!(
            "method {} counts ranked ballots; paper ballots with ○ / × boxes are for \
             majority-approval, recall, plurality, block and approval",
            election.method.name()
        ))
        .file(&election.file)
        .field("method"));
    }
    if election.candidates.is_none() {
        return Err(
            Error::input("paper ballots need the election's candidate list")
                .file(&election.file)
                .field("candidates"),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Mark::{Abstain as A, Illegible as I, No as N, Yes as Y};

    fn election(method: &str, seats: u32, extra: &str) -> Election {
        let text = format!(
            "id = \"e\"\nmethod = \"{method}\"\nseats = {seats}\ncandidates = [\"甲\", \"乙\", \"丙\"]\n{extra}"
        );
        Election::from_bytes("e.toml", text.into_bytes()).unwrap()
    }

    fn ballot(marks: &[Mark], write_ins: &[&str]) -> MarksBallot {
        MarksBallot {
            marks: marks.to_vec(),
            write_ins: write_ins.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn majority_approval_papers_as_the_count_reads_them() {
        let e = election(
            "majority-approval",
            2,
            "[attendance]\nentitled = 10\npresent = 10\n",
        );
        let r = PaperReader::new(&e).unwrap();
        assert_eq!(
            r.read(&ballot(&[Y, Y, Y], &[])),
            PaperVote::Void("overvote".into())
        );
        assert_eq!(
            r.read(&ballot(&[Y, N, I], &["丁"])),
            PaperVote::Counted {
                yes: vec!["甲".into(), "丁".into()],
                void_write_ins: vec![],
                illegible: vec!["丙".into()],
            }
        );
        let PaperVote::Counted { void_write_ins, .. } = r.read(&ballot(&[A, A, A], &["乙"]))
        else {
            panic!()
        };
        assert_eq!(void_write_ins, vec!["names-candidate".to_string()]);
    }

    #[test]
    fn selection_methods_void_only_overvotes() {
        let e = election("plurality", 1, "");
        let r = PaperReader::new(&e).unwrap();
        assert_eq!(
            r.read(&ballot(&[Y, Y, A], &[])),
            PaperVote::Void("overvote".into())
        );
        let e = election("approval", 1, "");
        let r = PaperReader::new(&e).unwrap();
        assert!(matches!(
            r.read(&ballot(&[Y, Y, Y], &[])),
            PaperVote::Counted { .. }
        ));
        let e = election("irv", 1, "");
        assert!(PaperReader::new(&e).unwrap_err().message.contains("ranked"));
    }
}
