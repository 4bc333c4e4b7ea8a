//! Reading the library and changing read marks, stars and notes.

use papershelf_core::pdf::cache;
use papershelf_core::store::NewLook;
use papershelf_core::{Library, PaperId, PaperQuery, Scope, StoreError};
use tauri::{AppHandle, Manager};

use crate::api::{
    count, parse_date, CmdResult, DigestItem, MarkedRead, NoteSaved, Overview, PaperView, PdfFile,
};
use crate::state::AppState;

#[tauri::command(async)]
pub fn library_overview(app: AppHandle) -> CmdResult<Overview> {
    let state = app.state::<AppState>();
    let pdfs = state.pdfs(|lib| cache::summary(lib))?.into();
    state.library(|lib| {
        let digests = lib.digests()?;
        Ok(Overview {
            library_dir: lib.dir().display().to_string(),
            total: how_many(lib, Scope::All)?,
            unread: how_many(lib, Scope::Unread)?,
            starred: how_many(lib, Scope::Starred)?,
            new_papers: count(lib.new_unseen()?),
            digests: digests
                .into_iter()
                .map(|d| DigestItem {
                    date: d.date.to_string(),
                    name: d.name,
                    papers: count(d.papers),
                    unread: count(d.unread),
                })
                .collect(),
            pdfs,
            for_you_positives: count(lib.for_you_positives()?),
        })
    })
}

/// How many papers a scope holds (the count of an empty page).
fn how_many(lib: &Library, scope: Scope) -> Result<u32, StoreError> {
    let query = PaperQuery {
        limit: 0,
        ..PaperQuery::scope(scope)
    };
    Ok(count(lib.papers(&query)?.total.counted()))
}

/// The reader sees New (`finished: false`: its badge clears, its list stays) or is
/// done with it (`finished: true`: it lists only what arrives next).
#[tauri::command(async)]
pub fn look_at_new(app: AppHandle, finished: bool) -> CmdResult<()> {
    let look = if finished {
        NewLook::Finished
    } else {
        NewLook::Seen
    };
    app.state::<AppState>().library(|lib| lib.look_at_new(look))
}

#[tauri::command(async)]
pub fn get_paper(app: AppHandle, id: i64) -> CmdResult<PaperView> {
    let id = PaperId(id);
    let state = app.state::<AppState>();
    state.pdfs(|lib| {
        let detail = lib.paper(id)?;
        // A record whose file is gone or damaged does not count.
        let pdf = match cache::cached_pdf(lib, id) {
            Ok(_) => lib.pdf(id)?.map(PdfFile::from),
            Err(_) => None,
        };
        Ok(PaperView::new(
            detail,
            pdf,
            lib.pdf_page(id)?,
            lib.metadata(id)?,
        ))
    })
}

#[tauri::command(async)]
pub fn set_read(app: AppHandle, ids: Vec<i64>, read: bool) -> CmdResult<()> {
    let ids: Vec<PaperId> = ids.into_iter().map(PaperId).collect();
    let state = app.state::<AppState>();
    state.library(|lib| lib.set_read(&ids, read)).map(drop)
}

#[tauri::command(async)]
pub fn set_starred(app: AppHandle, id: i64, starred: bool) -> CmdResult<()> {
    let state = app.state::<AppState>();
    state.library(|lib| lib.set_starred(PaperId(id), starred))
}

/// Marks every unread paper of a digest read and says which, for undo.
#[tauri::command(async)]
pub fn mark_digest_read(app: AppHandle, date: String) -> CmdResult<MarkedRead> {
    let date = parse_date(&date)?;
    let state = app.state::<AppState>();
    let ids = state.library(|lib| lib.mark_digest_read(date))?;
    Ok(MarkedRead {
        ids: ids.into_iter().map(|id| id.0).collect(),
    })
}

#[tauri::command(async)]
pub fn save_note(app: AppHandle, id: i64, text: String) -> CmdResult<NoteSaved> {
    let state = app.state::<AppState>();
    state.library(|lib| lib.set_note(PaperId(id), &text))?;
    Ok(NoteSaved {
        id,
        has_note: !text.trim().is_empty(),
    })
}
