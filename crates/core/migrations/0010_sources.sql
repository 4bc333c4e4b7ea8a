-- Sources (core::sources, store/sources.rs): folders watched for digests and
-- URL templates subscribed to, kept in the library so the CLI and the app
-- share them. Every other row belongs to a source and goes with it.

CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    -- 'folder': `location` is an absolute path; 'url': a URL template.
    kind          TEXT NOT NULL CHECK (kind IN ('folder', 'url')),
    location      TEXT NOT NULL,
    -- folder: whether subfolders are read too.
    recursive     INTEGER NOT NULL DEFAULT 0,
    -- url: the first day asked (YYYY-MM-DD).
    since         TEXT,
    created_at    TEXT NOT NULL,
    -- The last sync's result: when, files (or days) imported and unchanged,
    -- papers new to the library, and JSON [{file, line, message}].
    last_sync     TEXT,
    last_imported INTEGER NOT NULL DEFAULT 0,
    last_unchanged INTEGER NOT NULL DEFAULT 0,
    last_added    INTEGER NOT NULL DEFAULT 0,
    last_failed   TEXT NOT NULL DEFAULT '[]',
    UNIQUE (kind, location)
);

-- A folder's files as last seen, for the catch-up: a file whose size and
-- mtime are unchanged is not read again, one whose sha256 is unchanged is
-- not parsed again. `failure` (with its line) is why its content could not
-- be imported: it is tried again only when the file changes.
CREATE TABLE source_files (
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    -- Relative to the folder, as text (import::name_text).
    path         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    mtime_ns     INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    failure      TEXT,
    failure_line INTEGER,
    seen_at      TEXT NOT NULL,
    PRIMARY KEY (source_id, path)
) WITHOUT ROWID;

-- A subscription's days as last answered: the validators for a conditional
-- request, the status (200 fetched, 304 not modified, 404 not published; a
-- day the server could not be asked about keeps its row as it was), the
-- content's sha256 and why that content could not be imported, if it could not.
CREATE TABLE source_days (
    source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    day           TEXT NOT NULL,
    status        INTEGER NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    sha256        TEXT,
    failure       TEXT,
    failure_line  INTEGER,
    tried_at      TEXT NOT NULL,
    PRIMARY KEY (source_id, day)
) WITHOUT ROWID;
