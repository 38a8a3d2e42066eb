//! The member page in a real browser: Debian's chromium driven by Playwright
//! (`tests/browser/member_page.mjs`) against the real server on loopback. Screenshots
//! of every page land in `target/screenshots/member-page/`.
//!
//! Needs `node` and `chromium` (`apt-get install -y chromium fonts-noto-cjk`); runs
//! `npm ci` in `tests/browser/` itself when `node_modules` is missing.

mod common;

use std::path::PathBuf;
use std::process::Command;

use attend_server::web::office::{self, MemberPageCommand};
use chrono::{NaiveDate, TimeDelta, Utc};
use common::{browser, Backend, TestEnv, PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_walks_through_the_member_page() {
    let chromium = browser::chromium();
    let browser_dir = browser::scripts_dir();
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shots = manifest.join("../target/screenshots/member-page");
    let _ = std::fs::remove_dir_all(&shots);

    let env = TestEnv::start(Backend::Sqlite).await.expect("sqlite env");
    let number = env.add_member("40001").await;
    env.store
        .set_certification(
            &number,
            "nm-specialist",
            Utc::now().date_naive() + TimeDelta::days(500),
        )
        .await
        .unwrap();
    for (category, title, day) in [
        (
            "member",
            "第66回日本核医学会学術総会 演題募集のお知らせ",
            20,
        ),
        ("member", "年会費納入のお願い", 2),
        ("councillor", "評議員会の開催について", 10),
        ("info", "日本核医学会公式サイトへ", 5),
    ] {
        office::run(
            &env.store,
            MemberPageCommand::PostNotice {
                category: category.into(),
                title: title.into(),
                body: format!("{title}。\n\n詳細は学会ホームページをご覧ください。"),
                date: NaiveDate::from_ymd_opt(2026, 11, day),
            },
        )
        .await
        .unwrap();
    }
    office::run(
        &env.store,
        MemberPageCommand::AddPosition {
            member_number: number.clone(),
            title: "核医学専門医制度委員会 委員".into(),
            since: NaiveDate::from_ymd_opt(2022, 6, 1).unwrap(),
            until: None,
        },
    )
    .await
    .unwrap();
    env.congress("c66", "annual").await;
    let session = env
        .session("c66", "lec7", "lecture", -3600, 3600, None)
        .await;
    let code = env.code(&session).await;

    let profile = tempfile::tempdir().unwrap();
    let (base, shots_s, title) = (env.base.clone(), shots.clone(), session.title.clone());
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("member_page.mjs")
            .current_dir(&browser_dir)
            .env("BASE", base)
            .env("MEMBER", "40001")
            .env("TEMP_PASSWORD", PASSWORD)
            .env("NEW_PASSWORD", "kaku-igaku-2026!")
            .env("CODE", code)
            .env("SESSION_TITLE", title)
            .env("SHOTS", &shots_s)
            .env("PROFILE", profile.path())
            .env("CHROMIUM", chromium)
            .output()
            .expect("node (apt-get install -y nodejs)")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser run failed:\n{stdout}\n{stderr}"
    );
    for name in [
        "01-login",
        "02-password-forced",
        "05-terms",
        "06-status",
        "07-news",
        "09-history",
        "15-status-phone",
    ] {
        assert!(
            shots.join(format!("{name}.png")).exists(),
            "screenshot {name}"
        );
    }
    assert!(
        shots.join("history-printed.pdf").exists(),
        "printed with the print stylesheet"
    );

    // The signed PDF the browser downloaded reads back in Japanese.
    let text = Command::new("pdftotext")
        .arg(shots.join("history-signed.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install -y poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("核医 太郎40001") && text.contains(&session.title),
        "{text}"
    );
    let lines = attend_domain::record::lines_in_text(&text);
    assert_eq!(lines.len(), 1, "{text}");
    env.stop().await;
}
