//! The office's commands against a running server's database, on both backends: member
//! import (then logging in with the printed password), spring import, export, key
//! rotation and revocation, codes. Plus startup checks and TLS.

mod common;

use std::os::unix::fs::PermissionsExt;

use attend_server::admin::{run, AdminCommand, PasswordNotice};
use attend_server::keyring::KeyringError;
use attend_server::{Config, ServeError, TlsSource};
use chrono::Utc;
use common::{item, verdicts, Backend, TestEnv};
use serde_json::Value;

async fn import_members_then_login_with_the_notice(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let csv = env.dir.path().join("members.csv");
    std::fs::write(
        &csv,
        "member_number,name_kanji,name_kana,name_romaji,category,joined_on,email,update_deadline\n\
         50001,核医 花子,カクイ ハナコ,Kakui Hanako,正会員,2012-04-01,hanako@example.jp,2027-03-31\n\
         50002,放射 次郎,ホウシャ ジロウ,Hosha Jiro,学生会員,,jiro@example.jp,\n",
    )
    .unwrap();
    let out = env.dir.path().join("passwords.csv");
    let cmd = AdminCommand::ImportMembers {
        csv: csv.clone(),
        out: out.clone(),
    };
    let said = run(cmd, &env.config).await.unwrap();
    assert!(said.contains("imported 2"), "{said}");
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let notices: Vec<PasswordNotice> = csv::Reader::from_path(&out)
        .unwrap()
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(notices.len(), 2);
    assert_eq!(notices[0].name_kanji, "核医 花子");
    assert_ne!(notices[0].temporary_password, notices[1].temporary_password);
    let r = env.login("50002", &notices[1].temporary_password).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["account"]["temporary_password"], true);
    assert_eq!(body["account"]["display_name"], "放射 次郎");
    // The same file again: refused as a whole (numbers exist), nothing changes.
    let again = run(AdminCommand::ImportMembers { csv, out }, &env.config).await;
    assert!(again.is_err());
    assert_eq!(
        env.login("50002", &notices[1].temporary_password)
            .await
            .status(),
        200
    );
    env.stop().await;
}

async fn spring_import_shows_in_history_and_export(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("50003").await;
    env.congress("spring2026", "spring").await;
    env.session(
        "spring2026",
        "spring2026-web",
        "spring",
        -86_400,
        86_400,
        None,
    )
    .await;
    let csv = env.dir.path().join("spring.csv");
    std::fs::write(
        &csv,
        "member_number,congress_id,attended_on\n50003,spring2026,2026-06-20\n",
    )
    .unwrap();
    let said = run(AdminCommand::ImportSpring { csv: csv.clone() }, &env.config)
        .await
        .unwrap();
    assert!(said.starts_with("1 of 1"), "{said}");
    let said = run(AdminCommand::ImportSpring { csv }, &env.config)
        .await
        .unwrap();
    assert!(
        said.starts_with("0 of 1"),
        "importing twice adds nothing: {said}"
    );
    let history: Value = env
        .http
        .get(env.url("/api/v1/attendance"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let records = history["records"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["source"], "spring");
    assert_eq!(records[0]["kind"], "spring");
    assert_eq!(records[0]["attended_at"], "2026-06-20T03:00:00Z");

    let bad = env.dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "member_number,congress_id,attended_on\n99999,spring2026,2026-06-20\n",
    )
    .unwrap();
    assert!(run(AdminCommand::ImportSpring { csv: bad }, &env.config)
        .await
        .is_err());

    let out = env.dir.path().join("export.csv");
    let said = run(
        AdminCommand::ExportAttendance { out: out.clone() },
        &env.config,
    )
    .await
    .unwrap();
    assert!(said.starts_with("1 records"), "{said}");
    let text = std::fs::read_to_string(out).unwrap();
    assert!(text.starts_with("member_number,congress_id,"));
    assert!(text.contains("50003,spring2026,"));
    env.stop().await;
}

async fn rotation_keeps_old_codes_and_revocation_stops_them(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("50004").await;
    env.congress("jsnm63", "annual").await;
    let a = env
        .session("jsnm63", "a", "lecture", -3600, 3600, None)
        .await;
    env.session("jsnm63", "b", "lecture", -3600, 3600, None)
        .await;
    let old_code = env.code(&a).await;
    let old_key = attend_domain::payload::read_unverified(&old_code)
        .unwrap()
        .key_id;
    let said = run(
        AdminCommand::RotateKey {
            retire_after_days: 30,
        },
        &env.config,
    )
    .await
    .unwrap();
    assert!(said.starts_with("new signing key"), "{said}");
    let new_code = run(
        AdminCommand::Code {
            session: "b".to_owned(),
        },
        &env.config,
    )
    .await
    .unwrap();
    let new_key = attend_domain::payload::read_unverified(&new_code)
        .unwrap()
        .key_id;
    assert_ne!(old_key, new_key);
    // Both verify: the old key until its end date, the new one at once.
    let body: Value = env
        .upload(
            &token,
            &[item(&old_code, Utc::now()), item(&new_code, Utc::now())],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verdicts(&body), ["accepted", "accepted"]);
    let keys: Value = env
        .http
        .get(env.url("/api/v1/keys"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(keys["keys"].as_array().unwrap().len(), 2);
    assert!(keys["keys"][0]["valid_until"].is_string());

    run(
        AdminCommand::RevokeKey {
            key_id: old_key.clone(),
        },
        &env.config,
    )
    .await
    .unwrap();
    // A server started now sees the revocation (a running one within its key cache).
    let c = env
        .session("jsnm63", "c", "lecture", -3600, 3600, None)
        .await;
    let mut claims = env.claims(&c).await;
    claims.key_id = old_key.clone();
    let old_signer = attend_server::keyring::load_key(&env.key_dir(), &old_key).unwrap();
    let revoked_code = attend_domain::payload::sign(&claims, &old_signer).unwrap();
    // Stop the server but keep its folder (database file, keys).
    let config = env.config.clone();
    let TestEnv { server, dir, .. } = env;
    server.unwrap().shutdown().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = attend_server::serve(config, listener).await.unwrap();
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{}/api/v1/login", server.base_url()))
        .json(&serde_json::json!({"member_number": "50004", "password": common::PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let body: Value = http
        .post(format!("{}/api/v1/attendance", server.base_url()))
        .bearer_auth(login["token"].as_str().unwrap())
        .json(&serde_json::json!({"items": [item(&revoked_code, Utc::now())]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(verdicts(&body), ["rejected:revoked_key"]);
    server.shutdown().await.unwrap();
    drop(dir);
}

async fn revoke_tokens_command(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("50005").await;
    let said = run(
        AdminCommand::RevokeTokens {
            member_number: "50005".to_owned(),
        },
        &env.config,
    )
    .await
    .unwrap();
    assert!(said.starts_with("1 logins"), "{said}");
    let r = env
        .http
        .get(env.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    env.stop().await;
}

/// The member page's office commands are reachable from `attend-server admin`: a
/// councillor-only notice posted there is listed for councillors only.
async fn post_notice_command(b: Backend) {
    use attend_server::web::office::MemberPageCommand;
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    for (category, title) in [
        ("member", "総会のご案内"),
        ("councillor", "評議員会の議事録"),
    ] {
        let cmd = AdminCommand::MemberPage(MemberPageCommand::PostNotice {
            category: category.to_owned(),
            title: title.to_owned(),
            body: "本文".to_owned(),
            date: None,
        });
        run(cmd, &env.config).await.unwrap();
    }
    let for_members: Vec<String> = env
        .store
        .notices(false)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.title)
        .collect();
    assert_eq!(for_members, ["総会のご案内"]);
    assert_eq!(env.store.notices(true).await.unwrap().len(), 2);
    env.stop().await;
}

backend_tests!(
    post_notice_command,
    import_members_then_login_with_the_notice,
    spring_import_shows_in_history_and_export,
    rotation_keeps_old_codes_and_revocation_stops_them,
    revoke_tokens_command,
);

#[tokio::test]
async fn refuses_to_start_with_a_readable_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    let file = keys.join("leaky.pk8");
    std::fs::write(&file, b"not even a key").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let config = Config::new(
        &format!("sqlite:{}", dir.path().join("a.db").display()),
        &keys,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    match attend_server::serve(config, listener).await {
        Err(ServeError::Keyring(KeyringError::Permissions { mode, .. })) => assert_eq!(mode, 0o644),
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("started with a group-readable key"),
    }
}

#[tokio::test]
async fn serves_tls_with_a_self_signed_certificate() {
    let env = TestEnv::start_with(Backend::Sqlite, |c| {
        c.tls = Some(TlsSource::SelfSigned {
            names: vec!["localhost".to_owned()],
        });
    })
    .await
    .unwrap();
    assert!(env.base.starts_with("https://localhost:"));
    let r = env.http.get(env.url("/api/v1/rules")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // A client that does not trust the certificate cannot talk to it.
    let stranger = reqwest::Client::new();
    assert!(stranger.get(env.url("/api/v1/rules")).send().await.is_err());
    env.stop().await;
}

#[tokio::test]
async fn poster_and_letters_are_printed() {
    let env = TestEnv::start(Backend::Sqlite).await.unwrap();
    env.congress("jsnm63", "annual").await;
    env.session("jsnm63", "desk", "congress", -3600, 3600, None)
        .await;
    env.session("jsnm63", "projected", "lecture", -3600, 3600, Some(30))
        .await;
    let pdf = env.dir.path().join("desk.pdf");
    let png = env.dir.path().join("desk.png");
    for (format, out) in [("pdf", &pdf), ("png", &png)] {
        let cmd = AdminCommand::Poster {
            session: "desk".to_owned(),
            size: "a4".to_owned(),
            format: format.to_owned(),
            out: out.clone(),
        };
        run(cmd, &env.config).await.unwrap();
    }
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    // A rotating code on paper would be stale within a minute: refused.
    let cmd = AdminCommand::Poster {
        session: "projected".to_owned(),
        size: "a3".to_owned(),
        format: "pdf".to_owned(),
        out: env.dir.path().join("p.pdf"),
    };
    assert!(run(cmd, &env.config).await.is_err());

    let csv = env.dir.path().join("members.csv");
    std::fs::write(
        &csv,
        "member_number,name_kanji,name_kana,name_romaji,category,joined_on,email\n\
         60001,核医 一郎,カクイ イチロウ,Kakui Ichiro,正会員,,\n",
    )
    .unwrap();
    let passwords = env.dir.path().join("passwords.csv");
    run(
        AdminCommand::ImportMembers {
            csv,
            out: passwords.clone(),
        },
        &env.config,
    )
    .await
    .unwrap();
    let letters = env.dir.path().join("letters.pdf");
    let cmd = AdminCommand::Letters {
        passwords_csv: passwords,
        member_page_url: "https://member.example/".to_owned(),
        out: letters.clone(),
    };
    assert!(run(cmd, &env.config)
        .await
        .unwrap()
        .starts_with("1 letters"));
    assert!(std::fs::read(&letters).unwrap().starts_with(b"%PDF"));
    env.stop().await;
}
