//! The committee rules of `majority-approval` and `recall`, one small election per rule
//! (the rules Q, B, W, S and R of docs/methods.md §§ 1, 2 and 5).

use congress::ballot::count::count;
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::ballot::result::{ElectionResult, Status};
use congress::internals::ballot::canonical_ballots;
use congress::internals::input::Source;
use congress::{Error, ErrorKind};

/// An election with `seats` seats over candidates A..E by default, and the given extra TOML.
fn election(seats: u32, candidates: &[&str], attendance: (u64, u64, u64), extra: &str) -> String {
    let names: Vec<String> = candidates.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "id = \"t\"\nmethod = \"majority-approval\"\nseats = {seats}\ncandidates = [{}]\n{extra}\n\
         [attendance]\nentitled = {}\npresent = {}\nissued = {}\n",
        names.join(", "),
        attendance.0,
        attendance.1,
        attendance.2
    )
}

/// Marks ballots: each row is the marks of one ballot in candidate order (`+` yes, `-` no,
/// `.` abstain, `?` illegible), optionally `|write-in` names.
fn marks(candidates: &[&str], rows: &[&str]) -> String {
    let max_w = rows
        .iter()
        .map(|r| r.split('|').count() - 1)
        .max()
        .unwrap_or(0);
    let mut out = String::from("ballot_id");
    for c in candidates {
        out.push(',');
        out.push_str(c);
    }
    for k in 0..max_w {
        out.push_str(&format!(",write_in_{}", k + 1));
    }
    out.push('\n');
    for (i, row) in rows.iter().enumerate() {
        let mut parts = row.split('|');
        let m = parts.next().unwrap();
        out.push_str(&format!("b{i:04}"));
        for ch in m.chars() {
            out.push(',');
            out.push_str(match ch {
                '+' => "○",
                '-' => "×",
                '?' => "?",
                _ => "",
            });
        }
        let ws: Vec<&str> = parts.collect();
        for k in 0..max_w {
            out.push(',');
            out.push_str(ws.get(k).copied().unwrap_or(""));
        }
        out.push('\n');
    }
    out
}

fn try_count(toml: &str, csv: &str) -> Result<ElectionResult, Error> {
    let e = Election::from_bytes("election.toml", toml.as_bytes().to_vec())?;
    let src = Source::from_text("ballots.csv", csv);
    let bx = read_ballots(&src, BallotFormat::detect(&src, &e), &e)?;
    count(&e, &bx)
}

fn run(toml: &str, csv: &str) -> ElectionResult {
    try_count(toml, csv).unwrap_or_else(|e| panic!("{e}"))
}

fn repeat(row: &str, n: usize) -> Vec<&str> {
    vec![row; n]
}

const ABC: &[&str] = &["A", "B", "C"];

#[test]
fn quorum_of_two_thirds_is_inclusive() {
    // henan-2017: present >= 2/3 of entitled. 6 of 9 meets it, 5 of 9 does not.
    let rows = repeat("++.", 5);
    let met = run(&election(2, ABC, (9, 6, 6), ""), &marks(ABC, &rows));
    assert_eq!(met.status, Status::Complete);
    assert!(met.attendance.as_ref().unwrap().quorum_met);
    assert_eq!(met.attendance.as_ref().unwrap().quorum_needed, Some(6));
    let short = run(&election(2, ABC, (9, 5, 5), ""), &marks(ABC, &rows));
    assert_eq!(short.status, Status::NoQuorum);
    assert!(short.elected.is_empty());
    assert_eq!(short.ballots.returned, 5);
}

#[test]
fn strict_quorum_of_cyl_and_turnout_quorum_of_npc_direct() {
    // cyl-basic: present > 4/5 of entitled: 8 of 10 fails, 9 of 10 passes.
    let cyl = "profile = \"cyl-basic\"\n[rules]\nmin_excess = \"0\"";
    let rows = repeat("++.", 8);
    assert_eq!(
        run(&election(2, ABC, (10, 8, 8), cyl), &marks(ABC, &rows)).status,
        Status::NoQuorum
    );
    assert_eq!(
        run(&election(2, ABC, (10, 9, 9), cyl), &marks(ABC, &rows)).status,
        Status::Complete
    );
    // npc-direct: more than half of the voters must vote (ballots returned).
    let npc = "profile = \"npc-direct\"";
    let r = run(
        &election(2, ABC, (10, 10, 10), npc),
        &marks(ABC, &repeat("++.", 5)),
    );
    assert_eq!(r.status, Status::NoQuorum);
    let r = run(
        &election(2, ABC, (10, 10, 10), npc),
        &marks(ABC, &repeat("++.", 6)),
    );
    assert_eq!(r.status, Status::Complete);
}

#[test]
fn more_ballots_returned_than_issued_voids_the_round() {
    let r = run(
        &election(2, ABC, (10, 9, 7), ""),
        &marks(ABC, &repeat("++.", 8)),
    );
    assert_eq!(r.status, Status::VoidRound);
    assert!(r.elected.is_empty());
    assert_eq!(r.ballots.returned, 8);
    // Returned = issued is valid.
    let r = run(
        &election(2, ABC, (10, 9, 8), ""),
        &marks(ABC, &repeat("++.", 8)),
    );
    assert_eq!(r.status, Status::Complete);
}

#[test]
fn overvote_voids_the_whole_ballot_and_undervotes_are_valid() {
    let mut rows = repeat("++-", 5);
    rows.push("+++"); // three yes for two seats
    rows.push("++.|Z"); // two yes and a write-in
    rows.push("..."); // blank: valid
    rows.push("+.."); // under-vote: valid
    let r = run(&election(2, ABC, (10, 9, 9), ""), &marks(ABC, &rows));
    assert_eq!(r.ballots.invalid.get("overvote"), Some(&2));
    assert_eq!(r.ballots.valid, 7);
    assert_eq!(r.ballots.returned, 9);
    let a = &r.candidates.as_ref().unwrap()[0];
    assert_eq!((a.yes, a.no, a.abstain), (6, 0, 1));
    assert_eq!(r.details.get("blank").and_then(|v| v.as_u64()), Some(1));
}

#[test]
fn exact_selection_variant_voids_undervotes() {
    let rows = vec!["++.", "+..", "+.+"];
    let r = run(
        &election(2, ABC, (3, 3, 3), "[rules]\novervote = \"exact\""),
        &marks(ABC, &rows),
    );
    assert_eq!(r.ballots.invalid.get("undervote"), Some(&1));
    assert_eq!(r.ballots.valid, 2);
}

#[test]
fn illegible_mark_voids_only_its_line() {
    let rows = vec!["+?.", "++.", "++.", "???", "+-."];
    let r = run(&election(2, ABC, (5, 5, 5), ""), &marks(ABC, &rows));
    // The wholly illegible ballot is invalid; the partly illegible one counts for A.
    assert_eq!(r.ballots.invalid.get("illegible"), Some(&1));
    assert_eq!(r.ballots.valid, 4);
    let c = r.candidates.as_ref().unwrap();
    assert_eq!((c[0].yes, c[1].yes, c[1].no, c[1].illegible), (4, 2, 1, 1));
    // Under `illegible = "void-ballot"` any illegible mark voids the ballot.
    let r = run(
        &election(2, ABC, (5, 5, 5), "[rules]\nillegible = \"void-ballot\""),
        &marks(ABC, &rows),
    );
    assert_eq!(r.ballots.invalid.get("illegible"), Some(&2));
}

#[test]
fn write_ins_are_counted_and_can_be_elected() {
    let mut rows = repeat("+-.|Z", 6);
    rows.extend(repeat("+..", 3));
    let r = run(&election(2, ABC, (10, 10, 10), ""), &marks(ABC, &rows));
    assert_eq!(r.elected, vec!["A", "Z"]);
    let w = r.write_ins.as_ref().unwrap();
    assert_eq!((w.total, w.names[0].yes, w.names[0].elected), (6, 6, true));
}

#[test]
fn write_in_options() {
    let rows = vec!["+.-|Z", "+..|Z", "+..|B", "+..|Y", "...|Z|Z"];
    let count = |rules: &str| run(&election(2, ABC, (5, 5, 5), rules), &marks(ABC, &rows));
    // Not allowed: every write-in void, not a selection.
    let r = count("[rules]\nwrite_ins = false");
    assert_eq!(
        r.write_ins.as_ref().unwrap().void.get("not-allowed"),
        Some(&6)
    );
    assert_eq!(r.ballots.valid, 5);
    // Must reject a listed candidate first: only the first ballot has a 反对.
    let r = count("[rules]\nwrite_in_requires_reject = true");
    let w = r.write_ins.unwrap();
    assert_eq!(w.names.iter().map(|n| n.yes).sum::<u64>(), 1);
    assert_eq!(w.void.get("without-reject"), Some(&5));
    // Eligibility list.
    let r = count("[rules]\nwrite_in_eligible = [\"Z\"]");
    let w = r.write_ins.unwrap();
    assert_eq!(w.void.get("ineligible"), Some(&1));
    assert_eq!(w.void.get("names-candidate"), Some(&1));
    assert_eq!(w.void.get("duplicate"), Some(&1));
    assert_eq!(w.names[0].name, "Z");
    assert_eq!(w.names[0].yes, 3);
    // A write-in naming a listed candidate counts as a yes when the rule says so.
    let r = count("[rules]\nwrite_in_listed = \"count\"");
    assert_eq!(r.candidates.unwrap()[1].yes, 1);
}

#[test]
fn exactly_half_is_not_a_majority() {
    // 10 present: 5 yes fails, 6 passes (过半数).
    let mut rows = repeat("+..", 5);
    rows.extend(repeat(".+.", 1));
    rows.extend(repeat("...", 4));
    let r = run(
        &election(1, ABC, (10, 10, 10), "[rules]\nmin_excess = \"0\""),
        &marks(ABC, &rows),
    );
    assert_eq!(r.status, Status::SupplementaryRequired);
    assert_eq!(r.threshold.as_ref().unwrap().votes_needed, Some(6));
    let mut rows = repeat("+..", 6);
    rows.extend(repeat("...", 4));
    let r = run(&election(1, ABC, (10, 10, 10), ""), &marks(ABC, &rows));
    assert_eq!(r.elected, vec!["A"]);
}

#[test]
fn each_threshold_base() {
    // entitled 20, present 16, returned 14 (2 of them over-votes), valid 12; A has 8 yes.
    let mut rows = repeat("+..", 8);
    rows.extend(repeat("...", 4));
    rows.extend(repeat("+++", 2));
    let with = |th: &str| {
        run(
            &election(
                2,
                ABC,
                (20, 16, 16),
                &format!("[rules]\nthreshold = \"{th}\""),
            ),
            &marks(ABC, &rows),
        )
    };
    // > 1/2 of present (16): 8 fails.
    assert!(with("> 1/2 present").elected.is_empty());
    // > 1/2 of entitled (20): fails.
    assert!(with("> 1/2 entitled").elected.is_empty());
    // > 1/2 of returned (14): 8 passes.
    assert_eq!(with("> 1/2 returned").elected, vec!["A"]);
    // > 1/2 of valid (12): passes; the report names the base.
    let r = with("> 1/2 valid");
    assert_eq!(r.elected, vec!["A"]);
    let t = r.threshold.unwrap();
    assert_eq!(
        (t.base.as_deref(), t.base_value, t.votes_needed),
        (Some("valid"), Some(12), Some(7))
    );
    // >= 1/2 present: 8 of 16 passes when inclusive.
    assert_eq!(with(">= 1/2 present").elected, vec!["A"]);
}

#[test]
fn qualifiers_are_ranked_by_yes_votes() {
    let mut rows = repeat("+++", 0);
    rows.extend(repeat(".++", 7));
    rows.extend(repeat("+.+", 2));
    rows.extend(repeat("+..", 1));
    // 10 present; B 7, C 9, A 3: C then B.
    let r = run(&election(2, ABC, (10, 10, 10), ""), &marks(ABC, &rows));
    assert_eq!(r.elected, vec!["C", "B"]);
    assert_eq!(r.status, Status::Complete);
}

const ABCD: &[&str] = &["A", "B", "C", "D"];

/// 10 voters: A 7 yes; B and C 6 each; D none: two seats, B and C tie for the second.
fn tied_rows() -> Vec<&'static str> {
    let mut rows = repeat("++..", 3);
    rows.extend(repeat("+.+.", 3));
    rows.extend(repeat(".++.", 3));
    rows.push("+...");
    rows
}

#[test]
fn tie_at_cutoff_requires_a_revote() {
    let rows = tied_rows();
    let r = run(&election(2, ABCD, (10, 10, 10), ""), &marks(ABCD, &rows));
    assert_eq!(r.status, Status::RevoteRequired);
    assert_eq!(r.elected, vec!["A"]);
    let rv = r.revote.unwrap();
    assert_eq!(
        (rv.candidates.clone(), rv.seats, rv.revote_number),
        (vec!["B".to_string(), "C".to_string()], 1, 1)
    );
    assert_eq!(r.ties[0].resolved_by, "revote");
    // The re-vote: an election file for the tied candidates and the open seat.
    let revote =
        "id = \"t-revote-1\"\nmethod = \"majority-approval\"\nround = \"revote\"\nseats = 1\n\
                  candidates = [\"B\", \"C\"]\n[attendance]\nentitled = 10\npresent = 10\n";
    let r = run(revote, &marks(&["B", "C"], &["+.", "+.", ".+", "..", "+."]));
    assert_eq!(r.elected, vec!["B"]);
    assert_eq!(r.threshold.unwrap().rule, "plurality");
    // A further tie asks for re-vote 2; with max_revote_rounds = 1 the fallback decides.
    let again = run(revote, &marks(&["B", "C"], &["+.", ".+"]));
    assert_eq!(again.revote.unwrap().revote_number, 2);
    let capped = revote.replace(
        "round = \"revote\"",
        "round = \"revote\"\nrevote_number = 1",
    ) + "[rules]\nmax_revote_rounds = 1\n";
    let r = run(&capped, &marks(&["B", "C"], &["+.", ".+"]));
    assert_eq!(r.status, Status::Vacancy);
}

#[test]
fn tie_at_cutoff_by_lot_needs_a_seed() {
    let rows = tied_rows();
    let toml = election(2, ABCD, (10, 10, 10), "[rules]\ntie_at_cutoff = \"lot\"");
    let e = try_count(&toml, &marks(ABCD, &rows)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Tie);
    assert_eq!(e.exit_code(), 4);
    let seeded = format!("{toml}[tiebreak]\nseed = \"drand round 1234\"\n");
    let r = run(&seeded, &marks(ABCD, &rows));
    assert_eq!(r.status, Status::Complete);
    assert_eq!(r.elected.len(), 2);
    assert_eq!(r.lots.len(), 1);
    assert_eq!(r.lots[0].candidates, vec!["B", "C"]);
    assert_eq!(r.ties[0].resolved_by, "lot");
    assert_eq!(r.elected[1], r.lots[0].order[0]);
    // The lot is bound to the ballots root: the same inputs draw the same lot.
    assert_eq!(run(&seeded, &marks(ABCD, &rows)).lots, r.lots);
}

#[test]
fn tie_at_cutoff_as_vacancy() {
    let rows = tied_rows();
    let r = run(
        &election(
            2,
            ABCD,
            (10, 10, 10),
            "[rules]\ntie_at_cutoff = \"vacancy\"",
        ),
        &marks(ABCD, &rows),
    );
    assert_eq!(r.status, Status::Vacancy);
    assert_eq!(r.elected, vec!["A"]);
    assert_eq!(r.vacancy.unwrap().seats, 1);
}

#[test]
fn shortfall_gives_a_supplementary_slate_in_first_round_order() {
    // 3 seats, 10 present: only A passes (9). Unelected in order: C 5, B 4, D 1.
    let mut rows = repeat("+.+.", 4);
    rows.extend(repeat("++..", 4));
    rows.push("+..+");
    rows.push("..+.");
    let r = run(&election(3, ABCD, (10, 10, 10), ""), &marks(ABCD, &rows));
    assert_eq!(r.status, Status::SupplementaryRequired);
    assert_eq!(r.elected, vec!["A"]);
    let s = r.supplementary.unwrap();
    // henan-2017: excess 0, so 2 open seats → 2 candidates, in first-round order.
    assert_eq!(
        (s.seats, s.slate.clone(), s.min_slate),
        (2, vec!["C".to_string(), "B".to_string()], 2)
    );
    assert_eq!(s.threshold, "> 1/2 present");
    // One open seat → two candidates (EL 45).
    let mut rows = repeat("++..", 4);
    rows.extend(repeat("+.+.", 3));
    rows.extend(repeat("+..+", 1));
    rows.extend(repeat("...+", 1));
    let r = run(&election(2, ABCD, (10, 10, 10), ""), &marks(ABCD, &rows));
    let s = r.supplementary.unwrap();
    assert_eq!((s.seats, s.slate.len()), (1, 2));
    assert_eq!(s.slate, vec!["B", "C"]);
}

#[test]
fn supplementary_slate_follows_the_profile_ratio() {
    // cyl-basic: 20% excess, ceil. 5 seats, 6 candidates, 1 elected → 4 open → 4 + ceil(0.8) = 5.
    let names = &["A", "B", "C", "D", "E", "F"];
    let mut rows = repeat("+.....", 9);
    rows.extend(repeat(".+++++", 1));
    let toml = election(5, names, (10, 10, 10), "profile = \"cyl-basic\"");
    let r = run(&toml, &marks(names, &rows));
    let s = r.supplementary.unwrap();
    assert_eq!((s.seats, s.min_slate, s.slate.len()), (4, 5, 5));
}

#[test]
fn supplementary_round_thresholds() {
    // npc-direct's 另行选举: plurality, but at least 1/3 of the ballots.
    let supp = |profile: &str| {
        format!(
            "id = \"t-supp\"\nmethod = \"majority-approval\"\nround = \"supplementary\"\nseats = 1\n\
             profile = \"{profile}\"\ncandidates = [\"B\", \"C\"]\n[attendance]\nentitled = 12\n\
             present = 12\n"
        )
    };
    // 9 ballots: B 4 yes, C 3: B has the most and 3*4 >= 9.
    let mut rows = repeat("+.", 4);
    rows.extend(repeat(".+", 3));
    rows.extend(repeat("..", 2));
    let r = run(&supp("npc-direct"), &marks(&["B", "C"], &rows));
    assert_eq!(r.elected, vec!["B"]);
    assert_eq!(
        r.threshold.as_ref().unwrap().rule,
        "plurality >= 1/3 returned"
    );
    assert_eq!(r.round.as_deref(), Some("supplementary"));
    // henan-2017: the same majority (> 1/2 of 12 present): nobody; the seat stays vacant.
    let r = run(&supp("henan-2017"), &marks(&["B", "C"], &rows));
    assert_eq!(r.status, Status::Vacancy);
    assert!(r.supplementary.is_none());
    // npc-direct with too few votes: 2 of 9 ballots is below a third.
    let mut rows = repeat("+.", 2);
    rows.extend(repeat("..", 7));
    let r = run(&supp("npc-direct"), &marks(&["B", "C"], &rows));
    assert_eq!(r.status, Status::Vacancy);
}

#[test]
fn minimum_slate_size_is_checked() {
    // party-basic-2020: 20% excess: 3 seats need ceil(3.6) = 4 candidates.
    let e = Election::from_bytes(
        "e.toml",
        election(3, ABC, (10, 10, 10), "profile = \"party-basic-2020\"").into_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("candidates"));
    assert_eq!(e.line, Some(4));
    assert!(e.message.contains("at least 4"), "{e}");
    assert!(Election::from_bytes(
        "e.toml",
        election(3, ABCD, (10, 10, 10), "profile = \"party-basic-2020\"").into_bytes()
    )
    .is_ok());
    // The village profile needs more candidates than seats; npc-indirect at most 1/2 more.
    assert!(Election::from_bytes(
        "e.toml",
        election(3, ABC, (10, 10, 10), "profile = \"village\"").into_bytes()
    )
    .is_err());
    let six = &["A", "B", "C", "D", "E", "F"];
    let e = Election::from_bytes(
        "e.toml",
        election(3, six, (10, 10, 10), "profile = \"npc-indirect\"").into_bytes(),
    )
    .unwrap_err();
    assert!(e.message.contains("at most 4"), "{e}");
}

#[test]
fn every_profile_counts_with_its_own_threshold() {
    // entitled 20, present 17, 14 ballots returned: A has 9 yes.
    let five = &["A", "B", "C", "D", "E"];
    let mut rows = repeat("+....", 9);
    rows.extend(repeat(".....", 5));
    let expect = [
        ("henan-2017", true),       // 9 > 8.5 (half of present)
        ("cyl-basic", true),        // same base
        ("party-basic-2020", true), // same base
        ("trade-union", false),     // 9 is not > 10 (half of entitled)
        ("npc-direct", true),       // 9 > 7 (half of returned)
        ("npc-indirect", false),    // all deputies
        ("village", true),          // voters voting
    ];
    for (profile, elected) in expect {
        let toml = election(
            1,
            five,
            (20, 17, 17),
            &format!("profile = \"{profile}\"\n[rules]\nmax_excess = \"10\""),
        );
        let r = run(&toml, &marks(five, &rows));
        assert_eq!(
            r.elected == vec!["A"],
            elected,
            "{profile}: {:?}",
            r.threshold
        );
        assert_eq!(r.profile.as_deref(), Some(profile));
    }
}

fn recall(extra: &str, entitled: u64, rows: &[&str]) -> ElectionResult {
    let toml = format!(
        "id = \"recall\"\nmethod = \"recall\"\ncandidates = [\"王芳\"]\n{extra}\n[attendance]\n\
         entitled = {entitled}\npresent = {entitled}\n"
    );
    run(&toml, &marks(&["王芳"], rows))
}

#[test]
fn recall_needs_more_than_half_of_all_members() {
    // 10 members: 5 yes is exactly half (fails), 6 passes.
    let mut rows = repeat("+", 5);
    rows.extend(repeat("-", 3));
    let r = recall("", 10, &rows);
    let rc = r.recall.unwrap();
    assert!(!rc.passed);
    assert_eq!((rc.yes, rc.no, rc.votes_needed), (5, 3, Some(6)));
    rows.push("+");
    let r = recall("", 10, &rows);
    assert!(r.recall.unwrap().passed);
    assert!(r.elected.is_empty());
    // Overridable: > 1/2 of the ballots returned.
    let rows = vec!["+", "+", "-", "?"];
    let r = recall("[rules]\nthreshold = \"> 1/2 valid\"", 10, &rows);
    assert_eq!(r.ballots.invalid.get("illegible"), Some(&1));
    assert!(r.recall.unwrap().passed);
    // village: turnout quorum first.
    let r = recall("profile = \"village\"", 10, &["+", "+", "+", "+", "+"]);
    assert_eq!(r.status, Status::NoQuorum);
    let r = recall("profile = \"village\"", 10, &["+", "+", "+", "+", "-", "-"]);
    assert!(r.recall.unwrap().passed);
}

#[test]
fn canonical_ballots_recount_to_the_same_result() {
    let rows = vec!["+?-|Z", "++.", "...", "+-+", "-.+|Y|Z"];
    let toml = election(2, ABC, (5, 5, 5), "secrecy = \"none\"");
    let e = Election::from_bytes("e.toml", toml.clone().into_bytes()).unwrap();
    let src = Source::from_text("ballots.csv", marks(ABC, &rows));
    let bx = read_ballots(&src, BallotFormat::Marks, &e).unwrap();
    let first = count(&e, &bx).unwrap();
    let text = canonical_ballots::canonical_csv(&bx, &e);
    assert!(
        text.starts_with("ballot_id,A,B,C,write_in_1,write_in_2\nb0000,yes,?,no,Z,\n"),
        "{text}"
    );
    let again = run(&toml, &text);
    assert_eq!(again.ballots_root, first.ballots_root);
    assert_eq!(again.candidates, first.candidates);
    assert_eq!(
        canonical_ballots::canonical_csv(
            &read_ballots(
                &Source::from_text("c.csv", text.clone()),
                BallotFormat::Marks,
                &e
            )
            .unwrap(),
            &e
        ),
        text
    );
    // The root is the RFC 6962 root over the data lines.
    let lines: Vec<String> = text.lines().skip(1).map(String::from).collect();
    assert_eq!(
        congress::digest::hex(&canonical_ballots::root_of_lines(&lines)),
        first.ballots_root
    );
}

/// A re-vote file for B and C, one seat, with extra `[rules]` lines.
fn revote_file(number: u32, rules: &str) -> String {
    format!(
        "id = \"t-revote\"\nmethod = \"majority-approval\"\nround = \"revote\"\n\
         revote_number = {number}\nseats = 1\ncandidates = [\"B\", \"C\"]\n\
         [attendance]\nentitled = 7\npresent = 7\n[tiebreak]\nseed = \"beacon\"\n[rules]\n{rules}\n"
    )
}

#[test]
fn a_tie_at_zero_votes_in_a_revote_is_still_a_tie() {
    // Nobody says yes to B or C: a tie (W3, "repeat on a further tie"), not a vacancy.
    let rows = &["..", "--", ".."];
    let r = run(&revote_file(1, ""), &marks(&["B", "C"], rows));
    assert_eq!(r.status, Status::RevoteRequired);
    let rv = r.revote.unwrap();
    assert_eq!((rv.candidates.len(), rv.revote_number), (2, 2));
    // Once the re-votes allowed are held, the fallback (here a lot) decides.
    let capped = revote_file(1, "max_revote_rounds = 1\nrevote_fallback = \"lot\"");
    let r = run(&capped, &marks(&["B", "C"], rows));
    assert_eq!(r.status, Status::Complete);
    assert_eq!(r.lots.len(), 1);
    assert_eq!(r.elected, vec![r.lots[0].order[0].clone()]);
    // Zero yes votes elect nobody outside a tie: one yes for B against none for C elects B.
    let r = run(
        &revote_file(1, ""),
        &marks(&["B", "C"], &["+.", "--", ".."]),
    );
    assert_eq!(
        (r.status, r.elected),
        (Status::Complete, vec!["B".to_string()])
    );
}

#[test]
fn max_revote_rounds_of_zero_sends_a_first_round_tie_to_the_fallback() {
    let rows = tied_rows();
    let toml = election(
        2,
        ABCD,
        (10, 10, 10),
        "[rules]\nmax_revote_rounds = 0\nrevote_fallback = \"vacancy\"",
    );
    let r = run(&toml, &marks(ABCD, &rows));
    assert_eq!(r.status, Status::Vacancy);
    let reason = r.vacancy.unwrap().reason;
    assert!(reason.contains("revote_fallback = vacancy"), "{reason}");
    // Without the cap the tie asks for a re-vote.
    let r = run(&election(2, ABCD, (10, 10, 10), ""), &marks(ABCD, &rows));
    assert_eq!(r.status, Status::RevoteRequired);
}

#[test]
fn a_slate_short_of_its_minimum_asks_for_nominations() {
    // 2 seats, 2 candidates: A passes, B fails. One open seat needs two candidates (EL 45),
    // and only B is left: one more must be nominated (LOC 29).
    let rows = &["++", "+.", "+.", ".+", ".."];
    let r = run(
        &election(2, &["A", "B"], (5, 5, 5), ""),
        &marks(&["A", "B"], rows),
    );
    assert_eq!(r.status, Status::SupplementaryRequired);
    let s = r.supplementary.unwrap();
    assert_eq!(
        (s.slate.clone(), s.min_slate, s.nominate),
        (vec!["B".to_string()], 2, 1)
    );
    // The 另行选举 itself must then have two candidates for its seat.
    let supplementary = |candidates: &str| {
        format!(
            "id = \"t-supp\"\nmethod = \"majority-approval\"\nround = \"supplementary\"\n\
             seats = 1\ncandidates = [{candidates}]\n[attendance]\nentitled = 5\npresent = 5\n"
        )
    };
    let e = Election::from_bytes("s.toml", supplementary("\"B\"").into_bytes()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("candidates"));
    assert!(e.message.contains("needs at least 2"), "{e}");
    assert!(Election::from_bytes("s.toml", supplementary("\"B\", \"E\"").into_bytes()).is_ok());
    // A slate with enough unelected candidates asks for no nomination (the field is absent).
    let mut rows = repeat("++..", 4);
    rows.extend(repeat("+.+.", 3));
    rows.extend(repeat("+..+", 1));
    rows.extend(repeat("...+", 1));
    let r = run(&election(2, ABCD, (10, 10, 10), ""), &marks(ABCD, &rows));
    assert_eq!(r.supplementary.as_ref().unwrap().nominate, 0);
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["supplementary"].get("nominate").is_none());
}

#[test]
fn npc_indirect_holds_a_one_seat_election_with_two_candidates() {
    // 1/5 to 1/2 excess: one seat takes two candidates (EL 45), never "at least 2, at most 1".
    let toml = election(1, &["A", "B"], (9, 6, 6), "profile = \"npc-indirect\"");
    let r = run(
        &toml,
        &marks(&["A", "B"], &["+.", "+.", "+.", "+.", "+.", ".+"]),
    );
    assert_eq!(r.elected, vec!["A"]);
    let three = election(1, ABC, (9, 6, 6), "profile = \"npc-indirect\"");
    let e = Election::from_bytes("e.toml", three.into_bytes()).unwrap_err();
    assert!(e.message.contains("allows at most 2"), "{e}");
}

#[test]
fn a_write_in_repeating_a_yes_is_not_a_second_selection() {
    // write_in_listed = "count": a yes for A and a write-in of A is one choice; the write-in
    // is void as a duplicate and the ballot stays valid.
    let toml = election(
        1,
        &["A", "B"],
        (3, 3, 3),
        "[rules]\nwrite_ins = true\nwrite_in_listed = \"count\"",
    );
    let r = run(&toml, &marks(&["A", "B"], &["+.|A", "+.", "..|A"]));
    assert_eq!(r.ballots.valid, 3);
    assert!(r.ballots.invalid.is_empty(), "{:?}", r.ballots.invalid);
    assert_eq!(
        r.write_ins.as_ref().unwrap().void.get("duplicate"),
        Some(&1)
    );
    assert_eq!(r.candidates.as_ref().unwrap()[0].yes, 3);
    // Two different choices on a one-seat ballot are still an over-vote.
    let r = run(&toml, &marks(&["A", "B"], &["+.|B", "+.", "+."]));
    assert_eq!(r.ballots.invalid.get("overvote"), Some(&1));
}

#[test]
fn candidate_names_differing_only_in_case_take_their_exact_columns() {
    let toml = election(1, &["Ab", "AB"], (3, 3, 3), "");
    let csv = "ballot_id,AB,Ab\n1,y,\n2,y,\n3,,y\n";
    let r = run(&toml, csv);
    assert_eq!(r.elected, vec!["AB"]);
    let c = r.candidates.unwrap();
    assert_eq!((c[0].name.as_str(), c[0].yes, c[1].yes), ("Ab", 1, 2));
    // A header in another case still matches a lone candidate.
    let r = run(
        &election(1, &["A", "B"], (3, 3, 3), ""),
        "ballot_id,a,b\n1,y,\n2,y,\n3,,y\n",
    );
    assert_eq!(r.elected, vec!["A"]);
    // Two columns for one candidate in other cases are an error on line 1; beside an exact
    // column, another case is a column of no candidate.
    let e = try_count(
        &election(1, &["A", "B"], (3, 3, 3), ""),
        "ballot_id,a, a ,b\n1,y,,\n",
    )
    .unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("A")));
    assert!(e.message.contains("two columns"), "{e}");
    let e = try_count(
        &election(1, &["A", "B"], (3, 3, 3), ""),
        "ballot_id,a,A,b\n1,y,,\n",
    )
    .unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("a")));
}
