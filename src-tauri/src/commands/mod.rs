//! The commands the webview calls, each a few lines over `papershelf-core`.
//! All take the app handle first and return `CmdResult`, so `lib.rs` can check
//! their signatures against the generated TypeScript table.

pub mod backup;
pub mod export;
pub mod highlights;
pub mod import;
pub mod library;
pub mod metadata;
pub mod pdf;
pub mod search;
pub mod settings;
pub mod sources;
pub mod window;
