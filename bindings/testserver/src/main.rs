//! `attend-ffi-testserver`: starts the demo server (see the library) and prints one
//! JSON line: the URL, the member's number and temporary password, the codes and the
//! poster photos. Runs until its standard input closes, so a test that spawned it
//! stops it by closing the pipe, and a test that crashed cannot leave it behind.

use std::io::{Read, Write};
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
    // A reader that went away already is no reason to panic; the stdin wait below ends too.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", demo.to_json()).and_then(|()| out.flush());
    drop(out);
    // Block on stdin in this thread; the server runs on the runtime's workers.
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    if let Err(e) = runtime.block_on(demo.stop()) {
        eprintln!("attend-ffi-testserver: shutdown: {e}");
    }
    ExitCode::SUCCESS
}
