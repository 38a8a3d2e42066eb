//! Properties over arbitrary claims and arbitrary damage. Case counts are proptest's
//! default (256); `PROPTEST_CASES=5000 cargo test -p attend-domain proptests` runs more.

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;

use super::*;
use crate::keys::{demo_signing_key, KeySet, SigningKey, DEMO_KEY_ID};
use crate::model::{CodeClaims, CreditKind, Rotation};

fn demo() -> SigningKey {
    demo_signing_key().expect("demo key parses")
}

/// Any Unicode (including astral characters, which take surrogate pairs in UTF-16).
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(|c| c.into_iter().collect())
}

/// Mostly Japanese with some ASCII, like real titles.
fn title() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![0x3041u32..0x3097, 0x4e00u32..0x9fa0, 0x20u32..0x7f],
        0..40,
    )
    .prop_map(|v| v.into_iter().filter_map(char::from_u32).collect())
}

prop_compose! {
    fn claims()(
        society in text(8),
        congress_id in text(16),
        congress_name in prop_oneof![text(30), title()],
        session_id in text(16),
        session_title in prop_oneof![text(40), title()],
        kind in text(10),
        credit in any::<u16>(),
        from in 0u32..=u32::MAX,
        span in 0u32..=u32::MAX,
        key_id in text(16),
        rotation in proptest::option::of((1u32..=u32::MAX, any::<u32>())),
    ) -> CodeClaims {
        let valid_from = DateTime::<Utc>::from_timestamp(layout::EPOCH_SECS + i64::from(from), 0)
            .expect("in range");
        CodeClaims {
            society,
            congress_id,
            congress_name,
            session_id,
            session_title,
            kind: CreditKind(kind),
            credit,
            valid_from,
            valid_until: valid_from + TimeDelta::seconds(i64::from(span)),
            key_id,
            rotation: rotation.map(|(period_secs, step)| Rotation { period_secs, step }),
        }
    }
}

/// A valid demo-signed code and a scan time at which it verifies.
fn valid_code() -> impl Strategy<Value = (String, DateTime<Utc>)> {
    claims().prop_map(|mut c| {
        c.society = "JSNM".into();
        c.key_id = DEMO_KEY_ID.into();
        // Keep the step inside the window, and scan at the start of that step.
        let span = c.valid_until.timestamp() - c.valid_from.timestamp();
        let at = match &mut c.rotation {
            Some(r) => {
                let last_step = span / i64::from(r.period_secs);
                r.step = r.step.min(u32::try_from(last_step).unwrap_or(u32::MAX));
                c.valid_from + TimeDelta::seconds(i64::from(r.period_secs) * i64::from(r.step))
            }
            None => c.valid_from,
        };
        (sign(&c, &demo()).expect("signs"), at)
    })
}

const ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

proptest! {
    #[test]
    fn any_claims_round_trip(claims in claims()) {
        let key = SigningKey::from_pkcs8(&claims.key_id, include_bytes!(
            "../../../../fixtures/keys/demo-2026.pk8"
        )).expect("demo key");
        let text = sign(&claims, &key).expect("signs");
        prop_assert!(text.starts_with(PREFIX));
        prop_assert!(text[PREFIX.len()..].chars().all(|c| ALPHANUMERIC.contains(c)));
        prop_assert_eq!(read_unverified(&text), Ok(claims.clone()));

        let mut set = KeySet::bundled_default();
        set.keys[0].key_id = claims.key_id.clone();
        let verified = verify(&text, &set, &claims.society, claims.valid_from);
        match claims.rotation {
            None => prop_assert_eq!(verified, Ok(claims)),
            Some(_) => prop_assert!(matches!(
                verified,
                Ok(_) | Err(CodeError::StaleRotation)
            )),
        }
    }

    #[test]
    fn valid_codes_verify((text, at) in valid_code()) {
        prop_assert!(verify(&text, &KeySet::bundled_default(), "JSNM", at).is_ok());
    }

    #[test]
    fn any_changed_character_is_refused(
        (text, at) in valid_code(),
        index in any::<prop::sample::Index>(),
        replacement in prop_oneof![
            prop::sample::select(ALPHANUMERIC.chars().collect::<Vec<_>>()),
            any::<char>(),
        ],
    ) {
        let mut chars: Vec<char> = text.chars().collect();
        let i = index.index(chars.len());
        prop_assume!(chars[i] != replacement);
        chars[i] = replacement;
        let altered: String = chars.into_iter().collect();
        let result = verify(&altered, &KeySet::bundled_default(), "JSNM", at);
        prop_assert!(result.is_err(), "accepted {:?}", altered);
    }

    #[test]
    fn any_changed_byte_is_refused(
        (text, at) in valid_code(),
        index in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let mut bytes = qrtext::from_text(&text).expect("valid text");
        let i = index.index(bytes.len());
        bytes[i] ^= flip;
        let altered = qrtext::to_text(&bytes);
        let result = verify(&altered, &KeySet::bundled_default(), "JSNM", at);
        prop_assert!(result.is_err(), "accepted byte {} ^ {}", i, flip);
    }

    #[test]
    fn any_string_is_refused_without_panic(s in ".{0,400}") {
        let at = Utc::now();
        prop_assert!(verify(&s, &KeySet::bundled_default(), "JSNM", at).is_err());
        let _ = read_unverified(&s);
    }

    #[test]
    fn any_alphanumeric_after_the_prefix_is_refused(
        s in prop::collection::vec(prop::sample::select(ALPHANUMERIC.chars().collect::<Vec<_>>()), 0..400)
    ) {
        let text = format!("{PREFIX}{}", s.into_iter().collect::<String>());
        prop_assert!(verify(&text, &KeySet::bundled_default(), "JSNM", Utc::now()).is_err());
        let _ = read_unverified(&text);
    }

    #[test]
    fn any_bytes_behind_the_prefix_are_refused(
        mut bytes in prop::collection::vec(any::<u8>(), 0..300),
        versioned in any::<bool>(),
    ) {
        if versioned && !bytes.is_empty() {
            bytes[0] = VERSION;
        }
        let text = qrtext::to_text(&bytes);
        prop_assert!(verify(&text, &KeySet::bundled_default(), "JSNM", Utc::now()).is_err());
        let _ = read_unverified(&text);
    }
}
