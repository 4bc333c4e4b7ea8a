//! Exporting papers to a file or a folder: core's `export::Export`, read from
//! the library under its lock, written after it is let go.

use std::path::PathBuf;

use papershelf_core::export::{Export, ExportError};
use tauri::{AppHandle, Manager};

use crate::api::{CmdResult, ErrorCode, ExportDone, ExportFormat, IpcError, PaperQuery};
use crate::state::{store_error, AppState};

/// Writes the papers `query` lists to `path` in `format`. An existing file is
/// replaced only when `replace` (the native save dialog asked already);
/// `force` overwrites notes edited since the last export (Markdown).
#[tauri::command(async)]
pub fn export_papers(
    app: AppHandle,
    query: PaperQuery,
    format: ExportFormat,
    path: String,
    replace: bool,
    force: bool,
) -> CmdResult<ExportDone> {
    let format = format.to_core();
    let path = output_path(&path, app.path().home_dir().ok())?;
    if !replace && !format.is_folder() && path.is_file() {
        return Err(IpcError::new(
            ErrorCode::Exists,
            format!("{} exists already", path.display()),
        ));
    }
    let query = query.to_core()?;
    let state = app.state::<AppState>();
    let export = state.library(|lib| Export::prepare(lib, &query, format))?;
    let written = export.write(&path, force).map_err(|e| match e {
        ExportError::Store(e) => store_error(e),
        other => IpcError::failed(other),
    })?;
    Ok(written.into())
}

/// Where an export goes unless the reader chooses: their Documents folder,
/// else their home.
#[tauri::command(async)]
pub fn export_folder(app: AppHandle) -> CmdResult<String> {
    let paths = app.path();
    paths
        .document_dir()
        .ok()
        .filter(|d| d.is_dir())
        .or_else(|| paths.home_dir().ok())
        .map(|d| d.display().to_string())
        .ok_or_else(|| IpcError::failed("no Documents or home folder is known: type a path"))
}

/// The path the reader typed: `~` is their home; anything else must be whole,
/// since the app has no working folder a relative path could mean.
fn output_path(typed: &str, home: Option<PathBuf>) -> CmdResult<PathBuf> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(IpcError::refused(
            "Say where to save the export: type a path or use Choose…",
        ));
    }
    let path = match (typed.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home,
        (Some(rest), Some(home)) if rest.starts_with(['/', std::path::MAIN_SEPARATOR]) => {
            home.join(&rest[1..])
        }
        _ => PathBuf::from(typed),
    };
    if !path.is_absolute() {
        return Err(IpcError::refused(format!(
            "{typed} is not a whole path: type one from the top (such as {}), or use Choose…",
            std::path::Path::new(std::path::MAIN_SEPARATOR_STR)
                .join("home")
                .join("me")
                .join("papers.bib")
                .display()
        )));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_path_is_whole_or_under_home() {
        let home = Some(PathBuf::from("/home/me"));
        assert_eq!(
            output_path(" ~/Documents/refs.bib ", home.clone()).unwrap(),
            PathBuf::from("/home/me/Documents/refs.bib")
        );
        assert_eq!(
            output_path("/tmp/x.bib", home.clone()).unwrap(),
            PathBuf::from("/tmp/x.bib")
        );
        let err = output_path("refs.bib", home.clone()).unwrap_err();
        assert_eq!(err.code, ErrorCode::Refused);
        assert!(err.message.contains("not a whole path"), "{err}");
        assert_eq!(
            output_path("  ", home.clone()).unwrap_err().code,
            ErrorCode::Refused
        );
        // `~user` is not ours to read.
        assert!(output_path("~bob/x.bib", home).is_err());
    }
}
