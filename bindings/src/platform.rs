//! What the platform supplies, as foreign traits: the secure token store (Keychain on
//! iOS, Keystore-backed storage on Android, a Python or Kotlin object in the tests)
//! and the sync listener. Each bridge adapts one foreign trait to the core's own
//! trait; a failing callback becomes an error value (see [`PlatformError`]), never a
//! panic on the core's threads.

use std::sync::Arc;

use attend_core::app::{AppSyncListener, SyncView};
use attend_core::auth::{TokenStore as CoreTokenStore, TokenStoreError};

use crate::error::PlatformError;

/// Keeps the login token in the platform's secret storage. The core never writes the
/// token anywhere else (not into its SQLite file, which a backup may copy).
#[uniffi::export(with_foreign)]
pub trait TokenStore: Send + Sync {
    /// The saved token, or `None` when nobody is logged in.
    fn load(&self) -> Result<Option<String>, PlatformError>;
    /// Replaces the saved token.
    fn save(&self, token: String) -> Result<(), PlatformError>;
    /// Forgets the token (logout, or the server refused it).
    fn clear(&self) -> Result<(), PlatformError>;
}

/// Told of every change of sync state, already worded as the home screen's sync line.
/// Called from the core's sync thread: hop to the UI thread before touching views.
/// The `Result` is there so a listener that throws cannot take sync down with it.
#[uniffi::export(with_foreign)]
pub trait SyncListener: Send + Sync {
    fn on_update(&self, status: SyncView) -> Result<(), PlatformError>;
}

pub(crate) struct TokenStoreBridge(pub(crate) Arc<dyn TokenStore>);

impl CoreTokenStore for TokenStoreBridge {
    fn load(&self) -> Result<Option<String>, TokenStoreError> {
        self.0.load().map_err(bridge_error)
    }

    fn save(&self, token: &str) -> Result<(), TokenStoreError> {
        self.0.save(token.to_owned()).map_err(bridge_error)
    }

    fn clear(&self) -> Result<(), TokenStoreError> {
        self.0.clear().map_err(bridge_error)
    }
}

fn bridge_error(err: PlatformError) -> TokenStoreError {
    TokenStoreError(err.to_string())
}

pub(crate) struct SyncListenerBridge(pub(crate) Arc<dyn SyncListener>);

impl AppSyncListener for SyncListenerBridge {
    fn on_sync(&self, view: SyncView) {
        // A listener that fails misses one update; sync goes on and the next update
        // (or `sync_status`) tells the shell the state again.
        if let Err(err) = self.0.on_update(view) {
            tracing::warn!(%err, "sync listener failed");
        }
    }
}
