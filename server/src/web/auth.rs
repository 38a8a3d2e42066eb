//! Sign-in, sign-out, password change and the first-time terms (注意事項).

use attend_domain::Locale;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{TimeDelta, Utc};
use maud::{html, Markup};
use serde::Deserialize;

use super::content::Content;
use super::layout::{page, Chrome};
use super::session::{
    cookie, locale, random_token, same_token, set_cookie, Signed, LANG_COOKIE, LOGIN_CSRF_COOKIE,
    SESSION_COOKIE, SESSION_HOURS,
};
use super::{blocking, password, WebError, WebResult};
use crate::api::{ClientAddr, SharedState};
use crate::credentials::{self, MAX_PASSWORD_LEN};
use crate::signin::{self, SignInFailure};

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    member_number: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

fn login_body(l: Locale, csrf: &str, error: Option<&str>, number: &str) -> Markup {
    html! {
        h1 { (l.pick("会員ログイン", "Member sign-in")) }
        p { (l.pick("会員番号・パスワードを入力してログインしてください。", "Enter your member number and password.")) }
        @if let Some(e) = error { p.err role="alert" { (e) } }
        form.box method="post" action="/member/login" {
            input type="hidden" name="csrf" value=(csrf);
            label for="member_number" { (l.pick("会員番号", "Member number")) }
            input type="text" id="member_number" name="member_number" value=(number)
                autocomplete="username" inputmode="numeric" required;
            label for="password" { (l.pick("パスワード", "Password")) }
            input type="password" id="password" name="password" autocomplete="current-password" required;
            button.go type="submit" { "✓ " (l.pick("ログイン", "Sign in")) }
        }
        p.muted { (l.pick(
            "初回は「会員番号・仮パスワード通知書」に記載された会員番号と仮パスワードでログインしてください。パスワードはアプリ「JSNM学会参加登録」と共通です。",
            "The first time, use the member number and temporary password from the notice the office mailed you. The same password signs you in to the JSNM app."
        )) }
    }
}

fn login_response(
    state: &SharedState,
    l: Locale,
    status: StatusCode,
    error: Option<&str>,
    number: &str,
) -> Response {
    let csrf = random_token();
    let content = Content::load();
    let chrome = Chrome {
        locale: l,
        title: l.pick("会員ログイン", "Sign in").to_owned(),
        signed: None,
        menu: false,
        active: "",
        content: &content,
    };
    let markup = page(&chrome, login_body(l, &csrf, error, number));
    (
        status,
        [(
            header::SET_COOKIE,
            set_cookie(state, LOGIN_CSRF_COOKIE, &csrf, None),
        )],
        markup,
    )
        .into_response()
}

pub async fn login_page(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    login_response(&state, locale(&headers), StatusCode::OK, None, "")
}

pub async fn login(
    State(state): State<SharedState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> WebResult<Response> {
    let l = locale(&headers);
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if !same_token(&form.csrf, &expected) {
        return Err(WebError::Csrf);
    }
    let number = form.member_number.trim().to_owned();
    let bad = l.pick(
        "会員番号またはパスワードが正しくありません。",
        "The member number or password is not correct.",
    );
    if number.is_empty() || number.len() > 32 || form.password.len() > MAX_PASSWORD_LEN {
        return Ok(login_response(
            &state,
            l,
            StatusCode::UNAUTHORIZED,
            Some(bad),
            "",
        ));
    }
    let now = Utc::now();
    let now_ms = now.timestamp_millis();
    // The same check and throttle subjects as /api/v1/login: failures add up.
    let member = match signin::check_password(&state, &number, &form.password, &addr, now_ms).await
    {
        Ok(member) => member,
        Err(SignInFailure::Throttled { retry_after_secs }) => {
            return Err(WebError::TooManyAttempts(
                i64::try_from(retry_after_secs).unwrap_or(i64::MAX),
            ))
        }
        Err(SignInFailure::BadCredentials) => {
            tracing::info!(member = %number, "member page sign-in failed");
            return Ok(login_response(
                &state,
                l,
                StatusCode::UNAUTHORIZED,
                Some(bad),
                &number,
            ));
        }
        Err(SignInFailure::Store(e)) => return Err(e.into()),
        Err(SignInFailure::Internal(e)) => return Err(WebError::Internal(e)),
    };
    let (token, hash) = credentials::new_token();
    let expires = now + TimeDelta::hours(SESSION_HOURS);
    state
        .store
        .web_session_create(
            &hash,
            member.id,
            &random_token(),
            now_ms,
            expires.timestamp_millis(),
        )
        .await?;
    let profile = state.store.member_profile(member.id).await?;
    let next = if member.password_temporary {
        "/member/password"
    } else if profile.notice_acknowledged_at.is_none() {
        "/member/terms"
    } else {
        "/member/status"
    };
    tracing::info!(member = %member.member_number, "member page sign-in");
    Ok((
        // Appended: a plain header array would keep only the last Set-Cookie.
        AppendHeaders([
            (
                header::SET_COOKIE,
                set_cookie(&state, SESSION_COOKIE, &token, None),
            ),
            (
                header::SET_COOKIE,
                set_cookie(&state, LOGIN_CSRF_COOKIE, "", Some(0)),
            ),
        ]),
        Redirect::to(next),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(state): State<SharedState>,
    signed: Signed,
    Form(form): Form<CsrfForm>,
) -> WebResult<Response> {
    signed.check_csrf(&form.csrf)?;
    state.store.web_session_end(&signed.token_hash).await?;
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(&state, SESSION_COOKIE, "", Some(0)),
        )],
        Redirect::to("/member/login"),
    )
        .into_response())
}

pub async fn switch_language(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tag = if code == "en" { "en" } else { "ja" };
    // Back to the page the member was on when it is ours; the status page otherwise.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("/member/").map(|i| r[i..].to_owned()))
        .filter(|p| !p.starts_with("/member/lang/") && !p.contains("//"))
        .unwrap_or_else(|| "/member/status".to_owned());
    (
        [(
            header::SET_COOKIE,
            set_cookie(&state, LANG_COOKIE, tag, Some(365 * 86400)),
        )],
        Redirect::to(&back),
    )
        .into_response()
}

pub(super) fn chrome<'a>(
    signed: &'a Signed,
    content: &'a Content,
    title: &str,
    active: &'a str,
) -> Chrome<'a> {
    Chrome {
        locale: signed.locale,
        title: title.to_owned(),
        signed: Some(signed),
        menu: !signed.member.password_temporary && signed.acknowledged,
        active,
        content,
    }
}

fn password_body(s: &Signed, errors: &[String]) -> Markup {
    let l = s.locale;
    html! {
        h1 { (l.pick("パスワード変更", "Change password")) }
        @if s.member.password_temporary {
            p.ok { (l.pick("仮パスワードでログインしました。ご自身用のパスワードに変更してください。", "You signed in with your temporary password. Please choose your own password.")) }
        }
        p { (l.pick("このページでは会員マイページにログインするためのパスワードが変更できます。新しいパスワードと確認用のパスワードを入力して、変更ボタンを押してください。", "Choose a new password for the member page (and the app), type it twice and press Change.")) }
        ul.muted {
            @for rule in password::rules(l) { li { (rule) } }
        }
        @if !errors.is_empty() {
            div.err role="alert" { @for e in errors { div { (e) } } }
        }
        form.box method="post" action="/member/password" {
            input type="hidden" name="csrf" value=(s.csrf);
            label for="new_password" { (l.pick("新しいパスワード", "New password")) }
            input type="password" id="new_password" name="new_password" autocomplete="new-password" required;
            label for="confirm" { (l.pick("新しいパスワード（確認用）", "New password (again)")) }
            input type="password" id="confirm" name="confirm" autocomplete="new-password" required;
            button.go type="submit" { "✓ " (l.pick("変更", "Change")) }
        }
    }
}

pub async fn password_page(signed: Signed) -> Markup {
    let content = Content::load();
    let title = signed.locale.pick("パスワード変更", "Change password");
    page(
        &chrome(&signed, &content, title, "password"),
        password_body(&signed, &[]),
    )
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    csrf: String,
}

pub async fn change_password(
    State(state): State<SharedState>,
    signed: Signed,
    Form(form): Form<PasswordForm>,
) -> WebResult<Response> {
    signed.check_csrf(&form.csrf)?;
    let l = signed.locale;
    let content = Content::load();
    let title = l.pick("パスワード変更", "Change password");
    let mut errors = password::check(
        &form.new_password,
        &form.confirm,
        &signed.member.member_number,
        l,
    );
    if errors.is_empty() {
        let stored = signed.member.password_hash.clone();
        let new = form.new_password.clone();
        if blocking(move || credentials::verify_password(&stored, &new)).await? {
            errors.push(
                l.pick(
                    "現在のパスワードと異なるパスワードにしてください。",
                    "Choose a password different from the current one.",
                )
                .to_owned(),
            );
        }
    }
    if !errors.is_empty() {
        let markup = page(
            &chrome(&signed, &content, title, "password"),
            password_body(&signed, &errors),
        );
        return Ok((StatusCode::BAD_REQUEST, markup).into_response());
    }
    let new = form.new_password;
    let hash = blocking(move || credentials::hash_password(&new))
        .await?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let now = Utc::now();
    let member_id = signed.member.id;
    state.store.set_password(member_id, &hash).await?;
    state
        .store
        .stamp_password_changed(member_id, now.timestamp_millis())
        .await?;
    // A new password ends every session, here and in the app: sign in again.
    state.store.revoke_member_tokens(member_id, None).await?;
    state.store.web_sessions_end_member(member_id).await?;
    tracing::info!(member = %signed.member.member_number, "password changed on the member page");
    let jst = now + TimeDelta::hours(9);
    let at = jst.format("%Y年%m月%d日 %H:%M").to_string();
    let body = html! {
        h1 { (l.pick("パスワード変更", "Change password")) }
        h2 { (l.pick("パスワードの変更完了", "Password changed")) }
        p.ok { (l.pick("パスワードを変更しました。", "Your password has been changed.")) }
        table { tr { th { (l.pick("登録更新日時", "Updated at")) } td #updated-at { (at) } } }
        p { (l.pick("変更後のパスワードで再度ログインしてください。アプリでも新しいパスワードをお使いください。", "Please sign in again with your new password; use it in the app too.")) }
        p { a href="/member/login" { (l.pick("ログイン画面へ", "Go to sign-in")) } }
    };
    let mut c = chrome(&signed, &content, title, "password");
    c.menu = false;
    let markup = page(&c, body);
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(&state, SESSION_COOKIE, "", Some(0)),
        )],
        markup,
    )
        .into_response())
}
