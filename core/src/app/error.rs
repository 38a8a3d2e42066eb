//! The one error type a shell sees from [`super::AttendApp`]: every failure below it
//! (scan, login, sync, store, frame, file) folded into variants a screen can act on,
//! each with a stable machine code for scripts and a message a member understands.

use std::path::PathBuf;

use attend_domain::{Locale, Localized};

use crate::auth::AuthError;
use crate::decode::FrameError;
use crate::error::{ScanError, StoreError};
use crate::sync::SyncError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Scanning or sending needs a member: log in first.
    #[error("no member is logged in")]
    NotLoggedIn,
    /// A QR code was read but refused (foreign, expired, forged, not ours), or could not
    /// be saved. Nothing was recorded.
    #[error(transparent)]
    Scan(ScanError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// The picture holds no QR code the decoder could read.
    #[error("no QR code found in the picture")]
    NoCode,
    /// The decoder failed on this picture (a fault caught at the app's boundary).
    #[error("the decoder failed: {0}")]
    Decoder(String),
    #[error("cannot read {path}: {detail}")]
    File { path: PathBuf, detail: String },
    /// The app could not start its background work (no async runtime).
    #[error("the app could not start: {0}")]
    Startup(String),
}

impl From<ScanError> for AppError {
    fn from(err: ScanError) -> Self {
        match err {
            ScanError::NotLoggedIn => AppError::NotLoggedIn,
            other => AppError::Scan(other),
        }
    }
}

impl AppError {
    /// A stable code for scripts (`attend --json`) and for mapping to platform errors.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotLoggedIn => "not_logged_in",
            AppError::Scan(ScanError::Code(_)) => "code_refused",
            AppError::Scan(_) => "scan_not_saved",
            AppError::Auth(AuthError::WrongCredentials) => "wrong_credentials",
            AppError::Auth(AuthError::MissingInput) => "missing_input",
            AppError::Auth(AuthError::Offline(_)) => "offline",
            AppError::Auth(_) => "login_failed",
            AppError::Sync(SyncError::SignedOut) => "signed_out",
            AppError::Sync(e) if e.is_transient() => "sync_will_retry",
            AppError::Sync(_) => "sync_failed",
            AppError::Store(_) => "storage",
            AppError::Frame(_) => "unreadable_image",
            AppError::NoCode => "no_code",
            AppError::Decoder(_) => "decoder_failed",
            AppError::File { .. } => "file",
            AppError::Startup(_) => "startup",
        }
    }
}

impl Localized for AppError {
    fn message(&self, locale: Locale) -> String {
        match self {
            AppError::NotLoggedIn => ScanError::NotLoggedIn.message(locale),
            AppError::Scan(e) => e.message(locale),
            AppError::Auth(e) => e.message(locale),
            AppError::Sync(e) => e.message(locale),
            AppError::Store(e) => e.message(locale),
            AppError::Frame(e) => e.message(locale),
            AppError::NoCode | AppError::Decoder(_) => locale
                .pick(
                    "画像からQRコードを読み取れませんでした。QRコード全体が写るように、明るい場所で撮り直してください。",
                    "No QR code could be read in the picture. Take it again in good light with the whole code in view.",
                )
                .to_owned(),
            AppError::File { path, .. } => match locale {
                Locale::Ja => format!("ファイル {} を読み込めませんでした。", path.display()),
                Locale::En => format!("The file {} could not be read.", path.display()),
            },
            AppError::Startup(_) => locale
                .pick(
                    "アプリを起動できませんでした。端末を再起動してから、もう一度お試しください。",
                    "The app could not start. Restart the device and try again.",
                )
                .to_owned(),
        }
    }
}
