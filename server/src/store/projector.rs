//! Projector keys: one per session, stored as the SHA-256 of the key only (as login
//! tokens are). Why the window is not stored: a key opens the page until its session's
//! `valid_until` plus a grace the caller gives, so it follows the session it belongs to.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{from_millis, on_pool, Store, StoreResult};

impl Store {
    /// Stores `key_hash` as the session's projector key unless it already has one;
    /// false when it had (that key is kept).
    pub async fn add_projector_key(
        &self,
        session_id: &str,
        key_hash: &str,
        now_ms: i64,
    ) -> StoreResult<bool> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "INSERT INTO projector_keys (session_id, key_hash, created_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (session_id) DO NOTHING",
            )
            .bind(session_id)
            .bind(key_hash)
            .bind(now_ms)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Stores `key_hash` as the session's projector key in place of any previous one;
    /// true when there was one (its URL stops working).
    pub async fn replace_projector_key(
        &self,
        session_id: &str,
        key_hash: &str,
        now_ms: i64,
    ) -> StoreResult<bool> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let gone = sqlx::query("DELETE FROM projector_keys WHERE session_id = $1")
                .bind(session_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO projector_keys (session_id, key_hash, created_at) \
                 VALUES ($1, $2, $3)",
            )
            .bind(session_id)
            .bind(key_hash)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(gone.rows_affected() > 0)
        })
    }

    /// When the session's current projector key was made, if it has one.
    pub async fn projector_key_made_at(
        &self,
        session_id: &str,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query("SELECT created_at FROM projector_keys WHERE session_id = $1")
                .bind(session_id)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(row) => Ok(Some(from_millis(row.try_get("created_at")?)?)),
                None => Ok(None),
            }
        })
    }

    /// Removes the session's projector key; false when it had none.
    pub async fn revoke_projector_key(&self, session_id: &str) -> StoreResult<bool> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query("DELETE FROM projector_keys WHERE session_id = $1")
                .bind(session_id)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() > 0)
        })
    }

    /// Whether `key_hash` is the projector key of this session, and the session's
    /// `valid_until` is after `ended_after_ms` (now minus the grace).
    pub async fn projector_key_opens(
        &self,
        session_id: &str,
        key_hash: &str,
        ended_after_ms: i64,
    ) -> StoreResult<bool> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT 1 AS ok FROM projector_keys k JOIN sessions s ON s.id = k.session_id \
                 WHERE k.session_id = $1 AND k.key_hash = $2 AND s.valid_until > $3",
            )
            .bind(session_id)
            .bind(key_hash)
            .bind(ended_after_ms)
            .fetch_optional(pool)
            .await?;
            Ok(row.is_some())
        })
    }
}
