//! The server's endpoints as async calls, each returning the server's clock reading
//! alongside the answer (see [`ClockSample`]).

use chrono::{DateTime, Utc};
use reqwest::header::{AUTHORIZATION, ETAG, IF_NONE_MATCH};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;

use super::wire::{
    ErrorBody, HistoryResponse, LoginRequest, LoginResponse, MeResponse, UploadRequest,
    UploadResponse,
};
use crate::clock::Clock;
use crate::net::{build_client, endpoint, server_date, status_error, HttpConfig, NetError};

/// The device clock's offset from the server's, read from one answer's `Date` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSample {
    /// Server time minus device time, in milliseconds.
    pub offset_ms: i64,
    pub measured_at: DateTime<Utc>,
}

/// A cached document's revalidation: unchanged, or its new body and ETag.
#[derive(Debug)]
pub enum Fetched {
    NotModified,
    New { body: String, etag: Option<String> },
}

/// A member document's revalidation, parsed: unchanged, or its new value and ETag.
#[derive(Debug)]
pub enum Revalidated<T> {
    NotModified,
    New { value: T, etag: Option<String> },
}

/// Why a login failed, before it becomes an `AuthError`.
#[derive(Debug)]
pub enum LoginFailure {
    WrongCredentials,
    Net(NetError),
}

pub struct Api {
    client: reqwest::Client,
    config: HttpConfig,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api")
            .field("base_url", &self.config.base_url)
            .finish()
    }
}

struct Answered {
    response: Response,
    clock: Option<ClockSample>,
}

impl Api {
    pub fn new(config: &HttpConfig) -> Result<Self, NetError> {
        Ok(Self {
            client: build_client(config)?,
            config: config.clone(),
        })
    }

    pub fn url(&self, path: &str) -> String {
        endpoint(&self.config, path)
    }

    /// Sends a request and reads the server's clock off the answer.
    ///
    /// The `Date` header has whole seconds and was taken somewhere between sending and
    /// receiving, so it only bounds the offset: server time lay in `[date, date + 1 s)`
    /// at some device time in `[sent, received]`. The offset recorded is the smallest
    /// one inside those bounds: zero for a clock that agrees with the server as far as
    /// can be seen. Reporting a guess inside the bounds instead would move every scan
    /// of a correct phone by up to a second, enough to put a scan made just after a
    /// key or session opened before its start.
    async fn send(&self, request: RequestBuilder, clock: &dyn Clock) -> Result<Answered, NetError> {
        let sent = clock.now();
        let response = request
            .send()
            .await
            .map_err(|e| NetError::from_reqwest(&e))?;
        let received = clock.now();
        let clock = server_date(response.headers()).map(|server| ClockSample {
            offset_ms: offset_within(
                (server - received).num_milliseconds(),
                (server - sent).num_milliseconds() + 1000,
            ),
            measured_at: received,
        });
        Ok(Answered { response, clock })
    }

    pub async fn login(
        &self,
        member_number: &str,
        password: &str,
        clock: &dyn Clock,
    ) -> Result<(LoginResponse, Option<ClockSample>), LoginFailure> {
        let request = self
            .client
            .post(self.url("/api/v1/login"))
            .json(&LoginRequest {
                member_number,
                password,
            });
        let answered = self.send(request, clock).await.map_err(LoginFailure::Net)?;
        // On the login endpoint a 401 is the password, not a token.
        if answered.response.status() == StatusCode::UNAUTHORIZED {
            return Err(LoginFailure::WrongCredentials);
        }
        let sample = answered.clock;
        let body = read_json(answered.response, clock)
            .await
            .map_err(LoginFailure::Net)?;
        Ok((body, sample))
    }

    /// Revokes the token on the server. A token the server no longer knows is fine.
    pub async fn logout(&self, token: &str, clock: &dyn Clock) -> Result<(), NetError> {
        let request = self
            .client
            .post(self.url("/api/v1/logout"))
            .header(AUTHORIZATION, bearer(token));
        let answered = self.send(request, clock).await?;
        let status = answered.response.status();
        if status.is_success() || status == StatusCode::UNAUTHORIZED {
            return Ok(());
        }
        Err(status_error(
            status,
            answered.response.headers(),
            clock.now(),
        ))
    }

    pub async fn upload(
        &self,
        token: &str,
        batch: &UploadRequest<'_>,
        clock: &dyn Clock,
    ) -> Result<(UploadResponse, Option<ClockSample>), NetError> {
        let request = self
            .client
            .post(self.url("/api/v1/attendance"))
            .header(AUTHORIZATION, bearer(token))
            .json(batch);
        let answered = self.send(request, clock).await?;
        let sample = answered.clock;
        Ok((read_json(answered.response, clock).await?, sample))
    }

    /// GETs a document, revalidating with `etag`; `token` for member-only documents.
    pub async fn fetch(
        &self,
        path: &str,
        token: Option<&str>,
        etag: Option<&str>,
        clock: &dyn Clock,
    ) -> Result<(Fetched, Option<ClockSample>), NetError> {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.header(AUTHORIZATION, bearer(token));
        }
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        let answered = self.send(request, clock).await?;
        let sample = answered.clock;
        let response = answered.response;
        if response.status() == StatusCode::NOT_MODIFIED {
            return Ok((Fetched::NotModified, sample));
        }
        if !response.status().is_success() {
            return Err(status_error(
                response.status(),
                response.headers(),
                clock.now(),
            ));
        }
        let etag = response
            .headers()
            .get(ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .text()
            .await
            .map_err(|e| NetError::from_reqwest(&e))?;
        Ok((Fetched::New { body, etag }, sample))
    }

    /// The member's confirmed history, revalidated with `etag`.
    pub async fn history(
        &self,
        token: &str,
        etag: Option<&str>,
        clock: &dyn Clock,
    ) -> Result<(Revalidated<HistoryResponse>, Option<ClockSample>), NetError> {
        self.member_document("/api/v1/attendance", token, etag, clock)
            .await
    }

    /// The member's profile (for the certifications held). The server sends no ETag
    /// for it today; `etag` is sent when one was ever stored, so a server that adds
    /// one makes this a 304 without an app update.
    pub async fn me(
        &self,
        token: &str,
        etag: Option<&str>,
        clock: &dyn Clock,
    ) -> Result<(Revalidated<MeResponse>, Option<ClockSample>), NetError> {
        self.member_document("/api/v1/me", token, etag, clock).await
    }

    async fn member_document<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        etag: Option<&str>,
        clock: &dyn Clock,
    ) -> Result<(Revalidated<T>, Option<ClockSample>), NetError> {
        let (fetched, sample) = self.fetch(path, Some(token), etag, clock).await?;
        match fetched {
            Fetched::NotModified => Ok((Revalidated::NotModified, sample)),
            Fetched::New { body, etag } => {
                let value = serde_json::from_str(&body)
                    .map_err(|e| NetError::Protocol(format!("{path}: {e}")))?;
                Ok((Revalidated::New { value, etag }, sample))
            }
        }
    }
}

/// The offset closest to zero within `[low, high]` (server minus device, ms).
fn offset_within(low: i64, high: i64) -> i64 {
    if low > 0 {
        low
    } else if high < 0 {
        high
    } else {
        0
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// Reads a success answer as JSON; anything else becomes the error its status means.
async fn read_json<T: DeserializeOwned>(
    response: Response,
    clock: &dyn Clock,
) -> Result<T, NetError> {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| NetError::from_reqwest(&e))?;
    if !status.is_success() {
        let mut err = status_error(status, &headers, clock.now());
        if let (NetError::Protocol(detail), Ok(body)) =
            (&mut err, serde_json::from_slice::<ErrorBody>(&bytes))
        {
            detail.push_str(&format!(": {}", body.error));
        }
        return Err(err);
    }
    serde_json::from_slice(&bytes).map_err(|e| NetError::Protocol(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::offset_within;

    #[test]
    fn offsets_are_the_smallest_the_date_header_allows() {
        // A clock that agrees within the header's second is not corrected.
        assert_eq!(offset_within(-300, 700), 0);
        // Server ahead: at least `low`.
        assert_eq!(offset_within(120_000, 121_050), 120_000);
        // Device ahead by an hour.
        assert_eq!(offset_within(-3_601_000, -3_599_950), -3_599_950);
    }
}
