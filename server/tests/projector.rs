//! The projector page and the code it polls, on both backends over real HTTP: opened by
//! a session's projector key (made by the admin command, for that session only, until
//! revoked or a day after the session ends, stored as a hash only) or by the staff
//! token in the header, never in the URL; escaped text; codes that verify against the
//! published keys; a rotating session's step moving on between two fetches.

mod common;

use attend_domain::keys::KeySet;
use attend_domain::payload;
use attend_server::admin::{run, AdminCommand, AdminError};
use attend_server::api::projector::projector_path;
use attend_server::credentials::{new_token, token_hash};
use attend_server::Store;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Utc;
use common::{Backend, TestEnv, STAFF_TOKEN};
use serde_json::Value;

async fn get(env: &TestEnv, path: &str, bearer: Option<&str>) -> reqwest::Response {
    let mut r = env.http.get(env.url(path));
    if let Some(token) = bearer {
        r = r.bearer_auth(token);
    }
    r.send().await.unwrap()
}

/// The status of the page and of its code.json with `key` in the URL.
async fn statuses(env: &TestEnv, session_id: &str, key: &str) -> (u16, u16) {
    let page = projector_path(session_id, key);
    let json = page.replacen('?', "/code.json?", 1);
    (
        get(env, &page, None).await.status().as_u16(),
        get(env, &json, None).await.status().as_u16(),
    )
}

async fn projector_url(env: &TestEnv, session: &str, new: bool) -> Result<String, AdminError> {
    let command = AdminCommand::ProjectorUrl {
        session: session.to_owned(),
        base_url: Some(env.base.clone()),
        new,
    };
    run(command, &env.config).await
}

/// Runs `projector-url`; returns the printed URL and the key in it.
async fn make_key(env: &TestEnv, session: &str, new: bool) -> (String, String) {
    let out = projector_url(env, session, new).await.unwrap();
    let mut lines = out.lines();
    let url = lines.next().unwrap().to_owned();
    assert!(lines.next().unwrap().contains("shown only now"), "{out}");
    let key = url[url.find("?key=").unwrap() + 5..].to_owned();
    assert_eq!(url, env.url(&projector_path(session, &key)));
    (url, key)
}

async fn revoke(env: &TestEnv, session: &str) -> String {
    let command = AdminCommand::ProjectorRevoke {
        session: session.to_owned(),
    };
    run(command, &env.config).await.unwrap()
}

async fn key_set(env: &TestEnv) -> KeySet {
    let text = get(env, "/api/v1/keys", None).await.text().await.unwrap();
    KeySet::from_json(&text).unwrap()
}

/// Fetches code.json with the key in the URL; returns the body after checking headers.
async fn code_json(env: &TestEnv, session_id: &str, key: &str) -> Value {
    let path = projector_path(session_id, key).replacen('?', "/code.json?", 1);
    let r = get(env, &path, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    r.json().await.unwrap()
}

async fn page_opens_with_its_sessions_key_only(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.congress("jsnm63", "annual").await;
    let id = "lec<1>&\"x";
    env.session("jsnm63", id, "lecture", -60, 3600, Some(30))
        .await;
    env.session("jsnm63", "other", "lecture", -60, 3600, Some(30))
        .await;
    let (url, key) = make_key(&env, id, false).await;
    let (_, other_key) = make_key(&env, "other", false).await;
    let with_key = projector_path(id, &key);
    let bare = &with_key[..with_key.find('?').unwrap()];

    assert_eq!(get(&env, bare, None).await.status(), 401);
    assert_eq!(statuses(&env, id, "not-a-projector-key").await, (403, 403));
    assert_eq!(get(&env, bare, Some("nope")).await.status(), 403);
    // A key opens its own session only.
    assert_eq!(statuses(&env, id, &other_key).await, (403, 403));
    assert_eq!(statuses(&env, "other", &key).await, (403, 403));
    assert_eq!(statuses(&env, "other", &other_key).await, (200, 200));
    // The staff token never travels in a URL.
    assert_eq!(statuses(&env, id, STAFF_TOKEN).await, (403, 403));
    assert_eq!(statuses(&env, "no-such-session", &key).await, (403, 403));
    let unknown = get(&env, "/projector/no-such-session", Some(STAFF_TOKEN)).await;
    assert_eq!(unknown.status(), 404);

    let r = env.http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = r.text().await.unwrap();
    assert!(html.contains("教育講演 lec&lt;1&gt;&amp;&quot;x"), "{html}");
    assert!(!html.contains("lec<1>"));
    let code_url = format!("/projector/lec%3C1%3E%26%22x/code.json?key={key}");
    assert!(html.contains(&code_url), "{html}");

    // The office's header opens it too; the page then polls without a key (the header
    // goes along), and the staff token appears nowhere in it.
    let r = get(&env, bare, Some(STAFF_TOKEN)).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("data-code-url=\"/projector/lec%3C1%3E%26%22x/code.json\""));
    assert!(!html.contains(STAFF_TOKEN) && !html.contains("?key="));
    let json = format!("{bare}/code.json");
    assert_eq!(get(&env, &json, Some(STAFF_TOKEN)).await.status(), 200);
    env.stop().await;
}

async fn admin_makes_replaces_and_revokes_keys(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.congress("jsnm63", "annual").await;
    env.session("jsnm63", "hall-a", "lecture", -60, 3600, Some(30))
        .await;
    let (_, first) = make_key(&env, "hall-a", false).await;
    assert_eq!(statuses(&env, "hall-a", &first).await, (200, 200));

    // Again without --new: refused (the key cannot be shown again), the first one kept.
    match projector_url(&env, "hall-a", false).await {
        Err(AdminError::Input(text)) => assert!(text.contains("--new"), "{text}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(statuses(&env, "hall-a", &first).await, (200, 200));

    // --new replaces it: the old URL stops working.
    let (_, second) = make_key(&env, "hall-a", true).await;
    assert_ne!(first, second);
    assert_eq!(statuses(&env, "hall-a", &first).await, (403, 403));
    assert_eq!(statuses(&env, "hall-a", &second).await, (200, 200));

    // Revoked: 403, and the staff header still works.
    assert!(revoke(&env, "hall-a").await.contains("revoked"));
    assert_eq!(statuses(&env, "hall-a", &second).await, (403, 403));
    let json = "/projector/hall-a/code.json";
    assert_eq!(get(&env, json, Some(STAFF_TOKEN)).await.status(), 200);
    assert!(revoke(&env, "hall-a").await.contains("no projector key"));

    // After a revoke a plain projector-url makes a fresh key.
    let (_, third) = make_key(&env, "hall-a", false).await;
    assert_eq!(statuses(&env, "hall-a", &third).await, (200, 200));
    assert!(projector_url(&env, "no-such-session", true).await.is_err());
    env.stop().await;
}

async fn only_the_hash_is_stored(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.congress("jsnm63", "annual").await;
    env.session("jsnm63", "desk", "congress", -60, 3600, None)
        .await;
    let (_, key) = make_key(&env, "desk", false).await;
    // 256 random bits, base64url.
    assert_eq!(URL_SAFE_NO_PAD.decode(&key).unwrap().len(), 32);

    let sql = "SELECT session_id, key_hash, CAST(created_at AS TEXT) AS created_at \
               FROM projector_keys";
    let rows: Vec<(String, String, String)> = match &env.store {
        Store::Sqlite { read, .. } => sqlx::query_as(sql).fetch_all(read).await.unwrap(),
        Store::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
    };
    assert_eq!(rows.len(), 1);
    let (session_id, hash, created_at) = &rows[0];
    assert_eq!(session_id, "desk");
    assert_eq!(*hash, token_hash(&key));
    for column in [session_id, hash, created_at] {
        assert!(!column.contains(&key), "{:?}", rows[0]);
    }
    env.stop().await;
}

async fn keys_expire_a_day_after_the_session(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.congress("jsnm63", "annual").await;
    let day = 24 * 3600;
    // Ended an hour ago: still within the day's grace.
    env.session("jsnm63", "just-ended", "lecture", -2 * 3600, -3600, None)
        .await;
    let (_, key) = make_key(&env, "just-ended", false).await;
    assert_eq!(statuses(&env, "just-ended", &key).await, (200, 200));

    // Ended two days ago: the command refuses, and a key stored anyway does not open.
    env.session("jsnm63", "long-ago", "lecture", -3 * day, -2 * day, None)
        .await;
    match projector_url(&env, "long-ago", false).await {
        Err(AdminError::Input(text)) => assert!(text.contains("ended"), "{text}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let (key, hash) = new_token();
    let now = Utc::now().timestamp_millis();
    assert!(env
        .store
        .add_projector_key("long-ago", &hash, now)
        .await
        .unwrap());
    assert_eq!(statuses(&env, "long-ago", &key).await, (403, 403));
    env.stop().await;
}

async fn code_json_verifies_against_published_keys(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.congress("jsnm63", "annual").await;
    env.session("jsnm63", "rotating", "lecture", -3600, 3600, Some(30))
        .await;
    env.session("jsnm63", "desk", "congress", -3600, 3600, None)
        .await;
    let keys = key_set(&env).await;
    let (_, rotating_key) = make_key(&env, "rotating", false).await;
    let (_, desk_key) = make_key(&env, "desk", false).await;

    let body = code_json(&env, "rotating", &rotating_key).await;
    let code = body["code"].as_str().unwrap();
    let claims = payload::verify(code, &keys, "JSNM", Utc::now()).unwrap();
    assert_eq!(claims.session_id, "rotating");
    let rotation = claims.rotation.unwrap();
    assert_eq!(rotation.period_secs, 30);
    assert!(rotation.step >= 119, "an hour in, step {}", rotation.step);
    let refresh = body["refresh_in_ms"].as_u64().unwrap();
    assert!(refresh > 0 && refresh <= 30_000, "{refresh}");
    assert!(body["svg"].as_str().unwrap().contains("<svg"));

    let body = code_json(&env, "desk", &desk_key).await;
    let claims =
        payload::verify(body["code"].as_str().unwrap(), &keys, "JSNM", Utc::now()).unwrap();
    assert!(claims.rotation.is_none());
    assert_eq!(body["refresh_in_ms"], 60_000);

    let bare = "/projector/desk/code.json";
    assert_eq!(get(&env, bare, None).await.status(), 401);
    assert_eq!(get(&env, bare, Some("nope")).await.status(), 403);
    assert_eq!(get(&env, bare, Some(STAFF_TOKEN)).await.status(), 200);
    env.stop().await;
}

async fn rotation_step_moves_on(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.congress("jsnm63", "annual").await;
    env.session("jsnm63", "fast", "lecture", -10, 3600, Some(2))
        .await;
    let (_, key) = make_key(&env, "fast", false).await;
    let keys = key_set(&env).await;
    let step = |body: &Value| {
        payload::verify(body["code"].as_str().unwrap(), &keys, "JSNM", Utc::now())
            .unwrap()
            .rotation
            .unwrap()
            .step
    };
    let first = code_json(&env, "fast", &key).await;
    let refresh = first["refresh_in_ms"].as_u64().unwrap();
    assert!(refresh <= 2_000, "{refresh}");
    // Wait as the page does, a little past the moment it was told.
    tokio::time::sleep(std::time::Duration::from_millis(refresh + 100)).await;
    let second = code_json(&env, "fast", &key).await;
    assert!(step(&second) > step(&first));
    assert_ne!(first["code"], second["code"]);
    env.stop().await;
}

backend_tests!(
    page_opens_with_its_sessions_key_only,
    admin_makes_replaces_and_revokes_keys,
    only_the_hash_is_stored,
    keys_expire_a_day_after_the_session,
    code_json_verifies_against_published_keys,
    rotation_step_moves_on,
);
