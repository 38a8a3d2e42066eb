//! Test support for the fault tests of login and sync (see `tests/` and the bins):
//! the fault-injecting proxy and the real server and app they run against.

pub mod kill;
pub mod proxy;
pub mod world;
