//! One sync pass: refresh the key set (which also reads the server's clock), upload
//! every waiting scan in batches, then refresh the rules, the confirmed history and
//! the certifications held (those two in `super::member`).
//!
//! The store is touched only in short transactions on the blocking pool, never across
//! an await: a scan at the venue waits for at most one such transaction, never for
//! the network. The order inside a batch is what makes it exactly-once:
//! `mark_sent` is committed before the request goes out, the verdicts are applied in
//! one transaction after the answer arrives, and anything in between (a lost answer,
//! a killed app) leaves the scans waiting with their ids, to be sent again and
//! recognised by the server.

use std::collections::HashSet;
use std::sync::Arc;

use attend_domain::keys::KeySet;
use attend_domain::rules::CreditRules;
use uuid::Uuid;

use super::api::{Api, ClockSample, Fetched};
use super::status::SyncError;
use super::wire::{UploadItem, UploadRequest, VerdictKind};
use crate::auth::TokenStore;
use crate::clock::Clock;
use crate::queue::Verdict;
use crate::store::{ClockOffset, DocumentKind, Store};

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Scans that got a verdict in this pass.
    pub uploaded: u64,
    pub accepted: u64,
    pub duplicate: u64,
    pub rejected: u64,
    /// Scans still waiting after the pass (scans recorded while it ran).
    pub waiting: u64,
    pub keys_updated: bool,
    pub rules_updated: bool,
    pub history_updated: bool,
    /// The certifications the member holds changed (the credit screen's progress).
    pub certifications_updated: bool,
}

pub(crate) struct Pass<'a> {
    pub store: &'a Arc<Store>,
    pub tokens: &'a dyn TokenStore,
    pub api: &'a Api,
    pub clock: &'a dyn Clock,
    pub batch_size: usize,
    /// Ask for the certifications held in this pass (see `super::member`).
    pub certifications_due: bool,
}

/// Runs a store operation on the blocking pool.
pub(super) async fn on_store<T: Send + 'static>(
    store: &Arc<Store>,
    f: impl FnOnce(&Store) -> Result<T, SyncError> + Send + 'static,
) -> Result<T, SyncError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .map_err(|_| SyncError::Stopped)?
}

impl Pass<'_> {
    pub async fn run(
        &mut self,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> Result<SyncReport, SyncError> {
        let token = self.tokens.load()?.ok_or(SyncError::SignedOut)?;
        let member = on_store(self.store, |s| Ok(s.read(|dao| dao.account())?))
            .await?
            .ok_or(SyncError::SignedOut)?
            .member_number;
        let result = self.run_as(&token, &member, progress).await;
        if matches!(result, Err(SyncError::SignedOut)) {
            self.forget_login(&token).await?;
        }
        result
    }

    /// The server refused the token (revoked by the office, expired, logged out on
    /// another phone): forget it and the account as a logout does, so the app opens on
    /// the login form after a restart instead of a home that can never sync. The scans
    /// stay for the next login. Only when the token is still the one this pass used: a
    /// login that happened meanwhile is not undone.
    async fn forget_login(&self, used: &str) -> Result<(), SyncError> {
        if self.tokens.load()?.as_deref() != Some(used) {
            return Ok(());
        }
        self.tokens.clear()?;
        on_store(self.store, |s| Ok(s.write(|dao| dao.clear_account())?)).await
    }

    async fn run_as(
        &mut self,
        token: &str,
        member: &str,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport {
            keys_updated: self.refresh_keys().await?,
            ..SyncReport::default()
        };
        self.upload_all(token, member, &mut report, progress)
            .await?;
        report.rules_updated = self.refresh_rules().await?;
        report.history_updated = self.refresh_history(token, member).await?;
        if self.certifications_due {
            report.certifications_updated = self.refresh_certifications(token, member).await?;
        }

        let m = member.to_owned();
        report.waiting = on_store(
            self.store,
            move |s| Ok(s.read(|dao| dao.count_waiting(&m))?),
        )
        .await? as u64;
        Ok(report)
    }

    pub(super) async fn record_clock(&self, sample: Option<ClockSample>) -> Result<(), SyncError> {
        let Some(sample) = sample else { return Ok(()) };
        on_store(self.store, move |s| {
            Ok(s.write(|dao| {
                dao.set_clock_offset(ClockOffset {
                    offset_ms: sample.offset_ms,
                    measured_at: sample.measured_at,
                })
            })?)
        })
        .await
    }

    async fn upload_all(
        &mut self,
        token: &str,
        member: &str,
        report: &mut SyncReport,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> Result<(), SyncError> {
        let m = member.to_owned();
        let total = on_store(
            self.store,
            move |s| Ok(s.read(|dao| dao.count_waiting(&m))?),
        )
        .await? as u64;
        progress(0, total);
        let mut uploaded_here: HashSet<Uuid> = HashSet::new();
        loop {
            let (m, limit) = (member.to_owned(), self.batch_size.max(1));
            let (batch, stored_offset) = on_store(self.store, move |s| {
                Ok(s.read(|dao| {
                    Ok::<_, crate::error::StoreError>((
                        dao.pending_batch(&m, limit)?,
                        dao.clock_offset()?,
                    ))
                })?)
            })
            .await?;
            if batch.is_empty() {
                return Ok(());
            }
            // Scans the server already answered in this pass but that are still
            // waiting mean it skipped them: stop rather than loop forever.
            if batch.iter().all(|scan| uploaded_here.contains(&scan.id)) {
                return Err(SyncError::Protocol(
                    "the server did not answer for every scan".to_owned(),
                ));
            }
            let ids: Vec<Uuid> = batch.iter().map(|scan| scan.id).collect();
            let now = self.clock.now();
            let sent_ids = ids.clone();
            on_store(self.store, move |s| {
                Ok(s.write(|dao| dao.mark_sent(&sent_ids, now))?)
            })
            .await?;

            let fallback_offset = stored_offset.map(|o| o.offset_ms);
            let request = UploadRequest {
                items: batch
                    .iter()
                    .map(|scan| UploadItem {
                        client_id: scan.id,
                        code: &scan.code_text,
                        scanned_at: scan.scanned_at,
                        // The store keeps server minus device; the wire wants device
                        // minus server.
                        clock_offset_ms: scan
                            .clock_offset_ms
                            .or(fallback_offset)
                            .map(|offset| -offset),
                    })
                    .collect(),
            };
            let (answer, sample) = self.api.upload(token, &request, self.clock).await?;
            self.record_clock(sample).await?;

            let mut verdicts = Vec::with_capacity(answer.results.len());
            for item in answer.results {
                let verdict = match (item.verdict, item.reason) {
                    (VerdictKind::Accepted, _) => Verdict::Accepted,
                    (VerdictKind::Duplicate, _) => Verdict::Duplicate,
                    (VerdictKind::Rejected, Some(reason)) => Verdict::Rejected(reason),
                    (VerdictKind::Rejected, None) => {
                        return Err(SyncError::Protocol(
                            "a rejected scan came without its reason".to_owned(),
                        ))
                    }
                };
                verdicts.push((item.client_id, verdict));
            }
            let now = self.clock.now();
            let applied = verdicts.clone();
            on_store(self.store, move |s| {
                Ok(s.write(|dao| dao.apply_verdicts(&applied, now))?)
            })
            .await?;
            for (id, verdict) in &verdicts {
                if !ids.contains(id) {
                    continue;
                }
                uploaded_here.insert(*id);
                report.uploaded += 1;
                match verdict {
                    Verdict::Accepted => report.accepted += 1,
                    Verdict::Duplicate => report.duplicate += 1,
                    Verdict::Rejected(_) => report.rejected += 1,
                }
            }
            // Scans recorded during the pass can push the count past the first total.
            progress(report.uploaded, total.max(report.uploaded));
        }
    }

    async fn refresh_keys(&self) -> Result<bool, SyncError> {
        self.refresh_document(DocumentKind::Keys, "/api/v1/keys", |body| {
            KeySet::from_json(body)
                .map(|k| k.to_json())
                .map_err(|e| e.to_string())
        })
        .await
    }

    async fn refresh_rules(&self) -> Result<bool, SyncError> {
        self.refresh_document(DocumentKind::Rules, "/api/v1/rules", |body| {
            CreditRules::from_json(body)
                .map(|r| r.to_json())
                .map_err(|e| e.to_string())
        })
        .await
    }

    /// Revalidates a cached document with its ETag. A cache that no longer parses is
    /// fetched without the ETag, or the server would answer "not modified" forever.
    /// A new body is parsed before it replaces the cache, so a bad answer never
    /// replaces a good key set.
    async fn refresh_document(
        &self,
        kind: DocumentKind,
        path: &str,
        parse: impl Fn(&str) -> Result<String, String>,
    ) -> Result<bool, SyncError> {
        let etag = on_store(self.store, move |s| {
            Ok(s.read(|dao| {
                let doc = dao.document(kind)?;
                let parses = match kind {
                    DocumentKind::Keys => dao.key_set().is_ok(),
                    DocumentKind::Rules => dao.credit_rules().is_ok(),
                };
                Ok::<_, crate::error::StoreError>(doc.and_then(|d| d.etag).filter(|_| parses))
            })?)
        })
        .await?;
        let (fetched, sample) = self
            .api
            .fetch(path, None, etag.as_deref(), self.clock)
            .await?;
        self.record_clock(sample).await?;
        match fetched {
            Fetched::NotModified => Ok(false),
            Fetched::New { body, etag } => {
                let json = parse(&body).map_err(|e| SyncError::Protocol(format!("{path}: {e}")))?;
                let now = self.clock.now();
                on_store(self.store, move |s| {
                    Ok(s.write(|dao| dao.put_document(kind, &json, etag.as_deref(), now))?)
                })
                .await?;
                Ok(true)
            }
        }
    }
}
