//! Posters drawn for real and read back: the QR code decoded from the PNG with rqrr,
//! its printed width measured from the decoder's corner points, the PDF's text
//! extracted by poppler.

mod support;

use attend_print::{poster_pdf, poster_png, PaperSize, POSTER_DPI};
use image::GrayImage;

/// What the layout promises for a version-10 code (see `poster.rs`'s table).
const MIN_SYMBOL_MM_A4: f32 = 150.0;
const MIN_SYMBOL_MM_A3: f32 = 200.0;

struct Read {
    text: String,
    version: usize,
    symbol_mm: f32,
}

fn decode(png: &[u8]) -> (GrayImage, Read) {
    let img = image::load_from_memory(png)
        .expect("PNG decodes")
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img.clone());
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code on the poster");
    let (meta, text) = grids[0].decode().expect("QR decodes");
    let b = grids[0].bounds;
    // Top edge and left edge of the symbol, in pixels, averaged.
    let top = (((b[1].x - b[0].x) as f32).powi(2) + ((b[1].y - b[0].y) as f32).powi(2)).sqrt();
    let left = (((b[3].x - b[0].x) as f32).powi(2) + ((b[3].y - b[0].y) as f32).powi(2)).sqrt();
    let symbol_mm = (top + left) / 2.0 / POSTER_DPI as f32 * 25.4;
    (
        img,
        Read {
            text,
            version: meta.version.0,
            symbol_mm,
        },
    )
}

fn check_png(size: PaperSize, min_symbol_mm: f32) -> Vec<u8> {
    let code = support::lecture_code();
    let png = poster_png(&support::poster(&code), size).expect("poster renders");
    let (img, read) = decode(&png);
    assert_eq!(read.text, code, "the QR code carries the exact code text");
    assert_eq!(
        read.version, 10,
        "a lecture-sized code is version 10 at level M"
    );
    let (w_mm, h_mm) = size.mm();
    let aspect = img.width() as f32 / img.height() as f32;
    assert!(
        (aspect - w_mm / h_mm).abs() < 0.002,
        "paper aspect {aspect}"
    );
    let printed_w = img.width() as f32 / POSTER_DPI as f32 * 25.4;
    assert!(
        (printed_w - w_mm).abs() < 0.5,
        "printed width {printed_w} mm"
    );
    assert!(
        read.symbol_mm >= min_symbol_mm,
        "{size:?}: QR symbol {:.1} mm < {min_symbol_mm} mm",
        read.symbol_mm
    );
    println!(
        "{size:?}: version {} symbol {:.1} mm",
        read.version, read.symbol_mm
    );

    // The file says its resolution, so "actual size" printing gives the real paper.
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let reader = decoder.read_info().expect("PNG header");
    let dims = reader.info().pixel_dims.expect("pHYs chunk");
    assert_eq!(dims.unit, png::Unit::Meter);
    assert_eq!(dims.xppu, (POSTER_DPI as f64 / 0.0254).round() as u32);
    png
}

#[test]
fn a4_png_scans_back_and_is_large_enough() {
    let png = check_png(PaperSize::A4, MIN_SYMBOL_MM_A4);
    if let Ok(dir) = std::env::var("ATTEND_PRINT_SAMPLES") {
        std::fs::write(format!("{dir}/poster-a4.png"), png).expect("write sample");
    }
}

#[test]
fn a3_png_scans_back_and_meets_two_metres() {
    check_png(PaperSize::A3, MIN_SYMBOL_MM_A3);
}

/// Smaller and larger codes than a lecture's still scan, and a bigger version never
/// gets a smaller symbol: prints the sizes quoted in `poster.rs`.
#[test]
fn code_sizes_across_versions() {
    for size in [PaperSize::A4, PaperSize::A3] {
        let mut last_mm = 0.0;
        for (len, want_version) in [(100, 5), (160, 7), (294, 10), (420, 13)] {
            let code = support::code_text(len, len as u64);
            let png = poster_png(&support::poster(&code), size).expect("poster renders");
            let (_, read) = decode(&png);
            assert_eq!(read.text, code);
            assert_eq!(read.version, want_version, "{len} characters");
            assert!(
                read.symbol_mm >= last_mm * 0.97,
                "{size:?} v{want_version} shrank"
            );
            last_mm = read.symbol_mm;
            let modules = 17 + 4 * read.version;
            println!(
                "{size:?} version {} ({modules} modules): module {:.2} mm, symbol {:.0} mm",
                read.version,
                read.symbol_mm / modules as f32,
                read.symbol_mm
            );
        }
    }
}

#[test]
fn pdf_has_paper_size_and_japanese_text() {
    let code = support::lecture_code();
    let p = support::poster(&code);
    let dir = tempfile::tempdir().expect("temp dir");
    for (size, pts) in [(PaperSize::A4, "pts (A4)"), (PaperSize::A3, "pts (A3)")] {
        let pdf = poster_pdf(&p, size).expect("poster PDF");
        assert!(pdf.starts_with(b"%PDF"));
        let file = dir.path().join(format!("{size:?}.pdf"));
        std::fs::write(&file, &pdf).expect("write PDF");
        let info = support::pdfinfo(&file);
        assert!(info.contains(pts), "{size:?} page size: {info}");
        let text = support::squash(&support::pdftotext(&file, None));
        for want in [
            &p.congress_name,
            &p.session_title,
            "一般社団法人日本核医学会",
            "教育講演2単位",
            "JSNM学会参加登録アプリで読み取ってください",
        ] {
            assert!(
                text.contains(&support::squash(want)),
                "{size:?}: {want:?} missing in {text}"
            );
        }
        if let (Ok(dir), PaperSize::A4) = (std::env::var("ATTEND_PRINT_SAMPLES"), size) {
            std::fs::write(format!("{dir}/poster-a4.pdf"), &pdf).expect("write sample");
        }
    }
}

#[test]
fn codes_and_titles_that_cannot_be_printed_are_refused_with_words() {
    use attend_domain::{Locale, Localized};
    use attend_print::PrintError;

    let too_long = support::code_text(5000, 1);
    let err = poster_png(&support::poster(&too_long), PaperSize::A3).expect_err("too long");
    assert!(matches!(err, PrintError::CodeTooLong(_)), "{err}");

    // Version 30: fits in a QR code, but its modules would be too small to read from
    // the back of a room on A4.
    let dense = support::code_text(1500, 2);
    let err = poster_pdf(&support::poster(&dense), PaperSize::A4).expect_err("too dense");
    assert!(matches!(err, PrintError::CodeTooDense { .. }), "{err}");
    assert!(err.message(Locale::Ja).contains("A3"));

    let mut p = support::poster(&support::lecture_code());
    p.session_title = "核医学".repeat(60);
    let err = poster_png(&p, PaperSize::A4).expect_err("title too long");
    assert!(matches!(err, PrintError::TextTooLong(_)), "{err}");
    assert!(err.message(Locale::En).contains("shorten"));
}

#[test]
fn same_poster_same_png() {
    // A pure function: a reprint is pixel-identical, and a changed code changes it.
    // (The PDF carries random document ids from printpdf, so only the PNG is compared.)
    let p = support::poster(&support::lecture_code());
    let first = poster_png(&p, PaperSize::A4).expect("png");
    assert_eq!(Some(&first), poster_png(&p, PaperSize::A4).ok().as_ref());
    let other = support::poster(&support::code_text(294, 8));
    assert_ne!(
        Some(&first),
        poster_png(&other, PaperSize::A4).ok().as_ref()
    );
}
