//! `attend-ffi-testserver`: starts the demo server (see the library) and prints one
//! JSON line: the URL, the member's number and temporary password, the codes and the
//! poster photos. Then it reads commands from standard input, one a line, and answers
//! each with one line (see `Demo::command`: `revoke-tokens` ends the member's logins,
//! as the office would). It runs until its standard input closes, so a test that
//! spawned it stops it by closing the pipe, and a test that crashed cannot leave it
//! behind.

use std::io::{BufRead, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("attend-ffi-testserver: no runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let demo = match runtime.block_on(attend_ffi_testserver::start()) {
        Ok(demo) => demo,
        Err(e) => {
            eprintln!("attend-ffi-testserver: {e}");
            return ExitCode::FAILURE;
        }
    };
    // A reader that went away already is no reason to panic; the stdin loop below ends too.
    let say = |line: &str| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}").and_then(|()| out.flush());
    };
    say(&demo.to_json());
    // Commands are read in this thread; the server runs on the runtime's workers. A read
    // error (the pipe broke) ends the server as EOF does.
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        say(&runtime.block_on(demo.command(&line)));
    }
    if let Err(e) = runtime.block_on(demo.stop()) {
        eprintln!("attend-ffi-testserver: shutdown: {e}");
    }
    ExitCode::SUCCESS
}
