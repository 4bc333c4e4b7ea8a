//! A conversation with one host: its turn, its tries, and GETs sent when
//! the delay allows, redirects followed by hand.

use std::time::Duration;

use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use reqwest::StatusCode;
use tokio::sync::OwnedMutexGuard;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::body::Body;
use super::{cancellable, AllowList, Client, NetError, MAX_REDIRECTS};

/// One GET: the URL, where it may lead, and any headers of the caller's
/// own (`Range`, `If-Range`, `Accept`…).
#[derive(Debug, Clone)]
pub struct Get<'a> {
    pub url: &'a Url,
    pub allow: &'a AllowList,
    pub headers: HeaderMap,
}

impl<'a> Get<'a> {
    pub fn new(url: &'a Url, allow: &'a AllowList) -> Get<'a> {
        Get {
            url,
            allow,
            headers: HeaderMap::new(),
        }
    }
}

/// How long to wait before another try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// No wait beyond the delay between requests.
    Now,
    /// [`super::Settings::backoff`], doubled for each try made so far.
    Backoff,
    /// This long (then the delay, if it is longer).
    For(Duration),
}

/// One host's turn: while it lives, no other conversation with the host
/// starts. Its tries are counted across [`Turn::get`]'s own retries and the
/// caller's ([`Turn::again`]).
pub struct Turn<'c> {
    client: &'c Client,
    /// The host's clock: when its last request ended.
    last: OwnedMutexGuard<Option<Instant>>,
    /// Tries made so far.
    tries: u32,
    /// The pause this host gets between requests.
    delay: Duration,
}

/// How a request went before its status was looked at.
enum Sent {
    Answer(reqwest::Response),
    /// The connection broke before an answer: worth another try.
    Broken(NetError),
}

impl<'c> Turn<'c> {
    pub(super) fn new(
        client: &'c Client,
        last: OwnedMutexGuard<Option<Instant>>,
        delay: Duration,
    ) -> Turn<'c> {
        Turn {
            client,
            last,
            tries: 0,
            delay,
        }
    }

    /// Sends a GET and returns the first answer that is not a redirect and
    /// not worth a retry: 429/503 are tried again after `Retry-After` (or the
    /// backoff), other 5xx and broken connections after the backoff, while
    /// tries are left. What any other status means is the caller's to say.
    pub async fn get(
        &mut self,
        get: &Get<'_>,
        cancel: &CancellationToken,
    ) -> Result<Response<'_>, NetError> {
        let client = self.client;
        let settings = &client.settings;
        loop {
            let answer = match self.send(get, cancel).await? {
                Sent::Answer(answer) => answer,
                Sent::Broken(error) => {
                    self.again(Wait::For(settings.backoff), error, cancel)
                        .await?;
                    continue;
                }
            };
            let status = answer.status();
            let url = get.url.to_string();
            let (wait, error) = match status {
                StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
                    let wait = retry_after(answer.headers()).unwrap_or_else(|| self.backoff());
                    if wait > settings.max_wait {
                        return Err(NetError::RateLimited { url, wait });
                    }
                    let attempts = self.tries + 1;
                    let status = status.as_u16();
                    let error = NetError::Unavailable {
                        url,
                        status,
                        attempts,
                    };
                    (wait, error)
                }
                s if s.is_server_error() => {
                    let status = s.as_u16();
                    (self.backoff(), NetError::Http { url, status })
                }
                _ => {
                    return Ok(Response {
                        answer,
                        url: get.url.clone(),
                        last: &mut self.last,
                        min_rate: settings.min_rate,
                    })
                }
            };
            self.again(Wait::For(wait), error, cancel).await?;
        }
    }

    /// Another try, after an answer the caller could not use (a web page
    /// instead of a file, a body cut short): waits, then returns, unless
    /// no try is left, which ends with `error`.
    pub async fn again<E>(
        &mut self,
        wait: Wait,
        error: E,
        cancel: &CancellationToken,
    ) -> Result<(), E>
    where
        E: From<NetError> + std::fmt::Display,
    {
        let wait = match wait {
            Wait::Now => Duration::ZERO,
            Wait::Backoff => self.backoff(),
            Wait::For(wait) => wait,
        };
        self.tries += 1;
        if self.tries >= self.client.settings.attempts {
            return Err(error);
        }
        tracing::info!("{error}; trying again in {wait:?}");
        cancellable(cancel, tokio::time::sleep(wait)).await?;
        Ok(())
    }

    /// The pause this host gets between requests ([`super::Delayed`]).
    pub fn delay(&self) -> Duration {
        self.delay
    }

    fn backoff(&self) -> Duration {
        let factor = 2u32.saturating_pow(self.tries);
        self.client.settings.backoff.saturating_mul(factor)
    }

    /// Sends the request when the host's delay has passed, following
    /// redirects to allowed URLs only.
    async fn send(&mut self, get: &Get<'_>, cancel: &CancellationToken) -> Result<Sent, NetError> {
        let client = self.client;
        get.allow.check(get.url)?;
        let mut current = get.url.clone();
        let mut hops = 0;
        loop {
            if let Some(last) = *self.last {
                let due = last + self.delay;
                cancellable(cancel, tokio::time::sleep_until(due)).await?;
            }
            let request = client
                .http
                .get(current.clone())
                .headers(get.headers.clone());
            let sent = cancellable(cancel, request.send()).await?;
            *self.last = Some(Instant::now());
            let answer = match sent {
                Err(source) if source.is_connect() => {
                    let url = current.to_string();
                    return Err(NetError::Unreachable { url, source });
                }
                Err(source) => {
                    let url = current.to_string();
                    return Ok(Sent::Broken(NetError::Transfer { url, source }));
                }
                Ok(answer) => answer,
            };
            // 304 answers a conditional request: not a redirect.
            if !answer.status().is_redirection() || answer.status() == StatusCode::NOT_MODIFIED {
                return Ok(Sent::Answer(answer));
            }
            let next = answer
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| current.join(l).ok());
            let Some(next) = next else {
                return Err(NetError::Http {
                    url: current.to_string(),
                    status: answer.status().as_u16(),
                });
            };
            get.allow.check(&next)?;
            hops += 1;
            if hops > MAX_REDIRECTS {
                return Err(NetError::TooManyRedirects {
                    url: get.url.to_string(),
                });
            }
            current = next;
        }
    }
}

/// An answer: its status and headers now, its body when asked for.
pub struct Response<'t> {
    answer: reqwest::Response,
    /// The URL asked for (before any redirect), which errors name.
    url: Url,
    last: &'t mut Option<Instant>,
    min_rate: super::MinRate,
}

impl<'t> Response<'t> {
    pub fn status(&self) -> StatusCode {
        self.answer.status()
    }

    pub fn headers(&self) -> &HeaderMap {
        self.answer.headers()
    }

    /// The body's length, when the server said it.
    pub fn content_length(&self) -> Option<u64> {
        self.answer.content_length()
    }

    /// The body, to read in chunks: at most `limit` bytes (a length
    /// announced over it is refused before anything is read), at least the
    /// minimum rate. The host's clock restarts when the body is dropped.
    pub fn body(self, limit: u64) -> Result<Body<'t>, NetError> {
        if self.content_length().is_some_and(|n| n > limit) {
            return Err(NetError::TooLarge {
                url: self.url.to_string(),
                limit,
            });
        }
        Ok(Body::new(
            self.answer,
            self.url,
            limit,
            self.min_rate,
            self.last,
        ))
    }
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

    fn retry_after_of(value: &str) -> Option<Duration> {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        retry_after(&h)
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_a_date() {
        assert_eq!(retry_after_of("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after_of("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = (chrono::Utc::now() + chrono::Duration::seconds(90)).to_rfc2822();
        let wait = retry_after_of(&later).unwrap();
        assert!((85..=90).contains(&wait.as_secs()), "{wait:?}");
        assert_eq!(retry_after_of("soon"), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }
}
