//! `congress announce`: the 公示 a committee posts, from a plan, an election result or a
//! signed record (issue: publishing for people; docs/announce.md).
//!
//! The notice holds the title, the date (the election file's `date` key or `--date`, never
//! the clock), the figures 应到/实到/发出/收回/有效/无效, every candidate's votes, who is
//! elected and in which round, what happens next (再次投票, 另行选举), a plan's delegates per
//! department, and for a record its root, its signers and how to check it; then the
//! objection period (公示期) and whom to contact (联系方式). A record is verified first, and
//! a record that fails any check is refused.

pub mod render;

use crate::ballot::result::Status;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::lang::{Lang, Msg};
use crate::plan::checks::{PlanCheckId, PlanCheckStatus, PlanCommand};
use crate::plan::Plan;
use crate::record::check::Report;
use crate::record::verify::VerifyOptions;
use render::Block;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A candidate's tally in a result JSON.
#[derive(Debug, Clone, Deserialize)]
pub struct CandidateVotes {
    /// The name.
    pub name: String,
    /// 赞成.
    pub yes: u64,
    /// 反对.
    pub no: u64,
    /// 弃权.
    pub abstain: u64,
    /// Elected in this round.
    pub elected: bool,
}

/// A stage of a count in a result JSON.
#[derive(Debug, Clone, Deserialize)]
pub struct Stage {
    /// Its number.
    pub round: u32,
    /// Each candidate's total, exact decimal.
    pub totals: serde_json::Map<String, serde_json::Value>,
    /// Elected at this stage.
    #[serde(default)]
    pub elected: Vec<String>,
}

/// What a notice reads of a result JSON (`congress elect --format json`, a record's
/// `result.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct ResultFacts {
    /// The election id.
    pub election: String,
    /// The title.
    #[serde(default)]
    pub title: String,
    /// How the count ended.
    pub status: Status,
    /// The elected.
    pub elected: Vec<String>,
    /// Ballots returned, valid, invalid by reason.
    pub ballots: BallotFacts,
    /// Committee methods' tallies.
    #[serde(default)]
    pub candidates: Option<Vec<CandidateVotes>>,
    /// Stages of a count in stages.
    #[serde(default)]
    pub rounds: Vec<Stage>,
    /// The round of a committee count.
    #[serde(default)]
    pub round: Option<String>,
    /// Attendance.
    #[serde(default)]
    pub attendance: Option<AttendanceFacts>,
    /// The winning rule.
    #[serde(default)]
    pub threshold: Option<RuleFacts>,
    /// Write-ins.
    #[serde(default)]
    pub write_ins: Option<WriteInFacts>,
    /// The re-vote needed.
    #[serde(default)]
    pub revote: Option<RevoteFacts>,
    /// The 另行选举 needed.
    #[serde(default)]
    pub supplementary: Option<SupplementaryFacts>,
    /// Seats left open.
    #[serde(default)]
    pub vacancy: Option<VacancyFacts>,
}

/// Ballots of a result.
#[derive(Debug, Clone, Deserialize)]
pub struct BallotFacts {
    /// 收回.
    pub returned: u64,
    /// 有效.
    pub valid: u64,
    /// 无效, by reason.
    pub invalid: BTreeMap<String, u64>,
}

/// Attendance of a result.
#[derive(Debug, Clone, Deserialize)]
pub struct AttendanceFacts {
    /// 应到.
    pub entitled: u64,
    /// 实到.
    pub present: u64,
    /// 发出.
    pub issued: u64,
    /// The quorum rule.
    pub quorum: Option<String>,
    /// The attendance it needs.
    pub quorum_needed: Option<u64>,
    /// Whether it was met.
    pub quorum_met: bool,
}

/// The winning rule of a result.
#[derive(Debug, Clone, Deserialize)]
pub struct RuleFacts {
    /// As written.
    pub rule: String,
    /// The fewest yes votes that pass.
    pub votes_needed: Option<u64>,
}

/// Write-ins of a result.
#[derive(Debug, Clone, Deserialize)]
pub struct WriteInFacts {
    /// Each counted name.
    pub names: Vec<WriteInVotes>,
}

/// One written-in name.
#[derive(Debug, Clone, Deserialize)]
pub struct WriteInVotes {
    /// The name.
    pub name: String,
    /// Its votes.
    pub yes: u64,
    /// Whether elected.
    pub elected: bool,
}

/// A re-vote.
#[derive(Debug, Clone, Deserialize)]
pub struct RevoteFacts {
    /// The tied.
    pub candidates: Vec<String>,
    /// Seats open.
    pub seats: u32,
    /// Which re-vote.
    pub revote_number: u32,
}

/// A 另行选举.
#[derive(Debug, Clone, Deserialize)]
pub struct SupplementaryFacts {
    /// Seats open.
    pub seats: u32,
    /// The slate.
    pub slate: Vec<String>,
    /// Its rule.
    pub threshold: String,
    /// The slate size asked for.
    pub min_slate: u64,
    /// More to nominate.
    #[serde(default)]
    pub nominate: u64,
}

/// Seats left open.
#[derive(Debug, Clone, Deserialize)]
pub struct VacancyFacts {
    /// Seats.
    pub seats: u32,
    /// Why.
    pub reason: String,
}

/// What a notice says of a signed record.
#[derive(Debug, Clone)]
pub struct RecordFacts {
    /// The directory as the user named it.
    pub dir: String,
    /// The record id.
    pub id: String,
    /// Leaves under the root.
    pub tree_size: u64,
    /// The root, hex.
    pub root: String,
    /// Members whose signature is in the record, sorted.
    pub signers: Vec<String>,
    /// Every member of the committee, in election-file order.
    pub members: Vec<String>,
    /// Signatures the committee requires.
    pub threshold: u64,
}

/// What is announced.
#[derive(Debug, Clone)]
pub enum Subject {
    /// A plan (`congress plan --format json`).
    Plan(Box<Plan>),
    /// A result, with the date its election file gives.
    Result(Box<ResultFacts>, Option<Date>),
    /// A record that verified: its result, its election file's date, and the record.
    Record(Box<ResultFacts>, Option<Date>, RecordFacts),
}

/// What reading an input gives: a subject, or a record's failed verification.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// A subject to announce.
    Subject(Subject),
    /// A record that failed verification: its report.
    Refused(Report),
}

/// The notice's options.
#[derive(Debug, Clone, Default)]
pub struct NoticeOptions {
    /// `--date`, which wins over the election file's `date`.
    pub date: Option<Date>,
    /// `--objection-days`: the 公示期 in days, from the date (inclusive).
    pub objection_days: Option<u64>,
    /// `--contact`: whom to contact with objections.
    pub contact: Option<String>,
    /// `--title`, instead of the one the input gives.
    pub title: Option<String>,
}

/// Reads `path`: a record directory (verified with `verify`), or a plan or result JSON;
/// `election` is an election file whose `date` a result's notice takes.
pub fn load(path: &Path, election: Option<&str>, verify: &VerifyOptions) -> Result<Loaded> {
    let name = path.display().to_string();
    let election_date = match election {
        Some(file) => crate::ballot::election::Election::load(file)?.date,
        None => None,
    };
    if path.is_dir() {
        return load_record(path, verify);
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Error::input(format!(
            "not JSON ({e}), expected a plan or result JSON or a record directory"
        ))
        .file(name.clone())
        .line(e.line() as u64)
    })?;
    if value.get("departments").is_some() {
        return Ok(Loaded::Subject(Subject::Plan(Box::new(
            crate::plan::delegation::read_plan(&name)?,
        ))));
    }
    Ok(Loaded::Subject(Subject::Result(
        Box::new(result_facts(&value, &name)?),
        election_date,
    )))
}

fn result_facts(value: &serde_json::Value, name: &str) -> Result<ResultFacts> {
    ResultFacts::deserialize(value).map_err(|e| {
        Error::input(format!(
            "not a plan or a result ({e}), expected the JSON of congress plan or congress elect"
        ))
        .file(name.to_string())
    })
}

fn load_record(dir: &Path, verify: &VerifyOptions) -> Result<Loaded> {
    let name = dir.display().to_string();
    let report =
        crate::record::verify::verify_dir(dir, verify, &crate::record::recount::ElectCounter)?;
    if !report.ok() {
        return Ok(Loaded::Refused(report));
    }
    let files = crate::record::files::RecordFiles::read(dir)?;
    let file = |path: &str| {
        files
            .get(path)
            .ok_or_else(|| Error::input("missing from the record").file(format!("{name}/{path}")))
    };
    let value: serde_json::Value = serde_json::from_slice(file("result.json")?)
        .map_err(|e| Error::input(e.to_string()).file(format!("{name}/result.json")))?;
    let result = result_facts(&value, &format!("{name}/result.json"))?;
    let toml = file("election.toml")?;
    let election = crate::ballot::election::Election::from_bytes(
        &format!("{name}/election.toml"),
        toml.to_vec(),
    )?;
    let head = crate::record::files::Head::parse(file(crate::record::files::HEAD)?)?;
    let info =
        crate::record::files::ElectionInfo::parse(file(crate::record::files::ELECTION_JSON)?)?;
    let mut signers: Vec<String> = files
        .files
        .keys()
        .filter_map(|p| {
            p.strip_prefix("SHA256.")?
                .strip_suffix(".sig")
                .map(String::from)
        })
        .collect();
    signers.sort();
    let record = RecordFacts {
        dir: name,
        id: head.record_id.clone(),
        tree_size: head.tree_size,
        root: crate::digest::hex(&head.root),
        signers,
        members: info
            .committee
            .members
            .iter()
            .map(|m| m.id.clone())
            .collect(),
        threshold: info.committee.threshold,
    };
    Ok(Loaded::Subject(Subject::Record(
        Box::new(result),
        election.date,
        record,
    )))
}

/// The notice of `subject` in `lang`, as blocks; an input error when no date is known.
pub fn notice(subject: &Subject, options: &NoticeOptions, lang: Lang) -> Result<Vec<Block>> {
    let t = |m: Msg<'_>| lang.text(m);
    let input_date = match subject {
        Subject::Plan(_) => None,
        Subject::Result(_, date) | Subject::Record(_, date, _) => *date,
    };
    let date = options
        .date
        .or(input_date)
        .ok_or_else(|| Error::input(t(Msg::DateNeeded)).field("date"))?;
    let show = |d: Date| match lang {
        Lang::En => d.to_string(),
        Lang::Zh => d.chinese(),
    };
    let mut blocks = Vec::new();
    let title = match (subject, &options.title) {
        (_, Some(title)) => title.clone(),
        (Subject::Plan(_), None) => t(Msg::AnnouncePlanTitle),
        (Subject::Result(r, _) | Subject::Record(r, _, _), None) => {
            let name = if r.title.is_empty() {
                &r.election
            } else {
                &r.title
            };
            t(Msg::AnnounceResultTitle(name))
        }
    };
    blocks.push(Block::Title(title));
    blocks.push(Block::Subtitle(t(Msg::AnnounceDate(&show(date)))));
    match subject {
        Subject::Plan(plan) => plan_blocks(plan, lang, &mut blocks),
        Subject::Result(r, _) => result_blocks(r, lang, &mut blocks),
        Subject::Record(r, _, record) => {
            result_blocks(r, lang, &mut blocks);
            record_blocks(record, lang, &mut blocks);
        }
    }
    let mut last = Vec::new();
    if let Some(days) = options.objection_days.filter(|&d| d > 0) {
        last.push(t(Msg::ObjectionPeriod {
            from: &show(date),
            to: &show(date.plus_days(days - 1)),
            days,
        }));
    }
    if let Some(contact) = &options.contact {
        last.push(t(Msg::Contact(contact)));
    }
    if !last.is_empty() {
        blocks.push(Block::Heading(t(Msg::HeadingObjection)));
        blocks.push(Block::Items(last));
    }
    Ok(blocks)
}

/// Attendance, ballots, votes, the elected and what happens next.
fn result_blocks(r: &ResultFacts, lang: Lang, blocks: &mut Vec<Block>) {
    let t = |m: Msg<'_>| lang.text(m);
    let list = |items: &[String]| lang.text(Msg::List(items));
    blocks.push(Block::Para(t(Msg::AnnounceResultIntro)));
    blocks.push(Block::Heading(t(Msg::HeadingVoting)));
    let mut items = Vec::new();
    if let Some(a) = &r.attendance {
        let mut line = t(Msg::Attendance {
            entitled: a.entitled,
            present: a.present,
            issued: a.issued,
        });
        if let Some(rule) = &a.quorum {
            line.push_str(&t(Msg::Quorum {
                rule,
                needed: a.quorum_needed,
                met: a.quorum_met,
            }));
        }
        items.push(line);
    }
    let reasons: Vec<String> = r
        .ballots
        .invalid
        .iter()
        .map(|(k, v)| format!("{} {v}", t(Msg::InvalidReason(k))))
        .collect();
    items.push(t(Msg::BallotFigures {
        returned: r.ballots.returned,
        valid: r.ballots.valid,
        invalid: r.ballots.invalid.values().sum(),
        reasons: &list(&reasons),
    }));
    if let Some(th) = &r.threshold {
        items.push(t(Msg::AnnounceRule {
            rule: &th.rule,
            needed: th.votes_needed,
        }));
    }
    blocks.push(Block::Items(items));
    if let Some(table) = votes_table(r, lang) {
        blocks.push(Block::Heading(t(Msg::HeadingVotes)));
        blocks.push(table);
    }
    blocks.push(Block::Heading(t(Msg::HeadingElected)));
    let elected = if r.elected.is_empty() {
        t(Msg::NoneElected)
    } else if let Some(round) = &r.round {
        t(Msg::ElectedInRound {
            names: &list(&r.elected),
            round,
        })
    } else if !r.rounds.is_empty() {
        let at: Vec<String> = r
            .elected
            .iter()
            .map(|name| {
                let stage = r
                    .rounds
                    .iter()
                    .find(|s| s.elected.contains(name))
                    .or(r.rounds.last())
                    .map(|s| s.round)
                    .unwrap_or(1);
                t(Msg::ElectedAtStage { name, stage })
            })
            .collect();
        t(Msg::ElectedList(&list(&at)))
    } else {
        t(Msg::ElectedList(&list(&r.elected)))
    };
    blocks.push(Block::Para(elected));
    blocks.push(Block::Heading(t(Msg::HeadingNext)));
    let mut next = vec![format!(
        "{}{}",
        t(Msg::SheetStatus),
        t(Msg::Status(r.status))
    )];
    if let Some(rv) = &r.revote {
        next.push(t(Msg::Revote {
            number: rv.revote_number,
            candidates: &list(&rv.candidates),
            seats: rv.seats,
        }));
    }
    if let Some(s) = &r.supplementary {
        next.push(t(Msg::Supplementary {
            seats: s.seats,
            slate: &list(&s.slate),
            min_slate: s.min_slate,
            rule: &s.threshold,
        }));
        if s.nominate > 0 {
            next.push(t(Msg::Nominate(s.nominate)));
        }
    }
    if let Some(v) = &r.vacancy {
        next.push(t(Msg::Vacancy {
            seats: v.seats,
            reason: &v.reason,
        }));
    }
    if r.status == Status::Complete {
        next.push(t(Msg::NothingNext));
    }
    blocks.push(Block::Items(next));
}

/// Every candidate's votes: yes/no/abstain for committee methods, the first and last stage
/// of a count in stages; `None` for methods that report neither.
fn votes_table(r: &ResultFacts, lang: Lang) -> Option<Block> {
    let t = |m: Msg<'_>| lang.text(m);
    let mark = |b: bool| if b { t(Msg::Elected) } else { String::new() };
    if let Some(cands) = &r.candidates {
        let mut rows: Vec<Vec<String>> = cands
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.yes.to_string(),
                    c.no.to_string(),
                    c.abstain.to_string(),
                    mark(c.elected),
                ]
            })
            .collect();
        for w in r.write_ins.iter().flat_map(|w| &w.names) {
            rows.push(vec![
                t(Msg::WriteIn(&w.name)),
                w.yes.to_string(),
                String::new(),
                String::new(),
                mark(w.elected),
            ]);
        }
        return Some(Block::Table {
            headers: vec![
                t(Msg::Candidate),
                t(Msg::YesVotes),
                t(Msg::NoVotes),
                t(Msg::Abstain),
                t(Msg::Outcome),
            ],
            rows,
            numbers: vec![false, true, true, true, false],
        });
    }
    let (first, last) = (r.rounds.first()?, r.rounds.last()?);
    let number = |s: &Stage, name: &str| {
        s.totals
            .get(name)
            .map(|v| {
                v.as_str()
                    .map(String::from)
                    .unwrap_or_else(|| v.to_string())
            })
            .unwrap_or_default()
    };
    let rows = first
        .totals
        .keys()
        .map(|name| {
            vec![
                name.clone(),
                number(first, name),
                number(last, name),
                mark(r.elected.contains(name)),
            ]
        })
        .collect();
    Some(Block::Table {
        headers: vec![
            t(Msg::Candidate),
            t(Msg::FirstStage),
            t(Msg::LastStage),
            t(Msg::Outcome),
        ],
        rows,
        numbers: vec![false, true, true, false],
    })
}

/// The record's root, signers, and how to check it with and without `congress`.
fn record_blocks(record: &RecordFacts, lang: Lang, blocks: &mut Vec<Block>) {
    let t = |m: Msg<'_>| lang.text(m);
    blocks.push(Block::Heading(t(Msg::HeadingRecord)));
    let signers = if record.signers.is_empty() {
        t(Msg::None)
    } else {
        lang.text(Msg::List(&record.signers))
    };
    blocks.push(Block::Items(vec![
        t(Msg::RecordRoot {
            id: &record.id,
            size: record.tree_size,
            root: &record.root,
        }),
        t(Msg::RecordSigners {
            names: &signers,
            threshold: record.threshold,
        }),
    ]));
    blocks.push(Block::Para(t(Msg::VerifyWithCongress)));
    let trust: String = record
        .members
        .iter()
        .map(|m| format!(" --trust {m}.pub"))
        .collect();
    blocks.push(Block::Code(vec![format!(
        "congress verify {}{trust}",
        record.dir
    )]));
    blocks.push(Block::Para(t(Msg::VerifyByHand)));
    let mut by_hand = vec!["sha256sum -c SHA256".to_string()];
    for s in &record.signers {
        by_hand.push(format!(
            "signify-openbsd -V -p {s}.pub -x SHA256.{s}.sig -m SHA256"
        ));
    }
    blocks.push(Block::Code(by_hand));
}

/// The plan's figures, its delegates per department, and the checks that did not pass.
fn plan_blocks(plan: &Plan, lang: Lang, blocks: &mut Vec<Block>) {
    let t = |m: Msg<'_>| lang.text(m);
    blocks.push(Block::Para(t(Msg::AnnouncePlanIntro)));
    blocks.push(Block::Heading(t(Msg::HeadingAllocation)));
    blocks.push(Block::Para(t(Msg::PlanFigures {
        students: plan.students,
        house_size: plan.house_size,
        ratio_required: &plan.ratio_required,
        method: &plan.method,
        min_seats: plan.min_seats,
    })));
    let rows = plan
        .departments
        .iter()
        .map(|d| {
            vec![
                d.department.clone(),
                d.students.to_string(),
                d.quota.clone(),
                d.seats.to_string(),
                d.non_cadre_min.to_string(),
                d.grades
                    .iter()
                    .map(|g| format!("{}:{}", g.grade, g.seats))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        headers: vec![
            t(Msg::Department),
            t(Msg::Students),
            t(Msg::Quota),
            t(Msg::Seats),
            t(Msg::NonCadreMin),
            t(Msg::GradeSeats),
        ],
        rows,
        numbers: vec![false, true, true, true, true, false],
    });
    let names = |pick: &dyn Fn(&crate::plan::DepartmentPlan) -> bool| -> Vec<String> {
        plan.departments
            .iter()
            .filter(|d| pick(d))
            .map(|d| d.department.clone())
            .collect()
    };
    let mut notes = Vec::new();
    let floored = names(&|d| d.floored);
    if !floored.is_empty() {
        notes.push(t(Msg::FlooredDepartments(&lang.text(Msg::List(&floored)))));
    }
    notes.push(t(Msg::StandingSeats(plan.standing_conference_seats)));
    let assembly = names(&|d| d.assembly_allowed);
    if !assembly.is_empty() {
        notes.push(t(Msg::AssemblyDepartments(
            &lang.text(Msg::List(&assembly)),
        )));
    }
    blocks.push(Block::Items(notes));
    let flagged: Vec<String> = plan
        .checks
        .iter()
        .filter(|c| c.status != PlanCheckStatus::Pass)
        .map(|c| {
            // In Chinese, what the check checks before its (English) detail.
            let rule = PlanCheckId::ALL
                .iter()
                .find(|id| id.as_str() == c.id && id.command() == PlanCommand::Plan)
                .filter(|_| lang == Lang::Zh)
                .map(|id| format!("{}: ", t(Msg::PlanRule(*id))))
                .unwrap_or_default();
            format!(
                "{} {} ({}): {rule}{}",
                t(Msg::PlanCheckStatus(c.status)),
                c.id,
                c.clause,
                c.detail
            )
        })
        .collect();
    if !flagged.is_empty() {
        blocks.push(Block::Heading(t(Msg::HeadingPlanChecks)));
        blocks.push(Block::Items(flagged));
    }
}
