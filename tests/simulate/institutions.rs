//! `congress simulate institutions`: a deterministic, province-shaped INSTITUTIONS file that
//! `congress plan federation` reads.

use crate::util::{congress, read_text, scratch};
use std::collections::{HashMap, HashSet};

#[test]
fn the_province_has_the_documented_shape() {
    let text = read_text("fixtures/federation/institutions.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[..4], ["学校", "类别", "县级区域", "学生数"]);
    let mut kinds: HashMap<&str, u64> = HashMap::new();
    let mut counties: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut names = HashSet::new();
    let mut students = 0;
    let (mut female, mut hui) = (0, 0);
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let n: u64 = cells[3].parse().unwrap();
        let count = |k: usize| cells[k].parse::<u64>().unwrap();
        assert!(names.insert(cells[0]), "{line}");
        assert_eq!(count(5) + count(6), n, "{line}");
        assert_eq!((7..12).map(count).sum::<u64>(), n, "{line}");
        let cadres = n - count(4);
        // 0.5–1% cadres, each count rounded up or down.
        assert!(cadres * 200 + 200 > n && cadres * 100 < n + 100, "{line}");
        *kinds.entry(cells[1]).or_default() += 1;
        if cells[1] == "中学" || cells[1] == "中职" {
            counties.entry(cells[2]).or_default().insert(cells[1]);
        }
        students += n;
        female += count(5);
        hui += count(8);
    }
    assert_eq!(kinds["本科院校"], 45);
    assert_eq!(kinds["民办本科"], 18);
    assert_eq!(kinds["高职高专"], 75);
    assert_eq!(kinds["成人高校"], 12);
    assert_eq!(kinds["中学"] + kinds["中职"], 2000);
    assert_eq!(counties.len(), 120);
    assert!(
        counties.values().all(|k| k.len() == 2),
        "a 中学 and a 中职 in every county"
    );
    assert!((2_500_000..3_500_000).contains(&students), "{students}");
    assert!((45..=55).contains(&(female * 100 / students)));
    assert!((5..=30).contains(&(hui * 1000 / students)), "{hui}");
    let regions = read_text("fixtures/federation/counties.csv");
    assert_eq!(regions.lines().next(), Some("县级区域"));
    let listed: HashSet<&str> = regions.lines().skip(1).collect();
    assert_eq!(listed, counties.keys().copied().collect());
}

#[test]
fn same_seed_same_bytes_and_bad_sizes() {
    let args = [
        "simulate",
        "institutions",
        "--counties",
        "8",
        "--higher-education",
        "6",
        "--secondary",
        "30",
        "--seed",
        "t",
    ];
    let a = congress(&args);
    assert_eq!(a.code(), 0, "{}", a.stderr());
    assert_eq!(a.stdout, congress(&args).stdout);
    assert_eq!(a.stdout().lines().count(), 37);
    let mut other = args.to_vec();
    other[9] = "u";
    assert_ne!(a.stdout, congress(&other).stdout);
    let dir = scratch("out");
    let out = dir.join("i.csv");
    let regions = dir.join("r.csv");
    let mut with_out = args.to_vec();
    with_out.extend([
        "--out",
        out.to_str().unwrap(),
        "--regions-out",
        regions.to_str().unwrap(),
    ]);
    assert_eq!(congress(&with_out).code(), 0);
    assert_eq!(std::fs::read(&out).unwrap(), a.stdout);
    assert_eq!(
        std::fs::read_to_string(&regions).unwrap().lines().count(),
        9
    );
    // Neither file is replaced without --force, and a refused run writes nothing.
    std::fs::remove_file(&out).unwrap();
    assert_eq!(congress(&with_out).code(), 3);
    assert!(!out.exists());
    with_out.push("--force");
    assert_eq!(congress(&with_out).code(), 0);
    for bad in [
        &[
            "simulate",
            "institutions",
            "--counties",
            "10",
            "--secondary",
            "9",
        ][..],
        &["simulate", "institutions", "--counties", "0"],
        &["simulate", "institutions", "--counties", "2000"],
    ] {
        assert_eq!(congress(bad).code(), 2, "{bad:?}");
    }
}
