//! The one error a shell catches, and the one place the core's errors become it.
//!
//! Variants are chosen by what the shell does next (show the login form, keep the
//! camera open, ask for another picture, wait for the network), not by which module
//! failed. Each carries the member-facing text, already in the app's language
//! (`reason`: Kotlin's `Throwable.message` cannot be redefined, so the field is not
//! called `message`), and the core's stable code (`code`, the same strings
//! `attend --json` prints) for shells that want finer wording or analytics.

use attend_core::app::AppError;
use attend_core::auth::AuthError;
use attend_core::domain::{Locale, Localized};
use attend_core::sync::SyncError;
use attend_core::ScanError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum AttendError {
    /// Nobody is logged in: show the login form.
    #[error("{reason}")]
    NotLoggedIn { code: String, reason: String },
    /// The login was refused (wrong number or password, empty field, too many
    /// attempts): show the reason on the login form.
    #[error("{reason}")]
    Login { code: String, reason: String },
    /// The server could not be reached or answered badly; nothing was lost and the app
    /// retries by itself.
    #[error("{reason}")]
    Network { code: String, reason: String },
    /// The server no longer accepts this device's login: log in again.
    #[error("{reason}")]
    SignedOut { code: String, reason: String },
    /// A QR code was read and refused (forged, expired, another society's): show the
    /// reason and keep scanning. Nothing was recorded.
    #[error("{reason}")]
    CodeRefused { code: String, reason: String },
    /// The frame or picture could not be read, or holds no code: take another.
    #[error("{reason}")]
    Unreadable { code: String, reason: String },
    /// The device's storage or secure store failed; nothing was recorded.
    #[error("{reason}")]
    Storage { code: String, reason: String },
    /// The app could not start, or a platform callback failed unexpectedly.
    #[error("{reason}")]
    Internal { code: String, reason: String },
}

impl AttendError {
    /// The one conversion from the core's error: picks the variant by what the shell
    /// does next and localises the text.
    pub(crate) fn from_app(err: &AppError, locale: Locale) -> Self {
        let code = err.code().to_owned();
        let reason = err.message(locale);
        match err {
            AppError::NotLoggedIn => AttendError::NotLoggedIn { code, reason },
            AppError::Sync(SyncError::SignedOut) => AttendError::SignedOut { code, reason },
            AppError::Auth(AuthError::TokenStore(_)) | AppError::Sync(SyncError::TokenStore(_)) => {
                AttendError::Storage { code, reason }
            }
            AppError::Auth(AuthError::Store(_)) | AppError::Sync(SyncError::Store(_)) => {
                AttendError::Storage { code, reason }
            }
            AppError::Auth(
                AuthError::MissingInput | AuthError::WrongCredentials | AuthError::Throttled { .. },
            ) => AttendError::Login { code, reason },
            AppError::Sync(SyncError::Stopped) => AttendError::Internal { code, reason },
            AppError::Auth(_) | AppError::Sync(_) => AttendError::Network { code, reason },
            AppError::Scan(ScanError::Code(_)) => AttendError::CodeRefused { code, reason },
            AppError::Scan(_) | AppError::Store(_) => AttendError::Storage { code, reason },
            AppError::Frame(_)
            | AppError::NoCode
            | AppError::Decoder(_)
            | AppError::File { .. } => AttendError::Unreadable { code, reason },
            AppError::Startup(_) => AttendError::Internal { code, reason },
        }
    }

    /// The core's stable code, whatever the variant.
    pub fn code(&self) -> &str {
        match self {
            AttendError::NotLoggedIn { code, .. }
            | AttendError::Login { code, .. }
            | AttendError::Network { code, .. }
            | AttendError::SignedOut { code, .. }
            | AttendError::CodeRefused { code, .. }
            | AttendError::Unreadable { code, .. }
            | AttendError::Storage { code, .. }
            | AttendError::Internal { code, .. } => code,
        }
    }

    /// The member-facing text, whatever the variant.
    pub fn reason(&self) -> &str {
        match self {
            AttendError::NotLoggedIn { reason, .. }
            | AttendError::Login { reason, .. }
            | AttendError::Network { reason, .. }
            | AttendError::SignedOut { reason, .. }
            | AttendError::CodeRefused { reason, .. }
            | AttendError::Unreadable { reason, .. }
            | AttendError::Storage { reason, .. }
            | AttendError::Internal { reason, .. } => reason,
        }
    }
}

/// What the platform's implementation of a foreign trait (`TokenStore`,
/// `SyncListener`) throws when it fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum PlatformError {
    /// The platform service failed (locked keychain, keystore error); `detail` is for
    /// logs, the member sees the core's own wording.
    #[error("platform service failed: {detail}")]
    Failed { detail: String },
}

/// A foreign callback that throws something other than `PlatformError` (a Kotlin
/// `RuntimeException`, a Python `ValueError`) arrives here instead of panicking in
/// the generated glue.
impl From<uniffi::UnexpectedUniFFICallbackError> for PlatformError {
    fn from(err: uniffi::UnexpectedUniFFICallbackError) -> Self {
        PlatformError::Failed { detail: err.reason }
    }
}
