//! Papershelf's domain: digests, the library, PDFs and search. No UI framework here.
pub mod arxiv;
