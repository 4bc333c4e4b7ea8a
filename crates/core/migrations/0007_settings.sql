-- Settings that belong to the library, so the CLI and the app agree on them
-- (the app's window and language stay in its own settings file). One row per
-- setting that was set; a missing row means the default.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
