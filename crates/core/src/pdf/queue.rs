//! Fetching a selection of PDFs in turn, with per-paper and overall
//! progress, until done or cancelled.

use std::sync::Arc;

use chrono::NaiveDate;
use tokio_util::sync::CancellationToken;

use super::{Fetched, Fetcher, PdfError, Request, Transfer};
use crate::arxiv::ArxivId;
use crate::store::{PdfRecord, StoreError};
use crate::{Library, PaperFilter, PaperRow};

/// Which papers' PDFs to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Papers(Vec<Request>),
    /// Every paper of the digest of this date.
    Digest(NaiveDate),
    Unread,
    Starred,
}

/// One paper in a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub request: Request,
    /// `None` for a paper without an arXiv id: it fails without a request.
    pub arxiv_id: Option<ArxivId>,
    pub title: String,
}

/// How one paper of a queue ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Downloaded(PdfRecord),
    AlreadyCached(PdfRecord),
    Failed(Arc<PdfError>),
    /// The queue was cancelled before this paper was done.
    Cancelled,
}

/// Where one paper of a queue is.
#[derive(Debug, Clone)]
pub enum PaperState {
    Started,
    Transfer(Transfer),
    Finished(Outcome),
}

/// One event of a running queue: which paper, out of how many, and how it goes.
#[derive(Debug, Clone)]
pub struct Progress {
    /// The paper's place in the queue, from 0.
    pub index: usize,
    pub total: usize,
    pub item: Item,
    pub state: PaperState,
}

impl Progress {
    /// Papers finished, this one included once it is.
    pub fn done(&self) -> usize {
        match self.state {
            PaperState::Finished(_) => self.index + 1,
            _ => self.index,
        }
    }

    /// The whole queue's progress in `0.0..=1.0`: finished papers plus the
    /// fraction of the current one's transfer.
    pub fn overall(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        let current = match &self.state {
            PaperState::Transfer(t) => t.fraction().unwrap_or(0.0),
            _ => 0.0,
        };
        (self.done() as f64 + current) / self.total as f64
    }
}

/// Every paper of a queue with how it ended, in queue order.
#[derive(Debug, Clone, Default)]
pub struct QueueReport {
    pub results: Vec<(Item, Outcome)>,
}

impl QueueReport {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|(_, o)| f(o)).count()
    }

    pub fn downloaded(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Downloaded(_)))
    }

    pub fn already_cached(&self) -> usize {
        self.count(|o| matches!(o, Outcome::AlreadyCached(_)))
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    pub fn cancelled(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Cancelled))
    }

    /// Whether every paper's PDF is now in the cache.
    pub fn complete(&self) -> bool {
        self.failed() == 0 && self.cancelled() == 0
    }
}

/// Papers whose PDFs to fetch, one after the other.
#[derive(Debug, Clone)]
pub struct Queue {
    items: Vec<Item>,
}

impl Queue {
    /// The papers of a selection, in the order `list` shows them.
    pub fn new(lib: &Library, selection: &Selection) -> Result<Queue, PdfError> {
        let mut items: Vec<Item> = Vec::new();
        match selection {
            Selection::Papers(requests) => {
                for r in requests {
                    if items.iter().any(|i| i.request.paper == r.paper) {
                        continue;
                    }
                    items.push(item(&lib.paper(r.paper)?.row, r.version));
                }
            }
            Selection::Digest(date) => {
                if !lib.digests()?.iter().any(|d| d.date == *date) {
                    return Err(StoreError::NoSuchDigest(*date).into());
                }
                items = rows(
                    lib,
                    PaperFilter {
                        digest: Some(*date),
                        ..PaperFilter::default()
                    },
                )?;
            }
            Selection::Unread => {
                items = rows(
                    lib,
                    PaperFilter {
                        read: Some(false),
                        ..PaperFilter::default()
                    },
                )?;
            }
            Selection::Starred => {
                items = rows(
                    lib,
                    PaperFilter {
                        starred: Some(true),
                        ..PaperFilter::default()
                    },
                )?;
            }
        }
        Ok(Queue { items })
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Fetches every paper in turn. A failure is reported and the queue goes
    /// on; cancelling stops the current transfer and skips the rest.
    pub async fn run(
        &self,
        fetcher: &Fetcher,
        cancel: &CancellationToken,
        on_progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> QueueReport {
        let total = self.items.len();
        let mut report = QueueReport::default();
        for (index, item) in self.items.iter().enumerate() {
            let event = |state| {
                on_progress(Progress {
                    index,
                    total,
                    item: item.clone(),
                    state,
                })
            };
            let outcome = if cancel.is_cancelled() {
                Outcome::Cancelled
            } else {
                event(PaperState::Started);
                let on_transfer = |t: Transfer| event(PaperState::Transfer(t));
                match fetcher.fetch(item.request, cancel, &on_transfer).await {
                    Ok(Fetched::Downloaded(r)) => Outcome::Downloaded(r),
                    Ok(Fetched::Cached(r)) => Outcome::AlreadyCached(r),
                    Err(PdfError::Cancelled) => Outcome::Cancelled,
                    Err(e) => Outcome::Failed(Arc::new(e)),
                }
            };
            event(PaperState::Finished(outcome.clone()));
            report.results.push((item.clone(), outcome));
        }
        report
    }
}

fn rows(lib: &Library, filter: PaperFilter) -> Result<Vec<Item>, PdfError> {
    Ok(lib.list(&filter)?.iter().map(|r| item(r, None)).collect())
}

fn item(row: &PaperRow, version: Option<u32>) -> Item {
    Item {
        request: Request {
            paper: row.id,
            version,
        },
        arxiv_id: row.arxiv.as_ref().map(|a| a.id.clone()),
        title: row.title.clone(),
    }
}
