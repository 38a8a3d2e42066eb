//! Shared by the Rust tests of the exports: a token store and a sync listener written
//! the way a platform writes them (here in Rust, through the same foreign traits), and
//! an app opened on a fresh data folder.
#![allow(dead_code)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use attend_ffi::{
    AppSettings, AttendApp, Locale, PlatformError, SyncListener, SyncView, TokenStore,
};

/// The platform's secure store, in memory; `failing` makes every call fail, as a
/// locked keychain does.
#[derive(Default)]
pub struct MemoryTokens {
    pub token: Mutex<Option<String>>,
    pub failing: AtomicBool,
}

impl MemoryTokens {
    fn check(&self) -> Result<(), PlatformError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(PlatformError::Failed {
                detail: "keychain locked".to_owned(),
            });
        }
        Ok(())
    }

    pub fn current(&self) -> Option<String> {
        self.token.lock().unwrap().clone()
    }
}

impl TokenStore for MemoryTokens {
    fn load(&self) -> Result<Option<String>, PlatformError> {
        self.check()?;
        Ok(self.token.lock().unwrap().clone())
    }

    fn save(&self, token: String) -> Result<(), PlatformError> {
        self.check()?;
        *self.token.lock().unwrap() = Some(token);
        Ok(())
    }

    fn clear(&self) -> Result<(), PlatformError> {
        self.check()?;
        *self.token.lock().unwrap() = None;
        Ok(())
    }
}

/// Keeps every sync line it is told; fails every call when `failing`, like a listener
/// whose UI has gone away.
#[derive(Default)]
pub struct Recorder {
    pub seen: Mutex<Vec<SyncView>>,
    pub failing: AtomicBool,
}

impl SyncListener for Recorder {
    fn on_update(&self, status: SyncView) -> Result<(), PlatformError> {
        self.seen.lock().unwrap().push(status);
        if self.failing.load(Ordering::SeqCst) {
            return Err(PlatformError::Failed {
                detail: "listener gone".to_owned(),
            });
        }
        Ok(())
    }
}

impl Recorder {
    pub fn states(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .map(|s| s.state.clone())
            .collect()
    }
}

pub struct Opened {
    pub app: Arc<AttendApp>,
    pub tokens: Arc<MemoryTokens>,
    pub listener: Arc<Recorder>,
    pub dir: tempfile::TempDir,
}

pub fn open(server_url: &str, locale: Locale) -> Opened {
    let dir = tempfile::tempdir().unwrap();
    let tokens = Arc::new(MemoryTokens::default());
    let listener = Arc::new(Recorder::default());
    let app = AttendApp::new(
        AppSettings {
            data_dir: dir.path().join("app").display().to_string(),
            server_url: server_url.to_owned(),
            locale,
            allow_http: true,
            trusted_root_pem: None,
        },
        tokens.clone(),
        Some(listener.clone()),
    )
    .unwrap();
    Opened {
        app,
        tokens,
        listener,
        dir,
    }
}
