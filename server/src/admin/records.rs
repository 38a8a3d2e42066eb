//! Attendance the office brings in (spring meeting held on the web-meeting site) and
//! takes out (the certification committee's export).
//!
//! Spring import CSV: `member_number, congress_id, attended_on` (YYYY-MM-DD, a Japan
//! date). Each row becomes attendance of the congress's session of kind `spring` (the
//! office creates it like any session), dated noon JST that day. Rows already present
//! are skipped, so importing the same file twice changes nothing. Unknown members or
//! congresses fail the whole import before anything is stored.

use std::collections::HashMap;
use std::path::Path;

use attend_domain::kinds;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::AdminError;
use crate::store::Store;

#[derive(Debug, Deserialize)]
struct SpringRow {
    member_number: String,
    congress_id: String,
    attended_on: String,
}

#[derive(Debug, Serialize)]
struct ExportLine {
    member_number: String,
    congress_id: String,
    congress_name: String,
    session_id: String,
    session_title: String,
    kind: String,
    credit: i64,
    attended_at: String,
    source: String,
}

fn noon_jst(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc() - TimeDelta::hours(9)
}

/// Returns (rows new, rows read).
pub async fn import_spring(store: &Store, csv_path: &Path) -> Result<(u64, usize), AdminError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(csv_path)
        .map_err(|e| AdminError::Input(format!("{}: {e}", csv_path.display())))?;
    let sessions = store.sessions().await?;
    let mut spring_session: HashMap<String, String> = HashMap::new();
    for s in sessions
        .iter()
        .filter(|s| s.kind == kinds::SPRING_ATTENDANCE)
    {
        spring_session
            .entry(s.congress_id.clone())
            .or_insert_with(|| s.id.clone());
    }
    let mut member_ids: HashMap<String, i64> = HashMap::new();
    let mut rows = Vec::new();
    for (i, record) in reader.deserialize::<SpringRow>().enumerate() {
        let line = i + 2;
        let row = record.map_err(|e| AdminError::Input(format!("line {line}: {e}")))?;
        let date = NaiveDate::parse_from_str(&row.attended_on, "%Y-%m-%d").map_err(|_| {
            AdminError::Input(format!(
                "line {line}: attended_on {:?} is not YYYY-MM-DD",
                row.attended_on
            ))
        })?;
        let session = spring_session.get(&row.congress_id).ok_or_else(|| {
            AdminError::Input(format!(
                "line {line}: congress {:?} has no session of kind spring (create one first)",
                row.congress_id
            ))
        })?;
        let member_id = match member_ids.get(&row.member_number) {
            Some(id) => *id,
            None => {
                let member = store
                    .member_by_number(&row.member_number)
                    .await?
                    .ok_or_else(|| {
                        AdminError::Input(format!("line {line}: no member {:?}", row.member_number))
                    })?;
                member_ids.insert(row.member_number.clone(), member.id);
                member.id
            }
        };
        rows.push((member_id, session.clone(), noon_jst(date)));
    }
    let added = store
        .import_attendance(&rows, kinds::SPRING_ATTENDANCE)
        .await?;
    Ok((added, rows.len()))
}

/// Writes every record; returns how many.
pub async fn export_attendance(store: &Store, out: &Path) -> Result<usize, AdminError> {
    let rows = store.export_attendance().await?;
    let mut writer = csv::Writer::from_path(out)
        .map_err(|e| AdminError::Input(format!("{}: {e}", out.display())))?;
    for row in &rows {
        let r = &row.record;
        writer
            .serialize(ExportLine {
                member_number: row.member_number.clone(),
                congress_id: r.congress_id.clone(),
                congress_name: r.congress_name.clone(),
                session_id: r.session_id.clone(),
                session_title: r.session_title.clone(),
                kind: r.kind.clone(),
                credit: r.credit,
                attended_at: r.attended_at.to_rfc3339(),
                source: r.source.clone(),
            })
            .map_err(|e| AdminError::Input(e.to_string()))?;
    }
    writer
        .flush()
        .map_err(|e| AdminError::Input(e.to_string()))?;
    Ok(rows.len())
}
