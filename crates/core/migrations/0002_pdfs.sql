-- PDFs in the offline cache, and downloads that can be resumed.

-- A downloaded PDF. A row is written only after the file was fsynced and
-- renamed into place, so a row is what makes a PDF count as downloaded.
CREATE TABLE pdfs (
    paper_id   INTEGER PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    -- Relative to the library folder: 'pdfs/<file stem of the arXiv id>.pdf'.
    path       TEXT NOT NULL UNIQUE,
    -- The version asked for; NULL when the latest was fetched.
    version    INTEGER,
    size       INTEGER NOT NULL,
    -- sha256 of the file's bytes, hex.
    sha256     TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);

-- A download interrupted midway, whose '.part' file may be resumed with a
-- Range request: only from the same URL, and only while the server's copy
-- still has the same validator (sent back in If-Range).
CREATE TABLE pdf_partials (
    paper_id      INTEGER PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    started_at    TEXT NOT NULL,
    CHECK (etag IS NOT NULL OR last_modified IS NOT NULL)
);
