//! The schema's history: numbered `.sql` files under `migrations/`, applied in order,
//! the version kept in `PRAGMA user_version` (by `rusqlite_migration`, which runs the
//! pending steps in one transaction). A new install runs every step, an old file runs
//! the missing ones, so both end with the same schema; the tests check that from
//! frozen old files with data in them.
//!
//! A file whose version is higher than [`LATEST`] was written by a newer app. It is
//! refused with [`StoreError::NewerSchema`], never downgraded: downgrading would drop
//! what the newer app stored, possibly scans not yet sent.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::StoreError;

const STEPS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_initial.sql")),
    M::up(include_str!("migrations/002_clock_offset.sql")),
    M::up(include_str!("migrations/003_member_etag.sql")),
];

/// The schema version this app writes.
pub const LATEST: usize = STEPS.len();

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::from_slice(STEPS)
}

/// Brings `conn` to [`LATEST`].
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found < 0 {
        return Err(StoreError::Migration(format!(
            "invalid user_version {found}"
        )));
    }
    if found > LATEST as i64 {
        return Err(StoreError::NewerSchema {
            found,
            known: LATEST,
        });
    }
    migrations().to_latest(conn)?;
    Ok(())
}

/// The schema as SQLite records it (`sqlite_master`), sorted: what the migration tests
/// compare between an upgraded file and a new one.
pub fn schema_sql(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
