//! The member app's core: everything the app does, so that the iOS and Android shells
//! only render state and hand over camera frames (see DESIGN.md).

pub use attend_domain as domain;
