//! 会員ステータス, お知らせ, 刊行物, サポートデスク and the part-2 placeholders.

use attend_domain::Locale;
use axum::extract::{Path, State};
use maud::{html, Markup};

use super::content::Content;
use super::layout::{page, Chrome};
use super::session::{Ready, Signed};
use super::store::NoticeCategory;
use super::{WebError, WebResult};
use crate::api::SharedState;

pub(super) fn chrome<'a>(
    s: &'a Signed,
    content: &'a Content,
    title: &str,
    active: &'a str,
) -> Chrome<'a> {
    Chrome {
        locale: s.locale,
        title: title.to_owned(),
        signed: Some(s),
        menu: true,
        active,
        content,
    }
}

pub(super) fn date_text(l: Locale, d: chrono::NaiveDate) -> String {
    match l {
        Locale::Ja => d.format("%Y年%m月%d日").to_string(),
        Locale::En => d.format("%Y-%m-%d").to_string(),
    }
}

pub async fn status(State(state): State<SharedState>, Ready(s): Ready) -> WebResult<Markup> {
    let l = s.locale;
    let m = &s.member;
    let joined = state.store.member_joined_on(m.id).await?;
    let held = state.store.certifications(m.id).await?;
    let profile = state.store.member_profile(m.id).await?;
    let positions = state.store.member_positions(m.id).await?;
    let rules = &state.config.rules;
    let content = Content::load();
    let dash = "—";
    let body = html! {
        h1 { (l.pick("会員ステータス", "Member status")) }
        table #status {
            tr { th { (l.pick("会員番号", "Member number")) } td { (m.member_number) } }
            tr { th { (l.pick("氏名", "Name")) } td { (m.name_kanji) " (" (m.name_romaji) ")" } }
            tr { th { (l.pick("会員区分", "Category")) } td { (m.category) } }
            tr { th { (l.pick("入会年月日", "Joined")) } td { (joined.map(|d| date_text(l, d)).unwrap_or_else(|| dash.to_owned())) } }
            tr { th { (l.pick("所属地区", "Region")) } td { (profile.region.clone().unwrap_or_else(|| dash.to_owned())) } }
            @if profile.councillor { tr { th { (l.pick("役割", "Role")) } td { (l.pick("評議員", "Councillor")) } } }
        }
        h2 { (l.pick("保有認定資格", "Certifications held")) }
        @if held.is_empty() { p.muted { (l.pick("保有している認定資格はありません。", "No certification held.")) } }
        @else {
            table { tr { th { (l.pick("認定資格", "Certification")) } th { (l.pick("次回更新日", "Renewal due")) } }
                @for c in &held {
                    tr { td { (rules.certification(&c.certification_id).map(|r| r.name(l).to_owned()).unwrap_or_else(|| c.certification_id.clone())) }
                         td { (date_text(l, c.renewal_due)) } }
                }
            }
        }
        h2 { (l.pick("役職・委員会歴", "Positions and committees")) }
        @if positions.is_empty() { p.muted { (l.pick("登録されている役職はありません。", "None recorded.")) } }
        @else {
            table { tr { th { (l.pick("役職・委員会", "Position")) } th { (l.pick("期間", "Period")) } }
                @for p in &positions {
                    tr { td { (p.title) } td style="white-space:nowrap" { (date_text(l, p.since)) " 〜 " (p.until.map(|d| date_text(l, d)).unwrap_or_default()) } }
                }
            }
        }
    };
    Ok(page(
        &chrome(
            &s,
            &content,
            l.pick("会員ステータス", "Member status"),
            "status",
        ),
        body,
    ))
}

fn category_title(l: Locale, c: NoticeCategory) -> &'static str {
    match c {
        NoticeCategory::Member => l.pick("会員へのお知らせ", "Notices to members"),
        NoticeCategory::Councillor => l.pick("評議員へのお知らせ", "Notices to councillors"),
        NoticeCategory::Info => l.pick("会員向け情報", "Information for members"),
    }
}

pub async fn news(State(state): State<SharedState>, Ready(s): Ready) -> WebResult<Markup> {
    let l = s.locale;
    let notices = state.store.notices(s.councillor).await?;
    let mut categories = vec![NoticeCategory::Member];
    if s.councillor {
        categories.push(NoticeCategory::Councillor);
    }
    categories.push(NoticeCategory::Info);
    let content = Content::load();
    let body = html! {
        h1 { (l.pick("お知らせ", "Notices")) }
        @for c in &categories {
            h2 { "■ " (category_title(l, *c)) }
            @let list: Vec<_> = notices.iter().filter(|n| n.category == *c).collect();
            @if list.is_empty() { p.muted { (l.pick("お知らせはありません。", "Nothing yet.")) } }
            @else {
                table.notices data-category=(c.code()) {
                    @for n in list {
                        tr { td style="width:8rem" { (n.published_on.to_string()) }
                             td { a href={ "/member/news/" (n.id) } { (n.title) } } }
                    }
                }
            }
        }
    };
    Ok(page(
        &chrome(&s, &content, l.pick("お知らせ", "Notices"), "news"),
        body,
    ))
}

pub async fn news_item(
    State(state): State<SharedState>,
    Ready(s): Ready,
    Path(id): Path<String>,
) -> WebResult<Markup> {
    let l = s.locale;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let n = state
        .store
        .notice(id, s.councillor)
        .await?
        .ok_or(WebError::NotFound)?;
    let content = Content::load();
    let body = html! {
        p.muted { (category_title(l, n.category)) " · " (n.published_on.to_string()) }
        h1 { (n.title) }
        @for para in n.body.split("\n\n") { p style="white-space:pre-line" { (para) } }
        p { a href="/member/news" { "← " (l.pick("お知らせ一覧へ", "All notices")) } }
    };
    Ok(page(&chrome(&s, &content, &n.title, "news"), body))
}

pub async fn publications(Ready(s): Ready) -> Markup {
    let l = s.locale;
    let content = Content::load();
    let body = html! {
        h1 { (l.pick("刊行物", "Publications")) }
        table {
            @for p in &content.publications {
                tr { td { a href=(p.url) rel="noopener" { (p.title) } } td { (l.pick(&p.note_ja, &p.note_en)) } }
            }
        }
    };
    page(
        &chrome(
            &s,
            &content,
            l.pick("刊行物", "Publications"),
            "publications",
        ),
        body,
    )
}

pub async fn support(Ready(s): Ready) -> Markup {
    let l = s.locale;
    let content = Content::load();
    let o = &content.office;
    let body = html! {
        h1 { (l.pick("サポートデスク", "Support desk")) }
        h2 { (l.pick("各種届出書類", "Forms")) }
        p { (l.pick("書類をダウンロードし、記入の上、事務局へメールまたは郵送でお送りください。", "Download the form, fill it in and send it to the office by e-mail or post.")) }
        ul { @for f in &content.forms { li { a href=(f.url) download { (l.pick(&f.title_ja, &f.title_en)) } } } }
        h2 { (l.pick("お問い合わせ先", "Contact")) }
        table {
            tr { th { (l.pick("窓口", "Office")) } td { (l.pick(&o.name_ja, &o.name_en)) } }
            tr { th { (l.pick("住所", "Address")) } td { (o.address) } }
            tr { th { (l.pick("メール", "E-mail")) } td { a href={ "mailto:" (o.email) } { (o.email) } } }
            @if !o.hours_ja.is_empty() { tr { th { (l.pick("受付時間", "Hours")) } td { (l.pick(&o.hours_ja, &o.hours_en)) } } }
        }
    };
    page(
        &chrome(
            &s,
            &content,
            l.pick("サポートデスク", "Support desk"),
            "support",
        ),
        body,
    )
}

pub async fn coming(Ready(s): Ready, Path(what): Path<String>) -> WebResult<Markup> {
    let l = s.locale;
    let (ja, en) = match what.as_str() {
        "profile" => ("登録情報", "Registration details"),
        "payments" => ("支払状況", "Payments"),
        "search" => ("会員検索", "Member search"),
        _ => return Err(WebError::NotFound),
    };
    let content = Content::load();
    let active = format!("coming/{what}");
    let body = html! {
        h1 { (l.pick(ja, en)) }
        p.ok { (l.pick("このページは準備中です。公開までしばらくお待ちください。", "This page is coming soon.")) }
    };
    let title = l.pick(ja, en);
    let c = Chrome {
        active: &active,
        ..chrome(&s, &content, title, "")
    };
    Ok(page(&c, body))
}
