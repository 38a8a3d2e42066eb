use std::path::PathBuf;

use attend_domain::{Locale, Localized};

/// What can go wrong when the office prints: the messages are read by office staff,
/// so each one says what to do (install which package, shorten which text).
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// No Japanese font in the standard places and no usable `ATTEND_FONT`.
    #[error("no Japanese font found (looked in: {})", looked_in.join(", "))]
    FontMissing { looked_in: Vec<String> },
    /// A font file exists but cannot be read or is not a font.
    #[error("font {path} unusable: {detail}")]
    FontUnusable { path: PathBuf, detail: String },
    /// The text does not fit in a QR code at error correction M (version 40 holds at
    /// most 3391 alphanumeric characters): the issuer made a code far too long.
    #[error("code text does not fit in a QR code: {0}")]
    CodeTooLong(String),
    /// The code is so long that its QR modules would be printed smaller than a phone can
    /// read from a distance on this paper size.
    #[error("QR code too dense for the poster: {modules} modules, {module_mm:.2} mm each")]
    CodeTooDense { modules: u32, module_mm: f32 },
    /// A text (a title) is too long to fit on the page even at the smallest size.
    #[error("text too long for the page: {0}")]
    TextTooLong(String),
    /// Nothing to print (an empty list of letters).
    #[error("nothing to print")]
    Empty,
    /// Encoding the PNG or writing the PDF failed.
    #[error("could not write the {format}: {detail}")]
    Encode {
        format: &'static str,
        detail: String,
    },
}

impl Localized for PrintError {
    fn message(&self, locale: Locale) -> String {
        match self {
            PrintError::FontMissing { looked_in } => match locale {
                Locale::Ja => format!(
                    "日本語フォントが見つかりません。サーバーに Debian パッケージ fonts-ipaexfont-gothic（または fonts-noto-cjk）をインストールするか、環境変数 ATTEND_FONT にフォントファイルを指定してください。（確認した場所: {}）",
                    looked_in.join("、")
                ),
                Locale::En => format!(
                    "No Japanese font found. Install the Debian package fonts-ipaexfont-gothic (or fonts-noto-cjk) on the server, or set ATTEND_FONT to a font file. (Looked in: {})",
                    looked_in.join(", ")
                ),
            },
            PrintError::FontUnusable { path, detail } => match locale {
                Locale::Ja => format!(
                    "フォントファイル {} を使用できません（{}）。fonts-ipaexfont-gothic を再インストールするか、ATTEND_FONT を確認してください。",
                    path.display(),
                    detail
                ),
                Locale::En => format!(
                    "The font file {} cannot be used ({}). Reinstall fonts-ipaexfont-gothic or check ATTEND_FONT.",
                    path.display(),
                    detail
                ),
            },
            PrintError::CodeTooLong(_) => locale
                .pick(
                    "QRコードに入りきらない長さのコードです。セッション名を短くして発行し直してください。",
                    "The code is too long for a QR code. Shorten the session title and issue it again.",
                )
                .to_owned(),
            PrintError::CodeTooDense { .. } => locale
                .pick(
                    "QRコードが細かすぎて、この用紙では離れた所から読み取れません。A3で印刷するか、セッション名を短くして発行し直してください。",
                    "The QR code is too dense to scan from a distance on this paper. Print on A3, or shorten the session title and issue it again.",
                )
                .to_owned(),
            PrintError::TextTooLong(text) => match locale {
                Locale::Ja => format!(
                    "文字が長すぎて用紙に収まりません。短くしてください:「{text}」"
                ),
                Locale::En => format!("This text is too long to fit on the page; shorten it: \"{text}\""),
            },
            PrintError::Empty => locale
                .pick("印刷する対象がありません。", "There is nothing to print.")
                .to_owned(),
            PrintError::Encode { format, detail } => match locale {
                Locale::Ja => format!("{format} の作成に失敗しました（{detail}）。"),
                Locale::En => format!("Could not create the {format} ({detail})."),
            },
        }
    }
}
