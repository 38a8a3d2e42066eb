//! The society documents the app caches: the key set that verifies codes and the
//! credit rules that name and count credits, each with the ETag to revalidate it.

use attend_domain::keys::KeySet;
use attend_domain::rules::CreditRules;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{from_ms, to_ms, Dao, WriteDao};
use crate::error::StoreError;

/// Which society document a cache row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// The society's public keys (`KeySet` JSON).
    Keys,
    /// The credit rules (`CreditRules` JSON).
    Rules,
}

impl DocumentKind {
    fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Keys => "keys",
            DocumentKind::Rules => "rules",
        }
    }
}

/// A society document as last fetched: the sync side revalidates it with the ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedDocument {
    pub json: String,
    pub etag: Option<String>,
    pub fetched_at: DateTime<Utc>,
}

impl Dao<'_> {
    /// A cached society document as stored, parsed or not.
    pub fn document(&self, kind: DocumentKind) -> Result<Option<CachedDocument>, StoreError> {
        let row = self
            .conn()
            .query_row(
                "SELECT json, etag, fetched_at FROM cached_document WHERE name = ?1",
                [kind.as_str()],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Option<String>>(1)?,
                        row.get::<_, i64>(2)?,
                    ))
                },
            )
            .optional()?;
        match row {
            Some((json, etag, fetched_at)) => Ok(Some(CachedDocument {
                json,
                etag,
                fetched_at: from_ms(fetched_at, "cached document")?,
            })),
            None => Ok(None),
        }
    }

    /// The cached key set; `None` before the first fetch. A cache that no longer
    /// parses is [`StoreError::BadCache`]: the sync side should then fetch without its
    /// ETag, or the server would answer "not modified" forever.
    pub fn key_set(&self) -> Result<Option<KeySet>, StoreError> {
        let Some(doc) = self.document(DocumentKind::Keys)? else {
            return Ok(None);
        };
        KeySet::from_json(&doc.json)
            .map(Some)
            .map_err(|e| StoreError::BadCache {
                what: "keys",
                detail: e.to_string(),
            })
    }

    /// The cached credit rules; `None` before the first fetch (see [`Self::key_set`]).
    pub fn credit_rules(&self) -> Result<Option<CreditRules>, StoreError> {
        let Some(doc) = self.document(DocumentKind::Rules)? else {
            return Ok(None);
        };
        CreditRules::from_json(&doc.json)
            .map(Some)
            .map_err(|e| StoreError::BadCache {
                what: "rules",
                detail: e.to_string(),
            })
    }

    /// The key set to verify codes with: the cached one, else the one bundled with the
    /// app. An unreadable cache falls back too, so a damaged cache never stops a member
    /// from scanning at the venue.
    pub fn key_set_or_default(&self) -> Result<KeySet, StoreError> {
        match self.key_set() {
            Ok(Some(keys)) => Ok(keys),
            Ok(None) | Err(StoreError::BadCache { .. }) => Ok(KeySet::bundled_default()),
            Err(other) => Err(other),
        }
    }

    /// The rules to name and count credits with; falls back like
    /// [`Self::key_set_or_default`].
    pub fn credit_rules_or_default(&self) -> Result<CreditRules, StoreError> {
        match self.credit_rules() {
            Ok(Some(rules)) => Ok(rules),
            Ok(None) | Err(StoreError::BadCache { .. }) => Ok(CreditRules::bundled_default()),
            Err(other) => Err(other),
        }
    }
}

impl WriteDao<'_> {
    /// Stores a society document as fetched, with the server's ETag.
    pub fn put_document(
        &self,
        kind: DocumentKind,
        json: &str,
        etag: Option<&str>,
        fetched_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO cached_document (name, json, etag, fetched_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET json = excluded.json, etag = excluded.etag,
                 fetched_at = excluded.fetched_at",
            params![kind.as_str(), json, etag, to_ms(fetched_at)],
        )?;
        Ok(())
    }

    pub fn put_key_set(
        &self,
        keys: &KeySet,
        etag: Option<&str>,
        fetched_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.put_document(DocumentKind::Keys, &keys.to_json(), etag, fetched_at)
    }

    pub fn put_credit_rules(
        &self,
        rules: &CreditRules,
        etag: Option<&str>,
        fetched_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.put_document(DocumentKind::Rules, &rules.to_json(), etag, fetched_at)
    }
}
