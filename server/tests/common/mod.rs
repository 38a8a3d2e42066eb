//! Test support: a real server on a loopback port over a real database, one per test.
//!
//! Every test is written once as `async fn name(env: TestEnv)` and run on both backends
//! by [`backend_tests!`]. PostgreSQL tests need `ATTEND_TEST_PG_URL` (run
//! `scripts/postgres.sh start` and export what it prints); without it they fail with
//! that advice, unless `ATTEND_SKIP_PG=1` says to skip them on purpose.
#![allow(dead_code)]

pub mod browser;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use attend_domain::payload;
use attend_domain::{CodeClaims, CreditKind, Rotation};
use attend_server::config::LoginLimits;
use attend_server::credentials::hash_password;
use attend_server::store::{Congress, NewMember, Session};
use attend_server::{keyring, Config, ServerHandle, Store};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde_json::{json, Value};
use tempfile::TempDir;

pub const STAFF_TOKEN: &str = "staff-secret-for-tests";
pub const PASSWORD: &str = "kari-pass-23";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestEnv {
    pub server: Option<ServerHandle>,
    pub base: String,
    pub http: reqwest::Client,
    /// The server's own database handle, for setting up and checking state.
    pub store: Store,
    pub config: Config,
    pub dir: TempDir,
    pub backend: Backend,
}

/// A fresh, empty PostgreSQL database on the test cluster; `None` when skipping.
async fn fresh_pg_database() -> Option<String> {
    let Ok(url) = std::env::var("ATTEND_TEST_PG_URL") else {
        if std::env::var("ATTEND_SKIP_PG").as_deref() == Ok("1") {
            eprintln!("ATTEND_SKIP_PG=1: PostgreSQL test skipped");
            return None;
        }
        panic!(
            "ATTEND_TEST_PG_URL is not set. Start the test cluster with \
             `eval \"$(scripts/postgres.sh start)\"` (it prints the export), \
             or set ATTEND_SKIP_PG=1 to skip the PostgreSQL variants on purpose."
        );
    };
    let admin = sqlx::PgPool::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to ATTEND_TEST_PG_URL ({url}): {e}"));
    let name = format!("test_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    // Same server, the new database: replace the path of the URL.
    let after = url.find("//").map(|i| i + 2).unwrap_or(0);
    let base = match url[after..].find('/') {
        Some(i) => &url[..after + i],
        None => url.as_str(),
    };
    Some(format!("{base}/{name}"))
}

impl TestEnv {
    pub async fn start(backend: Backend) -> Option<TestEnv> {
        Self::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<TestEnv> {
        attend_server::tls::install_crypto_provider();
        let dir = tempfile::tempdir().expect("tempdir");
        let url = match backend {
            Backend::Sqlite => format!("sqlite:{}", dir.path().join("attend.db").display()),
            Backend::Postgres => fresh_pg_database().await?,
        };
        let key_dir = dir.path().join("keys");
        std::fs::create_dir(&key_dir).expect("key dir");
        std::fs::set_permissions(&key_dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        let mut config = Config::new(&url, &key_dir);
        config.staff_token = Some(STAFF_TOKEN.to_owned());
        config.max_connections = 4;
        config.login_limits = LoginLimits {
            per_member: 5,
            per_address: 50,
            window_secs: 900,
        };
        tweak(&mut config);
        let env = Self::launch(config, dir, backend).await;
        Some(env)
    }

    async fn launch(config: Config, dir: TempDir, backend: Backend) -> TestEnv {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let server = attend_server::serve(config.clone(), listener)
            .await
            .expect("serve");
        let store = server.store().clone();
        let mut builder = reqwest::Client::builder();
        if let Some(pem) = server.tls_cert_pem() {
            let cert = reqwest::Certificate::from_pem(pem.as_bytes()).expect("cert");
            builder = builder.tls_certs_only([cert]);
        }
        TestEnv {
            base: server.base_url(),
            server: Some(server),
            http: builder.build().expect("client"),
            store,
            config,
            dir,
            backend,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await.expect("shutdown");
        }
    }

    /// Adds a member with [`PASSWORD`] (temporary) and returns the member number.
    pub async fn add_member(&self, number: &str) -> String {
        let hash = hash_password(PASSWORD).expect("hash");
        self.store
            .insert_members(&[NewMember {
                member_number: number.to_owned(),
                name_kanji: format!("核医 太郎{number}"),
                name_kana: "カクイ タロウ".to_owned(),
                name_romaji: "Kakui Taro".to_owned(),
                category: "正会員".to_owned(),
                joined_on: NaiveDate::from_ymd_opt(2010, 4, 1),
                email: Some(format!("{number}@example.jp")),
                password_hash: hash,
                update_deadline: NaiveDate::from_ymd_opt(2027, 3, 31),
            }])
            .await
            .expect("insert member");
        number.to_owned()
    }

    pub async fn login(&self, number: &str, password: &str) -> reqwest::Response {
        self.http
            .post(self.url("/api/v1/login"))
            .json(&json!({"member_number": number, "password": password}))
            .send()
            .await
            .expect("login request")
    }

    /// A member logged in: (number, token).
    pub async fn member(&self, number: &str) -> (String, String) {
        self.add_member(number).await;
        let r = self.login(number, PASSWORD).await;
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.expect("json");
        (
            number.to_owned(),
            body["token"].as_str().expect("token").to_owned(),
        )
    }

    pub async fn congress(&self, id: &str, kind: &str) {
        self.store
            .insert_congress(&Congress {
                id: id.to_owned(),
                name: format!("第63回日本核医学会学術総会 {id}"),
                kind: kind.to_owned(),
                starts_on: NaiveDate::from_ymd_opt(2026, 11, 16).expect("date"),
                ends_on: NaiveDate::from_ymd_opt(2026, 11, 18).expect("date"),
            })
            .await
            .expect("congress");
    }

    /// A session open from `from` to `until` (relative to now, seconds).
    pub async fn session(
        &self,
        congress: &str,
        id: &str,
        kind: &str,
        from: i64,
        until: i64,
        rotation: Option<i64>,
    ) -> Session {
        let now = whole(Utc::now());
        let s = Session {
            id: id.to_owned(),
            congress_id: congress.to_owned(),
            congress_name: String::new(),
            title: format!("教育講演 {id}"),
            kind: kind.to_owned(),
            credit: 2,
            valid_from: now + TimeDelta::seconds(from),
            valid_until: now + TimeDelta::seconds(until),
            rotation_secs: rotation,
        };
        self.store.insert_session(&s).await.expect("session");
        self.store
            .session(id)
            .await
            .expect("read")
            .expect("session exists")
    }

    /// The claims of a session's code (step 0 when rotating), signed by the active key.
    pub async fn claims(&self, s: &Session) -> CodeClaims {
        let key = keyring::active_key(&self.store, &self.config.key_dir)
            .await
            .expect("key");
        CodeClaims {
            society: "JSNM".to_owned(),
            congress_id: s.congress_id.clone(),
            congress_name: s.congress_name.clone(),
            session_id: s.id.clone(),
            session_title: s.title.clone(),
            kind: CreditKind(s.kind.clone()),
            credit: 2,
            valid_from: s.valid_from,
            valid_until: s.valid_until,
            key_id: key.key_id().to_owned(),
            rotation: s.rotation_secs.map(|p| Rotation {
                period_secs: p as u32,
                step: 0,
            }),
        }
    }

    pub async fn sign(&self, claims: &CodeClaims) -> String {
        let key = keyring::active_key(&self.store, &self.config.key_dir)
            .await
            .expect("key");
        payload::sign(claims, &key).expect("sign")
    }

    pub async fn code(&self, s: &Session) -> String {
        let claims = self.claims(s).await;
        self.sign(&claims).await
    }

    pub async fn upload(&self, token: &str, items: &[Value]) -> reqwest::Response {
        self.http
            .post(self.url("/api/v1/attendance"))
            .bearer_auth(token)
            .json(&json!({ "items": items }))
            .send()
            .await
            .expect("upload request")
    }

    pub fn key_dir(&self) -> PathBuf {
        self.config.key_dir.clone()
    }
}

pub fn whole(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(at.timestamp(), 0).expect("time")
}

pub fn item(code: &str, scanned_at: DateTime<Utc>) -> Value {
    json!({
        "client_id": uuid::Uuid::new_v4(),
        "code": code,
        "scanned_at": scanned_at,
    })
}

/// Verdicts of an upload answer, in order, as "accepted" / "duplicate" / "rejected:reason".
pub fn verdicts(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| match r["reason"].as_str() {
            Some(reason) => format!("{}:{reason}", r["verdict"].as_str().unwrap_or("?")),
            None => r["verdict"].as_str().unwrap_or("?").to_owned(),
        })
        .collect()
}

/// Generates one `#[tokio::test]` per backend for each named `async fn(Backend)`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            )*
        }
    };
}
