//! The federation congress of clause 4 (二.4): seats of a provincial or city student
//! federation congress (省学联、市级学联代表大会) to its institutions.
//!
//! "省学联及各市级学联代表大会代表名额分配，原则上要覆盖所辖范围内各类高校，并确保每个县级区域有中学
//! 中职代表；同时要针对不同区域、学校、民族、性别学生，设置一定比例非校、院（系）级学生会干部的学生代表
//! 席位。" (seed, clause 二.4)
//!
//! [`make_federation_plan`] applies the rules in order, each a named step:
//! 1. [`seats::split_sectors`]: the house is shared by the two sectors (higher education,
//!    secondary) in proportion to their students, each at least its floors.
//! 2. [`seats::higher_education_seats`]: the higher-education seats to institutions by the
//!    method, each at least `--institution-min` (so every kind is covered).
//! 3. [`seats::county_seats`]: the secondary seats to county-level regions, each region with
//!    secondary students at least `--county-min` (every county has secondary delegates).
//! 4. [`seats::school_seats`]: each region's seats to its schools (a seat each when there
//!    are enough, else one each to the largest).
//! 5. [`reserved::non_cadre_minimums`] and [`reserved::targets`]: ceil(share × seats) of each
//!    institution's and region's seats for non-cadre students, and province-wide targets
//!    for those reserved seats by gender and ethnic group.
//!
//! Every apportionment goes through [`crate::apportion`]; every number is exact.

pub mod delegation;
pub mod institutions;
pub mod render;
pub mod reserved;
pub mod seats;

pub use institutions::{Breakdown, Federation, Institution, Sector, SECONDARY_KINDS};
pub use render::{render_csv, render_json, render_table};

use super::checks::Check;
use super::{decide, exact_ratio_text};
use crate::apportion::{house_for_ratio, Method, Request};
use crate::error::{Error, ErrorKind, Result};
use crate::exact::{decimal, Ratio};
use crate::lot::Lot;
use serde::{Deserialize, Serialize};

/// How the house size is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HouseSize {
    /// `--seats N`.
    Seats(u64),
    /// `--ratio R`: ceil(R × all students).
    Ratio(Ratio),
}

/// The parameters of a federation plan (the `congress plan federation` flags).
#[derive(Debug, Clone)]
pub struct FederationOptions {
    /// `--seats` or `--ratio`.
    pub house: HouseSize,
    /// `--method`: the apportionment method of the sectors, institutions, regions and
    /// schools (default webster).
    pub method: Method,
    /// `--institution-min`: the floor of every higher-education institution (default 1).
    pub institution_min: u64,
    /// `--county-min`: the floor of every county-level region with secondary students
    /// (default 1).
    pub county_min: u64,
    /// `--non-cadre-share`: the least share of each institution's and region's seats reserved
    /// for non-cadre students (default 0.6, clause 8's share for school congresses).
    pub non_cadre_share: Ratio,
    /// `--group-min-students`: a gender or ethnic group this large gets at least one reserved
    /// seat in the targets (default 1,000).
    pub group_min_students: u64,
    /// `--lot`: the beacon that decides ties by lot (none: a tie is an error, exit 4).
    pub lot: Option<String>,
}

impl FederationOptions {
    /// The defaults for a house of `seats` seats.
    pub fn with_seats(seats: u64) -> FederationOptions {
        FederationOptions {
            house: HouseSize::Seats(seats),
            method: Method::Webster,
            institution_min: 1,
            county_min: 1,
            non_cadre_share: Ratio::new(3, 5),
            group_min_students: 1_000,
            lot: None,
        }
    }
}

/// One sector's students and seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorPlan {
    /// `higher-education` or `secondary`.
    pub sector: Sector,
    /// Students of the sector's institutions.
    pub students: u64,
    /// Seats of the sector.
    pub seats: u64,
    /// The least seats its floors need (extra key).
    #[serde(default)]
    pub floor: u64,
    /// Institutions in the sector (extra key).
    #[serde(default)]
    pub institutions: u64,
}

/// One institution's seats (higher-education institution or secondary school).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionPlan {
    /// The institution's name.
    pub institution: String,
    /// Its kind as written.
    pub kind: String,
    /// Its county-level region (may be empty for a higher-education institution).
    pub region: String,
    /// Its students.
    pub students: u64,
    /// Its delegates.
    pub seats: u64,
    /// The fewest of its delegates who are non-cadre students: ceil(share × seats).
    pub non_cadre_min: u64,
    /// Its sector (extra key).
    pub sector: Sector,
    /// Whether its proportional share was below `--institution-min`, so the floor set its
    /// seats (higher education only; extra key).
    #[serde(default)]
    pub floored: bool,
    /// Its non-cadre students, when the file says (extra key).
    #[serde(default)]
    pub non_cadre_students: Option<u64>,
}

/// One county-level region's secondary seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionPlan {
    /// The county-level region (县级区域).
    pub region: String,
    /// Students of its secondary schools.
    pub secondary_students: u64,
    /// Seats of its secondary schools.
    pub secondary_seats: u64,
    /// Its secondary schools (extra key).
    #[serde(default)]
    pub schools: u64,
    /// Whether its proportional share was below `--county-min` (extra key).
    #[serde(default)]
    pub floored: bool,
    /// The fewest non-cadre delegates among its secondary seats: ceil(share × seats) (extra
    /// key).
    #[serde(default)]
    pub non_cadre_min: u64,
}

/// One kind of institution: how many, and their seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindPlan {
    /// The kind as written.
    pub kind: String,
    /// Institutions of this kind.
    pub institutions: u64,
    /// Their seats.
    pub seats: u64,
    /// The kind's sector (extra key).
    pub sector: Sector,
    /// Their students (extra key).
    #[serde(default)]
    pub students: u64,
    /// Their seats' share of the house, 4 decimals (extra key).
    #[serde(default)]
    pub share: String,
}

/// One group's target among the reserved seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetGroup {
    /// The group (`女`, `汉族`, …), as the column header names it.
    pub group: String,
    /// Its students over the federation.
    pub students: u64,
    /// Its target: reserved (non-cadre) seats for its students.
    pub seats: u64,
}

/// The reserved seats' targets by gender and by ethnic group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    /// Targets by gender (empty without gender columns).
    pub gender: Vec<TargetGroup>,
    /// Targets by ethnic group (empty without ethnic columns).
    pub ethnic: Vec<TargetGroup>,
    /// The reserved seats the targets share: the sum of every institution's
    /// `non_cadre_min` (extra key).
    #[serde(default)]
    pub reserved_seats: u64,
}

/// The federation plan of clause 4 (the JSON of `congress plan federation`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FederationPlan {
    /// Delegates in the congress.
    pub house_size: u64,
    /// Students of every institution.
    pub students: u64,
    /// The apportionment method.
    pub method: String,
    /// `--ratio` as an exact decimal, when the house came from it (extra key).
    #[serde(default)]
    pub ratio_required: Option<String>,
    /// `--institution-min` (extra key).
    #[serde(default)]
    pub institution_min: u64,
    /// `--county-min` (extra key).
    #[serde(default)]
    pub county_min: u64,
    /// `--non-cadre-share`, exact (extra key).
    #[serde(default)]
    pub non_cadre_share: String,
    /// `--group-min-students` (extra key).
    #[serde(default)]
    pub group_min_students: u64,
    /// Whether `regions` is the full list of a regions file (extra key).
    #[serde(default)]
    pub regions_listed: bool,
    /// The two sectors.
    pub sectors: Vec<SectorPlan>,
    /// Every institution once, in file order, secondary schools included.
    pub institutions: Vec<InstitutionPlan>,
    /// The county-level regions.
    pub regions: Vec<RegionPlan>,
    /// The kinds of institution, in order of first appearance.
    pub kinds: Vec<KindPlan>,
    /// The reserved seats' targets.
    pub targets: Targets,
    /// The rule checks.
    pub checks: Vec<Check>,
    /// Lots drawn to settle ties.
    #[serde(default, skip_deserializing)]
    pub lots: Vec<Lot>,
}

/// The house size: `--seats`, or ceil(ratio × students); never more than the students.
fn house_size(federation: &Federation, opts: &FederationOptions) -> Result<u64> {
    let students = federation.students();
    let house = match opts.house {
        HouseSize::Seats(n) => n,
        HouseSize::Ratio(r) => house_for_ratio(r, students)?,
    };
    if house == 0 {
        return Err(Error::usage(
            "the house size is 0, expected at least one seat (--seats N or --ratio R)",
        ));
    }
    if house > students {
        return Err(Error::input(format!(
            "a house of {house} delegates exceeds the {students} students of the institutions"
        ))
        .file(federation.source.clone()));
    }
    Ok(house)
}

/// Validates the options that do not depend on the data.
fn validate(opts: &FederationOptions) -> Result<()> {
    if opts.non_cadre_share > Ratio::integer(1) {
        return Err(Error::usage(
            "--non-cadre-share is above 1, expected a share such as 0.6",
        ));
    }
    if let HouseSize::Ratio(r) = opts.house {
        if r > Ratio::integer(1) {
            return Err(Error::usage(format!(
                "--ratio {} is above 1, expected delegates per student such as 0.001",
                exact_ratio_text(&r)
            )));
        }
    }
    Ok(())
}

/// Runs one apportionment step of the plan: a tie is the exit-4 error naming the step and
/// the tied units, an input error (an infeasible floor) names the step too.
fn apportion_step(
    request: &Request,
    beacon: Option<String>,
    what: &str,
    source: &str,
    lots: &mut Vec<Lot>,
) -> Result<Vec<u64>> {
    decide(request, beacon.as_deref(), what, lots).map_err(|mut e| {
        if e.kind == ErrorKind::Input && !e.message.starts_with(what) {
            e.message = format!("{what}: {}", e.message);
        }
        e.or_file(source.to_string())
    })
}

/// The beacon of one step's lot: `SEED/<step>`.
fn step_beacon(opts: &FederationOptions, step: &str) -> Option<String> {
    opts.lot.as_ref().map(|seed| format!("{seed}/{step}"))
}

/// Computes the federation plan of clause 4: the sectors' seats, every institution's seats,
/// every county-level region's secondary seats, the non-cadre minimums and the reserved
/// seats' targets, each rule with its check.
pub fn make_federation_plan(
    federation: &Federation,
    opts: &FederationOptions,
) -> Result<FederationPlan> {
    validate(opts)?;
    let house = house_size(federation, opts)?;
    let mut lots = Vec::new();
    let mut checks = Vec::new();
    let regions = seats::schools_by_region(federation);
    let sectors = seats::split_sectors(federation, &regions, house, opts, &mut lots)?;
    checks.push(seats::sector_split_check(&sectors));
    let mut allocation = seats::higher_education_seats(
        federation,
        sectors.seats(Sector::HigherEducation),
        opts,
        &mut lots,
    )?;
    let counties = seats::county_seats(
        federation,
        regions,
        sectors.seats(Sector::Secondary),
        opts,
        &mut lots,
    )?;
    seats::school_seats(federation, &counties, opts, &mut allocation, &mut lots)?;
    let kinds = kind_plans(federation, &allocation.seats, house);
    checks.push(seats::kinds_covered_check(&kinds));
    checks.push(seats::institution_floor_check(
        federation,
        &allocation,
        opts,
    ));
    checks.push(seats::county_coverage_check(federation, &counties, opts));
    let reserved = reserved::non_cadre_minimums(&allocation.seats, &counties, opts)?;
    checks.push(reserved::non_cadre_check(
        federation, &reserved, house, opts,
    ));
    let targets = reserved::targets(federation, reserved.total, opts, &mut lots)?;
    checks.push(reserved::gender_targets_check(&targets, opts));
    checks.push(reserved::ethnic_targets_check(&targets, opts));
    Ok(FederationPlan {
        house_size: house,
        students: federation.students(),
        method: opts.method.name().to_string(),
        ratio_required: match opts.house {
            HouseSize::Ratio(r) => Some(exact_ratio_text(&r)),
            HouseSize::Seats(_) => None,
        },
        institution_min: opts.institution_min,
        county_min: opts.county_min,
        non_cadre_share: exact_ratio_text(&opts.non_cadre_share),
        group_min_students: opts.group_min_students,
        regions_listed: federation.regions_listed,
        sectors: sectors.plans(),
        institutions: institution_plans(federation, &allocation, &reserved),
        regions: region_plans(federation, &counties, &reserved),
        kinds,
        targets,
        checks,
        lots,
    })
}

/// Every institution's plan, in file order.
fn institution_plans(
    federation: &Federation,
    allocation: &seats::InstitutionSeats,
    reserved: &reserved::NonCadre,
) -> Vec<InstitutionPlan> {
    federation
        .institutions
        .iter()
        .enumerate()
        .map(|(i, inst)| InstitutionPlan {
            institution: inst.name.clone(),
            kind: inst.kind.clone(),
            region: inst.region.clone(),
            students: inst.students,
            seats: allocation.seats[i],
            non_cadre_min: reserved.institutions[i],
            sector: inst.sector,
            floored: allocation.floored[i],
            non_cadre_students: inst.non_cadre_students,
        })
        .collect()
}

/// Every county-level region's plan, in the regions' order.
fn region_plans(
    federation: &Federation,
    counties: &seats::CountySeats,
    reserved: &reserved::NonCadre,
) -> Vec<RegionPlan> {
    federation
        .regions
        .iter()
        .enumerate()
        .map(|(r, region)| RegionPlan {
            region: region.clone(),
            secondary_students: counties.students[r],
            secondary_seats: counties.seats[r],
            schools: counties.schools[r].len() as u64,
            floored: counties.floored[r],
            non_cadre_min: reserved.regions[r],
        })
        .collect()
}

/// The kinds in order of first appearance: institutions, students, seats and share of the
/// house.
fn kind_plans(federation: &Federation, seats: &[u64], house: u64) -> Vec<KindPlan> {
    let mut kinds: Vec<KindPlan> = Vec::new();
    for (i, inst) in federation.institutions.iter().enumerate() {
        let k = match kinds.iter().position(|k| k.kind == inst.kind) {
            Some(k) => k,
            None => {
                kinds.push(KindPlan {
                    kind: inst.kind.clone(),
                    institutions: 0,
                    seats: 0,
                    sector: inst.sector,
                    students: 0,
                    share: String::new(),
                });
                kinds.len() - 1
            }
        };
        kinds[k].institutions += 1;
        kinds[k].students += inst.students;
        kinds[k].seats += seats[i];
    }
    for kind in &mut kinds {
        kind.share = decimal(kind.seats as u128, house as u128, 4);
    }
    kinds
}
