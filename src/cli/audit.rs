//! `congress audit`: the risk-limiting audit of a paper election's transcription.
//!
//! ```text
//! congress audit sample RECORD --manifest BOXES.csv --risk-limit 0.05 --seed DICE
//!                       [--drawn D --count K] [--format table|csv|json] [--out SAMPLE.csv]
//! congress audit assess RECORD --manifest BOXES.csv --risk-limit 0.05
//!                       --sample SAMPLE.csv --paper PAPER.csv [--sample … --paper …]
//!                       [--format table|json] [--out OUTCOME.json]
//! ```
//! `assess` exits 0 when the risk limit is met and 1 when more papers (or all of them) must
//! be counted by hand.

use super::common::{to_json, EncodingArgs, Format, OutputArgs};
use super::Status;
use congress::audit::assess::{self, Outcome, Status as AuditStatus};
use congress::audit::contest::Contest;
use congress::audit::manifest::Manifest;
use congress::audit::record;
use congress::audit::sampler::{self, Draw};
use congress::internals::input::Source;
use congress::schema::Schema;
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// The two steps of an audit round.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Draw the papers to pull (box, position) from the public dice seed.
    Sample(SampleArgs),
    /// Weigh the papers as read against the record: met, escalate or full hand count.
    Assess(AssessArgs),
    /// Check an audit record: its files, its link to the election record, its outcome
    /// (assessed again from its inputs) and the committee's signatures.
    Verify(VerifyArgs),
    /// Sign an audit record as a member of the election record's committee.
    Sign(SignArgs),
}

/// Arguments of `congress audit verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The audit record (audit assess --record).
    pub dir: PathBuf,
    /// The election record it audits.
    #[arg(long, value_name = "RECORD")]
    pub election: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `congress audit sign`.
#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// The audit record.
    pub dir: PathBuf,
    /// The election record it audits (its committee signs).
    #[arg(long, value_name = "RECORD")]
    pub election: PathBuf,
    /// The member's signify secret key.
    #[arg(long, value_name = "NAME.sec")]
    pub key: PathBuf,
    /// The member's id in the election's committee.
    #[arg(long, value_name = "ID")]
    pub member: String,
    /// Replace an existing signature by this member.
    #[arg(long)]
    pub force: bool,
}

/// What both steps read.
#[derive(Debug, clap::Args)]
pub struct AuditInputs {
    /// The station record of the election (congress elect --record).
    pub record: PathBuf,
    /// The ballot manifest: CSV `box,ballots`.
    #[arg(long, value_name = "BOXES.csv")]
    pub manifest: String,
    /// The risk limit, e.g. 0.05.
    #[arg(long, value_name = "ALPHA")]
    pub risk_limit: String,
    #[command(flatten)]
    pub encoding: EncodingArgs,
}

/// Arguments of `congress audit sample`.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    #[command(flatten)]
    pub inputs: AuditInputs,
    /// The public seed: dice rolled in public (digits, at least 20 of them).
    #[arg(long, value_name = "DICE")]
    pub seed: String,
    /// Draws already made in earlier rounds: this round continues the same stream.
    #[arg(long, value_name = "D", default_value_t = 0, requires = "count")]
    pub drawn: u64,
    /// How many draws (default: the first round's size; after `assess` says escalate, give
    /// its additional_ballots).
    #[arg(long, value_name = "K")]
    pub count: Option<u64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `congress audit assess`.
#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    #[command(flatten)]
    pub inputs: AuditInputs,
    /// A round's sample (repeat once per round, in order).
    #[arg(long, value_name = "SAMPLE.csv", required = true)]
    pub sample: Vec<String>,
    /// The papers of that round as read: `box,position`, then the marks columns.
    #[arg(long, value_name = "PAPER.csv", required = true)]
    pub paper: Vec<String>,
    /// The dice seed: every sample must be the draws of its stream (checked, exit 3 if not).
    #[arg(long, value_name = "DICE")]
    pub seed: Option<String>,
    /// Also write the audit's inputs and outcome as a record of its own (to be signed with
    /// congress audit sign), linked to the election record.
    #[arg(long = "record", id = "audit_record", value_name = "AUDIT_DIR")]
    pub audit_record: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `congress audit`.
pub fn run(args: Args) -> Result<Status> {
    match args.what {
        What::Sample(a) => sample(a),
        What::Assess(a) => assess_run(a),
        What::Verify(a) => verify_run(a),
        What::Sign(a) => sign_run(a),
    }
}

/// The contest, the manifest, the risk limit and the number of papers sampled from.
fn load(inputs: &AuditInputs) -> Result<(Contest, Manifest, congress::exact::Ratio, u64)> {
    let alpha = assess::parse_risk_limit(&inputs.risk_limit)?;
    let contest = Contest::from_record(&inputs.record)?;
    let manifest = Manifest::read(&Source::open(&inputs.manifest, inputs.encoding.options())?)?;
    manifest.covers(contest.papers, &inputs.manifest)?;
    let papers = manifest.papers();
    Ok((contest, manifest, alpha, papers))
}

fn sample(a: SampleArgs) -> Result<Status> {
    let format = a.output.format(&Format::ALL);
    a.output.check()?;
    if a.seed.len() < 20 || !a.seed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::usage(format!(
            "--seed {:?}: expected at least 20 decimal digits, rolled with dice in public",
            a.seed
        )));
    }
    let (contest, manifest, alpha, papers) = load(&a.inputs)?;
    let first = assess::first_round(&contest, alpha, papers);
    if let Some(k) = a.count {
        if k == 0 || a.drawn.saturating_add(k) >= papers {
            return Err(Error::usage(format!(
                "--drawn {} --count {k}: expected 1 or more draws that stay below the {papers} \
                 papers; at {papers} draws the audit is a full hand count",
                a.drawn
            )));
        }
    }
    let (status, count) = match a.count {
        Some(k) => (AuditStatus::Escalate, k),
        None => (first.status, first.additional_ballots),
    };
    let draws = match status {
        AuditStatus::Escalate => {
            sampler::draw(&a.seed, &manifest.boxes, a.drawn as usize, count as usize)
        }
        AuditStatus::Met | AuditStatus::FullHandCount => Vec::new(),
    };
    let text = match format {
        Format::Csv => sample_csv(&draws),
        Format::Json => to_json(
            Schema::AuditSample,
            &serde_json::json!({
                "status": if draws.is_empty() { "full-hand-count" } else { "sample" },
                "seed": a.seed,
                "seed_sha256": sampler::sha256_hex(a.seed.as_bytes()),
                "risk_limit": first.risk_limit,
                "papers": papers,
                "drawn_before": a.drawn,
                "draws": draws.iter().enumerate().map(|(i, d)| serde_json::json!({
                    "draw": a.drawn + i as u64 + 1,
                    "ticket": d.short_ticket(),
                    "box": d.ballot_box,
                    "position": d.position,
                    "generation": d.generation,
                })).collect::<Vec<_>>(),
                "first_round": first,
            }),
        ),
        Format::Table => sample_table(&a, &first, &draws),
    };
    if draws.is_empty() {
        eprintln!(
            "full hand count: the first round would need every one of the {papers} papers; \
             count them all by hand (no sample written)"
        );
    }
    if !(draws.is_empty() && format == Format::Csv) {
        a.output.emit(&text)?;
    }
    Ok(Status::Success)
}

/// The sample file: `box,position`, one row per draw, in draw order.
fn sample_csv(draws: &[Draw]) -> String {
    let mut out = String::from("box,position\n");
    for d in draws {
        out.push_str(&format!("{},{}\n", d.ballot_box, d.position));
    }
    out
}

fn sample_table(a: &SampleArgs, first: &Outcome, draws: &[Draw]) -> String {
    let mut out = format!(
        "seed {} (SHA-256 {}), {} papers, risk limit {}\n",
        a.seed,
        sampler::sha256_hex(a.seed.as_bytes()),
        first.papers,
        first.risk_limit
    );
    let rows: Vec<Vec<String>> = draws
        .iter()
        .enumerate()
        .map(|(i, d)| {
            vec![
                (a.drawn + i as u64 + 1).to_string(),
                d.short_ticket().to_string(),
                d.ballot_box.clone(),
                d.position.to_string(),
                d.generation.to_string(),
            ]
        })
        .collect();
    use congress::internals::table::Align::{Left, Right};
    out.push_str(&congress::internals::table::render(
        &["draw", "ticket", "box", "position", "generation"],
        &rows,
        &[Right, Left, Left, Right, Right],
    ));
    out
}

fn assess_run(a: AssessArgs) -> Result<Status> {
    let format = match a.output.format(&[Format::Table, Format::Json]) {
        Format::Csv => return Err(Error::usage("audit assess prints --format table or json")),
        f => f,
    };
    a.output.check()?;
    if a.sample.len() != a.paper.len() {
        return Err(Error::usage(format!(
            "{} --sample but {} --paper: give one of each per round, in order",
            a.sample.len(),
            a.paper.len()
        )));
    }
    if let Some(dir) = &a.audit_record {
        congress::record::write::ensure_record_target(dir, a.output.force)?;
    }
    let enc = a.inputs.encoding.options();
    let inputs = record::Inputs {
        boxes: Source::open(&a.inputs.manifest, &enc)?,
        rounds: a
            .sample
            .iter()
            .zip(&a.paper)
            .map(|(s, p)| Ok((Source::open(s, &enc)?, Source::open(p, &enc)?)))
            .collect::<Result<_>>()?,
        alpha: assess::parse_risk_limit(&a.inputs.risk_limit)?,
        seed: a.seed.clone(),
    };
    let (contest, outcome) = record::assess_inputs(&a.inputs.record, &inputs)?;
    if let Some(dir) = &a.audit_record {
        let files = record::build(&a.inputs.record, &contest, &inputs, &outcome)?;
        congress::record::write::write_record(dir, &files, a.output.force)?;
        eprintln!(
            "wrote audit record {} (unsigned); sign it with congress audit sign {} --election {} --key NAME.sec --member ID",
            dir.display(),
            dir.display(),
            a.inputs.record.display()
        );
    }
    let text = match format {
        Format::Json => to_json(Schema::AuditAssessment, &outcome),
        _ => outcome.render(),
    };
    a.output.emit(&text)?;
    Ok(match outcome.status {
        AuditStatus::Met => Status::Success,
        AuditStatus::Escalate | AuditStatus::FullHandCount => Status::ChecksFailed,
    })
}

fn verify_run(a: VerifyArgs) -> Result<Status> {
    let format = match a.output.format(&[Format::Table, Format::Json]) {
        Format::Csv => return Err(Error::usage("audit verify prints --format table or json")),
        f => f,
    };
    a.output.check()?;
    if !a.dir.is_dir() {
        return Err(Error::input("not a directory; expected an audit record")
            .file(a.dir.display().to_string()));
    }
    let checks = record::verify(&a.dir, &a.election, false)?;
    let ok = checks.iter().all(|c| c.ok);
    let text = match format {
        Format::Json => to_json(
            Schema::AuditVerification,
            &serde_json::json!({ "ok": ok, "checks": checks }),
        ),
        _ => {
            let mut out = String::new();
            for c in &checks {
                out.push_str(&format!(
                    "{} {} {}: {}\n",
                    if c.ok { "pass" } else { "FAIL" },
                    c.id,
                    c.check,
                    c.detail
                ));
            }
            out
        }
    };
    a.output.emit(&text)?;
    Ok(if ok {
        Status::Success
    } else {
        Status::ChecksFailed
    })
}

fn sign_run(a: SignArgs) -> Result<Status> {
    let name = a.key.display().to_string();
    let bytes = std::fs::read(&a.key).map_err(|e| Error::io(&a.key, e))?;
    let key = congress::record::signify::SecretKey::parse(&bytes, &name)?;
    let path = record::sign(&a.dir, &a.election, &key, &a.member, a.force)?;
    println!("signed {} as member {}", path.display(), a.member);
    Ok(Status::Success)
}
