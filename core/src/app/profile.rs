//! The certifications a member holds (for the credit screen's renewal progress) come
//! from `GET /api/v1/me`. The sync pass refreshes keys, rules and history but not
//! these, so the app asks after a login and after each `sync_now`: both are moments
//! the member is online and looking.

use attend_domain::tally::HeldCertification;
use chrono::NaiveDate;
use serde::Deserialize;

use super::AppError;
use crate::auth::TokenStore;
use crate::clock::Clock;
use crate::error::StoreError;
use crate::net::{endpoint, status_error, HttpConfig, NetError};
use crate::store::Store;
use crate::sync::SyncError;

#[derive(Debug, Deserialize)]
struct Me {
    #[serde(default)]
    certifications: Vec<Held>,
}

#[derive(Debug, Deserialize)]
struct Held {
    cert_id: String,
    renewal_due: NaiveDate,
}

fn net(e: NetError) -> AppError {
    AppError::Sync(SyncError::from(e))
}

/// Fetches and stores the member's held certifications; returns how many.
pub(crate) async fn refresh_certifications(
    client: &Result<reqwest::Client, NetError>,
    http: &HttpConfig,
    tokens: &dyn TokenStore,
    store: &Store,
    clock: &dyn Clock,
) -> Result<usize, AppError> {
    let client = client.as_ref().map_err(|e| net(e.clone()))?;
    let token = tokens
        .load()
        .map_err(|e| AppError::Sync(SyncError::from(e)))?
        .ok_or(AppError::Sync(SyncError::SignedOut))?;
    let Some(account) = store.read(|dao| dao.account())? else {
        return Err(AppError::NotLoggedIn);
    };
    let response = client
        .get(endpoint(http, "/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| net(NetError::from_reqwest(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(net(status_error(status, response.headers(), clock.now())));
    }
    let me: Me = response
        .json()
        .await
        .map_err(|e| net(NetError::Protocol(e.to_string())))?;
    let held: Vec<HeldCertification> = me
        .certifications
        .into_iter()
        .map(|h| HeldCertification {
            cert_id: h.cert_id,
            renewal_due: h.renewal_due,
        })
        .collect();
    store.write(|dao| {
        dao.replace_held_certifications(&account.member_number, &held)?;
        Ok::<_, StoreError>(())
    })?;
    Ok(held.len())
}
