//! Sync: every scan reaches the server exactly once, and the member sees what is
//! pending and what is confirmed.
//!
//! # How exactly-once holds through lost networks, killed apps and restarted servers
//!
//! A scan lives only in the store (see `crate::queue`), with a client id made on the
//! device. A pass marks a batch `sent` (committed) before uploading it; the server
//! stores each client id with the verdict it first gave and answers a repeat with the
//! same verdict; the verdicts are applied to the queue in one transaction. Whatever
//! breaks in between (no answer, a reset, a truncated answer, a SIGKILL), the scans are
//! still waiting, go up again with the same ids, and the server answers "accepted" or
//! "duplicate" again instead of recording them twice. The fault tests in `tests/`
//! (a fault-injecting proxy and a kill loop) hold the code to this.
//!
//! # When a pass runs
//!
//! The [`SyncEngine`] task runs one pass at a time: after a scan, when the network
//! returns, after a login, on demand, and on a retry timer after a transient failure
//! (exponential backoff with full jitter, or the server's `Retry-After`). A 401 stops
//! in [`SyncState::SignedOut`] with the scans kept, and forgets the dead token and the
//! account as a logout does (so a restart opens the login form); a certificate the app does not
//! trust stops in [`SyncState::Failed`] with [`SyncError::Tls`] and is not retried in
//! a loop (it would fail the same way, and may be someone in the middle).
//!
//! # What a pass brings down
//!
//! The key set and the rules (ETags in the store's `cached_document`), then the
//! member's confirmed history and certifications held (ETags per member in
//! `member_etag`, see `member`). The tags are on disk, so the first pass after a
//! restart is a row of 304s, not seven years of history; each is written in the
//! transaction that writes its data, and a logout forgets them. The certifications come
//! on every forced pass (login, `sync_now`) and otherwise at most every
//! [`SyncConfig::certifications_every`]: the server has no ETag for them.
//!
//! # Clock
//!
//! Each answer's `Date` header gives the device clock's offset from the server's; the
//! last one is stored and copied into each new scan, and sent with it as
//! `clock_offset_ms`, so the server can judge a scan from a phone whose clock is wrong.

mod api;
pub mod backoff;
mod engine;
mod member;
mod pass;
mod status;
pub mod wire;

pub(crate) use api::{Api, ClockSample, LoginFailure};
pub use backoff::Backoff;
pub use engine::{SyncConfig, SyncEngine};
pub use pass::SyncReport;
pub use status::{SyncError, SyncListener, SyncState, SyncStatus};
