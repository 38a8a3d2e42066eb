//! Words a person reads, in Japanese (the default) and English.
//!
//! The catalogue is plain Rust: every error and label type implements [`Localized`]
//! with a `match` giving both languages side by side, so a missing translation is a
//! compile error rather than a runtime fallback, and the app, the server and the
//! shells all take their wording from here.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Ja,
    En,
}

impl Locale {
    /// Parses a locale tag as platforms give it ("ja", "ja-JP", "en_US", "EN"); anything
    /// that is not English falls back to Japanese, the society's language.
    pub fn from_tag(tag: &str) -> Self {
        let lang = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if lang == "en" {
            Locale::En
        } else {
            Locale::Ja
        }
    }

    /// Picks one of two texts.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Ja => ja,
            Locale::En => en,
        }
    }
}

/// Something a member or office staff reads: an error, a state, a label.
pub trait Localized {
    fn message(&self, locale: Locale) -> String;
}

impl Localized for crate::model::RejectReason {
    fn message(&self, locale: Locale) -> String {
        use crate::model::RejectReason::*;
        let (ja, en) = match self {
            BadSignature => (
                "このQRコードは学会が発行したものではありません（署名が一致しません）。",
                "This QR code was not issued by the society (its signature does not match).",
            ),
            UnknownKey => (
                "このQRコードの署名鍵が見つかりません。アプリを最新の状態にしてから、もう一度お試しください。",
                "The key that signed this QR code is unknown. Update the app and try again.",
            ),
            RevokedKey => (
                "このQRコードは無効になった鍵で署名されています。会場の最新のQRコードを読み取ってください。",
                "This QR code was signed with a key that has been withdrawn. Scan the current code at the venue.",
            ),
            OutsideWindow => (
                "このQRコードの受付時間外です。",
                "This QR code is outside its registration time.",
            ),
            StaleRotation => (
                "このQRコードは表示期限が切れています。スクリーンに表示中のQRコードを読み取ってください。",
                "This code has already changed on the screen. Scan the code shown now.",
            ),
            ForeignSociety => (
                "他の学会のQRコードです。",
                "This QR code belongs to another society.",
            ),
            UnknownSession => (
                "このQRコードのセッションは登録されていません。",
                "The session of this QR code is not registered.",
            ),
            Malformed => (
                "単位登録用のQRコードではありません。",
                "This is not a credit registration QR code.",
            ),
        };
        locale.pick(ja, en).to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::from_tag("en-US"), Locale::En);
        assert_eq!(Locale::from_tag("EN"), Locale::En);
        assert_eq!(Locale::from_tag("ja_JP"), Locale::Ja);
        assert_eq!(Locale::from_tag(""), Locale::Ja);
        assert_eq!(Locale::from_tag("fr"), Locale::Ja);
    }
}
