-- Highlights in a paper's PDF (issue 15): a quoted passage, where it is on
-- its page, a colour and the reader's comment, kept in the library, not in
-- the PDF file.
--
-- A highlight belongs to the paper, not to the cached file: deleting the PDF
-- from the cache keeps it (the `pdfs` row goes, the highlight stays), and it
-- goes only with the paper. The file it was made on is named by its arXiv
-- version and sha256, so a highlight made on v1 is known as v1's once v2 is
-- downloaded. AUTOINCREMENT: an id is never given again, so undoing a
-- delete can put a highlight back under its own id.
CREATE TABLE highlights (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_id    INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    -- The arXiv version of the PDF it was made on (NULL: the latest, unnumbered).
    pdf_version INTEGER,
    pdf_sha256  TEXT NOT NULL,
    -- 1-based, as the viewer counts.
    page        INTEGER NOT NULL CHECK (page >= 1),
    -- The quoted text.
    text        TEXT NOT NULL,
    -- JSON [[x1, y1, x2, y2], ...] in PDF user space, relative to the page:
    -- independent of zoom and screen.
    rects       TEXT NOT NULL,
    color       TEXT NOT NULL CHECK (color IN ('yellow', 'green', 'blue', 'pink', 'purple')),
    comment     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE INDEX highlights_by_page ON highlights (paper_id, page);

-- The search index gains a highlights column: every highlight's quote and
-- comment. (FTS5 cannot add a column: the index is made again, as 0009 and
-- 0011 did; the triggers that write it are made again with the new column.)
DROP TRIGGER search_after_paper_title;
DROP TRIGGER search_after_note_insert;
DROP TRIGGER search_after_note_update;
DROP TRIGGER search_after_note_delete;
DROP TRIGGER search_after_pdf_text_delete;
DROP VIEW search_documents;
DROP TABLE search_index;

CREATE VIEW search_documents (paper_id, title, summary, note, authors, pdf, highlights) AS
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
             WHERE t.paper_id = p.id), '')),
       papershelf_search_text(coalesce(
           (SELECT group_concat(h.text || ' ' || h.comment, ' ') FROM highlights h
             WHERE h.paper_id = p.id), ''))
  FROM papers p;

CREATE VIRTUAL TABLE search_index USING fts5 (
    title, summary, note, authors, pdf, highlights,
    content = '', contentless_delete = 1, tokenize = 'ascii'
);
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);

INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
    SELECT * FROM search_documents;

CREATE TRIGGER search_after_paper_title AFTER UPDATE OF title ON papers BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = NEW.id;
END;

CREATE TRIGGER search_after_note_insert AFTER INSERT ON notes BEGIN
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id;
END;

CREATE TRIGGER search_after_note_update AFTER UPDATE OF text, paper_id ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id AND NEW.paper_id <> OLD.paper_id;
END;

CREATE TRIGGER search_after_note_delete AFTER DELETE ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;

-- As in 0011: a PDF's text gone leaves the index in the same statement.
CREATE TRIGGER search_after_pdf_text_delete AFTER DELETE ON pdf_texts BEGIN
    DELETE FROM pdf_text_pages WHERE paper_id = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;

-- A highlight added, its quote or comment changed, or deleted re-indexes
-- its paper. (Its colour is not searched: changing it writes no index.)
-- A highlight is written one at a time, so one FTS5 segment per statement
-- is fine here, unlike per-row triggers on an import's entries.
CREATE TRIGGER search_after_highlight_insert AFTER INSERT ON highlights BEGIN
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id;
END;

CREATE TRIGGER search_after_highlight_update AFTER UPDATE OF text, comment, paper_id ON highlights BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id AND NEW.paper_id <> OLD.paper_id;
END;

-- Also fired by the paper's deletion (the cascade): the paper is gone from
-- search_documents by then, so nothing is indexed again.
CREATE TRIGGER search_after_highlight_delete AFTER DELETE ON highlights BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note, authors, pdf, highlights)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;
