//! Boundary types of search, filters and tags (see `commands/search.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{count, parse_date, CmdResult, PaperItem};
use papershelf_core::store::{SearchFilter, SearchRequest, SearchResults, SnippetSource};

/// Conditions on papers; every one set must hold. `None` (or empty) means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct FindFilter {
    /// `true`: read papers only; `false`: unread ones only.
    pub read: Option<bool>,
    pub starred: Option<bool>,
    pub has_pdf: Option<bool>,
    pub has_note: Option<bool>,
    /// `YYYY-MM-DD`: listed by a digest dated on or after this day...
    pub since: Option<String>,
    /// ...and on or before this one.
    pub until: Option<String>,
    /// A keyword a digest gave the paper, exactly.
    pub keyword: Option<String>,
    /// The reader's tags, all of them.
    pub tags: Vec<String>,
}

/// A page of papers matching a query (may be empty: the filtered papers, newest first).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct FindRequest {
    pub query: String,
    pub filter: FindFilter,
    pub offset: u32,
    pub limit: u32,
}

/// Text with the matches marked as UTF-8 byte ranges `[start, end)` into `text`
/// (sorted, disjoint, on character boundaries). Never markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Highlight {
    pub text: String,
    pub hits: Vec<(u32, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SnippetFrom {
    Summary,
    Note,
    Keywords,
}

/// Where the query matched outside the title.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FoundSnippet {
    pub source: SnippetFrom,
    /// The digest whose summary it comes from.
    pub date: Option<String>,
    pub text: Highlight,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct FoundPaper {
    pub paper: PaperItem,
    pub title: Highlight,
    pub snippet: Option<FoundSnippet>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct FoundPage {
    /// Matching papers over all pages.
    pub total: u32,
    pub offset: u32,
    pub papers: Vec<FoundPaper>,
    /// The query had too many words; the rest were ignored.
    pub truncated: bool,
}

/// A tag of the reader's and how many papers have it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TagItem {
    pub name: String,
    pub papers: u32,
}

impl FindRequest {
    pub fn to_core(&self) -> CmdResult<SearchRequest> {
        let f = &self.filter;
        let date = |d: &Option<String>| -> CmdResult<_> {
            match d.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(d) => parse_date(d).map(Some),
            }
        };
        Ok(SearchRequest {
            query: self.query.clone(),
            filter: SearchFilter {
                read: f.read,
                starred: f.starred,
                has_note: f.has_note,
                has_pdf: f.has_pdf,
                since: date(&f.since)?,
                until: date(&f.until)?,
                keyword: f.keyword.clone().filter(|k| !k.trim().is_empty()),
                tags: f.tags.clone(),
            },
            offset: self.offset as usize,
            limit: self.limit as usize,
        })
    }
}

fn highlight(h: papershelf_core::search::Highlighted) -> Highlight {
    Highlight {
        hits: h
            .hits
            .iter()
            .map(|r| (count(r.start), count(r.end)))
            .collect(),
        text: h.text,
    }
}

impl FoundPage {
    /// `with_pdf`: the papers whose PDF is in the cache.
    pub fn from_results(
        results: SearchResults,
        offset: u32,
        with_pdf: &std::collections::HashSet<papershelf_core::PaperId>,
    ) -> FoundPage {
        FoundPage {
            total: count(results.total),
            offset,
            truncated: results.truncated,
            papers: results
                .hits
                .into_iter()
                .map(|hit| FoundPaper {
                    title: highlight(hit.title),
                    snippet: hit.snippet.map(|s| {
                        let (source, date) = match s.source {
                            SnippetSource::Summary(d) => {
                                (SnippetFrom::Summary, Some(d.to_string()))
                            }
                            SnippetSource::Note => (SnippetFrom::Note, None),
                            SnippetSource::Keywords => (SnippetFrom::Keywords, None),
                        };
                        FoundSnippet {
                            source,
                            date,
                            text: highlight(s.text),
                        }
                    }),
                    tags: hit.tags,
                    paper: {
                        let has_pdf = with_pdf.contains(&hit.paper.id);
                        PaperItem::new(hit.paper, has_pdf)
                    },
                })
                .collect(),
        }
    }
}

impl From<papershelf_core::store::TagSummary> for TagItem {
    fn from(t: papershelf_core::store::TagSummary) -> Self {
        TagItem {
            name: t.name,
            papers: count(t.papers),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_request_takes_the_ui_shape_and_blank_filters_mean_any() {
        let r: FindRequest = serde_json::from_str(
            r#"{"query":"奖励","filter":{"read":false,"since":"2025-10-01","until":"","keyword":" ","tags":["精读"]},"offset":50,"limit":50}"#,
        )
        .unwrap();
        let core = r.to_core().unwrap();
        assert_eq!(core.filter.read, Some(false));
        assert_eq!(core.filter.since.unwrap().to_string(), "2025-10-01");
        assert_eq!(core.filter.until, None);
        assert_eq!(core.filter.keyword, None);
        assert_eq!(core.filter.tags, ["精读"]);
        assert_eq!((core.offset, core.limit), (50, 50));
        let bad: FindRequest = serde_json::from_str(
            r#"{"query":"","filter":{"since":"yesterday"},"offset":0,"limit":1}"#,
        )
        .unwrap();
        assert!(bad.to_core().is_err());
    }

    #[test]
    fn highlights_cross_as_byte_ranges_of_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = papershelf_core::Library::open(dir.path()).unwrap();
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/digests/2025-10-03.md"
        );
        let report =
            papershelf_core::import::import_file(&mut lib, std::path::Path::new(sample), None);
        assert!(report.error.is_none());
        let request = FindRequest {
            query: "奖励 deepsearch".into(),
            filter: FindFilter::default(),
            offset: 0,
            limit: 10,
        };
        let page = FoundPage::from_results(
            lib.find(&request.to_core().unwrap()).unwrap(),
            0,
            &Default::default(),
        );
        assert_eq!(page.total, 1);
        let hit = &page.papers[0];
        assert!(hit.paper.title.starts_with("DeepSearch"));
        assert_eq!(hit.title.hits, [(0, 10)]);
        let snippet = hit.snippet.as_ref().unwrap();
        assert_eq!(snippet.source, SnippetFrom::Summary);
        assert_eq!(snippet.date.as_deref(), Some("2025-10-03"));
        let marked: Vec<&str> = snippet
            .text
            .hits
            .iter()
            .map(|&(a, b)| &snippet.text.text[a as usize..b as usize])
            .collect();
        assert!(marked.contains(&"奖励"), "{marked:?}");
        let json = serde_json::to_value(hit).unwrap();
        assert_eq!(json["title"]["hits"], serde_json::json!([[0, 10]]));
    }
}
