//! A folder source's catch-up: every digest file in it compared with what
//! was seen last time, so nothing is missed and nothing imports twice.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, SystemTime};

use sha2::{Digest as _, Sha256};

use super::{
    failure_of, standing, Failure, FileState, LastResult, Source, SourceError, SourceKind, Synced,
};
use crate::import::{self, Dates, FileReport, Importer};
use crate::state::Stamp;
use crate::store::Library;

/// How a folder sync treats files being written.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A file modified less than this long ago is left for a later sync (a
    /// writer may still be at it); `Synced::pending` counts them. Zero (a
    /// one-off `sources sync`) takes every file as it is.
    pub settle: Duration,
}

/// Catches the folder up: a file whose size and mtime are as last seen is
/// not read; one whose sha256 is is not parsed; the rest are imported in
/// batches through [`Importer`]. A file whose content failed (not UTF-8,
/// no date…) is listed in every result until it changes, and only then
/// tried again. A folder that is missing fails the source without
/// forgetting what was seen in it.
pub fn sync(lib: &mut Library, source: &Source, options: &Options) -> Result<Synced, SourceError> {
    let SourceKind::Folder { path, recursive } = &source.kind else {
        return Err(SourceError::NoSuchSource(source.id));
    };
    let at = Stamp::now();
    let mut result = LastResult {
        at,
        imported: 0,
        unchanged: 0,
        added: 0,
        failed: Vec::new(),
    };
    if !path.is_dir() {
        result.failed.push(Failure::new(
            path.display().to_string(),
            None,
            "the folder is missing (removed, or on a disk that is not connected); it is caught up once it is back",
        ));
        lib.save_sync(source.id, &result, &[], &[])?;
        return Ok(Synced {
            source: source.id,
            result,
            reports: Vec::new(),
            pending: 0,
        });
    }
    let known = lib.source_files(source.id)?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut changes: Vec<(String, Option<FileState>)> = Vec::new();
    let mut importer = Importer::new();
    let mut queued: Vec<(usize, String, FileState)> = Vec::new();
    let mut pending = 0;
    let now = SystemTime::now();
    for file in import::digest_files(path, *recursive) {
        let rel = import::name_text(file.strip_prefix(path).unwrap_or(&file).as_os_str());
        seen.insert(rel.clone());
        let Some((size, mtime, modified)) = stat(&file) else {
            continue;
        };
        if now.duration_since(modified).unwrap_or_default() < options.settle {
            pending += 1;
            continue;
        }
        let shown = import::name_text(file.as_os_str());
        let before = known.get(&rel);
        if let Some(k) = before.filter(|k| k.size == size && k.mtime_ns == mtime) {
            standing(&mut result, &shown, &k.failure);
            continue;
        }
        let bytes = match import::read_digest_file(&file) {
            Ok(bytes) => bytes,
            Err(e) => {
                // Not recorded: a file that cannot be read now is tried again.
                result.failed.push(Failure::new(shown, None, e.to_string()));
                continue;
            }
        };
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let state = FileState {
            size,
            mtime_ns: mtime,
            sha256,
            failure: None,
        };
        if let Some(k) = before.filter(|k| k.sha256 == state.sha256) {
            // Touched, not changed.
            standing(&mut result, &shown, &k.failure);
            let failure = k.failure.clone();
            changes.push((rel, Some(FileState { failure, ..state })));
            continue;
        }
        let name = file
            .file_name()
            .map_or_else(|| shown.clone(), import::name_text);
        let at = importer.add_bytes(lib, &shown, &name, Some(&file), &bytes, Dates::default());
        queued.push((at, rel, state));
    }
    let reports = importer.finish(lib);
    for (at, rel, state) in queued {
        if let Some(change) = count(&mut result, &reports[at], state) {
            changes.push((rel, Some(change)));
        }
    }
    for rel in known.keys().filter(|k| !seen.contains(*k)) {
        changes.push((rel.clone(), None));
    }
    lib.save_sync(source.id, &result, &changes, &[])?;
    Ok(Synced {
        source: source.id,
        result,
        reports,
        pending,
    })
}

/// Counts an imported file's report in the result; returns what to keep
/// about the file (nothing after a failure worth trying again).
pub(super) fn count(
    result: &mut LastResult,
    report: &FileReport,
    state: FileState,
) -> Option<FileState> {
    if let Some(failure) = failure_of(report) {
        result.failed.push(failure.clone());
        return (!report.transient).then_some(FileState {
            failure: Some((failure.message, failure.line)),
            ..state
        });
    }
    if report.added + report.updated > 0 {
        result.imported += 1;
        result.added += report.added;
    } else {
        result.unchanged += 1;
    }
    Some(state)
}

/// A file's size, mtime in nanoseconds, and mtime.
fn stat(file: &Path) -> Option<(u64, i64, SystemTime)> {
    let meta = std::fs::metadata(file).ok()?;
    let modified = meta.modified().ok()?;
    let ns = match modified.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX),
    };
    Some((meta.len(), ns, modified))
}

/// Which folder source a changed path belongs to: the folder itself or a
/// file in it (or below it, when recursive).
pub fn owns(folder: &Path, recursive: bool, path: &Path) -> bool {
    match path.strip_prefix(folder) {
        Ok(rel) => recursive || rel.components().count() <= 1,
        Err(_) => false,
    }
}
