//! The one shape an error takes on its way to the UI: the core's [`fashen::api::Refusal`]
//! (`{kind, message, field}`), the same in the desktop and in browser mode.

pub use fashen::api::Refusal as WireError;
