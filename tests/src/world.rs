//! The real things the tests run against: a society server database with a member, a
//! congress and signed session codes; an app with its own SQLite file and token file;
//! and readers of both sides' records to count what arrived.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use attend_core::auth::{Auth, FileTokenStore};
use attend_core::net::HttpConfig;
use attend_core::sync::{Backoff, SyncConfig, SyncListener, SyncStatus};
use attend_core::Store;
use attend_server::store::{Congress, NewMember, Session};
use attend_server::{codes, credentials, keyring, Config};
use chrono::{Duration as Span, Utc};
use rusqlite::OptionalExtension;

pub type BoxError = Box<dyn Error + Send + Sync>;

pub const MEMBER: &str = "1001";
pub const PASSWORD: &str = "correct-horse-battery";
pub const CONGRESS: &str = "jsnm-63";

/// A server database made ready: its config (no TLS, loopback) and one signed code per
/// session, in session order.
pub struct ServerSetup {
    pub config: Config,
    pub database_path: PathBuf,
    pub codes: Vec<String>,
}

/// Creates the server's database under `dir` with the member [`MEMBER`], one congress
/// and `sessions` lecture sessions open from an hour ago for two days, and signs a
/// code for each with the server's own key (made here, as the server does at start).
pub async fn prepare_server(dir: &Path, sessions: usize) -> Result<ServerSetup, BoxError> {
    let database_path = dir.join("server.db");
    let url = format!("sqlite:{}", database_path.display());
    let key_dir = dir.join("keys");
    let store = attend_server::Store::open(&url, 2).await?;
    keyring::ensure_key(&store, &key_dir, "JSNM").await?;
    let hash = credentials::hash_password(PASSWORD)?;
    store
        .insert_members(&[NewMember {
            member_number: MEMBER.to_owned(),
            name_kanji: "核医 太郎".to_owned(),
            name_kana: "カクイ タロウ".to_owned(),
            name_romaji: "Taro Kakui".to_owned(),
            category: "regular".to_owned(),
            joined_on: None,
            email: None,
            password_hash: hash,
            update_deadline: None,
        }])
        .await?;
    let now = Utc::now();
    let today = now.date_naive();
    store
        .insert_congress(&Congress {
            id: CONGRESS.to_owned(),
            name: "第63回日本核医学会学術総会".to_owned(),
            kind: "annual".to_owned(),
            starts_on: today,
            ends_on: today + Span::days(2),
        })
        .await?;
    let mut codes_out = Vec::with_capacity(sessions);
    for i in 0..sessions {
        let id = format!("s{i:05}");
        store
            .insert_session(&Session {
                id: id.clone(),
                congress_id: CONGRESS.to_owned(),
                congress_name: "第63回日本核医学会学術総会".to_owned(),
                title: format!("教育講演{i}"),
                kind: "lecture".to_owned(),
                credit: 1,
                valid_from: now - Span::hours(1),
                valid_until: now + Span::days(2),
                rotation_secs: None,
            })
            .await?;
        codes_out.push(codes::issue(&store, &key_dir, "JSNM", &id, now).await?.code);
    }
    store.close().await;
    let mut config = Config::new(&url, &key_dir);
    config.listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    Ok(ServerSetup {
        config,
        database_path,
        codes: codes_out,
    })
}

/// Client ids of the member's attendance rows on the server, one entry per row.
pub fn server_client_ids(database_path: &Path) -> Result<Vec<String>, BoxError> {
    // Read-write open: a read-only one cannot recover the WAL of a killed server.
    let conn = rusqlite::Connection::open(database_path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let mut stmt = conn.prepare(
        "SELECT COALESCE(a.client_id, '') FROM attendance a
         JOIN members m ON m.id = a.member_id WHERE m.member_number = ?1",
    )?;
    let ids = stmt
        .query_map([MEMBER], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ids)
}

/// The verdict the server stored for a client id, if it ever received it.
pub fn server_verdict(database_path: &Path, client_id: &str) -> Result<Option<String>, BoxError> {
    let conn = rusqlite::Connection::open(database_path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let verdict = conn
        .query_row(
            "SELECT verdict || COALESCE(' ' || reason, '') FROM scans WHERE client_id = ?1",
            [client_id],
            |row| row.get::<_, String>(0),
        )
        .optional()?;
    Ok(verdict)
}

/// The app side: its database, its token file and how it reaches the server.
pub struct App {
    pub store: Arc<Store>,
    pub tokens: Arc<FileTokenStore>,
    pub http: HttpConfig,
}

impl App {
    pub fn open(dir: &Path, base_url: &str) -> Result<App, BoxError> {
        Ok(App {
            store: Arc::new(Store::open(dir.join("app.db"))?),
            tokens: Arc::new(FileTokenStore::new(dir.join("token"))),
            http: test_http(base_url),
        })
    }

    pub fn auth(&self) -> Auth {
        Auth::new(Arc::clone(&self.store), self.tokens.clone(), &self.http)
    }

    /// Sync settings for tests: small batches so faults hit mid-upload, and a short
    /// backoff so a retry comes within the test's patience.
    pub fn sync_config(&self, batch_size: usize) -> SyncConfig {
        let mut config = SyncConfig::new(self.http.clone());
        config.batch_size = batch_size;
        config.backoff = Backoff {
            base: Duration::from_millis(50),
            max: Duration::from_millis(500),
        };
        config
    }

    pub fn waiting(&self) -> Result<usize, BoxError> {
        Ok(self.store.read(|dao| dao.count_waiting(MEMBER))?)
    }

    /// Client ids of the member's scans the server confirmed (accepted or duplicate).
    pub fn confirmed_ids(&self) -> Result<Vec<String>, BoxError> {
        let scans = self.store.read(|dao| dao.list_scans(MEMBER))?;
        Ok(scans
            .into_iter()
            .filter(|s| s.state.is_confirmed())
            .map(|s| s.id.to_string())
            .collect())
    }
}

/// Plain HTTP on loopback with timeouts short enough for a delayed proxy to trip them.
pub fn test_http(base_url: &str) -> HttpConfig {
    let mut http = HttpConfig::new(base_url);
    http.allow_http = base_url.starts_with("http://");
    http.connect_timeout = Duration::from_secs(2);
    http.request_timeout = Duration::from_secs(3);
    http
}

/// A listener that keeps every status, for the tests to inspect.
#[derive(Default)]
pub struct Recorder {
    statuses: Mutex<Vec<SyncStatus>>,
}

impl Recorder {
    pub fn all(&self) -> Vec<SyncStatus> {
        self.statuses
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl SyncListener for Recorder {
    fn on_update(&self, status: SyncStatus) {
        self.statuses
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(status);
    }
}
