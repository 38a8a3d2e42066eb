//! The projector page and the code it polls, on both backends over real HTTP: staff
//! only (header or `?key=`), escaped text, codes that verify against the published
//! keys, and a rotating session's step moving on between two fetches.

mod common;

use attend_domain::keys::KeySet;
use attend_domain::payload;
use attend_server::admin::{run, AdminCommand};
use attend_server::api::projector::projector_path;
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

async fn key_set(env: &TestEnv) -> KeySet {
    let text = get(env, "/api/v1/keys", None).await.text().await.unwrap();
    KeySet::from_json(&text).unwrap()
}

/// Fetches code.json with the key in the URL; returns the body after checking headers.
async fn code_json(env: &TestEnv, session_id: &str) -> Value {
    let path = projector_path(session_id, STAFF_TOKEN).replacen("?", "/code.json?", 1);
    let r = get(env, &path, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    r.json().await.unwrap()
}

async fn page_needs_the_staff_key_and_escapes(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.congress("jsnm63", "annual").await;
    let id = "lec<1>&\"x";
    env.session("jsnm63", id, "lecture", -60, 3600, Some(30))
        .await;
    let with_key = projector_path(id, STAFF_TOKEN);
    let without_key = &with_key[..with_key.find('?').unwrap()];

    assert_eq!(get(&env, without_key, None).await.status(), 401);
    let wrong = projector_path(id, "not-the-staff-token");
    assert_eq!(get(&env, &wrong, None).await.status(), 403);
    assert_eq!(get(&env, without_key, Some("nope")).await.status(), 403);
    let unknown = projector_path("no-such-session", STAFF_TOKEN);
    assert_eq!(get(&env, &unknown, None).await.status(), 404);

    let r = get(&env, &with_key, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = r.text().await.unwrap();
    assert!(html.contains("教育講演 lec&lt;1&gt;&amp;&quot;x"), "{html}");
    assert!(!html.contains("lec<1>"));
    let code_url = "/projector/lec%3C1%3E%26%22x/code.json?key=staff-secret-for-tests";
    assert!(html.contains(code_url), "{html}");

    // The header works too, and the page then passes that token on.
    let r = get(&env, without_key, Some(STAFF_TOKEN)).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains(code_url));

    // The admin command prints an address that opens the page.
    let url = run(
        AdminCommand::ProjectorUrl {
            session: id.to_owned(),
            base_url: Some(env.base.clone()),
        },
        &env.config,
    )
    .await
    .unwrap();
    assert_eq!(url, env.url(&with_key));
    assert_eq!(env.http.get(&url).send().await.unwrap().status(), 200);
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

    let body = code_json(&env, "rotating").await;
    let code = body["code"].as_str().unwrap();
    let claims = payload::verify(code, &keys, "JSNM", Utc::now()).unwrap();
    assert_eq!(claims.session_id, "rotating");
    let rotation = claims.rotation.unwrap();
    assert_eq!(rotation.period_secs, 30);
    assert!(rotation.step >= 119, "an hour in, step {}", rotation.step);
    let refresh = body["refresh_in_ms"].as_u64().unwrap();
    assert!(refresh > 0 && refresh <= 30_000, "{refresh}");
    assert!(body["svg"].as_str().unwrap().contains("<svg"));

    let body = code_json(&env, "desk").await;
    let claims =
        payload::verify(body["code"].as_str().unwrap(), &keys, "JSNM", Utc::now()).unwrap();
    assert!(claims.rotation.is_none());
    assert_eq!(body["refresh_in_ms"], 60_000);

    // Staff only, like the page.
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
    let keys = key_set(&env).await;
    let step = |body: &Value| {
        payload::verify(body["code"].as_str().unwrap(), &keys, "JSNM", Utc::now())
            .unwrap()
            .rotation
            .unwrap()
            .step
    };
    let first = code_json(&env, "fast").await;
    let refresh = first["refresh_in_ms"].as_u64().unwrap();
    assert!(refresh <= 2_000, "{refresh}");
    // Wait as the page does, a little past the moment it was told.
    tokio::time::sleep(std::time::Duration::from_millis(refresh + 100)).await;
    let second = code_json(&env, "fast").await;
    assert!(step(&second) > step(&first));
    assert_ne!(first["code"], second["code"]);
    env.stop().await;
}

backend_tests!(
    page_needs_the_staff_key_and_escapes,
    code_json_verifies_against_published_keys,
    rotation_step_moves_on,
);
