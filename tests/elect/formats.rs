//! Ballot formats: detection, the real Minneapolis cast-vote record, ranked canonical files
//! read back exactly, and malformed lines in each CSV reader.

use crate::util::fixture;
use congress::ballot::election::Election;
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::ballot::ranked::RankEntry;
use congress::internals::ballot::canonical_ballots::{ballot_lines, canonical_csv};
use congress::internals::input::{Encoding, Source};

fn election(text: &str) -> Election {
    Election::from_bytes("election.toml", text.as_bytes().to_vec()).unwrap()
}

const MINNEAPOLIS: &[&str] = &[
    "Jacob Frey",
    "Tom Hoch",
    "Betsy Hodges",
    "Nekima Levy-Pounds",
    "Raymond Dehn",
    "Aswar Rahman",
    "Al Flowers",
    "David Rosenfeld",
    "L.A. Nik",
    "Captain Jack Sparrow",
    "Charlie Gers",
    "Theron Preston Washington",
    "Christopher Zimmerman",
    "Ronald Lischeid",
    "David John Wilson",
    "Gregg A. Iverson",
    "Troy Benjegerdes",
    "Ian Simpson",
];

#[test]
fn minneapolis_cvr_reads_with_line_ids_and_uwi() {
    let path = &fixture("elections/minneapolis-2017-mayor/cvr.csv");
    let names: Vec<String> = MINNEAPOLIS.iter().map(|s| format!("\"{s}\"")).collect();
    let e = election(&format!(
        "id = \"minneapolis-2017-mayor\"\nmethod = \"irv\"\nseats = 1\ncandidates = [{}]\n",
        names.join(", ")
    ));
    let src = Source::open(path, Encoding::Utf8).unwrap();
    assert_eq!(BallotFormat::detect(&src, &e), BallotFormat::Choices);
    let bx = read_ballots(&src, BallotFormat::Choices, &e).unwrap();
    // SOURCE.md: 105,928 rows, 1,369 with no rankings.
    assert_eq!(bx.ranked.total_weight(), 105_928);
    assert_eq!(bx.roll.len(), 105_928);
    let blank: u64 = bx
        .ranked
        .ballots
        .to_weighted()
        .iter()
        .filter(|b| b.ranking.is_empty())
        .map(|b| b.weight)
        .sum();
    assert_eq!(blank, 1_369);
    assert_eq!(bx.candidates.last().map(String::as_str), Some("UWI"));
    assert_eq!(bx.candidates.len(), MINNEAPOLIS.len() + 1);
    // Line 2: "Jacob Frey,Nekima Levy-Pounds,Raymond Dehn".
    assert_eq!(bx.roll.id(0), "line-000002");
    assert_eq!(
        bx.ranking_of(0),
        &[
            RankEntry::Single(0),
            RankEntry::Single(3),
            RankEntry::Single(4)
        ]
    );
    // Line 4: "Jacob Frey,undervote,undervote": trailing skipped ranks dropped.
    assert_eq!(bx.ranking_of(2), &[RankEntry::Single(0)]);
    // First preferences of the declared winner in this CVR.
    let frey_first: u64 = bx
        .ranked
        .ballots
        .to_weighted()
        .iter()
        .filter(|b| b.ranking.first() == Some(&RankEntry::Single(0)))
        .map(|b| b.weight)
        .sum();
    assert!(frey_first > 25_000, "{frey_first}");
    // The canonical file reads back to the same ballots.
    let text = canonical_csv(&bx, &e);
    assert!(text.starts_with("ballot_id,rank_1,rank_2,rank_3\n"));
    let back = congress::ballot::formats::choices::read_numbered(
        &Source::from_text("ballots.csv", text.clone()),
        &bx.candidates,
        congress::ballot::formats::choices::Repeats::Skipped,
    )
    .unwrap();
    assert_eq!(canonical_csv(&back, &e), text);
    // The names of congress-record/1 read back as a choices file.
    let named = congress::internals::ballot::canonical_ballots::ballot_lines_in(
        &bx,
        &e,
        congress::internals::ballot::canonical_ballots::LineLayout::RECORD_1,
    );
    assert_eq!(named.0, "ballot_id,choice_1,choice_2,choice_3");
}

#[test]
fn ranked_canonical_lines_keep_ties_overvotes_and_skips() {
    let e = election(
        "id = \"r\"\nmethod = \"stv\"\nseats = 2\ncandidates = [\"A\", \"B, Jr.\", \"C\", \"D\"]\n",
    );
    let src = Source::from_text(
        "ranks.csv",
        "ballot_id,A,\"B, Jr.\",C,D\nz9,1,1,3,\nz1,2,,1,\na5,,,,\n",
    );
    assert_eq!(BallotFormat::detect(&src, &e), BallotFormat::Ranks);
    let bx = read_ballots(&src, BallotFormat::Ranks, &e).unwrap();
    let (header, lines) = ballot_lines(&bx, &e);
    assert_eq!(header, "ballot_id,rank_1,rank_2,rank_3");
    assert_eq!(lines, vec!["a5,,,", "z1,3,1,", "z9,1|2,,3"]);
    let named = congress::internals::ballot::canonical_ballots::ballot_lines_in(
        &bx,
        &e,
        congress::internals::ballot::canonical_ballots::LineLayout::RECORD_1,
    );
    assert_eq!(named.0, "ballot_id,choice_1,choice_2,choice_3");
    assert_eq!(named.1, vec!["a5,,,", "z1,C,A,", "z9,\"A|B, Jr.\",,C"]);
    let text = canonical_csv(&bx, &e);
    let src = Source::from_text("c.csv", text.clone());
    assert_eq!(BallotFormat::detect(&src, &e), BallotFormat::Numbered);
    let back = read_ballots(&src, BallotFormat::Numbered, &e).unwrap();
    let mut a: Vec<_> = (0..bx.roll.len())
        .map(|i| (bx.roll.id(i).to_string(), bx.ranking_of(i).to_vec()))
        .collect();
    let mut b: Vec<_> = (0..back.roll.len())
        .map(|i| (back.roll.id(i).to_string(), back.ranking_of(i).to_vec()))
        .collect();
    a.sort_by(|x, y| x.0.cmp(&y.0));
    b.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(a, b);
    // Overvotes round-trip too.
    let src = Source::from_text("c.csv", "ballot_id,choice_1,choice_2\nq,overvote,D\n");
    let bx = read_ballots(&src, BallotFormat::Choices, &e).unwrap();
    assert_eq!(ballot_lines(&bx, &e).1, vec!["q,overvote,4"]);
}

#[test]
fn detection_by_extension_header_and_method() {
    let marks = election("id = \"m\"\nmethod = \"approval\"\nseats = 1\ncandidates = [\"A\"]\n");
    let ranked = election("id = \"r\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\"]\n");
    let csv = Source::from_text("b.csv", "ballot_id,A\n1,1\n");
    assert_eq!(BallotFormat::detect(&csv, &marks), BallotFormat::Marks);
    assert_eq!(BallotFormat::detect(&csv, &ranked), BallotFormat::Ranks);
    let cvr = Source::from_text("b.csv", "ballot_id,Choice_1\n1,A\n");
    assert_eq!(BallotFormat::detect(&cvr, &ranked), BallotFormat::Choices);
    for (name, f) in [
        ("x.BLT", BallotFormat::Blt),
        ("x.soc", BallotFormat::Preflib),
        ("x.soi", BallotFormat::Preflib),
        ("x.toc", BallotFormat::Preflib),
        ("x.toi", BallotFormat::Preflib),
    ] {
        assert_eq!(
            BallotFormat::detect(&Source::from_text(name, ""), &ranked),
            f
        );
    }
    // A marks file for a ranked method, and the reverse, are input errors naming the file.
    let e = read_ballots(&csv, BallotFormat::Marks, &ranked).unwrap_err();
    assert_eq!((e.file.as_deref(), e.exit_code()), (Some("b.csv"), 3));
    let e = read_ballots(&cvr, BallotFormat::Choices, &marks).unwrap_err();
    assert_eq!(e.exit_code(), 3);
}

#[test]
fn malformed_lines_in_every_csv_reader() {
    let ranked = election("id = \"r\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n");
    let marks = election(
        "id = \"m\"\nmethod = \"majority-approval\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n\
         [attendance]\nentitled = 3\npresent = 3\n",
    );
    let cases: [(&str, &str, BallotFormat, &Election, u64); 7] = [
        (
            "m.csv",
            "ballot_id,A,B\n1,○,×\n2,○,√√\n",
            BallotFormat::Marks,
            &marks,
            3,
        ),
        (
            "m.csv",
            "ballot_id,A,B\n1,○,×\n\"2,○,×\n",
            BallotFormat::Marks,
            &marks,
            3,
        ),
        (
            "m.csv",
            "ballot_id,A,B\n1,○,×\n2,○,×,\n",
            BallotFormat::Marks,
            &marks,
            3,
        ),
        (
            "r.csv",
            "ballot_id,A,B\n1,1,2\n2,1,1.5\n",
            BallotFormat::Ranks,
            &ranked,
            3,
        ),
        (
            "r.csv",
            "ballot_id,A,B\n\n1,1,2\n\n2,1,x\n",
            BallotFormat::Ranks,
            &ranked,
            5,
        ),
        (
            "c.csv",
            "ballot_id,choice_1\n1,A\n2,Q\n",
            BallotFormat::Choices,
            &ranked,
            3,
        ),
        (
            "c.csv",
            "ballot_id,choice_1\n1,A\n1,B\n",
            BallotFormat::Choices,
            &ranked,
            3,
        ),
    ];
    for (name, text, format, e, line) in cases {
        let err = read_ballots(&Source::from_text(name, text), format, e).unwrap_err();
        assert_eq!(err.file.as_deref(), Some(name), "{text}");
        assert_eq!(err.line, Some(line), "{text}: {err}");
        assert_eq!(err.exit_code(), 3);
    }
}

/// `count` hashes the ballots root on its own thread while the method counts; a lot drawn
/// during the count must still be seeded from that root.
#[test]
fn lots_drawn_during_a_count_are_seeded_from_the_ballots_root() {
    let e = election(
        "id = \"tie\"\nmethod = \"approval\"\nseats = 1\ncandidates = [\"A\", \"B\", \"C\"]\n\
         [tiebreak]\nseed = \"31415 92653\"\n",
    );
    let src = Source::from_text("m.csv", "ballot_id,A,B,C\nx1,yes,,\nx2,,yes,\nx3,,,yes\n");
    let bx = read_ballots(&src, BallotFormat::Marks, &e).unwrap();
    let result = congress::ballot::count::count(&e, &bx).unwrap();
    let root = congress::internals::ballot::canonical_ballots::ballots_root_bytes(&bx, &e);
    assert_eq!(result.ballots_root, congress::digest::hex(&root));
    assert_eq!(result.lots.len(), 1, "{:?}", result.ties);
    let lot = &result.lots[0];
    assert_eq!(lot.root_hex, result.ballots_root);
    let again = congress::lot::draw_lot(&root, &lot.contest_id, "31415 92653", &lot.candidates);
    assert_eq!(again.order, lot.order);
    assert_eq!(result.elected, vec![lot.order[0].clone()]);
}

/// Found by fuzzing (docs/fuzzing.md): a marks file large enough to be read in two halves
/// (1 MiB) whose middle falls inside a quoted ballot id spanning lines was rejected with
/// "unterminated quoted field", although it is valid CSV and reads in one pass.
#[test]
fn a_large_file_split_inside_a_quoted_field_reads() {
    let e = election("id = \"m\"\nmethod = \"approval\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n");
    let rows = |prefix: &str, text: &mut String| {
        for i in 0..60_000 {
            text.push_str(&format!("{prefix}{i:06},yes,\n"));
        }
    };
    let mut text = String::from("ballot_id,A,B\n");
    rows("a", &mut text);
    // The quoted id spans lines all the way through, so the split falls inside it: the file
    // is read again in one pass, which names the id (it holds line breaks) on its line.
    text.push('"');
    for _ in 0..40 {
        text.push_str("part\n");
    }
    text.push_str("\",,yes\n");
    rows("b", &mut text);
    assert!(text.len() > 1 << 20);
    let e = read_ballots(&Source::from_text("m.csv", text), BallotFormat::Marks, &e).unwrap_err();
    assert_eq!(
        (e.line, e.field.as_deref()),
        (Some(60_002), Some("ballot_id"))
    );
    assert!(e.message.contains("U+000A"), "{e}");
}
