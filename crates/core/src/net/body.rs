//! An answer's body, read chunk by chunk under a size cap and a minimum
//! transfer rate.

use bytes::Bytes;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::{MinRate, NetError};

/// A body being read. Dropping it (done, failed or abandoned) ends the
/// request: the host's delay counts from then.
pub struct Body<'t> {
    answer: reqwest::Response,
    url: Url,
    limit: u64,
    received: u64,
    min_rate: MinRate,
    /// When the current rate window began, and the bytes received in it.
    window_start: Instant,
    in_window: u64,
    last: &'t mut Option<Instant>,
}

impl<'t> Body<'t> {
    pub(super) fn new(
        answer: reqwest::Response,
        url: Url,
        limit: u64,
        min_rate: MinRate,
        last: &'t mut Option<Instant>,
    ) -> Body<'t> {
        Body {
            answer,
            url,
            limit,
            received: 0,
            min_rate,
            window_start: Instant::now(),
            in_window: 0,
            last,
        }
    }

    /// The next chunk, `None` at the end. Fails when the body grows over
    /// its limit, arrives slower than the minimum rate, breaks off, or
    /// `cancel` is cancelled.
    pub async fn chunk(&mut self, cancel: &CancellationToken) -> Result<Option<Bytes>, NetError> {
        loop {
            let window_end = self.window_start + self.min_rate.window;
            let rated = self.min_rate.bytes > 0;
            let next = tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(NetError::Cancelled),
                next = self.answer.chunk() => Some(next),
                () = tokio::time::sleep_until(window_end), if rated => None,
            };
            let chunk = match next {
                Some(Ok(None)) => return Ok(None),
                Some(Ok(Some(chunk))) => Some(chunk),
                Some(Err(source)) => {
                    let url = self.url.to_string();
                    return Err(NetError::Transfer { url, source });
                }
                None => None,
            };
            if let Some(chunk) = &chunk {
                let n = chunk.len() as u64;
                self.received += n;
                self.in_window += n;
                if self.received > self.limit {
                    let url = self.url.to_string();
                    return Err(NetError::TooLarge {
                        url,
                        limit: self.limit,
                    });
                }
            }
            self.check_rate(window_end)?;
            if let Some(chunk) = chunk {
                return Ok(Some(chunk));
            }
        }
    }

    /// At the end of a window, fails if too little came in it, else starts
    /// the next one.
    fn check_rate(&mut self, window_end: Instant) -> Result<(), NetError> {
        let now = Instant::now();
        if now < window_end || self.min_rate.bytes == 0 {
            return Ok(());
        }
        if self.in_window < self.min_rate.bytes {
            return Err(NetError::TooSlow {
                url: self.url.to_string(),
                bytes: self.in_window,
                window: self.min_rate.window,
            });
        }
        self.window_start = now;
        self.in_window = 0;
        Ok(())
    }
}

impl Drop for Body<'_> {
    fn drop(&mut self) {
        *self.last = Some(Instant::now());
    }
}
