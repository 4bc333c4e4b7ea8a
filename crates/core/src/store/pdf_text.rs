//! The text of cached PDFs, page by page (migration 0011), and its place in
//! the search index (the index's `pdf` column).
//!
//! Reading a PDF is [`crate::pdf::text`]'s; only the records live here.

use rusqlite::{params, OptionalExtension, Row};

use super::pdfs::{PdfRecord, COLUMNS as PDF_COLUMNS};
use super::search::INDEX_PAPERS;
use super::{now, Library, PaperId, Result};

/// What reading a PDF's text came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextStatus {
    /// Some page has text.
    Text,
    /// It opened, but no page has text (a scan without OCR, figures only).
    NoText,
    /// It needs a password.
    Encrypted,
    /// It could not be read (damaged, or not the PDF the reader expects).
    Broken,
}

impl TextStatus {
    /// The name stored in the library and shown by `--json`.
    pub fn name(self) -> &'static str {
        match self {
            TextStatus::Text => "text",
            TextStatus::NoText => "no_text",
            TextStatus::Encrypted => "encrypted",
            TextStatus::Broken => "broken",
        }
    }

    fn parse(name: &str) -> TextStatus {
        match name {
            "text" => TextStatus::Text,
            "no_text" => TextStatus::NoText,
            "encrypted" => TextStatus::Encrypted,
            // The table's CHECK allows nothing else.
            _ => TextStatus::Broken,
        }
    }
}

/// A PDF's text as read: what came of it, and each page's text (1-based
/// page numbers; pages without text are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    pub status: TextStatus,
    /// The PDF's page count (0 when it could not be opened).
    pub pages: u32,
    /// `(page, text)` for each page with text, in order.
    pub texts: Vec<(u32, String)>,
    /// Why it could not be read, in words for the reader.
    pub detail: Option<String>,
    /// How long reading took.
    pub millis: u64,
}

/// What the library knows of a PDF's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfTextRecord {
    pub paper: PaperId,
    /// The file the text was read from.
    pub sha256: String,
    pub status: TextStatus,
    pub pages: u32,
    /// Pages with text.
    pub pages_with_text: u32,
    pub detail: Option<String>,
    pub millis: u64,
    pub extracted_at: String,
}

fn text_record(r: &Row<'_>) -> rusqlite::Result<PdfTextRecord> {
    Ok(PdfTextRecord {
        paper: PaperId(r.get(0)?),
        sha256: r.get(1)?,
        status: TextStatus::parse(r.get_ref(2)?.as_str()?),
        pages: r.get(3)?,
        pages_with_text: r.get(4)?,
        detail: r.get(5)?,
        millis: r.get::<_, i64>(6)? as u64,
        extracted_at: r.get(7)?,
    })
}

impl Library {
    /// Stores the text read from the paper's PDF file `sha256` and puts it in
    /// the search index, in one transaction, replacing what an earlier file
    /// left. Returns false, writing nothing, when the library no longer
    /// records that file for the paper (forgotten, or replaced meanwhile).
    pub fn save_pdf_text(&mut self, paper: PaperId, sha256: &str, text: &PdfText) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let current: Option<String> = tx
            .prepare_cached("SELECT sha256 FROM pdfs WHERE paper_id = ?1")?
            .query_row([paper.0], |r| r.get(0))
            .optional()?;
        if current.as_deref() != Some(sha256) {
            return Ok(false);
        }
        // Its trigger takes the old pages out of the index.
        tx.execute("DELETE FROM pdf_texts WHERE paper_id = ?1", [paper.0])?;
        tx.execute(
            "INSERT INTO pdf_texts (paper_id, sha256, status, pages, detail, millis, extracted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                paper.0,
                sha256,
                text.status.name(),
                text.pages,
                text.detail,
                i64::try_from(text.millis).unwrap_or(i64::MAX),
                now()
            ],
        )?;
        if !text.texts.is_empty() {
            // All pages in one statement, then the paper's index row once.
            let pages = serde_json::to_string(&text.texts).expect("pages serialize");
            tx.execute(
                "INSERT INTO pdf_text_pages (paper_id, page, text)
                 SELECT ?1, value ->> 0, value ->> 1 FROM json_each(?2)",
                params![paper.0, pages],
            )?;
            tx.execute("DELETE FROM search_index WHERE rowid = ?1", [paper.0])?;
            tx.execute(&format!("{INDEX_PAPERS} WHERE paper_id = ?1"), [paper.0])?;
        }
        tx.commit()?;
        Ok(true)
    }

    /// What the library knows of the text of the paper's cached PDF, if it
    /// was read.
    pub fn pdf_text(&self, paper: PaperId) -> Result<Option<PdfTextRecord>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT t.paper_id, t.sha256, t.status, t.pages,
                        (SELECT count(*) FROM pdf_text_pages g WHERE g.paper_id = t.paper_id),
                        t.detail, t.millis, t.extracted_at
                   FROM pdf_texts t WHERE t.paper_id = ?1",
            )?
            .query_row([paper.0], text_record)
            .optional()?)
    }

    /// The text of one page (1-based) of the paper's cached PDF.
    pub fn pdf_page_text(&self, paper: PaperId, page: u32) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT text FROM pdf_text_pages WHERE paper_id = ?1 AND page = ?2")?
            .query_row(params![paper.0, page], |r| r.get(0))
            .optional()?)
    }

    /// The cached PDFs whose file has not been read yet (never read, or
    /// replaced since), by paper number. A file found unreadable is not
    /// among them: it is tried once.
    pub fn pdfs_without_text(&self) -> Result<Vec<PdfRecord>> {
        let sql = format!(
            "SELECT {PDF_COLUMNS} FROM pdfs p
              WHERE NOT EXISTS (SELECT 1 FROM pdf_texts t
                                 WHERE t.paper_id = p.paper_id AND t.sha256 = p.sha256)
              ORDER BY p.paper_id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], super::pdfs::record)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
