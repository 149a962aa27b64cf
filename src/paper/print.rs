//! Printable ballot papers: one self-contained HTML file (inline CSS, inline SVG QR codes),
//! one sheet per page, A4 or A5, that prints cleanly from any browser.
//!
//! Each sheet has the election's title, the instructions (Chinese, or English), the
//! candidates in stroke order (or as the election file lists them) each with one box for ○
//! or ×, write-in lines when the rules count write-ins, and the sheet's tracker as text and
//! as a QR code that holds exactly the printed text.

use super::strokes;
use super::tracker::Tracker;
use super::votes::marks_method;
use crate::ballot::election::{Election, ElectionMethod, RoundKind};
use crate::error::{Error, Result};
use qrcode::{EcLevel, QrCode};

/// The order candidates are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// 姓氏笔画: by the strokes of their names ([`strokes::compare_names`]).
    #[default]
    Stroke,
    /// As the election file lists them.
    Given,
}

/// The language of the instructions and headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese (default).
    #[default]
    Zh,
    /// English.
    En,
}

/// The paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4 (210 × 297 mm).
    #[default]
    A4,
    /// ISO A5 (148 × 210 mm).
    A5,
}

/// How the papers are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// Candidate order.
    pub order: Order,
    /// Instructions' language.
    pub lang: Lang,
    /// Paper size.
    pub paper: Paper,
}

/// The candidates in the order `order` prints them.
pub fn printed_order(election: &Election, order: Order) -> Result<Vec<String>> {
    marks_method(election)?;
    let names = election.candidates.clone().unwrap_or_default();
    Ok(match order {
        Order::Stroke => strokes::sort_names(&names),
        Order::Given => names,
    })
}

/// How many write-in lines a paper has: one per seat when the rules count write-ins
/// (majority-approval outside a re-vote), else none.
pub fn write_in_lines(election: &Election) -> usize {
    let counts = election.method == ElectionMethod::MajorityApproval
        && election.round != RoundKind::Revote
        && election.rules.write_ins;
    if counts {
        election.seats.unwrap_or(1) as usize
    } else {
        0
    }
}

/// The HTML of one paper per tracker.
pub fn ballot_papers(election: &Election, trackers: &[Tracker], layout: Layout) -> Result<String> {
    let names = printed_order(election, layout.order)?;
    let mut out = String::with_capacity(4_000 + trackers.len() * 6_000);
    out.push_str(&head(election, layout));
    for (i, tracker) in trackers.iter().enumerate() {
        out.push_str(&sheet(election, &names, tracker, i + 1, layout)?);
    }
    out.push_str("</body>\n</html>\n");
    Ok(out)
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn title(election: &Election) -> String {
    escape(election.title.as_deref().unwrap_or(&election.id))
}

fn head(election: &Election, layout: Layout) -> String {
    let (size, font) = match layout.paper {
        Paper::A4 => ("A4", "14pt"),
        Paper::A5 => ("A5", "11pt"),
    };
    let lang = match layout.lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>{}</title>\n<style>\n\
@page {{ size: {size}; margin: 12mm; }}\n\
body {{ margin: 0; font-family: \"Noto Serif CJK SC\", \"Songti SC\", SimSun, serif; font-size: {font}; color: #000; }}\n\
.sheet {{ page-break-after: always; break-after: page; padding: 2mm; }}\n\
.sheet:last-child {{ page-break-after: auto; break-after: auto; }}\n\
h1 {{ font-size: 1.4em; text-align: center; margin: 0 0 1mm; }}\n\
.kind {{ text-align: center; margin: 0 0 3mm; letter-spacing: 0.3em; }}\n\
.instructions {{ font-size: 0.85em; border: 0.3mm solid #000; padding: 2mm 3mm; margin-bottom: 4mm; }}\n\
table.slate {{ border-collapse: collapse; margin: 0 auto; }}\n\
table.slate th, table.slate td {{ border: 0.4mm solid #000; padding: 1.5mm 4mm; }}\n\
td.name {{ min-width: 40mm; font-size: 1.15em; letter-spacing: 0.2em; }}\n\
td.box {{ width: 14mm; height: 10mm; }}\n\
td.write-in {{ height: 10mm; }}\n\
.tracker {{ display: flex; justify-content: flex-end; align-items: center; gap: 3mm; margin-top: 5mm; font-family: monospace; font-size: 0.9em; }}\n\
.tracker svg {{ width: 22mm; height: 22mm; }}\n\
</style>\n</head>\n<body>\n",
        title(election)
    )
}

/// The instructions for the election's method and language.
fn instructions(election: &Election, lang: Lang) -> String {
    let seats = election.seats.unwrap_or(1);
    let write_ins = write_in_lines(election) > 0;
    match (election.method, lang) {
        (ElectionMethod::Recall, Lang::Zh) => "在方框内画“○”为赞成罢免，画“×”为反对罢免，不画任何符号为弃权。符号不清无法辨认的为无效。".to_string(),
        (ElectionMethod::Recall, Lang::En) => "Mark ○ in the box to vote for the recall, × to vote against it; leave it empty to abstain. A mark that cannot be read is void.".to_string(),
        (ElectionMethod::MajorityApproval, Lang::Zh) => format!(
            "本次选举应选{seats}名。对候选人表示赞成的，在其姓名右侧方框内画“○”；反对的画“×”；弃权的不画任何符号。所选人数（赞成的人数{}）多于{seats}名的为废票。{}符号不清无法辨认的，该候选人一栏无效。",
            if write_ins { "与另选他人人数之和" } else { "" },
            if write_ins { "如另选他人，请在“另选他人”栏内写上其姓名，写上即为赞成。" } else { "" }
        ),
        (ElectionMethod::MajorityApproval, Lang::En) => format!(
            "{seats} to be elected. Mark ○ in the box beside each candidate you vote for, × beside each you vote against, and leave the box empty to abstain. A paper with more than {seats} ○{} is void.{} A mark that cannot be read voids that candidate's line.",
            if write_ins { " and written-in names together" } else { "" },
            if write_ins { " To vote for someone else, write the name on a write-in line: a written name is a vote for that person." } else { "" }
        ),
        (ElectionMethod::Plurality, Lang::Zh) => "在一名候选人姓名右侧方框内画“○”。画“○”多于一名的为废票。".to_string(),
        (ElectionMethod::Plurality, Lang::En) => "Mark ○ in the box beside one candidate. A paper with more than one ○ is void.".to_string(),
        (ElectionMethod::Block, Lang::Zh) => format!("在候选人姓名右侧方框内画“○”，至多{seats}名。画“○”多于{seats}名的为废票。"),
        (ElectionMethod::Block, Lang::En) => format!("Mark ○ in the box beside at most {seats} candidates. A paper with more than {seats} ○ is void."),
        (ElectionMethod::Approval, Lang::Zh) => "在你赞成的每一名候选人姓名右侧方框内画“○”，人数不限。".to_string(),
        (ElectionMethod::Approval, Lang::En) => "Mark ○ in the box beside every candidate you approve of, as many as you like.".to_string(),
        (
            ElectionMethod::Irv
            | ElectionMethod::BottomsUp
            | ElectionMethod::SequentialIrv
            | ElectionMethod::Stv
            | ElectionMethod::Meek
            | ElectionMethod::Schulze
            | ElectionMethod::RankedPairs
            | ElectionMethod::Copeland
            | ElectionMethod::Borda,
            _,
        ) => unreachable!("printed_order refuses ranked methods first"),
    }
}

fn sheet(
    election: &Election,
    names: &[String],
    tracker: &Tracker,
    number: usize,
    layout: Layout,
) -> Result<String> {
    let (kind, candidate, mark, write_in, tracker_label) = match layout.lang {
        Lang::Zh => ("选　票", "候选人", "表决意见", "另选他人", "选票编号"),
        Lang::En => ("Ballot paper", "Candidate", "Mark", "Write-in", "Tracker"),
    };
    let mut s = format!(
        "<section class=\"sheet\" id=\"sheet-{number}\">\n<h1>{}</h1>\n<p class=\"kind\">{kind}</p>\n\
<div class=\"instructions\">{}</div>\n<table class=\"slate\">\n<tr><th>{candidate}</th><th>{mark}</th></tr>\n",
        title(election),
        escape(&instructions(election, layout.lang)),
    );
    for name in names {
        s.push_str(&format!(
            "<tr><td class=\"name\">{}</td><td class=\"box\"></td></tr>\n",
            escape(name)
        ));
    }
    for _ in 0..write_in_lines(election) {
        s.push_str(&format!(
            "<tr><td class=\"write-in\"><small>{write_in}</small></td><td class=\"box\"></td></tr>\n"
        ));
    }
    s.push_str(&format!(
        "</table>\n<div class=\"tracker\"><span>{tracker_label} <b>{tracker}</b></span>{}</div>\n</section>\n",
        qr_svg(tracker.as_str())?
    ));
    Ok(s)
}

/// The QR code of `text` (error correction level M) as an inline SVG element.
pub fn qr_svg(text: &str) -> Result<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| Error::input(format!("cannot make a QR code of {text:?}: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(84, 84)
        .quiet_zone(true)
        .build();
    // Inline SVG in HTML takes no XML declaration.
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_string(),
        None => svg,
    })
}

/// The trackers list written beside the papers: `sheet,ballot_id`, one line per sheet.
pub fn trackers_csv(trackers: &[Tracker]) -> String {
    let mut out = String::from("sheet,ballot_id\n");
    for (i, t) in trackers.iter().enumerate() {
        out.push_str(&format!("{},{t}\n", i + 1));
    }
    out
}

/// Where the tracker list of papers written to `out` goes: `ballots.html` →
/// `ballots.trackers.csv` beside it.
pub fn trackers_path(out: &std::path::Path) -> std::path::PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ballots".into());
    out.with_file_name(format!("{stem}.trackers.csv"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href='x'>&\""),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
        );
    }

    #[test]
    fn trackers_file_sits_beside_the_papers() {
        assert_eq!(
            trackers_path(std::path::Path::new("out/ballots.html")),
            std::path::Path::new("out/ballots.trackers.csv")
        );
    }

    #[test]
    fn a_tracker_fits_a_version_1_code() {
        let svg = qr_svg("CZ6EP-34VK5-DM3Y4").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        let code = QrCode::with_error_correction_level(b"CZ6EP-34VK5-DM3Y4", EcLevel::M).unwrap();
        assert_eq!(code.width(), 21);
    }
}
