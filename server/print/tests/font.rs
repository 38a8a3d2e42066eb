//! Finding the Japanese font: the standard Debian places and the `ATTEND_FONT`
//! override. One test function, because it changes the process environment.

use attend_domain::{Locale, Localized};
use attend_print::{find_japanese_font, PrintError, FONT_ENV};

#[test]
fn font_lookup_and_override() {
    std::env::remove_var(FONT_ENV);
    let font = find_japanese_font().unwrap_or_else(|e| panic!("{}", e.message(Locale::En)));
    assert!(
        font.path().starts_with("/usr/share/fonts"),
        "{}",
        font.path().display()
    );
    let standard = font.path().to_owned();

    let dir = tempfile::tempdir().expect("temp dir");

    // The override wins, even over a font in the standard place.
    let copy = dir.path().join("office.ttf");
    std::fs::copy(&standard, &copy).expect("copy font");
    std::env::set_var(FONT_ENV, &copy);
    assert_eq!(find_japanese_font().expect("override").path(), copy);

    // A set but broken override is an error naming what to fix, not a silent fallback.
    std::env::set_var(FONT_ENV, dir.path().join("missing.ttf"));
    let err = find_japanese_font().expect_err("missing file");
    assert!(matches!(err, PrintError::FontUnusable { .. }));
    assert!(err.message(Locale::Ja).contains("ATTEND_FONT"));

    let junk = dir.path().join("junk.ttf");
    std::fs::write(&junk, b"not a font at all").expect("write");
    std::env::set_var(FONT_ENV, &junk);
    assert!(matches!(
        find_japanese_font(),
        Err(PrintError::FontUnusable { .. })
    ));

    // A Latin-only font would print empty boxes: refused.
    let latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if std::path::Path::new(latin).is_file() {
        std::env::set_var(FONT_ENV, latin);
        let err = find_japanese_font().expect_err("Latin-only font");
        assert!(err.to_string().contains("no Japanese glyphs"), "{err}");
    }

    // A face inside a collection, `path#index`.
    let noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    if std::path::Path::new(noto).is_file() {
        std::env::set_var(FONT_ENV, format!("{noto}#0"));
        assert_eq!(find_japanese_font().expect("noto face 0").index(), 0);
    }
    std::env::remove_var(FONT_ENV);
}

#[test]
fn missing_font_message_names_the_package() {
    let err = PrintError::FontMissing {
        looked_in: vec!["/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf".into()],
    };
    let ja = err.message(Locale::Ja);
    let en = err.message(Locale::En);
    assert!(
        ja.contains("fonts-ipaexfont-gothic") && ja.contains("日本語フォント"),
        "{ja}"
    );
    assert!(
        en.contains("fonts-ipaexfont-gothic") && en.contains("ATTEND_FONT"),
        "{en}"
    );
}
