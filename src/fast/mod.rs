//! The fast paths the ballot readers share, behind one narrow interface (what is re-exported
//! here is all of it). Nothing here imports the ballot or election types: a reader brings its
//! own contents and keys.
//! - [`csv`]: the CSV scanner, borrowing cells from the text, and the byte scans that find
//!   line ends eight bytes at a time.
//! - [`hash`]: the one hasher ([`FastMap`]) and the hashes of words and keys.
//! - [`probe`]: the one open-addressing table, from keys to positions.
//! - [`intern`]: identical ballots aggregated into distinct ones with their weights, in
//!   first-appearance order.
//! - [`split`]: reading one file in two parts on two threads, with the result of one pass.
//! - [`decimal`]: numbers written without the formatting machinery.
//!
//! The cost model behind them is in docs/performance.md. Files come from the committee, so
//! none of this defends against hash flooding.

mod csv;
mod decimal;
mod hash;
mod intern;
mod probe;
mod split;

pub(crate) use csv::{estimate_rows, find_newline, for_each_cell, trimmed, Records};
pub(crate) use decimal::{digits, push_number, write_padded};
pub(crate) use hash::{hash_words, FastMap};
pub(crate) use intern::{Distinct, Gather, Interner, KEY_BATCH};
pub(crate) use probe::{tag, KeyTable, TagTable};
pub(crate) use split::{in_two_parts, line_start_after, PUBLISH_LINES};
