//! Aligned plain-text tables for the terminal, with CJK-aware column widths.

use unicode_width::UnicodeWidthStr;

/// Horizontal alignment of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text columns.
    Left,
    /// Number columns.
    Right,
}

/// Renders a header row and data rows as an aligned table, two spaces between columns;
/// control characters in a cell are shown escaped (`\u{1b}`), so no name can move the
/// cursor or clear the screen.
pub fn render(headers: &[&str], rows: &[Vec<String>], align: &[Align]) -> String {
    let escaped: Vec<Vec<String>>;
    let rows = if rows
        .iter()
        .flatten()
        .any(|cell| cell.chars().any(char::is_control))
    {
        escaped = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| crate::error::printable(cell, usize::MAX).into_owned())
                    .collect()
            })
            .collect();
        &escaped
    } else {
        rows
    };
    let columns = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, cell) in cells.enumerate().take(columns) {
            if i > 0 {
                text.push_str("  ");
            }
            let pad = widths[i].saturating_sub(cell.width());
            let right = align.get(i).copied().unwrap_or(Align::Left) == Align::Right;
            if right {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().copied());
    for row in rows {
        line(&mut row.iter().map(|s| s.as_str()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_cjk_by_display_width() {
        let t = render(
            &["unit", "seats"],
            &[
                vec!["文学院".into(), "12".into()],
                vec!["Law".into(), "3".into()],
            ],
            &[Align::Left, Align::Right],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "unit    seats");
        assert_eq!(lines[1], "文学院     12");
        assert_eq!(lines[2], "Law         3");
    }

    #[test]
    fn control_characters_in_cells_are_escaped() {
        let t = render(
            &["name", "votes"],
            &[vec!["A\u{1b}[2J".into(), "1".into()]],
            &[Align::Left, Align::Right],
        );
        assert!(!t.contains('\u{1b}'), "{t:?}");
        assert!(t.contains("A\\u{1b}[2J"), "{t:?}");
    }
}
