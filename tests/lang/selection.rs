//! Which language `congress` speaks: `--lang`, else `CONGRESS_LANG`, else `LC_ALL`,
//! `LC_MESSAGES`, `LANG` (the first set), Chinese when it starts with `zh`; else English.

use crate::util::{congress, congress_env};

const ELECT: [&str; 3] = [
    "elect",
    "fixtures/committee/presidium.toml",
    "fixtures/elections/committee/presidium.csv",
];

fn is_chinese(stdout: &str) -> bool {
    stdout.contains("应到 12 人，实到 10 人，发出选票 10 张") && stdout.contains("候选人")
}

fn is_english(stdout: &str) -> bool {
    stdout.contains("Attendance: entitled 12, present 10, issued 10")
}

/// A case: the flags, the variables set, and whether the output is Chinese.
type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, bool);

#[test]
fn the_flag_then_congress_lang_then_the_locale_choose_the_language() {
    let cases: Vec<Case> = vec![
        (vec![], vec![], false),
        (vec![], vec![("LANG", "zh_CN.UTF-8")], true),
        (vec![], vec![("LANG", "C.UTF-8")], false),
        (
            vec![],
            vec![("LC_MESSAGES", "zh_TW.UTF-8"), ("LANG", "en_US.UTF-8")],
            true,
        ),
        (
            vec![],
            vec![("LC_ALL", "en_US.UTF-8"), ("LC_MESSAGES", "zh_CN.UTF-8")],
            false,
        ),
        (
            vec![],
            vec![("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")],
            true,
        ),
        (
            vec![],
            vec![("CONGRESS_LANG", "en"), ("LC_ALL", "zh_CN.UTF-8")],
            false,
        ),
        (
            vec![],
            vec![("CONGRESS_LANG", "zh"), ("LANG", "en_US.UTF-8")],
            true,
        ),
        (vec!["--lang", "zh"], vec![("CONGRESS_LANG", "en")], true),
        (vec!["--lang", "en"], vec![("LC_ALL", "zh_CN.UTF-8")], false),
    ];
    for (flags, vars, chinese) in cases {
        let mut args = ELECT.to_vec();
        args.extend(&flags);
        let run = congress_env(&args, &vars);
        assert_eq!(run.code(), 0, "{flags:?} {vars:?}: {}", run.stderr());
        let out = run.stdout();
        if chinese {
            assert!(
                is_chinese(&out),
                "{flags:?} {vars:?}: expected Chinese\n{out}"
            );
        } else {
            assert!(
                is_english(&out),
                "{flags:?} {vars:?}: expected English\n{out}"
            );
        }
    }
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let run = congress_env(&ELECT, &[("CONGRESS_LANG", "fr")]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run
        .stderr()
        .starts_with("error: CONGRESS_LANG: unknown language 'fr'"));
    let mut args = ELECT.to_vec();
    args.extend(["--lang", "fr"]);
    assert_eq!(congress(&args).code(), 2);
}

#[test]
fn chinese_tables_keep_the_ids_tokens_and_numbers() {
    let run = congress(&[
        "verify",
        "fixtures/records/v1/marks-presidium",
        "--lang",
        "zh",
    ]);
    let out = run.stdout();
    assert!(
        out.contains("V03 pass SHA256: 清单所列每个文件的 SHA-256 一致"),
        "{out}"
    );
    assert!(out.contains("V08 skip election.json: "), "{out}");
    assert!(out.lines().last().unwrap().starts_with("小结："), "{out}");
    let plan = congress(&[
        "plan",
        "fixtures/roster.csv",
        "--seats",
        "40",
        "--lang",
        "zh",
    ]);
    let out = plan.stdout();
    for word in [
        "院系",
        "名额",
        "保底",
        "通过",
        "提醒",
        "8.grade-coverage",
        "二.8",
        "数学与统计学院",
    ] {
        assert!(out.contains(word), "{word}\n{out}");
    }
    let check = congress(&[
        "check",
        "delegation",
        "fixtures/delegates.csv",
        "--plan",
        "fixtures/plan/plan.json",
        "--roster",
        "fixtures/roster.csv",
        "--lang",
        "zh",
    ]);
    let out = check.stdout();
    assert!(out.contains("每个院系选出的代表数等于分配名额"), "{out}");
    assert!(out.contains("8.department-seats"), "{out}");
    // The same id in `plan` and `check delegation` reads the rule of its own command.
    assert!(out.contains("名册中每个年级至少有一名代表"), "{out}");
}

#[test]
fn the_chinese_result_sheet_uses_the_election_terms_and_stays_aligned() {
    let mut args = ELECT.to_vec();
    args.extend(["--lang", "zh"]);
    let out = congress(&args).stdout();
    for term in [
        "应到",
        "实到",
        "发出",
        "收回",
        "有效",
        "无效",
        "赞成",
        "反对",
        "弃权",
        "当选",
        "另行选举",
    ] {
        assert!(out.contains(term), "{term}\n{out}");
    }
    // The candidates' table: the yes column ends in the same display column on every line.
    use unicode_width::UnicodeWidthStr;
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("候选人"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(table.len(), 6, "{out}");
    let yes_end = |line: &str| {
        let mut cols = line.split_whitespace();
        let name = cols.next().unwrap();
        let yes = cols.next().unwrap();
        let start = line.find(name).unwrap() + name.len();
        let at = start + line[start..].find(yes).unwrap() + yes.len();
        line[..at].width_cjk()
    };
    let ends: Vec<usize> = table.iter().map(|l| yes_end(l)).collect();
    assert!(ends.windows(2).all(|w| w[0] == w[1]), "{ends:?}\n{out}");
    let tie = congress(&[
        "elect",
        "fixtures/elections/committee/tie.toml",
        "fixtures/elections/committee/tie.csv",
        "--lang",
        "zh",
    ]);
    assert!(tie.stdout().contains("再次投票"), "{}", tie.stdout());
}
