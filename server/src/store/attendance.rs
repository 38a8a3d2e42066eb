//! Attendance records and the per-scan verdicts that make uploads idempotent.
//!
//! Exactly once, across retries and concurrent requests: `scans.client_id` is unique and
//! keeps the verdict first given, and `attendance (member_id, session_id)` is unique. A
//! batch is one transaction. For each item the stored verdict is looked up first (a
//! retry gets the same answer); otherwise the attendance insert decides accepted or
//! duplicate and the verdict is stored. If two requests carry the same new client id at
//! once (PostgreSQL, two processes), the loser's attendance insert waits on the
//! winner's unique key and does nothing, its verdict insert conflicts, and it answers
//! with the winner's stored verdict.

use attend_domain::RejectReason;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{from_millis, millis, on_pool, Store, StoreError, StoreResult};

/// What verification made of one uploaded scan, before storage.
#[derive(Debug, Clone)]
pub struct ScanToStore {
    pub client_id: String,
    pub outcome: ScanOutcome,
}

#[derive(Debug, Clone)]
pub enum ScanOutcome {
    Valid {
        session_id: String,
        attended_at: DateTime<Utc>,
    },
    Rejected(RejectReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredVerdict {
    Accepted,
    Duplicate,
    Rejected(RejectReason),
}

/// One record of a member's history, with its names.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub congress_id: String,
    pub congress_name: String,
    pub session_id: String,
    pub session_title: String,
    pub kind: String,
    pub credit: i64,
    pub attended_at: DateTime<Utc>,
    pub source: String,
}

/// A stored attendance with its member, for the certification committee's export.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub member_number: String,
    pub record: HistoryRow,
}

fn reason_code(reason: RejectReason) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn parse_verdict(verdict: &str, reason: Option<&str>) -> StoreResult<StoredVerdict> {
    match verdict {
        "accepted" => Ok(StoredVerdict::Accepted),
        "duplicate" => Ok(StoredVerdict::Duplicate),
        "rejected" => {
            let text = reason.unwrap_or_default();
            serde_json::from_value(serde_json::Value::String(text.to_owned()))
                .map(StoredVerdict::Rejected)
                .map_err(|_| StoreError::Corrupt(format!("reject reason {text:?}")))
        }
        other => Err(StoreError::Corrupt(format!("verdict {other:?}"))),
    }
}

fn verdict_columns(v: StoredVerdict) -> (&'static str, Option<String>) {
    match v {
        StoredVerdict::Accepted => ("accepted", None),
        StoredVerdict::Duplicate => ("duplicate", None),
        StoredVerdict::Rejected(r) => ("rejected", Some(reason_code(r))),
    }
}

const HISTORY_SELECT: &str =
    "SELECT m.member_number, s.congress_id, c.name AS congress_name, a.session_id, \
     s.title, s.kind, s.credit, a.attended_at, a.source \
     FROM attendance a JOIN sessions s ON s.id = a.session_id \
     JOIN congresses c ON c.id = s.congress_id JOIN members m ON m.id = a.member_id";

macro_rules! history_from_row {
    ($row:expr) => {{
        let row = $row;
        Ok::<ExportRow, StoreError>(ExportRow {
            member_number: row.try_get("member_number")?,
            record: HistoryRow {
                congress_id: row.try_get("congress_id")?,
                congress_name: row.try_get("congress_name")?,
                session_id: row.try_get("session_id")?,
                session_title: row.try_get("title")?,
                kind: row.try_get("kind")?,
                credit: row.try_get("credit")?,
                attended_at: from_millis(row.try_get("attended_at")?)?,
                source: row.try_get("source")?,
            },
        })
    }};
}

/// The per-item work of [`Store::record_scans`] inside an open transaction `$tx`; a
/// macro because the transaction type differs per backend. Evaluates to
/// `StoreResult<Vec<StoredVerdict>>`.
macro_rules! record_in_tx {
    ($tx:expr, $member_id:expr, $scans:expr, $now_ms:expr) => {{
        let tx = $tx;
        let member_id: i64 = $member_id;
        let scans: &[ScanToStore] = $scans;
        let now_ms: i64 = $now_ms;
        async {
            let mut verdicts = Vec::with_capacity(scans.len());
            for scan in scans {
                let lookup = "SELECT member_id, verdict, reason FROM scans WHERE client_id = $1";
                let stored = sqlx::query(lookup)
                    .bind(&scan.client_id)
                    .fetch_optional(&mut **tx)
                    .await?;
                if let Some(row) = stored {
                    verdicts.push(stored_for(
                        member_id,
                        row.try_get("member_id")?,
                        row.try_get("verdict")?,
                        row.try_get("reason")?,
                    )?);
                    continue;
                }
                let verdict = match &scan.outcome {
                    ScanOutcome::Rejected(reason) => StoredVerdict::Rejected(*reason),
                    ScanOutcome::Valid {
                        session_id,
                        attended_at,
                    } => {
                        let inserted = sqlx::query(
                            "INSERT INTO attendance (member_id, session_id, attended_at, source, client_id) \
                             VALUES ($1, $2, $3, 'app', $4) \
                             ON CONFLICT (member_id, session_id) DO NOTHING",
                        )
                        .bind(member_id)
                        .bind(session_id)
                        .bind(millis(*attended_at))
                        .bind(&scan.client_id)
                        .execute(&mut **tx)
                        .await?;
                        if inserted.rows_affected() == 1 {
                            StoredVerdict::Accepted
                        } else {
                            StoredVerdict::Duplicate
                        }
                    }
                };
                let (text, reason) = verdict_columns(verdict);
                let kept = sqlx::query(
                    "INSERT INTO scans (client_id, member_id, verdict, reason, received_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (client_id) DO NOTHING",
                )
                .bind(&scan.client_id)
                .bind(member_id)
                .bind(text)
                .bind(&reason)
                .bind(now_ms)
                .execute(&mut **tx)
                .await?;
                if kept.rows_affected() == 1 {
                    verdicts.push(verdict);
                } else {
                    // A concurrent request stored this client id first: its verdict stands.
                    let row = sqlx::query(lookup)
                        .bind(&scan.client_id)
                        .fetch_one(&mut **tx)
                        .await?;
                    verdicts.push(stored_for(
                        member_id,
                        row.try_get("member_id")?,
                        row.try_get("verdict")?,
                        row.try_get("reason")?,
                    )?);
                }
            }
            Ok::<Vec<StoredVerdict>, StoreError>(verdicts)
        }
        .await
    }};
}

impl Store {
    /// Stores a verified batch for one member in one transaction and returns a verdict
    /// per item, in order. On SQLite the batch joins the group commit (see
    /// `group_commit`); on PostgreSQL it is its own transaction.
    pub async fn record_scans(
        &self,
        member_id: i64,
        scans: &[ScanToStore],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<StoredVerdict>> {
        let now_ms = millis(now);
        match self {
            Store::Sqlite { commits, .. } => {
                commits.submit(member_id, scans.to_vec(), now_ms).await
            }
            Store::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                let verdicts = record_in_tx!(&mut tx, member_id, scans, now_ms)?;
                tx.commit().await?;
                Ok(verdicts)
            }
        }
    }

    /// A member's records attended at or after `since`, oldest first.
    pub async fn history(
        &self,
        member_id: i64,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<HistoryRow>> {
        let sql = format!(
            "{HISTORY_SELECT} WHERE a.member_id = $1 AND a.attended_at >= $2 \
             ORDER BY a.attended_at, a.session_id"
        );
        on_pool!(self, read, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(member_id)
                .bind(millis(since))
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|row| history_from_row!(row).map(|r| r.record))
                .collect()
        })
    }

    /// Every stored attendance, by member number then time.
    pub async fn export_attendance(&self) -> StoreResult<Vec<ExportRow>> {
        let sql = format!("{HISTORY_SELECT} ORDER BY m.member_number, a.attended_at, a.session_id");
        on_pool!(self, read, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .fetch_all(pool)
                .await?;
            rows.iter().map(|row| history_from_row!(row)).collect()
        })
    }

    /// Records attendance the office imports (spring meeting on the web-meeting site);
    /// rows already present are skipped. Returns how many were new.
    pub async fn import_attendance(
        &self,
        rows: &[(i64, String, DateTime<Utc>)],
        source: &str,
    ) -> StoreResult<u64> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let mut added = 0;
            for (member_id, session_id, at) in rows {
                let done = sqlx::query(
                    "INSERT INTO attendance (member_id, session_id, attended_at, source, client_id) \
                     VALUES ($1, $2, $3, $4, NULL) ON CONFLICT (member_id, session_id) DO NOTHING",
                )
                .bind(member_id)
                .bind(session_id)
                .bind(millis(*at))
                .bind(source)
                .execute(&mut *tx)
                .await?;
                added += done.rows_affected();
            }
            tx.commit().await?;
            Ok(added)
        })
    }

    /// The load benchmark's baseline: the same rows `record_scans` writes (attendance
    /// and verdict), inserted in one transaction per batch with no lookups, no
    /// verification and no HTTP.
    pub async fn raw_insert(
        &self,
        member_id: i64,
        rows: &[(String, String, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            for (client_id, session_id, at) in rows {
                sqlx::query(
                    "INSERT INTO attendance (member_id, session_id, attended_at, source, client_id) \
                     VALUES ($1, $2, $3, 'app', $4)",
                )
                .bind(member_id)
                .bind(session_id)
                .bind(millis(*at))
                .bind(client_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO scans (client_id, member_id, verdict, reason, received_at) \
                     VALUES ($1, $2, 'accepted', NULL, $3)",
                )
                .bind(client_id)
                .bind(member_id)
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Rows in `attendance` and `scans` (the load benchmark's exactly-once check).
    pub async fn counts(&self) -> StoreResult<(i64, i64)> {
        on_pool!(self, read, |pool| {
            let a: i64 = sqlx::query("SELECT COUNT(*) AS n FROM attendance")
                .fetch_one(pool)
                .await?
                .try_get("n")?;
            let s: i64 = sqlx::query("SELECT COUNT(*) AS n FROM scans")
                .fetch_one(pool)
                .await?
                .try_get("n")?;
            Ok((a, s))
        })
    }
}

/// The verdict to give for a client id already stored. A client id another member
/// used is refused: answering "duplicate" would tell this member the credit is theirs.
fn stored_for(
    member_id: i64,
    owner: i64,
    verdict: String,
    reason: Option<String>,
) -> StoreResult<StoredVerdict> {
    if owner != member_id {
        return Ok(StoredVerdict::Rejected(RejectReason::Malformed));
    }
    parse_verdict(&verdict, reason.as_deref())
}

/// One SQLite transaction for a group of upload batches (see `group_commit`).
pub(super) async fn commit_group(
    pool: &sqlx::sqlite::SqlitePool,
    group: Vec<super::group_commit::Job>,
) {
    let result: StoreResult<Vec<Vec<StoredVerdict>>> = async {
        let mut tx = pool.begin().await?;
        let mut all = Vec::with_capacity(group.len());
        for job in &group {
            all.push(record_in_tx!(
                &mut tx,
                job.member_id,
                &job.scans,
                job.now_ms
            )?);
        }
        tx.commit().await?;
        Ok(all)
    }
    .await;
    match result {
        Ok(all) => {
            for (job, verdicts) in group.into_iter().zip(all) {
                let _ = job.reply.send(Ok(verdicts));
            }
        }
        Err(e) => {
            let message = e.to_string();
            for job in group {
                let _ = job.reply.send(Err(StoreError::Shared(message.clone())));
            }
        }
    }
}
