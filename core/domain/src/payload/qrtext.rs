//! From signed bytes to the QR text and back: `JSNM1:` then base45 (RFC 9285).
//!
//! base45 uses only QR's alphanumeric characters, so the whole text, prefix included,
//! is encoded in alphanumeric mode (5.5 bits a character, 8.25 bits a byte), where
//! base64url needs byte mode (10.7 bits a byte): the figures in `payload`'s notes.
//! The text never starts or ends with a space (the last character of a base45 group is
//! at most 'W'), so a scanner that trims whitespace cannot change it.

use super::CodeError;

/// Marks the society attendance codes; checked first so a foreign QR code (a URL, a
/// ticket) is refused without decoding. The `1` names this text form (base45 of a
/// binary body and a signature). The body's own first byte is the layout version, so
/// a v2 layout ships under the same prefix and an old app says "update the app"
/// ([`CodeError::UnsupportedVersion`]) instead of "not a credit code".
pub const PREFIX: &str = "JSNM1:";

/// Longest text worth decoding: QR version 40 holds at most 4296 alphanumeric
/// characters, so anything longer did not come from a QR code. Refusing it up front
/// keeps a pasted megabyte from being decoded.
pub const MAX_TEXT_LEN: usize = 4296;

pub fn to_text(signed: &[u8]) -> String {
    let mut text = String::with_capacity(PREFIX.len() + signed.len() * 3 / 2 + 2);
    text.push_str(PREFIX);
    text.push_str(&base45::encode(signed));
    text
}

pub fn from_text(text: &str) -> Result<Vec<u8>, CodeError> {
    // A keyboard-wedge scanner at a desk types the code followed by Enter.
    let text = text.trim_end_matches(['\r', '\n']);
    if text.len() > MAX_TEXT_LEN {
        return Err(CodeError::Malformed("text too long for a QR code".into()));
    }
    let encoded = text
        .strip_prefix(PREFIX)
        .ok_or_else(|| CodeError::Malformed("not a JSNM code".into()))?;
    let bytes =
        base45::decode(encoded).map_err(|_| CodeError::Malformed("bad base45 encoding".into()))?;
    // The base45 crate folds an out-of-range final pair into a byte instead of refusing
    // it (RFC 9285 says refuse); re-encoding catches that, so one code has one text.
    if base45::encode(&bytes) != encoded {
        return Err(CodeError::Malformed("bad base45 encoding".into()));
    }
    Ok(bytes)
}
