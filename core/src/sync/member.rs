//! The member's own documents in a pass: the confirmed history and the certifications
//! held (what the credit screen shows renewal progress for).
//!
//! Both are revalidated with the ETag stored beside them (`member_etag`, per member),
//! so an app started again sends `If-None-Match` and gets a 304 instead of seven years
//! of history. A 304 leaves the rows as they are; a new answer replaces the rows and
//! the tag in one transaction, and only while the same member is still logged in: a
//! logout during the pass must not leave a tag behind for the next login.
//!
//! The certifications are refreshed by background passes too, so one the office grants
//! shows without the member pressing "sync". The server has no ETag for
//! `/api/v1/me`, and its answer carries the server's whole credit summary (about as
//! large as the history itself), so a background pass asks for it only when
//! [`super::SyncConfig::certifications_every`] has passed since the last time (and
//! always on a login, `sync_now` and the first pass after a start): at a congress a
//! pass follows every scan, and certifications change a few times in a career. An
//! unchanged list is not written again.

use std::time::Duration;

use attend_domain::tally::HeldCertification;
use attend_domain::{CreditRecord, RecordStatus};
use chrono::{DateTime, Utc};

use super::api::Revalidated;
use super::pass::{on_store, Pass};
use super::status::SyncError;
use crate::error::StoreError;
use crate::store::{Dao, MemberDocument};

impl Pass<'_> {
    /// Returns whether the history changed.
    pub(super) async fn refresh_history(
        &self,
        token: &str,
        member: &str,
    ) -> Result<bool, SyncError> {
        let etag = self.member_etag(member, MemberDocument::History).await?;
        let (answer, sample) = self.api.history(token, etag.as_deref(), self.clock).await?;
        self.record_clock(sample).await?;
        let Revalidated::New { value, etag } = answer else {
            // Not modified: the rows here are the ones the tag was stored with.
            return Ok(false);
        };
        let records: Vec<CreditRecord> = value
            .records
            .into_iter()
            .map(|mut r| {
                r.status = RecordStatus::Confirmed;
                r
            })
            .collect();
        let m = member.to_owned();
        on_store(self.store, move |s| {
            Ok(s.write(|dao| {
                if !still_logged_in(dao, &m)? {
                    return Ok::<_, StoreError>(false);
                }
                dao.store_history(&m, &records, etag.as_deref())?;
                Ok(true)
            })?)
        })
        .await
    }

    /// Returns whether the certifications held changed.
    pub(super) async fn refresh_certifications(
        &self,
        token: &str,
        member: &str,
    ) -> Result<bool, SyncError> {
        let etag = self
            .member_etag(member, MemberDocument::Certifications)
            .await?;
        let (answer, sample) = self.api.me(token, etag.as_deref(), self.clock).await?;
        self.record_clock(sample).await?;
        let Revalidated::New { value, etag } = answer else {
            return Ok(false);
        };
        let mut held: Vec<HeldCertification> = value
            .certifications
            .into_iter()
            .map(HeldCertification::from)
            .collect();
        // The store lists them by id; compare in the same order.
        held.sort_by(|a, b| a.cert_id.cmp(&b.cert_id));
        let m = member.to_owned();
        on_store(self.store, move |s| {
            Ok(s.write(|dao| {
                if !still_logged_in(dao, &m)? {
                    return Ok::<_, StoreError>(false);
                }
                let unchanged = dao.held_certifications(&m)? == held
                    && dao.member_etag(&m, MemberDocument::Certifications)? == etag;
                if unchanged {
                    return Ok(false);
                }
                dao.store_held_certifications(&m, &held, etag.as_deref())?;
                Ok(true)
            })?)
        })
        .await
    }

    async fn member_etag(
        &self,
        member: &str,
        document: MemberDocument,
    ) -> Result<Option<String>, SyncError> {
        let m = member.to_owned();
        on_store(self.store, move |s| {
            Ok(s.read(|dao| dao.member_etag(&m, document))?)
        })
        .await
    }
}

/// Whether a background pass should ask for the certifications held: never asked in
/// this run, `every` passed since, or the device clock set back before the last time
/// (waiting for it to catch up could take days).
pub(super) fn certifications_due(
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    every: Duration,
) -> bool {
    let Some(last) = last else { return true };
    if now < last {
        return true;
    }
    (now - last).to_std().is_ok_and(|elapsed| elapsed >= every)
}

/// Whether `member` is still the one logged in (not logged out during the pass).
fn still_logged_in(dao: &Dao<'_>, member: &str) -> Result<bool, StoreError> {
    Ok(dao
        .account()?
        .is_some_and(|account| account.member_number == member))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::certifications_due;
    use crate::testing::congress_morning;

    #[test]
    fn certifications_are_due_first_after_the_interval_and_after_a_clock_set_back() {
        let every = Duration::from_secs(3600);
        let last = congress_morning();
        let later = |secs: i64| last + chrono::Duration::seconds(secs);
        assert!(certifications_due(None, last, every));
        assert!(!certifications_due(Some(last), last, every));
        assert!(!certifications_due(Some(last), later(3599), every));
        assert!(certifications_due(Some(last), later(3600), every));
        assert!(certifications_due(Some(last), later(-60), every));
        assert!(certifications_due(Some(last), later(60), Duration::ZERO));
    }
}
