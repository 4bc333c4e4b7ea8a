//! Sources as they cross IPC: a sync's news (the `sources-synced` event), the
//! sources with their last result (Settings → Sources).

use papershelf_core::sources::{self, LastResult, Source, SourceKind, Synced};
use serde::Serialize;
use ts_rs::TS;

use super::count;

/// A sync of one source, as the `sources-synced` event tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SourcesSynced {
    pub source: i64,
    /// Files (or days) imported: new or changed.
    pub imported: u32,
    /// Papers new to the library.
    pub added: u32,
    pub failed: u32,
    /// The dates (YYYY-MM-DD) of the digests imported, oldest first.
    pub dates: Vec<String>,
}

impl From<&Synced> for SourcesSynced {
    fn from(s: &Synced) -> SourcesSynced {
        SourcesSynced {
            source: s.source.0,
            imported: count(s.result.imported),
            added: count(s.result.added),
            failed: count(s.result.failed.len()),
            dates: s.dates().iter().map(|d| d.to_string()).collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SourceKindName {
    Folder,
    Url,
}

/// A source as Settings → Sources shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SourceItem {
    pub id: i64,
    pub kind: SourceKindName,
    /// The folder's path or the URL template.
    pub location: String,
    pub recursive: bool,
    /// A subscription's first day (YYYY-MM-DD).
    pub since: Option<String>,
    pub last: Option<SourceResult>,
}

/// A source's last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SourceResult {
    /// RFC 3339, UTC.
    pub at: String,
    pub imported: u32,
    pub unchanged: u32,
    pub added: u32,
    pub failed: Vec<SourceFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SourceFailure {
    pub file: String,
    pub line: Option<u32>,
    pub message: String,
}

impl From<&Source> for SourceItem {
    fn from(s: &Source) -> SourceItem {
        let (kind, recursive, since) = match &s.kind {
            SourceKind::Folder { recursive, .. } => (SourceKindName::Folder, *recursive, None),
            SourceKind::Url { since, .. } => (SourceKindName::Url, false, Some(since.to_string())),
        };
        SourceItem {
            id: s.id.0,
            kind,
            location: s.kind.location(),
            recursive,
            since,
            last: s.last.as_ref().map(SourceResult::from),
        }
    }
}

impl From<&LastResult> for SourceResult {
    fn from(r: &LastResult) -> SourceResult {
        SourceResult {
            at: r.at.to_string(),
            imported: count(r.imported),
            unchanged: count(r.unchanged),
            added: count(r.added),
            failed: r.failed.iter().map(SourceFailure::from).collect(),
        }
    }
}

impl From<&sources::Failure> for SourceFailure {
    fn from(f: &sources::Failure) -> SourceFailure {
        SourceFailure {
            file: f.file.clone(),
            line: f.line.map(count),
            message: f.message.clone(),
        }
    }
}

/// Settings → Sources: every source, and how often subscriptions are synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SourcesView {
    pub sources: Vec<SourceItem>,
    /// Minutes between two syncs of the subscriptions (the library's setting, else 60).
    pub every_minutes: u32,
}

/// A template's test: the day whose file is there and how many papers it lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SourceTest {
    /// YYYY-MM-DD: today, or yesterday when today's is not published yet.
    pub date: String,
    pub url: String,
    pub papers: u32,
}
