//! The page every report is written on: one self-contained HTML file (inline CSS, inline SVG,
//! no network) laid out for A4, with the builders of its parts (facts, tables, bar charts).
//!
//! Every name and every value from the input goes through [`escape`]; the only markup that
//! is not escaped is the markup these builders write themselves. The page ends with a
//! layout probe: a short script that sets `data-layout` on `<html>` to `ok`, or to
//! `overflow:` and the elements wider than the A4 content width (the tests read it).

use super::labels::{Label, Lang};
pub use crate::paper::print::escape;

/// The A4 content width: 210 mm less two 15 mm margins.
pub const CONTENT_WIDTH_MM: u32 = 180;

/// The style sheet: A4 pages, a CJK font stack, tables that wrap rather than overflow.
const CSS: &str = "\
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; width: 180mm; max-width: 180mm; color: #111; font-size: 10pt; line-height: 1.45;
  font-family: \"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif; }
@media screen { body { padding: 10mm 0; } }
h1 { font-size: 16pt; margin: 0 0 3mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 1px solid #888; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; break-after: avoid; }
p { margin: 1mm 0 2mm; }
table { border-collapse: collapse; width: 100%; max-width: 100%; margin: 1mm 0 4mm; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 0.8mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #eef1f5; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td.n small { display: block; color: #555; }
tr { break-inside: avoid; }
table.facts th { width: 38%; }
.hash, code, pre { font-family: \"Noto Sans Mono\", \"DejaVu Sans Mono\", \"Noto Sans Mono CJK SC\", monospace; }
.hash { font-size: 8pt; word-break: break-all; }
pre { font-size: 8pt; background: #f5f5f5; padding: 1.5mm 2mm; white-space: pre-wrap; overflow-wrap: anywhere; margin: 1mm 0 3mm; }
figure { margin: 1mm 0 4mm; break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #444; }
svg { display: block; width: 100%; max-width: 100%; height: auto; }
.status { font-weight: 700; }
.token { font-family: \"Noto Sans Mono\", \"DejaVu Sans Mono\", monospace; font-size: 8.5pt; color: #444; white-space: nowrap; }
.pass, .elected { color: #176b2c; } .warn { color: #8a5a00; } .fail { color: #b00020; } .skip { color: #555; }
footer { margin-top: 6mm; font-size: 8pt; color: #555; border-top: 1px solid #ccc; padding-top: 1mm; }
";

/// The layout probe (see the module comment): every table, figure, SVG and preformatted
/// block must fit the body's width, and the page must not scroll sideways.
const PROBE: &str = "<script>(function () {
  var body = document.body, limit = body.clientWidth + 0.5, bad = [];
  var all = document.querySelectorAll('table, figure, svg, pre');
  for (var i = 0; i < all.length; i++) {
    var el = all[i], w = el.getBoundingClientRect().width;
    if (w > limit || el.scrollWidth > el.clientWidth + 1) {
      bad.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + Math.round(w) + 'px');
    }
  }
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth) {
    bad.push('page ' + document.documentElement.scrollWidth + 'px');
  }
  document.documentElement.setAttribute('data-layout', bad.length ? 'overflow: ' + bad.join(', ') : 'ok');
  document.documentElement.setAttribute('data-content-width', String(Math.round(body.clientWidth)));
})();</script>\n";

/// A table cell: its HTML (already escaped) and whether it holds a number.
#[derive(Debug, Clone)]
pub struct Cell {
    html: String,
    numeric: bool,
}

impl Cell {
    /// A text cell (escaped).
    pub fn text(text: &str) -> Cell {
        Cell {
            html: escape(text),
            numeric: false,
        }
    }

    /// A number cell (escaped, right-aligned), e.g. `7.4800` or `24`.
    pub fn num(text: impl ToString) -> Cell {
        Cell {
            html: escape(&text.to_string()),
            numeric: true,
        }
    }

    /// A cell of markup the caller built from escaped parts.
    pub fn html(html: String) -> Cell {
        Cell {
            html,
            numeric: false,
        }
    }

    /// A number cell of markup the caller built from escaped parts.
    pub fn num_html(html: String) -> Cell {
        Cell {
            html,
            numeric: true,
        }
    }

    /// A hash or key cell (escaped, monospace, broken anywhere).
    pub fn hash(text: &str) -> Cell {
        Cell::html(format!("<span class=\"hash\">{}</span>", escape(text)))
    }
}

/// A column header: a label, and whether the column holds numbers.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    label: Label,
    numeric: bool,
}

/// A text column.
pub fn col(label: Label) -> Column {
    Column {
        label,
        numeric: false,
    }
}

/// A number column.
pub fn ncol(label: Label) -> Column {
    Column {
        label,
        numeric: true,
    }
}

/// The report being written.
#[derive(Debug)]
pub struct Page {
    /// The language of the labels.
    pub lang: Lang,
    title: String,
    body: String,
}

impl Page {
    /// A page titled with `title` (a label) and `subtitle` (a name from the input).
    pub fn new(lang: Lang, title: Label, subtitle: &str) -> Page {
        let mut page = Page {
            lang,
            title: if subtitle.is_empty() {
                title.text(lang).to_string()
            } else {
                format!("{} — {}", subtitle, title.text(lang))
            },
            body: String::new(),
        };
        page.body
            .push_str(&format!("<h1>{}</h1>\n", escape(&page.title)));
        page
    }

    /// The label's text in the page's language, escaped.
    pub fn t(&self, label: Label) -> String {
        escape(label.text(self.lang))
    }

    /// A section heading.
    pub fn h2(&mut self, label: Label) {
        let text = self.t(label);
        self.body.push_str(&format!("<h2>{text}</h2>\n"));
    }

    /// A sub-heading of a label and a name from the input.
    pub fn h3(&mut self, label: Label, name: &str) {
        let text = self.t(label);
        let name = if name.is_empty() {
            String::new()
        } else {
            format!(": {}", escape(name))
        };
        self.body.push_str(&format!("<h3>{text}{name}</h3>\n"));
    }

    /// A paragraph of markup built from escaped parts.
    pub fn para(&mut self, html: &str) {
        self.body.push_str(&format!("<p>{html}</p>\n"));
    }

    /// Markup built from escaped parts.
    pub fn raw(&mut self, html: &str) {
        self.body.push_str(html);
    }

    /// A two-column table of facts: label, value.
    pub fn facts(&mut self, rows: &[(Label, Cell)]) {
        let mut html = String::from("<table class=\"facts\"><tbody>\n");
        for (label, cell) in rows {
            html.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>\n",
                self.t(*label),
                cell.html
            ));
        }
        html.push_str("</tbody></table>\n");
        self.body.push_str(&html);
    }

    /// A table with a header row.
    pub fn table(&mut self, id: &str, columns: &[Column], rows: &[Vec<Cell>]) {
        let headers: Vec<String> = columns
            .iter()
            .map(|c| {
                format!(
                    "<th{}>{}</th>",
                    if c.numeric { " class=\"n\"" } else { "" },
                    self.t(c.label)
                )
            })
            .collect();
        self.table_with_headers(id, &headers, rows);
    }

    /// A table whose header cells the caller wrote (escaped `<th>` markup).
    pub fn table_with_headers(&mut self, id: &str, headers: &[String], rows: &[Vec<Cell>]) {
        let mut html = format!("<table id=\"{}\"><thead><tr>", escape(id));
        for h in headers {
            html.push_str(h);
        }
        html.push_str("</tr></thead><tbody>\n");
        for row in rows {
            html.push_str("<tr>");
            for cell in row {
                html.push_str(&format!(
                    "<td{}>{}</td>",
                    if cell.numeric { " class=\"n\"" } else { "" },
                    cell.html
                ));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody></table>\n");
        self.body.push_str(&html);
    }

    /// A figure holding an SVG chart and its caption (markup built from escaped parts).
    pub fn figure(&mut self, id: &str, svg: &str, caption: &str) {
        self.body.push_str(&format!(
            "<figure id=\"{}\">{svg}<figcaption>{caption}</figcaption></figure>\n",
            escape(id)
        ));
    }

    /// A block of commands to type.
    pub fn pre(&mut self, text: &str) {
        self.body
            .push_str(&format!("<pre><code>{}</code></pre>\n", escape(text)));
    }

    /// The whole HTML document.
    pub fn finish(self) -> String {
        let footer = escape(Label::Footer.text(self.lang));
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"congress report\">\n<title>{title}</title>\n\
             <style>\n{CSS}</style>\n</head>\n<body>\n{body}<footer>{footer}</footer>\n{PROBE}</body>\n</html>\n",
            lang = self.lang.html_lang(),
            title = escape(&self.title),
            body = self.body,
        )
    }
}

/// The text of a yes/no value in the page's language.
pub fn yes_no(lang: Lang, value: bool) -> &'static str {
    if value {
        Label::True.text(lang)
    } else {
        Label::False.text(lang)
    }
}

/// A status token (`pass`, `supplementary-required`, …) as shown: in a span of its class.
pub fn token(class: &str, text: &str) -> String {
    format!(
        "<span class=\"token {}\">{}</span>",
        escape(class),
        escape(text)
    )
}

/// A number read for drawing only (the text shown is always the exact one): `7.4800` → 7.48;
/// anything else 0.
pub fn magnitude(text: &str) -> f64 {
    text.trim().parse::<f64>().unwrap_or(0.0)
}

/// A coordinate in an SVG, written with two decimals so the page is byte-identical everywhere.
pub fn px(value: f64) -> String {
    format!("{value:.2}")
}

/// The width, in SVG units at `font` size, that a text of this many characters takes (a
/// CJK or full-width character one em, others about 0.6 em).
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars()
        .map(|c| {
            if unicode_width::UnicodeWidthChar::width(c) == Some(2) {
                font
            } else {
                0.6 * font
            }
        })
        .sum()
}

/// The colours of chart series, by index (cycled).
pub const PALETTE: [&str; 12] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#843c39",
];

/// One row of a horizontal bar chart: a label and its stacked segments (value, colour).
#[derive(Debug, Clone)]
pub struct BarRow {
    /// The row's label (a name from the input; escaped when drawn).
    pub label: String,
    /// Segments from the left: length in chart units, colour.
    pub segments: Vec<(f64, String)>,
    /// Text after the bar (escaped when drawn).
    pub note: String,
    /// A mark across the bar at this value (e.g. the exact quota), if any.
    pub mark: Option<f64>,
}

/// A horizontal bar chart: one row per [`BarRow`], the scale running to `max`, with an
/// optional vertical line across all rows (the threshold) and its label.
pub fn bar_chart(rows: &[BarRow], max: f64, line: Option<(f64, &str)>) -> String {
    const FONT: f64 = 11.0;
    const ROW: f64 = 20.0;
    const BAR: f64 = 13.0;
    const PLOT: f64 = 360.0;
    let label_width = rows
        .iter()
        .map(|r| text_width(&r.label, FONT))
        .fold(40.0, f64::max)
        .min(260.0)
        + 8.0;
    let note_width = rows
        .iter()
        .map(|r| text_width(&r.note, FONT))
        .fold(40.0, f64::max)
        + 12.0;
    let top = if line.is_some() { 16.0 } else { 4.0 };
    let width = label_width + PLOT + note_width;
    let height = top + ROW * rows.len() as f64 + 4.0;
    let scale = if max > 0.0 { PLOT / max } else { 0.0 };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" font-size=\"{FONT}\" \
         font-family=\"Noto Sans CJK SC, sans-serif\" role=\"img\">",
        px(width),
        px(height)
    );
    for (i, row) in rows.iter().enumerate() {
        let y = top + ROW * i as f64;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            px(label_width - 6.0),
            px(y + BAR - 2.0),
            escape(&row.label)
        ));
        let mut x = label_width;
        for (value, colour) in &row.segments {
            let w = value * scale;
            if w > 0.0 {
                svg.push_str(&format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" fill=\"{}\"/>",
                    px(x),
                    px(y),
                    px(w),
                    escape(colour)
                ));
            }
            x += w;
        }
        if let Some(mark) = row.mark {
            let mx = label_width + mark * scale;
            svg.push_str(&format!(
                "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#000\" stroke-width=\"2\"/>",
                px(mx),
                px(y - 2.0),
                px(y + BAR + 2.0)
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\">{}</text>",
            px(label_width + PLOT + 6.0),
            px(y + BAR - 2.0),
            escape(&row.note)
        ));
    }
    if let Some((value, text)) = line {
        let lx = label_width + value * scale;
        svg.push_str(&format!(
            "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#b00020\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"/>\
             <text x=\"{0}\" y=\"11\" text-anchor=\"middle\" fill=\"#b00020\">{3}</text>",
            px(lx),
            px(top - 3.0),
            px(height - 2.0),
            escape(text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// A legend: coloured squares and their names (escaped).
pub fn legend(items: &[(String, String)]) -> String {
    let mut html = String::new();
    for (colour, name) in items {
        html.push_str(&format!(
            "<span style=\"white-space:nowrap;margin-right:3mm\"><span style=\"display:inline-block;width:3mm;height:3mm;background:{};margin-right:1mm;vertical-align:middle\"></span>{}</span> ",
            escape(colour),
            escape(name)
        ));
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_tables_and_charts() {
        let mut page = Page::new(Lang::En, Label::ElectionReport, "<b>&\"'");
        page.table(
            "t",
            &[col(Label::Candidate)],
            &[vec![Cell::text("<script>x</script>")]],
        );
        let chart = bar_chart(
            &[BarRow {
                label: "A<&>B".into(),
                segments: vec![(1.0, "#000".into())],
                note: "1 & 2".into(),
                mark: None,
            }],
            1.0,
            Some((0.5, "<line>")),
        );
        page.figure("f", &chart, "caption");
        let html = page.finish();
        assert!(!html.contains("<script>x"));
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(html.contains("&lt;b&gt;&amp;&quot;&#39;"));
        assert!(html.contains("A&lt;&amp;&gt;B"));
        assert!(html.contains("1 &amp; 2"));
        assert!(html.contains("&lt;line&gt;"));
    }

    #[test]
    fn wide_characters_count_as_one_em() {
        assert_eq!(text_width("王芳", 10.0), 20.0);
        assert_eq!(text_width("ab", 10.0), 12.0);
    }
}
