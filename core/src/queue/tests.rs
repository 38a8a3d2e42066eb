use attend_domain::{RecordStatus, RejectReason, ScanState};
use chrono::Duration;
use uuid::Uuid;

use super::*;
use crate::store::Store;
use crate::testing::{claims, code, congress_morning, member_store, MEMBER};

/// Records a pending scan of `session` at `minutes` after the congress morning.
fn record(store: &Store, session: &str, minutes: i64) -> Uuid {
    let id = Uuid::now_v7();
    store
        .write(|dao| {
            dao.insert_scan(&NewScan {
                id,
                member_number: MEMBER,
                code_text: &code(session),
                claims: &claims(session),
                scanned_at: congress_morning() + Duration::minutes(minutes),
                clock_offset_ms: None,
            })
        })
        .unwrap();
    id
}

fn state(store: &Store, id: Uuid) -> ScanState {
    store.read(|dao| dao.scan(id)).unwrap().unwrap().state
}

#[test]
fn a_scan_moves_pending_then_sent_then_accepted() {
    let (_dir, store) = member_store();
    let id = record(&store, "s1", 0);
    let scan = store.read(|dao| dao.scan(id)).unwrap().unwrap();
    assert_eq!(scan.state, ScanState::Pending);
    assert_eq!((scan.attempts, scan.last_attempt_at), (0, None));
    assert_eq!(scan.code_text, code("s1"));

    let sent_at = congress_morning() + Duration::hours(1);
    assert_eq!(store.write(|dao| dao.mark_sent(&[id], sent_at)).unwrap(), 1);
    // A second attempt (the answer was lost) stays sent and counts.
    let again = sent_at + Duration::minutes(1);
    store.write(|dao| dao.mark_sent(&[id], again)).unwrap();
    let scan = store.read(|dao| dao.scan(id)).unwrap().unwrap();
    assert_eq!(scan.state, ScanState::Sent);
    assert_eq!((scan.attempts, scan.last_attempt_at), (2, Some(again)));

    let report = store
        .write(|dao| dao.apply_verdicts(&[(id, Verdict::Accepted)], again))
        .unwrap();
    assert_eq!(
        report,
        VerdictReport {
            applied: 1,
            ignored: vec![]
        }
    );
    assert_eq!(state(&store, id), ScanState::Accepted);
    // A final scan is no longer sent, and takes no second verdict.
    assert_eq!(store.write(|dao| dao.mark_sent(&[id], again)).unwrap(), 0);
    let report = store
        .write(|dao| dao.apply_verdicts(&[(id, Verdict::Rejected(RejectReason::Malformed))], again))
        .unwrap();
    assert_eq!(report.ignored, vec![id]);
    assert_eq!(state(&store, id), ScanState::Accepted);
}

#[test]
fn batches_are_waiting_scans_oldest_first() {
    let (_dir, store) = member_store();
    let late = record(&store, "late", 30);
    let early = record(&store, "early", 10);
    let middle = record(&store, "middle", 20);
    let done = record(&store, "done", 0);
    store
        .write(|dao| dao.apply_verdicts(&[(done, Verdict::Duplicate)], congress_morning()))
        .unwrap();
    store
        .write(|dao| dao.mark_sent(&[middle], congress_morning()))
        .unwrap();

    let ids = |batch: Vec<QueuedScan>| batch.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.read(|dao| dao.pending_batch(MEMBER, 10)).unwrap()),
        vec![early, middle, late]
    );
    assert_eq!(
        ids(store.read(|dao| dao.pending_batch(MEMBER, 2)).unwrap()),
        vec![early, middle]
    );
    assert_eq!(
        store
            .read(|dao| dao.pending_batch("someone-else", 10))
            .unwrap(),
        vec![]
    );
    assert_eq!(store.read(|dao| dao.count_waiting(MEMBER)).unwrap(), 3);
    // The home screen: newest first, every state.
    assert_eq!(
        ids(store.read(|dao| dao.list_scans(MEMBER)).unwrap()),
        vec![late, middle, early, done]
    );
}

#[test]
fn verdicts_confirm_reject_and_skip_unknown_ids() {
    let (_dir, store) = member_store();
    let accepted = record(&store, "a", 0);
    let duplicate = record(&store, "d", 1);
    let rejected = record(&store, "r", 2);
    let stranger = Uuid::now_v7();
    let report = store
        .write(|dao| {
            dao.apply_verdicts(
                &[
                    (accepted, Verdict::Accepted),
                    (stranger, Verdict::Accepted),
                    (duplicate, Verdict::Duplicate),
                    (rejected, Verdict::Rejected(RejectReason::OutsideWindow)),
                ],
                congress_morning(),
            )
        })
        .unwrap();
    assert_eq!(
        report,
        VerdictReport {
            applied: 3,
            ignored: vec![stranger]
        }
    );
    assert_eq!(state(&store, duplicate), ScanState::Duplicate);
    assert_eq!(
        state(&store, rejected),
        ScanState::Rejected {
            reason: RejectReason::OutsideWindow
        }
    );
    let history: Vec<String> = store
        .read(|dao| dao.history(MEMBER))
        .unwrap()
        .into_iter()
        .map(|r| r.session_id)
        .collect();
    assert_eq!(history, vec!["a", "d"]);
    assert_eq!(store.read(|dao| dao.count_waiting(MEMBER)).unwrap(), 0);
}

#[test]
fn a_batch_of_verdicts_is_applied_whole_or_not_at_all() {
    let (_dir, store) = member_store();
    let ids: Vec<Uuid> = (0..5)
        .map(|i| record(&store, &format!("s{i}"), i))
        .collect();
    // The disk fills up while the fourth record joins the history.
    store.with_connection(|conn| {
        conn.execute_batch(
            "CREATE TEMP TRIGGER disk_full BEFORE INSERT ON history
             WHEN NEW.session_id = 's3' BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap()
    });
    let verdicts: Vec<(Uuid, Verdict)> = ids.iter().map(|id| (*id, Verdict::Accepted)).collect();
    let result = store.write(|dao| dao.apply_verdicts(&verdicts, congress_morning()));
    assert!(result.is_err());
    for id in &ids {
        assert_eq!(state(&store, *id), ScanState::Pending);
    }
    assert_eq!(store.read(|dao| dao.history(MEMBER)).unwrap(), vec![]);

    // Once the disk has room the same answer applies in full.
    store.with_connection(|conn| conn.execute_batch("DROP TRIGGER disk_full").unwrap());
    let report = store
        .write(|dao| dao.apply_verdicts(&verdicts, congress_morning()))
        .unwrap();
    assert_eq!(report.applied, 5);
}

#[test]
fn one_scan_per_member_and_session_unless_rejected() {
    let (_dir, store) = member_store();
    let first = record(&store, "s1", 0);
    let second = store.write(|dao| {
        dao.insert_scan(&NewScan {
            id: Uuid::now_v7(),
            member_number: MEMBER,
            code_text: &code("s1"),
            claims: &claims("s1"),
            scanned_at: congress_morning(),
            clock_offset_ms: None,
        })
    });
    assert!(second.is_err());
    store
        .write(|dao| {
            dao.apply_verdicts(
                &[(first, Verdict::Rejected(RejectReason::UnknownSession))],
                congress_morning(),
            )
        })
        .unwrap();
    let rescan = record(&store, "s1", 5);
    assert_ne!(rescan, first);
    assert_eq!(store.read(|dao| dao.list_scans(MEMBER)).unwrap().len(), 2);
}

#[test]
fn credit_records_count_each_session_once_and_skip_rejected() {
    let (_dir, store) = member_store();
    let waiting = record(&store, "waiting", 0);
    let confirmed = record(&store, "confirmed", 1);
    let refused = record(&store, "refused", 2);
    let also_in_history = record(&store, "both", 3);
    let at = congress_morning();
    store
        .write(|dao| {
            dao.apply_verdicts(
                &[
                    (confirmed, Verdict::Accepted),
                    (refused, Verdict::Rejected(RejectReason::BadSignature)),
                ],
                at,
            )?;
            // The server's history: an imported spring meeting, and "both", which the
            // server has although this phone's answer never came back.
            let mut spring =
                CreditRecord::from_claims(&claims("spring"), at, RecordStatus::Confirmed);
            spring.congress_id = "spring2026".into();
            let both = CreditRecord::from_claims(&claims("both"), at, RecordStatus::Confirmed);
            let confirmed_rec =
                CreditRecord::from_claims(&claims("confirmed"), at, RecordStatus::Confirmed);
            dao.replace_history(MEMBER, &[spring, both, confirmed_rec])
        })
        .unwrap();
    let mut records: Vec<(String, RecordStatus)> = store
        .read(|dao| dao.credit_records(MEMBER))
        .unwrap()
        .into_iter()
        .map(|r| (r.session_id, r.status))
        .collect();
    records.sort();
    assert_eq!(
        records,
        vec![
            ("both".into(), RecordStatus::Confirmed),
            ("confirmed".into(), RecordStatus::Confirmed),
            ("spring".into(), RecordStatus::Confirmed),
            ("waiting".into(), RecordStatus::Pending),
        ]
    );
    assert_eq!(state(&store, waiting), ScanState::Pending);
    // "both" is still waiting locally; the refreshed history linked it to its scan.
    let registration = store
        .read(|dao| dao.registration(MEMBER, "jsnm66", "both"))
        .unwrap()
        .unwrap();
    assert_eq!(registration.scan_id, Some(also_in_history));
    assert!(!registration.pending);
}
