//! One window per database. The first start listens on a Unix socket named after the database's path; a
//! second start with the same database connects, asks the first to bring its window forward, and exits
//! without opening the database. A socket left by a crashed start is detected (nobody answers) and replaced.
//!
//! On platforms without Unix sockets every start is a first start; SQLite's locking still keeps the data safe.

use std::path::Path;

pub enum Claim {
    /// This process owns the database; serve focus requests from later starts.
    First(Option<Listener>),
    /// Another process owns it and has been asked to show its window.
    Handed,
}

#[cfg(unix)]
pub type Listener = std::os::unix::net::UnixListener;
#[cfg(not(unix))]
pub type Listener = ();

/// The socket's path: in the user's runtime folder, named by a hash of the database's absolute path (socket
/// paths are limited to about 100 bytes, database paths are not).
#[cfg(unix)]
fn socket_path(db: &Path) -> std::path::PathBuf {
    use sha2::{Digest, Sha256};
    let absolute = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    let hash = hex::encode(Sha256::digest(absolute.as_os_str().as_encoded_bytes()));
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(std::path::PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    dir.join(format!("fashen-{}.sock", &hash[..24]))
}

#[cfg(unix)]
pub fn claim(db: &Path) -> Claim {
    use std::io::{Read, Write};
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::time::Duration;

    let path = socket_path(db);
    if let Ok(mut stream) = UnixStream::connect(&path) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let mut answer = [0u8; 2];
        if stream.write_all(b"focus\n").is_ok() && stream.read_exact(&mut answer).is_ok() {
            return Claim::Handed;
        }
    }
    // Nobody answered: the socket, if any, is left over from a start that crashed.
    let _ = std::fs::remove_file(&path);
    match UnixListener::bind(&path) {
        Ok(listener) => Claim::First(Some(listener)),
        Err(e) => {
            eprintln!("提示：无法建立单实例检测（{e}），将照常启动。");
            Claim::First(None)
        }
    }
}

#[cfg(not(unix))]
pub fn claim(_db: &Path) -> Claim {
    Claim::First(None)
}

/// Answers focus requests for as long as the app runs, calling `focus` for each.
#[cfg(unix)]
pub fn serve(listener: Option<Listener>, focus: impl Fn() + Send + 'static) {
    use std::io::{BufRead, BufReader, Write};
    let Some(listener) = listener else { return };
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_ok() && line.trim() == "focus" {
                focus();
                let _ = (&stream).write_all(b"ok");
            }
        }
    });
}

#[cfg(not(unix))]
pub fn serve(_listener: Option<Listener>, _focus: impl Fn() + Send + 'static) {}
