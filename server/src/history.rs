//! A member's confirmed history as the domain's tally sees it, for every reader (the
//! app's `/api/v1/me` and `/api/v1/attendance`, the member page's history and PDF).
//!
//! The history starts at `tally::history_since(today)` (a Japan date); its first
//! instant is that date's midnight in Japan (UTC+9, no daylight saving), converted here
//! and nowhere else.

use attend_domain::tally::{self, HeldCertification};
use attend_domain::{CreditKind, CreditRecord, RecordStatus};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::store::{HistoryRow, Store, StoreResult};

/// The first instant of the history shown on `today` (Japan date): midnight JST.
pub fn since_instant(today: NaiveDate) -> DateTime<Utc> {
    let since = tally::history_since(today);
    let midnight_jst = since.and_hms_opt(0, 0, 0).unwrap_or_default();
    midnight_jst.and_utc() - TimeDelta::hours(9)
}

impl HistoryRow {
    /// The stored attendance as a confirmed record: the server holds only confirmed ones.
    pub fn into_credit_record(self) -> CreditRecord {
        CreditRecord {
            congress_id: self.congress_id,
            congress_name: self.congress_name,
            session_id: self.session_id,
            session_title: self.session_title,
            kind: CreditKind(self.kind),
            credit: u16::try_from(self.credit).unwrap_or(u16::MAX),
            attended_at: self.attended_at,
            status: RecordStatus::Confirmed,
        }
    }
}

/// The member's confirmed records shown on `today` and the certifications they hold,
/// ready for `tally::summarize`.
pub async fn member_history(
    store: &Store,
    member_id: i64,
    today: NaiveDate,
) -> StoreResult<(Vec<CreditRecord>, Vec<HeldCertification>)> {
    let records = store
        .history(member_id, since_instant(today))
        .await?
        .into_iter()
        .map(HistoryRow::into_credit_record)
        .collect();
    let held = store
        .certifications(member_id)
        .await?
        .into_iter()
        .map(|c| HeldCertification {
            cert_id: c.certification_id,
            renewal_due: c.renewal_due,
        })
        .collect();
    Ok((records, held))
}
