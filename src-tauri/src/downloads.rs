//! PDF downloads in the app: one queue at a time over core's `pdf::Queue`, run on
//! Tauri's async runtime with the app's one `Fetcher`; its progress is folded into a
//! `DownloadStatus` and sent to the UI as `pdf-progress` events, at most one per
//! `SEND_EVERY` (and always when the queue ends).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use papershelf_core::net;
use papershelf_core::pdf::{
    CancellationToken, Fetcher, Item, Outcome, PaperState, Progress, Queue, Request, Settings,
};
use papershelf_core::{Library, PaperQuery};
use tauri::{AppHandle, Emitter, Manager};

use crate::api::{count, ActiveDownload, CmdResult, DownloadFailure, DownloadStatus, IpcError};
use crate::state::{pdf_error, store_error};

/// The event carrying a `DownloadStatus` (its name is in `ui/src/ipc.ts` too).
pub const EVENT_PDF_PROGRESS: &str = "pdf-progress";

/// The shortest gap between two progress events of a running queue.
const SEND_EVERY: Duration = Duration::from_millis(150);

/// The longest wait for a connection: the app is interactive, and an unplugged
/// network should fail a paper soon with a clear message.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The app's downloads: its fetcher (made on first use) and the queue's status.
pub struct Downloads {
    library_dir: Mutex<PathBuf>,
    /// The app's one polite client: the fetcher's, and the metadata fetch's
    /// (`metadata.rs`), so one politeness gate holds for every request the
    /// app sends. Kept when the fetcher is made again.
    client: Mutex<Option<Arc<net::Client>>>,
    fetcher: Mutex<Option<Arc<Fetcher>>>,
    board: Mutex<Board>,
    /// Set while a queue runs.
    cancel: Mutex<Option<CancellationToken>>,
}

impl Downloads {
    pub fn new(library_dir: PathBuf) -> Downloads {
        Downloads {
            library_dir: Mutex::new(library_dir),
            client: Mutex::new(None),
            fetcher: Mutex::new(None),
            board: Mutex::new(Board::default()),
            cancel: Mutex::new(None),
        }
    }

    pub fn status(&self) -> DownloadStatus {
        lock(&self.board).status.clone()
    }

    /// Whether a queue is running: a restore waits for none (its fetcher's
    /// connection would go on writing to the file from before).
    pub fn running(&self) -> bool {
        lock(&self.cancel).is_some()
    }

    /// The library was restored or another folder opened: the next queue makes
    /// its fetcher (and its connection) afresh, in `dir`.
    pub fn reset(&self, dir: PathBuf) {
        *lock(&self.library_dir) = dir;
        *lock(&self.fetcher) = None;
    }

    /// The one fetcher, with its own connection to the library; made again when the
    /// library's PDF base changed (in Settings, or by the CLI) since it was made.
    fn fetcher(&self) -> CmdResult<Arc<Fetcher>> {
        let mut slot = lock(&self.fetcher);
        if let Some(f) = slot.as_ref() {
            let wanted = settings_for(&f.library())?;
            if wanted.base == f.settings().base {
                return Ok(f.clone());
            }
        }
        let dir = lock(&self.library_dir).clone();
        let library = Library::open_existing(&dir).map_err(store_error)?;
        let settings = settings_for(&library)?;
        let client = self.client(&settings.net)?;
        let fetcher = Arc::new(Fetcher::with_client(library, settings, client));
        *slot = Some(fetcher.clone());
        Ok(fetcher)
    }

    /// The app's one client, made on first use with these settings (the
    /// delay is the environment's for PDFs and metadata alike) and a short
    /// connect timeout.
    pub fn client(&self, settings: &net::Settings) -> CmdResult<Arc<net::Client>> {
        let mut slot = lock(&self.client);
        if let Some(client) = slot.as_ref() {
            return Ok(client.clone());
        }
        let mut settings = settings.clone();
        settings.connect_timeout = settings.connect_timeout.min(CONNECT_TIMEOUT);
        let client =
            Arc::new(net::Client::new(settings).map_err(|e| IpcError::failed(e.to_string()))?);
        *slot = Some(client.clone());
        Ok(client)
    }
}

/// What the app fetches with: the library's (and the environment's) settings,
/// with a short connect timeout.
fn settings_for(library: &Library) -> CmdResult<Settings> {
    let mut settings = Settings::for_library(library).map_err(pdf_error)?;
    settings.net.connect_timeout = settings.net.connect_timeout.min(CONNECT_TIMEOUT);
    Ok(settings)
}

/// Starts fetching the selection's PDFs in the background, at the versions
/// `versions` names (the others at their digests'); returns the new status.
/// Refused while another queue runs.
pub fn start(
    app: &AppHandle,
    query: &PaperQuery,
    versions: &[Request],
) -> CmdResult<DownloadStatus> {
    let downloads = app.state::<Downloads>();
    let fetcher = downloads.fetcher()?;
    let queue = Queue::new(&fetcher.library(), query)
        .map_err(pdf_error)?
        .with_versions(versions);
    let cancel = CancellationToken::new();
    {
        let mut running = lock(&downloads.cancel);
        if running.is_some() {
            return Err(IpcError::refused(
                "PDFs are already downloading; wait for them to finish or cancel them, then try again",
            ));
        }
        *running = Some(cancel.clone());
    }
    let status = {
        let mut board = lock(&downloads.board);
        board.start(queue.items());
        let _ = app.emit(EVENT_PDF_PROGRESS, &board.status);
        board.status.clone()
    };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let downloads = app.state::<Downloads>();
        let on_progress = |p: Progress| {
            let mut board = lock(&downloads.board);
            if board.apply(&p, Instant::now()) {
                let _ = app.emit(EVENT_PDF_PROGRESS, &board.status);
            }
        };
        queue.run(&fetcher, &cancel, &on_progress).await;
        {
            let mut board = lock(&downloads.board);
            board.finish();
            let _ = app.emit(EVENT_PDF_PROGRESS, &board.status);
        }
        // Only now may another queue start. (The two locks are never held together.)
        *lock(&downloads.cancel) = None;
    });
    Ok(status)
}

/// Stops the running queue, if any: the transfer under way stops (its bytes are
/// kept to resume from) and the papers after it are skipped.
pub fn cancel(app: &AppHandle) -> DownloadStatus {
    let downloads = app.state::<Downloads>();
    let token = lock(&downloads.cancel).clone();
    if let Some(token) = token {
        token.cancel();
        let mut board = lock(&downloads.board);
        if board.status.running {
            board.status.cancelling = true;
            board.status.seq += 1;
            let _ = app.emit(EVENT_PDF_PROGRESS, &board.status);
        }
    }
    downloads.status()
}

/// A queue's status, folded from its progress events.
#[derive(Debug, Default)]
pub struct Board {
    pub status: DownloadStatus,
    last_sent: Option<Instant>,
}

impl Board {
    /// A new queue of these papers, none started.
    pub fn start(&mut self, items: &[Item]) {
        self.status = DownloadStatus {
            run: self.status.run + 1,
            seq: self.status.seq + 1,
            running: true,
            total: count(items.len()),
            waiting: items.iter().map(|i| i.request.paper.0).collect(),
            ..DownloadStatus::default()
        };
        self.last_sent = None;
    }

    /// Folds one event in; says whether to send the status now.
    pub fn apply(&mut self, p: &Progress, now: Instant) -> bool {
        let s = &mut self.status;
        let id = p.item.request.paper.0;
        s.seq += 1;
        s.done = count(p.done);
        s.overall = s.overall.max(p.overall);
        match &p.state {
            PaperState::Started => {
                s.waiting.retain(|w| *w != id);
                if !s.active.iter().any(|a| a.id == id) {
                    s.active.push(ActiveDownload {
                        id,
                        title: p.item.title.clone(),
                        received: 0,
                        size: None,
                    });
                }
            }
            PaperState::Transfer(t) => {
                if let Some(a) = s.active.iter_mut().find(|a| a.id == id) {
                    a.received = t.received;
                    a.size = t.total;
                }
            }
            PaperState::Finished(outcome) => {
                s.waiting.retain(|w| *w != id);
                s.active.retain(|a| a.id != id);
                match outcome {
                    Outcome::Downloaded(_) => s.downloaded += 1,
                    Outcome::AlreadyCached(_) => s.already_cached += 1,
                    Outcome::Cancelled => s.cancelled += 1,
                    Outcome::Failed(e) => {
                        s.failed += 1;
                        s.failures.push(DownloadFailure {
                            id,
                            title: p.item.title.clone(),
                            message: e.to_string(),
                        });
                    }
                }
            }
        }
        let due = self
            .last_sent
            .is_none_or(|last| now.duration_since(last) >= SEND_EVERY);
        if due {
            self.last_sent = Some(now);
        }
        due
    }

    /// The queue ended (done or cancelled).
    pub fn finish(&mut self) {
        let s = &mut self.status;
        s.seq += 1;
        s.running = false;
        s.cancelling = false;
        s.active.clear();
        s.waiting.clear();
        s.overall = if s.total == s.done { 1.0 } else { s.overall };
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use papershelf_core::arxiv::ArxivId;
    use papershelf_core::pdf::{PdfError, Request, Transfer};
    use papershelf_core::PaperId;

    use super::*;

    fn item(id: i64) -> Item {
        Item {
            request: Request {
                paper: PaperId(id),
                version: None,
            },
            arxiv_id: ArxivId::parse("2509.25454").ok(),
            title: format!("paper {id}"),
        }
    }

    fn progress(id: i64, state: PaperState, done: usize, overall: f64) -> Progress {
        Progress {
            index: (id - 1) as usize,
            total: 3,
            item: item(id),
            state,
            done,
            overall,
        }
    }

    #[test]
    fn a_queue_is_folded_into_what_the_ui_shows() {
        let mut board = Board::default();
        board.start(&[item(1), item(2), item(3)]);
        assert_eq!(board.status.run, 1);
        assert_eq!(board.status.waiting, [1, 2, 3]);
        let t0 = Instant::now();

        assert!(board.apply(&progress(1, PaperState::Started, 0, 0.0), t0));
        let transfer = PaperState::Transfer(Transfer {
            received: 50,
            total: Some(100),
        });
        board.apply(&progress(1, transfer, 0, 1.0 / 6.0), t0);
        assert_eq!(board.status.waiting, [2, 3]);
        assert_eq!(
            board.status.active,
            [ActiveDownload {
                id: 1,
                title: "paper 1".into(),
                received: 50,
                size: Some(100),
            }]
        );
        let failed = Outcome::Failed(Arc::new(PdfError::Cancelled));
        board.apply(&progress(1, PaperState::Finished(failed), 1, 1.0 / 3.0), t0);
        board.apply(
            &progress(2, PaperState::Finished(Outcome::Cancelled), 2, 0.3),
            t0,
        );
        let s = &board.status;
        assert!(s.active.is_empty());
        assert_eq!((s.done, s.failed, s.cancelled), (2, 1, 1));
        assert_eq!(s.failures[0].message, "the download was cancelled");
        // Overall progress never goes back.
        assert!((s.overall - 1.0 / 3.0).abs() < 1e-9);

        let seq = board.status.seq;
        board.finish();
        assert!(!board.status.running);
        assert!(board.status.seq > seq);
        assert_eq!(board.status.waiting, [0i64; 0]);
        board.start(&[item(1)]);
        assert_eq!((board.status.run, board.status.failed), (2, 0));
    }

    #[test]
    fn the_fetcher_and_the_metadata_fetch_share_one_client_kept_across_resets() {
        let dir = tempfile::tempdir().unwrap();
        Library::open(dir.path()).unwrap();
        let downloads = Downloads::new(dir.path().to_owned());
        let mine = downloads.client(&net::Settings::default()).unwrap();
        assert!(mine.settings().connect_timeout <= CONNECT_TIMEOUT);
        let fetcher = downloads.fetcher().unwrap();
        assert!(Arc::ptr_eq(fetcher.client(), &mine), "one politeness gate");
        downloads.reset(dir.path().to_owned());
        let again = downloads.fetcher().unwrap();
        assert!(
            !Arc::ptr_eq(&again, &fetcher),
            "a new connection to the library"
        );
        assert!(Arc::ptr_eq(again.client(), &mine), "the same client");
    }

    #[test]
    fn events_are_sent_at_most_every_interval() {
        let mut board = Board::default();
        board.start(&[item(1)]);
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        assert!(board.apply(&progress(1, PaperState::Started, 0, 0.0), at(0)));
        let transfer = |n| {
            PaperState::Transfer(Transfer {
                received: n,
                total: Some(100),
            })
        };
        assert!(!board.apply(&progress(1, transfer(10), 0, 0.1), at(100)));
        assert!(board.apply(&progress(1, transfer(20), 0, 0.2), at(150)));
        assert!(!board.apply(&progress(1, transfer(30), 0, 0.3), at(200)));
        // What was folded in while waiting is in the next status sent.
        assert!(board.apply(&progress(1, transfer(40), 0, 0.4), at(300)));
        assert_eq!(board.status.active[0].received, 40);
    }
}
