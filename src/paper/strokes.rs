//! 姓氏笔画: candidates in the order of the strokes of their names, as Chinese ballots list
//! them (docs/paper-ballots.md §2).
//!
//! Two names are compared character by character. At the first position where they differ:
//! 1. the character's total strokes, fewer first (Unicode's Unihan `kTotalStrokes`, the
//!    first value where two are given, as UAX #38 prefers for simplified Chinese); characters
//!    without a stroke count (Latin letters, `·`) come after every Han character;
//! 2. then the CLDR Chinese stroke collation (`zh-u-co-stroke`, through ICU4X), which orders
//!    characters of one stroke count by radical and residual strokes;
//! 3. then the code point.
//!
//! A name that is the beginning of another comes first. Compound surnames (欧阳, 司马) are not
//! detected: they are compared character by character like any name.
//!
//! The stroke counts are `src/paper/data/unihan-total-strokes.bin`, extracted from the Unicode 15.0.0
//! `Unihan_IRGSources.txt` by [`table_from_unihan`] (never typed by hand; a test regenerates it
//! from Debian's `unicode-data` package when that is installed and compares the bytes).
//! Its licence is `src/paper/data/LICENSE-UNICODE`.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// The committed table (format in [`table_from_unihan`]).
static TABLE: &[u8] = include_bytes!("data/unihan-total-strokes.bin");

/// The first line of the table file.
pub const TABLE_HEADER: &str = "congress kTotalStrokes table 1: extracted (modified) from \
Unicode 15.0.0 Unihan_IRGSources.txt; Unicode licence in data/LICENSE-UNICODE\n";

/// One run of consecutive code points with their stroke counts.
struct Run {
    start: u32,
    strokes: &'static [u8],
}

fn runs() -> &'static [Run] {
    static RUNS: OnceLock<Vec<Run>> = OnceLock::new();
    RUNS.get_or_init(|| parse_table(TABLE))
}

fn be32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes(bytes[..4].try_into().expect("4 bytes"))
}

/// Reads the table: the header line, a big-endian u16 count of runs, per run a big-endian u32
/// first code point and u32 length, then every run's stroke bytes in order.
fn parse_table(table: &'static [u8]) -> Vec<Run> {
    let body = &table[TABLE_HEADER.len()..];
    let count = u16::from_be_bytes([body[0], body[1]]) as usize;
    let mut at = 2 + count * 8;
    let mut runs = Vec::with_capacity(count);
    for i in 0..count {
        let entry = &body[2 + i * 8..];
        let (start, len) = (be32(entry), be32(&entry[4..]) as usize);
        runs.push(Run {
            start,
            strokes: &body[at..at + len],
        });
        at += len;
    }
    runs
}

/// The total strokes of a character (Unihan `kTotalStrokes`), when Unihan gives one.
pub fn total_strokes(c: char) -> Option<u8> {
    let cp = c as u32;
    let runs = runs();
    let i = runs.partition_point(|r| r.start <= cp).checked_sub(1)?;
    let run = &runs[i];
    let strokes = *run.strokes.get((cp - run.start) as usize)?;
    (strokes > 0).then_some(strokes)
}

/// The CLDR Chinese stroke collator.
fn stroke_collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        Collator::try_new(
            icu_locale_core::locale!("zh-u-co-stroke").into(),
            CollatorOptions::default(),
        )
        .expect("the compiled CLDR data has the Chinese stroke collation")
    })
}

/// Compares two characters: total strokes (characters without a count last), then the CLDR
/// stroke collation, then the code point.
fn compare_chars(a: char, b: char) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let key = |c: char| match total_strokes(c) {
        Some(n) => (0, n),
        None => (1, 0),
    };
    key(a).cmp(&key(b)).then_with(|| {
        let (mut x, mut y) = ([0u8; 4], [0u8; 4]);
        stroke_collator()
            .compare(a.encode_utf8(&mut x), b.encode_utf8(&mut y))
            .then(a.cmp(&b))
    })
}

/// Compares two names in stroke order (姓氏笔画), character by character.
pub fn compare_names(a: &str, b: &str) -> Ordering {
    let mut x = a.chars();
    let mut y = b.chars();
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) => match compare_chars(c, d) {
                Ordering::Equal => continue,
                other => return other,
            },
        }
    }
}

/// The names in stroke order.
pub fn sort_names(names: &[String]) -> Vec<String> {
    let mut sorted = names.to_vec();
    sorted.sort_by(|a, b| compare_names(a, b));
    sorted
}

/// Builds the table file from the text of Unihan's `Unihan_IRGSources.txt`: every
/// `U+XXXX<TAB>kTotalStrokes<TAB>n[ m]` line, the first value where two are given.
pub fn table_from_unihan(text: &str) -> Vec<u8> {
    let mut entries: Vec<(u32, u8)> = Vec::new();
    for line in text.lines() {
        let mut fields = line.split('\t');
        let (Some(cp), Some("kTotalStrokes"), Some(value)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let cp = cp
            .strip_prefix("U+")
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        let strokes = value.split(' ').next().and_then(|v| v.parse::<u8>().ok());
        if let (Some(cp), Some(strokes)) = (cp, strokes) {
            entries.push((cp, strokes));
        }
    }
    entries.sort_unstable();
    let mut runs: Vec<(u32, Vec<u8>)> = Vec::new();
    for (cp, strokes) in entries {
        match runs.last_mut() {
            Some((start, bytes)) if *start + bytes.len() as u32 == cp => bytes.push(strokes),
            _ => runs.push((cp, vec![strokes])),
        }
    }
    let mut out = TABLE_HEADER.as_bytes().to_vec();
    out.extend_from_slice(&(runs.len() as u16).to_be_bytes());
    for (start, bytes) in &runs {
        out.extend_from_slice(&start.to_be_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    }
    for (_, bytes) in &runs {
        out.extend_from_slice(bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stroke_counts_of_common_surnames() {
        for (c, n) in [
            ('王', 4),
            ('丁', 2),
            ('万', 3),
            ('司', 5),
            ('刘', 6),
            ('吴', 7),
            ('张', 7),
            ('李', 7),
            ('陈', 7),
            ('周', 8),
            ('赵', 9),
            ('黄', 11),
            ('董', 12),
            ('范', 8),
            ('骨', 9),
        ] {
            assert_eq!(total_strokes(c), Some(n), "{c}");
        }
        assert_eq!(total_strokes('A'), None);
        assert_eq!(total_strokes('·'), None);
        assert_eq!(total_strokes('\u{3000}'), None);
    }

    #[test]
    fn names_sort_by_strokes_then_cldr_then_code_point() {
        let names: Vec<String> = ["赵敏", "王芳", "李强", "张伟", "刘洋", "丁一", "Anna", "王"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let sorted = sort_names(&names);
        // 丁 2, 王 4 (王 before 王芳: a prefix first), 刘 6, then 张 and 李 (7 strokes each,
        // in CLDR stroke order), 赵 9, and a Latin name last.
        assert_eq!(
            sorted,
            ["丁一", "王", "王芳", "刘洋", "张伟", "李强", "赵敏", "Anna"]
        );
        assert_eq!(compare_names("张", "李"), Ordering::Less);
        assert_eq!(compare_names("李", "张"), Ordering::Greater);
        assert_eq!(compare_names("王芳", "王芳"), Ordering::Equal);
    }

    #[test]
    fn the_table_has_the_runs_of_unicode_15() {
        let runs = runs();
        assert_eq!(runs.len(), 12);
        let total: usize = runs.iter().map(|r| r.strokes.len()).sum();
        assert_eq!(total, 98_060);
        assert_eq!(runs[1].start, 0x4E00);
    }

    /// The committed table is exactly what [`table_from_unihan`] makes of Debian's
    /// `unicode-data` (`.ci/run` installs it; elsewhere the test says it did not run).
    #[test]
    fn the_table_regenerates_from_debian_unicode_data() {
        let path = "/usr/share/unicode/Unihan_IRGSources.txt.bz2";
        if !std::path::Path::new(path).exists() {
            eprintln!("not checked: {path} is not installed (apt-get install unicode-data)");
            return;
        }
        let out = std::process::Command::new("bzcat")
            .arg(path)
            .output()
            .expect("bzcat runs");
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).expect("Unihan is UTF-8");
        assert!(text.contains("Unicode version: 15.0.0"));
        assert!(
            table_from_unihan(&text) == TABLE,
            "the committed table differs"
        );
    }

    #[test]
    fn table_from_unihan_lines() {
        let text = "# comment\nU+4E00\tkTotalStrokes\t1\nU+4E01\tkTotalStrokes\t2\n\
                    U+4E01\tkRSUnicode\t1.1\nU+8303\tkTotalStrokes\t8 9\n";
        let table = table_from_unihan(text);
        let body = &table[TABLE_HEADER.len()..];
        assert_eq!(&body[..2], &[0, 2]);
        assert_eq!(&body[body.len() - 3..], &[1, 2, 8]);
    }
}
