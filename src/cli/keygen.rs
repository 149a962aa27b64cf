//! `congress keygen NAME`: a signify key pair for signing records.
//!
//! Writes `NAME.sec` (mode 0600, an unencrypted signify secret key, as `signify -G -n`
//! makes) and `NAME.pub`, with a random key number; never replaces either without `--force`.

use super::Status;
use congress::record::signify::SecretKey;
use congress::{Error, Result};
use std::path::{Path, PathBuf};

/// Arguments of `congress keygen`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Base name of the key files: NAME.sec and NAME.pub are written.
    pub name: PathBuf,
    /// Comment in the key files (default: the file name).
    #[arg(long)]
    pub comment: Option<String>,
    /// Replace existing key files.
    #[arg(long)]
    pub force: bool,
}

fn with_ext(name: &Path, ext: &str) -> PathBuf {
    let mut s = name.as_os_str().to_owned();
    s.push(ext);
    PathBuf::from(s)
}

/// Checks that `comment` fits a signify comment line: no line break, and with the longer
/// suffix (" secret key") at most 1023 bytes, as signify's own 1024-byte buffer holds.
fn check_comment(comment: &str) -> Result<()> {
    if comment.contains(['\n', '\r']) {
        return Err(Error::usage(
            "--comment: expected one line of text (a signify comment has no line break)",
        ));
    }
    let most = congress::record::signify::COMMENT_MAX - 1 - " secret key".len();
    if comment.len() > most {
        return Err(Error::usage(format!(
            "--comment is {} bytes, expected at most {most} (signify keeps 1023 bytes of a \
             comment line, \" secret key\" included)",
            comment.len()
        )));
    }
    Ok(())
}

/// Runs `congress keygen`.
pub fn run(args: Args) -> Result<Status> {
    let sec_path = with_ext(&args.name, ".sec");
    let pub_path = with_ext(&args.name, ".pub");
    congress::internals::output::ensure_writable(&sec_path, args.force)?;
    congress::internals::output::ensure_writable(&pub_path, args.force)?;
    let base = args
        .name
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "congress".into());
    let comment = args.comment.unwrap_or(base);
    check_comment(&comment)?;
    let key = SecretKey::generate()?;
    let public = key.public();
    congress::internals::output::write_private(
        &sec_path,
        key.to_file(&format!("{comment} secret key")).as_bytes(),
        args.force,
    )?;
    congress::internals::output::write_atomic(
        &pub_path,
        public.to_file(&format!("{comment} public key")).as_bytes(),
        args.force,
    )?;
    println!(
        "wrote {} (secret, mode 0600, unencrypted: keep it offline) and {}\n\
         key number {}; for the election file's [committee]:\n  {{ id = \"<member>\", key = \"{}\" }}",
        sec_path.display(),
        pub_path.display(),
        congress::digest::hex(&public.keynum),
        public.to_base64()
    );
    Ok(Status::Success)
}
