//! `congress demo` (src/demo.rs): every step runs on the bundled data, writes its files, and
//! the record it leaves verifies; it runs from any directory (the data is in the binary).

use crate::util::{congress_in, scratch};
use congress::demo::{Action, STEPS};

#[test]
fn the_demo_runs_every_step_and_its_record_verifies() {
    let dir = scratch("demo");
    // Run from an unrelated directory: nothing is read from the repository.
    let elsewhere = scratch("elsewhere");
    let target = dir.join("demo");
    let run = congress_in(&elsewhere, &["demo", "--dir", target.to_str().unwrap()]);
    let (code, stdout, stderr) = run.parts();
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for (n, step) in STEPS.iter().enumerate() {
        assert!(
            stdout.contains(&format!(
                "== step {} of {}: {}",
                n + 1,
                STEPS.len(),
                step.title
            )),
            "{stdout}"
        );
        let Action::Run(lines) = step.action;
        for args in lines {
            assert!(
                stdout.contains(&format!("$ congress {}\n", args.join(" "))),
                "{args:?}"
            );
        }
        for file in step.writes {
            assert!(
                target.join(file).is_file(),
                "step {}: {file} is missing",
                n + 1
            );
        }
    }
    assert!(stdout.contains("DEMO KEYS"), "{stdout}");
    // The steps' results: a tie in the first round, the re-vote fills the seat.
    let json = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(target.join(name)).unwrap()).unwrap()
    };
    let round1 = json("round1/result.json");
    assert_eq!(round1["status"], "revote-required");
    assert_eq!(
        round1["revote"]["candidates"],
        serde_json::json!(["陈静", "杨磊"])
    );
    let round2 = json("record/result.json");
    assert_eq!(round2["status"], "complete");
    assert_eq!(round2["elected"], serde_json::json!(["陈静"]));
    assert_eq!(
        round2["previous"]["election"], "2027-presidium",
        "the re-vote is linked to the first round"
    );
    // The department election under the non-cadre minimum: the second cadre is passed over.
    let department = json("department.json");
    assert_eq!(
        department["elected"],
        serde_json::json!(["孙悦", "吴昊", "郑浩"])
    );
    assert_eq!(department["passed_over"][0]["name"], "周婷");
    assert_eq!(department["constraints"][0]["elected"], 2);
    let plan = json("plan.json");
    let math = plan["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department"] == "数学与统计学院")
        .unwrap();
    assert_eq!(
        math["seats"], 3,
        "department.toml elects the seats the plan gives"
    );
    // The final body: five seats, the fifth from the re-vote (voting round 2).
    assert!(
        stdout.contains("Seats:    5 (5 filled, 0 vacant)")
            && stdout.contains("2027-presidium-revote-1"),
        "{stdout}"
    );
    // The record verifies on its own, by the pinned keys of the two signers.
    let verify = congress_in(
        &target,
        &[
            "verify", "record", "--trust", "wang.pub", "--trust", "li.pub",
        ],
    );
    assert_eq!(verify.code(), 0, "{}", verify.stdout());
    assert!(verify.stdout().contains("record verified"));
}

#[test]
fn the_demo_makes_its_own_directory_and_refuses_a_used_one() {
    let dir = scratch("used");
    std::fs::write(dir.join("keep.txt"), "mine").unwrap();
    let run = congress_in(&dir, &["demo", "--dir", dir.to_str().unwrap()]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr().contains("the demo directory is not empty"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "nothing was written"
    );
    // Without --dir: a new temporary directory, named on the first line.
    let run = congress_in(&dir, &["demo"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let first = run.stdout().lines().next().unwrap().to_string();
    let made = first.rsplit(" in ").next().unwrap().to_string();
    assert!(
        std::path::Path::new(&made)
            .join("record/SHA256.li.sig")
            .is_file(),
        "{first}"
    );
    std::fs::remove_dir_all(&made).unwrap();
}
