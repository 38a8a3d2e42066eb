//! Hand-computed examples; the arithmetic is in the comments. Caps are in `caps.rs`,
//! property tests in `props.rs`.

use chrono::{DateTime, FixedOffset};

use super::*;
use crate::model::kinds;
use crate::rules::{CertificationRule, KindCount};
use crate::text::Locale;

mod caps;
mod props;

const CONFIRMED: RecordStatus = RecordStatus::Confirmed;
const PENDING: RecordStatus = RecordStatus::Pending;

/// An instant given as Japan wall-clock time.
fn jst(local: &str) -> DateTime<Utc> {
    DateTime::<FixedOffset>::parse_from_rfc3339(&format!("{local}+09:00"))
        .unwrap()
        .with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rec(
    congress: &str,
    session: &str,
    kind: &str,
    credit: u16,
    at: &str,
    status: RecordStatus,
) -> CreditRecord {
    CreditRecord {
        congress_id: congress.to_owned(),
        congress_name: format!("{congress} name"),
        session_id: session.to_owned(),
        session_title: format!("{session} title"),
        kind: CreditKind::new(kind),
        credit,
        attended_at: jst(at),
        status,
    }
}

type Count<'a> = (&'a str, Option<u16>, Option<u32>);

fn cert(
    period: u8,
    required: u32,
    counts: &[Count<'_>],
    per_congress: Option<u32>,
) -> CertificationRule {
    CertificationRule {
        id: "c".to_owned(),
        name_ja: "核医学専門医".to_owned(),
        name_en: "Nuclear medicine specialist".to_owned(),
        period_years: period,
        required_total: required,
        counts: counts
            .iter()
            .map(|&(kind, value, cap_total)| KindCount {
                kind: CreditKind::new(kind),
                value,
                cap_total,
            })
            .collect(),
        cap_per_congress: per_congress,
    }
}

fn rules_with(cert: CertificationRule) -> CreditRules {
    let mut rules = CreditRules::bundled_default();
    rules.certifications = vec![cert];
    rules
}

fn held(due: &str) -> Vec<HeldCertification> {
    vec![HeldCertification {
        cert_id: "c".to_owned(),
        renewal_due: date(due),
    }]
}

fn kind_total(totals: &[KindTotal], kind: &str) -> (u32, u32) {
    totals
        .iter()
        .find(|t| t.kind.as_str() == kind)
        .map_or((0, 0), |t| (t.confirmed, t.pending))
}

const LECTURE: &str = kinds::EDUCATIONAL_LECTURE;
const CONGRESS: &str = kinds::CONGRESS_ATTENDANCE;
const SPRING: &str = kinds::SPRING_ATTENDANCE;

#[test]
fn japan_date_decides_the_fiscal_year() {
    // 2023-08-31T15:30Z + 9 h = 2023-09-01 00:30 JST: the first day of 年度 2023.
    let at: DateTime<Utc> = "2023-08-31T15:30:00Z".parse().unwrap();
    assert_eq!(japan_date(at), date("2023-09-01"));
    assert_eq!(fiscal_year(at), 2023);
    // 2023-08-31T14:59Z = 23:59 JST on the 31st: still 年度 2022.
    let at: DateTime<Utc> = "2023-08-31T14:59:00Z".parse().unwrap();
    assert_eq!(fiscal_year(at), 2022);
    assert_eq!(fiscal_year_of_date(date("2024-08-31")), 2023);
    assert_eq!(fiscal_year_of_date(date("2024-09-01")), 2024);
    assert_eq!(fiscal_year_of_date(date("2024-01-01")), 2023);
}

#[test]
fn history_starts_on_the_same_date_seven_years_before() {
    assert_eq!(history_since(date("2026-11-26")), date("2019-11-26"));
    // 2024-02-29 - 7 years: 2017 has no 29 February, so 28 February.
    assert_eq!(history_since(date("2024-02-29")), date("2017-02-28"));

    let records = [
        // 2019-11-25 23:59 JST: one day before the start, out.
        rec("old", "s1", LECTURE, 4, "2019-11-25T23:59:00", CONFIRMED),
        // 2019-11-26 00:00 JST (= 2019-11-25T15:00Z): the first day, in.
        rec("old", "s2", LECTURE, 2, "2019-11-26T00:00:00", CONFIRMED),
        rec("new", "s3", LECTURE, 1, "2026-11-20T10:00:00", PENDING),
    ];
    let rules = rules_with(cert(5, 10, &[(LECTURE, None, None)], None));
    let s = summarize(&records, &rules, &held("2026-11-26"), date("2026-11-26"));
    assert_eq!(s.since, date("2019-11-26"));
    // Confirmed: only s2 = 2; s1's 4 is left out. Pending: s3 = 1.
    assert_eq!((s.confirmed_total, s.pending_total), (2, 1));
    let shown: usize = s
        .years
        .iter()
        .flat_map(|y| &y.congresses)
        .map(|c| c.records.len())
        .sum();
    assert_eq!(shown, 2);
    // Years: s3 in 年度 2026, s2 (2019-11-26) in 年度 2019; newest first.
    let fys: Vec<i32> = s.years.iter().map(|y| y.fiscal_year).collect();
    assert_eq!(fys, [2026, 2019]);
    // The certification window 2021-11-26..2026-11-26 holds only s3 (pending 1).
    let c = &s.certifications[0];
    assert_eq!((c.confirmed, c.pending), (0, 1));
}

#[test]
fn renewal_window_crosses_fiscal_years() {
    // Due 2026-03-31, 5 years: window 2021-03-31..=2026-03-31 (JST dates, both ends in),
    // spanning 年度 2020 (its last months) to 年度 2025.
    let records = [
        rec(
            "x",
            "before",
            LECTURE,
            100,
            "2021-03-30T23:59:00",
            CONFIRMED,
        ),
        rec("x", "first", LECTURE, 1, "2021-03-31T00:00:00", CONFIRMED),
        rec("y", "mid", LECTURE, 2, "2023-08-31T23:00:00", CONFIRMED),
        rec("y", "mid2", LECTURE, 4, "2023-09-01T01:00:00", PENDING),
        rec("z", "last", LECTURE, 8, "2026-03-31T23:59:00", CONFIRMED),
        rec("z", "after", LECTURE, 200, "2026-04-01T00:00:00", CONFIRMED),
    ];
    let rules = rules_with(cert(5, 11, &[(LECTURE, None, None)], None));
    let s = summarize(&records, &rules, &held("2026-03-31"), date("2026-04-02"));
    let c = &s.certifications[0];
    assert_eq!(c.window_start, date("2021-03-31"));
    assert_eq!(c.window_end, date("2026-03-31"));
    assert!(!c.window_truncated);
    // Confirmed in window: 1 + 2 + 8 = 11; pending 4.
    assert_eq!((c.confirmed, c.pending), (11, 4));
    assert!(c.met && c.met_with_pending);
    assert_eq!(kind_total(&c.by_kind, LECTURE), (11, 4));
    // History keeps all six (2021-03-30 is after 2019-04-02): 100+1+2+8+200 confirmed.
    assert_eq!((s.confirmed_total, s.pending_total), (311, 4));
    // 年度: 2025 (after, last), 2023 (mid2), 2022 (mid), 2020 (before, first).
    let fys: Vec<i32> = s.years.iter().map(|y| y.fiscal_year).collect();
    assert_eq!(fys, [2025, 2023, 2022, 2020]);
}

#[test]
fn the_same_session_counts_once() {
    let records = [
        // Scanned offline (pending), then confirmed by the server: one attendance,
        // confirmed, at its confirmed time.
        rec("x", "l1", LECTURE, 2, "2024-11-16T10:00:00", PENDING),
        rec("x", "l1", LECTURE, 2, "2024-11-16T10:05:00", CONFIRMED),
        // Scanned twice, both waiting: one pending 3.
        rec("x", "l2", LECTURE, 3, "2024-11-16T11:00:00", PENDING),
        rec("x", "l2", LECTURE, 3, "2024-11-16T11:01:00", PENDING),
        // Same session id at another congress: a different session.
        rec("y", "l1", LECTURE, 1, "2025-11-16T10:00:00", CONFIRMED),
    ];
    let rules = rules_with(cert(5, 1, &[(LECTURE, None, None)], None));
    let s = summarize(&records, &rules, &held("2026-08-31"), date("2025-12-01"));
    // Confirmed 2 + 1 = 3, pending 3.
    assert_eq!((s.confirmed_total, s.pending_total), (3, 3));
    let c = &s.certifications[0];
    assert_eq!((c.confirmed, c.pending), (3, 3));
    let x = s
        .years
        .iter()
        .flat_map(|y| &y.congresses)
        .find(|c| c.congress_id == "x")
        .unwrap();
    assert_eq!(x.records.len(), 2);
    assert_eq!(x.records[0].status, CONFIRMED);
    assert_eq!(x.records[0].attended_at, jst("2024-11-16T10:05:00"));
    assert_eq!(x.records[1].attended_at, jst("2024-11-16T11:00:00"));
}

#[test]
fn unknown_kind_shows_by_its_code_and_counts_nothing() {
    let records = [
        rec("x", "w", "workshop", 4, "2024-11-16T12:00:00", CONFIRMED),
        rec("x", "l", LECTURE, 1, "2024-11-16T10:00:00", CONFIRMED),
        rec("x", "att", CONGRESS, 10, "2024-11-16T09:00:00", PENDING),
    ];
    let rules = rules_with(cert(5, 1, &[(LECTURE, None, None)], None));
    let s = summarize(&records, &rules, &held("2026-08-31"), date("2025-12-01"));
    let x = &s.years[0].congresses[0];
    // Rules' order (congress, lecture), then unknown kinds by code.
    let listed: Vec<&str> = x.by_kind.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(listed, [CONGRESS, LECTURE, "workshop"]);
    assert_eq!(rules.kind_name(&x.by_kind[2].kind, Locale::Ja), "workshop");
    assert_eq!((x.confirmed, x.pending), (5, 10));
    assert_eq!(s.certifications[0].confirmed, 1);
}

#[test]
fn empty_history() {
    let rules = CreditRules::bundled_default();
    let held = [HeldCertification {
        cert_id: "nm-specialist".to_owned(),
        renewal_due: date("2028-03-31"),
    }];
    let s = summarize(&[], &rules, &held, date("2026-11-26"));
    assert!(s.years.is_empty());
    assert_eq!((s.confirmed_total, s.pending_total), (0, 0));
    let c = &s.certifications[0];
    assert_eq!((c.confirmed, c.pending), (0, 0));
    assert_eq!(
        c.required,
        rules.certification("nm-specialist").unwrap().required_total
    );
    assert!(!c.met && !c.met_with_pending);
    assert_eq!(
        c.by_kind.len(),
        rules.certification("nm-specialist").unwrap().counts.len()
    );
}

#[test]
fn ordering_newest_year_and_congress_first_records_by_time() {
    let records = [
        rec(
            "spring-2024",
            "a",
            SPRING,
            5,
            "2024-04-10T10:00:00",
            CONFIRMED,
        ),
        rec("jsnm-63", "b", LECTURE, 1, "2023-11-17T15:00:00", CONFIRMED),
        rec(
            "jsnm-63",
            "a",
            CONGRESS,
            10,
            "2023-11-16T09:00:00",
            CONFIRMED,
        ),
        rec(
            "jsnm-64",
            "a",
            CONGRESS,
            10,
            "2024-11-07T09:00:00",
            CONFIRMED,
        ),
    ];
    let s = summarize(
        &records,
        &CreditRules::bundled_default(),
        &[],
        date("2025-01-01"),
    );
    assert_eq!(s.years[0].fiscal_year, 2024);
    assert_eq!(s.years[1].fiscal_year, 2023);
    let ids: Vec<&str> = s.years[1]
        .congresses
        .iter()
        .map(|c| c.congress_id.as_str())
        .collect();
    // 年度 2023: the spring meeting (April 2024) is newer than the congress (Nov 2023).
    assert_eq!(ids, ["spring-2024", "jsnm-63"]);
    let sessions: Vec<&str> = s.years[1].congresses[1]
        .records
        .iter()
        .map(|r| r.session_id.as_str())
        .collect();
    assert_eq!(sessions, ["a", "b"]);
    assert_eq!((s.years[1].confirmed, s.years[0].confirmed), (16, 10));
}

#[test]
fn long_window_is_cut_to_the_history_and_unknown_certifications_are_left_out() {
    // Ten years due 2026-11-26 would start 2016-11-26; the history starts 2019-11-26.
    let records = [
        rec("x", "old", LECTURE, 7, "2018-11-16T10:00:00", CONFIRMED),
        rec("y", "new", LECTURE, 3, "2020-11-16T10:00:00", CONFIRMED),
    ];
    let rules = rules_with(cert(10, 1, &[(LECTURE, None, None)], None));
    let mut held = held("2026-11-26");
    held.push(HeldCertification {
        cert_id: "retired-cert".to_owned(),
        renewal_due: date("2027-01-01"),
    });
    let s = summarize(&records, &rules, &held, date("2026-11-26"));
    assert_eq!(s.certifications.len(), 1);
    let c = &s.certifications[0];
    assert_eq!(c.window_start, date("2019-11-26"));
    assert!(c.window_truncated);
    assert_eq!(c.confirmed, 3);
}

#[test]
fn extreme_dates_do_not_panic() {
    let mut early = rec("x", "a", LECTURE, 1, "2020-01-01T00:00:00", CONFIRMED);
    early.attended_at = DateTime::<Utc>::MIN_UTC;
    let mut late = early.clone();
    late.session_id = "b".to_owned();
    late.attended_at = DateTime::<Utc>::MAX_UTC;
    let rules = CreditRules::bundled_default();
    let held = [HeldCertification {
        cert_id: "nm-specialist".to_owned(),
        renewal_due: NaiveDate::MIN,
    }];
    for today in [NaiveDate::MIN, NaiveDate::MAX, date("2026-11-26")] {
        let s = summarize(&[early.clone(), late.clone()], &rules, &held, today);
        assert!(s.confirmed_total <= 2);
    }
}

#[test]
fn sample_history_is_deterministic_and_realistic() {
    let today = date("2026-11-26");
    let a = sample_history(today, 100);
    assert_eq!(a, sample_history(today, 100));
    // Seven years of about 100 a year (the current year is partly in the future).
    assert!((600..=800).contains(&a.len()), "{}", a.len());
    let since = history_since(today);
    assert!(a
        .iter()
        .all(|r| japan_date(r.attended_at) >= since && japan_date(r.attended_at) <= today));
    assert!(a.iter().any(|r| r.status == PENDING));
    let s = summarize(&a, &CreditRules::bundled_default(), &[], today);
    // Some double scans were folded into one.
    let shown: usize = s
        .years
        .iter()
        .flat_map(|y| &y.congresses)
        .map(|c| c.records.len())
        .sum();
    assert!(shown < a.len());
    assert!((7..=8).contains(&s.years.len()));
}

#[test]
fn summary_crosses_as_json_and_back() {
    let today = date("2026-11-26");
    let held = [HeldCertification {
        cert_id: "nm-specialist".to_owned(),
        renewal_due: date("2028-03-31"),
    }];
    let s = summarize(
        &sample_history(today, 20),
        &CreditRules::bundled_default(),
        &held,
        today,
    );
    let text = serde_json::to_string(&s).unwrap();
    // Dates as ISO text and statuses in snake_case: what the member page's script reads.
    assert!(text.contains("\"since\":\"2019-11-26\""), "{text}");
    assert!(text.contains("\"status\":\"confirmed\""));
    let back: CreditSummary = serde_json::from_str(&text).unwrap();
    assert_eq!(back, s);
}
