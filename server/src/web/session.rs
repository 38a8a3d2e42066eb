//! Cookies, the signed-in member, and CSRF checks.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use ring::digest;

use attend_domain::Locale;

use super::{WebError, WebResult};
use crate::api::SharedState;
use crate::credentials::{new_token, token_hash};
use crate::store::Member;

pub const SESSION_COOKIE: &str = "jsnm_session";
pub const LOGIN_CSRF_COOKIE: &str = "jsnm_login_csrf";
pub const LANG_COOKIE: &str = "jsnm_lang";
/// A session lasts a working day at most; the member signs in again after.
pub const SESSION_HOURS: i64 = 8;

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

pub fn locale(headers: &HeaderMap) -> Locale {
    match cookie(headers, LANG_COOKIE) {
        Some(tag) => Locale::from_tag(&tag),
        None => Locale::Ja,
    }
}

/// A `Set-Cookie` value; `max_age` 0 deletes the cookie.
pub fn set_cookie(
    state: &SharedState,
    name: &str,
    value: &str,
    max_age: Option<i64>,
) -> HeaderValue {
    let secure = if state.config.tls.is_some() {
        "; Secure"
    } else {
        ""
    };
    let age = max_age
        .map(|s| format!("; Max-Age={s}"))
        .unwrap_or_default();
    let text = format!("{name}={value}; Path=/member; HttpOnly; SameSite=Strict{secure}{age}");
    // Names and values are ours (base64url tokens, fixed names): always valid.
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("x=; Max-Age=0"))
}

/// A fresh random token (for CSRF), base64url.
pub fn random_token() -> String {
    new_token().0
}

/// Compares digests so the time taken says nothing about the token.
pub fn same_token(a: &str, b: &str) -> bool {
    !a.is_empty()
        && digest::digest(&digest::SHA256, a.as_bytes()).as_ref()
            == digest::digest(&digest::SHA256, b.as_bytes()).as_ref()
}

/// The signed-in member of a request, whatever step they are at.
pub struct Signed {
    pub member: Member,
    pub csrf: String,
    pub token_hash: String,
    pub locale: Locale,
    pub councillor: bool,
    pub acknowledged: bool,
}

impl FromRequestParts<SharedState> for Signed {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> WebResult<Self> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(WebError::SignIn)?;
        if token.len() > 128 {
            return Err(WebError::SignIn);
        }
        let hash = token_hash(&token);
        let now = chrono::Utc::now().timestamp_millis();
        let session = state
            .store
            .web_session(&hash, now)
            .await?
            .ok_or(WebError::SignIn)?;
        let member = state
            .store
            .member_by_id(session.member_id)
            .await?
            .ok_or(WebError::SignIn)?;
        let profile = state.store.member_profile(member.id).await?;
        Ok(Signed {
            member,
            csrf: session.csrf_token,
            token_hash: hash,
            locale: locale(&parts.headers),
            councillor: profile.councillor,
            acknowledged: profile.notice_acknowledged_at.is_some(),
        })
    }
}

impl Signed {
    pub fn check_csrf(&self, given: &str) -> WebResult<()> {
        if same_token(given, &self.csrf) {
            Ok(())
        } else {
            Err(WebError::Csrf)
        }
    }
}

/// A member who has done the first steps (own password, terms acknowledged): what
/// every content page requires.
pub struct Ready(pub Signed);

impl FromRequestParts<SharedState> for Ready {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> WebResult<Self> {
        let signed = Signed::from_request_parts(parts, state).await?;
        if signed.member.password_temporary {
            return Err(WebError::Redirect("/member/password"));
        }
        if !signed.acknowledged {
            return Err(WebError::Redirect("/member/terms"));
        }
        Ok(Ready(signed))
    }
}
