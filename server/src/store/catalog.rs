//! What the office sets up: congresses, their sessions, and the public half of the
//! society's signing keys (the private halves stay in the key folder).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::{
    from_millis, is_unique_violation, millis, on_pool, parse_date, Store, StoreError, StoreResult,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Congress {
    pub id: String,
    pub name: String,
    /// "annual" (学術総会) or "spring" (春季大会).
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub congress_id: String,
    pub congress_name: String,
    pub title: String,
    pub kind: String,
    pub credit: i64,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub rotation_secs: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    pub key_id: String,
    /// base64url of the raw 32-byte public key.
    pub public_key: String,
    pub valid_from: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    pub revoked: bool,
}

fn conflict_or(e: sqlx::Error, what: String) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Conflict(what)
    } else {
        e.into()
    }
}

const SESSION_SELECT: &str =
    "SELECT s.id, s.congress_id, c.name AS congress_name, s.title, s.kind, \
     s.credit, s.valid_from, s.valid_until, s.rotation_secs \
     FROM sessions s JOIN congresses c ON c.id = s.congress_id";

macro_rules! session_from_row {
    ($row:expr) => {{
        let row = $row;
        Ok::<Session, StoreError>(Session {
            id: row.try_get("id")?,
            congress_id: row.try_get("congress_id")?,
            congress_name: row.try_get("congress_name")?,
            title: row.try_get("title")?,
            kind: row.try_get("kind")?,
            credit: row.try_get("credit")?,
            valid_from: from_millis(row.try_get("valid_from")?)?,
            valid_until: from_millis(row.try_get("valid_until")?)?,
            rotation_secs: row.try_get("rotation_secs")?,
        })
    }};
}

impl Store {
    pub async fn insert_congress(&self, c: &Congress) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO congresses (id, name, kind, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&c.id)
            .bind(&c.name)
            .bind(&c.kind)
            .bind(c.starts_on.to_string())
            .bind(c.ends_on.to_string())
            .execute(pool)
            .await
            .map_err(|e| conflict_or(e, format!("congress {} already exists", c.id)))?;
            Ok(())
        })
    }

    pub async fn congress(&self, id: &str) -> StoreResult<Option<Congress>> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT id, name, kind, starts_on, ends_on FROM congresses WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            match row {
                Some(row) => {
                    let starts: String = row.try_get("starts_on")?;
                    let ends: String = row.try_get("ends_on")?;
                    Ok(Some(Congress {
                        id: row.try_get("id")?,
                        name: row.try_get("name")?,
                        kind: row.try_get("kind")?,
                        starts_on: parse_date(&starts)?,
                        ends_on: parse_date(&ends)?,
                    }))
                }
                None => Ok(None),
            }
        })
    }

    /// Inserts a session; its congress must exist (`congress_name` is ignored).
    pub async fn insert_session(&self, s: &Session) -> StoreResult<()> {
        if self.congress(&s.congress_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("congress {}", s.congress_id)));
        }
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO sessions (id, congress_id, title, kind, credit, valid_from, valid_until, rotation_secs) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&s.id)
            .bind(&s.congress_id)
            .bind(&s.title)
            .bind(&s.kind)
            .bind(s.credit)
            .bind(millis(s.valid_from))
            .bind(millis(s.valid_until))
            .bind(s.rotation_secs)
            .execute(pool)
            .await
            .map_err(|e| conflict_or(e, format!("session {} already exists", s.id)))?;
            Ok(())
        })
    }

    pub async fn session(&self, id: &str) -> StoreResult<Option<Session>> {
        let sql = format!("{SESSION_SELECT} WHERE s.id = $1");
        on_pool!(self, read, |pool| {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(row) => Ok(Some(session_from_row!(row)?)),
                None => Ok(None),
            }
        })
    }

    /// Every session, for the upload path's cache of known sessions.
    pub async fn sessions(&self) -> StoreResult<Vec<Session>> {
        let sql = format!("{SESSION_SELECT} ORDER BY s.id");
        on_pool!(self, read, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .fetch_all(pool)
                .await?;
            rows.iter().map(|row| session_from_row!(row)).collect()
        })
    }

    pub async fn insert_key(&self, k: &KeyRow) -> StoreResult<()> {
        let now = millis(Utc::now());
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO signing_keys (key_id, public_key, valid_from, valid_until, revoked, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&k.key_id)
            .bind(&k.public_key)
            .bind(millis(k.valid_from))
            .bind(k.valid_until.map(millis))
            .bind(k.revoked)
            .bind(now)
            .execute(pool)
            .await
            .map_err(|e| conflict_or(e, format!("key {} already exists", k.key_id)))?;
            Ok(())
        })
    }

    /// All keys, oldest first (the last unrevoked one is the active signing key).
    pub async fn keys(&self) -> StoreResult<Vec<KeyRow>> {
        on_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT key_id, public_key, valid_from, valid_until, revoked FROM signing_keys \
                 ORDER BY created_at, key_id",
            )
            .fetch_all(pool)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let until: Option<i64> = row.try_get("valid_until")?;
                out.push(KeyRow {
                    key_id: row.try_get("key_id")?,
                    public_key: row.try_get("public_key")?,
                    valid_from: from_millis(row.try_get("valid_from")?)?,
                    valid_until: until.map(from_millis).transpose()?,
                    revoked: row.try_get("revoked")?,
                });
            }
            Ok(out)
        })
    }

    /// Ends a key's validity (rotation keeps it verifying until then).
    pub async fn retire_key(&self, key_id: &str, until: DateTime<Utc>) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query("UPDATE signing_keys SET valid_until = $1 WHERE key_id = $2 AND (valid_until IS NULL OR valid_until > $1)")
                .bind(millis(until))
                .bind(key_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn revoke_key(&self, key_id: &str) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query("UPDATE signing_keys SET revoked = TRUE WHERE key_id = $1")
                .bind(key_id)
                .execute(pool)
                .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound(format!("key {key_id}")));
            }
            Ok(())
        })
    }
}
