//! `congress apportion`: seats to units in proportion to their populations.

use super::common::{EncodingArgs, OutputArgs};
use super::Status;
use congress::{Error, Result};

/// Arguments of `congress apportion`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// CSV file of units and populations (`-` for standard input).
    pub input: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
}

/// Runs `congress apportion`.
pub fn run(args: Args) -> Result<Status> {
    let _ = args;
    Err(Error::usage("apportion is not yet supported"))
}
