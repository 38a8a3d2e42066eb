//! Where the login token lives: never in the SQLite file (a backup or a support copy of
//! the database must not carry a credential), but in the platform's secret store,
//! which the shell supplies through [`TokenStore`].

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use attend_domain::{Locale, Localized};

/// The platform's secret storage failed (locked keychain, unreadable file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("secure token storage failed: {0}")]
pub struct TokenStoreError(pub String);

impl Localized for TokenStoreError {
    fn message(&self, locale: Locale) -> String {
        locale
            .pick(
                "ログイン情報を端末に安全に保存・読み込みできませんでした。端末のロックを解除して、もう一度お試しください。",
                "The login could not be saved to or read from the device's secure storage. Unlock the device and try again.",
            )
            .to_owned()
    }
}

/// Keeps the bearer token: Keychain on iOS, Keystore-backed storage on Android,
/// [`FileTokenStore`] on the desktop.
pub trait TokenStore: Send + Sync {
    fn load(&self) -> Result<Option<String>, TokenStoreError>;
    fn save(&self, token: &str) -> Result<(), TokenStoreError>;
    fn clear(&self) -> Result<(), TokenStoreError>;
}

/// A token in a file only its owner can read (mode 0600), for the desktop shell and
/// the tests. The file is replaced atomically, so a crash mid-save leaves the old token
/// or the new one, never half of one.
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    path: PathBuf,
}

impl FileTokenStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, what: &str, e: std::io::Error) -> TokenStoreError {
        TokenStoreError(format!("{what} {}: {e}", self.path.display()))
    }
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> Result<Option<String>, TokenStoreError> {
        match fs::read_to_string(&self.path) {
            Ok(text) => {
                let token = text.trim();
                Ok((!token.is_empty()).then(|| token.to_owned()))
            }
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.err("reading", e)),
        }
    }

    fn save(&self, token: &str) -> Result<(), TokenStoreError> {
        let tmp = self.path.with_extension("tmp");
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // Set at creation, so the token is never readable by others, not even for
            // the moment between writing and a later chmod.
            options.mode(0o600);
        }
        // A leftover temp file from a crash may have other permissions: start afresh.
        let _ = fs::remove_file(&tmp);
        let mut file = options.open(&tmp).map_err(|e| self.err("creating", e))?;
        file.write_all(token.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| self.err("writing", e))?;
        drop(file);
        fs::rename(&tmp, &self.path).map_err(|e| self.err("replacing", e))
    }

    fn clear(&self) -> Result<(), TokenStoreError> {
        match fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.err("removing", e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_loads_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileTokenStore::new(dir.path().join("token"));
        assert_eq!(store.load().unwrap(), None);
        store.save("abc").unwrap();
        assert_eq!(store.load().unwrap().as_deref(), Some("abc"));
        store.save("def").unwrap();
        assert_eq!(store.load().unwrap().as_deref(), Some("def"));
        store.clear().unwrap();
        assert_eq!(store.load().unwrap(), None);
        store.clear().unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        // Even a pre-existing world-readable file is replaced by a private one.
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let store = FileTokenStore::new(&path);
        store.save("secret").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn an_unwritable_place_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileTokenStore::new(dir.path().join("missing-dir").join("token"));
        assert!(store.save("x").is_err());
    }
}
