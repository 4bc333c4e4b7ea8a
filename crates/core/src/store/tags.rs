//! The reader's tags: labels of their own, kept apart from the keywords
//! digests give. A name is unique ignoring ASCII case and keeps the spelling
//! it was first given; a tag exists while at least one paper has it.

use rusqlite::{params, OptionalExtension, Transaction};

use super::notes::ensure_paper;
use super::{now, Library, PaperId, Result, StoreError};

/// The longest tag name, in characters.
pub const MAX_TAG_CHARS: usize = 64;

/// A tag and how many papers have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagSummary {
    pub name: String,
    pub papers: usize,
}

/// A name as stored: trimmed, inner white space folded to single spaces.
pub(super) fn normalize_name(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks and normalizes a tag name.
pub fn tag_name(raw: &str) -> Result<String> {
    let name = normalize_name(raw);
    let invalid = |reason: &'static str| StoreError::InvalidTag {
        tag: raw.to_owned(),
        reason,
    };
    if name.is_empty() {
        return Err(invalid("a tag needs at least one letter, digit or sign"));
    }
    if name.chars().count() > MAX_TAG_CHARS {
        return Err(invalid("a tag has at most 64 characters"));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid("a tag cannot hold control characters"));
    }
    Ok(name)
}

impl Library {
    /// Tags papers; a tag new to the library is created. Returns the
    /// paper's tags afterwards.
    pub fn add_tags(&mut self, id: PaperId, tags: &[String]) -> Result<Vec<String>> {
        let names = tags
            .iter()
            .map(|t| tag_name(t))
            .collect::<Result<Vec<_>>>()?;
        let tx = self.conn.transaction()?;
        ensure_paper(&tx, id)?;
        let stamp = now();
        for name in &names {
            tx.execute(
                "INSERT INTO tags (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
                params![name, stamp],
            )?;
            tx.execute(
                "INSERT INTO paper_tags (tag_id, paper_id, tagged_at)
                 SELECT id, ?2, ?3 FROM tags WHERE name = ?1
                 ON CONFLICT DO NOTHING",
                params![name, id.0, stamp],
            )?;
        }
        tx.commit()?;
        self.tags_of(id)
    }

    /// Removes tags from a paper; a tag no paper has any more disappears.
    /// Naming a tag the library does not have is an error (a typo, likely).
    pub fn remove_tags(&mut self, id: PaperId, tags: &[String]) -> Result<Vec<String>> {
        let tx = self.conn.transaction()?;
        ensure_paper(&tx, id)?;
        for tag in tags {
            let tag_id = tag_id(&tx, tag)?;
            tx.execute(
                "DELETE FROM paper_tags WHERE tag_id = ?1 AND paper_id = ?2",
                params![tag_id, id.0],
            )?;
            drop_if_unused(&tx, tag_id)?;
        }
        tx.commit()?;
        self.tags_of(id)
    }

    /// Renames a tag on every paper. Renaming to another existing tag merges
    /// the two. Returns the number of papers with the new name.
    pub fn rename_tag(&mut self, from: &str, to: &str) -> Result<usize> {
        let new_name = tag_name(to)?;
        let tx = self.conn.transaction()?;
        let old_id = tag_id(&tx, from)?;
        let target: Option<i64> = tx
            .query_row(
                "SELECT id FROM tags WHERE name = ?1 AND id <> ?2",
                params![new_name, old_id],
                |r| r.get(0),
            )
            .optional()?;
        let new_id = match target {
            Some(target) => {
                tx.execute(
                    "INSERT INTO paper_tags (tag_id, paper_id, tagged_at)
                     SELECT ?2, paper_id, tagged_at FROM paper_tags WHERE tag_id = ?1
                     ON CONFLICT DO NOTHING",
                    params![old_id, target],
                )?;
                tx.execute("DELETE FROM tags WHERE id = ?1", [old_id])?;
                target
            }
            None => {
                tx.execute(
                    "UPDATE tags SET name = ?2 WHERE id = ?1",
                    params![old_id, new_name],
                )?;
                old_id
            }
        };
        let papers: i64 = tx.query_row(
            "SELECT COUNT(*) FROM paper_tags WHERE tag_id = ?1",
            [new_id],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(papers as usize)
    }

    /// Takes a tag off every paper; returns how many had it.
    pub fn delete_tag(&mut self, name: &str) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let id = tag_id(&tx, name)?;
        let n = tx.execute("DELETE FROM paper_tags WHERE tag_id = ?1", [id])?;
        tx.execute("DELETE FROM tags WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(n)
    }

    /// A paper's tags, by name.
    pub fn tags_of(&self, id: PaperId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
              WHERE pt.paper_id = ?1 ORDER BY t.name COLLATE NOCASE",
        )?;
        let names = stmt.query_map([id.0], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }

    /// Every tag with its number of papers, by name.
    pub fn tags(&self) -> Result<Vec<TagSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name, COUNT(pt.paper_id) FROM tags t
               LEFT JOIN paper_tags pt ON pt.tag_id = t.id
              GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
        )?;
        let tags = stmt.query_map([], |r| {
            Ok(TagSummary {
                name: r.get(0)?,
                papers: r.get::<_, i64>(1)? as usize,
            })
        })?;
        Ok(tags.collect::<rusqlite::Result<_>>()?)
    }
}

fn tag_id(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    tx.query_row(
        "SELECT id FROM tags WHERE name = ?1",
        [normalize_name(name)],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NoSuchTag(normalize_name(name)))
}

fn drop_if_unused(tx: &Transaction<'_>, tag_id: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM tags WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM paper_tags WHERE tag_id = ?1)",
        [tag_id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_folded() {
        assert_eq!(tag_name("  reward   models ").unwrap(), "reward models");
        assert_eq!(tag_name("待读").unwrap(), "待读");
    }

    #[test]
    fn bad_names_are_refused_with_a_reason() {
        for bad in ["", "   ", &"x".repeat(65), "a\u{7}b"] {
            let err = tag_name(bad).unwrap_err();
            assert!(
                matches!(err, StoreError::InvalidTag { .. }),
                "{bad:?}: {err}"
            );
        }
        assert!(tag_name(&"字".repeat(64)).is_ok());
    }
}
