//! What a shell hands the app when it starts, and the bridge from the sync engine's
//! reports to the shell's listener (already localised).

use std::path::PathBuf;
use std::sync::Arc;

use attend_domain::Locale;

use super::screens;
use super::view::SyncView;
use crate::clock::Clock;
use crate::net::HttpConfig;
use crate::sync::{Backoff, SyncListener, SyncStatus};

/// Receives every change of sync state, already as the home screen's sync line.
/// Called from the sync task: keep it short.
pub trait AppSyncListener: Send + Sync {
    fn on_sync(&self, view: SyncView);
}

/// What a shell gives the app when it starts.
#[derive(Clone)]
pub struct AppConfig {
    pub data_dir: PathBuf,
    /// The society server, e.g. `https://attend.jsnm.or.jp`.
    pub server_url: String,
    pub locale: Locale,
    /// Accept an `http://` server (loopback, a reception desk's own server).
    pub allow_http: bool,
    /// PEM of the only root to trust (a society's own CA); `None`: public roots.
    pub trusted_root_pem: Option<String>,
    /// The clock every decision reads; `None`: the device clock.
    pub clock: Option<Arc<dyn Clock>>,
    pub listener: Option<Arc<dyn AppSyncListener>>,
    /// Retry pacing after a failed sync; `None`: the engine's default.
    pub backoff: Option<Backoff>,
}

impl AppConfig {
    pub fn new(
        data_dir: impl Into<PathBuf>,
        server_url: impl Into<String>,
        locale: Locale,
    ) -> Self {
        Self {
            data_dir: data_dir.into(),
            server_url: server_url.into(),
            locale,
            allow_http: false,
            trusted_root_pem: None,
            clock: None,
            listener: None,
            backoff: None,
        }
    }

    pub(super) fn http(&self) -> HttpConfig {
        let mut http = HttpConfig::new(self.server_url.clone());
        http.allow_http = self.allow_http;
        http.trusted_root_pem = self.trusted_root_pem.clone();
        http
    }
}

/// Turns the engine's reports into the localised sync line for the shell.
pub(super) struct ViewListener {
    pub(super) locale: Locale,
    pub(super) inner: Option<Arc<dyn AppSyncListener>>,
}

impl SyncListener for ViewListener {
    fn on_update(&self, status: SyncStatus) {
        if let Some(inner) = &self.inner {
            inner.on_sync(screens::sync(&status, self.locale));
        }
    }
}
