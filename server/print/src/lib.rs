//! What the society office prints and shows: session posters (PNG and PDF), member
//! number / temporary password letters (PDF) and the projector page (HTML).
//!
//! Pure functions: bytes in, bytes out, no database and no network. The only thing
//! read from disk is the Japanese font ([`find_japanese_font`]), once per process.
//! Posters and letters are laid out once in millimetres (`layout`) and then drawn
//! either as a PNG (`raster`) or as a vector PDF (`pdf`), so both show the same page.
//! Every text a person reads is Japanese first, English beneath.

mod error;
mod font;
mod layout;
mod letter;
mod pdf;
mod poster;
mod projector;
mod qr;
mod raster;
mod record;

pub use error::PrintError;
pub use font::{find_japanese_font, FontData, FONT_ENV};
pub use letter::{Letter, APP_NAME};
pub use poster::{
    PaperSize, Poster, POSTER_DPI, SCAN_LINE_EN, SCAN_LINE_JA, SOCIETY_EN, SOCIETY_JA,
};
pub use projector::{escape_html, projector_code_json, projector_html, Projector};
pub use qr::{qr_svg, QUIET_ZONE};
pub use record::{record_pdf, RecordSheet};

use font::Measure;

/// The poster as a PNG at [`POSTER_DPI`], portrait, with its resolution recorded so it
/// prints at the paper's real size.
pub fn poster_png(p: &Poster, size: PaperSize) -> Result<Vec<u8>, PrintError> {
    poster_png_with(p, size, &*font::default_font()?)
}

/// [`poster_png`] with a font the caller loaded.
pub fn poster_png_with(
    p: &Poster,
    size: PaperSize,
    font: &FontData,
) -> Result<Vec<u8>, PrintError> {
    let measure = Measure::new(font)?;
    let page = poster::layout(p, size, &measure)?;
    raster::png(&page, POSTER_DPI, &measure)
}

/// The poster as a one-page vector PDF of the paper's size.
pub fn poster_pdf(p: &Poster, size: PaperSize) -> Result<Vec<u8>, PrintError> {
    poster_pdf_with(p, size, &*font::default_font()?)
}

/// [`poster_pdf`] with a font the caller loaded.
pub fn poster_pdf_with(
    p: &Poster,
    size: PaperSize,
    font: &FontData,
) -> Result<Vec<u8>, PrintError> {
    let measure = Measure::new(font)?;
    let page = poster::layout(p, size, &measure)?;
    pdf::document(&p.session_title, &[page], font, &measure)
}

/// One A4 page per letter, in the order given.
pub fn password_letters_pdf(letters: &[Letter]) -> Result<Vec<u8>, PrintError> {
    password_letters_pdf_with(letters, &*font::default_font()?)
}

/// [`password_letters_pdf`] with a font the caller loaded.
pub fn password_letters_pdf_with(
    letters: &[Letter],
    font: &FontData,
) -> Result<Vec<u8>, PrintError> {
    if letters.is_empty() {
        return Err(PrintError::Empty);
    }
    let measure = Measure::new(font)?;
    let pages = letters
        .iter()
        .map(|l| letter::layout(l, &measure))
        .collect::<Result<Vec<_>, _>>()?;
    pdf::document("会員番号・仮パスワード通知書", &pages, font, &measure)
}
