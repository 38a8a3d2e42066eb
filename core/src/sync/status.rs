//! What the shells show about sync, and the errors a sync can end with.

use std::sync::Arc;

use attend_domain::{Locale, Localized};
use chrono::{DateTime, Utc};

use crate::auth::TokenStoreError;
use crate::error::StoreError;
use crate::net::NetError;

/// Where the sync engine is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncState {
    /// Nothing to do, or waiting for the next scan.
    Idle,
    /// Uploading or refreshing; see [`SyncStatus::sent`] / [`SyncStatus::total`].
    Syncing,
    /// The shell said there is no network; sync resumes when it returns.
    Offline,
    /// The last attempt failed for a reason that may pass; the next one is at `until`.
    WaitingToRetry { until: DateTime<Utc> },
    /// The token is missing, expired or revoked: the member must log in again.
    /// Pending scans stay on the device and are sent after the next login.
    SignedOut,
    /// The last attempt failed for a reason a retry will not fix (a certificate the app
    /// does not trust, bad settings); the next scan or `sync_now` tries again.
    Failed,
}

/// One progress report to a [`SyncListener`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub state: SyncState,
    /// Scans uploaded (with a verdict back) in the current or last sync.
    pub sent: u64,
    /// Scans that were waiting when the current or last sync began.
    pub total: u64,
    /// Scans still waiting on the device (pending or sent without a verdict).
    pub waiting: u64,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<SyncError>,
}

impl SyncStatus {
    pub(crate) fn initial() -> Self {
        Self {
            state: SyncState::Idle,
            sent: 0,
            total: 0,
            waiting: 0,
            last_success: None,
            last_error: None,
        }
    }
}

/// Implemented by the shells (a view model) to show sync progress. Called from the
/// sync task: keep it short and do not call back into the engine synchronously.
pub trait SyncListener: Send + Sync {
    fn on_update(&self, status: SyncStatus);
}

/// Why a sync stopped. Scans are never lost by any of these: they stay queued.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SyncError {
    /// No token, or the server refused it (401): log in again.
    #[error("signed out: please log in again")]
    SignedOut,
    #[error("no network: {0}")]
    Offline(String),
    #[error("server unavailable (status {status:?})")]
    ServerUnavailable {
        status: Option<u16>,
        retry_at: Option<DateTime<Utc>>,
    },
    #[error("throttled until {retry_at:?}")]
    Throttled { retry_at: Option<DateTime<Utc>> },
    #[error("TLS failure: {0}")]
    Tls(String),
    #[error("the server did not answer in time")]
    Timeout,
    #[error("connection lost: {0}")]
    ConnectionLost(String),
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    #[error("bad connection settings: {0}")]
    Config(String),
    #[error(transparent)]
    TokenStore(#[from] TokenStoreError),
    #[error("the app's data could not be read or written: {0}")]
    Store(Arc<StoreError>),
    /// The engine was shut down before the sync could run.
    #[error("the sync engine has stopped")]
    Stopped,
}

impl From<StoreError> for SyncError {
    fn from(err: StoreError) -> Self {
        SyncError::Store(Arc::new(err))
    }
}

impl From<NetError> for SyncError {
    fn from(err: NetError) -> Self {
        match err {
            NetError::Offline(d) => SyncError::Offline(d),
            NetError::ServerUnavailable { status, retry_at } => {
                SyncError::ServerUnavailable { status, retry_at }
            }
            NetError::Throttled { retry_at } => SyncError::Throttled { retry_at },
            NetError::Tls(d) => SyncError::Tls(d),
            NetError::Timeout => SyncError::Timeout,
            NetError::ConnectionLost(d) => SyncError::ConnectionLost(d),
            NetError::Unauthorized => SyncError::SignedOut,
            NetError::Protocol(d) => SyncError::Protocol(d),
            NetError::Config(d) => SyncError::Config(d),
        }
    }
}

impl SyncError {
    /// Whether the engine retries on its own (with backoff) after this error.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Offline(_)
                | SyncError::ServerUnavailable { .. }
                | SyncError::Throttled { .. }
                | SyncError::Timeout
                | SyncError::ConnectionLost(_)
                | SyncError::Protocol(_)
                // A busy or briefly locked file passes; a damaged one is retried slowly
                // by the backoff cap, which costs nothing.
                | SyncError::Store(_)
        )
    }

    pub(crate) fn retry_at(&self) -> Option<DateTime<Utc>> {
        match self {
            SyncError::ServerUnavailable { retry_at, .. } | SyncError::Throttled { retry_at } => {
                *retry_at
            }
            _ => None,
        }
    }
}

impl PartialEq for SyncError {
    // Compared by kind and text: the store error inside is not comparable, and two
    // reports of the same failure are the same to a listener.
    fn eq(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
            && self.to_string() == other.to_string()
    }
}

impl Eq for SyncError {}

impl Localized for SyncError {
    fn message(&self, locale: Locale) -> String {
        match self {
            SyncError::SignedOut => NetError::Unauthorized.message(locale),
            SyncError::Offline(d) => NetError::Offline(d.clone()).message(locale),
            SyncError::ServerUnavailable { status, retry_at } => NetError::ServerUnavailable {
                status: *status,
                retry_at: *retry_at,
            }
            .message(locale),
            SyncError::Throttled { .. } => locale
                .pick(
                    "学会サーバーが混み合っています。未送信のスキャンは保存されており、後で自動で送信します。",
                    "The society server is busy. Unsent scans are kept and will be sent automatically later.",
                )
                .to_owned(),
            SyncError::Tls(d) => NetError::Tls(d.clone()).message(locale),
            SyncError::Timeout => NetError::Timeout.message(locale),
            SyncError::ConnectionLost(d) => NetError::ConnectionLost(d.clone()).message(locale),
            SyncError::Protocol(d) => NetError::Protocol(d.clone()).message(locale),
            SyncError::Config(d) => NetError::Config(d.clone()).message(locale),
            SyncError::TokenStore(e) => e.message(locale),
            SyncError::Store(e) => e.message(locale),
            SyncError::Stopped => locale
                .pick(
                    "同期は停止しています。アプリを再起動してください。未送信のスキャンは保存されています。",
                    "Sync has stopped. Restart the app; unsent scans are kept.",
                )
                .to_owned(),
        }
    }
}

impl Localized for SyncState {
    fn message(&self, locale: Locale) -> String {
        match self {
            SyncState::Idle => locale.pick("同期済み", "Up to date").to_owned(),
            SyncState::Syncing => locale.pick("送信中…", "Sending…").to_owned(),
            SyncState::Offline => locale
                .pick(
                    "オフライン（スキャンは端末に保存されています）",
                    "Offline (scans are saved on this device)",
                )
                .to_owned(),
            SyncState::WaitingToRetry { until } => {
                let local = until.with_timezone(&chrono::Local).format("%H:%M:%S");
                match locale {
                    Locale::Ja => format!("{local}に再送します"),
                    Locale::En => format!("Retrying at {local}"),
                }
            }
            SyncState::SignedOut => locale
                .pick(
                    "ログインしてください（未送信のスキャンは保存されています）",
                    "Please log in again (unsent scans are kept)",
                )
                .to_owned(),
            SyncState::Failed => locale
                .pick("送信できませんでした", "Could not send")
                .to_owned(),
        }
    }
}
