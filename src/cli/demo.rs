//! `congress demo [--dir DIR]`: the main job end to end on bundled data (src/demo.rs), in a
//! new temporary directory it prints, or in DIR (new or empty). Each step's command lines
//! run in-process, exactly as printed, from inside that directory.

use super::{Cli, Status};
use clap::Parser;
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run in DIR (created if missing; must be empty) instead of a new temporary directory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// A new directory under the system's temporary directory.
fn temporary_dir() -> Result<PathBuf> {
    let base = std::env::temp_dir();
    for n in 0..1000u32 {
        let dir = base.join(format!("congress-demo-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&dir, e)),
        }
    }
    Err(Error::input("no free name for the demo directory").file(base.display().to_string()))
}

/// Runs `congress demo`.
pub fn run(args: Args, lang: congress::lang::Lang) -> Result<Status> {
    let dir = match args.dir {
        Some(dir) => dir,
        None => temporary_dir()?,
    };
    congress::demo::write_inputs(&dir)?;
    let dir = std::fs::canonicalize(&dir).map_err(|e| Error::io(&dir, e))?;
    println!(
        "congress demo: the main job on bundled data, in {}\n\
         (the committee keys there are DEMO KEYS, public on purpose: never use them for a real \
         election)\n\n$ cd {}",
        dir.display(),
        dir.display()
    );
    std::env::set_current_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut stdout = std::io::stdout();
    congress::demo::run(&dir, &mut stdout, &mut |args| {
        let cli = Cli::try_parse_from(std::iter::once("congress").chain(args.iter().copied()))
            .map_err(|e| Error::usage(format!("demo command line refused: {e}")))?;
        let lang = cli.lang.unwrap_or(lang);
        Ok(super::run(cli, lang)?.exit_code())
    })?;
    println!(
        "\nEverything above is in {}: run the commands again there, or change the files and \
         see what the checks say.",
        dir.display()
    );
    Ok(Status::Success)
}
