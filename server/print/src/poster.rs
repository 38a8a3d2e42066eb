//! The session poster: titles at the top, the QR code as large as the page allows,
//! how to scan it beneath.
//!
//! Size of the code: a phone reads a QR code from about ten times its width, so a
//! poster read from two metres wants a symbol 20 cm wide. A3 gives it (23 cm for a
//! lecture code); A4 cannot (21 cm of paper, text above and below), so the code gets
//! everything the text leaves, about 15 cm. Modules are whole 200 dpi pixels
//! (multiples of 0.127 mm) so the PNG has crisp edges. With a one-line congress name
//! and a two-line session title (`tests::module_sizes_and_quiet_zone` prints these):
//!
//! | version (modules) | A4 module / symbol | A3 module / symbol |
//! |---|---|---|
//! | 5 (37)  | 3.94 mm / 146 mm | 5.97 mm / 221 mm |
//! | 7 (45)  | 3.30 mm / 149 mm | 5.08 mm / 229 mm |
//! | 10 (57) | 2.67 mm / 152 mm | 4.06 mm / 232 mm |
//! | 13 (69) | 2.29 mm / 158 mm | 3.43 mm / 237 mm |
//!
//! Small codes do not fill the width because the box is bounded by the page's height
//! and the 4-module quiet zone is a larger share of it. The tests require at least
//! 150 mm on A4 and 200 mm on A3 for a version-10 code (the size of a realistic signed
//! lecture code): on A4 that is a 1.5 m reading distance by the rule of thumb, which is
//! why the office should print A3 for large rooms.

use crate::font::Measure;
use crate::layout::{Align, Flow, Item, Page, ACCENT, BLACK, GREY, NAVY, WHITE};
use crate::qr::{self, QUIET_ZONE};
use crate::PrintError;

/// What a session poster says. `code_text` is the signed QR text exactly as the app
/// must read it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poster {
    pub congress_name: String,
    pub session_title: String,
    /// The credit kind's display name, e.g. 教育講演.
    pub kind_name: String,
    pub credit: u16,
    /// When registration opens, as the office wants it printed.
    pub valid_from_text: String,
    pub code_text: String,
    pub instructions_ja: String,
    pub instructions_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaperSize {
    A4,
    A3,
}

impl PaperSize {
    /// Portrait width and height in millimetres.
    pub fn mm(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (210.0, 297.0),
            PaperSize::A3 => (297.0, 420.0),
        }
    }

    /// Text grows less than the paper: on A3 the extra room goes to the code.
    fn text_scale(self) -> f32 {
        match self {
            PaperSize::A4 => 1.0,
            PaperSize::A3 => 1.3,
        }
    }

    /// The symbol width the layout aims at; less is used only when the page runs out.
    fn target_symbol_mm(self) -> f32 {
        match self {
            PaperSize::A4 => 180.0,
            PaperSize::A3 => 260.0,
        }
    }
}

/// Resolution of poster PNGs: enough for crisp 16 pt text and whole-pixel modules.
pub const POSTER_DPI: u32 = 200;

/// Below this a phone at the back of a room no longer resolves the modules.
const MIN_MODULE_MM: f32 = 1.5;

/// The line under the code, the same on every poster (the app's name from the seed
/// manual).
pub const SCAN_LINE_JA: &str = "JSNM学会参加登録アプリで読み取ってください";
pub const SCAN_LINE_EN: &str = "Scan with the JSNM attendance app";

pub const SOCIETY_JA: &str = "一般社団法人 日本核医学会";
pub const SOCIETY_EN: &str = "The Japanese Society of Nuclear Medicine";

pub(crate) fn layout(
    p: &Poster,
    size: PaperSize,
    measure: &Measure<'_>,
) -> Result<Page, PrintError> {
    let (width, height) = size.mm();
    let t = size.text_scale();
    let symbol = qr::encode(&p.code_text)?;
    let mut flow = Flow::new(measure, width, height, 12.0 * t);

    // Header band with the society's name.
    let band = 18.0 * t;
    flow.push(Item::Rect {
        x: 0.0,
        y: 0.0,
        w: width,
        h: band,
        color: NAVY,
    });
    flow.y = (band - 7.0 * t * 1.4) / 2.0;
    flow.para(SOCIETY_JA, 7.0 * t, 5.0 * t, 1, Align::Center, WHITE)?;
    flow.y = band + 4.0 * t;

    flow.para(&p.congress_name, 6.5 * t, 4.5 * t, 2, Align::Center, BLACK)?;
    flow.gap(1.0 * t);
    flow.para(&p.session_title, 10.0 * t, 6.0 * t, 3, Align::Center, BLACK)?;
    flow.gap(1.0 * t);
    let credit_line = format!("{}　{}単位", p.kind_name.trim(), p.credit);
    flow.para(&credit_line, 9.5 * t, 6.0 * t, 1, Align::Center, ACCENT)?;
    let qr_top = flow.y;

    // The block under the code is measured first so the code gets whatever is left.
    let mut below = Vec::new();
    below.push((flow.lines(SCAN_LINE_JA, 6.0 * t, 4.0 * t, 1)?, BLACK, 0.0));
    below.push((flow.lines(SCAN_LINE_EN, 4.5 * t, 3.5 * t, 1)?, GREY, 0.0));
    if !p.instructions_ja.trim().is_empty() {
        below.push((
            flow.lines(&p.instructions_ja, 4.2 * t, 3.2 * t, 2)?,
            BLACK,
            2.5 * t,
        ));
    }
    if !p.instructions_en.trim().is_empty() {
        below.push((
            flow.lines(&p.instructions_en, 3.6 * t, 3.0 * t, 2)?,
            GREY,
            0.0,
        ));
    }
    if !p.valid_from_text.trim().is_empty() {
        below.push((
            flow.lines(&p.valid_from_text, 3.8 * t, 3.0 * t, 2)?,
            BLACK,
            2.0 * t,
        ));
    }
    let below_h: f32 = below
        .iter()
        .map(|((em, lines), _, gap)| gap + em * crate::layout::LINE * lines.len() as f32)
        .sum();
    let qr_bottom = height - 6.0 * t - below_h;

    // Quiet zone included in the box; it may run into the page margin (blank paper is
    // a quiet zone too) but not into the text.
    let box_modules = (symbol.width + 2 * QUIET_ZONE) as f32;
    let step = 25.4 / POSTER_DPI as f32;
    let module = (size.target_symbol_mm() / symbol.width as f32)
        .min((width - 8.0) / box_modules)
        .min((qr_bottom - qr_top) / box_modules);
    let module = (module / step).floor() * step;
    if module < MIN_MODULE_MM {
        return Err(PrintError::CodeTooDense {
            modules: symbol.width as u32,
            module_mm: module.max(0.0),
        });
    }
    let symbol_mm = module * symbol.width as f32;
    let x = snap((width - symbol_mm) / 2.0, step);
    let y = snap((qr_top + qr_bottom - symbol_mm) / 2.0, step);
    flow.push(Item::Qr {
        x,
        y,
        module,
        width: symbol.width,
        dark: symbol.dark,
    });

    flow.y = qr_bottom;
    for (lines, color, gap) in below {
        flow.gap(gap);
        flow.place(lines, Align::Center, color);
    }
    Ok(flow.page)
}

/// Rounds to the PNG's pixel grid so every module starts on a pixel edge.
fn snap(mm: f32, step: f32) -> f32 {
    (mm / step).round() * step
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(code_len: usize) -> Poster {
        Poster {
            congress_name: "第66回日本核医学会学術総会".into(),
            session_title: "教育講演3 PET/CTによる腫瘍診断の基礎と最新の臨床応用".into(),
            kind_name: "教育講演".into(),
            credit: 2,
            valid_from_text: "受付開始 2026年11月27日 9:00 / Registration opens 27 Nov 2026, 9:00"
                .into(),
            code_text: format!("JSNM1:{}", "Q".repeat(code_len)),
            instructions_ja:
                "講演開始後30分以内にアプリの「スキャン起動」からQRコードを読み取ってください。"
                    .into(),
            instructions_en:
                "Open the app and tap Scan within 30 minutes after the lecture starts.".into(),
        }
    }

    /// The exact figures of the module table above, and the quiet zone kept clear of
    /// text and of the paper's edge.
    #[test]
    fn module_sizes_and_quiet_zone() {
        let font = crate::find_japanese_font().expect("Japanese font installed");
        let measure = Measure::new(&font).expect("font parses");
        for size in [PaperSize::A4, PaperSize::A3] {
            for (len, version) in [(100, 5), (160, 7), (294, 10), (420, 13)] {
                let page = layout(&sample(len), size, &measure).expect("layout");
                let Some(Item::Qr {
                    x,
                    y,
                    module,
                    width,
                    ..
                }) = page.items.iter().find(|i| matches!(i, Item::Qr { .. }))
                else {
                    panic!("no QR on the poster");
                };
                assert_eq!(*width, 17 + 4 * version);
                let symbol = module * *width as f32;
                println!("{size:?} v{version}: module {module:.3} mm, symbol {symbol:.1} mm");
                if version == 10 {
                    let min = if size == PaperSize::A4 { 150.0 } else { 200.0 };
                    assert!(symbol >= min, "{size:?}: {symbol} mm");
                }
                let quiet = QUIET_ZONE as f32 * module;
                let (top, bottom) = (y - quiet, y + symbol + quiet);
                assert!(x - quiet >= 0.0 && x + symbol + quiet <= page.width);
                for item in &page.items {
                    if let Item::Text {
                        baseline, em, text, ..
                    } = item
                    {
                        let (t, b) = (baseline - 0.9 * em, baseline + 0.15 * em);
                        assert!(b <= top || t >= bottom, "{text:?} in the quiet zone");
                    }
                }
            }
        }
    }
}
