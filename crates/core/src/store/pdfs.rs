//! The PDFs the library has downloaded, and the downloads it may resume.
//!
//! Only records live here; the files themselves are [`crate::pdf`]'s.

use std::path::PathBuf;

use rusqlite::{params, OptionalExtension, Row};

use super::notes::ensure_paper;
use super::{now, Library, PaperId, Result};

/// A PDF in the cache: its file is complete, fsynced and in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfRecord {
    pub paper: PaperId,
    /// Relative to the library folder (`pdfs/2509.25454.pdf`).
    pub path: PathBuf,
    /// The version asked for; `None` when the latest was fetched.
    pub version: Option<u32>,
    pub size: u64,
    /// sha256 of the file's bytes, hex.
    pub sha256: String,
    pub fetched_at: String,
}

/// How much the cache holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub count: usize,
    pub bytes: u64,
}

/// What resuming an interrupted download needs: the URL it came from and
/// the server's validator for the bytes already saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialDownload {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

pub(super) fn record(r: &Row<'_>) -> rusqlite::Result<PdfRecord> {
    Ok(PdfRecord {
        paper: PaperId(r.get(0)?),
        path: PathBuf::from(r.get::<_, String>(1)?),
        version: r.get(2)?,
        size: r.get::<_, i64>(3)? as u64,
        sha256: r.get(4)?,
        fetched_at: r.get(5)?,
    })
}

pub(super) const COLUMNS: &str = "paper_id, path, version, size, sha256, fetched_at";

impl Library {
    /// The paper's PDF, if one was downloaded.
    pub fn pdf(&self, paper: PaperId) -> Result<Option<PdfRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM pdfs WHERE paper_id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([paper.0], record)
            .optional()?)
    }

    /// Every downloaded PDF, by paper number.
    pub fn pdfs(&self) -> Result<Vec<PdfRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM pdfs ORDER BY paper_id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], record)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn pdf_stats(&self) -> Result<CacheStats> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM pdfs",
            [],
            |r| {
                Ok(CacheStats {
                    count: r.get::<_, i64>(0)? as usize,
                    bytes: r.get::<_, i64>(1)? as u64,
                })
            },
        )?)
    }

    /// Records a PDF whose file is in place (replacing an earlier one), and
    /// forgets the paper's interrupted download, in one transaction.
    /// `fetched_at` is set now.
    pub fn record_pdf(
        &mut self,
        paper: PaperId,
        path: &str,
        version: Option<u32>,
        size: u64,
        sha256: &str,
    ) -> Result<PdfRecord> {
        ensure_paper(&self.conn, paper)?;
        let stamp = now();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO pdfs (paper_id, path, version, size, sha256, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (paper_id) DO UPDATE SET path = excluded.path, version = excluded.version,
                 size = excluded.size, sha256 = excluded.sha256, fetched_at = excluded.fetched_at",
            params![paper.0, path, version, size as i64, sha256, stamp],
        )?;
        tx.execute("DELETE FROM pdf_partials WHERE paper_id = ?1", [paper.0])?;
        tx.commit()?;
        Ok(PdfRecord {
            paper,
            path: PathBuf::from(path),
            version,
            size,
            sha256: sha256.to_owned(),
            fetched_at: stamp,
        })
    }

    /// Forgets the paper's PDF; returns the record it had, if any.
    pub fn forget_pdf(&mut self, paper: PaperId) -> Result<Option<PdfRecord>> {
        let tx = self.conn.transaction()?;
        let old = {
            let sql = format!("SELECT {COLUMNS} FROM pdfs WHERE paper_id = ?1");
            tx.query_row(&sql, [paper.0], record).optional()?
        };
        tx.execute("DELETE FROM pdfs WHERE paper_id = ?1", [paper.0])?;
        tx.execute("DELETE FROM pdf_partials WHERE paper_id = ?1", [paper.0])?;
        tx.commit()?;
        Ok(old)
    }

    /// The page (1-based) the reader left the paper's PDF at, if any.
    pub fn pdf_page(&self, paper: PaperId) -> Result<Option<u32>> {
        Ok(self
            .conn
            .prepare_cached("SELECT page FROM pdf_pages WHERE paper_id = ?1")?
            .query_row([paper.0], |r| r.get(0))
            .optional()?)
    }

    /// Remembers the page (1-based; 0 counts as 1) the reader is at in the
    /// paper's PDF. Writes only when it changed.
    pub fn set_pdf_page(&mut self, paper: PaperId, page: u32) -> Result<()> {
        ensure_paper(&self.conn, paper)?;
        self.conn
            .prepare_cached(
                "INSERT INTO pdf_pages (paper_id, page, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (paper_id) DO UPDATE SET page = excluded.page, updated_at = excluded.updated_at
                 WHERE page != excluded.page",
            )?
            .execute(params![paper.0, page.max(1), now()])?;
        Ok(())
    }

    /// The paper's interrupted download, if one can be resumed.
    pub fn partial_download(&self, paper: PaperId) -> Result<Option<PartialDownload>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT url, etag, last_modified FROM pdf_partials WHERE paper_id = ?1",
            )?
            .query_row([paper.0], |r| {
                Ok(PartialDownload {
                    url: r.get(0)?,
                    etag: r.get(1)?,
                    last_modified: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// Remembers that the paper's download may be resumed; `None` forgets it.
    pub fn set_partial_download(
        &mut self,
        paper: PaperId,
        partial: Option<&PartialDownload>,
    ) -> Result<()> {
        match partial {
            Some(p) if p.etag.is_some() || p.last_modified.is_some() => {
                self.conn.execute(
                    "INSERT INTO pdf_partials (paper_id, url, etag, last_modified, started_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (paper_id) DO UPDATE SET url = excluded.url, etag = excluded.etag,
                         last_modified = excluded.last_modified, started_at = excluded.started_at",
                    params![paper.0, p.url, p.etag, p.last_modified, now()],
                )?;
            }
            _ => {
                self.conn
                    .execute("DELETE FROM pdf_partials WHERE paper_id = ?1", [paper.0])?;
            }
        }
        Ok(())
    }
}

/// Records the page a merged reading state left the PDF at, dated `at`
/// (the merge decided it is newer).
pub(super) fn write_pdf_page(
    tx: &rusqlite::Transaction<'_>,
    paper: PaperId,
    page: u32,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO pdf_pages (paper_id, page, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (paper_id) DO UPDATE SET page = excluded.page, updated_at = excluded.updated_at",
    )?
    .execute(params![paper.0, page.max(1), at])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreError;
    use std::collections::HashSet;

    /// The papers the library lists as having a PDF.
    fn with_pdf(lib: &Library) -> HashSet<PaperId> {
        let query = crate::PaperQuery {
            filter: crate::Filter {
                has_pdf: Some(true),
                ..crate::Filter::default()
            },
            ..crate::PaperQuery::scope(crate::Scope::All)
        };
        lib.papers(&query).unwrap().ids().into_iter().collect()
    }

    fn library_with_two_papers() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        lib.conn
            .execute_batch(
                "INSERT INTO papers (id, key, arxiv_id, title, url, created_at)
                     VALUES (1, 'arxiv:2509.25454', '2509.25454', 'A', 'https://arxiv.org/abs/2509.25454', 't'),
                            (2, 'arxiv:hep-th/9901001', 'hep-th/9901001', 'B', 'https://arxiv.org/abs/hep-th/9901001', 't');",
            )
            .unwrap();
        (dir, lib)
    }

    #[test]
    fn a_recorded_pdf_is_found_counted_and_forgotten() {
        let (_dir, mut lib) = library_with_two_papers();
        assert_eq!(lib.pdf(PaperId(1)).unwrap(), None);
        assert_eq!(lib.pdf_stats().unwrap(), CacheStats::default());

        let rec = lib
            .record_pdf(PaperId(1), "pdfs/2509.25454.pdf", Some(2), 1234, "ab")
            .unwrap();
        assert_eq!(rec.path, PathBuf::from("pdfs/2509.25454.pdf"));
        assert_eq!(
            (rec.version, rec.size, rec.sha256.as_str()),
            (Some(2), 1234, "ab")
        );
        lib.record_pdf(PaperId(2), "pdfs/hep-th_9901001.pdf", None, 10, "cd")
            .unwrap();
        assert_eq!(
            lib.pdf_stats().unwrap(),
            CacheStats {
                count: 2,
                bytes: 1244
            }
        );
        assert_eq!(with_pdf(&lib), HashSet::from([PaperId(1), PaperId(2)]));

        // Fetching again replaces the record.
        let again = lib
            .record_pdf(PaperId(1), "pdfs/2509.25454.pdf", None, 99, "ef")
            .unwrap();
        assert_eq!((again.version, again.size), (None, 99));
        assert_eq!(lib.pdfs().unwrap().len(), 2);

        assert_eq!(lib.forget_pdf(PaperId(1)).unwrap(), Some(again));
        assert_eq!(lib.forget_pdf(PaperId(1)).unwrap(), None);
        assert_eq!(with_pdf(&lib), HashSet::from([PaperId(2)]));
    }

    #[test]
    fn the_page_a_pdf_was_left_at_is_kept_per_paper() {
        let (_dir, mut lib) = library_with_two_papers();
        assert_eq!(lib.pdf_page(PaperId(1)).unwrap(), None);
        lib.set_pdf_page(PaperId(1), 12).unwrap();
        lib.set_pdf_page(PaperId(2), 0).unwrap();
        assert_eq!(lib.pdf_page(PaperId(1)).unwrap(), Some(12));
        assert_eq!(lib.pdf_page(PaperId(2)).unwrap(), Some(1));
        lib.set_pdf_page(PaperId(1), 3).unwrap();
        assert_eq!(lib.pdf_page(PaperId(1)).unwrap(), Some(3));
        // Deleting the PDF keeps the place; a paper that does not exist has none.
        lib.record_pdf(PaperId(1), "pdfs/2509.25454.pdf", None, 1, "ab")
            .unwrap();
        lib.forget_pdf(PaperId(1)).unwrap();
        assert_eq!(lib.pdf_page(PaperId(1)).unwrap(), Some(3));
        let err = lib.set_pdf_page(PaperId(99), 1).unwrap_err();
        assert!(matches!(err, StoreError::NoSuchPaper(_)), "{err}");
    }

    #[test]
    fn recording_a_pdf_ends_its_partial_download() {
        let (_dir, mut lib) = library_with_two_papers();
        let partial = PartialDownload {
            url: "https://arxiv.org/pdf/2509.25454".into(),
            etag: Some("\"v1\"".into()),
            last_modified: None,
        };
        lib.set_partial_download(PaperId(1), Some(&partial))
            .unwrap();
        assert_eq!(lib.partial_download(PaperId(1)).unwrap(), Some(partial));
        lib.record_pdf(PaperId(1), "pdfs/2509.25454.pdf", None, 1, "x")
            .unwrap();
        assert_eq!(lib.partial_download(PaperId(1)).unwrap(), None);
    }

    #[test]
    fn a_download_without_a_validator_is_not_resumable() {
        let (_dir, mut lib) = library_with_two_papers();
        let partial = PartialDownload {
            url: "https://arxiv.org/pdf/2509.25454".into(),
            etag: None,
            last_modified: None,
        };
        lib.set_partial_download(PaperId(1), Some(&partial))
            .unwrap();
        assert_eq!(lib.partial_download(PaperId(1)).unwrap(), None);
    }

    #[test]
    fn a_pdf_needs_a_paper() {
        let (_dir, mut lib) = library_with_two_papers();
        let err = lib
            .record_pdf(PaperId(7), "pdfs/x.pdf", None, 1, "x")
            .unwrap_err();
        assert!(err.to_string().contains("no paper `7`"), "{err}");
    }
}
