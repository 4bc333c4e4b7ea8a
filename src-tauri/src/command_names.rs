// Every command the webview may call. `build.rs` includes this file to generate the
// `allow-*` permissions, `lib.rs` checks it against the handler table, and a test checks
// that the capability grants exactly these. Keep it sorted.
pub const COMMAND_NAMES: &[&str] = &[
    "add_tag",
    "close_window",
    "find_papers",
    "get_paper",
    "get_settings",
    "import_paths",
    "import_sample",
    "library_overview",
    "list_papers",
    "list_tags",
    "mark_digest_read",
    "open_external",
    "paper_tags",
    "remove_tag",
    "rename_tag",
    "save_note",
    "save_settings",
    "set_read",
    "set_starred",
];
