//! Sync through a fault-injecting proxy against the real server: every fault a venue
//! network produces, switched while the app syncs; afterwards every scan is on the
//! server exactly once and confirmed on the device.

use std::sync::Arc;
use std::time::{Duration, Instant};

use attend_core::clock::SystemClock;
use attend_core::sync::{SyncEngine, SyncError, SyncState};
use attend_domain::ScanState;
use attend_tests::proxy::{Fault, Proxy};
use attend_tests::world::{prepare_server, server_client_ids, App, Recorder, MEMBER, PASSWORD};

async fn wait_until_confirmed(app: &App, patience: Duration) {
    let start = Instant::now();
    while app.waiting().unwrap() > 0 {
        assert!(
            start.elapsed() < patience,
            "{} scans still waiting",
            app.waiting().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn assert_exactly_once(app: &App, database: &std::path::Path, expected: usize) {
    let mut on_server = server_client_ids(database).unwrap();
    on_server.sort();
    let before = on_server.len();
    on_server.dedup();
    assert_eq!(
        before,
        on_server.len(),
        "a client id is on the server twice"
    );
    let mut on_device: Vec<String> = app
        .store
        .read(|dao| dao.list_scans(MEMBER))
        .unwrap()
        .into_iter()
        .map(|s| s.id.to_string())
        .collect();
    on_device.sort();
    assert_eq!(on_device.len(), expected);
    assert_eq!(on_server, on_device, "server and device disagree");
    let mut confirmed = app.confirmed_ids().unwrap();
    confirmed.sort();
    assert_eq!(
        confirmed, on_device,
        "not every scan is confirmed on the device"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scan_arrives_once_through_every_fault() {
    let work = tempfile::tempdir().unwrap();
    let setup = prepare_server(work.path(), 60).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = attend_server::serve(setup.config.clone(), listener)
        .await
        .unwrap();
    let proxy = Proxy::start(server.addr()).await.unwrap();
    let app = App::open(work.path(), &proxy.base_url()).unwrap();

    let account = app.auth().login(MEMBER, PASSWORD).await.unwrap();
    assert_eq!(account.member_number, MEMBER);
    assert_eq!(account.display_name, "核医 太郎");
    let recorder = Arc::new(Recorder::default());
    let engine = SyncEngine::start(
        Arc::clone(&app.store),
        app.tokens.clone(),
        app.sync_config(5),
        recorder.clone(),
    );
    // The first sync brings the server's key set, so its codes verify offline.
    engine.sync_now().await.unwrap();
    assert!(app.store.read(|dao| dao.clock_offset()).unwrap().is_some());

    // The venue Wi-Fi is down: scans are recorded without waiting for anything.
    engine.network_changed(false);
    for code in &setup.codes {
        let outcome = attend_core::scan_text(&app.store, &SystemClock, code).unwrap();
        assert!(outcome.pending && !outcome.already_registered);
        engine.notify_scan();
    }
    assert_eq!(app.waiting().unwrap(), 60);

    // Each fault on its own: the attempt fails with its own error, nothing is lost.
    let faults = [
        Fault::DropAfterRequest,
        Fault::Reset,
        Fault::Truncate,
        Fault::Delay(Duration::from_secs(4)),
        Fault::Status {
            code: 500,
            retry_after: None,
        },
        Fault::Status {
            code: 503,
            retry_after: Some("1".to_owned()),
        },
    ];
    for fault in faults {
        let before = proxy.faults();
        proxy.set_only(fault.clone(), "POST /api/v1/attendance");
        let err = engine.sync_now().await.unwrap_err();
        assert!(err.is_transient(), "{fault:?} gave {err:?}");
        assert!(proxy.faults() > before, "{fault:?} was not injected");
        match &fault {
            Fault::Delay(_) => assert!(matches!(err, SyncError::Timeout), "{err:?}"),
            Fault::Status { code, .. } => assert!(
                matches!(err, SyncError::ServerUnavailable { status: Some(s), .. } if s == *code),
                "{err:?}"
            ),
            _ => {}
        }
        // The shell said the network is down: no retry timer until it is back.
        assert_eq!(engine.status().state, SyncState::Offline);
    }
    // The lost answer is the ambiguous case: the server has a batch the device still
    // shows as sent.
    let scans = app.store.read(|dao| dao.list_scans(MEMBER)).unwrap();
    assert!(scans.iter().any(|s| s.state == ScanState::Sent));
    assert!(!server_client_ids(&setup.database_path).unwrap().is_empty());

    // Faults switched while the engine syncs on its own (network back, backoff).
    let switching = {
        let modes = [
            Fault::Pass,
            Fault::DropAfterRequest,
            Fault::Reset,
            Fault::Pass,
            Fault::Truncate,
            Fault::Delay(Duration::from_millis(300)),
            Fault::Status {
                code: 503,
                retry_after: Some("0".to_owned()),
            },
        ];
        let proxy = &proxy;
        async move {
            for round in 0..40 {
                proxy.set(modes[round % modes.len()].clone());
                tokio::time::sleep(Duration::from_millis(40)).await;
            }
            proxy.set(Fault::Pass);
        }
    };
    engine.network_changed(true);
    switching.await;
    wait_until_confirmed(&app, Duration::from_secs(60)).await;
    engine.sync_now().await.unwrap();

    assert_exactly_once(&app, &setup.database_path, 60);
    let statuses = recorder.all();
    assert!(statuses.iter().any(|s| s.state == SyncState::Offline));
    assert!(statuses
        .iter()
        .any(|s| s.state == SyncState::Syncing && s.sent > 0));
    let last = statuses.last().unwrap();
    assert_eq!((last.state.clone(), last.waiting), (SyncState::Idle, 0));
    // The history the device shows is the server's.
    assert_eq!(app.store.read(|dao| dao.history(MEMBER)).unwrap().len(), 60);

    engine.shutdown().await;
    server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_is_honoured_in_seconds_and_as_a_date() {
    let work = tempfile::tempdir().unwrap();
    let setup = prepare_server(work.path(), 1).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = attend_server::serve(setup.config.clone(), listener)
        .await
        .unwrap();
    let proxy = Proxy::start(server.addr()).await.unwrap();
    let app = App::open(work.path(), &proxy.base_url()).unwrap();
    app.auth().login(MEMBER, PASSWORD).await.unwrap();
    let engine = SyncEngine::start(
        Arc::clone(&app.store),
        app.tokens.clone(),
        app.sync_config(5),
        Arc::new(Recorder::default()),
    );
    engine.sync_now().await.unwrap();

    let asked = chrono::Utc::now();
    proxy.set(Fault::Status {
        code: 503,
        retry_after: Some("30".to_owned()),
    });
    let _ = engine.sync_now().await.unwrap_err();
    let SyncState::WaitingToRetry { until } = engine.status().state else {
        panic!("{:?}", engine.status());
    };
    assert!(
        until >= asked + chrono::Duration::seconds(30),
        "{until} {asked}"
    );

    let date = chrono::Utc::now() + chrono::Duration::seconds(90);
    proxy.set(Fault::Status {
        code: 429,
        retry_after: Some(date.format("%a, %d %b %Y %H:%M:%S GMT").to_string()),
    });
    let err = engine.sync_now().await.unwrap_err();
    assert!(
        matches!(err, SyncError::Throttled { retry_at: Some(_) }),
        "{err:?}"
    );
    let SyncState::WaitingToRetry { until } = engine.status().state else {
        panic!("{:?}", engine.status());
    };
    assert!(
        until >= date - chrono::Duration::seconds(1),
        "{until} {date}"
    );

    // A scan during the wait does not cut it short: the server asked for it.
    proxy.set(Fault::Pass);
    attend_core::scan_text(&app.store, &SystemClock, &setup.codes[0]).unwrap();
    let requests = proxy
        .stats()
        .requests
        .load(std::sync::atomic::Ordering::Relaxed);
    engine.notify_scan();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        proxy
            .stats()
            .requests
            .load(std::sync::atomic::Ordering::Relaxed),
        requests
    );
    // The network coming back does.
    engine.network_changed(true);
    wait_until_confirmed(&app, Duration::from_secs(20)).await;
    assert_exactly_once(&app, &setup.database_path, 1);

    engine.shutdown().await;
    server.shutdown().await.unwrap();
}
