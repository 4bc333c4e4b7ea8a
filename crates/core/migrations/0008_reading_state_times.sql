-- When each part of the reader's state last changed, so that two libraries'
-- reading states can be merged field by field, the newer change winning
-- (`papershelf import-state`, store/state.rs).

-- When the read state last changed: the time the paper was marked read (then
-- equal to read_at) or unread. NULL: never changed since this migration
-- while unread (an undated state, older than any dated change).
ALTER TABLE papers ADD COLUMN read_changed_at TEXT;
-- When the star was last given or taken away; NULL: not since this migration.
ALTER TABLE papers ADD COLUMN starred_changed_at TEXT;

-- A read paper was marked read when it was read.
UPDATE papers SET read_changed_at = read_at WHERE read_at IS NOT NULL;

-- Tags taken off a paper (untagged, renamed or deleted), by name, with when:
-- without them a merge could not tell a tag removed here from one never seen.
-- At most one row per paper and name, and none while the paper has the tag
-- (store/tags.rs keeps this).
CREATE TABLE tag_removals (
    paper_id   INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    name       TEXT NOT NULL COLLATE NOCASE,
    removed_at TEXT NOT NULL,
    PRIMARY KEY (paper_id, name)
) WITHOUT ROWID;
