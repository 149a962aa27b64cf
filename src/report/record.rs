//! The report of a record directory. The record is verified first, from the same bytes the
//! report is made of; a record that fails any check gets no report (the caller names the
//! failed checks and exits 1). A verified record's report holds the verification checklist,
//! the signers, the root, the result the record holds, and how to verify it by hand.

use super::election::election_sections;
use super::html::{bar_chart, col, escape, legend, token, yes_no, BarRow, Cell, Page};
use super::labels::{Label, Lang};
use crate::ballot::result::ElectionResult;
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use crate::record::check::Report;
use crate::record::files::{
    key_path, sig_path, ElectionInfo, Head, RecordFiles, Role, ELECTION_JSON, HEAD, RESULT,
};
use crate::record::manifest::MANIFEST;
use crate::record::recount::ElectCounter;
use crate::record::verify::{verify_files, VerifyOptions};
use std::path::Path;

/// The colour of passed checks in the checks' bar.
const PASS_COLOUR: &str = "#2ca02c";
/// The colour of skipped checks in the checks' bar.
const SKIP_COLOUR: &str = "#bbbbbb";

/// What verifying a record for its report gave.
#[derive(Debug)]
pub enum RecordReport {
    /// Every check passed: the report's HTML.
    Verified(String),
    /// At least one check failed: the verification report (no HTML is made).
    Failed(Report),
}

/// Verifies the record in `dir` with `options` and, when every check passes, makes its
/// report. `shown_dir` is how the commands of "how to verify by hand" name the directory.
pub fn record_report(
    dir: &Path,
    shown_dir: &str,
    options: &VerifyOptions,
    lang: Lang,
) -> Result<RecordReport> {
    if !dir.is_dir() {
        return Err(
            Error::input("not a directory; expected a congress record directory")
                .file(dir.display().to_string()),
        );
    }
    let files = RecordFiles::read(dir)?;
    let report = verify_files(&files, options, &ElectCounter)
        .map_err(|e| e.file(dir.display().to_string()))?;
    if !report.ok() {
        return Ok(RecordReport::Failed(report));
    }
    let html = render(&files, &report, shown_dir, options, lang)
        .map_err(|e| e.file(dir.display().to_string()))?;
    Ok(RecordReport::Verified(html))
}

/// The report of a verified record held in memory.
fn render(
    files: &RecordFiles,
    report: &Report,
    shown_dir: &str,
    options: &VerifyOptions,
    lang: Lang,
) -> Result<String> {
    let info = ElectionInfo::parse(files.get(ELECTION_JSON).unwrap_or_default())?;
    let head = Head::parse(files.get(HEAD).unwrap_or_default())?;
    let title = info.title.clone().unwrap_or_default();
    let subtitle = if title.is_empty() {
        info.election_id.clone()
    } else {
        title.clone()
    };
    let mut page = Page::new(lang, Label::RecordReport, &subtitle);

    page.h2(Label::VerificationResult);
    let (pass, fail, skip) = report.counts();
    page.para(&format!(
        "<span class=\"status pass\">{}</span>: {} pass, {} fail, {} skip",
        escape(Label::RecordVerified.text(lang)),
        pass,
        fail,
        skip
    ));
    if options.trust.is_empty() {
        page.para(&escape(Label::TrustNote.text(lang)));
    }
    let bar = BarRow {
        label: Label::VerificationChecklist.text(lang).to_string(),
        segments: vec![
            (pass as f64, PASS_COLOUR.to_string()),
            (skip as f64, SKIP_COLOUR.to_string()),
        ],
        note: format!("{pass} pass, {skip} skip"),
        mark: None,
    };
    page.figure(
        "checks-chart",
        &bar_chart(&[bar], (pass + skip).max(1) as f64, None),
        &legend(&[
            (PASS_COLOUR.to_string(), "pass".to_string()),
            (SKIP_COLOUR.to_string(), "skip".to_string()),
        ]),
    );
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    page.facts(&[
        (Label::ElectionId, Cell::text(&info.election_id)),
        (Label::Title, Cell::text(&title)),
        (Label::Method, Cell::text(&info.method)),
        (Label::Seats, Cell::num(info.seats)),
        (Label::Candidates, Cell::text(&info.candidates.join(sep))),
        (Label::RecordFormat, Cell::text(info.format.as_str())),
        (Label::Role, Cell::text(info.role.as_str())),
        (Label::Secrecy, Cell::text(info.secrecy.name())),
        (Label::Receipts, Cell::text(yes_no(lang, info.receipts))),
        (
            Label::RollSize,
            Cell::num(info.roll_size.map(|n| n.to_string()).unwrap_or_default()),
        ),
        (Label::Children, Cell::text(&info.children.join(sep))),
        (
            Label::ElectionSha256,
            Cell::hash(&hex(&info.election_sha256)),
        ),
    ]);

    page.h2(Label::RecordRoot);
    page.facts(&[
        (Label::TreeSize, Cell::num(head.tree_size)),
        (Label::Root, Cell::hash(&hex(&head.root))),
        (Label::LeavesSha256, Cell::hash(&hex(&head.leaves_sha256))),
        (
            Label::ManifestSha256,
            Cell::hash(&hex(&sha256(files.get(MANIFEST).unwrap_or_default()))),
        ),
    ]);

    page.h2(Label::Signers);
    page.facts(&[(
        Label::SignaturesRequired,
        Cell::num(info.committee.threshold),
    )]);
    let signed: Vec<&str> = info
        .committee
        .members
        .iter()
        .filter(|m| files.get(&sig_path(&m.id)).is_some())
        .map(|m| m.id.as_str())
        .collect();
    let rows: Vec<Vec<Cell>> = info
        .committee
        .members
        .iter()
        .map(|m| {
            let did = signed.contains(&m.id.as_str());
            vec![
                Cell::text(&m.id),
                Cell::hash(&hex(&m.key.keynum)),
                Cell::hash(&m.key.to_base64()),
                Cell::html(if did {
                    format!(
                        "<span class=\"elected\">{}</span>",
                        escape(yes_no(lang, true))
                    )
                } else {
                    escape(yes_no(lang, false))
                }),
            ]
        })
        .collect();
    page.table(
        "signers",
        &[
            col(Label::Member),
            col(Label::KeyNumber),
            col(Label::PublicKey),
            col(Label::Signed),
        ],
        &rows,
    );

    page.h2(Label::VerificationChecklist);
    let rows: Vec<Vec<Cell>> = report
        .checks
        .iter()
        .map(|c| {
            let file = match c.line {
                Some(line) => format!("{}:{line}", c.file),
                None => c.file.clone(),
            };
            vec![
                Cell::text(c.id.as_str()),
                Cell::html(token(c.status.as_str(), c.status.as_str())),
                Cell::text(&file),
                Cell::text(&c.detail),
            ]
        })
        .collect();
    page.table(
        "checklist",
        &[
            col(Label::CheckId),
            col(Label::Status),
            col(Label::File),
            col(Label::Detail),
        ],
        &rows,
    );

    if let Some(result) = files
        .get(RESULT)
        .and_then(|b| serde_json::from_slice::<ElectionResult>(b).ok())
    {
        page.raw("<section id=\"recorded-result\">\n");
        page.h2(Label::RecordedResult);
        election_sections(&mut page, &result);
        page.raw("</section>\n");
    }

    by_hand(&mut page, shown_dir, &info, &signed);
    Ok(page.finish())
}

/// How to verify the record by hand: with `congress`, with signify, with sha256sum.
fn by_hand(page: &mut Page, dir: &str, info: &ElectionInfo, signed: &[&str]) {
    let lang = page.lang;
    page.h2(Label::VerifyByHand);
    let dir = shell_word(dir);
    let trust: Vec<String> = signed
        .iter()
        .map(|m| format!(" --trust {}.pub", shell_word(m)))
        .collect();
    page.raw("<ol>\n<li>");
    page.para(&escape(Label::StepCongress.text(lang)));
    page.pre(&format!("congress verify {dir}{}", trust.concat()));
    page.raw("</li>\n<li>");
    page.para(&escape(Label::StepSignify.text(lang)));
    let mut lines = vec![format!("cd {dir}")];
    for m in signed {
        lines.push(format!(
            "signify-openbsd -V -p {} -x {} -m SHA256",
            shell_word(&key_path(m)),
            shell_word(&sig_path(m))
        ));
    }
    page.pre(&lines.join("\n"));
    page.raw("</li>\n<li>");
    page.para(&escape(Label::StepDigests.text(lang)));
    page.pre(&format!("cd {dir}\nsha256sum --strict -c SHA256"));
    page.raw("</li>\n");
    if info.role == Role::Station {
        page.raw("<li>");
        page.para(&escape(Label::StepRoot.text(lang)));
        page.raw("</li>\n");
    }
    page.raw("</ol>\n");
}

/// A word as a POSIX shell reads it: as it is when it holds only safe characters, else in
/// single quotes.
fn shell_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/+=:@,".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(shell_word("rec"), "rec");
        assert_eq!(shell_word("my rec"), "'my rec'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("记录"), "'记录'");
    }
}
