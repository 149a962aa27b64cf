//! `congress report` in headless Chromium: for each kind of report, one Chromium launch dumps
//! the DOM, prints the page to PDF and takes a screenshot (into `target/tmp/report/`). The
//! tests check that every name and number of the input JSON is in the DOM and in the PDF's
//! text (`pdftotext`, CJK included, every font embedded and mapped to Unicode), that the
//! page's layout probe found no table wider than the A4 content width, and that the
//! screenshot, decoded, shows text and the charts' colours.
//!
//! Chromium, `fonts-noto-cjk` and `poppler-utils` are installed by `.ci/run`. Without
//! Chromium these tests fail, unless `CONGRESS_SKIP_BROWSER=1` is set (README.md, "Tests"),
//! which CI (`CI` set) ignores.

use crate::util::{congress, congress_in, fixture, scratch};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One browser at a time: the machine's cores are shared with the other tests.
static BROWSER: Mutex<()> = Mutex::new(());

/// How long one Chromium launch may take before the test fails.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(180);

/// The Chromium binary, or `None` when it is missing and `CONGRESS_SKIP_BROWSER=1` allows
/// skipping (outside CI). Otherwise a missing browser fails the test, saying what to install.
fn chromium() -> Option<&'static str> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = Command::new(name)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if found {
            return Some(name);
        }
    }
    let skip = std::env::var("CONGRESS_SKIP_BROWSER").is_ok_and(|v| v == "1");
    if skip && std::env::var_os("CI").is_none() {
        eprintln!("note: chromium is not installed; CONGRESS_SKIP_BROWSER=1 skips this test");
        return None;
    }
    panic!(
        "chromium is not installed: the report tests need the Debian packages chromium, \
         fonts-noto-cjk and poppler-utils (.ci/run installs them); set CONGRESS_SKIP_BROWSER=1 \
         to skip these tests on a machine without them (never in CI)"
    );
}

/// What Chromium made of one report.
struct Rendered {
    /// The DOM after the page's scripts ran.
    dom: String,
    /// `pdftotext -raw` of the printed PDF.
    pdf_text: String,
    /// `pdffonts` of the printed PDF.
    pdf_fonts: String,
    /// `pdfinfo` of the printed PDF.
    pdf_info: String,
    /// The screenshot.
    png: PathBuf,
}

/// The directory the tests' PDFs and screenshots are written to (`target/tmp/report`).
fn output_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Opens `html` in one headless Chromium: DOM, PDF (A4) and screenshot, named `name`.
fn render(browser: &str, name: &str, html: &Path) -> Rendered {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let out = output_dir();
    let pdf = out.join(format!("{name}.pdf"));
    let png = out.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&pdf);
    let _ = std::fs::remove_file(&png);
    let profile = scratch(&format!("profile-{name}"));
    let dom_path = out.join(format!("{name}.dom.html"));
    let dom_file = std::fs::File::create(&dom_path).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=900,1400",
            "--no-pdf-header-footer",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.canonicalize().unwrap().display()))
        .stdin(Stdio::null())
        .stdout(dom_file)
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed on {name}: {status}");
            break;
        }
        if start.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            panic!("chromium did not finish {name} within {BROWSER_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = std::fs::read_to_string(&dom_path).unwrap();
    assert!(pdf.exists(), "chromium wrote no PDF for {name}");
    assert!(png.exists(), "chromium wrote no screenshot for {name}");
    let pdf_text = poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    let pdf_fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    let pdf_info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    Rendered {
        dom,
        pdf_text,
        pdf_fonts,
        pdf_info,
        png,
    }
}

/// Runs a poppler-utils tool; its standard output.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} ({e}): the report tests need the Debian package poppler-utils (.ci/run installs it)")
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every name and number of a JSON value: its strings and numbers, and the keys of its
/// objects that are names rather than field names (anything but `[a-z0-9_]`).
fn needles(value: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match value {
        Value::String(s) if !s.is_empty() => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| needles(v, out)),
        Value::Object(map) => {
            // `schema` names the kind of JSON, not something the report shows.
            for (k, v) in map.iter().filter(|(k, _)| k.as_str() != "schema") {
                if !k
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    out.push(k.clone());
                }
                needles(v, out);
            }
        }
        Value::String(_) | Value::Bool(_) | Value::Null => {}
    }
}

/// The text as the DOM serialises it (`&`, `<`, `>` escaped).
fn dom_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The text without white space (the PDF's text breaks lines inside table cells).
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every check on one rendered report: each needle in the DOM and in the PDF's text, the
/// layout probe's verdict, the CJK font embedded, and a screenshot that is not blank.
fn check_rendered(name: &str, page: &Rendered, needles: &[String], cjk: bool) {
    assert!(
        page.dom.contains("data-layout=\"ok\""),
        "{name}: the layout probe found elements wider than the A4 content width: {}",
        page.dom
            .split("data-layout=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("no data-layout attribute: the probe did not run")
    );
    assert!(
        page.dom.contains("data-content-width=\"680\""),
        "{name}: content width is not 180 mm"
    );
    assert!(
        page.pdf_info
            .lines()
            .any(|l| l.starts_with("Page size:") && l.ends_with("(A4)")),
        "{name}: the PDF's pages are not A4:\n{}",
        page.pdf_info
    );
    let pdf = squeezed(&page.pdf_text);
    let mut missing_dom = Vec::new();
    let mut missing_pdf = Vec::new();
    for needle in needles {
        if !page.dom.contains(&dom_escaped(needle)) {
            missing_dom.push(needle.clone());
        }
        if !pdf.contains(&squeezed(needle)) {
            missing_pdf.push(needle.clone());
        }
    }
    assert!(
        missing_dom.is_empty(),
        "{name}: not in the DOM: {missing_dom:?}"
    );
    assert!(
        missing_pdf.is_empty(),
        "{name}: not in the PDF's text: {missing_pdf:?}"
    );
    assert!(
        !page.pdf_text.contains('\u{FFFD}'),
        "{name}: the PDF has undecodable text"
    );
    // Every font is embedded with a map back to Unicode (Chromium embeds each as Type 3),
    // through which the CJK needles above were read back.
    let fonts: Vec<Vec<&str>> = page
        .pdf_fonts
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(!fonts.is_empty(), "{name}: the PDF has no fonts");
    for row in &fonts {
        let n = row.len();
        assert!(
            n >= 5 && row[n - 5] == "yes" && row[n - 3] == "yes",
            "{name}: a font is not embedded or has no Unicode map: {row:?}"
        );
    }
    if cjk {
        assert!(
            needles
                .iter()
                .any(|n| n.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
            "{name}: a CJK test needs CJK names"
        );
    }
    check_screenshot(name, &page.png);
}

/// Decodes the screenshot: it must show dark text on white, and the charts' colours.
fn check_screenshot(name: &str, path: &Path) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("{name}: unexpected screenshot colour type {other:?}"),
    };
    assert_eq!(
        info.bit_depth,
        png::BitDepth::Eight,
        "{name}: screenshot bit depth"
    );
    let (mut white, mut dark, mut coloured) = (0u64, 0u64, 0u64);
    let pixels = (info.width as u64) * (info.height as u64);
    for px in buf[..info.buffer_size()].chunks(channels) {
        let (r, g, b) = (px[0] as i32, px[1] as i32, px[2] as i32);
        let (hi, lo) = (r.max(g).max(b), r.min(g).min(b));
        if lo > 245 {
            white += 1;
        } else if hi < 90 {
            dark += 1;
        } else if hi - lo > 80 {
            coloured += 1;
        }
    }
    assert!(
        white * 100 > pixels * 30,
        "{name}: the screenshot is not mostly white paper ({white} of {pixels} white)"
    );
    assert!(
        dark * 1000 > pixels,
        "{name}: the screenshot shows no text ({dark} of {pixels} dark pixels)"
    );
    assert!(
        coloured * 200 > pixels,
        "{name}: the screenshot shows no chart ({coloured} of {pixels} coloured pixels)"
    );
}

/// Runs `congress ARGS`, which must succeed, and returns its standard output.
fn ok(args: &[&str]) -> String {
    let run = congress(args);
    assert_eq!(run.code(), 0, "congress {args:?}: {}", run.stderr());
    run.stdout()
}

/// Writes the JSON a command printed and its report in `lang`; the report's path.
fn json_and_report(dir: &Path, name: &str, json: &str, lang: &str) -> PathBuf {
    let json_path = dir.join(format!("{name}.json"));
    std::fs::write(&json_path, json).unwrap();
    let html = dir.join(format!("{name}.html"));
    ok(&[
        "report",
        json_path.to_str().unwrap(),
        "--lang",
        lang,
        "--out",
        html.to_str().unwrap(),
    ]);
    html
}

/// The needles of a JSON text.
fn json_needles(json: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut out = Vec::new();
    needles(&value, &mut out);
    out.sort();
    out.dedup();
    out
}

#[test]
fn a_plan_report_shows_every_department_quota_grade_and_check() {
    let Some(browser) = chromium() else { return };
    let dir = scratch("plan");
    let json = ok(&["plan", "fixtures/roster.csv", "--format", "json"]);
    let html = json_and_report(&dir, "plan", &json, "zh");
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("学生代表大会代表名额分配报告") && text.contains("<svg"));
    let needles = json_needles(&json);
    assert!(needles.contains(&"计算机科学与技术学院".to_string()));
    assert!(needles.contains(&"7.4800".to_string()));
    check_rendered("plan", &render(browser, "plan", &html), &needles, true);
}

#[test]
fn a_federation_report_shows_every_institution_region_and_target() {
    let Some(browser) = chromium() else { return };
    let dir = scratch("federation");
    let json = ok(&[
        "plan",
        "federation",
        "fixtures/federation/example.csv",
        "--seats",
        "40",
        "--format",
        "json",
    ]);
    let html = json_and_report(&dir, "federation", &json, "zh");
    let needles = json_needles(&json);
    assert!(needles.contains(&"开封市职工大学".to_string()));
    check_rendered(
        "federation",
        &render(browser, "federation", &html),
        &needles,
        true,
    );
}

#[test]
fn a_committee_result_report_shows_votes_threshold_and_the_supplementary_round() {
    let Some(browser) = chromium() else { return };
    let dir = scratch("presidium");
    let json = ok(&[
        "elect",
        "fixtures/elections/committee/presidium.toml",
        "fixtures/elections/committee/presidium.csv",
        "--format",
        "json",
    ]);
    let html = json_and_report(&dir, "presidium", &json, "zh");
    let text = std::fs::read_to_string(&html).unwrap();
    for words in [
        "应到",
        "实到",
        "发出",
        "收回",
        "有效",
        "无效",
        "赞成",
        "反对",
        "弃权",
        "当选线 6",
        "需另行选举",
    ] {
        assert!(text.contains(words), "{words} missing");
    }
    let needles = json_needles(&json);
    assert!(needles.contains(&"赵敏".to_string()));
    check_rendered(
        "presidium",
        &render(browser, "presidium", &html),
        &needles,
        true,
    );
}

#[test]
fn an_stv_report_shows_every_stage_and_transfer() {
    let Some(browser) = chromium() else { return };
    let dir = scratch("stv");
    let json = ok(&[
        "elect",
        "fixtures/elections/scotland-2017-glasgow-canal/election.toml",
        "fixtures/elections/scotland-2017-glasgow-canal/ballots.blt",
        "--format",
        "json",
    ]);
    let html = json_and_report(&dir, "stv", &json, "en");
    let text = std::fs::read_to_string(&html).unwrap();
    // The transfer table: GOW's surplus leaves him at stage 2, exactly.
    assert!(
        text.contains("1155.00000<small>-572.00000</small>"),
        "transfer of GOW's surplus"
    );
    assert!(text.contains("id=\"stages-chart\""));
    let needles = json_needles(&json);
    assert!(needles.contains(&"Allan GOW (SNP)".to_string()));
    check_rendered("stv", &render(browser, "stv", &html), &needles, false);
}

#[test]
fn a_record_report_shows_the_checklist_signers_root_and_result() {
    let Some(browser) = chromium() else { return };
    let dir = scratch("record");
    let record = signed_record(&dir);
    let html = dir.join("record.html");
    let run = congress_in(
        &dir,
        &[
            "report",
            "rec",
            "--lang",
            "zh",
            "--trust",
            &fixture("committee/wang.pub"),
            "--trust",
            &fixture("committee/li.pub"),
            "--out",
            "record.html",
        ],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        !text.contains("V08 skipped") && !text.contains("V08 跳过"),
        "V08 ran with --trust"
    );
    let mut needles = json_needles(&std::fs::read_to_string(record.join("result.json")).unwrap());
    let head = std::fs::read_to_string(record.join("head.csv")).unwrap();
    needles.extend(head.lines().nth(1).unwrap().split(',').map(String::from));
    for id in [
        "V01", "V03", "V06", "V07", "V08", "V12", "V13", "V30", "wang", "li", "zhao",
    ] {
        needles.push(id.to_string());
    }
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(record.join("election.json")).unwrap()).unwrap();
    for member in info["committee"]["members"].as_array().unwrap() {
        needles.push(member["pubkey"].as_str().unwrap().to_string());
    }
    for line in [
        "signify-openbsd -V -p keys/wang.pub -x SHA256.wang.sig -m SHA256",
        "sha256sum --strict -c SHA256",
    ] {
        needles.push(line.to_string());
    }
    check_rendered("record", &render(browser, "record", &html), &needles, true);
}

/// `dir/rec`: the presidium election's record signed by wang and li.
fn signed_record(dir: &Path) -> PathBuf {
    let run = congress_in(
        dir,
        &[
            "elect",
            &fixture("committee/presidium.toml"),
            &fixture("elections/committee/presidium.csv"),
            "--record",
            "rec",
        ],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    for member in ["wang", "li"] {
        let key = fixture(&format!("committee/{member}.sec"));
        let run = congress_in(dir, &["sign", "rec", "--key", &key, "--member", member]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
    }
    dir.join("rec")
}

#[test]
fn a_record_that_fails_verification_gets_no_report() {
    let dir = scratch("tampered");
    let record = signed_record(&dir);
    let tally = record.join("tally.csv");
    let text = std::fs::read_to_string(&tally).unwrap();
    std::fs::write(&tally, text.replacen("returned,,10", "returned,,11", 1)).unwrap();
    let run = congress_in(&dir, &["report", "rec", "--out", "r.html"]);
    let (code, _, stderr) = run.parts();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("V03 fail"), "{stderr}");
    assert!(
        stderr.contains("error: rec: the record fails verification (failed checks: V03"),
        "{stderr}"
    );
    assert!(
        !dir.join("r.html").exists(),
        "a refused report writes nothing"
    );
}
