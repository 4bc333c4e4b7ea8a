//! Papershelf's domain: digests, the library, PDFs and search, and the one polite
//! HTTP client they fetch with. No UI framework here.

pub mod arxiv;
pub mod digest;
pub mod export;
pub mod foryou;
pub mod import;
pub mod metadata;
pub mod net;
pub mod pdf;
pub mod query;
pub mod search;
pub mod sources;
pub mod state;
pub mod store;
pub mod synth;

use std::path::PathBuf;

pub use query::{Filter, Order, PaperQuery, Scope};
pub use store::{
    HighlightColor, Library, NewHighlight, PaperDetail, PaperId, PaperRow, PdfHighlight, PdfRect,
    StoreError, Total,
};

/// The app's identifier: names the default library folder, shared by the CLI and the app.
pub const APP_IDENTIFIER: &str = "dev.papershelf.app";

/// Environment variable naming the library folder, overriding the default.
pub const HOME_ENV: &str = "PAPERSHELF_HOME";

/// The library folder: `$PAPERSHELF_HOME` if set, else the platform data
/// folder for [`APP_IDENTIFIER`] (where the desktop app keeps its data too).
pub fn default_library_dir() -> PathBuf {
    if let Some(home) = std::env::var_os(HOME_ENV).filter(|h| !h.is_empty()) {
        return PathBuf::from(home);
    }
    directories::BaseDirs::new()
        .map(|d| d.data_dir().join(APP_IDENTIFIER))
        .unwrap_or_else(|| PathBuf::from(".papershelf"))
}
