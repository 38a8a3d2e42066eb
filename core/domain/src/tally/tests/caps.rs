//! Certification counting under values and caps, by hand.

use super::*;

#[test]
fn cap_per_kind_with_confirmed_and_pending() {
    // Lectures capped at 5 in the window. Confirmed 3 (a) + 1 (b) = 4 ≤ 5, all count.
    // Pending 3 (c) fills only the 5 - 4 = 1 left. Attendance is uncapped: 10 pending.
    let records = [
        rec("a", "l1", LECTURE, 3, "2024-11-16T10:00:00", CONFIRMED),
        rec("b", "l2", LECTURE, 1, "2025-04-10T10:00:00", CONFIRMED),
        rec("c", "l3", LECTURE, 3, "2025-11-16T10:00:00", PENDING),
        rec("c", "att", CONGRESS, 10, "2025-11-16T09:00:00", PENDING),
    ];
    let rules = rules_with(cert(
        5,
        15,
        &[(LECTURE, None, Some(5)), (CONGRESS, None, None)],
        None,
    ));
    let s = summarize(&records, &rules, &held("2026-08-31"), date("2025-12-01"));
    let c = &s.certifications[0];
    assert_eq!(kind_total(&c.by_kind, LECTURE), (4, 1));
    assert_eq!(kind_total(&c.by_kind, CONGRESS), (0, 10));
    // 4 confirmed < 15: not met; 4 + 11 = 15: met once pending is confirmed.
    assert_eq!((c.confirmed, c.pending), (4, 11));
    assert!(!c.met);
    assert!(c.met_with_pending);
    // The history is uncapped: 4 confirmed, 13 pending.
    assert_eq!((s.confirmed_total, s.pending_total), (4, 13));
}

#[test]
fn cap_per_congress_with_confirmed_and_pending() {
    // At most 12 from one congress. Congress x: confirmed 10 + 3 = 13 → 12; its
    // pending 2 finds nothing left. Congress y: confirmed 10, pending 4 → 10 + 2.
    // Pending attended earlier than the confirmed still cannot displace it.
    let records = [
        rec("x", "early", LECTURE, 2, "2024-11-15T08:00:00", PENDING),
        rec("x", "att", CONGRESS, 10, "2024-11-16T09:00:00", CONFIRMED),
        rec("x", "l1", LECTURE, 3, "2024-11-16T10:00:00", CONFIRMED),
        rec("y", "att", CONGRESS, 10, "2025-11-16T09:00:00", CONFIRMED),
        rec("y", "l1", LECTURE, 4, "2025-11-16T10:00:00", PENDING),
    ];
    let rules = rules_with(cert(
        5,
        24,
        &[(CONGRESS, None, None), (LECTURE, None, None)],
        Some(12),
    ));
    let s = summarize(&records, &rules, &held("2026-08-31"), date("2025-12-01"));
    let c = &s.certifications[0];
    // Confirmed 12 + 10 = 22; pending 0 + 2 = 2; 22 + 2 = 24 = required.
    assert_eq!((c.confirmed, c.pending), (22, 2));
    assert!(!c.met && c.met_with_pending);
    // By kind: x's 12 could be 10 + 2 or 9 + 3; the rule lists attendance first, so it
    // counts first: attendance 10 + 10 confirmed; lectures 2 of x's 3, and 2 pending.
    assert_eq!(kind_total(&c.by_kind, CONGRESS), (20, 0));
    assert_eq!(kind_total(&c.by_kind, LECTURE), (2, 2));
}

#[test]
fn both_caps_count_the_best_allocation() {
    // Per congress 5, lectures 5 in all. x: lecture 5 (first), attendance 5; y: lecture 5.
    // Counting in time order would take x's lecture (5), fill x, and then find the
    // lecture cap used up at y: 5. The best is x's attendance + y's lecture: 10.
    let records = [
        rec("x", "l", LECTURE, 5, "2024-11-16T09:00:00", CONFIRMED),
        rec("x", "att", CONGRESS, 5, "2024-11-16T10:00:00", CONFIRMED),
        rec("y", "l", LECTURE, 5, "2025-11-16T09:00:00", CONFIRMED),
    ];
    let counts = [(LECTURE, None, Some(5)), (CONGRESS, None, None)];
    let rules = rules_with(cert(5, 10, &counts, Some(5)));
    let s = summarize(&records, &rules, &held("2026-08-31"), date("2025-12-01"));
    assert_eq!(s.certifications[0].confirmed, 10);
    assert!(s.certifications[0].met);

    // Same shape with y's lecture pending: confirmed is still 5 (x can only give 5), and
    // spending x's 5 on the attendance leaves the lecture cap for y's pending 5.
    let mut records = records;
    records[2].status = PENDING;
    let s = summarize(&records, &rules, &held("2026-08-31"), date("2025-12-01"));
    let c = &s.certifications[0];
    assert_eq!((c.confirmed, c.pending), (5, 5));
    assert_eq!(kind_total(&c.by_kind, CONGRESS), (5, 0));
    assert_eq!(kind_total(&c.by_kind, LECTURE), (0, 5));
}

#[test]
fn rule_value_replaces_the_code_credit_and_other_kinds_add_nothing() {
    // Attendance counts 5 each whatever the code says (10); lectures their own 2;
    // spring is not counted by this certification: 5 + 2 = 7.
    let records = [
        rec("x", "att", CONGRESS, 10, "2024-11-16T09:00:00", CONFIRMED),
        rec("x", "l", LECTURE, 2, "2024-11-16T10:00:00", CONFIRMED),
        rec("s", "att", SPRING, 5, "2025-04-10T10:00:00", CONFIRMED),
    ];
    let rules = rules_with(cert(
        5,
        7,
        &[(CONGRESS, Some(5), None), (LECTURE, None, None)],
        None,
    ));
    let s = summarize(&records, &rules, &held("2026-08-31"), date("2025-12-01"));
    let c = &s.certifications[0];
    assert_eq!((c.confirmed, c.pending), (7, 0));
    assert!(c.met);
    // Only the counted kinds are listed, in the rule's order.
    let listed: Vec<&str> = c.by_kind.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(listed, [CONGRESS, LECTURE]);
    // The spring meeting still shows in the history with its own 5: 10 + 2 + 5 = 17.
    assert_eq!(s.confirmed_total, 17);
    // 2024-11-16 and 2025-04-10 are both in 年度 2024.
    assert_eq!(s.years.len(), 1);
}
