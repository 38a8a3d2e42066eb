//! The decoder on real photos: qr-corpus (106 images), the panic image and the
//! 12-megapixel stress image. The corpus lives outside the repository, beside it:
//! `$QR_CORPUS_DIR`, default `<workspace>/../shared/qr-corpus` (CI has it); a missing
//! corpus fails the test rather than passing silently.

use std::path::{Path, PathBuf};

use attend_core::decode::{decode_image_file, Effort};

/// Images `Effort::Still` reads correctly, measured at 99 of 106 (see the module note
/// of `attend_core::decode`); the floor leaves a margin of 3 for platform differences
/// in float rounding, and catches any real regression.
const CORPUS_FLOOR: usize = 96;

fn shared_dir(var: &str, name: &str) -> PathBuf {
    let dir = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared")
            .join(name)
    });
    assert!(
        dir.join("manifest.tsv").is_file(),
        "{} not found: the decoder tests need the shared {name} folder (set {var})",
        dir.display()
    );
    dir
}

/// (file, expected text) rows of a qr-corpus style manifest.
fn manifest(dir: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(dir.join("manifest.tsv")).expect("manifest readable");
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let expected: String = serde_json::from_str(cols[1]).expect("expected text is JSON");
            (cols[0].to_owned(), expected)
        })
        .collect()
}

#[test]
fn corpus_reads_are_right_and_enough() {
    let dir = shared_dir("QR_CORPUS_DIR", "qr-corpus");
    let rows = manifest(&dir);
    assert_eq!(rows.len(), 106, "qr-corpus dev set has 106 images");
    let mut read = 0;
    let mut wrong = Vec::new();
    for (file, expected) in &rows {
        let bytes = std::fs::read(dir.join(file)).expect("image readable");
        let report =
            decode_image_file(&bytes, Effort::Still).expect("corpus images are valid files");
        if report.codes.iter().any(|c| &c.text == expected) {
            read += 1;
        } else if let Some(c) = report.codes.first() {
            wrong.push(format!(
                "{file}: read {:?}, expected {:?}",
                c.text, expected
            ));
        }
    }
    assert!(wrong.is_empty(), "wrong reads:\n{}", wrong.join("\n"));
    assert!(
        read >= CORPUS_FLOOR,
        "read {read} of {} corpus images, floor {CORPUS_FLOOR}",
        rows.len()
    );
}

#[test]
fn the_image_that_panics_rqrr_gets_an_answer() {
    let dir = shared_dir("QR_CORPUS_DIR", "qr-corpus");
    let file = "images/qrcode-6__7.png";
    let expected = manifest(&dir)
        .into_iter()
        .find(|(f, _)| f == file)
        .map(|(_, e)| e)
        .expect("in the manifest");
    let bytes = std::fs::read(dir.join(file)).expect("image readable");
    // Plain rqrr panics on this image (caught here to prove the input still does it).
    let luma = attend_core::decode::load_luma(&bytes).expect("valid png");
    let gray = attend_core::decode::Gray {
        w: luma.width() as usize,
        h: luma.height() as usize,
        px: luma.into_raw(),
    };
    assert!(
        attend_core::decode::plain_rqrr(&gray).is_err(),
        "plain rqrr no longer panics here"
    );
    // Both efforts answer without the panic escaping, and `Still` reads the code.
    for effort in [Effort::Live, Effort::Still] {
        let report = decode_image_file(&bytes, effort).expect("valid image");
        assert!(report.codes.iter().all(|c| c.text == expected));
        if effort == Effort::Still {
            assert!(
                report.codes.iter().any(|c| c.text == expected),
                "Still reads it"
            );
        }
    }
    // That our own passes catch the same panic is tested in `decode::reader`.
}

#[test]
fn the_stress_image_terminates() {
    let dir = shared_dir("QR_STRESS_DIR", "qr-stress");
    let rows = manifest(&dir);
    for (file, expected) in rows {
        let bytes = std::fs::read(dir.join(&file)).expect("image readable");
        for effort in [Effort::Live, Effort::Still] {
            let report = decode_image_file(&bytes, effort).expect("valid image");
            // An answer: nothing, or the right code; never a wrong one.
            assert!(
                report.codes.iter().all(|c| c.text == expected),
                "{file}: wrong read"
            );
        }
    }
}
