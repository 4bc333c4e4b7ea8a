-- An import updates the list order and the search index once per paper it
-- touches, at the end of its transaction (store/import.rs), instead of per
-- row through triggers.
--
-- Why: FTS5 flushes its pending terms to disk at every statement savepoint,
-- and each entry insert opened one (its triggers wrote to the index). An
-- import of 1,000 digests thus wrote some 36,000 tiny index segments and
-- spent most of its time merging them. One INSERT ... SELECT per import
-- writes one segment.
--
-- Only imports write entries, so these triggers have no other writer to
-- serve. Notes keep their triggers: a note is saved alone.

DROP TRIGGER papers_latest_after_entry_insert;
DROP TRIGGER papers_latest_after_entry_delete;
DROP TRIGGER papers_latest_after_entry_update;
DROP TRIGGER search_after_paper_insert;
DROP TRIGGER search_after_entry_insert;
DROP TRIGGER search_after_entry_delete;
DROP TRIGGER search_after_entry_update;

-- An entry's body and sections are what digest::Summary::parse makes of its
-- summary, so they are derived when read instead of stored: stored, they
-- doubled the library's size and an import's writes, and a parser that
-- learns a new label now improves old entries too.
ALTER TABLE entries DROP COLUMN body;
ALTER TABLE entries DROP COLUMN sections;

-- FTS5 writes its pending terms out as a new segment whenever they pass
-- `hashsize` bytes (1 MiB by default), and merges segments as they pile up.
-- An import of a thousand digests passed 1 MiB some sixty times; 32 MiB of
-- pending terms (a bounded, short-lived memory cost) writes a few segments.
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);
