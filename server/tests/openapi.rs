//! The OpenAPI document matches the real answers: every route and status code the
//! server returns is documented, and every JSON body validates against the schema the
//! document gives for it (JSON Schema 2020-12, as OpenAPI 3.1 uses).

mod common;

use chrono::{TimeDelta, Utc};
use common::{item, Backend, TestEnv, PASSWORD, STAFF_TOKEN};
use serde_json::{json, Value};

struct Checker {
    doc: Value,
    checked: Vec<String>,
}

impl Checker {
    /// Asserts the answer is documented for this route and validates its body.
    async fn check(&mut self, method: &str, template: &str, response: reqwest::Response) -> Value {
        let status = response.status().as_u16().to_string();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or("").to_owned())
            .unwrap_or_default();
        let bytes = response.bytes().await.unwrap();
        let documented = &self.doc["paths"][template][method]["responses"][&status];
        assert!(
            documented.is_object(),
            "{method} {template} answered {status}, which the OpenAPI document does not list"
        );
        self.checked.push(format!("{method} {template} {status}"));
        if bytes.is_empty() {
            return Value::Null;
        }
        assert!(
            content_type.starts_with("application/json"),
            "{method} {template}: {content_type}"
        );
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        if let Some(schema) = documented["content"]["application/json"].get("schema") {
            let mut root = self.doc.clone();
            root.as_object_mut()
                .unwrap()
                .insert("allOf".to_owned(), json!([schema]));
            let validator = jsonschema::draft202012::new(&root).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&body)
                .map(|e| e.to_string())
                .collect();
            assert!(
                errors.is_empty(),
                "{method} {template} {status}: {errors:?}\n{body}"
            );
        }
        body
    }
}

async fn answers_match_the_document(b: Backend) {
    let Some(env) = TestEnv::start(b).await else {
        return;
    };
    let doc: Value = env
        .http
        .get(env.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut c = Checker {
        doc,
        checked: Vec::new(),
    };
    let get = |path: &str, token: Option<&str>| {
        let mut r = env.http.get(env.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send()
    };
    let post = |path: &str, token: Option<&str>, body: Value| {
        let mut r = env.http.post(env.url(path)).json(&body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send()
    };

    c.check(
        "get",
        "/api/v1/openapi.json",
        get("/api/v1/openapi.json", None).await.unwrap(),
    )
    .await;
    env.add_member("40001").await;
    let login = json!({"member_number": "40001", "password": PASSWORD});
    let body = c
        .check(
            "post",
            "/api/v1/login",
            post("/api/v1/login", None, login).await.unwrap(),
        )
        .await;
    let token = body["token"].as_str().unwrap().to_owned();
    let bad = json!({"member_number": "40001", "password": "wrong-password"});
    c.check(
        "post",
        "/api/v1/login",
        post("/api/v1/login", None, bad).await.unwrap(),
    )
    .await;
    c.check(
        "post",
        "/api/v1/login",
        post("/api/v1/login", None, json!({"x": 1})).await.unwrap(),
    )
    .await;
    c.check(
        "get",
        "/api/v1/me",
        get("/api/v1/me", Some(&token)).await.unwrap(),
    )
    .await;
    c.check("get", "/api/v1/me", get("/api/v1/me", None).await.unwrap())
        .await;

    let keys = get("/api/v1/keys", None).await.unwrap();
    let etag = keys.headers()["etag"].to_str().unwrap().to_owned();
    let set = c.check("get", "/api/v1/keys", keys).await;
    assert!(attend_domain::keys::KeySet::from_json(&set.to_string()).is_ok());
    let again = env
        .http
        .get(env.url("/api/v1/keys"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    c.check("get", "/api/v1/keys", again).await;
    let rules = c
        .check(
            "get",
            "/api/v1/rules",
            get("/api/v1/rules", None).await.unwrap(),
        )
        .await;
    assert!(attend_domain::rules::CreditRules::from_json(&rules.to_string()).is_ok());

    let congress = json!({"id": "jsnm63", "name": "第63回日本核医学会学術総会", "kind": "annual",
        "starts_on": "2026-11-16", "ends_on": "2026-11-18"});
    c.check(
        "post",
        "/api/v1/congresses",
        post("/api/v1/congresses", Some(STAFF_TOKEN), congress.clone())
            .await
            .unwrap(),
    )
    .await;
    c.check(
        "post",
        "/api/v1/congresses",
        post("/api/v1/congresses", Some(STAFF_TOKEN), congress.clone())
            .await
            .unwrap(),
    )
    .await;
    c.check(
        "post",
        "/api/v1/congresses",
        post("/api/v1/congresses", Some(&token), congress)
            .await
            .unwrap(),
    )
    .await;
    let now = Utc::now();
    let session = json!({"id": "desk", "congress_id": "jsnm63", "title": "学術総会 出席受付", "kind": "congress",
        "credit": 10, "valid_from": now - TimeDelta::hours(1), "valid_until": now + TimeDelta::hours(1)});
    c.check(
        "post",
        "/api/v1/sessions",
        post("/api/v1/sessions", Some(STAFF_TOKEN), session)
            .await
            .unwrap(),
    )
    .await;
    let bad_kind = json!({"id": "x", "congress_id": "jsnm63", "title": "x", "kind": "nope", "credit": 1,
        "valid_from": now, "valid_until": now + TimeDelta::hours(1)});
    c.check(
        "post",
        "/api/v1/sessions",
        post("/api/v1/sessions", Some(STAFF_TOKEN), bad_kind)
            .await
            .unwrap(),
    )
    .await;

    let code = c
        .check(
            "get",
            "/api/v1/sessions/{id}/code",
            get("/api/v1/sessions/desk/code", Some(STAFF_TOKEN))
                .await
                .unwrap(),
        )
        .await;
    c.check(
        "get",
        "/api/v1/sessions/{id}/code",
        get("/api/v1/sessions/nope/code", Some(STAFF_TOKEN))
            .await
            .unwrap(),
    )
    .await;
    c.check(
        "get",
        "/api/v1/sessions/{id}/code",
        get("/api/v1/sessions/desk/code", Some(&token))
            .await
            .unwrap(),
    )
    .await;
    c.check(
        "get",
        "/api/v1/sessions/{id}/code",
        get("/api/v1/sessions/desk/code", None).await.unwrap(),
    )
    .await;

    let text = code["code"].as_str().unwrap();
    let items = json!({"items": [item(text, Utc::now()), item("nonsense", Utc::now())]});
    let verdicts = c
        .check(
            "post",
            "/api/v1/attendance",
            post("/api/v1/attendance", Some(&token), items)
                .await
                .unwrap(),
        )
        .await;
    assert_eq!(verdicts["results"][0]["verdict"], "accepted");
    assert_eq!(verdicts["results"][1]["reason"], "malformed");
    c.check(
        "post",
        "/api/v1/attendance",
        post("/api/v1/attendance", Some(&token), json!({"items": 3}))
            .await
            .unwrap(),
    )
    .await;
    c.check(
        "post",
        "/api/v1/attendance",
        post("/api/v1/attendance", None, json!({"items": []}))
            .await
            .unwrap(),
    )
    .await;
    c.check(
        "get",
        "/api/v1/attendance",
        get("/api/v1/attendance", Some(&token)).await.unwrap(),
    )
    .await;

    let pw = json!({"current_password": PASSWORD, "new_password": "short"});
    c.check(
        "post",
        "/api/v1/password",
        post("/api/v1/password", Some(&token), pw).await.unwrap(),
    )
    .await;
    let pw = json!({"current_password": PASSWORD, "new_password": "long-enough-1"});
    c.check(
        "post",
        "/api/v1/password",
        post("/api/v1/password", Some(&token), pw).await.unwrap(),
    )
    .await;
    c.check(
        "post",
        "/api/v1/members/{number}/revoke-tokens",
        post(
            "/api/v1/members/40001/revoke-tokens",
            Some(STAFF_TOKEN),
            json!({}),
        )
        .await
        .unwrap(),
    )
    .await;
    c.check(
        "post",
        "/api/v1/members/{number}/revoke-tokens",
        post(
            "/api/v1/members/00000/revoke-tokens",
            Some(STAFF_TOKEN),
            json!({}),
        )
        .await
        .unwrap(),
    )
    .await;
    c.check(
        "post",
        "/api/v1/logout",
        post("/api/v1/logout", Some(&token), json!({}))
            .await
            .unwrap(),
    )
    .await;

    // The projector: its JSON, and the page's refusals (its 200 is HTML, not checked here).
    for (path, token) in [
        ("/projector/desk/code.json", Some(STAFF_TOKEN)),
        ("/projector/desk/code.json", None),
        ("/projector/desk/code.json", Some(token.as_str())),
        ("/projector/nope/code.json", Some(STAFF_TOKEN)),
    ] {
        let r = get(path, token).await.unwrap();
        c.check("get", "/projector/{session_id}/code.json", r).await;
    }
    for (path, token) in [
        ("/projector/desk", None),
        ("/projector/desk", Some(token.as_str())),
        ("/projector/nope", Some(STAFF_TOKEN)),
    ] {
        let r = get(path, token).await.unwrap();
        c.check("get", "/projector/{session_id}", r).await;
    }

    // Every documented route was exercised at least once.
    let documented: Vec<String> = c.doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| format!("{m} {path}"))
        })
        .collect();
    for route in documented {
        assert!(
            c.checked
                .iter()
                .any(|seen| seen.starts_with(&format!("{route} "))),
            "{route} not exercised"
        );
    }
    env.stop().await;
}

backend_tests!(answers_match_the_document);
