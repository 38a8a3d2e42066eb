//! `cargo run --release --bin kill-test -- --rounds 200`: the kill loop (see
//! `attend_tests::kill`). The last line is the result:
//! `rounds R, scans S, on server S', lost L, duplicated D`; the exit status is non-zero
//! when anything was lost or duplicated.

use attend_tests::kill::{run, KillOptions};

#[tokio::main]
async fn main() {
    let mut rounds = 200;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next().map(|v| v.parse::<u32>())) {
            ("--rounds", Some(Ok(n))) => rounds = n,
            _ => {
                eprintln!("usage: kill-test [--rounds N]");
                std::process::exit(2);
            }
        }
    }
    let options = match KillOptions::beside_current_exe(rounds) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("kill-test: {e}");
            std::process::exit(1);
        }
    };
    match run(&options, &mut |line| println!("{line}")).await {
        Ok(report) => {
            println!("{report}");
            if !report.is_clean() {
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("kill-test: {e}");
            std::process::exit(1);
        }
    }
}
