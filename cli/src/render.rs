//! The screens as terminal text. Only layout lives here: every word comes from the
//! view state the core returned, except the few column labels a terminal needs.

use std::fmt::Write;

use attend_core::app::{AccountView, CreditsView, EntryStatus, HomeView, ScanResultView};
use attend_core::domain::{Locale, Localized};
use serde::Serialize;

use crate::commands::Failure;

/// An error as `--json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorView {
    pub code: String,
    pub message: String,
}

impl ErrorView {
    pub fn of(e: &dyn Localized, code: &str, locale: Locale) -> Self {
        Self {
            code: code.to_owned(),
            message: e.message(locale),
        }
    }
}

#[derive(Serialize)]
struct ErrorDoc {
    error: ErrorView,
}

/// Prints a failure: the member-facing message on stderr, or a JSON document on stdout.
pub fn failure(f: &Failure, locale: Locale, json: bool) {
    let view = ErrorView::of(f, f.code(), locale);
    // The scan report already holds each photo's error: one JSON document per run.
    if json && matches!(f, Failure::SomeScansFailed { .. }) {
        return;
    }
    if json {
        match serde_json::to_string_pretty(&ErrorDoc { error: view }) {
            Ok(text) => println!("{text}"),
            Err(_) => eprintln!("{}", f.message(locale)),
        }
    } else {
        eprintln!("{}", view.message);
    }
}

pub fn account(a: &AccountView, _locale: Locale) -> String {
    let mut out = format!("{}  {}\n", a.header_name, a.header_number);
    if let Some(reminder) = &a.reminder {
        let _ = writeln!(out, "⚠ {reminder}");
    }
    out
}

pub fn scan_result(v: &ScanResultView, locale: Locale) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "【{}】", v.headline);
    let rows = [
        (locale.pick("大会名", "Congress"), &v.congress_name),
        (locale.pick("種別", "Kind"), &v.kind_name),
        (locale.pick("セッション", "Session"), &v.session_title),
        (locale.pick("登録日時", "Registered"), &v.registered_at),
        (locale.pick("単位", "Credit"), &v.credit_text),
        (locale.pick("状態", "Status"), &v.status_text),
    ];
    for (label, value) in rows {
        let _ = writeln!(out, "  {label}: {value}");
    }
    if let Some(text) = &v.already_text {
        let _ = writeln!(out, "  {text}");
    }
    let _ = writeln!(out, "  ※{}", v.notice);
    out
}

pub fn home(h: &HomeView, locale: Locale) -> String {
    let mut out = String::new();
    match &h.account {
        Some(a) => out.push_str(&account(a, locale)),
        None => {
            let _ = writeln!(
                out,
                "{}",
                locale.pick("ログインしていません。", "Not logged in.")
            );
        }
    }
    let _ = writeln!(out, "{}", locale.pick("■ 出席情報一覧", "■ Attendance"));
    if let Some(empty) = &h.empty_text {
        let _ = writeln!(out, "  {empty}");
    }
    for e in &h.entries {
        let mark = match e.status {
            EntryStatus::Confirmed => "✔",
            EntryStatus::Pending => "…",
            EntryStatus::Rejected => "✘",
        };
        let _ = writeln!(
            out,
            "  {mark} {}  {}  {}  {}  [{}]",
            e.date_time, e.kind_name, e.session_title, e.congress_name, e.status_text
        );
        if let Some(reason) = &e.reason {
            let _ = writeln!(out, "      {reason}");
        }
    }
    if let Some(waiting) = &h.waiting_text {
        let _ = writeln!(out, "{waiting}");
    }
    let _ = writeln!(
        out,
        "{}: {}",
        locale.pick("同期", "Sync"),
        h.sync.state_text
    );
    if let Some(err) = &h.sync.last_error {
        let _ = writeln!(out, "  {err}");
    }
    out
}

pub fn credits(c: &CreditsView, locale: Locale) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", locale.pick("■ 単位確認", "■ Credits"));
    let _ = writeln!(out, "  {}", c.since_text);
    let _ = writeln!(out, "  {}", c.totals_text);
    if let Some(empty) = &c.empty_text {
        let _ = writeln!(out, "  {empty}");
    }
    for y in &c.years {
        let _ = writeln!(out, "  {}", y.label);
        for congress in &y.congresses {
            let _ = writeln!(out, "    {}", congress.congress_name);
            for r in &congress.records {
                let _ = writeln!(
                    out,
                    "      {}  {}  {}  {}  [{}]",
                    r.date_time,
                    r.kind_name,
                    r.session_title,
                    credit(r.credit, locale),
                    r.status_text
                );
            }
            for k in &congress.by_kind {
                let _ = writeln!(
                    out,
                    "      {} {}: {} (+{})",
                    locale.pick("計", "total"),
                    k.kind_name,
                    k.confirmed,
                    k.pending
                );
            }
        }
    }
    if !c.certifications.is_empty() {
        let _ = writeln!(out, "{}", locale.pick("■ 認定資格", "■ Certifications"));
    }
    for cert in &c.certifications {
        let _ = writeln!(out, "  {}  ({})", cert.name, cert.window_text);
        let _ = writeln!(out, "    {}", cert.progress_text);
    }
    if let Some(notice) = &c.rules_notice {
        let _ = writeln!(out, "※{notice}");
    }
    out
}

fn credit(n: u16, locale: Locale) -> String {
    match locale {
        Locale::Ja => format!("{n}単位"),
        Locale::En => format!("{n} cr."),
    }
}
