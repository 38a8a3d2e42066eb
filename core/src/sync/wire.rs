//! The JSON the app exchanges with the society server (`/api/v1/…`).
//!
//! Why mirror structs here instead of sharing the server's: the app must not link the
//! server crate (axum, sqlx) into a phone library. The end-to-end tests in `tests/` run
//! this client against the real server, so a drift between the two shapes fails there.
//! Unknown fields are ignored on reading, so the server can add fields without
//! breaking installed apps.

use attend_domain::tally::HeldCertification;
use attend_domain::{Account, CreditRecord, RejectReason};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Serialize)]
pub struct LoginRequest<'a> {
    pub member_number: &'a str,
    pub password: &'a str,
}

#[derive(Debug, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub account: AccountWire,
}

#[derive(Debug, Deserialize)]
pub struct AccountWire {
    pub member_number: String,
    pub display_name: String,
    #[serde(default)]
    pub temporary_password: bool,
    #[serde(default)]
    pub update_deadline: Option<NaiveDate>,
}

impl From<AccountWire> for Account {
    fn from(a: AccountWire) -> Self {
        Account {
            member_number: a.member_number,
            display_name: a.display_name,
            temporary_password: a.temporary_password,
            update_deadline: a.update_deadline,
        }
    }
}

/// The server's error body: `{error, message_ja, message_en}`.
#[derive(Debug, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(default)]
    pub message_ja: Option<String>,
    #[serde(default)]
    pub message_en: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct UploadItem<'a> {
    pub client_id: Uuid,
    pub code: &'a str,
    pub scanned_at: DateTime<Utc>,
    /// Device clock minus server clock (the server's sign; the store keeps the
    /// opposite, server minus device), when the app knew it.
    pub clock_offset_ms: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct UploadRequest<'a> {
    pub items: Vec<UploadItem<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct UploadResponse {
    /// One per item, in the order sent.
    pub results: Vec<VerdictWire>,
}

#[derive(Debug, Deserialize)]
pub struct VerdictWire {
    pub client_id: Uuid,
    pub verdict: VerdictKind,
    #[serde(default)]
    pub reason: Option<RejectReason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Accepted,
    Duplicate,
    Rejected,
}

#[derive(Debug, Deserialize)]
pub struct HistoryResponse {
    pub records: Vec<CreditRecord>,
}

/// `GET /api/v1/me`, of which the app keeps only the certifications held (the server's
/// own summary is computed again on the device, with the scans still waiting).
#[derive(Debug, Deserialize)]
pub struct MeResponse {
    #[serde(default)]
    pub certifications: Vec<HeldWire>,
}

#[derive(Debug, Deserialize)]
pub struct HeldWire {
    pub cert_id: String,
    pub renewal_due: NaiveDate,
}

impl From<HeldWire> for HeldCertification {
    fn from(h: HeldWire) -> Self {
        HeldCertification {
            cert_id: h.cert_id,
            renewal_due: h.renewal_due,
        }
    }
}
