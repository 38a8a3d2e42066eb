//! The confirmed history: attendance as the server reports it, including records
//! never scanned on this device (e.g. an online spring meeting imported by the office).

use attend_domain::{CreditKind, CreditRecord, RecordStatus};
use rusqlite::{params, Row};

use super::dao::bad_row;
use super::member_etag::MemberDocument;
use super::{from_ms, to_ms, Dao, WriteDao};
use crate::error::StoreError;

impl Dao<'_> {
    /// The member's attendance as the server confirmed it, oldest first.
    pub fn history(&self, member_number: &str) -> Result<Vec<CreditRecord>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT congress_id, congress_name, session_id, session_title, kind, credit,
                    attended_at
             FROM history WHERE member_number = ?1 ORDER BY attended_at, session_id",
        )?;
        let rows = stmt
            .query_map([member_number], history_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(|row| row.into_record()).collect()
    }
}

pub(crate) struct HistoryRow {
    congress_id: String,
    congress_name: String,
    session_id: String,
    session_title: String,
    kind: String,
    credit: i64,
    attended_at: i64,
}

pub(crate) fn history_row(row: &Row<'_>) -> rusqlite::Result<HistoryRow> {
    Ok(HistoryRow {
        congress_id: row.get(0)?,
        congress_name: row.get(1)?,
        session_id: row.get(2)?,
        session_title: row.get(3)?,
        kind: row.get(4)?,
        credit: row.get(5)?,
        attended_at: row.get(6)?,
    })
}

impl HistoryRow {
    pub(crate) fn into_record(self) -> Result<CreditRecord, StoreError> {
        Ok(CreditRecord {
            congress_id: self.congress_id,
            congress_name: self.congress_name,
            session_id: self.session_id,
            session_title: self.session_title,
            kind: CreditKind(self.kind),
            credit: u16::try_from(self.credit).map_err(|e| bad_row("history")(e.to_string()))?,
            attended_at: from_ms(self.attended_at, "history")?,
            status: RecordStatus::Confirmed,
        })
    }
}

impl WriteDao<'_> {
    /// Replaces the member's confirmed history with `records` (the server's list). Each
    /// record is linked to the local scan of the same session, if there is one, so the
    /// tally counts that attendance once. The history's ETag is forgotten: these rows
    /// did not come with one (see [`Self::store_history`]).
    pub fn replace_history(
        &self,
        member_number: &str,
        records: &[CreditRecord],
    ) -> Result<(), StoreError> {
        self.store_history(member_number, records, None)
    }

    /// Replaces the member's confirmed history with the server's answer and records
    /// the answer's ETag with it, in this one transaction, so the tag never outlives
    /// or precedes the rows it describes.
    pub fn store_history(
        &self,
        member_number: &str,
        records: &[CreditRecord],
        etag: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "DELETE FROM history WHERE member_number = ?1",
            [member_number],
        )?;
        for record in records {
            self.upsert_history(member_number, record)?;
        }
        self.put_member_etag(member_number, MemberDocument::History, etag)
    }

    pub(crate) fn upsert_history(
        &self,
        member_number: &str,
        record: &CreditRecord,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO history (member_number, congress_id, congress_name, session_id,
                                  session_title, kind, credit, attended_at, client_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                     (SELECT client_id FROM scan WHERE member_number = ?1
                        AND congress_id = ?2 AND session_id = ?4 AND state <> 'rejected'))
             ON CONFLICT (member_number, congress_id, session_id) DO UPDATE SET
                 congress_name = excluded.congress_name,
                 session_title = excluded.session_title, kind = excluded.kind,
                 credit = excluded.credit, attended_at = excluded.attended_at,
                 client_id = COALESCE(excluded.client_id, history.client_id)",
        )?;
        stmt.execute(params![
            member_number,
            record.congress_id,
            record.congress_name,
            record.session_id,
            record.session_title,
            record.kind.as_str(),
            record.credit,
            to_ms(record.attended_at),
        ])?;
        Ok(())
    }
}
