//! `attend verify-record`: the certification committee checks a printed attendance
//! record offline. The judgement is attend-domain's (`record::verify_printed` /
//! `verify_code`); this module only gets its inputs from a file.
//!
//! A PDF is read with poppler's command-line tools rather than a Rust PDF parser: the
//! server's own tests extract the text with plain `pdftotext FILE -`, and the signed
//! hash covers the record lines as that extraction yields them, so the checker must
//! extract exactly the same way. A photo or scan carries only the QR code that a
//! program can trust, so for an image the signed facts are printed for a person to
//! compare with the paper, and the output says that the lines were not checked.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use attend_core::decode::{decode_image_file, Effort};
use attend_core::domain::keys::KeySet;
use attend_core::domain::record::{self, RecordError, RecordProof};
use attend_core::domain::{Locale, Localized};
use attend_core::net::{build_client, endpoint, HttpConfig};
use attend_core::scan::SOCIETY;
use serde::Serialize;

use crate::commands::is_loopback_http;

/// What to check and against which keys.
pub struct VerifyRequest {
    pub file: PathBuf,
    pub keys: Option<PathBuf>,
    /// Fetch the key set from this server when no key file is given.
    pub server: Option<String>,
    pub allow_http: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{tool} is not installed (Debian package poppler-utils)")]
    MissingTool { tool: &'static str },
    #[error("{tool} failed: {detail}")]
    Tool { tool: &'static str, detail: String },
    #[error("cannot read {file}: {detail}")]
    Unreadable { file: String, detail: String },
    #[error("no attendance record QR code found in {file}")]
    NoRecordCode { file: String },
    #[error("key set: {0}")]
    Keys(String),
    #[error(transparent)]
    Record(#[from] RecordError),
}

impl VerifyError {
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::MissingTool { .. } => "missing_tool",
            VerifyError::Tool { .. } => "tool_failed",
            VerifyError::Unreadable { .. } => "unreadable_file",
            VerifyError::NoRecordCode { .. } => "no_record_code",
            VerifyError::Keys(_) => "keys",
            VerifyError::Record(e) => match e {
                RecordError::Malformed => "record_malformed",
                RecordError::ForeignSociety(_) => "record_foreign_society",
                RecordError::UnknownKey(_) => "record_unknown_key",
                RecordError::RevokedKey(_) => "record_revoked_key",
                RecordError::BadSignature => "record_bad_signature",
                RecordError::RecordsDiffer { .. } => "records_differ",
                RecordError::IdentityDiffers => "record_identity_differs",
            },
        }
    }
}

impl Localized for VerifyError {
    fn message(&self, locale: Locale) -> String {
        match self {
            VerifyError::MissingTool { tool } => match locale {
                Locale::Ja => format!(
                    "{tool} が見つかりません。PDF の確認には poppler-utils が必要です（sudo apt-get install poppler-utils）。"
                ),
                Locale::En => format!(
                    "{tool} was not found. Checking a PDF needs poppler-utils (sudo apt-get install poppler-utils)."
                ),
            },
            VerifyError::Tool { tool, detail } => match locale {
                Locale::Ja => format!("{tool} で PDF を読み取れませんでした（{detail}）。"),
                Locale::En => format!("{tool} could not read the PDF ({detail})."),
            },
            VerifyError::Unreadable { file, detail } => match locale {
                Locale::Ja => format!("{file} を読み取れませんでした（{detail}）。"),
                Locale::En => format!("{file} could not be read ({detail})."),
            },
            VerifyError::NoRecordCode { file } => match locale {
                Locale::Ja => format!(
                    "{file} に参加履歴のQRコードが見つかりません。1ページ目全体を明るく鮮明に撮影してください。"
                ),
                Locale::En => format!(
                    "No attendance record QR code was found in {file}. Photograph the whole first page, sharp and well lit."
                ),
            },
            VerifyError::Keys(detail) => match locale {
                Locale::Ja => format!("学会の署名鍵の一覧を読み込めませんでした（{detail}）。"),
                Locale::En => format!("The society's key list could not be loaded ({detail})."),
            },
            VerifyError::Record(e) => e.message(locale),
        }
    }
}

/// The result of a successful check, as printed (and as `--json` prints it).
#[derive(Debug, Serialize)]
pub struct VerifyReport {
    pub file: String,
    /// `printed`: the signature and every printed line were checked (a PDF);
    /// `code_only`: only the QR code's signature (a photo or scan).
    pub checked: &'static str,
    pub proof: RecordProof,
    pub message: String,
}

pub async fn run(req: &VerifyRequest, locale: Locale) -> Result<VerifyReport, VerifyError> {
    let keys = key_set(req).await?;
    let file = req.file.display().to_string();
    let bytes = std::fs::read(&req.file).map_err(|e| VerifyError::Unreadable {
        file: file.clone(),
        detail: e.to_string(),
    })?;
    if bytes.starts_with(b"%PDF") {
        let text = pdf_text(&req.file)?;
        let page = first_page_png(&req.file)?;
        let qr = record_code(&page, &file)?;
        let proof = record::verify_printed(&qr, &text, &keys, SOCIETY)?;
        let message = match locale {
            Locale::Ja => format!(
                "本物です。学会の署名と印刷された参加記録 {} 件がすべて一致しました。",
                proof.count
            ),
            Locale::En => format!(
                "Genuine: the society's signature and all {} printed records match.",
                proof.count
            ),
        };
        Ok(VerifyReport {
            file,
            checked: "printed",
            proof,
            message,
        })
    } else {
        let qr = record_code(&bytes, &file)?;
        let proof = record::verify_code(&qr, &keys, SOCIETY)?;
        let message = locale
            .pick(
                "QRコードの署名は本物です。印刷された会員番号・氏名・発行日・記録件数が下記と一致するか、紙面と照合してください（写真では各記録の内容は照合できません）。",
                "The QR code's signature is genuine. Check that the member number, name, issue date and number of records on the paper match the ones below (from a photo the record lines themselves cannot be checked).",
            )
            .to_owned();
        Ok(VerifyReport {
            file,
            checked: "code_only",
            proof,
            message,
        })
    }
}

/// The report as terminal text: the verdict, then the signed facts.
pub fn render(r: &VerifyReport, locale: Locale) -> String {
    let p = &r.proof;
    let rows = [
        (
            locale.pick("会員番号", "Member number"),
            p.member_number.clone(),
        ),
        (locale.pick("氏名", "Name"), p.name.clone()),
        (locale.pick("発行日", "Issued on"), p.issued_on.to_string()),
        (locale.pick("記録件数", "Records"), p.count.to_string()),
        (locale.pick("署名鍵", "Signing key"), p.key_id.clone()),
    ];
    let mut out = format!("{}\n", r.message);
    for (label, value) in rows {
        out.push_str(&format!("  {label}: {value}\n"));
    }
    out
}

async fn key_set(req: &VerifyRequest) -> Result<KeySet, VerifyError> {
    if let Some(path) = &req.keys {
        let text = std::fs::read_to_string(path)
            .map_err(|e| VerifyError::Keys(format!("{}: {e}", path.display())))?;
        return KeySet::from_json(&text).map_err(|e| VerifyError::Keys(e.to_string()));
    }
    let Some(server) = &req.server else {
        return Ok(KeySet::bundled_default());
    };
    let mut config = HttpConfig::new(server.clone());
    config.allow_http = req.allow_http || is_loopback_http(server);
    let client = build_client(&config).map_err(|e| VerifyError::Keys(e.to_string()))?;
    let url = endpoint(&config, "/api/v1/keys");
    let answer = client
        .get(&url)
        .send()
        .await
        .map_err(|e| VerifyError::Keys(format!("{url}: {e}")))?;
    if !answer.status().is_success() {
        return Err(VerifyError::Keys(format!("{url}: {}", answer.status())));
    }
    let text = answer
        .text()
        .await
        .map_err(|e| VerifyError::Keys(format!("{url}: {e}")))?;
    KeySet::from_json(&text).map_err(|e| VerifyError::Keys(e.to_string()))
}

/// Runs a poppler tool; a missing binary is told apart from a failing one.
fn poppler(tool: &'static str, args: &[&std::ffi::OsStr]) -> Result<Vec<u8>, VerifyError> {
    let out = Command::new(tool).args(args).output().map_err(|e| {
        if e.kind() == ErrorKind::NotFound {
            VerifyError::MissingTool { tool }
        } else {
            VerifyError::Tool {
                tool,
                detail: e.to_string(),
            }
        }
    })?;
    if !out.status.success() {
        return Err(VerifyError::Tool {
            tool,
            detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(out.stdout)
}

/// The PDF's text exactly as the server's tests extract it (no `-layout`).
fn pdf_text(pdf: &Path) -> Result<String, VerifyError> {
    let out = poppler("pdftotext", &[pdf.as_os_str(), "-".as_ref()])?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Page 1 rendered at 300 dpi, as PNG bytes.
fn first_page_png(pdf: &Path) -> Result<Vec<u8>, VerifyError> {
    let dir = tempfile::tempdir().map_err(|e| VerifyError::Tool {
        tool: "pdftoppm",
        detail: e.to_string(),
    })?;
    let prefix = dir.path().join("page");
    let args: [&std::ffi::OsStr; 9] = [
        "-r".as_ref(),
        "300".as_ref(),
        "-png".as_ref(),
        "-f".as_ref(),
        "1".as_ref(),
        "-l".as_ref(),
        "1".as_ref(),
        pdf.as_os_str(),
        prefix.as_os_str(),
    ];
    poppler("pdftoppm", &args)?;
    // pdftoppm pads the page number to the page count's width: find the file.
    let rendered = std::fs::read_dir(dir.path())
        .map_err(|e| VerifyError::Tool {
            tool: "pdftoppm",
            detail: e.to_string(),
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .ok_or(VerifyError::Tool {
            tool: "pdftoppm",
            detail: "no page rendered".to_owned(),
        })?;
    std::fs::read(&rendered).map_err(|e| VerifyError::Tool {
        tool: "pdftoppm",
        detail: e.to_string(),
    })
}

/// The record code among the codes in an image (a page may show others).
fn record_code(image: &[u8], file: &str) -> Result<String, VerifyError> {
    let report = decode_image_file(image, Effort::Still).map_err(|e| VerifyError::Unreadable {
        file: file.to_owned(),
        detail: e.to_string(),
    })?;
    report
        .codes
        .into_iter()
        .map(|c| c.text)
        .find(|t| t.trim().starts_with(record::PREFIX))
        .ok_or_else(|| VerifyError::NoRecordCode {
            file: file.to_owned(),
        })
}
