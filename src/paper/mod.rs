//! Paper ballots (docs/paper-ballots.md): trackers, printable ballot papers in stroke order,
//! and the checks of a transcription before it is counted.
//!
//! - [`tracker`]: the random `ballot_id` printed on each paper, with its check symbol;
//! - [`strokes`]: 姓氏笔画, the order candidates are printed in;
//! - [`print`](mod@print): the printable HTML papers with their QR codes;
//! - [`votes`]: what one paper says under the election's rules;
//! - [`rows`]: marks rows keyed by repeated ids or by `box,position`;
//! - [`transcription`]: `ballots template`, `ballots check` and `ballots diff`;
//! - [`secrecy`]: a record must not publish printed trackers in plain text.

pub mod print;
pub mod rows;
pub mod secrecy;
pub mod strokes;
pub mod tracker;
pub mod transcription;
pub mod votes;
