//! The office's commands for the member page: post a notice, record a member's region,
//! councillor role and positions. Meant to be flattened into `attend-server admin`
//! (`#[command(flatten)] MemberPage(web::office::MemberPageCommand)` plus one match arm
//! calling [`run`]).

use chrono::{NaiveDate, Utc};
use clap::Subcommand;

use super::store::NoticeCategory;
use crate::store::{Store, StoreError};

#[derive(Debug, Subcommand)]
pub enum MemberPageCommand {
    /// Post a notice (お知らせ) on the member page.
    PostNotice {
        /// member (会員へのお知らせ), councillor (評議員へのお知らせ) or info (会員向け情報).
        #[arg(long, value_parser = ["member", "councillor", "info"])]
        category: String,
        #[arg(long)]
        title: String,
        /// The text; blank lines separate paragraphs.
        #[arg(long)]
        body: String,
        /// Date shown (default: today).
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// Record a member's region and councillor (評議員) role.
    SetMemberProfile {
        member_number: String,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        councillor: bool,
    },
    /// Add a position or committee membership to a member's history.
    AddPosition {
        member_number: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        since: NaiveDate,
        #[arg(long)]
        until: Option<NaiveDate>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error("no member {0}")]
    NoMember(String),
    #[error("unknown notice category {0}")]
    Category(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

async fn member_id(store: &Store, number: &str) -> Result<i64, OfficeError> {
    Ok(store
        .member_by_number(number)
        .await?
        .ok_or_else(|| OfficeError::NoMember(number.to_owned()))?
        .id)
}

/// Runs one command; returns what to print.
pub async fn run(store: &Store, command: MemberPageCommand) -> Result<String, OfficeError> {
    match command {
        MemberPageCommand::PostNotice {
            category,
            title,
            body,
            date,
        } => {
            let cat = NoticeCategory::parse(&category).ok_or(OfficeError::Category(category))?;
            let now = Utc::now();
            let date = date.unwrap_or_else(|| attend_domain::tally::japan_date(now));
            let id = store
                .insert_notice(cat, &title, &body, date, now.timestamp_millis())
                .await?;
            Ok(format!("notice {id} posted"))
        }
        MemberPageCommand::SetMemberProfile {
            member_number,
            region,
            councillor,
        } => {
            let id = member_id(store, &member_number).await?;
            store
                .set_member_profile(id, region.as_deref(), councillor)
                .await?;
            Ok(format!("profile of {member_number} recorded"))
        }
        MemberPageCommand::AddPosition {
            member_number,
            title,
            since,
            until,
        } => {
            let id = member_id(store, &member_number).await?;
            store.add_member_position(id, &title, since, until).await?;
            Ok(format!("position added to {member_number}"))
        }
    }
}
