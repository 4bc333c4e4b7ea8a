//! The library itself as it crosses IPC: whether it opened (and if not, what is
//! wrong, for the recovery screen), its backups, and what a restore changes.

use papershelf_core::store::{self, CountKind};
use papershelf_core::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// What is wrong with a library the app could not open: the recovery screen's
/// heading is chosen by `kind`, and `message` (core's) says the details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LibraryProblem {
    pub kind: ProblemKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The folder is not there (a disk not connected, a folder moved).
    MissingFolder,
    /// The library file is not there any more (moved away while the app was open).
    MissingFile,
    /// The folder or the file may not be written.
    ReadOnly,
    /// A 0-byte library file.
    Empty,
    /// Not a SQLite database: garbage in its header.
    NotALibrary,
    /// A torn or damaged database.
    Damaged,
    /// Written by a newer Papershelf.
    TooNew,
    /// The file cannot be read (permissions).
    Unreadable,
    DiskFull,
    Other,
}

impl LibraryProblem {
    pub fn new(error: &StoreError) -> LibraryProblem {
        let kind = match error {
            StoreError::NoLibraryFolder { .. } => ProblemKind::MissingFolder,
            StoreError::NoLibrary { .. } => ProblemKind::MissingFile,
            StoreError::ReadOnly | StoreError::ReadOnlyFolder { .. } => ProblemKind::ReadOnly,
            StoreError::CreateDir { error, .. } | StoreError::CreateFile { error, .. }
                if error.kind() == std::io::ErrorKind::PermissionDenied =>
            {
                ProblemKind::ReadOnly
            }
            StoreError::EmptyFile { .. } => ProblemKind::Empty,
            StoreError::NotALibrary { .. } => ProblemKind::NotALibrary,
            StoreError::Damaged(_) => ProblemKind::Damaged,
            StoreError::TooNew { .. } => ProblemKind::TooNew,
            StoreError::Unreadable { .. } => ProblemKind::Unreadable,
            StoreError::DiskFull => ProblemKind::DiskFull,
            _ => ProblemKind::Other,
        };
        LibraryProblem {
            kind,
            message: error.to_string(),
        }
    }
}

/// Whether the library is open; the recovery screen when it is not.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LibraryStatus {
    /// The library folder in use (or that failed to open).
    pub dir: String,
    /// Set when the library could not be opened: the app shows the recovery screen.
    pub problem: Option<LibraryProblem>,
    /// With a problem: the newest backup that verifies, which the screen offers to restore.
    pub newest_backup: Option<BackupItem>,
}

/// One backup in the library's `backups/` folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupItem {
    /// The file's name in `backups/`: what `preview_restore` and `restore_backup` take.
    pub name: String,
    /// RFC 3339, UTC.
    pub taken_at: String,
    /// Bytes.
    pub size: u64,
    pub papers: i64,
    pub notes: i64,
    /// The library as it was before a restore (kept for good).
    pub before_restore: bool,
}

impl From<store::BackupInfo> for BackupItem {
    fn from(info: store::BackupInfo) -> Self {
        BackupItem {
            name: info
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            taken_at: info
                .taken_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            size: info.size,
            papers: info.papers,
            notes: info.notes,
            before_restore: info.before_restore,
        }
    }
}

/// Which count a `CountChange` is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CountName {
    Papers,
    Notes,
    Read,
    Starred,
    Tags,
    Highlights,
}

/// One count, now and after the restore: "notes: 214 → 198".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CountChange {
    pub name: CountName,
    pub before: i64,
    pub after: i64,
}

impl From<store::CountChange> for CountChange {
    fn from(c: store::CountChange) -> Self {
        CountChange {
            name: match c.kind {
                CountKind::Papers => CountName::Papers,
                CountKind::Notes => CountName::Notes,
                CountKind::Read => CountName::Read,
                CountKind::Starred => CountName::Starred,
                CountKind::Tags => CountName::Tags,
                CountKind::Highlights => CountName::Highlights,
            },
            before: c.before,
            after: c.after,
        }
    }
}

/// What restoring a backup would change (nothing is touched to learn it).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RestorePreview {
    pub backup: BackupItem,
    /// Every count, the library's now → the backup's, in a fixed order.
    pub changes: Vec<CountChange>,
    /// False when the library now cannot be read (its counts are then 0).
    pub current_readable: bool,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RestoreDone {
    pub changes: Vec<CountChange>,
    /// Where the library from before the restore was kept.
    pub kept: Option<String>,
    /// The library now, opened again.
    pub status: LibraryStatus,
}

pub fn changes(list: Vec<store::CountChange>) -> Vec<CountChange> {
    list.into_iter().map(CountChange::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_told_apart_by_kind() {
        let cases = [
            (
                StoreError::NoLibraryFolder { dir: "/x".into() },
                ProblemKind::MissingFolder,
            ),
            (
                StoreError::EmptyFile {
                    path: "/x/library.sqlite3".into(),
                },
                ProblemKind::Empty,
            ),
            (
                StoreError::NotALibrary { path: "/x".into() },
                ProblemKind::NotALibrary,
            ),
            (
                StoreError::TooNew {
                    path: "/x".into(),
                    found: 99,
                    supported: 8,
                },
                ProblemKind::TooNew,
            ),
            (
                StoreError::ReadOnlyFolder { dir: "/x".into() },
                ProblemKind::ReadOnly,
            ),
            (StoreError::DiskFull, ProblemKind::DiskFull),
        ];
        for (error, kind) in cases {
            let problem = LibraryProblem::new(&error);
            assert_eq!(problem.kind, kind, "{error}");
            assert_eq!(problem.message, error.to_string());
        }
        let json = serde_json::to_value(LibraryProblem::new(&StoreError::DiskFull)).unwrap();
        assert_eq!(json["kind"], "disk_full");
    }
}
