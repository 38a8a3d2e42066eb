//! The HTTP API, `/api/v1/…`: the router, the shared state, and the extractors every
//! handler uses (JSON body with JSON errors, member token, staff token).

mod attendance;
mod login;
pub mod openapi;
pub mod projector;
mod publish;
mod staff;
pub mod wire;

pub use staff::session_from_request as staff_session_from_request;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use ring::digest;

use crate::config::Config;
use crate::credentials::token_hash;
use crate::error::ApiError;
use crate::store::Store;
use crate::verify::Verifier;

pub struct AppState {
    pub store: Store,
    pub config: Config,
    pub verifier: Verifier,
}

pub type SharedState = Arc<AppState>;

pub fn router(state: SharedState) -> Router {
    let body_limit = state.config.body_limit;
    Router::new()
        .route("/api/v1/login", post(login::login))
        .route("/api/v1/logout", post(login::logout))
        .route("/api/v1/password", post(login::change_password))
        .route("/api/v1/me", get(login::me))
        .route(
            "/api/v1/attendance",
            post(attendance::upload).get(attendance::history),
        )
        .route("/api/v1/keys", get(publish::keys))
        .route("/api/v1/rules", get(publish::rules))
        .route("/api/v1/openapi.json", get(publish::openapi))
        .route("/api/v1/sessions/{id}/code", get(staff::session_code))
        .route("/api/v1/congresses", post(staff::create_congress))
        .route("/api/v1/sessions", post(staff::create_session))
        .route(
            "/api/v1/members/{number}/revoke-tokens",
            post(staff::revoke_tokens),
        )
        .merge(projector::router())
        .merge(crate::web::router())
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound("route".to_owned())
}

/// `axum::Json` whose rejections are this API's JSON errors.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::BodyTooLarge
            } else {
                ApiError::MalformedJson(rejection.body_text())
            }),
        }
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// A logged-in member, from `Authorization: Bearer <token>`.
pub struct MemberAuth {
    pub member_id: i64,
    pub member_number: String,
    pub token_hash: String,
}

impl FromRequestParts<SharedState> for MemberAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self, ApiError> {
        let token = bearer(parts).ok_or(ApiError::Unauthorized)?;
        // Tokens are 43 characters; anything much longer is not one of ours.
        if token.len() > 128 {
            return Err(ApiError::Unauthorized);
        }
        let hash = token_hash(token);
        let now = chrono::Utc::now().timestamp_millis();
        let owner = state
            .store
            .token_owner(&hash, now)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(MemberAuth {
            member_id: owner.member_id,
            member_number: owner.member_number,
            token_hash: hash,
        })
    }
}

/// The office, from `Authorization: Bearer <staff token>`. A member token, or no
/// staff token configured, is 403; no token at all is 401.
pub struct StaffAuth;

impl FromRequestParts<SharedState> for StaffAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self, ApiError> {
        let token = bearer(parts).ok_or(ApiError::Unauthorized)?;
        check_staff_token(state, token)?;
        Ok(StaffAuth)
    }
}

/// Whether `token` is the staff token: 403 if not, or if none is configured.
fn check_staff_token(state: &AppState, token: &str) -> Result<(), ApiError> {
    let Some(staff) = &state.config.staff_token else {
        return Err(ApiError::Forbidden);
    };
    // Compare digests so the comparison's timing says nothing about the token.
    let given = digest::digest(&digest::SHA256, token.as_bytes());
    let wanted = digest::digest(&digest::SHA256, staff.as_bytes());
    if given.as_ref() == wanted.as_ref() {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The client address the throttle counts (the socket peer; a proxy in front would
/// need its forwarded header trusted explicitly, which this server does not do).
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        Ok(ClientAddr(addr))
    }
}

/// A JSON answer with a strong ETag over its bytes; `If-None-Match` with the same tag
/// gets 304 and no body.
pub fn with_etag(request_headers: &HeaderMap, body: Vec<u8>) -> Response {
    let d = digest::digest(&digest::SHA256, &body);
    let tag: String = d.as_ref()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let etag = format!("\"{tag}\"");
    let matches = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::ETAG, etag_value),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}
