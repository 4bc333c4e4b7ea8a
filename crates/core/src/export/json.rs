//! The JSON shapes of a paper: a list's row (`list --json`, `search --json`)
//! and everything about one paper (`show --json`, and per paper the `json`
//! export of the CLI and the app). One definition, so the CLI's output and
//! the app's export are the same.
//!
//! Objects are written through [`serde_json::Value`], whose maps keep their
//! keys sorted: the order the CLI has always printed.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;

use crate::store::{PaperDetail, PaperRow};

/// Where a paper's `pdf_url` points.
const ARXIV: &str = "https://arxiv.org";

/// What a row and a paper's whole detail share.
#[derive(Debug, Clone, Serialize)]
pub struct PaperBase {
    pub id: i64,
    pub arxiv_id: Option<String>,
    pub version: Option<u32>,
    pub title: String,
    pub url: String,
    pub pdf_url: Option<String>,
    pub keywords: Vec<String>,
    pub digests: Vec<NaiveDate>,
    pub read: bool,
    pub starred: bool,
    pub has_note: bool,
    pub has_pdf: bool,
    pub tags: Vec<String>,
    pub new_version: Option<u32>,
}

/// A list's row.
#[derive(Debug, Clone, Serialize)]
pub struct PaperJson {
    #[serde(flatten)]
    pub base: PaperBase,
    /// Names, in the paper's order (empty before arXiv's metadata is fetched).
    pub authors: Vec<String>,
}

/// Everything about a paper: the newest digest's summary, the note, every
/// digest that listed it, and arXiv's metadata (null or empty until fetched).
#[derive(Debug, Clone, Serialize)]
pub struct PaperDetailJson {
    #[serde(flatten)]
    pub base: PaperBase,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub sections: Vec<SectionJson>,
    pub note: Option<String>,
    pub read_at: Option<String>,
    pub entries: Vec<EntryJson>,
    pub authors: Vec<AuthorJson>,
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    /// RFC 3339, UTC, to the second.
    pub published: Option<String>,
    pub updated: Option<String>,
    pub primary_category: Option<String>,
    pub categories: Vec<String>,
    pub doi: Option<String>,
    pub journal_ref: Option<String>,
    pub comment: Option<String>,
    pub latest_version: Option<u32>,
    pub metadata_fetched_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionJson {
    pub kind: &'static str,
    pub label: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryJson {
    pub date: NaiveDate,
    pub digest: String,
    pub position: usize,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthorJson {
    pub name: String,
    pub affiliations: Vec<String>,
}

impl PaperBase {
    fn new(p: &PaperRow) -> PaperBase {
        PaperBase {
            id: p.id.0,
            arxiv_id: p.arxiv.as_ref().map(|a| a.id.to_string()),
            version: p.arxiv.as_ref().and_then(|a| a.version),
            title: p.title.clone(),
            url: p.url.clone(),
            pdf_url: p.arxiv.as_ref().map(|a| a.pdf_url(ARXIV)),
            keywords: p.keywords.clone(),
            digests: p.digests.clone(),
            read: p.read,
            starred: p.starred,
            has_note: p.has_note,
            has_pdf: p.has_pdf,
            tags: p.tags.clone(),
            new_version: p.new_version,
        }
    }
}

impl PaperJson {
    pub fn new(p: &PaperRow) -> PaperJson {
        PaperJson {
            base: PaperBase::new(p),
            authors: p.authors.clone(),
        }
    }
}

impl PaperDetailJson {
    pub fn new(p: &PaperDetail) -> PaperDetailJson {
        let latest = p.entries.first();
        let m = p.metadata.as_ref().map(|s| &s.metadata);
        let time = |t: &DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
        PaperDetailJson {
            base: PaperBase::new(&p.row),
            summary: latest.map(|e| e.summary.clone()),
            body: latest.map(|e| e.body.clone()),
            sections: latest
                .map(|e| {
                    e.sections
                        .iter()
                        .map(|s| SectionJson {
                            kind: s.kind.as_str(),
                            label: s.label.clone(),
                            text: s.text.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            note: p.note.as_ref().map(|n| n.text.clone()),
            read_at: p.row.read_at.clone(),
            entries: p
                .entries
                .iter()
                .map(|e| EntryJson {
                    date: e.date,
                    digest: e.digest_name.clone(),
                    position: e.position,
                    title: e.title.clone(),
                    url: e.url.clone(),
                })
                .collect(),
            authors: m
                .map(|m| {
                    m.authors
                        .iter()
                        .map(|a| AuthorJson {
                            name: a.name.clone(),
                            affiliations: a.affiliations.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            abstract_text: m.map(|m| m.abstract_text.clone()),
            published: m.map(|m| time(&m.published)),
            updated: m.map(|m| time(&m.updated)),
            primary_category: m.and_then(|m| m.primary_category.clone()),
            categories: m.map(|m| m.categories.clone()).unwrap_or_default(),
            doi: m.and_then(|m| m.doi.clone()),
            journal_ref: m.and_then(|m| m.journal_ref.clone()),
            comment: m.and_then(|m| m.comment.clone()),
            latest_version: m.and_then(|m| m.version),
            metadata_fetched_at: p.metadata.as_ref().map(|s| s.fetched_at.clone()),
        }
    }
}

/// `value` as JSON, its objects' keys sorted.
pub fn value(value: &impl Serialize) -> serde_json::Value {
    // Our shapes are strings, numbers, dates and lists: they always serialize.
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The `json` export: each paper's detail, as a pretty-printed array, with a
/// final line break.
pub fn json(papers: &[PaperDetail]) -> String {
    let all: Vec<serde_json::Value> = papers
        .iter()
        .map(|p| value(&PaperDetailJson::new(p)))
        .collect();
    let mut text = serde_json::to_string_pretty(&all).unwrap_or_else(|_| String::from("[]"));
    text.push('\n');
    text
}
