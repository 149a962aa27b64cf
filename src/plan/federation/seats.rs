//! The seats of clause 4 (二.4): sectors, higher-education institutions, county-level
//! regions and their secondary schools, and the checks of each step.
//!
//! - The two sectors share the house in proportion to their students by the plan's method,
//!   each at least its floors: the higher-education institutions' floors added up, and the
//!   county-level regions' floors added up. Floors that add up to more than the house are an
//!   input error naming them.
//! - Higher education: seats to institutions in proportion to students, each at least
//!   `--institution-min` ("覆盖所辖范围内各类高校": every institution, so every kind).
//! - Secondary: seats to county-level regions in proportion to their secondary students,
//!   each region with secondary students at least `--county-min` ("确保每个县级区域有中学中职
//!   代表"); then each region's seats to its schools in proportion to students, every school
//!   a seat when the region has at least as many seats as schools, otherwise one seat each to
//!   the largest schools.
//!
//! Every floor is capped at the unit's students, and no unit gets more seats than students.
//! Under adams, dean and huntington-hill every institution and region with students has a
//! first seat anyway, so their floors are at least 1.

use super::institutions::{Federation, Sector};
use super::{apportion_step, step_beacon, FederationOptions, KindPlan, SectorPlan};
use crate::apportion::{Method, Request, Unit};
use crate::error::{Error, Result};
use crate::exact::{decimal, wide_mul};
use crate::fast::FastMap;
use crate::lot::Lot;
use crate::plan::checks::{list_names, Check, PlanCheckId};

/// `n` and the noun, plural unless `n` is 1 (`1 seat`, `2 seats`).
pub(super) fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The floor of one unit: `min`, at least 1 under a method that seats every populated unit,
/// at most its students.
fn floor(min: u64, students: u64, method: Method) -> u64 {
    let first_seat = u64::from(method.seats_every_populated_unit());
    min.max(first_seat).min(students)
}

/// Whether the exact share `seats × students / total` is below `floor`.
fn share_below(seats: u64, students: u64, total: u64, floor: u64) -> bool {
    wide_mul(seats as u128, students as u128) < wide_mul(floor as u128, total as u128)
}

/// The secondary schools of each county-level region (indexes into the institutions) and
/// their students, indexed like [`Federation::regions`].
#[derive(Debug, Clone)]
pub struct SchoolsByRegion {
    /// The schools of each region, in file order.
    pub schools: Vec<Vec<usize>>,
    /// The secondary students of each region.
    pub students: Vec<u64>,
}

/// Groups the secondary schools by their county-level region.
pub fn schools_by_region(federation: &Federation) -> SchoolsByRegion {
    let index: FastMap<&str, usize> = federation
        .regions
        .iter()
        .enumerate()
        .map(|(r, name)| (name.as_str(), r))
        .collect();
    let mut schools = vec![Vec::new(); federation.regions.len()];
    let mut students = vec![0u64; federation.regions.len()];
    for (i, inst) in federation.institutions.iter().enumerate() {
        if inst.sector != Sector::Secondary {
            continue;
        }
        if let Some(&r) = index.get(inst.region.as_str()) {
            schools[r].push(i);
            students[r] += inst.students;
        }
    }
    SchoolsByRegion { schools, students }
}

/// The two sectors' students, floors and seats (indexed by [`Sector::ALL`]).
#[derive(Debug, Clone, Default)]
pub struct SectorSeats {
    students: [u64; 2],
    institutions: [u64; 2],
    floors: [u64; 2],
    seats: [u64; 2],
    house: u64,
    method: &'static str,
}

fn sector_index(sector: Sector) -> usize {
    match sector {
        Sector::HigherEducation => 0,
        Sector::Secondary => 1,
    }
}

impl SectorSeats {
    /// The seats of a sector.
    pub fn seats(&self, sector: Sector) -> u64 {
        self.seats[sector_index(sector)]
    }

    /// The sectors as the plan lists them.
    pub fn plans(&self) -> Vec<SectorPlan> {
        Sector::ALL
            .iter()
            .map(|&sector| {
                let s = sector_index(sector);
                SectorPlan {
                    sector,
                    students: self.students[s],
                    seats: self.seats[s],
                    floor: self.floors[s],
                    institutions: self.institutions[s],
                }
            })
            .collect()
    }
}

/// Step 1: the house shared by the two sectors in proportion to their students, each at
/// least the sum of its floors (an input error naming them when they do not fit).
pub fn split_sectors(
    federation: &Federation,
    regions: &SchoolsByRegion,
    house: u64,
    opts: &FederationOptions,
    lots: &mut Vec<Lot>,
) -> Result<SectorSeats> {
    let mut split = SectorSeats {
        house,
        method: opts.method.name(),
        ..SectorSeats::default()
    };
    for inst in &federation.institutions {
        let s = sector_index(inst.sector);
        split.students[s] += inst.students;
        split.institutions[s] += 1;
        if inst.sector == Sector::HigherEducation {
            split.floors[s] += floor(opts.institution_min, inst.students, opts.method);
        }
    }
    split.floors[1] = regions
        .students
        .iter()
        .map(|&n| floor(opts.county_min, n, opts.method))
        .sum();
    let needed = split.floors[0] + split.floors[1];
    if needed > house {
        return Err(infeasible_floors(federation, regions, &split, opts));
    }
    let populated: Vec<usize> = (0..2).filter(|&s| split.students[s] > 0).collect();
    let request = Request {
        method: opts.method,
        house_size: house,
        units: populated
            .iter()
            .map(|&s| Unit {
                name: Sector::ALL[s].name().to_string(),
                population: split.students[s],
                min_seats: split.floors[s],
                max_seats: Some(split.students[s]),
            })
            .collect(),
    };
    let beacon = step_beacon(opts, "sectors");
    let given = apportion_step(&request, beacon, "sectors", &federation.source, lots)?;
    for (k, &s) in populated.iter().enumerate() {
        split.seats[s] = given[k];
    }
    Ok(split)
}

/// The input error of floors that add up to more than the house.
fn infeasible_floors(
    federation: &Federation,
    regions: &SchoolsByRegion,
    split: &SectorSeats,
    opts: &FederationOptions,
) -> Error {
    let needed = split.floors[0] + split.floors[1];
    let counties = regions.students.iter().filter(|&&n| n > 0).count();
    let first_seat = if opts.method.seats_every_populated_unit() {
        format!(
            "; {} gives every institution and region a first seat",
            opts.method
        )
    } else {
        String::new()
    };
    Error::input(format!(
        "infeasible floors: the {} higher-education institutions need {} seats \
         (--institution-min {}) and the {counties} county-level regions with secondary schools \
         {} seats (--county-min {}){first_seat}: {needed} > house size {} ({} seats too many)",
        split.institutions[0],
        split.floors[0],
        opts.institution_min,
        split.floors[1],
        opts.county_min,
        split.house,
        needed - split.house
    ))
    .file(federation.source.clone())
}

/// The seats of every institution, and whether its floor set them.
#[derive(Debug, Clone)]
pub struct InstitutionSeats {
    /// Seats per institution, indexed like [`Federation::institutions`].
    pub seats: Vec<u64>,
    /// Whether the institution's share was below `--institution-min` (higher education).
    pub floored: Vec<bool>,
}

/// Step 2: the higher-education seats to institutions in proportion to students, each at
/// least `--institution-min`.
pub fn higher_education_seats(
    federation: &Federation,
    sector_seats: u64,
    opts: &FederationOptions,
    lots: &mut Vec<Lot>,
) -> Result<InstitutionSeats> {
    let n = federation.institutions.len();
    let mut out = InstitutionSeats {
        seats: vec![0; n],
        floored: vec![false; n],
    };
    let members: Vec<usize> = (0..n)
        .filter(|&i| federation.institutions[i].sector == Sector::HigherEducation)
        .collect();
    if members.is_empty() {
        return Ok(out);
    }
    let total: u64 = members
        .iter()
        .map(|&i| federation.institutions[i].students)
        .sum();
    let request = Request {
        method: opts.method,
        house_size: sector_seats,
        units: members
            .iter()
            .map(|&i| {
                let inst = &federation.institutions[i];
                Unit {
                    name: inst.name.clone(),
                    population: inst.students,
                    min_seats: floor(opts.institution_min, inst.students, opts.method),
                    max_seats: Some(inst.students),
                }
            })
            .collect(),
    };
    let beacon = step_beacon(opts, "higher-education");
    let what = "higher-education institutions";
    let given = apportion_step(&request, beacon, what, &federation.source, lots)?;
    for (k, &i) in members.iter().enumerate() {
        let students = federation.institutions[i].students;
        out.seats[i] = given[k];
        out.floored[i] = share_below(
            sector_seats,
            students,
            total,
            opts.institution_min.min(students),
        );
    }
    Ok(out)
}

/// The secondary seats of every county-level region.
#[derive(Debug, Clone)]
pub struct CountySeats {
    /// The schools of each region (indexes into the institutions).
    pub schools: Vec<Vec<usize>>,
    /// The secondary students of each region.
    pub students: Vec<u64>,
    /// The secondary seats of each region.
    pub seats: Vec<u64>,
    /// Whether the region's share was below `--county-min`.
    pub floored: Vec<bool>,
}

/// Step 3: the secondary seats to county-level regions in proportion to their secondary
/// students, each region with secondary students at least `--county-min`.
pub fn county_seats(
    federation: &Federation,
    regions: SchoolsByRegion,
    sector_seats: u64,
    opts: &FederationOptions,
    lots: &mut Vec<Lot>,
) -> Result<CountySeats> {
    let count = regions.students.len();
    let mut out = CountySeats {
        schools: regions.schools,
        students: regions.students,
        seats: vec![0; count],
        floored: vec![false; count],
    };
    let populated: Vec<usize> = (0..count).filter(|&r| out.students[r] > 0).collect();
    if populated.is_empty() {
        return Ok(out);
    }
    let total: u64 = out.students.iter().sum();
    let request = Request {
        method: opts.method,
        house_size: sector_seats,
        units: populated
            .iter()
            .map(|&r| Unit {
                name: federation.regions[r].clone(),
                population: out.students[r],
                min_seats: floor(opts.county_min, out.students[r], opts.method),
                max_seats: Some(out.students[r]),
            })
            .collect(),
    };
    let beacon = step_beacon(opts, "counties");
    let what = "county-level regions";
    let given = apportion_step(&request, beacon, what, &federation.source, lots)?;
    for (k, &r) in populated.iter().enumerate() {
        let students = out.students[r];
        out.seats[r] = given[k];
        out.floored[r] = share_below(sector_seats, students, total, opts.county_min.min(students));
    }
    Ok(out)
}

/// Step 4: each region's seats to its schools in proportion to students: every school at
/// least one seat when the region has at least as many seats as schools, otherwise one seat
/// each to the largest schools (equal schools at the cut are a tie).
pub fn school_seats(
    federation: &Federation,
    counties: &CountySeats,
    opts: &FederationOptions,
    allocation: &mut InstitutionSeats,
    lots: &mut Vec<Lot>,
) -> Result<()> {
    for (r, schools) in counties.schools.iter().enumerate() {
        let seats = counties.seats[r];
        if seats == 0 {
            continue;
        }
        let every_school = seats >= schools.len() as u64;
        // One seat each to the largest: jefferson with at most one seat per school.
        let (method, min, cap) = if every_school {
            (opts.method, 1, None)
        } else {
            (Method::Jefferson, 0, Some(1))
        };
        let request = Request {
            method,
            house_size: seats,
            units: schools
                .iter()
                .map(|&i| {
                    let inst = &federation.institutions[i];
                    Unit {
                        name: inst.name.clone(),
                        population: inst.students,
                        min_seats: min,
                        max_seats: Some(cap.unwrap_or(inst.students).min(inst.students)),
                    }
                })
                .collect(),
        };
        let region = &federation.regions[r];
        let beacon = step_beacon(opts, &format!("counties/{region}"));
        let what = format!("schools of {region}");
        let given = apportion_step(&request, beacon, &what, &federation.source, lots)?;
        for (k, &i) in schools.iter().enumerate() {
            allocation.seats[i] = given[k];
        }
    }
    Ok(())
}

/// Check `4.sector-split`: each sector's students, floor and seats.
pub fn sector_split_check(split: &SectorSeats) -> Check {
    let total = split.students[0] + split.students[1];
    let parts: Vec<String> = Sector::ALL
        .iter()
        .map(|&sector| {
            let s = sector_index(sector);
            let quota = decimal(
                split.house as u128 * split.students[s] as u128,
                total as u128,
                4,
            );
            let floored = if share_below(split.house, split.students[s], total, split.floors[s]) {
                ", set by its floor"
            } else {
                ""
            };
            format!(
                "{} {} students, share {quota}, floor {}, {}{floored}",
                sector.name(),
                split.students[s],
                split.floors[s],
                counted(split.seats[s], "seat")
            )
        })
        .collect();
    Check::pass(
        PlanCheckId::FederationSectorSplit,
        format!(
            "the house of {} shared in proportion to students by {}: {}",
            split.house,
            split.method,
            parts.join("; ")
        ),
    )
}

/// Check `4.kinds-covered`: every kind of higher-education institution has seats.
pub fn kinds_covered_check(kinds: &[KindPlan]) -> Check {
    let higher: Vec<&KindPlan> = kinds
        .iter()
        .filter(|k| k.sector == Sector::HigherEducation)
        .collect();
    if higher.is_empty() {
        return Check::warn(
            PlanCheckId::FederationKindsCovered,
            "no higher-education institutions in the file",
        );
    }
    let uncovered: Vec<&str> = higher
        .iter()
        .filter(|k| k.seats == 0)
        .map(|k| k.kind.as_str())
        .collect();
    if !uncovered.is_empty() {
        return Check::fail(
            PlanCheckId::FederationKindsCovered,
            format!(
                "kinds of higher-education institution without a seat: {}",
                list_names(&uncovered, 20)
            ),
        );
    }
    let listed: Vec<String> = higher
        .iter()
        .map(|k| {
            format!(
                "{} {} ({})",
                k.kind,
                counted(k.seats, "seat"),
                counted(k.institutions, "institution")
            )
        })
        .collect();
    Check::pass(
        PlanCheckId::FederationKindsCovered,
        format!(
            "every kind of higher-education institution has seats: {}",
            listed.join(", ")
        ),
    )
}

/// Check `4.institution-floor`: every higher-education institution has its floor.
pub fn institution_floor_check(
    federation: &Federation,
    allocation: &InstitutionSeats,
    opts: &FederationOptions,
) -> Check {
    let higher = || {
        federation
            .institutions
            .iter()
            .enumerate()
            .filter(|(_, inst)| inst.sector == Sector::HigherEducation)
    };
    let small: Vec<String> = higher()
        .filter(|(_, inst)| inst.students < opts.institution_min)
        .map(|(_, inst)| format!("{} ({} students)", inst.name, inst.students))
        .collect();
    if !small.is_empty() {
        return Check::warn(
            PlanCheckId::FederationInstitutionFloor,
            format!(
                "fewer students than the floor of {}, every student a delegate: {}",
                opts.institution_min,
                list_names(&small, 20)
            ),
        );
    }
    let floored: Vec<&str> = higher()
        .filter(|&(i, _)| allocation.floored[i])
        .map(|(_, inst)| inst.name.as_str())
        .collect();
    let count = higher().count();
    Check::pass(
        PlanCheckId::FederationInstitutionFloor,
        format!(
            "every one of the {count} higher-education institutions has at least {}; \
             floored (share under {}): {}",
            counted(opts.institution_min, "seat"),
            opts.institution_min,
            if floored.is_empty() {
                "none".to_string()
            } else {
                format!("{} ({})", list_names(&floored, 20), floored.len())
            }
        ),
    )
}

/// Check `4.county-coverage`: every county-level region has secondary delegates.
pub fn county_coverage_check(
    federation: &Federation,
    counties: &CountySeats,
    opts: &FederationOptions,
) -> Check {
    let id = PlanCheckId::FederationCountyCoverage;
    let regions = &federation.regions;
    if regions.is_empty() {
        return Check::warn(
            id,
            "no secondary schools in the file and no --regions list: no county-level region to \
             cover",
        );
    }
    let uncovered: Vec<String> = (0..regions.len())
        .filter(|&r| counties.seats[r] == 0)
        .map(|r| {
            if counties.students[r] == 0 {
                format!("{} (no secondary school in the file)", regions[r])
            } else {
                format!("{} (no seat)", regions[r])
            }
        })
        .collect();
    if !uncovered.is_empty() {
        return Check::fail(
            id,
            format!(
                "{} of {} county-level regions without secondary delegates: {}",
                uncovered.len(),
                regions.len(),
                list_names(&uncovered, 20)
            ),
        );
    }
    let scope = if federation.regions_listed {
        "listed in the regions file"
    } else {
        "of the secondary schools in the file (no --regions list: a region absent from the file \
         is not seen)"
    };
    Check::pass(
        id,
        format!(
            "every one of the {} county-level regions {scope} has secondary delegates, at least {} \
             each",
            regions.len(),
            opts.county_min.max(1)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_give_a_first_seat_under_adams_and_never_exceed_the_students() {
        assert_eq!(floor(0, 50, Method::Webster), 0);
        assert_eq!(floor(0, 50, Method::Adams), 1);
        assert_eq!(floor(0, 50, Method::HuntingtonHill), 1);
        assert_eq!(floor(3, 2, Method::Jefferson), 2);
        assert_eq!(floor(2, 50, Method::Hamilton), 2);
    }

    #[test]
    fn share_below_is_exact() {
        // 8 × 1,000 / 8,100 = 0.9877 < 1; 8 × 1,000 / 8,000 = 1 is not below 1.
        assert!(share_below(8, 1_000, 8_100, 1));
        assert!(!share_below(8, 1_000, 8_000, 1));
        assert!(!share_below(u64::MAX, u64::MAX, u64::MAX, 1));
    }

    #[test]
    fn counted_nouns() {
        assert_eq!(counted(1, "seat"), "1 seat");
        assert_eq!(counted(0, "seat"), "0 seats");
        assert_eq!(counted(12, "institution"), "12 institutions");
    }
}
