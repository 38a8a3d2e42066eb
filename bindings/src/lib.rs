//! attend-ffi: the member app's core (`attend-core`) for the Kotlin (Android), Swift
//! (iOS) and Python shells, through uniffi proc-macros (no UDL).
//!
//! This crate only translates: the object [`AttendApp`] forwards to the core's facade,
//! [`AttendError`] is the core's error sorted by what a shell does next, the records are
//! the core's own view states, and the platform's services come in as foreign traits
//! ([`TokenStore`], [`SyncListener`]). Bindings are generated from the built library
//! (`uniffi-bindgen generate --library`), never committed: see `bindings/tests/run.sh`.

mod app;
mod error;
mod platform;
mod records;

pub use app::{locale_from_tag, AppSettings, AttendApp, PixelFormat};
pub use error::{AttendError, PlatformError};
pub use platform::{SyncListener, TokenStore};
pub use records::*;

uniffi::setup_scaffolding!();
