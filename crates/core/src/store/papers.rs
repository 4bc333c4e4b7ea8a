//! Papers: listing, details, reading state and stars.

use std::fmt;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

use super::{now, Library, Note, Result, StoreError};
use crate::arxiv::{ArxivId, ArxivRef};
use crate::digest::{Section, Summary};

/// A paper's number in the library (what `papershelf list` shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PaperId(pub i64);

impl fmt::Display for PaperId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A paper as a list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperRow {
    pub id: PaperId,
    /// The arXiv id, with the latest version any digest linked to.
    pub arxiv: Option<ArxivRef>,
    pub title: String,
    pub url: String,
    /// Keywords of all its entries, first seen first, without repeats.
    pub keywords: Vec<String>,
    /// Dates of the digests listing it, oldest first.
    pub digests: Vec<NaiveDate>,
    pub read: bool,
    pub read_at: Option<String>,
    pub starred: bool,
    pub has_note: bool,
    /// Its PDF is in the offline cache (recorded; see `pdf::cache` for the file).
    pub has_pdf: bool,
    /// The reader's tags, by name.
    pub tags: Vec<String>,
    /// Authors' names in order, from arXiv's metadata (empty before it is fetched).
    pub authors: Vec<String>,
    /// A version newer than the reader's, when arXiv reported one (see
    /// `store/metadata.rs`, `NEW_VERSION`).
    pub new_version: Option<u32>,
}

/// One digest's entry for a paper.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryDetail {
    pub date: NaiveDate,
    pub digest_name: String,
    pub position: usize,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub body: String,
    pub sections: Vec<Section>,
}

/// Everything about a paper.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperDetail {
    pub row: PaperRow,
    /// Newest digest first.
    pub entries: Vec<EntryDetail>,
    pub note: Option<Note>,
    /// What arXiv's API said, once fetched.
    pub metadata: Option<super::StoredMetadata>,
}

/// The columns [`Library::row`] reads. Keywords, digest dates and tags come as
/// JSON arrays from the same statement: a query per row for each (prepared
/// once, but re-planned by SQLite at every new binding) made a 10,000-paper
/// list take a second.
pub(super) const ROW_COLUMNS: &str = concat!(
    "p.id, p.arxiv_id, p.title, p.url, p.read_at, p.starred,
    (SELECT MAX(e.version) FROM entries e WHERE e.paper_id = p.id),
    EXISTS (SELECT 1 FROM notes n WHERE n.paper_id = p.id AND ",
    super::notes::note_has_text!(),
    "),
    (SELECT json_group_array(keyword) FROM (
        SELECT k.keyword FROM entries e
          JOIN digests d ON d.id = e.digest_id
          JOIN keywords k ON k.entry_id = e.id
         WHERE e.paper_id = p.id ORDER BY d.date, k.seq)),
    (SELECT json_group_array(date) FROM (
        SELECT DISTINCT d.date FROM entries e JOIN digests d ON d.id = e.digest_id
         WHERE e.paper_id = p.id ORDER BY d.date)),
    EXISTS (SELECT 1 FROM pdfs f WHERE f.paper_id = p.id),
    (SELECT json_group_array(name) FROM (
        SELECT t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
         WHERE pt.paper_id = p.id ORDER BY t.name COLLATE NOCASE)),
    (SELECT json_group_array(name) FROM (
        SELECT a.name FROM paper_authors a WHERE a.paper_id = p.id ORDER BY a.seq)),
    ",
    super::metadata::new_version!()
);

impl Library {
    pub(super) fn row(&self, r: &Row<'_>) -> rusqlite::Result<PaperRow> {
        let id = PaperId(r.get(0)?);
        let arxiv_id: Option<String> = r.get(1)?;
        let read_at: Option<String> = r.get(4)?;
        let version: Option<u32> = r.get(6)?;
        Ok(PaperRow {
            id,
            arxiv: arxiv_id
                .and_then(|s| ArxivId::parse(&s).ok())
                .map(|id| ArxivRef { id, version }),
            title: r.get(2)?,
            url: r.get(3)?,
            keywords: distinct(json_list(r, 8)?),
            digests: json_list(r, 9)?,
            read: read_at.is_some(),
            read_at,
            starred: r.get(5)?,
            has_note: r.get(7)?,
            has_pdf: r.get(10)?,
            tags: json_list(r, 11)?,
            authors: json_list(r, 12)?,
            new_version: r.get(13)?,
        })
    }

    /// Finds a paper by arXiv id (with or without version, `arXiv:` prefix
    /// allowed) or by its number in the library.
    pub fn resolve(&self, reference: &str) -> Result<PaperId> {
        let reference = reference.trim();
        let found: Option<i64> = if let Ok(r) = ArxivRef::parse(reference) {
            self.conn
                .query_row(
                    "SELECT id FROM papers WHERE arxiv_id = ?1",
                    [r.id.as_str()],
                    |r| r.get(0),
                )
                .optional()?
        } else if let Ok(n) = reference.parse::<i64>() {
            self.conn
                .query_row("SELECT id FROM papers WHERE id = ?1", [n], |r| r.get(0))
                .optional()?
        } else {
            None
        };
        found
            .map(PaperId)
            .ok_or_else(|| StoreError::NoSuchPaper(reference.to_owned()))
    }

    pub fn paper(&self, id: PaperId) -> Result<PaperDetail> {
        let row = self.paper_row(id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.date, d.name, e.position, e.title, e.url, e.summary
               FROM entries e JOIN digests d ON d.id = e.digest_id
              WHERE e.paper_id = ?1 ORDER BY d.date DESC, d.name",
        )?;
        let entries = stmt
            .query_map([id.0], |r| {
                // Body and sections are derived, not stored: see migration 0005.
                let summary = Summary::parse(&r.get::<_, String>(5)?);
                Ok(EntryDetail {
                    date: r.get(0)?,
                    digest_name: r.get(1)?,
                    position: r.get::<_, i64>(2)? as usize,
                    title: r.get(3)?,
                    url: r.get(4)?,
                    summary: summary.text,
                    body: summary.body,
                    sections: summary.sections,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(PaperDetail {
            row,
            entries,
            note: self.note(id)?,
            metadata: self.metadata(id)?,
        })
    }

    /// Marks papers read or unread; returns those whose state changed.
    pub fn set_read(&mut self, ids: &[PaperId], read: bool) -> Result<Vec<PaperId>> {
        let tx = self.conn.transaction()?;
        let mut changed = Vec::new();
        {
            let stamp = now();
            let mut stmt = tx.prepare_cached(
                "UPDATE papers SET read_at = CASE WHEN ?2 THEN ?3 END, read_changed_at = ?3
                  WHERE id = ?1 AND (read_at IS NOT NULL) <> ?2",
            )?;
            for id in ids {
                if stmt.execute(params![id.0, read, stamp])? > 0 {
                    changed.push(*id);
                }
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Marks every paper of a digest read; returns those that were unread,
    /// so the caller can undo with [`Library::set_read`].
    pub fn mark_digest_read(&mut self, date: NaiveDate) -> Result<Vec<PaperId>> {
        // Straight from the digest's entries (not `list`, which scans every
        // paper): milliseconds even in a library of a million papers.
        let mut ids: Vec<PaperId> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT e.paper_id FROM digests d
                   JOIN entries e ON e.digest_id = d.id
                   JOIN papers p ON p.id = e.paper_id
                  WHERE d.date = ?1 AND p.read_at IS NULL
                  ORDER BY d.name, e.position",
            )?;
            for id in stmt.query_map([date], |r| Ok(PaperId(r.get(0)?)))? {
                let id = id?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        if ids.is_empty() {
            self.ensure_digest(date)?;
        }
        self.set_read(&ids, true)
    }

    /// Stars or unstars a paper; the time is kept only when the star changed.
    pub fn set_starred(&mut self, id: PaperId, starred: bool) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE papers SET starred = ?2,
                    starred_changed_at = CASE WHEN starred <> ?2 THEN ?3 ELSE starred_changed_at END
              WHERE id = ?1",
            params![id.0, starred, now()],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchPaper(id.to_string()));
        }
        Ok(())
    }
}

/// A JSON array column of [`ROW_COLUMNS`].
pub(super) fn json_list<T: serde::de::DeserializeOwned>(
    r: &Row<'_>,
    column: usize,
) -> rusqlite::Result<Vec<T>> {
    let json: String = r.get(column)?;
    serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The list without repeats, in the order each first appears: a paper listed
/// by several digests shows each keyword once.
fn distinct(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for item in list {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
