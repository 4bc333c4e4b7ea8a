//! Fetching a selection of PDFs in turn, with per-paper and overall
//! progress, until done or cancelled.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::stream::{self, StreamExt};

use tokio_util::sync::CancellationToken;

use super::{Fetched, Fetcher, PdfError, Request, Transfer};
use crate::arxiv::ArxivId;
use crate::store::PdfRecord;
use crate::{Library, PaperQuery, PaperRow, Scope};

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
    /// Its transfer begins (or, for a paper that needs none, it is looked at).
    Started,
    Transfer(Transfer),
    Finished(Outcome),
}

/// One event of a running queue: which paper, out of how many, how it
/// goes, and how far the whole queue is.
#[derive(Debug, Clone)]
pub struct Progress {
    /// The paper's place in the queue, from 0.
    pub index: usize,
    pub total: usize,
    pub item: Item,
    pub state: PaperState,
    /// Papers finished so far, this one included once it is.
    pub done: usize,
    /// The whole queue in `0.0..=1.0`: finished papers plus the fractions
    /// transferred of those in flight. It never goes back.
    pub overall: f64,
}

/// Papers in flight at once: one on the network while the one before it is
/// made durable (fsync) and recorded. The [`Fetcher`] still sends one
/// request at a time; this only hides the disk's latency behind the next
/// transfer.
const IN_FLIGHT: usize = 2;

/// What the queue's events are computed from.
struct Tally {
    done: usize,
    /// Per paper, the largest fraction reported (1.0 once finished).
    fractions: Vec<f64>,
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
    /// The papers a query lists, in its order: "download these results"
    /// is the list's own query. A digest that is not in the library is an
    /// error (a mistyped date), not an empty queue.
    pub fn new(lib: &Library, query: &PaperQuery) -> Result<Queue, PdfError> {
        if let Scope::Digest(date) = query.scope {
            lib.ensure_digest(date)?;
        }
        let items = lib
            .papers(query)?
            .papers
            .iter()
            .map(|f| item(&f.paper, None))
            .collect();
        Ok(Queue { items })
    }

    /// Asks for these versions of the queue's papers (`2509.25454v2`);
    /// the others stay at the version their digests link.
    pub fn with_versions(mut self, requests: &[Request]) -> Queue {
        for item in &mut self.items {
            if let Some(r) = requests.iter().find(|r| r.paper == item.request.paper) {
                item.request.version = r.version;
            }
        }
        self
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

    /// Fetches every paper, in order. A failure is reported and the queue
    /// goes on; cancelling stops the transfer under way and skips the rest.
    pub async fn run(
        &self,
        fetcher: &Fetcher,
        cancel: &CancellationToken,
        on_progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> QueueReport {
        let total = self.items.len();
        let tally = Mutex::new(Tally {
            done: 0,
            fractions: vec![0.0; total],
        });
        let emit = |index: usize, state: PaperState| {
            let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
            let fraction = match &state {
                PaperState::Started => 0.0,
                PaperState::Transfer(tr) => tr.fraction().unwrap_or(0.0),
                PaperState::Finished(_) => {
                    t.done += 1;
                    1.0
                }
            };
            t.fractions[index] = t.fractions[index].max(fraction);
            let overall = if total == 0 {
                1.0
            } else {
                (t.fractions.iter().sum::<f64>() / total as f64).min(1.0)
            };
            // Called under the lock, so events arrive in the order computed.
            on_progress(Progress {
                index,
                total,
                item: self.items[index].clone(),
                state,
                done: t.done,
                overall,
            });
        };
        let outcomes: Vec<Outcome> = stream::iter(0..total)
            .map(|index| self.one(fetcher, index, cancel, &emit))
            .buffered(IN_FLIGHT)
            .collect()
            .await;
        QueueReport {
            results: self.items.iter().cloned().zip(outcomes).collect(),
        }
    }

    async fn one(
        &self,
        fetcher: &Fetcher,
        index: usize,
        cancel: &CancellationToken,
        emit: &(dyn Fn(usize, PaperState) + Send + Sync),
    ) -> Outcome {
        let started = AtomicBool::new(false);
        let start = || {
            if !started.swap(true, Ordering::SeqCst) {
                emit(index, PaperState::Started);
            }
        };
        let outcome = if cancel.is_cancelled() {
            Outcome::Cancelled
        } else {
            let on_transfer = |t: Transfer| {
                start();
                emit(index, PaperState::Transfer(t));
            };
            match fetcher
                .fetch(self.items[index].request, cancel, &on_transfer)
                .await
            {
                Ok(Fetched::Downloaded(r)) => Outcome::Downloaded(r),
                Ok(Fetched::Cached(r)) => Outcome::AlreadyCached(r),
                Err(PdfError::Cancelled) => Outcome::Cancelled,
                Err(e) => Outcome::Failed(Arc::new(e)),
            }
        };
        start();
        emit(index, PaperState::Finished(outcome.clone()));
        outcome
    }
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
