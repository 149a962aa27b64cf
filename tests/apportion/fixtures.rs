//! Published apportionments reproduced exactly: every fixture in `fixtures/apportionment/`
//! (sources in its README), the seed's worked example (A4, docs/apportionment.md §5), and the audit
//! figures the US Census Bureau publishes.

use crate::util::fixture;
use congress::apportion::{
    apportion, canonical_request, lot_root, Allocation, Binding, Method, Outcome, Request,
    TiePolicy, Unit,
};
use congress::digest::{hex, sha256};
use congress::lot::draw_lot;

fn units(names: &[&str], pops: &[u64]) -> Vec<Unit> {
    names
        .iter()
        .zip(pops)
        .map(|(n, &p)| Unit {
            name: n.to_string(),
            population: p,
            min_seats: 0,
            max_seats: None,
        })
        .collect()
}

fn decided(request: &Request) -> Allocation {
    match apportion(request, &TiePolicy::Report).expect("apportionment") {
        Outcome::Decided(a) => a,
        Outcome::Tied(t) => panic!("unexpected tie: {t:?}"),
    }
}

/// A fixture: units, populations, and expected seats per `<method>_<house>` column.
struct Fixture {
    units: Vec<Unit>,
    expected: Vec<(Method, u64, Vec<u64>)>,
}

fn load(name: &str) -> Fixture {
    let text = std::fs::read_to_string(fixture(&format!("apportionment/{name}"))).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let units = rows
        .iter()
        .map(|r| Unit {
            name: r[0].to_string(),
            population: r[1].parse().unwrap(),
            min_seats: 0,
            max_seats: None,
        })
        .collect();
    let expected = header[2..]
        .iter()
        .enumerate()
        .map(|(k, col)| {
            let (method, house) = col.rsplit_once('_').unwrap();
            let seats = rows.iter().map(|r| r[k + 2].parse().unwrap()).collect();
            (method.parse().unwrap(), house.parse().unwrap(), seats)
        })
        .collect();
    Fixture { units, expected }
}

fn check_fixture(name: &str) -> usize {
    let fixture = load(name);
    for (method, house, seats) in &fixture.expected {
        let request = Request {
            method: *method,
            house_size: *house,
            units: fixture.units.clone(),
        };
        let allocation = decided(&request);
        assert_eq!(
            &allocation.seats, seats,
            "{name}: {method} with {house} seats"
        );
        assert_eq!(allocation.seats.iter().sum::<u64>(), *house);
    }
    fixture.expected.len()
}

#[test]
fn us_house_2020_huntington_hill() {
    assert_eq!(check_fixture("us-2020.csv"), 1);
}

#[test]
fn us_house_1792_jefferson_and_the_vetoed_hamilton_bill() {
    assert_eq!(check_fixture("us-1790.csv"), 3);
}

#[test]
fn new_zealand_2020_sainte_lague() {
    assert_eq!(check_fixture("nz-2020.csv"), 1);
}

#[test]
fn wahlrecht_de_comparison_of_five_divisor_methods() {
    assert_eq!(check_fixture("wahlrecht-compare.csv"), 5);
    assert_eq!(check_fixture("wahlrecht-3-parties.csv"), 2);
}

#[test]
fn wikipedia_dhondt_and_sainte_lague_examples() {
    assert_eq!(check_fixture("wikipedia-dhondt.csv"), 2);
}

#[test]
fn german_wikipedia_adams_dean_hill() {
    assert_eq!(check_fixture("dewiki-adams.csv"), 3);
}

#[test]
fn proporz_sainte_lague_vectors() {
    assert_eq!(check_fixture("proporz-sainte-lague-146.csv"), 1);
    assert_eq!(check_fixture("proporz-sainte-lague-598.csv"), 1);
}

#[test]
fn alabama_paradox_under_hamilton_but_not_under_divisor_methods() {
    let fixture = load("alabama-paradox-textbook.csv");
    let run = |method, house| {
        decided(&Request {
            method,
            house_size: house,
            units: fixture.units.clone(),
        })
        .seats
    };
    // Hamilton: C loses a seat when the house grows from 10 to 11.
    assert_eq!(run(Method::Hamilton, 10), vec![4, 4, 2]);
    assert_eq!(run(Method::Hamilton, 11), vec![5, 5, 1]);
    for method in Method::ALL.into_iter().filter(|m| m.is_divisor()) {
        for house in 3..40 {
            let small = apportion(
                &Request {
                    method,
                    house_size: house,
                    units: fixture.units.clone(),
                },
                &TiePolicy::Lot { beacon: "x".into() },
            );
            let large = apportion(
                &Request {
                    method,
                    house_size: house + 1,
                    units: fixture.units.clone(),
                },
                &TiePolicy::Lot { beacon: "x".into() },
            );
            if let (Ok(Outcome::Decided(a)), Ok(Outcome::Decided(b))) = (small, large) {
                // C is never tied with A or B here, so its seats cannot fall.
                assert!(b.seats[2] >= a.seats[2], "{method} {house}");
            }
        }
    }
}

#[test]
fn census_2020_runner_up_new_york_needed_89_more_people() {
    let fixture = load("us-2020.csv");
    let a = decided(&Request {
        method: Method::HuntingtonHill,
        house_size: 435,
        units: fixture.units,
    });
    let last = a.audit.last_seat.as_ref().unwrap();
    let next = a.audit.next_in_line.as_ref().unwrap();
    // The Census Bureau's Table B: Minnesota won seat 435; New York, first runner-up,
    // needed 89 more residents.
    assert_eq!((last.unit.as_str(), last.seat), ("Minnesota", 8));
    assert_eq!((next.unit.as_str(), next.seat), ("New York", 27));
    assert_eq!(a.audit.population_needed, Some(89));
    let d = a.audit.divisor.as_ref().unwrap();
    assert_eq!(d.low, "762994.3528");
    assert_eq!(d.high.as_deref(), Some("762997.7053"));
    // Every state gets at least its first seat; all within quota in 2020.
    assert!(a.audit.units.iter().all(|u| u.within_quota));
}

#[test]
fn the_act_of_1792_divisor_33000_lies_in_the_divisor_interval() {
    let fixture = load("us-1790.csv");
    let a = decided(&Request {
        method: Method::Jefferson,
        house_size: 105,
        units: fixture.units,
    });
    let d = a.audit.divisor.unwrap();
    assert_eq!(d.low_exact, "353523/11");
    assert_eq!(d.high_exact.as_deref(), Some("331589/10"));
    let low: f64 = d.low.parse().unwrap();
    let high: f64 = d.high.unwrap().parse().unwrap();
    assert!(low < 33_000.0 && 33_000.0 < high);
    // Virginia's 19 seats on a quota of 18.31 and Delaware's 1 on 1.61 are within quota.
    assert!(a.audit.units.iter().all(|u| u.within_quota));
}

fn departments() -> Vec<Unit> {
    units(
        &["Literature", "Engineering", "Law", "Arts", "Music"],
        &[1200, 850, 430, 260, 90],
    )
}

fn with_min(mut units: Vec<Unit>, min: u64) -> Vec<Unit> {
    for u in &mut units {
        u.min_seats = min;
    }
    units
}

#[test]
fn seed_worked_example_m2_hamilton_with_floor_3() {
    // A4 (docs/apportionment.md §5): M2 with house 29 gives 11, 8, 4, 3, 3; quotas on the remaining 23
    // seats are 11.129, 7.883, 3.988.
    let a = decided(&Request {
        method: Method::Hamilton,
        house_size: 29,
        units: with_min(departments(), 3),
    });
    assert_eq!(a.seats, vec![11, 8, 4, 3, 3]);
    let h = a.audit.hamilton.as_ref().unwrap();
    assert_eq!((h.seats, h.population), (23, 2480));
    let adjusted: Vec<Option<&str>> = a
        .audit
        .units
        .iter()
        .map(|u| u.adjusted_quota.as_deref())
        .collect();
    assert_eq!(
        adjusted,
        vec![Some("11.1290"), Some("7.8831"), Some("3.9879"), None, None]
    );
    let binding: Vec<Option<Binding>> = a.audit.units.iter().map(|u| u.binding).collect();
    assert_eq!(
        binding,
        vec![None, None, None, Some(Binding::Min), Some(Binding::Min)]
    );
    // Standard quotas (house × students / total), as the CSV prints them.
    let quotas: Vec<String> = a.quotas.iter().map(|q| q.to_decimal(4)).collect();
    assert_eq!(
        quotas,
        vec!["12.2968", "8.7102", "4.4064", "2.6643", "0.9223"]
    );
    assert_eq!(a.audit.last_seat.as_ref().unwrap().unit, "Engineering");
    assert_eq!(a.audit.next_in_line.as_ref().unwrap().unit, "Literature");
}

#[test]
fn seed_worked_example_m1_readings_as_divisor_methods() {
    // M1 with ceil: max(3, ceil(1% × n)) = 12, 9, 5, 3, 3 = 32 — Adams with divisor 100.
    let a = decided(&Request {
        method: Method::Adams,
        house_size: 32,
        units: with_min(departments(), 3),
    });
    assert_eq!(a.seats, vec![12, 9, 5, 3, 3]);
    // M1 with half-up: 12, 9, 4, 3, 3 = 31 — Webster with divisor 100 (8.5 rounds up).
    let w = decided(&Request {
        method: Method::Webster,
        house_size: 31,
        units: with_min(departments(), 3),
    });
    assert_eq!(w.seats, vec![12, 9, 4, 3, 3]);
    // M3: Webster with the floor at the 1% house of 29.
    let m3 = decided(&Request {
        method: Method::Webster,
        house_size: 29,
        units: with_min(departments(), 3),
    });
    assert_eq!(m3.seats, vec![11, 8, 4, 3, 3]);
}

#[test]
fn maximum_restrictions_bind_and_are_reported() {
    let mut u = departments();
    u[0].max_seats = Some(10);
    for method in Method::ALL {
        let a = decided(&Request {
            method,
            house_size: 29,
            units: u.clone(),
        });
        assert_eq!(a.seats[0], 10, "{method}");
        assert_eq!(a.seats.iter().sum::<u64>(), 29);
        assert_eq!(a.audit.units[0].binding, Some(Binding::Max), "{method}");
    }
}

#[test]
fn hamilton_holds_minima_and_maxima_round_by_round() {
    // Round 1: quotas 0.4, 5.2, 4.4; A is below its minimum 4 and B above its maximum 5, so
    // both are held at once. Round 2: C alone shares the 1 seat left. (The stable point
    // would have released B: with A held, B's quota on 6 seats is 3.25.)
    let mut u = units(&["A", "B", "C"], &[4, 52, 44]);
    u[0].min_seats = 4;
    u[1].max_seats = Some(5);
    let a = decided(&Request {
        method: Method::Hamilton,
        house_size: 10,
        units: u,
    });
    assert_eq!(a.seats, vec![4, 5, 1]);
}

#[test]
fn hamilton_min_and_max_together_reach_a_consistent_point() {
    // A's quota (10 × 1/10 = 1) is below its minimum 5, B's (9) above its maximum 6: held
    // at both bounds at once the seats would be 11 > 10, so the rounds fail. The stable
    // point holds only A at 5 and gives B the rest.
    let mut u = units(&["A", "B"], &[1, 9]);
    u[0].min_seats = 5;
    u[1].max_seats = Some(6);
    let a = decided(&Request {
        method: Method::Hamilton,
        house_size: 10,
        units: u,
    });
    assert_eq!(a.seats, vec![5, 5]);
}

#[test]
fn ties_are_reported_with_base_allocation_and_contested_seats() {
    let request = Request {
        method: Method::Hamilton,
        house_size: 4,
        units: units(&["A", "B", "C"], &[10, 10, 10]),
    };
    let Outcome::Tied(tie) = apportion(&request, &TiePolicy::Report).unwrap() else {
        panic!("expected a tie");
    };
    assert_eq!(tie.base_seats, vec![1, 1, 1]);
    assert_eq!(tie.units, vec!["A", "B", "C"]);
    assert_eq!(tie.seats, 1);
    for method in Method::ALL.into_iter().filter(|m| m.is_divisor()) {
        let r = Request {
            method,
            ..request.clone()
        };
        let Outcome::Tied(t) = apportion(&r, &TiePolicy::Report).unwrap() else {
            panic!("{method}: expected a tie");
        };
        assert_eq!((t.seats, t.units.len()), (1, 3), "{method}");
        assert_eq!(t.base_seats.iter().sum::<u64>(), 3);
    }
}

#[test]
fn lots_follow_the_documented_recipe() {
    let request = Request {
        method: Method::Webster,
        house_size: 5,
        units: units(&["B", "A", "C"], &[10, 10, 10]),
    };
    let Outcome::Decided(a) = apportion(
        &request,
        &TiePolicy::Lot {
            beacon: "2027-05-01 drand round 1".into(),
        },
    )
    .unwrap() else {
        panic!("a lot decides");
    };
    assert_eq!(
        canonical_request(&request),
        "webster,5\nB,10,0,\nA,10,0,\nC,10,0,\n"
    );
    let root = sha256(canonical_request(&request).as_bytes());
    assert_eq!(lot_root(&request), root);
    let lot = draw_lot(
        &root,
        "apportion",
        "2027-05-01 drand round 1",
        &["B".to_string(), "A".to_string(), "C".to_string()],
    );
    assert_eq!(a.lots, vec![lot.clone()]);
    assert_eq!(a.lots[0].root_hex, hex(&root));
    assert_eq!(a.ties.len(), 1);
    assert_eq!(a.ties[0].seats, 2);
    // The first two names of the lot's order get the two contested seats.
    for (i, name) in ["B", "A", "C"].iter().enumerate() {
        let winner = lot.order[..2].contains(&name.to_string());
        assert_eq!(a.seats[i], 1 + u64::from(winner), "{name}");
    }
    // Reproducible.
    let again = apportion(
        &request,
        &TiePolicy::Lot {
            beacon: "2027-05-01 drand round 1".into(),
        },
    )
    .unwrap();
    let Outcome::Decided(b) = again else { panic!() };
    assert_eq!(a.seats, b.seats);
}

#[test]
fn canonical_request_quotes_awkward_names() {
    let mut u = units(&["a,b", "say \"hi\""], &[1, 2]);
    u[1].max_seats = Some(4);
    u[0].min_seats = 1;
    let r = Request {
        method: Method::HuntingtonHill,
        house_size: 3,
        units: u,
    };
    assert_eq!(
        canonical_request(&r),
        "huntington-hill,3\n\"a,b\",1,1,\n\"say \"\"hi\"\"\",2,0,4\n"
    );
}

#[test]
fn infeasible_restrictions_say_by_how_much() {
    let names: Vec<String> = (0..40).map(|i| format!("D{i}")).collect();
    let refs: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
    let u = with_min(units(&refs, &[100; 40]), 3);
    let e = apportion(
        &Request {
            method: Method::Webster,
            house_size: 100,
            units: u,
        },
        &TiePolicy::Report,
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 3);
    assert!(
        e.message.contains("3 × 40 units = 120 > house size 100"),
        "{}",
        e.message
    );
    assert!(e.message.contains("20 seats too many"), "{}", e.message);

    let mut capped = units(&["A", "B"], &[5, 5]);
    capped[0].max_seats = Some(2);
    capped[1].max_seats = Some(3);
    let e = apportion(
        &Request {
            method: Method::Hamilton,
            house_size: 6,
            units: capped,
        },
        &TiePolicy::Report,
    )
    .unwrap_err();
    assert!(
        e.message.contains("add up to 5 < house size 6"),
        "{}",
        e.message
    );

    let mut crossed = units(&["A"], &[5]);
    crossed[0].min_seats = 4;
    crossed[0].max_seats = Some(2);
    let e = apportion(
        &Request {
            method: Method::Hamilton,
            house_size: 3,
            units: crossed,
        },
        &TiePolicy::Report,
    )
    .unwrap_err();
    assert!(e.message.contains("minimum 4 seats > maximum 2 seats"));
}

#[test]
fn first_seat_methods_need_a_seat_per_populated_unit() {
    for method in [Method::Adams, Method::HuntingtonHill, Method::Dean] {
        let e = apportion(
            &Request {
                method,
                house_size: 2,
                units: units(&["A", "B", "C", "Z"], &[5, 5, 5, 0]),
            },
            &TiePolicy::Report,
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert!(e.message.contains("3 populated units"), "{}", e.message);
    }
    // Jefferson and Webster simply leave units without seats.
    let a = decided(&Request {
        method: Method::Jefferson,
        house_size: 2,
        units: units(&["A", "B", "C"], &[50, 30, 20]),
    });
    assert_eq!(a.seats, vec![1, 1, 0]);
}

#[test]
fn zero_populations_get_only_their_minimum() {
    let mut u = units(&["A", "B", "Z"], &[60, 40, 0]);
    u[2].min_seats = 2;
    for method in Method::ALL {
        let a = decided(&Request {
            method,
            house_size: 12,
            units: u.clone(),
        });
        assert_eq!(a.seats[2], 2, "{method}");
        assert_eq!(a.seats[0] + a.seats[1], 10, "{method}");
    }
    let e = apportion(
        &Request {
            method: Method::Hamilton,
            house_size: 3,
            units: units(&["A", "B"], &[0, 0]),
        },
        &TiePolicy::Report,
    )
    .unwrap_err();
    assert!(e.message.contains("total population is 0"));
}

#[test]
fn bad_requests_are_input_errors() {
    let dup = Request {
        method: Method::Hamilton,
        house_size: 3,
        units: units(&["A", "A"], &[1, 2]),
    };
    assert!(apportion(&dup, &TiePolicy::Report)
        .unwrap_err()
        .message
        .contains("duplicate unit 'A'"));
    let none = Request {
        method: Method::Hamilton,
        house_size: 3,
        units: vec![],
    };
    assert_eq!(
        apportion(&none, &TiePolicy::Report)
            .unwrap_err()
            .exit_code(),
        3
    );
    let huge = Request {
        method: Method::Hamilton,
        house_size: u64::MAX,
        units: units(&["A"], &[1]),
    };
    assert!(apportion(&huge, &TiePolicy::Report)
        .unwrap_err()
        .message
        .contains("too large"));
}

#[test]
fn exact_where_floating_point_fails() {
    // Two units whose Webster priorities differ only in the 20th significant digit:
    // 2p/(2k+1) with p near 2^63. f64 would call them equal.
    let p = 9_007_199_254_740_993u64; // 2^53 + 1: not representable in f64
    let a = decided(&Request {
        method: Method::Webster,
        house_size: 3,
        units: units(&["A", "B"], &[p, p - 1]),
    });
    assert_eq!(a.seats, vec![2, 1]);
    // Huntington-Hill near u64::MAX: p² needs 128 bits.
    let big = u64::MAX / 4;
    let h = decided(&Request {
        method: Method::HuntingtonHill,
        house_size: 5,
        units: units(&["A", "B", "C"], &[big, big - 1, big - 2]),
    });
    assert_eq!(h.seats, vec![2, 2, 1]);
}

#[test]
fn house_for_ratio_is_an_exact_ceiling() {
    use congress::apportion::house_for_ratio;
    use congress::exact::Ratio;
    let one_percent = Ratio::parse("1%").unwrap();
    assert_eq!(house_for_ratio(one_percent, 2830).unwrap(), 29);
    assert_eq!(house_for_ratio(one_percent, 2800).unwrap(), 28);
    assert_eq!(house_for_ratio(one_percent, 2801).unwrap(), 29);
    assert_eq!(house_for_ratio(Ratio::parse("0.1").unwrap(), 0).unwrap(), 0);
    assert!(house_for_ratio(Ratio::integer(1_000_000), u64::MAX).is_err());
}
