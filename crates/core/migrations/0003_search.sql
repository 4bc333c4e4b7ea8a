-- Full-text search, the list order, and the reader's tags.
--
-- The triggers below call papershelf_search_text(), which Papershelf
-- registers on every connection it opens (store/search.rs): a tool that
-- does not register it can read the library but not change papers, entries,
-- keywords or notes.

-- Where a paper sits in lists, kept by triggers: the date of the newest
-- digest listing it and its position there. Lists page through these indexes
-- instead of sorting the whole library.
ALTER TABLE papers ADD COLUMN latest_date TEXT;
ALTER TABLE papers ADD COLUMN latest_position INTEGER;

UPDATE papers SET (latest_date, latest_position) = (
    SELECT d.date, e.position FROM entries e JOIN digests d ON d.id = e.digest_id
     WHERE e.paper_id = papers.id ORDER BY d.date DESC, e.position LIMIT 1);

CREATE INDEX papers_by_latest ON papers (latest_date DESC, latest_position, id);
CREATE INDEX papers_unread_by_latest ON papers (latest_date DESC, latest_position, id)
    WHERE read_at IS NULL;
CREATE INDEX papers_starred_by_latest ON papers (latest_date DESC, latest_position, id)
    WHERE starred = 1;
CREATE INDEX digests_by_date ON digests (date);

CREATE TRIGGER papers_latest_after_entry_insert AFTER INSERT ON entries BEGIN
    UPDATE papers SET (latest_date, latest_position) = (
        SELECT d.date, e.position FROM entries e JOIN digests d ON d.id = e.digest_id
         WHERE e.paper_id = NEW.paper_id ORDER BY d.date DESC, e.position LIMIT 1)
     WHERE id = NEW.paper_id;
END;

CREATE TRIGGER papers_latest_after_entry_delete AFTER DELETE ON entries BEGIN
    UPDATE papers SET (latest_date, latest_position) = (
        SELECT d.date, e.position FROM entries e JOIN digests d ON d.id = e.digest_id
         WHERE e.paper_id = OLD.paper_id ORDER BY d.date DESC, e.position LIMIT 1)
     WHERE id = OLD.paper_id;
END;

CREATE TRIGGER papers_latest_after_entry_update AFTER UPDATE OF paper_id, digest_id, position ON entries BEGIN
    UPDATE papers SET (latest_date, latest_position) = (
        SELECT d.date, e.position FROM entries e JOIN digests d ON d.id = e.digest_id
         WHERE e.paper_id = papers.id ORDER BY d.date DESC, e.position LIMIT 1)
     WHERE id = OLD.paper_id OR id = NEW.paper_id;
END;

-- What the index holds for a paper, as papershelf_search_text() tokenized it:
-- its titles, the keywords and summaries of all its entries, and its note.
CREATE VIEW search_documents (paper_id, title, keywords, summary, note) AS
SELECT p.id,
       papershelf_search_text(p.title || ' ' || coalesce(
           (SELECT group_concat(DISTINCT e.title) FROM entries e
             WHERE e.paper_id = p.id AND e.title <> p.title), '')),
       papershelf_search_text(coalesce(
           (SELECT group_concat(DISTINCT k.keyword) FROM entries e
              JOIN keywords k ON k.entry_id = e.id WHERE e.paper_id = p.id), '')),
       papershelf_search_text(coalesce(
           (SELECT group_concat(DISTINCT e.summary) FROM entries e
             WHERE e.paper_id = p.id), '')),
       papershelf_search_text(coalesce(
           (SELECT n.text FROM notes n WHERE n.paper_id = p.id), ''))
  FROM papers p;

-- One row per paper (rowid = papers.id). Contentless: the text lives in the
-- tables above; the index keeps only what matching and bm25 need.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title, keywords, summary, note,
    content = '', contentless_delete = 1, tokenize = 'ascii'
);

INSERT INTO search_index (rowid, title, keywords, summary, note)
    SELECT * FROM search_documents;

CREATE TRIGGER search_after_paper_insert AFTER INSERT ON papers BEGIN
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.id;
END;

CREATE TRIGGER search_after_paper_title AFTER UPDATE OF title ON papers BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.id;
END;

CREATE TRIGGER search_after_paper_delete AFTER DELETE ON papers BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
END;

CREATE TRIGGER search_after_entry_insert AFTER INSERT ON entries BEGIN
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id;
END;

CREATE TRIGGER search_after_entry_delete AFTER DELETE ON entries BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;

-- (Each statement names one rowid: FTS5 answers `rowid = ?` from its index,
-- while `rowid IN (...)` could scan it.)
CREATE TRIGGER search_after_entry_update AFTER UPDATE OF paper_id, title, summary ON entries BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id AND NEW.paper_id <> OLD.paper_id;
END;

CREATE TRIGGER search_after_keyword_insert AFTER INSERT ON keywords BEGIN
    DELETE FROM search_index
     WHERE rowid = (SELECT paper_id FROM entries WHERE id = NEW.entry_id);
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents
         WHERE paper_id = (SELECT paper_id FROM entries WHERE id = NEW.entry_id);
END;

CREATE TRIGGER search_after_keyword_delete AFTER DELETE ON keywords BEGIN
    DELETE FROM search_index
     WHERE rowid = (SELECT paper_id FROM entries WHERE id = OLD.entry_id);
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents
         WHERE paper_id = (SELECT paper_id FROM entries WHERE id = OLD.entry_id);
END;

CREATE TRIGGER search_after_keyword_update AFTER UPDATE ON keywords BEGIN
    DELETE FROM search_index
     WHERE rowid = (SELECT paper_id FROM entries WHERE id = OLD.entry_id);
    DELETE FROM search_index
     WHERE rowid = (SELECT paper_id FROM entries WHERE id = NEW.entry_id);
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents
         WHERE paper_id = (SELECT paper_id FROM entries WHERE id = OLD.entry_id);
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents
         WHERE paper_id = (SELECT paper_id FROM entries WHERE id = NEW.entry_id)
           AND paper_id IS NOT (SELECT paper_id FROM entries WHERE id = OLD.entry_id);
END;

CREATE TRIGGER search_after_note_insert AFTER INSERT ON notes BEGIN
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id;
END;

CREATE TRIGGER search_after_note_update AFTER UPDATE OF text, paper_id ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    DELETE FROM search_index WHERE rowid = NEW.paper_id;
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = NEW.paper_id AND NEW.paper_id <> OLD.paper_id;
END;

CREATE TRIGGER search_after_note_delete AFTER DELETE ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.paper_id;
    INSERT INTO search_index (rowid, title, keywords, summary, note)
        SELECT * FROM search_documents WHERE paper_id = OLD.paper_id;
END;

-- The reader's own labels, apart from the keywords digests give. A name is
-- unique ignoring ASCII case; a tag exists while some paper has it.
CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);

CREATE TABLE paper_tags (
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    paper_id  INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    tagged_at TEXT NOT NULL,
    PRIMARY KEY (tag_id, paper_id)
) WITHOUT ROWID;
CREATE INDEX paper_tags_by_paper ON paper_tags (paper_id, tag_id);
