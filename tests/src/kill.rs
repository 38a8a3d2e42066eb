//! The kill loop: a real server process and a real app process on SQLite files, one of
//! them SIGKILLed at a random moment each round and started again. At the end (after a
//! final clean sync) every scan the app recorded must be on the server once.
//!
//! What is counted: a scan is "recorded" when the app printed `recorded <id>` (it
//! prints after the commit) or when it is in the app's database (killed between the
//! commit and the print). Lost: recorded but not on the server. Duplicated: a client
//! id on the server more than once. The run also checks that nothing the app printed
//! is missing from its own database, and that the server has no row the app never made.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use attend_core::sync::SyncEngine;
use rand::Rng;

use crate::world::{
    prepare_server, server_client_ids, server_verdict, App, BoxError, Recorder, MEMBER, PASSWORD,
};

pub struct KillOptions {
    pub rounds: u32,
    pub client_bin: PathBuf,
    pub server_bin: PathBuf,
}

impl KillOptions {
    /// The helper binaries next to the running one (`target/<profile>/`).
    pub fn beside_current_exe(rounds: u32) -> Result<Self, BoxError> {
        let exe = std::env::current_exe()?;
        let dir = exe.parent().ok_or("the executable has no folder")?;
        Ok(Self {
            rounds,
            client_bin: dir.join("kill-client"),
            server_bin: dir.join("kill-server"),
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KillReport {
    pub rounds: u32,
    pub server_kills: u32,
    pub client_kills: u32,
    /// Printed by the app and/or found in its database.
    pub scans: usize,
    /// Committed on the device but killed before printing.
    pub unreported: usize,
    /// Printed but not in the app's database (a durability bug).
    pub missing_on_device: usize,
    pub on_server: usize,
    pub lost: usize,
    pub duplicated: usize,
    /// Server rows the app never made.
    pub phantom: usize,
}

impl KillReport {
    pub fn is_clean(&self) -> bool {
        self.lost == 0 && self.duplicated == 0 && self.missing_on_device == 0 && self.phantom == 0
    }
}

impl fmt::Display for KillReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rounds {}, scans {}, on server {}, lost {}, duplicated {}",
            self.rounds, self.scans, self.on_server, self.lost, self.duplicated
        )
    }
}

struct Server {
    child: Child,
}

fn start_server(bin: &Path, db: &Path, keys: &Path, port: u16) -> Result<Server, BoxError> {
    let child = Command::new(bin)
        .arg(db)
        .arg(keys)
        .arg(port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    Ok(Server { child })
}

struct Client {
    child: Child,
    reader: std::thread::JoinHandle<()>,
}

fn start_client(
    bin: &Path,
    dir: &Path,
    url: &str,
    codes: &Path,
    recorded: &Arc<Mutex<HashSet<String>>>,
) -> Result<Client, BoxError> {
    let mut child = Command::new(bin)
        .arg(dir)
        .arg(url)
        .arg(codes)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let recorded = Arc::clone(recorded);
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            // A line cut by the kill is not a full id and does not count.
            if let Some(id) = line.strip_prefix("recorded ") {
                if uuid::Uuid::parse_str(id.trim()).is_ok() {
                    recorded
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(id.trim().to_owned());
                }
            }
        }
    });
    Ok(Client { child, reader })
}

fn kill(child: &mut Child) {
    // SIGKILL on Unix: no chance to flush or clean up.
    let _ = child.kill();
    let _ = child.wait();
}

fn free_port() -> Result<u16, BoxError> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// Runs the loop; `log` gets progress lines.
pub async fn run(options: &KillOptions, log: &mut dyn FnMut(&str)) -> Result<KillReport, BoxError> {
    let work = tempfile::tempdir()?;
    let server_dir = work.path().join("server");
    let client_dir = work.path().join("client");
    std::fs::create_dir_all(&server_dir)?;
    std::fs::create_dir_all(&client_dir)?;
    // Enough sessions that the app does not run out of new codes before the last round.
    let sessions = options.rounds as usize * 12 + 100;
    let setup = prepare_server(&server_dir, sessions).await?;
    let codes_file = work.path().join("codes.txt");
    std::fs::write(&codes_file, setup.codes.join("\n"))?;
    let keys = server_dir.join("keys");
    let port = free_port()?;
    let url = format!("http://127.0.0.1:{port}");
    log(&format!("{sessions} sessions, server on {url}"));

    let recorded = Arc::new(Mutex::new(HashSet::new()));
    let mut server = start_server(&options.server_bin, &setup.database_path, &keys, port)?;
    let mut client = start_client(
        &options.client_bin,
        &client_dir,
        &url,
        &codes_file,
        &recorded,
    )?;
    let mut report = KillReport {
        rounds: options.rounds,
        ..KillReport::default()
    };
    for round in 0..options.rounds {
        let wait = rand::rng().random_range(30..250);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        if rand::rng().random_bool(0.5) {
            kill(&mut server.child);
            report.server_kills += 1;
            server = start_server(&options.server_bin, &setup.database_path, &keys, port)?;
        } else {
            kill(&mut client.child);
            let _ = client.reader.join();
            report.client_kills += 1;
            client = start_client(
                &options.client_bin,
                &client_dir,
                &url,
                &codes_file,
                &recorded,
            )?;
        }
        if (round + 1) % 50 == 0 {
            let n = recorded
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .len();
            log(&format!("round {}: {n} scans recorded so far", round + 1));
        }
    }
    kill(&mut client.child);
    let _ = client.reader.join();

    // The final clean sync, in this process, against the running server.
    let app = App::open(&client_dir, &url)?;
    let auth = app.auth();
    let mut tries = 0;
    while auth.account()?.is_none() || !auth.has_token()? {
        if let Err(e) = auth.login(MEMBER, PASSWORD).await {
            tries += 1;
            if tries > 200 {
                return Err(format!("final login failed: {e}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let engine = SyncEngine::start(
        Arc::clone(&app.store),
        app.tokens.clone(),
        app.sync_config(200),
        Arc::new(Recorder::default()),
    );
    let mut tries = 0;
    while app.waiting()? > 0 {
        if let Err(e) = engine.sync_now().await {
            tries += 1;
            if tries > 200 {
                return Err(format!("final sync failed: {e}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    engine.shutdown().await;
    kill(&mut server.child);

    let printed = recorded
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let on_device: HashSet<String> = app
        .store
        .read(|dao| dao.list_scans(MEMBER))?
        .into_iter()
        .map(|s| s.id.to_string())
        .collect();
    let on_server = server_client_ids(&setup.database_path)?;
    let mut per_id: HashMap<&str, usize> = HashMap::new();
    for id in &on_server {
        *per_id.entry(id.as_str()).or_default() += 1;
    }
    let all: HashSet<&String> = printed.iter().chain(on_device.iter()).collect();
    report.scans = all.len();
    report.unreported = on_device.difference(&printed).count();
    report.missing_on_device = printed.difference(&on_device).count();
    report.on_server = on_server.len();
    report.lost = all
        .iter()
        .filter(|id| !per_id.contains_key(id.as_str()))
        .count();
    report.duplicated = per_id.values().map(|n| n.saturating_sub(1)).sum();
    for id in all.iter().filter(|id| !per_id.contains_key(id.as_str())) {
        let state = uuid::Uuid::parse_str(id)
            .ok()
            .and_then(|uuid| app.store.read(|dao| dao.scan(uuid)).ok().flatten())
            .map(|scan| format!("{:?}", scan.state));
        let verdict = server_verdict(&setup.database_path, id)?;
        log(&format!(
            "lost {id}: on the device {state:?}, server verdict {verdict:?}"
        ));
    }
    report.phantom = per_id
        .keys()
        .filter(|id| !all.iter().any(|a| a.as_str() == **id))
        .count();
    log(&format!(
        "server killed {}, app killed {}; committed but unreported {}, printed but missing on device {}, server rows the app never made {}",
        report.server_kills, report.client_kills, report.unreported, report.missing_on_device, report.phantom
    ));
    Ok(report)
}
