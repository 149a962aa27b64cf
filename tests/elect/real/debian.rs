//! The Debian Project Leader election 2007, counted by Schulze from the PrefLib copy of the
//! Secretary's tally sheet (`fixtures/elections/debian-dpl-2007`).
//!
//! Official result: https://www.debian.org/vote/2007/vote_001 ("Debian Project Leader
//! Elections 2007", outcome: "The winner is Sam Hocevar"), announced by the Project
//! Secretary on 2007-04-08. Caveat from SOURCE.md: Debian ballots may rank options
//! equally, the PrefLib .soi file has no ties, so single pairwise counts may differ from the
//! official tally sheet; the winner does not.

use congress::ballot::formats::preflib;
use congress::ballot::methods::{copeland, ranked_pairs, schulze};
use congress::ballot::ranked::RankedRules;
use congress::ballot::tiebreak::TieBreaker;
use congress::ballot::BallotBox;
use congress::internals::input::{Encoding, Source};

const FILE: &str = "fixtures/elections/debian-dpl-2007/ballots.soi";

fn ballot_box() -> BallotBox {
    let source = Source::open(FILE, Encoding::Utf8).unwrap();
    preflib::read(&source, None).unwrap()
}

fn winner(bb: &BallotBox, elected: &[u32]) -> String {
    bb.candidates[elected[0] as usize].clone()
}

#[test]
fn reads_the_tally_sheet() {
    let bb = ballot_box();
    assert_eq!(bb.candidates.len(), 9);
    assert_eq!(bb.candidates[3], "Sam Hocevar");
    assert_eq!(bb.candidates[8], "None Of The Above");
    assert_eq!(bb.title.as_deref(), Some("Debian 2007 Leader"));
    assert_eq!(bb.ranked.total_weight(), 482);
    assert_eq!(bb.ranked.ballots.len(), 430);
    assert_eq!(bb.roll.len(), 482);
    // Line 22 is the first order, `12: 9`: twelve ballots ranking only "None Of The Above"
    // (ids padded to the width of the last line number, 3 digits, and of the count).
    assert_eq!(bb.roll.id(0), "b022.01");
    assert_eq!(bb.roll.id(11), "b022.12");
    assert_eq!(bb.roll.id(12), "b023.1");
}

#[test]
fn schulze_elects_sam_hocevar() {
    let bb = ballot_box();
    let mut ties = TieBreaker::new([0; 32], "dpl-2007", None);
    let outcome = schulze::count(&bb.ranked, 1, &RankedRules::default(), &mut ties).unwrap();
    assert_eq!(winner(&bb, &outcome.elected), "Sam Hocevar");
    assert!(ties.ties.is_empty(), "no tie, no lot: {:?}", ties.ties);
    assert_eq!(outcome.valid, 482);
    // Sam Hocevar is a Condorcet winner here: he beats every other option pairwise.
    let pairwise = &outcome.details["pairwise"]["Sam Hocevar"];
    for other in &bb.candidates {
        if other != "Sam Hocevar" {
            let for_him = pairwise[other].as_u64().unwrap();
            let against = outcome.details["pairwise"][other]["Sam Hocevar"]
                .as_u64()
                .unwrap();
            assert!(for_him > against, "{other}: {for_him} vs {against}");
        }
    }
}

#[test]
fn other_condorcet_methods_agree() {
    let bb = ballot_box();
    let mut ties = TieBreaker::new([0; 32], "dpl-2007", None);
    let rp = ranked_pairs::count(&bb.ranked, 1, &RankedRules::default(), &mut ties).unwrap();
    assert_eq!(winner(&bb, &rp.elected), "Sam Hocevar");
    let cl = copeland::count(&bb.ranked, 1, &RankedRules::default(), &mut ties).unwrap();
    assert_eq!(winner(&bb, &cl.elected), "Sam Hocevar");
}
