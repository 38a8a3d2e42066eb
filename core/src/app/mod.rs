//! The app as one object: what a shell (the desktop CLI today, the uniffi bindings for
//! iOS and Android next) creates once and drives. Every method returns a screen's state
//! ([`view`]), already in the member's language, or an [`AppError`] with a message a
//! member understands; the shell renders it and decides nothing.
//!
//! Decisions held here:
//! - One data folder holds the SQLite store; the login token goes to the shell's
//!   [`TokenStore`] (keychain, keystore, or a 0600 file on the desktop), never there.
//! - Background sync is the core's [`SyncEngine`]; a recorded scan pokes it, a login
//!   pokes it, the shell only reports connectivity. The app runs the engine on the
//!   caller's tokio runtime when there is one, else on a small runtime of its own, so a
//!   binding layer without tokio can use it too.
//! - A camera frame goes through a [`ScanSession`], so a code held in front of the
//!   camera registers once, not thirty times a second.

mod config;
mod error;
mod format;
mod labels;
mod screens;
pub mod view;

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use attend_domain::tally::{japan_date, summarize};
use attend_domain::{Locale, Localized};

pub use config::{AppConfig, AppSyncListener};
pub use error::AppError;
pub use labels::{ui_labels, UiLabels};
pub use view::*;

use crate::auth::{Auth, Logout, TokenStore};
use crate::clock::{Clock, SystemClock};
use crate::decode::{
    decode_frame, decode_image_file, DecodeReport, Decoded, Effort, Frame, FrameError, ScanSession,
};
use crate::net::HttpConfig;
use crate::scan::scan_text;
use crate::store::Store;
use crate::sync::{SyncConfig, SyncEngine};
use config::ViewListener;

/// The file name of the app's database inside the data folder.
pub const DATABASE_FILE: &str = "attend.sqlite3";
/// Largest image file the desktop reads (a 100-megapixel JPEG is well under it).
pub const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;
/// How long a code must be out of the camera's view before it is reported again.
const CAMERA_QUIET: Duration = Duration::from_secs(3);

/// The member app.
pub struct AttendApp {
    locale: Locale,
    store: Arc<Store>,
    auth: Auth,
    engine: SyncEngine,
    clock: Arc<dyn Clock>,
    http: HttpConfig,
    camera: Mutex<ScanSession>,
    // Declared last: dropped after the engine whose task runs on it.
    runtime: Option<tokio::runtime::Runtime>,
}

impl AttendApp {
    /// Opens (creating) the data folder and its database, and starts background sync.
    pub fn open(config: AppConfig, tokens: Arc<dyn TokenStore>) -> Result<AttendApp, AppError> {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| AppError::File {
            path: config.data_dir.clone(),
            detail: e.to_string(),
        })?;
        let store = Arc::new(Store::open(config.data_dir.join(DATABASE_FILE))?);
        let clock: Arc<dyn Clock> = config
            .clock
            .clone()
            .unwrap_or_else(|| Arc::new(SystemClock));
        let http = config.http();
        let auth = Auth::with_clock(
            Arc::clone(&store),
            Arc::clone(&tokens),
            &http,
            Arc::clone(&clock),
        );
        let mut sync = SyncConfig::new(http.clone());
        sync.clock = Arc::clone(&clock);
        if let Some(backoff) = config.backoff {
            sync.backoff = backoff;
        }
        let (handle, runtime) = match tokio::runtime::Handle::try_current() {
            Ok(handle) => (handle, None),
            Err(_) => {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .enable_all()
                    .build()
                    .map_err(|e| AppError::Startup(e.to_string()))?;
                (rt.handle().clone(), Some(rt))
            }
        };
        let listener = Arc::new(ViewListener {
            locale: config.locale,
            inner: config.listener.clone(),
        });
        let engine = SyncEngine::start_on(
            &handle,
            Arc::clone(&store),
            Arc::clone(&tokens),
            sync,
            listener,
        );
        Ok(AttendApp {
            locale: config.locale,
            store,
            auth,
            engine,
            clock,
            http,
            camera: Mutex::new(ScanSession::new(CAMERA_QUIET)),
            runtime,
        })
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The fixed wording of the shells' controls, in the app's language.
    pub fn labels(&self) -> UiLabels {
        ui_labels(self.locale, &self.http.base_url)
    }

    /// The header (and the temporary-password reminder); `None` when nobody is logged in.
    pub fn account(&self) -> Result<Option<AccountView>, AppError> {
        let account = self.store.read(|dao| dao.account())?;
        Ok(account.map(|a| screens::account(&a, self.locale)))
    }

    /// Logs in with the member number and password, then syncs once (keys and rules
    /// for offline checks, scans that waited, history).
    pub async fn login(
        &self,
        member_number: &str,
        password: &str,
    ) -> Result<AccountView, AppError> {
        let account = self.auth.login(member_number, password).await?;
        self.engine.notify_login();
        // One pass now, not in the background: the society's keys and rules must be on
        // the device before the member walks into a hall without network, or the first
        // offline scan could not be verified. A failure here does not undo the login;
        // the engine retries on its own.
        // The pass also brings the certifications held, for the credit screen.
        if let Err(e) = self.engine.sync_now().await {
            tracing::warn!(error = %e, "first sync after login failed");
        }
        Ok(screens::account(&account, self.locale))
    }

    /// Logs out; scans not yet sent stay on the device for the next login.
    pub async fn logout(&self) -> Result<LogoutView, AppError> {
        let waiting = self.waiting()?;
        let outcome = self.auth.logout().await?;
        let revoked = outcome == Logout::Revoked;
        let mut message = self
            .locale
            .pick("ログアウトしました。", "Logged out.")
            .to_owned();
        if waiting > 0 {
            message.push_str(&match self.locale {
                Locale::Ja => format!(
                    "未送信のスキャン{waiting}件は端末に保存されており、次回ログイン後に送信されます。"
                ),
                Locale::En => format!(
                    " {waiting} unsent scan(s) are kept on this device and will be sent after the next login."
                ),
            });
        }
        Ok(LogoutView {
            revoked,
            waiting,
            message,
        })
    }

    /// Records a scanned QR text: the result screen, or why nothing was recorded.
    pub fn scan_text(&self, text: &str) -> Result<ScanResultView, AppError> {
        let outcome = scan_text(&self.store, self.clock.as_ref(), text)?;
        if !outcome.already_registered {
            self.engine.notify_scan();
        }
        Ok(screens::scan_result(&outcome, self.locale))
    }

    /// One live camera frame: `Ok(None)` while no new code is in view (the usual
    /// answer); the result screen when a code was read and recorded.
    pub fn scan_frame(&self, frame: Frame<'_>) -> Result<Option<ScanResultView>, AppError> {
        let report = guarded(|| decode_frame(frame, Effort::Live))?;
        let fresh = self
            .camera
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .offer(report, Instant::now());
        if fresh.is_empty() {
            return Ok(None);
        }
        self.record_first(fresh).map(Some)
    }

    /// Forgets the last code seen by the camera (the member left the scanner screen).
    pub fn reset_scanner(&self) {
        self.camera
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .reset();
    }

    /// A photo or image file (JPEG, PNG, WebP), decoded with the full effort.
    pub fn scan_image_file(&self, path: &Path) -> Result<ScanResultView, AppError> {
        let file_error = |detail: String| AppError::File {
            path: path.to_owned(),
            detail,
        };
        let size = std::fs::metadata(path)
            .map_err(|e| file_error(e.to_string()))?
            .len();
        if size > MAX_IMAGE_BYTES {
            return Err(file_error(format!(
                "{size} bytes is larger than {MAX_IMAGE_BYTES}"
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| file_error(e.to_string()))?;
        let report = guarded(|| decode_image_file(&bytes, Effort::Still))?;
        if report.codes.is_empty() {
            return Err(AppError::NoCode);
        }
        self.record_first(report.codes)
    }

    /// Several codes in one picture (a poster next to another society's): the first
    /// one that records wins; if none does, the first one's refusal is the answer.
    fn record_first(&self, codes: Vec<Decoded>) -> Result<ScanResultView, AppError> {
        let mut first_error = None;
        for code in codes {
            match self.scan_text(&code.text) {
                Ok(view) => return Ok(view),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or(AppError::NoCode))
    }

    fn waiting(&self) -> Result<u64, AppError> {
        let n = self.store.read(|dao| match dao.account()? {
            Some(a) => dao.count_waiting(&a.member_number),
            None => Ok(0),
        })?;
        Ok(u64::try_from(n).unwrap_or(u64::MAX))
    }

    /// The home screen.
    pub fn home(&self) -> Result<HomeView, AppError> {
        let locale = self.locale;
        let (account, entries, waiting) = self.store.read(|dao| {
            let Some(account) = dao.account()? else {
                return Ok::<_, AppError>((None, Vec::new(), 0));
            };
            let member = account.member_number.as_str();
            let scans = dao.list_scans(member)?;
            let history = dao.history(member)?;
            let rules = dao.credit_rules_or_default()?;
            let entries = screens::attendance(&scans, &history, &rules, locale);
            let waiting = dao.count_waiting(member)?;
            Ok((Some(account), entries, waiting))
        })?;
        let waiting = u64::try_from(waiting).unwrap_or(u64::MAX);
        Ok(HomeView {
            account: account.map(|a| screens::account(&a, locale)),
            empty_text: entries.is_empty().then(|| {
                locale
                    .pick("まだ出席記録はありません。", "No attendance recorded yet.")
                    .to_owned()
            }),
            entries,
            waiting,
            waiting_text: screens::waiting_text(waiting, locale),
            sync: self.sync_status(),
        })
    }

    /// The credit check screen, computed offline from the confirmed history and the
    /// scans still waiting.
    pub fn credits(&self) -> Result<CreditsView, AppError> {
        let today = japan_date(self.clock.now());
        let (records, rules, held) = self.store.read(|dao| {
            let account = dao.account()?.ok_or(AppError::NotLoggedIn)?;
            let member = account.member_number.as_str();
            Ok::<_, AppError>((
                dao.credit_records(member)?,
                dao.credit_rules_or_default()?,
                dao.held_certifications(member)?,
            ))
        })?;
        let summary = summarize(&records, &rules, &held, today);
        Ok(screens::credits(&summary, &rules, self.locale))
    }

    /// Sends what waits and refreshes keys, rules, history and the certifications held
    /// now (the background passes refresh the same).
    pub async fn sync_now(&self) -> Result<SyncOutcomeView, AppError> {
        if self.store.read(|dao| dao.account())?.is_none() {
            return Err(AppError::NotLoggedIn);
        }
        let report = self.engine.sync_now().await?;
        Ok(screens::sync_outcome(&report, self.locale))
    }

    /// The platform's connectivity changed; coming back online syncs at once.
    pub fn network_changed(&self, online: bool) {
        self.engine.network_changed(online);
    }

    /// The sync line as it is now.
    pub fn sync_status(&self) -> SyncView {
        screens::sync(&self.engine.status(), self.locale)
    }

    /// Stops background sync (a pass cut short loses nothing). Call before exiting.
    pub async fn shutdown(&self) {
        self.engine.shutdown().await;
    }

    /// A member-facing message for any error, in this app's language.
    pub fn message(&self, error: &AppError) -> String {
        error.message(self.locale)
    }
}

/// Runs the decoder so that a fault inside it becomes an error, never a panic through
/// the shell (and, later, across the FFI): the decoder reads arbitrary pixels.
fn guarded(
    decode: impl FnOnce() -> Result<DecodeReport, FrameError>,
) -> Result<DecodeReport, AppError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode)) {
        Ok(result) => Ok(result?),
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(AppError::Decoder(detail))
        }
    }
}

impl Drop for AttendApp {
    fn drop(&mut self) {
        // A runtime of our own may be dropped from inside another async context (a
        // binding's executor); shutting it down in the background never blocks there.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests;
