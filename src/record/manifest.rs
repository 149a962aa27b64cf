//! The record manifest `SHA256`: one `SHA256 (<path>) = <64 lowercase hex>` line per file,
//! sorted bytewise by path (the `sha256sum --tag` / OpenBSD `sha256` form that
//! `signify -C` and `sha256sum -c` read).

use crate::digest::hex;
use crate::error::Error;

/// The manifest's file name.
pub const MANIFEST: &str = "SHA256";

/// One manifest entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Relative path with `/` separators.
    pub path: String,
    /// SHA-256 of the file's bytes.
    pub sha256: [u8; 32],
}

/// Whether `path` may appear in a manifest: relative, `/`-separated, no empty, `.` or `..`
/// component, no `)`, backslash or control character; `Err` says why not.
pub fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("empty path".into());
    }
    if path.starts_with('/') {
        return Err(format!("{path:?} is absolute"));
    }
    if let Some(c) = path
        .chars()
        .find(|c| *c == ')' || *c == '\\' || c.is_control())
    {
        return Err(format!("{path:?} contains {c:?}"));
    }
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(format!("{path:?} has an empty, `.` or `..` component"));
        }
    }
    Ok(())
}

/// Whether a top-level file name belongs to the manifest itself (`SHA256`, `SHA256.*`) and is
/// therefore not listed in it.
pub fn is_manifest_file(path: &str) -> bool {
    path == MANIFEST || path.starts_with("SHA256.")
}

/// Whether directory `dir` is a record as far as its file names show: its `SHA256` parses
/// and lists exactly the regular files present (beside `SHA256` and `SHA256.*`), and nothing
/// else is there. (What `--force` may replace; `verify` checks the contents.)
pub fn lists_exactly(dir: &std::path::Path) -> bool {
    let Ok(bytes) = std::fs::read(dir.join(MANIFEST)) else {
        return false;
    };
    let Ok(entries) = parse(&bytes) else {
        return false;
    };
    let mut present = Vec::new();
    if !list_files(dir, "", &mut present) {
        return false;
    }
    present.retain(|p| !is_manifest_file(p));
    present.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    present.len() == entries.len() && present.iter().zip(&entries).all(|(p, e)| *p == e.path)
}

/// Lists the regular files under `dir` (relative, `/`-separated) into `out`; false when
/// anything else is there (a link, a device, an unreadable entry or name).
fn list_files(dir: &std::path::Path, prefix: &str, out: &mut Vec<String>) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    for entry in entries {
        let Ok(entry) = entry else { return false };
        let Ok(name) = entry.file_name().into_string() else {
            return false;
        };
        let path = format!("{prefix}{name}");
        match entry.file_type() {
            Ok(t) if t.is_file() => out.push(path),
            Ok(t) if t.is_dir() => {
                if !list_files(&entry.path(), &format!("{path}/"), out) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

/// Writes the manifest for entries (sorted bytewise here).
pub fn write(entries: &[Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let mut out = String::new();
    for e in sorted {
        out.push_str("SHA256 (");
        out.push_str(&e.path);
        out.push_str(") = ");
        out.push_str(&hex(&e.sha256));
        out.push('\n');
    }
    out
}

/// Parses a manifest strictly: every line exactly `SHA256 (<path>) = <64 lowercase hex>\n`,
/// safe paths, sorted bytewise, unique. The error names the first bad line.
pub fn parse(bytes: &[u8]) -> crate::Result<Vec<Entry>> {
    let lines = super::canonical_form::lines(bytes)
        .map_err(|(line, m)| Error::input(m).file(MANIFEST).line(line))?;
    let mut entries: Vec<Entry> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let n = i as u64 + 1;
        let bad = |m: String| Error::input(m).file(MANIFEST).line(n);
        let rest = line
            .strip_prefix("SHA256 (")
            .ok_or_else(|| bad("expected `SHA256 (<path>) = <hex>`".into()))?;
        let (path, digest) = rest
            .split_once(") = ")
            .ok_or_else(|| bad("expected `) = ` after the path".into()))?;
        check_path(path).map_err(bad)?;
        if digest.len() != 64
            || !digest
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(bad(format!(
                "digest {digest:?} is not 64 lowercase hex digits"
            )));
        }
        let mut sha256 = [0u8; 32];
        for (k, byte) in sha256.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&digest[2 * k..2 * k + 2], 16)
                .map_err(|_| bad("bad hex".into()))?;
        }
        if let Some(prev) = entries.last() {
            match prev.path.as_bytes().cmp(path.as_bytes()) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => return Err(bad(format!("{path} is listed twice"))),
                std::cmp::Ordering::Greater => {
                    return Err(bad(format!(
                        "{path} is out of order (paths are sorted bytewise; {} comes first)",
                        prev.path
                    )))
                }
            }
        }
        entries.push(Entry {
            path: path.to_string(),
            sha256,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::sha256;

    #[test]
    fn writes_sorted_and_parses_back() {
        let entries = vec![
            Entry {
                path: "tally.csv".into(),
                sha256: sha256(b"t"),
            },
            Entry {
                path: "keys/a.pub".into(),
                sha256: sha256(b"k"),
            },
        ];
        let text = write(&entries);
        assert!(text.starts_with("SHA256 (keys/a.pub) = "));
        let back = parse(text.as_bytes()).unwrap();
        assert_eq!(back[0].path, "keys/a.pub");
        assert_eq!(back[1], entries[0]);
    }

    #[test]
    fn reads_the_signify_vector_list_but_not_its_order() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/signatures/signify/SHA256"
        ))
        .unwrap();
        // The vector lists tally.tsv before subtotals.tsv: valid BSD lines, not sorted.
        assert_eq!(parse(&bytes).unwrap_err().line, Some(2));
    }

    #[test]
    fn rejects_bad_lines() {
        let h = "a".repeat(64);
        for (text, line) in [
            (format!("SHA256 (b) = {h}\nSHA256 (a) = {h}\n"), 2),
            (format!("SHA256 (a) = {h}\nSHA256 (a) = {h}\n"), 2),
            (format!("SHA256 (../a) = {h}\n"), 1),
            (format!("SHA256 (/a) = {h}\n"), 1),
            (format!("SHA256 (a//b) = {h}\n"), 1),
            (format!("SHA256 (a) = {}\n", "A".repeat(64)), 1),
            (format!("SHA256 (a) = {}\n", "a".repeat(63)), 1),
            (format!("SHA512 (a) = {h}\n"), 1),
            (format!("SHA256 (a)  = {h}\n"), 1),
            (format!("SHA256 (a) = {h}"), 1),
        ] {
            assert_eq!(
                parse(text.as_bytes()).unwrap_err().line,
                Some(line),
                "{text}"
            );
        }
    }
}
