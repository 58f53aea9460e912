//! The integration tests of the core and the `fashen` CLI: one binary, modules by area.

mod cli;
mod crash;
mod store;
mod support;
