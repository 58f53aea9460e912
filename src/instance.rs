//! One running app per database: a desktop window or a `fashen serve` server. The first start takes an
//! exclusive lock on a file named after the database's real path and listens on a Unix socket beside it; a
//! later start with the same database finds the lock taken, asks the holder over the socket to come forward
//! (the window is focused, the server opens a new browser tab), and exits without opening the database. The
//! lock (not the socket) decides who is first, so two starts at the same moment cannot both win, and a socket
//! left by a crashed start is simply replaced. The desktop and the server share the lock, so the two modes
//! never work on one database at once.
//!
//! On platforms without Unix sockets every start is a first start; SQLite's locking still keeps data safe.

use std::path::{Path, PathBuf};

pub enum Claim {
    /// This process owns the database. Keep the value alive for as long as the app runs.
    First(Instance),
    /// Another process owns it and has been asked to show its window.
    Handed,
    /// Another process holds the database but did not answer (it may be starting or stuck).
    Busy,
}

pub struct Instance {
    /// Held (locked) for the life of the process; released by the OS when it ends, even by a crash.
    _lock: Option<std::fs::File>,
    #[cfg(unix)]
    listener: Option<Listener>,
}

/// The database's real path (symlinks and `..` resolved), even before the file exists.
fn real_path(db: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(db) {
        return p;
    }
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(dir), db.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf()),
    }
}

/// The lock file and socket: in the user's runtime folder, named by a hash of the database's real path
/// (socket paths are limited to about 100 bytes, database paths are not).
fn instance_paths(db: &Path) -> (PathBuf, PathBuf) {
    use sha2::{Digest, Sha256};
    let real = real_path(db);
    let hash = hex::encode(Sha256::digest(real.as_os_str().as_encoded_bytes()));
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    let stem = format!("fashen-{}", &hash[..24]);
    (
        dir.join(format!("{stem}.lock")),
        dir.join(format!("{stem}.sock")),
    )
}

#[cfg(unix)]
pub fn claim(db: &Path) -> Claim {
    use std::fs::{OpenOptions, TryLockError};
    use std::os::unix::net::UnixListener;

    let (lock_path, socket_path) = instance_paths(db);
    let lock = match OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
    {
        Ok(file) => match file.try_lock() {
            Ok(()) => Some(file),
            Err(TryLockError::WouldBlock) => return ask_to_focus(&socket_path),
            Err(TryLockError::Error(e)) => {
                eprintln!("提示：无法建立单实例检测（{e}），将照常启动。");
                None
            }
        },
        Err(e) => {
            eprintln!("提示：无法建立单实例检测（{e}），将照常启动。");
            None
        }
    };
    // We hold the lock: any socket there is left over from a start that ended.
    let _ = std::fs::remove_file(&socket_path);
    let listener = UnixListener::bind(&socket_path)
        .map_err(|e| eprintln!("提示：无法接收再次启动的请求（{e}）。"))
        .ok();
    Claim::First(Instance {
        _lock: lock,
        listener,
    })
}

/// Asks the running instance to show its window, waiting a while for one that is still starting.
#[cfg(unix)]
fn ask_to_focus(socket_path: &Path) -> Claim {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;
    use std::time::{Duration, Instant};

    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(mut stream) = UnixStream::connect(socket_path) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut answer = [0u8; 2];
            if stream.write_all(b"focus\n").is_ok() && stream.read_exact(&mut answer).is_ok() {
                return Claim::Handed;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Claim::Busy
}

#[cfg(not(unix))]
pub fn claim(_db: &Path) -> Claim {
    Claim::First(Instance { _lock: None })
}

#[cfg(unix)]
pub type Listener = std::os::unix::net::UnixListener;
#[cfg(not(unix))]
pub type Listener = ();

impl Instance {
    /// The socket to serve focus requests on; the lock stays with the instance.
    pub fn take_listener(&mut self) -> Option<Listener> {
        #[cfg(unix)]
        return self.listener.take();
        #[cfg(not(unix))]
        None
    }
}

/// Answers focus requests for as long as the app runs, calling `focus` for each.
#[cfg(unix)]
pub fn serve(listener: Option<Listener>, focus: impl Fn() + Send + 'static) {
    use std::io::{BufRead, BufReader, Write};
    let Some(listener) = listener else { return };
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // A client that connects and says nothing must not hold up the next one.
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
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
