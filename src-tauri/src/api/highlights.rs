//! Boundary types of highlights in PDFs (see `commands/highlights.rs`): core's
//! `PdfHighlight` and its parts, as the webview sends and receives them.

use papershelf_core::store as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The colours a highlight can have (core's `HighlightColor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum HighlightColor {
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

/// A rectangle on a PDF page in the PDF's user space (points, y up), independent
/// of zoom and screen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct PdfRect {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// A highlight in a paper's PDF, with its comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PdfHighlight {
    pub id: i64,
    pub paper_id: i64,
    /// From 1, as the viewer counts.
    pub page: u32,
    /// The quoted text.
    pub text: String,
    pub comment: String,
    pub color: HighlightColor,
    pub rects: Vec<PdfRect>,
    /// The arXiv version of the PDF it was made on, when known.
    pub pdf_version: Option<u32>,
    pub pdf_sha256: String,
    /// Made on the PDF cached now (else on another version: listed, not drawn).
    pub on_cached_pdf: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A highlight the reader just made in the viewer.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct NewHighlight {
    pub page: u32,
    pub text: String,
    pub rects: Vec<PdfRect>,
    pub color: HighlightColor,
    pub comment: String,
}

impl From<core::HighlightColor> for HighlightColor {
    fn from(c: core::HighlightColor) -> Self {
        match c {
            core::HighlightColor::Yellow => HighlightColor::Yellow,
            core::HighlightColor::Green => HighlightColor::Green,
            core::HighlightColor::Blue => HighlightColor::Blue,
            core::HighlightColor::Pink => HighlightColor::Pink,
            core::HighlightColor::Purple => HighlightColor::Purple,
        }
    }
}

impl From<HighlightColor> for core::HighlightColor {
    fn from(c: HighlightColor) -> Self {
        match c {
            HighlightColor::Yellow => core::HighlightColor::Yellow,
            HighlightColor::Green => core::HighlightColor::Green,
            HighlightColor::Blue => core::HighlightColor::Blue,
            HighlightColor::Pink => core::HighlightColor::Pink,
            HighlightColor::Purple => core::HighlightColor::Purple,
        }
    }
}

impl From<core::PdfRect> for PdfRect {
    fn from(r: core::PdfRect) -> Self {
        PdfRect {
            x1: r.x1,
            y1: r.y1,
            x2: r.x2,
            y2: r.y2,
        }
    }
}

impl From<PdfRect> for core::PdfRect {
    fn from(r: PdfRect) -> Self {
        core::PdfRect {
            x1: r.x1,
            y1: r.y1,
            x2: r.x2,
            y2: r.y2,
        }
    }
}

impl From<core::PdfHighlight> for PdfHighlight {
    fn from(h: core::PdfHighlight) -> Self {
        PdfHighlight {
            id: h.id,
            paper_id: h.paper_id,
            page: h.page,
            text: h.text,
            comment: h.comment,
            color: h.color.into(),
            rects: h.rects.into_iter().map(PdfRect::from).collect(),
            pdf_version: h.pdf_version,
            pdf_sha256: h.pdf_sha256,
            on_cached_pdf: h.on_cached_pdf,
            created_at: h.created_at,
            updated_at: h.updated_at,
        }
    }
}

impl From<PdfHighlight> for core::PdfHighlight {
    fn from(h: PdfHighlight) -> Self {
        core::PdfHighlight {
            id: h.id,
            paper_id: h.paper_id,
            page: h.page,
            text: h.text,
            comment: h.comment,
            color: h.color.into(),
            rects: h.rects.into_iter().map(core::PdfRect::from).collect(),
            pdf_version: h.pdf_version,
            pdf_sha256: h.pdf_sha256,
            on_cached_pdf: h.on_cached_pdf,
            created_at: h.created_at,
            updated_at: h.updated_at,
        }
    }
}

impl From<NewHighlight> for core::NewHighlight {
    fn from(h: NewHighlight) -> Self {
        core::NewHighlight {
            page: h.page,
            text: h.text,
            rects: h.rects.into_iter().map(core::PdfRect::from).collect(),
            color: h.color.into(),
            comment: h.comment,
        }
    }
}
