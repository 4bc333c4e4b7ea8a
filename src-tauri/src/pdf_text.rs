//! The text of PDFs cached before Papershelf read PDFs, read for search in
//! the background at start (core's `pdf::text::read_all_cached`, the pass
//! `papershelf reindex --pdfs` runs) on a thread and a library connection of
//! their own; each PDF is stored in its own transaction, so the app's writes
//! wait for one at most. Its progress goes to the UI as `pdf-text-status`
//! events. Downloads read their own text (core's fetch), so after the first
//! start there is nothing left to do.

use std::sync::{Mutex, MutexGuard};

use papershelf_core::pdf::text::read_all_cached;
use papershelf_core::pdf::CancellationToken;
use papershelf_core::Library;
use tauri::{AppHandle, Emitter, Manager};

use crate::api::{count, PdfTextStatus};
use crate::state::AppState;

/// The event carrying a `PdfTextStatus` (its name is in `ui/src/ipc.ts` too).
pub const EVENT_PDF_TEXT_STATUS: &str = "pdf-text-status";

/// The pass: its status, and the quit that stops it between pages.
#[derive(Default)]
pub struct PdfTextPass {
    quit: CancellationToken,
    status: Mutex<PdfTextStatus>,
}

impl PdfTextPass {
    pub fn stop(&self) {
        self.quit.cancel();
    }

    pub fn status(&self) -> PdfTextStatus {
        lock(&self.status).clone()
    }

    fn set(&self, app: &AppHandle, change: impl FnOnce(&mut PdfTextStatus)) {
        let status = {
            let mut s = lock(&self.status);
            change(&mut s);
            s.seq += 1;
            s.clone()
        };
        let _ = app.emit(EVENT_PDF_TEXT_STATUS, &status);
    }
}

fn lock(status: &Mutex<PdfTextStatus>) -> MutexGuard<'_, PdfTextStatus> {
    status
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Reads the cached PDFs whose text the library lacks, in the background.
pub fn start(app: &AppHandle) {
    let dir = app.state::<AppState>().dir();
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("pdf-text".into())
        .spawn(move || {
            let pass = app.state::<PdfTextPass>();
            let mut lib = match Library::open_existing(&dir) {
                Ok(lib) => lib,
                Err(e) => {
                    tracing::warn!("the cached PDFs' text is not read: {e}");
                    return;
                }
            };
            let outcome = read_all_cached(&mut lib, &pass.quit, &|p| {
                pass.set(&app, |s| {
                    s.running = p.done < p.total;
                    s.done = count(p.done);
                    s.total = count(p.total);
                });
            });
            pass.set(&app, |s| {
                s.running = false;
                match &outcome {
                    Ok(report) => {
                        s.unreadable = count(report.unreadable.len() + report.failed.len());
                        s.problem = None;
                    }
                    Err(e) => s.problem = Some(e.to_string()),
                }
            });
            if let Err(e) = outcome {
                tracing::warn!("the cached PDFs' text is not read: {e}");
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("the cached PDFs' text is not read: {e}");
    }
}
