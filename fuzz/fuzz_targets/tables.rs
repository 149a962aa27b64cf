//! CSV and TOML inputs of the planning commands: the roster (then a plan from it with the
//! default options), the delegate list, the club list, the organisation file, a federation's
//! institutions (then its plan of 30 seats, ties drawn by lot) and regions, and a federation's
//! delegates.
//!
//! Input layout: byte 0 picks the reader and how the bytes are decoded; the rest is the file.
#![no_main]

#[path = "common.rs"]
mod common;

use congress::plan::delegation::{read_delegates, read_major_clubs};
use congress::plan::federation::delegation::read_federation_delegates;
use congress::plan::federation::institutions::{default_secondary_kinds, read_regions};
use congress::plan::federation::{make_federation_plan, Federation, FederationOptions};
use congress::plan::org::{check_org, parse_org, OrgProfile};
use congress::plan::{make_plan, PlanOptions};
use congress::roster::Roster;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    let Some(src) = common::source("input.csv", &data[1..], data[0] / 6) else {
        return;
    };
    match data[0] % 6 {
        0 => {
            if let Ok(roster) = Roster::parse(&src) {
                let _ = roster.department_sizes();
                let _ = make_plan(&roster, &PlanOptions::default());
            }
        }
        1 => {
            let _ = read_delegates(&src);
        }
        2 => {
            let _ = read_major_clubs(&src);
        }
        3 => {
            let kinds = default_secondary_kinds();
            if let Ok(federation) = Federation::parse(&src, None, &kinds) {
                let options = FederationOptions {
                    lot: Some("fuzz".into()),
                    ..FederationOptions::with_seats(30)
                };
                let _ = make_federation_plan(&federation, &options);
            }
            let _ = read_regions(&src);
        }
        4 => {
            let _ = read_federation_delegates(&src);
        }
        _ => {
            if let Ok(org) = parse_org(&src.name, &src.text) {
                for profile in [OrgProfile::Henan2017, OrgProfile::National2019] {
                    let _ = check_org(&org, profile);
                }
            }
        }
    }
});
