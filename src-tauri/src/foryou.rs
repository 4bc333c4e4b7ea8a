//! "For you" kept current in the background: a thread with a library
//! connection of its own looks every few seconds whether the saved model is
//! older than the library (a star, a note, an import…) and trains it again
//! (core's `Library::train_for_you`, saved for every connection). A list
//! sorted For you then loads the saved model instead of building it while
//! the reader waits; one asked for before the thread is done trains its
//! classifier in memory (milliseconds), or, after an import, builds it
//! whole (core's benchmark: ~0.4 s at 10,000 papers).

use std::path::PathBuf;
use std::time::Duration;

use papershelf_core::Library;
use tauri::{AppHandle, Manager};

use crate::state::AppState;

/// How often the library is looked at: a signature read, cached while
/// nothing was written, and the model file's first bytes.
const EVERY: Duration = Duration::from_secs(3);

pub fn start(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("for-you".into())
        .spawn(move || {
            let mut open: Option<(PathBuf, Library)> = None;
            loop {
                std::thread::sleep(EVERY);
                let state = app.state::<AppState>();
                if state.problem().is_some() {
                    open = None;
                    continue;
                }
                let dir = state.dir();
                // Another folder chosen, or a restore renamed a new file over this one.
                if open
                    .as_ref()
                    .is_none_or(|(d, lib)| *d != dir || lib.replaced())
                {
                    open = Library::open_existing(&dir).ok().map(|lib| (dir, lib));
                }
                if let Some((_, lib)) = &open {
                    keep_current(lib);
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("For you is not kept current in the background: {e}");
    }
}

fn keep_current(lib: &Library) {
    match lib.for_you_stale() {
        Ok(false) => {}
        Ok(true) => {
            if let Err(e) = lib.train_for_you() {
                tracing::warn!("For you not trained: {e}");
            }
        }
        Err(e) => tracing::warn!("For you: cannot read the library: {e}"),
    }
}
