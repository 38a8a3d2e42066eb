//! The sync engine: one tokio task that owns every sync, so only one runs at a time.
//!
//! The shells only poke it (`notify_scan`, `network_changed`, `sync_now`); the task
//! decides when to run a pass, when to wait, and reports every change to the listener.
//! Pokes that arrive while a pass runs are coalesced into one more pass after it. A
//! transient failure schedules a retry with [`Backoff`]; a scan during that wait does
//! not cut it short (the server asked us to wait, or is down), but the network coming
//! back, a login or `sync_now` does.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::api::Api;
use super::backoff::Backoff;
use super::member::certifications_due;
use super::pass::{Pass, SyncReport};
use super::status::{SyncError, SyncListener, SyncState, SyncStatus};
use crate::auth::TokenStore;
use crate::clock::{Clock, SystemClock};
use crate::net::{HttpConfig, NetError};
use crate::store::Store;

/// How the engine reaches the server and paces itself.
#[derive(Clone)]
pub struct SyncConfig {
    pub http: HttpConfig,
    /// Scans per upload request.
    pub batch_size: usize,
    pub backoff: Backoff,
    /// The device clock: scan times and the measured offset are read from it.
    pub clock: Arc<dyn Clock>,
    /// How often a background pass asks for the certifications held (see
    /// `super::member`); a login, `sync_now` and the first pass after a start always do.
    pub certifications_every: Duration,
}

impl SyncConfig {
    pub fn new(http: HttpConfig) -> Self {
        Self {
            http,
            batch_size: 200,
            backoff: Backoff::default(),
            clock: Arc::new(SystemClock),
            certifications_every: Duration::from_secs(60 * 60),
        }
    }
}

impl std::fmt::Debug for SyncConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncConfig")
            .field("http", &self.http)
            .field("batch_size", &self.batch_size)
            .field("backoff", &self.backoff)
            .field("certifications_every", &self.certifications_every)
            .finish_non_exhaustive()
    }
}

enum Command {
    Scan,
    Network(bool),
    Login,
    SyncNow(oneshot::Sender<Result<SyncReport, SyncError>>),
}

/// Handle to the sync task. Dropping it stops the task after the current pass;
/// [`SyncEngine::shutdown`] stops it at once (a pass cut short loses nothing: every
/// store change is its own committed transaction).
pub struct SyncEngine {
    commands: mpsc::UnboundedSender<Command>,
    status: watch::Receiver<SyncStatus>,
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl SyncEngine {
    /// Starts the engine on the current tokio runtime (panics outside one, like
    /// `tokio::spawn`; use [`SyncEngine::start_on`] from other threads).
    pub fn start(
        store: Arc<Store>,
        tokens: Arc<dyn TokenStore>,
        config: SyncConfig,
        listener: Arc<dyn SyncListener>,
    ) -> SyncEngine {
        Self::start_on(
            &tokio::runtime::Handle::current(),
            store,
            tokens,
            config,
            listener,
        )
    }

    pub fn start_on(
        runtime: &tokio::runtime::Handle,
        store: Arc<Store>,
        tokens: Arc<dyn TokenStore>,
        config: SyncConfig,
        listener: Arc<dyn SyncListener>,
    ) -> SyncEngine {
        let (commands, rx) = mpsc::unbounded_channel();
        let (status_tx, status) = watch::channel(SyncStatus::initial());
        let (stop, stop_rx) = watch::channel(false);
        let worker = Worker {
            api: Api::new(&config.http),
            store,
            tokens,
            config,
            reporter: Reporter {
                tx: status_tx,
                listener,
            },
            online: true,
            attempt: 0,
            retry: None,
            certifications_checked: None,
        };
        let task = runtime.spawn(worker.run(rx, stop_rx));
        SyncEngine {
            commands,
            status,
            stop,
            task: Mutex::new(Some(task)),
        }
    }

    /// A scan was just recorded: sync soon (never blocks the caller).
    pub fn notify_scan(&self) {
        let _ = self.commands.send(Command::Scan);
    }

    /// The platform's connectivity changed. Going online syncs at once.
    pub fn network_changed(&self, online: bool) {
        let _ = self.commands.send(Command::Network(online));
    }

    /// The member logged in (again): leave "signed out" and sync what waited.
    pub fn notify_login(&self) {
        let _ = self.commands.send(Command::Login);
    }

    /// Runs a pass now (after the current one, if any) and returns its outcome; also
    /// tries when the shell last said it was offline.
    pub async fn sync_now(&self) -> Result<SyncReport, SyncError> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::SyncNow(reply))
            .map_err(|_| SyncError::Stopped)?;
        answer.await.map_err(|_| SyncError::Stopped)?
    }

    /// The latest status (what the listener last got).
    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// Stops the task and waits for it to end.
    pub async fn shutdown(&self) {
        let _ = self.stop.send(true);
        let task = self
            .task
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}

struct Reporter {
    tx: watch::Sender<SyncStatus>,
    listener: Arc<dyn SyncListener>,
}

impl Reporter {
    fn update(&self, f: impl FnOnce(&mut SyncStatus)) {
        self.tx.send_modify(f);
        let status = self.tx.borrow().clone();
        self.listener.on_update(status);
    }
}

struct Worker {
    store: Arc<Store>,
    tokens: Arc<dyn TokenStore>,
    config: SyncConfig,
    api: Result<Api, NetError>,
    reporter: Reporter,
    online: bool,
    /// Failed attempts since the last success: the backoff exponent.
    attempt: u32,
    retry: Option<(Instant, DateTime<Utc>)>,
    /// When a pass last brought the certifications held (device clock).
    certifications_checked: Option<DateTime<Utc>>,
}

#[derive(Default)]
struct Wanted {
    run: bool,
    forced: bool,
    waiters: Vec<oneshot::Sender<Result<SyncReport, SyncError>>>,
}

impl Worker {
    async fn run(
        mut self,
        mut commands: mpsc::UnboundedReceiver<Command>,
        mut stop: watch::Receiver<bool>,
    ) {
        let waiting = self.count_waiting();
        self.reporter.update(|s| s.waiting = waiting);
        loop {
            let mut wanted = Wanted::default();
            let retry_deadline = self.retry.map(|(at, _)| at);
            tokio::select! {
                command = commands.recv() => match command {
                    Some(command) => self.take(command, &mut wanted),
                    None => return,
                },
                () = sleep_until(retry_deadline) => {
                    self.retry = None;
                    wanted.run = true;
                }
                _ = stop.changed() => return,
            }
            while let Ok(command) = commands.try_recv() {
                self.take(command, &mut wanted);
            }
            if !wanted.run {
                continue;
            }
            if !wanted.forced && (!self.online || self.retry.is_some()) {
                let waiting = self.count_waiting();
                let online = self.online;
                self.reporter.update(|s| {
                    s.waiting = waiting;
                    if !online {
                        s.state = SyncState::Offline;
                    }
                });
                continue;
            }
            self.retry = None;
            let result = tokio::select! {
                result = self.pass(wanted.forced) => result,
                _ = stop.changed() => {
                    for waiter in wanted.waiters {
                        let _ = waiter.send(Err(SyncError::Stopped));
                    }
                    return;
                }
            };
            self.settle(&result);
            for waiter in wanted.waiters {
                let _ = waiter.send(result.clone());
            }
        }
    }

    fn take(&mut self, command: Command, wanted: &mut Wanted) {
        match command {
            Command::Scan => wanted.run = true,
            Command::Network(false) => {
                self.online = false;
                wanted.run = true;
            }
            Command::Network(true) => {
                let was_offline = !self.online;
                self.online = true;
                if was_offline || self.retry.is_some() {
                    self.attempt = 0;
                    self.retry = None;
                }
                wanted.run = true;
            }
            Command::Login => {
                self.attempt = 0;
                self.retry = None;
                wanted.run = true;
                wanted.forced = true;
            }
            Command::SyncNow(reply) => {
                wanted.waiters.push(reply);
                wanted.run = true;
                wanted.forced = true;
            }
        }
    }

    async fn pass(&mut self, forced: bool) -> Result<SyncReport, SyncError> {
        let waiting = self.count_waiting();
        self.reporter.update(|s| {
            s.state = SyncState::Syncing;
            s.sent = 0;
            s.total = waiting;
            s.waiting = waiting;
        });
        let api = self.api.as_ref().map_err(|e| SyncError::from(e.clone()))?;
        let reporter = &self.reporter;
        let mut progress = |sent: u64, total: u64| {
            reporter.update(|s| {
                s.sent = sent;
                s.total = total;
                s.waiting = total.saturating_sub(sent);
            });
        };
        let started = self.config.clock.now();
        let certifications_due = forced
            || certifications_due(
                self.certifications_checked,
                started,
                self.config.certifications_every,
            );
        let report = Pass {
            store: &self.store,
            tokens: self.tokens.as_ref(),
            api,
            clock: self.config.clock.as_ref(),
            batch_size: self.config.batch_size,
            certifications_due,
        }
        .run(&mut progress)
        .await?;
        if certifications_due {
            self.certifications_checked = Some(started);
        }
        Ok(report)
    }

    /// Moves to the state a pass's outcome calls for, and plans the retry.
    fn settle(&mut self, result: &Result<SyncReport, SyncError>) {
        let now = self.config.clock.now();
        let waiting = self.count_waiting();
        let state = match result {
            Ok(_) => {
                self.attempt = 0;
                SyncState::Idle
            }
            Err(SyncError::SignedOut) => SyncState::SignedOut,
            Err(err) if err.is_transient() && !self.online => SyncState::Offline,
            Err(err) if err.is_transient() => {
                let delay =
                    self.config
                        .backoff
                        .delay(self.attempt, err.retry_at(), now, &mut rand::rng());
                self.attempt = self.attempt.saturating_add(1);
                let until = now + chrono::Duration::from_std(delay).unwrap_or_default();
                self.retry = Some((Instant::now() + delay, until));
                SyncState::WaitingToRetry { until }
            }
            Err(_) => SyncState::Failed,
        };
        self.reporter.update(|s| {
            s.state = state;
            s.waiting = waiting;
            match result {
                Ok(_) => {
                    s.last_success = Some(now);
                    s.last_error = None;
                }
                Err(err) => s.last_error = Some(err.clone()),
            }
        });
    }

    fn count_waiting(&self) -> u64 {
        let counted = self.store.read(|dao| match dao.account()? {
            Some(account) => dao.count_waiting(&account.member_number),
            None => Ok(0),
        });
        counted.map(|n| n as u64).unwrap_or(0)
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
