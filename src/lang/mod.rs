//! The language people read: Chinese or English, chosen once per run, and one catalogue of
//! messages per language.
//!
//! What a person reads (tables, check lines, statuses, announcements, error text after the
//! `error: <file>:<line>: <field>:` prefix where translated) comes from [`Msg`]: an enum with
//! one variant per message, rendered by an exhaustive `match` in [`en`] and in [`zh`]. A
//! message without a translation does not compile, so no run ever shows a key in its place.
//!
//! What scripts read is never translated: CSV headers and cells, JSON keys and values, the
//! files of a record, the `error:` prefix, check ids (`V03`, `8.department-floor`) and the
//! `pass|fail|skip` tokens of `verify` (docs/languages.md).
//!
//! Adding a message: a variant of [`Msg`] with a one-line doc comment, then its text in
//! `en.rs` and `zh.rs` (the compiler lists both places).

pub mod en;
pub mod errors;
mod msg;
pub mod zh;

pub use msg::Msg;

use crate::error::{Error, Result};

/// A language `congress` speaks to people in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Simplified Chinese, in the election's own terms (应到、实到、赞成、当选、另行选举 …).
    Zh,
}

/// The environment variable that names the language when `--lang` is not given.
pub const LANG_VARIABLE: &str = "CONGRESS_LANG";

/// The locale variables read after [`LANG_VARIABLE`], in POSIX order: the first one set and
/// not empty decides.
pub const LOCALE_VARIABLES: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

impl Lang {
    /// Every language, in the order `--help` lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The name `--lang` and `CONGRESS_LANG` take: `en` or `zh`.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The `lang` attribute of an HTML page (`zh-Hans` selects simplified Chinese glyphs).
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }

    /// The language of a locale name: Chinese when it starts with `zh` (`zh_CN.UTF-8`,
    /// `zh_TW`, `zh`), else English (`C`, `POSIX`, `en_US.UTF-8`, `de_DE`).
    pub fn of_locale(locale: &str) -> Lang {
        if locale.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of this run: `flag` (`--lang`) when given; else `CONGRESS_LANG` (`zh` or
    /// `en`, a locale name such as `zh_CN.UTF-8` read as [`Lang::of_locale`] does); else the
    /// first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty, by
    /// [`Lang::of_locale`]; else English. `var` reads a variable (`std::env::var`, or a
    /// test's map). A `CONGRESS_LANG` that names no language is a usage error.
    pub fn select(flag: Option<Lang>, var: impl Fn(&str) -> Option<String>) -> Result<Lang> {
        if let Some(lang) = flag {
            return Ok(lang);
        }
        if let Some(value) = var(LANG_VARIABLE).filter(|v| !v.is_empty()) {
            return match value.parse::<Lang>() {
                Ok(lang) => Ok(lang),
                Err(_) if value.starts_with("zh") || value.starts_with("en") => {
                    Ok(Lang::of_locale(&value))
                }
                Err(message) => Err(Error::usage(message).field(LANG_VARIABLE)),
            };
        }
        for name in LOCALE_VARIABLES {
            if let Some(value) = var(name).filter(|v| !v.is_empty()) {
                return Ok(Lang::of_locale(&value));
            }
        }
        Ok(Lang::En)
    }

    /// The language of this process: [`Lang::select`] over its environment.
    pub fn from_env(flag: Option<Lang>) -> Result<Lang> {
        Lang::select(flag, |name| std::env::var(name).ok())
    }

    /// The text of `msg` in this language.
    pub fn text(self, msg: Msg<'_>) -> String {
        match self {
            Lang::En => en::text(&msg),
            Lang::Zh => zh::text(&msg),
        }
    }

    /// How tables measure the characters East Asian Width calls ambiguous (○ × — “ ”): as
    /// wide in Chinese, where CJK fonts and terminals draw them so, else as narrow.
    pub fn widths(self) -> crate::table::Widths {
        match self {
            Lang::En => crate::table::Widths::Narrow,
            Lang::Zh => crate::table::Widths::Cjk,
        }
    }

    /// The comma between the parts of a phrase: `, ` or `，`.
    pub fn comma(self) -> &'static str {
        match self {
            Lang::En => ", ",
            Lang::Zh => "，",
        }
    }

    /// `items` joined as a list in this language: `a, b, c` or `a、b、c`.
    pub fn list<S: AsRef<str>>(self, items: &[S]) -> String {
        let sep = match self {
            Lang::En => ", ",
            Lang::Zh => "、",
        };
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(sep)
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Lang, String> {
        Lang::ALL
            .into_iter()
            .find(|l| l.name() == s)
            .ok_or_else(|| format!("unknown language '{s}', expected zh or en"))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn select(flag: Option<Lang>, vars: &[(&str, &str)]) -> Result<Lang> {
        let map: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Lang::select(flag, |name| map.get(name).cloned())
    }

    #[test]
    fn the_flag_then_congress_lang_then_the_locale_decide() {
        let all = [
            ("CONGRESS_LANG", "en"),
            ("LC_ALL", "zh_CN.UTF-8"),
            ("LANG", "zh_CN.UTF-8"),
        ];
        assert_eq!(
            select(Some(Lang::Zh), &[("CONGRESS_LANG", "en")]),
            Ok(Lang::Zh)
        );
        assert_eq!(select(None, &all), Ok(Lang::En));
        assert_eq!(select(None, &all[1..]), Ok(Lang::Zh));
        assert_eq!(
            select(None, &[("LC_ALL", "C"), ("LC_MESSAGES", "zh_CN.UTF-8")]),
            Ok(Lang::En)
        );
        assert_eq!(
            select(None, &[("LC_ALL", ""), ("LC_MESSAGES", "zh_TW.UTF-8")]),
            Ok(Lang::Zh)
        );
        assert_eq!(
            select(None, &[("LC_MESSAGES", "en_US.UTF-8"), ("LANG", "zh_CN")]),
            Ok(Lang::En)
        );
        assert_eq!(select(None, &[("LANG", "zh_CN.GB18030")]), Ok(Lang::Zh));
        assert_eq!(
            select(None, &[("CONGRESS_LANG", "zh_CN.UTF-8")]),
            Ok(Lang::Zh)
        );
        assert_eq!(select(None, &[]), Ok(Lang::En));
        let err = select(None, &[("CONGRESS_LANG", "fr")]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.message.contains("expected zh or en"), "{err}");
    }
}
