//! IRV on real elections: the 2009 Burlington (Vermont) and 2017 Minneapolis mayoral
//! elections, checked against the officially declared winners and round figures.
//!
//! The files are read with `congress`'s PrefLib and choices-CSV readers.

use crate::util::no_lots;
use congress::ballot::formats::{choices, preflib};
use congress::ballot::methods::irv;
use congress::ballot::ranked::{
    Elimination, OvervoteRule, RankedProfile, RankedRules, SkippedRule,
};
use congress::internals::input::{Encoding, Source};

/// Reads a PrefLib file with `congress`'s PrefLib reader.
fn load_toi(path: &str) -> RankedProfile {
    let source = Source::open(path, Encoding::Utf8).unwrap();
    preflib::read(&source, None).unwrap().ranked
}

/// Reads a cast-vote record with `congress`'s choices-CSV reader (`undervote` is a skipped
/// rank, trailing ones dropped; `overvote` an unnamed overvote; `UWI` a candidate).
fn load_cvr(path: &str) -> RankedProfile {
    let source = Source::open(path, Encoding::Utf8).unwrap();
    choices::read(&source, None, choices::Repeats::Skipped)
        .unwrap()
        .ranked
}

fn totals(round: &congress::ballot::result::Round, name: &str) -> String {
    round.totals[name].as_str().unwrap().to_string()
}

fn name_of(p: &RankedProfile, c: u32) -> &str {
    &p.candidates[c as usize]
}

/// Burlington 2009: the City of Burlington's published IRV result (Burlington Telecom /
/// City Clerk "2009 Burlington Mayor Final Piles Report", reproduced in the Wikipedia
/// article "2009 Burlington mayoral election"): round 1 Kiss 2,585, Wright 2,951,
/// Montroll 2,063, Smith 1,306, Simpson 35, write-ins 36, exhausted 4; round 2 (Simpson,
/// Smith and write-ins excluded together) Kiss 2,981, Wright 3,294, Montroll 2,554,
/// exhausted 151; round 3 Kiss 4,313, Wright 4,061, exhausted 606: Bob Kiss elected.
/// Burlington's rules exclude together every candidate who cannot win (`batch`) and count
/// an overvoted rank when only one of its candidates is still continuing
/// (`exhaust-if-multiple-continuing`). With those rules every published figure is
/// reproduced exactly; our `non_transferable` excludes the 4 ballots overvoted at the first
/// rank, which `congress` reports as invalid (`overvote`), so it is 4 less than the
/// published "exhausted".
#[test]
fn burlington_2009_reproduces_the_official_rounds() {
    let p = load_toi("fixtures/elections/burlington-2009-mayor/ballots.toi");
    assert_eq!(p.total_weight(), 8980);
    let rules = RankedRules {
        overvote: OvervoteRule::ExhaustIfMultipleContinuing,
        skipped_ranks: SkippedRule::Skip,
        elimination: Elimination::Batch,
        ..RankedRules::default()
    };
    let out = irv::count(&p, 1, &rules, &mut no_lots()).unwrap();
    assert_eq!(out.invalid["overvote"], 4);
    assert_eq!(out.valid, 8976);
    let r = &out.rounds;
    assert_eq!(r.len(), 3);
    let expect = |round: usize, name: &str, votes: &str| {
        assert_eq!(totals(&r[round], name), votes, "round {} {name}", round + 1);
    };
    for (name, votes) in [
        ("Bob Kiss", "2585"),
        ("Kurt Wright", "2951"),
        ("Andy Montroll", "2063"),
        ("Dan Smith", "1306"),
        ("James Simpson", "35"),
        ("Write-In", "36"),
    ] {
        expect(0, name, votes);
    }
    assert_eq!(r[1].excluded, ["James Simpson", "Dan Smith", "Write-In"]);
    expect(1, "Bob Kiss", "2981");
    expect(1, "Kurt Wright", "3294");
    expect(1, "Andy Montroll", "2554");
    assert_eq!(r[1].non_transferable, "147"); // published exhausted 151 = 147 + 4
    assert_eq!(r[2].action, "exclusion of Andy Montroll");
    expect(2, "Bob Kiss", "4313");
    expect(2, "Kurt Wright", "4061");
    assert_eq!(r[2].non_transferable, "602"); // published 606 = 602 + 4
    assert_eq!(r[2].elected, ["Bob Kiss"]);
    assert_eq!(name_of(&p, out.elected[0]), "Bob Kiss");
}

/// The same ballots under the defaults (overvote exhausts, one exclusion per round) and
/// under skip-rank still elect Bob Kiss; the figures move as the rules say.
#[test]
fn burlington_2009_under_other_rules() {
    let p = load_toi("fixtures/elections/burlington-2009-mayor/ballots.toi");
    let single = irv::count(&p, 1, &RankedRules::default(), &mut no_lots()).unwrap();
    assert_eq!(single.rounds.len(), 5);
    assert_eq!(name_of(&p, single.elected[0]), "Bob Kiss");
    assert_eq!(totals(&single.rounds[4], "Kurt Wright"), "4060");
    let skip = RankedRules {
        overvote: OvervoteRule::SkipRank,
        elimination: Elimination::Batch,
        ..RankedRules::default()
    };
    let out = irv::count(&p, 1, &skip, &mut no_lots()).unwrap();
    assert!(out.invalid.is_empty());
    assert_eq!(totals(&out.rounds[2], "Bob Kiss"), "4316");
    assert_eq!(name_of(&p, out.elected[0]), "Bob Kiss");
}

/// Minneapolis 2017: Jacob Frey elected after five rounds; the City's tabulation as
/// reported by MPR News on 8 Nov 2017 ("Frey wins Minneapolis mayoral race"): final round
/// Frey 46,716, Dehn 34,971; Hodges excluded in round 5, Hoch in round 4, Levy-Pounds in
/// round 3, every minor candidate together in round 2 (Minneapolis Code §167.70: batch
/// elimination of candidates who cannot win; an overvote exhausts the ballot; two
/// consecutive skipped rankings exhaust it; undeclared write-ins (UWI) count as one
/// candidate). The CVR published with RCTab differs from the canvass by a few dozen
/// ballots (its SOURCE.md says so), so the final figures here are 46,680 and 34,955: within
/// 0.1 % of the official ones, with the same rounds, order of exclusion and winner.
#[test]
fn minneapolis_2017_elects_frey_in_five_rounds() {
    let p = load_cvr("fixtures/elections/minneapolis-2017-mayor/cvr.csv");
    assert_eq!(p.total_weight(), 105_928);
    let rules = RankedRules {
        overvote: OvervoteRule::Exhaust,
        skipped_ranks: SkippedRule::ExhaustAfterTwo,
        elimination: Elimination::Batch,
        ..RankedRules::default()
    };
    let out = irv::count(&p, 1, &rules, &mut no_lots()).unwrap();
    assert_eq!(out.invalid["empty"], 1369);
    let r = &out.rounds;
    assert_eq!(r.len(), 5);
    assert_eq!(r[1].excluded.len(), 14);
    assert!(r[1].excluded.contains(&"UWI".to_string()));
    assert_eq!(r[2].excluded, ["Nekima Levy-Pounds"]);
    assert_eq!(r[3].excluded, ["Tom Hoch"]);
    assert_eq!(r[4].excluded, ["Betsy Hodges"]);
    assert_eq!(totals(&r[4], "Jacob Frey"), "46680");
    assert_eq!(totals(&r[4], "Raymond Dehn"), "34955");
    assert_eq!(r[4].elected, ["Jacob Frey"]);
    assert_eq!(name_of(&p, out.elected[0]), "Jacob Frey");
    // Single elimination reaches the same winner, one minor candidate at a time.
    let single = RankedRules {
        elimination: Elimination::Single,
        ..rules
    };
    let out = irv::count(&p, 1, &single, &mut no_lots()).unwrap();
    assert!(out.rounds.len() > 15);
    assert_eq!(name_of(&p, out.elected[0]), "Jacob Frey");
}

/// Burlington 2009 under RCTab's options (`undeclared_write_ins = "exclude-first"`, the
/// write-ins read as `UWI`, `exhaust-if-multiple-continuing`, batch elimination): the 36
/// write-ins go out alone in round 1, Smith and Simpson together in round 2, Montroll in
/// round 3, and round 4 is the City's final round: Kiss 4,313, Wright 4,061 (threshold
/// ⌊8,374/2⌋ + 1 = 4,188). RCTab reaches the official result in four rounds, not three.
#[test]
fn burlington_2009_under_rctab_rules() {
    let mut p = load_toi("fixtures/elections/burlington-2009-mayor/ballots.toi");
    let write_in = p.candidates.iter().position(|c| c == "Write-In").unwrap();
    p.candidates[write_in] = congress::ballot::ranked::UNDECLARED_WRITE_IN.to_string();
    let rules = RankedRules {
        overvote: OvervoteRule::ExhaustIfMultipleContinuing,
        elimination: Elimination::Batch,
        undeclared_write_ins: congress::ballot::ranked::WriteInRule::ExcludeFirst,
        rctab_rounds: true,
        ..RankedRules::default()
    };
    let out = irv::count(&p, 1, &rules, &mut no_lots()).unwrap();
    let r = &out.rounds;
    assert_eq!(r.len(), 4);
    assert_eq!(r[1].excluded, ["UWI"]);
    assert_eq!(r[2].excluded, ["James Simpson", "Dan Smith"]);
    assert_eq!(r[3].excluded, ["Andy Montroll"]);
    assert_eq!(totals(&r[3], "Bob Kiss"), "4313");
    assert_eq!(totals(&r[3], "Kurt Wright"), "4061");
    assert_eq!(r[3].threshold.as_deref(), Some("4188"));
    assert_eq!(r[3].elected, ["Bob Kiss"]);
}
