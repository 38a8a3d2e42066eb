//! The one error type every handler returns, and its JSON form
//! `{ "error": "<machine_code>", "message_ja": …, "message_en": … }`.
//!
//! Why a small public set of codes: a client decides what to do from the code (log in
//! again on `unauthorized`, wait on `too_many_attempts`, fix the request on the 4xx
//! input codes, retry later on `internal`/`unavailable`) and shows the message. Internal
//! details (SQL errors) are logged, never sent.

use attend_domain::{Locale, Localized};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::StoreError;

/// The JSON body of every error answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `unauthorized`, `malformed_json`.
    pub error: String,
    pub message_ja: String,
    pub message_en: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON of the expected shape (syntax, types, missing fields).
    #[error("malformed request body: {0}")]
    MalformedJson(String),
    /// A field is out of bounds (too long, too many items, empty).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("request body too large")]
    BodyTooLarge,
    #[error("missing, expired or revoked token")]
    Unauthorized,
    /// Wrong member number or password: one error for both.
    #[error("bad credentials")]
    BadCredentials,
    #[error("staff token required")]
    Forbidden,
    #[error("too many attempts; retry after {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("not found: {0}")]
    NotFound(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::InvalidInput(_) => "invalid_input",
            ApiError::BodyTooLarge => "body_too_large",
            ApiError::Unauthorized => "unauthorized",
            ApiError::BadCredentials => "bad_credentials",
            ApiError::Forbidden => "forbidden",
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_) | ApiError::InvalidInput(_) => StatusCode::BAD_REQUEST,
            ApiError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unauthorized | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: self.code().to_owned(),
            message_ja: self.message(Locale::Ja),
            message_en: self.message(Locale::En),
        }
    }
}

impl Localized for ApiError {
    fn message(&self, locale: Locale) -> String {
        let (ja, en) = match self {
            ApiError::MalformedJson(_) => (
                "送信内容の形式が正しくありません。アプリを最新の状態にしてください。",
                "The request was not in the expected format. Please update the app.",
            ),
            ApiError::InvalidInput(_) => (
                "送信内容に誤りがあります（長すぎる項目、多すぎる件数など）。",
                "The request contains invalid values (a field too long, too many items, …).",
            ),
            ApiError::BodyTooLarge => (
                "送信内容が大きすぎます。",
                "The request is too large.",
            ),
            ApiError::Unauthorized => (
                "ログインの有効期限が切れたか、ログアウトされています。もう一度ログインしてください。",
                "Your login has expired or was ended. Please log in again.",
            ),
            ApiError::BadCredentials => (
                "会員番号またはパスワードが正しくありません。",
                "The member number or password is incorrect.",
            ),
            ApiError::Forbidden => (
                "この操作は学会事務局のみ行えます。",
                "Only the society office can do this.",
            ),
            ApiError::TooManyAttempts { .. } => (
                "ログインの試行回数が多すぎます。しばらく待ってから、もう一度お試しください。",
                "Too many login attempts. Please wait a while and try again.",
            ),
            ApiError::NotFound(_) => ("見つかりません。", "Not found."),
            ApiError::Conflict(_) => (
                "すでに登録されています。",
                "This is already registered.",
            ),
            ApiError::Internal(_) => (
                "サーバーで問題が発生しました。しばらくしてから、もう一度お試しください。",
                "Something went wrong on the server. Please try again later.",
            ),
        };
        locale.pick(ja, en).to_owned()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiError::NotFound(what),
            StoreError::Conflict(what) => ApiError::Conflict(what),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            // The detail (a database error) goes to the log only.
            tracing::error!(%detail, "request failed");
        }
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        match &self {
            ApiError::TooManyAttempts { retry_after_secs } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            ApiError::Unauthorized => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}
