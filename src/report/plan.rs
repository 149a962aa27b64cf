//! The report of a plan: the school congress of clause 8 ([`plan_report`]) and the federation
//! congress of clause 4 ([`federation_report`]): seats against the exact quota as a bar chart,
//! floored units marked, the grade split, and the clause checks.

use super::html::{
    bar_chart, col, escape, legend, magnitude, ncol, token, yes_no, BarRow, Cell, Page,
};
use super::labels::{Label, Lang};
use crate::plan::checks::Check;
use crate::plan::federation::{FederationPlan, TargetGroup};
use crate::plan::Plan;

/// The colour of an ordinary department's bar.
const SEATS_COLOUR: &str = "#1f77b4";
/// The colour of a floored department's bar.
const FLOORED_COLOUR: &str = "#ff7f0e";

/// The report of a plan from `congress plan --format json`.
pub fn plan_report(plan: &Plan, lang: Lang) -> String {
    let mut page = Page::new(lang, Label::PlanReport, "");
    page.h2(Label::Summary);
    page.facts(&[
        (Label::Students, Cell::num(plan.students)),
        (Label::HouseSize, Cell::num(plan.house_size)),
        (Label::Method, Cell::text(&plan.method)),
        (Label::RatioRequired, Cell::num(&plan.ratio_required)),
        (Label::RatioAchieved, Cell::num(&plan.ratio_achieved)),
        (Label::MinSeats, Cell::num(plan.min_seats)),
        (Label::NonCadreShare, Cell::num(&plan.non_cadre_share)),
        (Label::GradesMode, Cell::text(plan.grades_mode.name())),
        (
            Label::StandingConferenceSeats,
            Cell::num(plan.standing_conference_seats),
        ),
    ]);

    page.h2(Label::SeatsAgainstQuota);
    let rows: Vec<BarRow> = plan
        .departments
        .iter()
        .map(|d| seats_row(&d.department, d.seats, Some(&d.quota), d.floored))
        .collect();
    let max = plan
        .departments
        .iter()
        .map(|d| (d.seats as f64).max(magnitude(&d.quota)))
        .fold(1.0, f64::max);
    page.figure(
        "seats-chart",
        &bar_chart(&rows, max, None),
        &seats_legend(lang, true),
    );

    page.h2(Label::Departments);
    let rows: Vec<Vec<Cell>> = plan
        .departments
        .iter()
        .map(|d| {
            vec![
                Cell::text(&d.department),
                Cell::num(d.students),
                Cell::num(d.non_cadre_students),
                Cell::num(&d.quota),
                Cell::num(d.seats),
                Cell::text(if d.floored { yes_no(lang, true) } else { "" }),
                Cell::num(d.non_cadre_min),
                Cell::text(yes_no(lang, d.assembly_allowed)),
            ]
        })
        .collect();
    page.table(
        "departments",
        &[
            col(Label::Department),
            ncol(Label::Students),
            ncol(Label::NonCadreStudents),
            ncol(Label::Quota),
            ncol(Label::Seats),
            col(Label::Floored),
            ncol(Label::NonCadreMin),
            col(Label::AssemblyAllowed),
        ],
        &rows,
    );

    page.h2(Label::GradeSplit);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for d in &plan.departments {
        for (i, g) in d.grades.iter().enumerate() {
            rows.push(vec![
                if i == 0 {
                    Cell::text(&d.department)
                } else {
                    Cell::text("")
                },
                Cell::text(&g.grade),
                Cell::num(g.students),
                Cell::num(g.seats),
            ]);
        }
    }
    page.table(
        "grades",
        &[
            col(Label::Department),
            col(Label::Grade),
            ncol(Label::Students),
            ncol(Label::Seats),
        ],
        &rows,
    );

    checks_table(&mut page, &plan.checks);
    page.finish()
}

/// The report of a federation plan from `congress plan federation --format json`.
pub fn federation_report(plan: &FederationPlan, lang: Lang) -> String {
    let mut page = Page::new(lang, Label::FederationReport, "");
    page.h2(Label::Summary);
    page.facts(&[
        (Label::Students, Cell::num(plan.students)),
        (Label::HouseSize, Cell::num(plan.house_size)),
        (Label::Method, Cell::text(&plan.method)),
        (
            Label::RatioRequired,
            Cell::num(plan.ratio_required.as_deref().unwrap_or("")),
        ),
        (Label::InstitutionMin, Cell::num(plan.institution_min)),
        (Label::CountyMin, Cell::num(plan.county_min)),
        (Label::NonCadreShare, Cell::num(&plan.non_cadre_share)),
        (Label::GroupMinStudents, Cell::num(plan.group_min_students)),
        (
            Label::RegionsListed,
            Cell::text(yes_no(lang, plan.regions_listed)),
        ),
        (Label::ReservedSeats, Cell::num(plan.targets.reserved_seats)),
    ]);

    page.h2(Label::Sectors);
    let rows: Vec<Vec<Cell>> = plan
        .sectors
        .iter()
        .map(|s| {
            vec![
                Cell::text(s.sector.name()),
                Cell::num(s.students),
                Cell::num(s.institutions),
                Cell::num(s.floor),
                Cell::num(s.seats),
            ]
        })
        .collect();
    page.table(
        "sectors",
        &[
            col(Label::Sector),
            ncol(Label::Students),
            ncol(Label::Institutions),
            ncol(Label::Floor),
            ncol(Label::Seats),
        ],
        &rows,
    );

    page.h2(Label::Institutions);
    let rows: Vec<BarRow> = plan
        .institutions
        .iter()
        .map(|i| seats_row(&i.institution, i.seats, None, i.floored))
        .collect();
    let max = plan
        .institutions
        .iter()
        .map(|i| i.seats as f64)
        .fold(1.0, f64::max);
    page.figure(
        "seats-chart",
        &bar_chart(&rows, max, None),
        &seats_legend(lang, false),
    );
    let rows: Vec<Vec<Cell>> = plan
        .institutions
        .iter()
        .map(|i| {
            vec![
                Cell::text(&i.institution),
                Cell::text(&i.kind),
                Cell::text(&i.region),
                Cell::text(i.sector.name()),
                Cell::num(i.students),
                Cell::num(
                    i.non_cadre_students
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                ),
                Cell::num(i.seats),
                Cell::text(if i.floored { yes_no(lang, true) } else { "" }),
                Cell::num(i.non_cadre_min),
            ]
        })
        .collect();
    page.table(
        "institutions",
        &[
            col(Label::Institution),
            col(Label::Kind),
            col(Label::Region),
            col(Label::Sector),
            ncol(Label::Students),
            ncol(Label::NonCadreStudents),
            ncol(Label::Seats),
            col(Label::Floored),
            ncol(Label::NonCadreMin),
        ],
        &rows,
    );

    page.h2(Label::Regions);
    let rows: Vec<Vec<Cell>> = plan
        .regions
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.region),
                Cell::num(r.schools),
                Cell::num(r.secondary_students),
                Cell::num(r.secondary_seats),
                Cell::text(if r.floored { yes_no(lang, true) } else { "" }),
                Cell::num(r.non_cadre_min),
            ]
        })
        .collect();
    page.table(
        "regions",
        &[
            col(Label::Region),
            ncol(Label::Schools),
            ncol(Label::SecondaryStudents),
            ncol(Label::SecondarySeats),
            col(Label::Floored),
            ncol(Label::NonCadreMin),
        ],
        &rows,
    );

    page.h2(Label::Kinds);
    let rows: Vec<Vec<Cell>> = plan
        .kinds
        .iter()
        .map(|k| {
            vec![
                Cell::text(&k.kind),
                Cell::text(k.sector.name()),
                Cell::num(k.institutions),
                Cell::num(k.students),
                Cell::num(k.seats),
                Cell::num(&k.share),
            ]
        })
        .collect();
    page.table(
        "kinds",
        &[
            col(Label::Kind),
            col(Label::Sector),
            ncol(Label::Institutions),
            ncol(Label::Students),
            ncol(Label::Seats),
            ncol(Label::Share),
        ],
        &rows,
    );

    page.h2(Label::ReservedTargets);
    targets_table(&mut page, "gender", Label::Gender, &plan.targets.gender);
    targets_table(&mut page, "ethnic", Label::Ethnic, &plan.targets.ethnic);

    checks_table(&mut page, &plan.checks);
    page.finish()
}

/// One bar: the seats (orange when the floor set them), the exact quota as a mark, and a
/// note `seats / quota`.
fn seats_row(name: &str, seats: u64, quota: Option<&str>, floored: bool) -> BarRow {
    BarRow {
        label: name.to_string(),
        segments: vec![(
            seats as f64,
            if floored {
                FLOORED_COLOUR
            } else {
                SEATS_COLOUR
            }
            .to_string(),
        )],
        note: match quota {
            Some(q) => format!("{seats} / {q}{}", if floored { " ▲" } else { "" }),
            None => format!("{seats}{}", if floored { " ▲" } else { "" }),
        },
        mark: quota.map(magnitude),
    }
}

/// The legend under a seats chart.
fn seats_legend(lang: Lang, with_quota: bool) -> String {
    let mut html = legend(&[
        (
            SEATS_COLOUR.to_string(),
            Label::Seats.text(lang).to_string(),
        ),
        (
            FLOORED_COLOUR.to_string(),
            format!("▲ {}", Label::FlooredLegend.text(lang)),
        ),
    ]);
    if with_quota {
        html.push_str(&format!(
            "<span style=\"white-space:nowrap\">┃ {}</span>",
            escape(Label::QuotaLegend.text(lang))
        ));
    }
    html
}

/// A table of reserved seats' targets (skipped when the file had no such columns).
fn targets_table(page: &mut Page, id: &str, label: Label, groups: &[TargetGroup]) {
    if groups.is_empty() {
        return;
    }
    page.h3(label, "");
    let rows: Vec<Vec<Cell>> = groups
        .iter()
        .map(|g| {
            vec![
                Cell::text(&g.group),
                Cell::num(g.students),
                Cell::num(g.seats),
            ]
        })
        .collect();
    page.table(
        id,
        &[col(Label::Group), ncol(Label::Students), ncol(Label::Seats)],
        &rows,
    );
}

/// The clause checks: id, clause, status, detail.
pub fn checks_table(page: &mut Page, checks: &[Check]) {
    page.h2(Label::ClauseChecks);
    let rows: Vec<Vec<Cell>> = checks
        .iter()
        .map(|c| {
            let status = c.status.name();
            vec![
                Cell::text(&c.id),
                Cell::text(&c.clause),
                Cell::html(token(status, status)),
                Cell::text(&c.detail),
            ]
        })
        .collect();
    page.table(
        "checks",
        &[
            col(Label::CheckId),
            col(Label::Clause),
            col(Label::Status),
            col(Label::Detail),
        ],
        &rows,
    );
}
