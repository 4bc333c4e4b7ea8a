//! Papershelf's desktop shell: thin Tauri commands over `papershelf-core`, a watcher
//! that tells the UI when another process (the CLI) changed the library, and the
//! window's close handshake that lets the UI save a note first.

pub mod api;
pub mod auto_backup;
pub mod bindings;
pub mod command_names;
pub mod commands;
pub mod downloads;
pub mod foryou;
pub mod instance;
pub mod links;
mod main_window;
pub mod metadata;
pub mod notify;
pub mod pdf_protocol;
pub mod pdf_text;
mod rendering;
pub mod settings;
pub mod state;
pub mod watching;

use std::sync::atomic::Ordering;
use std::time::Duration;

use tauri::{Emitter, Manager, RunEvent, WindowEvent};

use crate::settings::SettingsFile;
use crate::state::AppState;

pub const MAIN_WINDOW: &str = "main";

/// Events sent to the UI (their names are in `ui/src/ipc.ts` too).
pub const EVENT_LIBRARY_CHANGED: &str = "library-changed";
pub const EVENT_CLOSING: &str = "app-closing";
/// The library was opened again: restored (here or by the CLI), moved away, or
/// another folder opened. The UI asks `library_status` and reloads everything.
pub const EVENT_LIBRARY_REPLACED: &str = "library-replaced";

/// How often the library is asked whether another process changed it.
const WATCH_INTERVAL: Duration = Duration::from_millis(400);
/// How long a close waits for the UI to save before the window goes anyway.
const CLOSE_GRACE: Duration = Duration::from_secs(3);

/// The command table: one line per command, from which the invoke handler, the
/// TypeScript `Commands` type and a compile-time signature check are all made.
macro_rules! app_commands {
    ($( $module:ident :: $name:ident ( $( $arg:ident : $ty:ty ),* ) -> $ret:ty ; )*) => {
        /// Names of all commands, in table order.
        pub const COMMANDS: &[&str] = &[$( stringify!($name) ),*];

        fn invoke_handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$( commands::$module::$name ),*]
        }

        /// Fails to compile when a command's real signature leaves the table.
        #[allow(dead_code)]
        fn signatures_match_the_table() {
            $( let _: fn(tauri::AppHandle $(, $ty)*) -> api::CmdResult<$ret> = commands::$module::$name; )*
        }

        /// `export type Commands = {...}` for `ui/src/bindings.ts`.
        pub fn commands_typescript(cfg: &ts_rs::Config) -> String {
            let mut out = String::from(
                "/** Every command: its arguments (as `invoke` takes them) and its result. */\nexport type Commands = {\n",
            );
            $(
                let args: Vec<String> = vec![$( format!(
                    "{}: {}",
                    bindings::camel_case(stringify!($arg)),
                    <$ty as ts_rs::TS>::name(cfg)
                ) ),*];
                out.push_str(&format!(
                    "  {}: {{ args: {}; result: {} }};\n",
                    stringify!($name),
                    if args.is_empty() { "Record<string, never>".to_owned() } else { format!("{{ {} }}", args.join("; ")) },
                    <$ret as ts_rs::TS>::name(cfg),
                ));
            )*
            out.push_str("};\n");
            out
        }
    };
}

app_commands! {
    library::library_overview() -> api::Overview;
    library::look_at_new(finished: bool) -> ();
    library::get_paper(id: i64) -> api::PaperView;
    library::set_read(ids: Vec<i64>, read: bool) -> ();
    library::set_starred(id: i64, starred: bool) -> ();
    library::mark_digest_read(date: String) -> api::MarkedRead;
    library::save_note(id: i64, text: String) -> api::NoteSaved;
    search::find_papers(query: api::PaperQuery) -> api::FoundPage;
    search::list_tags() -> Vec<api::TagItem>;
    search::add_tag(id: i64, tag: String) -> Vec<String>;
    search::remove_tag(id: i64, tag: String) -> Vec<String>;
    search::rename_tag(from: String, to: String) -> u32;
    search::similar_papers(id: i64, limit: u32) -> Vec<api::SimilarItem>;
    import::import_paths(paths: Vec<String>) -> api::ImportResult;
    import::import_sample() -> api::ImportResult;
    import::take_opened_files() -> Vec<String>;
    export::export_papers(query: api::PaperQuery, format: api::ExportFormat, path: String, replace: bool, force: bool) -> api::ExportDone;
    export::export_folder() -> String;
    settings::get_settings() -> api::Settings;
    settings::save_settings(settings: api::Settings) -> api::Settings;
    settings::get_pdf_source() -> api::PdfSource;
    settings::set_pdf_source(base: Option<String>) -> api::PdfSource;
    pdf::fetch_pdfs(query: api::PaperQuery) -> api::DownloadStatus;
    pdf::cancel_downloads() -> api::DownloadStatus;
    pdf::download_status() -> api::DownloadStatus;
    pdf::pdf_text_status() -> api::PdfTextStatus;
    pdf::delete_pdf(id: i64) -> ();
    pdf::delete_digest_pdfs(date: String) -> u32;
    pdf::open_pdf(id: i64) -> ();
    pdf::set_pdf_page(id: i64, page: u32) -> ();
    pdf::fetch_pdf_version(id: i64, version: u32) -> api::DownloadStatus;
    highlights::list_highlights(id: i64) -> Vec<api::PdfHighlight>;
    highlights::add_highlight(id: i64, highlight: api::NewHighlight) -> api::PdfHighlight;
    highlights::set_highlight_comment(highlight: i64, comment: String) -> api::PdfHighlight;
    highlights::set_highlight_color(highlight: i64, color: api::HighlightColor) -> api::PdfHighlight;
    highlights::delete_highlight(highlight: i64) -> api::PdfHighlight;
    highlights::restore_highlight(highlight: api::PdfHighlight) -> api::PdfHighlight;
    highlights::quote_highlight(highlight: i64) -> String;
    metadata::get_metadata_auto() -> bool;
    metadata::set_metadata_auto(on: bool) -> bool;
    metadata::metadata_status() -> api::MetadataStatus;
    metadata::fetch_metadata(id: i64) -> bool;
    metadata::list_categories() -> Vec<api::CategoryItem>;
    backup::library_status() -> api::LibraryStatus;
    backup::list_backups() -> Vec<api::BackupItem>;
    backup::back_up_now() -> api::BackupItem;
    backup::preview_restore(name: String) -> api::RestorePreview;
    backup::restore_backup(name: String) -> api::RestoreDone;
    backup::restore_newest_backup() -> api::RestoreDone;
    backup::open_library_folder(path: String) -> api::LibraryStatus;
    sources::list_sources() -> api::SourcesView;
    sources::add_folder_source(path: String, recursive: bool) -> api::SourceItem;
    sources::add_url_source(template: String) -> api::SourceItem;
    sources::remove_source(id: i64) -> ();
    sources::set_sources_every(minutes: Option<u32>) -> api::SourcesView;
    sources::test_source(template: String) -> Option<api::SourceTest>;
    sources::sync_sources() -> api::SourcesView;
    sources::notify_digest(title: String, body: String, date: String) -> bool;
    window::open_external(url: String) -> ();
    window::close_window() -> ();
    window::app_info() -> api::AppInfo;
}

pub fn run() {
    rendering::configure();
    tauri::Builder::default()
        .plugin(instance::plugin())
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::SIZE
                        | tauri_plugin_window_state::StateFlags::POSITION
                        | tauri_plugin_window_state::StateFlags::MAXIMIZED,
                )
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .register_asynchronous_uri_scheme_protocol(pdf_protocol::SCHEME, pdf_protocol::handle)
        .setup(|app| {
            let config_dir = app.path().app_config_dir()?;
            let state = AppState::new(SettingsFile::in_dir(&config_dir));
            app.manage(downloads::Downloads::new(state.dir()));
            app.manage(metadata::AutoMetadata::default());
            app.manage(pdf_text::PdfTextPass::default());
            let opened = state.problem().is_none();
            // A new session: New lists what arrived after the reader last saw it.
            let _ = state.library(|lib| lib.look_at_new(papershelf_core::store::NewLook::Finished));
            app.manage(state);
            app.manage(watching::Watching::default());
            app.state::<watching::Watching>().restart(app.handle());
            notify::init(app.handle());
            watch_library(app.handle().clone());
            auto_backup::start(app.handle().clone());
            foryou::start(app.handle().clone());
            // Papers an earlier fetch could not ask about (offline, the app quit).
            if opened {
                metadata::start(app.handle());
                // PDFs cached before Papershelf read PDFs: their text, for search.
                pdf_text::start(app.handle());
            }
            main_window::create(app)?;
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::Destroyed = event {
                window.state::<metadata::AutoMetadata>().stop();
                window.state::<pdf_text::PdfTextPass>().stop();
            }
            if let WindowEvent::CloseRequested { api, .. } = event {
                let state = window.state::<AppState>();
                if !state.closing.swap(true, Ordering::SeqCst) {
                    // Let the UI save the note it holds; it calls `close_window` when done.
                    api.prevent_close();
                    let _ = window.emit(EVENT_CLOSING, ());
                    let window = window.clone();
                    std::thread::spawn(move || {
                        std::thread::sleep(CLOSE_GRACE);
                        let _ = window.destroy();
                    });
                }
            }
        })
        .invoke_handler(invoke_handler())
        .build(tauri::generate_context!())
        .expect("error while starting Papershelf")
        .run(|app, event| {
            // The sources' watch ends with the app, its sync under way finished.
            if let RunEvent::Exit = event {
                app.state::<watching::Watching>().stop();
            }
        });
}

/// Polls the library's change counter and tells the UI when another process wrote;
/// and whether `library.sqlite3` is still the file the app reads: a restore by the
/// CLI renames another over it (a new inode), which no change counter of the old
/// file can show, so the app opens it again and the UI reloads.
fn watch_library(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        let mut last: Option<i64> = None;
        loop {
            std::thread::sleep(WATCH_INTERVAL);
            let state = app.state::<AppState>();
            if state.reopen_if_replaced() {
                app.state::<downloads::Downloads>().reset(state.dir());
                app.state::<watching::Watching>().restart(&app);
                last = None;
                let _ = app.emit(EVENT_LIBRARY_REPLACED, ());
                continue;
            }
            let Ok(version) = state.library(|lib| lib.data_version()) else {
                continue;
            };
            if last.is_some_and(|v| v != version) {
                let _ = app.emit(EVENT_LIBRARY_CHANGED, ());
            }
            last = Some(version);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_table_matches_the_permission_list() {
        let mut table: Vec<&str> = COMMANDS.to_vec();
        table.sort_unstable();
        assert_eq!(table, command_names::COMMAND_NAMES);
    }

    #[test]
    fn capability_grants_exactly_the_commands_and_the_plugin_permissions_used() {
        let text = include_str!("../capabilities/main-window.json");
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(json["windows"], serde_json::json!([MAIN_WINDOW]));
        let mut granted: Vec<String> = json["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        granted.sort();
        let mut expected: Vec<String> = COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .chain(
                [
                    "core:event:allow-listen",
                    "core:event:allow-unlisten",
                    "dialog:allow-open",
                    "dialog:allow-save",
                    // Asked by the notification plugin's own script at every page load.
                    "notification:allow-is-permission-granted",
                ]
                .map(String::from),
            )
            .collect();
        expected.sort();
        assert_eq!(granted, expected);
    }

    #[test]
    fn config_has_a_strict_csp_and_the_app_identifier() {
        let text = include_str!("../../tauri.conf.json");
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(json["identifier"], "dev.papershelf.app");
        let csp = &json["app"]["security"]["csp"];
        assert_eq!(csp["default-src"], "'self'");
        assert_eq!(csp["script-src"], "'self'");
        assert_eq!(csp["object-src"], "'none'");
        for (directive, value) in csp.as_object().unwrap() {
            let value = value.as_str().unwrap();
            // Only Tauri's own IPC and the PDF scheme may be named by URL (Windows
            // reaches them over http).
            let ours = [
                "ipc:",
                "http://ipc.localhost",
                "papershelf-pdf:",
                "http://papershelf-pdf.localhost",
            ];
            let loose = value.contains("unsafe")
                || value.contains('*')
                || value
                    .split_whitespace()
                    .any(|s| s.contains(':') && !ours.contains(&s));
            assert!(!loose, "{directive} is too loose: {value}");
        }
        assert_eq!(json["app"]["withGlobalTauri"], false);
        // The viewer reads PDFs through our scheme only; nothing may frame or embed them.
        assert_eq!(
            csp["connect-src"],
            "ipc: http://ipc.localhost papershelf-pdf: http://papershelf-pdf.localhost"
        );
        assert_eq!(csp["frame-src"], "'none'");
        assert_eq!(csp["worker-src"], "'self'");
    }
}
