//! Shared helpers for the fuzz targets.
#![allow(dead_code)]

use congress::ballot::election::Election;
use congress::internals::input::{Encoding, Source};

/// Parses an election file that the harness itself wrote (a bug in the harness if it fails).
pub fn election(text: &str) -> Election {
    Election::from_bytes("election.toml", text.as_bytes().to_vec())
        .unwrap_or_else(|e| panic!("harness election does not parse: {e}\n{text}"))
}

/// Builds a `Source` from fuzz bytes the way selected by `how`: text already in memory
/// (lossy), or the raw-bytes decoder with UTF-8 or GB18030. `None` when decoding fails
/// (which must be a clean error).
pub fn source(name: &str, bytes: &[u8], how: u8) -> Option<Source> {
    match how % 3 {
        0 => Some(Source::from_text(
            name,
            String::from_utf8_lossy(bytes).into_owned(),
        )),
        1 => Source::decode(name.to_string(), bytes.to_vec(), Encoding::Utf8).ok(),
        _ => Source::decode(name.to_string(), bytes.to_vec(), Encoding::Gb18030).ok(),
    }
}
