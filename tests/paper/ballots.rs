//! `congress ballots print | template | check | diff` (docs/paper-ballots.md): the printed
//! papers and their QR codes as a phone reads them, and the checks of a transcription.

use crate::util::{congress, scratch, write};
use congress::paper::tracker::Tracker;

const PRESIDIUM: &str = "fixtures/elections/committee/presidium.toml";

/// The `<section class="sheet">` blocks of printed papers.
fn sheets(html: &str) -> Vec<&str> {
    html.split("<section class=\"sheet\"").skip(1).collect()
}

/// Rasterises the first inline QR code SVG of `html` at one pixel per SVG unit (its path is
/// one `M{x} {y}h{s}v{s}H{x}V{y}` square per dark module) and decodes it with rqrr.
fn read_qr(html: &str) -> String {
    let svg = &html[html.find("<svg").expect("an SVG")..];
    let attr = |name: &str| -> usize {
        let at = svg.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
    };
    let (w, h) = (attr("width"), attr("height"));
    let d_at = svg.find(" d=\"").unwrap() + 4;
    let d = &svg[d_at..d_at + svg[d_at..].find('"').unwrap()];
    let mut dark = vec![false; w * h];
    for square in d.split('M').filter(|s| !s.is_empty()) {
        // "{x} {y}h{s}v{s}H{x}V{y}"
        let (xy, rest) = square.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let s: usize = rest.split_once('v').unwrap().0.parse().unwrap();
        for yy in y..y + s {
            for xx in x..x + s {
                dark[yy * w + xx] = true;
            }
        }
    }
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(
            w,
            h,
            |x, y| {
                if dark[y * w + x] {
                    0
                } else {
                    255
                }
            },
        );
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("the QR code decodes").1
}

#[test]
fn printed_papers_carry_their_trackers_as_text_and_as_qr_codes() {
    let dir = scratch("print");
    let out = dir.join("ballots.html");
    let run = congress(&[
        "ballots",
        "print",
        PRESIDIUM,
        "--count",
        "4",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let html = std::fs::read_to_string(&out).unwrap();
    let list = std::fs::read_to_string(dir.join("ballots.trackers.csv")).unwrap();
    let trackers: Vec<&str> = list
        .lines()
        .skip(1)
        .map(|l| l.split_once(',').unwrap().1)
        .collect();
    assert!(list.starts_with("sheet,ballot_id\n"));
    assert_eq!(trackers.len(), 4);
    let sheets = sheets(&html);
    assert_eq!(sheets.len(), 4);
    for (sheet, tracker) in sheets.iter().zip(&trackers) {
        assert_eq!(Tracker::parse(tracker).unwrap().as_str(), *tracker);
        assert!(sheet.contains(&format!("<b>{tracker}</b>")));
        assert_eq!(read_qr(sheet), *tracker);
        // 姓氏笔画: 王 4, 刘 6, 张 7 and 李 7 (CLDR stroke order), and three write-in lines.
        let order: Vec<usize> = ["王芳", "刘洋", "张伟", "李强"]
            .iter()
            .map(|n| sheet.find(&format!(">{n}<")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert_eq!(sheet.matches("<td class=\"write-in\">").count(), 3);
        assert!(sheet.contains("本次选举应选3名"));
    }
    assert!(html.contains("@page { size: A4;"));
    // No file is replaced without --force, and a failed run writes nothing.
    let again = congress(&[
        "ballots",
        "print",
        PRESIDIUM,
        "--count",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.code(), 3, "{}", again.stderr());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), html);
}

#[test]
fn english_a5_papers_in_the_given_order() {
    let dir = scratch("print-en");
    let out = dir.join("p.html");
    let run = congress(&[
        "ballots",
        "print",
        PRESIDIUM,
        "--count",
        "1",
        "--lang",
        "en",
        "--paper",
        "a5",
        "--order",
        "given",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("3 to be elected."));
    assert!(html.contains("@page { size: A5;"));
    let order: Vec<usize> = ["王芳", "李强", "张伟", "刘洋"]
        .iter()
        .map(|n| html.find(&format!(">{n}<")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn ranked_elections_have_no_paper_with_boxes() {
    let dir = scratch("ranked");
    let e = write(
        &dir,
        "irv.toml",
        "id = \"x\"\nmethod = \"irv\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n",
    );
    let out = dir.join("p.html");
    let run = congress(&[
        "ballots",
        "print",
        &e,
        "--count",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 3);
    assert!(
        run.stderr().contains("method irv counts ranked ballots"),
        "{}",
        run.stderr()
    );
    assert!(!out.exists());
}

#[test]
fn the_template_is_the_paper_in_csv() {
    let run = congress(&["ballots", "template", PRESIDIUM]);
    assert_eq!(run.code(), 0);
    assert_eq!(
        run.stdout(),
        "ballot_id,王芳,刘洋,张伟,李强,write_in,write_in_2,write_in_3\n"
    );
}

#[test]
fn check_names_every_tracker_problem_and_lists_void_papers() {
    let run = congress(&[
        "ballots",
        "check",
        PRESIDIUM,
        "fixtures/paper/presidium-a.csv",
        "--issued",
        "fixtures/paper/presidium-trackers.csv",
    ]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let out = run.stdout();
    for line in [
        "fixtures/paper/presidium-a.csv:5: ballot_id: wrong-check-character: ",
        "fixtures/paper/presidium-a.csv:6: ballot_id: duplicated: also on line 2 (4AWN9-UQ776-VUWCG)",
        "fixtures/paper/presidium-a.csv:7: ballot_id: not-issued: ",
        "fixtures/paper/presidium-trackers.csv:5: ballot_id: missing: ",
        "fixtures/paper/presidium-trackers.csv:6: ballot_id: missing: ",
        "  fixtures/paper/presidium-a.csv:4: overvote (SFVBJ-ZE49A-M5SEF)",
        "  fixtures/paper/presidium-a.csv:8: illegible line 刘洋 (PVZQZ-RQM4T-ESGMC)",
        "summary: 7 papers, 6 issued: 5 tracker problem(s)",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    // The missing trackers in the order of the issued list.
    assert!(out.find("trackers.csv:5").unwrap() < out.find("trackers.csv:6").unwrap());
    let json = congress(&[
        "ballots",
        "check",
        PRESIDIUM,
        "fixtures/paper/presidium-b.csv",
        "--issued",
        "fixtures/paper/presidium-trackers.csv",
        "--format",
        "json",
    ]);
    assert_eq!(json.code(), 1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    let kinds: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["not-issued"]);
    assert_eq!(v["void"][0]["reason"], "overvote");
}

#[test]
fn a_clean_transcription_checks() {
    let dir = scratch("clean");
    let issued = std::fs::read_to_string("fixtures/paper/presidium-trackers.csv").unwrap();
    let mut text = String::from("ballot_id,王芳,刘洋,张伟,李强\n");
    for line in issued.lines().skip(1) {
        // Typed in lower case with spaces: still the same trackers.
        let t = line
            .split_once(',')
            .unwrap()
            .1
            .to_lowercase()
            .replace('-', " ");
        text.push_str(&format!("{t},○,,,\n"));
    }
    let b = write(&dir, "b.csv", &text);
    let run = congress(&[
        "ballots",
        "check",
        PRESIDIUM,
        &b,
        "--issued",
        "fixtures/paper/presidium-trackers.csv",
    ]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run
        .stdout()
        .ends_with("summary: 6 papers, 6 issued: every tracker checks\n"));
}

#[test]
fn diff_lists_every_differing_cell_and_line() {
    let run = congress(&[
        "ballots",
        "diff",
        "fixtures/paper/presidium-a.csv",
        "fixtures/paper/presidium-b.csv",
    ]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.stdout(),
        "fixtures/paper/presidium-a.csv:5: UDVEU-YYVCT-FAYBN: only in fixtures/paper/presidium-a.csv\n\
         fixtures/paper/presidium-b.csv:5: UDVEU-YYVCT-AFYBN: only in fixtures/paper/presidium-b.csv\n\
         fixtures/paper/presidium-a.csv:6: 4AWN9-UQ776-VUWCG: ballot_id repeated in the same file\n\
         fixtures/paper/presidium-a.csv:7 / fixtures/paper/presidium-b.csv:6: CZ6EP-34VK5-DM3Y4: 李强: \"\" ≠ \"○\"\n\
         fixtures/paper/presidium-b.csv:8: C8WNC-FTT79-NJFWX: only in fixtures/paper/presidium-b.csv\n\
         summary: 5 difference(s)\n"
    );
    let same = congress(&[
        "ballots",
        "diff",
        "fixtures/paper/presidium-b.csv",
        "fixtures/paper/presidium-b.csv",
        "--format",
        "json",
    ]);
    assert_eq!(same.code(), 0);
    assert_eq!(same.json()["identical"], true);
}

#[test]
fn diff_matches_columns_by_name_and_reports_columns_in_one_file_only() {
    let dir = scratch("diff-columns");
    let a = write(&dir, "a.csv", "ballot_id,A,B\n1,○,\n2,,○\n");
    let b = write(&dir, "b.csv", "ballot_id,B,A,C\n2,○,,\n1,,×,\n");
    let run = congress(&["ballots", "diff", &a, &b]);
    assert_eq!(run.code(), 1);
    let out = run.stdout();
    assert!(out.contains("column \"C\" only in"), "{out}");
    assert!(
        out.contains(":2 / ") && out.contains(":3: 1: A: \"○\" ≠ \"×\""),
        "{out}"
    );
    assert!(
        !out.contains(": 2: "),
        "line 2 of b is the same paper: {out}"
    );
}

#[test]
fn a_record_of_printed_trackers_is_refused_with_the_reason() {
    let dir = scratch("secrecy");
    let record = dir.join("rec");
    let toml = std::fs::read_to_string("fixtures/paper/election.toml").unwrap();
    let e = write(&dir, "e.toml", &format!("secrecy = \"none\"\n{toml}"));
    let b = write(
        &dir,
        "b.csv",
        "ballot_id,王芳,李强,张伟\n4AWN9-UQ776-VUWCG,○,,\nU8K97-2GNHF-6S5WW,○,,\n",
    );
    let run = congress(&["elect", &e, &b, "--record", record.to_str().unwrap()]);
    assert_eq!(run.code(), 3);
    let err = run.stderr();
    assert!(
        err.contains(":2: ballot_id: this ballot_id is a printed tracker"),
        "{err}"
    );
    assert!(err.contains("look up how it was marked"), "{err}");
    assert!(err.contains("secrecy = \"commitments\""), "{err}");
    assert!(!record.exists());
    // Counting without a record is fine.
    assert_eq!(congress(&["elect", &e, &b]).code(), 0);
    // A record that hides the ids (this small marks election's default) is written, and
    // holds no tracker.
    let hidden = write(&dir, "h.toml", &toml);
    let run = congress(&["elect", &hidden, &b, "--record", record.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let published = std::fs::read_to_string(record.join("ballots.csv")).unwrap();
    assert!(!published.contains("4AWN9"), "{published}");
}

#[test]
fn the_number_of_papers_is_bounded() {
    let dir = scratch("count");
    let out = dir.join("p.html");
    for n in ["0", "100001"] {
        let run = congress(&[
            "ballots",
            "print",
            PRESIDIUM,
            "--count",
            n,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code(), 2, "{n}: {}", run.stderr());
        assert!(
            run.stderr().contains("expected 1 to 100000 papers"),
            "{}",
            run.stderr()
        );
    }
    assert!(!out.exists());
}

#[test]
fn recall_papers_and_a_template_written_to_a_file() {
    let dir = scratch("recall");
    let out = dir.join("recall.html");
    let run = congress(&[
        "ballots",
        "print",
        "fixtures/elections/committee/recall.toml",
        "--count",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("画“○”为赞成罢免"), "{html}");
    assert!(!html.contains("<td class=\"write-in\">"));
    let t = dir.join("t.csv");
    let run = congress(&[
        "ballots",
        "template",
        PRESIDIUM,
        "--order",
        "given",
        "--out",
        t.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 0);
    assert_eq!(
        std::fs::read_to_string(&t).unwrap(),
        "ballot_id,王芳,李强,张伟,刘洋,write_in,write_in_2,write_in_3\n"
    );
    // Not replaced without --force.
    let again = congress(&[
        "ballots",
        "template",
        PRESIDIUM,
        "--out",
        t.to_str().unwrap(),
    ]);
    assert_eq!(again.code(), 3);
}
