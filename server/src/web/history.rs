//! 認定資格/学術集会参加履歴: certifications and the last seven years of records, with
//! progress toward each renewal from the same tally the app uses, printable (print
//! stylesheet) and downloadable as a PDF carrying the society's signed QR code.

use attend_domain::record::{self, RecordLine};
use attend_domain::tally::{self, CreditSummary};
use attend_domain::Locale;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use maud::{html, Markup};

use super::content::Content;
use super::layout;
use super::pages::{chrome, date_text};
use super::session::{Ready, Signed};
use super::{blocking, WebError, WebResult};
use crate::api::SharedState;
use crate::{history, keyring};

/// The summary and the record lines in printed order (newest fiscal year first).
struct History {
    today: NaiveDate,
    summary: CreditSummary,
    /// (fiscal year, line)
    lines: Vec<(i32, RecordLine)>,
}

async fn load(state: &SharedState, member_id: i64) -> WebResult<History> {
    let today = tally::japan_date(Utc::now());
    let (records, held) = history::member_history(&state.store, member_id, today).await?;
    let rules = &state.config.rules;
    let summary = tally::summarize(&records, rules, &held, today);
    let mut lines = Vec::new();
    for y in &summary.years {
        for c in &y.congresses {
            for r in &c.records {
                lines.push((
                    y.fiscal_year,
                    RecordLine {
                        date: tally::japan_date(r.attended_at),
                        congress: c.congress_name.clone(),
                        session: r.session_title.clone(),
                        kind_label: rules.kind_name(&r.kind, Locale::Ja),
                        credit: r.credit,
                    },
                ));
            }
        }
    }
    Ok(History {
        today,
        summary,
        lines,
    })
}

fn progress_text(l: Locale, p: &tally::CertificationProgress) -> String {
    let name = l.pick(&p.name_ja, &p.name_en);
    let state = if p.met {
        l.pick("達成", "met")
    } else {
        l.pick("未達", "not yet met")
    };
    match l {
        Locale::Ja => format!(
            "{name}：{}〜{} の取得単位 {} / 必要単位 {}（{state}）",
            p.window_start, p.window_end, p.confirmed, p.required
        ),
        Locale::En => format!(
            "{name}: {} credits of {} required, {} to {} ({state})",
            p.confirmed, p.required, p.window_start, p.window_end
        ),
    }
}

async fn render(state: &SharedState, s: &Signed) -> WebResult<Markup> {
    let l = s.locale;
    let h = load(state, s.member.id).await?;
    let rules = &state.config.rules;
    let content = Content::load();
    let body = html! {
        h1 { (l.pick("認定資格/学術集会参加履歴", "Certifications and attendance")) }
        p.muted { (l.pick("直近7年間の学術集会（学術総会・春季大会・教育講演）の参加履歴です。アプリで登録した単位は同期後すぐに表示されます。",
                          "Your attendance at society meetings over the last seven years. Credits registered in the app show here as soon as they sync.")) }
        p.noprint {
            a href="/member/history.pdf" { (l.pick("署名付きPDFをダウンロード（認定資格更新の出席証明）", "Download the signed PDF (proof for renewal)")) }
            " · "
            (l.pick("このページを印刷することもできます。", "You can also print this page."))
        }
        table { tr { th { (l.pick("会員番号", "Member number")) } td { (s.member.member_number) } th { (l.pick("氏名", "Name")) } td { (s.member.name_kanji) } } }
        h2 { (l.pick("認定資格と更新に必要な単位", "Certifications and renewal progress")) }
        @if h.summary.certifications.is_empty() { p.muted { (l.pick("保有している認定資格はありません。", "No certification held.")) } }
        @else {
            table #progress {
                tr { th { (l.pick("認定資格", "Certification")) } th { (l.pick("対象期間", "Window")) } th { (l.pick("取得単位", "Earned")) } th { (l.pick("必要単位", "Required")) } th { (l.pick("状況", "Status")) } }
                @for p in &h.summary.certifications {
                    tr {
                        td { (l.pick(&p.name_ja, &p.name_en)) }
                        td { (date_text(l, p.window_start)) " 〜 " (date_text(l, p.window_end)) }
                        td.num { (p.confirmed) }
                        td.num { (p.required) }
                        td { @if p.met { span.met { (l.pick("達成", "Met")) } } @else { span.short { (l.pick("あと", "")) (p.required.saturating_sub(p.confirmed)) (l.pick("単位", " more credits needed")) } } }
                    }
                }
            }
        }
        h2 { (l.pick("学術集会参加履歴", "Attendance history")) }
        @if h.summary.years.is_empty() { p.muted { (l.pick("参加記録はありません。", "No records yet.")) } }
        @for y in &h.summary.years {
            h2 { (y.fiscal_year) (l.pick("年度", " fiscal year")) " — " (y.confirmed) (l.pick("単位", " credits")) }
            table.records {
                tr { th { (l.pick("日付", "Date")) } th { (l.pick("学術集会", "Meeting")) } th { (l.pick("セッション", "Session")) } th { (l.pick("単位種別", "Kind")) } th { (l.pick("単位", "Credits")) } }
                @for c in &y.congresses {
                    @for r in &c.records {
                        tr {
                            td { (tally::japan_date(r.attended_at).to_string()) }
                            td { (c.congress_name) }
                            td { (r.session_title) }
                            td { (rules.kind_name(&r.kind, l)) }
                            td.num { (r.credit) }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(
        &chrome(
            s,
            &content,
            l.pick("認定資格/学術集会参加履歴", "Certifications and attendance"),
            "history",
        ),
        body,
    ))
}

pub async fn page(State(state): State<SharedState>, Ready(s): Ready) -> WebResult<Markup> {
    render(&state, &s).await
}

pub async fn pdf(State(state): State<SharedState>, Ready(s): Ready) -> WebResult<Response> {
    let h = load(&state, s.member.id).await?;
    let key = keyring::active_key(&state.store, &state.config.key_dir)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let plain: Vec<RecordLine> = h.lines.iter().map(|(_, l)| l.clone()).collect();
    let qr_text = record::sign(
        &state.config.society,
        &s.member.member_number,
        &s.member.name_kanji,
        h.today,
        &plain,
        &key,
    );
    let mut records = Vec::with_capacity(h.lines.len());
    let mut last_year = None;
    for (year, line) in &h.lines {
        let heading = (last_year != Some(*year)).then(|| format!("{year}年度"));
        last_year = Some(*year);
        records.push((heading, line.text()));
    }
    let sheet = attend_print::RecordSheet {
        member_number: s.member.member_number.clone(),
        name_kanji: s.member.name_kanji.clone(),
        issued_text: h.today.format("%Y年%m月%d日").to_string(),
        summary_lines: h
            .summary
            .certifications
            .iter()
            .map(|p| progress_text(Locale::Ja, p))
            .collect(),
        records,
        qr_text,
    };
    let bytes = blocking(move || attend_print::record_pdf(&sheet)).await??;
    let filename = format!(
        "attachment; filename=\"attendance-{}.pdf\"",
        s.member
            .member_number
            .replace(|c: char| !c.is_ascii_alphanumeric(), "")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, filename),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
