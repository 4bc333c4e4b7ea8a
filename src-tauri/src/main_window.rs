//! The main window, made in `setup` (tauri.conf.json declares it with `create: false`)
//! rather than by Tauri before `setup`, for one reason: the window's title follows the
//! page's `document.title`, which the UI sets to the open paper or the list shown
//! ("GEM: A Gym for Agentic LLMs — Papershelf"; ui/src/windowTitle.ts). Made last in
//! `setup`, after the state every command needs, and after the instance plugin has
//! let a second launch go without any window. Its size and position are restored by
//! tauri-plugin-window-state when it is made.

use tauri::{App, WebviewWindowBuilder};

pub fn create(app: &App) -> tauri::Result<()> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == crate::MAIN_WINDOW)
        .cloned()
        .expect("tauri.conf.json declares the main window");
    WebviewWindowBuilder::from_config(app.handle(), &config)?
        .on_document_title_changed(|window, title| {
            let _ = window.set_title(&title);
        })
        .build()?;
    Ok(())
}
