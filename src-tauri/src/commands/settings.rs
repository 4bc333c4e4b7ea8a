//! The app's settings.

use tauri::{AppHandle, Manager};

use crate::api::{CmdResult, IpcError, Settings};
use crate::links::normalise_allowed_host;
use crate::state::AppState;

#[tauri::command(async)]
pub fn get_settings(app: AppHandle) -> CmdResult<Settings> {
    Ok(app.state::<AppState>().settings())
}

/// Saves the settings and returns them as kept (hosts normalised).
#[tauri::command(async)]
pub fn save_settings(app: AppHandle, settings: Settings) -> CmdResult<Settings> {
    let mut settings = settings;
    let mut hosts = Vec::new();
    for raw in &settings.allowed_hosts {
        let host =
            normalise_allowed_host(raw).map_err(|e| IpcError::refused(format!("{raw}: {e}")))?;
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    settings.allowed_hosts = hosts;
    let state = app.state::<AppState>();
    state
        .settings_file
        .save(&settings)
        .map_err(|e| IpcError::failed(format!("cannot save the settings: {e}")))?;
    if let Ok(mut current) = state.settings.lock() {
        *current = settings.clone();
    }
    Ok(settings)
}
