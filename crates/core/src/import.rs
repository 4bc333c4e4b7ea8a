//! Importing digest files and folders into the library: reading files,
//! choosing each digest's date, and reporting per file what happened.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest as _, Sha256};

use crate::digest::{self, DigestError, Entry, Warning};
use crate::store::{DigestImport, ImportOutcome, ImportSource, Library, StoreError};

/// What importing one file did. `error` set means nothing of it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    pub path: String,
    pub date: Option<NaiveDate>,
    pub papers: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub warnings: Vec<Warning>,
    pub error: Option<String>,
}

impl FileReport {
    fn new(path: &str) -> FileReport {
        FileReport {
            path: path.to_owned(),
            date: None,
            papers: 0,
            added: 0,
            updated: 0,
            unchanged: 0,
            warnings: Vec::new(),
            error: None,
        }
    }

    fn failed(path: &str, error: &ImportError) -> FileReport {
        FileReport {
            error: Some(error.to_string()),
            ..FileReport::new(path)
        }
    }

    /// This report once `error` stopped the file: nothing of it was
    /// written, but what its parser warned about still stands.
    fn failing(&self, error: &ImportError) -> FileReport {
        FileReport {
            warnings: self.warnings.clone(),
            ..FileReport::failed(&self.path, error)
        }
    }

    fn record(&mut self, outcome: ImportOutcome) {
        self.added = outcome.added;
        self.updated = outcome.updated;
        self.unchanged = outcome.unchanged;
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read it: {0}")]
    Read(#[from] std::io::Error),
    #[error("{0}")]
    Digest(#[from] DigestError),
    #[error("no date in its heading or path: pass --date YYYY-MM-DD")]
    NoDate,
    #[error("no Markdown (.md) files in this folder")]
    EmptyFolder,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Imports files and folders (recursively, every `*.md`). `date` overrides
/// the date of every file.
///
/// Files are parsed first and then written a batch at a time, each batch in
/// one transaction: a file that cannot be read or parsed is reported and
/// writes nothing, and a failed write leaves the library as it was before
/// that batch, with every file of the batch reported failed.
pub fn import_paths(
    lib: &mut Library,
    paths: &[PathBuf],
    date: Option<NaiveDate>,
) -> Vec<FileReport> {
    let mut batch = Batch::default();
    for path in paths {
        if path.is_dir() {
            let files = markdown_files(path);
            if files.is_empty() {
                batch.reports.push(FileReport::failed(
                    &path.display().to_string(),
                    &ImportError::EmptyFolder,
                ));
            }
            for file in files {
                batch.add_file(lib, &file, date);
            }
        } else {
            batch.add_file(lib, path, date);
        }
    }
    batch.write(lib);
    batch.reports
}

/// Input parsed before it is written in one transaction: big enough that a
/// folder of a thousand digests commits a handful of times, small enough to
/// bound memory (parsed entries take a few times the size of their text).
const BATCH_BYTES: usize = 8 << 20;

/// Digests parsed and waiting to be written, and the report of every file
/// so far, in order.
#[derive(Default)]
struct Batch {
    reports: Vec<FileReport>,
    /// Parsed digests with the index of their report.
    parsed: Vec<(usize, Parsed)>,
    bytes: usize,
}

impl Batch {
    fn add_file(&mut self, lib: &mut Library, path: &Path, date: Option<NaiveDate>) {
        let shown = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.reports
                    .push(FileReport::failed(&shown, &ImportError::Read(e)));
                return;
            }
        };
        let name = path
            .file_name()
            .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
        let mut report = FileReport::new(&shown);
        match prepare(lib, &name, Some(path), &bytes, date, &mut report) {
            Ok(Prepared::Unchanged) => self.reports.push(report),
            Ok(Prepared::Parsed(parsed)) => {
                self.parsed.push((self.reports.len(), parsed));
                self.reports.push(report);
                self.bytes += bytes.len();
                if self.bytes >= BATCH_BYTES {
                    self.write(lib);
                }
            }
            Err(e) => self.reports.push(report.failing(&e)),
        }
    }

    /// Writes the parsed digests in one transaction and completes their reports.
    fn write(&mut self, lib: &mut Library) {
        let parsed = std::mem::take(&mut self.parsed);
        self.bytes = 0;
        if parsed.is_empty() {
            return;
        }
        let digests: Vec<DigestImport<'_>> = parsed.iter().map(|(_, p)| p.as_import()).collect();
        match lib.import_digests(&digests) {
            Ok(outcomes) => {
                for ((at, _), outcome) in parsed.iter().zip(outcomes) {
                    self.reports[*at].record(outcome);
                }
            }
            Err(e) => {
                let e = ImportError::Store(e);
                for (at, _) in &parsed {
                    self.reports[*at] = self.reports[*at].failing(&e);
                }
            }
        }
    }
}

/// Every `*.md` below `dir`, in a stable order.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")))
        .collect()
}

pub fn import_file(lib: &mut Library, path: &Path, date: Option<NaiveDate>) -> FileReport {
    let mut batch = Batch::default();
    batch.add_file(lib, path, date);
    batch.write(lib);
    batch.reports.remove(0)
}

/// Imports one digest's bytes. `shown` names it in the report, `name`
/// identifies the digest (with its date), `path` may supply the date.
pub fn import_bytes(
    lib: &mut Library,
    shown: &str,
    name: &str,
    path: Option<&Path>,
    bytes: &[u8],
    date: Option<NaiveDate>,
) -> FileReport {
    let mut report = FileReport::new(shown);
    let written = prepare(lib, name, path, bytes, date, &mut report).and_then(|p| match p {
        Prepared::Unchanged => Ok(()),
        Prepared::Parsed(parsed) => {
            let outcome = lib.import_digests(&[parsed.as_import()])?;
            report.record(outcome[0]);
            Ok(())
        }
    });
    match written {
        Ok(()) => report,
        Err(e) => report.failing(&e),
    }
}

/// A digest read and parsed, ready to be written.
struct Parsed {
    source: ImportSource,
    date: NaiveDate,
    entries: Vec<Entry>,
}

impl Parsed {
    fn as_import(&self) -> DigestImport<'_> {
        DigestImport {
            source: &self.source,
            date: self.date,
            entries: &self.entries,
        }
    }
}

enum Prepared {
    /// The library holds this very content already: the report is complete.
    Unchanged,
    Parsed(Parsed),
}

/// Hashes and parses one digest, filling in what its report can say before
/// it is written.
fn prepare(
    lib: &Library,
    name: &str,
    path: Option<&Path>,
    bytes: &[u8],
    date: Option<NaiveDate>,
    report: &mut FileReport,
) -> Result<Prepared, ImportError> {
    let source = ImportSource {
        name: name.to_owned(),
        hash: hex::encode(Sha256::digest(bytes)),
    };
    if let Some((day, papers)) = lib.imported_unchanged(&source, date)? {
        report.date = Some(day);
        report.papers = papers;
        report.unchanged = papers;
        return Ok(Prepared::Unchanged);
    }
    let parsed = digest::read(bytes)?;
    report.warnings = parsed.warnings;
    let day = date
        .or(parsed.digest.date)
        .or_else(|| path.and_then(digest::date::from_path))
        .ok_or(ImportError::NoDate)?;
    report.date = Some(day);
    report.papers = parsed.digest.entries.len();
    Ok(Prepared::Parsed(Parsed {
        source,
        date: day,
        entries: parsed.digest.entries,
    }))
}
