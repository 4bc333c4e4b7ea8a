//! One instance per user: a launch while Papershelf runs hands its file arguments
//! (`papershelf-app digest.md`, "Open with Papershelf") to the running app over a Unix
//! socket in the app's config folder, which brings its window forward and imports
//! them as a drop would; then the new process exits.
//!
//! A socket of our own rather than `tauri-plugin-single-instance`: on Linux that plugin
//! needs the D-Bus session bus (absent under Xvfb in CI, over ssh, in many containers)
//! and names the instance by the app identifier only, so two profiles (two
//! `XDG_CONFIG_HOME`s, as the e2e tests use) would still be one instance. The config
//! folder is per user and per profile and always local (a library folder may be on a
//! synced or network drive, where Unix sockets do not work).
//!
//! Whatever fails here (no folder, a path too long for a socket, a running app that does
//! not answer) only costs the single instance: the app starts as it would without it.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use tauri::plugin::TauriPlugin;
use tauri::{Emitter, Manager, RunEvent, Wry};

/// Sent to the UI when files were handed to the app: it takes them with
/// `take_opened_files` (also at start, for the files of the first launch).
pub const EVENT_FILES_OPENED: &str = "files-opened";

/// The socket's name inside the app's config folder.
pub const SOCKET_NAME: &str = "instance.sock";
/// How long either side waits for the other before giving up.
const TIMEOUT: Duration = Duration::from_secs(5);
/// The running app's answer once it has the files.
const ACK: &[u8] = b"ok";

/// The files of the command line: every argument that is not an option, made absolute
/// against `cwd` so the running app (elsewhere) finds them.
pub fn file_arguments(args: impl IntoIterator<Item = String>, cwd: &Path) -> Vec<String> {
    args.into_iter()
        .filter(|a| !a.is_empty() && !a.starts_with('-'))
        .map(|a| cwd.join(a).to_string_lossy().into_owned())
        .collect()
}

/// Files handed to the app (at launch or by a later launch) that the UI has not
/// taken yet.
#[derive(Default)]
pub struct Opened(Mutex<Vec<String>>);

impl Opened {
    pub fn push(&self, paths: Vec<String>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(paths);
    }

    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(unix)]
pub use unix::{claim, Claim};

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::net::{UnixListener, UnixStream};

    /// What a launch found at the socket.
    pub enum Claim {
        /// No other instance: this one listens from now on.
        First(UnixListener),
        /// A running instance took the files; this launch is done.
        Handed,
    }

    /// Hands `files` to a running instance, or becomes the one that listens.
    pub fn claim(socket: &Path, files: &[String]) -> io::Result<Claim> {
        match UnixStream::connect(socket) {
            Ok(stream) => {
                hand_over(stream, files)?;
                Ok(Claim::Handed)
            }
            // Nobody there, or a socket left by an app that did not exit cleanly.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
                ) =>
            {
                if socket.exists() {
                    std::fs::remove_file(socket)?;
                }
                if let Some(dir) = socket.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                Ok(Claim::First(UnixListener::bind(socket)?))
            }
            Err(e) => Err(e),
        }
    }

    /// Paths, each ended by a NUL (the one byte a path cannot hold); then waits for
    /// the answer so a launch never reports success for files nobody took.
    fn hand_over(mut stream: UnixStream, files: &[String]) -> io::Result<()> {
        stream.set_write_timeout(Some(TIMEOUT))?;
        stream.set_read_timeout(Some(TIMEOUT))?;
        let mut message = Vec::new();
        for f in files {
            message.extend_from_slice(f.as_bytes());
            message.push(0);
        }
        stream.write_all(&message)?;
        stream.shutdown(std::net::Shutdown::Write)?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer)?;
        if answer == ACK {
            Ok(())
        } else {
            Err(io::Error::other("the running Papershelf did not answer"))
        }
    }

    /// Answers each later launch on a thread of its own: `on_files` gets its paths
    /// (none when it only asks to be brought forward).
    pub fn listen(listener: UnixListener, on_files: impl Fn(Vec<String>) + Send + 'static) {
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                match receive(&mut stream) {
                    Ok(files) => {
                        on_files(files);
                        let _ = stream.write_all(ACK);
                    }
                    Err(e) => tracing::warn!("a second launch sent nothing readable: {e}"),
                }
            }
        });
    }

    fn receive(stream: &mut UnixStream) -> io::Result<Vec<String>> {
        stream.set_read_timeout(Some(TIMEOUT))?;
        stream.set_write_timeout(Some(TIMEOUT))?;
        let mut message = Vec::new();
        stream.read_to_end(&mut message)?;
        Ok(message
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect())
    }
}

#[cfg(unix)]
pub use unix::listen;

/// The socket this instance listens on, removed when it exits.
struct Listening(PathBuf);

/// Registered before every other plugin, so a second launch exits before the rest of
/// the app (and any window) starts.
pub fn plugin() -> TauriPlugin<Wry> {
    tauri::plugin::Builder::new("papershelf-instance")
        .setup(|app, _api| {
            let cwd = std::env::current_dir().unwrap_or_default();
            let files = file_arguments(std::env::args().skip(1), &cwd);
            app.manage(Opened::default());
            #[cfg(unix)]
            match app.path().app_config_dir() {
                Ok(dir) => {
                    let socket = socket_path(&dir);
                    match claim(&socket, &files) {
                        Ok(Claim::Handed) => handed_over(),
                        Ok(Claim::First(listener)) => {
                            let handle = app.clone();
                            listen(listener, move |files| brought_forward(&handle, files));
                            app.manage(Listening(socket));
                        }
                        Err(e) => tracing::warn!(
                            "no single instance ({}): {e}; this launch runs on its own",
                            socket.display()
                        ),
                    }
                }
                Err(e) => tracing::warn!("no single instance (no config folder): {e}"),
            }
            app.state::<Opened>().push(files);
            Ok(())
        })
        .on_event(|app, event| {
            if let RunEvent::Exit = event {
                if let Some(listening) = app.try_state::<Listening>() {
                    let _ = std::fs::remove_file(&listening.0);
                }
            }
        })
        .build()
}

/// Ends a launch whose files the running app took. `_exit`, not
/// `process::exit`: GTK, WebKit and Mesa are already initialised, with
/// threads of their own, and their `atexit` handlers crashed the process
/// now and then (SIGSEGV in the e2e run) when run under them. Nothing of
/// this process needs flushing: it has written nothing.
#[cfg(unix)]
fn handed_over() -> ! {
    // SAFETY: `_exit` ends the process at once; no Rust state is used after.
    unsafe { libc::_exit(0) }
}

/// A later launch: its files wait for the UI, and the window comes forward.
fn brought_forward(app: &tauri::AppHandle, files: Vec<String>) {
    if !files.is_empty() {
        app.state::<Opened>().push(files);
        let _ = app.emit(EVENT_FILES_OPENED, ());
    }
    if let Some(window) = app.get_webview_window(crate::MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Where the socket of the app with this config folder is.
pub fn socket_path(config_dir: &Path) -> PathBuf {
    config_dir.join(SOCKET_NAME)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn file_arguments_skip_options_and_become_absolute() {
        let args = ["digest.md", "--automation", "/tmp/b.md", ""].map(String::from);
        assert_eq!(
            file_arguments(args, Path::new("/home/me")),
            vec!["/home/me/digest.md".to_owned(), "/tmp/b.md".to_owned()]
        );
    }

    #[test]
    fn a_second_launch_hands_its_files_to_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let socket = socket_path(dir.path());
        let Claim::First(listener) = claim(&socket, &[]).unwrap() else {
            panic!("the first launch must listen");
        };
        let (tx, rx) = mpsc::channel();
        listen(listener, move |files| tx.send(files).unwrap());

        let files = vec!["/a/2025-10-03.md".to_owned(), "/b/with space.md".to_owned()];
        assert!(matches!(claim(&socket, &files).unwrap(), Claim::Handed));
        assert_eq!(rx.recv_timeout(TIMEOUT).unwrap(), files);
        // Without files: only brought forward.
        assert!(matches!(claim(&socket, &[]).unwrap(), Claim::Handed));
        assert_eq!(rx.recv_timeout(TIMEOUT).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn a_socket_left_by_a_crashed_app_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let socket = socket_path(dir.path());
        // Bound, then dropped without removing the file: what a killed app leaves.
        drop(std::os::unix::net::UnixListener::bind(&socket).unwrap());
        assert!(socket.exists());
        assert!(matches!(claim(&socket, &[]).unwrap(), Claim::First(_)));
    }

    #[test]
    fn an_instance_that_does_not_answer_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let socket = socket_path(dir.path());
        // Listening but never reading: the app is stuck.
        let _stuck = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let started = std::time::Instant::now();
        assert!(claim(&socket, &["/a.md".to_owned()]).is_err());
        assert!(started.elapsed() < TIMEOUT * 2);
    }

    #[test]
    fn opened_files_are_taken_once() {
        let opened = Opened::default();
        opened.push(vec!["/a.md".into()]);
        opened.push(vec!["/b.md".into()]);
        assert_eq!(opened.take(), vec!["/a.md".to_owned(), "/b.md".to_owned()]);
        assert!(opened.take().is_empty());
    }
}
