-- The library: papers, the digests that list them, and what the reader adds.

-- One row per paper: per arXiv id, or per URL for a paper without one.
CREATE TABLE papers (
    id         INTEGER PRIMARY KEY,
    -- 'arxiv:<canonical id>' or 'url:<url>': what makes two entries one paper.
    key        TEXT NOT NULL UNIQUE,
    arxiv_id   TEXT UNIQUE,
    -- Title and link as first imported; each digest's entry keeps its own.
    title      TEXT NOT NULL,
    url        TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- Reading state: unread while read_at is NULL.
    read_at    TEXT,
    starred    INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1))
);

-- One imported file. A digest is identified by its date and file name.
CREATE TABLE digests (
    id           INTEGER PRIMARY KEY,
    date         TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    UNIQUE (date, name)
);

-- A paper as one digest lists it, at its position, with that digest's text.
CREATE TABLE entries (
    id        INTEGER PRIMARY KEY,
    digest_id INTEGER NOT NULL REFERENCES digests (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    paper_id  INTEGER NOT NULL REFERENCES papers (id),
    line      INTEGER NOT NULL,
    title     TEXT NOT NULL,
    url       TEXT NOT NULL,
    version   INTEGER,
    summary   TEXT NOT NULL,
    body      TEXT NOT NULL,
    -- JSON array of {"kind", "label", "text"}.
    sections  TEXT NOT NULL DEFAULT '[]',
    UNIQUE (digest_id, position),
    UNIQUE (digest_id, paper_id)
);
CREATE INDEX entries_by_paper ON entries (paper_id);

-- The keywords an entry's summary starts with, in order.
CREATE TABLE keywords (
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    keyword  TEXT NOT NULL,
    PRIMARY KEY (entry_id, seq)
) WITHOUT ROWID;
CREATE INDEX keywords_by_keyword ON keywords (keyword);

-- One Markdown note per paper.
CREATE TABLE notes (
    paper_id   INTEGER PRIMARY KEY REFERENCES papers (id),
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Every text a note had before it was overwritten: nothing typed is lost.
CREATE TABLE note_history (
    id          INTEGER PRIMARY KEY,
    paper_id    INTEGER NOT NULL REFERENCES papers (id),
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    replaced_at TEXT NOT NULL
);
CREATE INDEX note_history_by_paper ON note_history (paper_id);
