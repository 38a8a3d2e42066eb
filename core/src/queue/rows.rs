//! How a scan row maps to [`QueuedScan`]: states as short words, reasons in the same
//! snake_case as on the wire, times in unix milliseconds.

use attend_domain::{CodeClaims, RejectReason, ScanState};
use rusqlite::Row;
use uuid::Uuid;

use super::QueuedScan;
use crate::error::StoreError;
use crate::store::from_ms;

pub(super) const SCAN_COLUMNS: &str = "client_id, member_number, code_text, claims_json, \
     scanned_at, clock_offset_ms, state, reject_reason, attempts, last_attempt_at, updated_at";

pub(super) struct ScanRow {
    client_id: String,
    member_number: String,
    code_text: String,
    claims_json: String,
    scanned_at: i64,
    clock_offset_ms: Option<i64>,
    state: String,
    reject_reason: Option<String>,
    attempts: i64,
    last_attempt_at: Option<i64>,
    updated_at: i64,
}

fn bad(detail: impl ToString) -> StoreError {
    StoreError::BadRow {
        what: "scan",
        detail: detail.to_string(),
    }
}

impl ScanRow {
    pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<ScanRow> {
        Ok(ScanRow {
            client_id: row.get(0)?,
            member_number: row.get(1)?,
            code_text: row.get(2)?,
            claims_json: row.get(3)?,
            scanned_at: row.get(4)?,
            clock_offset_ms: row.get(5)?,
            state: row.get(6)?,
            reject_reason: row.get(7)?,
            attempts: row.get(8)?,
            last_attempt_at: row.get(9)?,
            updated_at: row.get(10)?,
        })
    }

    pub(super) fn into_scan(self) -> Result<QueuedScan, StoreError> {
        let claims: CodeClaims = serde_json::from_str(&self.claims_json).map_err(bad)?;
        Ok(QueuedScan {
            id: Uuid::parse_str(&self.client_id).map_err(bad)?,
            member_number: self.member_number,
            code_text: self.code_text,
            claims,
            scanned_at: from_ms(self.scanned_at, "scan")?,
            clock_offset_ms: self.clock_offset_ms,
            state: state_from_sql(&self.state, self.reject_reason.as_deref())?,
            attempts: u32::try_from(self.attempts).map_err(bad)?,
            last_attempt_at: self
                .last_attempt_at
                .map(|ms| from_ms(ms, "scan"))
                .transpose()?,
            updated_at: from_ms(self.updated_at, "scan")?,
        })
    }
}

pub(super) fn state_to_sql(state: &ScanState) -> (&'static str, Option<String>) {
    match state {
        ScanState::Pending => ("pending", None),
        ScanState::Sent => ("sent", None),
        ScanState::Accepted => ("accepted", None),
        ScanState::Duplicate => ("duplicate", None),
        ScanState::Rejected { reason } => ("rejected", Some(reason_to_sql(*reason))),
    }
}

fn state_from_sql(state: &str, reason: Option<&str>) -> Result<ScanState, StoreError> {
    Ok(match (state, reason) {
        ("pending", None) => ScanState::Pending,
        ("sent", None) => ScanState::Sent,
        ("accepted", None) => ScanState::Accepted,
        ("duplicate", None) => ScanState::Duplicate,
        ("rejected", Some(reason)) => ScanState::Rejected {
            reason: reason_from_sql(reason)?,
        },
        (state, reason) => return Err(bad(format!("state {state:?} with reason {reason:?}"))),
    })
}

// The wire's snake_case names (serde), so a stored reason reads like the server's.
fn reason_to_sql(reason: RejectReason) -> String {
    match serde_json::to_value(reason) {
        Ok(serde_json::Value::String(text)) => text,
        _ => format!("{reason:?}"),
    }
}

fn reason_from_sql(text: &str) -> Result<RejectReason, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips() {
        let reasons = [
            RejectReason::BadSignature,
            RejectReason::UnknownKey,
            RejectReason::RevokedKey,
            RejectReason::OutsideWindow,
            RejectReason::StaleRotation,
            RejectReason::ForeignSociety,
            RejectReason::UnknownSession,
            RejectReason::Malformed,
        ];
        let mut states = vec![
            ScanState::Pending,
            ScanState::Sent,
            ScanState::Accepted,
            ScanState::Duplicate,
        ];
        states.extend(reasons.map(|reason| ScanState::Rejected { reason }));
        for state in states {
            let (text, reason) = state_to_sql(&state);
            assert_eq!(state_from_sql(text, reason.as_deref()).unwrap(), state);
        }
        assert_eq!(reason_to_sql(RejectReason::OutsideWindow), "outside_window");
        assert!(state_from_sql("rejected", None).is_err());
        assert!(state_from_sql("lost", None).is_err());
    }
}
