//! The society's signing keys: private halves as PKCS#8 files in the key folder, public
//! halves (with validity and revocation) in the database, which is what
//! `GET /api/v1/keys` publishes and what uploads are verified against.
//!
//! Why split: several server processes (PostgreSQL) must agree on which keys are
//! trusted, so that list lives in the shared database; the private keys never leave
//! the folder (mode 0600 files; the server refuses to start when one is readable by
//! group or others). The active signing key is the newest key that is neither revoked
//! nor past its end and whose file is present. Rotation makes a new active key and
//! gives the old one an end date, so posters already printed keep verifying until
//! then; revocation stops a key at once.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use attend_domain::keys::{KeyError, KeySet, PublicKeyEntry, SigningKey};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};

use crate::store::{KeyRow, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("key folder {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is readable by group or others (mode {mode:o}); run: chmod 600 {path}")]
    Permissions { path: PathBuf, mode: u32 },
    #[error("key {0}: {1}")]
    Key(String, KeyError),
    #[error("no usable signing key (all revoked or expired, or their files are missing); run: attend-server admin rotate-key")]
    NoActiveKey,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyringError + '_ {
    move |source| KeyringError::Io {
        path: path.to_owned(),
        source,
    }
}

fn key_file(dir: &Path, key_id: &str) -> PathBuf {
    dir.join(format!("{key_id}.pk8"))
}

/// Creates the folder (0700) if missing and checks that no key file in it is readable
/// by group or others.
pub fn check_dir(dir: &Path) -> Result<(), KeyringError> {
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io(dir))?;
    }
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.extension().is_some_and(|e| e == "pk8") {
            let mode = std::fs::metadata(&path)
                .map_err(io(&path))?
                .permissions()
                .mode()
                & 0o777;
            if mode & 0o077 != 0 {
                return Err(KeyringError::Permissions { path, mode });
            }
        }
    }
    Ok(())
}

pub fn load_key(dir: &Path, key_id: &str) -> Result<SigningKey, KeyringError> {
    let path = key_file(dir, key_id);
    let bytes = std::fs::read(&path).map_err(io(&path))?;
    SigningKey::from_pkcs8(key_id, &bytes).map_err(|e| KeyringError::Key(key_id.to_owned(), e))
}

/// Generates a key, writes its file (0600, never overwriting) and publishes its public
/// half from `valid_from`.
pub async fn create_key(
    store: &Store,
    dir: &Path,
    society: &str,
    valid_from: DateTime<Utc>,
) -> Result<String, KeyringError> {
    check_dir(dir)?;
    let suffix: u16 = rand::random();
    let key_id = format!(
        "{}-{}-{suffix:04x}",
        society.to_ascii_lowercase(),
        Utc::now().format("%Y%m%d")
    );
    let (key, pkcs8) =
        SigningKey::generate(&key_id).map_err(|e| KeyringError::Key(key_id.clone(), e))?;
    let path = key_file(dir, &key_id);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(io(&path))?;
    file.write_all(&pkcs8).map_err(io(&path))?;
    file.sync_all().map_err(io(&path))?;
    store
        .insert_key(&KeyRow {
            key_id: key_id.clone(),
            public_key: URL_SAFE_NO_PAD.encode(key.public_key()),
            valid_from,
            valid_until: None,
            revoked: false,
        })
        .await?;
    tracing::info!(%key_id, "signing key created");
    Ok(key_id)
}

/// The key to sign with now.
pub async fn active_key(store: &Store, dir: &Path) -> Result<SigningKey, KeyringError> {
    let now = Utc::now();
    let keys = store.keys().await?;
    for k in keys.iter().rev() {
        let usable = !k.revoked && k.valid_from <= now && k.valid_until.is_none_or(|u| u > now);
        if usable && key_file(dir, &k.key_id).exists() {
            return load_key(dir, &k.key_id);
        }
    }
    Err(KeyringError::NoActiveKey)
}

/// At startup: checks the folder and makes the first key when the database has none.
pub async fn ensure_key(store: &Store, dir: &Path, society: &str) -> Result<(), KeyringError> {
    check_dir(dir)?;
    if store.keys().await?.is_empty() {
        create_key(store, dir, society, Utc::now()).await?;
    }
    active_key(store, dir).await.map(|_| ())
}

/// Makes a new active key; the previous active keys verify until `retire_at`.
pub async fn rotate(
    store: &Store,
    dir: &Path,
    society: &str,
    retire_at: DateTime<Utc>,
) -> Result<String, KeyringError> {
    let old = store.keys().await?;
    let new_id = create_key(store, dir, society, Utc::now()).await?;
    for k in old.iter().filter(|k| !k.revoked) {
        store.retire_key(&k.key_id, retire_at).await?;
    }
    Ok(new_id)
}

/// The public key set as published and as uploads are verified against.
pub async fn key_set(store: &Store, society: &str) -> Result<KeySet, KeyringError> {
    let mut keys = Vec::new();
    for k in store.keys().await? {
        let public_key = URL_SAFE_NO_PAD
            .decode(&k.public_key)
            .map_err(|e| StoreError::Corrupt(format!("public key {}: {e}", k.key_id)))?;
        keys.push(PublicKeyEntry {
            key_id: k.key_id,
            public_key,
            valid_from: k.valid_from,
            valid_until: k.valid_until,
            revoked: k.revoked,
        });
    }
    Ok(KeySet {
        society: society.to_owned(),
        keys,
    })
}
