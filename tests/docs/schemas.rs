//! Every JSON object `congress` writes starts with `"schema": "congress-<kind>/1"` and matches
//! its file in `docs/schemas/` (src/schema.rs, docs/formats.md §8): the real commands run on
//! the bundled fixtures, and each output is validated in documented mode (every key it holds is
//! listed in its schema). A record's `result.json` is the printed result without that key.

use crate::util::schema::Validator;
use crate::util::{congress_in, fixture, scratch, write, ROOT};
use congress::schema::Schema;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The schema file of `kind`, parsed.
fn schema_of(kind: Schema) -> Value {
    let path = Path::new(ROOT)
        .join("docs/schemas")
        .join(format!("{}.schema.json", kind.kind()));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// `text` is a `kind` object: the schema key first, and valid against its documented schema.
#[track_caller]
fn assert_valid(kind: Schema, text: &str, what: &str) {
    let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    let first = value.as_object().and_then(|o| o.keys().next());
    assert_eq!(
        first.map(String::as_str),
        Some("schema"),
        "{what}: the schema key is not first"
    );
    let schema = schema_of(kind);
    let errors = Validator::documented(&schema).errors(&value);
    assert!(
        errors.is_empty(),
        "{what} does not match {}:\n{}",
        kind.id(),
        errors.join("\n")
    );
}

#[test]
fn every_kind_has_its_schema_file_and_every_file_a_kind() {
    let dir = Path::new(ROOT).join("docs/schemas");
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let kinds: BTreeSet<String> = Schema::ALL
        .iter()
        .map(|k| format!("{}.schema.json", k.kind()))
        .collect();
    assert_eq!(files, kinds, "docs/schemas/ and Schema::ALL differ");
    for kind in Schema::ALL {
        let s = schema_of(kind);
        assert_eq!(
            s["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{kind:?}"
        );
        assert_eq!(s["properties"]["schema"]["const"], kind.id(), "{kind:?}");
        assert_eq!(s["required"][0], "schema", "{kind:?}");
        assert!(
            s["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{kind:?}"
        );
        // The schema files use only what the validator implements.
        assert_eq!(Validator::new(&s).errors(&Value::Null).len(), 1, "{kind:?}");
    }
    // docs/formats.md §8 lists every kind with the command that writes it.
    let formats = std::fs::read_to_string(Path::new(ROOT).join("docs/formats.md")).unwrap();
    for kind in Schema::ALL {
        assert!(
            formats.contains(&format!("`{}`", kind.id())),
            "docs/formats.md lacks {}",
            kind.id()
        );
    }
}

/// Runs `congress ARGS` in `dir`, which must exit with one of `codes`; its standard output.
#[track_caller]
fn output(dir: &Path, args: &[&str], codes: &[i32]) -> String {
    let run = congress_in(dir, args);
    assert!(
        codes.contains(&run.code()),
        "congress {args:?}: exit {}: {}",
        run.code(),
        run.stderr()
    );
    run.stdout()
}

#[test]
fn every_command_s_json_matches_its_schema() {
    let dir = scratch("outputs");
    let f = |p: &str| fixture(p);
    let mut seen = BTreeSet::new();
    let mut check = |kind: Schema, text: String, what: &str| {
        assert_valid(kind, &text, what);
        seen.insert(kind.id());
    };
    // Apportionment: a largest-remainder method and a divisor method (their audits differ),
    // and a tie decided by lot.
    let departments = f("departments.csv");
    for method in ["hamilton", "webster"] {
        let args = [
            "apportion",
            &departments,
            "--seats",
            "29",
            "--min",
            "3",
            "--method",
            method,
            "--format",
            "json",
        ];
        check(Schema::Apportionment, output(&dir, &args, &[0]), method);
    }
    let tied = write(&dir, "tied.csv", "unit,population\nA,10\nB,10\nC,10\n");
    let args = [
        "apportion",
        &tied,
        "--seats",
        "2",
        "--lot",
        "demo",
        "--format",
        "json",
    ];
    check(
        Schema::Apportionment,
        output(&dir, &args, &[0]),
        "apportion --lot",
    );
    // The plan and the checks of a delegation and an organisation.
    let roster = f("roster.csv");
    output(
        &dir,
        &["plan", &roster, "--seats", "40", "--out", "plan.json"],
        &[0],
    );
    let plan = std::fs::read_to_string(dir.join("plan.json")).unwrap();
    check(Schema::Plan, plan, "plan");
    let args = [
        "check",
        "delegation",
        &f("delegates.csv"),
        "--plan",
        "plan.json",
        "--roster",
        &roster,
        "--clubs",
        &f("clubs.csv"),
        "--format",
        "json",
    ];
    check(
        Schema::Checks,
        output(&dir, &args, &[0, 1]),
        "check delegation",
    );
    let args = ["check", "org", &f("org.toml"), "--format", "json"];
    check(Schema::Checks, output(&dir, &args, &[0, 1]), "check org");
    // The federation: with regions and reserved targets, and the check of its delegation.
    let args = [
        "plan",
        "federation",
        &f("federation/institutions.csv"),
        "--seats",
        "3000",
        "--regions",
        &f("federation/counties.csv"),
        "--format",
        "json",
    ];
    check(
        Schema::FederationPlan,
        output(&dir, &args, &[0]),
        "plan federation --regions",
    );
    output(
        &dir,
        &[
            "plan",
            "federation",
            &f("federation/example.csv"),
            "--seats",
            "50",
            "--out",
            "fed.json",
        ],
        &[0],
    );
    check(
        Schema::FederationPlan,
        std::fs::read_to_string(dir.join("fed.json")).unwrap(),
        "plan federation",
    );
    let args = [
        "check",
        "delegation",
        "--federation",
        "fed.json",
        &f("federation/delegates.csv"),
        "--format",
        "json",
    ];
    check(
        Schema::Checks,
        output(&dir, &args, &[0, 1]),
        "check delegation --federation",
    );
    // Results: the committee rules (supplementary, re-vote, recall) and real elections.
    let committee = |name: &str| f(&format!("elections/committee/{name}"));
    for (toml, ballots) in [
        ("presidium.toml", "presidium.csv"),
        (
            "presidium-supplementary.toml",
            "presidium-supplementary.csv",
        ),
        ("tie.toml", "tie.csv"),
        ("tie-revote.toml", "tie-revote.csv"),
        ("recall.toml", "recall.csv"),
    ] {
        let args = [
            "elect",
            &committee(toml),
            &committee(ballots),
            "--format",
            "json",
        ];
        check(Schema::ElectionResult, output(&dir, &args, &[0]), toml);
    }
    for (folder, ballots) in [
        ("scotland-2017-edinburgh-almond", "ballots.blt"),
        ("debian-dpl-2007", "ballots.soi"),
        ("burlington-2009-mayor", "ballots.toi"),
    ] {
        let args = [
            "elect",
            &f(&format!("elections/{folder}/election.toml")),
            &f(&format!("elections/{folder}/{ballots}")),
            "--format",
            "json",
        ];
        check(Schema::ElectionResult, output(&dir, &args, &[0]), folder);
    }
    // Every other method, on small ballots.
    let ranks = write(&dir, "ranks.csv", "ballot_id,A,B,C,D\nb1,1,2,3,\nb2,2,1,,3\nb3,1,3,2,\nb4,,1,2,3\nb5,3,,1,2\nb6,1,2,,\nb7,2,3,1,\n");
    for method in [
        "irv",
        "stv",
        "meek",
        "schulze",
        "ranked-pairs",
        "copeland",
        "borda",
    ] {
        let toml = format!("id = \"m\"\nmethod = \"{method}\"\nseats = {}\ncandidates = [\"A\", \"B\", \"C\", \"D\"]\n[tiebreak]\nseed = \"demo\"\n", if method == "stv" || method == "meek" { 2 } else { 1 });
        let election = write(&dir, &format!("{method}.toml"), &toml);
        let args = ["elect", &election, &ranks, "--format", "json"];
        check(Schema::ElectionResult, output(&dir, &args, &[0]), method);
    }
    let marks = write(
        &dir,
        "marks.csv",
        "ballot_id,A,B,C\nb1,yes,,yes\nb2,,yes,\nb3,yes,yes,\nb4,yes,,\nb5,,,yes\n",
    );
    for method in ["plurality", "block", "approval"] {
        let toml = format!("id = \"m\"\nmethod = \"{method}\"\nseats = {}\ncandidates = [\"A\", \"B\", \"C\"]\n[tiebreak]\nseed = \"demo\"\n", if method == "plurality" { 1 } else { 2 });
        let election = write(&dir, &format!("{method}.toml"), &toml);
        let ballots = if method == "plurality" {
            write(
                &dir,
                "single.csv",
                "ballot_id,A,B,C\nb1,yes,,\nb2,,yes,\nb3,yes,,\n",
            )
        } else {
            marks.clone()
        };
        let args = ["elect", &election, &ballots, "--format", "json"];
        check(Schema::ElectionResult, output(&dir, &args, &[0]), method);
    }
    // Linked rounds: a tie, its re-vote written by `next`, and the final body.
    let tie = f("elections/committee/tie.toml");
    let tie_json = output(
        &dir,
        &[
            "elect",
            &tie,
            &f("elections/committee/tie.csv"),
            "--format",
            "json",
        ],
        &[0],
    );
    std::fs::write(dir.join("tie.json"), &tie_json).unwrap();
    output(
        &dir,
        &[
            "next",
            "tie.json",
            "--out",
            "revote.toml",
            "--entitled",
            "11",
            "--present",
            "10",
        ],
        &[0],
    );
    let revote = output(
        &dir,
        &[
            "elect",
            "revote.toml",
            &f("elections/committee/tie-revote.csv"),
            "--format",
            "json",
        ],
        &[0],
    );
    std::fs::write(dir.join("revote.json"), &revote).unwrap();
    let args = ["final", "tie.json", "revote.json", "--format", "json"];
    check(Schema::FinalBody, output(&dir, &args, &[0]), "final");
    // A signed record: verify, a receipt and its check, consistency.
    let presidium = f("committee/presidium.toml");
    output(
        &dir,
        &[
            "elect",
            &presidium,
            &committee("presidium.csv"),
            "--record",
            "rec",
        ],
        &[0],
    );
    for member in ["wang", "li"] {
        output(
            &dir,
            &[
                "sign",
                "rec",
                "--key",
                &f(&format!("committee/{member}.sec")),
                "--member",
                member,
            ],
            &[0],
        );
    }
    check(
        Schema::Verification,
        output(&dir, &["verify", "rec", "--format", "json"], &[0]),
        "verify",
    );
    let receipt = output(
        &dir,
        &[
            "receipt",
            "rec",
            "--ballot-id",
            "t04",
            "--secrets",
            "rec.secrets",
        ],
        &[0],
    );
    std::fs::write(dir.join("receipt.json"), &receipt).unwrap();
    check(Schema::Receipt, receipt, "receipt");
    let args = ["verify-receipt", "rec", "receipt.json", "--format", "json"];
    check(
        Schema::Verification,
        output(&dir, &args, &[0]),
        "verify-receipt",
    );
    for r in ["interim", "final"] {
        output(
            &dir,
            &[
                "elect",
                &f("committee/count.toml"),
                &f(&format!("committee/{r}.csv")),
                "--record",
                &format!("{r}-rec"),
            ],
            &[0],
        );
    }
    let args = [
        "verify-consistency",
        "interim-rec",
        "final-rec",
        "--format",
        "json",
    ];
    check(
        Schema::Verification,
        output(&dir, &args, &[0, 1]),
        "verify-consistency",
    );
    // Paper ballots and the audit.
    let args = [
        "ballots",
        "diff",
        &f("paper/presidium-a.csv"),
        &f("paper/presidium-b.csv"),
        "--format",
        "json",
    ];
    check(
        Schema::BallotsDiff,
        output(&dir, &args, &[1]),
        "ballots diff",
    );
    let args = [
        "ballots",
        "check",
        &committee("presidium.toml"),
        &f("paper/presidium-a.csv"),
        "--issued",
        &f("paper/presidium-trackers.csv"),
        "--format",
        "json",
    ];
    check(
        Schema::BallotsCheck,
        output(&dir, &args, &[1]),
        "ballots check",
    );
    output(
        &dir,
        &[
            "elect",
            &f("paper/election.toml"),
            &f("paper/ballots.csv"),
            "--record",
            "paper-record",
        ],
        &[0],
    );
    let seed = "72149563018447290365";
    let args = [
        "audit",
        "sample",
        "paper-record",
        "--manifest",
        &f("paper/boxes.csv"),
        "--risk-limit",
        "0.05",
        "--seed",
        seed,
        "--format",
        "json",
    ];
    check(
        Schema::AuditSample,
        output(&dir, &args, &[0]),
        "audit sample",
    );
    let args = [
        "audit",
        "assess",
        "paper-record",
        "--manifest",
        &f("paper/boxes.csv"),
        "--risk-limit",
        "0.05",
        "--sample",
        &f("paper/sample.csv"),
        "--paper",
        &f("paper/paper.csv"),
        "--seed",
        seed,
        "--record",
        "paper-audit",
        "--format",
        "json",
    ];
    check(
        Schema::AuditAssessment,
        output(&dir, &args, &[0]),
        "audit assess",
    );
    let key = format!("{ROOT}/tests/vectors/signatures/signify/committee.sec");
    output(
        &dir,
        &[
            "audit",
            "sign",
            "paper-audit",
            "--election",
            "paper-record",
            "--key",
            &key,
            "--member",
            "test",
        ],
        &[0],
    );
    let args = [
        "audit",
        "verify",
        "paper-audit",
        "--election",
        "paper-record",
        "--format",
        "json",
    ];
    check(
        Schema::AuditVerification,
        output(&dir, &args, &[0]),
        "audit verify",
    );
    // Errors, on standard error.
    let run = congress_in(
        &dir,
        &["--error-format", "json", "plan", "no-such-roster.csv"],
    );
    assert_eq!(run.code(), 3);
    check(Schema::Errors, run.stderr(), "--error-format json");
    let every: BTreeSet<&str> = Schema::ALL.iter().map(|k| k.id()).collect();
    assert_eq!(seen, every, "a kind no command above printed");
}

#[test]
fn a_record_s_result_json_is_the_printed_result_without_the_schema_key() {
    let dir = scratch("record");
    let presidium = fixture("committee/presidium.toml");
    let ballots = fixture("elections/committee/presidium.csv");
    let printed = output(
        &dir,
        &[
            "elect", &presidium, &ballots, "--format", "json", "--record", "rec",
        ],
        &[0],
    );
    let mut printed: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(printed["schema"], Schema::ElectionResult.id());
    printed.as_object_mut().unwrap().shift_remove("schema");
    let recorded = std::fs::read_to_string(dir.join("rec/result.json")).unwrap();
    assert!(!recorded.contains("\"schema\""), "{recorded}");
    assert_eq!(serde_json::from_str::<Value>(&recorded).unwrap(), printed);
    // The records of every version bundled keep their result.json as it was, and it is the
    // documented result once the key is added back.
    let schema = schema_of(Schema::ElectionResult);
    for entry in std::fs::read_dir(Path::new(ROOT).join("fixtures/records/v1")).unwrap() {
        let path = entry.unwrap().path().join("result.json");
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let Value::Object(body) = serde_json::from_str(&text).unwrap() else {
            panic!("{path:?}")
        };
        assert!(!body.contains_key("schema"), "{path:?}");
        let mut tagged = serde_json::Map::new();
        tagged.insert("schema".into(), Schema::ElectionResult.id().into());
        tagged.extend(body);
        let errors = Validator::documented(&schema).errors(&Value::Object(tagged));
        assert!(errors.is_empty(), "{path:?}:\n{}", errors.join("\n"));
    }
}

#[test]
fn readers_refuse_json_of_another_kind_and_read_files_without_the_key() {
    let dir = scratch("readers");
    let receipt = write(
        &dir,
        "receipt.json",
        &Schema::Receipt.to_json(&serde_json::json!({})),
    );
    let args = [
        "check",
        "delegation",
        &fixture("delegates.csv"),
        "--plan",
        &receipt,
        "--roster",
        &fixture("roster.csv"),
    ];
    let run = congress_in(&dir, &args);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    assert!(
        run.stderr().contains("receipt.json: schema: schema \"congress-receipt/1\" is the output of congress receipt, expected \"congress-plan/1\""),
        "{}",
        run.stderr()
    );
    let args = [
        "check",
        "delegation",
        "--federation",
        &receipt,
        &fixture("federation/delegates.csv"),
    ];
    assert_eq!(congress_in(&dir, &args).code(), 3);
    // fixtures/plan/plan.json was written before the key existed.
    assert!(!std::fs::read_to_string(fixture("plan/plan.json"))
        .unwrap()
        .contains("\"schema\""));
    let args = [
        "check",
        "delegation",
        &fixture("delegates.csv"),
        "--plan",
        &fixture("plan/plan.json"),
        "--roster",
        &fixture("roster.csv"),
    ];
    assert!([0, 1].contains(&congress_in(&dir, &args).code()));
}
#[test]
fn the_validator_catches_what_each_keyword_says() {
    let schema = serde_json::json!({
        "type": "object",
        "properties": {
            "schema": { "const": "k/1" },
            "n": { "type": "integer", "minimum": 0 },
            "s": { "enum": ["a", "b"] },
            "list": { "type": "array", "items": { "$ref": "#/$defs/item" } },
            "map": { "type": "object", "additionalProperties": { "type": "string" } }
        },
        "required": ["schema", "n"],
        "$defs": { "item": { "type": ["string", "null"] } }
    });
    let good = serde_json::json!({ "schema": "k/1", "n": 2, "s": "a", "list": ["x", null], "map": { "q": "r" } });
    assert!(Validator::documented(&schema).errors(&good).is_empty());
    let bad = serde_json::json!({ "schema": "k/2", "n": -1, "s": "c", "list": [3], "map": { "q": 1 }, "extra": 0 });
    let errors = Validator::documented(&schema).errors(&bad);
    for want in [
        "$.schema: \"k/2\" is not \"k/1\"",
        "$.n: -1 is below the minimum 0",
        "$.s: \"c\" is not one of",
        "$.list[0]: 3 is not of type [\"string\",\"null\"]",
        "$.map.q: 1 is not of type \"string\"",
        "$.extra: key \"extra\" is not documented",
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(want)),
            "{want}: {errors:?}"
        );
    }
    assert!(Validator::new(&schema)
        .errors(&serde_json::json!({"schema": "k/1", "n": 1, "extra": 0}))
        .is_empty());
    let missing = Validator::new(&schema).errors(&serde_json::json!({ "schema": "k/1" }));
    assert_eq!(
        missing,
        vec!["$: required key \"n\" is missing".to_string()]
    );
    let unknown = serde_json::json!({ "pattern": "^a" });
    assert!(Validator::new(&unknown).errors(&serde_json::json!("a"))[0].contains("not implemented"));
}
