//! From the core's data to the screens' state: the wording of every screen in one
//! place, Japanese first. Pure functions, tested without a store.

use std::collections::HashSet;

use attend_domain::rules::CreditRules;
use attend_domain::tally::{CreditSummary, KindTotal};
use attend_domain::{Account, CreditRecord, Locale, Localized, RecordStatus, ScanState};

use super::format;
use super::view::*;
use crate::queue::QueuedScan;
use crate::scan::ScanOutcome;
use crate::sync::{SyncReport, SyncState, SyncStatus};

pub(crate) fn account(a: &Account, locale: Locale) -> AccountView {
    let deadline = a.update_deadline.map(|d| format::date(d, locale));
    let reminder = a.temporary_password.then(|| match (locale, &deadline) {
        (Locale::Ja, Some(d)) => format!(
            "仮パスワードでログインしています。{d}までに会員マイページで登録情報を更新してください。更新していない場合、日本核医学会からの重要なご案内が届かなくなる可能性があります。"
        ),
        (Locale::Ja, None) => "仮パスワードでログインしています。会員マイページで登録情報を更新してください。更新していない場合、日本核医学会からの重要なご案内が届かなくなる可能性があります。".to_owned(),
        (Locale::En, Some(d)) => format!(
            "You are logged in with your temporary password. Please update your registration information on the member page by {d}; otherwise important notices from the society may not reach you."
        ),
        (Locale::En, None) => "You are logged in with your temporary password. Please update your registration information on the member page; otherwise important notices from the society may not reach you.".to_owned(),
    });
    AccountView {
        member_number: a.member_number.clone(),
        display_name: a.display_name.clone(),
        header_name: match locale {
            Locale::Ja => format!("{} 先生", a.display_name),
            Locale::En => format!("Dr. {}", a.display_name),
        },
        header_number: match locale {
            Locale::Ja => format!("会員番号 {}", a.member_number),
            Locale::En => format!("Member No. {}", a.member_number),
        },
        temporary_password: a.temporary_password,
        update_deadline: deadline,
        reminder,
    }
}

fn status_text(pending: bool, locale: Locale) -> String {
    if pending {
        locale.pick("送信待ち（未確定）", "Waiting to send (pending)")
    } else {
        locale.pick("確定", "Confirmed")
    }
    .to_owned()
}

pub(crate) fn scan_result(o: &ScanOutcome, locale: Locale) -> ScanResultView {
    let when = format::date_time(o.registered_at, locale);
    ScanResultView {
        headline: if o.already_registered {
            locale.pick("登録済みです", "Already registered")
        } else {
            locale.pick("登録しました", "Registered")
        }
        .to_owned(),
        congress_name: o.congress_name.clone(),
        kind_name: o.kind_name.message(locale),
        session_title: o.session_title.clone(),
        registered_at: when.clone(),
        registered_at_utc: o.registered_at.to_rfc3339(),
        credit: o.credit,
        credit_text: format::credits(u32::from(o.credit), locale),
        pending: o.pending,
        status_text: status_text(o.pending, locale),
        already_registered: o.already_registered,
        already_text: o.already_registered.then(|| match locale {
            Locale::Ja => {
                format!("このセッションは{when}に登録済みです。新たな登録はしていません。")
            }
            Locale::En => {
                format!("This session was already registered at {when}. Nothing new was recorded.")
            }
        }),
        notice: locale
            .pick(
                "表示内容を必ずご確認ください。",
                "Please check what is shown.",
            )
            .to_owned(),
        scan_id: o.scan_id.map(|id| id.to_string()),
    }
}

/// The home list: this device's scans in every state, plus confirmed attendance the
/// server knows and this device never scanned (another phone, an office import),
/// newest first.
pub(crate) fn attendance(
    scans: &[QueuedScan],
    history: &[CreditRecord],
    rules: &CreditRules,
    locale: Locale,
) -> Vec<AttendanceEntry> {
    let mut seen = HashSet::new();
    let mut entries: Vec<(i64, AttendanceEntry)> = Vec::new();
    for scan in scans {
        let (status, reason) = match &scan.state {
            ScanState::Pending | ScanState::Sent => (EntryStatus::Pending, None),
            ScanState::Accepted | ScanState::Duplicate => (EntryStatus::Confirmed, None),
            ScanState::Rejected { reason } => (EntryStatus::Rejected, Some(reason.message(locale))),
        };
        if status != EntryStatus::Rejected {
            seen.insert((
                scan.claims.congress_id.clone(),
                scan.claims.session_id.clone(),
            ));
        }
        let c = &scan.claims;
        entries.push((
            scan.scanned_at.timestamp_millis(),
            AttendanceEntry {
                date_time: format::date_time(scan.scanned_at, locale),
                attended_at_utc: scan.scanned_at.to_rfc3339(),
                congress_name: c.congress_name.clone(),
                kind_name: rules.kind_name(&c.kind, locale),
                session_title: c.session_title.clone(),
                credit: c.credit,
                status,
                status_text: match status {
                    EntryStatus::Pending => status_text(true, locale),
                    EntryStatus::Confirmed => status_text(false, locale),
                    EntryStatus::Rejected => locale.pick("受付不可", "Not accepted").to_owned(),
                },
                reason,
            },
        ));
    }
    for r in history {
        if !seen.insert((r.congress_id.clone(), r.session_id.clone())) {
            continue;
        }
        entries.push((
            r.attended_at.timestamp_millis(),
            AttendanceEntry {
                date_time: format::date_time(r.attended_at, locale),
                attended_at_utc: r.attended_at.to_rfc3339(),
                congress_name: r.congress_name.clone(),
                kind_name: rules.kind_name(&r.kind, locale),
                session_title: r.session_title.clone(),
                credit: r.credit,
                status: EntryStatus::Confirmed,
                status_text: status_text(false, locale),
                reason: None,
            },
        ));
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    entries.into_iter().map(|(_, e)| e).collect()
}

pub(crate) fn waiting_text(waiting: u64, locale: Locale) -> Option<String> {
    (waiting > 0).then(|| match locale {
        Locale::Ja => format!("未送信 {waiting}件（端末に保存済み）"),
        Locale::En if waiting == 1 => "1 scan waiting to send (saved on this device)".to_owned(),
        Locale::En => format!("{waiting} scans waiting to send (saved on this device)"),
    })
}

pub(crate) fn sync(s: &SyncStatus, locale: Locale) -> SyncView {
    SyncView {
        state: match s.state {
            SyncState::Idle => "idle",
            SyncState::Syncing => "syncing",
            SyncState::Offline => "offline",
            SyncState::WaitingToRetry { .. } => "waiting_to_retry",
            SyncState::SignedOut => "signed_out",
            SyncState::Failed => "failed",
        }
        .to_owned(),
        state_text: s.state.message(locale),
        sent: s.sent,
        total: s.total,
        waiting: s.waiting,
        last_success: s.last_success.map(|at| format::date_time(at, locale)),
        last_error: s.last_error.as_ref().map(|e| e.message(locale)),
    }
}

pub(crate) fn sync_outcome(r: &SyncReport, locale: Locale) -> SyncOutcomeView {
    let confirmed = r.accepted + r.duplicate;
    let mut summary = match locale {
        Locale::Ja if r.uploaded == 0 => "送信するスキャンはありませんでした。".to_owned(),
        Locale::Ja => format!("{}件を送信しました（確定 {confirmed}件）。", r.uploaded),
        Locale::En if r.uploaded == 0 => "Nothing was waiting to send.".to_owned(),
        Locale::En => format!("Sent {} scan(s) ({confirmed} confirmed).", r.uploaded),
    };
    if r.rejected > 0 {
        summary.push_str(&match locale {
            Locale::Ja => format!("受付不可 {}件。", r.rejected),
            Locale::En => format!(" {} not accepted.", r.rejected),
        });
    }
    SyncOutcomeView {
        uploaded: r.uploaded,
        accepted: r.accepted,
        duplicate: r.duplicate,
        rejected: r.rejected,
        waiting: r.waiting,
        summary,
    }
}

fn kind_totals(totals: &[KindTotal], rules: &CreditRules, locale: Locale) -> Vec<KindTotalView> {
    totals
        .iter()
        .map(|t| KindTotalView {
            kind_name: rules.kind_name(&t.kind, locale),
            confirmed: t.confirmed,
            pending: t.pending,
        })
        .collect()
}

pub(crate) fn credits(s: &CreditSummary, rules: &CreditRules, locale: Locale) -> CreditsView {
    let since = format::date(s.since, locale);
    let years = s
        .years
        .iter()
        .map(|y| FiscalYearView {
            fiscal_year: y.fiscal_year,
            label: format::fiscal_year(y.fiscal_year, locale),
            congresses: y
                .congresses
                .iter()
                .map(|c| CongressView {
                    congress_name: c.congress_name.clone(),
                    records: c
                        .records
                        .iter()
                        .map(|r| {
                            let pending = r.status == RecordStatus::Pending;
                            CreditRecordView {
                                date_time: format::date_time(r.attended_at, locale),
                                kind_name: rules.kind_name(&r.kind, locale),
                                session_title: r.session_title.clone(),
                                credit: r.credit,
                                pending,
                                status_text: status_text(pending, locale),
                            }
                        })
                        .collect(),
                    by_kind: kind_totals(&c.by_kind, rules, locale),
                    confirmed: c.confirmed,
                    pending: c.pending,
                })
                .collect(),
            confirmed: y.confirmed,
            pending: y.pending,
        })
        .collect::<Vec<_>>();
    let certifications = s
        .certifications
        .iter()
        .map(|c| CertificationView {
            name: locale.pick(&c.name_ja, &c.name_en).to_owned(),
            window_text: format::date_range(c.window_start, c.window_end, locale),
            window_truncated: c.window_truncated,
            required: c.required,
            confirmed: c.confirmed,
            pending: c.pending,
            met: c.met,
            met_with_pending: c.met_with_pending,
            progress_text: match locale {
                Locale::Ja => format!(
                    "確定 {} / {}単位（未確定 +{}）{}",
                    c.confirmed,
                    c.required,
                    c.pending,
                    if c.met { " 達成" } else { "" }
                ),
                Locale::En => format!(
                    "{} of {} credits confirmed (+{} pending){}",
                    c.confirmed,
                    c.required,
                    c.pending,
                    if c.met { " — met" } else { "" }
                ),
            },
            by_kind: kind_totals(&c.by_kind, rules, locale),
        })
        .collect();
    CreditsView {
        since_text: match locale {
            Locale::Ja => format!("{since}以降（直近7年間）"),
            Locale::En => format!("Since {since} (last seven years)"),
        },
        empty_text: years.is_empty().then(|| {
            locale
                .pick("まだ参加履歴はありません。", "No attendance recorded yet.")
                .to_owned()
        }),
        years,
        certifications,
        confirmed_total: s.confirmed_total,
        pending_total: s.pending_total,
        totals_text: match locale {
            Locale::Ja => format!(
                "確定 {} ／ 未確定 {}",
                format::credits(s.confirmed_total, locale),
                format::credits(s.pending_total, locale)
            ),
            Locale::En => format!(
                "Confirmed {} / pending {}",
                format::credits(s.confirmed_total, locale),
                format::credits(s.pending_total, locale)
            ),
        },
        rules_notice: rules.provisional_notice(locale),
    }
}
