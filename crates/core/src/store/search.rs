//! The search index: the FTS5 table that the store keeps in step with
//! papers, entries, notes, authors and PDF text (migrations 0003–0005,
//! 0009, 0011), its repair, and the snippets a search shows. Searching itself is a [`crate::PaperQuery`]
//! with text (`store/query.rs`).

use chrono::NaiveDate;
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use super::{now, Library, PaperId, PaperRow, Result};
use crate::search::{self, plain_text, Highlighted, Matcher};

/// About how many characters a snippet shows.
const SNIPPET_CHARS: usize = 90;

/// Writes papers' rows of the search index from `search_documents`; the
/// caller adds `WHERE paper_id ...` (after deleting those rows). The one
/// list of the index's columns in Rust.
pub(super) const INDEX_PAPERS: &str =
    "INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights) SELECT * FROM search_documents";

/// Which text a snippet was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnippetSource {
    /// The summary of the entry in the digest of this date.
    Summary(NaiveDate),
    Note,
    Keywords,
    /// A highlight in the paper's PDF (its quote, then its comment), made
    /// on this page.
    Highlight {
        id: i64,
        page: u32,
    },
    /// The text of the paper's cached PDF, on this page (1-based, as the
    /// viewer counts).
    Pdf {
        page: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub source: SnippetSource,
    pub text: Highlighted,
}

/// Registers the SQL function the index's triggers call. Every connection
/// that writes the library needs it (see migration 0003).
pub(super) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "papershelf_search_text",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| search::index_text(&t)).unwrap_or_default())
        },
    )
}

impl Library {
    /// Rebuilds the search index and the list order from the library's
    /// tables, for repair; returns the number of papers indexed.
    pub fn rebuild_search_index(&mut self) -> Result<usize> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO search_index (search_index) VALUES ('delete-all')",
            [],
        )?;
        let n = tx.execute(INDEX_PAPERS, [])?;
        tx.execute(
            "UPDATE papers SET (latest_date, latest_position) = (
                 SELECT d.date, e.position FROM entries e JOIN digests d ON d.id = e.digest_id
                  WHERE e.paper_id = papers.id ORDER BY d.date DESC, e.position LIMIT 1)",
            [],
        )?;
        tx.execute(
            "INSERT INTO search_index (search_index) VALUES ('optimize')",
            [],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// One bounded step of compacting the search index: FTS5's incremental
    /// `merge` writing about `pages` pages (of 4 KB) of merged segments,
    /// every segment treated as one level, so repeated steps end in one
    /// segment, as [`Library::rebuild_search_index`] leaves it. Each import
    /// and note save adds a segment, and a search walks every segment's
    /// doclists: a library built by 3,000 imports searched half as fast
    /// (BENCHMARKS.md). Returns true when there was nothing left to merge.
    /// For a front end to call when idle: one short transaction per step,
    /// and searches see the same papers before, during and after.
    pub fn merge_search_index(&mut self, pages: u32) -> Result<bool> {
        let before = self.conn.total_changes();
        self.conn.execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('merge', ?1)",
            [-i64::from(pages.max(1))],
        )?;
        // FTS5 documents it: fewer than two changes means no work was done.
        Ok(self.conn.total_changes() - before < 2)
    }

    /// Marks every unread paper read; returns them, so the caller can undo
    /// with [`Library::set_read`].
    pub fn mark_all_read(&mut self) -> Result<Vec<PaperId>> {
        let tx = self.conn.transaction()?;
        let ids = {
            let mut stmt =
                tx.prepare("UPDATE papers SET read_at = ?1, read_changed_at = ?1 WHERE read_at IS NULL RETURNING id")?;
            let ids = stmt.query_map([now()], |r| Ok(PaperId(r.get(0)?)))?;
            ids.collect::<rusqlite::Result<Vec<_>>>()?
        };
        tx.commit()?;
        Ok(ids)
    }

    /// The passage matching the most of the query: from a summary (newest
    /// digest first), the note, the keywords, a highlight (in reading order)
    /// or a page of the PDF.
    pub(super) fn snippet(&self, paper: &PaperRow, matcher: &Matcher) -> Result<Option<Snippet>> {
        let mut candidates: Vec<(SnippetSource, String)> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.date, e.summary FROM entries e JOIN digests d ON d.id = e.digest_id
              WHERE e.paper_id = ?1 ORDER BY d.date DESC, e.id",
        )?;
        for row in stmt.query_map([paper.id.0], |r| Ok((r.get(0)?, r.get::<_, String>(1)?)))? {
            let (date, summary) = row?;
            candidates.push((SnippetSource::Summary(date), plain_text(&summary)));
        }
        if let Some(note) = self.note(paper.id)? {
            candidates.push((SnippetSource::Note, plain_text(&note.text)));
        }
        candidates.push((SnippetSource::Keywords, paper.keywords.join("、")));
        // A highlight's quote and comment as one text: a hit in the quote
        // shows the quote; one only in the comment shows the comment (after
        // the quote's last words).
        for h in self.highlights(paper.id)? {
            let text = match h.comment.is_empty() {
                true => h.text,
                false => format!("{} — {}", h.text, h.comment),
            };
            let source = SnippetSource::Highlight {
                id: h.id,
                page: h.page,
            };
            candidates.push((source, text));
        }
        // Each text is read once, and not at all after one with every phrase.
        let mut best: Option<(usize, Snippet)> = None;
        let full = |best: &Option<(usize, Snippet)>| {
            best.as_ref().is_some_and(|(n, _)| *n == matcher.len())
        };
        let consider = |best: &mut Option<(usize, Snippet)>, source, text: &str| {
            if let Some((text, n)) = matcher.snippet_and_phrases(text, SNIPPET_CHARS) {
                if best.as_ref().is_none_or(|(m, _)| n > *m) {
                    *best = Some((n, Snippet { source, text }));
                }
            }
        };
        for (source, text) in candidates {
            if full(&best) {
                break;
            }
            consider(&mut best, source, &text);
        }
        // The PDF last, a page at a time, only while no text above holds
        // every phrase: its pages are read from the library one by one.
        if !full(&best) && paper.has_pdf {
            let mut stmt = self.conn.prepare_cached(
                "SELECT page, text FROM pdf_text_pages WHERE paper_id = ?1 ORDER BY page",
            )?;
            let mut rows = stmt.query([paper.id.0])?;
            while let Some(row) = rows.next()? {
                if full(&best) {
                    break;
                }
                let page: u32 = row.get(0)?;
                let text = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
                consider(&mut best, SnippetSource::Pdf { page }, text);
            }
        }
        Ok(best.map(|(_, snippet)| snippet))
    }
}
