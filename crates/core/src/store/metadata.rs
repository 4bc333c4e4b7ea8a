//! Papers' metadata from arXiv's API (migration 0009): stored a batch per
//! transaction, read for a paper's details, chosen for fetching, and the
//! rule for a new version. The digests' own titles and summaries are
//! never written here.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

use super::search::INDEX_PAPERS;
use super::{now, Library, PaperId, Result};
use crate::arxiv::ArxivId;
use crate::metadata::{fold_name, Author, Link, Metadata};

/// A paper's newer version, as SQL over `papers p`: the version the API
/// last reported, when it is newer than what the reader has — the highest
/// version a digest linked or the cached PDF is at (a PDF fetched without a
/// version after the API's latest version appeared is that version). When
/// neither names a version, the latest version is new if it appeared after
/// the newest digest listing the paper (that digest showed an older one).
/// NULL otherwise, and before any metadata. The one definition, for the
/// rows' `new_version` and the filter; a macro so that it can be part of
/// constant SQL.
macro_rules! new_version {
    () => {
        "(SELECT m.version FROM paper_metadata m
      LEFT JOIN pdfs f ON f.paper_id = m.paper_id
     WHERE m.paper_id = p.id AND m.version > 1
       AND m.version > max(coalesce((SELECT MAX(e.version) FROM entries e WHERE e.paper_id = p.id), 0),
                           coalesce(f.version, 0))
       AND NOT (f.paper_id IS NOT NULL AND f.version IS NULL AND f.fetched_at >= m.updated)
       AND (coalesce((SELECT MAX(e.version) FROM entries e WHERE e.paper_id = p.id), f.version) IS NOT NULL
            OR substr(m.updated, 1, 10) > p.latest_date))"
    };
}
pub(super) use new_version;

/// A paper's metadata as stored, with when it was fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMetadata {
    pub metadata: Metadata,
    /// RFC 3339, UTC.
    pub fetched_at: String,
}

/// A category and how many papers have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryCount {
    pub name: String,
    pub papers: usize,
}

/// Which papers' metadata to ask for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetadataWanted {
    /// Only among these papers (`None`: the whole library).
    pub within: Option<Vec<PaperId>>,
    /// Papers without metadata that the API was not found to lack.
    pub missing: bool,
    /// Papers whose metadata (or "not found") is older than this.
    pub older_than: Option<DateTime<Utc>>,
}

impl Library {
    /// Stores one batch's answer in one transaction: each found paper's
    /// metadata, authors and categories replace what was there (and any
    /// "not found"); each id not found is remembered with the time. `papers`
    /// maps the batch's ids to papers; an entry for another id is ignored.
    /// The search index is refreshed for the papers written.
    pub fn save_metadata(
        &mut self,
        papers: &[(PaperId, ArxivId)],
        found: &[Metadata],
        not_found: &[ArxivId],
    ) -> Result<()> {
        let paper_of = |id: &ArxivId| papers.iter().find(|(_, a)| a == id).map(|(p, _)| *p);
        let stamp = now();
        let tx = self.conn.transaction()?;
        {
            let mut meta = tx.prepare_cached(
                "INSERT INTO paper_metadata (paper_id, version, title, abstract, published, updated,
                     primary_category, doi, journal_ref, comment, links, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (paper_id) DO UPDATE SET version = excluded.version,
                     title = excluded.title, abstract = excluded.abstract,
                     published = excluded.published, updated = excluded.updated,
                     primary_category = excluded.primary_category, doi = excluded.doi,
                     journal_ref = excluded.journal_ref, comment = excluded.comment,
                     links = excluded.links, fetched_at = excluded.fetched_at",
            )?;
            let mut clear_authors =
                tx.prepare_cached("DELETE FROM paper_authors WHERE paper_id = ?1")?;
            let mut author = tx.prepare_cached(
                "INSERT INTO paper_authors (paper_id, seq, name, folded, affiliations)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut clear_categories =
                tx.prepare_cached("DELETE FROM paper_categories WHERE paper_id = ?1")?;
            let mut category = tx.prepare_cached(
                "INSERT INTO paper_categories (paper_id, seq, category) VALUES (?1, ?2, ?3)",
            )?;
            let mut found_now =
                tx.prepare_cached("DELETE FROM metadata_not_found WHERE paper_id = ?1")?;
            let mut unindex = tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?;
            let mut index = tx.prepare_cached(&format!("{INDEX_PAPERS} WHERE paper_id = ?1"))?;
            for m in found {
                let Some(paper) = paper_of(&m.arxiv_id) else {
                    continue;
                };
                let links = serde_json::to_string(&m.links).expect("links serialize");
                meta.execute(params![
                    paper.0,
                    m.version,
                    m.title,
                    m.abstract_text,
                    rfc3339(&m.published),
                    rfc3339(&m.updated),
                    m.primary_category,
                    m.doi,
                    m.journal_ref,
                    m.comment,
                    links,
                    stamp,
                ])?;
                clear_authors.execute([paper.0])?;
                for (seq, a) in m.authors.iter().enumerate() {
                    let affiliations =
                        serde_json::to_string(&a.affiliations).expect("strings serialize");
                    author.execute(params![
                        paper.0,
                        seq as i64,
                        a.name,
                        fold_name(&a.name),
                        affiliations
                    ])?;
                }
                clear_categories.execute([paper.0])?;
                for (seq, c) in m.categories.iter().enumerate() {
                    category.execute(params![paper.0, seq as i64, c])?;
                }
                found_now.execute([paper.0])?;
                unindex.execute([paper.0])?;
                index.execute([paper.0])?;
            }
            let mut missing = tx.prepare_cached(
                "INSERT INTO metadata_not_found (paper_id, checked_at) VALUES (?1, ?2)
                 ON CONFLICT (paper_id) DO UPDATE SET checked_at = excluded.checked_at",
            )?;
            for id in not_found {
                if let Some(paper) = paper_of(id) {
                    missing.execute(params![paper.0, stamp])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// A paper's metadata, `None` before it was fetched (or when arXiv has none).
    pub fn metadata(&self, id: PaperId) -> Result<Option<StoredMetadata>> {
        Ok(self.metadata_of(&[id])?.remove(&id))
    }

    /// The metadata of each of these papers that has some, in three
    /// statements whatever their number (an export of 10,000 papers asked
    /// 30,000 queries one paper at a time).
    pub fn metadata_of(&self, ids: &[PaperId]) -> Result<HashMap<PaperId, StoredMetadata>> {
        let list = serde_json::to_string(&ids.iter().map(|i| i.0).collect::<Vec<_>>())
            .expect("a list of integers is JSON");
        let mut authors: HashMap<PaperId, Vec<Author>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.paper_id, a.name, a.affiliations
               FROM json_each(?1) j JOIN paper_authors a ON a.paper_id = j.value
              ORDER BY a.paper_id, a.seq",
        )?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            let affiliations: String = r.get(2)?;
            authors.entry(PaperId(r.get(0)?)).or_default().push(Author {
                name: r.get(1)?,
                affiliations: serde_json::from_str(&affiliations).unwrap_or_default(),
            });
        }
        let mut categories: HashMap<PaperId, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.paper_id, c.category
               FROM json_each(?1) j JOIN paper_categories c ON c.paper_id = j.value
              ORDER BY c.paper_id, c.seq",
        )?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            categories
                .entry(PaperId(r.get(0)?))
                .or_default()
                .push(r.get(1)?);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.paper_id, p.arxiv_id, m.version, m.title, m.abstract, m.published, m.updated,
                    m.primary_category, m.doi, m.journal_ref, m.comment, m.links, m.fetched_at
               FROM json_each(?1) j
               JOIN paper_metadata m ON m.paper_id = j.value
               JOIN papers p ON p.id = m.paper_id",
        )?;
        let mut rows = stmt.query([&list])?;
        let mut found = HashMap::new();
        while let Some(r) = rows.next()? {
            let id = PaperId(r.get(0)?);
            let arxiv: Option<String> = r.get(1)?;
            let Some(arxiv_id) = arxiv.and_then(|a| ArxivId::parse(&a).ok()) else {
                continue;
            };
            let links: String = r.get(11)?;
            let published: String = r.get(5)?;
            let updated: String = r.get(6)?;
            let metadata = Metadata {
                arxiv_id,
                version: r.get(2)?,
                title: r.get(3)?,
                authors: authors.remove(&id).unwrap_or_default(),
                abstract_text: r.get(4)?,
                published: parse_time(&published),
                updated: parse_time(&updated),
                primary_category: r.get(7)?,
                categories: categories.remove(&id).unwrap_or_default(),
                doi: r.get(8)?,
                journal_ref: r.get(9)?,
                comment: r.get(10)?,
                links: serde_json::from_str::<Vec<Link>>(&links).unwrap_or_default(),
            };
            found.insert(
                id,
                StoredMetadata {
                    metadata,
                    fetched_at: r.get(12)?,
                },
            );
        }
        Ok(found)
    }

    /// The papers (with an arXiv id) whose metadata `wanted` asks for, by
    /// number. With neither `missing` nor `older_than`, every paper `within`.
    pub fn papers_wanting_metadata(
        &self,
        wanted: &MetadataWanted,
    ) -> Result<Vec<(PaperId, ArxivId)>> {
        let mut sql = String::from(
            "SELECT p.id, p.arxiv_id FROM papers p
               LEFT JOIN paper_metadata m ON m.paper_id = p.id
               LEFT JOIN metadata_not_found nf ON nf.paper_id = p.id
              WHERE p.arxiv_id IS NOT NULL",
        );
        let mut params: Vec<Value> = Vec::new();
        if let Some(within) = &wanted.within {
            sql.push_str(" AND p.id IN (SELECT value FROM json_each(?))");
            let ids: Vec<i64> = within.iter().map(|p| p.0).collect();
            params.push(Value::Text(
                serde_json::to_string(&ids).expect("ids serialize"),
            ));
        }
        let mut which = Vec::new();
        if wanted.missing {
            which.push("(m.paper_id IS NULL AND nf.paper_id IS NULL)".to_owned());
        }
        if let Some(older) = wanted.older_than {
            which.push("(m.fetched_at < ? OR nf.checked_at < ?)".to_owned());
            let at = crate::state::Stamp::from(older).to_string();
            params.push(Value::Text(at.clone()));
            params.push(Value::Text(at));
        }
        if !which.is_empty() {
            sql.push_str(&format!(" AND ({})", which.join(" OR ")));
        }
        sql.push_str(" ORDER BY p.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(&params), |r| {
            Ok((PaperId(r.get(0)?), r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, arxiv) = row?;
            if let Ok(arxiv) = ArxivId::parse(&arxiv) {
                out.push((id, arxiv));
            }
        }
        Ok(out)
    }

    /// Whether metadata is fetched after an import by itself
    /// ([`crate::metadata::AUTO_SETTING`]; on unless set to `off`).
    pub fn metadata_auto(&self) -> Result<bool> {
        Ok(self
            .setting(crate::metadata::AUTO_SETTING)?
            .is_none_or(|v| v != "off"))
    }

    /// Every category arXiv gave the library's papers, with its number of
    /// papers (each counted once however it lists the category), by name:
    /// what a category filter offers (`Filter::category` matches the same
    /// rows).
    pub fn categories(&self) -> Result<Vec<CategoryCount>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT category, COUNT(DISTINCT paper_id) FROM paper_categories
              GROUP BY category ORDER BY category",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CategoryCount {
                name: r.get(0)?,
                papers: r.get::<_, i64>(1)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_metadata_auto(&mut self, on: bool) -> Result<()> {
        self.set_setting(
            crate::metadata::AUTO_SETTING,
            Some(if on { "on" } else { "off" }),
        )
    }
}

fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}
