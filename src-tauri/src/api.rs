//! The IPC boundary: every type a command takes or returns, and the error that crosses
//! to the webview. Only this module knows about JSON; core's types are mapped here and
//! are not `Serialize` for our sake. TypeScript for all of it is generated into
//! `ui/src/bindings.ts` (see `bindings.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod export;
mod highlights;
mod library;
mod metadata;
mod query;
mod search;
mod sources;
pub use export::*;
pub use highlights::*;
pub use library::*;
pub use metadata::*;
pub use query::*;
pub use search::*;
pub use sources::*;

/// What the UI branches on. A code is added only when the UI needs to tell it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The paper or digest is gone (another process may have changed the library).
    NotFound,
    /// A request the app will not carry out, such as opening a link that is not allowed.
    Refused,
    /// The file is there already: the UI asks before replacing it.
    Exists,
    /// Anything else; the message says what.
    Failed,
}

/// The one error type of every command: `{code, message}`, the message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
        }
    }
    pub fn failed(message: impl std::fmt::Display) -> Self {
        IpcError::new(ErrorCode::Failed, message.to_string())
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        IpcError::new(ErrorCode::NotFound, message)
    }
    pub fn refused(message: impl Into<String>) -> Self {
        IpcError::new(ErrorCode::Refused, message)
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IpcError {}

pub type CmdResult<T> = Result<T, IpcError>;

/// What the sidebar shows: the fixed views with their counts, then the digests.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Overview {
    /// Where the library lives, shown to the user.
    pub library_dir: String,
    pub total: u32,
    pub unread: u32,
    pub starred: u32,
    /// Papers added since the reader last saw New: its badge.
    pub new_papers: u32,
    /// Newest first.
    pub digests: Vec<DigestItem>,
    /// What the PDF cache holds.
    pub pdfs: PdfCache,
    /// Papers starred, annotated, tagged or downloaded: For you's signals. From
    /// `foryou::MIN_POSITIVES` on, New and Unread are sorted For you unless the
    /// reader chose another order.
    pub for_you_positives: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DigestItem {
    /// `YYYY-MM-DD`, the digest's key.
    pub date: String,
    pub name: String,
    pub papers: u32,
    pub unread: u32,
}

/// One row of the paper list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PaperItem {
    pub id: i64,
    pub arxiv_id: Option<String>,
    pub title: String,
    pub keywords: Vec<String>,
    pub read: bool,
    pub starred: bool,
    pub has_note: bool,
    /// Its PDF was downloaded.
    pub has_pdf: bool,
    /// The reader's tags, by name.
    pub tags: Vec<String>,
    /// From arXiv's metadata, in the paper's order (empty before it is fetched).
    pub authors: Vec<String>,
    /// A version newer than the reader's, when arXiv reported one.
    pub new_version: Option<u32>,
}

/// A labelled part of a summary ("Key methodology", ...).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SummarySection {
    pub kind: String,
    pub label: String,
    pub text: String,
}

/// The paper as one digest listed it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Appearance {
    pub date: String,
    pub digest_name: String,
    pub title: String,
    /// The summary as the digest gave it.
    pub summary: String,
    /// The summary's text outside its keywords and labelled sections.
    pub body: String,
    pub sections: Vec<SummarySection>,
}

/// Everything the paper view shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PaperView {
    pub id: i64,
    pub arxiv_id: Option<String>,
    pub version: Option<u32>,
    pub title: String,
    /// The arXiv abstract page, when the paper has an arXiv id.
    pub abs_url: Option<String>,
    /// The link the digest gave, as text (it may be anything).
    pub link: Option<String>,
    pub keywords: Vec<String>,
    pub read: bool,
    pub starred: bool,
    pub note: String,
    /// The user's tags, by name.
    pub tags: Vec<String>,
    /// Newest digest first.
    pub appearances: Vec<Appearance>,
    /// Its PDF, when the cache has it whole.
    pub pdf: Option<PdfFile>,
    /// The page (from 1) the reader left its PDF at.
    pub pdf_page: Option<u32>,
    /// A version newer than the reader's, when arXiv reported one.
    pub new_version: Option<u32>,
    /// arXiv's metadata, once fetched.
    pub metadata: Option<PaperMetadata>,
}

/// What arXiv says about a paper.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PaperMetadata {
    /// In the paper's order.
    pub authors: Vec<String>,
    /// `YYYY-MM-DD`: when version 1 appeared.
    pub published: String,
    /// `YYYY-MM-DD`: when the latest version appeared.
    pub updated: String,
    /// The primary category first.
    pub categories: Vec<String>,
    pub doi: Option<String>,
    pub journal_ref: Option<String>,
    /// The English abstract, LaTeX as written.
    pub abstract_text: String,
}

/// A paper's cached PDF. The viewer reads it through the `papershelf-pdf` protocol by paper id.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PdfFile {
    pub size: u64,
    /// The version fetched; `None` for the latest at the time.
    pub version: Option<u32>,
    pub fetched_at: String,
}

/// What the PDF cache holds.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct PdfCache {
    pub count: u32,
    pub bytes: u64,
    /// Interrupted downloads kept to resume, and their bytes.
    pub partial_count: u32,
    pub partial_bytes: u64,
}

/// The download queue as the UI shows it: sent with every `pdf-progress` event and
/// returned by `download_status`. Counts are of the latest queue, kept after it ends.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct DownloadStatus {
    /// Counts queues since the app started (0: none yet), so the UI can tell them apart.
    pub run: u32,
    /// Grows with every change: a status comes both as an event and as a command's
    /// result, in no fixed order, and the UI keeps the one with the largest.
    pub seq: u32,
    pub running: bool,
    /// Cancel was asked for; the queue is stopping.
    pub cancelling: bool,
    pub total: u32,
    /// Papers finished, whatever the outcome.
    pub done: u32,
    /// The whole queue in 0..=1; it never goes back.
    pub overall: f64,
    pub downloaded: u32,
    pub already_cached: u32,
    pub failed: u32,
    pub cancelled: u32,
    /// Papers being fetched now (two at most), in queue order.
    pub active: Vec<ActiveDownload>,
    /// Papers still to fetch, in queue order.
    pub waiting: Vec<i64>,
    /// Why each failed paper failed, in queue order.
    pub failures: Vec<DownloadFailure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActiveDownload {
    pub id: i64,
    pub title: String,
    pub received: u64,
    /// The PDF's size, when the server said it.
    pub size: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DownloadFailure {
    pub id: i64,
    pub title: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportWarning {
    pub line: u32,
    pub message: String,
}

/// What importing one file did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FileResult {
    pub path: String,
    pub date: Option<String>,
    pub papers: u32,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub warnings: Vec<ImportWarning>,
    /// Set when the file could not be imported at all.
    pub error: Option<String>,
    /// Set when the file was passed over without failing (it names no
    /// paper): nothing written, not an error. Never set with `error`.
    pub skipped: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportResult {
    pub files: Vec<FileResult>,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
}

/// Marking a digest read: which papers changed, so the UI can undo exactly those.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MarkedRead {
    pub ids: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub enum Language {
    #[default]
    #[serde(rename = "system")]
    System,
    #[serde(rename = "en")]
    English,
    #[serde(rename = "zh-CN")]
    SimplifiedChinese,
}

/// The app's own settings (the library's data is in core's database).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    pub language: Language,
    /// Off by default: opening a paper leaves it unread.
    pub mark_read_on_open: bool,
    /// Hosts besides arXiv whose https links may open in the browser.
    pub allowed_hosts: Vec<String>,
    pub last_selection: Option<Scope>,
    pub last_paper: Option<i64>,
    /// The library folder chosen with "Open another folder…"; `None`: the default
    /// (`PAPERSHELF_HOME` wins over both). Set by `open_library_folder`, not by the
    /// Settings dialog's save.
    pub library_dir: Option<String>,
    /// No desktop notification when a source brings papers while the window is
    /// in the background (they are on by default).
    pub mute_new_papers: bool,
}

/// Where PDFs are fetched from: the library's setting (shared with the CLI's
/// `config pdf-base`) and the base in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PdfSource {
    /// The library's setting; `None` means arXiv.
    pub saved: Option<String>,
    /// The base downloads use: the environment's, else the setting, else arXiv.
    pub effective: String,
    /// `PAPERSHELF_ARXIV_BASE` is set and wins over the setting.
    pub from_env: bool,
}

/// A note as stored: the text, and whether it was saved.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteSaved {
    pub id: i64,
    pub has_note: bool,
}

// Mapping core's types onto the boundary's.

impl PaperItem {
    pub fn new(row: papershelf_core::PaperRow) -> Self {
        PaperItem {
            id: row.id.0,
            arxiv_id: row.arxiv.map(|a| a.id.as_str().to_owned()),
            title: row.title,
            keywords: row.keywords,
            read: row.read,
            starred: row.starred,
            has_note: row.has_note,
            has_pdf: row.has_pdf,
            tags: row.tags,
            authors: row.authors,
            new_version: row.new_version,
        }
    }
}

impl PaperView {
    pub fn new(
        detail: papershelf_core::PaperDetail,
        pdf: Option<PdfFile>,
        pdf_page: Option<u32>,
        metadata: Option<papershelf_core::store::StoredMetadata>,
    ) -> Self {
        let row = detail.row;
        let metadata = metadata.map(|m| PaperMetadata::new(m.metadata));
        PaperView {
            id: row.id.0,
            arxiv_id: row.arxiv.as_ref().map(|a| a.id.as_str().to_owned()),
            version: row.arxiv.as_ref().and_then(|a| a.version),
            abs_url: row.arxiv.as_ref().map(|a| a.id.abs_url()),
            link: Some(row.url).filter(|u| !u.trim().is_empty()),
            title: row.title,
            keywords: row.keywords,
            read: row.read,
            starred: row.starred,
            note: detail.note.map(|n| n.text).unwrap_or_default(),
            tags: row.tags,
            appearances: detail
                .entries
                .into_iter()
                .map(|e| Appearance {
                    date: e.date.to_string(),
                    digest_name: e.digest_name,
                    title: e.title,
                    summary: e.summary,
                    body: e.body,
                    sections: e
                        .sections
                        .into_iter()
                        .map(|s| SummarySection {
                            kind: s.kind.as_str().to_owned(),
                            label: s.label,
                            text: s.text,
                        })
                        .collect(),
                })
                .collect(),
            pdf,
            pdf_page,
            new_version: row.new_version,
            metadata,
        }
    }
}

impl PaperMetadata {
    fn new(m: papershelf_core::metadata::Metadata) -> Self {
        let mut categories = m.categories;
        if let Some(primary) = m.primary_category {
            categories.retain(|c| *c != primary);
            categories.insert(0, primary);
        }
        PaperMetadata {
            authors: m.authors.into_iter().map(|a| a.name).collect(),
            published: m.published.date_naive().to_string(),
            updated: m.updated.date_naive().to_string(),
            categories,
            doi: m.doi,
            journal_ref: m.journal_ref,
            abstract_text: m.abstract_text,
        }
    }
}

impl From<papershelf_core::store::PdfRecord> for PdfFile {
    fn from(record: papershelf_core::store::PdfRecord) -> Self {
        PdfFile {
            size: record.size,
            version: record.version,
            fetched_at: record.fetched_at,
        }
    }
}

impl From<papershelf_core::pdf::cache::Summary> for PdfCache {
    fn from(s: papershelf_core::pdf::cache::Summary) -> Self {
        PdfCache {
            count: count(s.count),
            bytes: s.bytes,
            partial_count: count(s.partial_count),
            partial_bytes: s.partial_bytes,
        }
    }
}

impl From<papershelf_core::import::FileReport> for FileResult {
    fn from(report: papershelf_core::import::FileReport) -> Self {
        FileResult {
            path: report.path,
            date: report.date.map(|d| d.to_string()),
            papers: count(report.papers),
            added: count(report.added),
            updated: count(report.updated),
            unchanged: count(report.unchanged),
            warnings: report
                .warnings
                .into_iter()
                .map(|w| ImportWarning {
                    line: count(w.line),
                    message: w.message,
                })
                .collect(),
            error: report.error,
            skipped: report.skipped.map(|s| s.to_string()),
        }
    }
}

impl ImportResult {
    pub fn from_reports(reports: Vec<papershelf_core::import::FileReport>) -> Self {
        let files: Vec<FileResult> = reports.into_iter().map(FileResult::from).collect();
        ImportResult {
            added: files.iter().map(|f| f.added).sum(),
            updated: files.iter().map(|f| f.updated).sum(),
            unchanged: files.iter().map(|f| f.unchanged).sum(),
            files,
        }
    }
}

pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A digest's date as the UI sends it.
pub fn parse_date(date: &str) -> CmdResult<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| IpcError::not_found(format!("`{date}` is not a digest date (YYYY-MM-DD)")))
}

/// What Settings' About line shows: the workspace's one version and the package's
/// license and homepage (from Cargo.toml, as `papershelf --version` and the packages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub license: String,
    pub homepage: String,
}

impl AppInfo {
    pub fn of_this_build() -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            license: env!("CARGO_PKG_LICENSE").to_owned(),
            homepage: env!("CARGO_PKG_HOMEPAGE").to_owned(),
        }
    }
}

#[cfg(test)]
mod about_tests {
    use super::*;

    #[test]
    fn the_app_shows_the_workspace_version_and_the_packages_take_it_too() {
        let workspace = include_str!("../../Cargo.toml");
        let line = format!("version = \"{}\"", AppInfo::of_this_build().version);
        assert!(
            workspace.contains(&line),
            "the workspace's version is not {line}"
        );
        // No version of its own in tauri.conf.json: the bundler reads Cargo.toml's.
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        assert!(config.get("version").is_none());
        let info = AppInfo::of_this_build();
        assert_eq!(info.license, "MIT");
        assert!(info.homepage.starts_with("https://"));
    }
}
