//! A notice as blocks, and the three ways it is written: Markdown, plain text (ready to paste
//! into a WeChat post) and a self-contained HTML page.

use crate::lang::Lang;
use crate::table::{render_with, Align};

/// One block of a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The notice's title.
    Title(String),
    /// A line under the title (the date).
    Subtitle(String),
    /// A section heading.
    Heading(String),
    /// A paragraph.
    Para(String),
    /// A list of sentences.
    Items(Vec<String>),
    /// A table: headers, rows, and which columns are numbers (right-aligned).
    Table {
        /// Column headers.
        headers: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
        /// Whether each column is right-aligned.
        numbers: Vec<bool>,
    },
    /// Commands to run, one per line.
    Code(Vec<String>),
}

/// How a notice is written (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NoticeFormat {
    /// Markdown (the default).
    #[default]
    Md,
    /// Plain text.
    Txt,
    /// One self-contained HTML page (inline CSS, no network).
    Html,
}

impl NoticeFormat {
    /// Every format, as `--format` names them.
    pub const ALL: [NoticeFormat; 3] = [NoticeFormat::Md, NoticeFormat::Txt, NoticeFormat::Html];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            NoticeFormat::Md => "md",
            NoticeFormat::Txt => "txt",
            NoticeFormat::Html => "html",
        }
    }
}

impl std::str::FromStr for NoticeFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<NoticeFormat, String> {
        NoticeFormat::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown notice format '{s}', expected md, txt or html"))
    }
}

/// The notice written in `format`.
pub fn render(blocks: &[Block], format: NoticeFormat, lang: Lang) -> String {
    match format {
        NoticeFormat::Md => markdown(blocks),
        NoticeFormat::Txt => text(blocks, lang),
        NoticeFormat::Html => html(blocks, lang),
    }
}

/// A Markdown table cell: `|` escaped, no line breaks.
fn md_cell(cell: &str) -> String {
    cell.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Title(t) => out.push_str(&format!("# {t}\n\n")),
            Block::Subtitle(t) => out.push_str(&format!("{t}\n\n")),
            Block::Heading(t) => out.push_str(&format!("## {t}\n\n")),
            Block::Para(t) => out.push_str(&format!("{t}\n\n")),
            Block::Items(items) => {
                for item in items {
                    out.push_str(&format!("- {item}\n"));
                }
                out.push('\n');
            }
            Block::Table {
                headers,
                rows,
                numbers,
            } => {
                let line = |cells: &[String]| {
                    let cells: Vec<String> = cells.iter().map(|c| md_cell(c)).collect();
                    format!("| {} |\n", cells.join(" | "))
                };
                out.push_str(&line(headers));
                let rule: Vec<String> = numbers
                    .iter()
                    .map(|&n| if n { "---:" } else { "---" }.to_string())
                    .collect();
                out.push_str(&format!("|{}|\n", rule.join("|")));
                for row in rows {
                    out.push_str(&line(row));
                }
                out.push('\n');
            }
            Block::Code(lines) => {
                out.push_str("```\n");
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                }
                out.push_str("```\n\n");
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn text(blocks: &[Block], lang: Lang) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Title(t) => out.push_str(&format!("{t}\n\n")),
            Block::Subtitle(t) | Block::Para(t) => out.push_str(&format!("{t}\n\n")),
            Block::Heading(t) => match lang {
                Lang::Zh => out.push_str(&format!("【{t}】\n")),
                Lang::En => out.push_str(&format!("{t}\n")),
            },
            Block::Items(items) => {
                for item in items {
                    out.push_str(&format!("· {item}\n"));
                }
                out.push('\n');
            }
            Block::Table {
                headers,
                rows,
                numbers,
            } => {
                let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                let align: Vec<Align> = numbers
                    .iter()
                    .map(|&n| if n { Align::Right } else { Align::Left })
                    .collect();
                out.push_str(&render_with(&headers, rows, &align, lang.widths()));
                out.push('\n');
            }
            Block::Code(lines) => {
                for l in lines {
                    out.push_str(&format!("    {l}\n"));
                }
                out.push('\n');
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `text` with HTML's special characters escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Inline style of the HTML notice: readable on a phone, printable on A4.
const STYLE: &str =
    "body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;\
max-width:42em;margin:2em auto;padding:0 1em;line-height:1.6;color:#111}\
h1{font-size:1.5em;text-align:center}h2{font-size:1.15em;border-bottom:1px solid #999}\
.date{text-align:center;color:#444}table{border-collapse:collapse;margin:.5em 0}\
th,td{border:1px solid #999;padding:.2em .6em}td.n{text-align:right}\
pre{background:#f4f4f4;padding:.6em;white-space:pre-wrap;word-break:break-all}\
@page{size:A4;margin:2cm}";

fn html(blocks: &[Block], lang: Lang) -> String {
    let e = |t: &str| escape_html(t);
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(t) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or_default();
    let html_lang = match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        e(title)
    );
    for block in blocks {
        match block {
            Block::Title(t) => out.push_str(&format!("<h1>{}</h1>\n", e(t))),
            Block::Subtitle(t) => out.push_str(&format!("<p class=\"date\">{}</p>\n", e(t))),
            Block::Heading(t) => out.push_str(&format!("<h2>{}</h2>\n", e(t))),
            Block::Para(t) => out.push_str(&format!("<p>{}</p>\n", e(t))),
            Block::Items(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", e(item)));
                }
                out.push_str("</ul>\n");
            }
            Block::Table {
                headers,
                rows,
                numbers,
            } => {
                out.push_str("<table>\n<tr>");
                for h in headers {
                    out.push_str(&format!("<th>{}</th>", e(h)));
                }
                out.push_str("</tr>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        let class = if numbers.get(i).copied().unwrap_or(false) {
                            " class=\"n\""
                        } else {
                            ""
                        };
                        out.push_str(&format!("<td{class}>{}</td>", e(cell)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
            Block::Code(lines) => {
                out.push_str("<pre>");
                out.push_str(&e(&lines.join("\n")));
                out.push_str("</pre>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_text() {
        let blocks = vec![
            Block::Title("<script>&".into()),
            Block::Table {
                headers: vec!["a\"".into()],
                rows: vec![vec!["<b>".into()]],
                numbers: vec![true],
            },
        ];
        let page = render(&blocks, NoticeFormat::Html, Lang::Zh);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;&amp;"));
        assert!(page.contains("<td class=\"n\">&lt;b&gt;</td>"));
        let md = render(
            &[Block::Table {
                headers: vec!["x|y".into()],
                rows: vec![],
                numbers: vec![false],
            }],
            NoticeFormat::Md,
            Lang::En,
        );
        assert_eq!(md, "| x\\|y |\n|---|\n");
    }
}
