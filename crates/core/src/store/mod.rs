//! The library: one SQLite database in the library folder.
//!
//! Every write is one transaction, so a failure leaves the library as it was.
//! WAL, foreign keys and a busy timeout let the CLI and the app use it at once.

mod digests;
mod import;
mod migrate;
mod notes;
mod papers;
mod pdfs;
mod query;
mod search;
mod settings;
mod tags;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

pub use digests::DigestSummary;
pub use import::{DigestImport, ImportOutcome, ImportSource};
pub use migrate::SCHEMA_VERSION;
pub use notes::Note;
pub use papers::{EntryDetail, PaperDetail, PaperId, PaperRow};
pub use pdfs::{CacheStats, PartialDownload, PdfRecord};
pub use query::{Found, Highlights, Page};
pub use search::{Snippet, SnippetSource};
pub use tags::{tag_name, TagSummary, MAX_TAG_CHARS};

/// The database file inside a library folder.
pub const DATABASE_FILE: &str = "library.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the library folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the library {path} was written by a newer Papershelf (schema {found}, this one knows up to {supported}); update Papershelf to open it")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("no paper `{0}` in the library (use an arXiv id such as 2509.25454, or the number `papershelf list` shows)")]
    NoSuchPaper(String),
    #[error("no digest dated {0} in the library")]
    NoSuchDigest(chrono::NaiveDate),
    #[error("nothing to search for in `{0}`: a query needs letters, digits or Chinese characters")]
    NothingToSearch(String),
    #[error("`{tag}` cannot be a tag: {reason}")]
    InvalidTag { tag: String, reason: &'static str },
    #[error("no tag `{0}` in the library (`papershelf tags` lists them)")]
    NoSuchTag(String),
    #[error("the library database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open library.
pub struct Library {
    conn: Connection,
    dir: PathBuf,
}

impl Library {
    /// Opens (creating if needed) the library in `dir`, bringing its schema up to date.
    pub fn open(dir: &Path) -> Result<Library> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(DATABASE_FILE);
        let mut conn = Connection::open(&path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        // Every transaction takes the write lock when it begins. A deferred
        // one that reads first and writes later cannot wait for a busy
        // library: its upgrade fails at once with "database is locked".
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        // WAL never corrupts on a crash; NORMAL sync may drop the last commits
        // on power loss but never tears one, and keeps imports fast.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // 32 MiB of page cache instead of 2: an import's inserts and index
        // merges otherwise read back pages they wrote moments before.
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.set_prepared_statement_cache_capacity(64);
        migrate::migrate(&mut conn, &path)?;
        Ok(Library {
            conn,
            dir: dir.to_owned(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Changes whenever another connection (the CLI, the app) commits: poll
    /// it to notice outside changes cheaply.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
