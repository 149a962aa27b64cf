//! Properties of the federation plan (clause 二.4) on random federations: floors always met,
//! totals exact, seats monotone in the house size for the divisor methods, and the same
//! seats as a plain apportionment (`congress apportion`'s library) where no floor binds (for
//! Hamilton: no quota is below its floor).
//! A tie (exit 4 without `--lot`) is the only failure allowed.

use congress::apportion::{apportion, Method, Outcome, Request, TiePolicy, Unit};
use congress::error::ErrorKind;
use congress::internals::input::Source;
use congress::plan::federation::{
    make_federation_plan, Federation, FederationOptions, FederationPlan, Sector, SECONDARY_KINDS,
};
use proptest::prelude::*;

/// An INSTITUTIONS file: higher-education institutions (kind index, students) and secondary
/// schools (region index, students).
fn federation(higher: &[(usize, u64)], secondary: &[(usize, u64)]) -> Federation {
    let mut text = String::from("institution,kind,region,students\n");
    for (i, &(kind, students)) in higher.iter().enumerate() {
        text.push_str(&format!("U{i},kind{kind},,{students}\n"));
    }
    for (i, &(region, students)) in secondary.iter().enumerate() {
        let kind = if i % 3 == 0 { "中职" } else { "中学" };
        text.push_str(&format!("S{i},{kind},R{region},{students}\n"));
    }
    let kinds: Vec<String> = SECONDARY_KINDS.iter().map(|k| k.to_string()).collect();
    Federation::parse(&Source::from_text("i.csv", text), None, &kinds).unwrap()
}

fn options(seats: u64, method: Method, institution_min: u64, county_min: u64) -> FederationOptions {
    FederationOptions {
        method,
        institution_min,
        county_min,
        ..FederationOptions::with_seats(seats)
    }
}

/// The plan, or `None` for a tie (the only error allowed).
fn plan_or_tie(f: &Federation, opts: &FederationOptions) -> Option<FederationPlan> {
    match make_federation_plan(f, opts) {
        Ok(plan) => Some(plan),
        Err(e) if e.kind == ErrorKind::Tie => None,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// A plain apportionment without floors; `None` on a tie.
fn plain(method: Method, house: u64, populations: &[u64]) -> Option<Vec<u64>> {
    let request = Request {
        method,
        house_size: house,
        units: populations
            .iter()
            .enumerate()
            .map(|(i, &p)| Unit {
                name: format!("u{i}"),
                population: p,
                min_seats: 0,
                max_seats: None,
            })
            .collect(),
    };
    match apportion(&request, &TiePolicy::Report).unwrap() {
        Outcome::Decided(a) => Some(a.seats),
        Outcome::Tied(_) => None,
    }
}

fn higher() -> impl Strategy<Value = Vec<(usize, u64)>> {
    prop::collection::vec((0usize..4, 100u64..40_000), 1..12)
}

fn secondary() -> impl Strategy<Value = Vec<(usize, u64)>> {
    prop::collection::vec((0usize..6, 100u64..3_000), 1..25)
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(Method::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn floors_are_met_and_totals_exact(
        higher in higher(),
        secondary in secondary(),
        method in method(),
        institution_min in 0u64..3,
        county_min in 0u64..3,
        extra in 0u64..200,
    ) {
        let f = federation(&higher, &secondary);
        let floors = higher.len() as u64 * institution_min.max(1) + 6 * county_min.max(1);
        let opts = options(floors + extra, method, institution_min, county_min);
        if floors + extra > f.students() / 2 {
            return Ok(());
        }
        let Some(plan) = plan_or_tie(&f, &opts) else { return Ok(()); };
        let seats: u64 = plan.institutions.iter().map(|i| i.seats).sum();
        prop_assert_eq!(seats, plan.house_size);
        let sectors: u64 = plan.sectors.iter().map(|s| s.seats).sum();
        prop_assert_eq!(sectors, plan.house_size);
        let regions: u64 = plan.regions.iter().map(|r| r.secondary_seats).sum();
        prop_assert_eq!(regions, plan.sectors[1].seats);
        for inst in &plan.institutions {
            prop_assert!(inst.seats <= inst.students);
            if inst.sector == Sector::HigherEducation {
                prop_assert!(inst.seats >= institution_min, "{inst:?}");
            }
            prop_assert_eq!(inst.non_cadre_min, (inst.seats * 3).div_ceil(5));
        }
        for region in &plan.regions {
            prop_assert!(region.secondary_seats >= county_min.min(region.secondary_students));
            let schools: u64 = plan
                .institutions
                .iter()
                .filter(|i| i.sector == Sector::Secondary && i.region == region.region)
                .map(|i| i.seats)
                .sum();
            prop_assert_eq!(schools, region.secondary_seats);
        }
        for kind in &plan.kinds {
            if kind.sector == Sector::HigherEducation && institution_min > 0 {
                prop_assert!(kind.seats > 0);
            }
        }
        prop_assert!(plan.checks.iter().all(|c| c.clause == "二.4"));
    }

    #[test]
    fn divisor_methods_are_house_monotone(
        higher in higher(),
        secondary in secondary(),
        method in prop::sample::select(
            Method::ALL.iter().copied().filter(|m| m.is_divisor()).collect::<Vec<_>>()
        ),
        start in 0u64..150,
    ) {
        let f = federation(&higher, &secondary);
        let floors = higher.len() as u64 + 6;
        let small = options(floors + start, method, 1, 1);
        let large = options(floors + start + 1, method, 1, 1);
        if floors + start + 1 > f.students() / 2 {
            return Ok(());
        }
        let (Some(a), Some(b)) = (plan_or_tie(&f, &small), plan_or_tie(&f, &large)) else {
            return Ok(());
        };
        for (x, y) in a.institutions.iter().zip(&b.institutions) {
            prop_assert!(x.seats <= y.seats, "{} {} → {}", x.institution, x.seats, y.seats);
        }
    }

    #[test]
    fn without_a_binding_floor_the_seats_are_a_plain_apportionment(
        higher in higher(),
        secondary in secondary(),
        method in method(),
        house in 40u64..300,
    ) {
        let f = federation(&higher, &secondary);
        if house > f.students() / 2 {
            return Ok(());
        }
        let Some(plan) = plan_or_tie(&f, &options(house, method, 1, 1)) else {
            return Ok(());
        };
        let sector_students: Vec<u64> = plan.sectors.iter().map(|s| s.students).collect();
        let Some(sectors) = plain(method, house, &sector_students) else { return Ok(()); };
        let floors_bind = plan.sectors.iter().zip(&sectors).any(|(s, &n)| n < s.floor);
        let he: Vec<u64> = higher.iter().map(|h| h.1).collect();
        let Some(institutions) = plain(method, plan.sectors[0].seats, &he) else {
            return Ok(());
        };
        let region_students: Vec<u64> = plan.regions.iter().map(|r| r.secondary_students).collect();
        let Some(regions) = plain(method, plan.sectors[1].seats, &region_students) else {
            return Ok(());
        };
        // Hamilton applies a floor to the quota (the contract's section 2): a floor binds when
        // a quota is below it, even if the largest remainders would reach it.
        let quota_below = |house: u64, populations: &[u64], floor: &dyn Fn(usize) -> u64| {
            let total: u64 = populations.iter().sum();
            populations.iter().enumerate().any(|(i, &p)| {
                u128::from(house) * u128::from(p) < u128::from(floor(i)) * u128::from(total)
            })
        };
        let hamilton_binds = method == Method::Hamilton
            && (quota_below(house, &sector_students, &|s| plan.sectors[s].floor)
                || quota_below(plan.sectors[0].seats, &he, &|_| 1)
                || quota_below(plan.sectors[1].seats, &region_students, &|_| 1));
        if floors_bind || hamilton_binds || institutions.contains(&0) || regions.contains(&0) {
            return Ok(());
        }
        let planned: Vec<u64> = plan.sectors.iter().map(|s| s.seats).collect();
        prop_assert_eq!(planned, sectors);
        let planned: Vec<u64> = plan.institutions[..he.len()].iter().map(|i| i.seats).collect();
        prop_assert_eq!(planned, institutions);
        let planned: Vec<u64> = plan.regions.iter().map(|r| r.secondary_seats).collect();
        prop_assert_eq!(planned, regions);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Files of random headers and cells are read or refused with an error, and every file
    /// read is planned or refused (a tie drawn by lot): never a panic.
    #[test]
    fn arbitrary_files_are_planned_or_refused_never_a_panic(
        required in Just(vec!["institution", "kind", "region", "students"]).prop_shuffle(),
        extra in prop::sample::subsequence(
            vec!["non_cadre_students", "female", "male", "民族:汉族", "cadre", "gender", "学校"],
            0..4,
        ),
        rows in prop::collection::vec(
            (
                0u8..60,
                prop::sample::select(vec!["中学", "中职", "大学", "本科", "中学", "大学", ""]),
                prop::sample::select(vec!["R1", "R2", "R3", "R1", "R2", ""]),
                prop::sample::select(vec![
                    "1", "2", "7", "100", "250", "1500", "30000", "999999999999999", "0", "x",
                ]),
                prop::collection::vec(
                    prop::sample::select(vec!["", "0", "1", "7", "100", "x"]),
                    0..4,
                ),
            ),
            1..6,
        ),
        seats in 0u64..40,
        method in method(),
        ratio in prop::option::of(0u64..3),
    ) {
        // The four required columns first, in a random order, then the optional ones.
        let order: Vec<usize> = required
            .iter()
            .map(|r| ["institution", "kind", "region", "students"].iter().position(|c| c == r).unwrap())
            .collect();
        let mut header = required;
        header.extend(extra);
        let mut text = header.join(",");
        text.push('\n');
        for (name, kind, region, students, rest) in &rows {
            let fields = [format!("I{name}"), kind.to_string(), region.to_string(), students.to_string()];
            let cells: Vec<String> = order
                .iter()
                .map(|&k| fields[k].clone())
                .chain((0..header.len() - 4).map(|i| rest.get(i).copied().unwrap_or("").to_string()))
                .collect();
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        let source = Source::from_text("f.csv", text);
        let kinds: Vec<String> = SECONDARY_KINDS.iter().map(|k| k.to_string()).collect();
        if let Ok(f) = Federation::parse(&source, None, &kinds) {
            let mut opts = options(seats, method, 1, 1);
            opts.lot = Some("props".into());
            if let Some(share) = ratio {
                opts.non_cadre_share = congress::exact::Ratio::new(share.into(), 2);
            }
            if let Ok(plan) = make_federation_plan(&f, &opts) {
                let total: u64 = plan.institutions.iter().map(|i| i.seats).sum();
                prop_assert_eq!(total, plan.house_size);
            }
        }
        let _ = congress::plan::federation::institutions::read_regions(&source);
        let _ = congress::plan::federation::delegation::read_federation_delegates(&source);
    }
}

/// The example's higher-education institutions without the floor, as `congress apportion`
/// gives them: the floor of 1 moves one seat from 河南大学 to 开封市职工大学.
#[test]
fn the_example_against_congress_apportion() {
    let dir = crate::util::scratch("apportion");
    let units = crate::util::write(
        &dir,
        "units.csv",
        "unit,population\n河南大学,30000\n开封大学,12000\n开封市职工大学,400\n",
    );
    let o = crate::util::congress(&[
        "apportion",
        &units,
        "--seats",
        "42",
        "--method",
        "webster",
        "--format",
        "json",
    ]);
    let seats: Vec<u64> = o.json()["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["seats"].as_u64().unwrap())
        .collect();
    assert_eq!(seats, [30, 12, 0]);
    let o = crate::util::congress(&[
        "apportion",
        &units,
        "--seats",
        "42",
        "--method",
        "webster",
        "--min",
        "1",
        "--format",
        "json",
    ]);
    let floored: Vec<u64> = o.json()["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["seats"].as_u64().unwrap())
        .collect();
    assert_eq!(floored, [29, 12, 1]);
    let plan = crate::util::congress(&[
        "plan",
        "federation",
        "fixtures/federation/example.csv",
        "--seats",
        "50",
        "--format",
        "json",
    ])
    .json();
    let planned: Vec<u64> = plan["institutions"].as_array().unwrap()[..3]
        .iter()
        .map(|i| i["seats"].as_u64().unwrap())
        .collect();
    assert_eq!(planned, floored);
}
