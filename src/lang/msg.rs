//! [`Msg`]: every message `congress` shows people, one variant each, with the data it
//! carries. Its texts are in `en.rs` and `zh.rs`.

use crate::ballot::result::Status;
use crate::plan::checks::{PlanCheckId, PlanCheckStatus};
use crate::record::check::CheckId;

/// A message shown to people; [`super::Lang::text`] renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg<'a> {
    // Words used across commands.
    /// What an empty list shows: `(none)`.
    None,
    /// A table cell marking a property that holds: `yes` (是).
    Yes,
    /// A list of items joined in the language's way (`a, b` or `a、b`), each as given.
    List(&'a [String]),

    // The result sheet of `congress elect`.
    /// Label of the line naming the election.
    SheetElection,
    /// Label of the line naming the method.
    SheetMethod,
    /// Label of the seats line.
    SheetSeats,
    /// Label of the status line.
    SheetStatus,
    /// Label of the line listing the elected.
    SheetElected,
    /// Label of the line giving the winning rule.
    SheetRule,
    /// After the method: the rules profile it was counted under.
    SheetProfile(&'a str),
    /// The round of a committee count, as the result names it (`first`, `revote`,
    /// `supplementary`).
    Round(&'a str),
    /// A count's status.
    Status(Status),
    /// The attendance line: 应到, 实到, ballots issued (发出).
    Attendance {
        /// 应到.
        entitled: u64,
        /// 实到.
        present: u64,
        /// Ballots issued.
        issued: u64,
    },
    /// After the attendance: the quorum rule, the attendance it needs, whether it was met.
    Quorum {
        /// The rule as written (`present >= 2/3 entitled`).
        rule: &'a str,
        /// The fewest present that meet it.
        needed: Option<u64>,
        /// Whether it was met.
        met: bool,
    },
    /// The ballots line: returned (收回), valid, invalid, and the invalid ones by reason.
    Ballots {
        /// Ballots returned.
        returned: u64,
        /// Valid ballots.
        valid: u64,
        /// Invalid ballots.
        invalid: u64,
        /// The invalid ones by reason, already listed (empty: none).
        reasons: &'a str,
    },
    /// A reason a ballot or a write-in is void (`overvote`, `illegible`, …); an unknown
    /// reason is shown as the result names it.
    InvalidReason(&'a str),
    /// What the winning rule means in votes.
    VotesNeeded {
        /// The base the rule is a fraction of (`present`).
        base: &'a str,
        /// Its value.
        base_value: u64,
        /// The fewest yes votes that pass.
        needed: u64,
    },
    /// The line of a recall vote (罢免).
    Recall {
        /// The officer voted on.
        officer: &'a str,
        /// Votes for the recall.
        yes: u64,
        /// Votes against.
        no: u64,
        /// Abstentions.
        abstain: u64,
        /// Whether it passed.
        passed: bool,
        /// The rule.
        rule: &'a str,
        /// The fewest yes votes that pass.
        needed: Option<u64>,
    },
    /// Column header: the candidate.
    Candidate,
    /// Column header: yes votes (赞成).
    YesVotes,
    /// Column header: no votes (反对).
    NoVotes,
    /// Column header: abstentions (弃权).
    Abstain,
    /// Column header or cell: elected (当选).
    Elected,
    /// A written-in name in the candidates' table.
    WriteIn(&'a str),
    /// The line listing write-ins not counted, by reason (already listed).
    VoidWriteIns(&'a str),
    /// Column header of a stage of a count.
    Stage(u32),
    /// Row label of the votes no longer with any candidate.
    NonTransferable,
    /// What a stage did, as the result names it (`first preferences`, `surplus of X`,
    /// `exclusion of X`); another method's own wording is shown as it is.
    StageAction(&'a str),
    /// After a stage's action: who it elected.
    StageElected(&'a str),
    /// After a stage's action: who it excluded.
    StageExcluded(&'a str),
    /// The re-vote (再次投票) a tie at the cut-off calls for.
    Revote {
        /// Which re-vote it is (1 for the first).
        number: u32,
        /// The tied candidates, already listed.
        candidates: &'a str,
        /// The seats open among them.
        seats: u32,
    },
    /// The 另行选举 that too few qualifiers call for.
    Supplementary {
        /// The seats open.
        seats: u32,
        /// The slate, already listed.
        slate: &'a str,
        /// The slate size the rules ask for.
        min_slate: u64,
        /// The rule of that round.
        rule: &'a str,
    },
    /// Too few unelected candidates for the 另行选举's slate: how many more to nominate.
    Nominate(u64),
    /// A restricted 另行选举: only candidates with this attribute value may stand.
    Eligible {
        /// The attribute.
        attribute: &'a str,
        /// Its value.
        value: &'a str,
    },
    /// Column header: a constraint's attribute.
    ConstraintAttribute,
    /// Column header: a constraint's value.
    ConstraintValue,
    /// Column header: a constraint's minimum.
    ConstraintMin,
    /// Column header: a constraint's maximum.
    ConstraintMax,
    /// A candidate passed over (or doomed) because of a constraint.
    PassedOver {
        /// The stage of the walk, for sequential methods.
        stage: Option<u32>,
        /// The candidate.
        name: &'a str,
        /// The constraint, as the result names it.
        constraint: &'a str,
    },
    /// Seats the rules leave open, and why (the reason as the result gives it).
    Vacancy {
        /// Seats open.
        seats: u32,
        /// Why.
        reason: &'a str,
    },
    /// A count stopped by `stop_after_round`.
    Stopped {
        /// The last round counted.
        after_round: u32,
        /// Seats still open.
        seats_open: u32,
        /// Eliminated in that round, votes not transferred (already listed; empty: none).
        eliminated: &'a str,
    },
    /// Heading of the list of ties.
    Ties,
    /// How a tie was settled, as the result names it (`lot`, `unresolved`, a method's rule).
    TieResolvedBy(&'a str),
    /// The order a lot put the tied candidates in (already listed).
    TieOrder(&'a str),
    /// Whether settling the tie decided who is elected.
    TieDecisive(bool),

    // `congress plan` and the checks of `plan` and `check`.
    /// The plan's summary line.
    PlanSummary {
        /// Students served.
        students: u64,
        /// The house size.
        house_size: u64,
        /// The apportionment method.
        method: &'a str,
        /// The department floor.
        min_seats: u64,
        /// The ratio required.
        ratio_required: &'a str,
        /// The ratio achieved.
        ratio_achieved: &'a str,
        /// Seats of the standing conference.
        standing: u64,
        /// How grades share a department's seats.
        grades: &'a str,
    },
    /// Column header: the department (院系).
    Department,
    /// Column header: students.
    Students,
    /// Column header: the exact quota.
    Quota,
    /// Column header: seats.
    Seats,
    /// Column header: whether the floor set the seats.
    Floored,
    /// Column header: the least number of non-cadre delegates.
    NonCadreMin,
    /// Column header: whether an all-student assembly is allowed.
    Assembly,
    /// Column header: seats per grade (`grade:seats`).
    GradeSeats,
    /// A lot a plan drew.
    PlanLot {
        /// The contest it settled.
        contest: &'a str,
        /// The public beacon.
        beacon: &'a str,
        /// The seed, hex.
        seed: &'a str,
        /// The order drawn, already joined.
        order: &'a str,
    },
    /// Column header: a check's status.
    CheckStatusHeader,
    /// Column header: a check's id.
    CheckIdHeader,
    /// Column header: the clause a check applies.
    ClauseHeader,
    /// Column header: what a check checks.
    RuleHeader,
    /// Column header: what a check found.
    DetailHeader,
    /// A plan or organisation check's status (pass, warn, fail).
    PlanCheckStatus(PlanCheckStatus),
    /// What a plan or organisation check checks.
    PlanRule(PlanCheckId),

    // `congress verify`.
    /// What a record check checks.
    VerifyRule(CheckId),
    /// After a check line's detail: what was expected and what was found.
    ExpectedFound {
        /// Expected, if the check compares values.
        expected: Option<&'a str>,
        /// Found.
        found: Option<&'a str>,
    },
    /// The last line of a verification.
    VerifySummary {
        /// Results.
        total: usize,
        /// Passed.
        pass: usize,
        /// Failed.
        fail: usize,
        /// Skipped.
        skip: usize,
    },

    // `congress announce`: the 公示 a committee posts.
    /// Title of a result's notice, from the election's title.
    AnnounceResultTitle(&'a str),
    /// Title of a plan's notice.
    AnnouncePlanTitle,
    /// The line under the title: the notice's date.
    AnnounceDate(&'a str),
    /// The opening sentence of a result's notice.
    AnnounceResultIntro,
    /// The opening sentence of a plan's notice.
    AnnouncePlanIntro,
    /// Heading: attendance and ballots.
    HeadingVoting,
    /// Heading: every candidate's votes.
    HeadingVotes,
    /// Heading: who is elected.
    HeadingElected,
    /// Heading: what happens next.
    HeadingNext,
    /// Heading: the delegates per department.
    HeadingAllocation,
    /// Heading: the checks of the plan that did not pass.
    HeadingPlanChecks,
    /// Heading: how to check the signed record.
    HeadingRecord,
    /// Heading: the objection period and whom to contact.
    HeadingObjection,
    /// The ballots' figures: returned (收回), valid (有效), invalid (无效) and why.
    BallotFigures {
        /// Returned.
        returned: u64,
        /// Valid.
        valid: u64,
        /// Invalid.
        invalid: u64,
        /// The invalid by reason, listed (empty: none).
        reasons: &'a str,
    },
    /// The winning rule and the votes it needs.
    AnnounceRule {
        /// The rule as written.
        rule: &'a str,
        /// The fewest yes votes that pass.
        needed: Option<u64>,
    },
    /// Column header: a candidate's outcome.
    Outcome,
    /// The elected of a committee count, and the round they were elected in.
    ElectedInRound {
        /// The elected, listed.
        names: &'a str,
        /// The round (`first`, `revote`, `supplementary`).
        round: &'a str,
    },
    /// A candidate elected at a stage of a count in stages.
    ElectedAtStage {
        /// The candidate.
        name: &'a str,
        /// The stage.
        stage: u32,
    },
    /// The elected of a count that is not in rounds.
    ElectedList(&'a str),
    /// Nobody is elected.
    NoneElected,
    /// Nothing more is needed: every seat is filled.
    NothingNext,
    /// Column header: a candidate's votes at the first stage.
    FirstStage,
    /// Column header: a candidate's votes at the last stage.
    LastStage,
    /// The objection period: from, to (inclusive) and its length in days.
    ObjectionPeriod {
        /// First day.
        from: &'a str,
        /// Last day.
        to: &'a str,
        /// Days.
        days: u64,
    },
    /// Whom to contact with an objection.
    Contact(&'a str),
    /// The plan's figures.
    PlanFigures {
        /// Students served.
        students: u64,
        /// Delegates.
        house_size: u64,
        /// The ratio required.
        ratio_required: &'a str,
        /// The apportionment method.
        method: &'a str,
        /// The department floor.
        min_seats: u64,
    },
    /// The departments whose seats the floor set.
    FlooredDepartments(&'a str),
    /// The standing conference's seats.
    StandingSeats(u64),
    /// The departments that may hold an all-student assembly.
    AssemblyDepartments(&'a str),
    /// The record's root and size.
    RecordRoot {
        /// The record's id.
        id: &'a str,
        /// Ballots (or child records) under the root.
        size: u64,
        /// The RFC 6962 root, hex.
        root: &'a str,
    },
    /// Who signed the record, and how many signatures the committee needs.
    RecordSigners {
        /// The signers, listed.
        names: &'a str,
        /// The committee's threshold.
        threshold: u64,
    },
    /// How to verify with `congress` (the command follows).
    VerifyWithCongress,
    /// How to verify by hand, with `sha256sum` and `signify` (the commands follow).
    VerifyByHand,
    /// `announce` refuses a record that fails verification.
    RecordRefused(&'a str),
    /// `announce` needs a date and its input gives none.
    DateNeeded,
}
