//! The projector page as the venue laptop shows it: Debian's chromium, driven by
//! Playwright (`tests/browser/projector.mjs`), loads the real server's page for a
//! session rotating every few seconds, at the URL `admin projector-url` prints (with the
//! session's projector key). The code on screen must be replaced when the step moves
//! on, and what the room sees (a screenshot, read by `rqrr`) must verify against the
//! server's published keys. Then the page loses its server, twice over: first its key
//! is revoked (the server answers 403), then, opened again with a new key, the server
//! is really stopped. Each time the page must say it is offline and, once its code has
//! expired, cover it so nobody scans a code the server would refuse. Every wait is on
//! the page's own state (no virtual time, no fixed sleeps), so a slow machine only
//! makes the test slower.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use attend_domain::keys::KeySet;
use attend_domain::payload;
use attend_server::admin::{run, AdminCommand};
use chrono::Utc;
use common::{browser, Backend, TestEnv};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// The QR codes `rqrr` reads in a screenshot.
fn codes_in(path: &Path) -> Vec<String> {
    let img = image::open(path).expect("screenshot decodes").to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    prepared
        .detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}

/// The page's URL as the office gets it: the first line `projector-url` prints.
async fn projector_url(env: &TestEnv, session: &str) -> String {
    let command = AdminCommand::ProjectorUrl {
        session: session.to_owned(),
        base_url: Some(env.base.clone()),
        new: false,
    };
    let out = run(command, &env.config).await.unwrap();
    out.lines().next().unwrap().to_owned()
}

/// One run of `projector.mjs`: it reports the live page, then waits for a line saying
/// the server is gone before it reports the page's offline state.
struct Screen {
    node: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
    live_shot: std::path::PathBuf,
    stale_shot: std::path::PathBuf,
}

impl Screen {
    fn open(url: &str, dir: &Path, name: &str) -> Screen {
        let live_shot = dir.join(format!("{name}-live.png"));
        let stale_shot = dir.join(format!("{name}-stale.png"));
        let mut node = Command::new("node")
            .arg("projector.mjs")
            .current_dir(browser::scripts_dir())
            .env("URL", url)
            .env("SHOT", &live_shot)
            .env("STALE_SHOT", &stale_shot)
            .env("PROFILE", dir.join(format!("{name}-profile")))
            .env("CHROMIUM", browser::chromium())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node (apt-get install -y nodejs)");
        let stdin = node.stdin.take().unwrap();
        let lines = BufReader::new(node.stdout.take().unwrap()).lines();
        Screen {
            node,
            stdin,
            lines,
            live_shot,
            stale_shot,
        }
    }

    /// Bounded: a page that never rotates makes Playwright give up after 30 s per wait.
    async fn next(&mut self) -> Value {
        let line = tokio::time::timeout(Duration::from_secs(120), self.lines.next_line())
            .await
            .expect("the browser answers within two minutes")
            .unwrap()
            .expect("a line from the browser script (see its stderr above)");
        serde_json::from_str(&line).unwrap()
    }

    /// Live: a code, then the next step's code, both signed by the server; the
    /// screenshot holds one code that scans and verifies.
    async fn expect_live(&mut self, keys: &KeySet) {
        let live = self.next().await;
        assert_eq!(live["phase"], "live");
        let step = |code: &Value| {
            payload::verify(code.as_str().unwrap(), keys, "JSNM", Utc::now())
                .unwrap()
                .rotation
                .unwrap()
                .step
        };
        let (first, second) = (&live["first"], &live["second"]);
        assert!(first["svg"].as_bool().unwrap() && second["svg"].as_bool().unwrap());
        assert!(step(&second["code"]) > step(&first["code"]), "{live}");
        for state in [first, second] {
            let classes = state["classes"].as_array().unwrap();
            assert!(classes.is_empty(), "no offline or stale flag: {live}");
        }
        let on_screen = codes_in(&self.live_shot);
        assert_eq!(on_screen.len(), 1, "one code on screen");
        let claims = payload::verify(&on_screen[0], keys, "JSNM", Utc::now()).unwrap();
        assert_eq!(claims.session_id, "rotating");
    }

    /// Called once the server no longer serves this page: the offline notice, then the
    /// expired code covered, with nothing left to scan.
    async fn expect_offline(mut self) {
        self.stdin.write_all(b"stopped\n").await.unwrap();
        let down = self.next().await;
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
            codes_in(&self.stale_shot).is_empty(),
            "no scannable code once it has expired"
        );
        let status = self.node.wait().await.unwrap();
        assert!(status.success(), "browser script: {status}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_rotates_scannable_codes_and_covers_them_when_revoked_or_the_server_is_gone() {
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

    // The key is revoked while the page shows it.
    let url = projector_url(&env, "rotating").await;
    let mut screen = Screen::open(&url, dir.path(), "revoked");
    screen.expect_live(&keys).await;
    let revoke = AdminCommand::ProjectorRevoke {
        session: "rotating".to_owned(),
    };
    run(revoke, &env.config).await.unwrap();
    screen.expect_offline().await;

    // A new key opens it again; then the server goes away for real.
    let url = projector_url(&env, "rotating").await;
    let mut screen = Screen::open(&url, dir.path(), "stopped");
    screen.expect_live(&keys).await;
    env.stop().await;
    screen.expect_offline().await;
}
