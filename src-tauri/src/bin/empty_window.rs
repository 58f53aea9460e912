//! An empty Tauri 2 window with a blank page: the memory and start-up floor that `scripts/measure-desktop.sh`
//! compares the desktop app against (DESIGN.md §9). It is built with the same Tauri, in the same profile.

fn main() {
    if let Err(e) =
        tauri::Builder::default().run(tauri::generate_context!("empty-window.conf.json"))
    {
        eprintln!("empty window failed: {e}");
        std::process::exit(1);
    }
}
