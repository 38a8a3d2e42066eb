//! Password letters written to a real PDF and read back page by page with poppler.

mod support;

use attend_domain::{Locale, Localized};
use attend_print::{password_letters_pdf, PrintError};

#[test]
fn one_page_per_member_with_their_own_details() {
    let letters: Vec<_> = (0..3).map(support::letter).collect();
    let pdf = password_letters_pdf(&letters).expect("letters PDF");
    assert!(pdf.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("letters.pdf");
    std::fs::write(&file, &pdf).expect("write PDF");

    let info = support::pdfinfo(&file);
    assert!(info.contains("Pages:           3"), "{info}");
    assert!(info.contains("pts (A4)"), "A4: {info}");

    for (i, l) in letters.iter().enumerate() {
        let page = support::squash(&support::pdftotext(&file, Some(i as u32 + 1)));
        assert!(page.contains(&l.member_number), "page {}: {page}", i + 1);
        assert!(
            page.contains(&support::squash(&format!("{}先生", l.name_kanji))),
            "{page}"
        );
        assert!(
            page.contains(&l.temp_password),
            "password on page {}: {page}",
            i + 1
        );
        assert!(page.contains(&l.member_page_url));
        assert!(page.contains("JSNM学会参加登録"));
        assert!(page.contains(&l.update_deadline_text));
        assert!(page.contains("会員番号・仮パスワード通知書"));
        for (j, other) in letters.iter().enumerate() {
            if j != i {
                assert!(
                    !page.contains(&other.member_number),
                    "page {} leaks letter {}",
                    i + 1,
                    j + 1
                );
            }
        }
    }
    if let Ok(dir) = std::env::var("ATTEND_PRINT_SAMPLES") {
        std::fs::write(format!("{dir}/letters.pdf"), &pdf).expect("write sample");
    }
}

#[test]
fn a_run_of_letters_stays_small() {
    // The font is subset: a run for many members must not embed megabytes per page.
    let letters: Vec<_> = (0..40).map(support::letter).collect();
    let pdf = password_letters_pdf(&letters).expect("letters PDF");
    println!("40 letters: {} KB", pdf.len() / 1024);
    assert!(pdf.len() < 1_500_000, "{} bytes", pdf.len());
}

#[test]
fn nothing_to_print_is_an_error_with_words() {
    let err = password_letters_pdf(&[]).expect_err("empty run");
    assert!(matches!(err, PrintError::Empty));
    assert!(err.message(Locale::Ja).contains("印刷"));
    assert!(err.message(Locale::En).contains("nothing to print"));
}
