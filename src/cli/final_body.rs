//! `congress final ROUND1 ROUND2 … [--format table|json] [--out FILE]`: the body a chain of
//! linked rounds elected: every seat, who holds it, in which voting round and with how many
//! votes, and the seats still vacant (status `vacancy`, exit 0). Each ROUND is a result
//! (`elect --format json`) or a record directory; a broken chain is exit 3
//! (docs/methods.md §1.6).

use super::common::{to_json, Format, OutputArgs};
use super::Status;
use congress::ballot::rounds::{final_body, CountedRound, FinalBody};
use congress::internals::table::{render, Align};
use congress::schema::Schema;
use congress::Result;
use std::path::PathBuf;

/// Arguments of `congress final`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The rounds' results or record directories, first round first.
    #[arg(required = true, value_name = "ROUND")]
    pub rounds: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `congress final`.
pub fn run(args: Args) -> Result<Status> {
    args.output.check()?;
    let rounds = args
        .rounds
        .iter()
        .map(|p| CountedRound::load(p))
        .collect::<Result<Vec<_>>>()?;
    let body = final_body(&rounds)?;
    let text = match args.output.format(&[Format::Table, Format::Json]) {
        Format::Json => to_json(Schema::FinalBody, &body),
        Format::Table | Format::Csv => sheet(&body),
    };
    args.output.emit(&text)?;
    Ok(Status::Success)
}

/// The readable sheet of the final body.
fn sheet(b: &FinalBody) -> String {
    let mut out = String::new();
    let title = if b.title.is_empty() {
        b.election.clone()
    } else {
        format!("{} ({})", b.title, b.election)
    };
    out.push_str(&format!("Final body: {title}\n"));
    out.push_str(&format!(
        "Seats:    {} ({} filled, {} vacant)\n",
        b.seats, b.filled, b.vacant
    ));
    out.push_str(&format!("Status:   {}\n\n", b.status));
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let rows: Vec<Vec<String>> = b
        .body
        .iter()
        .map(|s| {
            vec![
                s.seat.to_string(),
                s.holder.clone().unwrap_or_else(|| "(vacant)".into()),
                s.voting_round.map(|r| r.to_string()).unwrap_or_default(),
                text(&s.round),
                text(&s.election),
                s.votes.map(|v| v.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    out.push_str(&render(
        &[
            "seat",
            "holder",
            "voting_round",
            "round",
            "election",
            "votes",
        ],
        &rows,
        &[
            Align::Right,
            Align::Left,
            Align::Right,
            Align::Left,
            Align::Left,
            Align::Right,
        ],
    ));
    if let Some(reason) = &b.vacancy_reason {
        out.push_str(&format!("Vacant: {reason}\n"));
    }
    out.push_str("\nRounds:\n");
    for r in &b.rounds {
        out.push_str(&format!(
            "  {}. {} ({}): {}, elected {}\n",
            r.voting_round,
            r.election,
            r.round,
            r.status,
            if r.elected.is_empty() {
                "(none)".to_string()
            } else {
                r.elected.join(", ")
            }
        ));
    }
    out
}
