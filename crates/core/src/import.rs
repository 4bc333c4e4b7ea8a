//! Importing digest files and folders into the library: reading files,
//! choosing each digest's date, and reporting per file what happened.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest as _, Sha256};

use crate::digest::{self, DigestError, Warning};
use crate::store::{ImportSource, Library, StoreError};

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

/// Imports files and folders (recursively, every `*.md`), each file in its
/// own transaction. `date` overrides the date of every file.
pub fn import_paths(
    lib: &mut Library,
    paths: &[PathBuf],
    date: Option<NaiveDate>,
) -> Vec<FileReport> {
    let mut reports = Vec::new();
    for path in paths {
        if path.is_dir() {
            let files = markdown_files(path);
            if files.is_empty() {
                reports.push(FileReport::failed(
                    &path.display().to_string(),
                    &ImportError::EmptyFolder,
                ));
            }
            for file in files {
                reports.push(import_file(lib, &file, date));
            }
        } else {
            reports.push(import_file(lib, path, date));
        }
    }
    reports
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
    let shown = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => {
            let name = path
                .file_name()
                .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
            import_bytes(lib, &shown, &name, Some(path), &bytes, date)
        }
        Err(e) => FileReport::failed(&shown, &ImportError::Read(e)),
    }
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
    if let Err(e) = import_into(lib, name, path, bytes, date, &mut report) {
        report = FileReport {
            warnings: report.warnings,
            ..FileReport::failed(shown, &e)
        };
    }
    report
}

fn import_into(
    lib: &mut Library,
    name: &str,
    path: Option<&Path>,
    bytes: &[u8],
    date: Option<NaiveDate>,
    report: &mut FileReport,
) -> Result<(), ImportError> {
    let source = ImportSource {
        name: name.to_owned(),
        hash: hex::encode(Sha256::digest(bytes)),
    };
    if let Some((day, papers)) = lib.imported_unchanged(&source, date)? {
        report.date = Some(day);
        report.papers = papers;
        report.unchanged = papers;
        return Ok(());
    }
    let parsed = digest::read(bytes)?;
    report.warnings = parsed.warnings;
    let day = date
        .or(parsed.digest.date)
        .or_else(|| path.and_then(digest::date::from_path))
        .ok_or(ImportError::NoDate)?;
    let outcome = lib.import_digest(&source, day, &parsed.digest.entries)?;
    report.date = Some(day);
    report.papers = parsed.digest.entries.len();
    report.added = outcome.added;
    report.updated = outcome.updated;
    report.unchanged = outcome.unchanged;
    Ok(())
}
