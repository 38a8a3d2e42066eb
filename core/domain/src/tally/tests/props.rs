//! Properties over arbitrary histories and rules: the totals add up, caps and values
//! never count more than was earned, and nothing panics.

use std::collections::HashSet;

use proptest::prelude::*;

use super::*;

const KINDS: [&str; 4] = [CONGRESS, SPRING, LECTURE, "workshop"];

fn arb_record() -> impl Strategy<Value = CreditRecord> {
    (
        0..4usize,
        0..6usize,
        0..KINDS.len(),
        0..20u16,
        // 2016-01-01 .. 2028-01-01 (UTC seconds): before, inside and after the history.
        1_451_606_400i64..1_830_297_600i64,
        any::<bool>(),
    )
        .prop_map(
            |(congress, session, kind, credit, secs, confirmed)| CreditRecord {
                congress_id: format!("c{congress}"),
                congress_name: format!("第{congress}回"),
                session_id: format!("s{session}"),
                session_title: String::new(),
                kind: CreditKind::new(KINDS[kind]),
                credit,
                attended_at: DateTime::from_timestamp(secs, 0).unwrap(),
                status: if confirmed { CONFIRMED } else { PENDING },
            },
        )
}

fn arb_cert() -> impl Strategy<Value = CertificationRule> {
    let count = (
        any::<bool>(),
        proptest::option::of(0..5u16),
        proptest::option::of(0..30u32),
    );
    (
        1..12u8,
        0..100u32,
        [count.clone(), count.clone(), count],
        proptest::option::of(0..30u32),
    )
        .prop_map(|(period, required, counts, per_congress)| {
            let counts: Vec<Count<'_>> = counts
                .iter()
                .zip([CONGRESS, SPRING, LECTURE])
                .filter(|((counted, _, _), _)| *counted)
                .map(|((_, value, cap), kind)| (kind, *value, *cap))
                .collect();
            cert(period, required, &counts, per_congress)
        })
}

fn arb_day() -> impl Strategy<Value = NaiveDate> {
    // 2020-01-01 .. 2028-01-01 as days.
    (0..2922i64).prop_map(|d| date("2020-01-01") + chrono::TimeDelta::days(d))
}

// proptest's default: 256 cases, or PROPTEST_CASES from the environment for a longer run.
proptest! {
    #[test]
    fn totals_add_up_and_caps_never_add(
        records in proptest::collection::vec(arb_record(), 0..60),
        rule in arb_cert(),
        due in arb_day(),
        today in arb_day(),
    ) {
        let rules = rules_with(rule.clone());
        let s = summarize(&records, &rules, &held(&due.to_string()), today);

        // Totals are the sum over years, and years the sum over congresses.
        let years_confirmed: u32 = s.years.iter().map(|y| y.confirmed).sum();
        let years_pending: u32 = s.years.iter().map(|y| y.pending).sum();
        prop_assert_eq!(s.confirmed_total, years_confirmed);
        prop_assert_eq!(s.pending_total, years_pending);
        for y in &s.years {
            prop_assert_eq!(y.confirmed, y.congresses.iter().map(|c| c.confirmed).sum::<u32>());
            prop_assert_eq!(y.pending, y.congresses.iter().map(|c| c.pending).sum::<u32>());
            for c in &y.congresses {
                prop_assert_eq!(c.confirmed, c.by_kind.iter().map(|t| t.confirmed).sum::<u32>());
                prop_assert!(c.records.windows(2).all(|w| w[0].attended_at <= w[1].attended_at));
            }
        }
        prop_assert!(s.years.windows(2).all(|w| w[0].fiscal_year > w[1].fiscal_year));

        // Every shown record is in the history, once per session, in its year.
        let shown: Vec<(i32, &CreditRecord)> = s
            .years
            .iter()
            .flat_map(|y| y.congresses.iter().flat_map(move |c| c.records.iter().map(move |r| (y.fiscal_year, r))))
            .collect();
        let mut sessions = HashSet::new();
        for (fy, r) in &shown {
            prop_assert!(japan_date(r.attended_at) >= s.since);
            prop_assert_eq!(*fy, fiscal_year(r.attended_at));
            prop_assert!(sessions.insert((r.congress_id.as_str(), r.session_id.as_str())));
        }
        // Every input session in the history is shown, confirmed if any copy was.
        for r in &records {
            if japan_date(r.attended_at) >= s.since {
                let kept = shown
                    .iter()
                    .find(|(_, k)| k.congress_id == r.congress_id && k.session_id == r.session_id);
                prop_assert!(kept.is_some());
                if r.status == CONFIRMED {
                    prop_assert_eq!(kept.map(|(_, k)| k.status), Some(CONFIRMED));
                }
            }
        }

        // A certification never counts more than the window's records are worth uncapped,
        // nor more than any cap allows.
        let c = &s.certifications[0];
        prop_assert!(c.window_start <= c.window_end);
        let worth = |status: RecordStatus| -> u32 {
            shown
                .iter()
                .map(|(_, r)| r)
                .filter(|r| r.status == status)
                .filter(|r| (c.window_start..=c.window_end).contains(&japan_date(r.attended_at)))
                .filter_map(|r| rule.count_for(&r.kind).map(|k| u32::from(k.value.unwrap_or(r.credit))))
                .sum()
        };
        let (uncapped_confirmed, uncapped_pending) = (worth(CONFIRMED), worth(PENDING));
        prop_assert!(c.confirmed <= uncapped_confirmed);
        prop_assert!(c.confirmed + c.pending <= uncapped_confirmed + uncapped_pending);
        prop_assert_eq!(c.confirmed, c.by_kind.iter().map(|t| t.confirmed).sum::<u32>());
        prop_assert_eq!(c.pending, c.by_kind.iter().map(|t| t.pending).sum::<u32>());
        for t in &c.by_kind {
            if let Some(cap) = rule.count_for(&t.kind).and_then(|k| k.cap_total) {
                prop_assert!(t.confirmed + t.pending <= cap);
            }
        }
        if rule.counts.iter().all(|k| k.cap_total.is_none()) && rule.cap_per_congress.is_none() {
            // Without caps everything counts.
            prop_assert_eq!((c.confirmed, c.pending), (uncapped_confirmed, uncapped_pending));
        }
        // Confirmed is the most the caps allow: by max-flow = min-cut, the least over
        // every set A of kinds cut at their cap of
        //   Σ_{k∈A} cap_k + Σ_congress min(cap_congress, Σ_{k∉A} credit(k, congress)).
        let in_window_confirmed: Vec<&CreditRecord> = shown
            .iter()
            .map(|(_, r)| *r)
            .filter(|r| r.status == CONFIRMED)
            .filter(|r| (c.window_start..=c.window_end).contains(&japan_date(r.attended_at)))
            .collect();
        let congresses: HashSet<&str> =
            in_window_confirmed.iter().map(|r| r.congress_id.as_str()).collect();
        let unbounded = u64::from(u32::MAX);
        let mut min_cut = u64::MAX;
        for cut in 0u32..(1 << rule.counts.len()) {
            let is_cut = |k: usize| cut & (1 << k) != 0;
            let mut total: u64 = rule
                .counts
                .iter()
                .enumerate()
                .filter(|(k, _)| is_cut(*k))
                .map(|(_, count)| count.cap_total.map_or(unbounded, u64::from))
                .sum();
            for congress in &congresses {
                let through: u64 = in_window_confirmed
                    .iter()
                    .filter(|r| r.congress_id == *congress)
                    .filter_map(|r| {
                        let k = rule.counts.iter().position(|count| count.kind == r.kind)?;
                        (!is_cut(k)).then(|| u64::from(rule.counts[k].value.unwrap_or(r.credit)))
                    })
                    .sum();
                total += through.min(rule.cap_per_congress.map_or(unbounded, u64::from));
            }
            min_cut = min_cut.min(total);
        }
        prop_assert_eq!(u64::from(c.confirmed), min_cut);

        prop_assert_eq!(c.met, c.confirmed >= c.required);
        prop_assert_eq!(c.met_with_pending, c.confirmed + c.pending >= c.required);
    }

    #[test]
    fn pending_never_displaces_confirmed(
        records in proptest::collection::vec(arb_record(), 0..40),
        rule in arb_cert(),
        due in arb_day(),
        today in arb_day(),
    ) {
        // Dropping every pending record leaves the confirmed count unchanged.
        let rules = rules_with(rule);
        let held = held(&due.to_string());
        let all = summarize(&records, &rules, &held, today);
        let confirmed_only: Vec<CreditRecord> =
            records.iter().filter(|r| r.status == CONFIRMED).cloned().collect();
        let alone = summarize(&confirmed_only, &rules, &held, today);
        prop_assert_eq!(all.certifications[0].confirmed, alone.certifications[0].confirmed);
        prop_assert_eq!(alone.certifications[0].pending, 0);
        prop_assert_eq!(all.confirmed_total, alone.confirmed_total);
    }
}
