//! The federation plan as a table (CJK-aligned), CSV and JSON.

use super::FederationPlan;
use crate::plan::checks;
use crate::table::{render, Align};

/// Renders the plan as CSV, one row per institution:
/// `institution,kind,sector,region,students,seats,non_cadre_min`.
pub fn render_csv(plan: &FederationPlan) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "institution",
        "kind",
        "sector",
        "region",
        "students",
        "seats",
        "non_cadre_min",
    ]);
    for i in &plan.institutions {
        let _ = w.write_record([
            i.institution.as_str(),
            i.kind.as_str(),
            i.sector.name(),
            i.region.as_str(),
            &i.students.to_string(),
            &i.seats.to_string(),
            &i.non_cadre_min.to_string(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Renders the plan as pretty JSON (`congress-federation-plan/1`).
pub fn render_json(plan: &FederationPlan) -> String {
    crate::schema::Schema::FederationPlan.to_json(plan)
}

fn yes(flag: bool) -> String {
    if flag { "yes" } else { "" }.to_string()
}

/// Renders the plan as aligned tables: the summary, sectors, kinds, targets, regions,
/// institutions, then the checks and lots.
pub fn render_table(plan: &FederationPlan) -> String {
    let mut out = format!(
        "students {}  house size {}  method {}  institution minimum {}  county minimum {}  \
         non-cadre share {}  reserved seats {}\n\n",
        plan.students,
        plan.house_size,
        plan.method,
        plan.institution_min,
        plan.county_min,
        plan.non_cadre_share,
        plan.targets.reserved_seats
    );
    out.push_str(&sectors_table(plan));
    out.push('\n');
    out.push_str(&kinds_table(plan));
    out.push('\n');
    if !plan.targets.gender.is_empty() || !plan.targets.ethnic.is_empty() {
        out.push_str(&targets_table(plan));
        out.push('\n');
    }
    if !plan.regions.is_empty() {
        out.push_str(&regions_table(plan));
        out.push('\n');
    }
    out.push_str(&institutions_table(plan));
    out.push('\n');
    out.push_str(&checks::render_table(&plan.checks));
    for lot in &plan.lots {
        out.push_str(&format!(
            "lot (beacon '{}', seed {}): {}\n",
            lot.beacon,
            lot.seed_hex,
            lot.order.join(" > ")
        ));
    }
    out
}

fn sectors_table(plan: &FederationPlan) -> String {
    let rows: Vec<Vec<String>> = plan
        .sectors
        .iter()
        .map(|s| {
            vec![
                s.sector.name().to_string(),
                s.institutions.to_string(),
                s.students.to_string(),
                s.floor.to_string(),
                s.seats.to_string(),
            ]
        })
        .collect();
    render(
        &["sector", "institutions", "students", "floor", "seats"],
        &rows,
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    )
}

fn kinds_table(plan: &FederationPlan) -> String {
    let rows: Vec<Vec<String>> = plan
        .kinds
        .iter()
        .map(|k| {
            vec![
                k.kind.clone(),
                k.sector.name().to_string(),
                k.institutions.to_string(),
                k.students.to_string(),
                k.seats.to_string(),
                k.share.clone(),
            ]
        })
        .collect();
    render(
        &[
            "kind",
            "sector",
            "institutions",
            "students",
            "seats",
            "share",
        ],
        &rows,
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    )
}

fn targets_table(plan: &FederationPlan) -> String {
    let rows: Vec<Vec<String>> = [
        ("gender", &plan.targets.gender),
        ("ethnic", &plan.targets.ethnic),
    ]
    .iter()
    .flat_map(|(what, groups)| {
        groups.iter().map(move |g| {
            vec![
                what.to_string(),
                g.group.clone(),
                g.students.to_string(),
                g.seats.to_string(),
            ]
        })
    })
    .collect();
    render(
        &["target", "group", "students", "reserved seats"],
        &rows,
        &[Align::Left, Align::Left, Align::Right, Align::Right],
    )
}

fn regions_table(plan: &FederationPlan) -> String {
    let rows: Vec<Vec<String>> = plan
        .regions
        .iter()
        .map(|r| {
            vec![
                r.region.clone(),
                r.schools.to_string(),
                r.secondary_students.to_string(),
                r.secondary_seats.to_string(),
                yes(r.floored),
                r.non_cadre_min.to_string(),
            ]
        })
        .collect();
    render(
        &[
            "region",
            "schools",
            "secondary students",
            "secondary seats",
            "floored",
            "non_cadre_min",
        ],
        &rows,
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
            Align::Right,
        ],
    )
}

fn institutions_table(plan: &FederationPlan) -> String {
    let rows: Vec<Vec<String>> = plan
        .institutions
        .iter()
        .map(|i| {
            vec![
                i.institution.clone(),
                i.kind.clone(),
                i.region.clone(),
                i.students.to_string(),
                i.seats.to_string(),
                yes(i.floored),
                i.non_cadre_min.to_string(),
            ]
        })
        .collect();
    render(
        &[
            "institution",
            "kind",
            "region",
            "students",
            "seats",
            "floored",
            "non_cadre_min",
        ],
        &rows,
        &[
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Left,
            Align::Right,
        ],
    )
}
