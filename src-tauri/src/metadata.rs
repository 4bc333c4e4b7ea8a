//! arXiv's metadata in the app: core's automatic fetch (`metadata::auto`)
//! after every import and at start, in the background on Tauri's async
//! runtime with a library connection of its own and the app's one polite
//! client (shared with the PDF downloads, `Downloads::client`); its status
//! goes to the UI as `metadata-status` events. And one paper's fetch, on
//! demand.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use papershelf_core::metadata::{self, Api, Automatic, MetadataError, Progress};
use papershelf_core::pdf::CancellationToken;
use papershelf_core::{Library, PaperId};
use tauri::{AppHandle, Emitter, Manager};

use crate::api::{count, CmdResult, IpcError, MetadataStatus};
use crate::downloads::Downloads;
use crate::state::{store_error, AppState};

/// The event carrying a `MetadataStatus` (its name is in `ui/src/ipc.ts` too).
pub const EVENT_METADATA_STATUS: &str = "metadata-status";

/// The automatic fetch: one run at a time, and the app's quit stops it.
#[derive(Default)]
pub struct AutoMetadata {
    /// Cancelled when the app quits: the request under way stops, and
    /// nothing more is asked (a batch is stored whole or not at all).
    quit: CancellationToken,
    board: Mutex<Board>,
    /// Papers being fetched on demand now (each on a connection of its own).
    on_demand: AtomicUsize,
}

#[derive(Debug, Default)]
struct Board {
    status: MetadataStatus,
    /// A run is under way (`status.running` says only whether it asks the API).
    busy: bool,
    /// An import came while a run was under way: run once more after it.
    again: bool,
}

impl Board {
    /// Whether to start a run now: not when one is under way (it runs
    /// again after, for what this import added).
    fn want_run(&mut self) -> bool {
        if self.busy {
            self.again = true;
            return false;
        }
        self.busy = true;
        true
    }

    /// The API is being asked: `done` of `total` papers answered.
    fn progress(&mut self, p: Progress) {
        let s = &mut self.status;
        s.seq += 1;
        s.running = true;
        s.done = count(p.done);
        s.total = count(p.total);
    }

    /// A run ended; says whether to run again.
    fn finish(&mut self, outcome: &Result<Automatic, String>) -> bool {
        let s = &mut self.status;
        s.seq += 1;
        s.running = false;
        match outcome {
            Ok(done @ Automatic::Fetched(report)) => {
                s.updated = count(report.updated);
                s.problem = done.problem().map(str::to_owned);
                if report.cancelled {
                    self.again = false;
                }
            }
            // Nothing asked: an earlier run's problem still stands.
            Ok(Automatic::Off | Automatic::NothingMissing) => s.updated = 0,
            Err(problem) => {
                s.updated = 0;
                s.problem = Some(problem.clone());
            }
        }
        let again = std::mem::take(&mut self.again);
        self.busy = again;
        again
    }
}

impl AutoMetadata {
    pub fn status(&self) -> MetadataStatus {
        lock(&self.board).status.clone()
    }

    /// Whether a connection of the fetch's is open on the library (a restore
    /// waits for none).
    pub fn running(&self) -> bool {
        lock(&self.board).busy || self.on_demand.load(Ordering::SeqCst) > 0
    }

    /// The app quits: stop asking.
    pub fn stop(&self) {
        self.quit.cancel();
    }
}

/// After an import, and at start: fetches the metadata of the papers still
/// without it, when `metadata.auto` is on, in the background. Never fails
/// and never waits: a run already under way runs once more when it ends.
pub fn start(app: &AppHandle) {
    let auto = app.state::<AutoMetadata>();
    if auto.quit.is_cancelled() || !lock(&auto.board).want_run() {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let auto = app.state::<AutoMetadata>();
        loop {
            let outcome = run(&app, &auto.quit).await;
            if let Err(problem) = &outcome {
                tracing::warn!("arXiv metadata not fetched: {problem}");
            }
            let (again, status) = {
                let mut board = lock(&auto.board);
                let again = board.finish(&outcome);
                (again, board.status.clone())
            };
            let _ = app.emit(EVENT_METADATA_STATUS, &status);
            if !again || auto.quit.is_cancelled() {
                break;
            }
        }
    });
}

/// One run of core's automatic fetch.
async fn run(app: &AppHandle, quit: &CancellationToken) -> Result<Automatic, String> {
    let dir = app.state::<AppState>().dir();
    let mut library = Library::open_existing(&dir).map_err(|e| e.to_string())?;
    let api = Api::from_env().map_err(|e| e.to_string())?;
    let client = app
        .state::<Downloads>()
        .client(&api.net)
        .map_err(|e| e.message)?;
    let on_progress = |p: Progress| {
        let auto = app.state::<AutoMetadata>();
        let status = {
            let mut board = lock(&auto.board);
            board.progress(p);
            board.status.clone()
        };
        let _ = app.emit(EVENT_METADATA_STATUS, &status);
    };
    metadata::auto::after_import(&mut library, &client, &api, quit, &on_progress)
        .await
        .map_err(|e| e.to_string())
}

/// One paper's metadata, asked now whatever it has (the paper view's
/// button): `true` when arXiv had it, `false` when arXiv has no such paper.
/// Waits for the answer (through the same client as everything else).
pub fn fetch_now(app: &AppHandle, id: PaperId) -> CmdResult<bool> {
    let auto = app.state::<AutoMetadata>();
    auto.on_demand.fetch_add(1, Ordering::SeqCst);
    let done = fetch_one(app, id);
    auto.on_demand.fetch_sub(1, Ordering::SeqCst);
    done
}

fn fetch_one(app: &AppHandle, id: PaperId) -> CmdResult<bool> {
    let dir = app.state::<AppState>().dir();
    let mut library = Library::open_existing(&dir).map_err(store_error)?;
    let api = Api::from_env().map_err(metadata_error)?;
    let client = app.state::<Downloads>().client(&api.net)?;
    let quit = app.state::<AutoMetadata>().quit.clone();
    // Commands run on the runtime's worker threads: this one is handed over
    // while it waits, so the request's own tasks (and others) go on.
    tokio::task::block_in_place(|| {
        tauri::async_runtime::block_on(metadata::fetch_paper(
            &mut library,
            &client,
            &api,
            id,
            &quit,
        ))
    })
    .map_err(metadata_error)
}

fn metadata_error(error: MetadataError) -> IpcError {
    match error {
        MetadataError::Store(e) => store_error(e),
        MetadataError::NoArxivId { .. } | MetadataError::Base(_) | MetadataError::Delay { .. } => {
            IpcError::refused(error.to_string())
        }
        other => IpcError::failed(other),
    }
}

/// Whether metadata is fetched after an import by itself: the library's
/// setting, shared with the CLI's `config metadata-auto`.
pub fn auto_setting(app: &AppHandle, on: Option<bool>) -> CmdResult<bool> {
    app.state::<AppState>().library(|lib| {
        if let Some(on) = on {
            lib.set_metadata_auto(on)?;
        }
        lib.metadata_auto()
    })
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use papershelf_core::metadata::{Failed, Report};

    use super::*;

    fn progress(done: usize, total: usize) -> Progress {
        Progress { done, total }
    }

    #[test]
    fn one_run_at_a_time_and_an_import_meanwhile_runs_it_again() {
        let mut board = Board::default();
        assert!(board.want_run());
        assert!(!board.want_run(), "a run is under way");
        board.progress(progress(0, 36));
        assert!(board.status.running);
        assert_eq!((board.status.done, board.status.total), (0, 36));
        let fetched = Ok(Automatic::Fetched(Report {
            requested: 36,
            updated: 35,
            ..Report::default()
        }));
        assert!(board.finish(&fetched), "the second import's papers");
        assert!(board.busy);
        assert_eq!(board.status.updated, 35);
        assert!(!board.finish(&Ok(Automatic::NothingMissing)));
        assert!(!board.busy && !board.status.running);
        assert_eq!(
            (board.status.updated, board.status.problem.clone()),
            (0, None),
            "a run that asked nothing stored nothing"
        );
        assert!(board.want_run());
    }

    #[test]
    fn a_failure_is_kept_until_a_run_asks_again() {
        let mut board = Board::default();
        board.want_run();
        let offline = Ok(Automatic::Fetched(Report {
            requested: 36,
            failed: vec![Failed {
                ids: Vec::new(),
                error: "cannot reach http://127.0.0.1:9/ (Connection refused); check the network connection".into(),
            }],
            ..Report::default()
        }));
        let seq = board.status.seq;
        board.finish(&offline);
        assert!(board.status.seq > seq);
        assert!(board
            .status
            .problem
            .as_deref()
            .unwrap()
            .contains("cannot reach"));
        board.want_run();
        board.finish(&Ok(Automatic::Off));
        assert!(board.status.problem.is_some(), "nothing asked: still true");
        board.want_run();
        board.finish(&Err("the library is gone".into()));
        assert_eq!(board.status.problem.as_deref(), Some("the library is gone"));
    }
}
