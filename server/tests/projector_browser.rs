//! The projector page as the venue laptop shows it: Debian's chromium, driven by
//! Playwright (`tests/browser/projector.mjs`), loads the real server's page for a
//! session rotating every few seconds. The code on screen must be replaced when the
//! step moves on, and what the room sees (a screenshot, read by `rqrr`) must verify
//! against the server's published keys. Then the server is really stopped: the page
//! must say it is offline and, once its code has expired, cover it so nobody scans a
//! code the server would refuse. Every wait is on the page's own state (no virtual
//! time, no fixed sleeps), so a slow machine only makes the test slower.

mod common;

use std::process::Stdio;
use std::time::Duration;

use attend_domain::keys::KeySet;
use attend_domain::payload;
use attend_server::api::projector::projector_path;
use chrono::Utc;
use common::{browser, Backend, TestEnv, STAFF_TOKEN};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;

/// The QR codes `rqrr` reads in a screenshot.
fn codes_in(path: &std::path::Path) -> Vec<String> {
    let img = image::open(path).expect("screenshot decodes").to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    prepared
        .detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_rotates_scannable_codes_and_covers_them_when_the_server_is_gone() {
    let chromium = browser::chromium();
    let scripts = browser::scripts_dir();
    let env = TestEnv::start(Backend::Sqlite).await.expect("sqlite env");
    env.congress("jsnm66", "annual").await;
    env.session("jsnm66", "rotating", "lecture", -10, 3600, Some(3))
        .await;
    let keys_text = env
        .http
        .get(env.url("/api/v1/keys"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let keys = KeySet::from_json(&keys_text).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let (shot, stale_shot) = (dir.path().join("live.png"), dir.path().join("stale.png"));
    let mut node = Command::new("node")
        .arg("projector.mjs")
        .current_dir(&scripts)
        .env("URL", env.url(&projector_path("rotating", STAFF_TOKEN)))
        .env("SHOT", &shot)
        .env("STALE_SHOT", &stale_shot)
        .env("PROFILE", dir.path().join("profile"))
        .env("CHROMIUM", &chromium)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node (apt-get install -y nodejs)");
    let mut stdin = node.stdin.take().unwrap();
    let mut lines = BufReader::new(node.stdout.take().unwrap()).lines();
    // Bounded: a page that never rotates makes Playwright give up after 30 s per wait.
    let mut next = async || -> Value {
        let line = tokio::time::timeout(Duration::from_secs(120), lines.next_line())
            .await
            .expect("the browser answers within two minutes")
            .unwrap()
            .expect("a line from the browser script (see its stderr above)");
        serde_json::from_str(&line).unwrap()
    };

    // Live: a code, then the next step's code.
    let live = next().await;
    assert_eq!(live["phase"], "live");
    let verify = |code: &Value| {
        payload::verify(code.as_str().unwrap(), &keys, "JSNM", Utc::now())
            .unwrap()
            .rotation
            .unwrap()
            .step
    };
    let (first, second) = (&live["first"], &live["second"]);
    assert!(first["svg"].as_bool().unwrap() && second["svg"].as_bool().unwrap());
    assert!(verify(&second["code"]) > verify(&first["code"]), "{live}");
    for state in [first, second] {
        let classes = state["classes"].as_array().unwrap();
        assert!(classes.is_empty(), "no offline or stale flag: {live}");
    }
    // What the room sees scans, and is a code the server signed.
    let on_screen = codes_in(&shot);
    assert_eq!(on_screen.len(), 1, "one code on screen");
    let claims = payload::verify(&on_screen[0], &keys, "JSNM", Utc::now()).unwrap();
    assert_eq!(claims.session_id, "rotating");

    // The server goes away for real.
    env.stop().await;
    stdin.write_all(b"stopped\n").await.unwrap();
    let down = next().await;
    assert_eq!(down["phase"], "down");
    let flags = |v: &Value| {
        v["classes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(flags(&down["offline"]).contains(&"offline".to_owned()));
    assert!(flags(&down["stale"]).contains(&"stale".to_owned()));
    assert_eq!(down["shown"]["notice"], "block", "offline notice shown");
    assert_eq!(down["shown"]["cover"], "flex", "expired code covered");
    assert!(
        codes_in(&stale_shot).is_empty(),
        "no scannable code once it has expired"
    );
    let status = node.wait().await.unwrap();
    assert!(status.success(), "browser script: {status}");
}
