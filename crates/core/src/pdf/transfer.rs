//! One PDF's transfer into its `.part` file, over as many tries as its turn
//! allows: what the answers mean for a PDF (`%PDF-` first, byte ranges to
//! resume, the size cap), and its progress.

use std::sync::Mutex;

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT_RANGES, CONTENT_RANGE, ETAG, IF_RANGE, LAST_MODIFIED, RANGE,
};
use reqwest::StatusCode;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::fetch::lock;
use super::part::{Part, PDF_MAGIC};
use super::{PdfError, Transfer};
use crate::net::{AllowList, Body, Get, NetError, Turn, Wait};
use crate::store::PartialDownload;
use crate::{Library, PaperId};

/// A PDF on its way into the cache.
pub(super) struct Download<'a> {
    pub paper: PaperId,
    pub url: &'a Url,
    pub allow: &'a AllowList,
    /// The whole file's cap, resumed bytes included.
    pub max_size: u64,
    pub part: Part,
    /// How the saved bytes can be resumed, as the library records it;
    /// `None` when they cannot (the part file is then worthless).
    pub resume: Option<PartialDownload>,
    pub library: &'a Mutex<Library>,
    pub on_transfer: &'a (dyn Fn(Transfer) + Send + Sync),
}

/// What one try ended with.
enum Step {
    Done,
    /// Worth another try after the wait; the error is what to report if no
    /// try is left.
    Retry(Wait, PdfError),
    Fail(PdfError),
}

impl Download<'_> {
    /// Tries until the whole PDF is in the part file or no try is left.
    pub async fn run(
        &mut self,
        turn: &mut Turn<'_>,
        cancel: &CancellationToken,
    ) -> Result<(), PdfError> {
        loop {
            match self.attempt(turn, cancel).await {
                Step::Done => return Ok(()),
                Step::Retry(wait, error) => turn.again(wait, error, cancel).await?,
                Step::Fail(error) => return Err(error),
            }
        }
    }

    /// One try: the request (asking for the rest when resuming), and the
    /// body into the part file.
    async fn attempt(&mut self, turn: &mut Turn<'_>, cancel: &CancellationToken) -> Step {
        let offset = self.part.len();
        let validator = self
            .resume
            .as_ref()
            .filter(|_| offset > 0)
            .and_then(|r| r.etag.as_deref().or(r.last_modified.as_deref()))
            .and_then(|v| HeaderValue::from_str(v).ok());
        let mut get = Get::new(self.url, self.allow);
        if let Some(v) = &validator {
            let range = HeaderValue::from_str(&format!("bytes={offset}-"))
                .expect("a byte range is a header value");
            get.headers.insert(RANGE, range);
            get.headers.insert(IF_RANGE, v.clone());
        }
        let response = match turn.get(&get, cancel).await {
            Ok(r) => r,
            Err(e) => return Step::Fail(e.into()),
        };
        let status = response.status();
        let shown = self.url.to_string();
        let total = match status {
            StatusCode::OK => {
                if let Err(e) = self.part.truncate() {
                    return Step::Fail(e);
                }
                let validators = resumable(response.headers(), self.url);
                if validators != self.resume {
                    let recorded =
                        lock(self.library).set_partial_download(self.paper, validators.as_ref());
                    if let Err(e) = recorded {
                        return Step::Fail(e.into());
                    }
                    self.resume = validators;
                }
                response.content_length()
            }
            StatusCode::PARTIAL_CONTENT => match content_range(response.headers()) {
                Some((start, total)) if start == offset && validator.is_some() => total,
                other => {
                    return self.start_over(format!("asked from byte {offset}, got {other:?}"))
                }
            },
            StatusCode::RANGE_NOT_SATISFIABLE => {
                return self.start_over(format!("no bytes from {offset}"))
            }
            StatusCode::NOT_FOUND | StatusCode::GONE => {
                return Step::Fail(PdfError::NotFound {
                    url: shown,
                    status: status.as_u16(),
                })
            }
            s => {
                let status = s.as_u16();
                return Step::Fail(NetError::Http { url: shown, status }.into());
            }
        };
        let step = match response.body(self.max_size.saturating_sub(self.part.len())) {
            Ok(body) => self.receive(body, total, cancel).await,
            Err(e) => self.failed(e),
        };
        if let Step::Fail(PdfError::TooLarge { .. }) | Step::Retry(_, PdfError::NotPdf { .. }) =
            step
        {
            // Nothing worth resuming from.
            self.resume = None;
        }
        step
    }

    /// Streams the body into the part file, checking that a fresh body
    /// starts like a PDF and that the file ends as long as announced.
    async fn receive(
        &mut self,
        mut body: Body<'_>,
        total: Option<u64>,
        cancel: &CancellationToken,
    ) -> Step {
        let (tx, rx) = mpsc::channel::<Bytes>(64);
        let writer = match self.part.writer(rx) {
            Ok(w) => w,
            Err(e) => return Step::Fail(e),
        };
        let mut received = self.part.len();
        // A fresh body is held back until it shows it is a PDF.
        let mut head: Option<Vec<u8>> = (received == 0).then(Vec::new);
        let mut progress = Throttle::new(self.on_transfer, total);
        progress.update(received);
        let mut step = loop {
            let mut chunk = match body.chunk(cancel).await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => match head.take() {
                    None => break Step::Done,
                    Some(h) if h.starts_with(PDF_MAGIC) => {
                        let _ = tx.send(Bytes::from(h)).await;
                        break Step::Done;
                    }
                    Some(_) => break self.not_pdf(),
                },
                Err(e) => break self.failed(e),
            };
            received += chunk.len() as u64;
            if let Some(h) = &mut head {
                h.extend_from_slice(&chunk);
                if h.len() < PDF_MAGIC.len() {
                    continue;
                }
                if !h.starts_with(PDF_MAGIC) {
                    break self.not_pdf();
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
            Ok(w) => self.part.written(w),
            Err(e) => Err(PdfError::io(self.part.path())(std::io::Error::other(e))),
        };
        if let Err(e) = written {
            return Step::Fail(e);
        }
        if let (Step::Done, Some(total)) = (&step, total) {
            if self.part.len() != total {
                step = Step::Retry(
                    Wait::Backoff,
                    PdfError::BadRange {
                        url: self.url.to_string(),
                        detail: format!("{} bytes of {total}", self.part.len()),
                    },
                );
            }
        }
        step
    }

    /// What a body that failed means for the PDF: a broken transfer is
    /// tried again, one over the cap names the PDF's cap.
    fn failed(&self, error: NetError) -> Step {
        match error {
            NetError::Transfer { .. } => Step::Retry(Wait::Backoff, error.into()),
            NetError::TooLarge { url, .. } => Step::Fail(PdfError::TooLarge {
                url,
                limit: self.max_size,
            }),
            other => Step::Fail(other.into()),
        }
    }

    /// Not the bytes asked for: the saved ones go, and the next try starts
    /// from the beginning at once.
    fn start_over(&mut self, detail: String) -> Step {
        let _ = self.part.truncate();
        let url = self.url.to_string();
        Step::Retry(Wait::Now, PdfError::BadRange { url, detail })
    }

    fn not_pdf(&self) -> Step {
        let url = self.url.to_string();
        Step::Retry(Wait::Backoff, PdfError::NotPdf { url })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(reqwest::header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
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
}
