//! The PDF downloader's bookkeeping: one download per PDF however many
//! callers want it at once, the cache looked at first, the `.part` file and
//! its resume state prepared, and the finished file recorded in the library.
//! The transfer itself is [`super::transfer`]; the requests go through
//! [`crate::net`], which keeps them polite.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio_util::sync::CancellationToken;

use super::part::Part;
use super::transfer::Download;
use super::{cache, text, PdfError, Settings};
use crate::arxiv::ArxivRef;
use crate::net::{self, cancellable, AllowList};
use crate::store::PdfRecord;
use crate::{Library, PaperId};

/// One paper's PDF, at a version or the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub paper: PaperId,
    /// `None` fetches the latest version.
    pub version: Option<u32>,
}

/// What [`Fetcher::fetch`] found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// Downloaded now.
    Downloaded(PdfRecord),
    /// Already in the cache (perhaps fetched by a concurrent call just now).
    Cached(PdfRecord),
}

impl Fetched {
    pub fn record(&self) -> &PdfRecord {
        match self {
            Fetched::Downloaded(r) | Fetched::Cached(r) => r,
        }
    }
}

/// How far one PDF's transfer is. Reported when the percentage moves (or,
/// without a known size, every MiB), not for every chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer {
    /// Bytes in the file so far, counting those resumed from.
    pub received: u64,
    /// The PDF's size, when the server said it.
    pub total: Option<u64>,
}

impl Transfer {
    /// `received / total` in `0.0..=1.0`, if the total is known.
    pub fn fraction(&self) -> Option<f64> {
        self.total
            .filter(|t| *t > 0)
            .map(|t| (self.received as f64 / t as f64).min(1.0))
    }
}

/// Downloads PDFs into a library's cache and records them there.
///
/// Share one per process (in an `Arc`): its politeness (one request at a
/// time per host, [`net::Settings::delay`] apart) and its deduplication hold
/// across all calls on it. Its futures are `Send`.
pub struct Fetcher {
    client: Arc<net::Client>,
    /// The arXiv hosts and the base's own origin.
    allow: AllowList,
    settings: Settings,
    library: Mutex<Library>,
    /// One lock per paper being fetched, so a second caller waits for the
    /// first and then finds the PDF in the cache.
    slots: Mutex<HashMap<PaperId, Arc<tokio::sync::Mutex<()>>>>,
}

impl Fetcher {
    /// A fetcher writing into `library` (its own connection: open another
    /// for the rest of the program).
    pub fn new(library: Library, settings: Settings) -> Result<Fetcher, PdfError> {
        let client = Arc::new(net::Client::new(settings.net.clone())?);
        Ok(Fetcher::with_client(library, settings, client))
    }

    /// A fetcher sending its requests through `client`, which the process
    /// shares with its other requests (the app's metadata fetch), so one
    /// politeness gate holds for all of them; `settings.net` is then the
    /// client's own.
    pub fn with_client(library: Library, settings: Settings, client: Arc<net::Client>) -> Fetcher {
        Fetcher {
            client,
            allow: settings.base.allow_list(),
            settings,
            library: Mutex::new(library),
            slots: Mutex::new(HashMap::new()),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The client its requests go through.
    pub fn client(&self) -> &Arc<net::Client> {
        &self.client
    }

    /// The fetcher's library connection. Do not hold it across an `.await`.
    pub fn library(&self) -> MutexGuard<'_, Library> {
        lock(&self.library)
    }

    /// Brings a paper's PDF into the cache, unless it is there already.
    /// `on_transfer` hears how the transfer goes; cancelling `cancel` stops
    /// it (what was saved is kept to resume from, when the server allows).
    pub async fn fetch(
        &self,
        request: Request,
        cancel: &CancellationToken,
        on_transfer: &(dyn Fn(Transfer) + Send + Sync),
    ) -> Result<Fetched, PdfError> {
        let row = self.library().paper(request.paper)?.row;
        let Some(arxiv) = row.arxiv else {
            return Err(PdfError::NoArxivId {
                title: row.title,
                url: row.url,
            });
        };
        let target = ArxivRef {
            id: arxiv.id,
            version: request.version,
        };
        let slot = self.slot(request.paper);
        let result = async {
            let _held = cancellable(cancel, slot.lock()).await?;
            if let Some(record) = self.cached(request)? {
                return Ok(Fetched::Cached(record));
            }
            self.download(request, &target, cancel, on_transfer)
                .await
                .map(Fetched::Downloaded)
        }
        .await;
        self.release(request.paper, slot);
        result
    }

    /// The paper's PDF, if it is cached at the version asked for.
    fn cached(&self, request: Request) -> Result<Option<PdfRecord>, PdfError> {
        let lib = self.library();
        let Some(record) = lib.pdf(request.paper)? else {
            return Ok(None);
        };
        let version_ok = request.version.is_none() || request.version == record.version;
        let intact = std::fs::metadata(lib.dir().join(&record.path))
            .is_ok_and(|m| m.is_file() && m.len() == record.size);
        Ok((version_ok && intact).then_some(record))
    }

    fn slot(&self, paper: PaperId) -> Arc<tokio::sync::Mutex<()>> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.entry(paper).or_default().clone()
    }

    fn release(&self, paper: PaperId, slot: Arc<tokio::sync::Mutex<()>>) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        // Only the map and this caller hold it: nobody else waits on it.
        if Arc::strong_count(&slot) == 2 {
            slots.remove(&paper);
        }
    }

    async fn download(
        &self,
        request: Request,
        target: &ArxivRef,
        cancel: &CancellationToken,
        on_transfer: &(dyn Fn(Transfer) + Send + Sync),
    ) -> Result<PdfRecord, PdfError> {
        let url = self.settings.base.pdf_url(target);
        let (dir, stored) = {
            let lib = self.library();
            (lib.dir().to_owned(), lib.partial_download(request.paper)?)
        };
        let relative = cache::relative_path(&target.id);
        let final_path = dir.join(&relative);
        let pdfs = dir.join(cache::PDF_DIR);
        std::fs::create_dir_all(&pdfs).map_err(PdfError::io(&pdfs))?;
        let mut part = Part::open(&cache::part_path(&dir, &target.id), target.id.as_str())?;

        let mut resume = stored.clone().filter(|p| p.url == url.as_str());
        if resume.is_some() && part.len() > 0 {
            let (back, kept) = blocking(move || {
                let kept = part.keep_if_pdf();
                (part, kept)
            })
            .await?;
            part = back;
            if !kept? {
                resume = None;
            }
        } else {
            part.truncate()?;
            resume = None;
        }
        if stored.is_some() && resume.is_none() {
            self.library().set_partial_download(request.paper, None)?;
        }

        let mut download = Download {
            paper: request.paper,
            url: &url,
            allow: &self.allow,
            max_size: self.settings.max_size,
            part,
            resume,
            library: &self.library,
            on_transfer,
        };
        let result = async {
            let mut turn = self.client.turn(&url, cancel).await?;
            download.run(&mut turn, cancel).await
        }
        .await;
        let Download { part, resume, .. } = download;

        match result {
            Ok(()) => {
                let (size, sha256) = blocking(move || part.commit(&final_path)).await??;
                let path = relative.to_string_lossy().replace('\\', "/");
                let record = self.library().record_pdf(
                    request.paper,
                    &path,
                    target.version,
                    size,
                    &sha256,
                )?;
                self.read_text(&record, dir.join(&record.path), cancel)
                    .await;
                Ok(record)
            }
            Err(error) => {
                if resume.is_none() {
                    part.discard();
                    self.library().set_partial_download(request.paper, None)?;
                    return Err(error);
                }
                Err(error.resumable(part.len()))
            }
        }
    }
}

impl Fetcher {
    /// Reads the text of a PDF just downloaded and stores it, for search.
    /// Never fails the download: the PDF is in the cache whatever comes of
    /// this (an unreadable PDF is stored as such; an error here, or a
    /// cancel, leaves it to the next `reindex --pdfs` or background pass).
    async fn read_text(
        &self,
        record: &PdfRecord,
        path: std::path::PathBuf,
        cancel: &CancellationToken,
    ) {
        // A thread of its own, waited for no longer than the reader's own
        // limit and a margin: a page the reader loops on must not hold the
        // download (nor, as a blocking task would, the runtime's shutdown).
        let token = cancel.clone();
        let (sent, read) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let _ = sent.send(text::read_file(&path, &token));
        });
        let save = |read: &crate::store::PdfText| {
            text::save(&mut self.library(), record, read)
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        let stored = match tokio::time::timeout(text::READ_WAIT, read).await {
            Ok(Ok(Ok(Some(read)))) => save(&read),
            Ok(Ok(Ok(None))) => Ok(()),
            Ok(Ok(Err(e))) => Err(e.to_string()),
            Ok(Err(_)) => Err("the PDF reader stopped without an answer".to_owned()),
            // Stored as broken: a background pass must not try it again.
            Err(_) => save(&text::hung(text::READ_WAIT)),
        };
        if let Err(e) = stored {
            tracing::warn!(paper = %record.paper, "the PDF's text was not read: {e}");
        }
    }
}

/// A library connection shared by a fetcher's calls, whatever a panicking
/// holder left it as.
pub(super) fn lock(library: &Mutex<Library>) -> MutexGuard<'_, Library> {
    library.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs file work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PdfError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| PdfError::Io {
            path: cache::PDF_DIR.into(),
            source: std::io::Error::other(e),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_futures_can_be_spawned() {
        fn assert_send<T: Send>(_: &T) {}
        let dir = tempfile::tempdir().unwrap();
        let fetcher =
            Fetcher::new(Library::open(dir.path()).unwrap(), Settings::default()).unwrap();
        let cancel = CancellationToken::new();
        let on = |_: Transfer| {};
        let fut = fetcher.fetch(
            Request {
                paper: PaperId(1),
                version: None,
            },
            &cancel,
            &on,
        );
        assert_send(&fut);
    }
}
