//! An answer's body, read chunk by chunk under a size cap.

use bytes::Bytes;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::NetError;

/// A body being read. Dropping it (done, failed or abandoned) ends the
/// request: the host's delay counts from then.
pub struct Body<'t> {
    answer: reqwest::Response,
    url: Url,
    limit: u64,
    received: u64,
    last: &'t mut Option<Instant>,
}

impl<'t> Body<'t> {
    pub(super) fn new(
        answer: reqwest::Response,
        url: Url,
        limit: u64,
        last: &'t mut Option<Instant>,
    ) -> Body<'t> {
        Body {
            answer,
            url,
            limit,
            received: 0,
            last,
        }
    }

    /// The next chunk, `None` at the end. Fails when the body grows over
    /// its limit, breaks off, or `cancel` is cancelled.
    pub async fn chunk(&mut self, cancel: &CancellationToken) -> Result<Option<Bytes>, NetError> {
        let next = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(NetError::Cancelled),
            next = self.answer.chunk() => next,
        };
        match next {
            Ok(None) => Ok(None),
            Ok(Some(chunk)) => {
                self.received += chunk.len() as u64;
                if self.received > self.limit {
                    let url = self.url.to_string();
                    return Err(NetError::TooLarge {
                        url,
                        limit: self.limit,
                    });
                }
                Ok(Some(chunk))
            }
            Err(source) => {
                let url = self.url.to_string();
                Err(NetError::Transfer { url, source })
            }
        }
    }
}

impl Drop for Body<'_> {
    fn drop(&mut self) {
        *self.last = Some(Instant::now());
    }
}
