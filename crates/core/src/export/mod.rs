//! Exports: the library's papers handed on to the tools people write with
//! (BibTeX, CSL-JSON for Zotero and citeproc, RIS, Markdown notes for a
//! vault).
//!
//! One input type, [`ExportPaper`], gathered from the library by
//! [`gather`] (a [`PaperQuery`] like every list, plus each paper's newest
//! summary and note); the formats are pure functions over `&[ExportPaper]`
//! (`json` over `show`'s [`PaperDetail`]s, `json.rs`).
//!
//! Every front end exports through [`Export`]: [`Export::prepare`] reads the
//! library (the only step that needs it, so the app holds its library no
//! longer than that), then [`Export::text`] (standard output) or
//! [`Export::write`] (a file written whole by [`write_replacing`], or a
//! folder of notes by [`markdown::write_folder`]).

pub mod bibtex;
pub mod csl;
pub mod json;
mod keys;
pub mod markdown;
mod names;
pub mod ris;
mod write;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::arxiv::ArxivRef;
use crate::metadata::Metadata;
use crate::query::MAX_PAGE;
use crate::store::{Library, PaperDetail, PaperId, PaperRow, PdfHighlight, StoreError};
use crate::PaperQuery;

pub use keys::citation_keys;
pub use names::{split_name, Name};
pub use write::{write_replacing, WriteError};

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// BibTeX entries in the shape of arXiv's own export, for LaTeX.
    Bibtex,
    /// CSL-JSON items, for Zotero, pandoc and citeproc processors.
    CslJson,
    /// RIS records, for Zotero, EndNote, Mendeley.
    Ris,
    /// One Markdown note per paper into a folder, for Obsidian or Logseq.
    Markdown,
    /// What `show --json` gives, per paper, as an array.
    Json,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Bibtex,
        Format::CslJson,
        Format::Ris,
        Format::Markdown,
        Format::Json,
    ];

    /// Its name for people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Bibtex => "BibTeX",
            Format::CslJson => "CSL-JSON",
            Format::Ris => "RIS",
            Format::Markdown => "Markdown",
            Format::Json => "JSON",
        }
    }

    /// Written into a folder, one file per paper, rather than one file.
    pub fn is_folder(self) -> bool {
        self == Format::Markdown
    }
}

/// Why an export failed; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Markdown(#[from] markdown::MarkdownError),
}

/// An export read from the library, ready to be written.
#[derive(Debug, Clone)]
pub struct Export {
    format: Format,
    content: Content,
}

#[derive(Debug, Clone)]
enum Content {
    /// One file's text, and how many papers it holds.
    Text { text: String, papers: usize },
    /// The papers whose notes go into a folder.
    Notes(Vec<ExportPaper>),
}

/// What [`Export::write`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// One file, written whole.
    File { path: PathBuf, papers: usize },
    /// A note per paper in the folder.
    Folder {
        dir: PathBuf,
        notes: Vec<markdown::Written>,
    },
}

impl Export {
    /// Reads what `query` lists (every page of it) in `format`: the only
    /// step of an export that reads the library.
    pub fn prepare(
        lib: &Library,
        query: &PaperQuery,
        format: Format,
    ) -> Result<Export, StoreError> {
        let content = match format {
            Format::Markdown => Content::Notes(gather(lib, query)?),
            Format::Json => {
                let details = select(lib, query)?
                    .iter()
                    .map(|row| lib.paper(row.id))
                    .collect::<Result<Vec<PaperDetail>, StoreError>>()?;
                Content::Text {
                    text: json::json(&details),
                    papers: details.len(),
                }
            }
            Format::Bibtex | Format::CslJson | Format::Ris => {
                let papers = gather(lib, query)?;
                let text = match format {
                    Format::Bibtex => bibtex::bibtex(&papers),
                    Format::Ris => ris::ris(&papers),
                    _ => csl::csl_json_text(&papers),
                };
                Content::Text {
                    text,
                    papers: papers.len(),
                }
            }
        };
        Ok(Export { format, content })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// How many papers it holds.
    pub fn papers(&self) -> usize {
        match &self.content {
            Content::Text { papers, .. } => *papers,
            Content::Notes(papers) => papers.len(),
        }
    }

    /// The file's text; `None` for Markdown, which is a folder of notes.
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            Content::Text { text, .. } => Some(text),
            Content::Notes(_) => None,
        }
    }

    /// Writes the export to `path`: a file replaced whole or left as it was
    /// ([`write_replacing`]); for Markdown the folder (made if missing), each
    /// note whole, keeping notes edited since the last export unless `force`.
    pub fn write(&self, path: &Path, force: bool) -> Result<Written, ExportError> {
        match &self.content {
            Content::Text { text, papers } => {
                write_replacing::<ExportError>(path, |f| {
                    f.write_all(text.as_bytes()).map_err(|error| {
                        WriteError::Write {
                            path: path.to_owned(),
                            error,
                        }
                        .into()
                    })
                })?;
                Ok(Written::File {
                    path: path.to_owned(),
                    papers: *papers,
                })
            }
            Content::Notes(papers) => Ok(Written::Folder {
                dir: path.to_owned(),
                notes: markdown::write_folder(path, papers, force)?,
            }),
        }
    }
}

/// Every paper `query` lists, in its order. A text search is read a page of
/// [`MAX_PAGE`] at a time (the most one page of results holds), so an export
/// of a search holds all its results, not its first page.
pub fn select(lib: &Library, query: &PaperQuery) -> Result<Vec<PaperRow>, StoreError> {
    if !query.has_text() {
        return Ok(lib.papers(query)?.rows());
    }
    let mut rows = Vec::new();
    let end = query.offset.saturating_add(query.limit);
    let mut offset = query.offset;
    loop {
        let asked = MAX_PAGE.min(end - offset);
        let page = lib.papers(&PaperQuery {
            offset,
            limit: asked,
            ..query.clone()
        })?;
        // A large search's total is a lower bound: a page that is not
        // full is the last one.
        let last = page.total.exact().is_some_and(|t| offset + asked >= t);
        let got = page.papers.len();
        rows.extend(page.rows());
        offset += got;
        if got < asked || last || offset >= end {
            return Ok(rows);
        }
    }
}

/// A paper as every export format sees it: what the digests and the reader
/// gave it, and arXiv's metadata when the library has it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportPaper {
    pub id: PaperId,
    /// The arXiv id, with the latest version a digest linked.
    pub arxiv: Option<ArxivRef>,
    /// The title the paper was first imported with.
    pub title: String,
    pub url: String,
    /// The newest digest's summary as the digest gave it
    /// ([`crate::digest::Summary::parse`] gives its body and labelled sections: only the
    /// formats that show them pay for it).
    pub summary: Option<String>,
    /// The digests' keywords.
    pub keywords: Vec<String>,
    /// The reader's tags.
    pub tags: Vec<String>,
    /// Dates of the digests listing it, oldest first.
    pub digests: Vec<NaiveDate>,
    pub read: bool,
    pub read_at: Option<String>,
    pub starred: bool,
    /// The reader's note, when it has text.
    pub note: Option<String>,
    /// The reader's highlights in the paper's PDF, in reading order.
    pub highlights: Vec<PdfHighlight>,
    /// arXiv's metadata; `None` until the library has it.
    pub metadata: Option<ExportMetadata>,
}

/// What arXiv's API says about a paper.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportMetadata {
    /// In the paper's order.
    pub authors: Vec<Author>,
    pub abstract_text: Option<String>,
    /// When the first version appeared.
    pub published: Option<DateTime<Utc>>,
    /// When the latest version appeared.
    pub updated: Option<DateTime<Utc>>,
    pub primary_category: Option<String>,
    pub categories: Vec<String>,
    pub doi: Option<String>,
    pub journal_ref: Option<String>,
    pub comment: Option<String>,
}

/// An author as arXiv gives one: a whole name, with affiliations.
pub use crate::metadata::Author;

impl From<Metadata> for ExportMetadata {
    fn from(m: Metadata) -> ExportMetadata {
        let text = |t: String| Some(t).filter(|t| !t.trim().is_empty());
        ExportMetadata {
            authors: m.authors,
            abstract_text: text(m.abstract_text),
            published: Some(m.published),
            updated: Some(m.updated),
            primary_category: m.primary_category,
            categories: m.categories,
            doi: m.doi,
            journal_ref: m.journal_ref,
            comment: m.comment,
        }
    }
}

/// The papers `query` lists, in its order, with what an export needs.
///
/// The one place the library is read for an export: arXiv's metadata joins
/// here when the library holds it.
pub fn gather(lib: &Library, query: &PaperQuery) -> Result<Vec<ExportPaper>, StoreError> {
    let rows = select(lib, query)?;
    let ids: Vec<PaperId> = rows.iter().map(|r| r.id).collect();
    let mut texts = lib.paper_texts(&ids)?;
    let mut metadata = lib.metadata_of(&ids)?;
    let mut highlights = lib.highlights_of(&ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let text = texts.remove(&row.id).unwrap_or_default();
            let metadata = metadata.remove(&row.id).map(|m| m.metadata.into());
            ExportPaper {
                id: row.id,
                arxiv: row.arxiv,
                title: row.title,
                url: row.url,
                summary: text.summary,
                keywords: row.keywords,
                tags: row.tags,
                digests: row.digests,
                read: row.read,
                read_at: row.read_at,
                starred: row.starred,
                note: text.note,
                highlights: highlights.remove(&row.id).unwrap_or_default(),
                metadata,
            }
        })
        .collect())
}

impl ExportPaper {
    /// The authors, empty without metadata.
    pub fn authors(&self) -> &[Author] {
        self.metadata.as_ref().map_or(&[], |m| &m.authors)
    }

    fn meta<'a, T: ?Sized>(
        &'a self,
        f: impl FnOnce(&'a ExportMetadata) -> Option<&'a T>,
    ) -> Option<&'a T> {
        self.metadata.as_ref().and_then(f)
    }

    /// A text of the metadata, when it has more than white space.
    fn text<'a>(
        &'a self,
        f: impl FnOnce(&'a ExportMetadata) -> &'a Option<String>,
    ) -> Option<&'a str> {
        self.meta(|m| f(m).as_deref())
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    pub fn doi(&self) -> Option<&str> {
        self.text(|m| &m.doi)
    }

    pub fn journal_ref(&self) -> Option<&str> {
        self.text(|m| &m.journal_ref)
    }

    pub fn abstract_text(&self) -> Option<&str> {
        self.text(|m| &m.abstract_text)
    }

    pub fn primary_category(&self) -> Option<&str> {
        self.text(|m| &m.primary_category)
    }

    /// Published in a journal, as far as arXiv knows (a journal reference or a DOI).
    pub fn is_published(&self) -> bool {
        self.doi().is_some() || self.journal_ref().is_some()
    }

    /// When the paper appeared: arXiv's first version's date, else the year
    /// and month its new-style id (`2509.…`, `hep-th/99…`) names, else the
    /// first digest's date.
    pub fn issued(&self) -> Option<Issued> {
        if let Some(p) = self.meta(|m| m.published.as_ref()) {
            return Some(Issued {
                year: p.year(),
                month: Some(p.month()),
                day: Some(p.day()),
            });
        }
        if let Some((year, month)) = self
            .arxiv
            .as_ref()
            .and_then(|a| id_year_month(a.id.as_str()))
        {
            return Some(Issued {
                year,
                month: Some(month),
                day: None,
            });
        }
        self.digests.first().map(|d| Issued {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        })
    }

    /// `https://arxiv.org/abs/ID` for an arXiv paper, else its link.
    pub fn abs_url(&self) -> String {
        self.arxiv
            .as_ref()
            .map_or_else(|| self.url.clone(), |a| a.id.abs_url())
    }
}

/// A date as precise as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issued {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// The year and month an arXiv id was assigned: `2509.25849` (YYMM), or
/// `hep-th/9901001` (YYMM after the archive; 91 and later are 1900s).
fn id_year_month(id: &str) -> Option<(i32, u32)> {
    let digits = id.rsplit('/').next()?;
    let yy: i32 = digits.get(0..2)?.parse().ok()?;
    let mm: u32 = digits.get(2..4)?.parse().ok()?;
    if !(1..=12).contains(&mm) {
        return None;
    }
    let year = if yy >= 91 { 1900 + yy } else { 2000 + yy };
    Some((year, mm))
}

/// Text on one line: runs of white space (line breaks included) become one
/// space, control characters go.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|c| !c.is_control()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_their_year_and_month() {
        assert_eq!(id_year_month("2509.25849"), Some((2025, 9)));
        assert_eq!(id_year_month("0704.0001"), Some((2007, 4)));
        assert_eq!(id_year_month("hep-th/9901001"), Some((1999, 1)));
        assert_eq!(id_year_month("astro-ph/0601001"), Some((2006, 1)));
        assert_eq!(id_year_month("x/99"), None);
    }

    #[test]
    fn one_line_folds_white_space_and_drops_controls() {
        assert_eq!(one_line("  a\n\tb \u{7}c  "), "a b c");
        assert_eq!(one_line("\u{3000}中文\u{a0}x"), "中文 x");
    }
}
