//! Creates an Ed25519 signing key: writes its PKCS#8 document to a file and prints the
//! public entry to add to the published key set.
//!
//! `cargo run -p attend-domain --example keygen -- KEY_ID OUT.pk8 [VALID_FROM_RFC3339]`
//!
//! This made `fixtures/keys/demo-2026.pk8` (the public demo key, valid from 2020-01-01).

use attend_domain::keys::SigningKey;
use chrono::{DateTime, Utc};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(key_id), Some(out)) = (args.first(), args.get(1)) else {
        return Err("usage: keygen KEY_ID OUT.pk8 [VALID_FROM_RFC3339]".into());
    };
    let valid_from = match args.get(2) {
        Some(t) => DateTime::parse_from_rfc3339(t)?.with_timezone(&Utc),
        None => Utc::now(),
    };
    if std::path::Path::new(out).exists() {
        return Err(format!("{out} exists; not overwriting a key").into());
    }
    let (key, pkcs8) = SigningKey::generate(key_id)?;
    std::fs::write(out, &pkcs8)?;
    let entry = key.public_entry(valid_from, None);
    println!("{}", serde_json::to_string_pretty(&entry)?);
    let hex: Vec<String> = key
        .public_key()
        .iter()
        .map(|b| format!("0x{b:02x}"))
        .collect();
    eprintln!("public key bytes: [{}]", hex.join(", "));
    Ok(())
}
