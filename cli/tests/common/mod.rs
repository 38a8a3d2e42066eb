//! The real server on loopback for the CLI and facade tests: a member with a known
//! temporary password, a congress with two sessions, their signed codes, and photos
//! of the codes as image files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use attend_server::store::{Congress, NewMember, Session};
use attend_server::{codes, credentials, serve, Config, ServerHandle};
use chrono::{Duration, Utc};
use image::{GrayImage, Luma};

pub const MEMBER: &str = "2001";
pub const PASSWORD: &str = "temp-pass-2001";
pub const CONGRESS_NAME: &str = "第66回日本核医学会学術総会";

pub struct World {
    pub dir: tempfile::TempDir,
    pub server: ServerHandle,
    /// (session id, title, code) in order: the attendance desk, then a lecture.
    pub codes: Vec<(String, String, String)>,
}

impl World {
    pub fn url(&self) -> String {
        self.server.base_url()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub async fn start() -> World {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("server.db").display());
    let key_dir = dir.path().join("keys");
    let mut config = Config::new(&url, &key_dir);
    config.listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
    let server = serve(config.clone(), listener).await.unwrap();
    let store = server.store();
    store
        .insert_members(&[NewMember {
            member_number: MEMBER.to_owned(),
            name_kanji: "試験 太郎".to_owned(),
            name_kana: "シケン タロウ".to_owned(),
            name_romaji: "Taro Shiken".to_owned(),
            category: "正会員".to_owned(),
            joined_on: None,
            email: None,
            password_hash: credentials::hash_password(PASSWORD).unwrap(),
            update_deadline: chrono::NaiveDate::from_ymd_opt(2030, 1, 31),
        }])
        .await
        .unwrap();
    let now = Utc::now();
    store
        .insert_congress(&Congress {
            id: "jsnm66".to_owned(),
            name: CONGRESS_NAME.to_owned(),
            kind: "annual".to_owned(),
            starts_on: now.date_naive(),
            ends_on: now.date_naive() + Duration::days(2),
        })
        .await
        .unwrap();
    let mut out = Vec::new();
    for (id, title, kind, credit) in [
        ("desk", "学術総会 出席受付", "congress", 10),
        ("el1", "教育講演1 核医学治療", "lecture", 2),
    ] {
        store
            .insert_session(&Session {
                id: id.to_owned(),
                congress_id: "jsnm66".to_owned(),
                congress_name: CONGRESS_NAME.to_owned(),
                title: title.to_owned(),
                kind: kind.to_owned(),
                credit,
                valid_from: now - Duration::hours(1),
                valid_until: now + Duration::days(1),
                rotation_secs: None,
            })
            .await
            .unwrap();
        let code = codes::issue(store, &key_dir, "JSNM", id, now)
            .await
            .unwrap()
            .code;
        out.push((id.to_owned(), title.to_owned(), code));
    }
    World {
        dir,
        server,
        codes: out,
    }
}

/// A clean rendering of a QR code as a PNG file (what a screenshot of a code is).
pub fn qr_file(text: &str, path: &Path) {
    let qr = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let width = qr.width();
    let colors = qr.to_colors();
    let (scale, quiet) = (6usize, 4usize);
    let side = ((width + 2 * quiet) * scale) as u32;
    GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x as usize / scale, y as usize / scale);
        let inside = mx >= quiet && my >= quiet && mx < width + quiet && my < width + quiet;
        let dark = inside && colors[(my - quiet) * width + (mx - quiet)] == qrcode::Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    })
    .save(path)
    .unwrap();
}
