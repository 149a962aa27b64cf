//! The error texts the catalogue translates: the most common errors of the library, each
//! recognised by its English words and given in Chinese by `zh::error_text`. The `error:`
//! prefix, the file, line and field before the text, and errors printed with
//! `--error-format json` are never translated (docs/languages.md lists the texts).

use super::Lang;

/// An error text the catalogue translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorText {
    /// The file does not exist (`No such file or directory (os error 2)`).
    NotFound,
    /// The file may not be read (`Permission denied (os error 13)`).
    PermissionDenied,
    /// A directory where a file was expected (`Is a directory (os error 21)`).
    IsADirectory,
    /// `--out` names an existing file and `--force` is not given.
    FileExists,
    /// A CSV file without a header row.
    EmptyFile,
    /// A CSV file without a column the command needs; parts: the names, the headers found.
    MissingColumn,
    /// A ballot id used twice; parts: the id and the first line.
    DuplicateBallotId,
    /// An election file that is not UTF-8.
    TomlNotUtf8,
    /// An election file that is not TOML; part: the parser's words.
    NotToml,
    /// A directory that is not a record.
    NotARecord,
}

impl ErrorText {
    /// Every translated text, in the order they are tried.
    pub const ALL: [ErrorText; 10] = [
        ErrorText::NotFound,
        ErrorText::PermissionDenied,
        ErrorText::IsADirectory,
        ErrorText::FileExists,
        ErrorText::EmptyFile,
        ErrorText::MissingColumn,
        ErrorText::DuplicateBallotId,
        ErrorText::TomlNotUtf8,
        ErrorText::NotToml,
        ErrorText::NotARecord,
    ];

    /// The parts of `message` when it is this text (the variable words it holds), else
    /// `None`.
    pub fn recognise(self, message: &str) -> Option<Vec<String>> {
        let exact = |text: &str| (message == text).then(Vec::new);
        match self {
            ErrorText::NotFound => exact("No such file or directory (os error 2)"),
            ErrorText::PermissionDenied => exact("Permission denied (os error 13)"),
            ErrorText::IsADirectory => exact("Is a directory (os error 21)"),
            ErrorText::FileExists => {
                exact("file exists; refusing to overwrite it (use --force to replace it)")
            }
            ErrorText::EmptyFile => exact("empty file, expected a header row"),
            ErrorText::MissingColumn => {
                let rest = message.strip_prefix("missing column, expected a header named ")?;
                let (names, found) = rest.strip_suffix(')')?.split_once(" (found: ")?;
                Some(vec![names.to_string(), found.to_string()])
            }
            ErrorText::DuplicateBallotId => {
                let rest = message.strip_prefix("duplicate ballot_id ")?;
                let (id, line) = rest.rsplit_once(", first on line ")?;
                Some(vec![id.to_string(), line.to_string()])
            }
            ErrorText::TomlNotUtf8 => exact("invalid UTF-8, expected a UTF-8 TOML file"),
            ErrorText::NotToml => Some(vec![message.strip_prefix("not valid TOML: ")?.to_string()]),
            ErrorText::NotARecord => {
                let what = message.strip_prefix("not a congress record: ")?;
                Some(vec![what.to_string()])
            }
        }
    }
}

/// `message` in `lang`: its translation when the catalogue has one, else as it is.
pub fn translate(lang: Lang, message: &str) -> String {
    match lang {
        Lang::En => message.to_string(),
        Lang::Zh => ErrorText::ALL
            .iter()
            .find_map(|&text| {
                let parts = text.recognise(message)?;
                Some(super::zh::error_text(text, &parts))
            })
            .unwrap_or_else(|| message.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_errors_read_in_chinese() {
        let zh = |m: &str| translate(Lang::Zh, m);
        assert_eq!(zh("No such file or directory (os error 2)"), "文件不存在");
        assert_eq!(
            zh("missing column, expected a header named 'student_id' (found: id, name)"),
            "缺少列：应有名为 'student_id' 的表头（实际表头：id, name）"
        );
        assert_eq!(
            zh("duplicate ballot_id 'b7', first on line 3"),
            "票号 'b7' 重复，首次出现在第 3 行"
        );
        assert_eq!(zh("something else"), "something else");
        assert_eq!(
            translate(Lang::En, "No such file or directory (os error 2)"),
            "No such file or directory (os error 2)"
        );
        for text in ErrorText::ALL {
            let parts = vec!["x".to_string(); 2];
            assert!(!super::super::zh::error_text(text, &parts).is_empty());
        }
    }
}
