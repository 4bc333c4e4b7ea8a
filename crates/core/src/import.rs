//! Importing digest files and folders into the library: reading files
//! (at most [`MAX_DIGEST_BYTES`] each), choosing each digest's date, and
//! reporting per file what happened.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest as _, Sha256};

use crate::digest::{self, DigestError, Entry, Warning};
use crate::store::{DigestImport, ImportOutcome, ImportSource, Library, StoreError};

/// What importing one file did. `error` set means it failed and nothing of
/// it was written; `skipped` set means it was passed over, writing nothing,
/// without failing. The two are never both set.
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
    /// The line `error` is about, when it is about one.
    pub line: Option<usize>,
    /// Whether `error` came from reading the file or writing the library,
    /// not from its content: trying again may succeed.
    pub transient: bool,
    pub skipped: Option<Skip>,
    /// The sha256 of the content read (hex), once it was read.
    pub sha256: Option<String>,
}

/// Why a file was passed over without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Skip {
    /// A page that names no arXiv paper by a link, a local page's name, an
    /// attribute or an id of its own: a notes vault's index of local pages,
    /// a note about something else.
    #[error("no papers: skipped (it links no arXiv paper and names none by its id)")]
    NoPapers,
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
            line: None,
            transient: false,
            skipped: None,
            sha256: None,
        }
    }

    fn failed(path: &str, error: &ImportError) -> FileReport {
        FileReport {
            error: Some(error.to_string()),
            line: match error {
                ImportError::Digest(DigestError::NotText { line }) => Some(*line),
                _ => None,
            },
            transient: matches!(error, ImportError::Read(_) | ImportError::Store(_)),
            ..FileReport::new(path)
        }
    }

    /// This report once `error` stopped the file: nothing of it was
    /// written, but what its parser warned about still stands.
    fn failing(&self, error: &ImportError) -> FileReport {
        FileReport {
            warnings: self.warnings.clone(),
            sha256: self.sha256.clone(),
            ..FileReport::failed(&self.path, error)
        }
    }

    fn record(&mut self, outcome: ImportOutcome) {
        self.added = outcome.added;
        self.updated = outcome.updated;
        self.unchanged = outcome.unchanged;
    }
}

/// The largest digest read, from a file or standard input: 64 MiB. A real
/// digest is a few hundred KB; anything near this is not one (`/dev/zero`,
/// a log piped by mistake), and reading stops one byte past the cap.
pub const MAX_DIGEST_BYTES: u64 = 64 << 20;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read it: {0}")]
    Read(#[from] std::io::Error),
    #[error("{what} is larger than {size}: a digest is at most {size}; split the file", size = Size(*cap))]
    TooBig { what: &'static str, cap: u64 },
    #[error("{0}")]
    Digest(#[from] DigestError),
    #[error("no date in its heading or path: pass --date YYYY-MM-DD")]
    NoDate,
    #[error("no Markdown (.md) files in this folder")]
    EmptyFolder,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A byte count as a person reads a cap: whole megabytes when it is some.
struct Size(u64);

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 >= 1 << 20 && self.0.is_multiple_of(1 << 20) {
            write!(f, "{} MB", self.0 >> 20)
        } else {
            write!(f, "{} bytes", self.0)
        }
    }
}

/// Reads all of `input` if it holds at most `cap` bytes, never reading more
/// than `cap + 1` nor holding more than that. `expected` (a file's size)
/// sizes the buffer; `what` names the input in the error.
fn read_capped(
    input: impl Read,
    cap: u64,
    expected: u64,
    what: &'static str,
) -> Result<Vec<u8>, ImportError> {
    let limit = usize::try_from(cap.saturating_add(1)).unwrap_or(usize::MAX);
    let first = usize::try_from(expected.saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(first.max(8 << 10).min(limit));
    let mut input = input.take(cap.saturating_add(1));
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if bytes.capacity() - bytes.len() < n {
            // Double, but never past the limit (`take` keeps `n` within it).
            bytes.reserve_exact(bytes.capacity().max(n).min(limit - bytes.len()));
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    if bytes.len() as u64 > cap {
        return Err(ImportError::TooBig { what, cap });
    }
    Ok(bytes)
}

/// A digest file's bytes, at most [`MAX_DIGEST_BYTES`]: a regular file
/// that is larger is refused before it is read.
pub fn read_digest_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    read_file(path, MAX_DIGEST_BYTES)
}

/// A file's bytes, at most `cap` of them: a regular file that is larger is
/// refused before it is read; anything else (a device, a FIFO named on the
/// command line) is read up to the cap.
fn read_file(path: &Path, cap: u64) -> Result<Vec<u8>, ImportError> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let size = if meta.is_file() { meta.len() } else { 0 };
    if size > cap {
        return Err(ImportError::TooBig {
            what: "the file",
            cap,
        });
    }
    read_capped(file, cap, size, "the file")
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
    let mut batch = Importer::default();
    for path in paths {
        if path.is_dir() {
            let files = digest_files(path, true);
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
    batch.finish(lib)
}

/// Input parsed before it is written in one transaction: big enough that a
/// folder of a thousand digests commits a handful of times, small enough to
/// bound memory (parsed entries take a few times the size of their text).
const BATCH_BYTES: usize = 8 << 20;

/// Digests parsed and waiting to be written, and the report of every file
/// so far, in order: the one way files and bytes reach the library. Every
/// ~8 MiB of input parsed is written in one transaction; [`Importer::finish`]
/// writes the rest.
#[derive(Default)]
pub struct Importer {
    reports: Vec<FileReport>,
    /// Parsed digests with the index of their report.
    parsed: Vec<(usize, Parsed)>,
    bytes: usize,
}

impl Importer {
    pub fn new() -> Importer {
        Importer::default()
    }

    /// Reads, parses and queues one file (named by its file name, dated by
    /// `date`, else its content, else its path); returns its report's index.
    pub fn add_file(&mut self, lib: &mut Library, path: &Path, date: Option<NaiveDate>) -> usize {
        let shown = name_text(path.as_os_str());
        let bytes = match read_file(path, MAX_DIGEST_BYTES) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.reports.push(FileReport::failed(&shown, &e));
                return self.reports.len() - 1;
            }
        };
        let name = path.file_name().map_or_else(|| shown.clone(), name_text);
        let dates = Dates {
            given: date,
            fallback: None,
        };
        self.add_bytes(lib, &shown, &name, Some(path), &bytes, dates)
    }

    /// Parses and queues one digest's bytes (at most [`MAX_DIGEST_BYTES`]):
    /// `shown` names it in the report, `name` identifies the digest with its
    /// date, `path` may supply the date after its content; returns its
    /// report's index.
    pub fn add_bytes(
        &mut self,
        lib: &mut Library,
        shown: &str,
        name: &str,
        path: Option<&Path>,
        bytes: &[u8],
        dates: Dates,
    ) -> usize {
        let mut report = FileReport::new(shown);
        if bytes.len() as u64 > MAX_DIGEST_BYTES {
            let e = ImportError::TooBig {
                what: "the digest",
                cap: MAX_DIGEST_BYTES,
            };
            self.reports.push(report.failing(&e));
            return self.reports.len() - 1;
        }
        match prepare(lib, name, path, bytes, dates, &mut report) {
            Ok(Prepared::Unchanged | Prepared::Skipped) => self.reports.push(report),
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
        self.reports.len() - 1
    }

    /// Writes what is left and returns every report, in the order added.
    pub fn finish(mut self, lib: &mut Library) -> Vec<FileReport> {
        self.write(lib);
        self.reports
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

/// A file's name or path as text, for its report and its digest's identity:
/// UTF-8 as it is, any other byte as `\xNN`. A lossy conversion turned the
/// bytes of two Latin-1 names such as `été.md` and `ète.md` into the same
/// `�t�.md`, and the second file then replaced the first's digest.
pub(crate) fn name_text(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut text = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            text.push_str(chunk.valid());
            for byte in chunk.invalid() {
                let _ = write!(text, "\\x{byte:02X}");
            }
        }
        text
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// Every `*.md` in `dir` (and below it when `recursive`), in a stable
/// order, that [`is_digest_name`] allows, outside hidden folders (`.trash/`
/// and `.obsidian/` of a notes vault, `.git/`): what a folder's owner does
/// not see is not imported. Only regular files: no symlink is followed, so
/// a symlink loop is never walked.
pub fn digest_files(dir: &Path, recursive: bool) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .max_depth(if recursive { usize::MAX } else { 1 })
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_digest_name(e.file_name()))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Whether a file's name is one a digest may have: `*.md`, not hidden, and
/// none of the names editors and downloaders give files being written
/// (`.swp`, `~`, `.#`, `.part`, `.tmp`, `.crdownload`).
pub fn is_digest_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    let lower = name.to_ascii_lowercase();
    let temporary = [".swp", ".swx", "~", ".part", ".tmp", ".crdownload"]
        .iter()
        .any(|t| lower.ends_with(t));
    !name.starts_with('.') && !name.starts_with(".#") && !temporary && lower.ends_with(".md")
}

pub fn import_file(lib: &mut Library, path: &Path, date: Option<NaiveDate>) -> FileReport {
    let mut batch = Importer::default();
    batch.add_file(lib, path, date);
    batch.finish(lib).remove(0)
}

/// Imports the digest on standard input (`input`), read up to
/// [`MAX_DIGEST_BYTES`]: reported as `-`, identified as `stdin.md`.
pub fn import_standard_input(
    lib: &mut Library,
    input: impl Read,
    date: Option<NaiveDate>,
) -> FileReport {
    match read_capped(input, MAX_DIGEST_BYTES, 0, "standard input") {
        Ok(bytes) => import_bytes(lib, "-", "stdin.md", None, &bytes, date),
        Err(e) => FileReport::failed("-", &e),
    }
}

/// Imports one digest's bytes (at most [`MAX_DIGEST_BYTES`]). `shown` names
/// it in the report, `name` identifies the digest (with its date), `path`
/// may supply the date.
pub fn import_bytes(
    lib: &mut Library,
    shown: &str,
    name: &str,
    path: Option<&Path>,
    bytes: &[u8],
    date: Option<NaiveDate>,
) -> FileReport {
    let mut one = Importer::default();
    let dates = Dates {
        given: date,
        fallback: None,
    };
    one.add_bytes(lib, shown, name, path, bytes, dates);
    one.finish(lib).remove(0)
}

/// Where a digest's date comes from: `given` wins over everything; else
/// its content, else its path, else `fallback` (a subscription's day).
#[derive(Debug, Clone, Copy, Default)]
pub struct Dates {
    pub given: Option<NaiveDate>,
    pub fallback: Option<NaiveDate>,
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
    /// The file names no paper: the report says so, nothing is written.
    Skipped,
    Parsed(Parsed),
}

/// Hashes and parses one digest, filling in what its report can say before
/// it is written.
fn prepare(
    lib: &Library,
    name: &str,
    path: Option<&Path>,
    bytes: &[u8],
    dates: Dates,
    report: &mut FileReport,
) -> Result<Prepared, ImportError> {
    let source = ImportSource {
        name: name.to_owned(),
        hash: hex::encode(Sha256::digest(bytes)),
    };
    report.sha256 = Some(source.hash.clone());
    let date = dates.given;
    if let Some((day, papers)) = lib.imported_unchanged(&source, date)? {
        report.date = Some(day);
        report.papers = papers;
        report.unchanged = papers;
        return Ok(Prepared::Unchanged);
    }
    let parsed = digest::read(bytes)?;
    report.warnings = parsed.warnings;
    if parsed.digest.entries.is_empty() {
        // Before the date: a page without papers needs none.
        report.skipped = Some(Skip::NoPapers);
        return Ok(Prepared::Skipped);
    }
    let day = date
        .or(parsed.digest.date)
        .or_else(|| path.and_then(digest::date::from_path))
        .or(dates.fallback)
        .ok_or(ImportError::NoDate)?;
    report.date = Some(day);
    report.papers = parsed.digest.entries.len();
    Ok(Prepared::Parsed(Parsed {
        source,
        date: day,
        entries: parsed.digest.entries,
    }))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    /// A reader that counts what was taken from it.
    struct Counted<R> {
        inner: R,
        taken: u64,
    }

    impl<R: Read> Read for Counted<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.taken += n as u64;
            Ok(n)
        }
    }

    fn endless() -> Counted<std::io::Repeat> {
        Counted {
            inner: std::io::repeat(b'x'),
            taken: 0,
        }
    }

    #[test]
    fn input_up_to_the_cap_is_read_whole_and_held_in_no_more_than_the_cap_and_a_byte() {
        let bytes = read_capped(std::io::repeat(b'x').take(100_000), 100_000, 0, "it").unwrap();
        assert_eq!(bytes.len(), 100_000);
        assert!(bytes.capacity() <= 100_001, "{}", bytes.capacity());
        let sized = read_capped(&b"abc"[..], 100_000, 3, "it").unwrap();
        assert_eq!(sized, b"abc");
    }

    #[test]
    fn endless_input_stops_one_byte_past_the_cap_with_what_to_do() {
        let mut input = endless();
        let e = read_capped(&mut input, 100_000, 0, "standard input").unwrap_err();
        assert_eq!(input.taken, 100_001);
        assert_eq!(
            e.to_string(),
            "standard input is larger than 100000 bytes: a digest is at most 100000 bytes; split the file"
        );
        let just_over = read_capped(&[b'x'; 1001][..], 1000, 1001, "the file");
        assert!(matches!(
            just_over,
            Err(ImportError::TooBig { cap: 1000, .. })
        ));
    }

    #[test]
    fn the_cap_is_said_in_megabytes() {
        let e = ImportError::TooBig {
            what: "the file",
            cap: MAX_DIGEST_BYTES,
        };
        assert_eq!(
            e.to_string(),
            "the file is larger than 64 MB: a digest is at most 64 MB; split the file"
        );
    }

    const DIGEST: &str = "# 2025-10-03\n\n- [A paper](https://arxiv.org/abs/2510.01180): text\n";

    /// A file over the cap is refused without being read (sparse, it costs
    /// nothing) and writes nothing; the files beside it still import.
    #[test]
    fn a_file_over_the_cap_fails_alone() {
        let files = tempfile::tempdir().unwrap();
        let big = std::fs::File::create(files.path().join("big.md")).unwrap();
        big.set_len(MAX_DIGEST_BYTES + 1).unwrap();
        std::fs::write(files.path().join("2025-10-03.md"), DIGEST).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let reports = import_paths(&mut lib, &[files.path().to_owned()], None);
        assert_eq!(reports.len(), 2, "{reports:?}");
        assert_eq!(reports[0].error, None);
        assert_eq!(reports[0].papers, 1);
        assert!(reports[1].path.ends_with("big.md"));
        assert_eq!(
            reports[1].error.as_deref(),
            Some("the file is larger than 64 MB: a digest is at most 64 MB; split the file")
        );
        assert_eq!(lib.digests().unwrap().len(), 1);
    }

    #[test]
    fn standard_input_over_the_cap_is_reported_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let over = DIGEST
            .as_bytes()
            .chain(std::io::repeat(b' ').take(MAX_DIGEST_BYTES));
        let report = import_standard_input(&mut lib, over, None);
        assert_eq!(report.path, "-");
        assert!(
            report
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("standard input is larger than 64 MB")),
            "{report:?}"
        );
        assert!(lib.digests().unwrap().is_empty());
        let report = import_standard_input(&mut lib, DIGEST.as_bytes(), None);
        assert_eq!((report.error, report.papers), (None, 1));
    }

    /// A page naming no paper (a vault's index of local pages, a note) is
    /// skipped, not failed, even without a date; hidden folders are not read.
    #[test]
    fn pages_without_papers_are_skipped_and_hidden_folders_unread() {
        let files = tempfile::tempdir().unwrap();
        std::fs::write(files.path().join("2025-10-03.md"), DIGEST).unwrap();
        std::fs::write(
            files.path().join("Ideas.md"),
            "---\ntags: [x\n---\n# Ideas\n\n- [[GEM - A Gym]]\n",
        )
        .unwrap();
        std::fs::create_dir(files.path().join(".trash")).unwrap();
        std::fs::write(files.path().join(".trash/2025-10-04.md"), DIGEST).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let reports = import_paths(&mut lib, &[files.path().to_owned()], None);
        assert_eq!(reports.len(), 2, "{reports:?}");
        assert!(reports[0].path.ends_with("2025-10-03.md"));
        assert_eq!((&reports[0].error, reports[0].skipped), (&None, None));
        assert!(reports[1].path.ends_with("Ideas.md"));
        assert_eq!(
            (&reports[1].error, reports[1].skipped),
            (&None, Some(Skip::NoPapers))
        );
        assert_eq!((reports[1].date, reports[1].papers), (None, 0));
        // Its front matter's warning stands.
        assert_eq!(reports[1].warnings.len(), 1, "{:?}", reports[1].warnings);
        assert_eq!(lib.digests().unwrap().len(), 1);
        let again = import_bytes(
            &mut lib,
            "-",
            "stdin.md",
            None,
            b"# Notes\n\nNothing.\n",
            None,
        );
        assert_eq!((again.error, again.skipped), (None, Some(Skip::NoPapers)));
        assert_eq!(
            Skip::NoPapers.to_string(),
            "no papers: skipped (it links no arXiv paper and names none by its id)"
        );
    }

    /// `mkfifo` files and devices in a folder are not digests: reading one
    /// would wait for a writer for ever.
    #[cfg(unix)]
    /// Names that are not UTF-8 (Latin-1 `été.md`, `ète.md`) are two digests,
    /// shown with their odd bytes written out.
    #[cfg(unix)]
    #[test]
    fn file_names_that_are_not_utf8_stay_apart_and_are_shown() {
        use std::os::unix::ffi::OsStrExt;
        let files = tempfile::tempdir().unwrap();
        for name in [&b"\xe9t\xe9.md"[..], b"\xe8t\xe9.md"] {
            let path = files.path().join(std::ffi::OsStr::from_bytes(name));
            std::fs::write(path, DIGEST).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let reports = import_paths(&mut lib, &[files.path().to_owned()], None);
        assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
        assert!(
            reports[0].path.ends_with("/\\xE8t\\xE9.md"),
            "{}",
            reports[0].path
        );
        assert!(
            reports[1].path.ends_with("/\\xE9t\\xE9.md"),
            "{}",
            reports[1].path
        );
        let mut names: Vec<String> = lib.digests().unwrap().into_iter().map(|d| d.name).collect();
        names.sort();
        assert_eq!(names, ["\\xE8t\\xE9.md", "\\xE9t\\xE9.md"]);
    }

    #[test]
    fn a_folder_imports_only_regular_files() {
        let files = tempfile::tempdir().unwrap();
        std::fs::write(files.path().join("2025-10-03.md"), DIGEST).unwrap();
        let fifo = files.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let reports = import_paths(&mut lib, &[files.path().to_owned()], None);
        assert_eq!(reports.len(), 1, "{reports:?}");
        assert_eq!(reports[0].error, None);
    }
}
