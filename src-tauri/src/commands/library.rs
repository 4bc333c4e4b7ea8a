//! Reading the library and changing read marks, stars and notes.

use papershelf_core::pdf::cache;
use papershelf_core::store::{SearchFilter, SearchRequest};
use papershelf_core::{Library, PaperFilter, PaperId, StoreError};
use tauri::{AppHandle, Manager};

use crate::api::{
    count, parse_date, CmdResult, DigestItem, ListQuery, MarkedRead, NoteSaved, Overview,
    PaperItem, PaperView, PdfFile, Selection,
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
            total: how_many(lib, SearchFilter::default())?,
            unread: how_many(
                lib,
                SearchFilter {
                    read: Some(false),
                    ..SearchFilter::default()
                },
            )?,
            starred: how_many(
                lib,
                SearchFilter {
                    starred: Some(true),
                    ..SearchFilter::default()
                },
            )?,
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
        })
    })
}

/// How many papers pass the filter (an empty page of `find` carries the total).
fn how_many(lib: &Library, filter: SearchFilter) -> Result<u32, StoreError> {
    let request = SearchRequest {
        filter,
        limit: 0,
        ..SearchRequest::default()
    };
    Ok(count(lib.find(&request)?.total))
}

#[tauri::command(async)]
pub fn list_papers(app: AppHandle, query: ListQuery) -> CmdResult<Vec<PaperItem>> {
    let state = app.state::<AppState>();
    let rows = match query {
        ListQuery::Search { query } => state.library(|lib| lib.search(&query))?,
        ListQuery::Selection { selection, keyword } => {
            let mut filter = PaperFilter {
                keyword: keyword.filter(|k| !k.trim().is_empty()),
                ..PaperFilter::default()
            };
            match selection {
                Selection::All => {}
                Selection::Unread => filter.read = Some(false),
                Selection::Starred => filter.starred = Some(true),
                Selection::Digest { date } => filter.digest = Some(parse_date(&date)?),
            }
            state.library(|lib| lib.list(&filter))?
        }
    };
    let with_pdf = state.library(|lib| lib.papers_with_pdf())?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let has_pdf = with_pdf.contains(&row.id);
            PaperItem::new(row, has_pdf)
        })
        .collect())
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
        Ok(PaperView::new(detail, pdf, lib.pdf_page(id)?))
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
