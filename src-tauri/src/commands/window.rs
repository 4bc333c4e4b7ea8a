//! Leaving the app: links to the browser, and closing the window.

use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

use crate::api::{AppInfo, CmdResult, IpcError};
use crate::links::check_external;
use crate::state::AppState;

/// Opens an https link to arXiv (or a host the user allowed) in the system browser.
#[tauri::command(async)]
pub fn open_external(app: AppHandle, url: String) -> CmdResult<()> {
    let allowed = app.state::<AppState>().settings().allowed_hosts;
    let url = check_external(&url, &allowed).map_err(|e| IpcError::refused(e.to_string()))?;
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| IpcError::failed(format!("cannot open the browser: {e}")))
}

/// Called by the UI once it saved what was unsaved after a close request.
#[tauri::command(async)]
pub fn close_window(app: AppHandle) -> CmdResult<()> {
    if let Some(window) = app.get_webview_window(crate::MAIN_WINDOW) {
        window.destroy().map_err(IpcError::failed)?;
    }
    Ok(())
}

/// The version, license and homepage for Settings' About line.
#[tauri::command]
pub fn app_info(_app: AppHandle) -> CmdResult<AppInfo> {
    Ok(AppInfo::of_this_build())
}
