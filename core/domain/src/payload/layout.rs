//! The binary body of a code, version 1. Byte for byte:
//!
//! ```text
//! u8      version = 1
//! str     society        str     key_id
//! str     congress_id    str     congress_name
//! str     session_id     str     session_title
//! str     kind
//! uvar    credit                      (≤ 65535)
//! uvar    valid_from  − 2020-01-01T00:00:00Z, seconds (≤ u32::MAX, i.e. until 2156)
//! uvar    valid_until − valid_from, seconds          (≤ u32::MAX)
//! uvar    rotation period, seconds (0 = no rotation)
//! uvar    rotation step           (present only when the period is not 0)
//! ```
//!
//! `uvar` is unsigned LEB128, minimal (a padded varint is rejected, so one claims value
//! has exactly one body). `str` is `uvar (byte_len << 1 | utf16)` then the bytes: UTF-8
//! when the flag is 0, UTF-16BE when it is 1. The encoder takes whichever is shorter
//! (UTF-8 on a tie): a kanji or kana is 3 bytes in UTF-8 and 2 in UTF-16, and the two
//! Japanese titles are most of a code, so this alone keeps a realistic lecture code in
//! QR version 10 (see the figures in `payload`'s notes). Anything that does not decode
//! (bad UTF-8, odd UTF-16 length or a lone surrogate, overlong varints, values out of
//! range, bytes left over) is [`CodeError::Malformed`].

use chrono::{DateTime, TimeDelta, Utc};

use super::CodeError;
use crate::model::{CodeClaims, CreditKind, Rotation};

pub const VERSION: u8 = 1;

/// 2020-01-01T00:00:00Z: codes are never dated earlier, and counting from here keeps
/// today's times in 4 varint bytes instead of 5.
pub const EPOCH_SECS: i64 = 1_577_836_800;

fn malformed(detail: &str) -> CodeError {
    CodeError::Malformed(detail.to_owned())
}

/// Serialises the claims; fails on values the layout cannot hold (times before 2020 or
/// with fractions of a second, a window that ends before it starts, a rotation period
/// of 0), which are mistakes of the issuer rather than of a reader.
pub fn encode(claims: &CodeClaims) -> Result<Vec<u8>, CodeError> {
    encode_with(claims, true)
}

/// `utf16: false` writes every string as UTF-8: only to measure what UTF-16 saves.
pub(super) fn encode_with(claims: &CodeClaims, utf16: bool) -> Result<Vec<u8>, CodeError> {
    let mut out = Vec::with_capacity(256);
    out.push(VERSION);
    for s in [
        &claims.society,
        &claims.key_id,
        &claims.congress_id,
        &claims.congress_name,
        &claims.session_id,
        &claims.session_title,
        &claims.kind.0,
    ] {
        put_str(&mut out, s, utf16);
    }
    put_uvar(&mut out, u64::from(claims.credit));

    if claims.valid_from.timestamp_subsec_nanos() != 0
        || claims.valid_until.timestamp_subsec_nanos() != 0
    {
        return Err(malformed("code times must be whole seconds"));
    }
    let from = claims.valid_from.timestamp() - EPOCH_SECS;
    let from = u32::try_from(from)
        .map_err(|_| malformed("valid_from must be between 2020-01-01 and 2156"))?;
    let span = (claims.valid_until - claims.valid_from).num_seconds();
    let span = u32::try_from(span).map_err(|_| {
        malformed("valid_until must not be before valid_from, nor 136 years after it")
    })?;
    put_uvar(&mut out, u64::from(from));
    put_uvar(&mut out, u64::from(span));

    match claims.rotation {
        None => put_uvar(&mut out, 0),
        Some(Rotation { period_secs: 0, .. }) => {
            return Err(malformed("a rotation period must be at least one second"))
        }
        Some(r) => {
            put_uvar(&mut out, u64::from(r.period_secs));
            put_uvar(&mut out, u64::from(r.step));
        }
    }
    Ok(out)
}

/// Parses a body (without the signature). The version byte must already be known to be
/// [`VERSION`]; this reads it again so that `body` is exactly the signed bytes.
pub fn decode(body: &[u8]) -> Result<CodeClaims, CodeError> {
    let mut r = Reader { rest: body };
    match r.byte()? {
        VERSION => {}
        other => return Err(CodeError::UnsupportedVersion(other)),
    }
    let society = r.str()?;
    let key_id = r.str()?;
    let congress_id = r.str()?;
    let congress_name = r.str()?;
    let session_id = r.str()?;
    let session_title = r.str()?;
    let kind = CreditKind(r.str()?);
    let credit = r.uvar_max(u64::from(u16::MAX), "credit out of range")? as u16;
    let from = r.uvar_max(u64::from(u32::MAX), "valid_from out of range")?;
    let span = r.uvar_max(u64::from(u32::MAX), "validity out of range")?;
    let period = r.uvar_max(u64::from(u32::MAX), "rotation period out of range")? as u32;
    let rotation = if period == 0 {
        None
    } else {
        let step = r.uvar_max(u64::from(u32::MAX), "rotation step out of range")? as u32;
        Some(Rotation {
            period_secs: period,
            step,
        })
    };
    if !r.rest.is_empty() {
        return Err(malformed("trailing bytes"));
    }
    // Both fit easily in chrono's range (u32 seconds after 2020), so None is unreachable
    // in practice; still no unwrap on reader input.
    let valid_from = DateTime::<Utc>::from_timestamp(EPOCH_SECS + from as i64, 0)
        .ok_or_else(|| malformed("valid_from out of range"))?;
    let valid_until = valid_from + TimeDelta::seconds(span as i64);
    Ok(CodeClaims {
        society,
        congress_id,
        congress_name,
        session_id,
        session_title,
        kind,
        credit,
        valid_from,
        valid_until,
        key_id,
        rotation,
    })
}

fn put_uvar(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str, allow_utf16: bool) {
    let utf16_len = s.encode_utf16().count() * 2;
    if allow_utf16 && utf16_len < s.len() {
        put_uvar(out, ((utf16_len as u64) << 1) | 1);
        for unit in s.encode_utf16() {
            out.extend_from_slice(&unit.to_be_bytes());
        }
    } else {
        put_uvar(out, (s.len() as u64) << 1);
        out.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, CodeError> {
        let (&b, rest) = self
            .rest
            .split_first()
            .ok_or_else(|| malformed("truncated"))?;
        self.rest = rest;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CodeError> {
        if n > self.rest.len() {
            return Err(malformed("truncated"));
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(head)
    }

    /// Minimal LEB128 of at most `max`.
    fn uvar_max(&mut self, max: u64, what: &str) -> Result<u64, CodeError> {
        let mut value: u64 = 0;
        for i in 0..10u32 {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if i == 9 && bits > 1 {
                return Err(malformed(what));
            }
            value |= bits << (7 * i);
            if b & 0x80 == 0 {
                if i > 0 && b == 0 {
                    return Err(malformed("overlong number"));
                }
                return if value <= max {
                    Ok(value)
                } else {
                    Err(malformed(what))
                };
            }
        }
        Err(malformed(what))
    }

    fn str(&mut self) -> Result<String, CodeError> {
        // A string can't be longer than the body; the cap keeps the shift and the
        // allocation bounded whatever the header says.
        let header = self.uvar_max(u64::from(u32::MAX), "string too long")?;
        let len = usize::try_from(header >> 1).map_err(|_| malformed("string too long"))?;
        let bytes = self.take(len)?;
        if header & 1 == 0 {
            String::from_utf8(bytes.to_vec()).map_err(|_| malformed("text is not valid UTF-8"))
        } else {
            if len % 2 != 0 {
                return Err(malformed("text is not valid UTF-16"));
            }
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16(&units).map_err(|_| malformed("text is not valid UTF-16"))
        }
    }
}
