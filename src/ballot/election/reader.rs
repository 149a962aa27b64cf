//! The election file's TOML values with their spans, and errors that name file, line and key.

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A TOML table of the election file.
pub(super) type Table<'i> = DeTable<'i>;
/// A TOML value of the election file, with its span.
pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// The election file being read: its name and text, for errors with line numbers.
pub(super) struct Reader<'a> {
    /// The file name, as the user gave it.
    pub name: &'a str,
    /// The file's text (without a byte-order mark).
    pub text: &'a str,
}

impl<'a> Reader<'a> {
    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u64 {
        let end = offset.min(self.text.len());
        1 + self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
    }

    /// An input error at `span`, naming `key`.
    pub fn err(&self, span: Range<usize>, key: &str, message: impl Into<String>) -> Error {
        Error::input(message)
            .file(self.name)
            .line(self.line_of(span.start))
            .field(key)
    }

    /// An input error for a missing key (no line: the key is not there).
    pub fn missing(&self, key: &str, what: &str) -> Error {
        Error::input(format!("missing key, expected {what}"))
            .file(self.name)
            .field(key)
    }

    /// Rejects any key not in `allowed`, naming the first unknown one (by position).
    pub fn check_keys(
        &self,
        table: &Table,
        prefix: &str,
        allowed: &[&str],
        what: &str,
    ) -> Result<()> {
        let mut unknown: Vec<(usize, &str, Range<usize>)> = table
            .iter()
            .filter(|(k, _)| !allowed.contains(&k.get_ref().as_ref()))
            .map(|(k, _)| (k.span().start, k.get_ref().as_ref(), k.span()))
            .collect();
        unknown.sort_by_key(|u| u.0);
        if let Some((_, key, span)) = unknown.first() {
            return Err(self.err(
                span.clone(),
                &join(prefix, key),
                format!(
                    "unknown key, expected one of {} ({what})",
                    allowed.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// The value of `key` in `table`, with the key's span.
    pub fn get<'t, 'i>(
        &self,
        table: &'t Table<'i>,
        key: &str,
    ) -> Option<(Range<usize>, &'t Value<'i>)> {
        table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(k, v)| (k.span(), v))
    }

    /// A string value.
    pub fn string(&self, value: &Value, key: &str) -> Result<String> {
        match value.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            other => Err(self.err(
                value.span(),
                key,
                format!("found {}, expected a string", other.type_str()),
            )),
        }
    }

    /// A non-negative whole number.
    pub fn integer(&self, value: &Value, key: &str) -> Result<u64> {
        match value.get_ref() {
            DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).map_err(|_| {
                self.err(
                    value.span(),
                    key,
                    format!("'{}' is not a non-negative whole number", i.as_str()),
                )
            }),
            other => Err(self.err(
                value.span(),
                key,
                format!("found {}, expected a whole number", other.type_str()),
            )),
        }
    }

    /// `true` or `false`.
    pub fn boolean(&self, value: &Value, key: &str) -> Result<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Ok(*b),
            other => Err(self.err(
                value.span(),
                key,
                format!("found {}, expected true or false", other.type_str()),
            )),
        }
    }

    /// A table.
    pub fn table<'t, 'i>(&self, value: &'t Value<'i>, key: &str) -> Result<&'t Table<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Ok(t),
            other => Err(self.err(
                value.span(),
                key,
                format!("found {}, expected a table", other.type_str()),
            )),
        }
    }

    /// An array, each item with its span.
    pub fn array<'t, 'i>(
        &self,
        value: &'t Value<'i>,
        key: &str,
        what: &str,
    ) -> Result<&'t [Value<'i>]> {
        match value.get_ref() {
            DeValue::Array(items) => Ok(&items[..]),
            other => Err(self.err(
                value.span(),
                key,
                format!("found {}, expected an array of {what}", other.type_str()),
            )),
        }
    }

    /// An array of names: each trimmed, none empty, none twice.
    pub fn string_list(&self, value: &Value, key: &str, what: &str) -> Result<Vec<String>> {
        let items = self.array(value, key, what)?;
        let mut seen: HashSet<String> = HashSet::new();
        let mut names = Vec::with_capacity(items.len());
        for item in items {
            let name = self.string(item, key)?;
            let trimmed = name.trim();
            if trimmed.is_empty() {
                return Err(self.err(item.span(), key, format!("empty name in the {what}")));
            }
            if !seen.insert(trimmed.to_string()) {
                return Err(self.err(
                    item.span(),
                    key,
                    format!("duplicate name '{trimmed}' in the {what}"),
                ));
            }
            if let Some(m) = crate::input::bad_name(trimmed) {
                return Err(self.err(item.span(), key, m));
            }
            names.push(trimmed.to_string());
        }
        if let Some(m) = crate::input::confusable_names(&names) {
            return Err(self.err(value.span(), key, m));
        }
        Ok(names)
    }
}

/// `prefix.key`, or `key` at the top level.
pub(super) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}
