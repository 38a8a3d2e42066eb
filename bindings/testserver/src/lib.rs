//! A real society server for the binding tests: `attend-server` in-process on a
//! loopback port over a fresh SQLite file, with one member holding a temporary
//! password, a congress with two open sessions, and pictures of the lecture's poster as
//! a phone camera sees it. The Rust tests use [`start`] directly; the Python and
//! Kotlin tests spawn the `attend-ffi-testserver` binary, which prints a [`Demo`] as
//! one JSON line and then takes [`Demo::command`]s on its standard input, so a test can
//! do what the society's office does (revoke the member's logins) while the app runs.
//!
//! The poster photo is made, not stored: the signed code depends on the server's
//! freshly generated key and on today's session window, so a photo on disk would be
//! stale. It is rendered as a printed poster, then photographed in software: seen at an
//! angle (a perspective warp), in uneven light, out of focus and with sensor noise.

mod photo;

use std::path::{Path, PathBuf};

use attend_domain::keys::SigningKey;
use attend_domain::payload;
use attend_server::credentials::hash_password;
use attend_server::store::{Congress, NewMember, Session};
use attend_server::{Config, ServerHandle};
use chrono::{Duration, NaiveDate, Utc};
use tempfile::TempDir;

pub use photo::RawFrame;

/// The demo member's number.
pub const MEMBER: &str = "100234";
/// Certification the demo member holds (from the bundled rules).
pub const CERTIFICATION: &str = "nm-specialist";
/// The session on the poster.
pub const LECTURE: &str = "lecture-1";
/// The attendance desk, scanned while offline in the tests.
pub const DESK: &str = "desk";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("server: {0}")]
    Serve(#[from] attend_server::ServeError),
    #[error("database: {0}")]
    Store(#[from] attend_server::store::StoreError),
    #[error("code: {0}")]
    Issue(#[from] attend_server::codes::IssueError),
    #[error("{0}")]
    Setup(String),
    #[error("file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Everything a test needs to drive the member flow against the server.
pub struct Demo {
    pub server: ServerHandle,
    /// The server's database, keys and the pictures; deleted when dropped.
    pub dir: TempDir,
    pub url: String,
    pub member_number: String,
    /// The temporary password of the 会員番号・仮パスワード通知書.
    pub password: String,
    /// The lecture poster's code text.
    pub lecture_code: String,
    /// The attendance desk's code text.
    pub desk_code: String,
    /// The lecture's code with its credit raised and signed by a key that is not the
    /// society's, under the society's key id.
    pub forged_code: String,
    /// The poster photographed (JPEG).
    pub photo_jpeg: PathBuf,
    /// The same photo as raw camera buffers: RGBA, BGRA and luma, rows padded.
    pub frames: Vec<RawFrame>,
    /// A photo of a poster carrying the forged code (JPEG).
    pub forged_photo_jpeg: PathBuf,
}

impl Demo {
    /// One JSON line with every field a test reads.
    pub fn to_json(&self) -> String {
        let path = |p: &Path| p.display().to_string();
        serde_json::json!({
            "url": self.url,
            "member_number": self.member_number,
            "password": self.password,
            "lecture_code": self.lecture_code,
            "desk_code": self.desk_code,
            "forged_code": self.forged_code,
            "photo_jpeg": path(&self.photo_jpeg),
            "forged_photo_jpeg": path(&self.forged_photo_jpeg),
            "frames": self.frames.iter().map(|f| serde_json::json!({
                "format": f.format,
                "path": path(&f.path),
                "width": f.width,
                "height": f.height,
                "stride": f.stride,
            })).collect::<Vec<_>>(),
        })
        .to_string()
    }

    /// What the office does when a member's phone is lost, or what a logout elsewhere
    /// does: every login token of the demo member stops working at once. Returns how many
    /// were still live.
    pub async fn revoke_tokens(&self) -> Result<u64, DemoError> {
        let store = self.server.store();
        let member = store
            .member_by_number(&self.member_number)
            .await?
            .ok_or_else(|| DemoError::Setup(format!("member {} is gone", self.member_number)))?;
        Ok(store.revoke_member_tokens(member.id, None).await?)
    }

    /// One line of the binary's command protocol, answered with one line: `ok <command>`
    /// or `error <why>`. A bad command is an answer, not the end of the server.
    pub async fn command(&self, line: &str) -> String {
        match line.trim() {
            "revoke-tokens" => match self.revoke_tokens().await {
                Ok(_) => "ok revoke-tokens".to_owned(),
                // One answer is one line, whatever the error's text holds.
                Err(e) => format!("error revoke-tokens: {e}").replace('\n', " "),
            },
            other => format!("error unknown command: {other}").replace('\n', " "),
        }
    }

    pub async fn stop(self) -> std::io::Result<()> {
        self.server.shutdown().await
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DemoError + '_ {
    move |source| DemoError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Starts the server on `127.0.0.1:0` and sets up the member, the sessions and the
/// pictures. Call inside a multi-threaded tokio runtime: the server's tasks run there.
pub async fn start() -> Result<Demo, DemoError> {
    let dir = tempfile::tempdir().map_err(io(Path::new("tmp")))?;
    let key_dir = dir.path().join("keys");
    let database = format!("sqlite:{}", dir.path().join("attend.db").display());
    let config = Config::new(&database, &key_dir);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(io(Path::new("127.0.0.1:0")))?;
    let server = attend_server::serve(config.clone(), listener).await?;
    let store = server.store().clone();

    let password = format!("kari-{:08x}", rand::random::<u32>());
    let hash = hash_password(&password).map_err(|e| DemoError::Setup(e.to_string()))?;
    let today = Utc::now().date_naive();
    store
        .insert_members(&[NewMember {
            member_number: MEMBER.to_owned(),
            name_kanji: "核医 花子".to_owned(),
            name_kana: "カクイ ハナコ".to_owned(),
            name_romaji: "Kakui Hanako".to_owned(),
            category: "正会員".to_owned(),
            joined_on: NaiveDate::from_ymd_opt(2012, 4, 1),
            email: Some("hanako@example.jp".to_owned()),
            password_hash: hash,
            update_deadline: Some(today + Duration::days(120)),
        }])
        .await?;
    store
        .set_certification(MEMBER, CERTIFICATION, today + Duration::days(400))
        .await?;
    store
        .insert_congress(&Congress {
            id: "jsnm-66".to_owned(),
            name: "第66回日本核医学会学術総会".to_owned(),
            kind: "annual".to_owned(),
            starts_on: today - Duration::days(1),
            ends_on: today + Duration::days(1),
        })
        .await?;
    let now = attend_server::codes::whole_seconds(Utc::now());
    for (id, title, kind, credit) in [
        (LECTURE, "教育講演1 核医学治療の最前線", "lecture", 1),
        (DESK, "出席受付", "congress", 10),
    ] {
        store
            .insert_session(&Session {
                id: id.to_owned(),
                congress_id: "jsnm-66".to_owned(),
                congress_name: String::new(),
                title: title.to_owned(),
                kind: kind.to_owned(),
                credit,
                valid_from: now - Duration::hours(1),
                valid_until: now + Duration::days(1),
                rotation_secs: None,
            })
            .await?;
    }
    let issue = |session: &'static str| {
        attend_server::codes::issue(
            &store,
            &config.key_dir,
            &config.society,
            session,
            Utc::now(),
        )
    };
    let lecture_code = issue(LECTURE).await?.code;
    let desk_code = issue(DESK).await?.code;
    let forged_code = forge(&lecture_code)?;

    let photo_jpeg = dir.path().join("poster-photo.jpg");
    let frames = photo::photograph(&lecture_code, &photo_jpeg, Some(dir.path()))?;
    let forged_photo_jpeg = dir.path().join("forged-poster-photo.jpg");
    photo::photograph(&forged_code, &forged_photo_jpeg, None)?;

    Ok(Demo {
        url: server.base_url(),
        server,
        dir,
        member_number: MEMBER.to_owned(),
        password,
        lecture_code,
        desk_code,
        forged_code,
        photo_jpeg,
        frames,
        forged_photo_jpeg,
    })
}

/// What a forger can do: read a real code, raise its credit, sign it with a key of
/// their own under the society's key id.
fn forge(real: &str) -> Result<String, DemoError> {
    let mut claims = payload::read_unverified(real).map_err(|e| DemoError::Setup(e.to_string()))?;
    claims.credit = 50;
    let (key, _) =
        SigningKey::generate(&claims.key_id).map_err(|e| DemoError::Setup(e.to_string()))?;
    payload::sign(&claims, &key).map_err(|e| DemoError::Setup(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn revoke_tokens_ends_every_login_of_the_member() {
        let demo = start().await.unwrap();
        let store = demo.server.store().clone();
        let member = store.member_by_number(MEMBER).await.unwrap().unwrap();
        let now = Utc::now().timestamp_millis();
        let hour = 3_600_000;
        for hash in ["phone-a", "phone-b"] {
            store
                .insert_token(hash, member.id, now, now + hour)
                .await
                .unwrap();
        }
        assert!(store.token_owner("phone-a", now).await.unwrap().is_some());

        assert_eq!(demo.command("revoke-tokens\n").await, "ok revoke-tokens");
        for hash in ["phone-a", "phone-b"] {
            assert!(
                store.token_owner(hash, now).await.unwrap().is_none(),
                "{hash}"
            );
        }
        // Nothing left to revoke is still a success.
        assert_eq!(demo.command("revoke-tokens").await, "ok revoke-tokens");
        assert_eq!(demo.revoke_tokens().await.unwrap(), 0);

        // A new login after the revocation works: only the old ones were ended.
        store
            .insert_token("phone-c", member.id, now, now + hour)
            .await
            .unwrap();
        assert!(store.token_owner("phone-c", now).await.unwrap().is_some());
        assert_eq!(
            demo.command("reboot-universe").await,
            "error unknown command: reboot-universe"
        );
        assert!(store.token_owner("phone-c", now).await.unwrap().is_some());
        demo.stop().await.unwrap();
    }
}
