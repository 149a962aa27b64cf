//! `congress announce`: the 公示 of a plan, a result and a signed record, in Chinese and
//! English, and a tampered record refused.

use crate::util::{congress, fixture, scratch, write, Run};
use std::path::{Path, PathBuf};

/// `fixtures/committee/presidium.toml` with `date = "2027-05-20"`.
fn dated_presidium(dir: &Path) -> String {
    let toml = std::fs::read_to_string(fixture("committee/presidium.toml")).unwrap();
    write(
        dir,
        "presidium.toml",
        &format!("date = \"2027-05-20\"\n{toml}"),
    )
}

/// The presidium record, counted from the dated election and signed by wang and li.
fn signed_record(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let election = dated_presidium(&dir);
    let record = dir.join("rec");
    let run = congress(&[
        "elect",
        &election,
        &fixture("elections/committee/presidium.csv"),
        "--record",
        record.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    for member in ["wang", "li"] {
        let sign = congress(&[
            "sign",
            record.to_str().unwrap(),
            "--key",
            &fixture(&format!("committee/{member}.sec")),
            "--member",
            member,
        ]);
        assert_eq!(sign.code(), 0, "{}", sign.stderr());
    }
    (dir, record)
}

fn announce(args: &[&str]) -> Run {
    let mut all = vec!["announce"];
    all.extend(args);
    congress(&all)
}

fn assert_all(out: &str, words: &[&str]) {
    for w in words {
        assert!(out.contains(w), "missing {w:?} in\n{out}");
    }
}

#[test]
fn a_result_in_chinese_and_english() {
    let dir = scratch("announce-result");
    let result = dir.join("result.json");
    let run = congress(&[
        "elect",
        "fixtures/committee/presidium.toml",
        "fixtures/elections/committee/presidium.csv",
        "--out",
        result.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let result = result.to_str().unwrap();
    // No date anywhere: exit 3 asking for --date.
    let none = announce(&[result, "--lang", "zh"]);
    assert_eq!(none.code(), 3, "{}", none.stderr());
    assert!(none.stderr().contains("--date"), "{}", none.stderr());
    // The election file's date, or --date.
    let election = dated_presidium(&dir);
    let zh = announce(&[
        result,
        "--election",
        &election,
        "--lang",
        "zh",
        "--objection-days",
        "7",
        "--contact",
        "校学生会选举委员会",
    ]);
    assert_eq!(zh.code(), 0, "{}", zh.stderr());
    let out = zh.stdout();
    assert_all(
        &out,
        &[
            "# 第十届学生代表大会主席团选举结果公示",
            "公示日期：2027年5月20日",
            "应到 12 人，实到 10 人，发出选票 10 张",
            "收回选票 10 张，其中有效票 9 张，无效票 1 张",
            "| 候选人 | 赞成 | 反对 | 弃权 | 结果 |",
            "| 王芳 | 8 | 0 | 1 | 当选 |",
            "| 李强 | 4 | 3 | 2 |  |",
            "| 刘洋 | 2 | 2 | 5 |  |",
            "王芳 在第一轮投票中当选",
            "需另行选举：2 个名额，候选人 李强、张伟、刘洋",
            "公示期：2027年5月20日至2027年5月26日（共7天）",
            "联系方式：校学生会选举委员会",
        ],
    );
    let en = announce(&[
        result,
        "--date",
        "2027-06-01",
        "--lang",
        "en",
        "--format",
        "txt",
    ]);
    assert_eq!(en.code(), 0, "{}", en.stderr());
    assert_all(
        &en.stdout(),
        &[
            "Results of 第十届学生代表大会主席团选举: public notice",
            "Date: 2027-06-01",
            "Attendance: entitled 12, present 10, issued 10",
            "Ballots returned 10: valid 9, invalid 1 (overvote 1).",
            "Elected in the first round: 王芳.",
            "Supplementary round (另行选举) required: 2 seat(s), slate 李强, 张伟, 刘洋",
        ],
    );
}

#[test]
fn a_revote_and_a_ranked_count() {
    let dir = scratch("announce-revote");
    let result = dir.join("tie.json");
    congress(&[
        "elect",
        "fixtures/elections/committee/tie.toml",
        "fixtures/elections/committee/tie.csv",
        "--out",
        result.to_str().unwrap(),
    ]);
    let out = announce(&[
        result.to_str().unwrap(),
        "--date",
        "2027-05-20",
        "--lang",
        "zh",
    ])
    .stdout();
    assert_all(&out, &["需再次投票", "票数相等"]);
    let irv = dir.join("irv.json");
    congress(&[
        "elect",
        "fixtures/committee/count.toml",
        "fixtures/committee/final.csv",
        "--out",
        irv.to_str().unwrap(),
    ]);
    let out = announce(&[
        irv.to_str().unwrap(),
        "--date",
        "2027-05-20",
        "--lang",
        "zh",
    ])
    .stdout();
    assert_all(
        &out,
        &[
            "| 候选人 | 第一轮 | 最后一轮 | 结果 |",
            "| Ana | 5 | 6 | 当选 |",
            "Ana（第3轮当选）",
            "应选名额已全部选出",
        ],
    );
}

#[test]
fn a_plan_in_chinese_and_english() {
    let zh = announce(&[
        "fixtures/plan/plan.json",
        "--date",
        "2027-05-20",
        "--lang",
        "zh",
    ]);
    assert_eq!(zh.code(), 0, "{}", zh.stderr());
    let out = zh.stdout();
    assert_all(
        &out,
        &[
            "# 学生代表大会代表名额分配方案公示",
            "全校学生 2400 人，代表 40 名",
            "| 院系 | 学生数 | 应得份额 | 名额 | 非骨干最少 | 年级名额（年级:名额） |",
            "| 计算机科学与技术学院 | 748 | 12.4667 | 13 | 8 |",
            "| 数学与统计学院 | 169 | 2.8167 | 3 | 2 |",
            "按保底名额分配的院系：数学与统计学院",
            "常任代表会议共 7 个名额",
        ],
    );
    let en = announce(&[
        "fixtures/plan/plan.json",
        "--date",
        "2027-05-20",
        "--format",
        "html",
    ]);
    let out = en.stdout();
    assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
    assert_all(
        &out,
        &[
            "<h1>Allocation of student congress delegates: public notice</h1>",
            "<td>计算机科学与技术学院</td><td class=\"n\">748</td><td class=\"n\">12.4667</td><td class=\"n\">13</td>",
            "2400 students, 40 delegates",
        ],
    );
    // No date for a plan: exit 3.
    assert_eq!(announce(&["fixtures/plan/plan.json"]).code(), 3);
}

#[test]
fn a_signed_record_is_verified_then_announced() {
    let (_dir, record) = signed_record("announce-record");
    let rec = record.to_str().unwrap();
    let keys = [
        fixture("committee/wang.pub"),
        fixture("committee/li.pub"),
        fixture("committee/zhao.pub"),
    ];
    let head = std::fs::read_to_string(record.join("head.csv")).unwrap();
    let root = head
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(4)
        .unwrap()
        .to_string();
    let zh = announce(&[
        rec, "--lang", "zh", "--trust", &keys[0], "--trust", &keys[1], "--trust", &keys[2],
    ]);
    assert_eq!(zh.code(), 0, "{}", zh.stderr());
    let out = zh.stdout();
    assert_all(
        &out,
        &[
            "公示日期：2027年5月20日",
            "应到 12 人，实到 10 人，发出选票 10 张",
            "| 王芳 | 8 | 0 | 1 | 当选 |",
            &root,
            "签名人：li、wang（委员会要求至少 2 个签名）",
            "signify-openbsd -V -p wang.pub -x SHA256.wang.sig -m SHA256",
            "congress verify",
        ],
    );
    let en = announce(&[rec, "--format", "txt"]);
    assert_eq!(en.code(), 0, "{}", en.stderr());
    assert_all(
        &en.stdout(),
        &[
            "Date: 2027-05-20",
            &root,
            "Signed by: li, wang (the committee requires 2 signatures).",
        ],
    );
}

#[test]
fn a_tampered_record_is_refused() {
    let (_dir, record) = signed_record("announce-tampered");
    let tally = record.join("tally.csv");
    let mut bytes = std::fs::read(&tally).unwrap();
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'1' { b'2' } else { b'1' };
    std::fs::write(&tally, bytes).unwrap();
    for lang in ["zh", "en"] {
        let run = announce(&[
            record.to_str().unwrap(),
            "--lang",
            lang,
            "--date",
            "2027-05-20",
        ]);
        assert_eq!(run.code(), 1, "{}", run.stderr());
        assert!(run.stdout.is_empty());
        let err = run.stderr();
        assert!(err.contains("V03 fail"), "{err}");
        assert!(err.lines().last().unwrap().starts_with("error: "), "{err}");
        assert!(err.contains("V03"), "{err}");
    }
}
