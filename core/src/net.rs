//! The app's HTTP client and what can go wrong on the wire.
//!
//! Decisions held here:
//! - TLS is rustls with the `ring` provider (no OpenSSL, same crypto the codes use).
//!   The client trusts either exactly one given root (tests, a society running its own
//!   CA) or Mozilla's root store (`webpki-roots`), which needs no platform verifier to
//!   initialise on Android or iOS. Plain HTTP is refused unless the config says
//!   `allow_http` explicitly, so a typo in a URL cannot send a password in clear.
//! - Every request has a connect timeout and a total timeout: a venue Wi-Fi that
//!   accepts the connection and then stalls must not hang a sync forever.
//! - Transport failures are sorted once, here, into [`NetError`] by what the caller
//!   does next: offline and timeouts are retried, a TLS failure is shown (a retry
//!   would fail the same way), a 401 signs the member out.

use std::sync::Arc;
use std::time::Duration;

use attend_domain::{Locale, Localized};
use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, DATE, RETRY_AFTER};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

/// Where the society server is and how to reach it.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// e.g. `https://attend.jsnm.or.jp`; the API lives under `/api/v1/`.
    pub base_url: String,
    /// Accept an `http://` base URL (loopback tests, a reception desk's laptop).
    pub allow_http: bool,
    /// PEM of the only root certificate to trust; `None` trusts Mozilla's roots.
    pub trusted_root_pem: Option<String>,
    pub connect_timeout: Duration,
    /// Whole request, from connecting to the last byte of the answer.
    pub request_timeout: Duration,
}

impl HttpConfig {
    /// Production defaults: HTTPS only, public roots, timeouts sized for a crowded
    /// venue network (a 200-scan batch is a few tens of kilobytes).
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            allow_http: false,
            trusted_root_pem: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// A failure to talk to the server, sorted by what happens next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    /// No route to the server: no network, DNS failure, unreachable.
    #[error("no network: {0}")]
    Offline(String),
    /// The server refused the connection or answered 5xx.
    #[error("server unavailable (status {status:?})")]
    ServerUnavailable {
        status: Option<u16>,
        retry_at: Option<DateTime<Utc>>,
    },
    /// Too many attempts (429): wait until `retry_at`.
    #[error("throttled until {retry_at:?}")]
    Throttled { retry_at: Option<DateTime<Utc>> },
    /// The server's certificate was not trusted, or the handshake failed.
    #[error("TLS failure: {0}")]
    Tls(String),
    #[error("the server did not answer in time")]
    Timeout,
    /// The connection broke mid-exchange (reset, truncated answer).
    #[error("connection lost: {0}")]
    ConnectionLost(String),
    /// 401: the token is missing, expired or revoked.
    #[error("not authorised")]
    Unauthorized,
    /// An answer this app does not understand (wrong shape, unexpected status).
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    /// The app's own configuration is wrong (bad URL, http without `allow_http`).
    #[error("bad connection settings: {0}")]
    Config(String),
}

impl NetError {
    /// Whether trying again later may succeed without anyone changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            NetError::Offline(_)
                | NetError::ServerUnavailable { .. }
                | NetError::Throttled { .. }
                | NetError::Timeout
                | NetError::ConnectionLost(_)
                | NetError::Protocol(_)
        )
    }

    /// The earliest time the server asked us to come back, if it said.
    pub fn retry_at(&self) -> Option<DateTime<Utc>> {
        match self {
            NetError::ServerUnavailable { retry_at, .. } | NetError::Throttled { retry_at } => {
                *retry_at
            }
            _ => None,
        }
    }

    /// Sorts a reqwest failure. TLS problems are found by walking the source chain for
    /// a rustls error, since reqwest reports them as connect errors.
    pub fn from_reqwest(err: &reqwest::Error) -> Self {
        if let Some(tls) = find_tls_error(err) {
            return NetError::Tls(tls);
        }
        if err.is_timeout() {
            return NetError::Timeout;
        }
        if err.is_builder() {
            return NetError::Config(err.to_string());
        }
        if err.is_connect() {
            if let Some(io) = find_io_kind(err) {
                if io == std::io::ErrorKind::ConnectionRefused {
                    return NetError::ServerUnavailable {
                        status: None,
                        retry_at: None,
                    };
                }
            }
            return NetError::Offline(chain_text(err));
        }
        if err.is_decode() {
            return NetError::Protocol(chain_text(err));
        }
        NetError::ConnectionLost(chain_text(err))
    }
}

fn find_tls_error(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        // `io::Error::source` skips the error it wraps (rustls wraps its errors in
        // one, sometimes twice over): look inside explicitly.
        if let Some(inner) = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            let inner: &(dyn std::error::Error + 'static) = inner;
            if let Some(tls) = find_tls_error(inner) {
                return Some(tls);
            }
        }
        cur = e.source();
    }
    None
}

fn find_io_kind(err: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cur = e.source();
    }
    None
}

fn chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        text.push_str(": ");
        text.push_str(&e.to_string());
        cur = e.source();
    }
    text
}

impl Localized for NetError {
    fn message(&self, locale: Locale) -> String {
        let (ja, en) = match self {
            NetError::Offline(_) => (
                "ネットワークに接続されていません。スキャンは端末に保存されており、接続が戻ると自動で送信されます。",
                "No network connection. Your scans are saved on this device and will be sent when the connection returns.",
            ),
            NetError::ServerUnavailable { .. } => (
                "学会サーバーが一時的に利用できません。しばらくしてから自動で再送します。",
                "The society server is temporarily unavailable. The app will try again shortly.",
            ),
            NetError::Throttled { .. } => (
                "アクセスが集中しています。しばらく待ってから、もう一度お試しください。",
                "Too many attempts. Please wait a moment and try again.",
            ),
            NetError::Tls(_) => (
                "学会サーバーとの安全な接続を確認できませんでした。公衆Wi-Fiのログイン画面などが表示されていないか確認してください。",
                "The secure connection to the society server could not be verified. Check whether the Wi-Fi requires a sign-in page.",
            ),
            NetError::Timeout => (
                "学会サーバーから応答がありません。スキャンは端末に保存されており、後で自動で再送します。",
                "The society server did not answer in time. Your scans are saved and will be sent again automatically.",
            ),
            NetError::ConnectionLost(_) => (
                "通信が途中で切れました。スキャンは端末に保存されており、後で自動で再送します。",
                "The connection was interrupted. Your scans are saved and will be sent again automatically.",
            ),
            NetError::Unauthorized => (
                "ログインの有効期限が切れました。もう一度ログインしてください。未送信のスキャンは保存されています。",
                "Your login has expired. Please log in again. Unsent scans are kept.",
            ),
            NetError::Protocol(_) => (
                "学会サーバーから予期しない応答がありました。後で自動で再送します。",
                "The society server sent an unexpected answer. The app will try again later.",
            ),
            NetError::Config(_) => (
                "接続先の設定が正しくありません。学会事務局にお問い合わせください。",
                "The server settings are wrong. Please contact the society office.",
            ),
        };
        locale.pick(ja, en).to_owned()
    }
}

/// Builds the one HTTP client a session uses (connections are pooled inside it).
pub fn build_client(config: &HttpConfig) -> Result<reqwest::Client, NetError> {
    let url = reqwest::Url::parse(&config.base_url)
        .map_err(|e| NetError::Config(format!("{}: {e}", config.base_url)))?;
    match url.scheme() {
        "https" => {}
        "http" if config.allow_http => {}
        "http" => {
            return Err(NetError::Config(
                "plain http is not allowed for this server".to_owned(),
            ))
        }
        other => return Err(NetError::Config(format!("unsupported scheme {other}"))),
    }
    let mut roots = rustls::RootCertStore::empty();
    match &config.trusted_root_pem {
        Some(pem) => {
            let mut found = 0;
            for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
                let cert = cert.map_err(|e| NetError::Config(format!("root certificate: {e}")))?;
                roots
                    .add(cert)
                    .map_err(|e| NetError::Config(format!("root certificate: {e}")))?;
                found += 1;
            }
            if found == 0 {
                return Err(NetError::Config(
                    "no certificate in the given PEM".to_owned(),
                ));
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| NetError::Config(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .https_only(!config.allow_http)
        .connect_timeout(config.connect_timeout)
        .timeout(config.request_timeout)
        .no_proxy()
        .user_agent(concat!("attend-core/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| NetError::Config(chain_text(&e)))
}

/// Joins the base URL and an API path (`"/api/v1/attendance"`).
pub fn endpoint(config: &HttpConfig, path: &str) -> String {
    format!("{}{}", config.base_url.trim_end_matches('/'), path)
}

/// Reads `Retry-After` as seconds or as an HTTP date, relative to `now`.
pub fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        let secs = i64::try_from(secs.min(86_400)).ok()?;
        return Some(now + chrono::Duration::seconds(secs));
    }
    parse_http_date(value)
}

/// The server's clock from its `Date` header.
pub fn server_date(headers: &HeaderMap) -> Option<DateTime<Utc>> {
    parse_http_date(headers.get(DATE)?.to_str().ok()?)
}

fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    // RFC 9110's preferred form ("Sun, 06 Nov 1994 08:49:37 GMT") is RFC 2822 with GMT.
    DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Maps a non-success status to the error it means for any endpoint.
pub fn status_error(
    status: reqwest::StatusCode,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> NetError {
    let retry_at = retry_after(headers, now);
    match status.as_u16() {
        401 => NetError::Unauthorized,
        429 => NetError::Throttled { retry_at },
        s @ 500..=599 => NetError::ServerUnavailable {
            status: Some(s),
            retry_at,
        },
        s => NetError::Protocol(format!("status {s}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use reqwest::header::HeaderValue;

    fn headers(name: reqwest::header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = Utc.with_ymd_and_hms(2026, 11, 16, 9, 0, 0).unwrap();
        let h = headers(RETRY_AFTER, "120");
        assert_eq!(
            retry_after(&h, now),
            Some(now + chrono::Duration::seconds(120))
        );
        let h = headers(RETRY_AFTER, "Mon, 16 Nov 2026 09:05:00 GMT");
        assert_eq!(
            retry_after(&h, now),
            Some(Utc.with_ymd_and_hms(2026, 11, 16, 9, 5, 0).unwrap())
        );
        let h = headers(RETRY_AFTER, "soon");
        assert_eq!(retry_after(&h, now), None);
    }

    #[test]
    fn http_is_refused_unless_allowed() {
        let mut config = HttpConfig::new("http://127.0.0.1:9");
        assert!(matches!(build_client(&config), Err(NetError::Config(_))));
        config.allow_http = true;
        assert!(build_client(&config).is_ok());
        let config = HttpConfig::new("ftp://example.org");
        assert!(matches!(build_client(&config), Err(NetError::Config(_))));
    }

    #[test]
    fn a_root_that_is_not_pem_is_a_config_error() {
        let mut config = HttpConfig::new("https://127.0.0.1:9");
        config.trusted_root_pem = Some("not a certificate".to_owned());
        assert!(matches!(build_client(&config), Err(NetError::Config(_))));
    }

    #[tokio::test]
    async fn a_closed_port_is_server_unavailable() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let mut config = HttpConfig::new(format!("http://127.0.0.1:{port}"));
        config.allow_http = true;
        let client = build_client(&config).unwrap();
        let err = client.get(endpoint(&config, "/")).send().await.unwrap_err();
        assert_eq!(
            NetError::from_reqwest(&err),
            NetError::ServerUnavailable {
                status: None,
                retry_at: None
            }
        );
    }
}
