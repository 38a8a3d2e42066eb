//! Crash test for "a scan is never lost": a child process records a stream of scans and
//! is killed with SIGKILL at a random moment, again and again, on one database file.
//! After each kill the file must pass SQLite's integrity check, and every scan the
//! child reported as recorded (it prints `recorded <uuid> <session>` only after
//! `scan_text` returned) must be there exactly once, whole, its claims matching its
//! QR text.
//!
//! The child is this test binary itself, re-executed with `ATTEND_DURABILITY_DB` set.
//! Runs 15 kills by default; `ATTEND_KILLS=100 cargo test -p attend-core --test
//! durability` runs 100 (or any number).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use attend_core::domain::keys::{demo_signing_key, KeySet, DEMO_KEY_ID};
use attend_core::domain::{kinds, payload, Account, CodeClaims, CreditKind, ScanState};
use attend_core::{scan_text, Store, SystemClock};
use chrono::{DateTime, TimeDelta, Utc};
use rand::Rng;
use uuid::Uuid;

const DB_ENV: &str = "ATTEND_DURABILITY_DB";
const RUN_ENV: &str = "ATTEND_DURABILITY_RUN";
const TEST_NAME: &str = "scans_survive_sigkill";
const MEMBER: &str = "0012345";

fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap()
}

fn claims(session_id: &str) -> CodeClaims {
    let now = whole_seconds(Utc::now());
    CodeClaims {
        society: "JSNM".into(),
        congress_id: "jsnm66".into(),
        congress_name: "第66回日本核医学会学術総会".into(),
        session_id: session_id.into(),
        session_title: format!("教育講演 {session_id}"),
        kind: CreditKind::new(kinds::EDUCATIONAL_LECTURE),
        credit: 1,
        valid_from: now - TimeDelta::hours(1),
        valid_until: now + TimeDelta::hours(1),
        key_id: DEMO_KEY_ID.into(),
        rotation: None,
    }
}

/// The child: scan distinct sessions until killed, reporting each one after it is
/// recorded.
fn child(db: &str) {
    let run = std::env::var(RUN_ENV).unwrap_or_default();
    let store = Store::open(db).unwrap();
    let key = demo_signing_key().unwrap();
    let stdout = std::io::stdout();
    for i in 0u64.. {
        let session = format!("r{run}-s{i}");
        let text = payload::sign(&claims(&session), &key).unwrap();
        let outcome = scan_text(&store, &SystemClock, &text).unwrap();
        assert!(!outcome.already_registered);
        let id = outcome.scan_id.unwrap();
        let mut out = stdout.lock();
        writeln!(out, "recorded {id} {session}").unwrap();
        out.flush().unwrap();
    }
}

/// Complete `recorded` lines only: the kill can cut the last line short.
fn reported_scans(output: &str) -> Vec<(Uuid, String)> {
    let mut scans = Vec::new();
    for line in output.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
        // The test harness may print "test … " on the same line before the first one.
        let Some(start) = line.find("recorded ") else {
            continue;
        };
        let mut words = line[start..].split_whitespace().skip(1);
        let (Some(id), Some(session), None) = (words.next(), words.next(), words.next()) else {
            panic!("malformed line {line:?}");
        };
        scans.push((Uuid::parse_str(id).unwrap(), session.to_owned()));
    }
    scans
}

/// Checks the file after a kill. Rows are checked whole (claims against the QR text,
/// signature) when their session starts with `deep` (the last run's; earlier runs'
/// rows were checked after their own kill, and the integrity check covers the rest).
fn check_store(db: &Path, reported: &[(Uuid, String)], deep: &str) -> usize {
    let store = Store::open(db).unwrap();
    store.check_integrity().unwrap();
    let scans = store.read(|dao| dao.list_scans(MEMBER)).unwrap();
    let keys = KeySet::bundled_default();
    let mut per_session: HashMap<&str, usize> = HashMap::new();
    for scan in &scans {
        *per_session
            .entry(scan.claims.session_id.as_str())
            .or_default() += 1;
        if !scan.claims.session_id.starts_with(deep) {
            continue;
        }
        // Whole: every field present and consistent with the QR text.
        assert_eq!(scan.state, ScanState::Pending);
        assert_eq!(scan.member_number, MEMBER);
        assert_eq!(
            payload::read_unverified(&scan.code_text).unwrap(),
            scan.claims
        );
        payload::verify(&scan.code_text, &keys, "JSNM", scan.scanned_at).unwrap();
    }
    for (session, n) in &per_session {
        assert_eq!(*n, 1, "session {session} recorded {n} times");
    }
    for (id, session) in reported {
        let scan = scans
            .iter()
            .find(|s| s.id == *id)
            .unwrap_or_else(|| panic!("reported scan {id} ({session}) was lost"));
        assert_eq!(&scan.claims.session_id, session);
    }
    scans.len()
}

#[test]
fn scans_survive_sigkill() {
    if let Ok(db) = std::env::var(DB_ENV) {
        child(&db);
        return;
    }
    let kills: usize = std::env::var("ATTEND_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(15);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("attend.sqlite3");
    Store::open(&db)
        .unwrap()
        .write(|dao| {
            dao.set_account(&Account {
                member_number: MEMBER.into(),
                display_name: "核医 太郎".into(),
                temporary_password: false,
                update_deadline: None,
            })
        })
        .unwrap();

    let exe = std::env::current_exe().unwrap();
    let mut rng = rand::rng();
    let mut reported = Vec::new();
    let mut per_run = Vec::new();
    for run in 0..kills {
        let mut child = Command::new(&exe)
            .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
            .env(DB_ENV, &db)
            .env(RUN_ENV, run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let out = std::thread::spawn(move || {
            let mut text = String::new();
            stdout.read_to_string(&mut text).map(|_| text)
        });
        let err = std::thread::spawn(move || {
            let mut text = String::new();
            stderr.read_to_string(&mut text).map(|_| text)
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(10..=200)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let output = out.join().unwrap().unwrap();
        let errors = err.join().unwrap().unwrap();
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                status.signal(),
                Some(9),
                "child stopped on its own: {errors}"
            );
        }
        let scans = reported_scans(&output);
        per_run.push(scans.len());
        reported.extend(scans);
        let stored = check_store(&db, &reported, &format!("r{run}-"));
        // At most the one scan committed just before the kill may be unreported.
        assert!(stored <= reported.len() + run + 1);
    }
    let stored = check_store(&db, &reported, "");
    let most = per_run.iter().max().copied().unwrap_or(0);
    let least = per_run.iter().min().copied().unwrap_or(0);
    println!(
        "{kills} kills: {} scans reported, {stored} stored, {least}..{most} per run, none lost or doubled",
        reported.len()
    );
    assert!(!reported.is_empty(), "no child ever recorded a scan");
    assert!(stored >= reported.len());
}
