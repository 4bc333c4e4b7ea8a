//! Writing one parsed digest into the library, in one transaction.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::{now, Library, Result};
use crate::digest::{Entry, PaperKey, Section};

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
    fn as_db(&self) -> String {
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
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
                let mut stmt = tx.prepare(
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

        let mut outcome = ImportOutcome::default();
        {
            let mut find_paper = tx.prepare_cached("SELECT id FROM papers WHERE key = ?1")?;
            let mut add_paper = tx.prepare_cached(
                "INSERT INTO papers (key, arxiv_id, title, url, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut add_entry = tx.prepare_cached(
                "INSERT INTO entries (digest_id, position, paper_id, line, title, url, version, summary, body, sections)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut add_keyword = tx.prepare_cached(
                "INSERT INTO keywords (entry_id, seq, keyword) VALUES (?1, ?2, ?3)",
            )?;

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
                        id
                    }
                    None => {
                        let arxiv_id = e.link.arxiv.as_ref().map(|a| a.id.as_str());
                        add_paper.execute(params![key, arxiv_id, e.title, e.link.url, stamp])?;
                        outcome.added += 1;
                        tx.last_insert_rowid()
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
                    e.summary.body,
                    sections_json(&e.summary.sections),
                ])?;
                let entry_id = tx.last_insert_rowid();
                for (seq, k) in e.summary.keywords.iter().enumerate() {
                    add_keyword.execute(params![entry_id, seq as i64, k])?;
                }
            }
        }
        tx.commit()?;
        Ok(outcome)
    }
}

fn sections_json(sections: &[Section]) -> String {
    let list: Vec<serde_json::Value> = sections
        .iter()
        .map(|s| serde_json::json!({"kind": s.kind.as_str(), "label": s.label, "text": s.text}))
        .collect();
    serde_json::Value::Array(list).to_string()
}
