//! The library: one SQLite database in the library folder.
//!
//! Every write is one transaction, so a failure leaves the library as it was.
//! WAL, foreign keys and a busy timeout let the CLI and the app use it at once.

mod backup;
pub(crate) mod check;
mod digests;
mod error;
mod export;
mod foryou;
mod highlights;
mod import;
mod lock;
mod metadata;
mod migrate;
mod new_papers;
mod notes;
mod open;
mod papers;
mod pdf_text;
mod pdfs;
mod query;
mod search;
mod settings;
mod sources;
mod state;
mod tags;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use backup::{
    backup_named, backups, newest_good_backup, restore, restore_at, restore_preview, BackupInfo,
    CountChange, CountKind, Counts, RestorePreview, Restored, Snapshot, BACKUP_DIR,
};
pub use check::{Problem, ProblemKind, Repaired};
pub use digests::DigestSummary;
pub use error::StoreError;
pub use export::PaperTexts;
pub use foryou::SimilarPaper;
pub use highlights::{
    HighlightColor, NewHighlight, PdfHighlight, PdfRect, MAX_HIGHLIGHT_CHARS, MAX_HIGHLIGHT_RECTS,
};
pub use import::{DigestImport, ImportOutcome, ImportSource};
pub use lock::IMPORT_LOCK_FILE;
pub use metadata::{CategoryCount, MetadataWanted, StoredMetadata};
pub use migrate::SCHEMA_VERSION;
pub use new_papers::NewLook;
pub use notes::Note;
pub use papers::{EntryDetail, PaperDetail, PaperId, PaperRow};
pub use pdf_text::{PdfText, PdfTextRecord, TextStatus};
pub use pdfs::{CacheStats, PartialDownload, PdfRecord};
pub use query::{Found, Highlights, Page, Total, COUNTED};
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
    /// The database file this connection reads, as the folder named it when
    /// it was opened (`None`: it changed while opening).
    identity: Option<FileIdentity>,
    /// The For you model this connection used last (`store/foryou.rs`).
    for_you: foryou::ModelCache,
}

/// Which file a path names: its device and inode (on Windows, its creation
/// time). A restore renames a new file over `library.sqlite3`, which
/// changes it; writes, checkpoints and growth never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity {
    #[cfg(unix)]
    dev_ino: (u64, u64),
    #[cfg(not(unix))]
    created: Option<std::time::SystemTime>,
}

impl FileIdentity {
    fn of(path: &Path) -> Option<FileIdentity> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileIdentity {
                dev_ino: (meta.dev(), meta.ino()),
            })
        }
        #[cfg(not(unix))]
        {
            Some(FileIdentity {
                created: meta.created().ok(),
            })
        }
    }
}

/// Opens with `open`, noting which file the path named: the same before and
/// after (or made by the opening), or nothing known.
fn opened(dir: &Path, open: impl FnOnce(&Path) -> Result<Connection>) -> Result<Library> {
    let path = dir.join(DATABASE_FILE);
    let before = FileIdentity::of(&path);
    let conn = open(&path)?;
    let after = FileIdentity::of(&path);
    Ok(Library {
        conn,
        dir: dir.to_owned(),
        identity: after.filter(|_| before.is_none() || before == after),
        for_you: foryou::ModelCache::default(),
    })
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
        opened(dir, |path| {
            open::read_write(dir, path).map_err(|e| open::explain(dir, e))
        })
    }

    /// [`Library::open`], but a folder that does not exist is an error
    /// ([`StoreError::NoLibraryFolder`]), never made anew: for a folder the
    /// reader chose, which may be on a disk not connected now.
    pub fn open_existing_folder(dir: &Path) -> Result<Library> {
        if !dir.is_dir() {
            return Err(StoreError::NoLibraryFolder {
                dir: dir.to_owned(),
            });
        }
        Library::open(dir)
    }

    /// [`Library::open`] of a library that must be there already: a missing
    /// folder is [`StoreError::NoLibraryFolder`], a missing file
    /// [`StoreError::NoLibrary`]; nothing is made. For opening the library
    /// again (after a restore, to snapshot it), where a file gone means
    /// something is wrong, never a new empty library.
    pub fn open_existing(dir: &Path) -> Result<Library> {
        let path = dir.join(DATABASE_FILE);
        if !open::existing_database(&path)? {
            return Err(match dir.is_dir() {
                true => StoreError::NoLibrary { path },
                false => StoreError::NoLibraryFolder {
                    dir: dir.to_owned(),
                },
            });
        }
        Library::open(dir)
    }

    /// Opens the library in `dir` for reading only: nothing is written, not
    /// even a migration, so it works on a read-only folder or a full disk.
    /// A library an older Papershelf wrote is refused
    /// ([`StoreError::NeedsUpgrade`]: [`Library::open`] upgrades it), as is a
    /// folder without one ([`StoreError::NoLibrary`]). Every write fails with
    /// [`StoreError::ReadOnly`].
    pub fn open_read_only(dir: &Path) -> Result<Library> {
        opened(dir, |path| {
            open::read_only(path).map_err(|e| open::explain(dir, e))
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether `library.sqlite3` is no longer the file this connection reads:
    /// a restore (by the CLI, say) renamed another over it, or it was moved
    /// away. The library must then be opened again to see it.
    pub fn replaced(&self) -> bool {
        let now = FileIdentity::of(&self.dir.join(DATABASE_FILE));
        self.identity.is_none() || now != self.identity
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_an_existing_library_makes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("not-there");
        let err = Library::open_existing_folder(&gone).err().unwrap();
        assert!(matches!(err, StoreError::NoLibraryFolder { .. }), "{err}");
        let err = Library::open_existing(&gone).err().unwrap();
        assert!(matches!(err, StoreError::NoLibraryFolder { .. }), "{err}");
        assert!(!gone.exists());
        let err = Library::open_existing(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::NoLibrary { .. }), "{err}");
        assert!(!dir.path().join(DATABASE_FILE).exists());
        // A folder that exists gets a new library when asked for one.
        let lib = Library::open_existing_folder(dir.path()).unwrap();
        assert!(!lib.replaced());
        let again = Library::open_existing(dir.path()).unwrap();
        // Moved away: the open library is no longer the folder's.
        std::fs::rename(dir.path().join(DATABASE_FILE), dir.path().join("moved")).unwrap();
        assert!(lib.replaced() && again.replaced());
    }
}
