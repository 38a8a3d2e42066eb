//! The app's two hot paths on a real file store (WAL, synchronous=FULL):
//!
//! - scan → durable record: `scan_text` on a fresh session each time, so every call
//!   verifies a signature, inserts a row and commits with fsync. Goal: p50 ≤ 2 ms.
//! - credit summary over seven years (~100 records a year): read the records, rules and
//!   held certifications from the store and run the tally. Goal: p50 ≤ 1 ms.
//!
//! Criterion reports means and medians; each group also times N single calls itself and
//! prints p50 and p99 beside the goal, since a member feels the slow tail.
//!
//! `cargo bench -p attend-core --bench scan`

use std::hint::black_box;
use std::time::{Duration, Instant};

use attend_core::domain::keys::{demo_signing_key, SigningKey, DEMO_KEY_ID};
use attend_core::domain::tally::{japan_date, sample_history, summarize, HeldCertification};
use attend_core::domain::{kinds, payload, Account, CodeClaims, CreditKind};
use attend_core::{scan_text, Clock, FixedClock, Store};
use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use tempfile::TempDir;

const MEMBER: &str = "0012345";
const SAMPLES: usize = 400;

fn member_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("attend.sqlite3")).expect("open store");
    store
        .write(|dao| {
            dao.set_account(&Account {
                member_number: MEMBER.into(),
                display_name: "核医 太郎".into(),
                temporary_password: false,
                update_deadline: None,
            })
        })
        .expect("account");
    (dir, store)
}

fn congress_clock() -> FixedClock {
    FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 16, 1, 0, 0).unwrap())
}

struct Codes {
    key: SigningKey,
    next: u64,
}

impl Codes {
    fn next(&mut self) -> String {
        self.next += 1;
        let session_id = format!("s{}", self.next);
        let claims = CodeClaims {
            society: "JSNM".into(),
            congress_id: "jsnm66".into(),
            congress_name: "第66回日本核医学会学術総会".into(),
            session_title: format!("教育講演 {session_id}"),
            session_id,
            kind: CreditKind::new(kinds::EDUCATIONAL_LECTURE),
            credit: 1,
            valid_from: Utc.with_ymd_and_hms(2026, 11, 16, 0, 0, 0).unwrap(),
            valid_until: Utc.with_ymd_and_hms(2026, 11, 18, 9, 0, 0).unwrap(),
            key_id: DEMO_KEY_ID.into(),
            rotation: None,
        };
        payload::sign(&claims, &self.key).expect("sign")
    }
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times[i].as_secs_f64() * 1e3
    };
    (at(0.50), at(0.99))
}

fn scan_to_durable(c: &mut Criterion) {
    let (_dir, store) = member_store();
    let clock = congress_clock();
    let mut codes = Codes {
        key: demo_signing_key().expect("demo key"),
        next: 0,
    };

    let times: Vec<Duration> = (0..SAMPLES)
        .map(|_| {
            let text = codes.next();
            let start = Instant::now();
            let outcome = scan_text(&store, &clock, &text).expect("scan");
            let took = start.elapsed();
            assert!(!outcome.already_registered);
            took
        })
        .collect();
    let (p50, p99) = percentiles(times);
    println!("scan→durable: p50 {p50:.3} ms, p99 {p99:.3} ms (goal: p50 ≤ 2 ms; {SAMPLES} calls)");

    c.bench_function("scan→durable", |b| {
        b.iter_batched(
            || codes.next(),
            |text| black_box(scan_text(&store, &clock, &text).expect("scan")),
            BatchSize::SmallInput,
        )
    });
}

fn summary_over_seven_years(c: &mut Criterion) {
    let (_dir, store) = member_store();
    let clock = congress_clock();
    let today = japan_date(clock.now());
    let history = sample_history(today, 100);
    let held = [HeldCertification {
        cert_id: "nm_specialist".into(),
        renewal_due: NaiveDate::from_ymd_opt(2028, 3, 31).expect("date"),
    }];
    store
        .write(|dao| {
            dao.replace_history(MEMBER, &history)?;
            dao.replace_held_certifications(MEMBER, &held)
        })
        .expect("history");
    // A few scans still waiting, as on a congress day.
    let mut codes = Codes {
        key: demo_signing_key().expect("demo key"),
        next: 0,
    };
    for _ in 0..5 {
        scan_text(&store, &clock, &codes.next()).expect("scan");
    }

    let summary = || {
        let (records, rules, held) = store
            .read(|dao| {
                Ok::<_, attend_core::StoreError>((
                    dao.credit_records(MEMBER)?,
                    dao.credit_rules_or_default()?,
                    dao.held_certifications(MEMBER)?,
                ))
            })
            .expect("read");
        summarize(&records, &rules, &held, today)
    };
    let records = store
        .read(|dao| dao.credit_records(MEMBER))
        .expect("records");
    let times: Vec<Duration> = (0..SAMPLES)
        .map(|_| {
            let start = Instant::now();
            black_box(summary());
            start.elapsed()
        })
        .collect();
    let (p50, p99) = percentiles(times);
    println!(
        "summary 7y ({} records): p50 {p50:.3} ms, p99 {p99:.3} ms (goal: p50 ≤ 1 ms; {SAMPLES} calls)",
        records.len()
    );

    c.bench_function("summary 7y", |b| b.iter(|| black_box(summary())));
}

criterion_group!(benches, scan_to_durable, summary_over_seven_years);
criterion_main!(benches);
