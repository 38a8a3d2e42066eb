//! The member page over real HTTP on both backends: the first sign-in steps, sessions,
//! CSRF, notices by role, the history page and its signed PDF.

mod common;
mod member_page_support;

use std::process::Command;

use attend_domain::record::{self, RecordError};
use attend_server::keyring;
use attend_server::web::office::{self, MemberPageCommand};
use chrono::{NaiveDate, TimeDelta, Utc};
use common::{item, Backend, TestEnv, PASSWORD};
use member_page_support::{csrf_of, Browser};
use serde_json::Value;

const NEW_PASSWORD: &str = "kaku-igaku-2026!";

/// A member who has done the first steps, signed in; returns the browser.
async fn ready_member(env: &TestEnv, number: &str) -> Browser {
    env.add_member(number).await;
    let mut b = Browser::new(&env.base);
    assert_eq!(
        b.sign_in(number, PASSWORD).await.as_deref(),
        Some("/member/password")
    );
    let page = b.get("/member/password").await;
    let csrf = csrf_of(&page.body);
    let done = b
        .post(
            "/member/password",
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(
        b.sign_in(number, NEW_PASSWORD).await.as_deref(),
        Some("/member/terms")
    );
    let page = b.get("/member/terms").await;
    let csrf = csrf_of(&page.body);
    let r = b
        .post("/member/terms", &[("agree", "yes"), ("csrf", &csrf)])
        .await;
    assert_eq!(r.location.as_deref(), Some("/member/status"));
    b
}

async fn first_sign_in_steps(backend: Backend) {
    let Some(env) = TestEnv::start(backend).await else {
        return;
    };
    env.add_member("30001").await;
    let mut b = Browser::new(&env.base);

    // The sign-in form is refused without its token.
    b.get("/member/login").await;
    let r = b
        .post(
            "/member/login",
            &[("member_number", "30001"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 403);

    assert_eq!(b.sign_in("30001", "wrong-password").await, None);
    assert_eq!(
        b.sign_in("30001", PASSWORD).await.as_deref(),
        Some("/member/password")
    );
    let cookie = b
        .last_set_cookies
        .iter()
        .find(|c| c.starts_with("jsnm_session="))
        .expect("session cookie")
        .clone();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // Over plain HTTP (tests) the cookie cannot be Secure; under TLS it is.
    assert!(!cookie.contains("Secure"));

    // Nothing else before the temporary password is changed.
    for path in ["/member/status", "/member/history", "/member/terms"] {
        assert_eq!(
            b.get(path).await.location.as_deref(),
            Some("/member/password"),
            "{path}"
        );
    }
    let page = b.get("/member/password").await;
    assert!(page.body.contains("10文字以上"), "rules stated");
    let csrf = csrf_of(&page.body);

    // A form without the CSRF token is refused, and changes nothing.
    let r = b
        .post(
            "/member/password",
            &[("new_password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 403);
    // Each rule is checked.
    for (new, confirm, says) in [
        ("short", "short", "10文字以上"),
        ("x30001-abcdef", "x30001-abcdef", "会員番号"),
        ("password1234", "password1234", "よく使われる"),
        (NEW_PASSWORD, "kaku-igaku-2027!", "一致しません"),
    ] {
        let r = b
            .post(
                "/member/password",
                &[("new_password", new), ("confirm", confirm), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 400, "{new}");
        assert!(r.body.contains(says), "{new}: {says}");
    }
    let done = b
        .post(
            "/member/password",
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(done.status, 200);
    assert!(done.body.contains("パスワードの変更完了") && done.body.contains("登録更新日時"));
    // The session ended on the server: the old cookie, replayed, signs nobody in.
    let old = cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    b.cookies.insert("jsnm_session".into(), old);
    assert_eq!(
        b.get("/member/status").await.location.as_deref(),
        Some("/member/login")
    );

    // The same password works in the app.
    assert_eq!(env.login("30001", PASSWORD).await.status(), 401);
    assert_eq!(env.login("30001", NEW_PASSWORD).await.status(), 200);

    // Second sign-in: the terms come first and must be ticked.
    assert_eq!(
        b.sign_in("30001", NEW_PASSWORD).await.as_deref(),
        Some("/member/terms")
    );
    assert_eq!(
        b.get("/member/news").await.location.as_deref(),
        Some("/member/terms")
    );
    let page = b.get("/member/terms").await;
    assert!(page.body.contains("マイページ利用に関する注意事項"));
    let csrf = csrf_of(&page.body);
    assert_eq!(
        b.post("/member/terms", &[("csrf", &csrf)]).await.status,
        400
    );
    let r = b
        .post("/member/terms", &[("agree", "yes"), ("csrf", &csrf)])
        .await;
    assert_eq!(r.location.as_deref(), Some("/member/status"));
    let status = b.get("/member/status").await;
    assert_eq!(status.status, 200);
    assert!(status.body.contains("30001") && status.body.contains("正会員"));
    assert!(status.body.contains("会員 核医 太郎30001 先生 ログイン中"));

    // Logout without the token is refused; with it the session ends server-side.
    let csrf = csrf_of(&status.body);
    let session = b.cookies["jsnm_session"].clone();
    assert_eq!(b.post("/member/logout", &[]).await.status, 403);
    let r = b.post("/member/logout", &[("csrf", &csrf)]).await;
    assert_eq!(r.location.as_deref(), Some("/member/login"));
    b.cookies.insert("jsnm_session".into(), session);
    assert_eq!(
        b.get("/member/status").await.location.as_deref(),
        Some("/member/login")
    );

    // Failures here count toward the app's throttle (shared subjects).
    for _ in 0..5 {
        b.sign_in("30001", "not-the-password").await;
    }
    let r = env.login("30001", NEW_PASSWORD).await;
    assert_eq!(r.status(), 429);
    env.stop().await;
}

async fn notices_by_role(backend: Backend) {
    let Some(env) = TestEnv::start(backend).await else {
        return;
    };
    let mut member = ready_member(&env, "30002").await;
    let mut councillor = ready_member(&env, "30003").await;
    office::run(
        &env.store,
        MemberPageCommand::SetMemberProfile {
            member_number: "30003".into(),
            region: Some("関東".into()),
            councillor: true,
        },
    )
    .await
    .unwrap();
    let post = |category: &str, title: &str, day: u32| MemberPageCommand::PostNotice {
        category: category.into(),
        title: title.into(),
        body: format!("{title}の本文です。"),
        date: NaiveDate::from_ymd_opt(2026, 11, day),
    };
    for (c, t, d) in [
        ("member", "年会費納入のお願い", 1),
        ("member", "第66回学術総会のご案内", 20),
        ("councillor", "評議員会の開催について", 10),
        ("info", "日本核医学会公式サイトへ", 5),
    ] {
        office::run(&env.store, post(c, t, d)).await.unwrap();
    }
    let secret_id = env
        .store
        .notices(true)
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.title == "評議員会の開催について")
        .unwrap()
        .id;

    let page = member.get("/member/news").await;
    assert!(!page.body.contains("評議員会の開催について"));
    assert!(!page.body.contains("評議員へのお知らせ"));
    let newest = page.body.find("第66回学術総会のご案内").unwrap();
    let older = page.body.find("年会費納入のお願い").unwrap();
    assert!(newest < older, "newest first");
    assert!(page.body.contains("日本核医学会公式サイトへ"));
    // Not fetchable by id either: the same answer as a notice that does not exist.
    let r = member.get(&format!("/member/news/{secret_id}")).await;
    assert_eq!(r.status, 404);
    assert!(!r.body.contains("評議員会"));
    assert_eq!(member.get("/member/news/999999").await.status, 404);

    let page = councillor.get("/member/news").await;
    assert!(
        page.body.contains("評議員へのお知らせ") && page.body.contains("評議員会の開催について")
    );
    let r = councillor.get(&format!("/member/news/{secret_id}")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("評議員会の開催についての本文です。"));
    let status = councillor.get("/member/status").await;
    assert!(status.body.contains("関東") && status.body.contains("評議員"));

    // Part 2's pages are visible in the menu as coming.
    assert!(status.body.contains("準備中"));
    assert_eq!(member.get("/member/coming/payments").await.status, 200);
    assert_eq!(member.get("/member/support").await.status, 200);
    assert!(member.get("/member/support").await.body.contains("退会届"));
    assert!(member
        .get("/member/publications")
        .await
        .body
        .contains("ANM"));
    env.stop().await;
}

fn pdftotext(pdf: &[u8], dir: &std::path::Path, name: &str) -> String {
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install -y poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The QR text of the PDF's first page, read from a rendering as a checker would.
fn qr_of(pdf_path: &std::path::Path, dir: &std::path::Path) -> String {
    let prefix = dir.join("page");
    let ok = Command::new("pdftoppm")
        .args(["-r", "300", "-png", "-f", "1", "-l", "1"])
        .arg(pdf_path)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (apt-get install -y poppler-utils)");
    assert!(ok.success());
    let png = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with("page")
                && p.extension().is_some_and(|e| e == "png")
        })
        .expect("rendered page");
    let img = image::open(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    let (_, text) = grids
        .first()
        .expect("a QR code on the page")
        .decode()
        .expect("decodes");
    std::fs::remove_file(png).unwrap();
    text
}

async fn history_and_signed_pdf(backend: Backend) {
    let Some(env) = TestEnv::start(backend).await else {
        return;
    };
    let mut b = ready_member(&env, "30004").await;
    let mut other = ready_member(&env, "30005").await;
    let due = Utc::now().date_naive() + TimeDelta::days(400);
    env.store
        .set_certification("30004", "nm-specialist", due)
        .await
        .unwrap();
    // The app's upload, through the real endpoint with a real signed code.
    env.congress("c66", "annual").await;
    let s = env
        .session("c66", "lec1", "lecture", -3600, 3600, None)
        .await;
    let code = env.code(&s).await;
    let login: Value = env.login("30004", NEW_PASSWORD).await.json().await.unwrap();
    let token = login["token"].as_str().unwrap();
    let r = env.upload(token, &[item(&code, Utc::now())]).await;
    assert_eq!(r.status(), 200);

    let page = b.get("/member/history").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("教育講演 lec1"),
        "the synced record shows at once"
    );
    assert!(page.body.contains("@media print"));
    let page = other.get("/member/history").await;
    assert!(!page.body.contains("教育講演 lec1"));

    let pdf = b.get("/member/history.pdf").await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.content_type, "application/pdf");
    let dir = tempfile::tempdir().unwrap();
    let text = pdftotext(&pdf.bytes, dir.path(), "record");
    assert!(text.contains("核医 太郎30004"), "{text}");
    assert!(text.contains("教育講演 lec1"), "{text}");
    let qr = qr_of(&dir.path().join("record.pdf"), dir.path());
    let keys = keyring::key_set(&env.store, "JSNM").await.unwrap();
    let proof = record::verify_printed(&qr, &text, &keys, "JSNM").expect("genuine record verifies");
    assert_eq!(proof.member_number, "30004");
    assert_eq!(proof.count, 1);

    // A copy with one record altered (same QR code, credit changed) is refused.
    let lines = record::lines_in_text(&text);
    let altered_line = lines[0].replace(" 2単位", " 9単位");
    assert_ne!(altered_line, lines[0]);
    let forged = attend_print::record_pdf(&attend_print::RecordSheet {
        member_number: "30004".into(),
        name_kanji: "核医 太郎30004".into(),
        issued_text: "2026年11月26日".into(),
        summary_lines: vec![],
        records: vec![(Some("2026年度".into()), altered_line)],
        qr_text: qr.clone(),
    })
    .unwrap();
    let forged_text = pdftotext(&forged, dir.path(), "forged");
    assert!(matches!(
        record::verify_printed(&qr, &forged_text, &keys, "JSNM"),
        Err(RecordError::RecordsDiffer { .. })
    ));

    // No member id in any URL: another member's PDF is their own, whatever the query.
    let theirs = other.get("/member/history.pdf?member=30004&id=1").await;
    let their_text = pdftotext(&theirs.bytes, dir.path(), "theirs");
    assert!(their_text.contains("30005") && !their_text.contains("30004"));
    assert!(!their_text.contains("教育講演 lec1"));
    env.stop().await;
}

backend_tests!(first_sign_in_steps, notices_by_role, history_and_signed_pdf);
