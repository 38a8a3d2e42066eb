//! QR symbols for posters and the projector, always at error correction M.
//!
//! M (15 % recovery) is the usual trade for printed codes: L saves about one version
//! but a poster gets scuffed and photographed at an angle; Q would push a realistic
//! lecture code (about 300 base45 characters, version 10 at M) to version 12, making
//! every module smaller at the same printed width.

use qrcode::{Color, EcLevel, QrCode};

use crate::PrintError;

/// Modules of clear margin on each side, as the QR standard requires.
pub const QUIET_ZONE: usize = 4;

/// An encoded symbol: `width` modules a side, without the quiet zone.
pub(crate) struct Symbol {
    pub width: usize,
    pub dark: Vec<bool>,
}

pub(crate) fn encode(text: &str) -> Result<Symbol, PrintError> {
    let code = build(text)?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(Symbol {
        width: code.width(),
        dark,
    })
}

fn build(text: &str) -> Result<QrCode, PrintError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| PrintError::CodeTooLong(e.to_string()))
}

/// The QR code of `text` as a standalone SVG element (no XML declaration, so it can go
/// straight into HTML): one unit per module, quiet zone included, scaled by CSS.
pub fn qr_svg(text: &str) -> Result<String, PrintError> {
    let code = build(text)?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    // The renderer starts with `<?xml …?>`; inside an HTML page that would become a
    // stray comment, so keep from `<svg` on.
    match svg.find("<svg") {
        Some(start) => Ok(svg[start..].to_owned()),
        None => Err(PrintError::Encode {
            format: "SVG",
            detail: "renderer gave no <svg> element".into(),
        }),
    }
}
