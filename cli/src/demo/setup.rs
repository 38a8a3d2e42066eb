//! The society's side of the demo, done with the server's own library: start it on
//! SQLite in a temporary folder, set up a congress with its sessions, import members
//! with temporary passwords, grant a certification, sign each session's code.

use std::path::Path;

use attend_core::domain::tally::japan_date;
use attend_server::admin::{import_members, PasswordNotice};
use attend_server::store::{Congress, Session};
use attend_server::{codes, serve, Config, ServerHandle};
use chrono::{Duration, NaiveDate, Utc};
use tokio::net::TcpListener;

use super::DemoError;

pub const CONGRESS_ID: &str = "jsnm66";
pub const CONGRESS_NAME: &str = "第66回日本核医学会学術総会";
pub const CERTIFICATION: &str = "nm-specialist";

/// One session of the demo congress and its signed code.
pub struct DemoSession {
    pub id: &'static str,
    pub title: &'static str,
    pub kind_name: &'static str,
    pub credit: u16,
    pub code: String,
}

const SESSIONS: [(&str, &str, &str, &str, u16); 3] = [
    (
        "jsnm66-desk",
        "学術総会 出席受付",
        "congress",
        "学術総会出席",
        10,
    ),
    (
        "jsnm66-el1",
        "教育講演1 核医学治療の最新動向とセラノスティクス",
        "lecture",
        "教育講演",
        2,
    ),
    (
        "jsnm66-el2",
        "教育講演2 PET/CT読影の基礎",
        "lecture",
        "教育講演",
        2,
    ),
];

const MEMBERS_CSV_HEADER: &str =
    "member_number,name_kanji,name_kana,name_romaji,category,joined_on,email,update_deadline";

pub struct Society {
    pub server: ServerHandle,
    pub sessions: Vec<DemoSession>,
    pub notices: Vec<PasswordNotice>,
    pub congress_dates: (NaiveDate, NaiveDate),
}

fn setup_err(what: &str) -> impl FnOnce(String) -> DemoError + '_ {
    move |detail| DemoError::Setup(format!("{what}: {detail}"))
}

pub async fn start(dir: &Path) -> Result<Society, DemoError> {
    let url = format!("sqlite:{}", dir.join("server.db").display());
    let mut config = Config::new(&url, &dir.join("keys"));
    config.listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| DemoError::Server(e.to_string()))?;
    let server = serve(config.clone(), listener)
        .await
        .map_err(|e| DemoError::Server(e.to_string()))?;
    let store = server.store();

    // The congress runs from yesterday to tomorrow (Japan dates), so "now" is day two.
    let today = japan_date(Utc::now());
    let (starts_on, ends_on) = (today - Duration::days(1), today + Duration::days(1));
    store
        .insert_congress(&Congress {
            id: CONGRESS_ID.to_owned(),
            name: CONGRESS_NAME.to_owned(),
            kind: "annual".to_owned(),
            starts_on,
            ends_on,
        })
        .await
        .map_err(|e| setup_err("congress")(e.to_string()))?;

    let now = Utc::now();
    let mut sessions = Vec::new();
    for (id, title, kind, kind_name, credit) in SESSIONS {
        store
            .insert_session(&Session {
                id: id.to_owned(),
                congress_id: CONGRESS_ID.to_owned(),
                congress_name: CONGRESS_NAME.to_owned(),
                title: title.to_owned(),
                kind: kind.to_owned(),
                credit: i64::from(credit),
                valid_from: now - Duration::hours(2),
                valid_until: now + Duration::days(1),
                rotation_secs: None,
            })
            .await
            .map_err(|e| setup_err("session")(e.to_string()))?;
        let code = codes::issue(store, &config.key_dir, &config.society, id, now)
            .await
            .map_err(|e| setup_err("code")(e.to_string()))?
            .code;
        sessions.push(DemoSession {
            id,
            title,
            kind_name,
            credit,
            code,
        });
    }

    let deadline = today + Duration::days(30);
    let csv_path = dir.join("members.csv");
    let csv = format!(
        "{MEMBERS_CSV_HEADER}\n\
         1001,核医 花子,カクイ ハナコ,Hanako Kakui,正会員,2015-04-01,hanako@example.org,{deadline}\n\
         1002,放射 次郎,ホウシャ ジロウ,Jiro Hosha,正会員,2019-04-01,jiro@example.org,{deadline}\n"
    );
    std::fs::write(&csv_path, csv).map_err(|e| setup_err("members.csv")(e.to_string()))?;
    let notice_path = dir.join("password-notices.csv");
    import_members(store, &csv_path, &notice_path)
        .await
        .map_err(|e| setup_err("import")(e.to_string()))?;
    let mut notices = Vec::new();
    let mut reader =
        csv::Reader::from_path(&notice_path).map_err(|e| setup_err("notices")(e.to_string()))?;
    for row in reader.deserialize::<PasswordNotice>() {
        notices.push(row.map_err(|e| setup_err("notices")(e.to_string()))?);
    }
    store
        .set_certification("1001", CERTIFICATION, today + Duration::days(365 * 2))
        .await
        .map_err(|e| setup_err("certification")(e.to_string()))?;

    Ok(Society {
        server,
        sessions,
        notices,
        congress_dates: (starts_on, ends_on),
    })
}
