//! Biproportional apportionment on published results: the Zürich city council
//! ("Doppelter Pukelsheim") lower apportionments of 2014 and 2018.

use crate::util::fixture;
use congress::apportion::biproportional::{solve, verify, Problem};
use congress::apportion::Method;
use congress::exact::Ratio;

fn read_matrix(path: &str) -> (Vec<String>, Vec<String>, Vec<Vec<u64>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .skip(1)
        .map(String::from)
        .collect();
    let (mut names, mut rows) = (Vec::new(), Vec::new());
    for line in lines {
        let mut cells = line.split(',');
        names.push(cells.next().unwrap().to_string());
        rows.push(cells.map(|c| c.parse().unwrap()).collect());
    }
    (names, header, rows)
}

/// `borderline`: cells (list, district) whose quotient is so close to a rounding boundary
/// that the divisors as published (rounded for display) cannot prove them.
fn check_published(dir: &str, borderline: &[(&str, &str)]) {
    let base = fixture(&format!("plan/biproportional/{dir}"));
    let (lists, districts, votes) = read_matrix(&format!("{base}/votes.csv"));
    let (lists2, districts2, seats) = read_matrix(&format!("{base}/seats.csv"));
    assert_eq!((&lists, &districts), (&lists2, &districts2));
    let row_sums: Vec<u64> = seats.iter().map(|r| r.iter().sum()).collect();
    let column_sums: Vec<u64> = (0..districts.len())
        .map(|j| seats.iter().map(|r| r[j]).sum())
        .collect();
    assert_eq!(row_sums.iter().sum::<u64>(), 125);
    let problem = Problem {
        method: Method::Webster,
        weights: votes.clone(),
        row_sums,
        column_sums,
        minima: vec![],
    };
    let solution = solve(&problem, None).unwrap();
    assert_eq!(
        solution.seats, seats,
        "{dir}: computed seats differ from the published ones"
    );
    assert!(verify(
        Method::Webster,
        &votes,
        &solution.seats,
        &solution.row_divisors,
        &solution.column_divisors
    ));

    // The published divisors prove the published seats.
    let text = std::fs::read_to_string(format!("{base}/divisors.csv")).unwrap();
    let (mut list_div, mut district_div) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let d = Ratio::parse(cells[2]).unwrap();
        match cells[0] {
            "list" => list_div.push(d),
            _ => district_div.push(d),
        }
    }
    for (i, row) in votes.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            let proven = verify(
                Method::Webster,
                &[vec![v]],
                &[vec![seats[i][j]]],
                &[list_div[i]],
                &[district_div[j]],
            );
            let expected = !borderline.contains(&(lists[i].as_str(), districts[j].as_str()));
            assert_eq!(
                proven, expected,
                "{dir}: {} in district {}",
                lists[i], districts[j]
            );
        }
    }
    // A wrong seat matrix is not proven by them.
    let mut wrong = seats.clone();
    wrong[0][0] += 1;
    wrong[0][1] -= 1;
    assert!(!verify(
        Method::Webster,
        &votes,
        &wrong,
        &solution.row_divisors,
        &solution.column_divisors
    ));
}

#[test]
fn zurich_2014_city_council() {
    check_published(
        "zurich-2014",
        &[("SVP", "10"), ("FDP", "11"), ("glp", "11")],
    );
}

#[test]
fn zurich_2018_city_council() {
    check_published("zurich-2018", &[]);
}
