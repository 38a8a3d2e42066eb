//! Group commit for SQLite: one writer task takes every upload batch waiting at that
//! moment and stores them in one transaction, with one fsync.
//!
//! Why: SQLite has one writer, and at `synchronous=FULL` each commit costs an fsync.
//! With one transaction per request, requests queue behind each other's fsyncs and the
//! tail latency grows with the arrival rate; grouping turns N waiting requests into one
//! commit. Each request's items are still handled in order with the same per-item logic
//! as PostgreSQL ([`record_in_tx!`]), so verdicts and idempotency do not change. If the
//! group's transaction fails, every request in it gets the error and nothing of it is
//! stored; the clients retry (their batches are idempotent).

use tokio::sync::{mpsc, oneshot};

use super::attendance::commit_group;
use super::{ScanToStore, StoreError, StoreResult, StoredVerdict};
use sqlx::sqlite::SqlitePool;

/// At most this many requests share a transaction (bounds its size and latency).
const MAX_GROUP: usize = 64;

pub(super) struct Job {
    pub(super) member_id: i64,
    pub(super) scans: Vec<ScanToStore>,
    pub(super) now_ms: i64,
    pub(super) reply: oneshot::Sender<StoreResult<Vec<StoredVerdict>>>,
}

#[derive(Clone)]
pub struct GroupCommit {
    jobs: mpsc::Sender<Job>,
}

impl GroupCommit {
    /// Starts the writer task on the current runtime; it ends when every handle is gone.
    pub fn start(pool: SqlitePool) -> GroupCommit {
        let (jobs, mut queue) = mpsc::channel::<Job>(1024);
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut group = vec![first];
                while group.len() < MAX_GROUP {
                    match queue.try_recv() {
                        Ok(job) => group.push(job),
                        Err(_) => break,
                    }
                }
                commit_group(&pool, group).await;
            }
        });
        GroupCommit { jobs }
    }

    pub async fn submit(
        &self,
        member_id: i64,
        scans: Vec<ScanToStore>,
        now_ms: i64,
    ) -> StoreResult<Vec<StoredVerdict>> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            member_id,
            scans,
            now_ms,
            reply,
        };
        self.jobs
            .send(job)
            .await
            .map_err(|_| StoreError::Shared("the database writer has stopped".to_owned()))?;
        answer
            .await
            .map_err(|_| StoreError::Shared("the database writer has stopped".to_owned()))?
    }
}
