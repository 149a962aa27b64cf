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

    /// The process exit code for this error, per the contract.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Usage => 2,
            ErrorKind::Input => 3,
            ErrorKind::Tie => 4,
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
