-- The search index without its own keywords column.
--
-- A summary starts with its keywords (both digest formats take them from the
-- summary text), so the summary column already finds them. Indexing them
-- apart meant re-indexing a paper once per keyword row an import inserts
-- (five or so per entry); without it an import re-indexes a paper once per
-- entry, several times faster on large libraries.

DROP TRIGGER search_after_keyword_insert;
DROP TRIGGER search_after_keyword_delete;
DROP TRIGGER search_after_keyword_update;
DROP TRIGGER search_after_paper_insert;
DROP TRIGGER search_after_paper_title;
DROP TRIGGER search_after_entry_insert;
DROP TRIGGER search_after_entry_delete;
DROP TRIGGER search_after_entry_update;
DROP TRIGGER search_after_note_insert;
DROP TRIGGER search_after_note_update;
DROP TRIGGER search_after_note_delete;
DROP VIEW search_documents;
DROP TABLE search_index;

-- What the index holds for a paper, as papershelf_search_text() tokenized it:
-- its titles, the summaries of all its entries, and its note.
CREATE VIEW search_documents (paper_id, title, summary, note) AS
SELECT p.id,
       papershelf_search_text(p.title || ' ' || coalesce(
           (SELECT group_concat(DISTINCT e.title) FROM entries e
             WHERE e.paper_id = p.id AND e.title <> p.title), '')),
       papershelf_search_text(coalesce(
           (SELECT group_concat(DISTINCT e.summary) FROM entries e
             WHERE e.paper_id = p.id), '')),
       papershelf_search_text(coalesce(
           (SELECT n.text FROM notes n WHERE n.paper_id = p.id), ''))
  FROM papers p;

-- One row per paper (rowid = papers.id). Contentless: the text lives in the
-- tables above; the index keeps only what matching and bm25 need.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title, summary, note,
    content = '', contentless_delete = 1, tokenize = 'ascii'
);

INSERT INTO search_index (rowid, title, summary, note)
    SELECT * FROM search_documents;

-- A paper is indexed when it is created (by its title; its entry follows in
-- the same transaction) and again whenever its title, an entry or its note
-- changes. Each statement names one rowid: FTS5 answers `rowid = ?` from its
-- index, while `rowid IN (...)` could scan it.
CREATE TRIGGER search_after_paper_insert AFTER INSERT ON papers BEGIN
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.id;
END;

CREATE TRIGGER search_after_paper_title AFTER UPDATE OF title ON papers BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.id;
END;

CREATE TRIGGER search_after_entry_insert AFTER INSERT ON entries BEGIN
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id;
END;

CREATE TRIGGER search_after_entry_delete AFTER DELETE ON entries BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;

CREATE TRIGGER search_after_entry_update AFTER UPDATE OF paper_id, title, summary ON entries BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id AND NEW.paper_id <> OLD.paper_id;
END;

CREATE TRIGGER search_after_note_insert AFTER INSERT ON notes BEGIN
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id;
END;

CREATE TRIGGER search_after_note_update AFTER UPDATE OF text, paper_id ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id AND NEW.paper_id <> OLD.paper_id;
END;

CREATE TRIGGER search_after_note_delete AFTER DELETE ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, summary, note)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;
