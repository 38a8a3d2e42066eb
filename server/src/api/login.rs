//! Login, logout, password change and the member's own account.
//!
//! The throttle counts failures in the database (shared by every process), per member
//! number and per client address, over a sliding window; when either is over its limit
//! the login is refused with 429 and `Retry-After` before any password is checked. An
//! unknown member number and a wrong password give the same 401, and an unknown member
//! still costs one argon2 verification, so neither the answer nor its timing tells
//! which numbers exist.

use attend_domain::tally::{self, HeldCertification};
use attend_domain::{CreditKind, CreditRecord, RecordStatus};
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

/// Refuses when a subject has too many recent failures.
async fn throttle(state: &SharedState, subject: &str, limit: i64, now_ms: i64) -> ApiResult<()> {
    let window_ms = state.config.login_limits.window_secs * 1000;
    let (count, oldest) = state
        .store
        .login_failures(subject, now_ms - window_ms)
        .await?;
    if count >= limit {
        let frees_at = oldest.unwrap_or(now_ms) + window_ms;
        let retry_after_secs = ((frees_at - now_ms).max(1000) + 999) / 1000;
        return Err(ApiError::TooManyAttempts {
            retry_after_secs: u64::try_from(retry_after_secs).unwrap_or(1),
        });
    }
    Ok(())
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
    let limits = state.config.login_limits;
    let member_subject = format!("member:{}", req.member_number);
    let addr_subject = format!("addr:{addr}");
    throttle(&state, &member_subject, limits.per_member, now_ms).await?;
    throttle(&state, &addr_subject, limits.per_address, now_ms).await?;

    let member = state.store.member_by_number(&req.member_number).await?;
    let password = req.password.clone();
    let ok = match &member {
        Some(m) => {
            let stored = m.password_hash.clone();
            blocking(move || credentials::verify_password(&stored, &password)).await?
        }
        None => {
            blocking(move || credentials::dummy_verify(&password)).await?;
            false
        }
    };
    let Some(member) = member.filter(|_| ok) else {
        let forget = now_ms - limits.window_secs * 1000;
        state
            .store
            .record_login_failure(&[&member_subject, &addr_subject], now_ms, forget)
            .await?;
        tracing::info!(member = %req.member_number, "login failed");
        return Err(ApiError::BadCredentials);
    };
    state.store.clear_login_failures(&member_subject).await?;
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
    let held = state.store.certifications(member.id).await?;
    let rules = &state.config.rules;
    let today = tally::japan_date(Utc::now());
    let since = super::attendance::since_instant(today);
    let records: Vec<CreditRecord> = state
        .store
        .history(member.id, since)
        .await?
        .into_iter()
        .map(|r| CreditRecord {
            congress_id: r.congress_id,
            congress_name: r.congress_name,
            session_id: r.session_id,
            session_title: r.session_title,
            kind: CreditKind(r.kind),
            credit: u16::try_from(r.credit).unwrap_or(u16::MAX),
            attended_at: r.attended_at,
            status: RecordStatus::Confirmed,
        })
        .collect();
    let held_domain: Vec<HeldCertification> = held
        .iter()
        .map(|c| HeldCertification {
            cert_id: c.certification_id.clone(),
            renewal_due: c.renewal_due,
        })
        .collect();
    let summary = tally::summarize(&records, rules, &held_domain, today);
    let certifications = held
        .iter()
        .map(|c| {
            let rule = rules.certification(&c.certification_id);
            HeldCertificationBody {
                cert_id: c.certification_id.clone(),
                name_ja: rule
                    .map(|r| r.name_ja.clone())
                    .unwrap_or_else(|| c.certification_id.clone()),
                name_en: rule
                    .map(|r| r.name_en.clone())
                    .unwrap_or_else(|| c.certification_id.clone()),
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
