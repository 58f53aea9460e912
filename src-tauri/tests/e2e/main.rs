//! The desktop app driven through WebDriver in the real WebKit webview, headless under Xvfb: what a clerk does
//! on the first day, checked on screen and in the database. Screenshots of each main screen are written to
//! `target/screenshots/`.

#![allow(clippy::unwrap_used)]

mod fixtures;
mod support;
mod webdriver;

mod attachments;
mod browser;
mod case_detail;
mod case_form;
mod deadlines;
mod keyboard;
mod letters;
mod litigation;
mod people_settings;
mod printing;
mod register;
mod search;
mod start;
mod stats;
mod sync;
mod tasks;
