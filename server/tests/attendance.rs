//! Attendance upload (every verdict and every rejection reason, idempotency,
//! concurrency, bad input) and history, on both backends over real HTTP.

mod common;

use attend_domain::keys::SigningKey;
use attend_domain::payload;
use attend_server::keyring;
use chrono::{TimeDelta, Utc};
use common::{item, verdicts, Backend, TestEnv};
use serde_json::{json, Value};

async fn accepted_then_duplicate_then_history(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("30001").await;
    env.congress("jsnm63", "annual").await;
    let s = env
        .session("jsnm63", "lecture-1", "lecture", -3600, 3600, None)
        .await;
    let code = env.code(&s).await;
    let now = Utc::now();
    let first = item(&code, now);
    let again = item(&code, now); // same session, another client id
    let r = env.upload(&token, &[first.clone(), again]).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("date"));
    let body: Value = r.json().await.unwrap();
    assert_eq!(verdicts(&body), ["accepted", "duplicate"]);
    assert_eq!(body["results"][0]["client_id"], first["client_id"]);

    let r = env
        .http
        .get(env.url("/api/v1/attendance"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let history: Value = r.json().await.unwrap();
    let records = history["records"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["session_id"], "lecture-1");
    assert_eq!(records[0]["congress_id"], "jsnm63");
    assert_eq!(records[0]["kind"], "lecture");
    assert_eq!(records[0]["credit"], 2);
    assert_eq!(records[0]["status"], "confirmed");
    assert_eq!(records[0]["source"], "app");
    // Deserialises as the domain's CreditRecord (extra fields ignored).
    let rec: attend_domain::CreditRecord = serde_json::from_value(records[0].clone()).unwrap();
    assert_eq!(rec.session_title, "教育講演 lecture-1");

    let not_modified = env
        .http
        .get(env.url("/api/v1/attendance"))
        .bearer_auth(&token)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status(), 304);
    env.stop().await;
}

async fn same_batch_twice_gives_same_verdicts(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("30002").await;
    env.congress("jsnm63", "annual").await;
    let mut items = Vec::new();
    for i in 0..5 {
        let s = env
            .session("jsnm63", &format!("s{i}"), "lecture", -3600, 3600, None)
            .await;
        items.push(item(&env.code(&s).await, Utc::now()));
    }
    items.push(item("garbage", Utc::now()));
    let dup = item(
        &env.code(&env.store.session("s0").await.unwrap().unwrap())
            .await,
        Utc::now(),
    );
    items.push(dup);
    let first: Value = env.upload(&token, &items).await.json().await.unwrap();
    let second: Value = env.upload(&token, &items).await.json().await.unwrap();
    let expected = [
        "accepted",
        "accepted",
        "accepted",
        "accepted",
        "accepted",
        "rejected:malformed",
        "duplicate",
    ];
    assert_eq!(verdicts(&first), expected);
    assert_eq!(verdicts(&second), expected);
    // Half of it again after a "cut connection": still the same answers.
    let third: Value = env.upload(&token, &items[3..]).await.json().await.unwrap();
    assert_eq!(verdicts(&third), expected[3..]);
    let (attendance, scans) = env.store.counts().await.unwrap();
    assert_eq!((attendance, scans), (5, 7));
    env.stop().await;
}

async fn concurrent_uploads_store_once(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("30003").await;
    env.congress("jsnm63", "annual").await;
    let mut items = Vec::new();
    for i in 0..20 {
        let s = env
            .session("jsnm63", &format!("c{i}"), "lecture", -3600, 3600, None)
            .await;
        items.push(item(&env.code(&s).await, Utc::now()));
    }
    // The same batch sent eight times at once (an app retrying on a flaky network).
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let http = env.http.clone();
        let url = env.url("/api/v1/attendance");
        let token = token.clone();
        let items = items.clone();
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(url)
                .bearer_auth(token)
                .json(&json!({"items": items}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()
        }));
    }
    for t in tasks {
        let body = t.await.unwrap();
        assert!(verdicts(&body).iter().all(|v| v == "accepted"), "{body}");
    }
    assert_eq!(env.store.counts().await.unwrap(), (20, 20));
    env.stop().await;
}

async fn every_rejection_reason(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    // A second key, revoked, set up before the first upload loads the key set.
    let revoked_id = keyring::create_key(
        &env.store,
        &env.key_dir(),
        "JSNM",
        Utc::now() - TimeDelta::hours(1),
    )
    .await
    .unwrap();
    let revoked_key = keyring::load_key(&env.key_dir(), &revoked_id).unwrap();
    env.store.revoke_key(&revoked_id).await.unwrap();

    let (_, token) = env.member("30004").await;
    env.congress("jsnm63", "annual").await;
    let open = env
        .session("jsnm63", "open", "lecture", -3600, 3600, None)
        .await;
    let closed = env
        .session("jsnm63", "closed", "lecture", -7200, -3600, None)
        .await;
    let rotating = env
        .session("jsnm63", "projected", "lecture", -3600, 3600, Some(60))
        .await;
    let claims = env.claims(&open).await;

    let (impostor, _) = SigningKey::generate(&claims.key_id).unwrap();
    let bad_signature = payload::sign(&claims, &impostor).unwrap();
    let (stranger, _) = SigningKey::generate("not-published").unwrap();
    let unknown_key = payload::sign(&claims.clone().with_key("not-published"), &stranger).unwrap();
    let revoked = payload::sign(&claims.clone().with_key(&revoked_id), &revoked_key).unwrap();
    let outside = env.code(&closed).await;
    let stale = env.code(&rotating).await; // step 0, but we are an hour into the session
    let mut foreign_claims = claims.clone();
    foreign_claims.society = "OTHER".to_owned();
    let foreign = env.sign(&foreign_claims).await;
    let mut unknown_session_claims = claims.clone();
    unknown_session_claims.session_id = "no-such-session".to_owned();
    let unknown_session = env.sign(&unknown_session_claims).await;
    let good = env.code(&open).await;

    let now = Utc::now();
    let mut future = item(&good, now + TimeDelta::hours(2));
    let items = vec![
        item(&bad_signature, now),
        item(&unknown_key, now),
        item(&revoked, now),
        item(&outside, now),
        item(&stale, now),
        item(&foreign, now),
        item(&unknown_session, now),
        item("https://example.com/not-a-code", now),
        item(&"J".repeat(5000), now),
        future.clone(),
    ];
    let body: Value = env.upload(&token, &items).await.json().await.unwrap();
    assert_eq!(
        verdicts(&body),
        [
            "rejected:bad_signature",
            "rejected:unknown_key",
            "rejected:revoked_key",
            "rejected:outside_window",
            "rejected:stale_rotation",
            "rejected:foreign_society",
            "rejected:unknown_session",
            "rejected:malformed",
            "rejected:malformed",
            "rejected:outside_window",
        ]
    );
    assert!(body["results"][0]["message_ja"]
        .as_str()
        .unwrap()
        .contains("署名"));
    assert!(body["results"][0]["message_en"].as_str().is_some());

    // The device clock ran two hours ahead and the app said so: the corrected time is
    // inside the window.
    future["client_id"] = json!(uuid::Uuid::new_v4());
    future["clock_offset_ms"] = json!(2 * 3600 * 1000);
    let body: Value = env.upload(&token, &[future]).await.json().await.unwrap();
    assert_eq!(verdicts(&body), ["accepted"]);
    assert_eq!(env.store.counts().await.unwrap().0, 1);
    env.stop().await;
}

async fn current_rotation_step_is_accepted(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("30005").await;
    env.congress("jsnm63", "annual").await;
    env.session("jsnm63", "projected", "lecture", -3600, 3600, Some(60))
        .await;
    // The staff endpoint signs the current step.
    let code: Value = env
        .http
        .get(env.url("/api/v1/sessions/projected/code"))
        .bearer_auth(common::STAFF_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(code["rotation"]["period_secs"], 60);
    assert!(code["rotation"]["step"].as_u64().unwrap() >= 59);
    let text = code["code"].as_str().unwrap();
    let body: Value = env
        .upload(&token, &[item(text, Utc::now())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verdicts(&body), ["accepted"]);
    env.stop().await;
}

async fn members_see_only_their_own_records(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, alice) = env.member("30006").await;
    let (_, bob) = env.member("30007").await;
    env.congress("jsnm63", "annual").await;
    let s = env
        .session("jsnm63", "desk", "congress", -3600, 3600, None)
        .await;
    let shared = item(&env.code(&s).await, Utc::now());
    let body: Value = env
        .upload(&alice, std::slice::from_ref(&shared))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verdicts(&body), ["accepted"]);
    // Bob replays Alice's client id: refused, and Alice's record stays hers alone.
    let body: Value = env.upload(&bob, &[shared]).await.json().await.unwrap();
    assert_eq!(verdicts(&body), ["rejected:malformed"]);
    let history = |t: String| {
        let req = env.http.get(env.url("/api/v1/attendance")).bearer_auth(t);
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    assert_eq!(history(alice).await["records"].as_array().unwrap().len(), 1);
    assert_eq!(history(bob).await["records"].as_array().unwrap().len(), 0);
    env.stop().await;
}

async fn bad_input_is_refused_and_stores_nothing(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("30008").await;
    env.congress("jsnm63", "annual").await;
    let s = env
        .session("jsnm63", "desk", "congress", -3600, 3600, None)
        .await;
    let code = env.code(&s).await;
    let post = |body: String| {
        env.http
            .post(env.url("/api/v1/attendance"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let cases = [
        ("{not json".to_owned(), 400, "malformed_json"),
        (json!({"items": [{"client_id": "not-a-uuid", "code": code, "scanned_at": Utc::now()}]}).to_string(), 400, "malformed_json"),
        (json!({"items": [{"client_id": uuid::Uuid::new_v4(), "code": 12, "scanned_at": Utc::now()}]}).to_string(), 400, "malformed_json"),
        (json!({"items": "many"}).to_string(), 400, "malformed_json"),
        (json!({"items": [{"code": code}]}).to_string(), 400, "malformed_json"),
        (format!("{{\"items\": [], \"pad\": \"{}\"}}", "x".repeat(2 * 1024 * 1024)), 413, "body_too_large"),
    ];
    for (body, status, code_name) in cases {
        let r = post(body).await.unwrap();
        assert_eq!(r.status(), status);
        let err: Value = r.json().await.unwrap();
        assert_eq!(err["error"], code_name);
        assert!(!err["message_ja"].as_str().unwrap().is_empty());
    }
    let too_many: Vec<Value> = (0..501).map(|_| item(&code, Utc::now())).collect();
    let r = env.upload(&token, &too_many).await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_input");
    // Without a token nothing is looked at.
    let r = env
        .http
        .post(env.url("/api/v1/attendance"))
        .json(&json!({"items": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(env.store.counts().await.unwrap(), (0, 0));
    let r = env
        .http
        .get(env.url("/api/v1/no-such-route"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "not_found");
    env.stop().await;
}

backend_tests!(
    accepted_then_duplicate_then_history,
    same_batch_twice_gives_same_verdicts,
    concurrent_uploads_store_once,
    every_rejection_reason,
    current_rotation_step_is_accepted,
    members_see_only_their_own_records,
    bad_input_is_refused_and_stores_nothing,
);

trait WithKey {
    fn with_key(self, key_id: &str) -> Self;
}

impl WithKey for attend_domain::CodeClaims {
    fn with_key(mut self, key_id: &str) -> Self {
        self.key_id = key_id.to_owned();
        self
    }
}
