//! arXiv PDFs: a polite downloader and the offline cache under `<library>/pdfs/`.
//!
//! - [`Fetcher`] downloads one paper's PDF at a time through the polite
//!   [`crate::net`] client (one request at a time per host, a delay between
//!   requests, 429/503 retried as the server asks); it resumes interrupted
//!   transfers, and asks for a PDF only once however many callers want it at
//!   the same moment.
//! - [`Queue`] fetches a selection (papers, a digest, all unread, all
//!   starred), reports [`Progress`] per paper and overall, and stops when its
//!   [`CancellationToken`] is cancelled.
//! - [`cache`] finds, measures and deletes cached PDFs.
//!
//! Invariants: a PDF's file name comes only from a validated [`ArxivId`]
//! ([`ArxivId::file_stem`]); a PDF counts as downloaded only once its file was
//! fsynced, renamed into place, and recorded in the library's `pdfs` table.
//!
//! [`ArxivId`]: crate::arxiv::ArxivId
//! [`ArxivId::file_stem`]: crate::arxiv::ArxivId::file_stem

pub mod cache;
mod fetch;
mod part;
mod queue;
mod settings;
pub mod text;
mod transfer;

use std::path::PathBuf;

pub use fetch::{Fetched, Fetcher, Request, Transfer};
pub use queue::{Item, Outcome, PaperState, Progress, Queue, QueueReport};
pub use settings::{
    effective_base, Base, BaseOrigin, Settings, BASE_ENV, BASE_SETTING, DEFAULT_BASE,
    DEFAULT_MAX_SIZE, DELAY_ENV,
};
pub use tokio_util::sync::CancellationToken;

use crate::net::NetError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "“{title}” has no arXiv id (its link is {url}), so Papershelf has no PDF to fetch for it"
    )]
    NoArxivId { title: String, url: String },
    #[error("arXiv has no PDF at {url} (HTTP {status}); check the identifier and version")]
    NotFound { url: String, status: u16 },
    #[error("{url} sent a web page instead of the PDF (arXiv may still be generating it); try again in a few minutes")]
    NotPdf { url: String },
    #[error("the PDF at {url} is larger than the {} MB limit; nothing was saved", limit / (1024 * 1024))]
    TooLarge { url: String, limit: u64 },
    #[error("{url} sent an unusable partial answer ({detail})")]
    BadRange { url: String, detail: String },
    #[error("the download was cancelled")]
    Cancelled,
    #[error("another Papershelf is downloading {id} right now; try again when it has finished")]
    Busy { id: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the PDF of {id} is not in the cache; fetch it first")]
    NotCached { id: String },
    #[error(
        "the cached PDF {path} is missing or damaged (changed outside Papershelf?); fetch it again"
    )]
    Missing { path: PathBuf },
    #[error("{path} is outside the PDF cache; Papershelf only opens the PDFs it downloaded")]
    OutsideCache { path: PathBuf },
    #[error("{name}=`{value}` is not valid: expected {expected}")]
    Setting {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
    /// The request itself: refused, unreachable, busy, broken off, too slow…
    #[error(transparent)]
    Net(NetError),
    /// A transfer that broke off (or crawled) after bytes the next fetch
    /// resumes from: the server offered byte ranges. Only then is resuming
    /// mentioned.
    #[error("{error}: it resumes from the {} already saved", size(*saved))]
    Interrupted { error: NetError, saved: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<NetError> for PdfError {
    fn from(e: NetError) -> PdfError {
        match e {
            NetError::Cancelled => PdfError::Cancelled,
            other => PdfError::Net(other),
        }
    }
}

impl PdfError {
    /// This error, knowing that `saved` bytes are kept to resume from.
    fn resumable(self, saved: u64) -> PdfError {
        match self {
            PdfError::Net(error @ (NetError::Transfer { .. } | NetError::TooSlow { .. }))
                if saved > 0 =>
            {
                PdfError::Interrupted { error, saved }
            }
            other => other,
        }
    }

    fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> PdfError {
        let path = path.into();
        move |source| PdfError::Io { path, source }
    }
}

/// "812 bytes", "80 KB", "1.5 MB".
fn size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{} KB", bytes / 1024),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}
