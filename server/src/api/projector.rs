//! The projector page, `/projector/{session_id}`: a session's rotating code shown
//! full-screen on the venue laptop, and `code.json`, which the page polls for each
//! freshly signed code.
//!
//! Both are staff-only, but a browser tab cannot send an `Authorization` header, so the
//! staff token is also accepted as `?key=…` and the page passes it on to the URL it
//! polls: the projector URL is therefore a staff secret (answers carry `no-store` and
//! `no-referrer` so it does not linger in caches or leak to other sites). The page is
//! rendered by `attend-print`; the server only signs codes and says when the next
//! rotation step begins, so the page fetches again just as its code goes stale.

use axum::extract::{Path, Query, State};
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
use crate::error::{ApiError, ApiResult};
use attend_domain::{CreditKind, Locale};

/// How often the page refetches a code that does not rotate: the code stays the same,
/// but a refetch notices a revoked key or a server that went away.
pub const STATIC_REFRESH_MS: u64 = 60_000;

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

/// Every answer of these routes, errors too, embeds or concerns the staff key.
async fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// The page's path with the key, relative to the server (`/projector/…?key=…`).
pub fn projector_path(session_id: &str, staff_token: &str) -> String {
    keyed_path(session_id, "", staff_token)
}

fn keyed_path(session_id: &str, suffix: &str, staff_token: &str) -> String {
    format!(
        "/projector/{}{suffix}?key={}",
        utf8_percent_encode(session_id, COMPONENT),
        utf8_percent_encode(staff_token, COMPONENT)
    )
}

#[derive(Deserialize)]
struct KeyParam {
    key: Option<String>,
}

/// The office, from `Authorization: Bearer` or `?key=`; holds the token given, for the
/// page to pass on. No token is 401, a wrong one 403, as for [`super::StaffAuth`].
pub struct ProjectorStaff(String);

impl axum::extract::FromRequestParts<SharedState> for ProjectorStaff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> ApiResult<Self> {
        let from_query = Query::<KeyParam>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|q| q.0.key);
        let token = match bearer(parts) {
            Some(t) => t.to_owned(),
            None => from_query.ok_or(ApiError::Unauthorized)?,
        };
        check_staff_token(state, &token)?;
        Ok(ProjectorStaff(token))
    }
}

#[utoipa::path(get, path = "/projector/{session_id}", security(("staff" = [])),
    params(
        ("session_id" = String, Path, description = "session id"),
        ("key" = Option<String>, Query, description = "the staff token, for a browser that cannot send the header; the URL is then a staff secret"),
    ),
    responses(
        (status = 200, content_type = "text/html", body = String, description = "the full-screen projector page"),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
    ))]
pub async fn page(
    State(state): State<SharedState>,
    ProjectorStaff(token): ProjectorStaff,
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
        code_url: keyed_path(&session_id, "/code.json", &token),
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

#[utoipa::path(get, path = "/projector/{session_id}/code.json", security(("staff" = [])),
    params(
        ("session_id" = String, Path, description = "session id"),
        ("key" = Option<String>, Query, description = "the staff token, as on the page"),
    ),
    responses(
        (status = 200, body = ProjectorCodeBody),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
    ))]
pub async fn code_json(
    State(state): State<SharedState>,
    _staff: ProjectorStaff,
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
    }
}
