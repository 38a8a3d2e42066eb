//! Storage behind one type, [`Store`], with two real backends: SQLite (one file, WAL,
//! the embedded default) and PostgreSQL (several stateless server processes share it).
//!
//! Why an enum over the two pools and not a trait with two implementations: the
//! queries are the same text for both (`$1` binds work in SQLite too, times are unix
//! milliseconds and dates ISO text on both), so each query is written once inside
//! [`on_pool!`], which expands its body for each pool type. Only the schema files differ
//! (`migrations/sqlite`, `migrations/postgres`).
//!
//! SQLite has one writer at a time. Rather than let several connections race for the
//! write lock (a deferred transaction that reads, then writes, gets `SQLITE_BUSY`
//! without waiting), writes go through a pool of exactly one connection, which queues
//! them in-process; reads use a separate pool and see WAL snapshots.

mod attendance;
mod catalog;
mod group_commit;
mod members;
mod projector;
mod tokens;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use attendance::{ExportRow, HistoryRow, ScanOutcome, ScanToStore, StoredVerdict};
pub use catalog::{Congress, KeyRow, Session};
pub use members::{Certification, Member, NewMember};
pub use tokens::TokenOwner;

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::BadUrl)
        }
    }
}

#[derive(Clone)]
pub enum Store {
    Sqlite {
        write: SqlitePool,
        read: SqlitePool,
        commits: group_commit::GroupCommit,
    },
    Postgres(PgPool),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the database URL must start with sqlite: or postgres://")]
    BadUrl,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// A failure shared by every request of a group commit.
    #[error("database: {0}")]
    Shared(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Runs `$body` with `$pool` bound to the pool of the store's backend. `read` picks
/// SQLite's reader pool, `write` its single writer.
macro_rules! on_pool {
    ($store:expr, $mode:ident, |$pool:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite { write, read, .. } => {
                let _ = (&write, &read);
                let $pool = $crate::store::on_pool!(@pick $mode, write, read);
                $body
            }
            $crate::store::Store::Postgres(pg) => {
                let $pool = pg;
                $body
            }
        }
    };
    (@pick read, $w:ident, $r:ident) => { $r };
    (@pick write, $w:ident, $r:ident) => { $w };
}
pub(crate) use on_pool;

impl Store {
    /// Opens (creating if needed) and migrates the database at `url`:
    /// `sqlite:PATH` (or `sqlite::memory:` is refused: the reader and writer pools
    /// must share one file) or `postgres://…`. `max_connections` sizes the PG pool and
    /// SQLite's reader pool.
    pub async fn open(url: &str, max_connections: u32) -> StoreResult<Store> {
        match Backend::of_url(url)? {
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    // WAL: readers never block the writer, and a commit appends to the
                    // log instead of rewriting pages.
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL: "accepted" means the scan is on disk, power loss included;
                    // the load benchmark measures the raw insert rate with the same
                    // setting.
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    // Another process (an admin command) may hold the write lock briefly.
                    .busy_timeout(Duration::from_secs(10));
                let write = SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(options.clone())
                    .await?;
                sqlx::migrate!("./migrations/sqlite").run(&write).await?;
                let read = SqlitePoolOptions::new()
                    .max_connections(max_connections.max(1))
                    .connect_with(options.read_only(true))
                    .await?;
                let commits = group_commit::GroupCommit::start(write.clone());
                Ok(Store::Sqlite {
                    write,
                    read,
                    commits,
                })
            }
            Backend::Postgres => {
                let pool = PgPoolOptions::new()
                    .max_connections(max_connections.max(1))
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?;
                sqlx::migrate!("./migrations/postgres").run(&pool).await?;
                Ok(Store::Postgres(pool))
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Store::Sqlite { .. } => Backend::Sqlite,
            Store::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn close(&self) {
        match self {
            Store::Sqlite { write, read, .. } => {
                read.close().await;
                write.close().await;
            }
            Store::Postgres(pool) => pool.close().await,
        }
    }
}

/// Milliseconds since the Unix epoch, the stored form of every instant.
pub fn millis(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_millis()
}

pub fn from_millis(ms: i64) -> StoreResult<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Corrupt(format!("time {ms} out of range")))
}

pub fn parse_date(text: &str) -> StoreResult<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("date {text:?}")))
}

/// Whether a database error is a unique-constraint violation (both backends).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}
