//! Login tokens (stored as SHA-256 hashes only) and the login-failure log the throttle
//! counts. Both live in the database so several server processes share them.

use sqlx::Row;

use super::{on_pool, Store, StoreResult};

/// Who a valid token belongs to.
#[derive(Debug, Clone)]
pub struct TokenOwner {
    pub member_id: i64,
    pub member_number: String,
}

impl Store {
    pub async fn insert_token(
        &self,
        token_hash: &str,
        member_id: i64,
        now_ms: i64,
        expires_ms: i64,
    ) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO tokens (token_hash, member_id, created_at, expires_at, revoked) \
                 VALUES ($1, $2, $3, $4, FALSE)",
            )
            .bind(token_hash)
            .bind(member_id)
            .bind(now_ms)
            .bind(expires_ms)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Many tokens in one transaction (the load benchmark's pre-made logins).
    pub async fn insert_tokens(
        &self,
        tokens: &[(String, i64)],
        now_ms: i64,
        expires_ms: i64,
    ) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            for (hash, member_id) in tokens {
                sqlx::query(
                    "INSERT INTO tokens (token_hash, member_id, created_at, expires_at, revoked) \
                     VALUES ($1, $2, $3, $4, FALSE)",
                )
                .bind(hash)
                .bind(member_id)
                .bind(now_ms)
                .bind(expires_ms)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The owner of a token that is neither revoked nor expired at `now_ms`.
    pub async fn token_owner(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> StoreResult<Option<TokenOwner>> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT t.member_id, m.member_number FROM tokens t \
                 JOIN members m ON m.id = t.member_id \
                 WHERE t.token_hash = $1 AND NOT t.revoked AND t.expires_at > $2",
            )
            .bind(token_hash)
            .bind(now_ms)
            .fetch_optional(pool)
            .await?;
            match row {
                Some(row) => Ok(Some(TokenOwner {
                    member_id: row.try_get("member_id")?,
                    member_number: row.try_get("member_number")?,
                })),
                None => Ok(None),
            }
        })
    }

    pub async fn revoke_token(&self, token_hash: &str) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query("UPDATE tokens SET revoked = TRUE WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Revokes every token of a member (office tool, or after a password change).
    /// Returns how many were still live.
    pub async fn revoke_member_tokens(
        &self,
        member_id: i64,
        except_hash: Option<&str>,
    ) -> StoreResult<u64> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "UPDATE tokens SET revoked = TRUE \
                 WHERE member_id = $1 AND NOT revoked AND token_hash <> $2",
            )
            .bind(member_id)
            .bind(except_hash.unwrap_or(""))
            .execute(pool)
            .await?;
            Ok(done.rows_affected())
        })
    }

    /// Failures recorded for `subject` since `since_ms`, and the oldest of them (the
    /// throttle's Retry-After is when that one leaves the window).
    pub async fn login_failures(
        &self,
        subject: &str,
        since_ms: i64,
    ) -> StoreResult<(i64, Option<i64>)> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures \
                 WHERE subject = $1 AND at > $2",
            )
            .bind(subject)
            .bind(since_ms)
            .fetch_one(pool)
            .await?;
            Ok((row.try_get("n")?, row.try_get("oldest")?))
        })
    }

    /// Records a failed login for each subject (member number, client address) and
    /// drops entries older than `forget_before_ms`, so the table stays small.
    pub async fn record_login_failure(
        &self,
        subjects: &[&str],
        now_ms: i64,
        forget_before_ms: i64,
    ) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            for subject in subjects {
                sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
                    .bind(subject)
                    .bind(now_ms)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("DELETE FROM login_failures WHERE at < $1")
                .bind(forget_before_ms)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn clear_login_failures(&self, subject: &str) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM login_failures WHERE subject = $1")
                .bind(subject)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
