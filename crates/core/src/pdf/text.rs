//! The text of cached PDFs, page by page, for search (issue 15).
//!
//! - [`read_pdf`]: one PDF's bytes → [`PdfText`] (what came of it, each
//!   page's text). Never fails and never panics: a PDF that cannot be read
//!   is a status (no text, encrypted, broken) with the reason.
//! - [`read_cached`]: one cached PDF's file read and its text stored (the
//!   [`super::Fetcher`] does this after each download).
//! - [`read_all_cached`]: every cached PDF not read yet, one at a time,
//!   with progress, cancellable between pages (`papershelf reindex --pdfs`,
//!   the app's background pass).
//!
//! The reader is `pdf-extract` (pure Rust, on `lopdf`), chosen by measuring
//! it against Poppler (BENCHMARKS.md, "PDF text"): it keeps two LaTeX
//! columns in reading order and reads CJK through the fonts' ToUnicode maps;
//! what it leaves is done here: ligatures (`ﬁ`) become letters, words
//! hyphenated at a line's end are joined, lines are joined (CJK lines
//! without a space, so a word broken over two lines is still found).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use super::{cache, PdfError};
use crate::search::is_cjk;
use crate::store::{PdfRecord, PdfText, TextStatus};
use crate::{Library, PaperId};

/// A PDF still being read after this long is cut there: the pages read so
/// far are kept and the rest is said in its detail. (The slowest real paper
/// measured took 3 s; this bounds a pathological file.)
pub const MAX_READ_TIME: Duration = Duration::from_secs(60);

/// Reads a PDF's text page by page. `cancelled` is asked between pages;
/// `None` when it said yes (nothing is to be stored then).
pub fn read_pdf(bytes: &[u8], cancelled: &dyn Fn() -> bool) -> Option<PdfText> {
    read_pdf_within(bytes, cancelled, MAX_READ_TIME)
}

fn read_pdf_within(bytes: &[u8], cancelled: &dyn Fn() -> bool, limit: Duration) -> Option<PdfText> {
    let started = Instant::now();
    let unreadable = |status: TextStatus, pages: u32, detail: String| PdfText {
        status,
        pages,
        texts: Vec::new(),
        detail: Some(detail),
        millis: started.elapsed().as_millis() as u64,
    };
    let mut doc = match guarded(|| lopdf::Document::load_mem(bytes)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            return Some(unreadable(
                TextStatus::Broken,
                0,
                format!("it cannot be opened: {e}"),
            ))
        }
        Err(panic) => return Some(unreadable(TextStatus::Broken, 0, panic)),
    };
    if doc.is_encrypted() {
        // Most encrypted papers only restrict printing or copying: the empty
        // user password opens them.
        if !matches!(guarded(|| doc.decrypt("")), Ok(Ok(()))) {
            let pages = doc.get_pages().len() as u32;
            return Some(unreadable(
                TextStatus::Encrypted,
                pages,
                "it is encrypted with a password".to_owned(),
            ));
        }
    }
    let numbers: Vec<u32> = match guarded(|| doc.get_pages().into_keys().collect()) {
        Ok(n) => n,
        Err(panic) => return Some(unreadable(TextStatus::Broken, 0, panic)),
    };
    if numbers.is_empty() {
        return Some(unreadable(
            TextStatus::Broken,
            0,
            "it has no pages".to_owned(),
        ));
    }
    let pages = numbers.len() as u32;
    let mut texts = Vec::new();
    let mut failed = 0u32;
    let mut first_failure = None;
    let mut cut_at = None;
    for &number in &numbers {
        if cancelled() {
            return None;
        }
        if started.elapsed() > limit {
            cut_at = Some(number);
            break;
        }
        let mut raw = String::new();
        let read = guarded(|| {
            let mut out = pdf_extract::PlainTextOutput::new(&mut raw);
            pdf_extract::output_doc_page(&doc, &mut out, number).map_err(|e| e.to_string())
        });
        match read.and_then(|r| r) {
            Ok(()) => {
                let text = clean_page(&raw);
                if !text.is_empty() {
                    texts.push((number, text));
                }
            }
            Err(e) => {
                failed += 1;
                first_failure.get_or_insert((number, e));
            }
        }
    }
    let millis = started.elapsed().as_millis() as u64;
    let mut detail = Vec::new();
    if let Some(page) = cut_at {
        detail.push(format!(
            "reading stopped at page {page} after {} s",
            limit.as_secs()
        ));
    }
    if let Some((page, e)) = &first_failure {
        detail.push(format!(
            "{failed} page(s) could not be read (page {page}: {e})"
        ));
    }
    let status = if !texts.is_empty() {
        TextStatus::Text
    } else if failed == pages {
        TextStatus::Broken
    } else {
        detail.push("no page has text (a scan without OCR?)".to_owned());
        TextStatus::NoText
    };
    Some(PdfText {
        status,
        pages,
        texts,
        detail: (!detail.is_empty()).then(|| detail.join("; ")),
        millis,
    })
}

/// Runs the PDF reader, a panic in it becoming an error (it is no reason to
/// stop a download or a pass over the cache).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_owned());
        format!("the PDF reader failed on it ({what})")
    })
}

/// A page's text as the reader gave it, made fit for search and snippets:
/// ligatures as letters, a word hyphenated at a line's end joined, lines
/// joined by a space (none between CJK characters), spaces folded.
pub fn clean_page(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // Whether a line break is pending (added when the next word comes).
    let mut pending_break = false;
    for line in raw.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if pending_break {
            let next = line.chars().next();
            let hyphen = out.ends_with('-') || out.ends_with('\u{ad}');
            let before_hyphen = out.trim_end_matches(['-', '\u{ad}']).chars().next_back();
            if hyphen
                && before_hyphen.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_lowercase)
            {
                // "signif-" + "icant": one word again.
                out.truncate(out.trim_end_matches(['-', '\u{ad}']).len());
            } else if !(out.chars().next_back().is_some_and(is_cjk) && next.is_some_and(is_cjk)) {
                out.push(' ');
            }
        }
        push_unligatured(&mut out, &line);
        pending_break = true;
    }
    out
}

/// Pushes `text` with the Latin ligatures of Unicode's Alphabetic
/// Presentation Forms (what LaTeX fonts map `ﬁ ﬂ ﬀ ﬃ ﬄ` to) as their letters.
fn push_unligatured(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
}

/// What became of one cached PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextOutcome {
    /// Read and stored (text, or found unreadable: see the status).
    Read {
        status: TextStatus,
        pages: u32,
        millis: u64,
    },
    /// The library records another file now (replaced meanwhile): nothing stored.
    Changed,
}

/// How long a PDF's reading is waited for: the reader's own limit (checked
/// between pages) and a margin. A page the reader loops on never returns; it
/// is left running on its thread and the PDF is stored as [`hung`].
pub const READ_WAIT: Duration = Duration::from_secs(MAX_READ_TIME.as_secs() + 30);

/// What is stored for a PDF whose reading did not end within `wait`: broken,
/// so that it is never tried again (each try would leave a thread spinning).
pub fn hung(wait: Duration) -> PdfText {
    PdfText {
        status: TextStatus::Broken,
        pages: 0,
        texts: Vec::new(),
        detail: Some(format!(
            "the PDF reader was still busy after {} s (a page it cannot finish); not tried again",
            wait.as_secs()
        )),
        millis: wait.as_millis() as u64,
    }
}

/// Runs `read` on a thread of its own and waits for it at most `wait`;
/// `None` when it did not answer in time (the thread is left behind).
fn bounded<T: Send + 'static>(
    wait: Duration,
    read: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (sent, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sent.send(read());
    });
    answer.recv_timeout(wait).ok()
}

/// Reads the text of the paper's cached PDF and stores it. A PDF that
/// cannot be read is stored as such (never read again), and so is one the
/// reader hangs on; only a file that is missing or unreadable on disk is an
/// error (`check` is about those).
pub fn read_cached(
    lib: &mut Library,
    record: &PdfRecord,
    cancel: &CancellationToken,
) -> Result<TextOutcome, PdfError> {
    read_cached_within(lib, record, cancel, READ_WAIT)
}

fn read_cached_within(
    lib: &mut Library,
    record: &PdfRecord,
    cancel: &CancellationToken,
    wait: Duration,
) -> Result<TextOutcome, PdfError> {
    let path = cache::cached_pdf(lib, record.paper)?;
    let token = cancel.clone();
    let text = match bounded(wait, move || read_file(&path, &token)) {
        Some(read) => read?.ok_or(PdfError::Cancelled)?,
        None => hung(wait),
    };
    save(lib, record, &text)
}

/// Reads a PDF file's text; `None` when cancelled.
pub(super) fn read_file(
    path: &Path,
    cancel: &CancellationToken,
) -> Result<Option<PdfText>, PdfError> {
    let bytes = std::fs::read(path).map_err(|_| PdfError::Missing {
        path: path.to_owned(),
    })?;
    Ok(read_pdf(&bytes, &|| cancel.is_cancelled()))
}

pub(super) fn save(
    lib: &mut Library,
    record: &PdfRecord,
    text: &PdfText,
) -> Result<TextOutcome, PdfError> {
    Ok(if lib.save_pdf_text(record.paper, &record.sha256, text)? {
        TextOutcome::Read {
            status: text.status,
            pages: text.pages,
            millis: text.millis,
        }
    } else {
        TextOutcome::Changed
    })
}

/// How far [`read_all_cached`] is: after each PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextProgress {
    /// PDFs done so far (this one included), of `total`.
    pub done: usize,
    pub total: usize,
    pub paper: PaperId,
    pub result: Result<TextOutcome, String>,
}

/// What [`read_all_cached`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextReport {
    /// PDFs whose text is now searchable.
    pub with_text: usize,
    /// PDFs found unreadable (stored so: not tried again), with why.
    pub unreadable: Vec<(PaperId, TextStatus, String)>,
    /// PDFs that could not be read from the cache (missing file...), with
    /// the message; tried again next time.
    pub failed: Vec<(PaperId, String)>,
    /// Stopped before the end.
    pub cancelled: bool,
    /// Pages read, and the time it took.
    pub pages: u64,
    pub millis: u64,
}

/// Reads every cached PDF whose text the library lacks, one at a time (one
/// core, one PDF in memory), reporting after each; cancelling stops it
/// between pages, keeping the PDFs done. Each PDF is stored in its own
/// transaction, so the app's other writes wait at most for one.
pub fn read_all_cached(
    lib: &mut Library,
    cancel: &CancellationToken,
    on_progress: &dyn Fn(&TextProgress),
) -> Result<TextReport, PdfError> {
    let todo = lib.pdfs_without_text()?;
    let total = todo.len();
    let mut report = TextReport::default();
    for (i, record) in todo.iter().enumerate() {
        if cancel.is_cancelled() {
            report.cancelled = true;
            break;
        }
        let result = match read_cached(lib, record, cancel) {
            Err(PdfError::Cancelled) => {
                report.cancelled = true;
                break;
            }
            Err(PdfError::Store(e)) => return Err(PdfError::Store(e)),
            Err(e) => {
                report.failed.push((record.paper, e.to_string()));
                Err(e.to_string())
            }
            Ok(outcome) => {
                if let TextOutcome::Read {
                    status,
                    pages,
                    millis,
                } = outcome
                {
                    report.pages += u64::from(pages);
                    report.millis += millis;
                    if status == TextStatus::Text {
                        report.with_text += 1;
                    } else {
                        let detail = lib
                            .pdf_text(record.paper)?
                            .and_then(|t| t.detail)
                            .unwrap_or_default();
                        report.unreadable.push((record.paper, status, detail));
                    }
                }
                Ok(outcome)
            }
        };
        on_progress(&TextProgress {
            done: i + 1,
            total,
            paper: record.paper,
            result,
        });
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_that_does_not_answer_in_time_is_left_behind() {
        let slow = bounded(Duration::from_millis(20), || {
            std::thread::sleep(Duration::from_secs(2));
            1
        });
        assert_eq!(slow, None);
        assert_eq!(bounded(Duration::from_secs(10), || 2), Some(2));
    }

    #[test]
    fn a_pdf_the_reader_hangs_on_is_stored_broken_and_never_tried_again() {
        use sha2::{Digest, Sha256};
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/digests/2025-10-03.md"
        );
        let report = crate::import::import_file(&mut lib, Path::new(sample), None);
        assert!(report.error.is_none(), "{report:?}");
        let paper = PaperId(1);
        let arxiv = lib.paper(paper).unwrap().row.arxiv.unwrap();
        let relative = cache::relative_path(&arxiv.id);
        let bytes = b"%PDF-1.4\nwhatever: the wait below ends before any reading";
        std::fs::create_dir_all(dir.path().join(&relative).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(&relative), bytes).unwrap();
        let sha = hex::encode(Sha256::digest(bytes));
        lib.record_pdf(
            paper,
            relative.to_str().unwrap(),
            None,
            bytes.len() as u64,
            &sha,
        )
        .unwrap();
        let record = lib.pdf(paper).unwrap().unwrap();

        // No wait at all: the reader's thread cannot have answered.
        let outcome =
            read_cached_within(&mut lib, &record, &CancellationToken::new(), Duration::ZERO)
                .unwrap();
        assert!(matches!(
            outcome,
            TextOutcome::Read {
                status: TextStatus::Broken,
                ..
            }
        ));
        let stored = lib.pdf_text(paper).unwrap().unwrap();
        assert!(stored.detail.unwrap().contains("still busy"));
        assert!(lib.pdfs_without_text().unwrap().is_empty());
    }

    #[test]
    fn ligatures_become_letters() {
        assert_eq!(
            clean_page("signi\u{fb01}cant \u{fb02}ow su\u{fb03}cient"),
            "significant flow sufficient"
        );
        assert_eq!(clean_page("e\u{fb00}ect ba\u{fb04}e"), "effect baffle");
    }

    #[test]
    fn a_word_hyphenated_at_a_line_end_is_joined() {
        assert_eq!(
            clean_page("of signif-\nicant inter-\nest"),
            "of significant interest"
        );
        // A dash before a capital, a number or at a line's start stays.
        assert_eq!(clean_page("Hilbert-\nSchmidt"), "Hilbert- Schmidt");
        assert_eq!(clean_page("pages 3-\n5"), "pages 3- 5");
        assert_eq!(clean_page("x\n-\ny"), "x - y");
        // A soft hyphen too.
        assert_eq!(clean_page("quan\u{ad}\ntum"), "quantum");
    }

    #[test]
    fn lines_are_joined_and_spaces_folded() {
        assert_eq!(clean_page("  one   two \n\n\n three\n"), "one two three");
        // No space breaks a CJK word over two lines; one stays between scripts.
        assert_eq!(
            clean_page("开源贡\n献者\nopenEuler\n社区"),
            "开源贡献者 openEuler 社区"
        );
        assert_eq!(clean_page(""), "");
    }

    #[test]
    fn bytes_that_are_no_pdf_are_broken_not_a_panic() {
        for bytes in [
            &b""[..],
            b"%PDF-1.4\n garbage",
            b"\x00\x01\x02",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        ] {
            let text = read_pdf(bytes, &|| false).unwrap();
            assert_eq!(text.status, TextStatus::Broken, "{bytes:?}");
            assert!(text.texts.is_empty());
            assert!(text.detail.is_some());
        }
    }
}
