//! `congress sign DIR --key NAME.sec --member ID`: a committee member signs a record.
//!
//! Writes `DIR/SHA256.<ID>.sig`, a signify detached signature over the exact bytes of
//! `DIR/SHA256`. The key must be that member's key in the record's committee, and the record
//! must pass every check except the signatures, else nothing is written (input error).

use super::Status;
use congress::record::signify::SecretKey;
use congress::{Error, Result};
use std::path::PathBuf;

/// Arguments of `congress sign`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record directory.
    pub dir: PathBuf,
    /// The member's signify secret key (unencrypted: congress keygen, or signify -G -n).
    #[arg(long, value_name = "NAME.sec")]
    pub key: PathBuf,
    /// The member's id in the election's [committee].
    #[arg(long, value_name = "ID")]
    pub member: String,
    /// Replace an existing, different signature by this member.
    #[arg(long)]
    pub force: bool,
}

/// Runs `congress sign`.
pub fn run(args: Args) -> Result<Status> {
    let name = args.key.display().to_string();
    let bytes = std::fs::read(&args.key).map_err(|e| Error::io(&args.key, e))?;
    let key = SecretKey::parse(&bytes, &name)?;
    let counter = congress::internals::record::recount::ElectCounter;
    let path =
        congress::record::write::sign_record(&args.dir, &key, &args.member, &counter, args.force)?;
    println!("signed {} as member {}", path.display(), args.member);
    Ok(Status::Success)
}
