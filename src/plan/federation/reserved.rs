//! The reserved seats of clause 4 (二.4): "针对不同区域、学校、民族、性别学生，设置一定比例非校、
//! 院（系）级学生会干部的学生代表席位".
//!
//! - Every institution's and every region's seats: at least ceil(share × seats) are for
//!   non-cadre students (`non_cadre_min`, as `congress plan` computes it for departments;
//!   the share defaults to clause 8's 60% for school congresses, the seed giving no figure
//!   for federations). Meeting every institution's minimum meets every region's, since a
//!   sum of ceilings is at least the ceiling of the sum.
//! - Province-wide targets for those reserved seats by gender and by ethnic group: the
//!   reserved seats (the sum of the institutions' minimums) apportioned among the groups in
//!   proportion to their students by webster, every group of at least
//!   `--group-min-students` students at least one seat.

use super::institutions::{Breakdown, Federation};
use super::seats::CountySeats;
use super::{apportion_step, step_beacon, FederationOptions, TargetGroup, Targets};
use crate::apportion::{Method, Request, Unit};
use crate::error::Result;
use crate::lot::Lot;
use crate::plan::checks::{list_names, Check, PlanCheckId};
use crate::plan::{ceil_share, exact_ratio_text};

/// The non-cadre minimums of every institution and region.
#[derive(Debug, Clone)]
pub struct NonCadre {
    /// ceil(share × seats) per institution.
    pub institutions: Vec<u64>,
    /// ceil(share × secondary seats) per county-level region.
    pub regions: Vec<u64>,
    /// The reserved seats: the institutions' minimums added up.
    pub total: u64,
}

/// Step 5: ceil(share × seats) of every institution's and every region's seats.
pub fn non_cadre_minimums(
    seats: &[u64],
    counties: &CountySeats,
    opts: &FederationOptions,
) -> Result<NonCadre> {
    let share = &opts.non_cadre_share;
    let institutions = seats
        .iter()
        .map(|&n| ceil_share(share, n))
        .collect::<Result<Vec<u64>>>()?;
    let regions = counties
        .seats
        .iter()
        .map(|&n| ceil_share(share, n))
        .collect::<Result<Vec<u64>>>()?;
    Ok(NonCadre {
        total: institutions.iter().sum(),
        institutions,
        regions,
    })
}

/// Check `4.non-cadre-reserved`: the reserved seats, and whether every institution has the
/// non-cadre students to fill its minimum (when the file says).
pub fn non_cadre_check(
    federation: &Federation,
    reserved: &NonCadre,
    house: u64,
    opts: &FederationOptions,
) -> Check {
    let id = PlanCheckId::FederationNonCadreReserved;
    let share = exact_ratio_text(&opts.non_cadre_share);
    let short: Vec<String> = federation
        .institutions
        .iter()
        .zip(&reserved.institutions)
        .filter_map(|(inst, &min)| {
            let have = inst.non_cadre_students?;
            (have < min).then(|| {
                format!(
                    "{} needs {min} non-cadre delegates but has {have} non-cadre students",
                    inst.name
                )
            })
        })
        .collect();
    if !short.is_empty() {
        return Check::fail(
            id,
            format!(
                "the non-cadre minimum cannot be met: {}",
                list_names(&short, 20)
            ),
        );
    }
    let known = federation
        .institutions
        .iter()
        .all(|i| i.non_cadre_students.is_some());
    let fill = if known {
        "every institution has the non-cadre students to fill its minimum"
    } else {
        "the file has no non_cadre_students column, so whether each institution can fill its \
         minimum is not checked"
    };
    Check::pass(
        id,
        format!(
            "{} of {house} seats are reserved for non-cadre students (ceil({share} × seats) per \
             institution, and per county-level region's secondary seats); {fill}",
            reserved.total
        ),
    )
}

/// Step 6: the reserved seats' targets by gender and by ethnic group.
pub fn targets(
    federation: &Federation,
    reserved: u64,
    opts: &FederationOptions,
    lots: &mut Vec<Lot>,
) -> Result<Targets> {
    Ok(Targets {
        gender: group_targets(
            federation,
            &federation.gender,
            reserved,
            "gender",
            opts,
            lots,
        )?,
        ethnic: group_targets(
            federation,
            &federation.ethnic,
            reserved,
            "ethnic",
            opts,
            lots,
        )?,
        reserved_seats: reserved,
    })
}

/// One breakdown's targets: the reserved seats apportioned among its groups by webster, a
/// group of at least `--group-min-students` students at least one seat. No reserved seats
/// (a share of 0) give every group a target of 0.
fn group_targets(
    federation: &Federation,
    breakdown: &Breakdown,
    reserved: u64,
    what: &str,
    opts: &FederationOptions,
    lots: &mut Vec<Lot>,
) -> Result<Vec<TargetGroup>> {
    if breakdown.groups.is_empty() {
        return Ok(Vec::new());
    }
    let qualifies = |n: u64| n > 0 && n >= opts.group_min_students;
    let seats = if reserved == 0 {
        vec![0; breakdown.groups.len()]
    } else {
        let request = Request {
            method: Method::Webster,
            house_size: reserved,
            units: breakdown
                .groups
                .iter()
                .zip(&breakdown.students)
                .map(|(group, &n)| Unit {
                    name: group.clone(),
                    population: n,
                    min_seats: u64::from(qualifies(n)),
                    max_seats: None,
                })
                .collect(),
        };
        let beacon = step_beacon(opts, what);
        let step = format!(
            "{what} targets (of the {reserved} reserved seats, one for every group of at least \
             {} students, --group-min-students)",
            opts.group_min_students
        );
        apportion_step(&request, beacon, &step, &federation.source, lots)?
    };
    Ok(breakdown
        .groups
        .iter()
        .zip(&breakdown.students)
        .zip(seats)
        .map(|((group, &students), seats)| TargetGroup {
            group: group.clone(),
            students,
            seats,
        })
        .collect())
}

/// Check `4.gender-targets`.
pub fn gender_targets_check(targets: &Targets, opts: &FederationOptions) -> Check {
    targets_check(
        PlanCheckId::FederationGenderTargets,
        &targets.gender,
        targets.reserved_seats,
        "gender",
        opts,
    )
}

/// Check `4.ethnic-targets`.
pub fn ethnic_targets_check(targets: &Targets, opts: &FederationOptions) -> Check {
    targets_check(
        PlanCheckId::FederationEthnicTargets,
        &targets.ethnic,
        targets.reserved_seats,
        "ethnic group",
        opts,
    )
}

/// The targets of one breakdown, stated; warn when the file has no columns for it.
fn targets_check(
    id: PlanCheckId,
    groups: &[TargetGroup],
    reserved: u64,
    what: &str,
    opts: &FederationOptions,
) -> Check {
    if groups.is_empty() {
        return Check::warn(
            id,
            format!("the file has no {what} columns: no {what} targets for the reserved seats"),
        );
    }
    let listed: Vec<String> = groups
        .iter()
        .map(|g| format!("{} {}", g.group, g.seats))
        .collect();
    let unseated: Vec<&str> = groups
        .iter()
        .filter(|g| g.seats == 0)
        .map(|g| g.group.as_str())
        .collect();
    let unseated = if unseated.is_empty() {
        String::new()
    } else {
        format!("; without a reserved seat: {}", list_names(&unseated, 20))
    };
    Check::pass(
        id,
        format!(
            "the {reserved} reserved seats by {what} (webster, at least one for every group of \
             {} students or more): {}{unseated}",
            opts.group_min_students,
            list_names(&listed, 60)
        ),
    )
}
