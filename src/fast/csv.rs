//! The CSV scanner: records of a CSV text (RFC 4180) with every unquoted cell borrowed from
//! the text, a fast path that hands over a quote-free line whole, and the byte scans
//! (eight bytes at a time) that find line ends.

use crate::error::{Error, Result};
use crate::input::Source;
use std::borrow::Cow;

/// Streams the records of a CSV text (RFC 4180: quoted fields, `""` escapes, CRLF or LF),
/// borrowing unquoted cells from the text. Entirely empty lines are skipped.
#[derive(Clone)]
pub(crate) struct Records<'a> {
    name: &'a str,
    text: &'a str,
    pos: usize,
    line: u64,
}

impl<'a> Records<'a> {
    /// A record stream over `source`.
    pub(crate) fn new(source: &'a Source) -> Records<'a> {
        Records::from_str(&source.name, &source.text, 1)
    }

    /// A record stream over `text` (of the file `name`), whose first line is `first_line`.
    pub(crate) fn from_str(name: &'a str, text: &'a str, first_line: u64) -> Records<'a> {
        Records {
            name,
            text,
            pos: 0,
            line: first_line,
        }
    }

    /// The file's name.
    pub(crate) fn name(&self) -> &'a str {
        self.name
    }

    /// The text not read yet.
    pub(crate) fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// The number of the next line to read.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// Reads the next record into `fields` and returns its first line number, or `None` at
    /// the end of the text.
    #[inline]
    pub(crate) fn next(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<Option<u64>> {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        'record: loop {
            if self.pos >= bytes.len() {
                return Ok(None);
            }
            fields.clear();
            let mut start = self.pos;
            let mut i = self.pos;
            loop {
                match bytes.get(i) {
                    Some(b',') => {
                        fields.push(Cow::Borrowed(&text[start..i]));
                        i += 1;
                        start = i;
                    }
                    Some(b'\n') | None => {
                        let mut end = i;
                        if end > start && bytes[end - 1] == b'\r' {
                            end -= 1;
                        }
                        let number = self.line;
                        self.pos = (i + 1).min(bytes.len());
                        self.line += 1;
                        if fields.is_empty() && end == start {
                            continue 'record; // an empty line
                        }
                        fields.push(Cow::Borrowed(&text[start..end]));
                        return Ok(Some(number));
                    }
                    Some(b'"') => return self.quoted(fields).map(Some),
                    Some(_) => i += 1,
                }
            }
        }
    }

    /// Fast path: the next record as its raw line (without line end) when it has no quotes,
    /// else `fields` filled by the full parser and `None` in place of the line. Returns the
    /// record's first line number, or `None` at the end.
    #[inline]
    pub(crate) fn next_raw(
        &mut self,
        fields: &mut Vec<Cow<'a, str>>,
    ) -> Result<Option<(u64, Option<&'a str>)>> {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        loop {
            if self.pos >= bytes.len() {
                return Ok(None);
            }
            let start = self.pos;
            let (end, quote) = find_line_end(bytes, start);
            if quote {
                return self.quoted(fields).map(|n| Some((n, None)));
            }
            let number = self.line;
            self.pos = (end + 1).min(bytes.len());
            self.line += 1;
            let mut stop = end;
            if stop > start && bytes[stop - 1] == b'\r' {
                stop -= 1;
            }
            if stop == start {
                continue;
            }
            return Ok(Some((number, Some(&text[start..stop]))));
        }
    }

    /// The slow path: a record with quotes, possibly spanning lines.
    fn quoted(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<u64> {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        let start_line = self.line;
        fields.clear();
        let mut i = self.pos;
        loop {
            // At the start of a field.
            if i < bytes.len() && bytes[i] == b'"' {
                let content_start = i + 1;
                let mut owned: Option<String> = None;
                let mut chunk_start = content_start;
                let mut j = content_start;
                loop {
                    match bytes.get(j) {
                        None => {
                            return Err(Error::input(
                                "unterminated quoted field, expected a closing '\"'",
                            )
                            .file(self.name)
                            .line(start_line))
                        }
                        Some(b'"') if bytes.get(j + 1) == Some(&b'"') => {
                            owned
                                .get_or_insert_with(String::new)
                                .push_str(&text[chunk_start..j + 1]);
                            j += 2;
                            chunk_start = j;
                        }
                        Some(b'"') => break,
                        Some(b'\n') => {
                            self.line += 1;
                            j += 1;
                        }
                        Some(_) => j += 1,
                    }
                }
                // bytes[j] is the closing quote.
                let cell: Cow<'a, str> = match owned {
                    Some(mut s) => {
                        s.push_str(&text[chunk_start..j]);
                        Cow::Owned(s)
                    }
                    None => Cow::Borrowed(&text[content_start..j]),
                };
                fields.push(cell);
                i = j + 1;
                match bytes.get(i) {
                    Some(b',') => {
                        i += 1;
                        continue;
                    }
                    Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => {
                        i += 2;
                        break;
                    }
                    Some(b'\n') => {
                        i += 1;
                        break;
                    }
                    None => break,
                    Some(_) => {
                        return Err(Error::input(
                            "unexpected text after a closing quote, expected ',' or the end of the line",
                        )
                        .file(self.name)
                        .line(self.line))
                    }
                }
            } else {
                let rest = &text[i..];
                let end = rest
                    .bytes()
                    .position(|b| b == b',' || b == b'\n')
                    .unwrap_or(rest.len());
                let mut cell = &rest[..end];
                let at = bytes.get(i + end).copied();
                if at != Some(b',') {
                    if let Some(c) = cell.strip_suffix('\r') {
                        cell = c;
                    }
                }
                fields.push(Cow::Borrowed(cell));
                i += end;
                match at {
                    Some(b',') => {
                        i += 1;
                        continue;
                    }
                    Some(_) => {
                        i += 1;
                        break;
                    }
                    None => break,
                }
            }
        }
        self.pos = i;
        self.line += 1;
        Ok(start_line)
    }
}

/// Nonzero when some byte of `word` is `byte` (the classic has-zero-byte test on
/// `word ^ byte…`; the lowest flagged byte is exact).
#[inline]
fn has_byte(word: u64, byte: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let x = word ^ (ONES * byte as u64);
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The eight bytes at `i`, little-endian.
#[inline]
fn word_at(bytes: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[i..i + 8]);
    u64::from_le_bytes(w)
}

/// The end of the line starting at `start` (index of its `\n`, or the text's length) and
/// whether a `"` comes before it; eight bytes at a time.
#[inline]
fn find_line_end(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut i = start;
    while i + 8 <= bytes.len() {
        let word = word_at(bytes, i);
        if has_byte(word, b'\n') | has_byte(word, b'"') != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => return (i, false),
            b'"' => return (i, true),
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// The index of the first `\n` at or after `start`, or the text's length; eight bytes at a
/// time.
#[inline]
pub(crate) fn find_newline(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i + 8 <= bytes.len() {
        let found = has_byte(word_at(bytes, i), b'\n');
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| i + p)
}

/// Calls `cell(column, text)` for each comma-separated cell of a quote-free line and returns
/// the number of cells.
#[inline]
pub(crate) fn for_each_cell<'a>(
    line: &'a str,
    mut cell: impl FnMut(usize, &'a str) -> Result<()>,
) -> Result<usize> {
    let bytes = line.as_bytes();
    let mut col = 0;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b',' {
            cell(col, &line[start..i])?;
            col += 1;
            start = i + 1;
        }
    }
    cell(col, &line[start..])?;
    Ok(col + 1)
}

/// Trims a cell, keeping it borrowed when it was.
#[inline]
pub(crate) fn trimmed<'a>(cell: &Cow<'a, str>) -> Cow<'a, str> {
    match cell {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
    }
}

/// A rough count of the data lines, to size hash maps.
pub(crate) fn estimate_rows(text: &str) -> usize {
    let sample = &text.as_bytes()[..text.len().min(1 << 16)];
    let lines = sample.iter().filter(|&&b| b == b'\n').count().max(1);
    (text.len() as u128 * lines as u128 / sample.len().max(1) as u128) as usize + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_newline_agrees_with_a_byte_scan() {
        let text = b"ab\ncdefghijklmnop\n\nqrstuvwxyz0123456789\n\xc3\xa9\xe2\x80\x94x\ny";
        for start in 0..=text.len() {
            let want = text[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |p| start + p);
            assert_eq!(find_newline(text, start), want, "from {start}");
        }
        assert_eq!(find_newline(b"", 0), 0);
    }

    fn all(text: &str) -> Result<Vec<(u64, Vec<String>)>> {
        let src = Source::from_text("t.csv", text);
        let mut r = Records::new(&src);
        let mut out = Vec::new();
        let mut f = Vec::new();
        while let Some(line) = r.next(&mut f)? {
            out.push((line, f.iter().map(|c| c.to_string()).collect()));
        }
        Ok(out)
    }

    #[test]
    fn splits_plain_and_quoted_records() {
        let rows =
            all("a,b\r\n1,2\n\n\"x,y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,\"\"").unwrap();
        assert_eq!(rows[0], (1, vec!["a".into(), "b".into()]));
        assert_eq!(rows[1], (2, vec!["1".into(), "2".into()]));
        assert_eq!(rows[2], (4, vec!["x,y".into(), "say \"hi\"".into()]));
        assert_eq!(rows[3], (5, vec!["multi\nline".into(), "z".into()]));
        assert_eq!(rows[4], (7, vec!["last".into(), "".into()]));
        let rows = all("a,\"b\"\r\nc,d\r\n").unwrap();
        assert_eq!(rows[0].1, vec!["a", "b"]);
        assert_eq!(rows[1], (2, vec!["c".into(), "d".into()]));
    }

    #[test]
    fn bad_quotes_name_the_line() {
        let e = all("a,b\n1,\"open\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = all("a,b\n\"x\"y,1\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}
