//! What anyone may read: the public key set, the credit rules, the OpenAPI document.
//! Keys and rules carry ETags so the app's periodic refresh is a 304 most of the time.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;

use super::{with_etag, SharedState};
use crate::error::{ApiError, ApiResult};

#[utoipa::path(get, path = "/api/v1/keys",
    responses(
        (status = 200, description = "attend_domain::keys::KeySet as JSON; ETag", content_type = "application/json"),
        (status = 304, description = "If-None-Match matched"),
    ))]
pub async fn keys(State(state): State<SharedState>, headers: HeaderMap) -> ApiResult<Response> {
    let set = state
        .verifier
        .key_set(&state.store)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let body = serde_json::to_vec(set.as_ref()).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(with_etag(&headers, body))
}

#[utoipa::path(get, path = "/api/v1/rules",
    responses(
        (status = 200, description = "attend_domain::rules::CreditRules as JSON; ETag", content_type = "application/json"),
        (status = 304, description = "If-None-Match matched"),
    ))]
pub async fn rules(State(state): State<SharedState>, headers: HeaderMap) -> ApiResult<Response> {
    let body =
        serde_json::to_vec(&state.config.rules).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(with_etag(&headers, body))
}

#[utoipa::path(get, path = "/api/v1/openapi.json",
    responses((status = 200, description = "this document", content_type = "application/json")))]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(super::openapi::document())
}
