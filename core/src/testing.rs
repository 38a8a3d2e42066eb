//! Builders shared by the unit tests: real signed codes (the public demo key), a
//! logged-in member, real SQLite files in temporary folders.

use attend_domain::keys::{demo_signing_key, DEMO_KEY_ID};
use attend_domain::{kinds, payload, Account, CodeClaims, CreditKind};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use tempfile::TempDir;

use crate::store::Store;

pub(crate) const MEMBER: &str = "0012345";

pub(crate) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// 10:00 JST on the congress's first day.
pub(crate) fn congress_morning() -> DateTime<Utc> {
    utc(2026, 11, 16, 1, 0)
}

pub(crate) fn claims(session_id: &str) -> CodeClaims {
    CodeClaims {
        society: "JSNM".into(),
        congress_id: "jsnm66".into(),
        congress_name: "第66回日本核医学会学術総会".into(),
        session_id: session_id.into(),
        session_title: format!("教育講演 {session_id}"),
        kind: CreditKind::new(kinds::EDUCATIONAL_LECTURE),
        credit: 2,
        valid_from: utc(2026, 11, 16, 0, 0),
        valid_until: utc(2026, 11, 18, 9, 0),
        key_id: DEMO_KEY_ID.into(),
        rotation: None,
    }
}

pub(crate) fn sign(claims: &CodeClaims) -> String {
    payload::sign(claims, &demo_signing_key().unwrap()).unwrap()
}

pub(crate) fn code(session_id: &str) -> String {
    sign(&claims(session_id))
}

pub(crate) fn account() -> Account {
    Account {
        member_number: MEMBER.into(),
        display_name: "核医 太郎".into(),
        temporary_password: false,
        update_deadline: NaiveDate::from_ymd_opt(2027, 3, 31),
    }
}

/// A store in a real file with [`account`] logged in. Keep the folder alive.
pub(crate) fn member_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("attend.sqlite3")).unwrap();
    store.write(|dao| dao.set_account(&account())).unwrap();
    (dir, store)
}
