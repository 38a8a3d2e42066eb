//! The facade on a real SQLite file with real signed codes (the public demo key, which
//! the bundled key set trusts). Login and sync against the real server are tested in
//! `cli/tests/app_facade.rs`, where the server crate is at hand.

use std::path::PathBuf;
use std::sync::Arc;

use attend_domain::{Account, Locale};
use chrono::{Duration, NaiveDate};
use image::{GrayImage, Luma};

use super::*;
use crate::auth::FileTokenStore;
use crate::clock::FixedClock;
use crate::testing::{account, claims, code, congress_morning, sign, MEMBER};

struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    clock: Arc<FixedClock>,
}

fn fixture(account: Option<Account>) -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(account) = account {
        let store = Store::open(dir.join(DATABASE_FILE)).unwrap();
        store.write(|dao| dao.set_account(&account)).unwrap();
    }
    Fixture {
        dir,
        _dir: tmp,
        clock: Arc::new(FixedClock::new(congress_morning())),
    }
}

fn open(f: &Fixture, locale: Locale) -> AttendApp {
    // Nothing listens on port 9: a sync attempt fails quickly and changes nothing.
    let mut config = AppConfig::new(&f.dir, "http://127.0.0.1:9", locale);
    config.allow_http = true;
    config.clock = Some(f.clock.clone());
    let tokens = Arc::new(FileTokenStore::new(f.dir.join("token")));
    AttendApp::open(config, tokens).unwrap()
}

fn qr_png(text: &str) -> GrayImage {
    let qr = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let width = qr.width();
    let colors = qr.to_colors();
    let scale = 6;
    let quiet = 4;
    let side = ((width + 2 * quiet) * scale) as u32;
    GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x as usize / scale, y as usize / scale);
        let dark = mx >= quiet
            && my >= quiet
            && mx < width + quiet
            && my < width + quiet
            && colors[(my - quiet) * width + (mx - quiet)] == qrcode::Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    })
}

#[test]
fn scan_shows_the_result_screen_then_already_registered() {
    let f = fixture(Some(account()));
    let app = open(&f, Locale::Ja);
    let first = app.scan_text(&code("lecture-1")).unwrap();
    assert_eq!(first.headline, "登録しました");
    assert_eq!(first.congress_name, "第66回日本核医学会学術総会");
    assert_eq!(first.kind_name, "教育講演");
    assert_eq!(first.session_title, "教育講演 lecture-1");
    // 01:00 UTC is 10:00 in Japan.
    assert_eq!(first.registered_at, "2026年11月16日(月) 10:00");
    assert_eq!(first.credit_text, "2単位");
    assert!(first.pending);
    assert_eq!(first.notice, "表示内容を必ずご確認ください。");
    assert!(!first.already_registered);

    f.clock.advance(Duration::minutes(30));
    let again = app.scan_text(&code("lecture-1")).unwrap();
    assert!(again.already_registered);
    assert_eq!(again.headline, "登録済みです");
    // The earlier time, not now.
    assert_eq!(again.registered_at, first.registered_at);
    assert!(again.already_text.unwrap().contains("10:00"));
    assert_eq!(again.scan_id, first.scan_id);
}

#[test]
fn english_result_screen() {
    let f = fixture(Some(account()));
    let app = open(&f, Locale::En);
    let view = app.scan_text(&code("lecture-1")).unwrap();
    assert_eq!(view.headline, "Registered");
    assert_eq!(view.kind_name, "Educational lecture");
    assert_eq!(view.registered_at, "Mon 16 Nov 2026 10:00 JST");
    assert_eq!(view.notice, "Please check what is shown.");
}

#[test]
fn refused_codes_are_typed_errors_with_member_messages() {
    let f = fixture(Some(account()));
    let app = open(&f, Locale::Ja);
    let mut foreign = claims("x");
    foreign.society = "OTHER".into();
    let err = app.scan_text(&sign(&foreign)).unwrap_err();
    assert_eq!(err.code(), "code_refused");
    assert!(
        app.message(&err).contains("他の学会"),
        "{}",
        app.message(&err)
    );

    let err = app.scan_text("https://example.com/").unwrap_err();
    assert_eq!(err.code(), "code_refused");

    f.clock.advance(Duration::days(30));
    let err = app.scan_text(&code("late")).unwrap_err();
    assert_eq!(err.code(), "code_refused");
    assert!(app.home().unwrap().entries.is_empty(), "nothing recorded");
}

#[test]
fn scanning_needs_a_member() {
    let f = fixture(None);
    let app = open(&f, Locale::En);
    let err = app.scan_text(&code("lecture-1")).unwrap_err();
    assert!(matches!(err, AppError::NotLoggedIn));
    assert!(app.message(&err).contains("Log in"));
    assert!(app.account().unwrap().is_none());
    assert!(matches!(app.credits(), Err(AppError::NotLoggedIn)));
    let home = app.home().unwrap();
    assert!(home.account.is_none());
    assert!(home.entries.is_empty());
}

#[test]
fn header_and_temporary_password_reminder() {
    let mut a = account();
    a.temporary_password = true;
    a.update_deadline = NaiveDate::from_ymd_opt(2026, 12, 31);
    let f = fixture(Some(a));
    let app = open(&f, Locale::Ja);
    let view = app.account().unwrap().unwrap();
    assert_eq!(view.header_name, "核医 太郎 先生");
    assert_eq!(view.header_number, format!("会員番号 {MEMBER}"));
    let reminder = view.reminder.unwrap();
    assert!(reminder.contains("2026年12月31日(木)までに"), "{reminder}");
    assert!(reminder.contains("会員マイページ"));

    let f = fixture(Some(account()));
    assert!(open(&f, Locale::Ja)
        .account()
        .unwrap()
        .unwrap()
        .reminder
        .is_none());
}

#[test]
fn home_lists_scans_newest_first_with_the_waiting_count() {
    let f = fixture(Some(account()));
    let app = open(&f, Locale::Ja);
    app.scan_text(&code("desk")).unwrap();
    f.clock.advance(Duration::hours(2));
    app.scan_text(&code("lecture-2")).unwrap();
    let home = app.home().unwrap();
    assert_eq!(home.entries.len(), 2);
    assert_eq!(home.entries[0].session_title, "教育講演 lecture-2");
    assert_eq!(home.entries[0].date_time, "2026年11月16日(月) 12:00");
    assert!(home
        .entries
        .iter()
        .all(|e| e.status == EntryStatus::Pending));
    assert_eq!(home.waiting, 2);
    assert!(home.waiting_text.unwrap().contains("2件"));
    assert!(home.empty_text.is_none());
}

#[test]
fn credits_show_the_year_congress_and_pending_apart() {
    let f = fixture(Some(account()));
    let app = open(&f, Locale::Ja);
    app.scan_text(&code("lecture-1")).unwrap();
    app.scan_text(&code("lecture-2")).unwrap();
    let credits = app.credits().unwrap();
    assert_eq!(credits.years.len(), 1);
    let year = &credits.years[0];
    assert_eq!(year.label, "2026年度");
    assert_eq!(
        year.congresses[0].congress_name,
        "第66回日本核医学会学術総会"
    );
    assert_eq!(year.congresses[0].records.len(), 2);
    assert_eq!(credits.pending_total, 4);
    assert_eq!(credits.confirmed_total, 0);
    assert!(credits.totals_text.contains("未確定 4単位"));
    assert!(credits.rules_notice.is_some(), "bundled rules are examples");
}

#[test]
fn image_files_and_camera_frames_go_through_the_decoder() {
    let f = fixture(Some(account()));
    let app = open(&f, Locale::Ja);
    let path = f.dir.join("poster.png");
    qr_png(&code("desk")).save(&path).unwrap();
    let view = app.scan_image_file(&path).unwrap();
    assert_eq!(view.session_title, "教育講演 desk");

    // The same code held in front of the camera: recorded once, then quiet.
    let img = image::DynamicImage::ImageLuma8(qr_png(&code("lecture-3"))).to_rgba8();
    let (w, h) = img.dimensions();
    let frame = || Frame::Rgba {
        data: img.as_raw(),
        width: w,
        height: h,
        stride: w * 4,
    };
    let seen = app.scan_frame(frame()).unwrap().unwrap();
    assert_eq!(seen.session_title, "教育講演 lecture-3");
    assert!(app.scan_frame(frame()).unwrap().is_none());

    let plain = f.dir.join("plain.png");
    GrayImage::from_fn(200, 200, |x, y| Luma([((x + y) % 256) as u8]))
        .save(&plain)
        .unwrap();
    assert!(matches!(app.scan_image_file(&plain), Err(AppError::NoCode)));
    // A white page: no code, and whatever the decoder does inside, no panic out.
    let white = f.dir.join("white.png");
    GrayImage::from_pixel(200, 200, Luma([255]))
        .save(&white)
        .unwrap();
    assert!(matches!(
        app.scan_image_file(&white),
        Err(AppError::NoCode | AppError::Decoder(_))
    ));
    let missing = app.scan_image_file(&f.dir.join("missing.jpg")).unwrap_err();
    assert_eq!(missing.code(), "file");
    assert_eq!(app.home().unwrap().entries.len(), 2);
}

#[tokio::test]
async fn sync_without_login_is_refused_and_offline_scans_wait() {
    let f = fixture(None);
    let app = open(&f, Locale::En);
    assert!(matches!(app.sync_now().await, Err(AppError::NotLoggedIn)));
    app.network_changed(false);
    app.shutdown().await;
}
