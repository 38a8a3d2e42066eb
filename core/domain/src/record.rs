//! A printed attendance record (学術集会参加履歴) that the certification committee can
//! check offline: the printout carries a QR code signed by the society.
//!
//! What the QR code signs, and why: the member number, the name, the issue date, the
//! number of records and the SHA-256 of the canonical record lines, in that order.
//! The lines themselves stay on the paper (seven years of records would not fit one
//! scannable code), so a checker recomputes the hash from the printed lines: change one
//! date, title or credit and the hash differs; drop or add a line and the count
//! differs. A record line is printed as exactly one line of text whose whitespace is
//! normalised before hashing, so text extracted from the PDF (`pdftotext`) or typed
//! from a photo of the page hashes the same as what the server signed.
//!
//! Form: `JSNMR1:` + base45( JSON body ‖ Ed25519 signature(body) ), the same keys and
//! text form as the congress codes (`payload`). JSON rather than the codes' binary
//! layout: the printout is read from a sheet of paper at arm's length, not from two
//! metres, so a few hundred characters more cost nothing and a plain body is easier to
//! audit.

use chrono::NaiveDate;
use ring::digest;
use ring::signature::{UnparsedPublicKey, ED25519};
use serde::{Deserialize, Serialize};

use crate::keys::{KeySet, SigningKey};
use crate::text::{Locale, Localized};

pub const PREFIX: &str = "JSNMR1:";
const SIGNATURE_LEN: usize = 64;
/// Longest QR text (version 40, alphanumeric): anything longer is not from a QR code.
const MAX_TEXT_LEN: usize = 4296;

/// One attendance record as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLine {
    pub date: NaiveDate,
    pub congress: String,
    pub session: String,
    /// The credit kind as the member reads it (e.g. 教育講演).
    pub kind_label: String,
    pub credit: u16,
}

impl RecordLine {
    /// The line as printed and hashed: starts with the ISO date, ends with `N単位`.
    pub fn text(&self) -> String {
        normalize(&format!(
            "{} {} / {} [{}] {}単位",
            self.date, self.congress, self.session, self.kind_label, self.credit
        ))
    }
}

/// Collapses every run of whitespace (ASCII or the ideographic space) to one space.
pub fn normalize(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The record lines found in extracted text, in order: lines that start with an ISO
/// date and end with `単位`.
pub fn lines_in_text(text: &str) -> Vec<String> {
    text.lines()
        .map(normalize)
        .filter(|l| {
            l.ends_with("単位")
                && l.len() > 11
                && l.is_char_boundary(10)
                && NaiveDate::parse_from_str(&l[..10], "%Y-%m-%d").is_ok()
                && l[10..].starts_with(' ')
        })
        .collect()
}

fn digest_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut ctx = digest::Context::new(&digest::SHA256);
    for l in lines {
        ctx.update(normalize(l.as_ref()).as_bytes());
        ctx.update(b"\n");
    }
    ctx.finish()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the QR code says, once its signature is checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordProof {
    pub society: String,
    pub key_id: String,
    pub member_number: String,
    pub name: String,
    pub issued_on: NaiveDate,
    pub count: usize,
    /// SHA-256 (hex) of the normalised lines, each followed by `\n`.
    pub lines_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("not a signed attendance record QR code")]
    Malformed,
    #[error("record issued by another society ({0})")]
    ForeignSociety(String),
    #[error("unknown signing key {0}")]
    UnknownKey(String),
    #[error("signing key {0} was withdrawn")]
    RevokedKey(String),
    #[error("the signature does not match")]
    BadSignature,
    #[error(
        "the printed records differ from the signed ones ({found} lines found, {signed} signed)"
    )]
    RecordsDiffer { signed: usize, found: usize },
    #[error("the printed member number or name differs from the signed one")]
    IdentityDiffers,
}

impl Localized for RecordError {
    fn message(&self, locale: Locale) -> String {
        match self {
            RecordError::Malformed => locale
                .pick(
                    "学会の署名付き参加履歴のQRコードではありません。",
                    "This is not the society's signed attendance record code.",
                )
                .to_owned(),
            RecordError::ForeignSociety(s) => match locale {
                Locale::Ja => format!("他の学会（{s}）の参加履歴です。"),
                Locale::En => format!("This record was issued by another society ({s})."),
            },
            RecordError::UnknownKey(k) => match locale {
                Locale::Ja => format!("署名鍵 {k} が見つかりません。鍵の一覧を更新してください。"),
                Locale::En => format!("Signing key {k} is unknown. Update the key list."),
            },
            RecordError::RevokedKey(k) => match locale {
                Locale::Ja => format!("署名鍵 {k} は無効になっています。"),
                Locale::En => format!("Signing key {k} has been withdrawn."),
            },
            RecordError::BadSignature => locale
                .pick(
                    "署名が一致しません。学会が発行した証明ではありません。",
                    "The signature does not match: the society did not issue this proof.",
                )
                .to_owned(),
            RecordError::RecordsDiffer { signed, found } => match locale {
                Locale::Ja => format!(
                    "印刷された参加記録が署名された内容と一致しません（署名 {signed} 件、印刷 {found} 件）。改変されています。"
                ),
                Locale::En => format!(
                    "The printed records differ from the signed ones ({signed} signed, {found} printed): the copy was altered."
                ),
            },
            RecordError::IdentityDiffers => locale
                .pick(
                    "印刷された会員番号または氏名が署名された内容と一致しません。",
                    "The printed member number or name differs from the signed one.",
                )
                .to_owned(),
        }
    }
}

/// Signs the proof of `lines` for a member; the text to put in the QR code.
pub fn sign(
    society: &str,
    member_number: &str,
    name: &str,
    issued_on: NaiveDate,
    lines: &[RecordLine],
    key: &SigningKey,
) -> String {
    let texts: Vec<String> = lines.iter().map(RecordLine::text).collect();
    let proof = RecordProof {
        society: society.to_owned(),
        key_id: key.key_id().to_owned(),
        member_number: member_number.to_owned(),
        name: name.to_owned(),
        issued_on,
        count: texts.len(),
        lines_sha256: digest_lines(&texts),
    };
    // Serialising strings, a date and a number cannot fail.
    let mut signed = serde_json::to_vec(&proof).unwrap_or_default();
    let signature = key.sign(&signed);
    signed.extend_from_slice(&signature);
    format!("{PREFIX}{}", base45::encode(&signed))
}

/// Checks the QR text's signature and returns what it says, without the printed lines
/// (e.g. from a photo of the QR code alone: compare the count and name by eye).
pub fn verify_code(
    qr_text: &str,
    keys: &KeySet,
    society: &str,
) -> Result<RecordProof, RecordError> {
    let text = qr_text.trim();
    if text.len() > MAX_TEXT_LEN {
        return Err(RecordError::Malformed);
    }
    let encoded = text.strip_prefix(PREFIX).ok_or(RecordError::Malformed)?;
    let bytes = base45::decode(encoded).map_err(|_| RecordError::Malformed)?;
    if bytes.len() <= SIGNATURE_LEN {
        return Err(RecordError::Malformed);
    }
    let (body, signature) = bytes.split_at(bytes.len() - SIGNATURE_LEN);
    let proof: RecordProof = serde_json::from_slice(body).map_err(|_| RecordError::Malformed)?;
    if proof.society != society {
        return Err(RecordError::ForeignSociety(proof.society));
    }
    let entry = keys
        .get(&proof.key_id)
        .ok_or_else(|| RecordError::UnknownKey(proof.key_id.clone()))?;
    if entry.revoked {
        return Err(RecordError::RevokedKey(proof.key_id));
    }
    UnparsedPublicKey::new(&ED25519, &entry.public_key)
        .verify(body, signature)
        .map_err(|_| RecordError::BadSignature)?;
    Ok(proof)
}

/// Checks a printed record completely: the QR code's signature, then the record lines
/// and identity found in `printed_text` (the page's text, e.g. from `pdftotext`).
pub fn verify_printed(
    qr_text: &str,
    printed_text: &str,
    keys: &KeySet,
    society: &str,
) -> Result<RecordProof, RecordError> {
    let proof = verify_code(qr_text, keys, society)?;
    let found = lines_in_text(printed_text);
    if found.len() != proof.count || digest_lines(&found) != proof.lines_sha256 {
        return Err(RecordError::RecordsDiffer {
            signed: proof.count,
            found: found.len(),
        });
    }
    let page = normalize(printed_text);
    if !page.contains(&proof.member_number) || !page.contains(&normalize(&proof.name)) {
        return Err(RecordError::IdentityDiffers);
    }
    Ok(proof)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::demo_signing_key;

    fn lines() -> Vec<RecordLine> {
        let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
        vec![
            RecordLine {
                date: d(11, 16),
                congress: "第63回日本核医学会学術総会".into(),
                session: "出席受付".into(),
                kind_label: "学術総会出席".into(),
                credit: 5,
            },
            RecordLine {
                date: d(11, 17),
                congress: "第63回日本核医学会学術総会".into(),
                session: "教育講演3 核医学治療の最新動向".into(),
                kind_label: "教育講演".into(),
                credit: 1,
            },
        ]
    }

    fn page(lines: &[RecordLine]) -> String {
        let mut t = "学術集会参加履歴\n会員番号 12345\n氏名 会員　太郎 先生\n".to_owned();
        for l in lines {
            // pdftotext may widen spaces: the check must not care.
            t.push_str(&l.text().replace(' ', "  "));
            t.push('\n');
        }
        t
    }

    #[test]
    fn a_genuine_page_verifies_and_an_altered_one_does_not() {
        let key = demo_signing_key().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let qr = sign("JSNM", "12345", "会員　太郎", today, &lines(), &key);
        let keys = KeySet::bundled_default();
        let proof = verify_printed(&qr, &page(&lines()), &keys, "JSNM").unwrap();
        assert_eq!(proof.count, 2);
        assert_eq!(proof.member_number, "12345");

        let mut altered = lines();
        altered[1].credit = 3;
        assert_eq!(
            verify_printed(&qr, &page(&altered), &keys, "JSNM"),
            Err(RecordError::RecordsDiffer {
                signed: 2,
                found: 2
            })
        );
        assert!(matches!(
            verify_printed(&qr, &page(&lines()[..1]), &keys, "JSNM"),
            Err(RecordError::RecordsDiffer { found: 1, .. })
        ));
        let other = page(&lines()).replace("12345", "12346");
        assert_eq!(
            verify_printed(&qr, &other, &keys, "JSNM"),
            Err(RecordError::IdentityDiffers)
        );
    }

    #[test]
    fn a_forged_or_damaged_code_is_refused() {
        let key = demo_signing_key().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let qr = sign("JSNM", "12345", "会員 太郎", today, &lines(), &key);
        let keys = KeySet::bundled_default();
        // Re-sign a body claiming more records with another key of the same id.
        let (other, _) = SigningKey::generate(key.key_id()).unwrap();
        let forged = sign("JSNM", "12345", "会員 太郎", today, &lines()[..1], &other);
        assert_eq!(
            verify_code(&forged, &keys, "JSNM"),
            Err(RecordError::BadSignature)
        );
        assert_eq!(
            verify_code("JSNM1:ABC", &keys, "JSNM"),
            Err(RecordError::Malformed)
        );
        assert!(matches!(
            verify_code(&qr, &keys, "OTHER"),
            Err(RecordError::ForeignSociety(_))
        ));
        assert!(!RecordError::BadSignature.message(Locale::Ja).is_empty());
    }
}
