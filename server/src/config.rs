//! Configuration: command-line flags, each also readable from an `ATTEND_*` environment
//! variable, then an optional TOML file (`--config`) for whatever neither gave, then
//! defaults. [`Config`] is the resolved form the library takes, so tests and the demo
//! build one directly.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use attend_domain::rules::CreditRules;
use clap::Args;
use serde::Deserialize;

/// Where TLS comes from.
#[derive(Debug, Clone)]
pub enum TlsSource {
    /// PEM certificate chain and private key files.
    Files { cert: PathBuf, key: PathBuf },
    /// A self-signed certificate made at startup for these names (demo only).
    SelfSigned { names: Vec<String> },
}

/// Login throttle: failures counted per member number and per client address within a
/// sliding window.
#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    pub per_member: i64,
    pub per_address: i64,
    pub window_secs: i64,
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            per_member: 5,
            per_address: 50,
            window_secs: 15 * 60,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// `sqlite:PATH` or `postgres://…`.
    pub database_url: String,
    pub max_connections: u32,
    /// Folder of the private signing keys (`KEY_ID.pk8`, mode 0600).
    pub key_dir: PathBuf,
    pub society: String,
    /// Bearer token of the office's staff endpoints; `None` disables them.
    pub staff_token: Option<String>,
    pub rules: CreditRules,
    pub tls: Option<TlsSource>,
    pub token_days: i64,
    pub login_limits: LoginLimits,
    /// Largest upload batch (items).
    pub max_batch: usize,
    /// Largest request body (bytes).
    pub body_limit: usize,
    /// How far a corrected scan time may lie in the future (device clocks drift).
    pub future_tolerance_secs: i64,
}

impl Config {
    /// Defaults for a database and key folder; what tests and the demo start from.
    pub fn new(database_url: &str, key_dir: &Path) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: database_url.to_owned(),
            max_connections: 8,
            key_dir: key_dir.to_owned(),
            society: "JSNM".to_owned(),
            staff_token: None,
            rules: CreditRules::bundled_default(),
            tls: None,
            token_days: 90,
            login_limits: LoginLimits::default(),
            max_batch: 500,
            body_limit: 1024 * 1024,
            future_tolerance_secs: 300,
        }
    }
}

/// The server's settings as flags / environment variables.
#[derive(Debug, Clone, Args, Default)]
pub struct ConfigArgs {
    /// TOML file with any of the settings below (keys as the flags, with `_`:
    /// `database_url = "sqlite:attend.db"`); flags and environment win over it.
    #[arg(long, env = "ATTEND_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "ATTEND_LISTEN", global = true)]
    pub listen: Option<SocketAddr>,
    /// Database: `sqlite:PATH` (one file, WAL; the default `sqlite:attend.db`) or
    /// `postgres://user@host/db` (several server processes may share it).
    #[arg(long, env = "ATTEND_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Database connections per process [default: 8].
    #[arg(long, env = "ATTEND_MAX_CONNECTIONS", global = true)]
    pub max_connections: Option<u32>,
    /// Folder of the private signing keys; must not be readable by group or others
    /// [default: keys].
    #[arg(long, env = "ATTEND_KEY_DIR", global = true)]
    pub key_dir: Option<PathBuf>,
    /// Society code put in and required of every QR code [default: JSNM].
    #[arg(long, env = "ATTEND_SOCIETY", global = true)]
    pub society: Option<String>,
    /// Bearer token of the office's staff endpoints (unset: staff endpoints refuse all).
    #[arg(
        long,
        env = "ATTEND_STAFF_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub staff_token: Option<String>,
    /// Credit rules JSON to publish [default: the bundled rules].
    #[arg(long, env = "ATTEND_RULES", global = true)]
    pub rules: Option<PathBuf>,
    /// TLS certificate chain (PEM); with --tls-key.
    #[arg(long, env = "ATTEND_TLS_CERT", global = true)]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, env = "ATTEND_TLS_KEY", global = true)]
    pub tls_key: Option<PathBuf>,
    /// Serve TLS with a self-signed certificate for localhost made at startup (demo).
    #[arg(long, env = "ATTEND_TLS_SELF_SIGNED", global = true)]
    pub tls_self_signed: bool,
    /// Login token lifetime in days [default: 90].
    #[arg(long, env = "ATTEND_TOKEN_DAYS", global = true)]
    pub token_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<SocketAddr>,
    database_url: Option<String>,
    max_connections: Option<u32>,
    key_dir: Option<PathBuf>,
    society: Option<String>,
    staff_token: Option<String>,
    rules: Option<PathBuf>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    tls_self_signed: Option<bool>,
    token_days: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("configuration file {path}: {message}")]
    Toml { path: PathBuf, message: String },
    #[error("credit rules {path}: {message}")]
    Rules { path: PathBuf, message: String },
    #[error("--tls-cert and --tls-key go together")]
    TlsPair,
}

impl ConfigArgs {
    pub fn resolve(self) -> Result<Config, ConfigError> {
        let file = match &self.config {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                toml::from_str(&text).map_err(|e| ConfigError::Toml {
                    path: path.clone(),
                    message: e.to_string(),
                })?
            }
            None => FileConfig::default(),
        };
        let database_url = self
            .database_url
            .or(file.database_url)
            .unwrap_or_else(|| "sqlite:attend.db".to_owned());
        let key_dir = self
            .key_dir
            .or(file.key_dir)
            .unwrap_or_else(|| PathBuf::from("keys"));
        let mut config = Config::new(&database_url, &key_dir);
        if let Some(listen) = self.listen.or(file.listen) {
            config.listen = listen;
        }
        if let Some(n) = self.max_connections.or(file.max_connections) {
            config.max_connections = n;
        }
        if let Some(s) = self.society.or(file.society) {
            config.society = s;
        }
        config.staff_token = self
            .staff_token
            .or(file.staff_token)
            .filter(|t| !t.is_empty());
        if let Some(days) = self.token_days.or(file.token_days) {
            config.token_days = days.max(1);
        }
        if let Some(path) = self.rules.or(file.rules) {
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                path: path.clone(),
                source,
            })?;
            config.rules = CreditRules::from_json(&text).map_err(|e| ConfigError::Rules {
                path: path.clone(),
                message: e.to_string(),
            })?;
        }
        let cert = self.tls_cert.or(file.tls_cert);
        let key = self.tls_key.or(file.tls_key);
        config.tls = match (cert, key) {
            (Some(cert), Some(key)) => Some(TlsSource::Files { cert, key }),
            (None, None) if self.tls_self_signed || file.tls_self_signed.unwrap_or(false) => {
                Some(TlsSource::SelfSigned {
                    names: vec!["localhost".to_owned(), "127.0.0.1".to_owned()],
                })
            }
            (None, None) => None,
            _ => return Err(ConfigError::TlsPair),
        };
        Ok(config)
    }
}
