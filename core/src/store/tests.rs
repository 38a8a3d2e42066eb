use attend_domain::keys::KeySet;
use attend_domain::rules::CreditRules;
use attend_domain::tally::HeldCertification;
use attend_domain::{CreditRecord, RecordStatus, ScanState};
use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::schema::{self, LATEST};
use super::*;
use crate::testing::{account, claims, code, congress_morning, member_store, utc, MEMBER};

fn pragma_text(store: &Store, name: &str) -> String {
    store.with_connection(|conn| {
        conn.query_row(&format!("PRAGMA {name}"), [], |row| {
            row.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| format!("{v:?}"))
        .unwrap()
    })
}

#[test]
fn a_new_file_gets_the_latest_schema_and_durable_pragmas() {
    let (_dir, store) = member_store();
    assert!(pragma_text(&store, "journal_mode").contains("wal"));
    // 2 = FULL
    assert_eq!(pragma_text(&store, "synchronous"), "Integer(2)");
    assert_eq!(pragma_text(&store, "foreign_keys"), "Integer(1)");
    assert_eq!(
        pragma_text(&store, "user_version"),
        format!("Integer({LATEST})")
    );
    store.check_integrity().unwrap();
}

#[test]
fn account_documents_certifications_and_clock_round_trip() {
    let (dir, store) = member_store();
    let at = congress_morning();
    store
        .write(|dao| {
            dao.put_key_set(&KeySet::bundled_default(), Some("\"k1\""), at)?;
            dao.put_credit_rules(&CreditRules::bundled_default(), None, at)?;
            dao.replace_held_certifications(
                MEMBER,
                &[HeldCertification {
                    cert_id: "nm_specialist".into(),
                    renewal_due: NaiveDate::from_ymd_opt(2028, 3, 31).unwrap(),
                }],
            )?;
            dao.set_clock_offset(ClockOffset {
                offset_ms: -1500,
                measured_at: at,
            })
        })
        .unwrap();
    drop(store);

    let store = Store::open(dir.path().join("attend.sqlite3")).unwrap();
    store
        .read(|dao| {
            assert_eq!(dao.account()?, Some(account()));
            assert_eq!(dao.key_set()?, Some(KeySet::bundled_default()));
            assert_eq!(dao.credit_rules()?, Some(CreditRules::bundled_default()));
            let keys = dao.document(DocumentKind::Keys)?.unwrap();
            assert_eq!(keys.etag.as_deref(), Some("\"k1\""));
            assert_eq!(keys.fetched_at, at);
            assert_eq!(dao.held_certifications(MEMBER)?.len(), 1);
            assert_eq!(dao.held_certifications("other")?, vec![]);
            assert_eq!(dao.clock_offset()?.map(|c| c.offset_ms), Some(-1500));
            Ok::<_, StoreError>(())
        })
        .unwrap();

    store.write(|dao| dao.clear_account()).unwrap();
    assert_eq!(store.read(|dao| dao.account()).unwrap(), None);
}

#[test]
fn an_unreadable_cached_document_is_reported_and_falls_back_to_the_bundled_one() {
    let (_dir, store) = member_store();
    store
        .write(|dao| {
            dao.put_document(
                DocumentKind::Keys,
                "{not json",
                Some("e"),
                utc(2026, 1, 1, 0, 0),
            )
        })
        .unwrap();
    let err = store.read(|dao| dao.key_set()).unwrap_err();
    assert!(matches!(err, StoreError::BadCache { what: "keys", .. }));
    let keys = store.read(|dao| dao.key_set_or_default()).unwrap();
    assert_eq!(keys, KeySet::bundled_default());
}

#[test]
fn replacing_history_keeps_one_record_per_session() {
    let (_dir, store) = member_store();
    let record = |session: &str, status| {
        CreditRecord::from_claims(&claims(session), congress_morning(), status)
    };
    store
        .write(|dao| {
            dao.replace_history(
                MEMBER,
                &[
                    record("s1", RecordStatus::Confirmed),
                    record("s2", RecordStatus::Confirmed),
                ],
            )?;
            // A refresh that lists s1 twice and drops s2 (the office removed it).
            dao.replace_history(
                MEMBER,
                &[
                    record("s1", RecordStatus::Confirmed),
                    record("s1", RecordStatus::Confirmed),
                ],
            )
        })
        .unwrap();
    let history = store.read(|dao| dao.history(MEMBER)).unwrap();
    assert_eq!(history, vec![record("s1", RecordStatus::Confirmed)]);
}

#[test]
fn a_write_that_fails_leaves_nothing_behind() {
    let (_dir, store) = member_store();
    let result: Result<(), StoreError> = store.write(|dao| {
        dao.clear_account()?;
        Err(StoreError::Migration("stop here".into()))
    });
    assert!(result.is_err());
    assert_eq!(store.read(|dao| dao.account()).unwrap(), Some(account()));
}

#[test]
fn garbage_bytes_are_a_typed_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attend.sqlite3");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
    // The damaged file is left as it was, for the office to look at.
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_damaged_page_is_found_by_the_integrity_check_or_a_query() {
    let (dir, store) = member_store();
    store
        .write(|dao| {
            let history: Vec<_> = (0..300)
                .map(|i| {
                    CreditRecord::from_claims(
                        &claims(&format!("s{i}")),
                        congress_morning(),
                        RecordStatus::Confirmed,
                    )
                })
                .collect();
            dao.replace_history(MEMBER, &history)
        })
        .unwrap();
    store
        .with_connection(|conn| conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())))
        .unwrap();
    drop(store);
    let path = dir.path().join("attend.sqlite3");
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 4 * page);
    for b in &mut bytes[2 * page + 8..4 * page] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let outcome = Store::open(&path).and_then(|store| {
        store.check_integrity()?;
        store.read(|dao| dao.history(MEMBER))
    });
    assert!(
        matches!(outcome, Err(StoreError::Corrupt(_))),
        "{outcome:?}"
    );
}

#[test]
fn a_file_from_a_newer_app_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attend.sqlite3");
    drop(Store::open(&path).unwrap());
    let newer = LATEST as i64 + 1;
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found, known } if found == newer && known == LATEST)
    );
    let version: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, newer);
}

// ---- Migrations from each older schema, with data in it ------------------------------

/// Fills a version-1 file the way the version-1 app wrote it (frozen with 001).
fn fill_v1(conn: &Connection) {
    let claims_json = serde_json::to_string(&claims("s-old")).unwrap();
    let at = to_ms(congress_morning());
    conn.execute_batch(
        "INSERT INTO account VALUES (1, '0012345', '核医 太郎', 1, '2027-03-31');
         INSERT INTO cached_document VALUES ('keys', '{}', '\"v1\"', 0);
         INSERT INTO held_certification VALUES ('0012345', 'nm_specialist', '2028-03-31');",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO scan (client_id, member_number, code_text, claims_json, congress_id,
             session_id, scanned_at, state, reject_reason, attempts, last_attempt_at, updated_at)
         VALUES ('0190a000-0000-7000-8000-000000000001', '0012345', ?1, ?2, 'jsnm66', 's-old',
                 ?3, 'sent', NULL, 2, ?3, ?3)",
        params![code("s-old"), claims_json, at],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO history VALUES ('0012345', 'jsnm65', '第65回', 's-past', '教育講演', 'lecture', 2, ?1, NULL)",
        [at - 365 * 86_400_000],
    )
    .unwrap();
}

/// What a version-1 file must still say after the upgrade.
fn check_v1(store: &Store) {
    check_v1_rows(store);
    // Version 1 knew no clock offset.
    let scans = store.read(|dao| dao.list_scans(MEMBER)).unwrap();
    assert_eq!(scans[0].clock_offset_ms, None);
}

/// The rows [`fill_v1`] wrote, as every later version must still read them.
fn check_v1_rows(store: &Store) {
    store
        .read(|dao| {
            let account = dao.account()?.unwrap();
            assert!(account.temporary_password);
            let scans = dao.list_scans(MEMBER)?;
            assert_eq!(scans.len(), 1);
            assert_eq!(scans[0].state, ScanState::Sent);
            assert_eq!(scans[0].attempts, 2);
            assert_eq!(scans[0].claims, claims("s-old"));
            assert_eq!(dao.history(MEMBER)?.len(), 1);
            assert_eq!(dao.held_certifications(MEMBER)?.len(), 1);
            assert_eq!(
                dao.document(DocumentKind::Keys)?.unwrap().etag.as_deref(),
                Some("\"v1\"")
            );
            Ok::<_, StoreError>(())
        })
        .unwrap();
}

/// Fills a version-2 file: version 1's data plus a measured clock offset (frozen with
/// 002).
fn fill_v2(conn: &Connection) {
    fill_v1(conn);
    conn.execute_batch(
        "UPDATE scan SET clock_offset_ms = -1500;
         INSERT INTO clock_sync VALUES (1, -1500, 0);",
    )
    .unwrap();
}

/// Version 2 kept the history's ETag in memory only: an upgraded file has none, so
/// its first sync downloads the history whole, and the rows stay until then.
fn check_v2(store: &Store) {
    check_v1_rows(store);
    store
        .read(|dao| {
            assert_eq!(dao.list_scans(MEMBER)?[0].clock_offset_ms, Some(-1500));
            assert_eq!(dao.clock_offset()?.map(|o| o.offset_ms), Some(-1500));
            assert_eq!(dao.member_etag(MEMBER, MemberDocument::History)?, None);
            assert_eq!(
                dao.member_etag(MEMBER, MemberDocument::Certifications)?,
                None
            );
            Ok::<_, StoreError>(())
        })
        .unwrap();
}

type Fill = fn(&Connection);
type Check = fn(&Store);
/// One entry per schema version an installed app may still have.
const OLD_VERSIONS: &[(usize, Fill, Check)] = &[(1, fill_v1, check_v1), (2, fill_v2, check_v2)];

#[test]
fn every_older_schema_with_data_upgrades_to_what_a_new_install_has() {
    assert_eq!(
        OLD_VERSIONS.len(),
        LATEST - 1,
        "add a fixture for the new schema version"
    );
    let dir = tempfile::tempdir().unwrap();
    let fresh = Store::open(dir.path().join("fresh.sqlite3")).unwrap();
    let fresh_schema = fresh.with_connection(|conn| schema::schema_sql(conn).unwrap());

    for &(version, fill, check) in OLD_VERSIONS {
        let path = dir.path().join(format!("v{version}.sqlite3"));
        let mut conn = Connection::open(&path).unwrap();
        schema::migrations().to_version(&mut conn, version).unwrap();
        fill(&conn);
        drop(conn);

        let upgraded = Store::open(&path).unwrap();
        check(&upgraded);
        let schema = upgraded.with_connection(|conn| schema::schema_sql(conn).unwrap());
        assert_eq!(
            schema, fresh_schema,
            "schema after upgrading from v{version}"
        );
        upgraded.check_integrity().unwrap();
        // The upgraded file works like a new one: the v1 scan still holds its session.
        let again = upgraded.write(|dao| {
            dao.insert_scan(&crate::queue::NewScan {
                id: uuid::Uuid::now_v7(),
                member_number: MEMBER,
                code_text: &code("s-old"),
                claims: &claims("s-old"),
                scanned_at: congress_morning(),
                clock_offset_ms: Some(0),
            })
        });
        assert!(again.is_err());
    }
}

#[test]
fn an_in_memory_store_has_the_same_schema_as_a_file() {
    let memory = Store::open_in_memory().unwrap();
    let (_dir, file) = member_store();
    let schema = |store: &Store| store.with_connection(|conn| schema::schema_sql(conn).unwrap());
    assert_eq!(schema(&memory), schema(&file));
    assert_eq!(memory.read(|dao| dao.account()).unwrap(), None);
}
