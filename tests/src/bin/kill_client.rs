//! The app as the kill loop runs it: logs in once, then scans the codes of a file one
//! after another, printing `recorded <client id>` the moment each scan is committed,
//! and asks for a sync after each. When the codes run out it syncs until nothing
//! waits, prints `done` and exits.
//!
//! Usage: `kill-client APP_DIR BASE_URL CODES_FILE`

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use attend_core::clock::SystemClock;
use attend_core::sync::{SyncEngine, SyncListener, SyncStatus};
use attend_tests::world::{App, BoxError, MEMBER, PASSWORD};
use rand::Rng;

struct Quiet;

impl SyncListener for Quiet {
    fn on_update(&self, _status: SyncStatus) {}
}

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("kill-client: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, url, codes_file] = args.as_slice() else {
        return Err("usage: kill-client APP_DIR BASE_URL CODES_FILE".into());
    };
    let codes = std::fs::read_to_string(codes_file)?;
    let app = App::open(std::path::Path::new(dir), url)?;
    let auth = app.auth();
    // Killed during a login, the token may be saved without the account: log in again.
    while auth.account()?.is_none() || !auth.has_token()? {
        if auth.login(MEMBER, PASSWORD).await.is_err() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let engine = SyncEngine::start(
        Arc::clone(&app.store),
        app.tokens.clone(),
        app.sync_config(20),
        Arc::new(Quiet),
    );
    // Before the first sync the app only knows the bundled key set.
    while engine.sync_now().await.is_err() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut out = std::io::stdout().lock();
    for code in codes.lines().filter(|l| !l.trim().is_empty()) {
        let outcome = attend_core::scan_text(&app.store, &SystemClock, code)?;
        if outcome.already_registered {
            continue;
        }
        if let Some(id) = outcome.scan_id {
            writeln!(out, "recorded {id}")?;
            out.flush()?;
        }
        let _ = engine.sync_now().await;
        let pause = rand::rng().random_range(0..10);
        tokio::time::sleep(Duration::from_millis(pause)).await;
    }
    while app.waiting()? > 0 {
        if engine.sync_now().await.is_err() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    writeln!(out, "done")?;
    out.flush()?;
    engine.shutdown().await;
    Ok(())
}
