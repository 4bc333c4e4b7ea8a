//! The JSON the CLI prints: the one place that knows these shapes (see README).

use papershelf_core::export::{self, json::PaperDetailJson, json::PaperJson};
use papershelf_core::foryou::{Model, Reason};
use papershelf_core::import::FileReport;
use papershelf_core::search::Highlighted;
use papershelf_core::store::{
    DigestSummary, Note, Page, Problem, Repaired, SimilarPaper, SnippetSource, TagSummary,
};
use papershelf_core::{PaperDetail, PaperId, PaperRow, PdfHighlight};
use serde_json::{json, Value};

/// `list --json`: the rows; sorted For you by a trained model, each also
/// with its "score" and "why" (the reasons' texts).
pub fn listed(page: &Page) -> Value {
    Value::Array(
        page.papers
            .iter()
            .map(|f| {
                let mut row = paper(&f.paper);
                if let (Some(r), Value::Object(o)) = (&f.for_you, &mut row) {
                    o.insert("score".into(), json!(r.score));
                    o.insert("why".into(), why(&r.why));
                }
                row
            })
            .collect(),
    )
}

fn why(reasons: &[Reason]) -> Value {
    Value::Array(reasons.iter().map(|r| json!(r.text)).collect())
}

/// `similar --json`.
pub fn similar(similar: &[SimilarPaper]) -> Value {
    Value::Array(
        similar
            .iter()
            .map(|s| {
                json!({
                    "id": s.paper.id.0,
                    "arxiv_id": s.paper.arxiv.as_ref().map(|a| a.id.to_string()),
                    "title": s.paper.title,
                    "score": s.score,
                    "why": why(&s.why),
                })
            })
            .collect(),
    )
}

/// `reindex --model --json`.
pub fn model(m: &Model) -> Value {
    json!({
        "papers": m.features.len(),
        "terms": m.features.terms.len(),
        "positives": m.positives,
        "negatives": m.negatives,
        "ranked": m.classifier.is_some(),
    })
}

/// A list's row: core's shape (`export/json.rs`).
pub fn paper(p: &PaperRow) -> Value {
    export::json::value(&PaperJson::new(p))
}

/// `show --json`: core's shape, the same per paper as `export --format json`
/// and the app's JSON export.
pub fn paper_detail(p: &PaperDetail) -> Value {
    export::json::value(&PaperDetailJson::new(p))
}

/// `metadata --json`, and `import --json`'s "metadata".
pub fn metadata_report(r: &papershelf_core::metadata::Report) -> Value {
    json!({
        "requested": r.requested,
        "updated": r.updated,
        "not_found": r.not_found.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
        "failed": r.failed.iter().map(|f| json!({
            "ids": f.ids.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
            "error": f.error,
        })).collect::<Vec<_>>(),
        "cancelled": r.cancelled,
    })
}

pub fn digests(digests: &[DigestSummary]) -> Value {
    Value::Array(
        digests
            .iter()
            .map(|d| json!({"date": d.date, "name": d.name, "papers": d.papers, "unread": d.unread, "imported_at": d.imported_at}))
            .collect(),
    )
}

pub fn import(reports: &[FileReport]) -> Value {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            json!({
                "path": r.path,
                "date": r.date,
                "papers": r.papers,
                "added": r.added,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "warnings": r.warnings.iter().map(|w| json!({"line": w.line, "message": w.message})).collect::<Vec<_>>(),
                "error": r.error,
                "skipped": r.skipped.map(|s| s.to_string()),
            })
        })
        .collect();
    json!({ "files": files })
}

pub fn note(id: PaperId, note: Option<&Note>) -> Value {
    json!({
        "id": id.0,
        "text": note.map(|n| n.text.as_str()),
        "updated_at": note.map(|n| n.updated_at.as_str()),
    })
}

/// `highlights --json`: `[{"id", "page", "text", "comment", "color",
/// "pdf_version", "created_at"}]`, in reading order.
pub fn highlights(highlights: &[PdfHighlight]) -> Value {
    Value::Array(
        highlights
            .iter()
            .map(|h| {
                json!({
                    "id": h.id,
                    "page": h.page,
                    "text": h.text,
                    "comment": h.comment,
                    "color": h.color.as_str(),
                    "pdf_version": h.pdf_version,
                    "created_at": h.created_at,
                })
            })
            .collect(),
    )
}

/// Marked text as `[{"text", "hit"}]`: no offsets to convert, nothing to unescape.
fn fragments(h: &Highlighted) -> Value {
    Value::Array(
        h.fragments()
            .into_iter()
            .map(|(text, hit)| json!({"text": text, "hit": hit}))
            .collect(),
    )
}

pub fn search(r: &Page, offset: usize, limit: usize) -> Value {
    let results: Vec<Value> = r
        .papers
        .iter()
        .map(|found| {
            let mut v = paper(&found.paper);
            let highlights = found.highlights.as_ref();
            v["title_fragments"] = match highlights {
                Some(h) => fragments(&h.title),
                None => json!([{"text": found.paper.title, "hit": false}]),
            };
            v["snippet"] = match highlights.and_then(|h| h.snippet.as_ref()) {
                None => Value::Null,
                Some(s) => {
                    let (source, date, page) = match s.source {
                        SnippetSource::Summary(d) => ("summary", Some(d), None),
                        SnippetSource::Note => ("note", None, None),
                        SnippetSource::Keywords => ("keywords", None, None),
                        SnippetSource::Highlight { page, .. } => ("highlight", None, Some(page)),
                        SnippetSource::Pdf { page } => ("pdf", None, Some(page)),
                    };
                    json!({"source": source, "date": date, "page": page, "fragments": fragments(&s.text)})
                }
            };
            v
        })
        .collect();
    json!({
        "total": r.total.counted(),
        "total_exact": r.total.exact().is_some(),
        "offset": offset,
        "limit": limit,
        "truncated": r.truncated,
        "results": results,
    })
}

pub fn tags(tags: &[TagSummary]) -> Value {
    Value::Array(
        tags.iter()
            .map(|t| json!({"name": t.name, "papers": t.papers}))
            .collect(),
    )
}

pub fn paper_tags(id: PaperId, tags: &[String]) -> Value {
    json!({"id": id.0, "tags": tags})
}

/// `fetch --json`: each paper with how it ended.
pub fn fetch_report(
    lib: &papershelf_core::Library,
    results: &[(papershelf_core::pdf::Item, papershelf_core::pdf::Outcome)],
) -> Value {
    use papershelf_core::pdf::Outcome;
    let papers: Vec<Value> = results
        .iter()
        .map(|(item, outcome)| {
            let (status, record, error) = match outcome {
                Outcome::Downloaded(r) => ("downloaded", Some(r), None),
                Outcome::AlreadyCached(r) => ("cached", Some(r), None),
                Outcome::Failed(e) => ("failed", None, Some(e.to_string())),
                Outcome::Cancelled => ("cancelled", None, None),
            };
            json!({
                "id": item.request.paper.0,
                "arxiv_id": item.arxiv_id.as_ref().map(|a| a.to_string()),
                "version": item.request.version,
                "status": status,
                "path": record.map(|r| lib.dir().join(&r.path)),
                "size": record.map(|r| r.size),
                "sha256": record.map(|r| r.sha256.as_str()),
                "error": error,
            })
        })
        .collect();
    json!({ "papers": papers })
}

/// `cache --json`.
pub fn cache_summary(s: &papershelf_core::pdf::cache::Summary, dir: &std::path::Path) -> Value {
    json!({
        "dir": dir,
        "count": s.count,
        "bytes": s.bytes,
        "partial_count": s.partial_count,
        "partial_bytes": s.partial_bytes,
    })
}

/// `check`: the problems left and what `--repair` did.
pub fn check(problems: &[Problem], repaired: &[Repaired]) -> Value {
    json!({
        "problems": problems.iter().map(|p| json!({
            "kind": p.kind.name(),
            "what": p.what,
            "repairable": p.repairable,
        })).collect::<Vec<_>>(),
        "repaired": repaired.iter().map(|r| json!({
            "kind": r.kind.name(),
            "what": r.what,
        })).collect::<Vec<_>>(),
    })
}
