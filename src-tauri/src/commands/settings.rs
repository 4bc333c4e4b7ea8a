//! The app's settings.

use papershelf_core::pdf::{self, Base, BaseOrigin, PdfError};
use papershelf_core::Library;
use tauri::{AppHandle, Manager};

use crate::api::{CmdResult, IpcError, PdfSource, Settings};
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
    // The library folder is changed only by `open_library_folder`.
    settings.library_dir = state.settings().library_dir;
    state
        .settings_file
        .save(&settings)
        .map_err(|e| IpcError::failed(format!("cannot save the settings: {e}")))?;
    if let Ok(mut current) = state.settings.lock() {
        *current = settings.clone();
    }
    Ok(settings)
}

/// Where PDFs come from: the library's setting and the base in force.
#[tauri::command(async)]
pub fn get_pdf_source(app: AppHandle) -> CmdResult<PdfSource> {
    app.state::<AppState>().pdfs(|lib| pdf_source(lib))
}

/// Sets the library's PDF base URL (blank: back to arXiv); refuses a URL that is
/// not one, saying why. The next download uses it.
#[tauri::command(async)]
pub fn set_pdf_source(app: AppHandle, base: Option<String>) -> CmdResult<PdfSource> {
    let base = match base.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) => Some(Base::parse_setting(b).map_err(|e| IpcError::refused(e.to_string()))?),
        None => None,
    };
    app.state::<AppState>().pdfs(|lib| {
        lib.set_pdf_base(base.as_ref())?;
        pdf_source(lib)
    })
}

fn pdf_source(lib: &Library) -> Result<PdfSource, PdfError> {
    let saved = lib.pdf_base()?.map(|b| b.as_str().to_owned());
    let (effective, origin) = pdf::effective_base(lib)?;
    Ok(PdfSource {
        saved,
        effective: effective.as_str().to_owned(),
        from_env: origin == BaseOrigin::Env,
    })
}
