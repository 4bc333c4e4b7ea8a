//! arXiv PDFs: a polite downloader and the offline cache under `<library>/pdfs/`.
//!
//! - [`Fetcher`] downloads one paper's PDF at a time, at most one request in
//!   flight and [`Settings::delay`] between requests; it retries 429/503 as
//!   the server asks, resumes interrupted transfers, and asks for a PDF only
//!   once however many callers want it at the same moment.
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

use std::path::PathBuf;
use std::time::Duration;

pub use fetch::{Fetched, Fetcher, Request, Transfer};
pub use queue::{Item, Outcome, PaperState, Progress, Queue, QueueReport, Selection};
pub use settings::{
    effective_base, Base, BaseOrigin, Settings, BASE_ENV, BASE_SETTING, DEFAULT_BASE,
    DEFAULT_DELAY, DEFAULT_MAX_SIZE, DELAY_ENV, USER_AGENT,
};
pub use tokio_util::sync::CancellationToken;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "“{title}” has no arXiv id (its link is {url}), so Papershelf has no PDF to fetch for it"
    )]
    NoArxivId { title: String, url: String },
    #[error("refusing to fetch {url}: only arXiv hosts over https and the configured base ({base}) are fetched from; set the PDF source (`papershelf config pdf-base URL`, the app's Settings, or {BASE_ENV}) to use a mirror")]
    Disallowed { url: String, base: String },
    #[error(
        "{url} redirected more than {0} times; giving up",
        fetch::MAX_REDIRECTS
    )]
    TooManyRedirects { url: String },
    #[error("arXiv has no PDF at {url} (HTTP {status}); check the identifier and version")]
    NotFound { url: String, status: u16 },
    #[error("{url} answered HTTP {status}; try again later")]
    Http { url: String, status: u16 },
    #[error("arXiv is busy (HTTP {status} after {attempts} tries for {url}); try again in a few minutes")]
    Unavailable {
        url: String,
        status: u16,
        attempts: u32,
    },
    #[error("arXiv asks to wait {} s before the next request for {url}, longer than Papershelf waits; try again later", wait.as_secs())]
    RateLimited { url: String, wait: Duration },
    #[error("{url} sent a web page instead of the PDF (arXiv may still be generating it); try again in a few minutes")]
    NotPdf { url: String },
    #[error("the PDF at {url} is larger than the {} MB limit; nothing was saved", limit / (1024 * 1024))]
    TooLarge { url: String, limit: u64 },
    #[error(
        "cannot reach {url} ({}); check the network connection",
        root_cause(source)
    )]
    Unreachable { url: String, source: reqwest::Error },
    #[error(
        "the download of {url} failed ({}); fetch it again to resume",
        root_cause(source)
    )]
    Transfer { url: String, source: reqwest::Error },
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
    #[error("cannot set up HTTPS: {0}")]
    Tls(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The innermost cause of an error: "Connection refused (os error 111)"
/// rather than reqwest's "error sending request for url (...)".
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

impl PdfError {
    fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> PdfError {
        let path = path.into();
        move |source| PdfError::Io { path, source }
    }
}
