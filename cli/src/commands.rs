//! One function per subcommand: open the app, call it, print what it returns.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use attend_core::app::{AppConfig, AppError, AttendApp};
use attend_core::auth::FileTokenStore;
use attend_core::domain::{Locale, Localized};
use serde::Serialize;

use crate::progress::SyncBar;
use crate::{render, Cli, Command};

/// Why a command failed: the app's own errors, or the terminal's.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("input: {0}")]
    Input(String),
    #[cfg_attr(feature = "camera", allow(dead_code))]
    #[error("the webcam is not available in this build")]
    NoCameraSupport,
    #[cfg_attr(not(feature = "camera"), allow(dead_code))]
    #[error("camera: {0}")]
    Camera(String),
    #[error("{count} of the photos were not registered")]
    SomeScansFailed { count: usize },
    #[error(transparent)]
    Demo(#[from] crate::demo::DemoError),
    #[error(transparent)]
    Verify(#[from] crate::verify::VerifyError),
}

impl Failure {
    pub fn code(&self) -> &'static str {
        match self {
            Failure::App(e) => e.code(),
            Failure::Input(_) => "input",
            Failure::NoCameraSupport | Failure::Camera(_) => "camera",
            Failure::SomeScansFailed { .. } => "scan_failed",
            Failure::Demo(_) => "demo",
            Failure::Verify(e) => e.code(),
        }
    }
}

impl Localized for Failure {
    fn message(&self, locale: Locale) -> String {
        match self {
            Failure::App(e) => e.message(locale),
            Failure::Input(detail) => match locale {
                Locale::Ja => format!("入力を読み取れませんでした（{detail}）。"),
                Locale::En => format!("The input could not be read ({detail})."),
            },
            Failure::NoCameraSupport => locale
                .pick(
                    "このビルドはカメラに対応していません。`cargo build -p attend-cli --features camera` でビルドしてください。",
                    "This build has no webcam support. Build it with `cargo build -p attend-cli --features camera`.",
                )
                .to_owned(),
            Failure::Camera(detail) => match locale {
                Locale::Ja => format!("カメラを使えませんでした（{detail}）。"),
                Locale::En => format!("The webcam could not be used ({detail})."),
            },
            Failure::SomeScansFailed { count } => match locale {
                Locale::Ja => format!("{count}枚の写真は登録されませんでした。"),
                Locale::En => format!("{count} photo(s) were not registered."),
            },
            Failure::Demo(e) => e.message(locale),
            Failure::Verify(e) => e.message(locale),
        }
    }
}

/// The server when none is given (`--server` / `ATTEND_SERVER`).
pub const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";

/// The per-user data folder: `~/.local/share/attend` on Linux.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("attend")
}

/// Plain http is fine to this machine; elsewhere it must be asked for.
pub fn is_loopback_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?']).next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

pub fn open_app(
    data_dir: &Path,
    server: &str,
    allow_http: bool,
    locale: Locale,
    bar: Option<Arc<SyncBar>>,
) -> Result<AttendApp, AppError> {
    let mut config = AppConfig::new(data_dir, server, locale);
    config.allow_http = allow_http || is_loopback_http(server);
    if let Some(bar) = bar {
        config.listener = Some(bar);
    }
    let tokens = Arc::new(FileTokenStore::new(data_dir.join("token")));
    AttendApp::open(config, tokens)
}

pub async fn run(cli: Cli) -> Result<(), Failure> {
    let locale = cli.lang.locale();
    let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    let json = cli.json;
    if let Command::Demo { once } = cli.command {
        return Ok(crate::demo::run(crate::demo::DemoOptions { once, locale }).await?);
    }
    if let Command::VerifyRecord { file, keys } = &cli.command {
        let request = crate::verify::VerifyRequest {
            file: file.clone(),
            keys: keys.clone(),
            server: cli.server.clone(),
            allow_http: cli.allow_http,
        };
        let report = crate::verify::run(&request, locale).await?;
        emit(json, &report, || crate::verify::render(&report, locale));
        return Ok(());
    }
    let server = cli.server.as_deref().unwrap_or(DEFAULT_SERVER);
    let bar = matches!(cli.command, Command::Sync).then(|| Arc::new(SyncBar::new(!json)));
    let app = open_app(&data_dir, server, cli.allow_http, locale, bar.clone())?;
    let result = dispatch(&app, cli.command, locale, json, bar).await;
    app.shutdown().await;
    result
}

async fn dispatch(
    app: &AttendApp,
    command: Command,
    locale: Locale,
    json: bool,
    bar: Option<Arc<SyncBar>>,
) -> Result<(), Failure> {
    match command {
        Command::Demo { .. } | Command::VerifyRecord { .. } => Ok(()),
        Command::Login {
            member,
            password_stdin,
        } => {
            let member = match member {
                Some(m) => m,
                None => prompt(locale.pick("会員番号: ", "Member number: "))?,
            };
            let password = if password_stdin {
                read_stdin_line()?
            } else {
                rpassword::prompt_password(locale.pick("パスワード: ", "Password: "))
                    .map_err(|e| Failure::Input(e.to_string()))?
            };
            let account = app.login(&member, &password).await?;
            emit(json, &account, || render::account(&account, locale));
            Ok(())
        }
        Command::Logout => {
            let view = app.logout().await?;
            emit(json, &view, || view.message.clone());
            Ok(())
        }
        Command::Scan {
            photos,
            camera,
            timeout,
            no_sync,
        } => scan(app, photos, camera, timeout, no_sync, locale, json).await,
        Command::Sync => {
            let outcome = app.sync_now().await;
            if let Some(bar) = bar {
                bar.finish();
            }
            let outcome = outcome?;
            emit(json, &outcome, || outcome.summary.clone());
            Ok(())
        }
        Command::Home => {
            let home = app.home()?;
            emit(json, &home, || render::home(&home, locale));
            Ok(())
        }
        Command::Credits => {
            let credits = app.credits()?;
            emit(json, &credits, || render::credits(&credits, locale));
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct ScanLine {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<attend_core::app::ScanResultView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<render::ErrorView>,
}

#[derive(Serialize)]
struct ScanReport {
    scans: Vec<ScanLine>,
    sync: Option<attend_core::app::SyncOutcomeView>,
    sync_error: Option<render::ErrorView>,
    waiting: u64,
    waiting_text: Option<String>,
}

async fn scan(
    app: &AttendApp,
    photos: Vec<PathBuf>,
    camera: bool,
    timeout: u64,
    no_sync: bool,
    locale: Locale,
    json: bool,
) -> Result<(), Failure> {
    let mut lines = Vec::new();
    if camera {
        let view = scan_camera(app, timeout)?;
        lines.push(ScanLine {
            file: "camera".to_owned(),
            result: Some(view),
            error: None,
        });
    }
    for photo in photos {
        let file = photo.display().to_string();
        match app.scan_image_file(&photo) {
            Ok(view) => lines.push(ScanLine {
                file,
                result: Some(view),
                error: None,
            }),
            Err(e) => lines.push(ScanLine {
                file,
                result: None,
                error: Some(render::ErrorView::of(&e, e.code(), locale)),
            }),
        }
    }
    let recorded = lines.iter().any(|l| l.result.is_some());
    let (sync, sync_error) = if no_sync || !recorded {
        (None, None)
    } else {
        match app.sync_now().await {
            Ok(outcome) => (Some(outcome), None),
            Err(e) => (None, Some(render::ErrorView::of(&e, e.code(), locale))),
        }
    };
    let failed = lines.iter().filter(|l| l.error.is_some()).count();
    let home = app.home()?;
    let report = ScanReport {
        waiting: home.waiting,
        waiting_text: home.waiting_text,
        scans: lines,
        sync,
        sync_error,
    };
    emit(json, &report, || {
        let mut out = String::new();
        for line in &report.scans {
            out.push_str(&format!("── {}\n", line.file));
            match (&line.result, &line.error) {
                (Some(view), _) => out.push_str(&render::scan_result(view, locale)),
                (_, Some(err)) => out.push_str(&format!("{}\n", err.message)),
                _ => {}
            }
        }
        if let Some(s) = &report.sync {
            out.push_str(&format!("{}\n", s.summary));
        }
        if let Some(e) = &report.sync_error {
            out.push_str(&format!("{}\n", e.message));
        }
        if let Some(text) = &report.waiting_text {
            out.push_str(&format!("{text}\n"));
        }
        out
    });
    if failed > 0 {
        return Err(Failure::SomeScansFailed { count: failed });
    }
    Ok(())
}

#[cfg(feature = "camera")]
fn scan_camera(app: &AttendApp, timeout: u64) -> Result<attend_core::app::ScanResultView, Failure> {
    crate::camera::scan_until_first_code(app, std::time::Duration::from_secs(timeout))
}

#[cfg(not(feature = "camera"))]
fn scan_camera(
    _app: &AttendApp,
    _timeout: u64,
) -> Result<attend_core::app::ScanResultView, Failure> {
    Err(Failure::NoCameraSupport)
}

/// Prints `value` as JSON, or the text `human` makes.
fn emit<T: Serialize>(json: bool, value: &T, human: impl FnOnce() -> String) {
    if json {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("{e}"),
        }
    } else {
        print!("{}", human());
    }
}

fn prompt(label: &str) -> Result<String, Failure> {
    eprint!("{label}");
    read_stdin_line()
}

fn read_stdin_line() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::Input(e.to_string()))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_is_allowed_without_asking() {
        assert!(is_loopback_http("http://127.0.0.1:8080"));
        assert!(is_loopback_http("http://localhost/"));
        assert!(!is_loopback_http("http://attend.example.org"));
        assert!(!is_loopback_http("http://127.0.0.1.evil.example:80"));
        assert!(!is_loopback_http("https://127.0.0.1"));
    }
}
