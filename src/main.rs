//! The `congress` command-line program: a thin shell over the library.

use clap::Parser;

mod cli;

fn main() {
    let args = cli::Cli::parse();
    let code = match cli::run(args) {
        Ok(status) => status.exit_code(),
        Err(err) => {
            eprintln!("error: {err}");
            err.exit_code()
        }
    };
    std::process::exit(code);
}
