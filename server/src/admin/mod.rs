//! The office's tools, `attend-server admin …`: each subcommand opens the same database
//! and key folder the server uses (its settings come from the same flags, environment
//! and file) and does one job. They work while the server runs; a running server
//! sees key changes within `verify::KEY_CACHE_SECS`.

mod members;
mod print;
mod projector;
mod records;

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use clap::Subcommand;

use crate::api::wire::SessionRequest;
use crate::config::Config;
use crate::keyring::{self, KeyringError};
use crate::store::{Congress, Store, StoreError};

pub use members::{import_members, PasswordNotice};
pub use records::{export_attendance, import_spring};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Keyring(#[from] KeyringError),
    #[error(transparent)]
    Issue(#[from] crate::codes::IssueError),
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Import members from CSV (member_number,name_kanji,name_kana,name_romaji,category,
    /// joined_on,email[,update_deadline]) with a temporary password each; writes the
    /// numbers and passwords (mode 0600) for the 会員番号・仮パスワード通知書.
    ImportMembers {
        csv: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Create a congress (学術総会 `annual` or 春季大会 `spring`).
    CreateCongress {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["annual", "spring"])]
        kind: String,
        #[arg(long)]
        starts_on: NaiveDate,
        #[arg(long)]
        ends_on: NaiveDate,
    },
    /// Create a session (attendance desk, 教育講演) of a congress.
    CreateSession {
        #[arg(long)]
        id: String,
        #[arg(long)]
        congress: String,
        #[arg(long)]
        title: String,
        /// Credit kind of the rules (congress, spring, lecture).
        #[arg(long)]
        kind: String,
        #[arg(long)]
        credit: u16,
        /// RFC 3339, e.g. 2026-11-16T00:00:00Z.
        #[arg(long)]
        valid_from: DateTime<Utc>,
        #[arg(long)]
        valid_until: DateTime<Utc>,
        /// Projected code changes every this many seconds.
        #[arg(long)]
        rotation_secs: Option<u32>,
    },
    /// Make a new signing key; the previous ones keep verifying for --retire-after-days.
    RotateKey {
        #[arg(long, default_value_t = 30)]
        retire_after_days: i64,
    },
    /// Withdraw a key at once (e.g. leaked): no code signed with it is accepted.
    RevokeKey { key_id: String },
    /// End every login of a member.
    RevokeTokens { member_number: String },
    /// Record a certification a member holds and its renewal date.
    GrantCertification {
        member_number: String,
        certification: String,
        renewal_due: NaiveDate,
    },
    /// Import spring-meeting attendance from the web-meeting site's CSV
    /// (member_number,congress_id,attended_on); into the congress's `spring` session.
    ImportSpring { csv: PathBuf },
    /// Every attendance record as CSV, for the certification committee.
    ExportAttendance {
        #[arg(long)]
        out: PathBuf,
    },
    /// Print a freshly signed code of a session.
    Code { session: String },
    /// Make a session's projector key and print the projector page's address with it
    /// (read-only, this session only, until a day after it ends). The key is shown only
    /// now; if the session has one already, this refuses unless --new.
    ProjectorUrl {
        session: String,
        /// The server as the venue laptop reaches it; default from --listen.
        #[arg(long)]
        base_url: Option<String>,
        /// Replace the session's projector key: the old URL stops working.
        #[arg(long)]
        new: bool,
    },
    /// End a session's projector key at once (its page shows the offline notice).
    ProjectorRevoke { session: String },
    /// Write a session's poster with a freshly signed code (not for rotating sessions).
    Poster {
        session: String,
        #[arg(long, value_parser = ["a4", "a3"], default_value = "a4")]
        size: String,
        #[arg(long, value_parser = ["png", "pdf"], default_value = "pdf")]
        format: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the 会員番号・仮パスワード通知書 letters (PDF) from import-members' CSV.
    Letters {
        passwords_csv: PathBuf,
        /// The member page address printed on each letter.
        #[arg(long, default_value = "https://member.jsnm.example/")]
        member_page_url: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The member page's office commands: post-notice, set-member-profile, add-position.
    #[command(flatten)]
    MemberPage(crate::web::office::MemberPageCommand),
}

/// Runs one office command; returns what to print.
pub async fn run(command: AdminCommand, config: &Config) -> Result<String, AdminError> {
    let store = Store::open(&config.database_url, 2).await?;
    let result = run_on(&store, command, config).await;
    store.close().await;
    result
}

async fn run_on(
    store: &Store,
    command: AdminCommand,
    config: &Config,
) -> Result<String, AdminError> {
    match command {
        AdminCommand::ImportMembers { csv, out } => {
            let n = import_members(store, &csv, &out).await?;
            Ok(format!(
                "imported {n} members; passwords in {}",
                out.display()
            ))
        }
        AdminCommand::CreateCongress {
            id,
            name,
            kind,
            starts_on,
            ends_on,
        } => {
            store
                .insert_congress(&Congress {
                    id: id.clone(),
                    name,
                    kind,
                    starts_on,
                    ends_on,
                })
                .await?;
            Ok(format!("congress {id} created"))
        }
        AdminCommand::CreateSession {
            id,
            congress,
            title,
            kind,
            credit,
            valid_from,
            valid_until,
            rotation_secs,
        } => {
            let request = SessionRequest {
                id: id.clone(),
                congress_id: congress,
                title,
                kind,
                credit,
                valid_from,
                valid_until,
                rotation_secs,
            };
            let session = crate::api::staff_session_from_request(request, &config.rules)
                .map_err(|e| AdminError::Input(e.to_string()))?;
            store.insert_session(&session).await?;
            Ok(format!("session {id} created"))
        }
        AdminCommand::RotateKey { retire_after_days } => {
            keyring::check_dir(&config.key_dir)?;
            let retire_at = Utc::now() + TimeDelta::days(retire_after_days.max(0));
            let id = keyring::rotate(store, &config.key_dir, &config.society, retire_at).await?;
            Ok(format!(
                "new signing key {id}; older keys verify until {retire_at}"
            ))
        }
        AdminCommand::RevokeKey { key_id } => {
            store.revoke_key(&key_id).await?;
            Ok(format!("key {key_id} revoked"))
        }
        AdminCommand::RevokeTokens { member_number } => {
            let member = store
                .member_by_number(&member_number)
                .await?
                .ok_or_else(|| AdminError::Input(format!("no member {member_number}")))?;
            let n = store.revoke_member_tokens(member.id, None).await?;
            Ok(format!("{n} logins of {member_number} ended"))
        }
        AdminCommand::GrantCertification {
            member_number,
            certification,
            renewal_due,
        } => {
            if config.rules.certification(&certification).is_none() {
                return Err(AdminError::Input(format!(
                    "certification {certification:?} is not in the rules"
                )));
            }
            store
                .set_certification(&member_number, &certification, renewal_due)
                .await?;
            Ok(format!(
                "{member_number} holds {certification} until {renewal_due}"
            ))
        }
        AdminCommand::ImportSpring { csv } => {
            let (added, total) = import_spring(store, &csv).await?;
            Ok(format!("{added} of {total} attendance rows were new"))
        }
        AdminCommand::ExportAttendance { out } => {
            let n = export_attendance(store, &out).await?;
            Ok(format!("{n} records written to {}", out.display()))
        }
        AdminCommand::Poster {
            session,
            size,
            format,
            out,
        } => {
            let paper = if size == "a3" {
                attend_print::PaperSize::A3
            } else {
                attend_print::PaperSize::A4
            };
            print::poster(store, config, &session, paper, format == "pdf", &out).await?;
            Ok(format!("poster of {session} written to {}", out.display()))
        }
        AdminCommand::Letters {
            passwords_csv,
            member_page_url,
            out,
        } => {
            let n = print::letters(&passwords_csv, &member_page_url, &out)?;
            Ok(format!("{n} letters written to {}", out.display()))
        }
        AdminCommand::Code { session } => {
            let code = crate::codes::issue(
                store,
                &config.key_dir,
                &config.society,
                &session,
                Utc::now(),
            )
            .await?;
            Ok(code.code)
        }
        AdminCommand::ProjectorUrl {
            session,
            base_url,
            new,
        } => projector::projector_url(store, config, &session, base_url, new).await,
        AdminCommand::ProjectorRevoke { session } => {
            projector::projector_revoke(store, &session).await
        }
        AdminCommand::MemberPage(command) => crate::web::office::run(store, command)
            .await
            .map_err(|e| AdminError::Input(e.to_string())),
    }
}
