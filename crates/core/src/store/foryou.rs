//! What "For you" reads from the library: every paper's texts for its
//! features, the reader's signals, and a signature of both that tells
//! whether a model is stale (`foryou/`).

use std::cell::RefCell;
use std::sync::Arc;

use super::{Library, PaperId, Result};
use crate::foryou::{Document, Labels, Model};

/// Which list of a document a statement's rows go to.
type Field = fn(&mut Document) -> &mut Vec<String>;

/// The last model this connection used (see [`Library::for_you_model`]),
/// and the library's signature as of a moment: (`PRAGMA data_version`,
/// this connection's total changes), which move with every commit of
/// another connection and every row this one writes.
#[derive(Default)]
pub(crate) struct ModelCache {
    model: RefCell<Option<Arc<Model>>>,
    signature: RefCell<Option<((i64, u64), String)>>,
}

impl Library {
    /// Every paper's texts: its title, each distinct summary of its
    /// entries, the abstract, keywords, tags and authors.
    pub(crate) fn for_you_documents(&self) -> Result<Vec<Document>> {
        let mut docs: Vec<Document> = Vec::new();
        let mut stmt = self.conn.prepare(
            "SELECT p.id, p.title, m.abstract FROM papers p
               LEFT JOIN paper_metadata m ON m.paper_id = p.id ORDER BY p.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            docs.push(Document {
                id: PaperId(r.get(0)?),
                title: r.get(1)?,
                texts: r.get::<_, Option<String>>(2)?.into_iter().collect(),
                keywords: Vec::new(),
                tags: Vec::new(),
                authors: Vec::new(),
            });
        }
        let statements: [(&str, Field); 4] = [
            ("SELECT paper_id, summary FROM entries", |d| &mut d.texts),
            (
                "SELECT e.paper_id, k.keyword FROM keywords k JOIN entries e ON e.id = k.entry_id",
                |d| &mut d.keywords,
            ),
            (
                "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id",
                |d| &mut d.tags,
            ),
            (
                "SELECT paper_id, name FROM paper_authors ORDER BY paper_id, seq",
                |d| &mut d.authors,
            ),
        ];
        for (sql, field) in statements {
            let mut stmt = self.conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let Ok(at) = docs.binary_search_by_key(&id, |d| d.id.0) else {
                    continue;
                };
                let text: String = r.get(1)?;
                // A paper listed by several digests often has one summary.
                let list = field(&mut docs[at]);
                if !list.contains(&text) {
                    list.push(text);
                }
            }
        }
        Ok(docs)
    }

    /// How many positives the reader has given (without training
    /// anything): the app offers For you as New's and Unread's default
    /// order from [`crate::foryou::MIN_POSITIVES`] on.
    pub fn for_you_positives(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM ({})", positives_sql()))?
            .query_row([], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The reader's signals: positives (starred, a note with text, tagged,
    /// a PDF downloaded, highlighted) and read papers with none of those.
    pub(crate) fn for_you_labels(&self) -> Result<Labels> {
        let ids = |sql: &str| -> Result<Vec<i64>> {
            let mut stmt = self.conn.prepare(sql)?;
            let ids = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok(ids)
        };
        let mut positives = ids(&positives_sql())?;
        positives.sort_unstable();
        let negatives = ids("SELECT id FROM papers WHERE read_at IS NOT NULL ORDER BY id")?
            .into_iter()
            .filter(|id| positives.binary_search(id).is_err())
            .collect();
        Ok(Labels {
            positives,
            negatives,
        })
    }

    /// What the features and signals were made from, in a few numbers
    /// (counts, newest ids and times): papers, entries and metadata (the
    /// features), `|`, then tags given and removed, notes, PDFs, highlights, stars and
    /// read states (the signals): any change that can change a model
    /// changes it. Tags are features too, but a tag changes only the
    /// signals' part: the classifier learns from it at once, the features
    /// take its name at their next rebuild (an import, metadata,
    /// `reindex --model`), which costs far more than a retraining.
    pub fn for_you_signature(&self) -> Result<String> {
        // Counting 100,000 papers' states takes tens of ms: not again while
        // nothing was written.
        let moment = (self.data_version()?, self.conn.total_changes());
        if let Some((at, signature)) = self.for_you.signature.borrow().as_ref() {
            if *at == moment {
                return Ok(signature.clone());
            }
        }
        let signature: String = self
            .conn
            .prepare_cached(
                "SELECT (SELECT COUNT(*) || ',' || IFNULL(MAX(id), 0) FROM papers)
               || ';' || (SELECT COUNT(*) || ',' || IFNULL(MAX(id), 0) FROM entries)
               || ';' || (SELECT COUNT(*) || ',' || IFNULL(MAX(fetched_at), '') FROM paper_metadata)
               || '|' || (SELECT COUNT(*) || ',' || IFNULL(MAX(tagged_at), '') FROM paper_tags)
               || ';' || (SELECT COUNT(*) || ',' || IFNULL(MAX(removed_at), '') FROM tag_removals)
               || ';' || (SELECT COUNT(*) || ',' || IFNULL(MAX(updated_at), '') FROM notes)
               || ';' || (SELECT COUNT(*) || ',' || IFNULL(MAX(fetched_at), '') FROM pdfs)
               || ';' || (SELECT COUNT(*) || ',' || IFNULL(MAX(id), 0) FROM highlights)
               || ';' || (SELECT COUNT(*) FROM papers WHERE starred = 1)
               || ',' || (SELECT IFNULL(MAX(starred_changed_at), '') FROM papers)
               || ';' || (SELECT COUNT(*) FROM papers WHERE read_at IS NULL)
               || ',' || (SELECT IFNULL(MAX(read_changed_at), '') FROM papers)",
            )?
            .query_row([], |r| r.get(0))?;
        *self.for_you.signature.borrow_mut() = Some((moment, signature.clone()));
        Ok(signature)
    }

    /// The model for the library as it is now: the one this connection
    /// used last, or the saved one ([`crate::foryou::MODEL_FILE`]), when
    /// their signature is the library's; when only the signals changed, its
    /// classifier trained again over its features (milliseconds); else one
    /// built now. Nothing is written (a list may be read-only; the app calls
    /// [`Library::train_for_you`] in the background to save it).
    pub fn for_you_model(&self) -> Result<Arc<Model>> {
        let signature = self.for_you_signature()?;
        let features = crate::foryou::features_part(&signature);
        let cached = self.for_you.model.borrow().clone();
        let base = match cached {
            Some(m) if crate::foryou::features_part(&m.signature) == features => Some(m),
            _ => crate::foryou::load(&self.dir, &signature).map(Arc::new),
        };
        let model = match base {
            Some(m) if m.signature == signature => m,
            Some(m) => Arc::new(m.retrain(self, signature)?),
            None => Arc::new(Model::train(self, signature)?),
        };
        *self.for_you.model.borrow_mut() = Some(model.clone());
        Ok(model)
    }

    /// Whether the saved model is missing or older than the library: the
    /// app then calls [`Library::train_for_you`] (off its UI thread).
    /// Reads the signature and the file's first bytes only.
    pub fn for_you_stale(&self) -> Result<bool> {
        let signature = self.for_you_signature()?;
        Ok(crate::foryou::saved_signature(&self.dir).as_deref() != Some(signature.as_str()))
    }

    /// [`Library::for_you_model`], saved ([`crate::foryou::MODEL_FILE`],
    /// replaced whole) for this connection and any other: the app's
    /// retraining when [`Library::for_you_stale`].
    pub fn train_for_you(&self) -> Result<Arc<Model>> {
        let model = self.for_you_model()?;
        crate::foryou::save(&self.dir, &model)?;
        Ok(model)
    }

    /// Builds the model whole, features included, and saves it:
    /// `papershelf reindex --model`.
    pub fn rebuild_for_you(&self) -> Result<Arc<Model>> {
        let signature = self.for_you_signature()?;
        let model = Arc::new(Model::train(self, signature)?);
        crate::foryou::save(&self.dir, &model)?;
        *self.for_you.model.borrow_mut() = Some(model.clone());
        Ok(model)
    }
}

/// The ids of the papers the reader marked as wanted: the one definition.
fn positives_sql() -> String {
    format!(
        "SELECT id FROM papers WHERE starred = 1
         UNION SELECT paper_id FROM notes n WHERE {}
         UNION SELECT paper_id FROM paper_tags
         UNION SELECT paper_id FROM pdfs
         UNION SELECT paper_id FROM highlights",
        super::notes::note_has_text!()
    )
}

/// A paper like another, as a list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarPaper {
    pub paper: super::PaperRow,
    /// Cosine similarity of their features, 0 to 1.
    pub score: f32,
    /// The features they share that weigh most.
    pub why: Vec<crate::foryou::Reason>,
}

impl Library {
    /// The `limit` papers most like `id` (cosine over the For you features),
    /// most alike first; none when it shares no feature with any paper.
    pub fn similar(&self, id: PaperId, limit: usize) -> Result<Vec<SimilarPaper>> {
        // The paper exists (a clear error otherwise), known to the model or not.
        self.paper_row(id)?;
        let model = self.for_you_model()?;
        let Some(similar) = model.similar(id, limit) else {
            return Ok(Vec::new());
        };
        similar
            .into_iter()
            .map(|s| {
                Ok(SimilarPaper {
                    paper: self.paper_row(s.id)?,
                    score: s.score,
                    why: s.why,
                })
            })
            .collect()
    }
}

impl Library {
    /// Each digest date with the papers first listed that day, in the
    /// day's listed order: the evaluation's days.
    pub(crate) fn for_you_days(&self) -> Result<Vec<(chrono::NaiveDate, Vec<i64>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.date, e.paper_id FROM digests d JOIN entries e ON e.digest_id = d.id
              ORDER BY d.date, d.name, e.position",
        )?;
        let mut rows = stmt.query([])?;
        let mut seen = std::collections::HashSet::new();
        let mut days: Vec<(chrono::NaiveDate, Vec<i64>)> = Vec::new();
        while let Some(r) = rows.next()? {
            let (date, id): (chrono::NaiveDate, i64) = (r.get(0)?, r.get(1)?);
            if !seen.insert(id) {
                continue;
            }
            match days.last_mut() {
                Some((d, ids)) if *d == date => ids.push(id),
                _ => days.push((date, vec![id])),
            }
        }
        Ok(days)
    }
}
