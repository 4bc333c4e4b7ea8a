//! Desktop notifications for digests that arrived while the window was in the
//! background ("12 new papers · 2025-10-04"), through tauri-plugin-notification.
//! The UI words them (its i18n tables) and asks; the shell shows one only when
//! the window is not focused, on a thread of its own: without a notification
//! daemon (CI under Xvfb) showing fails or waits there, quietly, and nothing
//! else does. A click on one (the plugin reports it on Linux, macOS and
//! Windows) brings the window forward and tells the UI to show that digest.

use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::{ActionPerformed, NotificationExt};

use crate::MAIN_WINDOW;

/// The event asking the UI to show a digest (its date as payload).
pub const EVENT_SHOW_DIGEST: &str = "show-digest";

/// Listens to clicks on the app's notifications.
pub fn init(app: &AppHandle) {
    let handle = app.clone();
    let listening = app
        .notification()
        .on_action(move |performed| clicked(&handle, performed));
    if let Err(e) = listening {
        tracing::info!("clicks on notifications are not reported here: {e}");
    }
}

/// Shows the notification unless the window is focused; whether it was asked.
pub fn digest_arrived(app: &AppHandle, title: String, body: String, date: String) -> bool {
    let focused = app
        .get_webview_window(MAIN_WINDOW)
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(false);
    if focused {
        return false;
    }
    let app = app.clone();
    let shown = std::thread::Builder::new()
        .name("notification".into())
        .spawn(move || {
            let sent = app
                .notification()
                .builder()
                .title(title)
                .body(body)
                .extra("date", date)
                .show();
            if let Err(e) = sent {
                tracing::info!("no desktop notification (is a notification daemon running?): {e}");
            }
        });
    shown.is_ok()
}

fn clicked(app: &AppHandle, performed: &ActionPerformed) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let date = performed
        .notification()
        .and_then(|n| n.extra().get("date"))
        .and_then(|d| d.as_str())
        .map(str::to_owned);
    if let Some(date) = date {
        let _ = app.emit(EVENT_SHOW_DIGEST, date);
    }
}
