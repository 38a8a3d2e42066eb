//! `AttendApp` against the real server on loopback: login with the temporary password,
//! scans offline and online, sync, home, credits, logout; and an app restarted on the
//! same data folder while the server cannot be reached.

mod common;

use std::path::Path;
use std::sync::Arc;

use attend_core::app::{AppConfig, AppError, AttendApp, EntryStatus};
use attend_core::auth::FileTokenStore;
use attend_core::domain::Locale;

fn open(dir: &Path, url: &str) -> AttendApp {
    let mut config = AppConfig::new(dir, url, Locale::Ja);
    config.allow_http = true;
    AttendApp::open(config, Arc::new(FileTokenStore::new(dir.join("token")))).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_scan_sync_credits_and_logout_against_the_real_server() {
    let world = common::start().await;
    let data = world.path("app");
    let app = open(&data, &world.url());

    let wrong = app
        .login(common::MEMBER, "not-the-password")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), "wrong_credentials");
    assert!(app.message(&wrong).contains("正しくありません"));

    let account = app.login(common::MEMBER, common::PASSWORD).await.unwrap();
    assert_eq!(account.header_name, "試験 太郎 先生");
    assert!(account.temporary_password);
    assert!(account.reminder.unwrap().contains("2030年1月31日"));

    // The first sync fetches the society's keys: the codes verify offline after it.
    app.sync_now().await.unwrap();
    let desk = app.scan_text(&world.codes[0].2).unwrap();
    assert!(desk.pending);
    assert_eq!(desk.kind_name, "学術総会出席");
    // The scan poked the background sync, which may already have sent it: either way,
    // after `sync_now` nothing waits.
    let sent = app.sync_now().await.unwrap();
    assert_eq!(sent.waiting, 0);

    let home = app.home().unwrap();
    assert_eq!(home.entries.len(), 1);
    assert_eq!(home.entries[0].status, EntryStatus::Confirmed);
    assert_eq!(home.waiting, 0);
    let credits = app.credits().unwrap();
    assert_eq!((credits.confirmed_total, credits.pending_total), (10, 0));
    app.shutdown().await;
    drop(app);

    // Restarted with the server out of reach (nothing listens on the port).
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let offline = open(&data, &closed);
    let lecture = offline.scan_text(&world.codes[1].2).unwrap();
    assert!(lecture.pending);
    let failed = offline.sync_now().await.unwrap_err();
    assert!(matches!(failed, AppError::Sync(_)));
    assert_eq!(failed.code(), "sync_will_retry");
    assert_eq!(offline.home().unwrap().waiting, 1);
    let credits = offline.credits().unwrap();
    assert_eq!((credits.confirmed_total, credits.pending_total), (10, 2));
    offline.shutdown().await;
    drop(offline);

    let back = open(&data, &world.url());
    let sent = back.sync_now().await.unwrap();
    assert_eq!((sent.accepted, sent.waiting), (1, 0));
    let home = back.home().unwrap();
    assert!(home
        .entries
        .iter()
        .all(|e| e.status == EntryStatus::Confirmed));
    assert_eq!(home.entries.len(), 2);
    let logout = back.logout().await.unwrap();
    assert!(logout.revoked);
    assert!(back.account().unwrap().is_none());
    back.shutdown().await;
    world.server.shutdown().await.unwrap();
}
