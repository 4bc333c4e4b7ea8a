//! Lists of papers (every list, search or not: one `PaperQuery`), and the reader's
//! tags: each a few lines over core's `Library::papers` and `store/tags.rs`.

use papershelf_core::PaperId;
use tauri::{AppHandle, Manager};

use crate::api::{count, CmdResult, FoundPage, PaperQuery, SimilarItem, TagItem};
use crate::state::AppState;

/// A page of the papers a query lists, with highlights when it searches text.
#[tauri::command(async)]
pub fn find_papers(app: AppHandle, query: PaperQuery) -> CmdResult<FoundPage> {
    let core = query.to_core()?;
    let state = app.state::<AppState>();
    let page = state.library(|lib| lib.papers(&core))?;
    Ok(FoundPage::new(page, query.offset))
}

/// The papers most like one (the For you model's features), nearest first.
#[tauri::command(async)]
pub fn similar_papers(app: AppHandle, id: i64, limit: u32) -> CmdResult<Vec<SimilarItem>> {
    let state = app.state::<AppState>();
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let similar = state.library(|lib| lib.similar(PaperId(id), limit))?;
    Ok(similar.into_iter().map(SimilarItem::new).collect())
}

/// Every tag with its number of papers, by name.
#[tauri::command(async)]
pub fn list_tags(app: AppHandle) -> CmdResult<Vec<TagItem>> {
    let state = app.state::<AppState>();
    let tags = state.library(|lib| lib.tags())?;
    Ok(tags.into_iter().map(TagItem::from).collect())
}

/// Tags a paper; returns its tags afterwards.
#[tauri::command(async)]
pub fn add_tag(app: AppHandle, id: i64, tag: String) -> CmdResult<Vec<String>> {
    let state = app.state::<AppState>();
    state.library(|lib| lib.add_tags(PaperId(id), &[tag]))
}

/// Takes a tag off a paper; returns its tags afterwards.
#[tauri::command(async)]
pub fn remove_tag(app: AppHandle, id: i64, tag: String) -> CmdResult<Vec<String>> {
    let state = app.state::<AppState>();
    state.library(|lib| lib.remove_tags(PaperId(id), &[tag]))
}

/// Renames a tag on every paper (onto an existing tag: merges them); returns how
/// many papers have the new name.
#[tauri::command(async)]
pub fn rename_tag(app: AppHandle, from: String, to: String) -> CmdResult<u32> {
    let state = app.state::<AppState>();
    state.library(|lib| lib.rename_tag(&from, &to)).map(count)
}
