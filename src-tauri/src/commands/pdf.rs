//! PDFs: downloading (a queue in the background, see `downloads.rs`), deleting,
//! opening in the system viewer, and the page the reader is at. The viewer itself
//! reads through the `papershelf-pdf` scheme (`pdf_protocol.rs`).

use papershelf_core::pdf::cache;
use papershelf_core::PaperId;
use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

use crate::api::{
    count, parse_date, CmdResult, DownloadStatus, IpcError, PaperQuery, PdfTextStatus,
};
use crate::downloads::{self, Downloads};
use crate::pdf_text::PdfTextPass;
use crate::state::AppState;

/// Starts downloading the PDFs of the papers a query lists (its whole list,
/// whatever page it names); progress arrives as `pdf-progress` events.
#[tauri::command(async)]
pub fn fetch_pdfs(app: AppHandle, query: PaperQuery) -> CmdResult<DownloadStatus> {
    let query = papershelf_core::PaperQuery {
        offset: 0,
        limit: papershelf_core::PaperQuery::ALL,
        ..query.to_core()?
    };
    downloads::start(&app, &query, &[])
}

/// Starts downloading a paper's PDF at `version` (the newer one arXiv
/// reported): the PDF cached now stays readable until the new one replaces it.
#[tauri::command(async)]
pub fn fetch_pdf_version(app: AppHandle, id: i64, version: u32) -> CmdResult<DownloadStatus> {
    let paper = PaperId(id);
    let query = papershelf_core::PaperQuery::scope(papershelf_core::Scope::Papers(vec![paper]));
    let request = papershelf_core::pdf::Request {
        paper,
        version: Some(version),
    };
    downloads::start(&app, &query, &[request])
}

#[tauri::command(async)]
pub fn cancel_downloads(app: AppHandle) -> CmdResult<DownloadStatus> {
    Ok(downloads::cancel(&app))
}

#[tauri::command(async)]
pub fn download_status(app: AppHandle) -> CmdResult<DownloadStatus> {
    Ok(app.state::<Downloads>().status())
}

/// Where the background reading of cached PDFs' text is (events follow).
#[tauri::command(async)]
pub fn pdf_text_status(app: AppHandle) -> CmdResult<PdfTextStatus> {
    Ok(app.state::<PdfTextPass>().status())
}

#[tauri::command(async)]
pub fn delete_pdf(app: AppHandle, id: i64) -> CmdResult<()> {
    let state = app.state::<AppState>();
    state.pdfs(|lib| cache::remove(lib, PaperId(id))).map(drop)
}

/// Deletes the PDFs of a digest's papers; returns how many were deleted.
#[tauri::command(async)]
pub fn delete_digest_pdfs(app: AppHandle, date: String) -> CmdResult<u32> {
    let date = parse_date(&date)?;
    let state = app.state::<AppState>();
    let removed = state.pdfs(|lib| cache::remove_digest(lib, date))?;
    Ok(count(removed.len()))
}

/// Opens a paper's cached PDF in the system's viewer. Only a file core vouches for
/// (`cached_pdf`: canonical, directly in the cache folder) is handed over.
#[tauri::command(async)]
pub fn open_pdf(app: AppHandle, id: i64) -> CmdResult<()> {
    let state = app.state::<AppState>();
    let path = state.pdfs(|lib| cache::cached_pdf(lib, PaperId(id)))?;
    let path = path.to_str().ok_or_else(|| {
        IpcError::failed(format!(
            "cannot open {}: the path is not Unicode",
            path.display()
        ))
    })?;
    app.opener()
        .open_path(path, None::<&str>)
        .map_err(|e| IpcError::failed(format!("cannot open the system's PDF viewer: {e}")))
}

/// Remembers the page (from 1) the reader is at in a paper's PDF.
#[tauri::command(async)]
pub fn set_pdf_page(app: AppHandle, id: i64, page: u32) -> CmdResult<()> {
    let state = app.state::<AppState>();
    state.library(|lib| lib.set_pdf_page(PaperId(id), page))
}
