//! HTTPS with a root made for the test (the client trusts exactly that root), a wrong
//! certificate as a clear TLS error, and tokens that expire or are revoked: the member
//! is asked to log in again and no pending scan is lost.

use std::path::Path;
use std::sync::Arc;

use attend_core::auth::{AuthError, Logout, TokenStore};
use attend_core::clock::SystemClock;
use attend_core::net::HttpConfig;
use attend_core::sync::{SyncEngine, SyncError, SyncState};
use attend_domain::{Locale, Localized};
use attend_server::TlsSource;
use attend_tests::world::{
    prepare_server, server_client_ids, test_http, App, Recorder, MEMBER, PASSWORD,
};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};

/// A root CA and a `localhost` certificate it signed, written under `dir`; returns
/// (root PEM, certificate path, key path).
fn make_pki(dir: &Path, name: &str) -> (String, std::path::PathBuf, std::path::PathBuf) {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, format!("{name} test root"));
    let root = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &root)
        .unwrap();
    let cert = dir.join(format!("{name}.crt"));
    let key = dir.join(format!("{name}.key"));
    std::fs::write(&cert, leaf.pem()).unwrap();
    std::fs::write(&key, leaf_key.serialize_pem()).unwrap();
    (root.pem(), cert, key)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_a_pinned_root_and_a_wrong_one() {
    let work = tempfile::tempdir().unwrap();
    let (root, cert, key) = make_pki(work.path(), "society");
    let (other_root, _, _) = make_pki(work.path(), "stranger");
    let mut setup = prepare_server(work.path(), 3).await.unwrap();
    setup.config.tls = Some(TlsSource::Files { cert, key });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = attend_server::serve(setup.config.clone(), listener)
        .await
        .unwrap();
    let url = format!("https://localhost:{}", server.addr().port());

    // Trusting another root: a TLS error at login and at sync, never a silent retry.
    let stranger_dir = work.path().join("stranger-app");
    std::fs::create_dir_all(&stranger_dir).unwrap();
    let mut stranger = App::open(&stranger_dir, &url).unwrap();
    stranger.http.trusted_root_pem = Some(other_root);
    let err = stranger.auth().login(MEMBER, PASSWORD).await.unwrap_err();
    assert!(matches!(err, AuthError::Tls(_)), "{err:?}");
    assert_ne!(err.message(Locale::Ja), err.message(Locale::En));
    stranger.tokens.save("not-a-real-token").unwrap();
    stranger
        .store
        .write(|dao| {
            dao.set_account(&attend_domain::Account {
                member_number: MEMBER.to_owned(),
                display_name: "x".to_owned(),
                temporary_password: false,
                update_deadline: None,
            })
        })
        .unwrap();
    let engine = SyncEngine::start(
        Arc::clone(&stranger.store),
        stranger.tokens.clone(),
        stranger.sync_config(5),
        Arc::new(Recorder::default()),
    );
    let err = engine.sync_now().await.unwrap_err();
    assert!(matches!(err, SyncError::Tls(_)), "{err:?}");
    assert_eq!(engine.status().state, SyncState::Failed);
    engine.shutdown().await;

    // The public roots do not know the test root either.
    let mut public = test_http(&url);
    public.trusted_root_pem = None;
    let public_app = App {
        http: public,
        ..App::open(&stranger_dir, &url).unwrap()
    };
    let err = public_app.auth().login(MEMBER, PASSWORD).await.unwrap_err();
    assert!(matches!(err, AuthError::Tls(_)), "{err:?}");

    // Trusting exactly the society's root: the whole flow over HTTPS.
    let mut app = App::open(work.path(), &url).unwrap();
    app.http.trusted_root_pem = Some(root);
    app.auth().login(MEMBER, PASSWORD).await.unwrap();
    let engine = SyncEngine::start(
        Arc::clone(&app.store),
        app.tokens.clone(),
        app.sync_config(2),
        Arc::new(Recorder::default()),
    );
    engine.sync_now().await.unwrap();
    for code in &setup.codes {
        attend_core::scan_text(&app.store, &SystemClock, code).unwrap();
    }
    let report = engine.sync_now().await.unwrap();
    assert_eq!(report.accepted, 3);
    assert_eq!(app.waiting().unwrap(), 0);
    assert_eq!(server_client_ids(&setup.database_path).unwrap().len(), 3);
    engine.shutdown().await;
    server.shutdown().await.unwrap();
}

#[test]
fn plain_http_only_when_configured() {
    let work = tempfile::tempdir().unwrap();
    let mut app = App::open(work.path(), "http://127.0.0.1:9").unwrap();
    app.http = HttpConfig::new("http://127.0.0.1:9");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let err = runtime
        .block_on(app.auth().login(MEMBER, PASSWORD))
        .unwrap_err();
    assert!(matches!(err, AuthError::Config(_)), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_token_signs_out_keeps_scans_and_syncs_after_login() {
    let work = tempfile::tempdir().unwrap();
    let setup = prepare_server(work.path(), 4).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = attend_server::serve(setup.config.clone(), listener)
        .await
        .unwrap();
    let app = App::open(work.path(), &server.base_url()).unwrap();
    let auth = app.auth();

    // Wrong password, then throttled with a time to come back. (Another member
    // number: the throttle counts per number, so the member below is not held up.)
    let err = auth.login(MEMBER, "wrong-password").await.unwrap_err();
    assert!(matches!(err, AuthError::WrongCredentials), "{err:?}");
    let mut throttled = None;
    for _ in 0..10 {
        match auth.login("9999", "wrong-password").await {
            Err(AuthError::Throttled { retry_at }) => {
                throttled = Some(retry_at);
                break;
            }
            Err(AuthError::WrongCredentials) => continue,
            other => panic!("{other:?}"),
        }
    }
    let retry_at = throttled.expect("never throttled").expect("no Retry-After");
    assert!(retry_at > chrono::Utc::now());
    let err = AuthError::Throttled {
        retry_at: Some(retry_at),
    };
    assert!(err.message(Locale::Ja).contains("以降"));
    assert!(matches!(
        auth.login("", "").await,
        Err(AuthError::MissingInput)
    ));

    let account = auth.login(MEMBER, PASSWORD).await.unwrap();
    assert_eq!(auth.account().unwrap(), Some(account));
    // The token is in the token file, never in the database.
    let token = app.tokens.load().unwrap().unwrap();
    let db = std::fs::read(work.path().join("app.db")).unwrap();
    assert!(!db.windows(token.len()).any(|w| w == token.as_bytes()));

    let recorder = Arc::new(Recorder::default());
    let engine = SyncEngine::start(
        Arc::clone(&app.store),
        app.tokens.clone(),
        app.sync_config(10),
        recorder.clone(),
    );
    engine.sync_now().await.unwrap();
    attend_core::scan_text(&app.store, &SystemClock, &setup.codes[0]).unwrap();
    engine.sync_now().await.unwrap();

    // The office revokes the member's tokens; two scans wait.
    let member = server
        .store()
        .member_by_number(MEMBER)
        .await
        .unwrap()
        .unwrap();
    server
        .store()
        .revoke_member_tokens(member.id, None)
        .await
        .unwrap();
    for code in &setup.codes[1..3] {
        attend_core::scan_text(&app.store, &SystemClock, code).unwrap();
    }
    let err = engine.sync_now().await.unwrap_err();
    assert!(matches!(err, SyncError::SignedOut), "{err:?}");
    assert_eq!(engine.status().state, SyncState::SignedOut);
    assert_eq!(app.waiting().unwrap(), 2);
    // The dead login is forgotten as a logout forgets it: a restart opens the login form.
    assert_eq!(app.tokens.load().unwrap(), None, "dead token forgotten");
    assert_eq!(auth.account().unwrap(), None, "account forgotten");

    // Logging in again sends them.
    auth.login(MEMBER, PASSWORD).await.unwrap();
    engine.notify_login();
    let start = std::time::Instant::now();
    while app.waiting().unwrap() > 0 {
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(server_client_ids(&setup.database_path).unwrap().len(), 3);

    // Logout revokes on the server and forgets here; a scan made before stays.
    attend_core::scan_text(&app.store, &SystemClock, &setup.codes[3]).unwrap();
    let token = app.tokens.load().unwrap().unwrap();
    let account = auth.account().unwrap().unwrap();
    assert_eq!(auth.logout().await.unwrap(), Logout::Revoked);
    assert_eq!(app.tokens.load().unwrap(), None);
    assert_eq!(auth.account().unwrap(), None);
    let err = engine.sync_now().await.unwrap_err();
    assert!(matches!(err, SyncError::SignedOut), "{err:?}");
    assert_eq!(app.waiting().unwrap(), 1);
    // The server no longer takes the token the device had.
    app.tokens.save(&token).unwrap();
    app.store.write(|dao| dao.set_account(&account)).unwrap();
    let err = engine.sync_now().await.unwrap_err();
    assert!(matches!(err, SyncError::SignedOut), "{err:?}");
    assert_eq!(app.waiting().unwrap(), 1);
    auth.login(MEMBER, PASSWORD).await.unwrap();
    engine.notify_login();
    let start = std::time::Instant::now();
    while app.waiting().unwrap() > 0 {
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(server_client_ids(&setup.database_path).unwrap().len(), 4);
    assert!(recorder
        .all()
        .iter()
        .any(|s| s.state == SyncState::SignedOut));

    engine.shutdown().await;
    server.shutdown().await.unwrap();
}
