//! The credit summary a member sees: the app's 単位確認 tab and the member page's
//! 認定資格/学術集会参加履歴, computed by the same function on both sides.
//!
//! Decisions (each one tested in `tests.rs`):
//!
//! - **Japan dates.** Records are UTC instants; every date question (fiscal year, history
//!   start, renewal window) is asked of the Japan date, UTC+9 with no DST, so a fixed
//!   offset is exact. 2023-08-31T15:30Z is 2023-09-01 in Japan and belongs to 年度 2023.
//! - **Fiscal year (年度)** N runs from 1 September N to 31 August N+1.
//! - **Seven years shown (直近7年間).** A record is shown when its Japan date is on or
//!   after the same calendar date seven years before `today` (29 February falls back to
//!   28 February): on 2026-11-26 the history starts 2019-11-26, inclusive. Records dated
//!   after `today` (a phone clock running ahead) are kept. Records before the start are
//!   left out of `years`, the totals and every certification.
//! - **A session counts once.** Records with the same `(congress_id, session_id)` are one
//!   attendance (a double scan, or a pending scan the server has since confirmed): the
//!   confirmed one wins over a pending one, then the earliest. Session ids are scoped by
//!   congress because a code names both; ids unique across congresses behave the same.
//! - **History totals are raw.** Yearly, congress and overall totals add every shown
//!   record's own credit, whatever kind; caps and values belong to certifications only.
//!   A congress is grouped by its records' fiscal year (one spanning 31 August would
//!   appear in both years, each with its own records). Years run newest first,
//!   congresses newest first (by their first record), records within a congress by time.
//! - **Certifications.** The window of a held certification is
//!   `[renewal_due - period_years, renewal_due]`, both ends inclusive, cut to the shown
//!   history when longer (`window_truncated` says so: a member cannot prove older
//!   attendance from this page either). Kinds the rule does not count add 0. Each record
//!   counts its rule value (or its own credit), then the caps: `cap_total` per kind
//!   within the window, `cap_per_congress` over all kinds of one congress.
//! - **Confirmed before pending.** Caps are met with confirmed credit first; pending
//!   credit fills only what is left, so a pending scan never displaces a confirmed one
//!   and `confirmed` is what the society already recognises. When both kinds of caps
//!   bind, which records to count is an allocation problem (counting in time order can
//!   waste a congress's cap on a kind that is capped anyway): `certify` solves it exactly
//!   as a small flow, maximising confirmed credit, then confirmed plus pending.
//! - Held certifications the rules do not know are left out (nothing can be computed
//!   for them); the app should refresh its rules.

mod certify;
pub mod testing;

use std::cmp::Reverse;

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{CreditKind, CreditRecord, RecordStatus};
use crate::rules::CreditRules;

#[doc(hidden)]
pub use testing::sample_history;

/// How many years of history are shown (直近7年間).
pub const HISTORY_YEARS: u32 = 7;

const JST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+9 is a valid offset"),
};

/// A certification the member holds, as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCertification {
    pub cert_id: String,
    /// The date the certification is renewed; its window is
    /// `[renewal_due - period_years, renewal_due]`.
    pub renewal_due: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditSummary {
    /// First Japan date shown (inclusive).
    pub since: NaiveDate,
    /// Newest fiscal year first; years without records are absent.
    pub years: Vec<FiscalYearSummary>,
    /// In the order of the held certifications given.
    pub certifications: Vec<CertificationProgress>,
    pub confirmed_total: u32,
    pub pending_total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiscalYearSummary {
    pub fiscal_year: i32,
    /// Newest congress first.
    pub congresses: Vec<CongressSummary>,
    pub confirmed: u32,
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CongressSummary {
    pub congress_id: String,
    pub congress_name: String,
    /// One per session, by time.
    pub records: Vec<CreditRecord>,
    /// Kinds in the rules' order, then kinds the rules do not define by code.
    pub by_kind: Vec<KindTotal>,
    pub confirmed: u32,
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindTotal {
    pub kind: CreditKind,
    pub confirmed: u32,
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationProgress {
    pub cert_id: String,
    pub name_ja: String,
    pub name_en: String,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// The nominal window started before the shown history and was cut to it.
    pub window_truncated: bool,
    pub required: u32,
    /// Credit counted after values and caps, confirmed by the server.
    pub confirmed: u32,
    /// Further credit that would count once the pending scans are confirmed.
    pub pending: u32,
    /// Met on confirmed credit alone.
    pub met: bool,
    /// Would be met once pending credit is confirmed (`confirmed + pending ≥ required`).
    pub met_with_pending: bool,
    /// The counted kinds, in the rule's order, after caps.
    pub by_kind: Vec<KindTotal>,
}

/// The Japan calendar date of an instant.
pub fn japan_date(at: DateTime<Utc>) -> NaiveDate {
    // Checked: chrono panics on a local time past its last date, and a record's time comes
    // from outside. Within hours of that end the UTC date is as good an answer.
    at.naive_utc()
        .checked_add_offset(JST)
        .map_or_else(|| at.date_naive(), |local| local.date())
}

/// The fiscal year (年度) of a Japan date: 1 September starts a new one.
pub fn fiscal_year_of_date(d: NaiveDate) -> i32 {
    if d.month() >= 9 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// The fiscal year (年度) of an instant, on its Japan date.
pub fn fiscal_year(at: DateTime<Utc>) -> i32 {
    fiscal_year_of_date(japan_date(at))
}

/// The first date of the history shown on `today` (inclusive).
pub fn history_since(today: NaiveDate) -> NaiveDate {
    years_before(today, HISTORY_YEARS)
}

/// The same calendar date `years` earlier; 29 February becomes 28 February.
fn years_before(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MIN)
}

/// A shown record with the dates every step needs, computed once.
#[derive(Clone, Copy)]
struct Shown<'a> {
    record: &'a CreditRecord,
    date: NaiveDate,
    fiscal_year: i32,
}

/// The credit summary on `today` (a Japan date).
pub fn summarize(
    records: &[CreditRecord],
    rules: &CreditRules,
    held: &[HeldCertification],
    today: NaiveDate,
) -> CreditSummary {
    let since = history_since(today);
    let shown = shown_records(records, since);

    let mut confirmed_total = 0u32;
    let mut pending_total = 0u32;
    for s in &shown {
        add_credit(
            &mut confirmed_total,
            &mut pending_total,
            s.record.status,
            u32::from(s.record.credit),
        );
    }

    let years = years_of(&shown, rules);
    let certifications = held
        .iter()
        .filter_map(|h| {
            let rule = rules.certification(&h.cert_id)?;
            let nominal_start = years_before(h.renewal_due, u32::from(rule.period_years));
            let window_end = h.renewal_due;
            let window_start = nominal_start.max(since).min(window_end);
            let in_window = shown
                .iter()
                .filter(|s| s.date >= window_start && s.date <= window_end)
                .map(|s| s.record);
            let counted = certify::count(rule, in_window);
            Some(CertificationProgress {
                cert_id: rule.id.clone(),
                name_ja: rule.name_ja.clone(),
                name_en: rule.name_en.clone(),
                window_start,
                window_end,
                window_truncated: window_start > nominal_start,
                required: rule.required_total,
                confirmed: counted.confirmed,
                pending: counted.pending,
                met: counted.confirmed >= rule.required_total,
                met_with_pending: counted.confirmed.saturating_add(counted.pending)
                    >= rule.required_total,
                by_kind: counted.by_kind,
            })
        })
        .collect();

    CreditSummary {
        since,
        years,
        certifications,
        confirmed_total,
        pending_total,
    }
}

/// The records in the history window, one per session, ordered by fiscal year (newest
/// first), congress id and time.
fn shown_records(records: &[CreditRecord], since: NaiveDate) -> Vec<Shown<'_>> {
    let mut shown: Vec<Shown<'_>> = records
        .iter()
        .filter_map(|record| {
            let date = japan_date(record.attended_at);
            (date >= since).then(|| Shown {
                record,
                date,
                fiscal_year: fiscal_year_of_date(date),
            })
        })
        .collect();

    // Confirmed sorts before pending (RecordStatus's order), then the earliest: the first
    // of each session's run is the one kept. The sort is stable so equal keys keep the
    // caller's order and the result is deterministic.
    fn session_key<'r>(s: &Shown<'r>) -> (&'r str, &'r str, RecordStatus, DateTime<Utc>) {
        (
            s.record.congress_id.as_str(),
            s.record.session_id.as_str(),
            s.record.status,
            s.record.attended_at,
        )
    }
    shown.sort_by(|a, b| session_key(a).cmp(&session_key(b)));
    shown.dedup_by(|later, kept| {
        later.record.congress_id == kept.record.congress_id
            && later.record.session_id == kept.record.session_id
    });

    fn display_key<'r>(s: &Shown<'r>) -> (Reverse<i32>, &'r str, DateTime<Utc>) {
        (
            Reverse(s.fiscal_year),
            s.record.congress_id.as_str(),
            s.record.attended_at,
        )
    }
    shown.sort_by(|a, b| display_key(a).cmp(&display_key(b)));
    shown
}

/// Groups the shown records (already ordered by year, congress, time) into years.
fn years_of(shown: &[Shown<'_>], rules: &CreditRules) -> Vec<FiscalYearSummary> {
    let mut years = Vec::new();
    for year_records in shown.chunk_by(|a, b| a.fiscal_year == b.fiscal_year) {
        let mut year = FiscalYearSummary {
            fiscal_year: year_records[0].fiscal_year,
            congresses: Vec::new(),
            confirmed: 0,
            pending: 0,
        };
        for congress_records in
            year_records.chunk_by(|a, b| a.record.congress_id == b.record.congress_id)
        {
            let congress = congress_of(congress_records, rules);
            year.confirmed = year.confirmed.saturating_add(congress.confirmed);
            year.pending = year.pending.saturating_add(congress.pending);
            year.congresses.push(congress);
        }
        year.congresses.sort_by(|a, b| {
            let first = |c: &CongressSummary| c.records.first().map(|r| r.attended_at);
            first(b)
                .cmp(&first(a))
                .then_with(|| a.congress_id.cmp(&b.congress_id))
        });
        years.push(year);
    }
    years
}

/// One congress's records (non-empty, ordered by time).
fn congress_of(records: &[Shown<'_>], rules: &CreditRules) -> CongressSummary {
    let first = records[0].record;
    let mut summary = CongressSummary {
        congress_id: first.congress_id.clone(),
        // The newest record carries the name the society uses now.
        congress_name: records[records.len() - 1].record.congress_name.clone(),
        records: records.iter().map(|s| s.record.clone()).collect(),
        by_kind: Vec::new(),
        confirmed: 0,
        pending: 0,
    };
    for s in records {
        let credit = u32::from(s.record.credit);
        add_credit(
            &mut summary.confirmed,
            &mut summary.pending,
            s.record.status,
            credit,
        );
        let total = match summary.by_kind.iter_mut().find(|t| t.kind == s.record.kind) {
            Some(total) => total,
            None => {
                summary.by_kind.push(KindTotal {
                    kind: s.record.kind.clone(),
                    confirmed: 0,
                    pending: 0,
                });
                let last = summary.by_kind.len() - 1;
                &mut summary.by_kind[last]
            }
        };
        add_credit(
            &mut total.confirmed,
            &mut total.pending,
            s.record.status,
            credit,
        );
    }
    sort_kinds(&mut summary.by_kind, rules);
    summary
}

/// Rules' order first, kinds the rules do not define after them by code.
fn sort_kinds(totals: &mut [KindTotal], rules: &CreditRules) {
    totals.sort_by(|a, b| {
        let key = |t: &KindTotal| rules.kind_position(&t.kind).unwrap_or(usize::MAX);
        key(a).cmp(&key(b)).then_with(|| a.kind.cmp(&b.kind))
    });
}

fn add_credit(confirmed: &mut u32, pending: &mut u32, status: RecordStatus, credit: u32) {
    match status {
        RecordStatus::Confirmed => *confirmed = confirmed.saturating_add(credit),
        RecordStatus::Pending => *pending = pending.saturating_add(credit),
    }
}

#[cfg(test)]
mod tests;
