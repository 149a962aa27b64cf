//! Scottish STV and Meek STV on real elections: three 2017 Scottish council wards and two
//! 2002 Dáil constituencies, read from their BLT files with `congress`'s BLT reader.

use crate::util::{no_lots, sorted};
use congress::ballot::formats::blt;
use congress::ballot::methods::{meek, stv};
use congress::ballot::ranked::RankedRules;
use congress::ballot::{BallotBox, MethodOutcome};
use congress::internals::input::{Encoding, Source};

fn load(path: &str) -> BallotBox {
    let source = Source::open(path, Encoding::Utf8).unwrap();
    blt::read(&source, None).unwrap()
}

fn count_stv(b: &BallotBox) -> MethodOutcome {
    stv::count(
        &b.ranked,
        b.seats.unwrap(),
        &RankedRules::default(),
        &mut no_lots(),
    )
    .unwrap()
}

fn count_meek(b: &BallotBox) -> MethodOutcome {
    meek::count(
        &b.ranked,
        b.seats.unwrap(),
        &RankedRules::default(),
        &mut no_lots(),
    )
    .unwrap()
}

fn elected(b: &BallotBox, out: &MethodOutcome) -> Vec<String> {
    let mut names: Vec<String> = out
        .elected
        .iter()
        .map(|&c| b.candidates[c as usize].clone())
        .collect();
    names.sort();
    names
}

/// The stage at which each candidate was elected, 1-based.
fn stage_elected(out: &MethodOutcome, name: &str) -> usize {
    out.rounds
        .iter()
        .position(|r| r.elected.iter().any(|e| e == name))
        .map(|i| i + 1)
        .unwrap()
}

/// Units of 10^-places in an exact decimal string.
fn units(text: &str) -> u128 {
    text.replace('.', "").parse().unwrap()
}

/// Every stage of a Scottish count accounts for every vote exactly: the totals of the
/// continuing and elected candidates plus the non-transferable value equal the valid
/// ballots (truncation remainders are counted as non-transferable).
fn assert_votes_conserved(out: &MethodOutcome) {
    for r in &out.rounds {
        let held: u128 = r.totals.values().map(|v| units(v.as_str().unwrap())).sum();
        assert_eq!(
            held + units(&r.non_transferable),
            u128::from(out.valid) * 100_000,
            "stage {}",
            r.round
        );
    }
}

/// Edinburgh, Ward 1 Almond, 4 May 2017. Declared: Kevin Lang (LD) elected at stage 1,
/// Louise Young (LD) at stage 2, Graham Hutchison (C) at stage 3, Norrie Work (SNP) at
/// stage 10 (City of Edinburgh Council declaration, as reported by the Edinburgh Reporter,
/// "Council elections 2022 – the results – Ward 1 Almond Ward", 2017 results, and
/// nen.press, 6 May 2017). Quota: 14,207 valid ÷ 5 = 2,841.4 → 2,842.
#[test]
fn edinburgh_almond_2017() {
    let b = load("fixtures/elections/scotland-2017-edinburgh-almond/ballots.blt");
    let out = count_stv(&b);
    assert_eq!(out.valid, 14_207);
    assert_eq!(out.details["quota"], "2842");
    assert_eq!(
        elected(&b, &out),
        sorted(&[
            "Kevin LANG (LD)",
            "Louise YOUNG (LD)",
            "Graham HUTCHISON (C)",
            "Norrie WORK (SNP)"
        ])
    );
    assert_eq!(stage_elected(&out, "Kevin LANG (LD)"), 1);
    assert_eq!(stage_elected(&out, "Louise YOUNG (LD)"), 2);
    assert_eq!(stage_elected(&out, "Graham HUTCHISON (C)"), 3);
    assert_eq!(stage_elected(&out, "Norrie WORK (SNP)"), 10);
    assert_eq!(out.rounds.len(), 10);
    // Stage 2 is Lang's surplus: transfer value (6,079 − 2,842) ÷ 6,079 = 0.53248…,
    // truncated to 0.53248; Lang keeps exactly the quota.
    assert_eq!(out.rounds[1].action, "surplus of Kevin LANG (LD)");
    assert_eq!(out.rounds[1].totals["Kevin LANG (LD)"], "2842.00000");
    assert_eq!(out.rounds[0].totals["Kevin LANG (LD)"], "6079.00000");
    assert_votes_conserved(&out);
    let meek = count_meek(&b);
    assert_eq!(elected(&b, &meek), elected(&b, &out));
}

/// Glasgow, Ward 16 Canal, 4 May 2017. Declared: Allan Gow (SNP), Gary Gray (Lab),
/// Jacqueline McLaren (SNP), Robert Mooney (Lab); 5,771 valid papers; first preferences
/// of the elected Gow 1,727, Gray 1,474, McLaren 720, Mooney 518 (Glasgow City Council
/// declaration as reported by GlasgowWorld, "Housing and liveable neighbourhoods big
/// issues for Canal candidates", 3 May 2022, "2017 Results").
#[test]
fn glasgow_canal_2017() {
    let b = load("fixtures/elections/scotland-2017-glasgow-canal/ballots.blt");
    let out = count_stv(&b);
    assert_eq!(out.valid, 5_771);
    assert_eq!(out.details["quota"], "1155");
    let first = &out.rounds[0].totals;
    assert_eq!(first["Allan GOW (SNP)"], "1727.00000");
    assert_eq!(first["Gary GRAY (Lab)"], "1474.00000");
    assert_eq!(first["Jacqueline MCLAREN (SNP)"], "720.00000");
    assert_eq!(first["Robert MOONEY (Lab)"], "518.00000");
    assert_eq!(
        elected(&b, &out),
        sorted(&[
            "Allan GOW (SNP)",
            "Gary GRAY (Lab)",
            "Jacqueline MCLAREN (SNP)",
            "Robert MOONEY (Lab)"
        ])
    );
    assert_votes_conserved(&out);
    let meek = count_meek(&b);
    assert_eq!(elected(&b, &meek), elected(&b, &out));
}

/// Glasgow, Ward 1 Linn, 4 May 2017. Declared: Glenn Elder (SNP), Margaret Morgan (SNP),
/// Malcolm Cunning (Lab), Euan Blockley (C) (Glasgow City Council; councillors table of
/// the Wikipedia article "Linn (ward)"). Nobody reaches the quota of 1,761 at stage 1.
#[test]
fn glasgow_linn_2017() {
    let b = load("fixtures/elections/scotland-2017-glasgow-linn/ballots.blt");
    let out = count_stv(&b);
    assert_eq!(out.valid, 8_800);
    assert_eq!(out.details["quota"], "1761");
    assert!(out.rounds[0].elected.is_empty());
    assert_eq!(
        elected(&b, &out),
        sorted(&[
            "Glenn ELDER (SNP)",
            "Margaret MORGAN (SNP)",
            "Malcolm CUNNING (Lab)",
            "Euan BLOCKLEY (C)"
        ])
    );
    assert_votes_conserved(&out);
    let meek = count_meek(&b);
    assert_eq!(elected(&b, &meek), elected(&b, &out));
}

/// Dublin West, Dáil general election 17 May 2002, 3 seats, 29,988 valid votes (Appendix 1
/// "Results of the General Election, 17 May 2002"). Elected: Joe Higgins (SP), Brian
/// Lenihan (FF), Joan Burton (Lab) (Irish Examiner, "Labour Number 1 in Dublin West",
/// May 2002). The Irish count (Electoral Act 1992 s. 121) transfers a surplus arising from
/// transfers as a random sample of the last parcel received and excludes candidates in
/// batches; Scottish STV and Meek elect the same three.
#[test]
fn dublin_west_2002() {
    let b = load("fixtures/elections/dublin-west-2002/ballots.blt");
    let out = count_stv(&b);
    assert_eq!(out.valid, 29_988);
    assert_eq!(out.details["quota"], "7498");
    let expected = sorted(&[
        "Joe Higgins (SP)",
        "Brian Lenihan (FF)",
        "Joan Burton (Lab)",
    ]);
    assert_eq!(elected(&b, &out), expected);
    assert_votes_conserved(&out);
    assert_eq!(elected(&b, &count_meek(&b)), expected);
}

/// Dublin North, Dáil general election 17 May 2002, 4 seats, 43,942 valid votes
/// (Appendix 1). Elected: Trevor Sargent (GP), Seán Ryan (Lab), Jim Glennon (FF),
/// G. V. Wright (FF) (the four outgoing TDs named by the Irish Times, "Dublin North one of
/// the most open contests", 2006).
#[test]
fn dublin_north_2002() {
    let b = load("fixtures/elections/dublin-north-2002/ballots.blt");
    let out = count_stv(&b);
    assert_eq!(out.valid, 43_942);
    assert_eq!(out.details["quota"], "8789");
    let expected = sorted(&[
        "Trevor Sargent (GP)",
        "Sean Ryan (Lab)",
        "Jim Glennon (FF)",
        "G. V. Wright (FF)",
    ]);
    assert_eq!(elected(&b, &out), expected);
    assert_votes_conserved(&out);
    assert_eq!(elected(&b, &count_meek(&b)), expected);
}

/// Meek's quota falls as ballots exhaust, and every elected candidate ends with a keep
/// value in (0, 1].
#[test]
fn meek_quota_and_keep_values_on_almond() {
    let b = load("fixtures/elections/scotland-2017-edinburgh-almond/ballots.blt");
    let out = count_meek(&b);
    let quotas: Vec<u128> = out.details["quota_by_round"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| units(q.as_str().unwrap()))
        .collect();
    assert_eq!(quotas[0], 2_841_400_000_001); // 14,207 / 5 + 10^-9
    assert!(quotas.windows(2).all(|w| w[1] <= w[0]));
    let keeps = out.details["keep_values"].as_object().unwrap();
    assert_eq!(keeps.len(), 4);
    for keep in keeps.values() {
        let k = units(keep.as_str().unwrap());
        assert!(k > 0 && k <= 1_000_000_000);
    }
}
