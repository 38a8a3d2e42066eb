//! The password check behind both doors: the app's `POST /api/v1/login` and the member
//! page's sign-in. One function, so the two cannot drift apart.
//!
//! The throttle counts failures in the database (shared by every process), per member
//! number and per client address, over a sliding window; the subjects `member:N` and
//! `addr:A` are the same for both doors, so failures in the app and on the page add up.
//! When either subject is over its limit the attempt is refused before any password is
//! checked. An unknown member number and a wrong password fail alike, and an unknown
//! member still costs one argon2 verification, so neither the answer nor its timing
//! tells which numbers exist.

use crate::api::SharedState;
use crate::credentials;
use crate::store::{Member, StoreError};

/// Why a password check failed. Never shown as is: each door maps it to its own
/// answer (JSON with a localized message, or the sign-in page with its error).
#[derive(Debug, thiserror::Error)]
pub enum SignInFailure {
    /// Too many recent failures for the member number or the address.
    #[error("too many failed attempts; retry after {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    /// Unknown member number or wrong password (deliberately not told apart).
    #[error("bad member number or password")]
    BadCredentials,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The blocking task running argon2 did not finish.
    #[error("internal: {0}")]
    Internal(String),
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, SignInFailure> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| SignInFailure::Internal(e.to_string()))
}

/// Refuses when `subject` has `limit` or more failures within the window; the wait is
/// rounded up to whole seconds, at least one.
async fn throttle(
    state: &SharedState,
    subject: &str,
    limit: i64,
    now_ms: i64,
) -> Result<(), SignInFailure> {
    let window_ms = state.config.login_limits.window_secs * 1000;
    let (count, oldest) = state
        .store
        .login_failures(subject, now_ms - window_ms)
        .await?;
    if count >= limit {
        let frees_at = oldest.unwrap_or(now_ms) + window_ms;
        let retry_after_secs = ((frees_at - now_ms).max(1000) + 999) / 1000;
        return Err(SignInFailure::Throttled {
            retry_after_secs: u64::try_from(retry_after_secs).unwrap_or(1),
        });
    }
    Ok(())
}

/// Checks `password` for `member_number` coming from `addr` at `now_ms`. A failure is
/// recorded against both throttle subjects; a success clears the member's. The caller
/// validates lengths first and logs the outcome (never the password).
pub async fn check_password(
    state: &SharedState,
    member_number: &str,
    password: &str,
    addr: &str,
    now_ms: i64,
) -> Result<Member, SignInFailure> {
    let limits = state.config.login_limits;
    let member_subject = format!("member:{member_number}");
    let addr_subject = format!("addr:{addr}");
    throttle(state, &member_subject, limits.per_member, now_ms).await?;
    throttle(state, &addr_subject, limits.per_address, now_ms).await?;

    let member = state.store.member_by_number(member_number).await?;
    let password = password.to_owned();
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
        return Err(SignInFailure::BadCredentials);
    };
    state.store.clear_login_failures(&member_subject).await?;
    Ok(member)
}
