//! The app's one SQLite file: the member, the cached society documents, the scan queue,
//! the confirmed history and certifications held, and the ETags to revalidate them.
//!
//! One initializer ([`Store::open`]) sets the pragmas and brings any older file up to
//! the current schema (see [`schema`]). All access goes through a small data-access
//! object: [`Store::read`] hands out a [`Dao`] inside a read transaction, so a screen
//! sees one consistent snapshot; [`Store::write`] hands out a [`WriteDao`] inside one
//! `BEGIN IMMEDIATE` transaction, committed only when the closure returns `Ok`, so a
//! use case (check for a duplicate, then insert) is all-or-nothing and no other writer
//! can slip in between the check and the insert.

mod dao;
mod documents;
mod history;
mod member_etag;
pub mod schema;

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

pub use dao::{ClockOffset, Dao, WriteDao};
pub use documents::{CachedDocument, DocumentKind};
pub use member_etag::MemberDocument;

use crate::error::StoreError;

/// The app's database. Cheap to share behind an `Arc`: one connection, used by one
/// task at a time (scans are rare, a few per hour; sync batches are small).
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and upgrades its schema.
    ///
    /// A file that is not a database, or is damaged, gives [`StoreError::Corrupt`]; a
    /// file from a newer app gives [`StoreError::NewerSchema`] and is left untouched.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Self::init(conn)
    }

    /// A throwaway database for unit tests. It has no WAL and no durability: never use
    /// it for a member's scans.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    /// Runs `f` on one consistent snapshot of the database.
    pub fn read<T, E>(&self, f: impl FnOnce(&Dao<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(StoreError::from)?;
        // Dropping the transaction ends it; a read has nothing to commit.
        f(&Dao::new(&tx))
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, committed only if `f` returns
    /// `Ok`. When this returns `Ok`, the change is on disk (`synchronous=FULL`).
    pub fn write<T, E>(&self, f: impl FnOnce(&WriteDao<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(&WriteDao::new(&tx))?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// SQLite's full consistency check: `Ok` when the file is sound. For support
    /// screens and the crash tests; it reads the whole file, so not on every start.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let conn = self.lock();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let problems = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if problems.len() == 1 && problems[0] == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(problems.join("; ")),
            )))
        }
    }

    // A panic inside a closure rolls its transaction back when the guard unwinds, so
    // the connection behind a poisoned lock is still consistent.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[cfg(test)]
    pub(crate) fn with_connection<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        f(&self.lock())
    }
}

/// Sets the connection up for a phone that may lose power or be killed at any moment.
fn configure(conn: &Connection) -> Result<(), StoreError> {
    // WAL: a commit appends to the log instead of rewriting pages in place, so a crash
    // mid-commit leaves the previous state intact, and readers (the home screen) do not
    // block the writer (a scan). An in-memory database answers "memory"; that is fine.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    // FULL, not NORMAL: in WAL mode NORMAL skips the fsync at each commit, so on power
    // loss (a phone's battery dies at the venue) the last commits can vanish. A scan
    // shown as "registered" must survive that, and scans are rare enough that one
    // fsync each costs nothing a member would notice.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // The history links to the scans it confirms; SQLite only checks that when asked,
    // per connection.
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // The sync job and a scan can meet on the file (another connection, e.g. in a test
    // or a future app extension): wait for the other writer instead of failing the scan.
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}

pub(crate) fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_ms(ms: i64, what: &'static str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| StoreError::BadRow {
        what,
        detail: format!("time out of range: {ms}"),
    })
}

#[cfg(test)]
mod tests;
