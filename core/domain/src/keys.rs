//! The society's signing keys: the public key set the app and the server verify codes
//! against, and the private keys the server signs them with.
//!
//! Why a key set with ids, validity and a revoked flag rather than one public key: a
//! key that leaks (a laptop left in a venue) must be withdrawn without breaking the
//! codes signed by the others, and a new year's key must be publishable before its
//! first poster is printed. Each code names its key id; the set says whether that key
//! may be trusted at scan time. The app ships [`KeySet::bundled_default`] and replaces
//! it with the set the server publishes (JSON, [`KeySet::from_json`]).
//!
//! Keys are Ed25519 (`ring`): 32-byte public keys and 64-byte deterministic signatures
//! keep the QR code small, and the same bytes verify on every platform.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, TimeZone, Utc};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde::{Deserialize, Serialize};

use crate::text::{Locale, Localized};

/// Length of a raw Ed25519 public key.
pub const PUBLIC_KEY_LEN: usize = 32;

/// One public key the society has published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeyEntry {
    pub key_id: String,
    /// Raw 32-byte Ed25519 public key; base64url (no padding) in JSON.
    #[serde(with = "base64url")]
    pub public_key: Vec<u8>,
    /// Codes scanned before this time are not trusted with this key.
    pub valid_from: DateTime<Utc>,
    /// The key is retired after this time (`None`: no planned end).
    pub valid_until: Option<DateTime<Utc>>,
    /// Withdrawn (e.g. leaked): no code signed by it is accepted any more.
    pub revoked: bool,
}

/// The society's public keys, by key id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySet {
    pub society: String,
    pub keys: Vec<PublicKeyEntry>,
}

/// Key id of the public demo key in `fixtures/keys/`.
pub const DEMO_KEY_ID: &str = "jsnm-demo-2026";

/// The public half of `fixtures/keys/demo-2026.pk8` (a test asserts they match).
/// Kept as bytes so [`KeySet::bundled_default`] cannot fail.
const DEMO_PUBLIC_KEY: [u8; PUBLIC_KEY_LEN] = [
    0xd8, 0x57, 0xaa, 0x28, 0xdc, 0x29, 0x24, 0xde, 0x8f, 0xdb, 0x1c, 0xe8, 0x38, 0xf3, 0xed, 0x90,
    0x47, 0x45, 0xa2, 0x65, 0x67, 0x7f, 0x65, 0xe6, 0x21, 0x52, 0xbf, 0xfb, 0x45, 0xe6, 0xae, 0xf3,
];

/// The demo key's PKCS#8 document (public test key, see `fixtures/keys/README.md`).
const DEMO_PKCS8: &[u8] = include_bytes!("../../../fixtures/keys/demo-2026.pk8");

impl KeySet {
    /// The key set compiled into the app: society "JSNM" with the public demo key only,
    /// valid from 2020-01-01 with no end. It lets the app verify demo and test codes
    /// offline on first start; the server publishes the real set, which replaces this
    /// one (the app stores it and uses it from then on).
    pub fn bundled_default() -> KeySet {
        KeySet {
            society: "JSNM".to_owned(),
            keys: vec![PublicKeyEntry {
                key_id: DEMO_KEY_ID.to_owned(),
                public_key: DEMO_PUBLIC_KEY.to_vec(),
                valid_from: Utc
                    .timestamp_opt(1_577_836_800, 0)
                    .single()
                    .unwrap_or_default(),
                valid_until: None,
                revoked: false,
            }],
        }
    }

    pub fn get(&self, key_id: &str) -> Option<&PublicKeyEntry> {
        self.keys.iter().find(|k| k.key_id == key_id)
    }

    /// Reads the set the server publishes. Checks what serde cannot: every public key is
    /// 32 bytes and no key id appears twice (which entry would win would be arbitrary).
    pub fn from_json(text: &str) -> Result<KeySet, KeyError> {
        let set: KeySet = serde_json::from_str(text).map_err(|e| KeyError::Json(e.to_string()))?;
        for (i, entry) in set.keys.iter().enumerate() {
            if entry.public_key.len() != PUBLIC_KEY_LEN {
                return Err(KeyError::BadPublicKey(entry.key_id.clone()));
            }
            if set.keys[..i].iter().any(|k| k.key_id == entry.key_id) {
                return Err(KeyError::DuplicateKeyId(entry.key_id.clone()));
            }
        }
        Ok(set)
    }

    pub fn to_json(&self) -> String {
        // Serialising plain strings, bools and chrono times cannot fail; an empty
        // string would only come from a serde_json bug, and from_json would reject it.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// A private Ed25519 key with its id: what the server signs codes with.
pub struct SigningKey {
    key_id: String,
    pair: Ed25519KeyPair,
}

impl std::fmt::Debug for SigningKey {
    // Never print key material, even in logs of a failing test.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A fresh key; the returned PKCS#8 document is what to store (and what
    /// [`SigningKey::from_pkcs8`] reads back).
    pub fn generate(key_id: &str) -> Result<(SigningKey, Vec<u8>), KeyError> {
        let rng = SystemRandom::new();
        let doc = Ed25519KeyPair::generate_pkcs8(&rng).map_err(|_| KeyError::Generate)?;
        let key = SigningKey::from_pkcs8(key_id, doc.as_ref())?;
        Ok((key, doc.as_ref().to_vec()))
    }

    /// Loads a stored key. Accepts PKCS#8 v2 (what `generate` writes) and v1 (what
    /// `openssl genpkey -algorithm ed25519` writes, without the public key), so an office
    /// may create keys with standard tools.
    pub fn from_pkcs8(key_id: &str, pkcs8: &[u8]) -> Result<SigningKey, KeyError> {
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(pkcs8)
            .map_err(|e| KeyError::BadPrivateKey(e.to_string()))?;
        Ok(SigningKey {
            key_id: key_id.to_owned(),
            pair,
        })
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn public_key(&self) -> Vec<u8> {
        self.pair.public_key().as_ref().to_vec()
    }

    /// The entry to publish in the key set for this key.
    pub fn public_entry(
        &self,
        valid_from: DateTime<Utc>,
        valid_until: Option<DateTime<Utc>>,
    ) -> PublicKeyEntry {
        PublicKeyEntry {
            key_id: self.key_id.clone(),
            public_key: self.public_key(),
            valid_from,
            valid_until,
            revoked: false,
        }
    }

    /// Ed25519 signature (64 bytes, deterministic: the same message and key always give
    /// the same signature, which the payload's snapshot test relies on).
    pub fn sign(&self, msg: &[u8]) -> Vec<u8> {
        self.pair.sign(msg).as_ref().to_vec()
    }
}

/// The public demo key's private half, for tests and the demo only: it is committed in
/// `fixtures/keys/`, so anyone can sign codes with it. The server must never trust it
/// in production (it is only in [`KeySet::bundled_default`], which the server's
/// published set replaces).
///
/// Returns a `Result` rather than panicking because it parses a document; the
/// document is compiled in and a test proves it parses, so it does not fail in practice.
pub fn demo_signing_key() -> Result<SigningKey, KeyError> {
    SigningKey::from_pkcs8(DEMO_KEY_ID, DEMO_PKCS8)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("key set is not valid JSON: {0}")]
    Json(String),
    #[error("public key {0:?} is not a 32-byte Ed25519 key")]
    BadPublicKey(String),
    #[error("key id {0:?} appears twice in the key set")]
    DuplicateKeyId(String),
    #[error("private key rejected: {0}")]
    BadPrivateKey(String),
    #[error("could not generate a key")]
    Generate,
}

impl Localized for KeyError {
    fn message(&self, locale: Locale) -> String {
        let list = locale.pick(
            "学会の署名鍵の一覧を読み込めませんでした。しばらくしてから、もう一度お試しください。",
            "The society's key list could not be read. Please try again later.",
        );
        match self {
            KeyError::Json(_) => list.to_owned(),
            // The key id helps the office find the faulty entry.
            KeyError::BadPublicKey(id) | KeyError::DuplicateKeyId(id) => format!("{list}（{id}）"),
            KeyError::BadPrivateKey(_) => locale
                .pick(
                    "署名用の秘密鍵ファイルを読み込めませんでした（PKCS#8形式のEd25519鍵が必要です）。",
                    "The signing key file could not be read (an Ed25519 key in PKCS#8 format is required).",
                )
                .to_owned(),
            KeyError::Generate => locale
                .pick("署名鍵を作成できませんでした。", "A signing key could not be created.")
                .to_owned(),
        }
    }
}

/// Public keys in JSON as base64url without padding (the same alphabet as URLs and
/// JWKs' `x`); padded input is accepted too, as other tools often write it.
mod base64url {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        let decoded = if text.ends_with('=') {
            URL_SAFE.decode(&text)
        } else {
            URL_SAFE_NO_PAD.decode(&text)
        };
        decoded.map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
