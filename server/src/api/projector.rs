//! The projector page, `/projector/{session_id}`: a session's rotating code shown
//! full-screen on the venue laptop, and `code.json`, which the page polls for each
//! freshly signed code.
//!
//! A browser tab cannot send an `Authorization` header, so the page's URL carries a key
//! (`?key=…`) and the page passes it on to the URL it polls. That URL is typed into a
//! venue laptop and may leak (history, a photo of the address bar), so the key is not
//! the staff token but a projector key: random (256 bits), for one session only, good
//! for nothing but these two read-only routes, and dead a day after the session's
//! `valid_until` ([`KEY_GRACE_MS`]) or at once when revoked. Only its SHA-256 is stored,
//! so `attend-server admin projector-url` shows a key once, when it makes it; it will
//! not silently replace one (a laptop may be showing it) unless told `--new`. The staff
//! token still opens both routes, but in the header only: `?key=` never takes it.
//!
//! Answers carry `no-store` and `no-referrer` so the key lingers in no cache and leaks
//! to no other site. The page is rendered by `attend-print`; the server only signs codes
//! and says when the next rotation step begins, so the page fetches again just as its
//! code goes stale.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

use super::{bearer, check_staff_token, SharedState};
use crate::codes::{self, IssueError};
use crate::credentials::token_hash;
use crate::error::{ApiError, ApiResult};
use attend_domain::{CreditKind, Locale};

/// How often the page refetches a code that does not rotate: the code stays the same,
/// but a refetch notices a revoked key or a server that went away.
pub const STATIC_REFRESH_MS: u64 = 60_000;

/// How long after its session's `valid_until` a projector key still opens the page: the
/// session's last codes stay on screen, and a forgotten laptop loses it the next day.
pub const KEY_GRACE_MS: i64 = 24 * 3600 * 1000;

/// When a projector key of a session ending at `valid_until` stops opening the page.
pub fn key_expires_at(valid_until: DateTime<Utc>) -> DateTime<Utc> {
    valid_until + chrono::TimeDelta::milliseconds(KEY_GRACE_MS)
}

/// Keys are 43 characters; anything much longer is not one of ours.
const MAX_KEY_LEN: usize = 128;

/// Everything but RFC 3986's unreserved characters is escaped.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What `code.json` answers: the body `attend_print::projector_code_json` describes.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProjectorCodeBody {
    /// The signed code text, as the QR code holds it.
    pub code: String,
    /// The QR code as an SVG element.
    pub svg: String,
    /// Milliseconds until the page should fetch again (the next rotation step).
    pub refresh_in_ms: u64,
}

pub fn router() -> Router<SharedState> {
    Router::new()
        .route("/projector/{session_id}", get(page))
        .route("/projector/{session_id}/code.json", get(code_json))
        .layer(axum::middleware::map_response(private))
}

/// Every answer of these routes, errors too, embeds or concerns a key.
async fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// The page's path with a projector key, relative to the server (`/projector/…?key=…`).
pub fn projector_path(session_id: &str, projector_key: &str) -> String {
    keyed_path(session_id, "", Some(projector_key))
}

fn keyed_path(session_id: &str, suffix: &str, projector_key: Option<&str>) -> String {
    let path = format!(
        "/projector/{}{suffix}",
        utf8_percent_encode(session_id, COMPONENT)
    );
    match projector_key {
        Some(key) => format!("{path}?key={}", utf8_percent_encode(key, COMPONENT)),
        None => path,
    }
}

#[derive(Deserialize)]
struct KeyParam {
    key: Option<String>,
}

/// Who may see the session's projector: the office (staff token in `Authorization:
/// Bearer`) or a projector key of this very session in `?key=`. Holds the key given, for
/// the page to pass on (none for the office: its header goes with every request). No
/// credential is 401; a wrong, revoked or expired one, or the staff token in `?key=`,
/// is 403.
pub struct ProjectorAccess {
    key: Option<String>,
}

impl FromRequestParts<SharedState> for ProjectorAccess {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> ApiResult<Self> {
        if let Some(token) = bearer(parts) {
            check_staff_token(state, token)?;
            return Ok(ProjectorAccess { key: None });
        }
        let key = Query::<KeyParam>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|q| q.0.key)
            .ok_or(ApiError::Unauthorized)?;
        if key.is_empty() || key.len() > MAX_KEY_LEN {
            return Err(ApiError::Forbidden);
        }
        let Path(session_id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound("route".to_owned()))?;
        let ended_after = Utc::now().timestamp_millis().saturating_sub(KEY_GRACE_MS);
        let opens = state
            .store
            .projector_key_opens(&session_id, &token_hash(&key), ended_after)
            .await?;
        if opens {
            Ok(ProjectorAccess { key: Some(key) })
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

#[utoipa::path(get, path = "/projector/{session_id}", security(("staff" = []), ()),
    params(
        ("session_id" = String, Path, description = "session id"),
        ("key" = Option<String>, Query, description = "the session's projector key (from `attend-server admin projector-url`), for a browser that cannot send the header; only for this session, until a day after it ends or is revoked. The staff token is refused here (header only)"),
    ),
    responses(
        (status = 200, content_type = "text/html", body = String, description = "the full-screen projector page"),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
    ))]
pub async fn page(
    State(state): State<SharedState>,
    access: ProjectorAccess,
    Path(session_id): Path<String>,
) -> ApiResult<Response> {
    let session = state
        .store
        .session(&session_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("session {session_id}")))?;
    let html = attend_print::projector_html(&attend_print::Projector {
        congress_name: session.congress_name,
        session_title: session.title,
        kind_name: state
            .config
            .rules
            .kind_name(&CreditKind(session.kind), Locale::Ja),
        credit: u16::try_from(session.credit).unwrap_or(u16::MAX),
        code_url: keyed_path(&session_id, "/code.json", access.key.as_deref()),
    });
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        html,
    )
        .into_response())
}

#[utoipa::path(get, path = "/projector/{session_id}/code.json", security(("staff" = []), ()),
    params(
        ("session_id" = String, Path, description = "session id"),
        ("key" = Option<String>, Query, description = "the session's projector key, as on the page"),
    ),
    responses(
        (status = 200, body = ProjectorCodeBody),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
    ))]
pub async fn code_json(
    State(state): State<SharedState>,
    _access: ProjectorAccess,
    Path(session_id): Path<String>,
) -> ApiResult<axum::Json<ProjectorCodeBody>> {
    let c = &state.config;
    let now = Utc::now();
    let code = match codes::issue(&state.store, &c.key_dir, &c.society, &session_id, now).await {
        Ok(code) => code,
        Err(IssueError::UnknownSession(id)) => {
            return Err(ApiError::NotFound(format!("session {id}")))
        }
        Err(e) => return Err(ApiError::Internal(e.to_string())),
    };
    let period_secs = code.rotation.as_ref().map(|r| r.period_secs);
    let svg = attend_print::qr_svg(&code.code).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(axum::Json(ProjectorCodeBody {
        code: code.code,
        svg,
        refresh_in_ms: refresh_in_ms(now, code.next_change_at, period_secs),
    }))
}

/// Until the next step begins, never longer than one period: before the session opens
/// the step stays 0 for longer, and the page should still look again each period.
fn refresh_in_ms(
    now: DateTime<Utc>,
    next_change_at: Option<DateTime<Utc>>,
    period_secs: Option<u32>,
) -> u64 {
    match (next_change_at, period_secs) {
        (Some(next), Some(period)) => {
            let left = u64::try_from((next - now).num_milliseconds()).unwrap_or(0);
            left.clamp(1, u64::from(period) * 1000)
        }
        _ => STATIC_REFRESH_MS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn body_is_what_the_page_expects() {
        let code = "JSNM1.example-code";
        let ours = ProjectorCodeBody {
            code: code.to_owned(),
            svg: attend_print::qr_svg(code).unwrap(),
            refresh_in_ms: 1234,
        };
        let theirs: serde_json::Value =
            serde_json::from_str(&attend_print::projector_code_json(code, 1234).unwrap()).unwrap();
        assert_eq!(serde_json::to_value(&ours).unwrap(), theirs);
    }

    #[test]
    fn refresh_waits_for_the_next_step_at_most_a_period() {
        let now = Utc::now();
        let soon = now + TimeDelta::milliseconds(1500);
        assert_eq!(refresh_in_ms(now, Some(soon), Some(2)), 1500);
        let late = now + TimeDelta::seconds(3600);
        assert_eq!(refresh_in_ms(now, Some(late), Some(30)), 30_000);
        let past = now - TimeDelta::seconds(1);
        assert_eq!(refresh_in_ms(now, Some(past), Some(30)), 1);
        assert_eq!(refresh_in_ms(now, None, None), STATIC_REFRESH_MS);
    }

    #[test]
    fn path_escapes_id_and_key() {
        assert_eq!(
            projector_path("s 1/a", "k&y=?"),
            "/projector/s%201%2Fa?key=k%26y%3D%3F"
        );
        assert_eq!(
            keyed_path("s 1", "/code.json", None),
            "/projector/s%201/code.json"
        );
    }
}
