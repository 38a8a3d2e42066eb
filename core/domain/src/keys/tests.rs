use chrono::{TimeZone, Utc};

use super::*;

#[test]
fn the_demo_key_matches_the_bundled_public_key() {
    let key = demo_signing_key().expect("demo key parses");
    assert_eq!(key.key_id(), DEMO_KEY_ID);
    let set = KeySet::bundled_default();
    assert_eq!(set.society, "JSNM");
    let entry = set.get(DEMO_KEY_ID).expect("demo key bundled");
    assert_eq!(entry.public_key, key.public_key());
    assert_eq!(
        entry.valid_from,
        Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap()
    );
    assert_eq!(entry.valid_until, None);
    assert!(!entry.revoked);
    assert!(set.get("other").is_none());
}

#[test]
fn signatures_verify_with_the_public_key_only() {
    let key = demo_signing_key().expect("demo key parses");
    let sig = key.sign(b"message");
    assert_eq!(sig.len(), 64);
    // Deterministic: the payload snapshot relies on it.
    assert_eq!(sig, key.sign(b"message"));
    let public = ring::signature::UnparsedPublicKey::new(
        &ring::signature::ED25519,
        KeySet::bundled_default().keys[0].public_key.clone(),
    );
    assert!(public.verify(b"message", &sig).is_ok());
    assert!(public.verify(b"messagf", &sig).is_err());
}

#[test]
fn generated_keys_round_trip_through_pkcs8() {
    let (key, pkcs8) = SigningKey::generate("jsnm-2027").expect("generates");
    let again = SigningKey::from_pkcs8("jsnm-2027", &pkcs8).expect("reads back");
    assert_eq!(key.public_key(), again.public_key());
    assert_eq!(key.sign(b"x"), again.sign(b"x"));
    let (other, _) = SigningKey::generate("jsnm-2027").expect("generates");
    assert_ne!(key.public_key(), other.public_key());
    // Debug never shows key material.
    assert!(!format!("{key:?}").contains(&format!("{:?}", key.public_key())));
}

#[test]
fn openssl_style_pkcs8_v1_is_accepted() {
    // `openssl genpkey -algorithm ed25519 -outform DER` writes v1 (seed only): the
    // 16-byte header of RFC 8410 then the 32-byte seed. Use the demo key's seed, which
    // sits in the same place in ring's v2 document.
    let v2 = include_bytes!("../../../../fixtures/keys/demo-2026.pk8");
    let header: [u8; 16] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    let mut v1 = header.to_vec();
    v1.extend_from_slice(&v2[16..48]);
    let key = SigningKey::from_pkcs8("v1", &v1).expect("v1 accepted");
    assert_eq!(
        key.public_key(),
        demo_signing_key().expect("demo").public_key()
    );
}

#[test]
fn bad_private_keys_are_refused() {
    for doc in [&b""[..], b"not a key", &[0u8; 83]] {
        let err = SigningKey::from_pkcs8("k", doc).expect_err("refused");
        assert!(matches!(err, KeyError::BadPrivateKey(_)));
        assert!(!err.message(Locale::Ja).is_ascii());
    }
}

#[test]
fn key_set_json_round_trips() {
    let (key, _) = SigningKey::generate("jsnm-2027").expect("generates");
    let mut set = KeySet::bundled_default();
    let from = Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap();
    let until = Utc.with_ymd_and_hms(2027, 8, 31, 0, 0, 0).unwrap();
    set.keys.push(key.public_entry(from, Some(until)));
    set.keys[0].revoked = true;
    let json = set.to_json();
    assert!(
        json.contains("2FeqKNwpJN6P2xzoOPPtkEdFomVnf2XmIVK_-0XmrvM"),
        "{json}"
    );
    assert_eq!(KeySet::from_json(&json), Ok(set));
}

#[test]
fn key_set_json_is_checked() {
    let entry = |id: &str, key: &str| {
        format!(
            r#"{{"key_id":"{id}","public_key":"{key}","valid_from":"2020-01-01T00:00:00Z","valid_until":null,"revoked":false}}"#
        )
    };
    let set =
        |entries: &[String]| format!(r#"{{"society":"JSNM","keys":[{}]}}"#, entries.join(","));
    let demo = "2FeqKNwpJN6P2xzoOPPtkEdFomVnf2XmIVK_-0XmrvM";

    assert!(KeySet::from_json(&set(&[entry("a", demo)])).is_ok());
    // Padded base64url, as some tools write it.
    assert!(KeySet::from_json(&set(&[entry("a", &format!("{demo}="))])).is_ok());
    assert_eq!(
        KeySet::from_json(&set(&[entry("a", "AAAA")])),
        Err(KeyError::BadPublicKey("a".into()))
    );
    assert_eq!(
        KeySet::from_json(&set(&[entry("a", demo), entry("a", demo)])),
        Err(KeyError::DuplicateKeyId("a".into()))
    );
    for bad in ["", "{}", "null", "[1,2]", &set(&[entry("a", "!!!")])] {
        let err = KeySet::from_json(bad).expect_err("refused");
        assert!(matches!(err, KeyError::Json(_)), "{bad}: {err:?}");
        assert_ne!(err.message(Locale::Ja), err.message(Locale::En));
    }
}
