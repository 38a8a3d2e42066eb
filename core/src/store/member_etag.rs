//! The ETags of the member's own server documents (history, held certifications).
//!
//! A tag says "the rows here are what the server sent under this tag", so it is only
//! ever written by the method that writes those rows, in the same transaction
//! ([`WriteDao::store_history`], [`WriteDao::store_held_certifications`]): there is no
//! setter of its own. A crash between the two can therefore never leave a tag that
//! would make the server answer 304 for data the device does not have. Rows written
//! without a tag (tests, tools) drop the old one for the same reason.

use rusqlite::{params, OptionalExtension};

use super::{Dao, WriteDao};
use crate::error::StoreError;

/// Which of the member's documents a tag revalidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberDocument {
    /// `GET /api/v1/attendance`: the confirmed history.
    History,
    /// `GET /api/v1/me`: the certifications the member holds.
    Certifications,
}

impl MemberDocument {
    fn as_str(self) -> &'static str {
        match self {
            MemberDocument::History => "history",
            MemberDocument::Certifications => "certifications",
        }
    }
}

impl Dao<'_> {
    /// The tag to revalidate `document` of `member_number` with; `None` when the data
    /// here was never stored with one (first sync, after a logout, another member).
    pub fn member_etag(
        &self,
        member_number: &str,
        document: MemberDocument,
    ) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT etag FROM member_etag WHERE member_number = ?1 AND document = ?2",
                params![member_number, document.as_str()],
                |row| row.get::<_, String>(0),
            )
            .optional()?)
    }
}

impl WriteDao<'_> {
    /// Records (or with `None` forgets) the tag of data written in this transaction.
    pub(super) fn put_member_etag(
        &self,
        member_number: &str,
        document: MemberDocument,
        etag: Option<&str>,
    ) -> Result<(), StoreError> {
        match etag {
            Some(etag) => self.conn().execute(
                "INSERT INTO member_etag (member_number, document, etag) VALUES (?1, ?2, ?3)
                 ON CONFLICT (member_number, document) DO UPDATE SET etag = excluded.etag",
                params![member_number, document.as_str(), etag],
            )?,
            None => self.conn().execute(
                "DELETE FROM member_etag WHERE member_number = ?1 AND document = ?2",
                params![member_number, document.as_str()],
            )?,
        };
        Ok(())
    }

    /// Forgets every member's tags: a logout. The next login fetches everything whole,
    /// whoever it is.
    pub(super) fn forget_member_etags(&self) -> Result<(), StoreError> {
        self.conn().execute("DELETE FROM member_etag", [])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use attend_domain::tally::HeldCertification;
    use attend_domain::{CreditRecord, RecordStatus};
    use chrono::NaiveDate;

    use super::MemberDocument::{Certifications, History};
    use crate::error::StoreError;
    use crate::store::Store;
    use crate::testing::{account, claims, congress_morning, member_store, MEMBER};

    const OTHER: &str = "0099999";

    fn record(session: &str) -> CreditRecord {
        CreditRecord::from_claims(
            &claims(session),
            congress_morning(),
            RecordStatus::Confirmed,
        )
    }

    fn tag(store: &Store, member: &str, document: super::MemberDocument) -> Option<String> {
        store.read(|dao| dao.member_etag(member, document)).unwrap()
    }

    #[test]
    fn a_tag_is_stored_with_its_rows_for_that_member_only_and_survives_a_restart() {
        let (dir, store) = member_store();
        store
            .write(|dao| dao.store_history(MEMBER, &[record("s1")], Some("\"h1\"")))
            .unwrap();
        drop(store);
        let store = Store::open(dir.path().join("attend.sqlite3")).unwrap();
        assert_eq!(tag(&store, MEMBER, History).as_deref(), Some("\"h1\""));
        assert_eq!(store.read(|dao| dao.history(MEMBER)).unwrap().len(), 1);
        assert_eq!(tag(&store, MEMBER, Certifications), None);
        assert_eq!(tag(&store, OTHER, History), None);

        // A new answer replaces the tag; one without a tag, or rows written without
        // one, drop it: a stale tag would get a 304 for rows that are not here.
        store
            .write(|dao| dao.store_history(MEMBER, &[record("s2")], Some("\"h2\"")))
            .unwrap();
        assert_eq!(tag(&store, MEMBER, History).as_deref(), Some("\"h2\""));
        store
            .write(|dao| dao.store_history(MEMBER, &[], None))
            .unwrap();
        assert_eq!(tag(&store, MEMBER, History), None);
        store
            .write(|dao| dao.store_history(MEMBER, &[record("s1")], Some("\"h3\"")))
            .unwrap();
        store
            .write(|dao| dao.replace_history(MEMBER, &[record("s1")]))
            .unwrap();
        assert_eq!(tag(&store, MEMBER, History), None);
    }

    #[test]
    fn a_rolled_back_write_leaves_neither_rows_nor_tag() {
        let (_dir, store) = member_store();
        let failed: Result<(), StoreError> = store.write(|dao| {
            dao.store_history(MEMBER, &[record("s1")], Some("\"h1\""))?;
            Err(StoreError::Migration("stop".into()))
        });
        assert!(failed.is_err());
        assert_eq!(tag(&store, MEMBER, History), None);
        assert!(store.read(|dao| dao.history(MEMBER)).unwrap().is_empty());
    }

    #[test]
    fn a_logout_forgets_every_members_tags() {
        let (_dir, store) = member_store();
        let held = [HeldCertification {
            cert_id: "nm_specialist".into(),
            renewal_due: NaiveDate::from_ymd_opt(2028, 3, 31).unwrap(),
        }];
        store
            .write(|dao| {
                dao.store_history(MEMBER, &[record("s1")], Some("\"h1\""))?;
                dao.store_held_certifications(MEMBER, &held, Some("\"c1\""))?;
                dao.store_history(OTHER, &[record("s9")], Some("\"o1\""))
            })
            .unwrap();
        assert_eq!(
            tag(&store, MEMBER, Certifications).as_deref(),
            Some("\"c1\"")
        );
        store.write(|dao| dao.clear_account()).unwrap();
        assert_eq!(tag(&store, MEMBER, History), None);
        assert_eq!(tag(&store, MEMBER, Certifications), None);
        assert_eq!(tag(&store, OTHER, History), None);
        // The rows stay (a scan or record is never dropped by a logout); only the
        // tags go, so the next login downloads them whole.
        store.write(|dao| dao.set_account(&account())).unwrap();
        assert_eq!(store.read(|dao| dao.history(MEMBER)).unwrap().len(), 1);
        assert_eq!(
            store.read(|dao| dao.held_certifications(MEMBER)).unwrap(),
            held
        );
    }
}
