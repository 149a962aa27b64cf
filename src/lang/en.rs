//! The English catalogue: the text of every [`Msg`].

use super::Msg;
use crate::ballot::result::Status;
use crate::plan::checks::PlanCheckStatus;

/// The name of a count's status, as the JSON writes it (`revote-required`).
pub fn status(status: Status) -> &'static str {
    match status {
        Status::Complete => "complete",
        Status::NoQuorum => "no-quorum",
        Status::VoidRound => "void-round",
        Status::RevoteRequired => "revote-required",
        Status::SupplementaryRequired => "supplementary-required",
        Status::Vacancy => "vacancy",
        Status::Stopped => "stopped",
    }
}

/// The English text of `msg`.
pub fn text(msg: &Msg<'_>) -> String {
    match msg {
        Msg::None => "(none)".into(),
        Msg::Yes => "yes".into(),
        Msg::List(items) => items.join(", "),
        Msg::SheetElection => "Election: ".into(),
        Msg::SheetMethod => "Method:   ".into(),
        Msg::SheetSeats => "Seats:    ".into(),
        Msg::SheetStatus => "Status:   ".into(),
        Msg::SheetElected => "Elected:  ".into(),
        Msg::SheetRule => "Rule:     ".into(),
        Msg::SheetProfile(p) => format!(", profile {p}"),
        Msg::Round(round) => format!("{round} round"),
        Msg::Status(s) => status(*s).into(),
        Msg::Attendance {
            entitled,
            present,
            issued,
        } => format!("Attendance: entitled {entitled}, present {present}, issued {issued}"),
        Msg::Quorum { rule, needed, met } => match needed {
            Some(n) => format!(
                "; quorum {rule} (needs {n}): {}",
                if *met { "met" } else { "NOT met" }
            ),
            None => format!("; quorum {rule}"),
        },
        Msg::Ballots {
            returned,
            valid,
            invalid,
            reasons,
        } => format!(
            "Ballots:  returned {returned}, valid {valid}, invalid {invalid}{}",
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({reasons})")
            }
        ),
        Msg::InvalidReason(reason) => reason.to_string(),
        Msg::VotesNeeded {
            base,
            base_value,
            needed,
        } => format!(" ({base} = {base_value}: at least {needed} yes)"),
        Msg::Recall {
            officer,
            yes,
            no,
            abstain,
            passed,
            rule,
            needed,
        } => format!(
            "Recall of {officer}: yes {yes}, no {no}, abstain {abstain} — {} ({rule}{})",
            if *passed { "PASSED" } else { "not passed" },
            needed.map(|n| format!(", needs {n}")).unwrap_or_default()
        ),
        Msg::Candidate => "candidate".into(),
        Msg::YesVotes => "yes".into(),
        Msg::NoVotes => "no".into(),
        Msg::Abstain => "abstain".into(),
        Msg::Elected => "elected".into(),
        Msg::WriteIn(name) => format!("{name} (write-in)"),
        Msg::VoidWriteIns(list) => format!("Void write-ins: {list}"),
        Msg::Stage(n) => format!("stage {n}"),
        Msg::NonTransferable => "non-transferable".into(),
        Msg::StageAction(action) => action.to_string(),
        Msg::StageElected(names) => format!("; elected {names}"),
        Msg::StageExcluded(names) => format!("; excluded {names}"),
        Msg::Revote {
            number,
            candidates,
            seats,
        } => format!(
            "Re-vote required (re-vote {number}): {candidates} tied for {seats} seat(s); the most \
             yes votes win."
        ),
        Msg::Supplementary {
            seats,
            slate,
            min_slate,
            rule,
        } => format!(
            "Supplementary round (另行选举) required: {seats} seat(s), slate {slate} (at least \
             {min_slate}), rule {rule}."
        ),
        Msg::Nominate(n) => {
            format!("Too few unelected candidates for the slate: nominate {n} more (LOC 29).")
        }
        Msg::Eligible { attribute, value } => format!(
            "Only candidates with {attribute} = {value} may stand (eligible = {{ attribute = \"{attribute}\", value = \"{value}\" }})."
        ),
        Msg::ConstraintAttribute => "attribute".into(),
        Msg::ConstraintValue => "value".into(),
        Msg::ConstraintMin => "min".into(),
        Msg::ConstraintMax => "max".into(),
        Msg::PassedOver {
            stage,
            name,
            constraint,
        } => {
            let stage = stage.map(|s| format!(" at stage {s}")).unwrap_or_default();
            format!("Passed over{stage}: {name} ({constraint})")
        }
        Msg::Vacancy { seats, reason } => format!("Vacant seats: {seats} ({reason})"),
        Msg::Stopped {
            after_round,
            seats_open,
            eliminated,
        } => format!(
            "Stopped after round {after_round} (stop_after_round): seats still open: \
             {seats_open}{}",
            if eliminated.is_empty() {
                String::new()
            } else {
                format!("; eliminated in that round, votes not transferred: {eliminated}")
            }
        ),
        Msg::Ties => "Ties:".into(),
        Msg::TieResolvedBy(how) => how.to_string(),
        Msg::TieOrder(order) => format!(" (order: {order})"),
        Msg::TieDecisive(true) => "; it decides who is elected".into(),
        Msg::TieDecisive(false) => "; it does not change who is elected".into(),
        Msg::PlanSummary {
            students,
            house_size,
            method,
            min_seats,
            ratio_required,
            ratio_achieved,
            standing,
            grades,
        } => format!(
            "students {students}  house size {house_size}  method {method}  minimum {min_seats}  \
             ratio required {ratio_required}  achieved {ratio_achieved}\n\
             standing conference seats {standing}  grades {grades}"
        ),
        Msg::Department => "department".into(),
        Msg::Students => "students".into(),
        Msg::Quota => "quota".into(),
        Msg::Seats => "seats".into(),
        Msg::Floored => "floored".into(),
        Msg::NonCadreMin => "non_cadre_min".into(),
        Msg::Assembly => "assembly".into(),
        Msg::GradeSeats => "grades (grade:seats)".into(),
        Msg::PlanLot {
            contest,
            beacon,
            seed,
            order,
        } => format!("lot {contest} (beacon '{beacon}', seed {seed}): {order}"),
        Msg::CheckStatusHeader => "status".into(),
        Msg::CheckIdHeader => "id".into(),
        Msg::ClauseHeader => "clause".into(),
        Msg::RuleHeader => "rule".into(),
        Msg::DetailHeader => "detail".into(),
        Msg::PlanCheckStatus(s) => match s {
            PlanCheckStatus::Pass => "pass",
            PlanCheckStatus::Warn => "warn",
            PlanCheckStatus::Fail => "fail",
        }
        .into(),
        Msg::PlanRule(id) => id.rule().into(),
        Msg::VerifyRule(id) => id.rule().into(),
        Msg::ExpectedFound { expected, found } => match (expected, found) {
            (Some(e), Some(f)) => format!(" (expected {e}, found {f})"),
            (Some(e), None) => format!(" (expected {e})"),
            (None, Some(f)) => format!(" (found {f})"),
            (None, None) => String::new(),
        },
        Msg::VerifySummary {
            total,
            pass,
            fail,
            skip,
        } => format!(
            "summary: {total} results: {pass} pass, {fail} fail, {skip} skip: {}",
            if *fail == 0 {
                "record verified"
            } else {
                "RECORD FAILED VERIFICATION"
            }
        ),
        Msg::AnnounceResultTitle(title) => format!("Results of {title}: public notice"),
        Msg::AnnouncePlanTitle => "Allocation of student congress delegates: public notice".into(),
        Msg::AnnounceDate(date) => format!("Date: {date}"),
        Msg::AnnounceResultIntro => {
            "The committee publishes the results of the election below for the students to check."
                .into()
        }
        Msg::AnnouncePlanIntro => "The committee publishes the allocation of delegates to \
             departments below (clause 8 of the reform plan) for the students to check."
            .into(),
        Msg::HeadingVoting => "Attendance and ballots".into(),
        Msg::HeadingVotes => "Votes".into(),
        Msg::HeadingElected => "Elected".into(),
        Msg::HeadingNext => "What happens next".into(),
        Msg::HeadingAllocation => "Delegates per department".into(),
        Msg::HeadingPlanChecks => "Checks to note".into(),
        Msg::HeadingRecord => "How to check this result".into(),
        Msg::HeadingObjection => "Objection period and contact".into(),
        Msg::BallotFigures {
            returned,
            valid,
            invalid,
            reasons,
        } => format!(
            "Ballots returned {returned}: valid {valid}, invalid {invalid}{}.",
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({reasons})")
            }
        ),
        Msg::AnnounceRule { rule, needed } => match needed {
            Some(n) => format!("Winning rule: {rule}, that is at least {n} yes votes."),
            None => format!("Winning rule: {rule}."),
        },
        Msg::Outcome => "outcome".into(),
        Msg::ElectedInRound { names, round } => {
            format!("Elected in the {round} round: {names}.")
        }
        Msg::ElectedAtStage { name, stage } => format!("{name}, elected at stage {stage}"),
        Msg::ElectedList(names) => format!("Elected: {names}."),
        Msg::NoneElected => "Nobody is elected in this round.".into(),
        Msg::NothingNext => "Every seat is filled.".into(),
        Msg::FirstStage => "first stage".into(),
        Msg::LastStage => "last stage".into(),
        Msg::ObjectionPeriod { from, to, days } => format!(
            "This notice is posted for {days} day(s), from {from} to {to} inclusive; objections \
             are received during that period."
        ),
        Msg::Contact(contact) => format!("Contact for objections: {contact}."),
        Msg::PlanFigures {
            students,
            house_size,
            ratio_required,
            method,
            min_seats,
        } => format!(
            "{students} students, {house_size} delegates (at least {ratio_required} of the \
             students), seats in proportion to each department's students ({method}), at least \
             {min_seats} per department."
        ),
        Msg::FlooredDepartments(names) => {
            format!("Departments whose seats the floor set: {names}.")
        }
        Msg::StandingSeats(n) => {
            format!("The standing delegates' conference has {n} seats, one per department.")
        }
        Msg::AssemblyDepartments(names) => format!(
            "Departments with fewer students than the threshold may hold an all-student \
             assembly instead of a department congress: {names}."
        ),
        Msg::RecordRoot { id, size, root } => format!(
            "The signed record {id} holds {size} ballots (or stations); their Merkle root \
             (RFC 6962, SHA-256) is {root}."
        ),
        Msg::RecordSigners { names, threshold } => {
            format!("Signed by: {names} (the committee requires {threshold} signatures).")
        }
        Msg::VerifyWithCongress => {
            "With congress, using the committee's public keys you trust:".into()
        }
        Msg::VerifyByHand => "By hand, inside a copy of the record (check every signature \
             against keys you trust, and count them against the quorum you expect):"
            .into(),
        Msg::RecordRefused(ids) => format!(
            "the record fails verification ({ids}); run congress verify on it: announce posts \
             only a record that verifies"
        ),
        Msg::DateNeeded => "no date for the notice: the input gives none (the election file's \
             date key); give --date YYYY-MM-DD"
            .into(),
    }
}
