//! The text inside a congress QR code: versioned, compact, signed by the society.
//!
//! A code is `JSNM1:` + base45( body ‖ Ed25519 signature(body) ), where body is the
//! binary layout of the `layout` module (version byte first). The signature covers the body bytes
//! exactly as transmitted, never a re-serialisation, so nothing a later version adds
//! can be stripped or reordered without breaking it.
//!
//! # Why this encoding (measured)
//!
//! A poster must scan from two metres, so the choice is by the QR version it needs at
//! error correction M (the `qrcode` crate's real, segment-optimised encoding), on the
//! 63rd congress's samples signed by the demo key (key id `jsnm-demo-2026`): congress
//! 「第63回日本核医学会学術総会」, lecture 「教育講演3 核医学治療の最新動向とセラノスティクス」.
//! Text = prefix + encoding of (body + 64-byte signature); QR version at M.
//!
//! | payload | body bytes | **base45** (alnum mode) | base64url (byte mode) | base45, UTF-8-only strings | base45 of CBOR array |
//! |---|---|---|---|---|---|
//! | lecture poster | 135 | **305 chars, v10** | 272 chars, v12 | 353 chars, v11 | 360 chars, v11 |
//! | lecture, rotating (30 s) | 136 | **306 chars, v10** | 273 chars, v12 | 354 chars, v11 | 366 chars, v11 |
//! | congress desk | 102 | **255 chars, v9** | 228 chars, v11 | 279 chars, v10 | 285 chars, v10 |
//!
//! - base45 beats base64url by two QR versions: its text is longer, but QR stores
//!   alphanumeric characters in 5.5 bits and bytes in 8, so base45 costs 8.25 bits a
//!   byte and base64url 10.7. This is the EU digital COVID certificate's reasoning
//!   (`HC1:` + base45), and the figures confirm it for our payloads.
//! - Japanese titles dominate the body. UTF-16 takes 2 bytes a kanji where UTF-8 takes
//!   3, so each string is stored in whichever is shorter: that is the difference
//!   between version 10 and 11 for a lecture. For the same reason CBOR (whose text
//!   strings must be UTF-8; sizes computed from RFC 8949's header rules) lands on v11,
//!   and our own layout needs no dependency.
//! - Deflate (zlib, level 9, raw) shrinks the lecture body by 6 bytes (135 → 129) and
//!   the congress body by 10: no QR version changes, at the cost of a dependency and a
//!   decompressor facing untrusted input. Not used.
//! - The budget is tight: version 10 at M holds [`QR_V10_M_ALNUM_CAPACITY`] = 311
//!   characters, and a rotating lecture code fits titles up to 26 kanji. Keep key ids
//!   and session ids short (each ASCII byte costs 1.5 characters); a longer title still
//!   works, in a denser QR code.
//!
//! `cargo test -p attend-domain measure -- --nocapture` recomputes and prints the
//! figures; the test fails if base45 stops being the smallest or leaves version 10.
//!
//! # Verification order, and why
//!
//! [`verify`] checks, in order: text and body parse → version → society → key (known,
//! not revoked, `at` within the key's validity) → signature → validity window →
//! rotation step.
//!
//! - Society before key and signature: another society's code is signed with a key we
//!   do not have, so checking the key first would tell the member "unknown key, update
//!   the app", which is wrong and sends them on a useless errand. Reading the society
//!   unverified is safe because it can only lead to a refusal, never to acceptance.
//! - Key before signature: the signature can only be checked with the key.
//! - Signature before the time checks: a forged or damaged code is reported as such
//!   (BadSignature), never as "expired", which would suggest it was genuine.
//! - A key is trusted only during its own validity: before its `valid_from` it is
//!   treated as unknown (not yet published for use, the app's set may be old), after
//!   its `valid_until` as revoked (retired: codes signed with it are withdrawn).
//! - Rotation: a projected code's step must be `floor((at − valid_from) / period)`, with
//!   [`ROTATION_GRACE_SECS`] of slack on both sides of the step: after the screen flips
//!   (the member pressed the button as it changed) and before it (the phone's clock is a
//!   few seconds behind the projector's).

mod layout;
mod qrtext;

#[cfg(test)]
mod measure;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod samples;
#[cfg(test)]
mod tests;

use chrono::{DateTime, FixedOffset, Offset, TimeDelta, Utc};
use ring::signature::{UnparsedPublicKey, ED25519};

use crate::keys::{KeySet, SigningKey};
use crate::model::{CodeClaims, RejectReason};
use crate::text::{Locale, Localized};

pub use layout::VERSION;
pub use qrtext::{MAX_TEXT_LEN, PREFIX};

/// Characters QR version 10 holds at error correction M in alphanumeric mode (ISO/IEC
/// 18004 table 7; a test checks it against the `qrcode` crate). A code's text longer
/// than this needs a denser QR code that scans less well from two metres: the server
/// should keep titles short enough (see the figures above).
pub const QR_V10_M_ALNUM_CAPACITY: usize = 311;

/// Ed25519 signature length; the last 64 bytes of the decoded text.
pub const SIGNATURE_LEN: usize = 64;

/// How long, in seconds, a rotating code's step is still accepted after the screen
/// moved on (and before its step starts, for a phone clock running behind). Ten
/// seconds covers a member who scans just as the code flips and the time the camera
/// takes to focus, while a photo forwarded to someone elsewhere is stale well before
/// it is opened, since periods are 30 s or more.
pub const ROTATION_GRACE_SECS: i64 = 10;

/// Signs `claims` with `key` and gives the text to put in the QR code.
///
/// `claims.key_id` must be `key.key_id()` (else [`CodeError::UnknownKey`]), times must
/// be whole seconds from 2020 on with `valid_until ≥ valid_from`, and a rotation period
/// must be ≥ 1 s, and the text must fit a QR code at all ([`MAX_TEXT_LEN`]); else
/// [`CodeError::Malformed`] with the reason. Keep the text within
/// [`QR_V10_M_ALNUM_CAPACITY`] for posters that scan from afar.
pub fn sign(claims: &CodeClaims, key: &SigningKey) -> Result<String, CodeError> {
    if claims.key_id != key.key_id() {
        return Err(CodeError::UnknownKey(claims.key_id.clone()));
    }
    let mut signed = layout::encode(claims)?;
    let signature = key.sign(&signed);
    signed.extend_from_slice(&signature);
    let text = qrtext::to_text(&signed);
    // verify refuses longer texts (no QR code holds them): refuse to make them.
    if text.len() > MAX_TEXT_LEN {
        return Err(CodeError::Malformed("too long for a QR code".into()));
    }
    Ok(text)
}

/// Reads a code without checking its signature, key or times: to show what a code
/// says or why it failed. Never trust the result for credit; use [`verify`].
pub fn read_unverified(text: &str) -> Result<CodeClaims, CodeError> {
    let (body, _) = split(text)?;
    layout::decode(&body)
}

/// Checks a scanned code completely, as scanned at `at` (the scan's time, also on the
/// server, so a scan queued offline verifies as it did on the phone).
/// `society` is ours ("JSNM"); the order of the checks is explained in the module notes.
pub fn verify(
    text: &str,
    keys: &KeySet,
    society: &str,
    at: DateTime<Utc>,
) -> Result<CodeClaims, CodeError> {
    let (body, signature) = split(text)?;
    let claims = layout::decode(&body)?;
    if claims.society != society {
        return Err(CodeError::ForeignSociety(claims.society));
    }

    let entry = keys
        .get(&claims.key_id)
        .ok_or_else(|| CodeError::UnknownKey(claims.key_id.clone()))?;
    if entry.revoked || entry.valid_until.is_some_and(|until| at > until) {
        return Err(CodeError::RevokedKey(claims.key_id));
    }
    if at < entry.valid_from {
        return Err(CodeError::UnknownKey(claims.key_id));
    }
    UnparsedPublicKey::new(&ED25519, &entry.public_key)
        .verify(&body, &signature)
        .map_err(|_| CodeError::BadSignature)?;

    if at < claims.valid_from {
        return Err(CodeError::NotYetValid {
            valid_from: claims.valid_from,
        });
    }
    if at > claims.valid_until {
        return Err(CodeError::Expired {
            valid_until: claims.valid_until,
        });
    }
    if let Some(rotation) = claims.rotation {
        // The step's start and end, widened by the grace. u32 × u32 seconds can pass
        // chrono's range: such a step is centuries away, i.e. stale.
        let secs = |n: i64| TimeDelta::try_seconds(n).ok_or(CodeError::StaleRotation);
        let period = i64::from(rotation.period_secs);
        let start = period
            .checked_mul(i64::from(rotation.step))
            .ok_or(CodeError::StaleRotation)?;
        let grace = ROTATION_GRACE_SECS;
        let earliest = claims
            .valid_from
            .checked_add_signed(secs(start - grace)?)
            .ok_or(CodeError::StaleRotation)?;
        let latest = claims
            .valid_from
            .checked_add_signed(secs(start + period + grace)?)
            .ok_or(CodeError::StaleRotation)?;
        if at < earliest || at > latest {
            return Err(CodeError::StaleRotation);
        }
    }
    Ok(claims)
}

/// The decoded text split into the body (version checked) and the signature.
fn split(text: &str) -> Result<(Vec<u8>, Vec<u8>), CodeError> {
    let mut bytes = qrtext::from_text(text)?;
    let first = *bytes
        .first()
        .ok_or_else(|| CodeError::Malformed("empty".into()))?;
    if first != VERSION {
        return Err(CodeError::UnsupportedVersion(first));
    }
    if bytes.len() <= SIGNATURE_LEN {
        return Err(CodeError::Malformed("truncated".into()));
    }
    let signature = bytes.split_off(bytes.len() - SIGNATURE_LEN);
    Ok((bytes, signature))
}

/// Why a code was refused. Each maps onto the [`RejectReason`] the server reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not one of our codes, or damaged: the detail is for logs, not for members.
    #[error("not a valid congress code: {0}")]
    Malformed(String),
    #[error("code format version {0} is not supported by this version")]
    UnsupportedVersion(u8),
    #[error("the signature does not match")]
    BadSignature,
    #[error("unknown signing key {0:?}")]
    UnknownKey(String),
    #[error("signing key {0:?} has been revoked or retired")]
    RevokedKey(String),
    #[error("the code is valid from {valid_from}")]
    NotYetValid { valid_from: DateTime<Utc> },
    #[error("the code expired at {valid_until}")]
    Expired { valid_until: DateTime<Utc> },
    #[error("the rotating code has already changed")]
    StaleRotation,
    #[error("the code belongs to another society ({0})")]
    ForeignSociety(String),
}

impl CodeError {
    pub fn reject_reason(&self) -> RejectReason {
        match self {
            CodeError::Malformed(_) | CodeError::UnsupportedVersion(_) => RejectReason::Malformed,
            CodeError::BadSignature => RejectReason::BadSignature,
            CodeError::UnknownKey(_) => RejectReason::UnknownKey,
            CodeError::RevokedKey(_) => RejectReason::RevokedKey,
            CodeError::NotYetValid { .. } | CodeError::Expired { .. } => {
                RejectReason::OutsideWindow
            }
            CodeError::StaleRotation => RejectReason::StaleRotation,
            CodeError::ForeignSociety(_) => RejectReason::ForeignSociety,
        }
    }
}

/// Members are in Japan and the posters give times in JST.
fn jst(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    // 9 h is within FixedOffset's ±24 h, so this is always Some; UTC is the fallback.
    let offset = FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| Utc.fix());
    t.with_timezone(&offset)
}

impl Localized for CodeError {
    fn message(&self, locale: Locale) -> String {
        match self {
            CodeError::UnsupportedVersion(_) => locale
                .pick(
                    "このQRコードは新しい形式です。アプリを最新版に更新してから、もう一度読み取ってください。",
                    "This QR code uses a newer format. Update the app and scan it again.",
                )
                .to_owned(),
            CodeError::NotYetValid { valid_from } => {
                let t = jst(*valid_from);
                match locale {
                    Locale::Ja => format!(
                        "このQRコードの受付はまだ始まっていません（{} から受付）。",
                        t.format("%Y年%-m月%-d日 %H:%M")
                    ),
                    Locale::En => format!(
                        "Registration with this QR code has not started yet (it opens {} JST).",
                        t.format("%Y-%m-%d %H:%M")
                    ),
                }
            }
            CodeError::Expired { valid_until } => {
                let t = jst(*valid_until);
                match locale {
                    Locale::Ja => format!(
                        "このQRコードの受付は終了しました（{} まで）。",
                        t.format("%Y年%-m月%-d日 %H:%M")
                    ),
                    Locale::En => format!(
                        "Registration with this QR code has closed (it closed {} JST).",
                        t.format("%Y-%m-%d %H:%M")
                    ),
                }
            }
            CodeError::ForeignSociety(other) => {
                // The name comes from an unverified code: show a short, printable part.
                // (Letters, digits, ASCII punctuation: no controls, no bidi overrides.)
                let other: String = other
                    .chars()
                    .filter(|c| c.is_alphanumeric() || c.is_ascii_punctuation() || *c == ' ')
                    .take(20)
                    .collect();
                match locale {
                    Locale::Ja => format!("他の学会（{other}）のQRコードです。"),
                    Locale::En => format!("This QR code belongs to another society ({other})."),
                }
            }
            other => other.reject_reason().message(locale),
        }
    }
}
