//! CSL-JSON: the citation items Zotero imports and citeproc processors
//! (citeproc-js, pandoc, citeproc-py) render.
//!
//! An item per paper: `type` `article` (CSL's preprint; Zotero makes it a
//! Preprint) or `article-journal` with `container-title` when arXiv knows a
//! journal reference or a DOI; `id` the BibTeX export's citation key;
//! `title`; `author` as `{family, given}` (`{literal}` for a collaboration);
//! `issued` (the first version's date, else the year and month of its id);
//! `URL`; `DOI`; `number` the arXiv id; `publisher` `arXiv`; `abstract`;
//! `keyword` the digests' keywords, comma-separated.

use serde_json::{json, Map, Value};

use super::{bibtex::bare_doi, citation_keys, split_name, ExportPaper, Name};

/// The items as a JSON array.
pub fn csl_json(papers: &[ExportPaper]) -> Value {
    let keys = citation_keys(papers);
    Value::Array(papers.iter().zip(keys).map(|(p, k)| item(p, k)).collect())
}

/// The items as the file the export writes: pretty-printed, a final line break.
pub fn csl_json_text(papers: &[ExportPaper]) -> String {
    let mut text = serde_json::to_string_pretty(&csl_json(papers)).unwrap_or_default();
    text.push('\n');
    text
}

fn item(p: &ExportPaper, key: String) -> Value {
    let mut m = Map::new();
    let published = p.is_published();
    m.insert(
        "type".into(),
        json!(if published {
            "article-journal"
        } else {
            "article"
        }),
    );
    m.insert("id".into(), json!(key));
    m.insert("title".into(), json!(super::one_line(&p.title)));
    let authors: Vec<Value> = p
        .authors()
        .iter()
        .map(|a| match split_name(&a.name) {
            Name::Person {
                family,
                given,
                suffix,
            } => {
                let mut n = json!({"family": family, "given": given});
                if let Some(s) = suffix {
                    n["suffix"] = json!(s);
                }
                n
            }
            Name::Literal(name) => json!({ "literal": name }),
        })
        .collect();
    if !authors.is_empty() {
        m.insert("author".into(), Value::Array(authors));
    }
    if let Some(i) = p.issued() {
        let mut parts = vec![i.year as i64];
        parts.extend(i.month.map(i64::from));
        parts.extend(i.month.and(i.day).map(i64::from));
        m.insert("issued".into(), json!({ "date-parts": [parts] }));
    }
    if let Some(journal) = p.journal_ref() {
        m.insert("container-title".into(), json!(super::one_line(journal)));
    }
    m.insert("URL".into(), json!(p.abs_url()));
    if let Some(doi) = p.doi() {
        m.insert("DOI".into(), json!(bare_doi(doi)));
    }
    if let Some(a) = &p.arxiv {
        m.insert("number".into(), json!(a.id.as_str()));
        m.insert("publisher".into(), json!("arXiv"));
    }
    if let Some(abs) = p.abstract_text() {
        m.insert("abstract".into(), json!(abs));
    }
    if !p.keywords.is_empty() {
        m.insert("keyword".into(), json!(p.keywords.join(", ")));
    }
    Value::Object(m)
}
