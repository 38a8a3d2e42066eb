//! The scan use case: QR text in, a durable record (or a clear refusal) out.
//!
//! Everything happens in one write transaction: read the account and the cached keys,
//! verify the code offline, look for an earlier registration of the session, insert the
//! new scan, commit. The commit (WAL, `synchronous=FULL`) reaches the disk before
//! [`scan_text`] returns, so "registered" on screen means the scan survives a crash
//! (see `crate::queue`). A refused code rolls the transaction back: nothing is written.
//!
//! The society is a constant ([`SOCIETY`]), not a stored setting: the app is built and
//! signed for one society, its bundled key set is that society's, and letting data on
//! the device change which society's codes earn credit would be a way to forge credit.
//!
//! A second scan of a session already registered is not an error: the member did
//! nothing wrong, and the result screen shows it as information with the time of the
//! first registration (`already_registered: true`). A session whose earlier scan was
//! rejected by the server can be scanned again.

use attend_domain::payload;
use attend_domain::{CreditKind, Locale, Localized};
use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

use crate::clock::Clock;
use crate::error::ScanError;
use crate::queue::NewScan;
use crate::store::Store;

/// The society whose codes this app accepts.
pub const SOCIETY: &str = "JSNM";

/// A credit kind's display name in both languages, from the credit rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindName {
    pub ja: String,
    pub en: String,
}

impl Localized for KindName {
    fn message(&self, locale: Locale) -> String {
        locale.pick(&self.ja, &self.en).to_owned()
    }
}

/// What the result screen shows after a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOutcome {
    /// The scan's client id; `None` only for an already-registered session that this
    /// device never scanned (the server's history has it, e.g. from another phone).
    pub scan_id: Option<Uuid>,
    pub congress_name: String,
    pub session_title: String,
    pub kind: CreditKind,
    pub kind_name: KindName,
    pub credit: u16,
    /// When the attendance was registered: now, or the earlier registration's time.
    pub registered_at: DateTime<Utc>,
    /// Not yet confirmed by the server (it will be on the next sync).
    pub pending: bool,
    /// The session was registered before; nothing new was recorded.
    pub already_registered: bool,
}

/// Verifies `text` (a scanned QR code) and records it for the logged-in member.
///
/// `Ok` means the scan is on disk, or was already registered. `Err` means nothing was
/// recorded: [`ScanError::Code`] for a code that is not good (foreign, expired,
/// forged, not ours), [`ScanError::NotLoggedIn`], or [`ScanError::Store`] when the
/// device could not save it.
pub fn scan_text(store: &Store, clock: &dyn Clock, text: &str) -> Result<ScanOutcome, ScanError> {
    // Readers and keyboards wedge may add a line break; the code itself has none.
    let text = text.trim();
    // The store keeps milliseconds: the time shown for a fresh scan must be the one
    // read back later ("already registered at …"), to the digit.
    let now = clock.now().trunc_subsecs(3);
    store.write(|dao| {
        let account = dao.account()?.ok_or(ScanError::NotLoggedIn)?;
        let keys = dao.key_set_or_default()?;
        let claims = payload::verify(text, &keys, SOCIETY, now)?;
        let rules = dao.credit_rules_or_default()?;
        let kind_name = KindName {
            ja: rules.kind_name(&claims.kind, Locale::Ja),
            en: rules.kind_name(&claims.kind, Locale::En),
        };
        let member = account.member_number.as_str();

        if let Some(earlier) = dao.registration(member, &claims.congress_id, &claims.session_id)? {
            return Ok(ScanOutcome {
                scan_id: earlier.scan_id,
                congress_name: claims.congress_name,
                session_title: claims.session_title,
                kind: claims.kind,
                kind_name,
                credit: claims.credit,
                registered_at: earlier.registered_at,
                pending: earlier.pending,
                already_registered: true,
            });
        }

        let id = Uuid::now_v7();
        let clock_offset_ms = dao.clock_offset()?.map(|offset| offset.offset_ms);
        dao.insert_scan(&NewScan {
            id,
            member_number: member,
            code_text: text,
            claims: &claims,
            scanned_at: now,
            clock_offset_ms,
        })?;
        Ok(ScanOutcome {
            scan_id: Some(id),
            congress_name: claims.congress_name,
            session_title: claims.session_title,
            kind: claims.kind,
            kind_name,
            credit: claims.credit,
            registered_at: now,
            pending: true,
            already_registered: false,
        })
    })
}

#[cfg(test)]
mod tests;
