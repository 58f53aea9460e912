//! `fashen`: the command line of 法审台. Exit codes: 0 done, 1 refused (message on stderr, nothing changed),
//! 2 usage error.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{}", e.to_string().replace('\n', " "));
            std::process::ExitCode::from(1)
        }
    }
}
