//! The library's sources kept synced while the app is open: core's
//! `sources::watch::run` (the loop `papershelf watch` runs) on a thread of its
//! own, with its own connections. Each sync is forwarded to the UI as a
//! `sources-synced` event; the loop is stopped when the app quits and started
//! again on the new file when the library is replaced (restored, moved away,
//! another folder opened), so it never keeps writing into the file it had.

use std::path::Path;
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use papershelf_core::pdf::CancellationToken;
use papershelf_core::sources::watch::{self, Event};
use papershelf_core::sources::Synced;
use tauri::{AppHandle, Emitter, Manager};

use crate::api::SourcesSynced;
use crate::state::AppState;

/// The event carrying a `SourcesSynced` (its name is in `ui/src/ipc.ts` too).
pub const EVENT_SOURCES_SYNCED: &str = "sources-synced";

/// How long quitting or a restore waits for a sync under way to finish (a
/// subscription stops between days; a folder's batch commits or not at all).
const STOP_WAIT: Duration = Duration::from_secs(5);

struct Running {
    cancel: CancellationToken,
    thread: JoinHandle<()>,
}

/// The one watch loop of the app, if it runs.
#[derive(Default)]
pub struct Watching {
    running: Mutex<Option<Running>>,
}

impl Watching {
    /// Starts the loop on the library the app has open, stopping the one that
    /// ran before. A library that did not open is not watched (the recovery
    /// screen is up; it starts once a library opens).
    pub fn restart(&self, app: &AppHandle) {
        self.stop();
        let state = app.state::<AppState>();
        if state.problem().is_some() {
            return;
        }
        let dir = state.dir();
        let app = app.clone();
        let running = start(&dir, move |event| report(&app, event));
        if let Ok(mut slot) = self.running.lock() {
            *slot = running;
        }
    }

    /// Stops the loop and waits (a while) for it to end.
    pub fn stop(&self) {
        let running = self.running.lock().ok().and_then(|mut r| r.take());
        if let Some(running) = running {
            stop(running);
        }
    }
}

fn start(dir: &Path, report: impl Fn(Event) + Send + Sync + 'static) -> Option<Running> {
    let cancel = CancellationToken::new();
    let options = watch::Options::default();
    let (folder, token) = (dir.to_owned(), cancel.clone());
    let thread = std::thread::Builder::new()
        .name("papershelf-sources".into())
        .spawn(move || {
            if let Err(e) = watch::run(&folder, options, token, report) {
                tracing::warn!("the sources are not watched: {e}");
            }
        });
    match thread {
        Ok(thread) => Some(Running { cancel, thread }),
        Err(e) => {
            tracing::warn!("cannot start watching the sources: {e}");
            None
        }
    }
}

fn stop(running: Running) {
    running.cancel.cancel();
    let until = Instant::now() + STOP_WAIT;
    while !running.thread.is_finished() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    if running.thread.is_finished() {
        let _ = running.thread.join();
    } else {
        tracing::warn!("the sources' watch is still finishing a sync; left to end by itself");
    }
}

fn report(app: &AppHandle, event: Event) {
    match event {
        Event::Synced(synced) => tell(app, &synced),
        Event::Problem(problem) => tracing::warn!("sources: {problem}"),
    }
}

/// Tells the window about a sync (the watch's, or "Sync now"); one that
/// added papers is an import like any other, so their arXiv metadata is
/// fetched after it (when `metadata.auto` is on), as after a drop.
pub fn tell(app: &AppHandle, synced: &Synced) {
    let _ = app.emit(EVENT_SOURCES_SYNCED, SourcesSynced::from(synced));
    if synced.result.added > 0 {
        crate::metadata::start(app);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    const DIGEST: &str = "# Papers for 2025-10-03\n\n\
        ## 1.[DeepSearch](https://arxiv.org/pdf/2509.25454)\nsummary:**RL** A summary.\n";

    #[test]
    fn a_file_in_a_watched_folder_is_reported_and_stopping_ends_the_loop() {
        let dir = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        let mut lib = papershelf_core::Library::open(dir.path()).unwrap();
        papershelf_core::sources::add_folder(&mut lib, folder.path(), false).unwrap();
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let running = start(dir.path(), move |event| {
            if let Event::Synced(s) = event {
                let _ = tx.lock().unwrap().send(SourcesSynced::from(&s));
            }
        })
        .unwrap();
        // The catch-up at start: nothing there yet.
        let first = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(first.imported, 0);
        std::fs::write(folder.path().join("2025-10-03.md"), DIGEST).unwrap();
        let synced = loop {
            let s = rx.recv_timeout(Duration::from_secs(10)).unwrap();
            if s.imported > 0 {
                break s;
            }
        };
        assert_eq!((synced.imported, synced.added), (1, 1));
        assert_eq!(synced.dates, ["2025-10-03"]);
        assert_eq!(lib.digests().unwrap().len(), 1);
        let started = Instant::now();
        stop(running);
        assert!(
            started.elapsed() < STOP_WAIT,
            "the loop ends when cancelled"
        );
    }
}
