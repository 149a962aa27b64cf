//! `congress elect`: count an election.
//!
//! ```text
//! congress elect ELECTION BALLOTS [--ballot-format F] [--format table|csv|json] [--out FILE]
//!                [--force] [--encoding E] [--record DIR [--secrets FILE]]
//!                [--rctab-summary FILE] [--rounds-csv FILE]
//! ```
//! ELECTION is the TOML election file (contract §4); BALLOTS a marks, ranks or choices CSV,
//! a BLT or a PrefLib file (`-` reads standard input). `table` prints a result sheet, `json`
//! the contract's result object, `csv` one line per candidate with the status and the next
//! round (docs/formats.md §6). Exit 3 on any input problem,
//! 4 when a tie needs a lot and the election file gives no `[tiebreak] seed`.

use super::common::{to_json, EncodingArgs, ExcelArgs, Format, OutputArgs};
use super::Status;
use congress::ballot::count::count;
use congress::ballot::election::{Election, ElectionMethod, Secrecy};
use congress::ballot::formats::{read_ballots, BallotFormat};
use congress::ballot::methods::rctab::{summary_csv, Contest};
use congress::ballot::ranked::SurplusTransfer;
use congress::ballot::result::ElectionResult;
use congress::internals::ballot::canonical_ballots::push_field;
use congress::internals::input::Source;
use congress::internals::table::{render_with, Align};
use congress::lang::{Lang, Msg};
use congress::schema::Schema;
use congress::Result;

/// Arguments of `congress elect`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The election file (TOML).
    pub election: String,
    /// The ballot file (`-` for standard input).
    pub ballots: String,
    /// Ballot format, instead of detecting it: marks, ranks, choices, numbered, blt or preflib.
    #[arg(long, value_name = "F", value_parser = parse_ballot_format)]
    pub ballot_format: Option<BallotFormat>,
    /// Also write the verifiable record (unsigned) to directory DIR.
    #[arg(long, value_name = "DIR")]
    pub record: Option<std::path::PathBuf>,
    /// The committee's secrets file for a record that hides ballot ids (default: DIR.secrets).
    #[arg(long, value_name = "FILE", requires = "record")]
    pub secrets: Option<std::path::PathBuf>,
    /// Also write the rounds in the layout of RCTab's summary report (CSV) to FILE; a
    /// sequential-irv count writes one file per seat, FILE with _1, _2, … before its extension.
    #[arg(long, value_name = "FILE")]
    pub rctab_summary: Option<std::path::PathBuf>,
    /// Also write the stages of a count in stages (irv, stv, meek, bottoms-up,
    /// sequential-irv) as CSV to FILE: `stage,action,candidate,total,transfer,outcome`.
    #[arg(long, value_name = "FILE")]
    pub rounds_csv: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub excel: ExcelArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
}

fn parse_ballot_format(s: &str) -> std::result::Result<BallotFormat, String> {
    s.parse()
}

/// Reads the election and ballots and counts them (what `--record` builds on).
pub fn load_and_count(
    args: &Args,
) -> Result<(Election, congress::ballot::BallotBox, ElectionResult)> {
    let election = Election::load(&args.election)?;
    for warning in &election.warnings {
        eprintln!("warning: {warning}");
    }
    let source = Source::open(&args.ballots, args.encoding.options())?;
    let format = args
        .ballot_format
        .unwrap_or_else(|| BallotFormat::detect(&source, &election));
    let ballots = read_ballots(&source, format, &election)?;
    if args.record.is_some() {
        // A record is written and recounted next: the file's text is not needed again, and
        // its memory is better given back before that.
        drop(source);
    } else {
        // The file's text is not needed again, and the process ends soon: handing a large
        // text back to the system page by page would only delay the count's output.
        std::mem::forget(source);
    }
    let result = count(&election, &ballots)?;
    Ok((election, ballots, result))
}

/// Runs `congress elect`; warnings go to standard error under `--error-format text` only
/// (under `json` it holds nothing but the one JSON error object).
pub fn run(args: Args, error_format: congress::error::ErrorFormat, lang: Lang) -> Result<Status> {
    args.output.check()?;
    if let Some(dir) = &args.record {
        congress::record::write::ensure_record_target(dir, args.output.force)?;
        // Fail before reading the ballots when the election cannot have a record.
        congress::record::write::check_recordable(&Election::load(&args.election)?)?;
    }
    if let Some(path) = &args.rctab_summary {
        let election = Election::load(&args.election)?;
        if !counts_by_rctab_rules(&election) {
            return Err(congress::Error::input(format!(
                "--rctab-summary writes a count by RCTab's rules: method irv, bottoms-up, \
                 sequential-irv, or stv with [rules] transfer = \"all-surpluses\", not method {}",
                election.method.name()
            ))
            .file(&election.file)
            .field("method"));
        }
        if election.method != ElectionMethod::SequentialIrv {
            congress::internals::output::ensure_writable(path, args.output.force)?;
        }
    }
    if let Some(path) = &args.rounds_csv {
        let election = Election::load(&args.election)?;
        if !counts_in_stages(&election) {
            return Err(congress::Error::input(format!(
                "--rounds-csv writes the stages of a count in stages: method irv, stv, meek, \
                 bottoms-up or sequential-irv, not method {}",
                election.method.name()
            ))
            .file(&election.file)
            .field("method"));
        }
        congress::internals::output::ensure_writable(path, args.output.force)?;
    }
    // A linked round is the one its previous result asks for; an unlinked re-vote or
    // 另行选举 is counted as written, with a warning (docs/methods.md §1.6).
    {
        let election = Election::load(&args.election)?;
        congress::ballot::rounds::check_link(&election)?;
        if let Some(warning) = congress::ballot::rounds::unlinked_warning(&election) {
            if error_format == congress::error::ErrorFormat::Text {
                eprintln!("{warning}");
            }
        }
    }
    let (election, ballots, result) = load_and_count(&args)?;
    if let Some(path) = &args.rounds_csv {
        congress::internals::output::write_atomic(
            path,
            result.rounds_csv().as_bytes(),
            args.output.force,
        )?;
    }
    if let Some(path) = &args.rctab_summary {
        write_rctab_summaries(path, &election, &result, args.output.force)?;
    }
    if let Some(dir) = &args.record {
        // A record that publishes ballot ids as they are never publishes printed trackers
        // (docs/paper-ballots.md).
        let secrecy = election.secrecy_for(ballots.roll.len() as u64);
        if secrecy.shows_ids() {
            congress::paper::secrecy::refuse_plaintext_trackers(&args.ballots, &ballots)?;
        }
        let patterns = Patterns::of(&ballots);
        // The ballots are handed over: the record's writer frees them before its recount.
        congress::record::write::record_election(
            &election,
            ballots,
            &result,
            dir,
            args.output.force,
            args.secrets.as_deref(),
        )?;
        report_patterns(patterns, secrecy);
        if secrecy != Secrecy::None {
            let secrets = args
                .secrets
                .clone()
                .unwrap_or_else(|| congress::record::secrets::CommitteeSecrets::default_path(dir));
            eprintln!(
                "secrecy {}: ballot ids are hidden; the committee's salt is in {} (keep it offline, never publish it)",
                secrecy.name(),
                secrets.display()
            );
        }
        eprintln!(
            "wrote record {} (unsigned); committee members sign it with congress sign {} --key NAME.sec --member ID",
            dir.display(),
            dir.display()
        );
    } else {
        // The process ends soon; freeing every distinct ranking one by one would only delay
        // the exit (tens of milliseconds for a million ballots).
        std::mem::forget(ballots);
    }
    let format = args.output.format(&Format::ALL);
    let text = match format {
        Format::Json => to_json(Schema::ElectionResult, &result),
        Format::Table => result_sheet(&result, lang),
        Format::Csv => result_csv(&result),
    };
    args.output.emit_as(&text, format, &args.excel)?;
    Ok(Status::Success)
}

/// Share of unique patterns above which `elect --record` warns (one in ten ballots).
const UNIQUE_PATTERNS_WARNING_PERCENT: u64 = 10;

/// How many ballots a box holds, and how many of them have a pattern no other ballot has.
struct Patterns {
    total: u64,
    unique: u64,
}

impl Patterns {
    fn of(ballots: &congress::ballot::BallotBox) -> Patterns {
        Patterns {
            total: ballots.roll.len() as u64,
            unique: ballots.unique_patterns(),
        }
    }
}

/// Reports on standard error how many ballots have a pattern no other ballot has, and warns
/// when that share is high and the record publishes the ballots.
fn report_patterns(patterns: Patterns, secrecy: Secrecy) {
    let Patterns { total, unique } = patterns;
    eprintln!("ballot patterns: {unique} of {total} ballots have a pattern no other ballot has");
    let published = match secrecy {
        Secrecy::None | Secrecy::Commitments => true,
        Secrecy::TallyOnly => false,
    };
    if published && unique * 100 > total * UNIQUE_PATTERNS_WARNING_PERCENT {
        eprintln!(
            "warning: more than {UNIQUE_PATTERNS_WARNING_PERCENT}% of the ballots are unique in \
             ballots.csv: a voter told to cast a ballot nobody else casts can be checked; \
             secrecy = \"tally-only\" publishes the totals without the ballots \
             (docs/verification.md §11)"
        );
    }
}

/// Whether the election is counted by RCTab's rules (what `--rctab-summary` writes).
fn counts_by_rctab_rules(election: &Election) -> bool {
    match election.method {
        ElectionMethod::Irv | ElectionMethod::BottomsUp | ElectionMethod::SequentialIrv => true,
        ElectionMethod::Stv => election.ranked_rules.transfer == SurplusTransfer::AllSurpluses,
        ElectionMethod::MajorityApproval
        | ElectionMethod::Plurality
        | ElectionMethod::Block
        | ElectionMethod::Approval
        | ElectionMethod::Meek
        | ElectionMethod::Schulze
        | ElectionMethod::RankedPairs
        | ElectionMethod::Copeland
        | ElectionMethod::Borda
        | ElectionMethod::Recall => false,
    }
}

/// Whether the election is counted in stages, the rounds `--rounds-csv` writes.
fn counts_in_stages(election: &Election) -> bool {
    match election.method {
        ElectionMethod::Irv
        | ElectionMethod::Stv
        | ElectionMethod::Meek
        | ElectionMethod::BottomsUp
        | ElectionMethod::SequentialIrv => true,
        ElectionMethod::MajorityApproval
        | ElectionMethod::Plurality
        | ElectionMethod::Block
        | ElectionMethod::Approval
        | ElectionMethod::Schulze
        | ElectionMethod::RankedPairs
        | ElectionMethod::Copeland
        | ElectionMethod::Borda
        | ElectionMethod::Recall => false,
    }
}

/// Writes `--rctab-summary`: the count's summary report (one per seat of a sequential-irv
/// count, `FILE` with `_<seat>` before its extension), each file atomically; none is written
/// when one of them exists and `--force` is not given.
fn write_rctab_summaries(
    path: &std::path::Path,
    election: &Election,
    result: &ElectionResult,
    force: bool,
) -> Result<()> {
    let contest = Contest {
        name: election
            .title
            .clone()
            .unwrap_or_else(|| election.id.clone()),
        ..Contest::default()
    };
    let per_seat = election.method == ElectionMethod::SequentialIrv;
    let files: Vec<(std::path::PathBuf, String)> = result
        .tabulations
        .iter()
        .enumerate()
        .map(|(k, tabulation)| {
            let file = if per_seat {
                numbered_path(path, k + 1)
            } else {
                path.to_path_buf()
            };
            (file, summary_csv(tabulation, &contest))
        })
        .collect();
    for (file, _) in &files {
        congress::internals::output::ensure_writable(file, force)?;
    }
    for (file, text) in &files {
        congress::internals::output::write_atomic(file, text.as_bytes(), force)?;
    }
    Ok(())
}

/// `FILE` with `_<k>` before its extension (`summary.csv` → `summary_2.csv`).
fn numbered_path(path: &std::path::Path, k: usize) -> std::path::PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}_{k}.{}", ext.to_string_lossy()),
        None => format!("{stem}_{k}"),
    };
    path.with_file_name(name)
}

/// One line per candidate: `candidate,yes,no,abstain,elected` for committee methods, else
/// `candidate,elected` (the elected only), each followed by the result's `status`, the
/// `next_round` it asks for (`revote`, `supplementary` or empty), that round's
/// `next_round_seats`, and whether the candidate is `on_next_ballot`. A result without a
/// candidate line has one line with an empty candidate, so that the status is always there.
pub fn result_csv(r: &ElectionResult) -> String {
    let status = serde_json::to_value(r.status)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let next: Option<(&str, u32, &[String])> = match (&r.revote, &r.supplementary) {
        (Some(rv), _) => Some(("revote", rv.seats, &rv.candidates)),
        (None, Some(s)) => Some(("supplementary", s.seats, &s.slate)),
        (None, None) => None,
    };
    let tail = |name: &str| -> String {
        match next {
            Some((kind, seats, names)) => format!(
                ",{status},{kind},{seats},{}\n",
                yes_no(names.iter().any(|n| n == name))
            ),
            None => format!(",{status},,,\n"),
        }
    };
    let mut out = String::new();
    let mut lines = 0;
    let empty_fields = match &r.candidates {
        Some(cands) => {
            out.push_str(
                "candidate,yes,no,abstain,elected,status,next_round,next_round_seats,on_next_ballot\n",
            );
            for c in cands {
                push_field(&mut out, &c.name);
                out.push_str(&format!(
                    ",{},{},{},{}",
                    c.yes,
                    c.no,
                    c.abstain,
                    yes_no(c.elected)
                ));
                out.push_str(&tail(&c.name));
                lines += 1;
            }
            if let Some(w) = &r.write_ins {
                for n in &w.names {
                    push_field(&mut out, &n.name);
                    out.push_str(&format!(",{},,,{}", n.yes, yes_no(n.elected)));
                    out.push_str(&tail(&n.name));
                    lines += 1;
                }
            }
            ",,,,"
        }
        None => {
            out.push_str("candidate,elected,status,next_round,next_round_seats,on_next_ballot\n");
            for name in &r.elected {
                push_field(&mut out, name);
                out.push_str(",yes");
                out.push_str(&tail(name));
                lines += 1;
            }
            ","
        }
    };
    if lines == 0 {
        out.push_str(empty_fields);
        match next {
            Some((kind, seats, _)) => out.push_str(&format!(",{status},{kind},{seats},\n")),
            None => out.push_str(&format!(",{status},,,\n")),
        }
    }
    out
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The constraints section of the result sheet (clause 8): each constraint with its bounds
/// and how many of the elected meet it, then each candidate passed over and why.
fn constraints_sheet(r: &ElectionResult, lang: Lang, out: &mut String) {
    let Some(constraints) = &r.constraints else {
        return;
    };
    let t = |m: Msg<'_>| lang.text(m);
    out.push('\n');
    let rows: Vec<Vec<String>> = constraints
        .iter()
        .map(|c| {
            vec![
                c.attribute.clone(),
                c.value.clone(),
                c.min.to_string(),
                c.max.to_string(),
                c.elected.to_string(),
            ]
        })
        .collect();
    let headers = [
        t(Msg::ConstraintAttribute),
        t(Msg::ConstraintValue),
        t(Msg::ConstraintMin),
        t(Msg::ConstraintMax),
        t(Msg::Elected),
    ];
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    out.push_str(&render_with(
        &headers,
        &rows,
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        lang.widths(),
    ));
    for p in r.passed_over.iter().flatten() {
        out.push_str(&t(Msg::PassedOver {
            stage: p.stage,
            name: &p.name,
            constraint: &p.constraint,
        }));
        out.push('\n');
    }
}

/// The readable result sheet, in `lang`.
pub fn result_sheet(r: &ElectionResult, lang: Lang) -> String {
    let t = |m: Msg<'_>| lang.text(m);
    let list = |items: &[String]| lang.text(Msg::List(items));
    let mut out = String::new();
    let title = if r.title.is_empty() {
        r.election.clone()
    } else {
        format!("{} ({})", r.title, r.election)
    };
    out.push_str(&format!("{}{title}\n", t(Msg::SheetElection)));
    let mut method = r.method.clone();
    if let Some(p) = &r.profile {
        method.push_str(&t(Msg::SheetProfile(p)));
        if let Some(round) = &r.round {
            method.push_str(lang.comma());
            method.push_str(&t(Msg::Round(round)));
        }
    }
    out.push_str(&format!("{}{method}\n", t(Msg::SheetMethod)));
    out.push_str(&format!("{}{}\n", t(Msg::SheetSeats), r.seats));
    out.push_str(&format!(
        "{}{}\n",
        t(Msg::SheetStatus),
        t(Msg::Status(r.status))
    ));
    let elected = if r.elected.is_empty() {
        t(Msg::None)
    } else {
        list(&r.elected)
    };
    if r.recall.is_none() {
        out.push_str(&format!("{}{elected}\n", t(Msg::SheetElected)));
    }
    if let Some(a) = &r.attendance {
        let quorum = match &a.quorum {
            Some(rule) => t(Msg::Quorum {
                rule,
                needed: a.quorum_needed,
                met: a.quorum_met,
            }),
            None => String::new(),
        };
        out.push_str(&t(Msg::Attendance {
            entitled: a.entitled,
            present: a.present,
            issued: a.issued,
        }));
        out.push_str(&quorum);
        out.push('\n');
    }
    let invalid: Vec<String> = r
        .ballots
        .invalid
        .iter()
        .map(|(k, v)| format!("{} {v}", t(Msg::InvalidReason(k))))
        .collect();
    let invalid_total: u64 = r.ballots.invalid.values().sum();
    out.push_str(&t(Msg::Ballots {
        returned: r.ballots.returned,
        valid: r.ballots.valid,
        invalid: invalid_total,
        reasons: &list(&invalid),
    }));
    out.push('\n');
    if let Some(th) = &r.threshold {
        let needed = match (&th.base, th.base_value, th.votes_needed) {
            (Some(base), Some(base_value), Some(needed)) => t(Msg::VotesNeeded {
                base,
                base_value,
                needed,
            }),
            _ => String::new(),
        };
        out.push_str(&format!("{}{}{needed}\n", t(Msg::SheetRule), th.rule));
    }
    if let Some(rc) = &r.recall {
        out.push_str(&t(Msg::Recall {
            officer: &rc.officer,
            yes: rc.yes,
            no: rc.no,
            abstain: rc.abstain,
            passed: rc.passed,
            rule: &rc.threshold,
            needed: rc.votes_needed,
        }));
        out.push('\n');
    }
    if let Some(cands) = &r.candidates {
        out.push('\n');
        out.push_str(&candidates_table(r, cands, lang));
    }
    if !r.rounds.is_empty() {
        out.push('\n');
        out.push_str(&rounds_sheet(r, lang));
    }
    constraints_sheet(r, lang, &mut out);
    out.push_str(&next_steps(r, lang));
    out.push_str(&format!(
        "\nelection_sha256 {}\nballots_root    {}\n",
        r.election_sha256, r.ballots_root
    ));
    out
}

/// The candidates' yes, no and abstain votes (committee methods), write-ins last.
fn candidates_table(
    r: &ElectionResult,
    cands: &[congress::ballot::result::CandidateTally],
    lang: Lang,
) -> String {
    let t = |m: Msg<'_>| lang.text(m);
    let elected = |yes: bool| if yes { t(Msg::Elected) } else { String::new() };
    let mut rows: Vec<Vec<String>> = cands
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                c.yes.to_string(),
                c.no.to_string(),
                c.abstain.to_string(),
                elected(c.elected),
            ]
        })
        .collect();
    if let Some(w) = &r.write_ins {
        for n in &w.names {
            rows.push(vec![
                t(Msg::WriteIn(&n.name)),
                n.yes.to_string(),
                String::new(),
                String::new(),
                elected(n.elected),
            ]);
        }
    }
    let last = match lang {
        Lang::En => String::new(),
        Lang::Zh => t(Msg::Elected),
    };
    let mut out = render_with(
        &[
            &t(Msg::Candidate),
            &t(Msg::YesVotes),
            &t(Msg::NoVotes),
            &t(Msg::Abstain),
            &last,
        ],
        &rows,
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
        lang.widths(),
    );
    if let Some(w) = &r.write_ins {
        if !w.void.is_empty() {
            let void: Vec<String> = w
                .void
                .iter()
                .map(|(k, v)| format!("{} {v}", t(Msg::InvalidReason(k))))
                .collect();
            out.push_str(&t(Msg::VoidWriteIns(&lang.text(Msg::List(&void)))));
            out.push('\n');
        }
    }
    out
}

/// What the count leaves to do: a re-vote, a 另行选举, vacant seats, a stopped count, and
/// the ties met.
fn next_steps(r: &ElectionResult, lang: Lang) -> String {
    let t = |m: Msg<'_>| lang.text(m);
    let list = |items: &[String]| lang.text(Msg::List(items));
    let mut out = String::new();
    if let Some(rv) = &r.revote {
        out.push('\n');
        out.push_str(&t(Msg::Revote {
            number: rv.revote_number,
            candidates: &list(&rv.candidates),
            seats: rv.seats,
        }));
        out.push('\n');
    }
    if let Some(s) = &r.supplementary {
        out.push('\n');
        out.push_str(&t(Msg::Supplementary {
            seats: s.seats,
            slate: &list(&s.slate),
            min_slate: s.min_slate,
            rule: &s.threshold,
        }));
        out.push('\n');
        if let Some(e) = &s.eligible {
            out.push_str(&t(Msg::Eligible {
                attribute: &e.attribute,
                value: &e.value,
            }));
            out.push('\n');
        }
        if s.nominate > 0 {
            out.push_str(&t(Msg::Nominate(s.nominate)));
            out.push('\n');
        }
    }
    if let Some(v) = &r.vacancy {
        out.push('\n');
        out.push_str(&t(Msg::Vacancy {
            seats: v.seats,
            reason: &v.reason,
        }));
        out.push('\n');
    }
    if let Some(s) = &r.stopped {
        out.push('\n');
        out.push_str(&t(Msg::Stopped {
            after_round: s.after_round,
            seats_open: s.seats_open,
            eliminated: &list(&s.eliminated_in_last_round),
        }));
        out.push('\n');
    }
    if !r.ties.is_empty() {
        out.push('\n');
        out.push_str(&t(Msg::Ties));
        out.push('\n');
        for tie in &r.ties {
            let order = if tie.order.is_empty() || tie.resolved_by != "lot" {
                String::new()
            } else {
                t(Msg::TieOrder(&list(&tie.order)))
            };
            let decisive = tie
                .decisive
                .map(|d| t(Msg::TieDecisive(d)))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {}: {} — {}{order}{decisive}\n",
                tie.context,
                list(&tie.candidates),
                t(Msg::TieResolvedBy(&tie.resolved_by)),
            ));
        }
    }
    out
}

/// Stages as columns, candidates as rows, as an official result sheet prints them.
fn rounds_sheet(r: &ElectionResult, lang: Lang) -> String {
    let t = |m: Msg<'_>| lang.text(m);
    let mut names: Vec<String> = Vec::new();
    for round in &r.rounds {
        for k in round.totals.keys() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    let mut headers: Vec<String> = vec![t(Msg::Candidate)];
    headers.extend(r.rounds.iter().map(|s| t(Msg::Stage(s.round))));
    let mut rows: Vec<Vec<String>> = names
        .iter()
        .map(|n| {
            let mut row = vec![n.clone()];
            for s in &r.rounds {
                row.push(
                    s.totals
                        .get(n)
                        .map(|v| {
                            v.as_str()
                                .map(String::from)
                                .unwrap_or_else(|| v.to_string())
                        })
                        .unwrap_or_default(),
                );
            }
            row
        })
        .collect();
    let mut nt = vec![t(Msg::NonTransferable)];
    nt.extend(r.rounds.iter().map(|s| s.non_transferable.clone()));
    rows.push(nt);
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut align = vec![Align::Left];
    align.extend(r.rounds.iter().map(|_| Align::Right));
    let mut out = render_with(&header_refs, &rows, &align, lang.widths());
    for s in &r.rounds {
        let mut line = format!(
            "{}: {}",
            t(Msg::Stage(s.round)),
            t(Msg::StageAction(&s.action))
        );
        if !s.elected.is_empty() {
            line.push_str(&t(Msg::StageElected(&lang.text(Msg::List(&s.elected)))));
        }
        if !s.excluded.is_empty() {
            line.push_str(&t(Msg::StageExcluded(&lang.text(Msg::List(&s.excluded)))));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
