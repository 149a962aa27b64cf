//! `majority-approval`: the committee's competitive election (差额选举) by the rules Q, B, W
//! and S of docs/methods.md §1 (labels in §5), with the profile's defaults and the election
//! file's overrides ([`CommitteeRules`]).
//!
//! Order of the count (each step one function):
//! 1. quorum (Q1): present (or returned) against a fraction of 应到, else `no-quorum`;
//! 2. ballot reconciliation (Q2): returned > issued voids the round (`void-round`);
//! 3. ballot validity (B3–B5): over-votes void the ballot, illegible marks void the line;
//!    write-ins checked (B2);
//! 4. threshold (W1), ranking by yes votes (W2), a tie straddling the last seat (W3);
//! 5. shortfall (S1–S3): `supplementary-required` with the slate and that round's rule.

use super::seat_order::Walk;
use crate::ballot::constraints::{Admission, PassedOver};
use crate::ballot::election::{Attendance, Election, RoundKind};
use crate::ballot::profiles::{
    Bases, CommitteeRules, IllegibleRule, SelectionRule, TieAtCutoff, WinRule, WriteInListed,
};
use crate::ballot::result::SupplementaryEligible;
use crate::ballot::result::{
    AttendanceReport, BallotCounts, CandidateTally, Revote, Status, Supplementary, ThresholdReport,
    Vacancy, WriteInReport, WriteInTally,
};
use crate::ballot::tiebreak::TieBreaker;
use crate::ballot::{Mark, MarksProfile};
use crate::error::Result;
use std::collections::BTreeMap;

/// Everything a majority-approval round reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MajorityOutcome {
    /// How the round ended.
    pub status: Status,
    /// Elected names, highest yes first.
    pub elected: Vec<String>,
    /// Returned, valid and invalid ballots by reason.
    pub ballots: BallotCounts,
    /// Valid ballots with no yes, no and write-in (B4: still valid).
    pub blank: u64,
    /// Per listed candidate.
    pub candidates: Vec<CandidateTally>,
    /// Write-in bookkeeping.
    pub write_ins: WriteInReport,
    /// Attendance and quorum.
    pub attendance: AttendanceReport,
    /// The winning rule of this round.
    pub threshold: ThresholdReport,
    /// The re-vote needed, if any.
    pub revote: Option<Revote>,
    /// The supplementary round needed, if any.
    pub supplementary: Option<Supplementary>,
    /// Seats left open, if any.
    pub vacancy: Option<Vacancy>,
    /// Qualifiers passed over because of a constraint (clause 8).
    pub passed_over: Vec<PassedOver>,
}

/// The raw tally of the valid ballots (rules B3–B6).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarksTally {
    /// Ballots returned.
    pub returned: u64,
    /// Invalid ballots by reason (`overvote`, `undervote`, `illegible`).
    pub invalid: BTreeMap<String, u64>,
    /// Valid ballots with no selection and no 反对.
    pub blank: u64,
    /// Yes per listed candidate.
    pub yes: Vec<u64>,
    /// No per listed candidate.
    pub no: Vec<u64>,
    /// Abstain per listed candidate.
    pub abstain: Vec<u64>,
    /// Illegible (voided) lines per listed candidate.
    pub illegible: Vec<u64>,
    /// Counted write-ins by name.
    pub write_ins: BTreeMap<String, u64>,
    /// Void write-ins by reason.
    pub write_ins_void: BTreeMap<String, u64>,
}

impl MarksTally {
    /// Valid ballots (returned minus invalid).
    pub fn valid(&self) -> u64 {
        self.returned - self.invalid.values().sum::<u64>()
    }
}

/// Tallies the marks ballots for `seats` seats under the validity rules (B2–B5).
/// `write_ins_allowed` is false in re-votes and recalls.
pub fn tally(
    profile: &MarksProfile,
    seats: u32,
    rules: &CommitteeRules,
    write_ins_allowed: bool,
) -> MarksTally {
    let n = profile.candidates.len();
    let mut t = MarksTally {
        returned: profile.total_weight(),
        yes: vec![0; n],
        no: vec![0; n],
        abstain: vec![0; n],
        illegible: vec![0; n],
        ..MarksTally::default()
    };
    let listed: BTreeMap<&str, usize> = profile
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    // Each candidate's count of each mark, by `Mark as usize`.
    let mut per_mark = vec![[0u64; 4]; n];
    let mut marks: Vec<Mark> = Vec::with_capacity(n);
    let mut counted: Vec<&str> = Vec::new();
    for (ballot, weight) in profile.ballots.iter() {
        // Counted without a branch per mark: marks vary from ballot to ballot, so branches
        // on them are mispredicted about as often as not.
        let (mut yes, mut illegible) = (0usize, 0usize);
        for &m in ballot.marks {
            yes += usize::from(m == Mark::Yes);
            illegible += usize::from(m == Mark::Illegible);
        }
        let write_ins = if write_ins_allowed && rules.write_ins {
            match rules.write_in_listed {
                // A write-in repeating a candidate the ballot already says yes to is the same
                // choice again (void as `duplicate` below), not another selection.
                WriteInListed::Count => ballot
                    .write_ins
                    .iter()
                    .filter(|w| {
                        !listed
                            .get(w.as_str())
                            .is_some_and(|&i| ballot.marks.get(i) == Some(&Mark::Yes))
                    })
                    .count(),
                WriteInListed::Void => ballot.write_ins.len(),
            }
        } else {
            0
        };
        // B5: a wholly illegible ballot, or any illegible mark under `void-ballot`.
        if (illegible > 0 && rules.illegible == IllegibleRule::VoidBallot)
            || (n > 0 && illegible == n && write_ins == 0)
        {
            *t.invalid.entry("illegible".into()).or_insert(0) += weight;
            continue;
        }
        // B3: selections = yes marks + write-ins.
        let selections = (yes + write_ins) as u64;
        if selections > seats as u64 {
            *t.invalid.entry("overvote".into()).or_insert(0) += weight;
            continue;
        }
        if rules.selections == SelectionRule::Exact && selections < seats as u64 {
            *t.invalid.entry("undervote".into()).or_insert(0) += weight;
            continue;
        }
        if ballot.write_ins.is_empty() {
            // No write-ins: the marks count as they are.
            if !add_marks(&mut per_mark, ballot.marks, weight) {
                t.blank += weight;
            }
            continue;
        }
        marks.clear();
        marks.extend_from_slice(ballot.marks);
        counted.clear();
        let void = |t: &mut MarksTally, reason: &str| {
            *t.write_ins_void.entry(reason.to_string()).or_insert(0) += weight;
        };
        if !(ballot.write_ins.is_empty() || write_ins_allowed && rules.write_ins) {
            for _ in ballot.write_ins {
                void(&mut t, "not-allowed");
            }
        } else {
            // B2: "投不赞成票的可另选他人": each write-in replaces a candidate marked no.
            let mut rejects = ballot.marks.iter().filter(|m| **m == Mark::No).count();
            for name in ballot.write_ins {
                if rules.write_in_requires_reject {
                    if rejects == 0 {
                        void(&mut t, "without-reject");
                        continue;
                    }
                    rejects -= 1;
                }
                if let Some(&i) = listed.get(name.as_str()) {
                    match rules.write_in_listed {
                        WriteInListed::Void => void(&mut t, "names-candidate"),
                        WriteInListed::Count => {
                            if marks[i] == Mark::Yes {
                                void(&mut t, "duplicate");
                            } else {
                                marks[i] = Mark::Yes;
                            }
                        }
                    }
                    continue;
                }
                if let Some(eligible) = &rules.write_in_eligible {
                    if !eligible.iter().any(|e| e == name) {
                        void(&mut t, "ineligible");
                        continue;
                    }
                }
                if counted.contains(&name.as_str()) {
                    void(&mut t, "duplicate");
                    continue;
                }
                counted.push(name.as_str());
            }
        }
        let any = add_marks(&mut per_mark, &marks, weight);
        if !any && counted.is_empty() {
            t.blank += weight;
        }
        for name in &counted {
            *t.write_ins.entry(name.to_string()).or_insert(0) += weight;
        }
    }
    for (i, counts) in per_mark.iter().enumerate() {
        t.yes[i] = counts[Mark::Yes as usize];
        t.no[i] = counts[Mark::No as usize];
        t.abstain[i] = counts[Mark::Abstain as usize];
        t.illegible[i] = counts[Mark::Illegible as usize];
    }
    t
}

/// Adds `weight` to every candidate's count of the mark `marks` gives them (`per_mark[i]` is
/// indexed by the mark, so no branch depends on it); whether some mark is a yes or a no.
fn add_marks(per_mark: &mut [[u64; 4]], marks: &[Mark], weight: u64) -> bool {
    let mut any = false;
    for (counts, &m) in per_mark.iter_mut().zip(marks) {
        counts[m as usize] += weight;
        any |= m.is_yes_or_no();
    }
    any
}

/// Someone who can be elected: a listed candidate or a counted write-in.
#[derive(Debug, Clone)]
struct Contestant {
    name: String,
    yes: u64,
    /// Listed candidates first in list order, then write-ins by name.
    order: usize,
}

/// Counts one round of a majority-approval election: quorum and reconciliation (Q1, Q2), the
/// valid ballots (B2–B6), who qualifies (W1) in order of yes votes (W2), a tie across the
/// last seat (W3) or seats left open (S1–S4).
pub fn count(
    profile: &MarksProfile,
    election: &Election,
    ties: &mut TieBreaker,
    within: Option<&Admission>,
) -> Result<MajorityOutcome> {
    let rules = &election.rules;
    let attendance = election.require_attendance()?;
    let seats = election.seats.unwrap_or(1);
    let returned = profile.total_weight();
    let rule = round_rule(election.round, rules);
    let mut bases = Bases {
        entitled: attendance.entitled,
        present: attendance.present,
        returned,
        valid: 0,
    };
    let attendance_report = attendance_report(&attendance, rules, &bases);
    if let Some(status) = round_cannot_stand(attendance_report.quorum_met, returned, &attendance) {
        return Ok(uncounted_round(
            status,
            profile,
            returned,
            attendance_report,
            threshold_report(rule, &bases),
        ));
    }
    let t = tally(profile, seats, rules, election.round != RoundKind::Revote);
    bases.valid = t.valid();
    let ranked = rank_by_yes(profile, &t);
    let qualifiers: Vec<&Contestant> = ranked
        .iter()
        .filter(|c| qualifies(c, rule, &bases))
        .collect();
    let mut passed_over = Vec::new();
    let decision = match (within, tie_across_last_seat(&qualifiers, seats)) {
        (Some(admission), _) => {
            let (decision, passed) =
                fill_within(&qualifiers, &ranked, seats, election, ties, admission)?;
            passed_over = passed;
            decision
        }
        (None, Some(cutoff)) => settle_tie_at_cutoff(&qualifiers, cutoff, seats, election, ties)?,
        (None, None) => fill_seats(&qualifiers, &ranked, seats, election, ties),
    };
    Ok(MajorityOutcome {
        status: decision.status,
        ballots: BallotCounts {
            returned,
            valid: t.valid(),
            invalid: t.invalid.clone(),
        },
        blank: t.blank,
        candidates: candidate_tallies(profile, &t, &decision.elected),
        write_ins: write_in_report(&t, &decision.elected),
        attendance: attendance_report,
        threshold: threshold_report(rule, &bases),
        revote: decision.revote,
        supplementary: decision.supplementary,
        vacancy: decision.vacancy,
        elected: decision.elected,
        passed_over,
    })
}

/// Who is elected in this round: the profile's threshold in a first round (W1), its
/// supplementary threshold in a 另行选举 (S3), most yes votes in a re-vote (W3).
fn round_rule(round: RoundKind, rules: &CommitteeRules) -> WinRule {
    match round {
        RoundKind::First => rules.threshold,
        RoundKind::Supplementary => rules.supplementary_rule(),
        RoundKind::Revote => WinRule::Plurality(None),
    }
}

/// Attendance and the quorum (Q1).
fn attendance_report(
    attendance: &Attendance,
    rules: &CommitteeRules,
    bases: &Bases,
) -> AttendanceReport {
    AttendanceReport {
        entitled: attendance.entitled,
        present: attendance.present,
        issued: attendance.issued,
        quorum: rules.quorum.map(|q| q.to_string()),
        quorum_needed: rules.quorum.and_then(|q| q.needed(bases)),
        quorum_met: rules.quorum.map(|q| q.met(bases)).unwrap_or(true),
    }
}

/// Q1 and Q2: a round without its quorum, or with more ballots returned than issued, cannot
/// stand (`no-quorum`, `void-round`).
fn round_cannot_stand(quorum_met: bool, returned: u64, attendance: &Attendance) -> Option<Status> {
    if !quorum_met {
        Some(Status::NoQuorum)
    } else if returned > attendance.issued {
        Some(Status::VoidRound)
    } else {
        None
    }
}

/// The outcome of a round that cannot stand: nothing is counted.
fn uncounted_round(
    status: Status,
    profile: &MarksProfile,
    returned: u64,
    attendance: AttendanceReport,
    threshold: ThresholdReport,
) -> MajorityOutcome {
    MajorityOutcome {
        status,
        elected: Vec::new(),
        ballots: BallotCounts {
            returned,
            valid: 0,
            invalid: BTreeMap::new(),
        },
        blank: 0,
        candidates: profile
            .candidates
            .iter()
            .map(|c| CandidateTally {
                name: c.clone(),
                yes: 0,
                no: 0,
                abstain: 0,
                elected: false,
                illegible: 0,
            })
            .collect(),
        write_ins: WriteInReport::default(),
        attendance,
        threshold,
        revote: None,
        supplementary: None,
        vacancy: None,
        passed_over: Vec::new(),
    }
}

/// W2: the listed candidates and the counted write-ins, by yes votes (list order among
/// equals, for display only).
fn rank_by_yes(profile: &MarksProfile, t: &MarksTally) -> Vec<Contestant> {
    let listed = profile
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| Contestant {
            name: c.clone(),
            yes: t.yes[i],
            order: i,
        });
    let written = t
        .write_ins
        .iter()
        .enumerate()
        .map(|(k, (name, yes))| Contestant {
            name: name.clone(),
            yes: *yes,
            order: profile.candidates.len() + k,
        });
    let mut ranked: Vec<Contestant> = listed.chain(written).collect();
    ranked.sort_by(|a, b| b.yes.cmp(&a.yes).then(a.order.cmp(&b.order)));
    ranked
}

/// W1: whether a contestant meets the round's rule. Under plurality every contestant takes
/// part, even with no yes vote: candidates tied at zero across the last seat are a tie (W3),
/// settled as any other. Nobody is elected with no yes vote outside such a tie.
fn qualifies(c: &Contestant, rule: WinRule, bases: &Bases) -> bool {
    match rule {
        WinRule::Majority(th) => th.passes(c.yes, bases),
        WinRule::Plurality(floor) => floor.map_or(true, |f| f.passes(c.yes, bases)),
    }
}

/// W3: the yes votes at the last seat, when the qualifiers tie across it.
fn tie_across_last_seat(qualifiers: &[&Contestant], seats: u32) -> Option<u64> {
    let s = seats as usize;
    (qualifiers.len() > s && qualifiers[s - 1].yes == qualifiers[s].yes)
        .then(|| qualifiers[s - 1].yes)
}

/// What a round decided: who is elected, and what the seats left open need.
struct Decision {
    status: Status,
    elected: Vec<String>,
    revote: Option<Revote>,
    supplementary: Option<Supplementary>,
    vacancy: Option<Vacancy>,
}

impl Decision {
    fn complete(elected: Vec<String>) -> Decision {
        Decision {
            status: Status::Complete,
            elected,
            revote: None,
            supplementary: None,
            vacancy: None,
        }
    }
}

/// W3: a tie straddling the last seat. Those above the tie are elected; the tied are
/// re-voted on, drawn by lot, or leave their seats vacant, as `tie_at_cutoff` says (or
/// `revote_fallback` once `max_revote_rounds` re-votes tied again).
fn settle_tie_at_cutoff(
    qualifiers: &[&Contestant],
    cutoff: u64,
    seats: u32,
    election: &Election,
    ties: &mut TieBreaker,
) -> Result<Decision> {
    let sure: Vec<String> = qualifiers
        .iter()
        .filter(|c| c.yes > cutoff)
        .map(|c| c.name.clone())
        .collect();
    let tied: Vec<String> = qualifiers
        .iter()
        .filter(|c| c.yes == cutoff)
        .map(|c| c.name.clone())
        .collect();
    let open = seats - sure.len() as u32;
    let mut decision = Decision::complete(sure);
    let context = format!("{open} of {seats} seats at {cutoff} yes votes (rule W3)");
    let (tie_rule, rule_used) = tie_rule(election);
    match tie_rule {
        TieAtCutoff::Revote => {
            ties.settled(&context, tied.clone(), "revote", tied.clone());
            decision.status = Status::RevoteRequired;
            decision.revote = Some(Revote {
                candidates: tied,
                seats: open,
                revote_number: match election.round {
                    RoundKind::Revote => election.revote_number + 1,
                    RoundKind::First | RoundKind::Supplementary => 1,
                },
                threshold: WinRule::Plurality(None).to_string(),
            });
        }
        TieAtCutoff::Lot => {
            let order = ties.lot(&context, &tied)?;
            decision
                .elected
                .extend(order.into_iter().take(open as usize));
        }
        TieAtCutoff::Vacancy => {
            ties.settled(&context, tied.clone(), "vacancy", Vec::new());
            decision.status = Status::Vacancy;
            decision.vacancy = Some(Vacancy {
                seats: open,
                reason: format!(
                    "{} tied at the cut-off with {cutoff} yes votes; none is elected \
                     ({rule_used})",
                    tied.join(", ")
                ),
            });
        }
    }
    Ok(decision)
}

/// W3: what decides a tie at the cut-off, and how to name that rule: `tie_at_cutoff`, or
/// `revote_fallback` once `max_revote_rounds` re-votes have been held.
fn tie_rule(election: &Election) -> (TieAtCutoff, String) {
    let rules = &election.rules;
    let is_revote = election.round == RoundKind::Revote;
    // Re-votes held so far; once `max_revote_rounds` of them are, the fallback decides.
    let held = if is_revote { election.revote_number } else { 0 };
    match rules.max_revote_rounds {
        Some(max) if held >= max && (is_revote || rules.tie_at_cutoff == TieAtCutoff::Revote) => (
            rules.revote_fallback,
            format!(
                "revote_fallback = {} after {held} re-vote(s), max_revote_rounds = {max}",
                rules.revote_fallback.name()
            ),
        ),
        _ => (
            rules.tie_at_cutoff,
            format!("tie_at_cutoff = {}", rules.tie_at_cutoff.name()),
        ),
    }
}

/// W2 under constraints (clause 8): the qualifiers (listed candidates; a written-in name has
/// no attributes and cannot be elected under constraints) are walked in order of yes votes
/// ([`Walk`]), each elected when the winners so far and they can still be completed to an
/// admissible set. When the qualifiers cannot meet a minimum, they fill every seat they can
/// without breaking a maximum or taking a seat the unmet minimum needs (the unelected listed
/// candidates stand in for the 另行选举); the seats it needs stay open and go to a
/// supplementary round restricted to that attribute value, with its slate from that
/// category. Equal qualifiers among whom the constraints leave a choice are a tie at the
/// cut-off (W3), settled as `tie_at_cutoff` says.
fn fill_within(
    qualifiers: &[&Contestant],
    ranked: &[Contestant],
    seats: u32,
    election: &Election,
    ties: &mut TieBreaker,
    admission: &Admission,
) -> Result<(Decision, Vec<PassedOver>)> {
    let listed = admission.candidate_count();
    let eligible: Vec<&Contestant> = qualifiers
        .iter()
        .copied()
        .filter(|c| c.order < listed && c.yes > 0)
        .collect();
    let indices: Vec<usize> = eligible.iter().map(|c| c.order).collect();
    let mut walk = Walk::new(admission, seats);
    if !admission.can_complete(&[], &indices)? {
        walk.reserve = ranked
            .iter()
            .filter(|c| c.order < listed && !indices.contains(&c.order))
            .map(|c| c.order)
            .collect();
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for c in &eligible {
        match groups.last_mut() {
            Some(g) if eligible.iter().any(|e| e.order == g[0] && e.yes == c.yes) => {
                g.push(c.order)
            }
            _ => groups.push(vec![c.order]),
        }
    }
    let name = |c: usize| admission.name(c).to_string();
    let mut tie: Option<Decision> = None;
    for (k, group) in groups.iter().enumerate() {
        if walk.elected.len() == walk.seats {
            break;
        }
        let later: Vec<usize> = groups[k + 1..].iter().flatten().copied().collect();
        if walk.decide(group, &later)? {
            continue;
        }
        let yes = eligible
            .iter()
            .find(|c| c.order == group[0])
            .map_or(0, |c| c.yes);
        let open = walk.most_from(group, &later)? as u32;
        let tied: Vec<String> = group.iter().map(|&c| name(c)).collect();
        let context = format!(
            "{open} of {seats} seats at {yes} yes votes, among candidates the constraints \
             make a choice of (rule W3)"
        );
        let (tie_rule, rule_used) = tie_rule(election);
        let sure: Vec<String> = walk.elected.iter().map(|&c| name(c)).collect();
        match tie_rule {
            TieAtCutoff::Lot => {
                let order = ties.lot(&context, &tied)?;
                let order: Vec<usize> = order
                    .iter()
                    .filter_map(|d| tied.iter().position(|t| t == d).map(|i| group[i]))
                    .collect();
                walk.in_order(&order, &later)?;
            }
            TieAtCutoff::Revote => {
                ties.settled(&context, tied.clone(), "revote", tied.clone());
                let mut d = Decision::complete(sure);
                d.status = Status::RevoteRequired;
                d.revote = Some(Revote {
                    candidates: tied,
                    seats: open,
                    revote_number: match election.round {
                        RoundKind::Revote => election.revote_number + 1,
                        RoundKind::First | RoundKind::Supplementary => 1,
                    },
                    threshold: WinRule::Plurality(None).to_string(),
                });
                tie = Some(d);
                break;
            }
            TieAtCutoff::Vacancy => {
                ties.settled(&context, tied.clone(), "vacancy", Vec::new());
                let mut d = Decision::complete(sure);
                d.status = Status::Vacancy;
                d.vacancy = Some(Vacancy {
                    seats: seats - d.elected.len() as u32,
                    reason: format!(
                        "{} tied with {yes} yes votes where the constraints leave a choice; \
                         none is elected ({rule_used})",
                        tied.join(", ")
                    ),
                });
                tie = Some(d);
                break;
            }
        }
    }
    if let Some(d) = tie {
        return Ok((d, walk.passed));
    }
    let elected: Vec<String> = walk.elected.iter().map(|&c| name(c)).collect();
    let open = seats - elected.len() as u32;
    let mut decision = Decision::complete(elected);
    if open == 0 {
        return Ok((decision, walk.passed));
    }
    match election.round {
        RoundKind::First => {
            // The 另行选举 is restricted to the first minimum the winners leave unmet.
            let unmet = admission.unmet_minimums(&walk.elected);
            let restriction = unmet.first().map(|(c, _)| c.clone());
            let slate_from: Vec<Contestant> = ranked
                .iter()
                .filter(|c| match &restriction {
                    Some(r) => c.order < listed && admission.matches(c.order, r),
                    None => true,
                })
                .cloned()
                .collect();
            decision.status = Status::SupplementaryRequired;
            let mut round =
                supplementary_round(open, &slate_from, &decision.elected, &election.rules, ties);
            round.eligible = restriction.map(|r| SupplementaryEligible {
                attribute: r.attribute,
                value: r.value,
            });
            decision.supplementary = Some(round);
        }
        RoundKind::Revote | RoundKind::Supplementary => {
            decision.status = Status::Vacancy;
            decision.vacancy = Some(Vacancy {
                seats: open,
                reason: format!(
                    "the {} round left {open} seat(s) unfilled; recorded as vacant \
                     (rule S4: 另行选举仍有不足的名额，可暂作缺额处理)",
                    election.round.name()
                ),
            });
        }
    }
    Ok((decision, walk.passed))
}

/// W2 and the shortfall: the qualifiers with most yes votes take the seats; seats left open
/// go to a 另行选举 after a first round (S1, S2) and stay vacant after a re-vote or a
/// supplementary round (S4). Never filled by rank from below the threshold (W4).
fn fill_seats(
    qualifiers: &[&Contestant],
    ranked: &[Contestant],
    seats: u32,
    election: &Election,
    ties: &mut TieBreaker,
) -> Decision {
    let elected: Vec<String> = qualifiers
        .iter()
        .take(seats as usize)
        .filter(|c| c.yes > 0)
        .map(|c| c.name.clone())
        .collect();
    let open = seats - elected.len() as u32;
    let mut decision = Decision::complete(elected);
    if open == 0 {
        return decision;
    }
    match election.round {
        RoundKind::First => {
            decision.status = Status::SupplementaryRequired;
            decision.supplementary = Some(supplementary_round(
                open,
                ranked,
                &decision.elected,
                &election.rules,
                ties,
            ));
        }
        RoundKind::Revote | RoundKind::Supplementary => {
            decision.status = Status::Vacancy;
            decision.vacancy = Some(Vacancy {
                seats: open,
                reason: format!(
                    "the {} round left {open} seat(s) unfilled; recorded as vacant \
                     (rule S4: 另行选举仍有不足的名额，可暂作缺额处理)",
                    election.round.name()
                ),
            });
        }
    }
    decision
}

/// S1, S2: the 另行选举 for `open` seats: its slate is the unelected in first-round order, at
/// the profile's size (two for one seat), with everyone tied at its last place; too few
/// unelected, and the rest are nominated anew (LOC 29: "或者依照本法规定的程序另行提名").
fn supplementary_round(
    open: u32,
    ranked: &[Contestant],
    elected: &[String],
    rules: &CommitteeRules,
    ties: &mut TieBreaker,
) -> Supplementary {
    let unelected: Vec<&Contestant> = ranked
        .iter()
        .filter(|c| !elected.contains(&c.name))
        .collect();
    let size = rules.supplementary_slate_size(open);
    let mut slate: Vec<String> = Vec::new();
    for (k, c) in unelected.iter().enumerate() {
        let tied_with_last = k > 0 && unelected[k - 1].yes == c.yes;
        if (slate.len() as u64) < size || tied_with_last {
            slate.push(c.name.clone());
        } else {
            break;
        }
    }
    if slate.len() as u64 > size {
        let last = unelected[size as usize - 1].yes;
        let at_edge: Vec<String> = unelected
            .iter()
            .filter(|c| c.yes == last)
            .map(|c| c.name.clone())
            .collect();
        ties.settled(
            "supplementary slate: equal first-round votes at its last place (rule S2)",
            at_edge.clone(),
            "all tied candidates join the slate",
            at_edge,
        );
    }
    let nominate = size.saturating_sub(slate.len() as u64);
    Supplementary {
        seats: open,
        slate,
        threshold: rules.supplementary_rule().to_string(),
        min_slate: size,
        nominate,
        eligible: None,
    }
}

/// Each listed candidate's yes, no, abstain and illegible lines, and whether elected.
fn candidate_tallies(
    profile: &MarksProfile,
    t: &MarksTally,
    elected: &[String],
) -> Vec<CandidateTally> {
    profile
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| CandidateTally {
            name: c.clone(),
            yes: t.yes[i],
            no: t.no[i],
            abstain: t.abstain[i],
            elected: elected.contains(c),
            illegible: t.illegible[i],
        })
        .collect()
}

/// The counted write-ins with their yes votes, and the void ones by reason (B2).
fn write_in_report(t: &MarksTally, elected: &[String]) -> WriteInReport {
    WriteInReport {
        total: t.write_ins.values().sum(),
        names: t
            .write_ins
            .iter()
            .map(|(name, yes)| WriteInTally {
                name: name.clone(),
                yes: *yes,
                elected: elected.contains(name),
            })
            .collect(),
        void: t.write_ins_void.clone(),
    }
}

/// Describes a winning rule with its base and the votes it needs.
pub fn threshold_report(rule: WinRule, bases: &Bases) -> ThresholdReport {
    let th = match rule {
        WinRule::Majority(th) | WinRule::Plurality(Some(th)) => Some(th),
        WinRule::Plurality(None) => None,
    };
    ThresholdReport {
        rule: rule.to_string(),
        base: th.map(|t| t.base.name().to_string()),
        base_value: th.map(|t| bases.get(t.base)),
        votes_needed: th.and_then(|t| t.votes_needed(bases)),
    }
}
