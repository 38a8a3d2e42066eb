//! Turning a QR code's data bytes into text.
//!
//! rqrr writes byte-mode segments as the raw bytes and kanji-mode segments as their
//! Shift_JIS byte pairs, and drops ECI designators. QR codes printed in Japan carry
//! Shift_JIS far more often than an ECI saying so, so the rule is the one phone readers
//! use: valid UTF-8 is UTF-8 (ASCII included; the society's own codes are ASCII);
//! otherwise bytes that are valid Shift_JIS are Shift_JIS (this also covers every
//! kanji-mode segment); anything else is ISO-8859-1, the QR standard's default for
//! byte mode, which maps every byte and so never fails.

use encoding_rs::SHIFT_JIS;

/// Text of a QR code's data bytes (see the module note for the rule).
pub fn bytes_to_text(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    if let Some(s) = SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) {
        return s.into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_stays_utf8() {
        assert_eq!(bytes_to_text("会員 JSNM".as_bytes()), "会員 JSNM");
    }

    #[test]
    fn shift_jis_is_decoded() {
        let (sjis, _, bad) = SHIFT_JIS.encode("学術総会の出席単位");
        assert!(!bad);
        assert!(std::str::from_utf8(&sjis).is_err());
        assert_eq!(bytes_to_text(&sjis), "学術総会の出席単位");
    }

    #[test]
    fn other_bytes_are_latin1() {
        assert_eq!(bytes_to_text(&[0x41, 0xE9, 0xFF]), "Aéÿ");
    }
}
