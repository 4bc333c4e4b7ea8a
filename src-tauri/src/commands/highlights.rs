//! Highlights and comments in a paper's PDF, kept in the library (core's
//! `store/highlights.rs`): listed, made, edited, deleted (and undone), quoted in
//! the note.

use papershelf_core::PaperId;
use tauri::{AppHandle, Manager};

use crate::api::{CmdResult, HighlightColor, NewHighlight, PdfHighlight};
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_highlights(app: AppHandle, id: i64) -> CmdResult<Vec<PdfHighlight>> {
    let state = app.state::<AppState>();
    let all = state.library(|lib| lib.highlights(PaperId(id)))?;
    Ok(all.into_iter().map(PdfHighlight::from).collect())
}

#[tauri::command(async)]
pub fn add_highlight(app: AppHandle, id: i64, highlight: NewHighlight) -> CmdResult<PdfHighlight> {
    let state = app.state::<AppState>();
    let new = highlight.into();
    state
        .library(|lib| lib.add_highlight(PaperId(id), &new))
        .map(PdfHighlight::from)
}

#[tauri::command(async)]
pub fn set_highlight_comment(
    app: AppHandle,
    highlight: i64,
    comment: String,
) -> CmdResult<PdfHighlight> {
    let state = app.state::<AppState>();
    state
        .library(|lib| lib.set_highlight_comment(highlight, &comment))
        .map(PdfHighlight::from)
}

#[tauri::command(async)]
pub fn set_highlight_color(
    app: AppHandle,
    highlight: i64,
    color: HighlightColor,
) -> CmdResult<PdfHighlight> {
    let state = app.state::<AppState>();
    state
        .library(|lib| lib.set_highlight_color(highlight, color.into()))
        .map(PdfHighlight::from)
}

/// Deletes a highlight and returns it, so the UI can undo.
#[tauri::command(async)]
pub fn delete_highlight(app: AppHandle, highlight: i64) -> CmdResult<PdfHighlight> {
    let state = app.state::<AppState>();
    state
        .library(|lib| lib.delete_highlight(highlight))
        .map(PdfHighlight::from)
}

/// Undoes a delete: the highlight as it was, with its id and times.
#[tauri::command(async)]
pub fn restore_highlight(app: AppHandle, highlight: PdfHighlight) -> CmdResult<PdfHighlight> {
    let state = app.state::<AppState>();
    let h = highlight.into();
    state
        .library(|lib| lib.restore_highlight(&h))
        .map(PdfHighlight::from)
}

/// Appends the highlight's quote (and its comment) to the paper's note; returns
/// the note's new text.
#[tauri::command(async)]
pub fn quote_highlight(app: AppHandle, highlight: i64) -> CmdResult<String> {
    let state = app.state::<AppState>();
    state
        .library(|lib| lib.quote_highlight_in_note(highlight))
        .map(|note| note.text)
}
