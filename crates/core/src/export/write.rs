//! Writing an export's file whole or not at all: the one atomic write every
//! export takes (the CLI's `--output`, the app's Export dialog, each
//! Markdown note, the reading state).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a file could not be written. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0} is a folder: name a file inside it to write the export to")]
    IsAFolder(PathBuf),
    #[error("the folder {0} does not exist: make it first, or choose another folder")]
    NoFolder(PathBuf),
    #[error("cannot write in {folder}: {error}; choose a folder you can write to")]
    Folder {
        folder: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot write {path}: {error}; nothing was changed there")]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// Tells apart the temporary files of one process.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// Writes `path` whole or not at all: `write` fills a hidden file beside it,
/// which is fsynced and renamed over `path` (then the folder is fsynced, so
/// the rename survives a power cut). A failure removes the hidden file and
/// leaves `path` as it was. The file is made as any new file (the umask's
/// permissions), so a vault or a shared folder reads it.
///
/// `E` is the caller's error, so `write` may fail in its own terms.
pub fn write_replacing<E: From<WriteError>>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<(), E>,
) -> Result<(), E> {
    if path.is_dir() {
        return Err(WriteError::IsAFolder(path.to_owned()).into());
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(WriteError::NoFolder(folder.to_owned()).into());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = folder.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let mut file = File::options()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|error| WriteError::Folder {
            folder: folder.to_owned(),
            error,
        })?;
    let written = write(&mut file).and_then(|()| {
        file.sync_all()
            .and_then(|()| std::fs::rename(&tmp, path))
            .map_err(|error| {
                WriteError::Write {
                    path: path.to_owned(),
                    error,
                }
                .into()
            })
    });
    drop(file);
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return written;
    }
    sync_folder(folder);
    Ok(())
}

/// The rename made durable. Best effort: not every system can open a folder
/// to fsync it, and the file itself is already whole.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("refs.bib");
        std::fs::write(&path, "old").unwrap();
        write_replacing::<WriteError>(&path, |f| {
            f.write_all(b"new").map_err(|error| WriteError::Write {
                path: path.clone(),
                error,
            })
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names(dir.path()), ["refs.bib"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("refs.bib");
        std::fs::write(&path, "old").unwrap();
        let err = write_replacing::<WriteError>(&path, |f| {
            f.write_all(b"half").unwrap();
            Err(WriteError::NoFolder(PathBuf::from("x")))
        })
        .unwrap_err();
        assert!(matches!(err, WriteError::NoFolder(_)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names(dir.path()), ["refs.bib"]);
    }

    #[test]
    fn a_folder_or_a_missing_folder_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let ok = |_: &mut File| Ok::<(), WriteError>(());
        let err = write_replacing(dir.path(), ok).unwrap_err();
        assert!(err.to_string().contains("is a folder"), "{err}");
        let missing = dir.path().join("nope").join("refs.bib");
        let err = write_replacing(&missing, ok).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(names(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_written_says_so() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        // root writes anywhere: nothing to check then.
        if File::create(locked.join("probe")).is_ok() {
            return;
        }
        let err =
            write_replacing(&locked.join("refs.bib"), |_| Ok::<(), WriteError>(())).unwrap_err();
        assert!(
            err.to_string().contains("choose a folder you can write to"),
            "{err}"
        );
    }
}
