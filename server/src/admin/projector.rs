//! `projector-url` and `projector-revoke`: the venue laptop's key for one session's
//! projector page (see `api::projector` for why it is not the staff token).
//!
//! Only the key's hash is stored, so the URL can be printed only when the key is made.
//! Running `projector-url` again therefore does not reprint it and does not quietly
//! replace it either (that would blank a screen showing the old URL): it refuses and
//! says to pass `--new`, which makes a fresh key and ends the old one.

use chrono::Utc;

use super::AdminError;
use crate::api::projector::{key_expires_at, projector_path};
use crate::config::Config;
use crate::credentials::new_token;
use crate::store::{millis, Store};

/// Makes the session's projector key and returns the page's URL on the first line,
/// then a note for the office.
pub async fn projector_url(
    store: &Store,
    config: &Config,
    session_id: &str,
    base_url: Option<String>,
    new: bool,
) -> Result<String, AdminError> {
    let session = store
        .session(session_id)
        .await?
        .ok_or_else(|| AdminError::Input(format!("no session {session_id}")))?;
    let now = Utc::now();
    let expires = key_expires_at(session.valid_until);
    if expires <= now {
        return Err(AdminError::Input(format!(
            "session {session_id} ended at {}: a projector key would no longer open its page",
            session.valid_until
        )));
    }
    let (key, hash) = new_token();
    let replaced = if new {
        store
            .replace_projector_key(session_id, &hash, millis(now))
            .await?
    } else if store
        .add_projector_key(session_id, &hash, millis(now))
        .await?
    {
        false
    } else {
        let made = store
            .projector_key_made_at(session_id)
            .await?
            .map(|t| format!(" (made {t})"))
            .unwrap_or_default();
        return Err(AdminError::Input(format!(
            "session {session_id} already has a projector key{made}; it was shown only \
             when made. Run again with --new to make a new one: the old URL then stops working"
        )));
    };
    let scheme = if config.tls.is_some() {
        "https"
    } else {
        "http"
    };
    let base = base_url.unwrap_or_else(|| format!("{scheme}://{}", config.listen));
    let url = format!(
        "{}{}",
        base.trim_end_matches('/'),
        projector_path(session_id, &key)
    );
    let old = if replaced {
        " The previous key no longer works."
    } else {
        ""
    };
    Ok(format!(
        "{url}\n# A new projector key for {session_id}, shown only now (only its hash is \
         kept). It opens this session's page until {expires}.{old} Lost it: \
         projector-url {session_id} --new. End it: projector-revoke {session_id}."
    ))
}

/// Ends the session's projector key at once: the page gets 403 on its next fetch and
/// shows its offline notice.
pub async fn projector_revoke(store: &Store, session_id: &str) -> Result<String, AdminError> {
    if store.session(session_id).await?.is_none() {
        return Err(AdminError::Input(format!("no session {session_id}")));
    }
    if store.revoke_projector_key(session_id).await? {
        Ok(format!("projector key of {session_id} revoked"))
    } else {
        Ok(format!("session {session_id} had no projector key"))
    }
}
