//! The `congress` command-line program: a thin shell over the library.

use clap::Parser;
use congress::error::{report, ErrorFormat};
use congress::Error;

mod cli;

fn main() {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(err) => usage_error(err),
    };
    let format = args.error_format;
    let lang = match congress::lang::Lang::from_env(args.lang) {
        Ok(lang) => lang,
        Err(err) => {
            let err = congress::internals::input::locate_cells(err);
            eprint!("{}", report(std::slice::from_ref(&err), 0, format));
            std::process::exit(err.exit_code());
        }
    };
    let code = match cli::run(args, lang) {
        Ok(status) => status.exit_code(),
        Err(mut err) => {
            if format == ErrorFormat::Text {
                err.message = congress::lang::errors::translate(lang, &err.message);
            }
            eprint!("{}", report(std::slice::from_ref(&err), 0, format));
            err.exit_code()
        }
    };
    std::process::exit(code);
}

/// Ends the process on a command line clap refused: help and version as clap prints them,
/// errors as clap prints them, or, under `--error-format json`, as one JSON error (exit 2).
fn usage_error(err: clap::Error) -> ! {
    if !err.use_stderr() || requested_error_format() != ErrorFormat::Json {
        err.exit();
    }
    let message = match err.kind() {
        clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "a subcommand is required (congress --help lists them)".to_string()
        }
        _ => clap_message(&err),
    };
    let mut error = Error::usage(message);
    if let Some(clap::error::ContextValue::String(arg)) =
        err.get(clap::error::ContextKind::InvalidArg)
    {
        error = error.field(arg.clone());
    }
    eprint!(
        "{}",
        report(std::slice::from_ref(&error), 0, ErrorFormat::Json)
    );
    std::process::exit(error.exit_code());
}

/// The first paragraph of clap's error, without its `error: ` prefix and its usage lines.
fn clap_message(err: &clap::Error) -> String {
    let text = err.render().to_string();
    let first = text.split("\n\n").next().unwrap_or_default().trim();
    let message = first.strip_prefix("error:").unwrap_or(first);
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `--error-format` the command line asks for, read from the raw arguments (clap refused
/// them, so the parsed value is not there): `--error-format json` or `--error-format=json`.
fn requested_error_format() -> ErrorFormat {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut format = ErrorFormat::Text;
    for (k, arg) in args.iter().enumerate() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--error-format") {
            Some("") => args.get(k + 1).map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(value) = value {
            format = value.parse().unwrap_or(format);
        }
    }
    format
}
