//! The member's own documents against the real server, watched through the proxy's
//! log: the history's ETag outlives an app restart (a conditional request answered
//! 304, the rows kept), never serves another member or the next login, and the
//! certifications held are refreshed by background passes, not only by "sync".
//!
//! The server's history ETag covers its `since` field (the first day of the seven-year
//! window, in Japan time), so a test run across midnight JST would see one extra 200.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use attend_core::app::{AppConfig, AttendApp};
use attend_core::auth::FileTokenStore;
use attend_core::clock::FixedClock;
use attend_core::store::MemberDocument;
use attend_core::sync::{SyncEngine, SyncReport, SyncState};
use attend_domain::Locale;
use attend_server::store::NewMember;
use attend_server::{credentials, ServerHandle};
use attend_tests::proxy::{Exchange, Proxy};
use attend_tests::world::{prepare_server, App, Recorder, MEMBER, PASSWORD};
use chrono::{Duration as Span, NaiveDate, Utc};

const HISTORY: &str = "GET /api/v1/attendance";
const OTHER: &str = "1002";

struct World {
    _work: tempfile::TempDir,
    server: ServerHandle,
    proxy: Proxy,
    app_dir: std::path::PathBuf,
}

async fn world(sessions: usize) -> World {
    let work = tempfile::tempdir().unwrap();
    let setup = prepare_server(work.path(), sessions).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = attend_server::serve(setup.config.clone(), listener)
        .await
        .unwrap();
    let proxy = Proxy::start(server.addr()).await.unwrap();
    let app_dir = work.path().join("device");
    std::fs::create_dir_all(&app_dir).unwrap();
    World {
        _work: work,
        server,
        proxy,
        app_dir,
    }
}

/// The office imports attendance of `member` for the sessions `s{first..end}`, at
/// times fixed by the session number, so two members' histories can be byte-equal.
async fn import(server: &ServerHandle, member: &str, sessions: std::ops::Range<usize>) {
    let store = server.store();
    let id = store.member_by_number(member).await.unwrap().unwrap().id;
    let base = Utc::now() - Span::minutes(30);
    let at = base - Span::milliseconds(base.timestamp_subsec_millis().into());
    let rows: Vec<_> = sessions
        .map(|i| (id, format!("s{i:05}"), at + Span::seconds(i as i64)))
        .collect();
    store.import_attendance(&rows, "web").await.unwrap();
}

fn start_engine(app: &App) -> SyncEngine {
    SyncEngine::start(
        Arc::clone(&app.store),
        app.tokens.clone(),
        app.sync_config(50),
        Arc::new(Recorder::default()),
    )
}

fn history_rows(app: &App, member: &str) -> usize {
    app.store.read(|dao| dao.history(member)).unwrap().len()
}

fn stored_tag(app: &App, member: &str) -> Option<String> {
    app.store
        .read(|dao| dao.member_etag(member, MemberDocument::History))
        .unwrap()
}

/// The one history request of a pass.
fn history_request(exchanges: &[Exchange]) -> Exchange {
    let found: Vec<&Exchange> = exchanges.iter().filter(|e| e.request == HISTORY).collect();
    assert_eq!(found.len(), 1, "{exchanges:#?}");
    found[0].clone()
}

fn total_bytes(exchanges: &[Exchange]) -> usize {
    exchanges.iter().map(|e| e.bytes).sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_app_revalidates_its_history_and_keeps_it_on_304() {
    let w = world(30).await;
    import(&w.server, MEMBER, 0..25).await;

    // First start: login and a whole download.
    let app = App::open(&w.app_dir, &w.proxy.base_url()).unwrap();
    app.auth().login(MEMBER, PASSWORD).await.unwrap();
    let engine = start_engine(&app);
    let first: SyncReport = engine.sync_now().await.unwrap();
    assert!(first.history_updated);
    let first_pass = w.proxy.take_exchanges();
    let whole = history_request(&first_pass);
    assert_eq!(whole.if_none_match, None);
    assert_eq!(whole.status, 200);
    assert_eq!(history_rows(&app, MEMBER), 25);
    let tag = stored_tag(&app, MEMBER).expect("the history's ETag is stored");
    engine.shutdown().await;
    drop(engine);
    drop(app);

    // The app is started again over the same SQLite file and token file.
    let app = App::open(&w.app_dir, &w.proxy.base_url()).unwrap();
    let engine = start_engine(&app);
    let again = engine.sync_now().await.unwrap();
    assert!(!again.history_updated);
    // `/me` came whole, but with the same (empty) list: nothing was rewritten.
    assert!(!again.certifications_updated);
    let second_pass = w.proxy.take_exchanges();
    let revalidated = history_request(&second_pass);
    assert_eq!(revalidated.if_none_match.as_deref(), Some(tag.as_str()));
    assert_eq!(revalidated.status, 304);
    assert!(
        revalidated.bytes < whole.bytes / 4,
        "{revalidated:?} vs {whole:?}"
    );
    // The 304 kept what the tag describes.
    assert_eq!(history_rows(&app, MEMBER), 25);
    assert_eq!(stored_tag(&app, MEMBER).as_deref(), Some(tag.as_str()));
    // Keys and rules were revalidated too: only `/me` (no ETag on the server) came whole.
    let whole_answers: Vec<&str> = second_pass
        .iter()
        .filter(|e| e.status == 200)
        .map(|e| e.request.as_str())
        .collect();
    assert_eq!(whole_answers, vec!["GET /api/v1/me"], "{second_pass:#?}");
    println!(
        "history of 25 records: first pass {} bytes (history {}), pass after restart {} bytes (history {})",
        total_bytes(&first_pass),
        whole.bytes,
        total_bytes(&second_pass),
        revalidated.bytes
    );
    for e in &second_pass {
        println!(
            "  after restart: {} -> {} ({} bytes)",
            e.request, e.status, e.bytes
        );
    }

    // A record added on the server: the tag no longer matches, the new list comes.
    import(&w.server, MEMBER, 25..26).await;
    assert!(engine.sync_now().await.unwrap().history_updated);
    let changed = history_request(&w.proxy.take_exchanges());
    assert_eq!(changed.if_none_match.as_deref(), Some(tag.as_str()));
    assert_eq!(changed.status, 200);
    assert_eq!(history_rows(&app, MEMBER), 26);
    let new_tag = stored_tag(&app, MEMBER).unwrap();
    assert_ne!(new_tag, tag);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_member_or_the_next_login_downloads_the_history_whole() {
    let w = world(5).await;
    w.server
        .store()
        .insert_members(&[NewMember {
            member_number: OTHER.to_owned(),
            name_kanji: "核医 花子".to_owned(),
            name_kana: "カクイ ハナコ".to_owned(),
            name_romaji: "Hanako Kakui".to_owned(),
            category: "regular".to_owned(),
            joined_on: None,
            email: None,
            password_hash: credentials::hash_password(PASSWORD).unwrap(),
            update_deadline: None,
        }])
        .await
        .unwrap();
    // The same sessions at the same times: the server sends both members the same
    // bytes under the same ETag, so a tag reused across members would get a 304 and
    // leave the second member with no history at all.
    import(&w.server, MEMBER, 0..5).await;
    import(&w.server, OTHER, 0..5).await;

    let app = App::open(&w.app_dir, &w.proxy.base_url()).unwrap();
    let auth = app.auth();
    let engine = start_engine(&app);
    auth.login(MEMBER, PASSWORD).await.unwrap();
    engine.sync_now().await.unwrap();
    let first_tag = stored_tag(&app, MEMBER).unwrap();
    assert_eq!(history_rows(&app, MEMBER), 5);

    auth.logout().await.unwrap();
    assert_eq!(stored_tag(&app, MEMBER), None);
    w.proxy.take_exchanges();

    auth.login(OTHER, PASSWORD).await.unwrap();
    assert!(engine.sync_now().await.unwrap().history_updated);
    let theirs = history_request(&w.proxy.take_exchanges());
    assert_eq!(theirs.if_none_match, None);
    assert_eq!(theirs.status, 200);
    assert_eq!(history_rows(&app, OTHER), 5);
    assert_eq!(stored_tag(&app, OTHER).as_deref(), Some(first_tag.as_str()));

    // The first member back after a logout: a whole download again, rows kept.
    auth.logout().await.unwrap();
    auth.login(MEMBER, PASSWORD).await.unwrap();
    engine.sync_now().await.unwrap();
    let back = history_request(&w.proxy.take_exchanges());
    assert_eq!(back.if_none_match, None);
    assert_eq!(back.status, 200);
    assert_eq!(history_rows(&app, MEMBER), 5);
    assert_eq!(history_rows(&app, OTHER), 5);
    engine.shutdown().await;
}

async fn wait_for(patience: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < patience, "still waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The network drops and returns, as at a venue: the engine runs a background pass on
/// its own. Returns when that pass has ended (the listener saw it start and settle).
async fn network_comes_back(engine: &SyncEngine, recorder: &Recorder) {
    let before = recorder.all().len();
    engine.network_changed(false);
    engine.network_changed(true);
    wait_for(Duration::from_secs(20), "a background pass", || {
        let seen = recorder.all();
        let new = seen.get(before..).unwrap_or_default();
        new.iter()
            .position(|s| s.state == SyncState::Syncing)
            .is_some_and(|i| new[i..].iter().any(|s| s.state == SyncState::Idle))
    })
    .await;
}

fn held(app: &App) -> Vec<String> {
    app.store
        .read(|dao| dao.held_certifications(MEMBER))
        .unwrap()
        .into_iter()
        .map(|c| c.cert_id)
        .collect()
}

fn asked_for_me(exchanges: &[Exchange]) -> bool {
    exchanges.iter().any(|e| e.request == "GET /api/v1/me")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certification_granted_after_login_shows_after_a_background_pass() {
    let w = world(1).await;
    let app = App::open(&w.app_dir, &w.proxy.base_url()).unwrap();
    app.auth().login(MEMBER, PASSWORD).await.unwrap();
    // The device clock, moved by the test; the default interval between background
    // requests for the certifications (an hour).
    let clock = Arc::new(FixedClock::new(Utc::now()));
    let mut config = app.sync_config(50);
    config.clock = clock.clone();
    let every = config.certifications_every;
    let recorder = Arc::new(Recorder::default());
    let engine = SyncEngine::start(
        Arc::clone(&app.store),
        app.tokens.clone(),
        config,
        recorder.clone(),
    );
    engine.sync_now().await.unwrap();
    assert!(asked_for_me(&w.proxy.take_exchanges()));
    assert!(held(&app).is_empty());

    // The office records the member's certification after the login.
    let due = NaiveDate::from_ymd_opt(2029, 3, 31).unwrap();
    w.server
        .store()
        .set_certification(MEMBER, "nm-specialist", due)
        .await
        .unwrap();

    // A background pass soon after does not ask again (at a congress a pass follows
    // every scan, and the answer is as large as the history).
    network_comes_back(&engine, &recorder).await;
    let soon = w.proxy.take_exchanges();
    assert!(soon.iter().any(|e| e.request == HISTORY), "{soon:#?}");
    assert!(!asked_for_me(&soon), "{soon:#?}");
    assert!(held(&app).is_empty());

    // Once the interval has passed, the next background pass brings it.
    clock.advance(Span::from_std(every).unwrap());
    network_comes_back(&engine, &recorder).await;
    assert!(asked_for_me(&w.proxy.take_exchanges()));
    assert_eq!(held(&app), vec!["nm-specialist".to_owned()]);
    engine.shutdown().await;
}

fn open_app(dir: &Path, base_url: &str) -> AttendApp {
    let mut config = AppConfig::new(dir, base_url, Locale::Ja);
    config.allow_http = true;
    let tokens = Arc::new(FileTokenStore::new(dir.join("token")));
    AttendApp::open(config, tokens).unwrap()
}

/// The facade no longer fetches the certifications itself: its login and "sync" passes
/// bring them, and the credit screen shows their progress.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apps_login_and_sync_bring_the_certifications_held() {
    let w = world(1).await;
    let due = NaiveDate::from_ymd_opt(2029, 3, 31).unwrap();
    let store = w.server.store();
    store
        .set_certification(MEMBER, "nm-specialist", due)
        .await
        .unwrap();
    let app = open_app(&w.app_dir, &w.proxy.base_url());
    app.login(MEMBER, PASSWORD).await.unwrap();
    let names = |app: &AttendApp| -> Vec<String> {
        let credits = app.credits().unwrap();
        credits.certifications.into_iter().map(|c| c.name).collect()
    };
    assert_eq!(names(&app), vec!["核医学専門医".to_owned()]);

    store
        .set_certification(MEMBER, "pet-certified", due)
        .await
        .unwrap();
    app.sync_now().await.unwrap();
    assert_eq!(
        names(&app),
        vec!["核医学専門医".to_owned(), "PET核医学認定医".to_owned()]
    );
    app.shutdown().await;
}
