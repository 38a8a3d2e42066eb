//! Member import from the office's CSV, with a temporary password each, and the CSV of
//! numbers and temporary passwords for the mail-merge of the 会員番号・仮パスワード通知書.
//!
//! Input columns (header row required, UTF-8): `member_number, name_kanji, name_kana,
//! name_romaji, category, joined_on, email` and optionally `update_deadline`
//! (YYYY-MM-DD). The output file holds passwords in clear: it is created with mode
//! 0600 and should be deleted once the letters are printed.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::AdminError;
use crate::credentials::{hash_password, temporary_password};
use crate::store::{NewMember, Store};

#[derive(Debug, Deserialize)]
struct MemberCsvRow {
    member_number: String,
    name_kanji: String,
    name_kana: String,
    name_romaji: String,
    category: String,
    #[serde(default)]
    joined_on: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    update_deadline: Option<String>,
}

/// One line of the password notice CSV (what the print helper's letters read).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PasswordNotice {
    pub member_number: String,
    pub name_kanji: String,
    pub name_kana: String,
    pub name_romaji: String,
    pub category: String,
    pub email: String,
    pub temporary_password: String,
    pub update_deadline: String,
}

fn optional_date(
    line: usize,
    field: &str,
    value: Option<&str>,
) -> Result<Option<NaiveDate>, AdminError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                AdminError::Input(format!("line {line}: {field} {v:?} is not YYYY-MM-DD"))
            }),
    }
}

/// Reads the CSV, hashes a fresh temporary password per member (in parallel: argon2 is
/// the slow part), stores all members in one transaction and writes the notice CSV.
/// Returns the number imported.
pub async fn import_members(
    store: &Store,
    csv_path: &Path,
    out: &Path,
) -> Result<usize, AdminError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(csv_path)
        .map_err(|e| AdminError::Input(format!("{}: {e}", csv_path.display())))?;
    let mut rows = Vec::new();
    for (i, record) in reader.deserialize::<MemberCsvRow>().enumerate() {
        let line = i + 2;
        let row = record.map_err(|e| AdminError::Input(format!("line {line}: {e}")))?;
        if row.member_number.is_empty() || row.member_number.len() > 32 {
            return Err(AdminError::Input(format!(
                "line {line}: member_number must be 1 to 32 characters"
            )));
        }
        let joined = optional_date(line, "joined_on", row.joined_on.as_deref())?;
        let deadline = optional_date(line, "update_deadline", row.update_deadline.as_deref())?;
        rows.push((row, joined, deadline, temporary_password()));
    }
    let passwords: Vec<String> = rows.iter().map(|r| r.3.clone()).collect();
    let hashes = tokio::task::spawn_blocking(move || hash_all(&passwords))
        .await
        .map_err(|e| AdminError::Input(e.to_string()))??;
    let members: Vec<NewMember> = rows
        .iter()
        .zip(&hashes)
        .map(|((row, joined, deadline, _), hash)| NewMember {
            member_number: row.member_number.clone(),
            name_kanji: row.name_kanji.clone(),
            name_kana: row.name_kana.clone(),
            name_romaji: row.name_romaji.clone(),
            category: row.category.clone(),
            joined_on: *joined,
            email: row.email.clone().filter(|e| !e.is_empty()),
            password_hash: hash.clone(),
            update_deadline: *deadline,
        })
        .collect();
    // Write the notice first: if it cannot be written, nothing is imported and the
    // office is not left with members whose passwords nobody knows.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(out)
        .map_err(|e| AdminError::Input(format!("{}: {e}", out.display())))?;
    let mut writer = csv::Writer::from_writer(file);
    for (row, _, deadline, password) in &rows {
        writer
            .serialize(PasswordNotice {
                member_number: row.member_number.clone(),
                name_kanji: row.name_kanji.clone(),
                name_kana: row.name_kana.clone(),
                name_romaji: row.name_romaji.clone(),
                category: row.category.clone(),
                email: row.email.clone().unwrap_or_default(),
                temporary_password: password.clone(),
                update_deadline: deadline.map(|d| d.to_string()).unwrap_or_default(),
            })
            .map_err(|e| AdminError::Input(e.to_string()))?;
    }
    let mut file = writer
        .into_inner()
        .map_err(|e| AdminError::Input(e.to_string()))?;
    file.flush().map_err(|e| AdminError::Input(e.to_string()))?;
    store.insert_members(&members).await?;
    Ok(members.len())
}

fn hash_all(passwords: &[String]) -> Result<Vec<String>, AdminError> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let chunk = passwords.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = passwords
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| hash_password(p))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(passwords.len());
        for w in workers {
            let hashes = w
                .join()
                .map_err(|_| AdminError::Input("a hashing thread failed".to_owned()))?
                .map_err(|e| AdminError::Input(e.to_string()))?;
            all.extend(hashes);
        }
        Ok(all)
    })
}
