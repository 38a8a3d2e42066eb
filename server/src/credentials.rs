//! Passwords, temporary passwords and login tokens.
//!
//! - Passwords are hashed with argon2id, m = 19 MiB (19456 KiB), t = 2, p = 1: OWASP's
//!   recommended minimum, ~25 ms on one core of these machines, so a login costs
//!   little while a stolen table costs an attacker a great deal per guess.
//! - Temporary passwords are 10 characters from an alphabet without look-alikes
//!   (no 0/O, 1/l/I), printed on the paper notice: ~57 bits.
//! - Tokens are 32 random bytes (256 bits) in base64url; only their SHA-256 is stored,
//!   so a copy of the database does not log anyone in. A fast hash is right here: the
//!   token is random, not a guessable password.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::Rng;
use ring::digest;

/// Characters of temporary passwords: no 0/O/o, 1/l/I, nor symbols a member could
/// mistype from paper.
const TEMP_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
pub const TEMP_PASSWORD_LEN: usize = 10;
pub const MIN_PASSWORD_LEN: usize = 10;
pub const MAX_PASSWORD_LEN: usize = 128;

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

fn argon2() -> Result<Argon2<'static>, HashError> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| HashError(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_password(password: &str) -> Result<String, HashError> {
    let mut salt_bytes = [0u8; 16];
    rand::rng().fill(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| HashError(e.to_string()))?;
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// True when `password` matches the stored PHC string. A stored value that is not a
/// hash (e.g. `!` for accounts created without a password) never matches.
pub fn verify_password(stored: &str, password: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let Ok(argon) = argon2() else {
        return false;
    };
    argon.verify_password(password.as_bytes(), &parsed).is_ok()
}

/// Spends the time of a real verification for a member number that does not exist, so
/// the answer's timing does not tell which numbers are members.
pub fn dummy_verify(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash_password("not-a-member-password").unwrap_or_default());
    let _ = verify_password(stored, password);
}

pub fn temporary_password() -> String {
    let mut rng = rand::rng();
    (0..TEMP_PASSWORD_LEN)
        .map(|_| char::from(TEMP_ALPHABET[rng.random_range(0..TEMP_ALPHABET.len())]))
        .collect()
}

/// A fresh token and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    let d = digest::digest(&digest::SHA256, token.as_bytes());
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password(&h, "correct horse"));
        assert!(!verify_password(&h, "correct horsf"));
        assert!(!verify_password("!", "anything"));
    }

    #[test]
    fn temporary_passwords_avoid_lookalikes() {
        for _ in 0..200 {
            let p = temporary_password();
            assert_eq!(p.len(), TEMP_PASSWORD_LEN);
            assert!(!p.contains(['0', 'O', 'o', '1', 'l', 'I']), "{p}");
        }
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_eq!(ha, token_hash(&a));
        assert_eq!(ha.len(), 64);
    }
}
