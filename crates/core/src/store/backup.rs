//! Backups of the library database, and restoring one.
//!
//! A backup is a copy made with SQLite's online backup API (a consistent
//! snapshot while other processes keep writing), written under a temporary
//! name, verified (`PRAGMA integrity_check` is "ok" and the copy opens as a
//! Papershelf library) and only then given its name. Backups live in
//! `<library>/backups/`, named by their UTC time:
//! `library-YYYYMMDD-HHMMSS[-N].sqlite3`; the copy kept by a restore is
//! `library-YYYYMMDD-HHMMSS-before-restore[-N].sqlite3` and is never pruned.
//! PDFs are not copied (they can be fetched again); their records are.
//!
//! Restoring never makes things worse: the library before a restore is
//! always kept in `backups/` first (a verified snapshot, or, when the
//! library is too damaged to copy, its files as they were).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::notes::note_has_text;
use super::{open, Library, Result, StoreError, DATABASE_FILE};

/// The folder of backups inside a library folder.
pub const BACKUP_DIR: &str = "backups";

/// How many days keep their newest backup, and then how many ISO weeks.
const DAILY: usize = 7;
const WEEKLY: usize = 4;

const PREFIX: &str = "library-";
const SUFFIX: &str = ".sqlite3";
const BEFORE_RESTORE: &str = "-before-restore";
const TIME_FORMAT: &str = "%Y%m%d-%H%M%S";

/// What a library holds, as a restore reports it ("notes: 214 → 198").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub papers: i64,
    /// Notes with text in them.
    pub notes: i64,
    pub read: i64,
    pub starred: i64,
    /// The reader's tags (names; 0 in a library older than tags).
    pub tags: i64,
    /// Highlights in PDFs (0 in a library older than highlights).
    pub highlights: i64,
}

/// Which count a [`CountChange`] is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountKind {
    Papers,
    Notes,
    Read,
    Starred,
    Tags,
    Highlights,
}

impl CountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CountKind::Papers => "papers",
            CountKind::Notes => "notes",
            CountKind::Read => "read",
            CountKind::Starred => "starred",
            CountKind::Tags => "tags",
            CountKind::Highlights => "highlights",
        }
    }
}

/// One count before and after a restore: "notes: 214 → 198".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CountChange {
    pub kind: CountKind,
    pub before: i64,
    pub after: i64,
}

impl CountChange {
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

impl Counts {
    /// An empty library's (or a missing one's).
    pub const EMPTY: Counts = Counts {
        papers: 0,
        notes: 0,
        read: 0,
        starred: 0,
        tags: 0,
        highlights: 0,
    };

    /// Every count of `self` (before) against `after`, in a fixed order.
    pub fn compare(&self, after: &Counts) -> Vec<CountChange> {
        let pairs = [
            (CountKind::Papers, self.papers, after.papers),
            (CountKind::Notes, self.notes, after.notes),
            (CountKind::Read, self.read, after.read),
            (CountKind::Starred, self.starred, after.starred),
            (CountKind::Tags, self.tags, after.tags),
            (CountKind::Highlights, self.highlights, after.highlights),
        ];
        pairs
            .into_iter()
            .map(|(kind, before, after)| CountChange {
                kind,
                before,
                after,
            })
            .collect()
    }
}

/// What restoring a backup would change, computed before anything is
/// touched: the confirmation says "notes: 214 → 198".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestorePreview {
    /// The library as it is; `None` when there is none, or it cannot be read
    /// (empty, damaged): then every count of the backup is new.
    pub current: Option<Counts>,
    pub backup: Counts,
}

impl RestorePreview {
    /// Every count, current → backup (a missing library counts as empty).
    pub fn changes(&self) -> Vec<CountChange> {
        self.current.unwrap_or(Counts::EMPTY).compare(&self.backup)
    }
}

/// What [`Library::backup_if_due`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snapshot {
    Taken(BackupInfo),
    /// The newest backup is less than a day old.
    NotDue,
    /// An import batch is being written (by this process or another): the
    /// snapshot waits for a later try rather than for the import.
    ImportRunning,
}

/// One verified copy of the library.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// Bytes.
    pub size: u64,
    pub papers: i64,
    pub notes: i64,
    /// From the file's name for backups in `backups/`; the time it was
    /// taken for a copy written elsewhere.
    pub taken_at: DateTime<Utc>,
    /// The library as it was before a restore (never pruned).
    pub before_restore: bool,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub before: Option<Counts>,
    pub after: Counts,
    /// Where the library before the restore was kept (`None`: there was none).
    pub kept: Option<PathBuf>,
}

impl Restored {
    /// Every count, before → after (no library before counts as empty).
    pub fn changes(&self) -> Vec<CountChange> {
        self.before.unwrap_or(Counts::EMPTY).compare(&self.after)
    }
}

impl Library {
    /// Copies the library to `path` (which must not exist yet), verified.
    pub fn backup_to(&self, path: &Path) -> Result<BackupInfo> {
        copy_verified(&self.conn, path, Utc::now(), false)
    }

    /// A new backup in `backups/`, named by the time; after it verified,
    /// older backups beyond 7 daily and 4 weekly ones are removed.
    pub fn backup(&self) -> Result<BackupInfo> {
        self.backup_at(Utc::now())
    }

    /// [`Library::backup`] with the clock given.
    pub fn backup_at(&self, now: DateTime<Utc>) -> Result<BackupInfo> {
        let info = copy_into_backups(&self.conn, &self.dir, now, false)?;
        prune(&self.dir)?;
        Ok(info)
    }

    /// Takes a backup when the newest one is older than 24 hours (or there
    /// is none): the automatic daily snapshot. Never while an import batch
    /// is open (in any process: see [`super::lock`]); it is then left for a
    /// later try.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        if !self.backup_due(now)? {
            return Ok(Snapshot::NotDue);
        }
        let Some(_no_import) = super::lock::try_exclusive(&self.dir) else {
            return Ok(Snapshot::ImportRunning);
        };
        self.backup_at(now).map(Snapshot::Taken)
    }

    fn backup_due(&self, now: DateTime<Utc>) -> Result<bool> {
        let newest = backup_names(&self.dir)?
            .into_iter()
            .map(|b| b.taken_at)
            .max();
        Ok(newest.is_none_or(|t| now.signed_duration_since(t) >= chrono::Duration::hours(24)))
    }

    /// The backups in `backups/`, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        backups(&self.dir)
    }
}

/// The backups of the library folder `dir`, newest first, each read (read
/// only) for its counts; files that do not open as a library are left out.
pub fn backups(dir: &Path) -> Result<Vec<BackupInfo>> {
    let mut found = Vec::new();
    for name in backup_names(dir)? {
        let Ok(counts) = read_counts(&name.path) else {
            continue;
        };
        let size = std::fs::metadata(&name.path).map_or(0, |m| m.len());
        found.push(info(
            name.path,
            size,
            counts,
            name.taken_at,
            name.before_restore,
        ));
    }
    Ok(found)
}

/// The backup in `dir`'s `backups/` named `name` (a name [`backups`] lists,
/// nothing else: no folder, no other file).
pub fn backup_named(dir: &Path, name: &str) -> Option<PathBuf> {
    if name.contains(['/', '\\']) {
        return None;
    }
    let path = dir.join(BACKUP_DIR).join(name);
    parse_name(&path)?;
    path.is_file().then_some(path)
}

/// The newest backup of `dir` that verifies (undamaged, a library no newer
/// than this build): what a damaged library is restored from.
pub fn newest_good_backup(dir: &Path) -> Result<Option<BackupInfo>> {
    for name in backup_names(dir)? {
        if let Ok(counts) = verify(&name.path) {
            let size = std::fs::metadata(&name.path).map_or(0, |m| m.len());
            return Ok(Some(info(
                name.path,
                size,
                counts,
                name.taken_at,
                name.before_restore,
            )));
        }
    }
    Ok(None)
}

/// What restoring `file` into `dir` would change, reading both only. A file
/// [`restore`] would refuse is refused here with the same reason.
pub fn restore_preview(dir: &Path, file: &Path) -> Result<RestorePreview> {
    let backup = verify(file).map_err(|e| StoreError::CannotRestore {
        path: file.to_owned(),
        reason: restore_reason(e),
    })?;
    let path = dir.join(DATABASE_FILE);
    let current = match open::existing_database(&path) {
        Ok(true) => read_counts(&path).ok(),
        _ => None,
    };
    Ok(RestorePreview { current, backup })
}

/// Restores the library in `dir` from `file`; see [`restore_at`].
pub fn restore(dir: &Path, file: &Path) -> Result<Restored> {
    restore_at(dir, file, Utc::now())
}

/// Replaces the library in `dir` with a copy of `file`, which must be an
/// undamaged Papershelf library no newer than this build. The library
/// before is kept in `backups/` first. The swap is a rename over
/// `library.sqlite3` made while holding the library's write lock, with its
/// `-wal` checkpointed empty, so no commit is lost or applied to the wrong
/// file. A process that has the library open (the app) keeps reading the
/// old file until it opens the library again: it must reload.
pub fn restore_at(dir: &Path, file: &Path, now: DateTime<Utc>) -> Result<Restored> {
    let refuse = |reason: String| StoreError::CannotRestore {
        path: file.to_owned(),
        reason,
    };
    let after = verify(file).map_err(|e| refuse(restore_reason(e)))?;
    sweep(dir);
    let path = dir.join(DATABASE_FILE);
    let fresh = dir.join(format!("{DATABASE_FILE}.restore-{}", unique()));
    let swapped = (|| {
        // The copy to be put in place, beside the library, whole and synced.
        let source = Connection::open_with_flags(
            file,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        remove_quietly(&fresh);
        let mut copy = Connection::open(&fresh)?;
        backup_pages(&source, &mut copy)?;
        copy.pragma_update(None, "journal_mode", "WAL")?;
        copy.close().map_err(|(_, e)| e)?;
        sync_file(&fresh)?;
        match open::existing_database(&path) {
            Ok(true) => {}
            Ok(false) => return rename_into_place(&fresh, &path).map(|()| (None, None)),
            // Empty, or not SQLite: nothing SQLite could copy.
            Err(StoreError::EmptyFile { .. } | StoreError::NotALibrary { .. }) => {
                return replace_damaged(dir, &path, &fresh, now).map(|kept| (None, Some(kept)))
            }
            Err(e) => return Err(e),
        }
        swap(dir, &path, &fresh, now).map(|(before, kept)| (before, Some(kept)))
    })();
    remove_quietly(&fresh);
    let (before, kept) = swapped?;
    // SQLite removes the `-wal` and `-shm` files when the last connection
    // closes (it looks at them once it has read the file); while a process
    // still has the library open, they stay, and are right for the new file.
    if let Ok(conn) = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE) {
        let _ = conn.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |_| Ok(()));
        let _ = conn.close();
    }
    Ok(Restored {
        before,
        after,
        kept,
    })
}

/// Keeps the current library in `backups/`, then renames `fresh` over it
/// while holding its write lock.
fn swap(
    dir: &Path,
    path: &Path,
    fresh: &Path,
    now: DateTime<Utc>,
) -> Result<(Option<Counts>, PathBuf)> {
    let opened = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(StoreError::from)
    .and_then(|conn| {
        conn.busy_timeout(Duration::from_secs(10))?;
        let seen = data_version(&conn)?;
        let kept = copy_into_backups(&conn, dir, now, true)?;
        Ok((conn, seen, kept))
    });
    let (current, seen, kept) = match opened {
        Ok(taken) => taken,
        // Too damaged to copy page by page: keep its files as they are.
        Err(StoreError::Damaged(_) | StoreError::BackupUnverified { .. }) => {
            return replace_damaged(dir, path, fresh, now).map(|kept| (None, kept));
        }
        Err(e) => return Err(e),
    };
    // Every commit into the database file and the `-wal` emptied, then the
    // write lock held: nothing can commit between the snapshot and the swap,
    // and the empty `-wal` and its `-shm` are right for the new file too.
    // A reader that kept the checkpoint from finishing leaves the `-wal`
    // non-empty: the swap below then refuses.
    current.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    current.execute_batch("BEGIN IMMEDIATE")?;
    let swapped = (|| {
        if data_version(&current)? != seen || wal_len(path) > 0 {
            return Err(StoreError::ChangedDuringRestore);
        }
        rename_into_place(fresh, path)
    })();
    let _ = current.execute_batch("ROLLBACK");
    drop(current);
    if swapped.is_err() {
        let _ = std::fs::remove_file(&kept.path);
    }
    swapped?;
    Ok((Some(read_counts(&kept.path)?), kept.path))
}

fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

fn rename_into_place(fresh: &Path, path: &Path) -> Result<()> {
    std::fs::rename(fresh, path).map_err(|error| StoreError::BackupFile {
        path: path.to_owned(),
        error,
    })?;
    if let Some(dir) = path.parent() {
        sync_dir(dir);
    }
    Ok(())
}

/// A library SQLite cannot copy: its files are kept as they are, then the
/// restored copy takes its place and its `-wal` and `-shm` are removed
/// (they belong to the damaged file and must not be applied to the new one).
fn replace_damaged(dir: &Path, path: &Path, fresh: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let kept = keep_damaged(dir, path, now)?;
    rename_into_place(fresh, path)?;
    for stale in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, stale));
    }
    Ok(kept)
}

/// A library that cannot be copied by SQLite is kept byte for byte (with
/// its `-wal`), beside the backups, under a name `backups` does not list.
fn keep_damaged(dir: &Path, path: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let folder = backup_dir(dir)?;
    let kept = folder.join(format!("damaged-{}{SUFFIX}", now.format(TIME_FORMAT)));
    for (from, to) in [
        (path.to_owned(), kept.clone()),
        (with_suffix(path, "-wal"), with_suffix(&kept, "-wal")),
    ] {
        if from.exists() {
            std::fs::copy(&from, &to).map_err(|error| StoreError::BackupFile {
                path: to.clone(),
                error,
            })?;
            sync_file(&to)?;
        }
    }
    sync_dir(&folder);
    Ok(kept)
}

/// Why a file cannot be restored, in words for the reader.
fn restore_reason(e: StoreError) -> String {
    match e {
        StoreError::EmptyFile { .. } => "it is empty".to_owned(),
        StoreError::NotALibrary { .. } => "it is not a Papershelf library".to_owned(),
        StoreError::NoLibrary { .. } => "there is no such file".to_owned(),
        StoreError::BackupUnverified { reason, .. } => reason,
        other => other.to_string(),
    }
}

/// Checks that `file` is an undamaged Papershelf library no newer than this
/// build, reading it only; its counts.
fn verify(file: &Path) -> Result<Counts> {
    if !open::existing_database(file)? {
        return Err(StoreError::NoLibrary {
            path: file.to_owned(),
        });
    }
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let unverified = |reason: String| StoreError::BackupUnverified {
        path: file.to_owned(),
        reason,
    };
    let version = open::schema_version(&conn, file)?;
    let check: Vec<String> = conn
        .prepare("PRAGMA integrity_check(5)")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if check != ["ok"] {
        return Err(unverified(format!("it is damaged: {}", check.join("; "))));
    }
    if version < 1 {
        return Err(StoreError::NotALibrary {
            path: file.to_owned(),
        });
    }
    counts(&conn).map_err(|_| StoreError::NotALibrary {
        path: file.to_owned(),
    })
}

fn read_counts(file: &Path) -> Result<Counts> {
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    counts(&conn)
}

fn counts(conn: &Connection) -> Result<Counts> {
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    // A table an older library does not have counts 0.
    let count_rows = |table: &str| -> Result<i64> {
        let exists = count(&format!(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = '{table}'"
        ))?;
        match exists {
            0 => Ok(0),
            _ => count(&format!("SELECT COUNT(*) FROM {table}")),
        }
    };
    Ok(Counts {
        papers: count("SELECT COUNT(*) FROM papers")?,
        notes: count(concat!(
            "SELECT COUNT(*) FROM notes n WHERE ",
            note_has_text!()
        ))?,
        read: count("SELECT COUNT(*) FROM papers WHERE read_at IS NOT NULL")?,
        starred: count("SELECT COUNT(*) FROM papers WHERE starred = 1")?,
        // Tags came with schema 3, highlights with 12.
        tags: count_rows("tags")?,
        highlights: count_rows("highlights")?,
    })
}

/// Copies the database of `conn` to `dest` (which must not exist yet): under
/// a temporary name, verified, then linked into place.
fn copy_verified(
    conn: &Connection,
    dest: &Path,
    taken_at: DateTime<Utc>,
    before_restore: bool,
) -> Result<BackupInfo> {
    let file_error = |error| StoreError::BackupFile {
        path: dest.to_owned(),
        error,
    };
    if dest.exists() {
        return Err(file_error(std::io::Error::from(
            std::io::ErrorKind::AlreadyExists,
        )));
    }
    let mut tmp = dest.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", unique()));
    let tmp = PathBuf::from(tmp);
    let made = (|| {
        remove_quietly(&tmp);
        let mut copy = Connection::open(&tmp)?;
        backup_pages(conn, &mut copy)?;
        // One self-contained file: no `-wal` beside a backup.
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        copy.close().map_err(|(_, e)| e)?;
        let counts = verify(&tmp).map_err(|e| StoreError::BackupUnverified {
            path: dest.to_owned(),
            reason: restore_reason(e),
        })?;
        sync_file(&tmp)?;
        match std::fs::hard_link(&tmp, dest) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(file_error(e)),
            // A file system without hard links.
            Err(_) if !dest.exists() => std::fs::rename(&tmp, dest).map_err(file_error)?,
            Err(e) => return Err(file_error(e)),
        }
        if let Some(parent) = dest.parent() {
            sync_dir(parent);
        }
        let size = std::fs::metadata(dest).map_err(file_error)?.len();
        Ok(info(
            dest.to_owned(),
            size,
            counts,
            taken_at,
            before_restore,
        ))
    })();
    remove_quietly(&tmp);
    made
}

/// The whole database of `from` into `to`, as one consistent snapshot.
fn backup_pages(from: &Connection, to: &mut Connection) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let backup = Backup::new(from, to)?;
    // All pages in one step, so in one read transaction; a busy source (a
    // writer checkpointing) is waited for, 10 s at most like any command.
    for _ in 0..200 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked => {
                std::thread::sleep(Duration::from_millis(50))
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(StoreError::BackupUnverified {
        path: PathBuf::from(DATABASE_FILE),
        reason: "the library stayed busy for 10 s".to_owned(),
    })
}

/// A backup in `backups/` named by `now`; a number is added when that
/// second already has one.
fn copy_into_backups(
    conn: &Connection,
    dir: &Path,
    now: DateTime<Utc>,
    before_restore: bool,
) -> Result<BackupInfo> {
    let folder = backup_dir(dir)?;
    let stem = format!(
        "{PREFIX}{}{}",
        now.format(TIME_FORMAT),
        if before_restore { BEFORE_RESTORE } else { "" }
    );
    let mut n = 0;
    loop {
        let name = match n {
            0 => format!("{stem}{SUFFIX}"),
            n => format!("{stem}-{n}{SUFFIX}"),
        };
        match copy_verified(conn, &folder.join(name), now, before_restore) {
            Err(StoreError::BackupFile { error, .. })
                if error.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 =>
            {
                n += 1
            }
            done => return done,
        }
    }
}

fn backup_dir(dir: &Path) -> Result<PathBuf> {
    let folder = dir.join(BACKUP_DIR);
    std::fs::create_dir_all(&folder).map_err(|error| StoreError::CreateDir {
        path: folder.clone(),
        error,
    })?;
    Ok(folder)
}

fn info(
    path: PathBuf,
    size: u64,
    counts: Counts,
    taken_at: DateTime<Utc>,
    before_restore: bool,
) -> BackupInfo {
    BackupInfo {
        path,
        size,
        papers: counts.papers,
        notes: counts.notes,
        taken_at,
        before_restore,
    }
}

/// A backup's file as its name describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BackupName {
    path: PathBuf,
    taken_at: DateTime<Utc>,
    /// The number after the time, when a second had several.
    seq: u32,
    before_restore: bool,
}

/// `library-YYYYMMDD-HHMMSS[-before-restore][-N].sqlite3`.
fn parse_name(path: &Path) -> Option<BackupName> {
    let name = path.file_name()?.to_str()?;
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let time = rest.get(..15)?;
    let taken_at = NaiveDateTime::parse_from_str(time, TIME_FORMAT)
        .ok()?
        .and_utc();
    let mut rest = &rest[15..];
    let before_restore = match rest.strip_prefix(BEFORE_RESTORE) {
        Some(after) => {
            rest = after;
            true
        }
        None => false,
    };
    let seq = match rest {
        "" => 0,
        _ => {
            let digits = rest.strip_prefix('-')?;
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()?
        }
    };
    Some(BackupName {
        path: path.to_owned(),
        taken_at,
        seq,
        before_restore,
    })
}

/// The backup files in `backups/`, newest first (none when there is no folder).
fn backup_names(dir: &Path) -> Result<Vec<BackupName>> {
    let folder = dir.join(BACKUP_DIR);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(StoreError::Unreadable {
                path: folder,
                error,
            })
        }
    };
    let mut names: Vec<BackupName> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| parse_name(&e.path()))
        .collect();
    // Names tell the second; within one, the file written last is newest.
    let modified = |n: &BackupName| std::fs::metadata(&n.path).and_then(|m| m.modified()).ok();
    names.sort_by_cached_key(|n| std::cmp::Reverse((n.taken_at, modified(n), n.seq)));
    Ok(names)
}

/// Removes the backups beyond the newest of each of the last 7 days that
/// have one, and then the newest of each of the 4 ISO weeks before those.
/// Copies kept by a restore are never removed.
fn prune(dir: &Path) -> Result<()> {
    sweep(dir);
    let names: Vec<BackupName> = backup_names(dir)?
        .into_iter()
        .filter(|n| !n.before_restore)
        .collect();
    let times: Vec<DateTime<Utc>> = names.iter().map(|n| n.taken_at).collect();
    let keep = to_keep(&times);
    for (i, name) in names.iter().enumerate() {
        if !keep.contains(&i) {
            match std::fs::remove_file(&name.path) {
                // Another process pruning at the same time.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => {
                    return Err(StoreError::BackupFile {
                        path: name.path.clone(),
                        error,
                    })
                }
                Ok(()) => {}
            }
        }
    }
    Ok(())
}

/// Which of `times` (newest first) to keep: indexes.
fn to_keep(times: &[DateTime<Utc>]) -> HashSet<usize> {
    let mut keep = HashSet::new();
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    for (i, t) in times.iter().enumerate() {
        let day = t.date_naive();
        if days.contains(&day) {
            continue;
        }
        if days.len() < DAILY {
            days.push(day);
            keep.insert(i);
            continue;
        }
        let week = t.iso_week();
        if !weeks.contains(&week) && weeks.len() < WEEKLY {
            weeks.push(week);
            keep.insert(i);
        }
    }
    keep
}

/// Removes what a backup or a restore killed midway left: the temporary
/// copies named `….tmp-PID-N` in `backups/` and `….restore-PID-N` beside the
/// library (each as large as the library), with their `-journal`, `-wal` and
/// `-shm`. One is left while its process runs, unless it is a day old (a PID
/// reused since).
fn sweep(dir: &Path) {
    for folder in [dir.to_owned(), dir.join(BACKUP_DIR)] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(temporary_of) else {
                continue;
            };
            let day_old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600));
            if day_old || !running(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The process that made a temporary file of [`unique`]'s naming, if `name`
/// is one.
fn temporary_of(name: &str) -> Option<u32> {
    let (_, rest) = name
        .split_once(".tmp-")
        .or_else(|| name.split_once(".restore-"))?;
    rest.split('-').next()?.parse().ok()
}

fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    // Without /proc (not Linux), only age tells.
    !proc.exists() || pid == std::process::id() || proc.join(pid.to_string()).exists()
}

/// Distinct per process and per call (the app backs up from more than one
/// thread): for temporary names.
fn unique() -> String {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    format!("{}-{call}", std::process::id())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn wal_len(path: &Path) -> u64 {
    std::fs::metadata(with_suffix(path, "-wal")).map_or(0, |m| m.len())
}

fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|error| StoreError::BackupFile {
            path: path.to_owned(),
            error,
        })
}

/// Makes a rename in `dir` durable (best effort: not every system can).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn remove_quietly(path: &Path) {
    for file in [
        path.to_owned(),
        with_suffix(path, "-journal"),
        with_suffix(path, "-wal"),
        with_suffix(path, "-shm"),
    ] {
        let _ = std::fs::remove_file(file);
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::PaperId;

    const DIGEST: &str = "# Papers for 2025-10-03\n\n\
        ## 1.[DeepSearch](https://arxiv.org/pdf/2509.25454)\nsummary:**RL** A summary.\n\n\
        ## 2.[Other](https://arxiv.org/pdf/2509.11111)\nsummary:**RL** Another.\n";

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    /// A library with two papers and a note on the first.
    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let report =
            crate::import::import_bytes(&mut lib, "t", "t.md", None, DIGEST.as_bytes(), None);
        assert_eq!(report.error, None);
        lib.set_note(PaperId(1), "my note").unwrap();
        (dir, lib)
    }

    fn file_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_backup_is_verified_named_by_time_and_listed() {
        let (dir, lib) = library();
        let info = lib.backup_at(at(2026, 12, 2, 16)).unwrap();
        assert_eq!(
            info.path,
            dir.path().join("backups/library-20261202-160000.sqlite3")
        );
        assert_eq!((info.papers, info.notes), (2, 1));
        assert_eq!(info.size, std::fs::metadata(&info.path).unwrap().len());
        // One self-contained file: no temporary, -wal or -journal left.
        assert_eq!(
            file_names(&dir.path().join(BACKUP_DIR)),
            ["library-20261202-160000.sqlite3"]
        );
        // The same second again gets a number; the day keeps its newest.
        let again = lib.backup_at(at(2026, 12, 2, 16)).unwrap();
        assert!(again.path.ends_with("library-20261202-160000-1.sqlite3"));
        assert_eq!(lib.backups().unwrap(), vec![again.clone()]);
        let next = lib.backup_at(at(2026, 12, 3, 1)).unwrap();
        assert_eq!(lib.backups().unwrap(), vec![next, again]);
        // The copy is a library with the note in it.
        let copy = tempfile::tempdir().unwrap();
        std::fs::copy(
            &lib.backups().unwrap()[0].path,
            copy.path().join(DATABASE_FILE),
        )
        .unwrap();
        let opened = Library::open_read_only(copy.path()).unwrap();
        assert_eq!(opened.note(PaperId(1)).unwrap().unwrap().text, "my note");
    }

    #[test]
    fn backup_to_refuses_an_existing_file() {
        let (dir, lib) = library();
        let dest = dir.path().join("mine.sqlite3");
        std::fs::write(&dest, b"precious").unwrap();
        let err = lib.backup_to(&dest).unwrap_err();
        assert!(matches!(err, StoreError::BackupFile { .. }), "{err}");
        assert_eq!(std::fs::read(&dest).unwrap(), b"precious");
        std::fs::remove_file(&dest).unwrap();
        let info = lib.backup_to(&dest).unwrap();
        assert_eq!((info.papers, info.notes), (2, 1));
        assert!(lib.backups().unwrap().is_empty(), "--to is not in backups/");
    }

    #[test]
    fn a_daily_backup_is_taken_only_when_the_newest_is_a_day_old() {
        let (_dir, lib) = library();
        let taken = |s: Snapshot| matches!(s, Snapshot::Taken(_));
        assert!(taken(lib.backup_if_due(at(2026, 12, 1, 10)).unwrap()));
        assert_eq!(
            lib.backup_if_due(at(2026, 12, 2, 9)).unwrap(),
            Snapshot::NotDue
        );
        assert!(taken(lib.backup_if_due(at(2026, 12, 2, 10)).unwrap()));
        assert_eq!(lib.backups().unwrap().len(), 2);
    }

    #[test]
    fn no_daily_backup_while_an_import_batch_is_open() {
        let (dir, lib) = library();
        // Another connection (the app's import, a CLI import) in its batch.
        let batch = super::super::lock::shared(dir.path());
        assert_eq!(
            lib.backup_if_due(at(2026, 12, 1, 10)).unwrap(),
            Snapshot::ImportRunning
        );
        assert!(lib.backups().unwrap().is_empty());
        drop(batch);
        assert!(matches!(
            lib.backup_if_due(at(2026, 12, 1, 10)).unwrap(),
            Snapshot::Taken(_)
        ));
        // An import holds it only while its batch is written: after one,
        // the snapshot goes ahead.
        let mut lib = lib;
        let report = crate::import::import_bytes(
            &mut lib,
            "u",
            "u.md",
            None,
            DIGEST.replace("2025-10-03", "2025-10-04").as_bytes(),
            None,
        );
        assert_eq!(report.error, None);
        assert!(matches!(
            lib.backup_if_due(at(2026, 12, 3, 10)).unwrap(),
            Snapshot::Taken(_)
        ));
    }

    #[test]
    fn an_import_batch_waits_for_a_snapshot_being_taken() {
        // The batch takes the lock: while a snapshot holds it, nothing of
        // the import is written; once it is let go, the import completes.
        let (dir, mut lib) = library();
        let watcher = Library::open(dir.path()).unwrap();
        let snapshot = super::super::lock::try_exclusive(dir.path()).unwrap();
        let worker = std::thread::spawn(move || {
            let text = DIGEST.replace("2025-10-03", "2025-10-05");
            crate::import::import_bytes(&mut lib, "v", "v.md", None, text.as_bytes(), None)
        });
        std::thread::sleep(Duration::from_millis(300));
        assert!(!worker.is_finished());
        assert_eq!(watcher.digests().unwrap().len(), 1);
        drop(snapshot);
        assert_eq!(worker.join().unwrap().error, None);
        assert_eq!(watcher.digests().unwrap().len(), 2);
    }

    #[test]
    fn a_restore_preview_counts_both_sides_and_changes_nothing() {
        let (dir, mut lib) = library();
        lib.add_tags(PaperId(1), &["rl".to_owned()]).unwrap();
        let taken = lib.backup_at(at(2026, 12, 1, 0)).unwrap();
        lib.set_note(PaperId(2), "second").unwrap();
        lib.set_starred(PaperId(2), true).unwrap();
        lib.set_read(&[PaperId(1), PaperId(2)], true).unwrap();
        lib.add_tags(PaperId(2), &["later".to_owned()]).unwrap();
        lib.record_pdf(PaperId(2), "pdfs/x.pdf", None, 1, "ab")
            .unwrap();
        let quote = crate::store::NewHighlight {
            page: 1,
            text: "a passage".into(),
            rects: vec![crate::store::PdfRect {
                x1: 0.0,
                y1: 0.0,
                x2: 1.0,
                y2: 1.0,
            }],
            color: crate::store::HighlightColor::Yellow,
            comment: String::new(),
        };
        lib.add_highlight(PaperId(2), &quote).unwrap();
        let before = std::fs::read(dir.path().join(DATABASE_FILE)).unwrap();
        let preview = restore_preview(dir.path(), &taken.path).unwrap();
        let summary: Vec<(&str, i64, i64, bool)> = preview
            .changes()
            .iter()
            .map(|c| (c.kind.as_str(), c.before, c.after, c.changed()))
            .collect();
        assert_eq!(
            summary,
            [
                ("papers", 2, 2, false),
                ("notes", 2, 1, true),
                ("read", 2, 0, true),
                ("starred", 1, 0, true),
                ("tags", 2, 1, true),
                ("highlights", 1, 0, true),
            ]
        );
        assert_eq!(
            std::fs::read(dir.path().join(DATABASE_FILE)).unwrap(),
            before
        );
        // A damaged library has no counts: everything in the backup is new.
        drop(lib);
        std::fs::write(dir.path().join(DATABASE_FILE), b"").unwrap();
        let preview = restore_preview(dir.path(), &taken.path).unwrap();
        assert_eq!(preview.current, None);
        assert_eq!(
            preview.changes()[1],
            CountChange {
                kind: CountKind::Notes,
                before: 0,
                after: 1
            }
        );
        // A file restore refuses is refused the same way.
        let garbage = dir.path().join("garbage");
        std::fs::write(&garbage, b"x".repeat(200)).unwrap();
        let err = restore_preview(dir.path(), &garbage).unwrap_err();
        assert!(
            err.to_string().contains("not a Papershelf library"),
            "{err}"
        );
    }

    #[test]
    fn the_newest_good_backup_skips_damaged_and_newer_ones() {
        let (dir, lib) = library();
        assert_eq!(newest_good_backup(dir.path()).unwrap(), None);
        let good = lib.backup_at(at(2026, 12, 1, 0)).unwrap();
        let folder = dir.path().join(BACKUP_DIR);
        // Newer, but damaged inside, and newer than this build.
        let damaged = folder.join("library-20261202-000000.sqlite3");
        let mut bytes = std::fs::read(&good.path).unwrap();
        for p in 1..bytes.len() / 4096 {
            bytes[p * 4096..p * 4096 + 64].fill(0x5A);
        }
        std::fs::write(&damaged, &bytes).unwrap();
        let newer = folder.join("library-20261203-000000.sqlite3");
        std::fs::copy(&good.path, &newer).unwrap();
        Connection::open(&newer)
            .unwrap()
            .pragma_update(None, "user_version", super::super::SCHEMA_VERSION + 1)
            .unwrap();
        let found = newest_good_backup(dir.path()).unwrap().unwrap();
        assert_eq!(found.path, good.path);
        assert_eq!((found.papers, found.notes), (2, 1));
    }

    #[test]
    fn a_backup_is_named_only_by_a_backup_name() {
        let (dir, lib) = library();
        let taken = lib.backup_at(at(2026, 12, 1, 0)).unwrap();
        let name = taken.path.file_name().unwrap().to_str().unwrap();
        assert_eq!(backup_named(dir.path(), name), Some(taken.path.clone()));
        for bad in [
            "../library.sqlite3",
            "library.sqlite3",
            "library-20261101-000000.sqlite3",
            "/etc/passwd",
            "..",
        ] {
            assert_eq!(backup_named(dir.path(), bad), None, "{bad}");
        }
    }

    #[test]
    fn pruning_keeps_seven_daily_and_four_weekly() {
        let (dir, lib) = library();
        let folder = dir.path().join(BACKUP_DIR);
        // Two backups a day for 60 days (2026-10-01 .. 2026-11-29), and one
        // kept by a restore long ago.
        let seed = lib.backup_at(at(2026, 9, 1, 0)).unwrap();
        let start = at(2026, 10, 1, 0);
        for day in 0..60 {
            for hour in [8, 20] {
                let t = start + chrono::Duration::days(day) + chrono::Duration::hours(hour);
                let name = format!("{PREFIX}{}{SUFFIX}", t.format(TIME_FORMAT));
                std::fs::copy(&seed.path, folder.join(name)).unwrap();
            }
        }
        let kept_name = "library-20260815-120000-before-restore.sqlite3";
        std::fs::copy(&seed.path, folder.join(kept_name)).unwrap();
        std::fs::write(folder.join("notes.txt"), "mine").unwrap();
        // A new snapshot on 2026-11-30 prunes the rest.
        lib.backup_at(at(2026, 11, 30, 12)).unwrap();
        let names = file_names(&folder);
        let expected = [
            kept_name,
            // 4 weekly: the newest of each ISO week among the older ones
            // (weeks 45 .. 48: 2026-11-23 is the Monday of week 48, whose
            // other days are daily ones; Sundays end weeks 45 .. 47).
            "library-20261108-200000.sqlite3",
            "library-20261115-200000.sqlite3",
            "library-20261122-200000.sqlite3",
            "library-20261123-200000.sqlite3",
            // 7 daily: the newest of each of the last 7 days.
            "library-20261124-200000.sqlite3",
            "library-20261125-200000.sqlite3",
            "library-20261126-200000.sqlite3",
            "library-20261127-200000.sqlite3",
            "library-20261128-200000.sqlite3",
            "library-20261129-200000.sqlite3",
            "library-20261130-120000.sqlite3",
            "notes.txt",
        ];
        assert_eq!(names, expected);
    }

    #[test]
    fn names_are_read_back() {
        let b = parse_name(Path::new(
            "library-20261202-161834-before-restore-3.sqlite3",
        ))
        .unwrap();
        assert_eq!(
            (b.taken_at, b.seq, b.before_restore),
            (
                at(2026, 12, 2, 16) + chrono::Duration::seconds(18 * 60 + 34),
                3,
                true
            )
        );
        for bad in [
            "library-20261202-161834.sqlite3.tmp-1",
            "library-2026120-161834.sqlite3",
            "library-20261302-161834.sqlite3",
            "library-20261202-161834-x.sqlite3",
            "damaged-20261202-161834.sqlite3",
        ] {
            assert_eq!(parse_name(Path::new(bad)), None, "{bad}");
        }
    }

    /// Restoring `file` into `dir` fails with `reason`, and changes nothing
    /// in the library folder.
    fn refused(dir: &Path, file: &Path, reason: &str) {
        let before = std::fs::read(dir.join(DATABASE_FILE)).unwrap();
        let backups = file_names(&dir.join(BACKUP_DIR));
        let err = restore(dir, file).unwrap_err();
        assert!(matches!(err, StoreError::CannotRestore { .. }), "{err}");
        assert!(err.to_string().contains(reason), "{err}");
        assert_eq!(std::fs::read(dir.join(DATABASE_FILE)).unwrap(), before);
        assert_eq!(file_names(&dir.join(BACKUP_DIR)), backups);
    }

    #[test]
    fn restore_refuses_garbage_damaged_and_newer_files() {
        let (dir, lib) = library();
        let good = lib.backup_at(at(2026, 12, 1, 0)).unwrap();
        drop(lib);
        let other = tempfile::tempdir().unwrap();
        let garbage = other.path().join("garbage.sqlite3");
        std::fs::write(&garbage, b"# not a database\n".repeat(100)).unwrap();
        refused(dir.path(), &garbage, "it is not a Papershelf library");
        std::fs::write(&garbage, b"").unwrap();
        refused(dir.path(), &garbage, "it is empty");
        // A SQLite database that is not a library.
        let plain = other.path().join("plain.sqlite3");
        Connection::open(&plain)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        refused(dir.path(), &plain, "it is not a Papershelf library");
        // Newer than this build.
        let newer = other.path().join("newer.sqlite3");
        std::fs::copy(&good.path, &newer).unwrap();
        Connection::open(&newer)
            .unwrap()
            .pragma_update(None, "user_version", super::super::SCHEMA_VERSION + 1)
            .unwrap();
        refused(dir.path(), &newer, "written by a newer Papershelf");
        // Damaged inside: a table's page overwritten.
        let damaged = other.path().join("damaged.sqlite3");
        std::fs::copy(&good.path, &damaged).unwrap();
        let mut bytes = std::fs::read(&damaged).unwrap();
        let page = 4096;
        for p in 1..bytes.len() / page {
            bytes[p * page..p * page + 64].fill(0x5A);
        }
        std::fs::write(&damaged, &bytes).unwrap();
        refused(dir.path(), &damaged, "damaged");
    }

    #[test]
    fn restore_brings_notes_back_and_keeps_the_library_before() {
        let (dir, mut lib) = library();
        let taken = lib.backup_at(at(2026, 12, 1, 0)).unwrap();
        lib.set_note(PaperId(1), "").unwrap();
        lib.set_starred(PaperId(2), true).unwrap();
        drop(lib);
        let restored = restore_at(dir.path(), &taken.path, at(2026, 12, 2, 0)).unwrap();
        // No connection was open: the library is one file again (and the
        // import's lock file).
        assert_eq!(
            file_names(dir.path()),
            [BACKUP_DIR, crate::store::IMPORT_LOCK_FILE, DATABASE_FILE]
        );
        let before = Counts {
            papers: 2,
            notes: 0,
            read: 0,
            starred: 1,
            tags: 0,
            highlights: 0,
        };
        assert_eq!(restored.before, Some(before));
        assert_eq!(restored.after.tags, 0);
        assert_eq!(restored.after.notes, 1);
        let kept = restored.kept.unwrap();
        assert!(kept.ends_with("library-20261202-000000-before-restore.sqlite3"));
        let lib = Library::open(dir.path()).unwrap();
        assert_eq!(lib.note(PaperId(1)).unwrap().unwrap().text, "my note");
        assert!(!lib.paper(PaperId(2)).unwrap().row.starred);
        let listed = lib.backups().unwrap();
        assert_eq!(listed[0].path, kept);
        assert!(listed[0].before_restore);
        assert_eq!((listed[0].notes, listed[1].notes), (0, 1));
        // Restoring the kept copy undoes the restore.
        drop(lib);
        restore_at(dir.path(), &kept, at(2026, 12, 3, 0)).unwrap();
        let lib = Library::open(dir.path()).unwrap();
        assert!(lib
            .note(PaperId(1))
            .unwrap()
            .is_none_or(|n| n.text.is_empty()));
        assert!(lib.paper(PaperId(2)).unwrap().row.starred);
        // Nothing of the swap is left beside the library.
        let left: Vec<String> = file_names(dir.path())
            .into_iter()
            .filter(|n| n.contains(".restore-") || n.contains(".tmp-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn what_a_killed_backup_or_restore_left_is_swept_by_the_next() {
        let (dir, lib) = library();
        // PID 1 runs (init); a PID beyond the kernel's maximum never does.
        let dead = "library-20261202-161834.sqlite3.tmp-4194305-0";
        let left = [
            (dir.path().join(BACKUP_DIR), dead.to_owned()),
            (dir.path().join(BACKUP_DIR), format!("{dead}-journal")),
            (
                dir.path().to_owned(),
                "library.sqlite3.restore-4194305-3".to_owned(),
            ),
            (
                dir.path().to_owned(),
                "library.sqlite3.restore-4194305-3-wal".to_owned(),
            ),
        ];
        let alive = dir.path().join("library.sqlite3.restore-1-0");
        std::fs::create_dir_all(dir.path().join(BACKUP_DIR)).unwrap();
        for (folder, name) in &left {
            std::fs::write(folder.join(name), b"copy").unwrap();
        }
        std::fs::write(&alive, b"copy").unwrap();
        let notes = dir.path().join("notes.tmp-draft.md");
        std::fs::write(&notes, b"not ours").unwrap();

        lib.backup_at(at(2026, 12, 2, 0)).unwrap();
        for (folder, name) in &left {
            assert!(!folder.join(name).exists(), "{name} left");
        }
        assert!(alive.exists(), "a running process's copy was removed");
        assert!(notes.exists());
        assert_eq!(temporary_of("library.sqlite3"), None);
        assert_eq!(temporary_of(dead), Some(4194305));
    }

    #[test]
    fn restore_over_a_damaged_library_keeps_its_bytes() {
        let (dir, lib) = library();
        let taken = lib.backup_at(at(2026, 12, 1, 0)).unwrap();
        drop(lib);
        let path = dir.path().join(DATABASE_FILE);
        std::fs::write(&path, b"").unwrap();
        let restored = restore_at(dir.path(), &taken.path, at(2026, 12, 2, 0)).unwrap();
        let kept = restored.kept.unwrap();
        assert_eq!(std::fs::read(&kept).unwrap(), b"");
        assert!(kept.starts_with(dir.path().join(BACKUP_DIR)));
        let lib = Library::open(dir.path()).unwrap();
        assert_eq!(lib.note(PaperId(1)).unwrap().unwrap().text, "my note");
    }

    #[test]
    fn restore_while_the_app_has_the_library_open() {
        let (dir, mut app) = library();
        assert!(!app.replaced());
        let taken = app.backup_at(at(2026, 12, 1, 0)).unwrap();
        app.set_note(PaperId(1), "newer").unwrap();
        let restored = restore_at(dir.path(), &taken.path, at(2026, 12, 2, 0)).unwrap();
        assert_eq!(restored.before.unwrap().notes, 1);
        // A fresh open sees the restored library...
        let fresh = Library::open(dir.path()).unwrap();
        assert_eq!(fresh.note(PaperId(1)).unwrap().unwrap().text, "my note");
        // ...the kept copy has what the app had written...
        let kept = tempfile::tempdir().unwrap();
        std::fs::copy(restored.kept.unwrap(), kept.path().join(DATABASE_FILE)).unwrap();
        let kept = Library::open_read_only(kept.path()).unwrap();
        assert_eq!(kept.note(PaperId(1)).unwrap().unwrap().text, "newer");
        // ...and the app, until it reloads, still reads the file from before,
        // and can tell.
        assert_eq!(app.note(PaperId(1)).unwrap().unwrap().text, "newer");
        assert!(app.replaced());
        assert!(!fresh.replaced());
        drop(app);
        assert_eq!(fresh.note(PaperId(1)).unwrap().unwrap().text, "my note");
    }
}
