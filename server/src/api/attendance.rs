//! Attendance upload (idempotent batches, a verdict per item) and the member's history.

use std::collections::HashMap;

use attend_domain::tally;
use attend_domain::{Locale, Localized};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use chrono::Utc;

use super::wire::{
    HistoryResponse, ItemResult, RecordBody, UploadRequest, UploadResponse, Verdict,
};
use super::{with_etag, ApiJson, MemberAuth, SharedState};
use crate::error::{ApiError, ApiResult};
use crate::history;
use crate::store::{ScanToStore, StoredVerdict};

#[utoipa::path(post, path = "/api/v1/attendance", request_body = UploadRequest, security(("member" = [])),
    responses(
        (status = 200, body = UploadResponse, description = "a verdict per item"),
        (status = 400, body = crate::error::ErrorBody, description = "malformed_json or invalid_input (batch over 500 items); nothing stored"),
        (status = 401, body = crate::error::ErrorBody),
        (status = 413, body = crate::error::ErrorBody),
    ))]
pub async fn upload(
    State(state): State<SharedState>,
    auth: MemberAuth,
    ApiJson(req): ApiJson<UploadRequest>,
) -> ApiResult<Json<UploadResponse>> {
    if req.items.len() > state.config.max_batch {
        return Err(ApiError::InvalidInput(format!(
            "at most {} items per batch",
            state.config.max_batch
        )));
    }
    let now = Utc::now();
    let outcomes = state
        .verifier
        .check_batch(
            &state.store,
            &req.items,
            now,
            state.config.future_tolerance_secs,
        )
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let scans: Vec<ScanToStore> = req
        .items
        .iter()
        .zip(outcomes)
        .map(|(item, outcome)| ScanToStore {
            client_id: item.client_id.to_string(),
            outcome,
        })
        .collect();
    let verdicts = state
        .store
        .record_scans(auth.member_id, &scans, now)
        .await?;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let results = req
        .items
        .iter()
        .zip(verdicts)
        .map(|(item, v)| {
            let (verdict, reason) = match v {
                StoredVerdict::Accepted => (Verdict::Accepted, None),
                StoredVerdict::Duplicate => (Verdict::Duplicate, None),
                StoredVerdict::Rejected(r) => (Verdict::Rejected, Some(r)),
            };
            *counts
                .entry(match verdict {
                    Verdict::Accepted => "accepted",
                    Verdict::Duplicate => "duplicate",
                    Verdict::Rejected => "rejected",
                })
                .or_default() += 1;
            ItemResult {
                client_id: item.client_id,
                verdict,
                reason,
                message_ja: reason.map(|r| r.message(Locale::Ja)),
                message_en: reason.map(|r| r.message(Locale::En)),
            }
        })
        .collect();
    tracing::debug!(
        member = %auth.member_number,
        items = scans.len(),
        accepted = counts.get("accepted").copied().unwrap_or(0),
        duplicate = counts.get("duplicate").copied().unwrap_or(0),
        rejected = counts.get("rejected").copied().unwrap_or(0),
        "upload"
    );
    Ok(Json(UploadResponse {
        results,
        server_time: Utc::now(),
    }))
}

#[utoipa::path(get, path = "/api/v1/attendance", security(("member" = [])),
    responses(
        (status = 200, body = HistoryResponse, description = "the last seven years; ETag"),
        (status = 304, description = "If-None-Match matched"),
        (status = 401, body = crate::error::ErrorBody),
    ))]
pub async fn history(
    State(state): State<SharedState>,
    auth: MemberAuth,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let today = tally::japan_date(Utc::now());
    let since = history::since_instant(today);
    let rows = state.store.history(auth.member_id, since).await?;
    let body = HistoryResponse {
        since: tally::history_since(today),
        records: rows
            .into_iter()
            .map(|r| RecordBody {
                congress_id: r.congress_id,
                congress_name: r.congress_name,
                session_id: r.session_id,
                session_title: r.session_title,
                kind: r.kind,
                credit: u16::try_from(r.credit).unwrap_or(u16::MAX),
                attended_at: r.attended_at,
                status: "confirmed".to_owned(),
                source: r.source,
            })
            .collect(),
    };
    let bytes = serde_json::to_vec(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(with_etag(&headers, bytes))
}
