//! `attend demo` end to end: the real server, posters, photos, offline scans, sync, and
//! the member's confirmed records and credits in the output; then, while the demo
//! keeps running, its member page answers on the printed address; Ctrl-C (SIGINT)
//! stops it and removes everything.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// `GET url` over plain HTTP/1.1: (status, body). The member page is plain HTML.
fn http_get(url: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

/// SIGINT as a terminal's Ctrl-C sends it, repeated until the demo exits (one sent
/// just before the demo starts waiting for it would be missed).
fn interrupt(child: &mut Child) -> std::process::ExitStatus {
    for _ in 0..60 {
        let sent = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        for _ in 0..20 {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let _ = child.kill();
    panic!("the demo did not stop on SIGINT");
}

#[test]
fn the_demo_runs_to_the_end_and_shows_confirmed_credits() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attend"))
        .arg("demo")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drained aside so a full stderr pipe can never stall the demo.
    let mut err_pipe = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err_pipe.read_to_string(&mut text);
        text
    });
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut stdout = String::new();
    let mut waiting = false;
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 {
        stdout.push_str(&line);
        if line.starts_with("Ctrl-C") {
            waiting = true;
            break;
        }
        line.clear();
    }
    if !waiting {
        let _ = child.wait();
        let stderr = stderr.join().unwrap_or_default();
        panic!("the demo stopped early:\n{stdout}\n{stderr}");
    }

    // While it runs: the member page on the same server, and a member to try it with.
    let page = stdout
        .lines()
        .find_map(|l| l.strip_prefix("member page: "))
        .unwrap_or_else(|| panic!("{stdout}"))
        .to_owned();
    assert!(page.starts_with("http://127.0.0.1:"), "{page}");
    let (status, body) = http_get(&page);
    let stopped = interrupt(&mut child);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("name=\"member_number\""), "{body}");
    assert!(body.contains("name=\"password\""), "{body}");
    let demo_member = stdout
        .lines()
        .find_map(|l| l.strip_prefix("demo member: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    let (number, password) = demo_member.split_once(" / ").unwrap();
    assert_eq!(number, "1002", "the member the app did not use: {stdout}");
    assert!(
        stdout.contains(&format!(
            "1002 放射 次郎  仮パスワード / temporary password: {password}"
        )),
        "{stdout}"
    );

    reader.read_to_string(&mut stdout).unwrap();
    let stderr = stderr.join().unwrap_or_default();
    assert!(stopped.success(), "{stdout}\n{stderr}");
    // Nothing is left: the server's port is closed.
    let host = page
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap();
    assert!(TcpStream::connect(host).is_err(), "{host} still answers");
    // Offline: the sync attempt failed and the scans waited.
    assert!(stdout.contains("未送信 2件"), "{stdout}");
    assert!(stdout.contains("登録済みです"), "{stdout}");
    // The home list ends with the three sessions confirmed.
    let confirmed: Vec<&str> = stdout.lines().filter(|l| l.contains('✔')).collect();
    assert_eq!(confirmed.len(), 3, "{stdout}");
    for title in ["学術総会 出席受付", "教育講演1", "教育講演2"] {
        assert!(
            confirmed.iter().any(|l| l.contains(title)),
            "{title}: {stdout}"
        );
    }
    // Credits: 10 (desk) + 2 + 2, all confirmed, and progress toward the specialist renewal.
    assert!(stdout.contains("確定 14単位 ／ 未確定 0単位"), "{stdout}");
    assert!(stdout.contains("確定 14 / 50単位"), "{stdout}");
    let server_line = stdout
        .lines()
        .find(|l| l.starts_with("server: http://127.0.0.1:"));
    assert!(server_line.is_some(), "{stdout}");
    // The temporary folder is gone.
    let removed = stdout
        .lines()
        .find(|l| l.starts_with("停止しました"))
        .and_then(|l| l.split('（').nth(1))
        .and_then(|l| l.split(' ').next())
        .unwrap_or_default();
    assert!(
        !removed.is_empty() && !std::path::Path::new(removed).exists(),
        "{stdout}"
    );
}
