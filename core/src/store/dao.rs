//! The data-access object, and its reads and writes of the member's account, held
//! certifications and measured clock offset. The cached documents, the history
//! (sibling modules) and the scan queue (`crate::queue`) add their own methods.

use std::ops::Deref;

use attend_domain::tally::HeldCertification;
use attend_domain::Account;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::member_etag::MemberDocument;
use super::{from_ms, to_ms};
use crate::error::StoreError;

/// Read access, inside the transaction [`super::Store::read`] or
/// [`super::Store::write`] opened.
pub struct Dao<'a> {
    conn: &'a Connection,
}

/// Write access: everything [`Dao`] reads, plus changes, inside the one transaction
/// [`super::Store::write`] opened.
pub struct WriteDao<'a> {
    dao: Dao<'a>,
}

impl<'a> Dao<'a> {
    pub(crate) fn new(conn: &'a Connection) -> Self {
        Self { conn }
    }

    pub(crate) fn conn(&self) -> &'a Connection {
        self.conn
    }
}

impl<'a> WriteDao<'a> {
    pub(crate) fn new(conn: &'a Connection) -> Self {
        Self {
            dao: Dao::new(conn),
        }
    }
}

impl<'a> Deref for WriteDao<'a> {
    type Target = Dao<'a>;
    fn deref(&self) -> &Dao<'a> {
        &self.dao
    }
}

/// How far the device clock was off the server's, last time the sync side measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockOffset {
    /// Server time minus device time, in milliseconds.
    pub offset_ms: i64,
    pub measured_at: DateTime<Utc>,
}

pub(super) fn bad_row(what: &'static str) -> impl Fn(String) -> StoreError {
    move |detail| StoreError::BadRow { what, detail }
}

fn parse_date(text: &str, what: &'static str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| bad_row(what)(e.to_string()))
}

impl Dao<'_> {
    /// The logged-in member, if any.
    pub fn account(&self) -> Result<Option<Account>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT member_number, display_name, temporary_password, update_deadline
                 FROM account WHERE id = 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, bool>(2)?,
                        row.get::<_, Option<String>>(3)?,
                    ))
                },
            )
            .optional()?;
        let Some((member_number, display_name, temporary_password, deadline)) = row else {
            return Ok(None);
        };
        let update_deadline = match deadline {
            Some(text) => Some(parse_date(&text, "account")?),
            None => None,
        };
        Ok(Some(Account {
            member_number,
            display_name,
            temporary_password,
            update_deadline,
        }))
    }

    /// The certifications the member holds, as last reported by the server.
    pub fn held_certifications(
        &self,
        member_number: &str,
    ) -> Result<Vec<HeldCertification>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT cert_id, renewal_due FROM held_certification
             WHERE member_number = ?1 ORDER BY cert_id",
        )?;
        let rows = stmt
            .query_map([member_number], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(cert_id, due)| {
                Ok(HeldCertification {
                    cert_id,
                    renewal_due: parse_date(&due, "held certification")?,
                })
            })
            .collect()
    }

    /// The last measured clock offset, copied into each new scan.
    pub fn clock_offset(&self) -> Result<Option<ClockOffset>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT offset_ms, measured_at FROM clock_sync WHERE id = 1",
                [],
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)),
            )
            .optional()?;
        match row {
            Some((offset_ms, at)) => Ok(Some(ClockOffset {
                offset_ms,
                measured_at: from_ms(at, "clock offset")?,
            })),
            None => Ok(None),
        }
    }
}

impl WriteDao<'_> {
    /// Records the member who logged in, replacing any previous one. Scans and history
    /// of a previous member stay: they are keyed by member number, and a scan not yet
    /// sent must never be dropped by a logout.
    pub fn set_account(&self, account: &Account) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO account (id, member_number, display_name, temporary_password,
                                  update_deadline)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET member_number = excluded.member_number,
                 display_name = excluded.display_name,
                 temporary_password = excluded.temporary_password,
                 update_deadline = excluded.update_deadline",
            params![
                account.member_number,
                account.display_name,
                account.temporary_password,
                account
                    .update_deadline
                    .map(|d| d.format("%Y-%m-%d").to_string()),
            ],
        )?;
        Ok(())
    }

    /// Logs the member out on this device (their scans stay, see [`Self::set_account`]).
    /// The ETags of the member's documents go: the next login, of this member or
    /// another, fetches them whole.
    pub fn clear_account(&self) -> Result<(), StoreError> {
        self.conn().execute("DELETE FROM account", [])?;
        self.forget_member_etags()
    }

    /// Replaces the member's held certifications with the server's list, forgetting
    /// their ETag (see [`Self::store_held_certifications`]).
    pub fn replace_held_certifications(
        &self,
        member_number: &str,
        held: &[HeldCertification],
    ) -> Result<(), StoreError> {
        self.store_held_certifications(member_number, held, None)
    }

    /// Replaces the member's held certifications with the server's answer and records
    /// the answer's ETag with it, in this one transaction.
    pub fn store_held_certifications(
        &self,
        member_number: &str,
        held: &[HeldCertification],
        etag: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "DELETE FROM held_certification WHERE member_number = ?1",
            [member_number],
        )?;
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO held_certification (member_number, cert_id, renewal_due)
             VALUES (?1, ?2, ?3)",
        )?;
        for cert in held {
            stmt.execute(params![
                member_number,
                cert.cert_id,
                cert.renewal_due.format("%Y-%m-%d").to_string()
            ])?;
        }
        self.put_member_etag(member_number, MemberDocument::Certifications, etag)
    }

    /// Records the offset the sync side measured (server time minus device time).
    pub fn set_clock_offset(&self, offset: ClockOffset) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO clock_sync (id, offset_ms, measured_at) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET offset_ms = excluded.offset_ms,
                 measured_at = excluded.measured_at",
            params![offset.offset_ms, to_ms(offset.measured_at)],
        )?;
        Ok(())
    }
}
