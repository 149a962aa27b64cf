//! Reading input files: encodings, standard input, and header-checked CSV tables.
//!
//! The contract's CSV rules live here in one place: UTF-8 with or without BOM,
//! `--encoding gb18030` (alias `gbk`), `-` for standard input, a required header row whose
//! names match case-insensitively after trimming.
//!
//! Every table a command reads goes through [`Source::open`], which also reads what is not
//! CSV text as the same records: a spreadsheet's sheet ([`sheet`]), tab-separated and UTF-16
//! text, title rows above the header and totals rows ([`rows`]); and refuses, with a hint,
//! a workbook given a CSV name.

pub mod rows;
pub mod sheet;

use crate::error::{Error, Result};
use sheet::SheetLayout;
use std::io::Read;

/// How an input table is read (the flags `--encoding`, `--sheet`, `--header-row`,
/// `--skip-totals` and `--columns`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The text encoding of CSV input.
    pub encoding: Encoding,
    /// The sheet of a workbook to read (default: the first).
    pub sheet: Option<String>,
    /// The 1-based row of the header (default: found, see [`rows`]).
    pub header_row: Option<u64>,
    /// Leave totals rows (`合计`, `Total`) out instead of refusing them.
    pub skip_totals: bool,
    /// Header names for a reader's columns: (`student_id`, `学号`), …
    pub columns: Vec<(String, String)>,
}

impl From<Encoding> for ReadOptions {
    fn from(encoding: Encoding) -> ReadOptions {
        ReadOptions {
            encoding,
            ..ReadOptions::default()
        }
    }
}

impl From<&ReadOptions> for ReadOptions {
    fn from(options: &ReadOptions) -> ReadOptions {
        options.clone()
    }
}

/// Parses `--columns student_id=学号,department=院系`: each `key=header`, the keys among
/// `keys`.
pub fn parse_columns(
    text: &str,
    keys: &[&str],
) -> std::result::Result<Vec<(String, String)>, String> {
    let mut columns: Vec<(String, String)> = Vec::new();
    for pair in text.split([',', '，']).filter(|p| !p.trim().is_empty()) {
        let (key, header) = pair
            .split_once('=')
            .ok_or_else(|| format!("'{pair}' is not key=header, as in student_id=学号"))?;
        let key = key.trim().to_lowercase();
        if !keys.contains(&key.as_str()) {
            return Err(format!(
                "unknown column '{key}', expected one of {}",
                keys.join(", ")
            ));
        }
        if columns.iter().any(|(k, _)| *k == key) {
            return Err(format!("column '{key}' is given twice"));
        }
        columns.push((key, header.trim().to_string()));
    }
    Ok(columns)
}

/// What a cell read from a spreadsheet or CSV holds when it is an id that Excel stored as a
/// number and has rounded: scientific notation as Excel shows it (`1.2E+17`, `1.23457E+15`).
/// Returns the error message, or `None` for any other id.
pub fn rounded_id(cell: &str) -> Option<String> {
    let t = cell.trim();
    let (mantissa, exponent) = t.split_once("E+")?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    (mantissa_ok && digits(exponent)).then(|| {
        format!(
            "'{t}' is a number Excel has already rounded (it keeps 15 significant digits and \
             shows long numbers in scientific notation), so the id is lost: format the column \
             as Text in Excel and enter or paste the ids again"
        )
    })
}

/// The sheets opened by [`Source::open`] in this process, for [`locate_cells`].
static OPENED_SHEETS: std::sync::Mutex<Vec<SheetLayout>> = std::sync::Mutex::new(Vec::new());

/// `err` (and each error collected in it) with its field named as the cell of a spreadsheet
/// this process opened, when it is in one: `roster.xlsx:17: Sheet1!D (学号): …`.
pub fn locate_cells(err: Error) -> Error {
    let sheets = match OPENED_SHEETS.lock() {
        Ok(sheets) => sheets,
        Err(poisoned) => poisoned.into_inner(),
    };
    err.map_all(&|e: Error| match sheets
        .iter()
        .rev()
        .find(|l| e.file.as_deref() == Some(l.file.as_str()))
    {
        Some(layout) => layout.locate(e),
        None => e,
    })
}

/// Text encoding of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[default]
    Utf8,
    /// GB18030 (a superset of GBK), as exported by Chinese-locale Excel.
    Gb18030,
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "gb18030" | "gbk" | "gb2312" => Ok(Encoding::Gb18030),
            other => Err(format!(
                "unknown encoding '{other}', expected utf-8 or gb18030 (alias gbk)"
            )),
        }
    }
}

/// A whole input file decoded to UTF-8 text, with the name the user gave it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name used in error messages (`-` becomes `<stdin>`).
    pub name: String,
    /// The decoded text, without a byte-order mark.
    pub text: String,
    /// The sheet the text was read from, when the file is a spreadsheet.
    pub sheet: Option<SheetLayout>,
    /// Header names for a reader's columns (`--columns`), consulted by [`Table`].
    pub columns: Vec<(String, String)>,
}

/// Whether a file of this name is a table: its header rows, totals rows and tab-separated
/// text are looked for (`.csv`, `.tsv`, `.txt` and workbooks).
fn is_table_name(path: &str) -> bool {
    let ext = extension(path);
    matches!(ext.as_str(), "csv" | "tsv" | "txt") || sheet::is_workbook(path)
}

/// The extension of `path`, lower case (empty without one).
fn extension(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

impl Source {
    /// Reads `path` (or standard input for `-`) as `options` say (an [`Encoding`] alone
    /// will do): a workbook's sheet, or text decoded; then, for a table, its title rows,
    /// totals rows and tab-separated text handled (module [`rows`]).
    pub fn open(path: &str, options: impl Into<ReadOptions>) -> Result<Source> {
        let options = options.into();
        let mut source = if path != "-" && sheet::is_workbook(path) {
            let (text, layout) = sheet::read_sheet(path, options.sheet.as_deref())?;
            check_size(path, text.len() as u64)?;
            Source {
                name: path.to_string(),
                text,
                sheet: Some(layout),
                columns: Vec::new(),
            }
        } else {
            Source::read_text(path, options.encoding)?
        };
        source.columns = options.columns.clone();
        let explicit = options.header_row.is_some() || options.skip_totals;
        if is_table_name(path) || explicit {
            source.prepare_table(&options)?;
        }
        if let Some(layout) = &source.sheet {
            if let Ok(mut sheets) = OPENED_SHEETS.lock() {
                sheets.push(layout.clone());
            }
        }
        Ok(source)
    }

    /// Reads a table's text as the same records (tab-separated text as CSV), with its title
    /// rows and totals rows handled, and notes its header in the sheet layout.
    fn prepare_table(&mut self, options: &ReadOptions) -> Result<()> {
        let ext = extension(&self.name);
        if rows::tab_separated(&self.text) {
            match ext.as_str() {
                "csv" => {
                    return Err(Error::input(
                        "tab-separated text in a .csv file (its header row has tabs and no \
                         commas): name the file .tsv, or save it from Excel as \"CSV (comma \
                         delimited)\"",
                    )
                    .file(&self.name)
                    .line(1))
                }
                _ => self.text = rows::tsv_to_csv(&self.name, &self.text)?,
            }
        }
        let text = std::mem::take(&mut self.text);
        let (text, _) = rows::prepare(&self.name, text, options)?;
        self.text = text;
        if let Some(layout) = &mut self.sheet {
            let mut records = crate::fast::Records::from_str(&self.name, &self.text, 1);
            let mut header = Vec::new();
            if let Ok(Some(_)) = records.next(&mut header) {
                layout.headers = header.iter().map(|h| h.trim().to_string()).collect();
            }
        }
        Ok(())
    }

    /// `err` with its field named as a cell when this source is a spreadsheet.
    pub fn locate(&self, err: Error) -> Error {
        match &self.sheet {
            Some(layout) => err.map_all(&|e| layout.locate(e)),
            None => err,
        }
    }

    /// Reads `path` (or standard input for `-`) and decodes it.
    fn read_text(path: &str, encoding: Encoding) -> Result<Source> {
        let limit = crate::limits::MAX_INPUT_BYTES;
        let (name, bytes) = if path == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io("<stdin>", e))?;
            check_size("<stdin>", bytes.len() as u64)?;
            if let Some(source) = utf16_source("<stdin>", &bytes)? {
                return Ok(source);
            }
            check_binary("<stdin>", &bytes)?;
            check_text("<stdin>", &bytes[..bytes.len().min(SAMPLE_BYTES)])?;
            ("<stdin>".to_string(), bytes)
        } else {
            let io = |e| Error::io(path, e);
            let mut file = std::fs::File::open(path).map_err(io)?;
            let size = file.metadata().map_or(0, |m| m.len());
            check_size(path, size)?;
            let size = size as usize;
            // The first bytes tell whether the text is nearly all ASCII (read whole and
            // checked in place) or not (read and checked a block at a time, see
            // `read_utf8_blocks`). A file that is not a regular file (a pipe, a device) may
            // be endless: it is read up to the limit and no further.
            let mut bytes = Vec::with_capacity(size + 1);
            (&mut file)
                .take(SAMPLE_BYTES as u64)
                .read_to_end(&mut bytes)
                .map_err(io)?;
            if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                (&mut file)
                    .take(limit)
                    .read_to_end(&mut bytes)
                    .map_err(io)?;
                check_size(path, bytes.len() as u64)?;
                if let Some(source) = utf16_source(path, &bytes)? {
                    return Ok(source);
                }
            }
            check_binary(path, &bytes)?;
            check_text(path, &bytes)?;
            let rest = limit + 1 - bytes.len() as u64;
            if encoding == Encoding::Utf8 && size >= SIMD_UTF8_BYTES && !mostly_ascii(&bytes) {
                let text =
                    read_utf8_blocks(bytes.as_slice().chain(file.take(rest)), size).map_err(io)?;
                if let Some(text) = &text {
                    check_size(path, text.len() as u64)?;
                }
                if let Some(text) = text {
                    return Ok(Source {
                        name: path.to_string(),
                        text,
                        sheet: None,
                        columns: Vec::new(),
                    });
                }
                // Not UTF-8: read again for the position of the first bad byte.
                bytes = std::fs::read(path).map_err(io)?;
            } else if size >= PARALLEL_READ_BYTES && crate::parallel::two_cores() {
                bytes = match read_rest_in_halves(&file, bytes, size) {
                    Ok(all) => all,
                    // Shorter than it said (changed while read): read again from the start.
                    Err(_) => std::fs::read(path).map_err(io)?,
                };
            } else {
                (&mut file).take(rest).read_to_end(&mut bytes).map_err(io)?;
            }
            check_size(path, bytes.len() as u64)?;
            (path.to_string(), bytes)
        };
        Source::decode(name, bytes, encoding)
    }

    /// Decodes raw bytes read from `name`.
    pub fn decode(name: String, bytes: Vec<u8>, encoding: Encoding) -> Result<Source> {
        let text = match encoding {
            Encoding::Utf8 => match utf8_string(bytes) {
                Ok(mut text) => {
                    if text.starts_with('\u{feff}') {
                        text.drain(..3);
                    }
                    text
                }
                Err(err) => {
                    let valid = err.utf8_error().valid_up_to();
                    let bytes = err.into_bytes();
                    let line = 1 + bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u64;
                    return Err(Error::input(
                        "invalid UTF-8 text, expected UTF-8 (use --encoding gb18030 for GBK/GB18030 files)",
                    )
                    .file(name)
                    .line(line));
                }
            },
            Encoding::Gb18030 => {
                let (text, _, had_errors) = encoding_rs::GB18030.decode(&bytes);
                if had_errors {
                    let text = text.into_owned();
                    let bad = text.find('\u{fffd}').unwrap_or(0);
                    let line = 1 + text[..bad].matches('\n').count() as u64;
                    return Err(Error::input("invalid GB18030 text, expected GB18030/GBK")
                        .file(name)
                        .line(line));
                }
                text.into_owned()
            }
        };
        Ok(Source {
            name,
            text,
            sheet: None,
            columns: Vec::new(),
        })
    }

    /// A source from text already in memory (for tests and library callers).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
            sheet: None,
            columns: Vec::new(),
        }
    }
}

/// An input error when an input of `size` bytes is above [`crate::limits::MAX_INPUT_BYTES`].
fn check_size(name: &str, size: u64) -> Result<()> {
    if size > crate::limits::MAX_INPUT_BYTES {
        return Err(Error::input(format!(
            "larger than {} bytes, the most congress reads (docs/reliability.md)",
            crate::limits::MAX_INPUT_BYTES
        ))
        .file(name));
    }
    Ok(())
}

/// The text of UTF-16 bytes with a byte-order mark (what Excel's "Unicode text" writes),
/// or `None` for bytes without one.
fn utf16_source(name: &str, bytes: &[u8]) -> Result<Option<Source>> {
    let encoding = if bytes.starts_with(&[0xFF, 0xFE]) {
        encoding_rs::UTF_16LE
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        encoding_rs::UTF_16BE
    } else {
        return Ok(None);
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
    if had_errors {
        let text = text.into_owned();
        let bad = text.find('\u{fffd}').unwrap_or(0);
        let line = 1 + text[..bad].matches('\n').count() as u64;
        return Err(
            Error::input("invalid UTF-16 text (it starts with a UTF-16 byte-order mark)")
                .file(name)
                .line(line),
        );
    }
    Ok(Some(Source::from_text(name, text.into_owned())))
}

/// An input error with the right hint when the first bytes are those of a workbook: a zip
/// file (`.xlsx`, `.ods`) or an OLE compound file (`.xls`) given a name that is not one.
fn check_binary(name: &str, sample: &[u8]) -> Result<()> {
    let message = if sample.starts_with(b"PK\x03\x04") {
        "this is an Excel workbook (a zip file such as .xlsx or .ods), not CSV text: pass it \
         as .xlsx (or .ods), named so, or save it from Excel as CSV"
    } else if sample.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        "this is an Excel 97-2003 workbook (an OLE file), not CSV text: pass it as .xls, \
         named so, or save it from Excel as CSV"
    } else {
        return Ok(());
    };
    Err(Error::input(message).file(name))
}

/// An input error when the first bytes of an input hold a NUL byte: no text file does
/// (UTF-16 text does, and binary files).
fn check_text(name: &str, sample: &[u8]) -> Result<()> {
    if let Some(at) = sample.iter().position(|&b| b == 0) {
        let line = 1 + sample[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        return Err(Error::input(
            "holds NUL bytes, expected text (UTF-8, or GB18030 with --encoding gb18030): a \
             binary file, or UTF-16 text without a byte-order mark (save it as UTF-8 CSV)",
        )
        .file(name)
        .line(line));
    }
    Ok(())
}

/// Files at least this large whose samples are not nearly all ASCII are checked with SIMD
/// instructions.
const SIMD_UTF8_BYTES: usize = 1 << 20;

/// `String::from_utf8`, faster on large text that is not nearly all ASCII (Chinese marks,
/// names): such text is checked with SIMD instructions (simdutf8) and copied into a new
/// string, which costs a fraction of std's character-by-character check (~3 ns a byte on
/// such text). Mostly-ASCII text takes std's own fast path, and invalid text always gets
/// std's error (the position of the first invalid sequence).
fn utf8_string(bytes: Vec<u8>) -> std::result::Result<String, std::string::FromUtf8Error> {
    utf8_string_from(bytes, crate::parallel::split_from(SIMD_UTF8_BYTES))
}

fn utf8_string_from(
    bytes: Vec<u8>,
    simd_from: usize,
) -> std::result::Result<String, std::string::FromUtf8Error> {
    if bytes.len() < simd_from || mostly_ascii(&bytes) {
        return String::from_utf8(bytes);
    }
    match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => String::from_utf8(bytes),
    }
}

/// Bytes at the start of a file that decide how it is read.
const SAMPLE_BYTES: usize = 1 << 16;

/// Files at least this large (and nearly all ASCII) are read in two halves on two threads:
/// each thread takes the page faults of its half of the fresh buffer, which cost more than
/// the copy itself here (47 MB: ~40 ms read by one thread, ~27 ms by two).
const PARALLEL_READ_BYTES: usize = 1 << 22;

/// The whole file whose first bytes are `start` (the file's cursor just after them) and
/// whose size was `size`: the rest read in two halves on two threads, then anything past
/// `size` (a file that grew); an error if the file is shorter than `size`.
#[cfg(unix)]
fn read_rest_in_halves(
    file: &std::fs::File,
    start: Vec<u8>,
    size: usize,
) -> std::io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    use std::os::unix::fs::FileExt;
    let from = start.len();
    // Zeroed by the allocator (fresh pages, not yet touched), so each half faults in its
    // own pages on its own thread.
    let mut all = vec![0u8; size.max(from)];
    all[..from].copy_from_slice(&start);
    let rest = &mut all[from..];
    let half = rest.len() / 2;
    let (first, second) = rest.split_at_mut(half);
    let (a, b) = crate::parallel::join(
        || file.read_exact_at(first, from as u64),
        || file.read_exact_at(second, (from + half) as u64),
    );
    a?;
    b?;
    let mut file = file;
    file.seek(SeekFrom::Start(all.len() as u64))?;
    file.read_to_end(&mut all)?;
    Ok(all)
}

/// [`read_rest_in_halves`] where positioned reads are not available: one plain read.
#[cfg(not(unix))]
fn read_rest_in_halves(
    mut file: &std::fs::File,
    mut start: Vec<u8>,
    _size: usize,
) -> std::io::Result<Vec<u8>> {
    file.read_to_end(&mut start)?;
    Ok(start)
}

/// Bytes read at a time by [`read_utf8_blocks`].
const READ_BLOCK: usize = 1 << 20;

/// Reads a file of about `size` bytes into a string, checking each block of UTF-8 with SIMD
/// instructions as it arrives and dropping a byte-order mark; `None` if the bytes are not
/// UTF-8. The file is read through one small buffer that stays in the cache, so its bytes are
/// copied once, into the string (reading the whole file and then checking it, as
/// `std::fs::read` and `String::from_utf8` do, costs a second buffer the size of the file
/// whenever the faster check must copy).
fn read_utf8_blocks(file: impl Read, size: usize) -> std::io::Result<Option<String>> {
    read_utf8_in_blocks(file, size, READ_BLOCK)
}

/// [`read_utf8_blocks`] with blocks of `block_len` (at least 4) bytes.
fn read_utf8_in_blocks(
    mut file: impl Read,
    size: usize,
    block_len: usize,
) -> std::io::Result<Option<String>> {
    let mut text = String::with_capacity(size + 1);
    let mut block = vec![0u8; block_len.max(4)];
    // Bytes of a character cut by the end of the previous block, kept at the start.
    let mut carried = 0;
    let mut first = true;
    loop {
        let read = match file.read(&mut block[carried..]) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if read == 0 {
            // A character cut off by the end of the file is not UTF-8.
            return Ok((carried == 0).then_some(text));
        }
        let filled = carried + read;
        let whole = whole_chars_len(&block[..filled]);
        let Ok(chunk) = simdutf8::basic::from_utf8(&block[..whole]) else {
            return Ok(None);
        };
        // The mark can only be at the start of the first text read (a short first read may
        // hold none of it yet).
        let chunk = if first && !chunk.is_empty() {
            first = false;
            chunk.strip_prefix('\u{feff}').unwrap_or(chunk)
        } else {
            chunk
        };
        text.push_str(chunk);
        block.copy_within(whole..filled, 0);
        carried = filled - whole;
    }
}

/// The length of the longest prefix of `bytes` that does not end inside a UTF-8 character
/// (all of `bytes` when its end is not inside a well-formed character's start).
fn whole_chars_len(bytes: &[u8]) -> usize {
    let len = bytes.len();
    // The last byte that is not a continuation byte, among the last four.
    let Some(back) = bytes.iter().rev().take(4).position(|&b| b & 0xC0 != 0x80) else {
        return len;
    };
    let start = len - 1 - back;
    let needed = match bytes[start] {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return len,
    };
    if start + needed > len {
        start
    } else {
        len
    }
}

/// Whether at most 1 in 64 bytes of three 4 KiB samples (start, middle, end) is not ASCII.
fn mostly_ascii(bytes: &[u8]) -> bool {
    const SAMPLE: usize = 4096;
    let starts = [0, bytes.len() / 2, bytes.len().saturating_sub(SAMPLE)];
    let (mut sampled, mut other) = (0, 0);
    for start in starts {
        let sample = &bytes[start..bytes.len().min(start + SAMPLE)];
        sampled += sample.len();
        other += sample.iter().filter(|b| !b.is_ascii()).count();
    }
    other * 64 <= sampled
}

/// Why `name` cannot name a candidate (`None` when it can): it holds a control or
/// invisible character ([`hidden_char`]), named with its code point.
pub fn bad_name(name: &str) -> Option<String> {
    hidden_char(name).map(|c| {
        format!(
            "name {} holds U+{:04X}, a control or invisible character; names must be printable",
            name.escape_debug(),
            c as u32
        )
    })
}

/// The first two of `names` that are different strings but the same name once Unicode
/// compatibility-normalised (NFKC: full-width and half-width forms, composed and decomposed
/// accents, ligatures), as the error that refuses them, with the code points of both.
pub fn confusable_names(names: &[String]) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for name in names {
        if name.is_ascii() {
            if let Some(first) = seen.insert(name.clone(), name) {
                if first != name {
                    return Some(confusable_message(first, name));
                }
            }
            continue;
        }
        let folded: String = name.nfkc().collect();
        match seen.get(&folded) {
            Some(first) if *first != name => return Some(confusable_message(first, name)),
            Some(_) => {}
            None => {
                seen.insert(folded, name);
            }
        }
    }
    None
}

fn confusable_message(first: &str, second: &str) -> String {
    format!(
        "names {} ({}) and {} ({}) differ only in Unicode form (full-width, accents composed \
         or not), so they would print alike; write both the same way, or make them differ",
        first.escape_debug(),
        code_points(first),
        second.escape_debug(),
        code_points(second)
    )
}

/// The code points of `text`, as `U+0065 U+0301`.
pub fn code_points(text: &str) -> String {
    text.chars()
        .map(|c| format!("U+{:04X}", c as u32))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first character of `text` that a name or ballot id must not hold: a control
/// character (line breaks and tabs included), or an invisible formatting character
/// (zero-width spaces and joiners, bidirectional overrides, the byte-order mark, the soft
/// hyphen), any of which makes two different values print alike.
#[inline]
pub fn hidden_char(text: &str) -> Option<char> {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    text.chars().find(|&c| {
        c.is_control()
            || matches!(
                c,
                '\u{ad}'
                    | '\u{600}'..='\u{605}'
                    | '\u{61c}'
                    | '\u{6dd}'
                    | '\u{70f}'
                    | '\u{180e}'
                    | '\u{200b}'..='\u{200f}'
                    | '\u{202a}'..='\u{202e}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{206f}'
                    | '\u{feff}'
                    | '\u{fff9}'..='\u{fffb}'
            )
    })
}

/// Normalises a header name for matching: trimmed, lower-case.
pub fn normalize_header(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// A CSV file with its header row read and its data records to come.
pub struct Table<'a> {
    /// The file name for error messages.
    pub name: &'a str,
    /// The header names as written (trimmed).
    pub headers: Vec<String>,
    normalized: Vec<String>,
    columns: &'a [(String, String)],
    header_line: u64,
    reader: csv::Reader<&'a [u8]>,
}

impl<'a> Table<'a> {
    /// Opens a CSV table over `source`, requiring a non-empty header row.
    pub fn new(source: &'a Source) -> Result<Table<'a>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(source.text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| csv_error(&source.name, e))?
            .clone();
        let header_line = headers.position().map_or(1, |p| p.line());
        if headers.is_empty() || (headers.len() == 1 && headers[0].trim().is_empty()) {
            return Err(Error::input("empty file, expected a header row").file(&source.name));
        }
        let headers: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        let normalized = headers.iter().map(|h| normalize_header(h)).collect();
        Ok(Table {
            name: &source.name,
            headers,
            normalized,
            columns: &source.columns,
            header_line,
            reader,
        })
    }

    /// The header `--columns` gives for the column whose first accepted name is `key`.
    pub fn mapped(&self, key: &str) -> Option<&'a str> {
        let columns: &'a [(String, String)] = self.columns;
        columns
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, h)| h.as_str())
    }

    /// The index of the first column whose header matches any of `names`, or, when
    /// `--columns` maps `names[0]`, the column it names.
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        if let Some(header) = names.first().and_then(|key| self.mapped(key)) {
            return self.find_header(header);
        }
        names.iter().find_map(|wanted| {
            let wanted = normalize_header(wanted);
            self.normalized.iter().position(|h| *h == wanted)
        })
    }

    /// The index of the column headed `header` (matched as headers are).
    pub fn find_header(&self, header: &str) -> Option<usize> {
        let wanted = normalize_header(header);
        self.normalized.iter().position(|h| *h == wanted)
    }

    /// Like [`Table::find`], but a missing column is an input error on line 1.
    pub fn require(&self, names: &[&str]) -> Result<usize> {
        if let Some(header) = names.first().and_then(|key| self.mapped(key)) {
            return self.find_header(header).ok_or_else(|| {
                Error::input(format!(
                    "--columns {}={header}: no column '{header}' in the header (found: {})",
                    names[0],
                    self.headers.join(", ")
                ))
                .file(self.name)
                .line(self.header_line())
                .field(names[0])
            });
        }
        self.find(names).ok_or_else(|| {
            Error::input(format!(
                "missing column, expected a header named {} (found: {})",
                names
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(" or "),
                self.headers.join(", ")
            ))
            .file(self.name)
            .line(self.header_line())
            .field(names[0])
        })
    }

    /// The line of the header row (after any title rows).
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    /// Resolves a user-given column: a header name, or a 1-based column number.
    pub fn column(&self, spec: &str) -> Result<usize> {
        if let Some(i) = self.find(&[spec]) {
            return Ok(i);
        }
        if let Ok(n) = spec.trim().parse::<usize>() {
            if n >= 1 && n <= self.headers.len() {
                return Ok(n - 1);
            }
        }
        self.require(&[spec])
    }

    /// The data records with their 1-based line numbers.
    pub fn records(
        &mut self,
    ) -> impl Iterator<Item = Result<(u64, csv::StringRecord)>> + use<'_, 'a> {
        let name = self.name;
        self.reader.records().map(move |r| match r {
            Ok(record) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                Ok((line, record))
            }
            Err(e) => Err(csv_error(name, e)),
        })
    }

    /// The raw reader, for callers that stream byte records themselves.
    pub fn reader(&mut self) -> &mut csv::Reader<&'a [u8]> {
        &mut self.reader
    }
}

/// Converts a csv crate error into an input error naming file and line.
pub fn csv_error(name: &str, err: csv::Error) -> Error {
    let line = err.position().map(|p| p.line());
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("found {len} fields, expected {expected_len} (one per header column)"),
        csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8 in field {}", err.field() + 1),
        _ => err.to_string(),
    };
    let mut e = Error::input(message).file(name);
    if let Some(line) = line {
        e = e.line(line);
    }
    e
}

/// Parses a non-negative integer count in a CSV cell, naming file, line and field on error.
pub fn parse_count(cell: &str, name: &str, line: u64, field: &str) -> Result<u64> {
    let t = cell.trim();
    t.parse::<u64>().map_err(|_| {
        let what = if t.is_empty() {
            "empty".to_string()
        } else if t.starts_with('-') {
            format!("'{t}' is negative")
        } else {
            format!("'{t}' is not a whole number")
        };
        Error::input(format!("{what}, expected a non-negative integer"))
            .file(name)
            .line(line)
            .field(field)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read a block at a time (blocks cutting characters anywhere), text comes out as
    /// `String::from_utf8` gives it (without a byte-order mark), and bytes that are not UTF-8
    /// are refused, wherever the bad byte is.
    #[test]
    fn text_read_in_blocks_equals_the_whole_text() {
        let good = [
            "ballot_id,甲,乙\nb1,○,×\nb2,赞成,反对\n".to_string(),
            "\u{feff}ascii only\n".to_string(),
            "𝕏 four-byte 𝕏\n".repeat(7),
            String::new(),
            "é".to_string(),
        ];
        for text in &good {
            for block in [4, 5, 6, 7, 13, 64, READ_BLOCK] {
                let read = read_utf8_in_blocks(text.as_bytes(), text.len(), block).unwrap();
                let expected = text.strip_prefix('\u{feff}').unwrap_or(text);
                assert_eq!(read.as_deref(), Some(expected), "block {block}: {text:?}");
            }
        }
        let bad: [&[u8]; 5] = [
            b"abc\xffdef",
            b"cut at the end \xe7\x94",
            b"\x80 starts with a continuation byte",
            b"overlong \xc0\xaf here",
            b"five continuation bytes \xe7\x80\x80\x80\x80\x80",
        ];
        for bytes in bad {
            assert!(String::from_utf8(bytes.to_vec()).is_err());
            for block in [4, 5, 6, 7, 13, 64, READ_BLOCK] {
                let read = read_utf8_in_blocks(bytes, bytes.len(), block).unwrap();
                assert_eq!(read, None, "block {block}: {bytes:?}");
            }
        }
    }

    /// A fresh directory for one test (removed by the test) and the path of `big.csv` in it.
    fn scratch_file(test: &str) -> (std::path::PathBuf, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("congress-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.csv");
        (dir, path)
    }

    /// A large ASCII file is read in two halves; what it holds is read exactly, including
    /// what was appended after its size was taken, and a file that shrank is read again.
    #[test]
    fn large_ascii_files_read_in_halves_read_exactly() {
        let (dir, path) = scratch_file("halves");
        let mut text = String::from("\u{feff}ballot_id,A\n");
        let mut k = 0u64;
        while text.len() < PARALLEL_READ_BYTES + 12_345 {
            text.push_str(&format!("b{k},{}\n", k % 7));
            k += 1;
        }
        std::fs::write(&path, &text).unwrap();
        let path_text = path.to_str().unwrap();
        let source = Source::open(path_text, Encoding::Utf8).unwrap();
        assert_eq!(source.text, text.trim_start_matches('\u{feff}'));
        // The halves and the tail, directly: sizes below, at and above the file's.
        let bytes = text.as_bytes();
        for size in [SAMPLE_BYTES, bytes.len() - 1000, bytes.len()] {
            let mut file = std::fs::File::open(&path).unwrap();
            let mut start = Vec::new();
            (&mut file)
                .take(SAMPLE_BYTES as u64)
                .read_to_end(&mut start)
                .unwrap();
            assert_eq!(
                read_rest_in_halves(&file, start, size).unwrap(),
                bytes,
                "{size}"
            );
        }
        let file = std::fs::File::open(&path).unwrap();
        assert!(read_rest_in_halves(&file, Vec::new(), bytes.len() + 10).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A large file is read in blocks; a bad byte in it is still reported on its line.
    #[test]
    fn large_files_open_in_blocks_with_the_same_errors() {
        let (dir, path) = scratch_file("blocks");
        let mut text = String::from("\u{feff}ballot_id,甲\n");
        while text.len() < SIMD_UTF8_BYTES + 100 {
            text.push_str(&format!("b{},○\n", text.len()));
        }
        std::fs::write(&path, &text).unwrap();
        let path_text = path.to_str().unwrap();
        let source = Source::open(path_text, Encoding::Utf8).unwrap();
        assert_eq!(source.text, text.trim_start_matches('\u{feff}'));
        let mut bytes = text.into_bytes();
        let line = 1 + bytes[..bytes.len() - 50]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let at = bytes.len() - 50;
        bytes[at] = 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let e = Source::open(path_text, Encoding::Utf8).unwrap_err();
        assert_eq!(e.line, Some(line as u64), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn strips_bom_and_matches_headers_case_insensitively() {
        let src = Source::decode(
            "a.csv".into(),
            "\u{feff} Unit ,POP\nA,1\n".as_bytes().to_vec(),
            Encoding::Utf8,
        )
        .unwrap();
        let t = Table::new(&src).unwrap();
        assert_eq!(t.find(&["unit"]), Some(0));
        assert_eq!(t.find(&["pop"]), Some(1));
        assert_eq!(t.column("2").unwrap(), 1);
        let e = t.require(&["population"]).unwrap_err();
        assert_eq!(e.file.as_deref(), Some("a.csv"));
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn simd_check_equals_std() {
        let text = "王芳,○,×\nb2,赞成,反对\n".repeat(1000);
        assert!(!mostly_ascii(text.as_bytes()));
        assert!(mostly_ascii("ballot_id,A\nb1,1\n".repeat(500).as_bytes()));
        for simd_from in [0, usize::MAX] {
            assert_eq!(
                utf8_string_from(text.clone().into_bytes(), simd_from).unwrap(),
                text
            );
        }
        // Invalid bytes anywhere: the same error as std's.
        let bytes = text.into_bytes();
        for at in [0, 5, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] = 0xff;
            let want = String::from_utf8(bad.clone()).unwrap_err();
            let got = utf8_string_from(bad, 0).unwrap_err();
            assert_eq!(got.utf8_error(), want.utf8_error(), "byte {at}");
            assert_eq!(got.as_bytes(), want.as_bytes());
        }
        // A character cut short.
        let mut cut = "é".repeat(100).into_bytes();
        cut.insert(101, b'x');
        let want = String::from_utf8(cut.clone()).unwrap_err();
        assert_eq!(
            utf8_string_from(cut, 0).unwrap_err().utf8_error(),
            want.utf8_error()
        );
    }

    #[test]
    fn reports_invalid_utf8_line() {
        let e =
            Source::decode("b.csv".into(), b"a,b\n1,\xff\n".to_vec(), Encoding::Utf8).unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn decodes_gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("院系,人数\n文学院,12\n");
        let src = Source::decode("g.csv".into(), bytes.into_owned(), Encoding::Gb18030).unwrap();
        assert!(src.text.starts_with("院系"));
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let src = Source::from_text("r.csv", "a,b\n1,2\n3\n");
        let mut t = Table::new(&src).unwrap();
        let errs: Vec<_> = t.records().filter_map(|r| r.err()).collect();
        assert_eq!(errs[0].line, Some(3));
    }

    #[test]
    fn counts_are_checked() {
        assert_eq!(parse_count(" 12 ", "f", 2, "population").unwrap(), 12);
        assert!(parse_count("-1", "f", 2, "p")
            .unwrap_err()
            .message
            .contains("negative"));
        assert!(parse_count("1.5", "f", 2, "p").is_err());
        assert!(parse_count("", "f", 2, "p").is_err());
    }

    #[test]
    fn empty_file_is_an_error() {
        let src = Source::from_text("e.csv", "");
        assert!(Table::new(&src).is_err());
    }
}
