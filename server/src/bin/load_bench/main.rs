//! Load benchmark: thousands of members syncing their queued scans at once over loopback
//! (the hall's Wi-Fi comes back), against the raw insert rate of the same rows into the
//! same database with the same durability settings, then a run at a fixed request rate.
//!
//! Set-up takes the cheap path, documented here: members are inserted directly with an
//! unusable password hash (`!`) and a pre-made login token each, so 3,000 argon2 hashes
//! and logins do not dominate the run. Everything measured goes through the real
//! server: HTTP, token check, Ed25519 verification of every item, the transaction.
//!
//! `cargo run --release --bin load-bench -- --backend sqlite|postgres`
//! The last line is `accepted/s X, raw insert/s Y, p99 ms Z, stored N of N, duplicated D`
//! (p99 at the fixed rate).

use std::sync::Arc;
use std::time::{Duration, Instant};

mod setup;

use attend_server::{codes, keyring, Config, Store};
use chrono::Utc;
use clap::Parser;
use serde_json::{json, Value};
use setup::{database_url, populate};
use tokio::sync::Mutex;

#[derive(Debug, Parser)]
#[command(
    name = "load-bench",
    about = "Server load benchmark (see the module notes)"
)]
struct Args {
    #[arg(long, value_parser = ["sqlite", "postgres"], default_value = "sqlite")]
    backend: String,
    /// Simulated members.
    #[arg(long, default_value_t = 3000)]
    members: usize,
    /// Scans each member syncs in the burst (one batch per member).
    #[arg(long, default_value_t = 10)]
    scans: usize,
    /// Members syncing at the same time.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Requests per second of the fixed-rate run.
    #[arg(long, default_value_t = 1000)]
    rate: u64,
    /// Seconds of the fixed-rate run.
    #[arg(long, default_value_t = 5)]
    rate_secs: u64,
    /// Scans per request in the fixed-rate run (an online app sends each scan at once).
    #[arg(long, default_value_t = 1)]
    rate_batch: usize,
}

pub type BenchError = Box<dyn std::error::Error + Send + Sync>;

pub struct Member {
    pub id: i64,
    pub token: String,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

struct Outcome {
    latencies: Vec<Duration>,
    accepted: u64,
    duplicate: u64,
    other: u64,
}

async fn post(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    items: &[Value],
) -> Result<(Duration, Vec<String>), BenchError> {
    let start = Instant::now();
    let r = http
        .post(url)
        .bearer_auth(token)
        .json(&json!({ "items": items }))
        .send()
        .await?;
    if !r.status().is_success() {
        return Err(format!("HTTP {}", r.status()).into());
    }
    let body: Value = r.json().await?;
    let elapsed = start.elapsed();
    let verdicts = body["results"]
        .as_array()
        .ok_or("no results")?
        .iter()
        .map(|r| r["verdict"].as_str().unwrap_or("?").to_owned())
        .collect();
    Ok((elapsed, verdicts))
}

fn tally(outcome: &mut Outcome, verdicts: &[String]) {
    for v in verdicts {
        match v.as_str() {
            "accepted" => outcome.accepted += 1,
            "duplicate" => outcome.duplicate += 1,
            _ => outcome.other += 1,
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), BenchError> {
    let args = Args::parse();
    attend_server::tls::install_crypto_provider();
    let dir = tempfile::tempdir()?;
    let key_dir = dir.path().join("keys");
    let url = database_url(&args.backend, dir.path(), "server").await?;
    let mut config = Config::new(&url, &key_dir);
    config.max_connections = 16;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let server = attend_server::serve(config.clone(), listener).await?;
    let store = server.store().clone();
    let rate_sessions = (args.rate * args.rate_secs * args.rate_batch as u64)
        .div_ceil(args.members as u64) as usize;
    eprintln!(
        "setting up {} members, {} + {} sessions…",
        args.members, args.scans, rate_sessions
    );
    let members = populate(
        &store,
        args.members,
        &[("b", args.scans), ("r", rate_sessions)],
    )
    .await?;
    let mut burst_codes = Vec::new();
    for i in 0..args.scans {
        burst_codes.push(
            codes::issue(&store, &key_dir, "JSNM", &format!("b{i}"), Utc::now())
                .await?
                .code,
        );
    }
    let mut rate_codes = Vec::new();
    for i in 0..rate_sessions {
        rate_codes.push(
            codes::issue(&store, &key_dir, "JSNM", &format!("r{i}"), Utc::now())
                .await?
                .code,
        );
    }
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let endpoint = format!("{}/api/v1/attendance", server.base_url());
    let batches: Vec<(usize, Vec<Value>)> = members
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let items = burst_codes
                .iter()
                .map(|c| json!({"client_id": uuid::Uuid::new_v4(), "code": c, "scanned_at": Utc::now()}))
                .collect();
            (i, items)
        })
        .collect();
    let batches = Arc::new(batches);

    // 1. Burst: every member syncs its batch, `concurrency` at a time.
    let outcome = Arc::new(Mutex::new(Outcome {
        latencies: Vec::new(),
        accepted: 0,
        duplicate: 0,
        other: 0,
    }));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let members = Arc::new(members);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (http, endpoint, batches, members, outcome, next) = (
            http.clone(),
            endpoint.clone(),
            batches.clone(),
            members.clone(),
            outcome.clone(),
            next.clone(),
        );
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((m, items)) = batches.get(i) else {
                    break;
                };
                let (latency, verdicts) = post(&http, &endpoint, &members[*m].token, items).await?;
                let mut o = outcome.lock().await;
                o.latencies.push(latency);
                tally(&mut o, &verdicts);
            }
            Ok::<(), BenchError>(())
        }));
    }
    for w in workers {
        w.await??;
    }
    let burst_secs = started.elapsed().as_secs_f64();
    let burst = std::mem::replace(
        &mut *outcome.lock().await,
        Outcome {
            latencies: Vec::new(),
            accepted: 0,
            duplicate: 0,
            other: 0,
        },
    );
    let mut burst_lat = burst.latencies.clone();
    burst_lat.sort();
    let accepted_per_sec = burst.accepted as f64 / burst_secs;
    println!(
        "burst: {} members × {} scans, concurrency {}: {:.2} s, accepted {} ({:.0}/s), p50 {:.1} ms, p99 {:.1} ms",
        args.members, args.scans, args.concurrency, burst_secs, burst.accepted, accepted_per_sec,
        percentile(&burst_lat, 0.5), percentile(&burst_lat, 0.99)
    );

    // 2. Retry a tenth of the batches (answers lost on the way back): same verdicts, no rows.
    let mut retried_not_accepted = 0u64;
    for (m, items) in batches.iter().take(args.members / 10) {
        let (_, verdicts) = post(&http, &endpoint, &members[*m].token, items).await?;
        retried_not_accepted += verdicts.iter().filter(|v| *v != "accepted").count() as u64;
    }
    println!(
        "retried {} batches: {} answers differed from the first",
        args.members / 10,
        retried_not_accepted
    );

    // 3. Fixed rate: one request every 1/rate s, open loop.
    let total = (args.rate * args.rate_secs) as usize;
    let interval = Duration::from_secs_f64(1.0 / args.rate as f64);
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for k in 0..total {
        ticker.tick().await;
        let m = k % args.members;
        let round = k / args.members;
        let items: Vec<Value> = (0..args.rate_batch)
            .map(|j| {
                let code = &rate_codes[(round * args.rate_batch + j) % rate_codes.len()];
                json!({"client_id": uuid::Uuid::new_v4(), "code": code, "scanned_at": Utc::now()})
            })
            .collect();
        let (http, endpoint, token) = (http.clone(), endpoint.clone(), members[m].token.clone());
        tasks.push(tokio::spawn(async move {
            post(&http, &endpoint, &token, &items).await
        }));
    }
    let mut rate = Outcome {
        latencies: Vec::new(),
        accepted: 0,
        duplicate: 0,
        other: 0,
    };
    for t in tasks {
        let (latency, verdicts) = t.await??;
        rate.latencies.push(latency);
        tally(&mut rate, &verdicts);
    }
    let rate_secs = started.elapsed().as_secs_f64();
    rate.latencies.sort();
    let p99_rate = percentile(&rate.latencies, 0.99);
    println!(
        "fixed rate: {} requests at {}/s ({} scans each) in {:.2} s: p50 {:.1} ms, p99 {:.1} ms",
        total,
        args.rate,
        args.rate_batch,
        rate_secs,
        percentile(&rate.latencies, 0.5),
        p99_rate
    );

    // 4. Exactly once: rows in the database against scans sent.
    let expected = (args.members * args.scans + total * args.rate_batch) as i64;
    let (stored, verdict_rows) = store.counts().await?;
    let duplicated = burst.duplicate + rate.duplicate + stored.saturating_sub(expected) as u64;
    println!(
        "rows: attendance {stored}, verdicts {verdict_rows}; rejected or other {}",
        burst.other + rate.other
    );
    server.shutdown().await?;

    // 5. Raw insert of the same rows into a fresh database, same settings, same
    //    concurrency and batch per transaction, no HTTP and no checks.
    let raw_url = database_url(&args.backend, dir.path(), "raw").await?;
    let raw = Store::open(&raw_url, 16).await?;
    keyring::ensure_key(&raw, &dir.path().join("raw-keys"), "JSNM").await?;
    let raw_members = populate(&raw, args.members, &[("b", args.scans)]).await?;
    let raw_members = Arc::new(raw_members);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (raw, raw_members, next, scans) =
            (raw.clone(), raw_members.clone(), next.clone(), args.scans);
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(m) = raw_members.get(i) else { break };
                let now = Utc::now();
                let rows: Vec<_> = (0..scans)
                    .map(|s| (uuid::Uuid::new_v4().to_string(), format!("b{s}"), now))
                    .collect();
                raw.raw_insert(m.id, &rows, now).await?;
            }
            Ok::<(), BenchError>(())
        }));
    }
    for w in workers {
        w.await??;
    }
    let raw_per_sec = (args.members * args.scans) as f64 / started.elapsed().as_secs_f64();
    raw.close().await;
    println!(
        "raw insert: {:.0} rows/s; server reaches {:.0}% of it",
        raw_per_sec,
        100.0 * accepted_per_sec / raw_per_sec
    );
    println!(
        "accepted/s {:.0}, raw insert/s {:.0}, p99 ms {:.1}, stored {} of {}, duplicated {}",
        accepted_per_sec,
        raw_per_sec,
        p99_rate,
        stored.min(expected),
        expected,
        duplicated
    );
    Ok(())
}
