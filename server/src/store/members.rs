//! Members as the office imports them, and the certifications they hold.

use chrono::NaiveDate;
use sqlx::Row;

use super::{is_unique_violation, millis, on_pool, parse_date, Store, StoreError, StoreResult};

/// A member row as imported from the office's CSV (password already hashed).
#[derive(Debug, Clone)]
pub struct NewMember {
    pub member_number: String,
    pub name_kanji: String,
    pub name_kana: String,
    pub name_romaji: String,
    pub category: String,
    pub joined_on: Option<NaiveDate>,
    pub email: Option<String>,
    pub password_hash: String,
    pub update_deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub id: i64,
    pub member_number: String,
    pub name_kanji: String,
    pub name_kana: String,
    pub name_romaji: String,
    pub category: String,
    pub password_hash: String,
    pub password_temporary: bool,
    pub update_deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Certification {
    pub certification_id: String,
    pub renewal_due: NaiveDate,
}

const MEMBER_COLUMNS: &str = "id, member_number, name_kanji, name_kana, name_romaji, category, \
     password_hash, password_temporary, update_deadline";

/// Decodes a row of [`MEMBER_COLUMNS`]; a macro because the row type differs per
/// backend and the body is the same.
macro_rules! member_from_row {
    ($row:expr) => {{
        let row = $row;
        let deadline: Option<String> = row.try_get("update_deadline")?;
        Ok::<Member, StoreError>(Member {
            id: row.try_get("id")?,
            member_number: row.try_get("member_number")?,
            name_kanji: row.try_get("name_kanji")?,
            name_kana: row.try_get("name_kana")?,
            name_romaji: row.try_get("name_romaji")?,
            category: row.try_get("category")?,
            password_hash: row.try_get("password_hash")?,
            password_temporary: row.try_get("password_temporary")?,
            update_deadline: deadline.as_deref().map(parse_date).transpose()?,
        })
    }};
}

impl Store {
    /// Inserts members in one transaction; a member number already present fails the
    /// whole import (the office fixes the file and runs it again).
    pub async fn insert_members(&self, members: &[NewMember]) -> StoreResult<()> {
        let now = millis(chrono::Utc::now());
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            for m in members {
                let result = sqlx::query(
                    "INSERT INTO members (member_number, name_kanji, name_kana, name_romaji, \
                     category, joined_on, email, password_hash, password_temporary, \
                     update_deadline, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, TRUE, $9, $10)",
                )
                .bind(&m.member_number)
                .bind(&m.name_kanji)
                .bind(&m.name_kana)
                .bind(&m.name_romaji)
                .bind(&m.category)
                .bind(m.joined_on.map(|d| d.to_string()))
                .bind(&m.email)
                .bind(&m.password_hash)
                .bind(m.update_deadline.map(|d| d.to_string()))
                .bind(now)
                .execute(&mut *tx)
                .await;
                if let Err(e) = result {
                    return Err(if is_unique_violation(&e) {
                        StoreError::Conflict(format!("member {} already exists", m.member_number))
                    } else {
                        e.into()
                    });
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn member_by_number(&self, number: &str) -> StoreResult<Option<Member>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE member_number = $1");
        on_pool!(self, read, |pool| {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(number)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(row) => Ok(Some(member_from_row!(row)?)),
                None => Ok(None),
            }
        })
    }

    pub async fn member_by_id(&self, id: i64) -> StoreResult<Option<Member>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1");
        on_pool!(self, read, |pool| {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(row) => Ok(Some(member_from_row!(row)?)),
                None => Ok(None),
            }
        })
    }

    /// Sets a member's own password (no longer temporary).
    pub async fn set_password(&self, member_id: i64, hash: &str) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE members SET password_hash = $1, password_temporary = FALSE WHERE id = $2",
            )
            .bind(hash)
            .bind(member_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn certifications(&self, member_id: i64) -> StoreResult<Vec<Certification>> {
        on_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT certification_id, renewal_due FROM certifications \
                 WHERE member_id = $1 ORDER BY certification_id",
            )
            .bind(member_id)
            .fetch_all(pool)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let due: String = row.try_get("renewal_due")?;
                out.push(Certification {
                    certification_id: row.try_get("certification_id")?,
                    renewal_due: parse_date(&due)?,
                });
            }
            Ok(out)
        })
    }

    /// Records (or moves) the renewal date of a certification a member holds.
    pub async fn set_certification(
        &self,
        member_number: &str,
        certification_id: &str,
        renewal_due: NaiveDate,
    ) -> StoreResult<()> {
        let member = self
            .member_by_number(member_number)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("member {member_number}")))?;
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO certifications (member_id, certification_id, renewal_due) \
                 VALUES ($1, $2, $3) ON CONFLICT (member_id, certification_id) \
                 DO UPDATE SET renewal_due = excluded.renewal_due",
            )
            .bind(member.id)
            .bind(certification_id)
            .bind(renewal_due.to_string())
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}
