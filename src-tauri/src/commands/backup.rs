//! The library's backups, restoring one, and the recovery screen's actions (see
//! `store/backup.rs` in core: every decision is made there).

use std::path::PathBuf;

use papershelf_core::store::{self, BackupInfo, StoreError};
use tauri::{AppHandle, Emitter, Manager};

use crate::api::{
    changes, BackupItem, CmdResult, IpcError, LibraryProblem, LibraryStatus, RestoreDone,
    RestorePreview,
};
use crate::downloads::Downloads;
use crate::state::{store_error, AppState};
use crate::watching::Watching;

/// Whether the library is open, and if not, what is wrong and what can be restored.
#[tauri::command(async)]
pub fn library_status(app: AppHandle) -> CmdResult<LibraryStatus> {
    let state = app.state::<AppState>();
    Ok(status(&state.dir(), state.problem()))
}

/// The backups in `backups/`, newest first.
#[tauri::command(async)]
pub fn list_backups(app: AppHandle) -> CmdResult<Vec<BackupItem>> {
    let dir = app.state::<AppState>().dir();
    let found = store::backups(&dir).map_err(store_error)?;
    Ok(found.into_iter().map(BackupItem::from).collect())
}

/// A verified backup now (older ones pruned as the daily snapshot prunes them).
#[tauri::command(async)]
pub fn back_up_now(app: AppHandle) -> CmdResult<BackupItem> {
    let state = app.state::<AppState>();
    state.library(|lib| lib.backup()).map(BackupItem::from)
}

/// What restoring the backup `name` would change; nothing is touched.
#[tauri::command(async)]
pub fn preview_restore(app: AppHandle, name: String) -> CmdResult<RestorePreview> {
    let dir = app.state::<AppState>().dir();
    let file = named(&dir, &name)?;
    let info = listed(&dir, &file)?;
    let preview = store::restore_preview(&dir, &file).map_err(store_error)?;
    Ok(RestorePreview {
        backup: info.into(),
        changes: changes(preview.changes()),
        current_readable: preview.current.is_some(),
    })
}

/// Restores the backup `name` (the library before is kept in `backups/`), opens the
/// library again and tells the UI (`library-replaced`).
#[tauri::command(async)]
pub fn restore_backup(app: AppHandle, name: String) -> CmdResult<RestoreDone> {
    let dir = app.state::<AppState>().dir();
    let file = named(&dir, &name)?;
    restore(&app, file)
}

/// The recovery screen's "Restore the newest good backup": core picks the newest
/// backup that verifies.
#[tauri::command(async)]
pub fn restore_newest_backup(app: AppHandle) -> CmdResult<RestoreDone> {
    let dir = app.state::<AppState>().dir();
    let newest = store::newest_good_backup(&dir).map_err(store_error)?;
    let Some(newest) = newest else {
        return Err(IpcError::not_found(format!(
            "there is no backup that verifies in {}",
            dir.join(store::BACKUP_DIR).display()
        )));
    };
    restore(&app, newest.path)
}

/// "Open another folder…": the library in `path` (a new one when the folder has
/// none), remembered for the next start.
#[tauri::command(async)]
pub fn open_library_folder(app: AppHandle, path: String) -> CmdResult<LibraryStatus> {
    let dir = PathBuf::from(path);
    let downloads = app.state::<Downloads>();
    refuse_while_fetching(&app)?;
    let state = app.state::<AppState>();
    let watching = app.state::<Watching>();
    watching.stop();
    let problem = state.switch_to(dir.clone());
    watching.restart(&app);
    let problem = problem?;
    downloads.reset(dir.clone());
    let _ = app.emit(crate::EVENT_LIBRARY_REPLACED, ());
    Ok(status(&dir, problem))
}

fn restore(app: &AppHandle, file: PathBuf) -> CmdResult<RestoreDone> {
    let downloads = app.state::<Downloads>();
    refuse_while_fetching(app)?;
    let state = app.state::<AppState>();
    // The watch's connections are closed first too: nothing writes into the file
    // being replaced, and the loop starts again on the restored one.
    let watching = app.state::<Watching>();
    watching.stop();
    let replaced = state.replace(|dir| store::restore(dir, &file));
    watching.restart(app);
    let (done, problem) = replaced?;
    let dir = state.dir();
    downloads.reset(dir.clone());
    let _ = app.emit(crate::EVENT_LIBRARY_REPLACED, ());
    Ok(RestoreDone {
        changes: changes(done.changes()),
        kept: done.kept.map(|p| p.display().to_string()),
        status: status(&dir, problem),
    })
}

/// The PDF downloads and the metadata fetch write through connections of
/// their own, which would go on writing to the file from before (and into the
/// `-wal` that then belongs to the new one): no restore or other folder meanwhile.
fn refuse_while_fetching(app: &AppHandle) -> CmdResult<()> {
    if app.state::<Downloads>().running() {
        return Err(IpcError::refused(
            "PDFs are downloading: wait for them to finish or cancel them, then try again",
        ));
    }
    if app.state::<crate::metadata::AutoMetadata>().running() {
        return Err(IpcError::refused(
            "arXiv's metadata is being fetched: try again in a few seconds",
        ));
    }
    Ok(())
}

/// A backup's file from the name the UI sent: only a backup `backups/` lists.
fn named(dir: &std::path::Path, name: &str) -> CmdResult<PathBuf> {
    store::backup_named(dir, name)
        .ok_or_else(|| IpcError::not_found(format!("there is no backup named `{name}`")))
}

fn listed(dir: &std::path::Path, file: &std::path::Path) -> CmdResult<BackupInfo> {
    store::backups(dir)
        .map_err(store_error)?
        .into_iter()
        .find(|b| b.path == file)
        .ok_or_else(|| {
            store_error(StoreError::CannotRestore {
                path: file.to_owned(),
                reason: "it is not a Papershelf library".to_owned(),
            })
        })
}

/// The status of the library in `dir`; with a problem, the newest backup that verifies.
pub fn status(dir: &std::path::Path, problem: Option<LibraryProblem>) -> LibraryStatus {
    let newest_backup = match &problem {
        Some(_) => store::newest_good_backup(dir)
            .ok()
            .flatten()
            .map(BackupItem::from),
        None => None,
    };
    LibraryStatus {
        dir: dir.display().to_string(),
        problem,
        newest_backup,
    }
}
