//! Writing one parsed digest into the library, in one transaction.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};

use super::search::INDEX_PAPERS;
use super::{now, Library, Result};
use crate::digest::{Entry, PaperKey};

/// Which file a digest came from: with its date, this identifies the digest.
#[derive(Debug, Clone)]
pub struct ImportSource {
    pub name: String,
    /// sha256 of the file's bytes, hex.
    pub hash: String,
}

/// How the library's papers changed by one import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Papers new to the library.
    pub added: usize,
    /// Papers already in the library whose entry in this digest is new or changed.
    pub updated: usize,
    /// Papers whose entry in this digest is exactly as before.
    pub unchanged: usize,
}

impl PaperKey {
    pub(super) fn as_db(&self) -> String {
        match self {
            PaperKey::Arxiv(id) => format!("arxiv:{id}"),
            PaperKey::Url(url) => format!("url:{url}"),
        }
    }
}

#[derive(PartialEq)]
struct OldEntry {
    position: usize,
    title: String,
    url: String,
    summary: String,
}

impl Library {
    /// The digest already imported from this very content, if any: its date
    /// and paper count. Lets a re-import skip parsing altogether.
    pub fn imported_unchanged(
        &self,
        source: &ImportSource,
        date: Option<NaiveDate>,
    ) -> Result<Option<(NaiveDate, usize)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.date, (SELECT COUNT(*) FROM entries e WHERE e.digest_id = d.id)
               FROM digests d
              WHERE d.name = ?1 AND d.content_hash = ?2 AND (?3 IS NULL OR d.date = ?3)
              ORDER BY d.date LIMIT 1",
        )?;
        Ok(stmt
            .query_row(params![source.name, source.hash, date], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
            })
            .optional()?)
    }

    /// Imports one digest: new papers are added, known papers keep their
    /// reading state and note, and a digest imported before from other
    /// content has its entries replaced. All or nothing.
    pub fn import_digest(
        &mut self,
        source: &ImportSource,
        date: NaiveDate,
        entries: &[Entry],
    ) -> Result<ImportOutcome> {
        let outcomes = self.import_digests(&[DigestImport {
            source,
            date,
            entries,
        }])?;
        Ok(outcomes[0])
    }

    /// Imports several digests in one transaction, in order, as
    /// [`Library::import_digest`] would one by one: all of them or none.
    ///
    /// One transaction for many digests is what makes a large import fast:
    /// the search index gets one new segment for the lot instead of one per
    /// digest (each of which it would later merge), and SQLite commits once.
    pub fn import_digests(&mut self, digests: &[DigestImport<'_>]) -> Result<Vec<ImportOutcome>> {
        // No automatic snapshot while the batch is open (`store/lock.rs`).
        let _batch = super::lock::shared(&self.dir);
        let tx = self.conn.transaction()?;
        let mut touched = Touched::default();
        let outcomes = digests
            .iter()
            .map(|d| write_digest(&tx, d, &mut touched))
            .collect::<Result<Vec<_>>>()?;
        refresh_papers(&tx, &touched)?;
        tx.commit()?;
        Ok(outcomes)
    }
}

/// One digest for [`Library::import_digests`].
#[derive(Debug, Clone, Copy)]
pub struct DigestImport<'a> {
    pub source: &'a ImportSource,
    pub date: NaiveDate,
    pub entries: &'a [Entry],
}

/// The papers an import transaction may have changed: their list position
/// and search text are brought up to date once, before it commits.
#[derive(Default)]
struct Touched {
    /// Every paper a written digest lists now or listed before.
    papers: BTreeSet<i64>,
    /// Papers this transaction added: not yet in the search index.
    added: BTreeSet<i64>,
    /// Papers that are in the index and must leave it before they are
    /// indexed again.
    indexed: BTreeSet<i64>,
}

impl Touched {
    fn existing(&mut self, id: i64) {
        self.papers.insert(id);
        if !self.added.contains(&id) {
            self.indexed.insert(id);
        }
    }

    fn added(&mut self, id: i64) {
        self.papers.insert(id);
        self.added.insert(id);
    }
}

fn write_digest(
    tx: &Transaction<'_>,
    digest: &DigestImport<'_>,
    touched: &mut Touched,
) -> Result<ImportOutcome> {
    let DigestImport {
        source,
        date,
        entries,
    } = *digest;
    let existing: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, content_hash FROM digests WHERE date = ?1 AND name = ?2",
            params![date, source.name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((_, hash)) = &existing {
        if *hash == source.hash {
            return Ok(ImportOutcome {
                unchanged: entries.len(),
                ..ImportOutcome::default()
            });
        }
    }
    let stamp = now();
    let mut old: HashMap<i64, OldEntry> = HashMap::new();
    let digest_id = match existing {
        Some((id, _)) => {
            let mut stmt = tx.prepare_cached(
                "SELECT paper_id, position, title, url, summary FROM entries WHERE digest_id = ?1",
            )?;
            let rows = stmt.query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    OldEntry {
                        position: r.get::<_, i64>(1)? as usize,
                        title: r.get(2)?,
                        url: r.get(3)?,
                        summary: r.get(4)?,
                    },
                ))
            })?;
            for row in rows {
                let (paper, entry) = row?;
                old.insert(paper, entry);
            }
            drop(stmt);
            tx.execute("DELETE FROM entries WHERE digest_id = ?1", [id])?;
            tx.execute(
                "UPDATE digests SET content_hash = ?2, imported_at = ?3 WHERE id = ?1",
                params![id, source.hash, stamp],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO digests (date, name, content_hash, imported_at) VALUES (?1, ?2, ?3, ?4)",
                params![date, source.name, source.hash, stamp],
            )?;
            tx.last_insert_rowid()
        }
    };
    for &id in old.keys() {
        touched.existing(id);
    }

    let mut find_paper = tx.prepare_cached("SELECT id FROM papers WHERE key = ?1")?;
    let mut add_paper = tx.prepare_cached(
        "INSERT INTO papers (key, arxiv_id, title, url, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut add_entry = tx.prepare_cached(
        "INSERT INTO entries (digest_id, position, paper_id, line, title, url, version, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut add_keyword =
        tx.prepare_cached("INSERT INTO keywords (entry_id, seq, keyword) VALUES (?1, ?2, ?3)")?;

    let mut outcome = ImportOutcome::default();
    for (position, e) in entries.iter().enumerate() {
        let key = e.key().as_db();
        let found: Option<i64> = find_paper.query_row([&key], |r| r.get(0)).optional()?;
        let paper_id = match found {
            Some(id) => {
                let now_entry = OldEntry {
                    position,
                    title: e.title.clone(),
                    url: e.link.url.clone(),
                    summary: e.summary.text.clone(),
                };
                if old.get(&id) == Some(&now_entry) {
                    outcome.unchanged += 1;
                } else {
                    outcome.updated += 1;
                }
                touched.existing(id);
                id
            }
            None => {
                let arxiv_id = e.link.arxiv.as_ref().map(|a| a.id.as_str());
                add_paper.execute(params![key, arxiv_id, e.title, e.link.url, stamp])?;
                outcome.added += 1;
                let id = tx.last_insert_rowid();
                touched.added(id);
                id
            }
        };
        add_entry.execute(params![
            digest_id,
            position as i64,
            paper_id,
            e.line as i64,
            e.title,
            e.link.url,
            e.link.arxiv.as_ref().and_then(|a| a.version),
            e.summary.text,
        ])?;
        let entry_id = tx.last_insert_rowid();
        for (seq, k) in e.summary.keywords.iter().enumerate() {
            add_keyword.execute(params![entry_id, seq as i64, k])?;
        }
    }
    Ok(outcome)
}

/// Brings the touched papers' list position and search index rows up to date,
/// with one statement for all of them where SQLite allows: FTS5 writes a new
/// index segment per statement, so per-paper inserts would cost an import
/// thousands of tiny segments and their merging.
fn refresh_papers(tx: &Transaction<'_>, touched: &Touched) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS import_touched (paper_id INTEGER PRIMARY KEY);
         DELETE FROM temp.import_touched;",
    )?;
    {
        let mut add =
            tx.prepare_cached("INSERT INTO temp.import_touched (paper_id) VALUES (?1)")?;
        for id in &touched.papers {
            add.execute([id])?;
        }
        // One rowid per statement: FTS5 answers `rowid = ?` from its index,
        // while `rowid IN (...)` could scan it.
        let mut unindex = tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?;
        for id in &touched.indexed {
            unindex.execute([id])?;
        }
    }
    tx.execute_batch(&format!(
        "UPDATE papers SET (latest_date, latest_position) = (
             SELECT d.date, e.position FROM entries e JOIN digests d ON d.id = e.digest_id
              WHERE e.paper_id = papers.id ORDER BY d.date DESC, e.position LIMIT 1)
          WHERE id IN (SELECT paper_id FROM temp.import_touched);
         {INDEX_PAPERS} WHERE paper_id IN (SELECT paper_id FROM temp.import_touched);
         DELETE FROM temp.import_touched;",
    ))?;
    Ok(())
}
