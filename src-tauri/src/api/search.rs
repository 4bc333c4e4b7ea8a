//! Boundary types of search, filters and tags (see `commands/search.rs`).

use serde::Serialize;
use ts_rs::TS;

use super::{count, PaperItem};
use papershelf_core::foryou::{ForYouState, Ranked, Reason, TermKind};
use papershelf_core::store::{Found, Page, SimilarPaper, Snippet, SnippetSource};

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
    /// The text of the paper's cached PDF.
    Pdf,
    /// A highlight in the paper's PDF (its quote, or its comment).
    Highlight,
}

/// Where the query matched outside the title.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FoundSnippet {
    pub source: SnippetFrom,
    /// The digest whose summary it comes from.
    pub date: Option<String>,
    /// The PDF's page it comes from (1-based, as the viewer counts).
    pub page: Option<u32>,
    /// The highlight it comes from.
    pub highlight: Option<i64>,
    pub text: Highlight,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct FoundPaper {
    pub paper: PaperItem,
    /// The title with a search's matches; absent without a search.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub title: Option<Highlight>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub snippet: Option<FoundSnippet>,
    /// Sorted For you by a trained model: its score and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub for_you: Option<ForYouRank>,
}

/// What kind of feature a reason is (core's `TermKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WhyKind {
    Word,
    Keyword,
    Tag,
    Author,
}

/// One reason a paper ranks where it does, or is like another.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Why {
    pub kind: WhyKind,
    pub text: String,
}

/// A paper's place in a For you list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ForYouRank {
    /// The model's probability that the reader wants it, 0 to 1.
    pub score: f32,
    /// The 2–3 features that counted most, most first.
    pub why: Vec<Why>,
}

/// A list sorted For you: ranked by the model, or (too few signals) in its
/// own order, which the UI says with the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ForYouStatus {
    Ranked { positives: u32, negatives: u32 },
    TooFewPositives { positives: u32, needed: u32 },
}

/// A paper like the open one.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SimilarItem {
    pub paper: PaperItem,
    /// Cosine similarity of their features, 0 to 1.
    pub score: f32,
    /// The features they share that weigh most.
    pub why: Vec<Why>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct FoundPage {
    /// Matching papers over all pages: all of them when `total_exact`, else a
    /// lower bound (a search matching more than core's `COUNTED` stops counting
    /// there; its list goes on until a page comes back short).
    pub total: u32,
    pub total_exact: bool,
    pub offset: u32,
    pub papers: Vec<FoundPaper>,
    /// The query had too many words; the rest were ignored.
    pub truncated: bool,
    /// The query's parts contradict each other: nothing can match.
    pub contradiction: bool,
    /// Sorted For you: ranked, or why not; absent in any other order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub for_you: Option<ForYouStatus>,
}

/// A tag of the reader's and how many papers have it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TagItem {
    pub name: String,
    pub papers: u32,
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
    pub fn new(page: Page, offset: u32) -> FoundPage {
        FoundPage {
            total: count(page.total.counted()),
            total_exact: page.total.exact().is_some(),
            offset,
            truncated: page.truncated,
            contradiction: page.contradiction,
            papers: page.papers.into_iter().map(found).collect(),
            for_you: page.for_you.map(status),
        }
    }
}

fn status(state: ForYouState) -> ForYouStatus {
    match state {
        ForYouState::Ranked {
            positives,
            negatives,
        } => ForYouStatus::Ranked {
            positives: count(positives),
            negatives: count(negatives),
        },
        ForYouState::TooFewPositives { positives, needed } => ForYouStatus::TooFewPositives {
            positives: count(positives),
            needed: count(needed),
        },
    }
}

fn why(reasons: Vec<Reason>) -> Vec<Why> {
    reasons
        .into_iter()
        .map(|r| Why {
            kind: match r.kind {
                TermKind::Word => WhyKind::Word,
                TermKind::Keyword => WhyKind::Keyword,
                TermKind::Tag => WhyKind::Tag,
                TermKind::Author => WhyKind::Author,
            },
            text: r.text,
        })
        .collect()
}

fn rank(ranked: Ranked) -> ForYouRank {
    ForYouRank {
        score: ranked.score,
        why: why(ranked.why),
    }
}

impl SimilarItem {
    pub fn new(similar: SimilarPaper) -> SimilarItem {
        SimilarItem {
            paper: PaperItem::new(similar.paper),
            score: similar.score,
            why: why(similar.why),
        }
    }
}

fn found(found: Found) -> FoundPaper {
    let (title, snippet) = match found.highlights {
        Some(h) => (Some(highlight(h.title)), h.snippet.map(snippet)),
        None => (None, None),
    };
    FoundPaper {
        paper: PaperItem::new(found.paper),
        title,
        snippet,
        for_you: found.for_you.map(rank),
    }
}

fn snippet(s: Snippet) -> FoundSnippet {
    let (source, date, page, highlight_id) = match s.source {
        SnippetSource::Summary(d) => (SnippetFrom::Summary, Some(d.to_string()), None, None),
        SnippetSource::Note => (SnippetFrom::Note, None, None, None),
        SnippetSource::Keywords => (SnippetFrom::Keywords, None, None, None),
        SnippetSource::Pdf { page } => (SnippetFrom::Pdf, None, Some(page), None),
        SnippetSource::Highlight { id, page } => {
            (SnippetFrom::Highlight, None, Some(page), Some(id))
        }
    };
    FoundSnippet {
        source,
        date,
        page,
        highlight: highlight_id,
        text: highlight(s.text),
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
        let query = papershelf_core::PaperQuery::search("奖励 deepsearch", Default::default());
        let page = FoundPage::new(lib.papers(&query).unwrap(), 0);
        assert_eq!(page.total, 1);
        let hit = &page.papers[0];
        assert!(hit.paper.title.starts_with("DeepSearch"));
        assert_eq!(hit.title.as_ref().unwrap().hits, [(0, 10)]);
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
