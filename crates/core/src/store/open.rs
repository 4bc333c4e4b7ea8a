//! Opening the library's database file, for writing or for reading only.
//!
//! The file is looked at before SQLite touches it: SQLite treats an empty
//! file as a new database and would write a fresh library over it. Only a
//! missing file makes a new library, built whole under another name and
//! linked into place, so no process ever sees a half-made one (and two
//! processes starting on an empty folder at once agree on one library).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::{migrate, Result, StoreError, DATABASE_FILE, SCHEMA_VERSION};

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Opens the library for writing; a missing file becomes a new library.
pub(super) fn read_write(dir: &Path, path: &Path) -> Result<Connection> {
    if !existing_database(path)? {
        create(dir, path)?;
    }
    // No SQLITE_OPEN_CREATE: a file moved away since the look above is an
    // error, not a new empty library.
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // Every transaction takes the write lock when it begins. A deferred
    // one that reads first and writes later cannot wait for a busy
    // library: its upgrade fails at once with "database is locked".
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    // Read before anything is written: a damaged header or schema fails
    // here, and a newer library is refused, before the pragmas below could
    // write to it.
    schema_version(&conn, path)?;
    // SQLite quietly opens a file it may not write for reading only (a
    // read-only mount keeping a `-shm` file); opened to write, it is refused
    // here, where `explain` can say why, rather than at the first write.
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::ReadOnly);
    }
    // WAL never corrupts on a crash; NORMAL sync may drop the last commits
    // on power loss but never tears one, and keeps imports fast.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // 32 MiB of page cache instead of 2: an import's inserts and index
    // merges otherwise read back pages they wrote moments before.
    conn.pragma_update(None, "cache_size", -32_768)?;
    conn.set_prepared_statement_cache_capacity(64);
    migrate::migrate(&mut conn, path)?;
    Ok(conn)
}

/// Opens the library for reading only; see [`super::Library::open_read_only`].
pub(super) fn read_only(path: &Path) -> Result<Connection> {
    if !existing_database(path)? {
        return Err(match path.parent().filter(|dir| !dir.exists()) {
            Some(dir) => StoreError::NoLibraryFolder {
                dir: dir.to_owned(),
            },
            None => StoreError::NoLibrary {
                path: path.to_owned(),
            },
        });
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = reader(Connection::open_with_flags(path, flags)?)?;
    let conn = match schema_version(&conn, path) {
        Ok(_) => conn,
        // A WAL library is read through its `-shm` file, which a read-only
        // folder cannot hold and a full disk cannot grow. Without one,
        // SQLite can read the database file as it is ("immutable"), which
        // is the whole library when no `-wal` file holds newer commits.
        Err(e) if shm_unavailable(&e) && wal_has_commits(path) => {
            return Err(StoreError::WalUnreadable {
                path: path.to_owned(),
            })
        }
        Err(e) if shm_unavailable(&e) => {
            drop(conn);
            let uri = immutable_uri(path)?;
            reader(Connection::open_with_flags(
                uri,
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?)?
        }
        Err(e) => return Err(e),
    };
    let found = schema_version(&conn, path)?;
    if found < SCHEMA_VERSION {
        return Err(StoreError::NeedsUpgrade {
            path: path.to_owned(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(conn)
}

/// The settings of a connection that only reads.
fn reader(mut conn: Connection) -> Result<Connection> {
    conn.busy_timeout(Duration::from_secs(10))?;
    // A transaction must not ask for the write lock it cannot have.
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    conn.pragma_update(None, "query_only", true)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// The schema's version, after reading the schema itself (so a damaged
/// one fails here); a library newer than this build is refused.
pub(super) fn schema_version(conn: &Connection, path: &Path) -> Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })?;
    migrate::schema_version(conn, path)
}

/// Whether a library file is there: `false` when missing; an error when it
/// is there but cannot be a library (empty, unreadable, not SQLite).
pub(super) fn existing_database(path: &Path) -> Result<bool> {
    let unreadable = |error| StoreError::Unreadable {
        path: path.to_owned(),
        error,
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(unreadable(e)),
    };
    if !meta.is_file() {
        return Err(StoreError::NotALibrary {
            path: path.to_owned(),
        });
    }
    if meta.len() == 0 {
        return Err(StoreError::EmptyFile {
            path: path.to_owned(),
        });
    }
    let mut header = [0u8; SQLITE_HEADER.len()];
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    match file.read_exact(&mut header) {
        Ok(()) if &header == SQLITE_HEADER => Ok(true),
        Ok(()) => Err(StoreError::NotALibrary {
            path: path.to_owned(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(StoreError::NotALibrary {
            path: path.to_owned(),
        }),
        Err(e) => Err(unreadable(e)),
    }
}

/// Makes a new library at `path`: built under a name of this call's own,
/// in SQLite's rollback-journal mode (each commit complete in the one file),
/// then hard-linked into place, which fails rather than replace a library
/// another process linked first (that one is then used).
fn create(dir: &Path, path: &Path) -> Result<()> {
    // Distinct per process and per call: the app opens a second connection
    // from another thread.
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let fresh = dir.join(format!("{DATABASE_FILE}.new-{}-{call}", std::process::id()));
    let made = (|| {
        let mut conn = Connection::open(&fresh)?;
        migrate::migrate(&mut conn, &fresh)?;
        conn.close().map_err(|(_, e)| e)?;
        match std::fs::hard_link(&fresh, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            // A file system without hard links.
            Err(_) if !path.exists() => {
                std::fs::rename(&fresh, path).map_err(|error| StoreError::CreateFile {
                    path: path.to_owned(),
                    error,
                })
            }
            Err(error) => Err(StoreError::CreateFile {
                path: path.to_owned(),
                error,
            }),
        }
    })();
    remove_fresh(&fresh);
    made
}

fn remove_fresh(fresh: &Path) {
    let mut journal = fresh.as_os_str().to_owned();
    journal.push("-journal");
    for file in [fresh, Path::new(&journal)] {
        let _ = std::fs::remove_file(file);
    }
}

/// What an error while opening for writing means, when the folder is the
/// cause: SQLite says "unable to open database file" or "attempt to write a
/// readonly database"; we say the folder is read-only.
pub(super) fn explain(dir: &Path, e: StoreError) -> StoreError {
    let maybe_read_only =
        e.is_cannot_open() || matches!(e, StoreError::ReadOnly | StoreError::CreateFile { .. });
    if maybe_read_only && !folder_writable(dir) {
        StoreError::ReadOnlyFolder {
            dir: dir.to_owned(),
        }
    } else {
        e
    }
}

/// Whether a file can be made in `dir`: the one test that holds for root
/// too (a read-only mount), where permission bits do not.
fn folder_writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".papershelf-write-test-{}", std::process::id()));
    let made = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)
        .is_ok();
    if made {
        let _ = std::fs::remove_file(&probe);
    }
    made
}

/// SQLite could not open or grow the `-shm` file a WAL library is read through.
fn shm_unavailable(e: &StoreError) -> bool {
    e.is_cannot_open()
        || matches!(e, StoreError::DiskFull | StoreError::ReadOnly)
        || matches!(e, StoreError::DiskIo(err)
            if err.sqlite_error().is_some_and(|c| c.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMOPEN))
}

/// Whether the `-wal` file beside the library holds anything (commits not
/// yet copied into the database file).
fn wal_has_commits(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0)
}

/// `file:` URI of the library with `immutable=1`: SQLite reads the file
/// without locks or `-shm`, trusting nothing else changes it meanwhile.
fn immutable_uri(path: &Path) -> Result<String> {
    let absolute = std::path::absolute(path).map_err(|error| StoreError::Unreadable {
        path: path.to_owned(),
        error,
    })?;
    let mut url = url::Url::from_file_path(&absolute).map_err(|()| StoreError::Unreadable {
        path: path.to_owned(),
        error: std::io::Error::other("not an absolute path"),
    })?;
    url.set_query(Some("immutable=1"));
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use sha2::{Digest as _, Sha256};

    use super::*;
    use crate::{Library, PaperId};

    const DIGEST: &str = "# Papers for 2025-10-03\n\n\
        ## 1.[DeepSearch](https://arxiv.org/pdf/2509.25454)\nsummary:**RL** A summary.\n";

    /// A library with one paper and a note on it, closed.
    fn library() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let report =
            crate::import::import_bytes(&mut lib, "t", "t.md", None, DIGEST.as_bytes(), None);
        assert_eq!(report.error, None);
        lib.set_note(PaperId(1), "my note").unwrap();
        dir
    }

    /// The folder's files with their sha256, sorted.
    fn snapshot(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let hash = match std::fs::read(e.path()) {
                    Ok(bytes) => hex::encode(Sha256::digest(&bytes)),
                    Err(_) => "(not a file)".to_owned(),
                };
                (e.file_name().to_string_lossy().into_owned(), hash)
            })
            .collect();
        files.sort();
        files
    }

    /// Both ways of opening fail on `dir` with `expected`, and leave every
    /// file in it as it was.
    fn refused(dir: &Path, expected: &str) {
        let before = snapshot(dir);
        for read_only in [false, true] {
            let err = if read_only {
                Library::open_read_only(dir).err()
            } else {
                Library::open(dir).err()
            }
            .unwrap_or_else(|| panic!("opened (read only: {read_only})"));
            assert!(err.to_string().contains(expected), "{err}");
            assert_eq!(snapshot(dir), before, "read only: {read_only}: {err}");
        }
    }

    #[test]
    fn an_empty_library_file_is_refused_and_not_written_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATABASE_FILE), b"").unwrap();
        refused(dir.path(), "is empty (0 bytes)");
        let err = Library::open(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::EmptyFile { .. }), "{err}");
        assert!(err.to_string().contains("Restore a backup"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_refused_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        let mut garbage = b"# my notes, not a database\n".repeat(300);
        garbage.extend((0..=255u8).cycle().take(5000));
        std::fs::write(dir.path().join(DATABASE_FILE), &garbage).unwrap();
        refused(dir.path(), "is not a Papershelf library");
        // Shorter than SQLite's header.
        std::fs::write(dir.path().join(DATABASE_FILE), b"SQLite").unwrap();
        refused(dir.path(), "is not a Papershelf library");
    }

    #[test]
    fn a_library_damaged_after_its_header_is_refused_without_writing() {
        let dir = library();
        let path = dir.path().join(DATABASE_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        // The page size and the rest of the header after SQLite's 16 bytes.
        bytes[16..100].fill(0xA5);
        std::fs::write(&path, &bytes).unwrap();
        refused(dir.path(), "the library database is damaged");
    }

    #[test]
    fn a_folder_named_like_the_library_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(DATABASE_FILE)).unwrap();
        refused(dir.path(), "is not a Papershelf library");
    }

    #[test]
    fn only_a_missing_file_makes_a_new_library_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let err = Library::open_read_only(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::NoLibrary { .. }), "{err}");
        assert!(snapshot(dir.path()).is_empty(), "reading made nothing");
        let missing = dir.path().join("unplugged/shelf");
        let err = Library::open_read_only(&missing).err().unwrap();
        assert!(matches!(err, StoreError::NoLibraryFolder { .. }), "{err}");
        assert!(
            !dir.path().join("unplugged").exists(),
            "reading made no folder"
        );
        let lib = Library::open(dir.path()).unwrap();
        let version: i64 = lib
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let mode: String = lib
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(lib);
        let names: Vec<String> = snapshot(dir.path()).into_iter().map(|f| f.0).collect();
        assert_eq!(names, [DATABASE_FILE]);
    }

    #[test]
    fn openers_racing_on_an_empty_folder_share_one_new_library() {
        for _ in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let barrier = std::sync::Barrier::new(8);
            std::thread::scope(|s| {
                for i in 0..8 {
                    let (dir, barrier) = (dir.path(), &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        let mut lib = Library::open(dir).unwrap();
                        lib.set_setting(&format!("k{i}"), Some("v")).unwrap();
                    });
                }
            });
            let lib = Library::open_read_only(dir.path()).unwrap();
            for i in 0..8 {
                assert_eq!(lib.setting(&format!("k{i}")).unwrap().as_deref(), Some("v"));
            }
            let left: Vec<_> = snapshot(dir.path())
                .into_iter()
                .filter(|(name, _)| name.contains(".new-"))
                .collect();
            assert_eq!(left, [], "the libraries made but not linked are gone");
        }
    }

    #[test]
    fn a_library_opened_read_only_reads_and_refuses_writes() {
        let dir = library();
        let path = dir.path().join(DATABASE_FILE);
        let before = std::fs::read(&path).unwrap();
        let mut lib = Library::open_read_only(dir.path()).unwrap();
        assert_eq!(lib.note(PaperId(1)).unwrap().unwrap().text, "my note");
        assert_eq!(lib.paper(PaperId(1)).unwrap().row.title, "DeepSearch");
        let err = lib.set_note(PaperId(1), "changed").unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly), "{err}");
        assert!(err.to_string().contains("read-only"), "{err}");
        let err = lib.set_read(&[PaperId(1)], true).unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly), "{err}");
        drop(lib);
        assert_eq!(std::fs::read(&path).unwrap(), before);
        let lib = Library::open(dir.path()).unwrap();
        assert_eq!(lib.note(PaperId(1)).unwrap().unwrap().text, "my note");
    }

    #[test]
    fn a_reader_sees_commits_still_in_the_wal() {
        let dir = library();
        let mut writer = Library::open(dir.path()).unwrap();
        writer
            .conn
            .pragma_update(None, "wal_autocheckpoint", 0)
            .unwrap();
        writer.set_note(PaperId(1), "newer").unwrap();
        let wal = dir.path().join(format!("{DATABASE_FILE}-wal"));
        assert!(std::fs::metadata(&wal).unwrap().len() > 0);
        let reader = Library::open_read_only(dir.path()).unwrap();
        assert_eq!(reader.note(PaperId(1)).unwrap().unwrap().text, "newer");
    }

    #[test]
    fn an_older_library_is_upgraded_only_by_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        migrate::migrate_to(&mut conn, &path, 3).unwrap();
        drop(conn);
        let err = Library::open_read_only(dir.path()).err().unwrap();
        assert!(
            matches!(err, StoreError::NeedsUpgrade { found: 3, .. }),
            "{err}"
        );
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 3, "reading wrote nothing");
        drop(conn);
        drop(Library::open(dir.path()).unwrap());
        assert!(Library::open_read_only(dir.path()).is_ok());
    }
}
