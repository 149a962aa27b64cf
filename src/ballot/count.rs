//! Counting an election: checks the ballot file against the election file, builds the
//! tie-breaker bound to the ballots, dispatches to the method, and assembles the result.

use super::canonical_ballots;
use super::constraints::{Admission, PassedOver};
use super::election::{BallotKind, Election, ElectionMethod, RoundKind};
use super::methods;
use super::ranked::UNDECLARED_WRITE_IN;
use super::ranked::{RankedProfile, SurplusTransfer};
use super::result::{BallotCounts, ElectionResult, PreviousRound, Status, Stopped, Vacancy};
use super::tiebreak::{settle_lot_points, BallotsRoot, LotPolicy, TieBreaker};
use super::{BallotBox, CandidateIndex, MethodOutcome};
use crate::digest::hex;
use crate::error::{Error, Result};

/// Counts `ballots` for `election` (the result carries the RFC 6962 root of their canonical
/// lines, and lots are bound to it).
///
/// # Example
///
/// Two seats under the committee rules (`majority-approval`, more yes votes than half of
/// those present); 乙 and 丙 tie for the second seat, so the count asks for a re-vote
/// (`fixtures/elections/committee/tie.toml`, as `congress elect` counts it):
///
/// ```
/// use congress::ballot::count::count;
/// use congress::ballot::election::Election;
/// use congress::ballot::formats::{read_ballots, BallotFormat};
/// use congress::ballot::result::Status;
/// use congress::input::{Encoding, Source};
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/elections/committee");
/// let election = Election::load(&format!("{dir}/tie.toml"))?;
/// let source = Source::open(&format!("{dir}/tie.csv"), Encoding::Utf8)?;
/// let format = BallotFormat::detect(&source, &election);
/// let ballots = read_ballots(&source, format, &election)?;
/// let result = count(&election, &ballots)?;
/// assert_eq!(result.status, Status::RevoteRequired);
/// assert_eq!(result.elected, ["甲"]);
/// let revote = result.revote.as_ref().expect("a re-vote is required");
/// assert_eq!((revote.candidates.as_slice(), revote.seats), (&["乙".to_string(), "丙".to_string()][..], 1));
/// # Ok::<(), congress::Error>(())
/// ```
pub fn count(election: &Election, ballots: &BallotBox) -> Result<ElectionResult> {
    // The root is computed on its own thread while the method counts; the count waits for
    // it only when it draws a lot, and at the end.
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel();
        scope.spawn(move || {
            // The receiver outlives this thread (the scope waits for it), so sending succeeds.
            let _ = sender.send(canonical_ballots::ballots_root_bytes(ballots, election));
        });
        count_with(
            election,
            ballots,
            BallotsRoot::Pending(receiver),
            LotPolicy::WhenDecisive,
        )
    })
}

/// Counts with an already computed ballots root (for callers that computed it, and for
/// benchmarks of the count alone).
pub fn count_with_root(
    election: &Election,
    ballots: &BallotBox,
    ballots_root: [u8; 32],
) -> Result<ElectionResult> {
    count_under(election, ballots, ballots_root, LotPolicy::WhenDecisive)
}

/// [`count_with_root`] with the lots drawn under `policy` (a record recounts under its own
/// version's).
pub fn count_under(
    election: &Election,
    ballots: &BallotBox,
    ballots_root: [u8; 32],
    policy: LotPolicy,
) -> Result<ElectionResult> {
    count_with(election, ballots, BallotsRoot::Ready(ballots_root), policy)
}

/// What a method's count gave, before it goes into the result.
enum Dispatched {
    Majority(Box<methods::majority_approval::MajorityOutcome>),
    Recall(methods::recall::RecallOutcome),
    Method(MethodOutcome),
}

/// Counts with a root that may still be being computed.
fn count_with(
    election: &Election,
    ballots: &BallotBox,
    ballots_root: BallotsRoot,
    policy: LotPolicy,
) -> Result<ElectionResult> {
    let candidates = check_candidates(election, ballots)?;
    let seats = check_seats(election, ballots, candidates.len())?;
    let tie_list = election
        .tiebreak_permutation
        .clone()
        .unwrap_or_else(|| candidates.clone());
    let mut ties =
        TieBreaker::with_root(ballots_root, &election.id, election.tiebreak_seed.clone())
            .with_policy(policy, &candidates)
            .with_mode(election.tiebreak_mode, &tie_list);
    let withdrawn = withdrawn_profile(election, ballots, &candidates)?;
    let ranked = withdrawn.as_ref().unwrap_or(&ballots.ranked);
    check_eligible(election, &candidates)?;
    let admission = admission(election, &candidates, seats)?;
    let within = admission.as_ref();
    let (doomed_profile, doomed) = doom_for_irv(election, ranked, within)?;
    let ranked = doomed_profile.as_ref().unwrap_or(ranked);
    let run = |ties: &mut TieBreaker| dispatch(election, ballots, ranked, seats, ties, within);
    let dispatched = run(&mut ties)?;
    let method = election.method;
    if let Some(again) = without_elected_write_in(election, &dispatched, &candidates) {
        // An undeclared write-in is never elected: count again with it withdrawn.
        let root = ties.root.get()?;
        let mut result = count_with(&again, ballots, BallotsRoot::Ready(root), policy)?;
        result.details.insert(
            "undeclared_write_ins".into(),
            serde_json::Value::from(format!(
                "{UNDECLARED_WRITE_IN} would have been elected: an undeclared write-in is never \
                 elected, so it was withdrawn before the count (docs/methods.md)"
            )),
        );
        return Ok(result);
    }
    let elected = |d: &Dispatched| Some(winners(d, &candidates, method));
    let distinct = ballots.ranked.ballots.len() + ballots.marks.ballots.len();
    settle_lot_points(&mut ties, &elected(&dispatched), distinct, &run, &elected)
        .map_err(|e| e.or_file(&election.file))?;
    let mut result = ElectionResult {
        election: election.id.clone(),
        method: election.method.name().to_string(),
        seats,
        status: Status::Complete,
        elected: Vec::new(),
        ballots: BallotCounts::default(),
        candidates: None,
        rounds: Vec::new(),
        ties: Vec::new(),
        revote: None,
        supplementary: None,
        election_sha256: election.sha256_hex(),
        // Filled in at the end, when the root is surely known.
        ballots_root: String::new(),
        title: election.title.clone().unwrap_or_default(),
        round: None,
        profile: None,
        attendance: None,
        threshold: None,
        write_ins: None,
        vacancy: None,
        recall: None,
        lots: Vec::new(),
        rules: election.rule_overrides.iter().cloned().collect(),
        details: serde_json::Map::new(),
        stopped: None,
        tabulations: Vec::new(),
        previous: election.previous.as_ref().map(|link| PreviousRound {
            election: link.election.clone(),
            result_sha256: link.result_sha256.clone(),
            record_root: link.record_root.clone(),
            revote_number: (election.round == RoundKind::Revote).then_some(election.revote_number),
        }),
        constraints: None,
        passed_over: None,
    };
    match dispatched {
        Dispatched::Majority(o) => {
            let o = *o;
            if let Some(admission) = within {
                let elected: Vec<usize> = o
                    .elected
                    .iter()
                    .filter_map(|e| candidates.iter().position(|c| c == e))
                    .collect();
                result.constraints = Some(admission.report(&elected));
                result.passed_over = Some(o.passed_over.clone());
            }
            result.status = o.status;
            result.elected = o.elected;
            result.ballots = o.ballots;
            result.candidates = Some(o.candidates);
            result.revote = o.revote;
            result.supplementary = o.supplementary;
            result.vacancy = o.vacancy;
            result.round = Some(election.round.name().to_string());
            result.profile = Some(election.profile.name().to_string());
            result.attendance = Some(o.attendance);
            result.threshold = Some(o.threshold);
            result.write_ins = Some(o.write_ins);
            result
                .details
                .insert("blank".into(), serde_json::Value::from(o.blank));
        }
        Dispatched::Recall(o) => {
            result.status = o.status;
            result.ballots = o.ballots;
            result.candidates = Some(o.candidates);
            result.profile = Some(election.profile.name().to_string());
            result.attendance = Some(o.attendance);
            result.threshold = Some(o.threshold);
            result.recall = o.recall;
        }
        Dispatched::Method(outcome) => {
            if let Some(admission) = within {
                let elected: Vec<usize> = outcome.elected.iter().map(|&c| c as usize).collect();
                result.constraints = Some(admission.report(&elected));
                let mut passed = doomed.clone();
                passed.extend(outcome.passed_over.iter().cloned());
                result.passed_over = Some(passed);
            }
            apply_outcome(&mut result, outcome, &candidates, ballots, method);
        }
    }
    result.ballots_root = hex(&ties.root.get()?);
    result.ties = ties.ties;
    result.lots = ties.lots;
    Ok(result)
}

/// The election to count again when `dispatched` elects the undeclared write-in (`UWI`, a
/// candidate no voter can know): the same election with `UWI` withdrawn. RCTab's counts
/// (`irv`, `bottoms-up`, `sequential-irv`, `stv` with all surpluses) exclude it themselves
/// where it would win; this covers the other ranked methods.
fn without_elected_write_in(
    election: &Election,
    dispatched: &Dispatched,
    candidates: &[String],
) -> Option<Election> {
    let Dispatched::Method(outcome) = dispatched else {
        return None;
    };
    let uwi = candidates.iter().position(|c| c == UNDECLARED_WRITE_IN)? as CandidateIndex;
    if !outcome.elected.contains(&uwi)
        || election.withdrawn.iter().any(|w| w == UNDECLARED_WRITE_IN)
    {
        return None;
    }
    let mut again = election.clone();
    again.withdrawn.push(UNDECLARED_WRITE_IN.to_string());
    Some(again)
}

/// The ranked profile with the election's `withdrawn` candidates marked (`None` when it
/// names none: the ballot file's profile is counted as read).
fn withdrawn_profile(
    election: &Election,
    ballots: &BallotBox,
    candidates: &[String],
) -> Result<Option<RankedProfile>> {
    if election.withdrawn.is_empty() {
        return Ok(None);
    }
    let mut profile = ballots.ranked.clone();
    for name in &election.withdrawn {
        let c = candidates.iter().position(|c| c == name).ok_or_else(|| {
            Error::input(format!("withdrawn candidate '{name}' is not a candidate"))
                .file(&election.file)
                .field("withdrawn")
        })? as CandidateIndex;
        if !profile.withdrawn.contains(&c) {
            profile.withdrawn.push(c);
        }
    }
    profile.withdrawn.sort_unstable();
    Ok(Some(profile))
}

/// The election's constraints over the count's candidates (`None` without constraints);
/// constraints no set of candidates can meet are an input error naming the constraint,
/// before anything is counted, and so are methods that cannot apply them yet.
fn admission(election: &Election, candidates: &[String], seats: u32) -> Result<Option<Admission>> {
    if election.constraints.is_empty() {
        return Ok(None);
    }
    let in_file = |e: Error| e.or_file(&election.file);
    let attributes = election.attributes.as_ref().ok_or_else(|| {
        Error::input(
            "the constraints need the candidates' attributes, which were not read (load the \
             election file with its candidates_file)",
        )
        .file(&election.file)
        .field("candidates_file")
    })?;
    if !applies_constraints(election.method) {
        return Err(Error::input(format!(
            "method {} does not apply [[constraint]] tables; the methods that do: {}",
            election.method.name(),
            ElectionMethod::ALL
                .iter()
                .filter(|m| applies_constraints(**m))
                .map(|m| m.name())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .file(&election.file)
        .field("constraint"));
    }
    let admission =
        Admission::new(&election.constraints, attributes, candidates, seats).map_err(in_file)?;
    let everyone: Vec<usize> = (0..candidates.len()).collect();
    admission.check_feasible(&everyone).map_err(in_file)?;
    Ok(Some(admission))
}

/// IRV under constraints (one seat): only a candidate who is an admissible winner alone can
/// win, so every other candidate is *doomed* and excluded before the first stage (their
/// ballots count for their next preference from the start, which elects exactly as
/// excluding them first would). The profile with them withdrawn, and who they are.
fn doom_for_irv(
    election: &Election,
    ranked: &RankedProfile,
    within: Option<&Admission>,
) -> Result<(Option<RankedProfile>, Vec<PassedOver>)> {
    let Some(admission) = within.filter(|_| election.method == ElectionMethod::Irv) else {
        return Ok((None, Vec::new()));
    };
    let n = ranked.candidates.len();
    let mut profile = ranked.clone();
    let mut doomed = Vec::new();
    for c in 0..n {
        if profile.withdrawn.contains(&(c as CandidateIndex)) {
            continue;
        }
        let others: Vec<usize> = (0..n).filter(|&o| o != c).collect();
        if !admission.can_complete(&[c], &others)? {
            doomed.push(PassedOver {
                name: ranked.candidates[c].clone(),
                constraint: admission.blocking(&[c], &others)?,
                stage: Some(1),
            });
            profile.withdrawn.push(c as CandidateIndex);
        }
    }
    profile.withdrawn.sort_unstable();
    Ok((Some(profile), doomed))
}

/// `eligible` (a restricted 另行选举): every candidate has the value.
fn check_eligible(election: &Election, candidates: &[String]) -> Result<()> {
    let (Some(eligible), Some(attributes)) = (&election.eligible, &election.attributes) else {
        return Ok(());
    };
    let a = attributes.attribute(&eligible.attribute).unwrap_or(0);
    for name in candidates {
        let value = attributes.of(name).map(|v| v[a].as_str());
        if value != Some(eligible.value.as_str()) {
            return Err(Error::input(format!(
                "candidate '{name}' has {} = {}, but this round is open only to {} = {}",
                eligible.attribute,
                value.unwrap_or("(not described)"),
                eligible.attribute,
                eligible.value
            ))
            .file(&election.file)
            .line(eligible.line)
            .field("eligible"));
        }
    }
    Ok(())
}

/// Whether a method applies constraints on its winners.
pub fn applies_constraints(method: ElectionMethod) -> bool {
    match method {
        ElectionMethod::MajorityApproval
        | ElectionMethod::Plurality
        | ElectionMethod::Block
        | ElectionMethod::Approval
        | ElectionMethod::Borda
        | ElectionMethod::Schulze
        | ElectionMethod::RankedPairs
        | ElectionMethod::Copeland
        | ElectionMethod::Irv
        | ElectionMethod::Stv
        | ElectionMethod::Meek => true,
        ElectionMethod::BottomsUp | ElectionMethod::SequentialIrv | ElectionMethod::Recall => false,
    }
}

/// Runs the election's method with `ties` settling its ties (`ranked`: the ranked ballots
/// with the withdrawn candidates marked; `within`: the constraints).
fn dispatch(
    election: &Election,
    ballots: &BallotBox,
    ranked: &RankedProfile,
    seats: u32,
    ties: &mut TieBreaker,
    within: Option<&Admission>,
) -> Result<Dispatched> {
    let (marks, rules) = (&ballots.marks, &election.ranked_rules);
    let in_file = |e: Error| e.or_file(&election.file);
    let dispatched = match election.method {
        ElectionMethod::MajorityApproval => {
            let mut counted = election.clone();
            counted.seats = Some(seats);
            Dispatched::Majority(Box::new(
                methods::majority_approval::count(marks, &counted, ties, within)
                    .map_err(in_file)?,
            ))
        }
        ElectionMethod::Recall => Dispatched::Recall(methods::recall::count(marks, election)?),
        ElectionMethod::Plurality => Dispatched::Method(
            methods::plurality::count_within(marks, seats, ties, within).map_err(in_file)?,
        ),
        ElectionMethod::Block => Dispatched::Method(
            methods::block::count_within(marks, seats, ties, within).map_err(in_file)?,
        ),
        ElectionMethod::Approval => Dispatched::Method(
            methods::approval::count_within(marks, seats, ties, within).map_err(in_file)?,
        ),
        ElectionMethod::Irv => {
            Dispatched::Method(methods::irv::count(ranked, seats, rules, ties).map_err(in_file)?)
        }
        ElectionMethod::Stv => Dispatched::Method(
            match rules.transfer {
                SurplusTransfer::OneSurplusPerStage => {
                    methods::stv::count_constrained(ranked, seats, rules, ties, within)
                        .map(with_passed_over)
                }
                SurplusTransfer::AllSurpluses if within.is_some() => Err(Error::input(
                    "constraints apply to STV with one surplus per stage, not to RCTab's \
                     all-surpluses transfer",
                )
                .field("constraint")),
                SurplusTransfer::AllSurpluses => {
                    methods::rctab::count_all_surpluses(ranked, seats, rules, ties)
                }
            }
            .map_err(in_file)?,
        ),
        ElectionMethod::BottomsUp => Dispatched::Method(
            methods::rctab::count_bottoms_up(ranked, seats, rules, ties).map_err(in_file)?,
        ),
        ElectionMethod::SequentialIrv => Dispatched::Method(
            methods::rctab::count_sequential(ranked, seats, rules, ties).map_err(in_file)?,
        ),
        ElectionMethod::Meek => Dispatched::Method(
            methods::meek::count_constrained(ranked, seats, rules, ties, within)
                .map(with_passed_over)
                .map_err(in_file)?,
        ),
        ElectionMethod::Schulze => Dispatched::Method(
            methods::schulze::count_within(ranked, seats, rules, ties, within).map_err(in_file)?,
        ),
        ElectionMethod::RankedPairs => Dispatched::Method(
            methods::ranked_pairs::count_within(ranked, seats, rules, ties, within)
                .map_err(in_file)?,
        ),
        ElectionMethod::Copeland => Dispatched::Method(
            methods::copeland::count_within(ranked, seats, rules, ties, within).map_err(in_file)?,
        ),
        ElectionMethod::Borda => Dispatched::Method(
            methods::borda::count_within(ranked, seats, rules, ties, within).map_err(in_file)?,
        ),
    };
    Ok(dispatched)
}

/// A constrained count's outcome with the candidates it doomed as passed over.
fn with_passed_over((mut outcome, doomed): (MethodOutcome, Vec<PassedOver>)) -> MethodOutcome {
    outcome.passed_over = doomed;
    outcome
}

/// Who a count elected, for comparing the resolutions of its ties: the round's status, then
/// the winners, in the order the method ranks them, or sorted where it elects a set (IRV,
/// STV and Meek elect in the order candidates reach the quota, which no rule gives a
/// meaning).
fn winners(dispatched: &Dispatched, candidates: &[String], method: ElectionMethod) -> Vec<String> {
    let (status, mut elected) = match dispatched {
        Dispatched::Majority(o) => (o.status, o.elected.clone()),
        Dispatched::Recall(o) => (o.status, Vec::new()),
        Dispatched::Method(o) => (
            Status::Complete,
            o.elected
                .iter()
                .map(|&c| candidates.get(c as usize).cloned().unwrap_or_default())
                .collect(),
        ),
    };
    let elects_a_set = match method {
        ElectionMethod::Irv
        | ElectionMethod::Stv
        | ElectionMethod::Meek
        | ElectionMethod::BottomsUp => true,
        ElectionMethod::MajorityApproval
        | ElectionMethod::SequentialIrv
        | ElectionMethod::Recall
        | ElectionMethod::Plurality
        | ElectionMethod::Block
        | ElectionMethod::Approval
        | ElectionMethod::Borda
        | ElectionMethod::Schulze
        | ElectionMethod::RankedPairs
        | ElectionMethod::Copeland => false,
    };
    if elects_a_set {
        elected.sort();
    }
    let mut key = vec![format!("{status:?}")];
    key.extend(elected);
    key
}

fn apply_outcome(
    result: &mut ElectionResult,
    outcome: MethodOutcome,
    candidates: &[String],
    ballots: &BallotBox,
    method: ElectionMethod,
) {
    let returned = match method.ballot_kind() {
        BallotKind::Ranked => ballots.ranked.total_weight(),
        BallotKind::Marks => ballots.marks.total_weight(),
    };
    let invalid_total: u64 = outcome.invalid.values().sum();
    result.ballots = BallotCounts {
        returned,
        valid: returned.saturating_sub(invalid_total),
        invalid: outcome.invalid,
    };
    result.elected = outcome
        .elected
        .iter()
        .map(|&c| candidates.get(c as usize).cloned().unwrap_or_default())
        .collect();
    result.rounds = outcome.rounds;
    result.details = outcome.details;
    let filled = result.elected.len() as u32;
    if let Some(after_round) = outcome.stopped_after {
        result.status = Status::Stopped;
        let eliminated_in_last_round = outcome
            .tabulations
            .last()
            .and_then(|t| t.rounds.last().map(|r| (t, r)))
            .map(|(t, r)| {
                let mut out: Vec<CandidateIndex> = r.eliminated.iter().map(|e| e.0).collect();
                out.sort_unstable();
                out.iter()
                    .map(|&c| t.candidates[c as usize].clone())
                    .collect()
            })
            .unwrap_or_default();
        result.stopped = Some(Stopped {
            after_round,
            seats_open: result.seats.saturating_sub(filled),
            eliminated_in_last_round,
        });
    } else if filled < result.seats {
        result.status = Status::Vacancy;
        result.vacancy = Some(Vacancy {
            seats: result.seats - filled,
            reason: format!(
                "method {} elected {filled} of {} seats",
                method.name(),
                result.seats
            ),
        });
    }
    result.tabulations = outcome.tabulations;
}

/// The candidate list to count: the ballot file's and the election file's must agree when
/// both name candidates (a choices file may add `UWI`), and there may be no more than the
/// method's limit ([`crate::limits`]).
fn check_candidates(election: &Election, ballots: &BallotBox) -> Result<Vec<String>> {
    let candidates = listed_candidates(election, ballots)?;
    let (limit, kind) = match election.method.ballot_kind() {
        BallotKind::Ranked => (crate::limits::MAX_RANKED_CANDIDATES, "a ranked count"),
        BallotKind::Marks => (crate::limits::MAX_MARKS_CANDIDATES, "a marks count"),
    };
    if candidates.len() > limit {
        return Err(Error::input(format!(
            "{} candidates: {kind} takes at most {limit} (docs/reliability.md)",
            candidates.len()
        ))
        .file(&election.file)
        .field("candidates"));
    }
    Ok(candidates)
}

/// The candidate list the election and ballot files give.
fn listed_candidates(election: &Election, ballots: &BallotBox) -> Result<Vec<String>> {
    match (&election.candidates, ballots.candidates.is_empty()) {
        (Some(listed), false) => {
            let extra_uwi = ballots.candidates.len() == listed.len() + 1
                && ballots.candidates.starts_with(listed)
                && ballots.candidates.last().map(String::as_str)
                    == Some(super::formats::choices::UNDECLARED_WRITE_IN);
            if &ballots.candidates == listed || extra_uwi {
                Ok(ballots.candidates.clone())
            } else {
                Err(Error::input(format!(
                    "the ballot file names the candidates {} but the election file lists {}; \
                     they must be the same, in the same order",
                    ballots.candidates.join(", "),
                    listed.join(", ")
                ))
                .file(&election.file)
                .field("candidates"))
            }
        }
        (Some(listed), true) => Ok(listed.clone()),
        (None, false) => Ok(ballots.candidates.clone()),
        (None, true) => Err(Error::input(
            "no candidates: list them in the election file or use a ballot file that names them",
        )
        .file(&election.file)
        .field("candidates")),
    }
}

/// The seats to fill: the election file's and the ballot file's (BLT) must agree.
fn check_seats(election: &Election, ballots: &BallotBox, candidates: usize) -> Result<u32> {
    let seats = match (election.seats, ballots.seats) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::input(format!(
                "the election file says {a} seats but the ballot file says {b}"
            ))
            .file(&election.file)
            .field("seats"))
        }
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => {
            return Err(Error::input(
                "missing key, expected the number of seats (or a BLT file that gives it)",
            )
            .file(&election.file)
            .field("seats"))
        }
    };
    if seats < 1 && election.method != ElectionMethod::BottomsUp {
        return Err(Error::input("0 seats, expected at least 1")
            .file(&election.file)
            .field("seats"));
    }
    // RCTab's multi-winner STV elects every candidate when there are fewer than seats.
    let all_elected_allowed = election.method == ElectionMethod::Stv
        && election.ranked_rules.transfer == SurplusTransfer::AllSurpluses;
    if (candidates as u64) < seats as u64 && !all_elected_allowed {
        return Err(Error::input(format!(
            "{candidates} candidates for {seats} seats, expected at least as many candidates as seats"
        ))
        .file(&election.file)
        .field("candidates"));
    }
    Ok(seats)
}
