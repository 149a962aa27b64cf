//! `congress next RESULT [--out ROUND.toml] [--force]`: the election file of the round a
//! result asks for (a re-vote, 再次投票, or a 另行选举), linked to that result
//! (docs/methods.md §1.6). RESULT is `elect --format json`'s result or a record directory.
//! Exit 3 when the result asks for no further round.

use super::Status;
use congress::ballot::election::Election;
use congress::ballot::rounds::{next_election_file, CountedRound};
use congress::internals::record::files::ELECTION_TOML;
use congress::Result;
use std::path::{Component, Path, PathBuf};

/// Arguments of `congress next`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The previous round's result (`elect --format json`) or record directory.
    pub result: PathBuf,
    /// Write the election file to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// This round's 应到 (members entitled to vote); left as "?" to fill in when not given.
    #[arg(long, value_name = "N")]
    pub entitled: Option<u64>,
    /// This round's 实到 (members present); left as "?" to fill in when not given.
    #[arg(long, value_name = "N")]
    pub present: Option<u64>,
    /// Ballots issued in this round (default: present).
    #[arg(long, value_name = "N")]
    pub issued: Option<u64>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `congress next`.
pub fn run(args: Args) -> Result<Status> {
    if let Some(out) = &args.out {
        congress::internals::output::ensure_writable(out, args.force)?;
    }
    let previous = CountedRound::load(&args.result)?;
    let record_election = if args.result.is_dir() {
        let path = args.result.join(ELECTION_TOML);
        Some(Election::load(&path.display().to_string())?)
    } else {
        None
    };
    let link = link_path(&args.result, args.out.as_deref());
    let attendance = [args.entitled, args.present, args.issued];
    let text = next_election_file(&previous, &link, record_election.as_ref(), attendance)?;
    congress::internals::output::emit(&text, args.out.as_deref(), args.force)?;
    Ok(Status::Success)
}

/// The previous result's path as the new file names it: relative to the folder of `out`
/// (to the current folder when printed), with `/` separators.
fn link_path(result: &Path, out: Option<&Path>) -> String {
    let folder = out
        .and_then(Path::parent)
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .unwrap_or_else(|| Path::new("."));
    let relative = match (folder.canonicalize(), result.canonicalize()) {
        (Ok(from), Ok(to)) => relative_to(&from, &to),
        _ => None,
    };
    let path = relative.unwrap_or_else(|| result.to_path_buf());
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// `to` relative to the folder `from` (both absolute).
fn relative_to(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
}
