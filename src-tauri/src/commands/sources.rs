//! Settings → Sources: the library's watched folders and subscriptions (core's
//! `sources`), tried, synced now, and how often subscriptions are synced.

use std::path::Path;

use papershelf_core::pdf::CancellationToken;
use papershelf_core::sources::{self, url, Template};
use papershelf_core::{net, Library};
use tauri::{AppHandle, Manager};

use crate::api::{count, CmdResult, IpcError, SourceItem, SourceTest, SourcesView};
use crate::state::{source_error, AppState};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command(async)]
pub fn list_sources(app: AppHandle) -> CmdResult<SourcesView> {
    app.state::<AppState>().sources(|lib| view(lib))
}

#[tauri::command(async)]
pub fn add_folder_source(app: AppHandle, path: String, recursive: bool) -> CmdResult<SourceItem> {
    let added = app
        .state::<AppState>()
        .sources(|lib| sources::add_folder(lib, Path::new(&path), recursive))?;
    Ok(SourceItem::from(&added))
}

/// A subscription starting a week back (the default of `papershelf sources add`).
#[tauri::command(async)]
pub fn add_url_source(app: AppHandle, template: String) -> CmdResult<SourceItem> {
    let added = app
        .state::<AppState>()
        .sources(|lib| sources::add_url(lib, &template, None, today()))?;
    Ok(SourceItem::from(&added))
}

#[tauri::command(async)]
pub fn remove_source(app: AppHandle, id: i64) -> CmdResult<()> {
    app.state::<AppState>()
        .sources(|lib| sources::remove(lib, sources::SourceId(id)))
}

/// How often subscriptions are synced, in minutes (`None`: hourly).
#[tauri::command(async)]
pub fn set_sources_every(app: AppHandle, minutes: Option<u32>) -> CmdResult<SourcesView> {
    app.state::<AppState>().sources(|lib| {
        sources::set_every_minutes(lib, minutes)?;
        view(lib)
    })
}

/// "Test": today's or else yesterday's file of a template, counted, not imported.
#[tauri::command(async)]
pub fn test_source(app: AppHandle, template: String) -> CmdResult<Option<SourceTest>> {
    let _ = app;
    let template = Template::parse(&template).map_err(source_error)?;
    let tried = on_a_runtime(move |cancel| async move {
        let client = net::Client::new(sources::net_settings())?;
        url::try_template(&client, &template, today(), &cancel).await
    })?
    .map_err(source_error)?;
    Ok(tried.map(|t| SourceTest {
        date: t.day.to_string(),
        url: t.url,
        papers: count(t.papers),
    }))
}

/// "Sync now": one pass over every source on a connection of its own (the
/// app's stays free meanwhile); each sync is told as the watch's are.
#[tauri::command(async)]
pub fn sync_sources(app: AppHandle) -> CmdResult<SourcesView> {
    let dir = app.state::<AppState>().dir();
    let synced = on_a_runtime(move |cancel| async move {
        let mut lib = Library::open_existing(&dir)?;
        let client = net::Client::new(sources::net_settings())?;
        sources::sync_all(&mut lib, &client, today(), &cancel).await
    })?
    .map_err(source_error)?;
    for s in &synced {
        crate::watching::tell(&app, s);
    }
    app.state::<AppState>().sources(|lib| view(lib))
}

/// A digest arrived ("12 new papers · 2025-10-04", worded by the UI): a desktop
/// notification when the window is not focused and the reader did not turn them off.
#[tauri::command(async)]
pub fn notify_digest(app: AppHandle, title: String, body: String, date: String) -> CmdResult<bool> {
    if app.state::<AppState>().settings().mute_new_papers {
        return Ok(false);
    }
    Ok(crate::notify::digest_arrived(&app, title, body, date))
}

fn view(lib: &Library) -> Result<SourcesView, sources::SourceError> {
    Ok(SourcesView {
        sources: lib.sources()?.iter().map(SourceItem::from).collect(),
        every_minutes: sources::every_minutes(lib)?.unwrap_or(sources::DEFAULT_EVERY_MINUTES),
    })
}

/// Runs network work on Tauri's runtime from a thread of its own: the command
/// may be called on that runtime, inside which nothing may block on it.
fn on_a_runtime<T, F>(work: impl FnOnce(CancellationToken) -> F + Send) -> CmdResult<T>
where
    F: std::future::Future<Output = T>,
    T: Send,
{
    std::thread::scope(|scope| {
        scope
            .spawn(|| tauri::async_runtime::block_on(work(CancellationToken::new())))
            .join()
            .map_err(|_| IpcError::failed("the sync stopped unexpectedly"))
    })
}
