//! Importing digests: files and folders the user picked or dropped, and the sample;
//! each is followed by the metadata fetch in the background (`crate::metadata`).

use std::path::PathBuf;

use papershelf_core::import;
use tauri::{AppHandle, Manager};

use crate::api::{CmdResult, ImportResult};
use crate::instance::Opened;
use crate::state::AppState;

/// The sample digest offered on a first run, built into the app.
pub const SAMPLE_NAME: &str = "2025-10-03.md";
pub const SAMPLE: &[u8] = include_bytes!("../../../tests/fixtures/digests/2025-10-03.md");

#[tauri::command(async)]
pub fn import_paths(app: AppHandle, paths: Vec<String>) -> CmdResult<ImportResult> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let state = app.state::<AppState>();
    let reports = state.library(|lib| Ok(import::import_paths(lib, &paths, None)))?;
    crate::metadata::start(&app);
    Ok(ImportResult::from_reports(reports))
}

#[tauri::command(async)]
pub fn import_sample(app: AppHandle) -> CmdResult<ImportResult> {
    let state = app.state::<AppState>();
    let report = state.library(|lib| {
        Ok(import::import_bytes(
            lib,
            &format!("{SAMPLE_NAME} (sample)"),
            SAMPLE_NAME,
            None,
            SAMPLE,
            None,
        ))
    })?;
    crate::metadata::start(&app);
    Ok(ImportResult::from_reports(vec![report]))
}

/// Files handed to the app from outside (its command line, or a later launch) and
/// not imported yet; the UI imports them as it does a drop.
#[tauri::command]
pub fn take_opened_files(app: AppHandle) -> CmdResult<Vec<String>> {
    Ok(app.state::<Opened>().take())
}
