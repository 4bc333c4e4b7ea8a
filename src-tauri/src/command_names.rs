// Every command the webview may call. `build.rs` includes this file to generate the
// `allow-*` permissions, `lib.rs` checks it against the handler table, and a test checks
// that the capability grants exactly these. Keep it sorted.
pub const COMMAND_NAMES: &[&str] = &[
    "cancel_downloads",
    "close_window",
    "delete_digest_pdfs",
    "delete_pdf",
    "download_status",
    "fetch_pdfs",
    "get_paper",
    "get_pdf_source",
    "get_settings",
    "import_paths",
    "import_sample",
    "library_overview",
    "list_papers",
    "mark_digest_read",
    "open_external",
    "open_pdf",
    "save_note",
    "save_settings",
    "set_pdf_page",
    "set_pdf_source",
    "set_read",
    "set_starred",
];
