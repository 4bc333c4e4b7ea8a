//! A subscription's sync: each day's URL asked through the one polite
//! client ([`crate::net`]), conditionally when the day was seen before.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use reqwest::header::{HeaderValue, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use sha2::{Digest as _, Sha256};
use tokio_util::sync::CancellationToken;
use url::Url;

use super::template::file_name;
use super::{
    folder, standing, DayState, Failure, FileState, LastResult, Source, SourceError, SourceKind,
    Synced, Template,
};
use crate::import::{Dates, Importer};
use crate::net::{AllowList, Client, Get, NetError};
use crate::state::Stamp;
use crate::store::Library;

/// The largest day's file fetched: 10 MB (a digest is a few hundred KB).
pub const MAX_BYTES: u64 = 10 << 20;

#[derive(Debug, Clone)]
pub struct Options {
    /// Days up to today asked again even when seen or missing: publishers
    /// post late and correct what they posted (a 304 costs nothing).
    pub recheck_days: i64,
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            recheck_days: 7,
            max_bytes: MAX_BYTES,
        }
    }
}

/// The days a sync asks, oldest first: every day from `since` never asked;
/// every day from the newest one published up to today; every day of the
/// last `recheck_days` (missing ones may be published late, seen ones are
/// asked conditionally).
pub fn days_to_ask(
    since: NaiveDate,
    today: NaiveDate,
    known: &BTreeMap<NaiveDate, DayState>,
    recheck_days: i64,
) -> Vec<NaiveDate> {
    let newest = known
        .iter()
        .rev()
        .find(|(_, s)| s.published())
        .map(|(d, _)| *d);
    let recent = today - chrono::Duration::days(recheck_days.max(1) - 1);
    since
        .iter_days()
        .take_while(|d| *d <= today)
        .filter(|d| !known.contains_key(d) || *d >= recent || newest.is_some_and(|n| *d >= n))
        .collect()
}

/// What a day's URL answered.
enum Fetched {
    NotModified {
        etag: Option<String>,
        last_modified: Option<String>,
    },
    NotFound,
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Asks the subscription's days (see [`days_to_ask`]) up to `today` (the
/// user's day), imports what changed in batches, and keeps every day's
/// validators. 404 (or 410) is "not published", not a failure. A failure to
/// reach the server is listed and changes nothing kept; a file whose
/// content fails is listed until it changes. Cancelling stops between
/// days, keeping what was done.
pub async fn sync(
    lib: &mut Library,
    client: &Client,
    source: &Source,
    today: NaiveDate,
    options: &Options,
    cancel: &CancellationToken,
) -> Result<Synced, SourceError> {
    let SourceKind::Url { template, since } = &source.kind else {
        return Err(SourceError::NoSuchSource(source.id));
    };
    let known = lib.source_days(source.id)?;
    let mut result = LastResult {
        at: Stamp::now(),
        imported: 0,
        unchanged: 0,
        added: 0,
        failed: Vec::new(),
    };
    let mut days: Vec<(NaiveDate, DayState)> = Vec::new();
    let mut importer = Importer::new();
    let mut queued: Vec<(usize, NaiveDate, DayState)> = Vec::new();
    for day in days_to_ask(*since, today, &known, options.recheck_days) {
        let url = template.expand(day)?;
        let shown = url.to_string();
        let before = known.get(&day);
        let fetched = match fetch(client, &url, before, options.max_bytes, cancel).await {
            Ok(fetched) => fetched,
            Err(NetError::Cancelled) => break,
            Err(e) => {
                result.failed.push(Failure::new(shown, None, e.to_string()));
                continue;
            }
        };
        match fetched {
            Fetched::NotFound => days.push((
                day,
                DayState {
                    status: 404,
                    ..DayState::default()
                },
            )),
            Fetched::NotModified {
                etag,
                last_modified,
            } => {
                let before = before.cloned().unwrap_or_default();
                standing(&mut result, &shown, &before.failure);
                days.push((
                    day,
                    DayState {
                        status: 304,
                        etag: etag.or(before.etag.clone()),
                        last_modified: last_modified.or(before.last_modified.clone()),
                        ..before
                    },
                ));
            }
            Fetched::Body {
                bytes,
                etag,
                last_modified,
            } => {
                let sha256 = hex::encode(Sha256::digest(&bytes));
                let state = DayState {
                    status: 200,
                    etag,
                    last_modified,
                    sha256: Some(sha256.clone()),
                    failure: None,
                };
                if let Some(b) = before.filter(|b| b.sha256.as_deref() == Some(&sha256)) {
                    // The server sent the same file again.
                    standing(&mut result, &shown, &b.failure);
                    let failure = b.failure.clone();
                    days.push((day, DayState { failure, ..state }));
                    continue;
                }
                let dates = Dates {
                    given: None,
                    fallback: Some(day),
                };
                let at = importer.add_bytes(lib, &shown, &file_name(&url), None, &bytes, dates);
                queued.push((at, day, state));
            }
        }
    }
    let reports = importer.finish(lib);
    for (at, day, state) in queued {
        let as_file = FileState {
            size: 0,
            mtime_ns: 0,
            sha256: state.sha256.clone().unwrap_or_default(),
            failure: None,
        };
        if let Some(kept) = folder::count(&mut result, &reports[at], as_file) {
            days.push((
                day,
                DayState {
                    failure: kept.failure,
                    ..state
                },
            ));
        }
    }
    lib.save_sync(source.id, &result, &[], &days)?;
    Ok(Synced {
        source: source.id,
        result,
        reports,
        pending: 0,
    })
}

/// What a template's test found: the day whose file is published, its URL
/// and how many papers it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tried {
    pub day: NaiveDate,
    pub url: String,
    pub papers: usize,
}

/// A template tried before it is added (the app's "Test"): today's file,
/// else yesterday's (a publisher may not have posted today's yet), fetched
/// and parsed; nothing is imported or kept. `None` when neither is published.
pub async fn try_template(
    client: &Client,
    template: &Template,
    today: NaiveDate,
    cancel: &CancellationToken,
) -> Result<Option<Tried>, SourceError> {
    for day in [today, today - chrono::Duration::days(1)] {
        let url = template.expand(day)?;
        let bytes = match fetch(client, &url, None, MAX_BYTES, cancel).await? {
            Fetched::Body { bytes, .. } => bytes,
            // No validators were sent, so a 304 is the server's oddity: as missing.
            Fetched::NotFound | Fetched::NotModified { .. } => continue,
        };
        let parsed = crate::digest::read(&bytes).map_err(|e| SourceError::Unreadable {
            file: url.to_string(),
            why: e.to_string(),
        })?;
        return Ok(Some(Tried {
            day,
            url: url.to_string(),
            papers: parsed.digest.entries.len(),
        }));
    }
    Ok(None)
}

/// Where a day's request may go: its own origin only (a redirect elsewhere
/// is refused).
fn allow_for(url: &Url) -> AllowList {
    let allow = AllowList::new("a subscription is fetched from its template's own server only");
    match (url.scheme(), url.port(), url.host_str()) {
        ("https", None, Some(host)) => allow.https_hosts(&[host]),
        _ => allow.origin(url),
    }
}

async fn fetch(
    client: &Client,
    url: &Url,
    before: Option<&DayState>,
    max_bytes: u64,
    cancel: &CancellationToken,
) -> Result<Fetched, NetError> {
    let allow = allow_for(url);
    let mut get = Get::new(url, &allow);
    if let Some(b) = before.filter(|b| b.published()) {
        let value = |v: &Option<String>| v.as_deref().and_then(|v| HeaderValue::from_str(v).ok());
        if let Some(etag) = value(&b.etag) {
            get.headers.insert(IF_NONE_MATCH, etag);
        }
        if let Some(date) = value(&b.last_modified) {
            get.headers.insert(IF_MODIFIED_SINCE, date);
        }
    }
    let mut turn = client.turn(url, cancel).await?;
    let answer = turn.get(&get, cancel).await?;
    let header = |name| {
        answer
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let etag = header(ETAG);
    let last_modified = header(LAST_MODIFIED);
    match answer.status().as_u16() {
        304 => Ok(Fetched::NotModified {
            etag,
            last_modified,
        }),
        404 | 410 => Ok(Fetched::NotFound),
        200 => {
            let mut body = answer.body(max_bytes)?;
            let mut bytes = Vec::new();
            while let Some(chunk) = body.chunk(cancel).await? {
                bytes.extend_from_slice(&chunk);
            }
            Ok(Fetched::Body {
                bytes,
                etag,
                last_modified,
            })
        }
        status => Err(NetError::Http {
            url: url.to_string(),
            status,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn state(status: u16, sha: Option<&str>) -> DayState {
        DayState {
            status,
            sha256: sha.map(str::to_owned),
            ..DayState::default()
        }
    }

    #[test]
    fn a_new_subscription_asks_every_day_since_then_only_what_may_change() {
        let today = day("2025-10-20");
        let none = BTreeMap::new();
        let all = days_to_ask(day("2025-10-01"), today, &none, 7);
        assert_eq!(all.len(), 20);
        assert_eq!((all[0], all[19]), (day("2025-10-01"), today));
        // Everything asked: published up to the 18th, nothing since.
        let mut known = BTreeMap::new();
        for d in day("2025-10-01").iter_days().take(20) {
            let published = d <= day("2025-10-18") && d != day("2025-10-05");
            let s = if published {
                state(200, Some("h"))
            } else {
                state(404, None)
            };
            known.insert(d, s);
        }
        let again = days_to_ask(day("2025-10-01"), today, &known, 7);
        // The last week (14th–20th): the newest published (18th) is inside it;
        // the 5th, missing for over a week, is not asked again.
        assert_eq!(
            again,
            day("2025-10-14").iter_days().take(7).collect::<Vec<_>>()
        );
        // Nothing published for a month: asked from the newest one published.
        let later = day("2025-11-30");
        let from_newest = days_to_ask(day("2025-10-01"), later, &known, 7);
        assert_eq!(from_newest.first(), Some(&day("2025-10-18")));
        assert_eq!(from_newest.last(), Some(&later));
        // A start after today asks nothing.
        assert!(days_to_ask(day("2025-10-21"), today, &none, 7).is_empty());
    }
}
