//! The binary's stdin protocol as the Python and Kotlin launchers use it: one JSON line
//! first, then one answer line per command line, and EOF stops the server.

use std::io::{BufRead, BufReader, Write};
use std::process::{ChildStdin, ChildStdout, Command, Stdio};

fn read_line(stdout: &mut BufReader<ChildStdout>) -> String {
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    line.trim_end().to_owned()
}

fn ask(stdin: &mut ChildStdin, stdout: &mut BufReader<ChildStdout>, command: &str) -> String {
    writeln!(stdin, "{command}").unwrap();
    stdin.flush().unwrap();
    read_line(stdout)
}

#[test]
fn commands_are_answered_line_by_line_and_eof_stops_the_server() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attend-ffi-testserver"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());

    let info: serde_json::Value = serde_json::from_str(&read_line(&mut stdout)).unwrap();
    assert_eq!(info["member_number"], attend_ffi_testserver::MEMBER);
    assert!(info["url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));

    let mut ask = |command: &str| ask(&mut stdin, &mut stdout, command);
    assert_eq!(ask("shutdown-now"), "error unknown command: shutdown-now");
    assert_eq!(
        ask("revoke-tokens"),
        "ok revoke-tokens",
        "still running after a bad command"
    );
    assert_eq!(ask("  revoke-tokens  "), "ok revoke-tokens");

    drop(stdin);
    assert!(
        child.wait().unwrap().success(),
        "EOF ends the server cleanly"
    );
}
