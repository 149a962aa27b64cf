//! The report of an election result (`congress elect --format json`): the figures, per-candidate
//! yes/no/abstain bars with the threshold line, the status and the next round; for counts in
//! stages (STV, IRV, …) the stages as stacked bars and the transfer table.

use super::html::{
    bar_chart, col, escape, legend, magnitude, ncol, token, yes_no, BarRow, Cell, Page, PALETTE,
};
use super::labels::{Label, Lang};
use crate::ballot::result::{Decimal, ElectionResult, Round, Status};
use crate::lot::Lot;

/// Colours of yes, no and abstain.
const YES: &str = "#2ca02c";
const NO: &str = "#d62728";
const ABSTAIN: &str = "#bbbbbb";
/// The colour of non-transferable votes.
const NON_TRANSFERABLE: &str = "#999999";
/// Stages per table of the transfer table, so each fits the A4 width.
const STAGES_PER_TABLE: usize = 4;

/// The report of an election result.
pub fn election_report(result: &ElectionResult, lang: Lang) -> String {
    let subtitle = if result.title.is_empty() {
        &result.election
    } else {
        &result.title
    };
    let mut page = Page::new(lang, Label::ElectionReport, subtitle);
    election_sections(&mut page, result);
    page.finish()
}

/// The sections of an election result, written on `page` (a record's report holds them too).
pub fn election_sections(page: &mut Page, result: &ElectionResult) {
    let lang = page.lang;
    page.h2(Label::Summary);
    let mut facts = vec![
        (Label::Title, Cell::text(&result.title)),
        (Label::ElectionId, Cell::text(&result.election)),
        (Label::Method, Cell::text(&result.method)),
    ];
    if let Some(profile) = &result.profile {
        facts.push((Label::Profile, Cell::text(profile)));
    }
    if let Some(round) = &result.round {
        facts.push((Label::Round, Cell::text(round)));
    }
    facts.push((Label::Seats, Cell::num(result.seats)));
    facts.push((Label::Status, status_cell(lang, result.status)));
    facts.push((
        Label::Elected,
        Cell::html(format!(
            "<span class=\"elected\">{}</span>",
            escape(&result.elected.join(list_separator(lang)))
        )),
    ));
    facts.push((Label::Returned, Cell::num(result.ballots.returned)));
    facts.push((Label::Valid, Cell::num(result.ballots.valid)));
    let invalid: u64 = result.ballots.invalid.values().sum();
    let reasons: Vec<String> = result
        .ballots
        .invalid
        .iter()
        .map(|(reason, n)| format!("{reason} {n}"))
        .collect();
    facts.push((
        Label::Invalid,
        Cell::text(&if reasons.is_empty() {
            invalid.to_string()
        } else {
            format!("{invalid} ({})", reasons.join(", "))
        }),
    ));
    if let Some(a) = &result.attendance {
        facts.push((Label::Entitled, Cell::num(a.entitled)));
        facts.push((Label::Present, Cell::num(a.present)));
        facts.push((Label::Issued, Cell::num(a.issued)));
        facts.push((Label::Quorum, Cell::text(a.quorum.as_deref().unwrap_or(""))));
        facts.push((
            Label::QuorumNeeded,
            Cell::num(a.quorum_needed.map(|n| n.to_string()).unwrap_or_default()),
        ));
        facts.push((Label::QuorumMet, Cell::text(yes_no(lang, a.quorum_met))));
    }
    if let Some(t) = &result.threshold {
        facts.push((Label::Threshold, Cell::text(&t.rule)));
        facts.push((
            Label::ThresholdBase,
            Cell::text(t.base.as_deref().unwrap_or("")),
        ));
        facts.push((
            Label::BaseValue,
            Cell::num(t.base_value.map(|n| n.to_string()).unwrap_or_default()),
        ));
        facts.push((
            Label::VotesNeeded,
            Cell::num(t.votes_needed.map(|n| n.to_string()).unwrap_or_default()),
        ));
    }
    facts.push((Label::ElectionSha256, Cell::hash(&result.election_sha256)));
    facts.push((Label::BallotsRoot, Cell::hash(&result.ballots_root)));
    page.facts(&facts);

    candidate_votes(page, result);
    write_ins(page, result);
    recall(page, result);
    next_round(page, result);
    if !result.rounds.is_empty() {
        stages_chart(page, &result.rounds);
        transfer_tables(page, &result.rounds);
        moved_votes(page, &result.rounds);
    }
    ties(page, result);
    lots(page, &result.lots);
    rules(page, result);
    details(page, result);
}

/// The separator of a list of names: `、` in Chinese, `, ` in English.
fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

/// The status: its words in the page's language, and its token as the JSON has it.
fn status_cell(lang: Lang, status: Status) -> Cell {
    let (label, name) = match status {
        Status::Complete => (Label::StatusComplete, "complete"),
        Status::NoQuorum => (Label::StatusNoQuorum, "no-quorum"),
        Status::VoidRound => (Label::StatusVoidRound, "void-round"),
        Status::RevoteRequired => (Label::StatusRevoteRequired, "revote-required"),
        Status::SupplementaryRequired => {
            (Label::StatusSupplementaryRequired, "supplementary-required")
        }
        Status::Vacancy => (Label::StatusVacancy, "vacancy"),
        Status::Stopped => (Label::StatusStopped, "stopped"),
    };
    Cell::html(format!(
        "<span class=\"status\">{}</span> {}",
        escape(label.text(lang)),
        token("", name)
    ))
}

/// Per-candidate yes/no/abstain bars with the threshold line, and their table.
fn candidate_votes(page: &mut Page, result: &ElectionResult) {
    let Some(candidates) = &result.candidates else {
        return;
    };
    let lang = page.lang;
    page.h2(Label::CandidateVotes);
    let needed = result.threshold.as_ref().and_then(|t| t.votes_needed);
    let rows: Vec<BarRow> = candidates
        .iter()
        .map(|c| BarRow {
            label: c.name.clone(),
            segments: vec![
                (c.yes as f64, YES.to_string()),
                (c.no as f64, NO.to_string()),
                (c.abstain as f64, ABSTAIN.to_string()),
            ],
            note: format!(
                "{} / {} / {}{}",
                c.yes,
                c.no,
                c.abstain,
                if c.elected { " ✓" } else { "" }
            ),
            mark: None,
        })
        .collect();
    let max = candidates
        .iter()
        .map(|c| (c.yes + c.no + c.abstain) as f64)
        .fold(result.ballots.valid as f64, f64::max)
        .max(needed.unwrap_or(0) as f64)
        .max(1.0);
    let line_text = needed.map(|n| format!("{} {n}", Label::ThresholdLine.text(lang)));
    let chart = bar_chart(
        &rows,
        max,
        needed.map(|n| n as f64).zip(line_text.as_deref()),
    );
    let caption = legend(&[
        (YES.to_string(), Label::Yes.text(lang).to_string()),
        (NO.to_string(), Label::No.text(lang).to_string()),
        (ABSTAIN.to_string(), Label::Abstain.text(lang).to_string()),
    ]);
    page.figure("votes-chart", &chart, &caption);
    let rows: Vec<Vec<Cell>> = candidates
        .iter()
        .map(|c| {
            vec![
                Cell::text(&c.name),
                Cell::num(c.yes),
                Cell::num(c.no),
                Cell::num(c.abstain),
                Cell::num(c.illegible),
                elected_cell(lang, c.elected),
            ]
        })
        .collect();
    page.table(
        "candidates",
        &[
            col(Label::Candidate),
            ncol(Label::Yes),
            ncol(Label::No),
            ncol(Label::Abstain),
            ncol(Label::Illegible),
            col(Label::Status),
        ],
        &rows,
    );
}

/// 当选 or 未当选.
fn elected_cell(lang: Lang, elected: bool) -> Cell {
    if elected {
        Cell::html(format!(
            "<span class=\"elected\">{}</span>",
            escape(Label::Elected.text(lang))
        ))
    } else {
        Cell::text(Label::NotElected.text(lang))
    }
}

/// The written-in names and the void write-ins.
fn write_ins(page: &mut Page, result: &ElectionResult) {
    let Some(w) = &result.write_ins else {
        return;
    };
    if w.total == 0 && w.names.is_empty() && w.void.is_empty() {
        return;
    }
    let lang = page.lang;
    page.h2(Label::WriteIns);
    let void: Vec<String> = w.void.iter().map(|(r, n)| format!("{r} {n}")).collect();
    page.facts(&[
        (Label::WriteInsCounted, Cell::num(w.total)),
        (Label::WriteInsVoid, Cell::text(&void.join(", "))),
    ]);
    let rows: Vec<Vec<Cell>> = w
        .names
        .iter()
        .map(|n| {
            vec![
                Cell::text(&n.name),
                Cell::num(n.yes),
                elected_cell(lang, n.elected),
            ]
        })
        .collect();
    page.table(
        "write-ins",
        &[col(Label::Candidate), ncol(Label::Yes), col(Label::Status)],
        &rows,
    );
}

/// The recall vote.
fn recall(page: &mut Page, result: &ElectionResult) {
    let Some(r) = &result.recall else {
        return;
    };
    let lang = page.lang;
    page.h2(Label::Recall);
    page.facts(&[
        (Label::Officer, Cell::text(&r.officer)),
        (Label::Yes, Cell::num(r.yes)),
        (Label::No, Cell::num(r.no)),
        (Label::Abstain, Cell::num(r.abstain)),
        (Label::Threshold, Cell::text(&r.threshold)),
        (
            Label::VotesNeeded,
            Cell::num(r.votes_needed.map(|n| n.to_string()).unwrap_or_default()),
        ),
        (Label::Passed, Cell::text(yes_no(lang, r.passed))),
    ]);
}

/// What happens next: a re-vote, a 另行选举, seats left vacant, or nothing.
fn next_round(page: &mut Page, result: &ElectionResult) {
    let lang = page.lang;
    page.h2(Label::NextRound);
    let sep = list_separator(lang);
    let mut any = false;
    if let Some(r) = &result.revote {
        any = true;
        page.para(&format!(
            "{} <strong>{}</strong>",
            escape(Label::RevoteSentence.text(lang)),
            escape(&r.candidates.join(sep))
        ));
        page.facts(&[
            (Label::OpenSeats, Cell::num(r.seats)),
            (Label::RevoteNumber, Cell::num(r.revote_number)),
            (Label::Threshold, Cell::text(&r.threshold)),
        ]);
    }
    if let Some(s) = &result.supplementary {
        any = true;
        page.para(&format!(
            "{} <strong>{}</strong>",
            escape(Label::SupplementarySentence.text(lang)),
            escape(&s.slate.join(sep))
        ));
        let mut facts = vec![
            (Label::OpenSeats, Cell::num(s.seats)),
            (Label::MinSlate, Cell::num(s.min_slate)),
            (Label::Threshold, Cell::text(&s.threshold)),
        ];
        if s.nominate > 0 {
            facts.push((Label::Nominate, Cell::num(s.nominate)));
        }
        page.facts(&facts);
    }
    if let Some(v) = &result.vacancy {
        any = true;
        page.para(&escape(Label::VacancySentence.text(lang)));
        page.facts(&[
            (Label::OpenSeats, Cell::num(v.seats)),
            (Label::Reason, Cell::text(&v.reason)),
        ]);
    }
    if let Some(s) = &result.stopped {
        any = true;
        page.para(&escape(Label::StoppedSentence.text(lang)));
        page.facts(&[
            (Label::AfterRound, Cell::num(s.after_round)),
            (Label::OpenSeats, Cell::num(s.seats_open)),
            (
                Label::EliminatedInLastRound,
                Cell::text(&s.eliminated_in_last_round.join(sep)),
            ),
        ]);
    }
    if !any {
        page.para(&escape(Label::NothingFurther.text(lang)));
    }
}

/// Every candidate of the stages, in order of first appearance.
fn stage_candidates(rounds: &[Round]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for round in rounds {
        for name in round.totals.keys() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// A total as the JSON writes it (a string holding an exact decimal, or a number).
fn total_text(value: &serde_json::Value) -> String {
    value
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| value.to_string())
}

/// The stage's label: `stage 3` (with the seat of a sequential count).
fn stage_name(lang: Lang, round: &Round) -> String {
    match round.seat {
        Some(seat) => format!(
            "{} {} · {} {}",
            Label::Seats.text(lang),
            seat,
            Label::Stage.text(lang),
            round.round
        ),
        None => format!("{} {}", Label::Stage.text(lang), round.round),
    }
}

/// The stages as stacked bars: one bar per stage, a segment per candidate and the
/// non-transferable votes.
fn stages_chart(page: &mut Page, rounds: &[Round]) {
    let lang = page.lang;
    page.h2(Label::StageByStage);
    let names = stage_candidates(rounds);
    let colour = |i: usize| PALETTE[i % PALETTE.len()].to_string();
    let rows: Vec<BarRow> = rounds
        .iter()
        .map(|round| {
            let mut segments: Vec<(f64, String)> = names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let value = round
                        .totals
                        .get(name)
                        .map(|v| magnitude(&total_text(v)))
                        .unwrap_or(0.0);
                    (value, colour(i))
                })
                .collect();
            segments.push((
                magnitude(&round.non_transferable),
                NON_TRANSFERABLE.to_string(),
            ));
            BarRow {
                label: stage_name(lang, round),
                segments,
                note: String::new(),
                mark: None,
            }
        })
        .collect();
    let max = rows
        .iter()
        .map(|r| r.segments.iter().map(|(v, _)| v).sum::<f64>())
        .fold(1.0, f64::max);
    let mut items: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (colour(i), n.clone()))
        .collect();
    items.push((
        NON_TRANSFERABLE.to_string(),
        Label::NonTransferable.text(lang).to_string(),
    ));
    page.figure(
        "stages-chart",
        &bar_chart(&rows, max, None),
        &legend(&items),
    );
}

/// The transfer table: each candidate's total after each stage and its change since the
/// stage before (exact decimals), a few stages per table so that each fits the page.
fn transfer_tables(page: &mut Page, rounds: &[Round]) {
    let lang = page.lang;
    page.h2(Label::TransferTable);
    let names = stage_candidates(rounds);
    // The totals before each stage (none before a first stage).
    let mut before: Vec<Option<&Round>> = Vec::new();
    for (k, round) in rounds.iter().enumerate() {
        before.push(if round.round == 1 || k == 0 {
            None
        } else {
            Some(&rounds[k - 1])
        });
    }
    for (chunk, stages) in rounds.chunks(STAGES_PER_TABLE).enumerate() {
        let first = chunk * STAGES_PER_TABLE;
        let mut headers = vec![format!("<th>{}</th>", page.t(Label::Candidate))];
        for round in stages {
            let mut head = escape(&stage_name(lang, round));
            head.push_str(&format!("<br><small>{}</small>", escape(&round.action)));
            if let Some(t) = &round.threshold {
                head.push_str(&format!(
                    "<br><small>{} {}</small>",
                    page.t(Label::Threshold),
                    escape(t)
                ));
            }
            headers.push(format!("<th class=\"n\">{head}</th>"));
        }
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for name in &names {
            let mut row = vec![Cell::text(name)];
            for (j, round) in stages.iter().enumerate() {
                let previous = before[first + j].and_then(|r| r.totals.get(name));
                let now = round.totals.get(name).map(total_text);
                let mut html = match &now {
                    Some(total) => escape(total),
                    None if previous.is_some() => "0".to_string(),
                    None => String::new(),
                };
                if let (Some(total), Some(p)) = (&now, previous) {
                    html.push_str(&format!("<small>{}</small>", change(&total_text(p), total)));
                } else if let (None, Some(p)) = (&now, previous) {
                    html.push_str(&format!("<small>{}</small>", change(&total_text(p), "0")));
                }
                if round.elected.contains(name) {
                    html.push_str(&format!(
                        "<small class=\"elected\">{}</small>",
                        page.t(Label::Elected)
                    ));
                }
                if round.excluded.contains(name) {
                    html.push_str(&format!(
                        "<small class=\"fail\">{}</small>",
                        page.t(Label::Excluded)
                    ));
                }
                row.push(Cell::num_html(html));
            }
            rows.push(row);
        }
        let mut row = vec![Cell::text(Label::NonTransferable.text(lang))];
        for (j, round) in stages.iter().enumerate() {
            let mut html = escape(&round.non_transferable);
            if let Some(p) = before[first + j] {
                html.push_str(&format!(
                    "<small>{}</small>",
                    change(&p.non_transferable, &round.non_transferable)
                ));
            }
            row.push(Cell::num_html(html));
        }
        rows.push(row);
        page.table_with_headers(&format!("transfers-{}", chunk + 1), &headers, &rows);
    }
}

/// `now − before` as an exact signed decimal with a sign (`+467.00610`, `-572.00000`).
fn change(before: &str, now: &str) -> String {
    let diff = Decimal::parse(now)
        .minus(Decimal::parse(before))
        .to_string();
    if diff.starts_with('-') {
        escape(&diff)
    } else {
        format!("+{}", escape(&diff))
    }
}

/// In a count under RCTab's keys: where the moved votes went, and the inactive ballots.
fn moved_votes(page: &mut Page, rounds: &[Round]) {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for round in rounds {
        for (from, to) in round.transfers.iter().flatten() {
            for (target, votes) in to {
                rows.push(vec![
                    Cell::text(&stage_name(page.lang, round)),
                    Cell::text(from),
                    Cell::text(target),
                    Cell::num(votes),
                ]);
            }
        }
        for (why, votes) in round.inactive.iter().flatten() {
            rows.push(vec![
                Cell::text(&stage_name(page.lang, round)),
                Cell::text(Label::Inactive.text(page.lang)),
                Cell::text(why),
                Cell::num(votes),
            ]);
        }
    }
    if rows.is_empty() {
        return;
    }
    page.h2(Label::VotesMoved);
    page.table(
        "moved",
        &[
            col(Label::Stage),
            col(Label::From),
            col(Label::To),
            ncol(Label::Votes),
        ],
        &rows,
    );
}

/// Every tie and how it was settled.
fn ties(page: &mut Page, result: &ElectionResult) {
    if result.ties.is_empty() {
        return;
    }
    let lang = page.lang;
    page.h2(Label::Ties);
    let sep = list_separator(lang);
    let rows: Vec<Vec<Cell>> = result
        .ties
        .iter()
        .map(|t| {
            vec![
                Cell::text(&t.context),
                Cell::text(&t.candidates.join(sep)),
                Cell::text(&t.resolved_by),
                Cell::text(&t.order.join(sep)),
                Cell::text(t.decisive.map(|d| yes_no(lang, d)).unwrap_or("")),
            ]
        })
        .collect();
    page.table(
        "ties",
        &[
            col(Label::Context),
            col(Label::TiedCandidates),
            col(Label::ResolvedBy),
            col(Label::Order),
            col(Label::Decisive),
        ],
        &rows,
    );
}

/// Every lot drawn: its inputs, its draws and the order it gave.
pub fn lots(page: &mut Page, lots: &[Lot]) {
    if lots.is_empty() {
        return;
    }
    let lang = page.lang;
    page.h2(Label::Lots);
    let sep = list_separator(lang);
    for (i, lot) in lots.iter().enumerate() {
        let draws: Vec<String> = lot
            .draws
            .iter()
            .map(|d| match d.chosen {
                Some(j) => format!("{}: {} → {j}", d.position, d.value),
                None => format!(
                    "{}: {} ({})",
                    d.position,
                    d.value,
                    Label::Rejected.text(lang)
                ),
            })
            .collect();
        page.raw(&format!("<div id=\"lot-{}\">", i + 1));
        page.facts(&[
            (Label::Contest, Cell::text(&lot.contest_id)),
            (Label::Beacon, Cell::text(&lot.beacon)),
            (Label::Root, Cell::hash(&lot.root_hex)),
            (Label::Seed, Cell::hash(&lot.seed_hex)),
            (Label::Candidates, Cell::text(&lot.candidates.join(sep))),
            (Label::Draws, Cell::text(&draws.join("; "))),
            (Label::Order, Cell::text(&lot.order.join(sep))),
        ]);
        page.raw("</div>\n");
    }
}

/// The `[rules]` the election file set.
fn rules(page: &mut Page, result: &ElectionResult) {
    if result.rules.is_empty() {
        return;
    }
    page.h2(Label::Rules);
    let rows: Vec<Vec<Cell>> = result
        .rules
        .iter()
        .map(|(k, v)| vec![Cell::text(k), Cell::text(v)])
        .collect();
    page.table("rules", &[col(Label::RuleKey), col(Label::Value)], &rows);
}

/// The method's details (scores, pairwise matrix, …), one row per value.
fn details(page: &mut Page, result: &ElectionResult) {
    if result.details.is_empty() {
        return;
    }
    page.h2(Label::Details);
    let mut rows: Vec<(String, String)> = Vec::new();
    for (key, value) in &result.details {
        flatten(key, value, &mut rows);
    }
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|(k, v)| vec![Cell::text(k), Cell::text(v)])
        .collect();
    page.table("details", &[col(Label::Key), col(Label::Value)], &rows);
}

/// The rows of a JSON value: `path → value` for scalars and lists of scalars, the path's
/// parts joined by ` › `.
fn flatten(path: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if map.is_empty() {
                out.push((path.to_string(), String::new()));
            }
            for (k, v) in map {
                flatten(&format!("{path} › {k}"), v, out);
            }
        }
        Value::Array(items) if items.iter().all(is_scalar) => {
            let parts: Vec<String> = items.iter().map(scalar_text).collect();
            out.push((path.to_string(), parts.join(", ")));
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{path} › {}", i + 1), v, out);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
            out.push((path.to_string(), scalar_text(value)));
        }
    }
}

/// Whether a JSON value is not an object or a list.
fn is_scalar(value: &serde_json::Value) -> bool {
    !matches!(
        value,
        serde_json::Value::Object(_) | serde_json::Value::Array(_)
    )
}

/// A scalar's text: a string as it is, anything else as JSON writes it.
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_exact_and_signed() {
        assert_eq!(change("1727.00000", "1155.00000"), "-572.00000");
        assert_eq!(change("720.00000", "1187.00610"), "+467.00610");
        assert_eq!(change("5", "5"), "+0");
    }

    #[test]
    fn details_flatten_to_paths() {
        let value = serde_json::json!({"totals": {"甲": 6, "乙": 3}, "order": [["甲"], ["乙"]]});
        let mut rows = Vec::new();
        for (k, v) in value.as_object().unwrap() {
            flatten(k, v, &mut rows);
        }
        assert!(rows.contains(&("totals › 甲".to_string(), "6".to_string())));
        assert!(rows.contains(&("order › 2".to_string(), "乙".to_string())));
    }
}
