//! Recomputes the figures in `payload`'s notes: text length and QR version at error
//! correction M for base45 (alphanumeric mode) and base64url (byte mode), and for a
//! body with UTF-8-only strings. Run `cargo test -p attend-domain measure -- --nocapture`
//! to print them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use qrcode::{EcLevel, QrCode, Version};

use super::samples;
use super::{layout, qrtext, QR_V10_M_ALNUM_CAPACITY};
use crate::keys::demo_signing_key;
use crate::model::CodeClaims;

fn qr_version(text: &str) -> i16 {
    match QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .expect("fits a QR code")
        .version()
    {
        Version::Normal(v) => v,
        Version::Micro(v) => -v,
    }
}

/// Size of the same claims as a CBOR array (RFC 8949), the other natural choice: a
/// header of 1, 2, 3 or 5 bytes by value, text strings always UTF-8, times as Unix
/// seconds, rotation as null or a 2-array. Computed rather than encoded: the header
/// sizes are fixed by the RFC, and no CBOR crate is worth adding only to measure.
fn cbor_len(c: &CodeClaims) -> usize {
    fn head(n: u64) -> usize {
        match n {
            0..=23 => 1,
            24..=0xff => 2,
            0x100..=0xffff => 3,
            0x1_0000..=0xffff_ffff => 5,
            _ => 9,
        }
    }
    let strings = [
        &c.society,
        &c.key_id,
        &c.congress_id,
        &c.congress_name,
        &c.session_id,
        &c.session_title,
        &c.kind.0,
    ];
    let text: usize = strings.iter().map(|s| head(s.len() as u64) + s.len()).sum();
    let times = head(c.valid_from.timestamp() as u64) + head(c.valid_until.timestamp() as u64);
    let rotation = match c.rotation {
        None => 1,
        Some(r) => 1 + head(u64::from(r.period_secs)) + head(u64::from(r.step)),
    };
    head(11) + text + head(u64::from(c.credit)) + times + rotation
}

struct Figures {
    body: usize,
    cbor: (usize, i16),
    base45: (usize, i16),
    base64: (usize, i16),
    base45_utf8_only: (usize, i16),
}

fn measure(claims: &CodeClaims) -> Figures {
    let key = demo_signing_key().expect("demo key");
    let signed = |utf16: bool| {
        let mut bytes = layout::encode_with(claims, utf16).expect("encodes");
        let sig = key.sign(&bytes);
        bytes.extend_from_slice(&sig);
        bytes
    };
    let bytes = signed(true);
    let b45 = qrtext::to_text(&bytes);
    let b64 = format!("{}{}", qrtext::PREFIX, URL_SAFE_NO_PAD.encode(&bytes));
    let b45_utf8 = qrtext::to_text(&signed(false));
    // base45 of CBOR + signature: any text of the right length in the same charset
    // gives the same QR version.
    let cbor = cbor_len(claims) + super::SIGNATURE_LEN;
    let cbor_text = format!(
        "{}{}",
        qrtext::PREFIX,
        "A".repeat(cbor / 2 * 3 + cbor % 2 * 2)
    );
    Figures {
        body: bytes.len() - super::SIGNATURE_LEN,
        cbor: (cbor_text.len(), qr_version(&cbor_text)),
        base45: (b45.len(), qr_version(&b45)),
        base64: (b64.len(), qr_version(&b64)),
        base45_utf8_only: (b45_utf8.len(), qr_version(&b45_utf8)),
    }
}

#[test]
fn base45_is_the_smaller_qr_code_and_fits_version_10() {
    for (name, claims) in [
        ("lecture poster", samples::lecture()),
        ("lecture, rotating", samples::lecture_rotating()),
        ("congress desk", samples::congress()),
    ] {
        let f = measure(&claims);
        println!(
            "| {name} | {} | {} chars, v{} | {} chars, v{} | {} chars, v{} | {} chars, v{} |",
            f.body,
            f.base45.0,
            f.base45.1,
            f.base64.0,
            f.base64.1,
            f.base45_utf8_only.0,
            f.base45_utf8_only.1,
            f.cbor.0,
            f.cbor.1
        );
        assert!(
            f.base45.1 <= 10,
            "{name}: base45 needs QR version {}",
            f.base45.1
        );
        assert!(f.base45.1 <= f.base64.1, "{name}: base64url is smaller");
        assert!(
            f.base45.1 <= f.base45_utf8_only.1,
            "{name}: UTF-16 does not help"
        );
        assert!(f.base45.1 <= f.cbor.1, "{name}: CBOR is smaller");
        assert!(f.base45.0 <= QR_V10_M_ALNUM_CAPACITY);
    }
}

#[test]
fn longest_lecture_title_that_fits_version_10() {
    // The title is the free part of a code: how many kanji fit beside the others?
    let mut claims = samples::lecture_rotating();
    let mut kanji = 0;
    loop {
        claims.session_title = "核".repeat(kanji + 1);
        if measure(&claims).base45.1 > 10 {
            break;
        }
        kanji += 1;
    }
    println!("longest all-kanji title in QR version 10 (rotating lecture): {kanji}");
    assert!(kanji >= samples::LECTURE_TITLE.chars().count());
}

#[test]
fn version_10_m_alphanumeric_capacity() {
    assert_eq!(qr_version(&"A".repeat(QR_V10_M_ALNUM_CAPACITY)), 10);
    assert_eq!(qr_version(&"A".repeat(QR_V10_M_ALNUM_CAPACITY + 1)), 11);
}

/// The text survives a real QR round trip: rendered by `qrcode` (as the server's
/// posters are) and read by `rqrr` (as the app's decoder does), including base45's
/// space, `$`, `%` and `:` characters, then verifies.
#[test]
fn sample_codes_survive_a_real_qr_round_trip() {
    use crate::keys::KeySet;
    for claims in [
        samples::lecture(),
        samples::lecture_rotating(),
        samples::congress(),
    ] {
        let text = super::sign(&claims, &demo_signing_key().expect("demo key")).expect("signs");
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).expect("fits");
        let (modules, width) = (code.to_colors(), code.width());
        // 4 pixels a module and the 4-module quiet zone the standard asks for.
        let (scale, quiet) = (4, 4);
        let side = (width + 2 * quiet) * scale;
        let mut image = rqrr::PreparedImage::prepare_from_bitmap(side, side, |x, y| {
            let (mx, my) = (
                (x / scale).wrapping_sub(quiet),
                (y / scale).wrapping_sub(quiet),
            );
            mx < width && my < width && modules[my * width + mx] == qrcode::Color::Dark
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, read) = grids[0].decode().expect("decodes");
        assert_eq!(read, text);
        let at = claims.valid_from + chrono::TimeDelta::seconds(1830);
        assert_eq!(
            super::verify(&read, &KeySet::bundled_default(), "JSNM", at),
            Ok(claims)
        );
    }
}
