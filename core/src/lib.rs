//! The member app's core: everything the app does, so that the iOS and Android shells
//! only render state and hand over camera frames (see DESIGN.md).

pub use attend_domain as domain;

pub mod app;
pub mod auth;
pub mod clock;
pub mod error;
pub mod net;
pub mod queue;
pub mod scan;
pub mod store;
pub mod sync;

#[cfg(test)]
mod testing;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{ScanError, StoreError};
pub use queue::{QueuedScan, Verdict, VerdictReport};
pub use scan::{scan_text, ScanOutcome};
pub use store::Store;

pub mod decode;
