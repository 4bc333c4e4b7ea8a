//! Papers' own metadata from arXiv's API: authors, dates, categories, DOI,
//! journal reference, the abstract and the latest version.
//!
//! ```text
//! atom.rs   parse(bytes) -> Feed {entries: [Metadata], errors: [ApiError]} | FeedError   (pure)
//! api.rs    Api (the base URL, PAPERSHELF_ARXIV_API_BASE), fetch_batch: one GET of ≤ 100 ids
//!           through net::Client; update(): batches → the library (store/metadata.rs)
//! auto.rs   the fetch after an import by itself (metadata.auto) and the app's at start:
//!           wanted(lib), after_import(lib, client, api, …) -> Automatic {Off, NothingMissing, Fetched}
//! ```
//!
//! The digests' own titles and summaries are never touched: metadata lives
//! in tables of its own (migration 0009).

mod api;
pub mod atom;
pub mod auto;

use chrono::{DateTime, Utc};

pub use api::{
    fetch_batch, fetch_paper, update, Api, Batch, Failed, MetadataError, Progress, Report,
    API_BASE_ENV, DEFAULT_API_BASE, MAX_BATCH,
};
pub use atom::{parse, ApiError, Feed, FeedError};
pub use auto::Automatic;

use crate::arxiv::ArxivId;

/// The library setting that fetches metadata after every import by itself
/// (`on` unless set to `off`; `papershelf config metadata-auto`).
pub const AUTO_SETTING: &str = "metadata.auto";

/// What arXiv says about a paper (its latest version).
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    pub arxiv_id: ArxivId,
    /// The latest version, from the entry's id (`…/abs/1111.2011v2` → 2).
    pub version: Option<u32>,
    /// White space folded; LaTeX kept as written.
    pub title: String,
    /// In the paper's order.
    pub authors: Vec<Author>,
    /// White space folded; LaTeX kept as written.
    pub abstract_text: String,
    /// When version 1 appeared.
    pub published: DateTime<Utc>,
    /// When the latest version appeared.
    pub updated: DateTime<Utc>,
    pub primary_category: Option<String>,
    /// Every category, the primary one included, in the feed's order.
    pub categories: Vec<String>,
    pub doi: Option<String>,
    pub journal_ref: Option<String>,
    pub comment: Option<String>,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub affiliations: Vec<String>,
}

/// An Atom `<link>`: the abstract page, the PDF, the DOI.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", default)]
    pub content_type: Option<String>,
}

/// A name as the author filter compares it: accents and case dropped,
/// anything but letters and digits a single space, with a space at both
/// ends, so `instr(folded, fold_name(query))` finds whole words in order
/// (`Lopez` finds `José Raúl López`, `He` does not find `Chen`).
pub fn fold_name(name: &str) -> String {
    let mut folded = Vec::new();
    let mut out = String::from(" ");
    for c in name.chars() {
        folded.clear();
        crate::search::fold_char(c, &mut folded);
        for &f in &folded {
            if f.is_alphanumeric() {
                out.push(f);
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_accents_case_and_punctuation_into_words() {
        assert_eq!(fold_name("José Raúl  Romero"), " jose raul romero ");
        assert_eq!(fold_name("Dirk Wübben"), " dirk wubben ");
        assert_eq!(fold_name("P. -F. Leget"), " p f leget ");
        assert_eq!(fold_name("Łukasz Øster"), " lukasz oster ");
        assert_eq!(fold_name("  "), " ");
        assert!(fold_name("Aurora Ramírez").contains(&fold_name("ramirez")));
        assert!(!fold_name("Yu Chen").contains(&fold_name("He")));
    }
}
