//! The offline cache: one PDF per paper at `<library>/pdfs/<stem>.pdf`,
//! where `<stem>` is [`ArxivId::file_stem`] and nothing else.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::TryLockError;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::part::Part;
use super::PdfError;
use crate::arxiv::ArxivId;
use crate::store::check::{Fix, Problem, ProblemKind};
use crate::store::{PdfRecord, StoreError};
use crate::{Filter, Library, PaperId, PaperQuery, Scope};

/// The cache's folder inside the library folder.
pub const PDF_DIR: &str = "pdfs";

/// The cache folder of the library in `library_dir`.
pub fn cache_dir(library_dir: &Path) -> PathBuf {
    library_dir.join(PDF_DIR)
}

/// Where a paper's PDF lives, relative to the library folder.
pub fn relative_path(id: &ArxivId) -> PathBuf {
    Path::new(PDF_DIR).join(format!("{}.pdf", id.file_stem()))
}

/// The file a download of the paper streams into before it is complete.
pub(super) fn part_path(library_dir: &Path, id: &ArxivId) -> PathBuf {
    cache_dir(library_dir).join(format!("{}.pdf.part", id.file_stem()))
}

/// The cached PDF of a paper, as an absolute path to a complete file inside
/// the cache; what a viewer may be given.
pub fn cached_pdf(lib: &Library, paper: PaperId) -> Result<PathBuf, PdfError> {
    let record = lib.pdf(paper)?.ok_or_else(|| PdfError::NotCached {
        id: shown(lib, paper),
    })?;
    let path = inside_cache(lib.dir(), &record.path)?;
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() && m.len() == record.size => Ok(path),
        _ => Err(PdfError::Missing { path }),
    }
}

/// `relative` resolved under the library folder, if it really is a file in
/// the cache folder (no `..`, no link leading out).
fn inside_cache(library_dir: &Path, relative: &Path) -> Result<PathBuf, PdfError> {
    let path = library_dir.join(relative);
    let outside = || PdfError::OutsideCache { path: path.clone() };
    let cache = cache_dir(library_dir)
        .canonicalize()
        .map_err(|_| PdfError::Missing { path: path.clone() })?;
    let real = path
        .canonicalize()
        .map_err(|_| PdfError::Missing { path: path.clone() })?;
    if real.parent() != Some(cache.as_path())
        || real
            .extension()
            .is_none_or(|e| !e.eq_ignore_ascii_case("pdf"))
    {
        return Err(outside());
    }
    Ok(real)
}

/// How a paper is named in messages: its arXiv id, else its number.
fn shown(lib: &Library, paper: PaperId) -> String {
    lib.paper(paper)
        .ok()
        .and_then(|p| p.row.arxiv.map(|a| a.id.to_string()))
        .unwrap_or_else(|| format!("paper {paper}"))
}

/// What the cache holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Downloaded PDFs, and their bytes.
    pub count: usize,
    pub bytes: u64,
    /// Interrupted downloads waiting to be resumed, and their bytes.
    pub partial_count: usize,
    pub partial_bytes: u64,
}

pub fn summary(lib: &Library) -> Result<Summary, PdfError> {
    let stats = lib.pdf_stats()?;
    let mut summary = Summary {
        count: stats.count,
        bytes: stats.bytes,
        ..Summary::default()
    };
    let dir = cache_dir(lib.dir());
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(summary),
        Err(e) => return Err(PdfError::io(dir)(e)),
    };
    for entry in entries.flatten() {
        let is_part = entry.file_name().to_string_lossy().ends_with(".pdf.part");
        if let (true, Ok(meta)) = (is_part, entry.metadata()) {
            summary.partial_count += 1;
            summary.partial_bytes += meta.len();
        }
    }
    Ok(summary)
}

/// Deletes a paper's PDF and any interrupted download of it; returns the
/// record it had, if any. The record goes first, so no record ever points
/// at a deleted file.
pub fn remove(lib: &mut Library, paper: PaperId) -> Result<Option<PdfRecord>, PdfError> {
    let arxiv = lib.paper(paper)?.row.arxiv;
    let record = lib.forget_pdf(paper)?;
    if let Some(r) = &record {
        if let Ok(path) = inside_cache(lib.dir(), &r.path) {
            remove_file(&path)?;
        }
    }
    if let Some(a) = arxiv {
        let part = part_path(lib.dir(), &a.id);
        if part.exists() {
            // A download in progress elsewhere keeps its file.
            if let Ok(p) = Part::open(&part, a.id.as_str()) {
                p.discard();
            }
        }
    }
    Ok(record)
}

/// Deletes the PDFs of every paper of a digest; returns the records removed.
pub fn remove_digest(lib: &mut Library, date: NaiveDate) -> Result<Vec<PdfRecord>, PdfError> {
    lib.ensure_digest(date)?;
    let with_pdf = PaperQuery {
        scope: Scope::Digest(date),
        filter: Filter {
            has_pdf: Some(true),
            ..Filter::default()
        },
        ..PaperQuery::scope(Scope::All)
    };
    let mut removed = Vec::new();
    for id in lib.papers(&with_pdf)?.ids() {
        if let Some(r) = remove(lib, id)? {
            removed.push(r);
        }
    }
    Ok(removed)
}

/// How old a `.part` file may get before the check calls it stale, whether
/// or not its download is recorded as resumable.
const STALE_PART: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// The file half of [`Library::check`]: PDF rows against the files in the
/// cache folder (missing, of another size, unrecorded, stale `.part` files,
/// resumable downloads without their `.part` file).
pub(crate) fn check_files(lib: &Library) -> Result<Vec<Problem>, StoreError> {
    let mut problems = Vec::new();
    let dir = cache_dir(lib.dir());
    let records = lib.pdfs()?;
    let partials = lib.partials_for_check()?;
    let mut known: HashSet<OsString> = HashSet::new();
    for r in &records {
        let path = lib.dir().join(&r.path);
        if let Some(name) = path.file_name() {
            known.insert(name.to_owned());
        }
        match std::fs::metadata(&path) {
            Err(_) => problems.push(Problem::new(
                ProblemKind::MissingPdf,
                format!("paper {}: its PDF {} is missing", r.paper, path.display()),
                Some(Fix::ForgetPdf(r.paper)),
            )),
            Ok(m) if m.len() != r.size => {
                let fix = inside_cache(lib.dir(), &r.path)
                    .ok()
                    .map(|real| Fix::ForgetPdfAndFile(r.paper, real));
                problems.push(Problem::new(
                    ProblemKind::PdfSize,
                    format!(
                        "paper {}: its PDF {} has {} bytes, {} were recorded",
                        r.paper,
                        path.display(),
                        m.len(),
                        r.size
                    ),
                    fix,
                ));
            }
            Ok(_) => {}
        }
    }
    let mut resumable: HashSet<OsString> = HashSet::new();
    for (paper, arxiv) in &partials {
        let Some(id) = arxiv.as_deref().and_then(|a| ArxivId::parse(a).ok()) else {
            continue;
        };
        let part = part_path(lib.dir(), &id);
        if let Some(name) = part.file_name() {
            resumable.insert(name.to_owned());
        }
        // Gone because it was renamed into place: a download killed between
        // that rename and its row (the file, unrecorded, is judged below).
        let renamed = lib.dir().join(relative_path(&id)).exists();
        if std::fs::symlink_metadata(&part).is_err() && !renamed {
            problems.push(Problem::new(
                ProblemKind::PartialWithoutFile,
                format!(
                    "paper {paper}: an interrupted download is recorded but {} is gone",
                    part.display()
                ),
                Some(Fix::ForgetPartial(*paper)),
            ));
        }
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(problems),
        Err(e) => {
            problems.push(Problem::new(
                ProblemKind::UnrecordedFile,
                format!("cannot list {}: {e}", dir.display()),
                None,
            ));
            return Ok(problems);
        }
    };
    let mut stray: Vec<(PathBuf, std::fs::Metadata)> = entries
        .flatten()
        .filter(|e| !known.contains(&e.file_name()))
        .filter_map(|e| e.metadata().ok().map(|m| (e.path(), m)))
        .collect();
    stray.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, meta) in stray {
        let name = path.file_name().unwrap_or_default().to_owned();
        let old = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_PART);
        if name.to_string_lossy().ends_with(".pdf.part") && meta.is_file() {
            if in_use(&path) {
                continue;
            }
            // A fresh one is a download interrupted moments ago, perhaps
            // killed before it could record itself as resumable: the next
            // fetch of its paper resumes or replaces it. Only a day-old one is
            // wasted space.
            if !old {
                continue;
            }
            let why = if resumable.contains(&name) {
                "its download was interrupted more than a day ago"
            } else {
                "its download was interrupted more than a day ago and cannot resume"
            };
            problems.push(Problem::new(
                ProblemKind::StalePart,
                format!("{} is left over: {why}", path.display()),
                Some(Fix::RemoveFile(path)),
            ));
        } else {
            // A download killed between renaming its file into place and
            // recording it leaves a fresh PDF without a row; the next fetch of
            // its paper overwrites it.
            if name.to_string_lossy().ends_with(".pdf") && meta.is_file() && !old {
                continue;
            }
            let fix = (!meta.is_dir()).then(|| Fix::RemoveFile(path.clone()));
            problems.push(Problem::new(
                ProblemKind::UnrecordedFile,
                format!(
                    "{} is in the PDF cache but no PDF row records it",
                    path.display()
                ),
                fix,
            ));
        }
    }
    Ok(problems)
}

/// Whether another process holds the `.part` file's lock (a download running).
fn in_use(path: &Path) -> bool {
    std::fs::File::open(path).is_ok_and(|f| matches!(f.try_lock(), Err(TryLockError::WouldBlock)))
}

/// Deletes a file the check found directly inside the cache folder (never a
/// folder, never anything outside it, never a `.part` file being written).
pub(crate) fn remove_stray(library_dir: &Path, path: &Path) -> Result<(), String> {
    let cache = cache_dir(library_dir);
    let real_cache = cache.canonicalize().ok();
    let inside =
        real_cache.is_some() && path.parent().and_then(|p| p.canonicalize().ok()) == real_cache;
    let meta = std::fs::symlink_metadata(path);
    if !inside || meta.as_ref().is_ok_and(|m| m.is_dir()) {
        return Err(format!(
            "left {}: not a file in the PDF cache",
            path.display()
        ));
    }
    let guard = std::fs::File::open(path).ok();
    if let Some(f) = &guard {
        if matches!(f.try_lock(), Err(TryLockError::WouldBlock)) {
            return Err(format!("left {}: a download is writing it", path.display()));
        }
    }
    remove_file(path).map_err(|e| format!("could not delete {}: {e}", path.display()))
}

fn remove_file(path: &Path) -> Result<(), PdfError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(PdfError::io(path)(e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_arxiv_id_only() {
        let old = ArxivId::parse("hep-th/9901001").unwrap();
        assert_eq!(
            relative_path(&old),
            Path::new("pdfs").join("hep-th_9901001.pdf")
        );
        let new = ArxivId::parse("2509.25454").unwrap();
        assert_eq!(
            part_path(Path::new("/lib"), &new),
            Path::new("/lib/pdfs/2509.25454.pdf.part")
        );
    }

    #[test]
    fn a_record_pointing_outside_the_cache_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pdfs")).unwrap();
        std::fs::write(dir.path().join("library.pdf"), b"%PDF-").unwrap();
        std::fs::write(dir.path().join("pdfs/notes.txt"), b"x").unwrap();
        std::fs::write(dir.path().join("pdfs/ok.pdf"), b"%PDF-").unwrap();
        for bad in ["pdfs/../library.pdf", "library.pdf", "pdfs/notes.txt"] {
            let err = inside_cache(dir.path(), Path::new(bad)).unwrap_err();
            assert!(matches!(err, PdfError::OutsideCache { .. }), "{bad}: {err}");
        }
        let err = inside_cache(dir.path(), Path::new("pdfs/gone.pdf")).unwrap_err();
        assert!(matches!(err, PdfError::Missing { .. }), "{err}");
        assert!(inside_cache(dir.path(), Path::new("pdfs/ok.pdf")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_cache_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pdfs")).unwrap();
        let secret = dir.path().join("secret.pdf");
        std::fs::write(&secret, b"%PDF-").unwrap();
        std::os::unix::fs::symlink(&secret, dir.path().join("pdfs/link.pdf")).unwrap();
        let err = inside_cache(dir.path(), Path::new("pdfs/link.pdf")).unwrap_err();
        assert!(matches!(err, PdfError::OutsideCache { .. }), "{err}");
    }
}
