//! `cargo run --release -p attend-tests --bin sync-bench [-- --scans 1000]`: how long
//! from "the network is back" to every pending scan confirmed, against the real server
//! (in this process, SQLite, loopback), for a few batch sizes. A figure, not a test.

use std::sync::Arc;
use std::time::{Duration, Instant};

use attend_core::clock::SystemClock;
use attend_core::sync::{SyncEngine, SyncState};
use attend_tests::world::{prepare_server, App, BoxError, Recorder, MEMBER, PASSWORD};

#[tokio::main]
async fn main() {
    let mut scans = 1000;
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, n] = args.as_slice() {
        match (flag.as_str(), n.parse()) {
            ("--scans", Ok(n)) => scans = n,
            _ => {
                eprintln!("usage: sync-bench [--scans N]");
                std::process::exit(2);
            }
        }
    }
    if let Err(e) = run(scans).await {
        eprintln!("sync-bench: {e}");
        std::process::exit(1);
    }
}

async fn run(scans: usize) -> Result<(), BoxError> {
    for batch in [50, 200, 500] {
        let work = tempfile::tempdir()?;
        let setup = prepare_server(work.path(), scans).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let server = attend_server::serve(setup.config.clone(), listener).await?;
        let app = App::open(work.path(), &server.base_url())?;
        app.auth().login(MEMBER, PASSWORD).await?;
        let engine = SyncEngine::start(
            Arc::clone(&app.store),
            app.tokens.clone(),
            app.sync_config(batch),
            Arc::new(Recorder::default()),
        );
        engine.sync_now().await?;
        engine.network_changed(false);
        let scan_start = Instant::now();
        for code in &setup.codes {
            attend_core::scan_text(&app.store, &SystemClock, code)?;
            engine.notify_scan();
        }
        let scan_time = scan_start.elapsed();
        let waiting = app.waiting()?;

        let start = Instant::now();
        engine.network_changed(true);
        loop {
            let status = engine.status();
            if status.state == SyncState::Idle && app.waiting()? == 0 {
                break;
            }
            if start.elapsed() > Duration::from_secs(300) {
                return Err(format!("not confirmed after 5 minutes: {status:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let elapsed = start.elapsed();
        let confirmed = app.confirmed_ids()?.len();
        println!(
            "batch {batch:>3}: {waiting} pending scans (recorded in {:.0} ms, {:.2} ms each) → all {confirmed} confirmed {:.0} ms after the network returned ({:.0} scans/s)",
            scan_time.as_secs_f64() * 1000.0,
            scan_time.as_secs_f64() * 1000.0 / scans.max(1) as f64,
            elapsed.as_secs_f64() * 1000.0,
            confirmed as f64 / elapsed.as_secs_f64()
        );
        engine.shutdown().await;
        server.shutdown().await?;
    }
    Ok(())
}
