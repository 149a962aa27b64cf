//! V31: every lot in `lots.csv` reproduces from its recorded inputs, and the lots are
//! exactly those the recount draws.

use super::outcome::compare_bytes;
use super::{at, Checks};
use crate::lot::{draw_lot, Draw, Lot};
use crate::record::check::CheckId;
use crate::record::files::{self, parse_hex32, parse_lots, ElectionInfo, RecordFiles, LOTS};
use crate::record::recount::Counted;

/// V31: each recorded lot reproduces, and the lots are those the recount draws.
pub(super) fn check_lots(
    files: &RecordFiles,
    info: &ElectionInfo,
    counted: &Counted,
    c: &mut Checks,
) {
    let recorded = match files.get(LOTS).map(parse_lots) {
        None => Vec::new(),
        Some(Err(e)) => {
            c.fail_parse(CheckId::V31, LOTS, e);
            return;
        }
        Some(Ok(l)) => l,
    };
    if files.get(LOTS).is_some() && recorded.is_empty() {
        c.fail(
            CheckId::V31,
            LOTS,
            "lots.csv exists but records no lot (it is written only when a lot was drawn)",
            at(),
        );
    }
    for (i, lot) in recorded.iter().enumerate() {
        lot_reproduces(i + 1, lot, info, c);
    }
    lots_are_the_recounts(files.get(LOTS), &recorded, &counted.lots, c);
    if recorded.is_empty() {
        c.pass(CheckId::V31, LOTS, "no lot was needed and none is recorded");
    } else {
        c.pass(
            CheckId::V31,
            LOTS,
            format!(
                "{} lot(s) reproduce from their seeds and match the recount",
                recorded.len()
            ),
        );
    }
}

/// V31 (inputs): lot `n` reproduces from its root, contest and beacon (seed, draws, order),
/// and its beacon is the election's `[tiebreak] seed`.
fn lot_reproduces(n: usize, lot: &Lot, info: &ElectionInfo, c: &mut Checks) {
    let Some(root) = parse_hex32(&lot.root_hex) else {
        c.fail(
            CheckId::V31,
            LOTS,
            format!("lot {n}: root is not 64 lowercase hex"),
            at().field("root"),
        );
        return;
    };
    let again = draw_lot(&root, &lot.contest_id, &lot.beacon, &lot.candidates);
    if again.candidates != lot.candidates {
        c.fail(
            CheckId::V31,
            LOTS,
            format!("lot {n}: candidates are not sorted bytewise and unique"),
            at().field("candidate"),
        );
    }
    if again.seed_hex != lot.seed_hex {
        c.fail(
            CheckId::V31,
            LOTS,
            format!("lot {n}: seed is not SHA-256(\"congress/lot/v1\" ‖ 0 ‖ root ‖ 0 ‖ contest_id ‖ 0 ‖ beacon)"),
            at().field("seed").want(again.seed_hex.clone(), lot.seed_hex.clone()),
        );
    }
    if again.draws != lot.draws {
        // The first draw that differs (or the first one missing on either side).
        let k = again
            .draws
            .iter()
            .zip(&lot.draws)
            .position(|(a, b)| a != b)
            .unwrap_or(again.draws.len().min(lot.draws.len()));
        let show = |draws: &[Draw]| {
            draws.get(k).map_or_else(
                || "no draw".to_string(),
                |d| format!("value {} at position {}", d.value, d.position),
            )
        };
        c.fail(
            CheckId::V31,
            LOTS,
            format!(
                "lot {n}: draw {} does not reproduce from the seed (ChaCha20 keystream)",
                k + 1
            ),
            at().field("draw")
                .want(show(&again.draws), show(&lot.draws)),
        );
    }
    if again.order != lot.order {
        c.fail(
            CheckId::V31,
            LOTS,
            format!("lot {n}: the order does not reproduce"),
            at().field("order")
                .want(again.order.join(" > "), lot.order.join(" > ")),
        );
    }
    if Some(&lot.beacon) != info.beacon.as_ref() {
        c.fail(
            CheckId::V31,
            LOTS,
            format!("lot {n}: beacon is not the election's [tiebreak] seed"),
            at().field("beacon")
                .want(info.beacon.clone().unwrap_or_default(), lot.beacon.clone()),
        );
    }
}

/// V31 (where): the recorded lots are exactly the lots the recount draws, written the one
/// way the record writes them (no repeated, reordered or quoted lines).
fn lots_are_the_recounts(found: Option<&[u8]>, recorded: &[Lot], drawn: &[Lot], c: &mut Checks) {
    if recorded.len() != drawn.len() {
        c.fail(
            CheckId::V31,
            LOTS,
            "the lots recorded are not the lots the recount draws (a lot where none was needed, or one missing)",
            at().want(format!("{} lot(s)", drawn.len()), format!("{} lot(s)", recorded.len())),
        );
    } else if let Some(k) = recorded.iter().zip(drawn).position(|(a, b)| a != b) {
        let (found, want) = (&recorded[k], &drawn[k]);
        c.fail(
            CheckId::V31,
            LOTS,
            format!(
                "lot {} is not the lot the recount draws (its tie, beacon or root differ)",
                k + 1
            ),
            at().want(
                format!("{}: {}", want.contest_id, want.candidates.join(", ")),
                format!("{}: {}", found.contest_id, found.candidates.join(", ")),
            ),
        );
    } else if let (Some(found), false) = (found, drawn.is_empty()) {
        match files::lots_to_bytes(drawn) {
            Ok(want) => compare_bytes(Some(found), &want, LOTS, CheckId::V31, c),
            Err(e) => c.fail(CheckId::V31, LOTS, e.message, at()),
        }
    }
}
