//! arXiv's metadata: the setting that fetches it after an import, the
//! automatic fetch's status, one paper's fetch on demand, and the
//! categories the library's papers have (see `crate::metadata`).

use papershelf_core::PaperId;
use tauri::{AppHandle, Manager};

use crate::api::{CategoryItem, CmdResult, MetadataStatus};
use crate::metadata::{self, AutoMetadata};
use crate::state::AppState;

/// Whether metadata is fetched after an import by itself (`metadata.auto`).
#[tauri::command(async)]
pub fn get_metadata_auto(app: AppHandle) -> CmdResult<bool> {
    metadata::auto_setting(&app, None)
}

/// Turns the fetch after an import on or off; returns the setting as kept.
/// Turned on, the papers still without metadata are asked for now.
#[tauri::command(async)]
pub fn set_metadata_auto(app: AppHandle, on: bool) -> CmdResult<bool> {
    let kept = metadata::auto_setting(&app, Some(on))?;
    if kept {
        metadata::start(&app);
    }
    Ok(kept)
}

#[tauri::command(async)]
pub fn metadata_status(app: AppHandle) -> CmdResult<MetadataStatus> {
    Ok(app.state::<AutoMetadata>().status())
}

/// Asks arXiv about one paper now; `true` when it had the paper.
#[tauri::command(async)]
pub fn fetch_metadata(app: AppHandle, id: i64) -> CmdResult<bool> {
    metadata::fetch_now(&app, PaperId(id))
}

/// The categories the library's papers have, by name, with their counts.
#[tauri::command(async)]
pub fn list_categories(app: AppHandle) -> CmdResult<Vec<CategoryItem>> {
    let categories = app.state::<AppState>().library(|lib| lib.categories())?;
    Ok(categories.into_iter().map(CategoryItem::from).collect())
}
