-- The full text of downloaded PDFs (issue 15), page by page, searchable.
--
-- pdf_texts: one row per cached PDF whose text was read (or found
-- unreadable: scanned, encrypted, broken), naming the file by its sha256 so
-- a PDF that cannot be read is tried once per file, never in a loop, and a
-- new file (another version) is read again. Gone with the PDF's row (the
-- cache emptied, the paper deleted) and when the row names another file.
CREATE TABLE pdf_texts (
    paper_id     INTEGER PRIMARY KEY REFERENCES pdfs (paper_id) ON DELETE CASCADE,
    sha256       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('text', 'no_text', 'encrypted', 'broken')),
    -- The PDF's page count (0 when it could not be opened).
    pages        INTEGER NOT NULL CHECK (pages >= 0),
    -- Why it could not be read, for the reader.
    detail       TEXT,
    millis       INTEGER NOT NULL,
    extracted_at TEXT NOT NULL
);

-- A page's text (1-based page numbers, as the viewer counts). Pages without
-- text have no row.
CREATE TABLE pdf_text_pages (
    paper_id INTEGER NOT NULL REFERENCES pdf_texts (paper_id) ON DELETE CASCADE,
    page     INTEGER NOT NULL CHECK (page >= 1),
    text     TEXT NOT NULL,
    PRIMARY KEY (paper_id, page)
) WITHOUT ROWID;

-- A PDF replaced by another file (a newer version) loses the old file's text.
CREATE TRIGGER pdf_text_after_pdf_replaced AFTER UPDATE OF sha256 ON pdfs
    WHEN OLD.sha256 IS NOT NEW.sha256 BEGIN
    DELETE FROM pdf_texts WHERE paper_id = NEW.paper_id;
END;

-- The search index gains a pdf column: all pages' text of the paper's PDF.
-- (FTS5 cannot add a column: the index is made again, as 0009 did; the
-- triggers that write it are made again with the new column.)
DROP TRIGGER search_after_paper_title;
DROP TRIGGER search_after_note_insert;
DROP TRIGGER search_after_note_update;
DROP TRIGGER search_after_note_delete;
DROP VIEW search_documents;
DROP TABLE search_index;

CREATE VIEW search_documents (paper_id, title, summary, note, authors, pdf) AS
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
             WHERE a.paper_id = p.id), '')),
       papershelf_search_text(coalesce(
           (SELECT group_concat(t.text, ' ') FROM pdf_text_pages t
             WHERE t.paper_id = p.id), ''))
  FROM papers p;

CREATE VIRTUAL TABLE search_index USING fts5 (
    title, summary, note, authors, pdf,
    content = '', contentless_delete = 1, tokenize = 'ascii'
);
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);

INSERT INTO search_index (rowid, title, summary, note, authors, pdf)
    SELECT * FROM search_documents;

CREATE TRIGGER search_after_paper_title AFTER UPDATE OF title ON papers BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf)
        SELECT * FROM search_documents WHERE paper_id = NEW.id;
END;

CREATE TRIGGER search_after_note_insert AFTER INSERT ON notes BEGIN
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id;
END;

CREATE TRIGGER search_after_note_update AFTER UPDATE OF text, paper_id ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id AND NEW.paper_id <> OLD.paper_id;
END;

CREATE TRIGGER search_after_note_delete AFTER DELETE ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;

-- A PDF's text gone (its PDF forgotten or replaced, the paper deleted)
-- leaves the index in the same statement. Its pages are deleted first
-- (the cascade would too, but the index must not read them). Adding text
-- is indexed by Library::save_pdf_text in the transaction that writes it:
-- one statement for all of a PDF's pages, not one FTS5 segment per page.
CREATE TRIGGER search_after_pdf_text_delete AFTER DELETE ON pdf_texts BEGIN
    DELETE FROM pdf_text_pages WHERE paper_id = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;
