//! Asking arXiv's API: batches of at most [`MAX_BATCH`] ids, one GET each,
//! through the one polite client ([`crate::net`]: one request at a time,
//! the delay between requests, `Retry-After` and backoff, the User-Agent).

use std::collections::HashSet;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use url::Url;

use super::atom::{self, FeedError};
use super::Metadata;
use crate::arxiv::{self, ArxivId};
use crate::net::{self, AllowList, Get, NetError};
use crate::{Library, PaperId, StoreError};

/// Environment variable naming the API's base URL (tests: a local server).
pub const API_BASE_ENV: &str = "PAPERSHELF_ARXIV_API_BASE";
pub const DEFAULT_API_BASE: &str = "https://export.arxiv.org";
/// Ids per request: what arXiv's API answers in one page without trouble.
pub const MAX_BATCH: usize = 100;
/// The largest answer read: 100 entries with a thousand authors each fit.
const MAX_ANSWER: u64 = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("{API_BASE_ENV}=`{0}` is not valid: expected https://… or http:// on this computer (127.0.0.1, ::1, localhost)")]
    Base(String),
    #[error("{var}=`{value}` is not valid: expected a whole number of milliseconds, such as 3000")]
    Delay { var: &'static str, value: String },
    #[error("{0}")]
    Net(#[from] NetError),
    #[error("arXiv's API answered HTTP {status} for {url}")]
    Http { url: String, status: u16 },
    #[error("{0}; nothing of this batch was changed")]
    Feed(#[from] FeedError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cancelled")]
    Cancelled,
    #[error("“{title}” has no arXiv id, so arXiv has no metadata for it")]
    NoArxivId { title: String },
}

impl MetadataError {
    /// Whether the failure is the network's or the server's, not the
    /// batch's own (a feed that does not parse, a library that cannot be
    /// written): the next batch would fail the same way.
    fn is_about_the_server(&self) -> bool {
        match self {
            MetadataError::Net(_) => true,
            MetadataError::Http { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

/// Where the API is: a validated base URL and where requests may go.
#[derive(Debug, Clone)]
pub struct Api {
    base: Url,
    allow: AllowList,
    /// How politely (the delay: `PAPERSHELF_ARXIV_DELAY_MS`, as for PDFs).
    pub net: net::Settings,
}

impl Api {
    /// The API from the environment: [`API_BASE_ENV`] or [`DEFAULT_API_BASE`],
    /// and the delay PDFs use ([`crate::pdf::DELAY_ENV`]).
    pub fn from_env() -> Result<Api, MetadataError> {
        let base = std::env::var(API_BASE_ENV).ok();
        let mut api = Api::new(
            base.as_deref()
                .filter(|b| !b.trim().is_empty())
                .unwrap_or(DEFAULT_API_BASE),
        )?;
        if let Ok(delay) = std::env::var(crate::pdf::DELAY_ENV) {
            if !delay.trim().is_empty() {
                let ms: u64 = delay.trim().parse().map_err(|_| MetadataError::Delay {
                    var: crate::pdf::DELAY_ENV,
                    value: delay.clone(),
                })?;
                api.net.delay = Duration::from_millis(ms);
            }
        }
        Ok(api)
    }

    /// An API at `base`: https anywhere, plain http only on this computer;
    /// a host, no user, query or fragment (as a PDF base).
    pub fn new(base: &str) -> Result<Api, MetadataError> {
        let invalid = || MetadataError::Base(base.to_owned());
        let url = crate::pdf::Base::parse_as(API_BASE_ENV, base)
            .map_err(|_| invalid())?
            .url()
            .clone();
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        };
        if url.scheme() != "https" && !loopback {
            return Err(invalid());
        }
        let allow = AllowList::new(format!(
            "only arXiv's hosts over https and the API base ({}) are asked; set {API_BASE_ENV} to use another",
            url.as_str().trim_end_matches('/')
        ))
        .https_hosts(arxiv::HOSTS)
        .origin(&url);
        Ok(Api {
            base: url,
            allow,
            net: net::Settings::default(),
        })
    }

    pub fn base(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    /// `GET <base>/api/query?id_list=A,B&max_results=2`.
    pub fn query_url(&self, ids: &[ArxivId]) -> Url {
        let list: Vec<&str> = ids.iter().map(ArxivId::as_str).collect();
        // Ids are digits, letters, '.', '-' and '/': nothing to escape.
        let url = format!(
            "{}/api/query?id_list={}&max_results={}",
            self.base(),
            list.join(","),
            ids.len()
        );
        Url::parse(&url).expect("a valid base with arXiv ids is a URL")
    }
}

/// What one request learnt.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Batch {
    pub found: Vec<Metadata>,
    /// Ids the API has no paper for (no entry, or an error entry naming them).
    pub not_found: Vec<ArxivId>,
}

/// Asks the API about `ids` (at most [`MAX_BATCH`]) in one turn of the
/// client. An error entry naming one of them (HTTP 400 "incorrect id
/// format for …") marks it not found, and the others are asked again
/// without it. A feed that is malformed or cut short is an error for the
/// whole batch.
pub async fn fetch_batch(
    client: &net::Client,
    api: &Api,
    ids: &[ArxivId],
    cancel: &CancellationToken,
) -> Result<Batch, MetadataError> {
    assert!(ids.len() <= MAX_BATCH, "at most {MAX_BATCH} ids a request");
    let mut batch = Batch::default();
    let mut asking: Vec<ArxivId> = ids.to_vec();
    if asking.is_empty() {
        return Ok(batch);
    }
    let mut turn = client.turn(&api.base, cancel).await?;
    loop {
        let url = api.query_url(&asking);
        let answer = turn.get(&Get::new(&url, &api.allow), cancel).await?;
        let status = answer.status().as_u16();
        if status != 200 && status != 400 {
            return Err(MetadataError::Http {
                url: url.to_string(),
                status,
            });
        }
        let mut body = answer.body(MAX_ANSWER)?;
        let mut bytes = Vec::new();
        while let Some(chunk) = body.chunk(cancel).await? {
            bytes.extend_from_slice(&chunk);
        }
        drop(body);
        let feed = match atom::parse(&bytes) {
            Ok(feed) => feed,
            Err(_) if status == 400 => {
                return Err(MetadataError::Http {
                    url: url.to_string(),
                    status,
                })
            }
            Err(e) => return Err(e.into()),
        };
        let refused: HashSet<String> = feed
            .errors
            .iter()
            .filter_map(|e| e.bad_id.clone())
            .collect();
        if status == 400 || !feed.errors.is_empty() {
            let (bad, rest): (Vec<ArxivId>, Vec<ArxivId>) = asking
                .into_iter()
                .partition(|id| refused.contains(id.as_str()));
            if bad.is_empty() {
                // An error about none of the ids: the request as a whole failed.
                let message = feed.errors.first().map(|e| e.message.clone());
                return Err(match message {
                    Some(m) if status == 200 => MetadataError::Feed(FeedError::BadEntry {
                        index: 1,
                        problem: format!("the API's error `{m}`"),
                    }),
                    _ => MetadataError::Http {
                        url: url.to_string(),
                        status,
                    },
                });
            }
            batch.not_found.extend(bad);
            if rest.is_empty() {
                return Ok(batch);
            }
            asking = rest;
            continue;
        }
        let mut wanted: HashSet<&ArxivId> = asking.iter().collect();
        for entry in feed.entries {
            if wanted.remove(&entry.arxiv_id) {
                batch.found.push(entry);
            }
        }
        batch
            .not_found
            .extend(asking.iter().filter(|id| wanted.contains(id)).cloned());
        return Ok(batch);
    }
}

/// A batch that failed: its ids and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub ids: Vec<ArxivId>,
    pub error: String,
}

/// What [`update`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Papers asked about.
    pub requested: usize,
    /// Papers whose metadata was stored.
    pub updated: usize,
    pub not_found: Vec<ArxivId>,
    pub failed: Vec<Failed>,
    /// Stopped before every batch was asked.
    pub cancelled: bool,
}

/// How far [`update`] is: papers answered (found, not found or failed) of all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Asks the API about these papers in batches of [`MAX_BATCH`] and stores
/// each batch's answer in one transaction as it comes. A batch that fails
/// changes nothing and the others go on; cancelling stops after the
/// request under way.
pub async fn update(
    library: &mut Library,
    client: &net::Client,
    api: &Api,
    papers: &[(PaperId, ArxivId)],
    cancel: &CancellationToken,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) -> Report {
    let mut report = Report {
        requested: papers.len(),
        ..Report::default()
    };
    let mut done = 0;
    on_progress(Progress {
        done,
        total: papers.len(),
    });
    let mut chunks = papers.chunks(MAX_BATCH);
    while let Some(chunk) = chunks.next() {
        let ids: Vec<ArxivId> = chunk.iter().map(|(_, id)| id.clone()).collect();
        let stored = match fetch_batch(client, api, &ids, cancel).await {
            Err(MetadataError::Net(NetError::Cancelled)) | Err(MetadataError::Cancelled) => {
                report.cancelled = true;
                break;
            }
            Err(e) => Err(e),
            Ok(batch) => library
                .save_metadata(chunk, &batch.found, &batch.not_found)
                .map(|()| batch)
                .map_err(MetadataError::from),
        };
        match stored {
            Ok(batch) => {
                report.updated += batch.found.len();
                report.not_found.extend(batch.not_found);
            }
            Err(e) => {
                let error = e.to_string();
                report.failed.push(Failed {
                    ids,
                    error: error.clone(),
                });
                if e.is_about_the_server() {
                    // Offline, or the API down: the other batches would each
                    // wait the delay to fail the same way. Asked next time.
                    let rest: Vec<ArxivId> = chunks.flatten().map(|(_, id)| id.clone()).collect();
                    if !rest.is_empty() {
                        report.failed.push(Failed {
                            ids: rest,
                            error: format!("not asked, after: {error}"),
                        });
                    }
                    break;
                }
            }
        }
        done += chunk.len();
        on_progress(Progress {
            done,
            total: papers.len(),
        });
    }
    report
}

/// Asks the API about one paper now (on demand), whatever it has already:
/// `Ok(true)` when its metadata was stored, `Ok(false)` when arXiv has no
/// such paper (remembered as not found). Offline or failing, the error
/// says why and nothing is changed.
pub async fn fetch_paper(
    library: &mut Library,
    client: &net::Client,
    api: &Api,
    paper: PaperId,
    cancel: &CancellationToken,
) -> Result<bool, MetadataError> {
    let row = library.paper(paper)?.row;
    let Some(arxiv) = row.arxiv else {
        return Err(MetadataError::NoArxivId { title: row.title });
    };
    let batch = fetch_batch(client, api, std::slice::from_ref(&arxiv.id), cancel).await?;
    library.save_metadata(&[(paper, arxiv.id)], &batch.found, &batch.not_found)?;
    Ok(!batch.found.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_is_https_or_loopback_http() {
        for ok in [
            "https://export.arxiv.org",
            "https://mirror.example/arxiv/",
            "http://127.0.0.1:8080",
            "http://[::1]:9",
            "http://localhost:3000",
        ] {
            assert!(Api::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://export.arxiv.org",
            "http://10.0.0.1:8080",
            "ftp://127.0.0.1",
            "https://u:p@export.arxiv.org",
            "https://export.arxiv.org/?x=1",
            "export.arxiv.org",
        ] {
            let err = Api::new(bad).unwrap_err();
            assert!(err.to_string().contains(API_BASE_ENV), "{bad}: {err}");
        }
    }

    #[test]
    fn a_query_lists_the_ids_and_asks_for_as_many_results() {
        let api = Api::new("http://127.0.0.1:8080/").unwrap();
        let ids = [
            ArxivId::parse("2509.25454").unwrap(),
            ArxivId::parse("hep-th/9901001").unwrap(),
        ];
        assert_eq!(
            api.query_url(&ids).as_str(),
            "http://127.0.0.1:8080/api/query?id_list=2509.25454,hep-th/9901001&max_results=2"
        );
        assert!(api
            .allow
            .allows(&Url::parse("https://export.arxiv.org/api/query").unwrap()));
        assert!(!api
            .allow
            .allows(&Url::parse("http://127.0.0.2:8080/").unwrap()));
    }
}
