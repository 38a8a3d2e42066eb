//! Pure domain logic of the attendance system, shared by the member app's core
//! (`attend-core`) and the society server (`attend-server`).
//!
//! Why a separate crate: the server signs codes, verifies uploads and computes the
//! member page's credits with exactly the code the app uses offline. Keeping that code
//! in a crate with no storage, no network and no platform dependencies means both sides
//! link one implementation, and the server does not pull in the app's SQLite queue or
//! QR decoder.

pub mod keys;
pub mod model;
pub mod payload;
pub mod record;
pub mod rules;
pub mod tally;
pub mod text;

pub use model::*;
pub use text::{Locale, Localized};
