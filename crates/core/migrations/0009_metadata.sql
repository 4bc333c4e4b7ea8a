-- Papers' own metadata from arXiv's API (core::metadata, store/metadata.rs),
-- kept apart from what the digests said: their titles and summaries stay
-- as imported. Every row belongs to a paper and goes with it.

-- What the API said about a paper's latest version, and when it was asked.
CREATE TABLE paper_metadata (
    paper_id         INTEGER PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    -- The latest version the API reported (NULL: its id named none).
    version          INTEGER,
    title            TEXT NOT NULL,
    abstract         TEXT NOT NULL,
    -- RFC 3339, UTC: version 1's date and the latest version's.
    published        TEXT NOT NULL,
    updated          TEXT NOT NULL,
    primary_category TEXT,
    doi              TEXT,
    journal_ref      TEXT,
    comment          TEXT,
    -- JSON [{href, rel?, title?, type?}]
    links            TEXT NOT NULL DEFAULT '[]',
    fetched_at       TEXT NOT NULL
);
CREATE INDEX paper_metadata_by_fetched ON paper_metadata (fetched_at);

-- Authors in the paper's order. `folded` is the name as the author filter
-- compares it (metadata::fold_name: no accents, lowercase, words between
-- single spaces, a space at both ends).
CREATE TABLE paper_authors (
    paper_id     INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    name         TEXT NOT NULL,
    folded       TEXT NOT NULL,
    -- JSON array of strings
    affiliations TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (paper_id, seq)
) WITHOUT ROWID;

-- Every category, the primary one included, in the API's order.
CREATE TABLE paper_categories (
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    category TEXT NOT NULL,
    PRIMARY KEY (paper_id, seq)
) WITHOUT ROWID;
CREATE INDEX paper_categories_by_category ON paper_categories (category, paper_id);

-- Papers the API has no entry for, and when it said so: not asked again on
-- every run (only by `metadata --refresh` once that is old, or by name).
CREATE TABLE metadata_not_found (
    paper_id   INTEGER PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    checked_at TEXT NOT NULL
);

-- The search index gains an authors column (plain words find author names).
-- Its other columns and how they are kept are as 0004/0005 left them; the
-- index is rebuilt whole, which also brings every library's index to the
-- tokenizer that drops accents (`López` is indexed as `lopez`).
DROP TRIGGER search_after_paper_title;
DROP TRIGGER search_after_note_insert;
DROP TRIGGER search_after_note_update;
DROP TRIGGER search_after_note_delete;
DROP VIEW search_documents;
DROP TABLE search_index;

CREATE VIEW search_documents (paper_id, title, summary, note, authors) AS
SELECT p.id,
       papershelf_search_text(p.title || ' ' || coalesce(
           (SELECT group_concat(DISTINCT e.title) FROM entries e
             WHERE e.paper_id = p.id AND e.title <> p.title), '')),
       papershelf_search_text(coalesce(
           (SELECT group_concat(DISTINCT e.summary) FROM entries e
             WHERE e.paper_id = p.id), '')),
       papershelf_search_text(coalesce(
           (SELECT n.text FROM notes n WHERE n.paper_id = p.id), '')),
       papershelf_search_text(coalesce(
           (SELECT group_concat(a.name, ' ') FROM paper_authors a
             WHERE a.paper_id = p.id), ''))
  FROM papers p;

CREATE VIRTUAL TABLE search_index USING fts5 (
    title, summary, note, authors,
    content = '', contentless_delete = 1, tokenize = 'ascii'
);
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);

INSERT INTO search_index (rowid, title, summary, note, authors)
    SELECT * FROM search_documents;

CREATE TRIGGER search_after_paper_title AFTER UPDATE OF title ON papers BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
    INSERT INTO search_index (rowid, title, summary, note, authors)
        SELECT * FROM search_documents WHERE paper_id = NEW.id;
END;

CREATE TRIGGER search_after_note_insert AFTER INSERT ON notes BEGIN
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id;
END;

CREATE TRIGGER search_after_note_update AFTER UPDATE OF text, paper_id ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id AND NEW.paper_id <> OLD.paper_id;
END;

CREATE TRIGGER search_after_note_delete AFTER DELETE ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;
