//! The projector page run for real: headless Chromium loads it from a small HTTP
//! server on loopback that hands out a new code on every fetch. Checks that the page
//! rotates the code, that the code on screen scans (rqrr on Chromium's screenshot) and
//! that a dead server shows the offline notice. Needs the Debian package `chromium`
//! (or `ATTEND_CHROMIUM=/path/to/chrome`); run with
//! `cargo test -p attend-print --features browser-tests`.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};

use attend_print::{projector_code_json, projector_html, Projector};

/// Codes handed out so far, in order.
type Served = Arc<Mutex<Vec<String>>>;

fn respond(mut stream: TcpStream, status: &str, kind: &str, body: &str) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

fn serve(listener: TcpListener, served: Served) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let mut line = String::new();
        if BufReader::new(&stream).read_line(&mut line).is_err() {
            continue;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let page = |code_url: &str| {
            projector_html(&Projector {
                congress_name: "第66回日本核医学会学術総会".into(),
                session_title: "教育講演3 PET/CTの基礎".into(),
                kind_name: "教育講演".into(),
                credit: 2,
                code_url: code_url.into(),
            })
        };
        match path.as_str() {
            "/live.html" => respond(stream, "200 OK", "text/html; charset=utf-8", &page("/code")),
            "/down.html" => respond(stream, "200 OK", "text/html; charset=utf-8", &page("/gone")),
            "/code" => {
                let code = {
                    let mut served = served.lock().expect("lock");
                    let code = support::code_text(150, served.len() as u64 + 1);
                    served.push(code.clone());
                    code
                };
                let body = projector_code_json(&code, 700).expect("code JSON");
                respond(stream, "200 OK", "application/json", &body);
            }
            _ => respond(stream, "503 Service Unavailable", "text/plain", "down"),
        }
    }
}

fn chromium(args: &[&str], url: &str, profile: &std::path::Path) -> std::process::Output {
    let exe = std::env::var("ATTEND_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    Command::new(&exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,720",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {exe} ({e}): install the Debian package chromium"))
}

/// The classes on `<body>` in Chromium's serialised DOM (the page's state flags).
fn body_classes(dom: &str) -> Vec<&str> {
    let tag = dom
        .split("<body")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .expect("a body tag");
    tag.split("class=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|c| c.split_whitespace().collect())
        .unwrap_or_default()
}

#[test]
fn page_rotates_codes_that_scan_and_says_when_offline() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let served: Served = Arc::default();
    let for_server = served.clone();
    std::thread::spawn(move || serve(listener, for_server));
    let dir = tempfile::tempdir().expect("temp dir");

    // Live: after a few virtual seconds the page has fetched more than once and shows
    // the newest code.
    let out = chromium(
        &["--dump-dom", "--virtual-time-budget=3000"],
        &format!("{base}/live.html"),
        &dir.path().join("p1"),
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let codes = served.lock().expect("lock").clone();
    assert!(
        codes.len() >= 2,
        "the page rotated: {} fetches",
        codes.len()
    );
    let shown = dom
        .split("data-code=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a code on the page");
    assert!(codes.iter().any(|c| c == shown), "shown code was served");
    assert!(dom.contains("<svg"), "QR drawn");
    let classes = body_classes(&dom);
    assert!(
        !classes.contains(&"offline") && !classes.contains(&"stale"),
        "{classes:?}"
    );

    // What the room sees scans back to a served code.
    let shot = dir.path().join("live.png");
    let out = chromium(
        &[
            &format!("--screenshot={}", shot.display()),
            "--virtual-time-budget=1500",
        ],
        &format!("{base}/live.html"),
        &dir.path().join("p2"),
    );
    assert!(
        shot.is_file(),
        "screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let img = image::open(&shot).expect("screenshot decodes").to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on screen");
    let (_, text) = grids[0].decode().expect("screen QR decodes");
    assert!(served.lock().expect("lock").contains(&text), "{text}");

    // Server down: the notice shows, and no code is offered.
    let out = chromium(
        &["--dump-dom", "--virtual-time-budget=3000"],
        &format!("{base}/down.html"),
        &dir.path().join("p3"),
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let classes = body_classes(&dom);
    assert!(
        classes.contains(&"offline"),
        "offline notice shown: {classes:?}"
    );
    assert!(
        classes.contains(&"stale"),
        "code area says why it is empty: {classes:?}"
    );
    assert!(!dom.contains("data-code=\""), "no code shown");
}
