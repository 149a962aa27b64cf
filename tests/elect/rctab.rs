//! RCTab's options (issue 23), one small hand-made election each, with the rounds worked out
//! by hand (they are the worked examples of docs/methods.md §6), and the input errors the
//! options bring. RCTab's own cases are in `rctab_parity.rs`.

use crate::util::{congress, scratch, write};
use serde_json::Value;

/// Counts `ballots` (a choices CSV) under `election`; the result JSON.
#[track_caller]
fn count(name: &str, election: &str, ballots: &str) -> Value {
    let dir = scratch(name);
    let e = write(&dir, "election.toml", election);
    let b = write(&dir, "ballots.csv", ballots);
    congress(&["elect", &e, &b, "--format", "json"]).json()
}

/// Each round as `(action, totals as "A 4, B 3", elected, excluded)`.
fn rounds(result: &Value) -> Vec<(String, String, Vec<String>)> {
    result["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let totals = r["totals"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| format!("{k} {}", v.as_str().unwrap()))
                .collect::<Vec<_>>()
                .join(", ");
            let elected = r["elected"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect();
            (r["action"].as_str().unwrap().to_string(), totals, elected)
        })
        .collect()
}

fn round(action: &str, totals: &str, elected: &[&str]) -> (String, String, Vec<String>) {
    (
        action.to_string(),
        totals.to_string(),
        elected.iter().map(|s| s.to_string()).collect(),
    )
}

const UWI_BALLOTS: &str =
    "ballot_id,choice_1,choice_2\n1,A,\n2,A,\n3,A,\n4,A,\n5,B,A\n6,B,A\n7,B,A\n\
                           8,C,B\n9,C,B\n10,UWI,C\n11,UWI,C\n12,UWI,C\n";

fn irv(rules: &str) -> String {
    format!("id = \"e\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\", \"C\"]\n[rules]\n{rules}")
}

/// `undeclared_write_ins`: counted as a candidate, UWI outlasts C and B wins; excluded first
/// (RCTab), its 3 ballots reach C, B goes out and A wins.
#[test]
fn undeclared_write_ins_go_first_under_exclude_first() {
    let r = count(
        "uwi-candidate",
        &irv("undeclared_write_ins = \"candidate\"\n"),
        UWI_BALLOTS,
    );
    assert_eq!(
        rounds(&r),
        [
            round("first preferences", "A 4, B 3, C 2, UWI 3", &[]),
            round("exclusion of C", "A 4, B 5, UWI 3", &[]),
            round("exclusion of UWI", "A 4, B 5", &["B"]),
        ]
    );
    assert_eq!(r["rounds"][2]["threshold"], "5");
    assert_eq!(r["rounds"][2]["non_transferable"], "3");
    let r = count(
        "uwi-first",
        &irv("undeclared_write_ins = \"exclude-first\"\n"),
        UWI_BALLOTS,
    );
    assert_eq!(
        rounds(&r),
        [
            round("first preferences", "A 4, B 3, C 2, UWI 3", &[]),
            round("exclusion of UWI", "A 4, B 3, C 5", &[]),
            round("exclusion of B", "A 7, C 5", &["A"]),
        ]
    );
    assert_eq!(r["rules"]["undeclared_write_ins"], "exclude-first");
}

/// An undeclared write-in is never elected, whatever the rule: 5 of 9 first preferences for
/// UWI (RCTab's `uwi_cannot_win_test`) elect A.
#[test]
fn an_undeclared_write_in_is_never_elected() {
    let ballots = "ballot_id,choice_1\n1,UWI\n2,UWI\n3,UWI\n4,UWI\n5,UWI\n6,A\n7,A\n8,A\n9,B\n";
    for (name, rules) in [
        ("default", String::new()),
        (
            "candidate",
            "undeclared_write_ins = \"candidate\"\n".to_string(),
        ),
        (
            "first",
            "undeclared_write_ins = \"exclude-first\"\n".to_string(),
        ),
    ] {
        let r = count(name, &irv(&rules), ballots);
        assert_eq!(r["elected"], serde_json::json!(["A"]), "{name}");
        assert_eq!(r["rounds"][1]["action"], "exclusion of UWI", "{name}");
    }
}

const SKIP_BALLOTS: &str = "ballot_id,choice_1,choice_2,choice_3\n1,A,,\n2,A,,\n3,A,,\n4,B,,A\n\
                            5,B,,A\n6,C,B,\n7,C,B,\n8,C,,\n9,C,,\n";

/// `max_skipped_ranks`: `B, _, A` reaches A with one skip allowed (A wins 5–4) and exhausts
/// with none (C wins 4–3 of 7).
#[test]
fn max_skipped_ranks_exhausts_after_n_blank_ranks() {
    for (n, winner, a) in [
        ("0", "C", "3"),
        ("1", "A", "5"),
        ("\"unlimited\"", "A", "5"),
    ] {
        let r = count(
            &format!("skip-{}", n.trim_matches('"')),
            &irv(&format!("max_skipped_ranks = {n}\n")),
            SKIP_BALLOTS,
        );
        assert_eq!(r["elected"][0], winner, "{n}");
        assert_eq!(r["rounds"][1]["totals"]["A"], a, "{n}");
    }
    let r = count("skip-0-why", &irv("max_skipped_ranks = 0\n"), SKIP_BALLOTS);
    assert_eq!(r["rounds"][1]["inactive"]["skipped_rankings"], "2");
}

/// `duplicate_candidate`: `C, C, B` passes over the repeat to B (B wins 5–4), or exhausts at
/// it (A wins 4–3).
#[test]
fn duplicate_candidate_skips_or_exhausts() {
    let ballots = "ballot_id,choice_1,choice_2,choice_3\n1,A,,\n2,A,,\n3,A,,\n4,A,,\n5,B,,\n\
                   6,B,,\n7,B,,\n8,C,C,B\n9,C,C,B\n";
    let r = count(
        "dup-skip",
        &irv("duplicate_candidate = \"skip\"\n"),
        ballots,
    );
    assert_eq!(r["elected"][0], "B");
    let r = count(
        "dup-exhaust",
        &irv("duplicate_candidate = \"exhaust\"\n"),
        ballots,
    );
    assert_eq!(r["elected"][0], "A");
    assert_eq!(r["rounds"][1]["inactive"]["repeated_rankings"], "2");
}

const STV_BALLOTS: &str = "ballot_id,choice_1,choice_2\n1,A,B\n2,A,B\n3,A,B\n4,A,B\n5,A,C\n\
                           6,A,C\n7,B,\n8,C,\n9,D,C\n10,D,C\n";

fn two_seats(method: &str, rules: &str) -> String {
    format!(
        "id = \"e\"\nmethod = \"{method}\"\nseats = 2\ncandidates = [\"A\", \"B\", \"C\", \"D\"]\n\
         [rules]\n{rules}"
    )
}

/// `transfer = "all-surpluses"`: A's surplus 2 of 6 moves at f = trunc₄(2/6) = 0.3333 per
/// ballot (B +4 × 0.3333, C +2 × 0.3333, 0.0002 residual); C, then D go out; B fills the
/// second seat as the last continuing candidate; one more round shows the final surplus.
#[test]
fn all_surpluses_moves_truncated_fractions() {
    let r = count(
        "all-surpluses",
        &two_seats("stv", "transfer = \"all-surpluses\"\n"),
        STV_BALLOTS,
    );
    assert_eq!(r["elected"], serde_json::json!(["A", "B"]));
    assert_eq!(
        rounds(&r),
        [
            round(
                "first preferences",
                "A 6.0000, B 1.0000, C 1.0000, D 2.0000",
                &["A"]
            ),
            round(
                "surplus of A",
                "A 4.0000, B 2.3332, C 1.6666, D 2.0000",
                &[]
            ),
            round("exclusion of C", "A 4.0000, B 2.3332, D 2.0000", &[]),
            round("exclusion of D", "A 4.0000, B 2.3332", &["B"]),
            round("final surplus of B", "A 4.0000, B 2.3332", &[]),
        ]
    );
    assert_eq!(
        r["rounds"][1]["transfers"]["A"]["residual surplus"],
        "0.0002"
    );
    assert_eq!(r["rounds"][0]["threshold"], "4");
    // The same ballots by the Scottish rules: same winners, 5 decimals, no extra round.
    let r = count("scottish", &two_seats("stv", ""), STV_BALLOTS);
    assert_eq!(r["rounds"][1]["totals"]["B"], "2.33332");
    assert_eq!(r["rounds"].as_array().unwrap().len(), 4);
    // Hare: ⌈10/2⌉ = 5.
    let r = count(
        "hare",
        &two_seats("stv", "transfer = \"all-surpluses\"\nquota = \"hare\"\n"),
        STV_BALLOTS,
    );
    assert_eq!(r["rounds"][0]["threshold"], "5");
    // Non-integer: trunc₂(10/3) + 0.01 = 3.34.
    let r = count(
        "non-integer",
        &two_seats(
            "stv",
            "transfer = \"all-surpluses\"\nnon_integer_threshold = true\ndecimals = 2\n",
        ),
        STV_BALLOTS,
    );
    assert_eq!(r["rounds"][0]["threshold"], "3.34");
}

/// `bottoms-up`: eliminate until two remain (C and B, tied at 1, go by candidate order: the
/// later listed first); `sequential-irv`: A, then a fresh count without A elects B.
#[test]
fn bottoms_up_and_sequential_irv() {
    let r = count("bottoms-up", &two_seats("bottoms-up", ""), STV_BALLOTS);
    assert_eq!(r["elected"], serde_json::json!(["A", "D"]));
    assert_eq!(
        rounds(&r),
        [
            round("first preferences", "A 6, B 1, C 1, D 2", &[]),
            round("exclusion of C", "A 6, B 1, D 2", &[]),
            round("exclusion of B", "A 6, D 2", &["A", "D"]),
        ]
    );
    let r = count("sequential", &two_seats("sequential-irv", ""), STV_BALLOTS);
    assert_eq!(r["elected"], serde_json::json!(["A", "B"]));
    let seats: Vec<u64> = r["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["seat"].as_u64().unwrap())
        .collect();
    assert_eq!(seats, [1, 2, 2, 2]);
    assert_eq!(r["rounds"][1]["totals"]["B"], "5");
}

/// Bottoms-up with a percentage (`seats = 0`): everyone over 20 % of the votes.
#[test]
fn bottoms_up_with_a_percentage_elects_everyone_over_it() {
    let e = "id = \"e\"\nmethod = \"bottoms-up\"\nseats = 0\ncandidates = [\"A\", \"B\", \"C\", \"D\"]\n\
             [rules]\nbottoms_up_threshold = \"20%\"\n";
    let r = count("percentage", e, STV_BALLOTS);
    // 10 × 0.20 = 2.00: C (1) goes, its ballot exhausts (9 × 0.20 = 1.80); B (1) goes, so
    // 8 × 0.20 = 1.60, and A 6 and D 2 are both over it.
    assert_eq!(r["elected"], serde_json::json!(["A", "D"]));
    assert_eq!(r["status"], "complete");
    assert_eq!(r["rounds"][2]["threshold"], "1.60");
}

/// `stop_after_round`: status `stopped`, the seat still open, D eliminated but not moved.
#[test]
fn stop_after_round_stops() {
    let ballots =
        "ballot_id,choice_1,choice_2\n1,A,\n2,A,\n3,A,\n4,B,\n5,B,\n6,C,B\n7,C,B\n8,D,A\n";
    let e = "id = \"e\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\", \"C\", \"D\"]\n\
             [rules]\nstop_after_round = 1\n";
    let r = count("stop", e, ballots);
    assert_eq!(r["status"], "stopped");
    assert_eq!(
        r["stopped"],
        serde_json::json!({"after_round": 1, "seats_open": 1, "eliminated_in_last_round": ["D"]})
    );
    assert_eq!(r["elected"], serde_json::json!([]));
    // minimum_votes = 3: B, C and D are all under it and go together.
    let e = e.replace("stop_after_round = 1", "minimum_votes = 3");
    let r = count("minimum", &e, ballots);
    assert_eq!(r["rounds"][1]["action"], "exclusion of B, C, D");
    assert_eq!(r["elected"][0], "A");
    // The tie modes on the same ballots: B and C tie for last in round 2.
    let with_mode = |mode: &str| {
        format!("id = \"e\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\", \"C\", \"D\"]\n[tiebreak]\n{mode}")
    };
    let r = count("order", &with_mode("mode = \"candidate-order\"\n"), ballots);
    assert_eq!(r["rounds"][2]["excluded"][0], "C");
    // A and B tie 4–4 in the last round: the earlier listed wins.
    assert_eq!(r["elected"][0], "A");
    assert_eq!(r["ties"][1]["resolved_by"], "candidate-order");
    let r = count(
        "permutation",
        &with_mode("mode = \"permutation\"\npermutation = [\"C\", \"B\", \"A\", \"D\"]\n"),
        ballots,
    );
    assert_eq!(r["rounds"][2]["excluded"][0], "B");
    assert_eq!(r["elected"][0], "A");
    // withdrawn: B is out before the count; the two `B` ballots rank no one else.
    let e = "id = \"e\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\", \"C\", \"D\"]\n\
             withdrawn = [\"B\"]\n";
    let r = count("withdrawn", e, ballots);
    assert_eq!(r["rounds"][0]["totals"]["C"], "2");
    assert!(r["rounds"][0]["totals"].get("B").is_none());
    assert_eq!(r["ballots"]["invalid"]["empty"], 2);
    assert_eq!(r["elected"][0], "A");
}

/// The keys' input errors name the file, line and key (exit 3).
#[test]
fn rctab_keys_refuse_what_does_not_fit() {
    let ballots = "ballot_id,choice_1\n1,A\n";
    for (name, election, field) in [
        (
            "both-skips",
            irv("skipped_ranks = \"skip\"\nmax_skipped_ranks = 1\n"),
            "rules.max_skipped_ranks",
        ),
        ("bad-uwi", irv("undeclared_write_ins = \"yes\"\n"), "rules.undeclared_write_ins"),
        ("bad-decimals", irv("decimals = 0\n"), "rules.decimals"),
        ("hare-irv", irv("quota = \"hare\"\n"), "rules.quota"),
        ("percent-irv", irv("bottoms_up_threshold = \"15%\"\n"), "rules.bottoms_up_threshold"),
        (
            "scottish-rctab",
            "id = \"e\"\nmethod = \"stv\"\nseats = 1\ncandidates = [\"A\"]\n[rules]\nquota = \"hare\"\n"
                .to_string(),
            "rules.quota",
        ),
        (
            "batch-stv",
            two_seats("stv", "transfer = \"all-surpluses\"\nelimination = \"batch\"\n"),
            "rules.elimination",
        ),
        (
            "mode-majority",
            "id = \"e\"\nmethod = \"plurality\"\nseats = 1\ncandidates = [\"A\"]\n[tiebreak]\nmode = \"lot\"\n"
                .to_string(),
            "tiebreak.mode",
        ),
        (
            "order-without-list",
            "id = \"e\"\nmethod = \"irv\"\nseats = 1\n[tiebreak]\nmode = \"candidate-order\"\n"
                .to_string(),
            "tiebreak.mode",
        ),
        (
            "withdrawn-stranger",
            "id = \"e\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\"]\nwithdrawn = [\"Z\"]\n"
                .to_string(),
            "withdrawn",
        ),
        (
            "scottish-few",
            "id = \"e\"\nmethod = \"stv\"\nseats = 2\ncandidates = [\"A\"]\n".to_string(),
            "candidates",
        ),
        (
            "zero-seats",
            "id = \"e\"\nmethod = \"irv\"\nseats = 0\ncandidates = [\"A\"]\n".to_string(),
            "seats",
        ),
    ] {
        let dir = scratch(name);
        let e = write(&dir, "election.toml", &election);
        let b = write(&dir, "ballots.csv", ballots);
        let run = congress(&["elect", &e, &b]);
        assert_eq!(run.code(), 3, "{name}: {}", run.stderr());
        assert!(run.stderr().contains(field), "{name}: {}", run.stderr());
    }
}

/// `--rctab-summary` writes RCTab's summary layout (CRLF), one file per seat for
/// sequential-irv; other counts are refused.
#[test]
fn rctab_summary_files() {
    let dir = scratch("summary");
    let e = write(
        &dir,
        "election.toml",
        &irv("undeclared_write_ins = \"exclude-first\"\n"),
    );
    let b = write(&dir, "ballots.csv", UWI_BALLOTS);
    let out = dir.join("summary.csv");
    let run = congress(&["elect", &e, &b, "--rctab-summary", out.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("Eliminated,Undeclared Write-ins,,,B,,,,,\r\n"),
        "{text}"
    );
    assert!(text.contains("\r\nWinner(s),A\r\n"), "{text}");
    // An existing file is kept without --force.
    let run = congress(&["elect", &e, &b, "--rctab-summary", out.to_str().unwrap()]);
    assert_ne!(run.code(), 0);
    let e = write(&dir, "seq.toml", &two_seats("sequential-irv", ""));
    let b = write(&dir, "stv.csv", STV_BALLOTS);
    let out = dir.join("seq.csv");
    let run = congress(&["elect", &e, &b, "--rctab-summary", out.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(dir.join("seq_1.csv").exists() && dir.join("seq_2.csv").exists());
    let e = write(&dir, "meek.toml", &two_seats("meek", ""));
    let run = congress(&["elect", &e, &b, "--rctab-summary", out.to_str().unwrap()]);
    assert_eq!(run.code(), 3);
}

/// A record counted under RCTab's options (all surpluses, withdrawn, write-ins first,
/// duplicates exhaust, 3 decimals, candidate-order ties) verifies by the same rules: the
/// record keeps `election.toml` byte for byte and the recount reads every option from it.
#[test]
fn a_record_under_rctab_rules_verifies() {
    use crate::util::congress_in;
    let dir = scratch("record");
    assert_eq!(congress_in(&dir, &["keygen", "wang"]).code(), 0);
    let public = std::fs::read_to_string(dir.join("wang.pub")).unwrap();
    let key = public.lines().last().unwrap();
    write(
        &dir,
        "e.toml",
        &format!(
            "id = \"rctab-record\"\nmethod = \"stv\"\nseats = 2\ncandidates = [\"A\", \"B\", \"C\", \"D\"]\n\
             withdrawn = [\"D\"]\n[rules]\ntransfer = \"all-surpluses\"\n\
             undeclared_write_ins = \"exclude-first\"\nduplicate_candidate = \"exhaust\"\ndecimals = 3\n\
             [tiebreak]\nmode = \"candidate-order\"\n\
             [committee]\nthreshold = 1\nmembers = [{{ id = \"wang\", key = \"{key}\" }}]\n"
        ),
    );
    write(
        &dir,
        "b.csv",
        "ballot_id,choice_1,choice_2,choice_3\n1,A,B,\n2,A,B,\n3,A,C,\n4,A,A,C\n5,B,,\n\
         6,C,UWI,\n7,UWI,C,\n8,D,C,\n9,UWI,B,\n",
    );
    let run = congress_in(&dir, &["elect", "e.toml", "b.csv", "--record", "rec"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let run = congress_in(
        &dir,
        &["sign", "rec", "--key", "wang.sec", "--member", "wang"],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let (code, out, _) = congress_in(&dir, &["verify", "rec", "--trust", "wang.pub"]).parts();
    assert_eq!(code, 0, "{out}");
    for id in ["V13", "V30"] {
        assert!(out.contains(&format!("{id} pass")), "{id}: {out}");
    }
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("rec/result.json")).unwrap())
            .unwrap();
    assert_eq!(result["rules"]["transfer"], "all-surpluses");
    assert!(result["rounds"][0]["threshold"].is_string());
}
