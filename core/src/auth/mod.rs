//! Login and logout with the member number and password the office mailed.
//!
//! The token goes to the platform's secret store ([`TokenStore`]), the account (name,
//! number, temporary-password flag, registration deadline) to the SQLite store for
//! the home screen. Logging out revokes the token on the server and forgets it here;
//! the member's scans stay, so a scan not yet sent is never dropped by a logout and
//! goes up after the next login.

mod token;

use std::sync::Arc;

use attend_domain::{Account, Locale, Localized};
use chrono::{DateTime, Utc};

pub use token::{FileTokenStore, TokenStore, TokenStoreError};

use crate::clock::{Clock, SystemClock};
use crate::error::StoreError;
use crate::net::{HttpConfig, NetError};
use crate::store::{ClockOffset, Store};
use crate::sync::{Api, ClockSample, LoginFailure};

/// Why a login or logout failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("member number or password is empty")]
    MissingInput,
    #[error("wrong member number or password")]
    WrongCredentials,
    /// Too many failed attempts: the server asks to wait until `retry_at`.
    #[error("too many attempts; retry at {retry_at:?}")]
    Throttled { retry_at: Option<DateTime<Utc>> },
    #[error("server unavailable (status {status:?})")]
    ServerUnavailable { status: Option<u16> },
    #[error("no network: {0}")]
    Offline(String),
    #[error("TLS failure: {0}")]
    Tls(String),
    #[error("the server did not answer in time")]
    Timeout,
    #[error("connection lost: {0}")]
    ConnectionLost(String),
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    #[error("bad connection settings: {0}")]
    Config(String),
    #[error(transparent)]
    TokenStore(#[from] TokenStoreError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<NetError> for AuthError {
    fn from(err: NetError) -> Self {
        match err {
            NetError::Offline(d) => AuthError::Offline(d),
            NetError::ServerUnavailable { status, .. } => AuthError::ServerUnavailable { status },
            NetError::Throttled { retry_at } => AuthError::Throttled { retry_at },
            NetError::Tls(d) => AuthError::Tls(d),
            NetError::Timeout => AuthError::Timeout,
            NetError::ConnectionLost(d) => AuthError::ConnectionLost(d),
            // Only the login endpoint can say 401 here, and it means the password.
            NetError::Unauthorized => AuthError::WrongCredentials,
            NetError::Protocol(d) => AuthError::Protocol(d),
            NetError::Config(d) => AuthError::Config(d),
        }
    }
}

impl Localized for AuthError {
    fn message(&self, locale: Locale) -> String {
        match self {
            AuthError::MissingInput => locale
                .pick(
                    "会員番号とパスワードを入力してください。",
                    "Enter your member number and password.",
                )
                .to_owned(),
            AuthError::WrongCredentials => locale
                .pick(
                    "会員番号またはパスワードが正しくありません。会員番号・仮パスワード通知書をご確認ください。",
                    "The member number or password is wrong. Check the notice with your member number and temporary password.",
                )
                .to_owned(),
            AuthError::Throttled { retry_at } => match (locale, retry_at) {
                (Locale::Ja, Some(at)) => format!(
                    "ログインの試行回数が多すぎます。{}以降にもう一度お試しください。",
                    at.with_timezone(&chrono::Local).format("%H:%M")
                ),
                (Locale::En, Some(at)) => format!(
                    "Too many login attempts. Try again after {}.",
                    at.with_timezone(&chrono::Local).format("%H:%M")
                ),
                (_, None) => locale
                    .pick(
                        "ログインの試行回数が多すぎます。しばらくしてからもう一度お試しください。",
                        "Too many login attempts. Please try again later.",
                    )
                    .to_owned(),
            },
            AuthError::ServerUnavailable { status } => NetError::ServerUnavailable {
                status: *status,
                retry_at: None,
            }
            .message(locale),
            AuthError::Offline(_) => locale
                .pick(
                    "ネットワークに接続されていません。ログインにはインターネット接続が必要です。",
                    "No network connection. Logging in needs the internet.",
                )
                .to_owned(),
            AuthError::Tls(d) => NetError::Tls(d.clone()).message(locale),
            AuthError::Timeout => locale
                .pick(
                    "学会サーバーから応答がありません。しばらくしてからもう一度お試しください。",
                    "The society server did not answer in time. Please try again later.",
                )
                .to_owned(),
            AuthError::ConnectionLost(_) => locale
                .pick(
                    "通信が途中で切れました。もう一度お試しください。",
                    "The connection was interrupted. Please try again.",
                )
                .to_owned(),
            AuthError::Protocol(d) => NetError::Protocol(d.clone()).message(locale),
            AuthError::Config(d) => NetError::Config(d.clone()).message(locale),
            AuthError::TokenStore(e) => e.message(locale),
            AuthError::Store(e) => e.message(locale),
        }
    }
}

/// What a logout did on the server's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logout {
    /// The server revoked the token.
    Revoked,
    /// The server could not be reached: the token was forgotten here only, and lapses
    /// on the server at its expiry.
    ForgottenLocally,
}

/// Logs in and out against one server. Cheap to keep for the app's lifetime.
pub struct Auth {
    api: Result<Api, NetError>,
    store: Arc<Store>,
    tokens: Arc<dyn TokenStore>,
    clock: Arc<dyn Clock>,
}

impl Auth {
    pub fn new(store: Arc<Store>, tokens: Arc<dyn TokenStore>, http: &HttpConfig) -> Self {
        Self::with_clock(store, tokens, http, Arc::new(SystemClock))
    }

    pub fn with_clock(
        store: Arc<Store>,
        tokens: Arc<dyn TokenStore>,
        http: &HttpConfig,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            api: Api::new(http),
            store,
            tokens,
            clock,
        }
    }

    /// The member logged in on this device, from the store (works offline).
    pub fn account(&self) -> Result<Option<Account>, AuthError> {
        Ok(self.store.read(|dao| dao.account())?)
    }

    /// Whether a token is held (it may still have expired on the server; the next
    /// sync finds out and reports "signed out").
    pub fn has_token(&self) -> Result<bool, AuthError> {
        Ok(self.tokens.load()?.is_some())
    }

    /// Logs in and keeps the token and the account. After this, tell the sync engine
    /// (`notify_login`) so the scans that waited go up.
    pub async fn login(&self, member_number: &str, password: &str) -> Result<Account, AuthError> {
        let member_number = member_number.trim();
        if member_number.is_empty() || password.is_empty() {
            return Err(AuthError::MissingInput);
        }
        let api = self.api.as_ref().map_err(|e| AuthError::from(e.clone()))?;
        let (answer, sample) = api
            .login(member_number, password, self.clock.as_ref())
            .await
            .map_err(|failure| match failure {
                LoginFailure::WrongCredentials => AuthError::WrongCredentials,
                LoginFailure::Net(e) => AuthError::from(e),
            })?;
        let account = Account::from(answer.account);
        // The token first: an account without a token only shows "please log in",
        // while a token without an account would sync for nobody.
        self.tokens.save(&answer.token)?;
        self.store.write(|dao| {
            dao.set_account(&account)?;
            if let Some(ClockSample {
                offset_ms,
                measured_at,
            }) = sample
            {
                dao.set_clock_offset(ClockOffset {
                    offset_ms,
                    measured_at,
                })?;
            }
            Ok::<_, StoreError>(())
        })?;
        Ok(account)
    }

    /// Revokes the token on the server if it can be reached, and forgets the token and
    /// the account here either way. Scans stay in the store.
    pub async fn logout(&self) -> Result<Logout, AuthError> {
        let token = self.tokens.load()?;
        let outcome = match (token, self.api.as_ref()) {
            (Some(token), Ok(api)) => match api.logout(&token, self.clock.as_ref()).await {
                Ok(()) => Logout::Revoked,
                Err(_) => Logout::ForgottenLocally,
            },
            (Some(_), Err(_)) => Logout::ForgottenLocally,
            (None, _) => Logout::Revoked,
        };
        self.tokens.clear()?;
        self.store.write(|dao| dao.clear_account())?;
        Ok(outcome)
    }
}
