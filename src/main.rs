//! `fashen`: the command line of 法审台. Exit codes: 0 done, 1 refused (message on stderr, nothing changed),
//! 2 usage error, 3 done but its output could not be written (a full disk under standard output).

mod cli;

use clap::Parser;

/// mimalloc rather than the system allocator: a sync import parses 100 000 revisions on every core and frees
/// them again, where glibc's per-thread arenas grew by `mprotect` a page at a time (a third of the parse) and a
/// large allocation after many small frees stopped to consolidate them. Re-importing a 100 000-revision file
/// went from 1.1 s to 0.65 s (ARCHITECTURE.md, "Dependencies").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string().replace('\n', " ");
            eprintln!("错误：{}", cli::output::terminal_safe(&message));
            std::process::ExitCode::from(1)
        }
    }
}
