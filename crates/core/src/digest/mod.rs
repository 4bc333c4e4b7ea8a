//! Digests: Markdown files listing papers. Parsing is pure (no I/O) and never
//! fails on a damaged entry: it returns what it could read plus warnings
//! carrying line numbers. Only a file that is not text or is empty is an
//! error; one that names no paper parses to no entries (the importer skips
//! it: a notes vault is full of such pages).

mod daily;
pub mod date;
mod front_matter;
mod generic;
mod note;
mod summary;
pub(crate) mod text;

use chrono::NaiveDate;

use crate::arxiv::{self, ArxivId, ArxivRef};

pub use summary::{Section, SectionKind, Summary};

/// A parsed digest: its date (if the text names one) and its entries in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub date: Option<NaiveDate>,
    pub entries: Vec<Entry>,
}

/// One paper as a digest lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// 1-based line of the entry's link or heading.
    pub line: usize,
    pub title: String,
    pub link: Link,
    pub summary: Summary,
}

/// Where an entry points: the URL as written and the arXiv paper, if it is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub url: String,
    pub arxiv: Option<ArxivRef>,
}

impl Link {
    pub fn new(url: &str) -> Link {
        Link {
            url: url.trim().to_owned(),
            arxiv: arxiv::from_url(url),
        }
    }
}

/// What makes two entries the same paper.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PaperKey {
    Arxiv(ArxivId),
    Url(String),
}

impl Entry {
    pub fn key(&self) -> PaperKey {
        match &self.link.arxiv {
            Some(r) => PaperKey::Arxiv(r.id.clone()),
            None => PaperKey::Url(self.link.url.clone()),
        }
    }
}

/// Something in the file that could not be read as intended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

impl Warning {
    fn new(line: usize, message: impl Into<String>) -> Warning {
        Warning {
            line,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub digest: Digest,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    #[error("the file is empty: there is nothing to import")]
    Empty,
    #[error("not UTF-8 text (an invalid byte at line {line}): is this really a Markdown digest?")]
    NotText { line: usize },
}

/// Reads a digest from raw file contents: checks it is text and not empty,
/// and parses it (perhaps to no entries).
pub fn read(bytes: &[u8]) -> Result<Parsed, DigestError> {
    let text = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(DigestError::Empty);
    }
    Ok(parse(text))
}

/// UTF-8 text without its byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<&str, DigestError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let not_text = |at: usize| DigestError::NotText {
        line: 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count(),
    };
    let text = std::str::from_utf8(bytes).map_err(|e| not_text(e.valid_up_to()))?;
    match text.bytes().position(|b| b == 0) {
        Some(at) => Err(not_text(at)),
        None => Ok(text),
    }
}

/// Parses digest text. Never panics, never fails: damaged entries become warnings.
pub fn parse(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let (front, body, before) = front_matter::split(text);
    let (date, mut entries, mut warnings) = match front {
        // A per-paper note is its paper's one entry, dated by its front
        // matter (or path): its headings title the paper, not the day.
        Some(front_matter::FrontMatter {
            date,
            paper: Some((link, line)),
            title,
            warnings,
        }) => (date, vec![note::entry(link, line, title, body)], warnings),
        Some(front) => {
            let (date, entries, mut warnings) = parse_markdown(body, before);
            warnings.extend(front.warnings);
            (front.date.or(date), entries, warnings)
        }
        None => parse_markdown(body, before),
    };
    dedup(&mut entries, &mut warnings);
    warnings.sort_by_key(|w| w.line);
    Parsed {
        digest: Digest { date, entries },
        warnings,
    }
}

/// Markdown (after any front matter, `before` lines into the file) in the
/// daily format or any other.
fn parse_markdown(text: &str, before: usize) -> (Option<NaiveDate>, Vec<Entry>, Vec<Warning>) {
    if daily::is_daily(text) {
        daily::parse(text, before)
    } else {
        generic::parse(text, before)
    }
}

/// A paper listed twice in one digest is kept once, at its first place.
fn dedup(entries: &mut Vec<Entry>, warnings: &mut Vec<Warning>) {
    let mut seen = std::collections::HashMap::new();
    entries.retain(|e| match seen.entry(e.key()) {
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(e.line);
            true
        }
        std::collections::hash_map::Entry::Occupied(o) => {
            warnings.push(Warning::new(
                e.line,
                format!(
                    "the same paper as the entry on line {}; listed once",
                    o.get()
                ),
            ));
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Front matter after a byte-order mark and with CRLF line ends is still
    /// the file's start; lines after it keep the file's numbers, in both formats.
    #[test]
    fn front_matter_keeps_the_files_line_numbers() {
        let generic = parse("\u{feff}---\r\ndate: 2025-10-03\r\n---\r\n\r\n- [A](https://arxiv.org/abs/2501.12948)\r\n- [B](https://arxiv.org/pdf/2510.0)\r\n");
        assert_eq!(
            generic.digest.date.map(|d| d.to_string()).as_deref(),
            Some("2025-10-03")
        );
        assert_eq!(generic.digest.entries[0].line, 5);
        assert_eq!(generic.warnings[0].line, 6);
        let daily = parse("---\ncreated: 2025-10-04\n---\n# Papers for 2025-10-03\n## 1.[A](https://arxiv.org/pdf/2501.12948)\nsummary: x\n## 2.\n");
        assert_eq!(
            daily.digest.date.map(|d| d.to_string()).as_deref(),
            Some("2025-10-04")
        );
        assert_eq!(daily.digest.entries[0].line, 5);
        assert_eq!(daily.warnings[0].line, 7);
    }

    /// Fixtures of other publishers' shapes go to the generic parser, not the daily one.
    #[test]
    fn shapes_are_routed_to_the_generic_parser() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/digests/shapes");
        for name in [
            "table.md",
            "heading-then-link.md",
            "bullets.md",
            "blockquote-abstracts.md",
            "inline-html.md",
            "repeated-links.md",
            "wrapped-titles.md",
        ] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let parsed = parse(&text);
            assert!(
                parsed.digest.entries.len() >= 3,
                "{name}: {:?}",
                parsed.warnings
            );
            // repeated-links.md links GEM again in a later section, on purpose.
            let expected_warnings = usize::from(name == "repeated-links.md");
            assert_eq!(
                parsed.warnings.len(),
                expected_warnings,
                "{name}: {:?}",
                parsed.warnings
            );
            assert!(
                parsed.digest.entries.iter().all(|e| e.link.arxiv.is_some()),
                "{name}"
            );
        }
    }
}
