//! The candidates' attributes: a CSV (`candidates_file`) with a `name` column (alias `姓名`)
//! and one column per attribute, or the election file's `[[candidate]]` tables.
//!
//! A column is yes/no when every non-empty cell is a yes/no word of the roster's table
//! ([`crate::roster::parse_cadre`]: yes/no, y/n, true/false, 1/0, 是/否); its values are
//! normalised to `yes`/`no`. The attribute `cadre` also answers to the roster's cadre headers
//! ([`crate::roster::CADRE_HEADERS`], e.g. `是否学生会骨干`, `骨干`); a header that marks
//! student officers (`是否学生干部`, [`crate::roster::NOT_CADRE_HEADERS`]), a wider set than
//! the union's core members the clause counts, is taken as `cadre` only with a warning.

use crate::error::{Error, Result};
use crate::input::{Encoding, Source, Table};
use crate::roster::{parse_cadre, CADRE_HEADERS, NAME_HEADERS, NOT_CADRE_HEADERS};

/// The attribute name the cadre headers map to.
pub const CADRE: &str = "cadre";

/// Every candidate's attributes, in the order the file gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CandidateAttributes {
    /// The attribute names (`cadre` for any cadre header), in column order.
    pub attributes: Vec<String>,
    /// Each candidate's name and values (one per attribute, `""` when empty).
    pub rows: Vec<(String, Vec<String>)>,
    /// The 1-based line of each row in its file (for messages).
    pub lines: Vec<u64>,
    /// What the reader warns of (a 学生干部 column taken as `cadre`).
    pub warnings: Vec<String>,
}

/// The warning for a 学生干部 header taken as the cadre attribute.
fn officer_header_warning(file: &str, header: &str) -> String {
    format!(
        "{file}: column '{header}' is taken as the attribute cadre, but it marks student \
         officers (学生干部), a wider set than the union's core members (学生会骨干) the \
         clause counts; a column '是否学生会骨干' says what the clause means"
    )
}

impl CandidateAttributes {
    /// Reads a candidates CSV from its bytes: UTF-8 (with or without BOM), or GB18030 when
    /// the bytes are not UTF-8.
    pub fn from_csv_bytes(name: &str, bytes: Vec<u8>) -> Result<CandidateAttributes> {
        let source = match std::str::from_utf8(&bytes) {
            Ok(_) => Source::decode(name.to_string(), bytes, Encoding::Utf8)?,
            Err(_) => Source::decode(name.to_string(), bytes, Encoding::Gb18030)?,
        };
        CandidateAttributes::from_csv(&source)
    }

    /// Reads a candidates CSV: the `name` column and every other column as an attribute.
    pub fn from_csv(source: &Source) -> Result<CandidateAttributes> {
        let mut table = Table::new(source)?;
        let name_col = table.require(NAME_HEADERS)?;
        let headers = table.headers.clone();
        let has_cadre = headers
            .iter()
            .enumerate()
            .any(|(i, _)| i != name_col && table_matches(&table, i, CADRE_HEADERS));
        let mut attributes = Vec::new();
        let mut columns = Vec::new();
        let mut warnings = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            if i == name_col {
                continue;
            }
            let attribute = if table_matches(&table, i, CADRE_HEADERS) {
                CADRE.to_string()
            } else if !has_cadre && table_matches(&table, i, NOT_CADRE_HEADERS) {
                warnings.push(officer_header_warning(&source.name, header));
                CADRE.to_string()
            } else {
                header.clone()
            };
            if attribute.is_empty() {
                return Err(Error::input(format!(
                    "column {} has no header, expected an attribute name",
                    i + 1
                ))
                .file(&source.name)
                .line(1));
            }
            if attributes.contains(&attribute) {
                return Err(Error::input(format!(
                    "two columns give the attribute '{attribute}', expected one"
                ))
                .file(&source.name)
                .line(1)
                .field(header));
            }
            attributes.push(attribute);
            columns.push(i);
        }
        let mut out = CandidateAttributes {
            attributes,
            warnings,
            ..CandidateAttributes::default()
        };
        for record in table.records() {
            let (line, record) = record?;
            let name = record.get(name_col).unwrap_or("").trim().to_string();
            let values = columns
                .iter()
                .map(|&i| record.get(i).unwrap_or("").trim().to_string())
                .collect();
            out.push(&source.name, line, name, values)?;
        }
        out.normalise_yes_no();
        Ok(out)
    }

    /// Adds one candidate's row (a name not empty, and not given twice).
    pub fn push(&mut self, file: &str, line: u64, name: String, values: Vec<String>) -> Result<()> {
        if name.is_empty() {
            return Err(Error::input("empty candidate name")
                .file(file)
                .line(line)
                .field("name"));
        }
        if let Some(k) = self.rows.iter().position(|(n, _)| *n == name) {
            return Err(Error::input(format!(
                "candidate '{name}' is described twice (also on line {})",
                self.lines[k]
            ))
            .file(file)
            .line(line)
            .field("name"));
        }
        self.rows.push((name, values));
        self.lines.push(line);
        Ok(())
    }

    /// Normalises every yes/no column (every non-empty cell a yes/no word) to `yes`/`no`.
    pub fn normalise_yes_no(&mut self) {
        for a in 0..self.attributes.len() {
            if !self.is_yes_no(a) {
                continue;
            }
            for (_, values) in &mut self.rows {
                if let Some(b) = parse_cadre(&values[a]) {
                    values[a] = if b { "yes" } else { "no" }.to_string();
                }
            }
        }
    }

    /// Whether attribute `a` is yes/no: some cell is not empty, and every non-empty cell is
    /// a yes/no word.
    pub fn is_yes_no(&self, a: usize) -> bool {
        let mut any = false;
        for (_, values) in &self.rows {
            let v = values[a].trim();
            if v.is_empty() {
                continue;
            }
            if parse_cadre(v).is_none() {
                return false;
            }
            any = true;
        }
        any
    }

    /// The index of an attribute.
    pub fn attribute(&self, name: &str) -> Option<usize> {
        self.attributes.iter().position(|a| a == name)
    }

    /// The values of attribute `a` that candidates have, in first-appearance order.
    pub fn values_of(&self, a: usize) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (_, values) in &self.rows {
            if !out.contains(&values[a].as_str()) {
                out.push(&values[a]);
            }
        }
        out
    }

    /// The values of a candidate, when described.
    pub fn of(&self, name: &str) -> Option<&[String]> {
        self.rows
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The canonical CSV a record holds (`candidates.csv`): UTF-8 without BOM, header
    /// `name` then the attributes, one row per candidate in file order, `\n` line ends,
    /// fields quoted only where CSV needs it.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let mut line = vec!["name".to_string()];
        line.extend(self.attributes.iter().cloned());
        push_line(&mut out, &line);
        for (name, values) in &self.rows {
            let mut line = vec![name.clone()];
            line.extend(values.iter().cloned());
            push_line(&mut out, &line);
        }
        out
    }
}

/// Whether column `i` of `table` has one of `names` as its header.
fn table_matches(table: &Table<'_>, i: usize, names: &[&str]) -> bool {
    let h = crate::input::normalize_header(&table.headers[i]);
    names.iter().any(|n| crate::input::normalize_header(n) == h)
}

/// Appends one CSV line (RFC 4180 quoting where needed).
fn push_line(out: &mut String, fields: &[String]) {
    for (k, f) in fields.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) || f.starts_with(' ') || f.ends_with(' ') {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<CandidateAttributes> {
        CandidateAttributes::from_csv(&Source::from_text("c.csv", text))
    }

    #[test]
    fn yes_no_columns_are_normalised_and_cadre_headers_map() {
        let a =
            read("姓名,年级,是否学生会骨干\n周杰静,2022,是\n李强,2023,否\n王芳,2023,\n").unwrap();
        assert_eq!(a.attributes, vec!["年级", "cadre"]);
        assert_eq!(a.of("周杰静").unwrap(), ["2022", "yes"]);
        assert_eq!(a.of("李强").unwrap(), ["2023", "no"]);
        assert_eq!(a.of("王芳").unwrap(), ["2023", ""]);
        assert!(a.warnings.is_empty());
        // A grade column of years is not yes/no.
        assert!(!a.is_yes_no(0));
        let a = read("name,骨干\nA,1\nB,0\n").unwrap();
        assert_eq!(a.of("B").unwrap(), ["no"]);
    }

    #[test]
    fn officer_header_is_cadre_with_a_warning() {
        let a = read("name,是否学生干部\nA,是\n").unwrap();
        assert_eq!(a.attributes, vec!["cadre"]);
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0].contains("学生干部"), "{:?}", a.warnings);
        // Beside a real cadre column it is an attribute of its own.
        let a = read("name,是否学生干部,cadre\nA,是,否\n").unwrap();
        assert_eq!(a.attributes, vec!["是否学生干部", "cadre"]);
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn bad_files_name_line_and_field() {
        let e = read("name,grade\nA,1\nA,2\n").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("name")));
        assert!(e.message.contains("line 2"), "{e}");
        let e = read("grade\n1\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("name"));
        let e = read("name,cadre,骨干\nA,1,1\n").unwrap_err();
        assert!(e.message.contains("two columns"), "{e}");
    }

    #[test]
    fn gb18030_files_are_read() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("姓名,性别\n周杰静,女\n");
        let a = CandidateAttributes::from_csv_bytes("c.csv", bytes.into_owned()).unwrap();
        assert_eq!(a.of("周杰静").unwrap(), ["女"]);
    }

    #[test]
    fn canonical_csv_quotes_where_needed() {
        let a = read("姓名,club\n\"A, B\",\"x\"\"y\"\n").unwrap();
        assert_eq!(a.to_csv(), "name,club\n\"A, B\",\"x\"\"y\"\n");
    }
}
