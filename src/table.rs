//! Aligned plain-text tables for the terminal, with CJK-aware column widths: CJK and
//! full-width characters take two columns, combining marks none, and the characters East
//! Asian Width calls ambiguous (○ × — “ ”) one or two as [`Widths`] says.

use unicode_width::UnicodeWidthStr;

/// How wide the characters of ambiguous East Asian Width are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Widths {
    /// One column, as Western terminals draw them (English output).
    #[default]
    Narrow,
    /// Two columns, as CJK fonts and terminals in a Chinese locale draw them (Chinese output).
    Cjk,
}

impl Widths {
    /// The columns `text` takes on a terminal.
    pub fn of(self, text: &str) -> usize {
        match self {
            Widths::Narrow => text.width(),
            Widths::Cjk => text.width_cjk(),
        }
    }
}

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
    render_with(headers, rows, align, Widths::Narrow)
}

/// [`render`], measuring ambiguous-width characters as `widths` says.
pub fn render_with(
    headers: &[&str],
    rows: &[Vec<String>],
    align: &[Align],
    widths_of: Widths,
) -> String {
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
    let mut widths: Vec<usize> = headers.iter().map(|h| widths_of.of(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(widths_of.of(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, cell) in cells.enumerate().take(columns) {
            if i > 0 {
                text.push_str("  ");
            }
            let pad = widths[i].saturating_sub(widths_of.of(cell));
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

    /// The columns each line of `t` takes with `widths`.
    fn line_widths(t: &str, widths: Widths) -> Vec<usize> {
        t.lines().map(|l| widths.of(l)).collect()
    }

    #[test]
    fn aligns_chinese_names_full_width_and_ambiguous_characters() {
        let rows = vec![
            vec!["王芳".into(), "8".into(), "○".into()],
            vec!["欧阳娜娜".into(), "10".into(), "×".into()],
            vec!["ＡＢＣ全角".into(), "7".into(), "—".into()],
            vec!["Lee".into(), "12".into(), "x".into()],
            vec!["José".into(), "3".into(), "é".into()],
        ];
        let align = [Align::Left, Align::Right, Align::Left];
        for widths in [Widths::Narrow, Widths::Cjk] {
            let t = render_with(&["候选人", "赞成", "mark"], &rows, &align, widths);
            // Every line whose last column is as wide as the widest ends in the same column,
            // and the numbers' column ends in the same column on every line.
            let lines: Vec<&str> = t.lines().collect();
            let number_ends: Vec<usize> = lines
                .iter()
                .map(|l| {
                    let cut = l.rfind("  ").unwrap();
                    widths.of(l[..cut].trim_end())
                })
                .collect();
            assert!(
                number_ends.windows(2).all(|w| w[0] == w[1]),
                "{widths:?}\n{t}{number_ends:?}"
            );
            let ends = line_widths(&t, widths);
            let mark_start = ends[0] - widths.of("mark");
            for (line, end) in lines.iter().zip(&ends).skip(1) {
                let last = line.rsplit("  ").next().unwrap();
                assert_eq!(end - widths.of(last), mark_start, "{widths:?}\n{t}");
            }
        }
        // An ambiguous character counts two columns only in the CJK measure.
        assert_eq!(Widths::Narrow.of("○×—"), 3);
        assert_eq!(Widths::Cjk.of("○×—"), 6);
        assert_eq!(Widths::Narrow.of("ＡＢ王"), 6);
        assert_eq!(Widths::Narrow.of("e\u{301}"), 1);
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
