use chrono::{DateTime, TimeDelta, Utc};

use super::samples::{self, jst};
use super::*;
use crate::keys::{demo_signing_key, KeySet, SigningKey, DEMO_KEY_ID};
use crate::model::{CodeClaims, RejectReason, Rotation};

fn demo() -> SigningKey {
    demo_signing_key().expect("demo key parses")
}

fn keys() -> KeySet {
    KeySet::bundled_default()
}

fn signed(claims: &CodeClaims) -> String {
    sign(claims, &demo()).expect("signs")
}

fn check(text: &str, at: DateTime<Utc>) -> Result<CodeClaims, CodeError> {
    verify(text, &keys(), "JSNM", at)
}

/// During the lecture, 09:15 JST.
fn during() -> DateTime<Utc> {
    jst(2023, 11, 17, 9, 15, 0)
}

#[test]
fn signed_codes_verify_and_read_back() {
    for claims in [samples::lecture(), samples::congress()] {
        let text = signed(&claims);
        assert!(text.starts_with(PREFIX));
        assert_eq!(check(&text, during()), Ok(claims.clone()));
        assert_eq!(read_unverified(&text), Ok(claims));
    }
    let rotating = samples::lecture_rotating();
    let text = signed(&rotating);
    assert_eq!(check(&text, jst(2023, 11, 17, 9, 30, 45)), Ok(rotating));
}

#[test]
fn a_scanner_newline_is_tolerated() {
    let text = signed(&samples::lecture());
    assert!(check(&format!("{text}\r\n"), during()).is_ok());
    assert!(check(&format!(" {text}"), during()).is_err());
}

#[test]
fn sign_refuses_values_the_layout_cannot_hold() {
    let key = demo();
    let bad = |edit: fn(&mut CodeClaims)| {
        let mut claims = samples::lecture();
        edit(&mut claims);
        sign(&claims, &key)
    };
    assert_eq!(
        bad(|c| c.key_id = "other".into()),
        Err(CodeError::UnknownKey("other".into()))
    );
    for result in [
        bad(|c| c.valid_from += TimeDelta::milliseconds(1)),
        bad(|c| c.valid_until += TimeDelta::nanoseconds(1)),
        bad(|c| c.valid_from = jst(2019, 12, 31, 0, 0, 0)),
        bad(|c| c.valid_until = c.valid_from - TimeDelta::seconds(1)),
        bad(|c| {
            c.rotation = Some(Rotation {
                period_secs: 0,
                step: 0,
            })
        }),
        bad(|c| c.session_title = "核".repeat(1500)),
    ] {
        assert!(matches!(result, Err(CodeError::Malformed(_))), "{result:?}");
    }
}

#[test]
fn the_validity_window_is_inclusive() {
    let claims = samples::lecture();
    let text = signed(&claims);
    let second = TimeDelta::seconds(1);
    assert!(check(&text, claims.valid_from).is_ok());
    assert!(check(&text, claims.valid_until).is_ok());
    assert_eq!(
        check(&text, claims.valid_from - second),
        Err(CodeError::NotYetValid {
            valid_from: claims.valid_from
        })
    );
    assert_eq!(
        check(&text, claims.valid_until + second),
        Err(CodeError::Expired {
            valid_until: claims.valid_until
        })
    );
}

#[test]
fn rotation_steps_and_grace() {
    let claims = samples::lecture_rotating();
    let text = signed(&claims);
    // Step 61 of 30 s is on screen from valid_from + 1830 s to + 1860 s.
    let start = claims.valid_from + TimeDelta::seconds(1830);
    let grace = TimeDelta::seconds(ROTATION_GRACE_SECS);
    let second = TimeDelta::seconds(1);
    let period = TimeDelta::seconds(30);
    for ok in [start, start + period, start + period + grace, start - grace] {
        assert_eq!(check(&text, ok), Ok(claims.clone()), "at {ok}");
    }
    for stale in [
        start + period + grace + second,
        start - grace - second,
        claims.valid_from,
        claims.valid_until,
    ] {
        assert_eq!(
            check(&text, stale),
            Err(CodeError::StaleRotation),
            "at {stale}"
        );
    }
    // A step far beyond anything the window holds is stale, not an overflow.
    let far = CodeClaims {
        rotation: Some(Rotation {
            period_secs: u32::MAX,
            step: u32::MAX,
        }),
        ..claims
    };
    assert_eq!(
        check(&signed(&far), during()),
        Err(CodeError::StaleRotation)
    );
}

#[test]
fn another_key_with_the_same_id_is_a_bad_signature() {
    let (impostor, _) = SigningKey::generate(DEMO_KEY_ID).expect("generates");
    let text = sign(&samples::lecture(), &impostor).expect("signs");
    assert_eq!(check(&text, during()), Err(CodeError::BadSignature));
}

#[test]
fn unknown_revoked_and_retired_keys() {
    let (other, _) = SigningKey::generate("jsnm-2027").expect("generates");
    let claims = CodeClaims {
        key_id: "jsnm-2027".into(),
        ..samples::lecture()
    };
    let text = sign(&claims, &other).expect("signs");
    assert_eq!(
        check(&text, during()),
        Err(CodeError::UnknownKey("jsnm-2027".into()))
    );

    let mut set = keys();
    set.keys
        .push(other.public_entry(jst(2023, 1, 1, 0, 0, 0), None));
    assert_eq!(verify(&text, &set, "JSNM", during()), Ok(claims));

    let demo_text = signed(&samples::lecture());
    let mut revoked = keys();
    revoked.keys[0].revoked = true;
    assert_eq!(
        verify(&demo_text, &revoked, "JSNM", during()),
        Err(CodeError::RevokedKey(DEMO_KEY_ID.into()))
    );
    let mut retired = keys();
    retired.keys[0].valid_until = Some(during() - TimeDelta::seconds(1));
    assert_eq!(
        verify(&demo_text, &retired, "JSNM", during()),
        Err(CodeError::RevokedKey(DEMO_KEY_ID.into()))
    );
    let mut early = keys();
    early.keys[0].valid_from = during() + TimeDelta::seconds(1);
    assert_eq!(
        verify(&demo_text, &early, "JSNM", during()),
        Err(CodeError::UnknownKey(DEMO_KEY_ID.into()))
    );
}

#[test]
fn foreign_society_is_refused_whatever_its_signature() {
    let foreign = CodeClaims {
        society: "JSRT".into(),
        ..samples::lecture()
    };
    // Signed with a key we trust, so the signature is fine: still refused.
    let text = signed(&foreign);
    assert_eq!(
        check(&text, during()),
        Err(CodeError::ForeignSociety("JSRT".into()))
    );
    // Signed with their own key, unknown here: still "foreign", not "unknown key".
    let (theirs, _) = SigningKey::generate("jsrt-1").expect("generates");
    let text = sign(
        &CodeClaims {
            key_id: "jsrt-1".into(),
            ..foreign
        },
        &theirs,
    )
    .expect("signs");
    assert_eq!(
        check(&text, during()),
        Err(CodeError::ForeignSociety("JSRT".into()))
    );
}

fn malformed(text: &str) {
    let result = check(text, during());
    assert!(
        matches!(result, Err(CodeError::Malformed(_))),
        "{:.80}: {result:?}",
        text
    );
    assert!(read_unverified(text).is_err());
}

/// A text from hand-made body bytes, signed by the demo key (so only the body's content
/// can be at fault).
fn from_body(body: &[u8]) -> String {
    let mut bytes = body.to_vec();
    bytes.extend_from_slice(&demo().sign(body));
    qrtext::to_text(&bytes)
}

#[test]
fn garbage_is_malformed() {
    malformed("");
    malformed("hello");
    malformed("https://www.jsnm.org/");
    malformed("jsnm1:ABC");
    malformed(PREFIX);
    malformed(&format!("{PREFIX}!!!"));
    malformed(&format!("{PREFIX}abc"));
    malformed(&format!("{PREFIX}A"));
    malformed(&format!("{PREFIX}:::"));
    malformed(&"A".repeat(1 << 20));
    malformed(&format!("{PREFIX}{}", "A".repeat(1 << 20)));
    // Valid base45 that is too short to hold a body and a signature.
    malformed(&qrtext::to_text(&[VERSION, 0, 0]));
    // A final pair above 255: the base45 crate would fold it into a byte.
    let text = signed(&samples::lecture());
    let cut = &text[..text.len() - 1];
    malformed(cut);
    let mut chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    assert_eq!((n - PREFIX.len()) % 3, 2, "the sample should end in a pair");
    chars[n - 1] = 'Z';
    malformed(&chars.iter().collect::<String>());
}

#[test]
fn bad_bodies_are_malformed_even_when_signed() {
    let good = layout::encode(&samples::lecture()).expect("encodes");
    assert!(check(&from_body(&good), during()).is_ok());

    // Trailing bytes after the last field.
    let mut trailing = good.clone();
    trailing.push(0);
    malformed(&from_body(&trailing));
    // Cut inside a field.
    malformed(&from_body(&good[..good.len() - 2]));
    malformed(&from_body(&good[..20]));
    // society = invalid UTF-8 (flag 0, 2 bytes FF FE), then nothing else.
    malformed(&from_body(&[VERSION, 2 << 1, 0xff, 0xfe]));
    // society = a lone UTF-16 surrogate; and an odd UTF-16 length.
    malformed(&from_body(&[VERSION, (2 << 1) | 1, 0xd8, 0x00]));
    malformed(&from_body(&[VERSION, (3 << 1) | 1, 0x00, 0x41, 0x00]));
    // A string longer than the body.
    malformed(&from_body(&[VERSION, 0xff, 0xff, 0x03, 0x41]));
    // An overlong varint (0 written in two bytes) as the society length.
    malformed(&from_body(&[VERSION, 0x80, 0x00]));
    // A varint running past u64.
    let mut huge = vec![VERSION];
    huge.extend_from_slice(&[0xff; 11]);
    malformed(&from_body(&huge));
}

#[test]
fn a_newer_version_asks_for_an_update() {
    let mut body = layout::encode(&samples::lecture()).expect("encodes");
    body[0] = 2;
    let text = from_body(&body);
    assert_eq!(
        check(&text, during()),
        Err(CodeError::UnsupportedVersion(2))
    );
    assert_eq!(
        read_unverified(&text),
        Err(CodeError::UnsupportedVersion(2))
    );
}

#[test]
fn each_error_maps_to_its_reject_reason() {
    let t = during();
    let cases = [
        (CodeError::Malformed("x".into()), RejectReason::Malformed),
        (CodeError::UnsupportedVersion(2), RejectReason::Malformed),
        (CodeError::BadSignature, RejectReason::BadSignature),
        (CodeError::UnknownKey("k".into()), RejectReason::UnknownKey),
        (CodeError::RevokedKey("k".into()), RejectReason::RevokedKey),
        (
            CodeError::NotYetValid { valid_from: t },
            RejectReason::OutsideWindow,
        ),
        (
            CodeError::Expired { valid_until: t },
            RejectReason::OutsideWindow,
        ),
        (CodeError::StaleRotation, RejectReason::StaleRotation),
        (
            CodeError::ForeignSociety("X".into()),
            RejectReason::ForeignSociety,
        ),
    ];
    for (error, reason) in cases {
        assert_eq!(error.reject_reason(), reason, "{error:?}");
        let (ja, en) = (error.message(Locale::Ja), error.message(Locale::En));
        assert!(!ja.is_empty() && !en.is_empty() && ja != en, "{error:?}");
        assert!(!ja.is_ascii(), "{error:?}: {ja}");
    }
}

#[test]
fn a_foreign_society_name_is_shown_short_and_printable() {
    let error = CodeError::ForeignSociety(format!("JSRT\u{202e}\n{}", "X".repeat(1000)));
    let message = error.message(Locale::En);
    assert!(message.contains("JSRT"));
    assert!(!message.contains(['\u{202e}', '\n']), "{message:?}");
    let japanese = CodeError::ForeignSociety("日本放射線技術学会".into());
    assert!(japanese.message(Locale::Ja).contains("日本放射線技術学会"));
    assert!(message.len() < 100, "{message}");
}

#[test]
fn time_messages_are_specific_and_in_jst() {
    let opens = CodeError::NotYetValid {
        valid_from: jst(2023, 11, 17, 9, 0, 0),
    };
    assert!(opens.message(Locale::Ja).contains("2023年11月17日 09:00"));
    assert!(opens.message(Locale::En).contains("2023-11-17 09:00 JST"));
    let closed = CodeError::Expired {
        valid_until: jst(2023, 11, 17, 10, 30, 0),
    };
    assert!(closed.message(Locale::Ja).contains("10:30"));
    assert!(closed.message(Locale::Ja).contains("終了"));
    assert_ne!(opens.message(Locale::En), closed.message(Locale::En));
}

/// Pins the format: Ed25519 is deterministic, so the demo key signs each sample to the
/// same text every time. A change here is a format change (bump the version) or a
/// changed sample. `UPDATE_FIXTURES=1 cargo test -p attend-domain sample_codes` rewrites
/// `fixtures/codes/` after a deliberate change.
#[test]
fn sample_codes_match_the_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/codes");
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    for (name, claims) in [
        ("lecture", samples::lecture()),
        ("lecture-rotating", samples::lecture_rotating()),
        ("congress", samples::congress()),
    ] {
        let text = signed(&claims);
        let json = serde_json::to_string_pretty(&claims).expect("serialises") + "\n";
        let (text_path, json_path) = (
            dir.join(format!("{name}.txt")),
            dir.join(format!("{name}.claims.json")),
        );
        if update {
            std::fs::write(&text_path, format!("{text}\n")).expect("writes");
            std::fs::write(&json_path, &json).expect("writes");
        }
        let pinned = std::fs::read_to_string(&text_path).expect("fixture exists");
        assert_eq!(
            pinned.trim_end_matches('\n'),
            text,
            "{name}: the format changed"
        );
        let pinned_claims: CodeClaims =
            serde_json::from_str(&std::fs::read_to_string(&json_path).expect("fixture exists"))
                .expect("claims JSON");
        assert_eq!(read_unverified(&pinned), Ok(pinned_claims), "{name}");
    }
}
