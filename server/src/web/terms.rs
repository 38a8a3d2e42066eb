//! The first-time 「マイページ利用に関する注意事項」: acknowledged once, before anything else.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use maud::{html, Markup};
use serde::Deserialize;

use super::auth::chrome;
use super::content::Content;
use super::layout::page;
use super::session::Signed;
use super::{WebError, WebResult};
use crate::api::SharedState;

fn terms_body(s: &Signed, error: bool) -> Markup {
    let l = s.locale;
    html! {
        h1 { (l.pick("マイページ利用に関する注意事項", "Before using the member page")) }
        h2 { (l.pick("本人情報、自宅情報の登録について", "Your personal and home details")) }
        p { (l.pick("新システムでは、メールアドレス、自宅住所等の登録が必須となります。各種連絡や事務局からのお知らせ等を配信する場合に必要となります。", "The new system requires your e-mail and home address: the office needs them to reach you.")) }
        p { (l.pick("上記を確認の上、下のチェックボタンをクリックして会員マイページへお進みください。", "Please confirm by ticking the box below, then continue to the member page.")) }
        @if error { p.err role="alert" { (l.pick("チェックボックスにチェックを入れてください。", "Please tick the box.")) } }
        form method="post" action="/member/terms" {
            input type="hidden" name="csrf" value=(s.csrf);
            label style="font-weight:normal" {
                input type="checkbox" name="agree" value="yes" id="agree";
                " " (l.pick("新システムの利用にあたっては、学会の指示に従い利用します。", "I will use the new system as the society instructs."))
            }
            button.go type="submit" { "✓ " (l.pick("会員マイページへ", "Continue to the member page")) }
        }
    }
}

pub async fn terms_page(signed: Signed) -> WebResult<Markup> {
    if signed.member.password_temporary {
        return Err(WebError::Redirect("/member/password"));
    }
    let content = Content::load();
    let title = signed.locale.pick("注意事項", "Terms");
    Ok(page(
        &chrome(&signed, &content, title, ""),
        terms_body(&signed, false),
    ))
}

#[derive(Deserialize)]
pub struct TermsForm {
    #[serde(default)]
    agree: String,
    #[serde(default)]
    csrf: String,
}

pub async fn acknowledge(
    State(state): State<SharedState>,
    signed: Signed,
    Form(form): Form<TermsForm>,
) -> WebResult<Response> {
    signed.check_csrf(&form.csrf)?;
    if signed.member.password_temporary {
        return Err(WebError::Redirect("/member/password"));
    }
    if form.agree != "yes" {
        let content = Content::load();
        let title = signed.locale.pick("注意事項", "Terms");
        let markup = page(
            &chrome(&signed, &content, title, ""),
            terms_body(&signed, true),
        );
        return Ok((StatusCode::BAD_REQUEST, markup).into_response());
    }
    state
        .store
        .acknowledge_notice(signed.member.id, Utc::now().timestamp_millis())
        .await?;
    Ok(Redirect::to("/member/status").into_response())
}
