//! The library: one SQLite database in the library folder.
//!
//! Every write is one transaction, so a failure leaves the library as it was.
//! WAL, foreign keys and a busy timeout let the CLI and the app use it at once.

mod backup;
pub(crate) mod check;
mod digests;
mod error;
mod export;
mod import;
mod metadata;
mod migrate;
mod notes;
mod open;
mod papers;
mod pdfs;
mod query;
mod search;
mod settings;
mod state;
mod tags;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use backup::{backups, restore, restore_at, BackupInfo, Counts, Restored, BACKUP_DIR};
pub use check::{Problem, ProblemKind, Repaired};
pub use digests::DigestSummary;
pub use error::StoreError;
pub use export::PaperTexts;
pub use import::{DigestImport, ImportOutcome, ImportSource};
pub use metadata::{MetadataWanted, StoredMetadata};
pub use migrate::SCHEMA_VERSION;
pub use notes::Note;
pub use papers::{EntryDetail, PaperDetail, PaperId, PaperRow};
pub use pdfs::{CacheStats, PartialDownload, PdfRecord};
pub use query::{Found, Highlights, Page};
pub use search::{Snippet, SnippetSource};
pub(crate) use tags::normalize_name;
pub use tags::{tag_name, TagSummary, MAX_TAG_CHARS};

/// The database file inside a library folder.
pub const DATABASE_FILE: &str = "library.sqlite3";

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open library.
pub struct Library {
    conn: Connection,
    dir: PathBuf,
}

impl Library {
    /// Opens the library in `dir` for reading and writing, bringing its
    /// schema up to date. Only a missing database file makes a new library
    /// (created whole under another name, then linked into place); an
    /// existing one that is empty, unreadable or not a SQLite database is an
    /// error, and nothing is written to it.
    pub fn open(dir: &Path) -> Result<Library> {
        std::fs::create_dir_all(dir).map_err(|error| StoreError::CreateDir {
            path: dir.to_owned(),
            error,
        })?;
        let path = dir.join(DATABASE_FILE);
        let conn = open::read_write(dir, &path).map_err(|e| open::explain(dir, e))?;
        Ok(Library {
            conn,
            dir: dir.to_owned(),
        })
    }

    /// Opens the library in `dir` for reading only: nothing is written, not
    /// even a migration, so it works on a read-only folder or a full disk.
    /// A library an older Papershelf wrote is refused
    /// ([`StoreError::NeedsUpgrade`]: [`Library::open`] upgrades it), as is a
    /// folder without one ([`StoreError::NoLibrary`]). Every write fails with
    /// [`StoreError::ReadOnly`].
    pub fn open_read_only(dir: &Path) -> Result<Library> {
        let path = dir.join(DATABASE_FILE);
        let conn = open::read_only(&path).map_err(|e| open::explain(dir, e))?;
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

/// The time every write records, as [`Stamp`](crate::state::Stamp) writes it.
fn now() -> String {
    crate::state::Stamp::now().to_string()
}
