//! Every real election in `fixtures/elections/` counted through the `congress` binary with the
//! election file shipped beside it, checked against the officially declared winners (the
//! library-level tests cite the official results; see each folder's SOURCE.md).

use crate::util::{congress, fixture, sorted};

fn elected(folder: &str, ballots: &str) -> Vec<String> {
    let dir = fixture(&format!("elections/{folder}"));
    let out = congress(&[
        "elect",
        &format!("{dir}/election.toml"),
        &format!("{dir}/{ballots}"),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{folder}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON result");
    assert_eq!(result["status"], "complete", "{folder}");
    let mut names: Vec<String> = result["elected"]
        .as_array()
        .expect("elected list")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn scottish_wards_2017_by_scottish_stv() {
    assert_eq!(
        elected("scotland-2017-edinburgh-almond", "ballots.blt"),
        sorted(&[
            "Kevin LANG (LD)",
            "Louise YOUNG (LD)",
            "Graham HUTCHISON (C)",
            "Norrie WORK (SNP)"
        ])
    );
    assert_eq!(
        elected("scotland-2017-glasgow-canal", "ballots.blt"),
        sorted(&[
            "Allan GOW (SNP)",
            "Gary GRAY (Lab)",
            "Jacqueline MCLAREN (SNP)",
            "Robert MOONEY (Lab)"
        ])
    );
    assert_eq!(
        elected("scotland-2017-glasgow-linn", "ballots.blt"),
        sorted(&[
            "Glenn ELDER (SNP)",
            "Margaret MORGAN (SNP)",
            "Malcolm CUNNING (Lab)",
            "Euan BLOCKLEY (C)"
        ])
    );
}

#[test]
fn dublin_2002_by_stv() {
    assert_eq!(
        elected("dublin-west-2002", "ballots.blt"),
        sorted(&[
            "Brian Lenihan (FF)",
            "Joe Higgins (SP)",
            "Joan Burton (Lab)"
        ])
    );
    assert_eq!(
        elected("dublin-north-2002", "ballots.blt"),
        sorted(&[
            "Trevor Sargent (GP)",
            "Sean Ryan (Lab)",
            "G. V. Wright (FF)",
            "Jim Glennon (FF)"
        ])
    );
}

#[test]
fn us_mayors_by_irv() {
    assert_eq!(
        elected("burlington-2009-mayor", "ballots.toi"),
        sorted(&["Bob Kiss"])
    );
    assert_eq!(
        elected("minneapolis-2017-mayor", "cvr.csv"),
        sorted(&["Jacob Frey"])
    );
}

#[test]
fn debian_2007_by_schulze() {
    assert_eq!(
        elected("debian-dpl-2007", "ballots.soi"),
        sorted(&["Sam Hocevar"])
    );
}
