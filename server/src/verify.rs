//! Checking uploaded scans: every code is verified again on the server, with
//! `attend_domain::payload::verify` (the same function the app runs offline), at the
//! scan time corrected by the device's clock offset.
//!
//! The published key set is cached for a few seconds: an upload batch must not cost a
//! key query, and several processes (PostgreSQL) pick up a rotation or revocation made
//! by another one within [`KEY_CACHE_SECS`]. Sessions are cached once seen (they are
//! never edited); an unseen id is looked up in the database before it is called unknown.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use attend_domain::keys::KeySet;
use attend_domain::payload::{self, MAX_TEXT_LEN};
use attend_domain::RejectReason;
use chrono::{DateTime, TimeDelta, Utc};

use crate::api::wire::ScanItem;
use crate::keyring::{self, KeyringError};
use crate::store::{ScanOutcome, Session, Store};

pub const KEY_CACHE_SECS: u64 = 5;

/// Clock offsets beyond a year are not a drifting clock but a broken one.
const MAX_CLOCK_OFFSET_MS: i64 = 366 * 24 * 3600 * 1000;

pub struct Verifier {
    society: String,
    keys: Mutex<Option<(Instant, Arc<KeySet>)>>,
    sessions: Mutex<HashMap<String, Arc<Session>>>,
}

impl Verifier {
    pub fn new(society: &str) -> Verifier {
        Verifier {
            society: society.to_owned(),
            keys: Mutex::new(None),
            sessions: Mutex::new(HashMap::new()),
        }
    }

    /// Forgets the cached key set (after a key change made by this process).
    pub fn invalidate_keys(&self) {
        if let Ok(mut keys) = self.keys.lock() {
            *keys = None;
        }
    }

    pub async fn key_set(&self, store: &Store) -> Result<Arc<KeySet>, KeyringError> {
        self.key_set_within(store, Duration::from_secs(KEY_CACHE_SECS))
            .await
    }

    /// The cached set if younger than `max_age`, else a fresh one.
    async fn key_set_within(
        &self,
        store: &Store,
        max_age: Duration,
    ) -> Result<Arc<KeySet>, KeyringError> {
        if let Ok(cached) = self.keys.lock() {
            if let Some((at, set)) = cached.as_ref() {
                if at.elapsed() < max_age {
                    return Ok(set.clone());
                }
            }
        }
        let set = Arc::new(keyring::key_set(store, &self.society).await?);
        if let Ok(mut cached) = self.keys.lock() {
            *cached = Some((Instant::now(), set.clone()));
        }
        Ok(set)
    }

    async fn session(&self, store: &Store, id: &str) -> Result<Option<Arc<Session>>, KeyringError> {
        if let Some(s) = self.sessions.lock().ok().and_then(|m| m.get(id).cloned()) {
            return Ok(Some(s));
        }
        let Some(found) = store.session(id).await? else {
            return Ok(None);
        };
        let found = Arc::new(found);
        if let Ok(mut map) = self.sessions.lock() {
            map.insert(id.to_owned(), found.clone());
        }
        Ok(Some(found))
    }

    /// The outcome of each item, in order.
    pub async fn check_batch(
        &self,
        store: &Store,
        items: &[ScanItem],
        now: DateTime<Utc>,
        future_tolerance_secs: i64,
    ) -> Result<Vec<ScanOutcome>, KeyringError> {
        let keys = self.key_set(store).await?;
        let mut checks = self
            .run_checks(keys.clone(), items, now, future_tolerance_secs)
            .await?;
        // A key made a moment ago (rotation by another process) is not in the cached set
        // yet: look once more with a fresh set before calling a key unknown.
        if checks.contains(&Err(RejectReason::UnknownKey)) {
            // At most one refresh a second, so uploads of junk keys cannot turn every
            // request into a key query.
            let fresh = self.key_set_within(store, Duration::from_secs(1)).await?;
            if fresh.keys != keys.keys {
                checks = self
                    .run_checks(fresh, items, now, future_tolerance_secs)
                    .await?;
            }
        }
        let mut out = Vec::with_capacity(checks.len());
        for check in checks {
            out.push(match check {
                Err(reason) => ScanOutcome::Rejected(reason),
                Ok((session_id, at)) => match self.session(store, &session_id).await? {
                    Some(_) => ScanOutcome::Valid {
                        session_id,
                        attended_at: at,
                    },
                    None => ScanOutcome::Rejected(RejectReason::UnknownSession),
                },
            });
        }
        Ok(out)
    }

    async fn run_checks(
        &self,
        keys: Arc<KeySet>,
        items: &[ScanItem],
        now: DateTime<Utc>,
        future_tolerance_secs: i64,
    ) -> Result<Vec<Result<(String, DateTime<Utc>), RejectReason>>, KeyringError> {
        let society = self.society.clone();
        let checks: Vec<Result<(String, DateTime<Utc>), RejectReason>> = {
            let work = {
                let items: Vec<(String, DateTime<Utc>, Option<i64>)> = items
                    .iter()
                    .map(|i| (i.code.clone(), i.scanned_at, i.clock_offset_ms))
                    .collect();
                move || {
                    items
                        .into_iter()
                        .map(|(code, scanned_at, offset)| {
                            check_code(
                                &keys,
                                &society,
                                &code,
                                scanned_at,
                                offset,
                                now,
                                future_tolerance_secs,
                            )
                        })
                        .collect::<Vec<_>>()
                }
            };
            // Ed25519 verification is ~50 µs an item: a full batch is worth moving off
            // the async workers, a handful is not.
            if items.len() > 32 {
                tokio::task::spawn_blocking(work)
                    .await
                    .map_err(|e| KeyringError::Io {
                        path: "verify".into(),
                        source: std::io::Error::other(e.to_string()),
                    })?
            } else {
                work()
            }
        };
        Ok(checks)
    }
}

/// Verifies one code at its corrected scan time; on success the session id and time.
fn check_code(
    keys: &KeySet,
    society: &str,
    code: &str,
    scanned_at: DateTime<Utc>,
    clock_offset_ms: Option<i64>,
    now: DateTime<Utc>,
    future_tolerance_secs: i64,
) -> Result<(String, DateTime<Utc>), RejectReason> {
    if code.len() > MAX_TEXT_LEN {
        return Err(RejectReason::Malformed);
    }
    let offset = clock_offset_ms.unwrap_or(0);
    if offset.abs() > MAX_CLOCK_OFFSET_MS {
        return Err(RejectReason::Malformed);
    }
    let at = scanned_at
        .checked_sub_signed(TimeDelta::milliseconds(offset))
        .ok_or(RejectReason::Malformed)?;
    // A scan "from the future" is a wrong clock or a forged time: either way its
    // window cannot be trusted.
    if at > now + TimeDelta::seconds(future_tolerance_secs) {
        return Err(RejectReason::OutsideWindow);
    }
    let claims = payload::verify(code, keys, society, at).map_err(|e| e.reject_reason())?;
    Ok((claims.session_id, at))
}
