//! 会員番号・仮パスワード通知書: one A4 page per member, mailed by the office.
//!
//! The number and the password are what a member types, often on a phone, so they
//! are set large, one character per fixed-width cell (IPAex Gothic's Latin letters
//! are proportional; cells keep "1111" and "WWWW" the same length and make each
//! character stand apart). The caller chooses passwords without look-alike characters.

use crate::font::Measure;
use crate::layout::{Align, Flow, Item, Page, Rgb, ACCENT, BLACK, GREY};
use crate::poster::SOCIETY_JA;
use crate::PrintError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub member_number: String,
    /// Full name in kanji; the letter adds 先生.
    pub name_kanji: String,
    pub temp_password: String,
    pub member_page_url: String,
    /// The deadline to check and update registration details, as it should be printed.
    pub update_deadline_text: String,
}

/// The member app's name in the stores, from the seed manual.
pub const APP_NAME: &str = "JSNM学会参加登録";

const PANEL: Rgb = Rgb(0xee, 0xf1, 0xf7);

pub(crate) fn layout(letter: &Letter, measure: &Measure<'_>) -> Result<Page, PrintError> {
    let mut flow = Flow::new(measure, 210.0, 297.0, 22.0);
    flow.y = 16.0;
    flow.para(
        &format!("{SOCIETY_JA}　事務局"),
        4.0,
        3.0,
        1,
        Align::Right,
        GREY,
    )?;
    flow.gap(8.0);
    flow.para(
        "会員番号・仮パスワード通知書",
        8.0,
        6.0,
        1,
        Align::Center,
        BLACK,
    )?;
    flow.para(
        "Your member number and temporary password",
        4.5,
        3.5,
        1,
        Align::Center,
        GREY,
    )?;
    flow.gap(10.0);
    flow.para(
        &format!("{}　先生", letter.name_kanji.trim()),
        7.0,
        4.5,
        1,
        Align::Left,
        BLACK,
    )?;
    flow.gap(4.0);
    flow.para(
        &format!("平素より本会の活動にご協力いただき、誠にありがとうございます。会員マイページおよび学会参加登録アプリ「{APP_NAME}」のご利用に必要な会員番号と仮パスワードをお知らせいたします。"),
        4.2, 3.4, 4, Align::Left, BLACK,
    )?;
    flow.para(
        &format!("Here are your member number and temporary password for the member page and the attendance app \"{APP_NAME}\"."),
        3.6, 3.0, 3, Align::Left, GREY,
    )?;
    flow.gap(6.0);

    // The panel with the two values.
    let panel_top = flow.y;
    let panel_h = 45.0;
    flow.push(Item::Rect {
        x: flow.left,
        y: panel_top,
        w: flow.right - flow.left,
        h: panel_h,
        color: PANEL,
    });
    flow.left += 8.0;
    flow.y += 5.0;
    field(&mut flow, "会員番号　Member number", &letter.member_number)?;
    flow.gap(3.0);
    field(
        &mut flow,
        "仮パスワード　Temporary password",
        &letter.temp_password,
    )?;
    flow.left -= 8.0;
    flow.y = panel_top + panel_h + 7.0;

    flow.para(
        "会員マイページ　Member page",
        3.8,
        3.0,
        1,
        Align::Left,
        GREY,
    )?;
    flow.para(&letter.member_page_url, 5.5, 3.2, 2, Align::Left, BLACK)?;
    flow.gap(3.0);
    flow.para("アプリ　App", 3.8, 3.0, 1, Align::Left, GREY)?;
    flow.para(
        &format!("App Store・Google Play で「{APP_NAME}」を検索してください。"),
        4.2,
        3.4,
        2,
        Align::Left,
        BLACK,
    )?;
    flow.para(
        &format!("Search for \"{APP_NAME}\" in the App Store or Google Play."),
        3.6,
        3.0,
        2,
        Align::Left,
        GREY,
    )?;
    flow.gap(6.0);

    let deadline = letter.update_deadline_text.trim();
    let steps: [(String, String, Rgb); 3] = [
        (
            "1. 会員マイページに会員番号と仮パスワードでログインし、新しいパスワードを設定してください。".into(),
            "Log in to the member page with your member number and temporary password, then set a new password.".into(),
            BLACK,
        ),
        (
            format!("2. {deadline} までに、登録情報（連絡先・勤務先など）をご確認のうえ更新してください。"),
            format!("Check and update your registration details (address, workplace, ...) by {deadline}."),
            ACCENT,
        ),
        (
            format!("3. アプリ「{APP_NAME}」には、会員番号と新しいパスワードでログインします。"),
            "Log in to the app with your member number and your new password.".into(),
            BLACK,
        ),
    ];
    for (ja, en, color) in &steps {
        flow.para(ja, 4.2, 3.4, 2, Align::Left, *color)?;
        flow.left += 4.5;
        flow.para(en, 3.6, 3.0, 2, Align::Left, GREY)?;
        flow.left -= 4.5;
        flow.gap(2.0);
    }

    flow.y = 297.0 - 32.0;
    flow.para(
        "本通知書は他の人に見せず、大切に保管してください。",
        3.8,
        3.0,
        1,
        Align::Center,
        BLACK,
    )?;
    flow.para(
        "Keep this letter private and in a safe place.",
        3.4,
        3.0,
        1,
        Align::Center,
        GREY,
    )?;
    Ok(flow.page)
}

/// A label and a large fixed-pitch value beneath it.
fn field(flow: &mut Flow<'_, '_>, label: &str, value: &str) -> Result<(), PrintError> {
    flow.para(label, 3.8, 3.0, 1, Align::Left, GREY)?;
    let value = value.trim();
    let mut em = 10.0;
    let widest = value
        .chars()
        .map(|c| flow.measure.advance_em(c))
        .fold(0.5, f32::max);
    let room = flow.right - flow.left - 8.0;
    let count = value.chars().count().max(1) as f32;
    // Shrink for long values rather than overflowing the panel.
    while widest * em * 1.1 * count > room {
        em *= 0.9;
        if em < 4.0 {
            return Err(PrintError::TextTooLong(value.to_owned()));
        }
    }
    flow.push(Item::Text {
        text: value.to_owned(),
        x: flow.left,
        baseline: flow.y + 1.0 * em,
        em,
        color: BLACK,
        pitch: Some(widest * em * 1.1),
    });
    flow.y += 1.3 * em;
    Ok(())
}
