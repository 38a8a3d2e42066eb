//! `attend`: the desktop shell of the member app. It drives attend-core's `AttendApp`
//! through the Rust API exactly as the phone shells drive it through the bindings:
//! every decision (what a code means, what is pending, what a credit counts) is the
//! core's; this binary parses arguments, reads files or the webcam, and prints the
//! screens' state (as text, or as JSON with `--json`).

mod commands;
mod demo;
mod progress;
mod render;
mod verify;

#[cfg(feature = "camera")]
mod camera;

use std::path::PathBuf;
use std::process::ExitCode;

use attend_core::domain::Locale;
use clap::{Parser, Subcommand, ValueEnum};

/// JSNM attendance app for the desktop (日本核医学会 単位登録アプリ デスクトップ版).
#[derive(Debug, Parser)]
#[command(name = "attend", version, about, long_about = None)]
pub struct Cli {
    /// Folder of the app's data: its database and login token
    /// (データの保存先) [default: the per-user data folder, e.g. ~/.local/share/attend].
    #[arg(long, env = "ATTEND_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// The society server (学会サーバー) [default: http://127.0.0.1:8080]. For
    /// `verify-record`, where the signing keys are fetched from when no `--keys` is given.
    #[arg(long, env = "ATTEND_SERVER", global = true)]
    pub server: Option<String>,
    /// Allow a plain-http server that is not on this machine (暗号化なしの接続を許可).
    /// http to 127.0.0.1 / localhost is always allowed.
    #[arg(long, global = true)]
    pub allow_http: bool,
    /// Language of the output (表示言語).
    #[arg(long, value_enum, global = true, default_value = "ja")]
    pub lang: Lang,
    /// Print the screens' state as JSON, for scripts (JSON で出力).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn locale(self) -> Locale {
        match self {
            Lang::Ja => Locale::Ja,
            Lang::En => Locale::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole system on this machine: server, congress, posters, photos, scans
    /// offline and online, sync, credits (デモ: システム全体を実行).
    Demo {
        /// Exit when the demo is done instead of keeping the server running
        /// (終了後にサーバーを停止).
        #[arg(long)]
        once: bool,
    },
    /// Log in with your member number and password (ログイン).
    Login {
        /// Member number (会員番号); asked for when omitted.
        member: Option<String>,
        /// Read the password from the first line of standard input (パスワードを標準入力から).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Log out; unsent scans stay on this computer (ログアウト).
    Logout,
    /// Register attendance from photos of the QR code, or from the webcam
    /// (QRコードを読み取って出席を登録).
    Scan {
        /// Photos (JPEG, PNG, WebP) of the posted or projected QR code.
        #[arg(required_unless_present = "camera")]
        photos: Vec<PathBuf>,
        /// Read from the webcam until the first code (カメラで読み取る; build with
        /// `--features camera`).
        #[arg(long, conflicts_with = "photos")]
        camera: bool,
        /// Give up on the webcam after this many seconds.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Record only; do not try to send to the server now (送信しない).
        #[arg(long)]
        no_sync: bool,
    },
    /// Send waiting scans and refresh history and rules, with a progress bar (同期).
    Sync,
    /// The home screen: your attendance list and what waits to be sent (出席情報一覧).
    Home,
    /// Credits per fiscal year and congress, and progress toward renewal (単位確認).
    Credits,
    /// Check a printed attendance record offline: its signed PDF, or a photo or scan of
    /// its first page (参加履歴の真正性を確認). Exits non-zero, with the reason, when it is
    /// not genuine. A PDF needs pdftotext and pdftoppm (Debian: poppler-utils).
    VerifyRecord {
        /// The record: the PDF from the member page, or a photo/scan (JPEG, PNG, WebP)
        /// of its first page.
        file: PathBuf,
        /// The society's key set: the JSON of the server's `GET /api/v1/keys`
        /// (署名鍵の一覧) [default: fetched from `--server` if given, else the keys built
        /// into this program].
        #[arg(long)]
        keys: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let locale = cli.lang.locale();
    let json = cli.json;
    match commands::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            render::failure(&failure, locale, json);
            ExitCode::FAILURE
        }
    }
}
