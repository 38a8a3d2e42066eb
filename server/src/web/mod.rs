//! The member page (会員マイページ), server-rendered HTML under `/member/`.
//!
//! Design decisions:
//! - Pages are `maud` templates: plain Rust checked at compile time, escaped by
//!   default, no template files to go missing. No JavaScript: every action is a form,
//!   so the pages work on any phone and print cleanly.
//! - Sessions are server-side rows (`web_sessions`) holding the SHA-256 of a random
//!   cookie, so logout and a password change end them for real. The cookie is
//!   `HttpOnly`, `SameSite=Strict`, `Secure` whenever the server runs TLS.
//! - Every form carries a CSRF token: the session's own token once signed in, and a
//!   random cookie echoed in the form (double submit) for the sign-in form.
//! - The same members table, password hash and login throttle as the app's
//!   `/api/v1/login` (`credentials`, `login_failures`), so one password and one
//!   failure count serve both.
//! - No member id ever appears in a URL: every page shows the signed-in member's own
//!   data, so there is no id to change.

mod auth;
mod content;
mod history;
mod layout;
pub mod office;
mod pages;
mod password;
mod session;
pub mod store;
mod terms;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use attend_domain::{Locale, Localized};

use crate::api::SharedState;
use crate::store::StoreError;

pub use content::Content;
pub use store::{Notice, NoticeCategory, Position, Profile};

/// Where the member page lives.
pub const BASE: &str = "/member";

pub fn router() -> Router<SharedState> {
    Router::new()
        .route("/member", get(|| async { Redirect::to("/member/status") }))
        .route("/member/", get(|| async { Redirect::to("/member/status") }))
        .route("/member/login", get(auth::login_page).post(auth::login))
        .route("/member/logout", post(auth::logout))
        .route(
            "/member/password",
            get(auth::password_page).post(auth::change_password),
        )
        .route(
            "/member/terms",
            get(terms::terms_page).post(terms::acknowledge),
        )
        .route("/member/lang/{code}", get(auth::switch_language))
        .route("/member/status", get(pages::status))
        .route("/member/news", get(pages::news))
        .route("/member/news/{id}", get(pages::news_item))
        .route("/member/history", get(history::page))
        .route("/member/history.pdf", get(history::pdf))
        .route("/member/publications", get(pages::publications))
        .route("/member/support", get(pages::support))
        .route("/member/coming/{what}", get(pages::coming))
}

/// What a member page can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal: {0}")]
    Internal(String),
    #[error("not found")]
    NotFound,
    #[error("the form's security token is missing or stale")]
    Csrf,
    #[error("too many attempts; retry in {0} s")]
    TooManyAttempts(i64),
    #[error("the record could not be printed: {0}")]
    Print(#[from] attend_print::PrintError),
    /// Not signed in (or the session ended): go to the sign-in page.
    #[error("sign in")]
    SignIn,
    /// A step comes first (password change, terms).
    #[error("redirect")]
    Redirect(&'static str),
}

impl Localized for WebError {
    fn message(&self, locale: Locale) -> String {
        let (ja, en) = match self {
            WebError::Store(_) | WebError::Internal(_) => (
                "サーバーで問題が発生しました。しばらくしてから、もう一度お試しください。",
                "Something went wrong on the server. Please try again later.",
            ),
            WebError::NotFound => ("ページが見つかりません。", "This page does not exist."),
            WebError::Csrf => (
                "フォームの有効期限が切れています。ページを開き直して、もう一度送信してください。",
                "This form has expired. Reload the page and send it again.",
            ),
            WebError::TooManyAttempts(secs) => {
                let mins = (secs + 59) / 60;
                return match locale {
                    Locale::Ja => format!(
                        "ログインの失敗が続いたため、一時的にログインを停止しています。約{mins}分後にもう一度お試しください。"
                    ),
                    Locale::En => format!(
                        "Too many failed sign-ins. Please try again in about {mins} minutes."
                    ),
                };
            }
            WebError::Print(_) => (
                "PDFを作成できませんでした。事務局にお問い合わせください。",
                "The PDF could not be made. Please contact the office.",
            ),
            WebError::SignIn | WebError::Redirect(_) => {
                ("ログインしてください。", "Please sign in.")
            }
        };
        locale.pick(ja, en).to_owned()
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = match &self {
            WebError::SignIn => return Redirect::to("/member/login").into_response(),
            WebError::Redirect(to) => return Redirect::to(to).into_response(),
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Store(_) | WebError::Internal(_) | WebError::Print(_) => {
                tracing::error!(error = %self, "member page");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        // The error page does not know the reader's language cookie; both languages.
        let body = layout::error_page(&self.message(Locale::Ja), &self.message(Locale::En));
        (status, body).into_response()
    }
}

pub type WebResult<T> = Result<T, WebError>;

/// Runs CPU-heavy work (argon2, PDF) off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> WebResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))
}
