//! 法审台 desktop: the Tauri 2 shell. It opens the one database of this laptop, makes sure only one window
//! works on it, and hands the web UI in `ui/` a list of commands, each a thin adapter over one core function
//! (see `commands.rs`). No SQL, no business rule and no label lives here.

// Release builds on Windows run without a console window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod files;
mod wire;

use std::path::PathBuf;
use std::sync::Arc;

use fashen::actions::settings::{default_database_path, open_database};
use fashen::clock::SystemClock;
use fashen::instance;
use fashen::OpenMode;
use tauri::{Emitter, Manager};

/// As in the CLI: a sync import parses and frees 100 000 revisions on every core.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The database this app works on: `FASHEN_DB`, or the OS app-data folder shared with the `fashen` CLI.
fn database_path() -> PathBuf {
    std::env::var_os("FASHEN_DB")
        .map(PathBuf::from)
        .unwrap_or_else(default_database_path)
}

/// WebKitGTK's accelerated compositing draws the page through GPU layers (software GL on many office laptops
/// and in virtual machines). For a page of forms and tables it buys nothing visible, and it costs about 90 MiB
/// of memory measured with 100 000 cases (README, "Desktop start-up and memory"), besides being the usual
/// source of blank or flickering windows on unusual GPUs. It is off unless the user sets the variable.
fn prefer_simple_rendering() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // Before any thread exists and before GTK starts, so the WebKit processes inherit it.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

fn main() {
    let started = std::time::Instant::now();
    prefer_simple_rendering();
    let db = database_path();
    // Held until the process ends: while it lives, a second start on this database only focuses our window.
    let mut instance = match instance::claim(&db) {
        instance::Claim::First(instance) => instance,
        instance::Claim::Handed => {
            eprintln!(
                "法审台已在运行（数据库 {}），已切换到该窗口。",
                db.display()
            );
            return;
        }
        instance::Claim::Busy => {
            eprintln!(
                "法审台已在使用数据库 {}，但没有响应。请稍候再试，或先关闭正在运行的法审台。",
                db.display()
            );
            std::process::exit(1);
        }
    };
    let listener = instance.take_listener();
    // Opening takes this laptop's user name as the author of the changes made here.
    let opened = open_database(&db, OpenMode::CreateIfMissing, Arc::new(SystemClock));
    let state = commands::AppState {
        store: fashen::api::Database::new(opened),
        opened_dir: files::opened_dir(&db),
        started,
    };

    let result = tauri::Builder::default()
        .manage(state)
        .setup(move |app| {
            let handle = app.handle().clone();
            instance::serve(listener, move || {
                if let Some(window) = handle.get_webview_window("main") {
                    // Best effort: a window manager may refuse focus; the notice in the page still shows.
                    let _ = window.unminimize();
                    let _ = window.show();
                    let _ = window.set_focus();
                    let _ = window.emit("instance-focused", ());
                }
            });
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("法审台无法启动：{e}");
        std::process::exit(1);
    }
}
