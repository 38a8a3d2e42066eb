//! Realistic claims shared by the payload tests and the measurements: the 63rd annual
//! congress (2023-11-16..18) and one of its educational lectures.

use chrono::{DateTime, TimeZone, Utc};

use crate::keys::DEMO_KEY_ID;
use crate::model::{kinds, CodeClaims, CreditKind, Rotation};

pub const CONGRESS_NAME: &str = "第63回日本核医学会学術総会";
pub const LECTURE_TITLE: &str = "教育講演3 核医学治療の最新動向とセラノスティクス";

/// A time in JST, the way the programme gives it.
pub fn jst(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .map(|t| t - chrono::TimeDelta::hours(9))
        .expect("valid test date")
}

/// The poster at the door of the lecture room: 09:00–10:30 JST on 17 November.
pub fn lecture() -> CodeClaims {
    CodeClaims {
        society: "JSNM".into(),
        congress_id: "jsnm63".into(),
        congress_name: CONGRESS_NAME.into(),
        session_id: "jsnm63-el3".into(),
        session_title: LECTURE_TITLE.into(),
        kind: CreditKind::new(kinds::EDUCATIONAL_LECTURE),
        credit: 1,
        valid_from: jst(2023, 11, 17, 9, 0, 0),
        valid_until: jst(2023, 11, 17, 10, 30, 0),
        key_id: DEMO_KEY_ID.into(),
        rotation: None,
    }
}

/// The same lecture projected on the screen, changing every 30 s; step 61 is shown
/// 09:30:30–09:31:00 JST.
pub fn lecture_rotating() -> CodeClaims {
    CodeClaims {
        rotation: Some(Rotation {
            period_secs: 30,
            step: 61,
        }),
        ..lecture()
    }
}

/// The congress attendance code at the registration desk, valid all three days.
pub fn congress() -> CodeClaims {
    CodeClaims {
        session_id: "jsnm63-attend".into(),
        session_title: "学術総会出席".into(),
        kind: CreditKind::new(kinds::CONGRESS_ATTENDANCE),
        credit: 10,
        valid_from: jst(2023, 11, 16, 8, 0, 0),
        valid_until: jst(2023, 11, 18, 18, 0, 0),
        ..lecture()
    }
}
