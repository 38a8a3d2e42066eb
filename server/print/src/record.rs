//! 学術集会参加履歴 as a printable proof: A4 pages listing a member's records, the first
//! page carrying the society's signed QR code (`attend_domain::record`).
//!
//! Each record is set as exactly one line of text (shrunk to fit, never wrapped): the
//! checker finds the records in the page's text line by line and hashes them, so a
//! wrapped record would no longer match what was signed.

use crate::font::Measure;
use crate::layout::{Align, Flow, Item, Page, BLACK, GREY, NAVY};
use crate::poster::SOCIETY_JA;
use crate::PrintError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSheet {
    pub member_number: String,
    pub name_kanji: String,
    /// e.g. 2026年11月26日
    pub issued_text: String,
    /// Headings and summaries printed above the records (certification progress).
    pub summary_lines: Vec<String>,
    /// Record lines exactly as signed (`attend_domain::record::RecordLine::text`),
    /// each optionally preceded by a heading (the fiscal year): `(heading, line)`.
    pub records: Vec<(Option<String>, String)>,
    /// The signed QR text.
    pub qr_text: String,
}

const MARGIN: f32 = 15.0;
const QR_MM: f32 = 42.0;

/// The record as an A4 PDF with the font found by [`crate::find_japanese_font`].
pub fn record_pdf(sheet: &RecordSheet) -> Result<Vec<u8>, PrintError> {
    let font = crate::font::default_font()?;
    let measure = Measure::new(&font)?;
    let pages = layout(sheet, &measure)?;
    crate::pdf::document("学術集会参加履歴", &pages, &font, &measure)
}

fn new_page<'m, 'f>(measure: &'m Measure<'f>) -> Flow<'m, 'f> {
    Flow::new(measure, 210.0, 297.0, MARGIN)
}

fn layout(sheet: &RecordSheet, measure: &Measure<'_>) -> Result<Vec<Page>, PrintError> {
    let mut pages = Vec::new();
    let mut flow = new_page(measure);
    flow.para(SOCIETY_JA, 4.0, 3.0, 1, Align::Left, GREY)?;
    flow.para(
        "学術集会参加履歴（出席証明）",
        7.0,
        5.0,
        1,
        Align::Left,
        NAVY,
    )?;
    flow.gap(3.0);
    // The QR code sits top right; the identity lines stay left of it.
    let symbol = crate::qr::encode(&sheet.qr_text)?;
    let module = QR_MM / symbol.width as f32;
    flow.push(Item::Qr {
        x: 210.0 - MARGIN - QR_MM,
        y: MARGIN,
        module,
        width: symbol.width,
        dark: symbol.dark,
    });
    flow.right = 210.0 - MARGIN - QR_MM - 6.0;
    flow.para(
        &format!("会員番号 {}", sheet.member_number),
        4.5,
        3.0,
        1,
        Align::Left,
        BLACK,
    )?;
    flow.para(
        &format!("氏名 {} 先生", sheet.name_kanji),
        4.5,
        3.0,
        1,
        Align::Left,
        BLACK,
    )?;
    flow.para(
        &format!("発行日 {}", sheet.issued_text),
        3.5,
        3.0,
        1,
        Align::Left,
        BLACK,
    )?;
    flow.para(
        "右のQRコードは学会の署名です。attend verify-record で改変の有無を確認できます。",
        2.8,
        2.0,
        2,
        Align::Left,
        GREY,
    )?;
    flow.y = flow.y.max(MARGIN + QR_MM + 4.0);
    flow.right = 210.0 - MARGIN;
    for line in &sheet.summary_lines {
        flow.para(line, 3.5, 2.5, 3, Align::Left, BLACK)?;
    }
    flow.gap(3.0);
    for (heading, line) in &sheet.records {
        let needed = if heading.is_some() { 12.0 } else { 6.0 };
        if flow.y + needed > 297.0 - MARGIN {
            pages.push(flow.page);
            flow = new_page(measure);
        }
        if let Some(h) = heading {
            flow.gap(2.0);
            flow.para(h, 4.2, 3.0, 1, Align::Left, NAVY)?;
        }
        flow.para(line, 3.5, 1.8, 1, Align::Left, BLACK)?;
    }
    if sheet.records.is_empty() {
        flow.para("参加記録はありません。", 3.5, 3.0, 1, Align::Left, GREY)?;
    }
    pages.push(flow.page);
    Ok(pages)
}
