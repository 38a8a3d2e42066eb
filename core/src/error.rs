//! The core's errors, each with words a member understands (Japanese first).
//!
//! Variants are chosen by what the member or the caller can do about them: a full disk
//! is freed and retried, a damaged file goes to the office, a newer file needs an app
//! update. A failed scan always says the scan was NOT recorded, so nobody walks away
//! believing a credit is safe when it is not.

use attend_domain::payload::CodeError;
use attend_domain::{Locale, Localized};
use rusqlite::ErrorCode;

/// Something went wrong with the app's own data file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the data file is damaged or is not a database")]
    Corrupt(#[source] rusqlite::Error),
    #[error("the device storage is full")]
    DiskFull(#[source] rusqlite::Error),
    #[error("the data file is locked by another task")]
    Busy(#[source] rusqlite::Error),
    #[error("the data file cannot be opened or written")]
    Unavailable(#[source] rusqlite::Error),
    #[error("the data file was written by a newer app (schema {found}, this app knows {known})")]
    NewerSchema { found: i64, known: usize },
    #[error("upgrading the data file failed: {0}")]
    Migration(String),
    #[error("a stored {what} could not be read: {detail}")]
    BadRow { what: &'static str, detail: String },
    #[error("the cached {what} document could not be read: {detail}")]
    BadCache { what: &'static str, detail: String },
    #[error("database error")]
    Sqlite(#[source] rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt(err),
            Some(ErrorCode::DiskFull) => StoreError::DiskFull(err),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy(err),
            Some(
                ErrorCode::CannotOpen
                | ErrorCode::ReadOnly
                | ErrorCode::PermissionDenied
                | ErrorCode::SystemIoFailure,
            ) => StoreError::Unavailable(err),
            _ => StoreError::Sqlite(err),
        }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(err: rusqlite_migration::Error) -> Self {
        match err {
            rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
            other => StoreError::Migration(other.to_string()),
        }
    }
}

const TRY_AGAIN_OR_OFFICE: (&str, &str) = (
    "アプリを再起動して、もう一度お試しください。解決しない場合は学会事務局にお問い合わせください。",
    "Restart the app and try again. If this keeps happening, please contact the society office.",
);

impl Localized for StoreError {
    fn message(&self, locale: Locale) -> String {
        let (ja, en) = match self {
            StoreError::Corrupt(_) => (
                "アプリのデータファイルが壊れています。学会事務局にお問い合わせください。".to_owned(),
                "The app's data file is damaged. Please contact the society office.".to_owned(),
            ),
            StoreError::DiskFull(_) => (
                "端末の空き容量が不足しています。空き容量を増やしてから、もう一度お試しください。"
                    .to_owned(),
                "The device storage is full. Free some space and try again.".to_owned(),
            ),
            StoreError::Busy(_) => (
                "データを保存中です。少し待ってから、もう一度お試しください。".to_owned(),
                "The app is busy saving data. Wait a moment and try again.".to_owned(),
            ),
            StoreError::NewerSchema { .. } => (
                "このデータは新しいバージョンのアプリで作成されています。アプリを最新版に更新してください。"
                    .to_owned(),
                "This data was written by a newer version of the app. Please update the app."
                    .to_owned(),
            ),
            StoreError::Unavailable(_)
            | StoreError::Migration(_)
            | StoreError::BadRow { .. }
            | StoreError::BadCache { .. }
            | StoreError::Sqlite(_) => (
                format!("アプリのデータを読み書きできませんでした。{}", TRY_AGAIN_OR_OFFICE.0),
                format!("The app could not read or write its data. {}", TRY_AGAIN_OR_OFFICE.1),
            ),
        };
        match locale {
            Locale::Ja => ja,
            Locale::En => en,
        }
    }
}

/// Why a scanned code was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// Scans belong to a member: without a login there is nobody to credit.
    #[error("no member is logged in")]
    NotLoggedIn,
    /// The code itself is not good: foreign, expired, forged, not ours at all.
    #[error("the code was refused")]
    Code(#[from] CodeError),
    /// The code was good but could not be saved; nothing was recorded.
    #[error("the scan could not be saved")]
    Store(#[from] StoreError),
}

impl Localized for ScanError {
    fn message(&self, locale: Locale) -> String {
        match self {
            ScanError::NotLoggedIn => locale
                .pick(
                    "QRコードを読み取る前に、会員番号とパスワードでログインしてください。",
                    "Log in with your member number and password before scanning a QR code.",
                )
                .to_owned(),
            ScanError::Code(code) => code.message(locale),
            ScanError::Store(store) => {
                let head = locale.pick(
                    "このスキャンは記録されていません。",
                    "This scan was NOT recorded.",
                );
                format!("{head}{}{}", locale.pick("", " "), store.message(locale))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_failure_during_a_scan_says_it_was_not_recorded() {
        let err = ScanError::Store(StoreError::DiskFull(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        )));
        assert!(err.message(Locale::Ja).contains("記録されていません"));
        assert!(err.message(Locale::Ja).contains("空き容量"));
        assert!(err.message(Locale::En).contains("NOT recorded"));
    }

    #[test]
    fn sqlite_codes_are_classified() {
        let corrupt = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
            None,
        );
        assert!(matches!(StoreError::from(corrupt), StoreError::Corrupt(_)));
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert!(matches!(StoreError::from(busy), StoreError::Busy(_)));
    }
}
