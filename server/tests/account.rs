//! Login, tokens, password change, the throttle, /me, and authorisation, on both
//! backends over real HTTP.

mod common;

use common::{Backend, TestEnv, PASSWORD, STAFF_TOKEN};
use serde_json::{json, Value};

async fn login_returns_account_and_token(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.add_member("10001").await;
    let r = env.login("10001", PASSWORD).await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers().contains_key("date"),
        "every answer carries Date"
    );
    let body: Value = r.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(token.len() >= 43, "≥ 256 bits of base64url: {token}");
    assert_eq!(body["account"]["member_number"], "10001");
    assert_eq!(body["account"]["display_name"], "核医 太郎10001");
    assert_eq!(body["account"]["temporary_password"], true);
    assert_eq!(body["account"]["update_deadline"], "2027-03-31");
    // The account deserialises into the domain type the app uses.
    let account: attend_domain::Account = serde_json::from_value(body["account"].clone()).unwrap();
    assert!(account.temporary_password);

    let me: Value = env
        .http
        .get(env.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["account"]["member_number"], "10001");
    assert_eq!(me["category"], "正会員");
    env.stop().await;
}

async fn wrong_password_and_unknown_member_look_the_same(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.add_member("10002").await;
    let wrong = env.login("10002", "not-the-password").await;
    let unknown = env.login("99999", PASSWORD).await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    let a: Value = wrong.json().await.unwrap();
    let b2: Value = unknown.json().await.unwrap();
    assert_eq!(a, b2);
    assert_eq!(a["error"], "bad_credentials");
    assert!(a["message_ja"].as_str().unwrap().contains("会員番号"));
    env.stop().await;
}

async fn throttle_per_member_with_retry_after(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.add_member("10003").await;
    for _ in 0..5 {
        assert_eq!(env.login("10003", "wrong-password").await.status(), 401);
    }
    // Now even the right password is refused until the window passes.
    let r = env.login("10003", PASSWORD).await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 900, "{retry}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "too_many_attempts");
    // Another member from the same address is not blocked by this member's failures.
    env.add_member("10004").await;
    assert_eq!(env.login("10004", PASSWORD).await.status(), 200);
    env.stop().await;
}

async fn throttle_per_address(b: Backend) {
    let Some(env) = TestEnv::start_with(b, |c| c.login_limits.per_address = 3).await else {
        return;
    };
    for n in 0..3 {
        assert_eq!(
            env.login(&format!("2000{n}"), "x-password").await.status(),
            401
        );
    }
    env.add_member("20009").await;
    assert_eq!(env.login("20009", PASSWORD).await.status(), 429);
    env.stop().await;
}

async fn logout_revokes_the_token(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("10005").await;
    let me = |t: String| {
        let req = env.http.get(env.url("/api/v1/attendance")).bearer_auth(t);
        async move { req.send().await.unwrap().status() }
    };
    assert_eq!(me(token.clone()).await, 200);
    let r = env
        .http
        .post(env.url("/api/v1/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let after = env
        .http
        .get(env.url("/api/v1/attendance"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
    let body: Value = after.json().await.unwrap();
    assert_eq!(body["error"], "unauthorized");
    assert_eq!(me("garbage-token".to_owned()).await, 401);
    assert_eq!(
        env.http
            .get(env.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    env.stop().await;
}

async fn expired_token_is_refused(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    env.add_member("10006").await;
    let member = env.store.member_by_number("10006").await.unwrap().unwrap();
    let (token, hash) = attend_server::credentials::new_token();
    let now = chrono::Utc::now().timestamp_millis();
    env.store
        .insert_token(&hash, member.id, now - 10_000, now - 1)
        .await
        .unwrap();
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

async fn office_revokes_tokens(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("10007").await;
    // A member token cannot call a staff endpoint.
    let r = env
        .http
        .post(env.url("/api/v1/members/10007/revoke-tokens"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "forbidden");
    let r = env
        .http
        .post(env.url("/api/v1/members/10007/revoke-tokens"))
        .bearer_auth(STAFF_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["revoked"], 1);
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

async fn password_change(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("10008").await;
    let other_login: Value = env.login("10008", PASSWORD).await.json().await.unwrap();
    let other_token = other_login["token"].as_str().unwrap().to_owned();
    let change = |current: &str, new: &str| {
        env.http
            .post(env.url("/api/v1/password"))
            .bearer_auth(&token)
            .json(&json!({"current_password": current, "new_password": new}))
            .send()
    };
    let short = change(PASSWORD, "short").await.unwrap();
    assert_eq!(short.status(), 400);
    assert_eq!(
        short.json::<Value>().await.unwrap()["error"],
        "invalid_input"
    );
    assert_eq!(
        change("wrong-current", "a-new-password-1")
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        change(PASSWORD, "a-new-password-1").await.unwrap().status(),
        204
    );
    // The old password no longer works, the new one does and is not temporary.
    assert_eq!(env.login("10008", PASSWORD).await.status(), 401);
    let r: Value = env
        .login("10008", "a-new-password-1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["account"]["temporary_password"], false);
    // The session that changed it lives on; the member's other logins end.
    let status = |t: String| {
        let req = env.http.get(env.url("/api/v1/me")).bearer_auth(t);
        async move { req.send().await.unwrap().status() }
    };
    assert_eq!(status(token.clone()).await, 200);
    assert_eq!(status(other_token).await, 401);
    env.stop().await;
}

async fn me_lists_certifications_and_summary(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let (_, token) = env.member("10009").await;
    let due = chrono::NaiveDate::from_ymd_opt(2028, 3, 31).unwrap();
    env.store
        .set_certification("10009", "nm-specialist", due)
        .await
        .unwrap();
    let me: Value = env
        .http
        .get(env.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["certifications"][0]["cert_id"], "nm-specialist");
    assert_eq!(me["certifications"][0]["name_ja"], "核医学専門医");
    assert_eq!(me["certifications"][0]["renewal_due"], "2028-03-31");
    assert_eq!(
        me["summary"]["certifications"][0]["cert_id"],
        "nm-specialist"
    );
    assert_eq!(me["summary"]["confirmed_total"], 0);
    env.stop().await;
}

backend_tests!(
    login_returns_account_and_token,
    wrong_password_and_unknown_member_look_the_same,
    throttle_per_member_with_retry_after,
    throttle_per_address,
    logout_revokes_the_token,
    expired_token_is_refused,
    office_revokes_tokens,
    password_change,
    me_lists_certifications_and_summary,
);
