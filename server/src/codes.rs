//! Issuing a session's code: what posters print and the projector page shows. Shared by
//! the staff endpoint and `attend-server admin code`.
//!
//! A rotating session's code names its current step, `floor((now - valid_from) /
//! period)`; the projector fetches a new code at `next_change_at`.

use attend_domain::payload;
use attend_domain::{CodeClaims, CreditKind, Rotation};
use chrono::{DateTime, TimeDelta, Utc};
use std::path::Path;

use crate::api::wire::{CodeResponse, RotationBody};
use crate::keyring::{self, KeyringError};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error("session {0} not found")]
    UnknownSession(String),
    #[error(transparent)]
    Keyring(#[from] KeyringError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the session cannot be encoded in a code: {0}")]
    Encode(String),
}

/// Whole seconds: the code layout holds no fractions.
pub fn whole_seconds(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at)
}

pub async fn issue(
    store: &Store,
    key_dir: &Path,
    society: &str,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<CodeResponse, IssueError> {
    let session = store
        .session(session_id)
        .await?
        .ok_or_else(|| IssueError::UnknownSession(session_id.to_owned()))?;
    let key = keyring::active_key(store, key_dir).await?;
    let valid_from = whole_seconds(session.valid_from);
    let valid_until = whole_seconds(session.valid_until);
    let rotation = session
        .rotation_secs
        .and_then(|p| u32::try_from(p).ok())
        .filter(|p| *p > 0)
        .map(|period_secs| {
            let elapsed = (now - valid_from).num_seconds().max(0);
            let step = u32::try_from(elapsed / i64::from(period_secs)).unwrap_or(u32::MAX);
            Rotation { period_secs, step }
        });
    let claims = CodeClaims {
        society: society.to_owned(),
        congress_id: session.congress_id.clone(),
        congress_name: session.congress_name.clone(),
        session_id: session.id.clone(),
        session_title: session.title.clone(),
        kind: CreditKind(session.kind.clone()),
        credit: u16::try_from(session.credit).unwrap_or(u16::MAX),
        valid_from,
        valid_until,
        key_id: key.key_id().to_owned(),
        rotation,
    };
    let code = payload::sign(&claims, &key).map_err(|e| IssueError::Encode(e.to_string()))?;
    let next_change_at = rotation.map(|r| {
        valid_from + TimeDelta::seconds(i64::from(r.period_secs) * (i64::from(r.step) + 1))
    });
    Ok(CodeResponse {
        session_id: session.id,
        code,
        key_id: key.key_id().to_owned(),
        valid_from,
        valid_until,
        rotation: rotation.map(|r| RotationBody {
            period_secs: r.period_secs,
            step: r.step,
        }),
        next_change_at,
    })
}
