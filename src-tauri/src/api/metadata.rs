//! arXiv's metadata across IPC: the automatic fetch's status and the
//! categories a filter offers.

use serde::Serialize;
use ts_rs::TS;

use super::count;

/// The fetch of missing metadata the app makes by itself (after an import, at
/// start, when `metadata.auto` is on): sent as `metadata-status` events and
/// returned by `metadata_status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct MetadataStatus {
    /// Grows with every change, so the UI keeps the newest of an event and a
    /// command's result.
    pub seq: u32,
    /// The API is being asked now.
    pub running: bool,
    /// Papers answered so far, of `total`, in the run under way or the last.
    pub done: u32,
    pub total: u32,
    /// Papers whose metadata the last run stored (0 when it asked nothing).
    pub updated: u32,
    /// Why the last run fetched nothing or not all (offline, the API down):
    /// those papers are asked again next time.
    pub problem: Option<String>,
}

/// The background pass reading the text of PDFs cached before Papershelf read
/// PDFs (`pdf-text-status` events, `pdf_text_status`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct PdfTextStatus {
    /// Grows with every change, so the UI keeps the newest.
    pub seq: u32,
    pub running: bool,
    /// PDFs read so far, of `total`.
    pub done: u32,
    pub total: u32,
    /// PDFs with no text to read (scanned, encrypted, broken) or that could not be read.
    pub unreadable: u32,
    /// Why the pass stopped (the library could not be read).
    pub problem: Option<String>,
}

/// An arXiv category the library's papers have, and how many have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CategoryItem {
    pub name: String,
    pub papers: u32,
}

impl From<papershelf_core::store::CategoryCount> for CategoryItem {
    fn from(c: papershelf_core::store::CategoryCount) -> Self {
        CategoryItem {
            name: c.name,
            papers: count(c.papers),
        }
    }
}
