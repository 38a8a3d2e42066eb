//! The office's endpoints, authorised by the staff token (a member token gets 403).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;

use super::wire::{CodeResponse, CongressRequest, RevokedResponse, SessionRequest};
use super::{ApiJson, SharedState, StaffAuth};
use crate::codes::{self, whole_seconds, IssueError};
use crate::error::{ApiError, ApiResult};
use crate::store::{Congress, Session};

const MAX_ID: usize = 64;
const MAX_NAME: usize = 200;

fn check_text(what: &str, value: &str, max: usize) -> ApiResult<()> {
    if value.trim().is_empty() || value.chars().count() > max {
        return Err(ApiError::InvalidInput(format!(
            "{what}: 1 to {max} characters"
        )));
    }
    Ok(())
}

#[utoipa::path(get, path = "/api/v1/sessions/{id}/code", security(("staff" = [])),
    params(("id" = String, Path, description = "session id")),
    responses(
        (status = 200, body = CodeResponse),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
    ))]
pub async fn session_code(
    State(state): State<SharedState>,
    _staff: StaffAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<CodeResponse>> {
    let c = &state.config;
    match codes::issue(&state.store, &c.key_dir, &c.society, &id, Utc::now()).await {
        Ok(code) => Ok(Json(code)),
        Err(IssueError::UnknownSession(id)) => Err(ApiError::NotFound(format!("session {id}"))),
        Err(e) => Err(ApiError::Internal(e.to_string())),
    }
}

#[utoipa::path(post, path = "/api/v1/congresses", request_body = CongressRequest, security(("staff" = [])),
    responses(
        (status = 201),
        (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody),
    ))]
pub async fn create_congress(
    State(state): State<SharedState>,
    _staff: StaffAuth,
    ApiJson(req): ApiJson<CongressRequest>,
) -> ApiResult<StatusCode> {
    check_text("id", &req.id, MAX_ID)?;
    check_text("name", &req.name, MAX_NAME)?;
    if !matches!(req.kind.as_str(), "annual" | "spring") {
        return Err(ApiError::InvalidInput("kind: annual or spring".to_owned()));
    }
    if req.ends_on < req.starts_on {
        return Err(ApiError::InvalidInput(
            "ends_on before starts_on".to_owned(),
        ));
    }
    state
        .store
        .insert_congress(&Congress {
            id: req.id,
            name: req.name,
            kind: req.kind,
            starts_on: req.starts_on,
            ends_on: req.ends_on,
        })
        .await?;
    Ok(StatusCode::CREATED)
}

/// Checks a session request against the rules; shared with the admin command.
pub fn session_from_request(
    req: SessionRequest,
    rules: &attend_domain::rules::CreditRules,
) -> ApiResult<Session> {
    check_text("id", &req.id, MAX_ID)?;
    check_text("congress_id", &req.congress_id, MAX_ID)?;
    check_text("title", &req.title, MAX_NAME)?;
    if rules
        .kind_def(&attend_domain::CreditKind(req.kind.clone()))
        .is_none()
    {
        return Err(ApiError::InvalidInput(format!(
            "kind {:?} is not in the credit rules",
            req.kind
        )));
    }
    if req.valid_until <= req.valid_from {
        return Err(ApiError::InvalidInput(
            "valid_until must be after valid_from".to_owned(),
        ));
    }
    if req.rotation_secs == Some(0) {
        return Err(ApiError::InvalidInput(
            "rotation_secs must be positive".to_owned(),
        ));
    }
    Ok(Session {
        id: req.id,
        congress_id: req.congress_id,
        congress_name: String::new(),
        title: req.title,
        kind: req.kind,
        credit: i64::from(req.credit),
        valid_from: whole_seconds(req.valid_from),
        valid_until: whole_seconds(req.valid_until),
        rotation_secs: req.rotation_secs.map(i64::from),
    })
}

#[utoipa::path(post, path = "/api/v1/sessions", request_body = SessionRequest, security(("staff" = [])),
    responses(
        (status = 201),
        (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody, description = "no such congress"),
        (status = 409, body = crate::error::ErrorBody),
    ))]
pub async fn create_session(
    State(state): State<SharedState>,
    _staff: StaffAuth,
    ApiJson(req): ApiJson<SessionRequest>,
) -> ApiResult<StatusCode> {
    let session = session_from_request(req, &state.config.rules)?;
    state.store.insert_session(&session).await?;
    Ok(StatusCode::CREATED)
}

#[utoipa::path(post, path = "/api/v1/members/{number}/revoke-tokens", security(("staff" = [])),
    params(("number" = String, Path, description = "member number")),
    responses(
        (status = 200, body = RevokedResponse),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
    ))]
pub async fn revoke_tokens(
    State(state): State<SharedState>,
    _staff: StaffAuth,
    Path(number): Path<String>,
) -> ApiResult<Json<RevokedResponse>> {
    let member = state
        .store
        .member_by_number(&number)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("member {number}")))?;
    let revoked = state.store.revoke_member_tokens(member.id, None).await?;
    Ok(Json(RevokedResponse { revoked }))
}
