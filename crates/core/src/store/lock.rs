//! The import lock: the automatic snapshot never runs while an import batch
//! is being written, in this process or another.
//!
//! A file lock (`flock` on Unix, `LockFileEx` on Windows) on `import.lock`
//! in the library folder, separate from the database (SQLite's own locks are
//! POSIX locks on the database file, and a Windows lock on it would block
//! SQLite's reads). An import batch holds it shared, so imports never wait
//! for each other; a snapshot tries it exclusively and, when an import holds
//! it, is left for later. The lock goes with the file handle, so a killed
//! process never leaves it held. Best effort: where the file cannot be made
//! (a read-only folder, a full disk) an import goes on without it, and fails
//! or succeeds as it would have.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// The lock file inside a library folder.
pub const IMPORT_LOCK_FILE: &str = "import.lock";

/// The lock, held until dropped (`None`: no lock file could be made).
pub(super) struct Guard {
    _file: Option<File>,
}

fn lock_file(dir: &Path) -> Option<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(IMPORT_LOCK_FILE))
        .ok()
}

/// Taken by an import batch: waits while a snapshot is being taken (a few
/// seconds at most), never for another import.
pub(super) fn shared(dir: &Path) -> Guard {
    let file = lock_file(dir).filter(|f| f.lock_shared().is_ok());
    Guard { _file: file }
}

/// Taken by the automatic snapshot: `None` while an import batch is open.
/// A lock file that cannot be made means no import can hold it either.
pub(super) fn try_exclusive(dir: &Path) -> Option<Guard> {
    let Some(file) = lock_file(dir) else {
        return Some(Guard { _file: None });
    };
    match file.try_lock() {
        Ok(()) => Some(Guard { _file: Some(file) }),
        Err(TryLockError::WouldBlock) => None,
        Err(TryLockError::Error(_)) => Some(Guard { _file: None }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_lock_is_refused_while_an_import_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let import = shared(dir.path());
        let second_import = shared(dir.path());
        assert!(try_exclusive(dir.path()).is_none());
        drop(import);
        assert!(try_exclusive(dir.path()).is_none());
        drop(second_import);
        let snapshot = try_exclusive(dir.path()).unwrap();
        assert!(snapshot._file.is_some());
        // A second snapshot waits for none either.
        assert!(try_exclusive(dir.path()).is_none());
    }
}
