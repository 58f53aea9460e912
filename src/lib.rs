//! Fashen (法审台): the core of a case manager for a district legal-affairs office and its legal advisors.
//!
//! Everything the desktop app and the `fashen` CLI do is a function here; nothing here knows about a window.
//! See ARCHITECTURE.md for the map of modules.

pub mod actions;
pub mod api;
pub mod bench;
pub mod clock;
pub mod deadlines;
pub mod demo;
pub mod error;
pub mod files;
pub mod ids;
pub mod instance;
pub mod model;
pub mod par;
pub mod print;
pub mod revision;
pub mod search;
pub mod store;
pub mod sync;

pub use error::{Error, Result};
pub use store::{OpenMode, Store};
