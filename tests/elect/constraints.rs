//! Constraints on the winners (clause 8, docs/methods.md "Constraints"): the fixture
//! `fixtures/elections/constraints` counted by majority-approval and block, infeasible
//! constraints (exit 3), `eligible`, and a property test of the constrained order walk
//! against a brute-force reference.

use crate::util::{congress, fixture, no_lots, scratch, write};
use congress::ballot::constraints::{Admission, CandidateAttributes, Constraint, Limit};
use congress::internals::ballot::methods::seat_order::fill_seats_within;
use congress::internals::input::Source;
use proptest::prelude::*;

const DIR: &str = "elections/constraints";

fn names(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

/// Cadres win the top three places; non-cadres must be 3 of 5: 张伟 (third) is passed over.
#[test]
fn the_fixture_passes_over_the_third_cadre() {
    for method in ["department", "block"] {
        let r = congress(&[
            "elect",
            &fixture(&format!("{DIR}/{method}.toml")),
            &fixture(&format!("{DIR}/department.csv")),
            "--format",
            "json",
        ])
        .json();
        assert_eq!(
            names(&r["elected"]),
            ["王芳", "李强", "刘洋", "陈静", "杨磊"],
            "{method}"
        );
        assert_eq!(
            r["passed_over"],
            serde_json::json!([{"name": "张伟", "constraint": "cadre = no: min 3/5"}])
        );
        assert_eq!(
            r["constraints"],
            serde_json::json!([
                {"attribute": "cadre", "value": "no", "min": 3, "max": 5, "elected": 3},
                {"attribute": "年级", "value": "2022", "min": 1, "max": 5, "elected": 1}
            ])
        );
    }
    let table = congress(&[
        "elect",
        &fixture(&format!("{DIR}/department.toml")),
        &fixture(&format!("{DIR}/department.csv")),
    ]);
    assert!(
        table
            .stdout()
            .contains("Passed over: 张伟 (cadre = no: min 3/5)"),
        "{}",
        table.stdout()
    );
}

/// The same election without constraints elects the top five, and its JSON has no
/// constraint keys.
#[test]
fn without_constraints_nothing_changes() {
    let dir = scratch("plain");
    let text = std::fs::read_to_string(fixture(&format!("{DIR}/block.toml"))).unwrap();
    let plain = text.split("[[constraint]]").next().unwrap();
    let e = write(&dir, "e.toml", plain);
    write(
        &dir,
        "candidates.csv",
        &std::fs::read_to_string(fixture(&format!("{DIR}/candidates.csv"))).unwrap(),
    );
    let r = congress(&[
        "elect",
        &e,
        &fixture(&format!("{DIR}/department.csv")),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        names(&r["elected"]),
        ["王芳", "李强", "张伟", "刘洋", "陈静"]
    );
    assert!(r.get("constraints").is_none() && r.get("passed_over").is_none());
}

/// A copy of the block election with `edit` applied, in a scratch directory with the
/// candidates file.
fn edited(name: &str, edit: impl Fn(String) -> String) -> String {
    let dir = scratch(name);
    let text = std::fs::read_to_string(fixture(&format!("{DIR}/block.toml"))).unwrap();
    write(
        &dir,
        "candidates.csv",
        &std::fs::read_to_string(fixture(&format!("{DIR}/candidates.csv"))).unwrap(),
    );
    write(&dir, "e.toml", &edit(text))
}

#[test]
fn infeasible_constraints_are_input_errors_before_counting() {
    // Four non-cadres cannot fill 5 of 5 seats.
    let e = edited("infeasible", |t| {
        t.replace("min_share = \"3/5\"", "min = 5")
    });
    let run = congress(&["elect", &e, &fixture(&format!("{DIR}/department.csv"))]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    assert!(
        run.stderr().contains("cadre = no: min 5"),
        "{}",
        run.stderr()
    );
    // A minimum above the seats is refused by the parser, naming the table's line.
    let e = edited("above", |t| t.replace("min = 1", "min = 6"));
    let run = congress(&["elect", &e, &fixture(&format!("{DIR}/department.csv"))]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr().contains(":14: constraint:"),
        "{}",
        run.stderr()
    );
    // An attribute the candidates do not have.
    let e = edited("attr", |t| t.replace("\"年级\"", "\"性别\""));
    let run = congress(&["elect", &e, &fixture(&format!("{DIR}/department.csv"))]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr().contains("'性别' is not an attribute"),
        "{}",
        run.stderr()
    );
    // A missing candidates file names its key.
    let e = edited("nofile", |t| t.replace("candidates.csv", "missing.csv"));
    let run = congress(&["elect", &e, &fixture(&format!("{DIR}/department.csv"))]);
    assert_eq!(run.code(), 3);
    assert!(run.stderr().contains("candidates_file"), "{}", run.stderr());
}

#[test]
fn eligible_refuses_candidates_outside_it() {
    let e = edited("eligible", |t| {
        t.replace(
            "candidates_file = \"candidates.csv\"\n",
            "candidates_file = \"candidates.csv\"\neligible = { attribute = \"cadre\", value = \"否\" }\n",
        )
    });
    let run = congress(&["elect", &e, &fixture(&format!("{DIR}/department.csv"))]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr().contains("'王芳' has cadre = yes"),
        "{}",
        run.stderr()
    );
}

/// Inline `[[candidate]]` tables give the same result as the file.
#[test]
fn inline_candidate_tables() {
    let rows = [
        ("王芳", "2023", true),
        ("李强", "2022", true),
        ("张伟", "2023", true),
        ("刘洋", "2023", false),
        ("陈静", "2024", false),
        ("杨磊", "2024", false),
        ("周杰静", "2022", false),
    ];
    let tables: String = rows
        .iter()
        .map(|(n, g, c)| format!("[[candidate]]\nname = \"{n}\"\n\"年级\" = {g}\ncadre = {c}\n\n"))
        .collect();
    let e = edited("inline", |t| {
        t.replace("candidates_file = \"candidates.csv\"\n", "") + "\n" + &tables
    });
    let r = congress(&[
        "elect",
        &e,
        &fixture(&format!("{DIR}/department.csv")),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        names(&r["elected"]),
        ["王芳", "李强", "刘洋", "陈静", "杨磊"]
    );
}

/// A random small election: each candidate's values of three attributes (2, 3 and 2
/// values), a strict order, seats, and constraints on the first `k` attributes.
#[derive(Debug, Clone)]
struct Case {
    values: Vec<[u8; 3]>,
    order: Vec<usize>,
    seats: u32,
    constraints: Vec<(usize, u8, Option<u64>, Option<u64>)>,
}

fn cases() -> impl Strategy<Value = Case> {
    (3usize..9).prop_flat_map(|n| {
        (
            prop::collection::vec((0u8..2, 0u8..3, 0u8..2), n),
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            1u32..n as u32,
            1usize..4,
            prop::collection::vec((0usize..3, 0u8..3, 0u64..4, 0u64..5, 0u8..3), 1..5),
        )
            .prop_map(|(values, order, seats, k, raw)| Case {
                values: values.into_iter().map(|(a, b, c)| [a, b, c]).collect(),
                order,
                seats,
                constraints: raw
                    .into_iter()
                    .map(|(attr, value, min, max, kind)| {
                        let attr = attr % k;
                        let (lo, hi) = match kind {
                            0 => (Some(min), None),
                            1 => (None, Some(max)),
                            _ => (Some(min.min(max)), Some(max)),
                        };
                        (attr, value % 3, lo, hi)
                    })
                    .collect(),
            })
    })
}

fn setup(case: &Case) -> (Vec<String>, CandidateAttributes, Vec<Constraint>) {
    let names: Vec<String> = (0..case.values.len()).map(|i| format!("C{i}")).collect();
    let mut csv = String::from("name,a0,a1,a2\n");
    for (i, v) in case.values.iter().enumerate() {
        csv.push_str(&format!("C{i},v{},v{},v{}\n", v[0], v[1], v[2]));
    }
    let attributes = CandidateAttributes::from_csv(&Source::from_text("c.csv", csv)).unwrap();
    let constraints = case
        .constraints
        .iter()
        .map(|&(a, v, min, max)| Constraint {
            attribute: format!("a{a}"),
            value: format!("v{v}"),
            min: min.map(Limit::Seats),
            max: max.map(Limit::Seats),
            line: 1,
        })
        .collect();
    (names, attributes, constraints)
}

/// The reference: among every admissible set of `seats` candidates, the one the order
/// prefers (compared place by place down the order).
fn brute_force(admission: &Admission, order: &[usize], seats: usize) -> Option<Vec<usize>> {
    let n = order.len();
    let mut best: Option<Vec<bool>> = None;
    for mask in 0u32..(1 << n) {
        if mask.count_ones() as usize != seats {
            continue;
        }
        let set: Vec<usize> = (0..n).filter(|&c| mask >> c & 1 == 1).collect();
        if !admission.admissible(&set) {
            continue;
        }
        let key: Vec<bool> = order.iter().map(|&c| mask >> c & 1 == 1).collect();
        if best.as_ref().map_or(true, |b| key > *b) {
            best = Some(key);
        }
    }
    best.map(|key| {
        order
            .iter()
            .zip(key)
            .filter(|(_, k)| *k)
            .map(|(&c, _)| c)
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// The constrained walk elects exactly the admissible set the order prefers; with
    /// constraints that do not bind, exactly the unconstrained winners.
    #[test]
    fn the_walk_matches_the_brute_force_reference(case in cases()) {
        let (names, attributes, constraints) = setup(&case);
        let admission = Admission::new(&constraints, &attributes, &names, case.seats).unwrap();
        let groups: Vec<Vec<usize>> = case.order.iter().map(|&c| vec![c]).collect();
        let everyone: Vec<usize> = (0..names.len()).collect();
        let reference = brute_force(&admission, &case.order, case.seats as usize);
        match reference {
            None => prop_assert!(admission.check_feasible(&everyone).is_err()),
            Some(expected) => {
                admission.check_feasible(&everyone).unwrap();
                let mut ties = no_lots();
                let (elected, passed) = fill_seats_within(
                    "test", &groups, case.seats, &names, &mut ties, Some(&admission),
                ).unwrap();
                let elected: Vec<usize> = elected.iter().map(|&c| c as usize).collect();
                prop_assert_eq!(&elected, &expected);
                let top: Vec<usize> = case.order[..case.seats as usize].to_vec();
                if admission.admissible(&top) {
                    prop_assert_eq!(&elected, &top);
                    prop_assert!(passed.is_empty());
                }
            }
        }
    }
}

/// A record of a constrained election (candidates in `[[candidate]]` tables, which the
/// record's `election.toml` holds) verifies by recounting with its constraints; an attribute
/// changed after signing fails verification. A `candidates_file` is refused for records.
#[test]
fn records_recount_with_the_constraints() {
    let dir = scratch("record");
    let keygen = crate::util::congress_in(&dir, &["keygen", "wang"]);
    assert_eq!(keygen.code(), 0, "{}", keygen.stderr());
    let public = std::fs::read_to_string(dir.join("wang.pub")).unwrap();
    let key = public.lines().nth(1).unwrap().trim().to_string();
    let rows = [
        ("王芳", "2023", true),
        ("李强", "2022", true),
        ("张伟", "2023", true),
        ("刘洋", "2023", false),
        ("陈静", "2024", false),
        ("杨磊", "2024", false),
        ("周杰静", "2022", false),
    ];
    let tables: String = rows
        .iter()
        .map(|(n, g, c)| format!("[[candidate]]\nname = \"{n}\"\n\"年级\" = {g}\ncadre = {c}\n\n"))
        .collect();
    let text = std::fs::read_to_string(fixture(&format!("{DIR}/block.toml")))
        .unwrap()
        .replace("candidates_file = \"candidates.csv\"\n", "")
        + "\n"
        + &tables
        + &format!(
            "[committee]\nthreshold = 1\nmembers = [{{ id = \"wang\", key = \"{key}\" }}]\n"
        );
    let e = write(&dir, "e.toml", &text);
    let rec = dir.join("rec");
    let rec = rec.to_str().unwrap();
    let ballots = fixture(&format!("{DIR}/department.csv"));
    let run = congress(&["elect", &e, &ballots, "--record", rec, "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let sec = dir.join("wang.sec");
    let sign = congress(&[
        "sign",
        rec,
        "--key",
        sec.to_str().unwrap(),
        "--member",
        "wang",
    ]);
    assert_eq!(sign.code(), 0, "{}", sign.stderr());
    let verify = congress(&["verify", rec]);
    assert_eq!(verify.code(), 0, "{}", verify.stdout());
    // 张伟 becomes a non-cadre after signing: the manifest and the recount both disagree.
    let toml = std::path::Path::new(rec).join("election.toml");
    let changed = std::fs::read_to_string(&toml).unwrap().replacen(
        "name = \"张伟\"\n\"年级\" = 2023\ncadre = true",
        "name = \"张伟\"\n\"年级\" = 2023\ncadre = false",
        1,
    );
    std::fs::write(&toml, changed).unwrap();
    let verify = congress(&["verify", rec]);
    assert_eq!(verify.code(), 1, "{}", verify.stdout());
    // A candidates_file cannot go into a record yet.
    let e = edited("record-file", |t| t);
    let refused = congress(&[
        "elect",
        &e,
        &ballots,
        "--record",
        dir.join("rec2").to_str().unwrap(),
    ]);
    assert_eq!(refused.code(), 3);
    assert!(
        refused.stderr().contains("candidates_file"),
        "{}",
        refused.stderr()
    );
}

/// IRV under constraints: a candidate who cannot win alone (a cadre, with non-cadres at
/// least 1 of 1) is doomed before the first stage; the next preference counts.
#[test]
fn irv_dooms_inadmissible_candidates() {
    let dir = scratch("irv");
    write(&dir, "c.csv", "name,cadre\n王芳,是\n李强,否\n张伟,否\n");
    let e = write(
        &dir,
        "e.toml",
        "id = \"irv\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"王芳\", \"李强\", \"张伟\"]\n\
         candidates_file = \"c.csv\"\n[[constraint]]\nattribute = \"cadre\"\nvalue = \"no\"\nmin = 1\n",
    );
    let b = write(
        &dir,
        "b.csv",
        "ballot_id,王芳,李强,张伟\nb1,1,2,\nb2,1,2,\nb3,1,,2\nb4,,1,\nb7,,1,\nb5,,,1\nb6,,,1\n",
    );
    let r = congress(&["elect", &e, &b, "--format", "json"]).json();
    // Unconstrained 王芳 would win on first preferences; doomed, her ballots go 2:1 to 李强.
    assert_eq!(names(&r["elected"]), ["李强"]);
    assert_eq!(
        r["passed_over"],
        serde_json::json!([{"name": "王芳", "constraint": "cadre = no: min 1", "stage": 1}])
    );
}

/// STV through `elect`: the three cadres lead, at least two non-cadres must win of three
/// seats, so cadres are doomed (their own stage, `"doom of X"`) and reported as passed over.
#[test]
fn stv_dooms_through_the_count() {
    let dir = scratch("stv");
    write(&dir, "c.csv", "name,cadre\nA,是\nB,是\nC,是\nD,否\nE,否\n");
    let toml = |constrained: bool| {
        let mut t = "id = \"stv\"\nmethod = \"stv\"\nseats = 3\ncandidates = [\"A\", \"B\", \"C\", \"D\", \"E\"]\n\
                     [tiebreak]\nseed = \"t\"\n"
            .to_string();
        if constrained {
            t.push_str(
                "candidates_file = \"c.csv\"\n[[constraint]]\nattribute = \"cadre\"\nvalue = \"no\"\nmin = 2\n",
            );
        }
        t
    };
    let mut ballots = String::from("ballot_id,choice_1,choice_2,choice_3\n");
    let rows = [
        ("A,B,C", 30),
        ("B,A,C", 25),
        ("C,B,A", 20),
        ("D,E,A", 14),
        ("E,D,B", 11),
    ];
    let mut n = 0;
    for (ranking, count) in rows {
        for _ in 0..count {
            n += 1;
            ballots.push_str(&format!("b{n},{ranking}\n"));
        }
    }
    let b = write(&dir, "b.csv", &ballots);
    let free = write(&dir, "free.toml", &toml(false));
    let r = congress(&["elect", &free, &b, "--format", "json"]).json();
    assert_eq!(r["elected"].as_array().unwrap().len(), 3);
    assert!(r.get("passed_over").is_none(), "{r}");
    // Unconstrained: A and B reach the quota, E's transfers lift D over C.
    let mut free_elected = names(&r["elected"]);
    free_elected.sort();
    assert_eq!(free_elected, ["A", "B", "D"], "{r}");
    // [[constraint]] after [tiebreak] would belong to it in TOML: put the keys first.
    let constrained =
        toml(true).replace("[tiebreak]\nseed = \"t\"\n", "") + "[tiebreak]\nseed = \"t\"\n";
    let e = write(&dir, "e.toml", &constrained);
    let r = congress(&["elect", &e, &b, "--format", "json"]).json();
    let elected = names(&r["elected"]);
    assert!(
        elected.contains(&"D".to_string()) && elected.contains(&"E".to_string()),
        "{r}"
    );
    let doomed = r["passed_over"].as_array().unwrap();
    assert!(!doomed.is_empty(), "{r}");
    let rounds = serde_json::to_string(&r["rounds"]).unwrap();
    for d in doomed {
        let name = d["name"].as_str().unwrap();
        assert!(rounds.contains(&format!("doom of {name}")), "{rounds}");
    }
    assert_eq!(r["constraints"][0]["elected"], 2, "{r}");
}
