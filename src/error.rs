//! One error type for the whole crate, carrying file, line and field context.
//!
//! Errors are formatted in exactly one place (`Display`) as
//! `<file>:<line>: <field>: <message>`, and the process exit code is decided in exactly
//! one place ([`Error::exit_code`]), as the contract requires.

use std::fmt;

/// What kind of failure an [`Error`] is; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad flags or flag combinations (exit 2).
    Usage,
    /// Unreadable file, malformed or invalid data, infeasible constraints (exit 3).
    Input,
    /// An apportionment tie that only a lot can decide, and no seed was given (exit 4).
    Tie,
}

/// An error with optional file, line and field context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What kind of failure this is.
    pub kind: ErrorKind,
    /// The file the problem is in, as the user named it.
    pub file: Option<String>,
    /// The 1-based line number in `file`.
    pub line: Option<u64>,
    /// The column, field or key the problem is in.
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
    /// What only some errors have (kept boxed, so that a `Result` stays small).
    pub extra: Option<Box<ErrorExtra>>,
}

/// The parts of an [`Error`] that only some errors have.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorExtra {
    /// The spreadsheet column letters of the cell the problem is in (`D`).
    pub column: Option<String>,
    /// Further errors found in the same run (a reader that collects the errors of every
    /// bad cell, see [`Collector`]), printed after this one.
    pub collected: Vec<Error>,
    /// How many more errors were found and not listed.
    pub unlisted: u64,
}

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A new input error (exit 3) with a message and no context yet.
    pub fn input(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Input,
            file: None,
            line: None,
            field: None,
            message: message.into(),
            extra: None,
        }
    }

    /// A new usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Usage,
            ..Error::input(message)
        }
    }

    /// A new tie error (exit 4): a lot is needed and no seed was given.
    pub fn tie(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Tie,
            ..Error::input(message)
        }
    }

    /// Sets the file name.
    pub fn file(mut self, file: impl Into<String>) -> Error {
        self.file = Some(file.into());
        self
    }

    /// Sets the file name unless one is already set.
    pub fn or_file(mut self, file: impl Into<String>) -> Error {
        if self.file.is_none() {
            self.file = Some(file.into());
        }
        self
    }

    /// Sets the 1-based line number.
    pub fn line(mut self, line: u64) -> Error {
        self.line = Some(line);
        self
    }

    /// Sets the line number unless one is already set.
    pub fn or_line(mut self, line: u64) -> Error {
        if self.line.is_none() {
            self.line = Some(line);
        }
        self
    }

    /// Sets the field (column, key) name.
    pub fn field(mut self, field: impl Into<String>) -> Error {
        self.field = Some(field.into());
        self
    }

    /// An I/O failure on `path`, as an input error.
    pub fn io(path: impl AsRef<std::path::Path>, err: std::io::Error) -> Error {
        Error::input(err.to_string()).file(path.as_ref().display().to_string())
    }

    /// The spreadsheet column letters of the cell the problem is in, when known.
    pub fn column(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|x| x.column.as_deref())
    }

    /// Sets the spreadsheet column letters.
    pub fn with_column(mut self, letters: impl Into<String>) -> Error {
        self.extra.get_or_insert_with(Default::default).column = Some(letters.into());
        self
    }

    /// The errors collected with this one (found in the same run, printed after it).
    pub fn collected(&self) -> &[Error] {
        self.extra.as_ref().map_or(&[], |x| x.collected.as_slice())
    }

    /// How many more errors were found and not listed.
    pub fn unlisted(&self) -> u64 {
        self.extra.as_ref().map_or(0, |x| x.unlisted)
    }

    /// This error without its collected errors, and those errors and the unlisted count.
    fn split_collected(mut self) -> (Error, Vec<Error>, u64) {
        match &mut self.extra {
            Some(x) => {
                let collected = std::mem::take(&mut x.collected);
                let unlisted = std::mem::take(&mut x.unlisted);
                (self, collected, unlisted)
            }
            None => (self, Vec::new(), 0),
        }
    }

    /// This error with `collected` after it and `unlisted` more counted.
    fn with_collected(mut self, collected: Vec<Error>, unlisted: u64) -> Error {
        if collected.is_empty() && unlisted == 0 {
            return self;
        }
        let extra = self.extra.get_or_insert_with(Default::default);
        extra.collected = collected;
        extra.unlisted = unlisted;
        self
    }

    /// This error and the ones collected with it, in order.
    pub fn all(&self) -> impl Iterator<Item = &Error> {
        std::iter::once(self).chain(self.collected().iter())
    }

    /// Applies `f` to this error and to each one collected with it.
    pub fn map_all(self, f: &impl Fn(Error) -> Error) -> Error {
        let (first, collected, unlisted) = self.split_collected();
        f(first).with_collected(collected.into_iter().map(f).collect(), unlisted)
    }

    /// The process exit code for this error, per the contract.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Usage => 2,
            ErrorKind::Input => 3,
            ErrorKind::Tie => 4,
        }
    }
}

/// At most this many errors of one file are listed; the rest are counted.
pub const COLLECTED_PER_FILE: usize = 100;

/// The errors a reader finds in one file, so that one run reports every bad cell: the first
/// [`COLLECTED_PER_FILE`] listed, the rest counted.
#[derive(Debug, Default)]
pub struct Collector {
    errors: Vec<Error>,
    unlisted: u64,
}

impl Collector {
    /// No errors yet.
    pub fn new() -> Collector {
        Collector::default()
    }

    /// Adds an error (and any collected with it).
    pub fn push(&mut self, err: Error) {
        let (err, collected, unlisted) = err.split_collected();
        self.unlisted += unlisted;
        for e in std::iter::once(err).chain(collected) {
            if self.errors.len() < COLLECTED_PER_FILE {
                self.errors.push(e);
            } else {
                self.unlisted += 1;
            }
        }
    }

    /// Whether no error was added.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors as one: the first, with the others collected in it; `None` when there are
    /// none.
    pub fn into_error(self) -> Option<Error> {
        let mut errors = self.errors.into_iter();
        let first = errors.next()?;
        Some(first.with_collected(errors.collect(), self.unlisted))
    }

    /// `Ok(value)` when no error was added, else the errors as one.
    pub fn finish<T>(self, value: T) -> Result<T> {
        match self.into_error() {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }
}

/// At most this many items of a list are named in an error message.
pub const LISTED_IN_ERRORS: usize = 20;

/// `items` joined by commas for an error message: the first [`LISTED_IN_ERRORS`], then how
/// many more there are.
pub fn bounded_list<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<&str> = items
        .iter()
        .take(LISTED_IN_ERRORS)
        .map(AsRef::as_ref)
        .collect();
    let mut text = shown.join(", ");
    if items.len() > LISTED_IN_ERRORS {
        text.push_str(&format!(" and {} more", items.len() - LISTED_IN_ERRORS));
    }
    text
}

/// `text` as a terminal may show it: control characters (escape sequences, line breaks,
/// NUL) written as `\u{1b}`, and anything past `max_chars` characters left out, saying how
/// much.
pub fn printable(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    let plain = text.len() <= max_chars && !text.chars().any(char::is_control);
    if plain {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(max_chars.saturating_mul(4)));
    for (shown, c) in text.chars().enumerate() {
        if shown == max_chars {
            let rest = text.chars().count() - shown;
            out.push_str(&format!("… ({rest} more characters)"));
            break;
        }
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The most characters of a message, and of a file name or field, an error prints.
const MAX_MESSAGE_CHARS: usize = 2_000;
const MAX_NAME_CHARS: usize = 300;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", printable(file, MAX_NAME_CHARS))?;
            if let Some(line) = self.line {
                write!(f, "{line}:")?;
            }
            f.write_str(" ")?;
        } else if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "{}: ", printable(field, MAX_NAME_CHARS))?;
        }
        f.write_str(&printable(&self.message, MAX_MESSAGE_CHARS))
    }
}

impl std::error::Error for Error {}

/// How errors are printed on standard error (the global `--error-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorFormat {
    /// One `error: <file>:<line>: <field>: <message>` line per error.
    #[default]
    Text,
    /// One JSON object, `{"errors": [{"file", "line", "column", "field", "message"}], "more"}`.
    Json,
}

impl ErrorFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [ErrorFormat; 2] = [ErrorFormat::Text, ErrorFormat::Json];

    /// The name `--error-format` takes.
    pub fn name(self) -> &'static str {
        match self {
            ErrorFormat::Text => "text",
            ErrorFormat::Json => "json",
        }
    }
}

impl std::str::FromStr for ErrorFormat {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<ErrorFormat, String> {
        ErrorFormat::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown error format '{s}', expected text or json"))
    }
}

/// `errors` (and the errors collected in each) as `format` prints them on standard error:
/// text lines `error: …`, or one JSON object whose `errors` hold each error's `file`, `line`,
/// `column` (a spreadsheet cell's column letters), `field` and `message` (null when unknown)
/// and whose `more` counts errors not listed.
pub fn report(errors: &[Error], more: u64, format: ErrorFormat) -> String {
    let more = more + errors.iter().map(Error::unlisted).sum::<u64>();
    let all = errors.iter().flat_map(Error::all);
    match format {
        ErrorFormat::Text => {
            let mut out = String::new();
            for e in all {
                out.push_str(&format!("error: {e}\n"));
            }
            if more > 0 {
                out.push_str(&format!("error: and {more} more errors\n"));
            }
            out
        }
        ErrorFormat::Json => {
            let list: Vec<serde_json::Value> = all
                .map(|e| {
                    serde_json::json!({
                        "file": e.file,
                        "line": e.line,
                        "column": e.column(),
                        "field": e.field,
                        "message": e.message,
                    })
                })
                .collect();
            let object = serde_json::json!({
                "schema": crate::schema::Schema::Errors.id(),
                "errors": list,
                "more": more,
            });
            format!("{object}\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_all_parts_in_contract_order() {
        let e = Error::input("not an integer, expected a count of students")
            .file("departments.csv")
            .line(4)
            .field("population");
        assert_eq!(
            e.to_string(),
            "departments.csv:4: population: not an integer, expected a count of students"
        );
        assert_eq!(e.exit_code(), 3);
    }

    #[test]
    fn control_characters_are_shown_escaped_and_long_text_is_cut() {
        let e = Error::input("unknown candidate '\u{1b}[2J\u{1b}[H', expected …")
            .file("b.blt")
            .line(3)
            .field("name\nx");
        assert_eq!(
            e.to_string(),
            "b.blt:3: name\\u{a}x: unknown candidate '\\u{1b}[2J\\u{1b}[H', expected …"
        );
        let long = Error::input("x".repeat(5_000));
        let text = long.to_string();
        assert!(
            text.ends_with("… (3000 more characters)"),
            "{}",
            &text[1990..]
        );
        assert!(text.chars().count() < 2_100);
    }

    #[test]
    fn reports_as_text_or_one_json_object() {
        let e = Error::input("not a number")
            .file("a.csv")
            .line(3)
            .field("seats");
        assert_eq!(
            report(std::slice::from_ref(&e), 0, ErrorFormat::Text),
            "error: a.csv:3: seats: not a number\n"
        );
        assert_eq!(
            report(&[e, Error::usage("bad \"flag\"")], 0, ErrorFormat::Json),
            "{\"schema\":\"congress-errors/1\",\"errors\":[{\"file\":\"a.csv\",\"line\":3,\"column\":null,\"field\":\"seats\",\
             \"message\":\"not a number\"},{\"file\":null,\"line\":null,\"column\":null,\
             \"field\":null,\"message\":\"bad \\\"flag\\\"\"}],\"more\":0}\n"
        );
        assert_eq!("json".parse(), Ok(ErrorFormat::Json));
        assert!("xml".parse::<ErrorFormat>().is_err());
    }

    #[test]
    fn collected_errors_are_reported_in_order_and_counted_past_the_limit() {
        let mut errors = Collector::new();
        assert!(errors.is_empty());
        for line in 1..=(COLLECTED_PER_FILE as u64 + 5) {
            errors.push(Error::input("bad").file("a.csv").line(line));
        }
        let e = errors.into_error().unwrap();
        assert_eq!(e.collected().len(), COLLECTED_PER_FILE - 1);
        assert_eq!(e.unlisted(), 5);
        let text = report(std::slice::from_ref(&e), 0, ErrorFormat::Text);
        assert_eq!(text.lines().count(), COLLECTED_PER_FILE + 1);
        assert!(text.ends_with("error: and 5 more errors\n"));
        assert!(text.starts_with("error: a.csv:1: bad\nerror: a.csv:2: bad\n"));
        let json = report(&[e], 0, ErrorFormat::Json);
        assert!(json.ends_with("\"more\":5}\n"), "{json}");
        assert!(Collector::new().finish(7).is_ok());
        assert!(std::mem::size_of::<Error>() <= 128);
    }

    #[test]
    fn drops_missing_parts() {
        assert_eq!(Error::usage("bad flag").to_string(), "bad flag");
        assert_eq!(Error::usage("x").exit_code(), 2);
        assert_eq!(Error::tie("t").exit_code(), 4);
        assert_eq!(
            Error::input("empty").file("a.csv").to_string(),
            "a.csv: empty"
        );
        assert_eq!(
            Error::input("m")
                .file("a")
                .line(2)
                .or_line(9)
                .or_file("b")
                .to_string(),
            "a:2: m"
        );
    }
}
