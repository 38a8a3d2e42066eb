//! The member page's tables (migration 0100): browser sessions, profiles, positions
//! and notices. Same SQL text on both backends, through the store's `on_pool!`.

use chrono::NaiveDate;
use sqlx::Row;

use crate::store::{on_pool, parse_date, Store, StoreError, StoreResult};

#[derive(Debug, Clone)]
pub struct WebSession {
    pub member_id: i64,
    pub csrf_token: String,
}

#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub region: Option<String>,
    pub councillor: bool,
    pub notice_acknowledged_at: Option<i64>,
    pub password_changed_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Position {
    pub title: String,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// The three lists of お知らせ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeCategory {
    Member,
    Councillor,
    Info,
}

impl NoticeCategory {
    pub fn code(self) -> &'static str {
        match self {
            NoticeCategory::Member => "member",
            NoticeCategory::Councillor => "councillor",
            NoticeCategory::Info => "info",
        }
    }

    pub fn parse(code: &str) -> Option<NoticeCategory> {
        match code {
            "member" => Some(NoticeCategory::Member),
            "councillor" => Some(NoticeCategory::Councillor),
            "info" => Some(NoticeCategory::Info),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Notice {
    pub id: i64,
    pub category: NoticeCategory,
    pub title: String,
    pub body: String,
    pub published_on: NaiveDate,
}

macro_rules! notice_from_row {
    ($row:expr) => {{
        let row = $row;
        let category: String = row.try_get("category")?;
        let date: String = row.try_get("published_on")?;
        Ok::<Notice, StoreError>(Notice {
            id: row.try_get("id")?,
            category: NoticeCategory::parse(&category)
                .ok_or_else(|| StoreError::Corrupt(format!("notice category {category:?}")))?,
            title: row.try_get("title")?,
            body: row.try_get("body")?,
            published_on: parse_date(&date)?,
        })
    }};
}

impl Store {
    pub async fn web_session_create(
        &self,
        token_hash: &str,
        member_id: i64,
        csrf_token: &str,
        now_ms: i64,
        expires_ms: i64,
    ) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            // Expired sessions are swept here, so the table stays small without a job.
            sqlx::query("DELETE FROM web_sessions WHERE expires_at < $1")
                .bind(now_ms)
                .execute(pool)
                .await?;
            sqlx::query(
                "INSERT INTO web_sessions (token_hash, member_id, csrf_token, created_at, \
                 expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(member_id)
            .bind(csrf_token)
            .bind(now_ms)
            .bind(expires_ms)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn web_session(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> StoreResult<Option<WebSession>> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT member_id, csrf_token FROM web_sessions \
                 WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now_ms)
            .fetch_optional(pool)
            .await?;
            match row {
                Some(row) => Ok(Some(WebSession {
                    member_id: row.try_get("member_id")?,
                    csrf_token: row.try_get("csrf_token")?,
                })),
                None => Ok(None),
            }
        })
    }

    pub async fn web_session_end(&self, token_hash: &str) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM web_sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn web_sessions_end_member(&self, member_id: i64) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM web_sessions WHERE member_id = $1")
                .bind(member_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn member_profile(&self, member_id: i64) -> StoreResult<Profile> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT region, councillor, notice_acknowledged_at, password_changed_at \
                 FROM member_profiles WHERE member_id = $1",
            )
            .bind(member_id)
            .fetch_optional(pool)
            .await?;
            match row {
                Some(row) => Ok(Profile {
                    region: row.try_get("region")?,
                    councillor: row.try_get("councillor")?,
                    notice_acknowledged_at: row.try_get("notice_acknowledged_at")?,
                    password_changed_at: row.try_get("password_changed_at")?,
                }),
                None => Ok(Profile::default()),
            }
        })
    }

    /// Sets one timestamp column of the profile (creating the row).
    async fn profile_stamp(&self, member_id: i64, column: Stamp, at_ms: i64) -> StoreResult<()> {
        let sql = match column {
            Stamp::Acknowledged => {
                "INSERT INTO member_profiles (member_id, notice_acknowledged_at) VALUES ($1, $2) \
                 ON CONFLICT (member_id) DO UPDATE SET notice_acknowledged_at = excluded.notice_acknowledged_at"
            }
            Stamp::PasswordChanged => {
                "INSERT INTO member_profiles (member_id, password_changed_at) VALUES ($1, $2) \
                 ON CONFLICT (member_id) DO UPDATE SET password_changed_at = excluded.password_changed_at"
            }
        };
        on_pool!(self, write, |pool| {
            sqlx::query(sql)
                .bind(member_id)
                .bind(at_ms)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn acknowledge_notice(&self, member_id: i64, at_ms: i64) -> StoreResult<()> {
        self.profile_stamp(member_id, Stamp::Acknowledged, at_ms)
            .await
    }

    pub async fn stamp_password_changed(&self, member_id: i64, at_ms: i64) -> StoreResult<()> {
        self.profile_stamp(member_id, Stamp::PasswordChanged, at_ms)
            .await
    }

    /// The office's record of a member's region and councillor (評議員) role.
    pub async fn set_member_profile(
        &self,
        member_id: i64,
        region: Option<&str>,
        councillor: bool,
    ) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO member_profiles (member_id, region, councillor) VALUES ($1, $2, $3) \
                 ON CONFLICT (member_id) DO UPDATE SET region = excluded.region, \
                 councillor = excluded.councillor",
            )
            .bind(member_id)
            .bind(region)
            .bind(councillor)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn add_member_position(
        &self,
        member_id: i64,
        title: &str,
        since: NaiveDate,
        until: Option<NaiveDate>,
    ) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO member_positions (member_id, title, since, until) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(member_id)
            .bind(title)
            .bind(since.to_string())
            .bind(until.map(|d| d.to_string()))
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn member_positions(&self, member_id: i64) -> StoreResult<Vec<Position>> {
        on_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT title, since, until FROM member_positions WHERE member_id = $1 \
                 ORDER BY since DESC, id DESC",
            )
            .bind(member_id)
            .fetch_all(pool)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let since: String = row.try_get("since")?;
                let until: Option<String> = row.try_get("until")?;
                out.push(Position {
                    title: row.try_get("title")?,
                    since: parse_date(&since)?,
                    until: until.as_deref().map(parse_date).transpose()?,
                });
            }
            Ok(out)
        })
    }

    pub async fn member_joined_on(&self, member_id: i64) -> StoreResult<Option<NaiveDate>> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query("SELECT joined_on FROM members WHERE id = $1")
                .bind(member_id)
                .fetch_optional(pool)
                .await?;
            let text: Option<String> = match row {
                Some(row) => row.try_get("joined_on")?,
                None => None,
            };
            text.as_deref().map(parse_date).transpose()
        })
    }

    pub async fn insert_notice(
        &self,
        category: NoticeCategory,
        title: &str,
        body: &str,
        published_on: NaiveDate,
        now_ms: i64,
    ) -> StoreResult<i64> {
        on_pool!(self, write, |pool| {
            let row = sqlx::query(
                "INSERT INTO notices (category, title, body, published_on, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(category.code())
            .bind(title)
            .bind(body)
            .bind(published_on.to_string())
            .bind(now_ms)
            .fetch_one(pool)
            .await?;
            Ok(row.try_get("id")?)
        })
    }

    /// Notices newest first; councillor-only ones only when `councillor`.
    pub async fn notices(&self, councillor: bool) -> StoreResult<Vec<Notice>> {
        on_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT id, category, title, body, published_on FROM notices \
                 WHERE category <> 'councillor' OR $1 \
                 ORDER BY published_on DESC, id DESC",
            )
            .bind(councillor)
            .fetch_all(pool)
            .await?;
            rows.into_iter().map(|row| notice_from_row!(row)).collect()
        })
    }

    /// One notice, if the reader may see it (a councillor-only notice is `None` for an
    /// ordinary member, exactly as a missing one).
    pub async fn notice(&self, id: i64, councillor: bool) -> StoreResult<Option<Notice>> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT id, category, title, body, published_on FROM notices \
                 WHERE id = $1 AND (category <> 'councillor' OR $2)",
            )
            .bind(id)
            .bind(councillor)
            .fetch_optional(pool)
            .await?;
            row.map(|row| notice_from_row!(row)).transpose()
        })
    }
}

#[derive(Clone, Copy)]
enum Stamp {
    Acknowledged,
    PasswordChanged,
}
