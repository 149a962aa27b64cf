//! The PrefLib reader (`.soc/.soi/.toc/.toi`): aggregation, ties, ids, and every malformed
//! line reported with file and line.

use congress::ballot::formats::preflib;
use congress::ballot::ranked::RankEntry::{self, Single, Tied};
use congress::ballot::BallotBox;
use congress::internals::input::{Encoding, Source};

const HEADER: &str = "# FILE NAME: test.toi
# TITLE: Test election
# DATA TYPE: toi
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Alice
# ALTERNATIVE NAME 2: Bob
# ALTERNATIVE NAME 3: Carol
";

fn read(name: &str, text: &str) -> congress::Result<BallotBox> {
    preflib::read(&Source::from_text(name, text), None)
}

fn error(name: &str, text: &str) -> String {
    let e = read(name, text).expect_err("expected an input error");
    assert_eq!(e.exit_code(), 3, "{e}");
    e.to_string()
}

#[test]
fn reads_orders_with_ties_and_aggregates_identical_ones() {
    let text = format!("{HEADER}4: 1,{{2,3}}\n2: 3\n1: 1, {{3, 2}}\n\n");
    let bb = read("test.toi", &text).unwrap();
    assert_eq!(bb.candidates, ["Alice", "Bob", "Carol"]);
    assert_eq!(bb.title.as_deref(), Some("Test election"));
    assert_eq!(bb.ranked.ballots.len(), 2);
    assert_eq!(bb.ranked.ballots.weight(0), 5);
    assert_eq!(
        bb.ranked.ballots.entries(0),
        vec![Single(0), Tied(vec![1, 2])]
    );
    assert_eq!(bb.ranked.ballots.entries(1), vec![Single(2)]);
    let ids: Vec<String> = (0..bb.roll.len())
        .map(|i| bb.roll.id(i).to_string())
        .collect();
    assert_eq!(
        ids,
        ["b08.1", "b08.2", "b08.3", "b08.4", "b09.1", "b09.2", "b10"]
    );
    assert_eq!(bb.ranking_of(6), &[Single(0), Tied(vec![1, 2])]);
}

#[test]
fn election_candidates_in_another_order_are_mapped() {
    let text = format!("{HEADER}4: 1,2\n");
    let election: Vec<String> = ["Carol", "Alice", "Bob"].map(String::from).to_vec();
    let bb = preflib::read(&Source::from_text("t.toi", text.clone()), Some(&election)).unwrap();
    assert_eq!(bb.candidates, election);
    assert_eq!(bb.ranked.candidates, election);
    assert_eq!(bb.ranked.ballots.entries(0), vec![Single(1), Single(2)]);

    let other: Vec<String> = ["Alice", "Bob", "Dave"].map(String::from).to_vec();
    let e = preflib::read(&Source::from_text("t.toi", text.clone()), Some(&other)).unwrap_err();
    assert!(e.to_string().contains("'Carol' is not a candidate"), "{e}");
    let more: Vec<String> = ["Alice", "Bob", "Carol", "Dave"].map(String::from).to_vec();
    let e = preflib::read(&Source::from_text("t.toi", text), Some(&more)).unwrap_err();
    assert!(e.to_string().contains("Dave"), "{e}");
}

#[test]
fn names_may_come_from_the_election() {
    let text = "# NUMBER ALTERNATIVES: 2\n3: 2,1\n";
    let election: Vec<String> = ["X", "Y"].map(String::from).to_vec();
    let bb = preflib::read(&Source::from_text("t.soc", text), Some(&election)).unwrap();
    assert_eq!(bb.candidates, election);
    assert_eq!(bb.ranked.ballots.entries(0), vec![Single(1), Single(0)]);
    assert_eq!(
        error("t.soc", text),
        "t.soc:2: alternative 1 has no name, expected a line `# ALTERNATIVE NAME 1: …` (or candidates in the election file)"
    );
}

#[test]
fn data_type_from_the_extension_when_not_in_the_file() {
    let text = "# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n1: {1,2}\n";
    assert!(read("x.toc", text).is_ok());
    assert!(read("x.txt", text).is_ok(), "default toi");
    assert_eq!(
        error("x.soc", text),
        "x.soc:3: ranking: a group of equally ranked alternatives in a strict order (soc); use .toc/.toi for orders with ties"
    );
}

#[test]
fn strict_and_complete_orders_are_checked() {
    let strict = HEADER.replace("DATA TYPE: toi", "DATA TYPE: soi");
    assert!(error("t.soi", &format!("{strict}1: 1,{{2,3}}\n")).starts_with("t.soi:8: ranking:"));
    assert!(
        read("t.soi", &format!("{strict}1: 1\n1:\n")).is_ok(),
        "incomplete is fine"
    );
    let complete = HEADER.replace("DATA TYPE: toi", "DATA TYPE: soc");
    assert!(read("t.soc", &format!("{complete}1: 3,1,2\n")).is_ok());
    assert_eq!(
        error("t.soc", &format!("{complete}1: 3,1,2\n2: 1\n")),
        "t.soc:9: ranking: alternative(s) 2, 3 not ranked; a complete order (soc) ranks every alternative (use .soi/.toi for incomplete orders)"
    );
    let toc = HEADER.replace("DATA TYPE: toi", "DATA TYPE: toc");
    assert!(read("t.toc", &format!("{toc}1: {{3,1,2}}\n")).is_ok());
    assert!(error("t.toc", &format!("{toc}1: {{3,1}}\n")).contains("alternative(s) 2 not ranked"));
}

#[test]
fn malformed_order_lines_name_file_and_line() {
    let cases: [(&str, &str); 12] = [
        (
            "1 1,2",
            "t.toi:8: order: expected `count: ranking` (e.g. `3: 1,2,{3,4}`), found '1 1,2'",
        ),
        (
            "0: 1",
            "t.toi:8: count: count 0, expected a number of ballots ≥ 1",
        ),
        (
            "x: 1",
            "t.toi:8: count: 'x' is not a whole number, expected a number of ballots ≥ 1",
        ),
        (
            "-2: 1",
            "t.toi:8: count: '-2' is not a whole number, expected a number of ballots ≥ 1",
        ),
        (
            "1: 1,4",
            "t.toi:8: ranking: alternative 4 is out of range, expected 1 to 3",
        ),
        (
            "1: 0",
            "t.toi:8: ranking: alternative 0 is out of range, expected 1 to 3",
        ),
        (
            "1: 1,2,1",
            "t.toi:8: ranking: alternative 1 appears twice in one order",
        ),
        (
            "1: 1,{2,1}",
            "t.toi:8: ranking: alternative 1 appears twice in one order",
        ),
        (
            "1: 1,{2,3",
            "t.toi:8: ranking: unclosed group in '1,{2,3', expected ',' or '}'",
        ),
        (
            "1: 1,",
            "t.toi:8: ranking: expected an alternative number (1 to 3), found nothing",
        ),
        (
            "1: 1;2",
            "t.toi:8: ranking: unexpected ';' in '1;2', expected ',' between alternatives",
        ),
        (
            "1: Alice",
            "t.toi:8: ranking: expected an alternative number (1 to 3), found 'Alice'",
        ),
    ];
    for (line, expected) in cases {
        assert_eq!(error("t.toi", &format!("{HEADER}{line}\n")), expected);
    }
    // A later bad line is reported at its own line, after good ones.
    assert!(error("t.toi", &format!("{HEADER}1: 1\n\n1: 9\n")).starts_with("t.toi:10: ranking:"));
}

#[test]
fn metadata_is_checked() {
    let voters = HEADER.replace(
        "# NUMBER ALTERNATIVES",
        "# NUMBER VOTERS: 5\n# NUMBER ALTERNATIVES",
    );
    assert!(read("t.toi", &format!("{voters}3: 1\n2: 2\n")).is_ok());
    assert_eq!(
        error("t.toi", &format!("{voters}3: 1\n")),
        "t.toi:4: NUMBER VOTERS: the orders' counts add up to 3 ballots, but the file says 5"
    );
    let unique = HEADER.replace(
        "# NUMBER ALTERNATIVES",
        "# NUMBER UNIQUE ORDERS: 2\n# NUMBER ALTERNATIVES",
    );
    assert_eq!(
        error("t.toi", &format!("{unique}3: 1\n")),
        "t.toi:4: NUMBER UNIQUE ORDERS: the file has 1 order lines, but says 2"
    );
    assert_eq!(
        error("t.toi", &format!("{HEADER}1: 1\n# NUMBER VOTERS: 1\n")),
        "t.toi:9: NUMBER VOTERS: metadata after the first order; every # line must come before the orders"
    );
    assert!(read("t.toi", &format!("{HEADER}1: 1\n# a comment: fine\n")).is_ok());
    assert_eq!(
        error("t.toi", &HEADER.replace("NUMBER ALTERNATIVES: 3", "NUMBER ALTERNATIVES: three")),
        "t.toi:4: NUMBER ALTERNATIVES: 'three' is not a whole number, expected the number of alternatives"
    );
    assert_eq!(
        error("t.toi", &format!("{}1: 1\n", HEADER.replace("DATA TYPE: toi", "DATA TYPE: wmd"))),
        "t.toi:3: DATA TYPE: unsupported data type 'wmd', expected soc, soi, toc or toi (ordinal preferences)"
    );
    assert_eq!(
        error(
            "t.toi",
            &format!("{}1: 1\n", HEADER.replace("NAME 3: Carol", "NAME 3: Alice"))
        ),
        "t.toi:7: ALTERNATIVE NAME 3: 'Alice' names alternatives 1 and 3; names must be unique"
    );
    assert_eq!(
        error(
            "t.toi",
            &format!("{HEADER}# ALTERNATIVE NAME 4: Dave\n1: 1\n")
        ),
        "t.toi:8: ALTERNATIVE NAME 4: alternative 4 is out of range, the file has 3 alternatives"
    );
    assert_eq!(
        error(
            "t.toi",
            &format!("{HEADER}# ALTERNATIVE NAME 2: Bert\n1: 1\n")
        ),
        "t.toi:8: ALTERNATIVE NAME 2: alternative 2 is named twice"
    );
    assert_eq!(
        error("t.toi", HEADER),
        "t.toi: no orders found, expected `count: ranking` lines after the # metadata"
    );
    assert_eq!(
        error("t.toi", "1: 1\n"),
        "t.toi:1: missing # NUMBER ALTERNATIVES and # ALTERNATIVE NAME lines, expected the alternatives before the orders"
    );
    // Huge alternative numbers (found by fuzzing): an error, never room made for them all.
    assert_eq!(
        error(
            "t.soi",
            "# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 77777777777: B\n1: 1\n"
        ),
        "t.soi:3: alternative 2 has no name, expected a line `# ALTERNATIVE NAME 2: …` (or candidates in the election file)"
    );
    assert_eq!(
        error(
            "t.toi",
            &format!(
                "{}1: 1\n",
                HEADER.replace("NUMBER ALTERNATIVES: 3", "NUMBER ALTERNATIVES: 4000000000")
            )
        ),
        "t.toi:8: alternative 4 has no name, expected a line `# ALTERNATIVE NAME 4: …` (or candidates in the election file)"
    );
}

#[test]
fn windows_line_endings_are_read() {
    let text = format!("{HEADER}2: 1,2\n").replace('\n', "\r\n");
    let bb = read("t.toi", &text).unwrap();
    assert_eq!(bb.ranked.ballots.entries(0), vec![Single(0), Single(1)]);
}

#[test]
fn burlington_2009_toi() {
    // fixtures/elections/burlington-2009-mayor: 8,980 ballots, 6 options; `{5,6}` groups are
    // overvotes in the original (two candidates marked at one rank).
    let source = Source::open(
        "fixtures/elections/burlington-2009-mayor/ballots.toi",
        Encoding::Utf8,
    )
    .unwrap();
    let bb = preflib::read(&source, None).unwrap();
    assert_eq!(bb.candidates.len(), 6);
    assert_eq!(bb.candidates[0], "Bob Kiss");
    assert_eq!(bb.candidates[4], "Kurt Wright");
    assert_eq!(bb.ranked.total_weight(), 8980);
    assert_eq!(bb.roll.len(), 8980);
    assert_eq!(bb.ranked.ballots.len(), 384);
    let tied: u64 = bb
        .ranked
        .ballots
        .to_weighted()
        .iter()
        .filter(|b| b.ranking.iter().any(|e| matches!(e, RankEntry::Tied(_))))
        .map(|b| b.weight)
        .sum();
    assert_eq!(tied, 6);
    assert_eq!(bb.ranked.ballots.entries(0), vec![Single(4)]);
    assert_eq!(bb.ranked.ballots.weight(0), 840);
}
