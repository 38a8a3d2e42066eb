use attend_domain::keys::{KeySet, SigningKey, DEMO_KEY_ID};
use attend_domain::payload::{self, CodeError};
use attend_domain::{CreditRecord, Locale, Localized, RecordStatus, RejectReason, ScanState};
use chrono::Duration;

use super::*;
use crate::clock::FixedClock;
use crate::queue::Verdict;
use crate::store::ClockOffset;
use crate::testing::{claims, code, congress_morning, member_store, sign, MEMBER};

fn scan_count(store: &Store) -> usize {
    store.read(|dao| dao.list_scans(MEMBER)).unwrap().len()
}

#[test]
fn a_good_code_is_on_disk_when_scan_text_returns() {
    let (dir, store) = member_store();
    let clock = FixedClock::new(congress_morning());
    let outcome = scan_text(&store, &clock, &format!("{}\r\n", code("s1"))).unwrap();
    assert!(!outcome.already_registered);
    assert!(outcome.pending);
    assert_eq!(outcome.registered_at, congress_morning());
    assert_eq!(outcome.session_title, "教育講演 s1");
    assert_eq!(outcome.credit, 2);
    assert!(!outcome.kind_name.message(Locale::Ja).is_empty());
    assert_ne!(
        outcome.kind_name.message(Locale::Ja),
        outcome.kind_name.message(Locale::En)
    );

    // Another connection to the same file sees it: it was committed.
    drop(store);
    let reopened = Store::open(dir.path().join("attend.sqlite3")).unwrap();
    let scan = reopened
        .read(|dao| dao.scan(outcome.scan_id.unwrap()))
        .unwrap()
        .unwrap();
    assert_eq!(scan.state, ScanState::Pending);
    assert_eq!(scan.code_text, code("s1"));
    assert_eq!(scan.claims, claims("s1"));
    assert_eq!(scan.scanned_at, congress_morning());
}

#[test]
fn scanning_a_session_twice_answers_already_registered_with_the_first_time() {
    let (_dir, store) = member_store();
    let clock = FixedClock::new(congress_morning());
    let first = scan_text(&store, &clock, &code("s1")).unwrap();
    clock.advance(Duration::minutes(40));
    let second = scan_text(&store, &clock, &code("s1")).unwrap();
    assert!(second.already_registered);
    assert_eq!(second.scan_id, first.scan_id);
    assert_eq!(second.registered_at, congress_morning());
    assert!(second.pending);
    assert_eq!(scan_count(&store), 1);
}

#[test]
fn the_time_shown_for_a_fresh_scan_is_the_time_read_back_later() {
    let (_dir, store) = member_store();
    let at = congress_morning() + Duration::nanoseconds(123_456_789);
    let clock = FixedClock::new(at);
    let first = scan_text(&store, &clock, &code("s1")).unwrap();
    let again = scan_text(&store, &clock, &code("s1")).unwrap();
    assert!(again.already_registered);
    assert_eq!(first.registered_at, again.registered_at);
    assert_eq!(
        first.registered_at,
        congress_morning() + Duration::milliseconds(123)
    );
}

#[test]
fn a_session_rejected_by_the_server_can_be_scanned_again() {
    let (_dir, store) = member_store();
    let clock = FixedClock::new(congress_morning());
    let first = scan_text(&store, &clock, &code("s1")).unwrap();
    let first_id = first.scan_id.unwrap();
    store
        .write(|dao| {
            dao.apply_verdicts(
                &[(first_id, Verdict::Rejected(RejectReason::UnknownSession))],
                clock.now(),
            )
        })
        .unwrap();
    clock.advance(Duration::minutes(5));
    let again = scan_text(&store, &clock, &code("s1")).unwrap();
    assert!(!again.already_registered);
    assert_ne!(again.scan_id, Some(first_id));
    assert_eq!(scan_count(&store), 2);
}

#[test]
fn a_session_in_the_servers_history_is_already_registered() {
    let (_dir, store) = member_store();
    let earlier = congress_morning() - Duration::hours(3);
    store
        .write(|dao| {
            dao.replace_history(
                MEMBER,
                &[CreditRecord::from_claims(
                    &claims("s1"),
                    earlier,
                    RecordStatus::Confirmed,
                )],
            )
        })
        .unwrap();
    let outcome = scan_text(&store, &FixedClock::new(congress_morning()), &code("s1")).unwrap();
    assert!(outcome.already_registered);
    assert_eq!(outcome.scan_id, None);
    assert_eq!(outcome.registered_at, earlier);
    assert!(!outcome.pending);
    assert_eq!(scan_count(&store), 0);
}

#[test]
fn the_measured_clock_offset_goes_with_the_scan() {
    let (_dir, store) = member_store();
    let clock = FixedClock::new(congress_morning());
    store
        .write(|dao| {
            dao.set_clock_offset(ClockOffset {
                offset_ms: 92_000,
                measured_at: clock.now(),
            })
        })
        .unwrap();
    let id = scan_text(&store, &clock, &code("s1"))
        .unwrap()
        .scan_id
        .unwrap();
    let scan = store.read(|dao| dao.scan(id)).unwrap().unwrap();
    assert_eq!(scan.clock_offset_ms, Some(92_000));
}

fn refused(store: &Store, at: chrono::DateTime<Utc>, text: &str) -> ScanError {
    let err = scan_text(store, &FixedClock::new(at), text).unwrap_err();
    assert_eq!(scan_count(store), 0, "a refused code wrote something");
    err
}

#[test]
fn expired_early_foreign_forged_and_garbage_codes_are_refused_and_write_nothing() {
    let (_dir, store) = member_store();
    let c = claims("s1");

    let late = c.valid_until + Duration::seconds(1);
    let err = refused(&store, late, &code("s1"));
    assert!(
        matches!(err, ScanError::Code(CodeError::Expired { .. })),
        "{err:?}"
    );

    let early = c.valid_from - Duration::seconds(1);
    let err = refused(&store, early, &code("s1"));
    assert!(matches!(&err, ScanError::Code(e) if e.reject_reason() == RejectReason::OutsideWindow));

    let mut foreign = claims("s1");
    foreign.society = "JRS".into();
    let err = refused(&store, congress_morning(), &sign(&foreign));
    assert!(
        matches!(err, ScanError::Code(CodeError::ForeignSociety(_))),
        "{err:?}"
    );

    // Signed by someone else's key under the society's key id.
    let (forger, _) = SigningKey::generate(DEMO_KEY_ID).unwrap();
    let forged = payload::sign(&claims("s1"), &forger).unwrap();
    let err = refused(&store, congress_morning(), &forged);
    assert!(
        matches!(err, ScanError::Code(CodeError::BadSignature)),
        "{err:?}"
    );

    for garbage in ["", "https://example.com/", "\u{0}\u{1}ABC", "日本核医学会"] {
        let err = refused(&store, congress_morning(), garbage);
        assert!(
            matches!(&err, ScanError::Code(e) if e.reject_reason() == RejectReason::Malformed),
            "{garbage:?}: {err:?}"
        );
        assert!(!err.message(Locale::Ja).is_empty());
    }
}

#[test]
fn the_cached_key_set_replaces_the_bundled_one() {
    let (_dir, store) = member_store();
    let (new_key, _) = SigningKey::generate("jsnm-2027").unwrap();
    let mut keys = KeySet::bundled_default();
    keys.keys = vec![new_key.public_entry(congress_morning() - Duration::days(30), None)];
    store
        .write(|dao| dao.put_key_set(&keys, Some("\"2027\""), congress_morning()))
        .unwrap();

    // The demo key is no longer trusted...
    let err = refused(&store, congress_morning(), &code("s1"));
    assert!(
        matches!(err, ScanError::Code(CodeError::UnknownKey(_))),
        "{err:?}"
    );
    // ...and the society's new key is.
    let mut c = claims("s1");
    c.key_id = "jsnm-2027".into();
    let text = payload::sign(&c, &new_key).unwrap();
    assert!(scan_text(&store, &FixedClock::new(congress_morning()), &text).is_ok());
}

#[test]
fn no_scan_without_a_member() {
    let (_dir, store) = member_store();
    store.write(|dao| dao.clear_account()).unwrap();
    let err = refused(&store, congress_morning(), &code("s1"));
    assert!(matches!(err, ScanError::NotLoggedIn));
    assert!(err.message(Locale::Ja).contains("ログイン"));
}

#[test]
fn a_failed_save_says_the_scan_was_not_recorded() {
    let (_dir, store) = member_store();
    store.with_connection(|conn| {
        conn.execute_batch(
            "CREATE TEMP TRIGGER disk_full BEFORE INSERT ON scan
             BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap()
    });
    let err = refused(&store, congress_morning(), &code("s1"));
    assert!(matches!(err, ScanError::Store(_)), "{err:?}");
    assert!(err.message(Locale::Ja).contains("記録されていません"));
    assert!(err.message(Locale::En).contains("NOT recorded"));
}
