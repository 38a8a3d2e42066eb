//! Login, logout, password change and the member's own account.
//!
//! The password check and its throttle are [`crate::signin::check_password`], shared
//! with the member page: a throttled attempt is 429 with `Retry-After`, an unknown
//! member number and a wrong password the same 401.

use attend_domain::tally;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{TimeDelta, Utc};

use super::wire::{
    AccountBody, HeldCertificationBody, LoginRequest, LoginResponse, MeResponse, PasswordRequest,
};
use super::{ApiJson, ClientAddr, MemberAuth, SharedState};
use crate::credentials::{self, MAX_PASSWORD_LEN, MIN_PASSWORD_LEN};
use crate::error::{ApiError, ApiResult};
use crate::history;
use crate::signin::{self, SignInFailure};
use crate::store::Member;

pub(crate) fn account_of(m: &Member) -> AccountBody {
    AccountBody {
        member_number: m.member_number.clone(),
        display_name: m.name_kanji.clone(),
        temporary_password: m.password_temporary,
        update_deadline: m.update_deadline,
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))
}

#[utoipa::path(post, path = "/api/v1/login", request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody, description = "bad_credentials"),
        (status = 413, body = crate::error::ErrorBody),
        (status = 429, body = crate::error::ErrorBody, description = "too_many_attempts, with Retry-After"),
    ))]
pub async fn login(
    State(state): State<SharedState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginResponse>> {
    if req.member_number.is_empty()
        || req.member_number.len() > 32
        || req.password.len() > MAX_PASSWORD_LEN
    {
        return Err(ApiError::BadCredentials);
    }
    let now = Utc::now();
    let now_ms = now.timestamp_millis();
    let member = match signin::check_password(
        &state,
        &req.member_number,
        &req.password,
        &addr,
        now_ms,
    )
    .await
    {
        Ok(member) => member,
        Err(SignInFailure::Throttled { retry_after_secs }) => {
            return Err(ApiError::TooManyAttempts { retry_after_secs })
        }
        Err(SignInFailure::BadCredentials) => {
            tracing::info!(member = %req.member_number, "login failed");
            return Err(ApiError::BadCredentials);
        }
        Err(SignInFailure::Store(e)) => return Err(e.into()),
        Err(SignInFailure::Internal(e)) => return Err(ApiError::Internal(e)),
    };
    let (token, hash) = credentials::new_token();
    let expires_at = now + TimeDelta::days(state.config.token_days);
    state
        .store
        .insert_token(&hash, member.id, now_ms, expires_at.timestamp_millis())
        .await?;
    tracing::info!(member = %member.member_number, "login");
    Ok(Json(LoginResponse {
        token,
        expires_at,
        account: account_of(&member),
    }))
}

#[utoipa::path(post, path = "/api/v1/logout", security(("member" = [])),
    responses((status = 204), (status = 401, body = crate::error::ErrorBody)))]
pub async fn logout(State(state): State<SharedState>, auth: MemberAuth) -> ApiResult<StatusCode> {
    state.store.revoke_token(&auth.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/password", request_body = PasswordRequest, security(("member" = [])),
    responses(
        (status = 204, description = "changed; the member's other tokens are revoked"),
        (status = 400, body = crate::error::ErrorBody, description = "invalid_input: new password length"),
        (status = 401, body = crate::error::ErrorBody),
    ))]
pub async fn change_password(
    State(state): State<SharedState>,
    auth: MemberAuth,
    ApiJson(req): ApiJson<PasswordRequest>,
) -> ApiResult<StatusCode> {
    let len = req.new_password.chars().count();
    if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&len) {
        return Err(ApiError::InvalidInput(format!(
            "the new password must be {MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters"
        )));
    }
    if req.current_password.len() > MAX_PASSWORD_LEN {
        return Err(ApiError::BadCredentials);
    }
    let member = state
        .store
        .member_by_id(auth.member_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let stored = member.password_hash.clone();
    let current = req.current_password;
    if !blocking(move || credentials::verify_password(&stored, &current)).await? {
        return Err(ApiError::BadCredentials);
    }
    let new = req.new_password;
    let hash = blocking(move || credentials::hash_password(&new))
        .await?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    state.store.set_password(member.id, &hash).await?;
    state
        .store
        .revoke_member_tokens(member.id, Some(&auth.token_hash))
        .await?;
    tracing::info!(member = %member.member_number, "password changed");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", security(("member" = [])),
    responses((status = 200, body = MeResponse), (status = 401, body = crate::error::ErrorBody)))]
pub async fn me(State(state): State<SharedState>, auth: MemberAuth) -> ApiResult<Json<MeResponse>> {
    let member = state
        .store
        .member_by_id(auth.member_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let rules = &state.config.rules;
    let today = tally::japan_date(Utc::now());
    let (records, held) = history::member_history(&state.store, member.id, today).await?;
    let summary = tally::summarize(&records, rules, &held, today);
    let certifications = held
        .iter()
        .map(|c| {
            let rule = rules.certification(&c.cert_id);
            HeldCertificationBody {
                cert_id: c.cert_id.clone(),
                name_ja: rule
                    .map(|r| r.name_ja.clone())
                    .unwrap_or_else(|| c.cert_id.clone()),
                name_en: rule
                    .map(|r| r.name_en.clone())
                    .unwrap_or_else(|| c.cert_id.clone()),
                renewal_due: c.renewal_due,
            }
        })
        .collect();
    Ok(Json(MeResponse {
        account: account_of(&member),
        category: member.category.clone(),
        certifications,
        summary: serde_json::to_value(summary).map_err(|e| ApiError::Internal(e.to_string()))?,
    }))
}
