//! The integration tests of the core and the `fashen` CLI: one binary, modules by area.
// Test code: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod architecture;
mod calendar;
mod cli;
mod crash;
mod deadlines;
mod desk;
mod forged;
mod letters;
mod litigation;
mod print;
mod proposals;
mod readme;
mod rectification;
mod registers;
mod search;
mod serve;
mod stats;
mod store;
mod support;
mod sync;
mod tasks;
mod upgrade;
