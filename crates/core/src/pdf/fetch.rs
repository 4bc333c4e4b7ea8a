//! The polite downloader: one request at a time, a pause between requests,
//! retries as the server asks, resumable transfers, and one download per
//! PDF however many callers want it at once.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, ACCEPT_RANGES, CONTENT_RANGE, ETAG, IF_RANGE, LAST_MODIFIED, LOCATION, RANGE,
    RETRY_AFTER,
};
use reqwest::{Response, StatusCode};
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::part::{Part, PDF_MAGIC};
use super::{cache, PdfError, Settings, USER_AGENT};
use crate::arxiv::ArxivRef;
use crate::store::{PartialDownload, PdfRecord};
use crate::{Library, PaperId};

/// Redirects followed for one request before giving up.
pub(super) const MAX_REDIRECTS: usize = 5;

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
/// time, [`Settings::delay`] apart) and its deduplication hold across all
/// calls on it. Its futures are `Send`.
pub struct Fetcher {
    client: reqwest::Client,
    settings: Settings,
    library: Mutex<Library>,
    /// Held for a whole download; remembers when the last request ended.
    gate: tokio::sync::Mutex<Option<Instant>>,
    /// One lock per paper being fetched, so a second caller waits for the
    /// first and then finds the PDF in the cache.
    slots: Mutex<HashMap<PaperId, Arc<tokio::sync::Mutex<()>>>>,
}

/// What one try at a request ended with.
enum Step {
    Done,
    /// Worth another try after the wait; the error is what to report if no
    /// try is left.
    Retry(Duration, PdfError),
    Fail(PdfError),
}

impl Fetcher {
    /// A fetcher writing into `library` (its own connection: open another
    /// for the rest of the program).
    pub fn new(library: Library, settings: Settings) -> Result<Fetcher, PdfError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
            .map_err(|e| PdfError::Tls(e.to_string()))?;
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| PdfError::Tls(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            // Redirects are followed by hand: each target is checked
            // against the allow-list and waits its turn like any request.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.connect_timeout)
            .read_timeout(settings.read_timeout)
            .pool_max_idle_per_host(1)
            .tls_backend_preconfigured(tls)
            .build()
            .map_err(|e| PdfError::Tls(e.to_string()))?;
        Ok(Fetcher {
            client,
            settings,
            library: Mutex::new(library),
            gate: tokio::sync::Mutex::new(None),
            slots: Mutex::new(HashMap::new()),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The fetcher's library connection. Do not hold it across an `.await`.
    pub fn library(&self) -> MutexGuard<'_, Library> {
        self.library.lock().unwrap_or_else(|e| e.into_inner())
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
            let _turn = cancellable(cancel, slot.lock()).await?;
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

        let result = async {
            let mut gate = cancellable(cancel, self.gate.lock()).await?;
            let mut attempt = 0;
            loop {
                let step = self
                    .attempt(
                        request,
                        &url,
                        attempt,
                        &mut part,
                        &mut resume,
                        &mut gate,
                        cancel,
                        on_transfer,
                    )
                    .await;
                attempt += 1;
                match step {
                    Step::Done => return Ok(()),
                    Step::Retry(wait, error) if attempt < self.settings.attempts => {
                        tracing::info!("{url}: {error}; trying again in {wait:?}");
                        cancellable(cancel, tokio::time::sleep(wait)).await?;
                    }
                    Step::Retry(_, error) | Step::Fail(error) => return Err(error),
                }
            }
        }
        .await;

        match result {
            Ok(()) => {
                let (size, sha256) = blocking(move || part.commit(&final_path)).await??;
                let path = relative.to_string_lossy().replace('\\', "/");
                Ok(self.library().record_pdf(
                    request.paper,
                    &path,
                    target.version,
                    size,
                    &sha256,
                )?)
            }
            Err(error) => {
                if resume.is_none() {
                    part.discard();
                    self.library().set_partial_download(request.paper, None)?;
                }
                Err(error)
            }
        }
    }

    /// One try: the request, its redirects, and the body into the part file.
    #[allow(clippy::too_many_arguments)]
    async fn attempt(
        &self,
        request: Request,
        url: &Url,
        attempt: u32,
        part: &mut Part,
        resume: &mut Option<PartialDownload>,
        gate: &mut Option<Instant>,
        cancel: &CancellationToken,
        on_transfer: &(dyn Fn(Transfer) + Send + Sync),
    ) -> Step {
        let backoff = self.settings.backoff * 2u32.saturating_pow(attempt);
        let offset = part.len();
        let validator = resume
            .as_ref()
            .filter(|_| offset > 0)
            .and_then(|r| r.etag.clone().or_else(|| r.last_modified.clone()));

        let response = match self
            .send(url, offset, validator.as_deref(), gate, cancel)
            .await
        {
            Ok(r) => r,
            Err(step) => return step,
        };
        let status = response.status();
        let shown = url.to_string();
        let total = match status {
            StatusCode::OK => {
                if let Err(e) = part.truncate() {
                    return Step::Fail(e);
                }
                let validators = resumable(response.headers(), url);
                if validators != *resume {
                    if let Err(e) = self
                        .library()
                        .set_partial_download(request.paper, validators.as_ref())
                    {
                        return Step::Fail(e.into());
                    }
                    *resume = validators;
                }
                response.content_length()
            }
            StatusCode::PARTIAL_CONTENT => match content_range(response.headers()) {
                Some((start, total)) if start == offset && validator.is_some() => total,
                other => {
                    // Not the bytes we asked for: start over.
                    let _ = part.truncate();
                    return Step::Retry(
                        Duration::ZERO,
                        PdfError::BadRange {
                            url: shown,
                            detail: format!("asked from byte {offset}, got {other:?}"),
                        },
                    );
                }
            },
            StatusCode::RANGE_NOT_SATISFIABLE => {
                let _ = part.truncate();
                return Step::Retry(
                    Duration::ZERO,
                    PdfError::BadRange {
                        url: shown,
                        detail: format!("no bytes from {offset}"),
                    },
                );
            }
            StatusCode::NOT_FOUND | StatusCode::GONE => {
                return Step::Fail(PdfError::NotFound {
                    url: shown,
                    status: status.as_u16(),
                })
            }
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
                let wait = retry_after(response.headers()).unwrap_or(backoff);
                if wait > self.settings.max_wait {
                    return Step::Fail(PdfError::RateLimited { url: shown, wait });
                }
                return Step::Retry(
                    wait,
                    PdfError::Unavailable {
                        url: shown,
                        status: status.as_u16(),
                        attempts: attempt + 1,
                    },
                );
            }
            s if s.is_server_error() => {
                return Step::Retry(
                    backoff,
                    PdfError::Http {
                        url: shown,
                        status: s.as_u16(),
                    },
                )
            }
            s => {
                return Step::Fail(PdfError::Http {
                    url: shown,
                    status: s.as_u16(),
                })
            }
        };
        let limit = self.settings.max_size;
        if total.is_some_and(|t| t > limit) {
            *resume = None;
            return Step::Fail(PdfError::TooLarge { url: shown, limit });
        }

        let step = self
            .receive(response, url, part, total, backoff, cancel, on_transfer)
            .await;
        *gate = Some(Instant::now());
        if let Step::Fail(PdfError::TooLarge { .. }) | Step::Retry(_, PdfError::NotPdf { .. }) =
            step
        {
            // Nothing worth resuming from.
            *resume = None;
        }
        step
    }

    /// Sends the request when its turn comes, following redirects to
    /// allowed hosts only.
    async fn send(
        &self,
        url: &Url,
        offset: u64,
        validator: Option<&str>,
        gate: &mut Option<Instant>,
        cancel: &CancellationToken,
    ) -> Result<Response, Step> {
        let mut current = url.clone();
        let mut hops = 0;
        loop {
            if let Some(last) = *gate {
                let due = last + self.settings.delay;
                cancellable(cancel, tokio::time::sleep_until(due))
                    .await
                    .map_err(Step::Fail)?;
            }
            let mut request = self.client.get(current.clone());
            if let (true, Some(v)) = (offset > 0, validator) {
                request = request
                    .header(RANGE, format!("bytes={offset}-"))
                    .header(IF_RANGE, v);
            }
            let sent = cancellable(cancel, request.send()).await;
            *gate = Some(Instant::now());
            let response = match sent {
                Err(e) => return Err(Step::Fail(e)),
                Ok(Err(e)) if e.is_connect() => {
                    return Err(Step::Fail(PdfError::Unreachable {
                        url: current.to_string(),
                        source: e,
                    }))
                }
                Ok(Err(e)) => {
                    return Err(Step::Retry(
                        self.settings.backoff,
                        PdfError::Transfer {
                            url: current.to_string(),
                            source: e,
                        },
                    ))
                }
                Ok(Ok(r)) => r,
            };
            if !response.status().is_redirection() {
                return Ok(response);
            }
            let next = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| current.join(l).ok());
            let Some(next) = next else {
                return Err(Step::Fail(PdfError::Http {
                    url: current.to_string(),
                    status: response.status().as_u16(),
                }));
            };
            if !self.settings.base.allows(&next) {
                return Err(Step::Fail(PdfError::Disallowed {
                    url: next.to_string(),
                    base: self.settings.base.as_str().to_owned(),
                }));
            }
            hops += 1;
            if hops > MAX_REDIRECTS {
                return Err(Step::Fail(PdfError::TooManyRedirects {
                    url: url.to_string(),
                }));
            }
            current = next;
        }
    }

    /// Streams the body into the part file, checking that a fresh body
    /// starts like a PDF and that the whole stays under the size limit.
    #[allow(clippy::too_many_arguments)]
    async fn receive(
        &self,
        mut response: Response,
        url: &Url,
        part: &mut Part,
        total: Option<u64>,
        backoff: Duration,
        cancel: &CancellationToken,
        on_transfer: &(dyn Fn(Transfer) + Send + Sync),
    ) -> Step {
        let limit = self.settings.max_size;
        let (tx, rx) = mpsc::channel::<Bytes>(64);
        let writer = match part.writer(rx) {
            Ok(w) => w,
            Err(e) => return Step::Fail(e),
        };
        let mut received = part.len();
        // A fresh body is held back until it shows it is a PDF.
        let mut head: Option<Vec<u8>> = (received == 0).then(Vec::new);
        let mut progress = Throttle::new(on_transfer, total);
        progress.update(received);
        let mut step = loop {
            let next = tokio::select! {
                biased;
                () = cancel.cancelled() => break Step::Fail(PdfError::Cancelled),
                next = response.chunk() => next,
            };
            let mut chunk = match next {
                Ok(Some(chunk)) => chunk,
                Ok(None) => match head.take() {
                    None => break Step::Done,
                    Some(h) if h.starts_with(PDF_MAGIC) => {
                        let _ = tx.send(Bytes::from(h)).await;
                        break Step::Done;
                    }
                    Some(_) => break not_pdf(url, backoff),
                },
                Err(e) => {
                    break Step::Retry(
                        backoff,
                        PdfError::Transfer {
                            url: url.to_string(),
                            source: e,
                        },
                    )
                }
            };
            received += chunk.len() as u64;
            if received > limit {
                break Step::Fail(PdfError::TooLarge {
                    url: url.to_string(),
                    limit,
                });
            }
            if let Some(h) = &mut head {
                h.extend_from_slice(&chunk);
                if h.len() < PDF_MAGIC.len() {
                    continue;
                }
                if !h.starts_with(PDF_MAGIC) {
                    break not_pdf(url, backoff);
                }
                chunk = Bytes::from(std::mem::take(h));
                head = None;
            }
            if tx.send(chunk).await.is_err() {
                // The writer stopped: its error is reported below.
                break Step::Done;
            }
            progress.update(received);
        };
        drop(tx);
        let written = match writer.await {
            Ok(w) => part.written(w),
            Err(e) => Err(PdfError::io(part.path())(std::io::Error::other(e))),
        };
        if let Err(e) = written {
            return Step::Fail(e);
        }
        if let (Step::Done, Some(total)) = (&step, total) {
            if part.len() != total {
                step = Step::Retry(
                    backoff,
                    PdfError::BadRange {
                        url: url.to_string(),
                        detail: format!("{} bytes of {total}", part.len()),
                    },
                );
            }
        }
        step
    }
}

fn not_pdf(url: &Url, backoff: Duration) -> Step {
    Step::Retry(
        backoff,
        PdfError::NotPdf {
            url: url.to_string(),
        },
    )
}

/// Reports a transfer when its percentage (or, without a total, its MiB
/// count) moves.
struct Throttle<'a> {
    on_transfer: &'a (dyn Fn(Transfer) + Send + Sync),
    total: Option<u64>,
    last: Option<u64>,
}

impl<'a> Throttle<'a> {
    fn new(on_transfer: &'a (dyn Fn(Transfer) + Send + Sync), total: Option<u64>) -> Self {
        Throttle {
            on_transfer,
            total,
            last: None,
        }
    }

    fn update(&mut self, received: u64) {
        let mark = match self.total {
            Some(t) if t > 0 => received.saturating_mul(100) / t,
            _ => received >> 20,
        };
        if self.last != Some(mark) {
            self.last = Some(mark);
            (self.on_transfer)(Transfer {
                received,
                total: self.total,
            });
        }
    }
}

/// Runs `f` until `cancel` is cancelled.
async fn cancellable<T>(
    cancel: &CancellationToken,
    f: impl Future<Output = T>,
) -> Result<T, PdfError> {
    cancel
        .run_until_cancelled(f)
        .await
        .ok_or(PdfError::Cancelled)
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

/// How a 200 answer could be resumed: byte ranges and a strong validator.
fn resumable(headers: &HeaderMap, url: &Url) -> Option<PartialDownload> {
    let text = |name: reqwest::header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if !text(ACCEPT_RANGES).is_some_and(|v| v.eq_ignore_ascii_case("bytes")) {
        return None;
    }
    // If-Range only works with a strong entity tag.
    let etag = text(ETAG).filter(|e| e.starts_with('"')).map(str::to_owned);
    let last_modified = text(LAST_MODIFIED).map(str::to_owned);
    (etag.is_some() || last_modified.is_some()).then(|| PartialDownload {
        url: url.to_string(),
        etag,
        last_modified,
    })
}

/// `Content-Range: bytes START-END/TOTAL`: the start, and the total if known.
fn content_range(headers: &HeaderMap) -> Option<(u64, Option<u64>)> {
    let v = headers.get(CONTENT_RANGE)?.to_str().ok()?;
    let (range, total) = v.strip_prefix("bytes ")?.split_once('/')?;
    let (start, _end) = range.split_once('-')?;
    let total = match total {
        "*" => None,
        t => Some(t.parse().ok()?),
    };
    Some((start.parse().ok()?, total))
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = when.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(reqwest::header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_a_date() {
        assert_eq!(
            retry_after(&headers(&[(RETRY_AFTER, "7")])),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers(&[(RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT")])),
            Some(Duration::ZERO)
        );
        let later = (chrono::Utc::now() + chrono::Duration::seconds(90)).to_rfc2822();
        let wait = retry_after(&headers(&[(RETRY_AFTER, &later)])).unwrap();
        assert!((85..=90).contains(&wait.as_secs()), "{wait:?}");
        assert_eq!(retry_after(&headers(&[(RETRY_AFTER, "soon")])), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn content_ranges_are_parsed() {
        let h = |v| headers(&[(CONTENT_RANGE, v)]);
        assert_eq!(
            content_range(&h("bytes 100-199/200")),
            Some((100, Some(200)))
        );
        assert_eq!(content_range(&h("bytes 5-9/*")), Some((5, None)));
        assert_eq!(content_range(&h("items 1-2/3")), None);
        assert_eq!(content_range(&h("bytes x-9/10")), None);
    }

    #[test]
    fn only_byte_ranges_with_a_strong_validator_are_resumable() {
        let url = Url::parse("https://arxiv.org/pdf/2509.25454").unwrap();
        let strong = headers(&[(ACCEPT_RANGES, "bytes"), (ETAG, "\"abc\"")]);
        assert_eq!(
            resumable(&strong, &url).and_then(|p| p.etag),
            Some("\"abc\"".to_owned())
        );
        let weak = headers(&[(ACCEPT_RANGES, "bytes"), (ETAG, "W/\"abc\"")]);
        assert_eq!(resumable(&weak, &url), None);
        let dated = headers(&[
            (ACCEPT_RANGES, "bytes"),
            (LAST_MODIFIED, "Wed, 21 Oct 2015 07:28:00 GMT"),
        ]);
        assert!(resumable(&dated, &url).is_some());
        let no_ranges = headers(&[(ETAG, "\"abc\"")]);
        assert_eq!(resumable(&no_ranges, &url), None);
    }

    #[test]
    fn progress_is_reported_when_the_percentage_moves() {
        let seen = Mutex::new(Vec::new());
        let on = |t: Transfer| seen.lock().unwrap().push(t.received);
        let mut throttle = Throttle::new(&on, Some(1000));
        for received in (0..=1000).step_by(5) {
            throttle.update(received);
        }
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen.len(), 101);
        assert_eq!((seen[0], seen[1], seen[100]), (0, 10, 1000));
    }

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
