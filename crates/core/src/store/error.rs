//! What can go wrong with the library, in words for people. SQLite's result
//! codes become these variants in one place, [`From<rusqlite::Error>`]: a full
//! disk, a read-only folder and a damaged file each say so.
//!
//! No variant has an error `source`: its message already holds the cause
//! once, so a report of the chain (`anyhow`'s `{:#}`) does not repeat it.

use std::path::PathBuf;

use rusqlite::ffi::{self, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the library folder {path}: {error}")]
    CreateDir {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot create the library file {path}: {error}")]
    CreateFile {
        path: PathBuf,
        error: std::io::Error,
    },
    /// `open_read_only` on a folder with no library in it yet.
    #[error("there is no library at {path} yet: `papershelf import` a digest to start one")]
    NoLibrary { path: PathBuf },
    /// `open_read_only` where the library folder itself is missing: a disk
    /// not connected, a mistyped `--library`.
    #[error("the library folder {dir} does not exist: if it is on a disk, connect the disk; else check the folder's name, or `papershelf import` a digest to start a library there")]
    NoLibraryFolder { dir: PathBuf },
    #[error("the library file {path} is empty (0 bytes): it holds no library, and Papershelf will not write over it. Restore a backup in its place, or move it away to start a new library")]
    EmptyFile { path: PathBuf },
    #[error("{path} is not a Papershelf library (it is not a SQLite database: its first bytes are not SQLite's); nothing was written to it. Restore a backup in its place, or move it away to start a new library")]
    NotALibrary { path: PathBuf },
    #[error("cannot read the library file {path}: {error}. Check its permissions, or move it away to start a new library")]
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("the library {path} was written by a newer Papershelf (schema {found}, this one knows up to {supported}); update Papershelf to open it")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// `open_read_only` on a library an older Papershelf wrote: reading it
    /// needs its schema brought up to date first, which writes.
    #[error("the library {path} was written by an older Papershelf (schema {found}, this one uses {supported}) and must be brought up to date once, which needs write access to its folder")]
    NeedsUpgrade {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// `open_read_only` where the `-wal` file holds commits but no `-shm`
    /// file (which reading them needs) can be made.
    #[error("the newest changes to the library are in {path}-wal, and reading them needs a -shm file beside it that cannot be made here (a read-only folder or a full disk); give the folder write access or free some space, then try again")]
    WalUnreadable { path: PathBuf },
    /// SQLITE_FULL, or a shared-memory file that could not grow.
    #[error("the disk holding the library is full: free some space and try again (reading the library still works)")]
    DiskFull,
    /// SQLITE_READONLY*: a write refused by a read-only file or connection.
    #[error("the library cannot be changed: its file or folder is read-only (or it was opened for reading only). Give write access to the library folder to change it (reading the library still works)")]
    ReadOnly,
    /// Opening for writing failed, and a file cannot be made in the folder.
    #[error("the library folder {dir} is read-only, so Papershelf cannot change the library; give write access to it to change the library (reading the library still works)")]
    ReadOnlyFolder { dir: PathBuf },
    /// Any other SQLITE_IOERR.
    #[error("a disk error while using the library ({}): check that the disk is connected, healthy and not full", sqlite_text(.0))]
    DiskIo(rusqlite::Error),
    /// SQLITE_CORRUPT, SQLITE_NOTADB.
    #[error("the library database is damaged ({}); nothing more was written to it. Restore a backup, or move the file away to start a new library", sqlite_text(.0))]
    Damaged(rusqlite::Error),
    #[error("no paper `{0}` in the library (use an arXiv id such as 2509.25454, or the number `papershelf list` shows)")]
    NoSuchPaper(String),
    /// A highlight that cannot be saved as given: `field` names the part
    /// (page, text, rects, comment), `reason` what is wrong with it.
    #[error("cannot save the highlight: its {field} {reason}")]
    InvalidHighlight { field: &'static str, reason: String },
    /// Highlighting a paper whose PDF is not in the cache.
    #[error("paper `{0}` has no PDF in the cache to highlight: download it first (`papershelf fetch {0}`, or the PDF button in the app), then highlight in it")]
    NoPdfToHighlight(String),
    #[error("no highlight {0} in the library (`papershelf highlights ID` lists a paper's)")]
    NoSuchHighlight(i64),
    #[error("no digest dated {0} in the library")]
    NoSuchDigest(chrono::NaiveDate),
    #[error("nothing to search for in `{0}`: a query needs letters, digits or Chinese characters")]
    NothingToSearch(String),
    /// `tag` is shown quoted and shortened (see `tags::quoted`).
    #[error("`{tag}` cannot be a tag: {reason}")]
    InvalidTag { tag: String, reason: String },
    #[error("no tag `{0}` in the library (`papershelf tags` lists them)")]
    NoSuchTag(String),
    /// A copy that did not verify; it was removed.
    #[error("the backup {path} did not verify ({reason}); it was removed, and the library was not changed")]
    BackupUnverified { path: PathBuf, reason: String },
    /// A file `restore` refuses; the library is as it was.
    #[error("{path} cannot be restored: {reason}; the library was not changed")]
    CannotRestore { path: PathBuf, reason: String },
    #[error("cannot write the backup {path}: {error}")]
    BackupFile {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("another process wrote to the library, or kept reading it, while it was being restored; nothing was restored, try again")]
    ChangedDuringRestore,
    #[error("the library database failed: {}", sqlite_text(.0))]
    Sqlite(rusqlite::Error),
    #[error("cannot write the For you model {path}: {error}. It is derived data (nothing is lost); free some space or give write access to the library folder, then `papershelf reindex --model`")]
    ModelFile {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl From<rusqlite::Error> for StoreError {
    /// The one place SQLite's result codes are read.
    fn from(e: rusqlite::Error) -> StoreError {
        let Some(&ffi::Error {
            code,
            extended_code,
        }) = e.sqlite_error()
        else {
            return StoreError::Sqlite(e);
        };
        match code {
            ErrorCode::DiskFull => StoreError::DiskFull,
            // SQLite grows the `-shm` file with fallocate or writes of zeros
            // and reports any failure as SHMSIZE; on a full disk this is the
            // first thing that fails, reading included ("disk I/O error",
            // Error code 4874).
            ErrorCode::SystemIoFailure if extended_code == ffi::SQLITE_IOERR_SHMSIZE => {
                StoreError::DiskFull
            }
            ErrorCode::SystemIoFailure => StoreError::DiskIo(e),
            ErrorCode::ReadOnly => StoreError::ReadOnly,
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => StoreError::Damaged(e),
            _ => StoreError::Sqlite(e),
        }
    }
}

impl StoreError {
    /// SQLite could not open a file it needed: the database, or its `-wal`
    /// or `-shm` beside it (a read-only folder, a missing one…).
    pub(super) fn is_cannot_open(&self) -> bool {
        matches!(self, StoreError::Sqlite(e)
            if e.sqlite_error_code() == Some(ErrorCode::CannotOpen))
    }
}

/// SQLite's words, once, with the extended code when it says more than the
/// words: "disk I/O error, SQLite code 4874".
fn sqlite_text(e: &rusqlite::Error) -> String {
    match e {
        // Extended codes carry their detail above the primary code's 8 bits.
        rusqlite::Error::SqliteFailure(err, Some(message)) if err.extended_code > 0xff => {
            format!("{message}, SQLite code {}", err.extended_code)
        }
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        rusqlite::Error::SqliteFailure(err, None) => format!(
            "{}, SQLite code {}",
            ffi::code_to_str(err.extended_code),
            err.extended_code
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    fn failure(extended_code: i32, message: Option<&str>) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(ffi::Error::new(extended_code), message.map(str::to_owned))
    }

    /// The error as the CLI prints it: every cause in the chain.
    fn chain(e: &StoreError) -> String {
        let mut text = e.to_string();
        let mut cause = e.source();
        while let Some(c) = cause {
            text.push_str(&format!(": {c}"));
            cause = c.source();
        }
        text
    }

    #[test]
    fn sqlite_codes_become_what_they_mean() {
        let cases: &[(i32, &str, &str)] = &[
            (
                ffi::SQLITE_FULL,
                "database or disk is full",
                "the disk holding the library is full",
            ),
            (
                ffi::SQLITE_IOERR_SHMSIZE,
                "disk I/O error",
                "the disk holding the library is full",
            ),
            (
                ffi::SQLITE_READONLY,
                "attempt to write a readonly database",
                "read-only",
            ),
            (
                ffi::SQLITE_READONLY_DIRECTORY,
                "attempt to write a readonly database",
                "read-only",
            ),
            (
                ffi::SQLITE_READONLY_CANTINIT,
                "attempt to write a readonly database",
                "read-only",
            ),
            (
                ffi::SQLITE_IOERR_WRITE,
                "disk I/O error",
                "a disk error while using the library (disk I/O error, SQLite code 778)",
            ),
            (
                ffi::SQLITE_CORRUPT,
                "database disk image is malformed",
                "the library database is damaged (database disk image is malformed)",
            ),
            (
                ffi::SQLITE_NOTADB,
                "file is not a database",
                "the library database is damaged (file is not a database)",
            ),
            (
                ffi::SQLITE_BUSY,
                "database is locked",
                "the library database failed: database is locked",
            ),
        ];
        for &(code, message, expected) in cases {
            let e = StoreError::from(failure(code, Some(message)));
            let text = chain(&e);
            assert!(text.contains(expected), "{code}: {text}");
        }
        assert!(matches!(
            StoreError::from(failure(ffi::SQLITE_IOERR_SHMSIZE, None)),
            StoreError::DiskFull
        ));
        assert!(matches!(
            StoreError::from(failure(ffi::SQLITE_READONLY_DBMOVED, None)),
            StoreError::ReadOnly
        ));
        assert!(StoreError::from(failure(ffi::SQLITE_CANTOPEN, None)).is_cannot_open());
        assert!(!StoreError::from(failure(ffi::SQLITE_BUSY, None)).is_cannot_open());
    }

    #[test]
    fn sqlite_text_is_said_once() {
        // Was: "the library database failed: database is locked: database
        // is locked: Error code 5: database is locked".
        let e = StoreError::from(failure(ffi::SQLITE_BUSY, Some("database is locked")));
        assert_eq!(chain(&e), "the library database failed: database is locked");
        let e = StoreError::from(failure(ffi::SQLITE_IOERR_SHMSIZE, Some("disk I/O error")));
        assert_eq!(chain(&e).matches("full").count(), 1, "{e}");
        let e = StoreError::from(failure(ffi::SQLITE_IOERR_FSYNC, None));
        let text = chain(&e);
        assert_eq!(text.matches("disk I/O error").count(), 1, "{text}");
        assert!(text.contains("SQLite code 1034"), "{text}");
        let e = StoreError::CreateDir {
            path: "/x".into(),
            error: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert_eq!(chain(&e).matches("permission denied").count(), 1, "{e}");
    }
}
