//! The scan queue: every scan the member made on this device, from the moment the code
//! was accepted until the server's verdict, and after.
//!
//! # Why a scan is committed before "registered" is shown
//!
//! The member walks away from the poster the moment the app says 登録しました. If the
//! app is killed, the phone reboots or the battery dies after that, the scan must still
//! be there. So [`crate::scan::scan_text`] inserts the row in a transaction that is
//! committed (WAL, `synchronous=FULL`: the commit has reached the disk) before it
//! returns, and only then does the shell show the result. The crash test
//! (`tests/durability.rs`) kills a process at random moments to hold us to it.
//!
//! # States
//!
//! ```text
//!            mark_sent            apply_verdicts
//!  pending ───────────► sent ──────────────────► accepted | duplicate | rejected(reason)
//!     └──────────────────────────────────────────►   (a verdict may also come for a
//!                                                     pending scan, e.g. after a crash
//!                                                     between upload and mark_sent)
//! ```
//!
//! `pending` and `sent` are *waiting*: they go up in the next batch. `sent` only means
//! "uploaded at least once, no verdict yet" (the answer may have been lost), so a sent
//! scan is uploaded again; the server recognises it by its client id. `accepted` and
//! `duplicate` (the server already had it) are confirmed: the attendance joins the
//! history table. `rejected` keeps the server's reason for the member to read, and it
//! frees the session: the member can scan that session again. Verdicts only move
//! waiting scans; a verdict for a scan that already has one is ignored (answers can
//! arrive twice).
//!
//! # Why client ids never change
//!
//! Each scan gets a UUID v7 on the device when it is recorded (v7: time-ordered, so the
//! primary key index grows at its end and ids sort like scan times). The id is the
//! upload's idempotency key: a batch sent twice (the answer was lost, the app was
//! killed after sending) is recognised by the server as the same scans. Changing or
//! regenerating an id would turn a retry into a second attendance; a rescan after a
//! rejection is a new scan with a new id.
//!
//! # How the sync side uses it
//!
//! ```text
//! let batch = store.read(|dao| dao.pending_batch(member, 50))?;   // oldest first
//! store.write(|dao| dao.mark_sent(&ids, now))?;                   // before the upload
//! let answers = upload(batch).await?;                             // per-item verdicts
//! store.write(|dao| dao.apply_verdicts(&answers, now))?;          // one transaction
//! ```
//!
//! All verdicts of one answer are applied in one transaction: if any write fails, none
//! is applied and the whole batch is simply sent again (the server answers
//! "duplicate" for the ones it already has). An id the queue does not know, or a scan
//! that already has its verdict, is skipped and reported in [`VerdictReport::ignored`]:
//! one odd item in the server's answer must not hold back the others.

mod rows;

use attend_domain::{CodeClaims, CreditRecord, RecordStatus, RejectReason, ScanState};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use uuid::Uuid;

use crate::error::StoreError;
use crate::store::{from_ms, to_ms, Dao, WriteDao};
use rows::{state_to_sql, ScanRow, SCAN_COLUMNS};

/// The server's answer for one uploaded scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    /// The server already had this scan (same client id, or the same member and session).
    Duplicate,
    Rejected(RejectReason),
}

/// One scan as the queue holds it: what the home screen lists (time, congress, session,
/// kind, credit, state with the reason) and what the sync side uploads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedScan {
    pub id: Uuid,
    pub member_number: String,
    /// The QR text exactly as read; this is what is uploaded.
    pub code_text: String,
    /// What the app verified in `code_text`.
    pub claims: CodeClaims,
    pub scanned_at: DateTime<Utc>,
    /// Server time minus device time when scanned, if the sync side had measured it.
    pub clock_offset_ms: Option<i64>,
    pub state: ScanState,
    pub attempts: u32,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// A scan about to be recorded (by [`crate::scan::scan_text`]).
#[derive(Debug, Clone)]
pub struct NewScan<'a> {
    pub id: Uuid,
    pub member_number: &'a str,
    pub code_text: &'a str,
    pub claims: &'a CodeClaims,
    pub scanned_at: DateTime<Utc>,
    pub clock_offset_ms: Option<i64>,
}

/// What [`WriteDao::apply_verdicts`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerdictReport {
    pub applied: usize,
    /// Unknown ids, and scans that already had a verdict.
    pub ignored: Vec<Uuid>,
}

/// The earlier registration of a session, for the "already registered" answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// The local scan; `None` when the server's history has it but this device never
    /// scanned it (e.g. imported by the office, or scanned on another phone).
    pub scan_id: Option<Uuid>,
    pub registered_at: DateTime<Utc>,
    /// Not yet confirmed by the server.
    pub pending: bool,
}

impl Dao<'_> {
    /// One scan by its client id.
    pub fn scan(&self, id: Uuid) -> Result<Option<QueuedScan>, StoreError> {
        let sql = format!("SELECT {SCAN_COLUMNS} FROM scan WHERE client_id = ?1");
        let row = self
            .conn()
            .query_row(&sql, [id.to_string()], ScanRow::read)
            .optional()?;
        row.map(ScanRow::into_scan).transpose()
    }

    /// The member's scans, newest first, in every state: the home screen's list.
    pub fn list_scans(&self, member_number: &str) -> Result<Vec<QueuedScan>, StoreError> {
        let sql = format!(
            "SELECT {SCAN_COLUMNS} FROM scan WHERE member_number = ?1
             ORDER BY scanned_at DESC, client_id DESC"
        );
        self.scans(&sql, params![member_number])
    }

    /// Up to `limit` waiting scans (pending or sent), oldest first: the next upload.
    pub fn pending_batch(
        &self,
        member_number: &str,
        limit: usize,
    ) -> Result<Vec<QueuedScan>, StoreError> {
        let sql = format!(
            "SELECT {SCAN_COLUMNS} FROM scan
             WHERE member_number = ?1 AND state IN ('pending', 'sent')
             ORDER BY scanned_at, client_id LIMIT ?2"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.scans(&sql, params![member_number, limit])
    }

    /// How many of the member's scans still wait for the server (the badge on the
    /// home screen).
    pub fn count_waiting(&self, member_number: &str) -> Result<usize, StoreError> {
        let n: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM scan
             WHERE member_number = ?1 AND state IN ('pending', 'sent')",
            [member_number],
            |row| row.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// What the tally counts: the confirmed history, plus the member's scans the history
    /// does not have yet (waiting ones as [`RecordStatus::Pending`]; ones with a verdict
    /// but not yet in a refreshed history as confirmed). Rejected scans earn nothing.
    /// Each session is counted once.
    pub fn credit_records(&self, member_number: &str) -> Result<Vec<CreditRecord>, StoreError> {
        let mut records = self.history(member_number)?;
        let sql = format!(
            "SELECT {SCAN_COLUMNS} FROM scan s
             WHERE s.member_number = ?1 AND s.state <> 'rejected'
               AND NOT EXISTS (SELECT 1 FROM history h WHERE h.member_number = s.member_number
                   AND h.congress_id = s.congress_id AND h.session_id = s.session_id)
             ORDER BY s.scanned_at"
        );
        for scan in self.scans(&sql, params![member_number])? {
            let status = if scan.state.is_waiting() {
                RecordStatus::Pending
            } else {
                RecordStatus::Confirmed
            };
            records.push(CreditRecord::from_claims(
                &scan.claims,
                scan.scanned_at,
                status,
            ));
        }
        Ok(records)
    }

    /// The member's earlier registration of a session: a scan not rejected, or a
    /// confirmed record. The earliest one wins.
    pub fn registration(
        &self,
        member_number: &str,
        congress_id: &str,
        session_id: &str,
    ) -> Result<Option<Registration>, StoreError> {
        let sql = format!(
            "SELECT {SCAN_COLUMNS} FROM scan WHERE member_number = ?1 AND congress_id = ?2
               AND session_id = ?3 AND state <> 'rejected'"
        );
        let from_scan = self
            .scans(&sql, params![member_number, congress_id, session_id])?
            .into_iter()
            .next()
            .map(|scan| Registration {
                scan_id: Some(scan.id),
                registered_at: scan.scanned_at,
                pending: scan.state.is_waiting(),
            });
        let from_history = self
            .conn()
            .query_row(
                "SELECT attended_at, client_id FROM history WHERE member_number = ?1
                   AND congress_id = ?2 AND session_id = ?3",
                params![member_number, congress_id, session_id],
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Option<String>>(1)?)),
            )
            .optional()?;
        let from_history = match from_history {
            Some((at, client_id)) => Some(Registration {
                scan_id: client_id.and_then(|id| Uuid::parse_str(&id).ok()),
                registered_at: from_ms(at, "history")?,
                pending: false,
            }),
            None => None,
        };
        Ok(match (from_scan, from_history) {
            (Some(scan), Some(history)) => Some(Registration {
                scan_id: scan.scan_id.or(history.scan_id),
                registered_at: scan.registered_at.min(history.registered_at),
                pending: false,
            }),
            (scan, history) => scan.or(history),
        })
    }

    fn scans(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<QueuedScan>, StoreError> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt
            .query_map(params, ScanRow::read)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(ScanRow::into_scan).collect()
    }
}

impl WriteDao<'_> {
    /// Records a verified scan as pending. Fails on a second non-rejected scan of the
    /// same session by the same member (the unique index); callers ask
    /// [`Dao::registration`] first, in the same transaction.
    pub fn insert_scan(&self, scan: &NewScan<'_>) -> Result<(), StoreError> {
        let claims_json = serde_json::to_string(scan.claims).map_err(|e| StoreError::BadRow {
            what: "scan",
            detail: e.to_string(),
        })?;
        let at = to_ms(scan.scanned_at);
        self.conn()
            .prepare_cached(
                "INSERT INTO scan (client_id, member_number, code_text, claims_json,
                     congress_id, session_id, scanned_at, clock_offset_ms, state,
                     reject_reason, attempts, last_attempt_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pending', NULL, 0, NULL, ?7)",
            )?
            .execute(params![
                scan.id.to_string(),
                scan.member_number,
                scan.code_text,
                claims_json,
                scan.claims.congress_id,
                scan.claims.session_id,
                at,
                scan.clock_offset_ms,
            ])?;
        Ok(())
    }

    /// Notes an upload attempt of these scans: pending ones become sent, and every
    /// waiting one counts an attempt (the sync side's backoff reads it). Returns how
    /// many scans were updated; ids that are not waiting are left alone.
    pub fn mark_sent(&self, ids: &[Uuid], at: DateTime<Utc>) -> Result<usize, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "UPDATE scan SET state = 'sent', attempts = attempts + 1, last_attempt_at = ?2,
                 updated_at = ?2
             WHERE client_id = ?1 AND state IN ('pending', 'sent')",
        )?;
        let mut updated = 0;
        for id in ids {
            updated += stmt.execute(params![id.to_string(), to_ms(at)])?;
        }
        Ok(updated)
    }

    /// Applies the server's answer to a batch (see the module note): accepted and
    /// duplicate scans join the confirmed history, rejected ones keep their reason.
    /// Run it inside one [`crate::store::Store::write`] so the answer is applied
    /// whole or not at all.
    pub fn apply_verdicts(
        &self,
        verdicts: &[(Uuid, Verdict)],
        at: DateTime<Utc>,
    ) -> Result<VerdictReport, StoreError> {
        let mut report = VerdictReport::default();
        for (id, verdict) in verdicts {
            let Some(scan) = self.scan(*id)? else {
                report.ignored.push(*id);
                continue;
            };
            if !scan.state.is_waiting() {
                report.ignored.push(*id);
                continue;
            }
            let state = match verdict {
                Verdict::Accepted => ScanState::Accepted,
                Verdict::Duplicate => ScanState::Duplicate,
                Verdict::Rejected(reason) => ScanState::Rejected { reason: *reason },
            };
            let (state_text, reason_text) = state_to_sql(&state);
            self.conn()
                .prepare_cached(
                    "UPDATE scan SET state = ?2, reject_reason = ?3, updated_at = ?4
                     WHERE client_id = ?1",
                )?
                .execute(params![id.to_string(), state_text, reason_text, to_ms(at)])?;
            if state.is_confirmed() {
                self.confirm_into_history(&scan)?;
            }
            report.applied += 1;
        }
        Ok(report)
    }

    // A record the server already listed (e.g. the history refresh came first) keeps
    // its fields; it only learns which local scan it confirms.
    fn confirm_into_history(&self, scan: &QueuedScan) -> Result<(), StoreError> {
        let claims = &scan.claims;
        self.conn()
            .prepare_cached(
                "INSERT INTO history (member_number, congress_id, congress_name, session_id,
                     session_title, kind, credit, attended_at, client_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (member_number, congress_id, session_id) DO UPDATE SET
                     client_id = COALESCE(history.client_id, excluded.client_id)",
            )?
            .execute(params![
                scan.member_number,
                claims.congress_id,
                claims.congress_name,
                claims.session_id,
                claims.session_title,
                claims.kind.as_str(),
                claims.credit,
                to_ms(scan.scanned_at),
                scan.id.to_string(),
            ])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
