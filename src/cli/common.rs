//! Arguments shared by several subcommands.

use clap::{Args, ValueEnum};
use congress::internals::input::{Encoding, ReadOptions};
use std::path::PathBuf;

/// Result format of a command that prints results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned, human-readable table (default).
    #[default]
    Table,
    /// CSV with a header row.
    Csv,
    /// JSON with stable keys.
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Table, Format::Csv, Format::Json];
}

/// `--format`, `--out` and `--force`.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Result format [default: table, or json / csv when --out FILE ends in .json / .csv].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the result to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// The result format: `--format` when given; else the one `--out`'s extension names
    /// (`.json`, `.csv`, any case) when the command `writes` it; else `table`.
    pub fn format(&self, writes: &[Format]) -> Format {
        if let Some(format) = self.format {
            return format;
        }
        let extension = self
            .out
            .as_deref()
            .and_then(|path| path.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let named = match extension.as_deref() {
            Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            _ => Format::Table,
        };
        if writes.contains(&named) {
            named
        } else {
            Format::Table
        }
    }

    /// Fails before any work when `--out` names an existing file and `--force` is not set.
    pub fn check(&self) -> congress::Result<()> {
        match &self.out {
            Some(path) => congress::internals::output::ensure_writable(path, self.force),
            None => Ok(()),
        }
    }

    /// Prints or writes the rendered result.
    pub fn emit(&self, text: &str) -> congress::Result<()> {
        congress::internals::output::emit(text, self.out.as_deref(), self.force)
    }
}

/// `--excel`, on commands that write CSV.
#[derive(Debug, Clone, Args)]
pub struct ExcelArgs {
    /// Write CSV as UTF-8 with a byte-order mark, which Excel needs to read UTF-8 (Excel in
    /// a Chinese locale reads BOM-less UTF-8 as GBK); wins over --encoding for the output.
    #[arg(long)]
    pub excel: bool,
    /// Encoding of CSV output: utf-8 (default) or gb18030 (alias gbk), for Excel in a
    /// Chinese locale; --encoding is the input's.
    #[arg(long, value_name = "E", default_value = "utf-8", value_parser = parse_encoding)]
    pub output_encoding: Encoding,
}

impl OutputArgs {
    /// Prints or writes a result rendered in `format`: CSV with a BOM under `--excel`, else
    /// in `--output-encoding` (UTF-8 or GB18030); tables and JSON always in UTF-8.
    pub fn emit_as(&self, text: &str, format: Format, excel: &ExcelArgs) -> congress::Result<()> {
        use congress::internals::output::CsvEncoding;
        let csv = match (format, excel.excel, excel.output_encoding) {
            (Format::Table | Format::Json, _, _) => return self.emit(text),
            (Format::Csv, true, _) => CsvEncoding::Utf8Bom,
            (Format::Csv, false, Encoding::Utf8) => CsvEncoding::Utf8,
            (Format::Csv, false, Encoding::Gb18030) => CsvEncoding::Gb18030,
        };
        congress::internals::output::emit_bytes(
            &congress::internals::output::encode_csv(text, csv),
            self.out.as_deref(),
            self.force,
        )
    }
}

/// `--encoding`, and how a table is found in an input: `--sheet`, `--header-row`,
/// `--skip-totals`.
#[derive(Debug, Clone, Args)]
pub struct EncodingArgs {
    /// Encoding of CSV input: utf-8 (default) or gb18030 (alias gbk).
    #[arg(long, default_value = "utf-8", value_parser = parse_encoding)]
    pub encoding: Encoding,
    /// The sheet of an .xlsx/.xls/.ods input to read [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The row holding the header, when title rows are above it [default: found when
    /// unambiguous].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub header_row: Option<u64>,
    /// Leave out totals rows (合计, 总计, Total) instead of refusing them.
    #[arg(long)]
    pub skip_totals: bool,
}

impl EncodingArgs {
    /// How inputs are read, as these flags say.
    pub fn options(&self) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding,
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            skip_totals: self.skip_totals,
            columns: Vec::new(),
        }
    }
}

/// `--columns`, on commands that read a roster.
#[derive(Debug, Clone, Args)]
pub struct ColumnsArgs {
    /// The roster's header names for its columns, as in
    /// student_id=学号,department=院系,grade=年级,cadre=是否学生会骨干 (also name, class, clubs).
    #[arg(long, value_name = "KEY=HEADER,…", value_parser = parse_roster_columns)]
    pub columns: Option<ColumnMap>,
}

/// The pairs of one `--columns` value (a type of its own: clap reads a `Vec` as many values).
#[derive(Debug, Clone)]
pub struct ColumnMap(pub Vec<(String, String)>);

impl ColumnsArgs {
    /// The roster's read options: `encoding`'s, with these columns.
    pub fn roster_options(&self, encoding: &EncodingArgs) -> ReadOptions {
        ReadOptions {
            columns: self.columns.clone().map(|c| c.0).unwrap_or_default(),
            ..encoding.options()
        }
    }
}

fn parse_roster_columns(s: &str) -> Result<ColumnMap, String> {
    congress::internals::input::parse_columns(s, congress::roster::COLUMN_KEYS).map(ColumnMap)
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    s.parse()
}

/// Renders a value as pretty JSON of kind `schema` (its `"schema"` key first) with a
/// trailing newline.
pub fn to_json(schema: congress::schema::Schema, value: &impl serde::Serialize) -> String {
    schema.to_json(value)
}
