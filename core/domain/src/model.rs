//! The domain's nouns, in one place: what a congress code says, what a scan and a
//! credit record are. Every other module (payload, keys, rules, tally in this crate;
//! store, queue, scan, sync in `attend-core`; the server's API) speaks these types.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Credit kinds are data (the rules name them and give their display names), so a kind
/// is a short code, not an enum. These are the kinds the society uses today.
pub mod kinds {
    /// 学術総会出席: attendance at the annual congress (registered at the desk).
    pub const CONGRESS_ATTENDANCE: &str = "congress";
    /// 春季大会出席: attendance at the spring meeting (app, or imported by the office).
    pub const SPRING_ATTENDANCE: &str = "spring";
    /// 教育講演: an educational lecture during the congress.
    pub const EDUCATIONAL_LECTURE: &str = "lecture";
}

/// A credit kind's code, e.g. [`kinds::EDUCATIONAL_LECTURE`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CreditKind(pub String);

impl CreditKind {
    pub fn new(code: &str) -> Self {
        Self(code.to_owned())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a projected code changes on screen: the step is
/// `floor((t - valid_from) / period)`; a code is only good during its own step (and a
/// short grace after it, see `payload`), so a photo passed around later fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    pub period_secs: u32,
    pub step: u32,
}

/// What a congress code (the text inside a QR poster or a projected code) says, before
/// signing and after verification. Times are whole seconds (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeClaims {
    /// The society that issued the code, e.g. "JSNM". The app rejects other societies'.
    pub society: String,
    pub congress_id: String,
    /// Display name in Japanese, e.g. "第63回日本核医学会学術総会".
    pub congress_name: String,
    pub session_id: String,
    /// Session title in Japanese, e.g. "教育講演1 PET/CTの基礎".
    pub session_title: String,
    pub kind: CreditKind,
    /// Credit value in whole units (単位).
    pub credit: u16,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    /// The id of the society key that signed this code.
    pub key_id: String,
    pub rotation: Option<Rotation>,
}

/// Where a scan is on its way to the server. The store's queue moves a scan
/// pending → sent → accepted / duplicate / rejected; accepted and duplicate are
/// confirmed history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ScanState {
    /// Recorded on the device, not yet sent.
    Pending,
    /// Sent at least once, no verdict yet (the answer may have been lost).
    Sent,
    Accepted,
    /// The server already had it (this client id, or this member and session).
    Duplicate,
    /// The server refused it; the reason is shown to the member.
    Rejected {
        reason: RejectReason,
    },
}

impl ScanState {
    pub fn is_confirmed(&self) -> bool {
        matches!(self, ScanState::Accepted | ScanState::Duplicate)
    }
    pub fn is_waiting(&self) -> bool {
        matches!(self, ScanState::Pending | ScanState::Sent)
    }
}

/// Why the server refused a scan. Machine-readable (snake_case on the wire); the member
/// sees [`crate::Localized::message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    BadSignature,
    UnknownKey,
    RevokedKey,
    OutsideWindow,
    StaleRotation,
    ForeignSociety,
    UnknownSession,
    Malformed,
}

/// Whether a credit is confirmed by the server or still waiting on the device; the app
/// and the member page show the two apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    Confirmed,
    Pending,
}

/// One attendance that earns credit: the input of the tally, on the app (confirmed
/// history plus pending scans) and on the server (its records).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRecord {
    pub congress_id: String,
    pub congress_name: String,
    pub session_id: String,
    pub session_title: String,
    pub kind: CreditKind,
    pub credit: u16,
    pub attended_at: DateTime<Utc>,
    pub status: RecordStatus,
}

impl CreditRecord {
    /// The record a verified code earns when scanned at `at`.
    pub fn from_claims(claims: &CodeClaims, at: DateTime<Utc>, status: RecordStatus) -> Self {
        Self {
            congress_id: claims.congress_id.clone(),
            congress_name: claims.congress_name.clone(),
            session_id: claims.session_id.clone(),
            session_title: claims.session_title.clone(),
            kind: claims.kind.clone(),
            credit: claims.credit,
            attended_at: at,
            status,
        }
    }
}

/// The logged-in member as the app's header and the temporary-password reminder show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub member_number: String,
    pub display_name: String,
    /// Logged in with the temporary password from the 会員番号・仮パスワード通知書.
    pub temporary_password: bool,
    /// Registration info must be updated on the member page by this date.
    pub update_deadline: Option<chrono::NaiveDate>,
}
