//! The member flow through the exports against the real server on loopback: the same
//! steps the Python and Kotlin tests take through the generated bindings, here as
//! plain Rust so a regression shows up in `cargo test` without any other toolchain.

mod common;

use std::sync::atomic::Ordering;

use attend_ffi::{AttendError, EntryStatus, Locale, PixelFormat};
use attend_ffi_testserver::RawFrame;

fn format(f: &RawFrame) -> PixelFormat {
    match f.format {
        "luma" => PixelFormat::Luma,
        "bgra" => PixelFormat::Bgra,
        _ => PixelFormat::Rgba,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_flow_with_a_poster_photo_offline_scans_and_sync() {
    let demo = attend_ffi_testserver::start().await.unwrap();
    let o = common::open(&demo.url, Locale::Ja);
    let app = &o.app;

    // Log in with the temporary password: the reminder asks to update the details.
    let account = app
        .login(demo.member_number.clone(), demo.password.clone())
        .await
        .unwrap();
    assert_eq!(account.member_number, demo.member_number);
    assert!(account.temporary_password);
    assert!(account
        .reminder
        .as_deref()
        .unwrap_or("")
        .contains("仮パスワード"));
    assert!(
        o.tokens.current().is_some(),
        "token kept in the platform's store"
    );
    // The first sync fetches the society's keys and rules.
    app.sync_now().await.unwrap();

    // The poster photo, as a camera hands it over, in each pixel layout.
    let mut frames = demo.frames.iter();
    let first = frames.next().unwrap();
    let data = std::fs::read(&first.path).unwrap();
    let result = app
        .scan_frame(
            format(first),
            data.clone(),
            first.width,
            first.height,
            first.stride,
        )
        .unwrap()
        .expect("the poster photo decodes");
    assert_eq!(result.headline, "登録しました");
    assert!(!result.already_registered);
    assert!(result.session_title.contains("教育講演1"));
    // Held in view: reported once.
    let again = app
        .scan_frame(format(first), data, first.width, first.height, first.stride)
        .unwrap();
    assert!(again.is_none());
    for f in frames {
        app.reset_scanner();
        let data = std::fs::read(&f.path).unwrap();
        let view = app
            .scan_frame(format(f), data, f.width, f.height, f.stride)
            .unwrap()
            .unwrap_or_else(|| panic!("{} frame decodes", f.format));
        assert!(view.already_registered, "{}", f.format);
        assert_eq!(view.headline, "登録済みです");
    }
    let view = app
        .scan_image_file(demo.photo_jpeg.display().to_string())
        .unwrap();
    assert!(view.already_registered);

    // A forged code, as text and on a poster: refused, nothing recorded.
    let err = app.scan_text(demo.forged_code.clone()).unwrap_err();
    assert!(matches!(err, AttendError::CodeRefused { .. }), "{err:?}");
    assert_eq!(err.code(), "code_refused");
    let err = app
        .scan_image_file(demo.forged_photo_jpeg.display().to_string())
        .unwrap_err();
    assert!(matches!(err, AttendError::CodeRefused { .. }), "{err:?}");
    for text in ["", "garbage", "HC1:NCFOXN%TS3DH", &"A".repeat(1 << 20)] {
        let err = app.scan_text(text.to_owned()).unwrap_err();
        assert!(matches!(err, AttendError::CodeRefused { .. }), "{err:?}");
    }

    // Offline: the desk's code is recorded on the device and waits.
    app.network_changed(false);
    let desk = app.scan_text(demo.desk_code.clone()).unwrap();
    assert!(desk.pending);
    let home = app.home().unwrap();
    assert!(home.waiting >= 1, "{home:?}");
    assert_eq!(home.entries.len(), 2);

    // Back online: everything goes up and is confirmed.
    app.network_changed(true);
    let outcome = app.sync_now().await.unwrap();
    assert_eq!(outcome.waiting, 0, "{outcome:?}");
    let home = app.home().unwrap();
    assert_eq!(home.waiting, 0);
    assert!(
        home.entries
            .iter()
            .all(|e| e.status == EntryStatus::Confirmed),
        "{home:?}"
    );
    let credits = app.credits().unwrap();
    assert_eq!(credits.confirmed_total, 11, "{credits:?}");
    assert_eq!(credits.pending_total, 0);
    assert!(
        o.listener.states().iter().any(|s| s == "syncing"),
        "the listener heard the sync: {:?}",
        o.listener.states()
    );

    // A listener that throws does not stop sync.
    o.listener.failing.store(true, Ordering::SeqCst);
    app.sync_now().await.unwrap();

    // A locked keychain: logout fails with a storage error, the scans stay.
    o.tokens.failing.store(true, Ordering::SeqCst);
    let err = app.logout().await.unwrap_err();
    assert!(matches!(err, AttendError::Storage { .. }), "{err:?}");
    o.tokens.failing.store(false, Ordering::SeqCst);
    let out = app.logout().await.unwrap();
    assert!(out.revoked);
    assert!(app.account().unwrap().is_none());
    assert!(o.tokens.current().is_none());

    app.shutdown().await;
    demo.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_a_login_error_in_english() {
    let demo = attend_ffi_testserver::start().await.unwrap();
    let o = common::open(&demo.url, Locale::En);
    let err = o
        .app
        .login(demo.member_number.clone(), "not-the-password".to_owned())
        .await
        .unwrap_err();
    assert!(matches!(err, AttendError::Login { .. }), "{err:?}");
    assert_eq!(err.code(), "wrong_credentials");
    assert!(
        err.reason().contains("password is wrong"),
        "{}",
        err.reason()
    );
    o.app.shutdown().await;
    demo.stop().await.unwrap();
}
