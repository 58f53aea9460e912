//! An empty Tauri 2 window on a blank page: the memory and start-up floor that `scripts/measure-desktop.sh`
//! compares the desktop app against (DESIGN.md §9). Same Tauri, same profile and features, same context; only
//! the app's own window, UI and commands are left out.

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    let result = tauri::Builder::default()
        // A real (empty) document served like the app's own pages, so WebKit starts its web process as it does
        // for the app; `about:blank` is shown without one and would make the floor too low.
        .register_uri_scheme_protocol("blank", |_ctx, _request| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html")
                .body(b"<!doctype html><title>empty</title>".to_vec())
                .expect("a static response is valid")
        })
        .setup(|app| {
            let blank = "blank://localhost/".parse().expect("a valid URL");
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::CustomProtocol(blank))
                .title("empty")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("empty window failed: {e}");
        std::process::exit(1);
    }
}
