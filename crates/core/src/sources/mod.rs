//! Sources: where digests arrive by themselves. A **folder** (optionally
//! recursive) whose new or changed `*.md` files are imported, and a
//! **subscription**, a URL template asked for each day's file. Both are kept
//! in the library (migration 0010) so the CLI and the app share them, with
//! each source's last result.
//!
//! - [`folder::sync`] catches a folder up: unchanged size and mtime → not
//!   read; unchanged sha256 → not parsed; a file whose content failed is
//!   tried again only when it changes. Imports go through
//!   [`crate::import::Importer`] (a batch per ~8 MiB, not per file).
//! - [`url::sync`] asks a subscription's days through [`crate::net`]
//!   (conditional requests, 404 = not published, a 10 MB cap).
//! - [`watch::run`] runs both until cancelled: folders through `notify` with
//!   a debouncer, subscriptions at start and every hour; it reports each
//!   sync through a callback, so the app runs the same loop on a thread.

pub mod folder;
pub mod template;
pub mod url;
pub mod watch;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::import::FileReport;
use crate::state::Stamp;
use crate::store::{Library, StoreError};
pub use template::Template;

/// A source's number in the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SourceId(pub i64);

impl std::fmt::Display for SourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    Folder {
        path: PathBuf,
        recursive: bool,
    },
    Url {
        template: Template,
        since: NaiveDate,
    },
}

impl SourceKind {
    pub(crate) fn from_row(
        kind: &str,
        location: String,
        recursive: bool,
        since: Option<NaiveDate>,
    ) -> Option<SourceKind> {
        match kind {
            "folder" => Some(SourceKind::Folder {
                path: PathBuf::from(location),
                recursive,
            }),
            "url" => Some(SourceKind::Url {
                template: Template::parse(&location).ok()?,
                since: since?,
            }),
            _ => None,
        }
    }

    /// `folder` or `url`.
    pub fn name(&self) -> &'static str {
        match self {
            SourceKind::Folder { .. } => "folder",
            SourceKind::Url { .. } => "url",
        }
    }

    /// The folder's path or the template, as text.
    pub fn location(&self) -> String {
        match self {
            SourceKind::Folder { path, .. } => path.display().to_string(),
            SourceKind::Url { template, .. } => template.as_str().to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: SourceId,
    pub kind: SourceKind,
    pub created_at: Stamp,
    /// The last sync's result; `None` before the first.
    pub last: Option<LastResult>,
}

/// What a sync did, as kept on its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LastResult {
    pub at: Stamp,
    /// Files (folder) or days (subscription) imported: new or changed.
    pub imported: usize,
    /// Files or days already in the library as they are.
    pub unchanged: usize,
    /// Papers new to the library.
    pub added: usize,
    /// What failed, the source itself included (a folder gone, a server
    /// unreachable); a file whose content failed stays listed until it changes.
    pub failed: Vec<Failure>,
}

impl LastResult {
    pub fn ok(&self) -> bool {
        self.failed.is_empty()
    }
}

/// One failure: the file (a path, or a day's URL), the line when the
/// failure is about one, and what went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// A sync of one source: its result (saved on the source) and the report
/// of every file it imported or tried.
#[derive(Debug, Clone)]
pub struct Synced {
    pub source: SourceId,
    pub result: LastResult,
    pub reports: Vec<FileReport>,
    /// Files left for a later sync: still being written (see
    /// [`folder::Options::settle`]).
    pub pending: usize,
}

impl Synced {
    /// The dates of the digests this sync imported (new or changed), for
    /// "12 new papers · 2025-10-04".
    pub fn dates(&self) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = self
            .reports
            .iter()
            .filter(|r| r.error.is_none() && (r.added > 0 || r.updated > 0))
            .filter_map(|r| r.date)
            .collect();
        dates.sort();
        dates.dedup();
        dates
    }
}

/// A folder's file as last seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    pub size: u64,
    pub mtime_ns: i64,
    pub sha256: String,
    pub failure: Option<(String, Option<usize>)>,
}

/// A subscription's day as last asked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayState {
    /// 200 fetched, 304 not modified, 404 not published (a day the server
    /// could not be asked about keeps what it had).
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub sha256: Option<String>,
    pub failure: Option<(String, Option<usize>)>,
}

impl DayState {
    /// Whether the day's file was there (now or before).
    pub fn published(&self) -> bool {
        self.sha256.is_some() && matches!(self.status, 200 | 304)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{template} is not a usable URL template: {why}")]
    BadTemplate { template: String, why: String },
    #[error("{path} is not a folder: {why}")]
    BadFolder { path: PathBuf, why: String },
    #[error("{location} is a source already (number {id})")]
    Exists { location: String, id: SourceId },
    #[error("there is no source number {0}: `papershelf sources list` shows them")]
    NoSuchSource(SourceId),
    #[error("{file}: {why}")]
    Unreadable { file: String, why: String },
    #[error("a subscription interval of {0} minutes is not used: give {MIN_EVERY_MINUTES} to {MAX_EVERY_MINUTES} minutes")]
    BadInterval(u32),
    #[error("cannot watch folders: {0}")]
    Watch(String),
    #[error(transparent)]
    Net(#[from] crate::net::NetError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How many days back a new subscription starts when no `since` is given.
pub const DEFAULT_SINCE_DAYS: i64 = 7;

/// The library's setting: how often subscriptions are synced while the app
/// or `papershelf watch` runs, in minutes (hourly when unset).
pub const EVERY_SETTING: &str = "sources.every-minutes";
pub const DEFAULT_EVERY_MINUTES: u32 = 60;
pub const MIN_EVERY_MINUTES: u32 = 5;
pub const MAX_EVERY_MINUTES: u32 = 7 * 24 * 60;

/// How often subscriptions are synced, as the library says (`None`: never
/// set, or a value no longer usable, which counts as unset).
pub fn every_minutes(lib: &Library) -> Result<Option<u32>, StoreError> {
    Ok(lib
        .setting(EVERY_SETTING)?
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|m| (MIN_EVERY_MINUTES..=MAX_EVERY_MINUTES).contains(m)))
}

/// Sets how often subscriptions are synced (`None`: back to hourly). A
/// running watch reads it before its next pass.
pub fn set_every_minutes(lib: &mut Library, minutes: Option<u32>) -> Result<(), SourceError> {
    if let Some(m) = minutes.filter(|m| !(MIN_EVERY_MINUTES..=MAX_EVERY_MINUTES).contains(m)) {
        return Err(SourceError::BadInterval(m));
    }
    let text = minutes.map(|m| m.to_string());
    Ok(lib.set_setting(EVERY_SETTING, text.as_deref())?)
}

/// Adds a folder (made absolute; it must exist and be a folder).
pub fn add_folder(lib: &mut Library, path: &Path, recursive: bool) -> Result<Source, SourceError> {
    let bad = |why: String| SourceError::BadFolder {
        path: path.to_owned(),
        why,
    };
    let meta = std::fs::metadata(path).map_err(|e| bad(e.to_string()))?;
    if !meta.is_dir() {
        return Err(bad("it is a file; add the folder it is in".to_owned()));
    }
    let absolute = std::path::absolute(path).map_err(|e| bad(e.to_string()))?;
    let Some(location) = absolute.to_str() else {
        return Err(bad("its path is not UTF-8 text".to_owned()));
    };
    let location = location.trim_end_matches('/').to_owned();
    let location = if location.is_empty() {
        "/".to_owned()
    } else {
        location
    };
    insert(lib, "folder", &location, recursive, None)
}

/// Adds a subscription starting at `since` (default: a week before `today`).
pub fn add_url(
    lib: &mut Library,
    template: &str,
    since: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Source, SourceError> {
    let template = Template::parse(template)?;
    let since = since.unwrap_or(today - chrono::Duration::days(DEFAULT_SINCE_DAYS - 1));
    insert(lib, "url", template.as_str(), false, Some(since))
}

fn insert(
    lib: &mut Library,
    kind: &str,
    location: &str,
    recursive: bool,
    since: Option<NaiveDate>,
) -> Result<Source, SourceError> {
    let inserted = lib.insert_source(kind, location, recursive, since)?;
    let sources = lib.sources()?;
    let same = |s: &&Source| s.kind.name() == kind && s.kind.location() == location;
    match inserted {
        Some(id) => sources
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(SourceError::NoSuchSource(id)),
        None => {
            let id = sources.iter().find(same).map_or(SourceId(0), |s| s.id);
            Err(SourceError::Exists {
                location: location.to_owned(),
                id,
            })
        }
    }
}

/// Removes a source (the digests it imported stay).
pub fn remove(lib: &mut Library, id: SourceId) -> Result<(), SourceError> {
    if lib.remove_source(id)? {
        Ok(())
    } else {
        Err(SourceError::NoSuchSource(id))
    }
}

/// One pass over every source: folders caught up, subscriptions asked up to
/// `today`. A source that fails says so in its result; the others go on.
pub async fn sync_all(
    lib: &mut Library,
    client: &crate::net::Client,
    today: NaiveDate,
    cancel: &tokio_util::sync::CancellationToken,
) -> Result<Vec<Synced>, SourceError> {
    let mut done = Vec::new();
    for source in lib.sources()? {
        let synced = match &source.kind {
            SourceKind::Folder { .. } => folder::sync(lib, &source, &folder::Options::default())?,
            SourceKind::Url { .. } => {
                url::sync(
                    lib,
                    client,
                    &source,
                    today,
                    &url::Options::default(),
                    cancel,
                )
                .await?
            }
        };
        done.push(synced);
    }
    Ok(done)
}

/// The client settings for subscriptions: arXiv's hosts keep arXiv's
/// delay, any other host only waits its turn (one request at a time).
pub fn net_settings() -> crate::net::Settings {
    crate::net::Settings {
        delayed: crate::net::Delayed::Hosts(crate::arxiv::HOSTS),
        ..crate::net::Settings::default()
    }
}

/// A file or day as it was: unchanged, or still failing (`failure`).
pub(crate) fn standing(
    result: &mut LastResult,
    shown: &str,
    failure: &Option<(String, Option<usize>)>,
) {
    match failure {
        Some((message, line)) => result
            .failed
            .push(Failure::new(shown, *line, message.clone())),
        None => result.unchanged += 1,
    }
}

/// A failure from a file's report, if it failed.
pub(crate) fn failure_of(report: &FileReport) -> Option<Failure> {
    report
        .error
        .as_ref()
        .map(|e| Failure::new(report.path.clone(), report.line, e.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_added_once_listed_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let today: NaiveDate = "2025-10-10".parse().unwrap();
        let f = add_folder(&mut lib, folder.path(), true).unwrap();
        let u = add_url(&mut lib, "https://example.org/{date}.md", None, today).unwrap();
        assert_eq!(
            u.kind,
            SourceKind::Url {
                template: Template::parse("https://example.org/{date}.md").unwrap(),
                since: "2025-10-04".parse().unwrap()
            }
        );
        let again = add_folder(&mut lib, folder.path(), false).unwrap_err();
        assert!(
            matches!(again, SourceError::Exists { id, .. } if id == f.id),
            "{again}"
        );
        let file = folder.path().join("x.md");
        std::fs::write(&file, "x").unwrap();
        let e = add_folder(&mut lib, &file, false).unwrap_err().to_string();
        assert!(e.contains("it is a file"), "{e}");
        let e = add_folder(&mut lib, &folder.path().join("nope"), false).unwrap_err();
        assert!(matches!(e, SourceError::BadFolder { .. }), "{e}");
        assert_eq!(lib.sources().unwrap().len(), 2);
        remove(&mut lib, f.id).unwrap();
        assert!(matches!(
            remove(&mut lib, f.id),
            Err(SourceError::NoSuchSource(_))
        ));
        assert_eq!(lib.sources().unwrap(), [u]);
    }

    #[test]
    fn the_subscription_interval_is_the_librarys_setting_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        assert_eq!(every_minutes(&lib).unwrap(), None);
        set_every_minutes(&mut lib, Some(30)).unwrap();
        assert_eq!(every_minutes(&lib).unwrap(), Some(30));
        for bad in [0, 4, MAX_EVERY_MINUTES + 1] {
            let e = set_every_minutes(&mut lib, Some(bad))
                .unwrap_err()
                .to_string();
            assert!(e.contains("give 5 to 10080 minutes"), "{e}");
        }
        assert_eq!(
            every_minutes(&lib).unwrap(),
            Some(30),
            "a refused value changes nothing"
        );
        // Written by another tool as nonsense: unset, hourly.
        lib.set_setting(EVERY_SETTING, Some("often")).unwrap();
        assert_eq!(every_minutes(&lib).unwrap(), None);
        set_every_minutes(&mut lib, None).unwrap();
        assert_eq!(lib.setting(EVERY_SETTING).unwrap(), None);
    }
}
