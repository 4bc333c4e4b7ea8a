//! The reader's tags: labels of their own, kept apart from the keywords
//! digests give. A name is unique ignoring ASCII case and keeps the spelling
//! it was first given; a tag exists while at least one paper has it.
//!
//! A tag taken off a paper (untagged, renamed, deleted) leaves a dated row
//! in `tag_removals`, gone when the paper is given the tag again: merging
//! reading states (store/state.rs) needs to tell a removed tag from one
//! never given.

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
pub(crate) fn normalize_name(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters that are never seen but change how the text around them is
/// shown or compared: direction marks, embeddings, overrides and isolates
/// (they can make a tag read as another), zero-width spaces, word joiners,
/// the byte order mark, the soft hyphen. A tag may not hold them.
fn is_hidden_control(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Invisible characters that are part of how some text is written: joiners
/// inside emoji and Indic or Persian words, variation selectors, emoji tag
/// characters. Allowed in a tag, but a tag needs a visible character too.
fn is_invisible_part(c: char) -> bool {
    matches!(c,
        '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// How much of a refused tag a message quotes.
const QUOTED_CHARS: usize = 40;

/// A tag as an error message shows it: invisible and control characters
/// spelled out (`\u{200f}`), at most [`QUOTED_CHARS`] characters, then
/// "…" and the full length.
pub(super) fn quoted(raw: &str) -> String {
    let mut out = String::new();
    for (shown, c) in raw.chars().enumerate() {
        if shown == QUOTED_CHARS {
            out.push_str(&format!("… ({} characters)", raw.chars().count()));
            break;
        }
        if c.is_control() || is_hidden_control(c) || is_invisible_part(c) {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Checks and normalizes a tag name. Invisible characters are refused
/// rather than stripped: a name the reader typed is stored as typed or not
/// at all. (Names are looked up by [`normalize_name`] only, so a tag stored
/// before this rule can still be removed or renamed.)
pub fn tag_name(raw: &str) -> Result<String> {
    let name = normalize_name(raw);
    let invalid = |reason: String| StoreError::InvalidTag {
        tag: quoted(raw),
        reason,
    };
    let length = name.chars().count();
    if length > MAX_TAG_CHARS {
        return Err(invalid(format!(
            "a tag has at most {MAX_TAG_CHARS} characters, this one {length}"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid("a tag cannot hold control characters".into()));
    }
    if let Some(c) = name.chars().find(|&c| is_hidden_control(c)) {
        return Err(invalid(format!(
            "a tag cannot hold invisible characters such as U+{:04X} (direction marks, zero-width spaces), which make it look like another",
            c as u32
        )));
    }
    if !name
        .chars()
        .any(|c| !c.is_whitespace() && !is_invisible_part(c))
    {
        return Err(invalid(
            "a tag needs at least one visible letter, digit or sign".into(),
        ));
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
            give_tag(&tx, id, name, &stamp)?;
        }
        tx.commit()?;
        self.tags_of(id)
    }

    /// Removes tags from a paper; a tag no paper has any more disappears.
    /// A tag the library does not have is already off the paper: running an
    /// `untag` again after it was killed past its commit (which removed the
    /// tag's last use) completes instead of failing. The paper's tags,
    /// returned and shown, tell a typo.
    pub fn remove_tags(&mut self, id: PaperId, tags: &[String]) -> Result<Vec<String>> {
        let tx = self.conn.transaction()?;
        ensure_paper(&tx, id)?;
        let stamp = now();
        for tag in tags {
            let Some(tag_id) = existing_tag_id(&tx, tag)? else {
                continue;
            };
            record_removals(&tx, tag_id, Some(id), &stamp)?;
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
    ///
    /// For a merge of reading states a rename is the old name taken off and
    /// the new one given, now; a change of ASCII case only is neither (the
    /// tag is the same).
    pub fn rename_tag(&mut self, from: &str, to: &str) -> Result<usize> {
        let new_name = tag_name(to)?;
        let tx = self.conn.transaction()?;
        let old_id = tag_id(&tx, from)?;
        let old_name: String =
            tx.query_row("SELECT name FROM tags WHERE id = ?1", [old_id], |r| {
                r.get(0)
            })?;
        let stamp = now();
        let renamed = !old_name.eq_ignore_ascii_case(&new_name);
        if renamed {
            record_removals(&tx, old_id, None, &stamp)?;
            tx.execute(
                "UPDATE paper_tags SET tagged_at = ?2 WHERE tag_id = ?1",
                params![old_id, stamp],
            )?;
        }
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
        // The papers have the new name now: it is no longer removed from them.
        tx.execute(
            "DELETE FROM tag_removals WHERE name = ?1
                AND paper_id IN (SELECT paper_id FROM paper_tags WHERE tag_id = ?2)",
            params![new_name, new_id],
        )?;
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
        record_removals(&tx, id, None, &now())?;
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
    existing_tag_id(tx, name)?.ok_or_else(|| StoreError::NoSuchTag(quoted(&normalize_name(name))))
}

fn existing_tag_id(tx: &Transaction<'_>, name: &str) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT id FROM tags WHERE name = ?1",
            [normalize_name(name)],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records, dated `stamp`, that the tag is taken off the paper (or off
/// every paper that has it, for `None`): a merge of reading states must be
/// able to tell a removed tag from one never given. Call it before the
/// `paper_tags` rows go.
fn record_removals(
    tx: &Transaction<'_>,
    tag_id: i64,
    paper: Option<PaperId>,
    stamp: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO tag_removals (paper_id, name, removed_at)
         SELECT pt.paper_id, t.name, ?2 FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
          WHERE pt.tag_id = ?1 AND (?3 IS NULL OR pt.paper_id = ?3)
         ON CONFLICT (paper_id, name) DO UPDATE SET removed_at = excluded.removed_at",
        params![tag_id, stamp, paper.map(|p| p.0)],
    )?;
    Ok(())
}

/// Gives the paper the tag `name` (checked by [`tag_name`]; a tag new to
/// the library is made), dated `at`: also when it had the tag already, so
/// `tagged_at` is when the paper was last given it. It is no longer a tag
/// removed from the paper.
pub(super) fn give_tag(tx: &Transaction<'_>, paper: PaperId, name: &str, at: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO tags (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
    )?
    .execute(params![name, at])?;
    tx.prepare_cached(
        "INSERT INTO paper_tags (tag_id, paper_id, tagged_at)
         SELECT id, ?2, ?3 FROM tags WHERE name = ?1
         ON CONFLICT (tag_id, paper_id) DO UPDATE SET tagged_at = excluded.tagged_at",
    )?
    .execute(params![name, paper.0, at])?;
    tx.prepare_cached("DELETE FROM tag_removals WHERE paper_id = ?1 AND name = ?2")?
        .execute(params![paper.0, name])?;
    Ok(())
}

/// Takes the tag `name` off the paper if it has it, and records the removal
/// dated `at` either way (a merged reading state's removal is kept for the
/// next merge).
pub(super) fn take_tag(tx: &Transaction<'_>, paper: PaperId, name: &str, at: &str) -> Result<()> {
    let tag: Option<i64> = tx
        .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if let Some(tag) = tag {
        tx.prepare_cached("DELETE FROM paper_tags WHERE tag_id = ?1 AND paper_id = ?2")?
            .execute(params![tag, paper.0])?;
        drop_if_unused(tx, tag)?;
    }
    tx.prepare_cached(
        "INSERT INTO tag_removals (paper_id, name, removed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (paper_id, name) DO UPDATE SET removed_at = excluded.removed_at",
    )?
    .execute(params![paper.0, name, at])?;
    Ok(())
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

    #[test]
    fn invisible_characters_alone_or_inside_are_refused() {
        for bad in [
            "\u{200f}",
            "\u{200b}",
            "\u{feff}",
            "\u{202e}",
            "\u{2066}\u{2069}",
            "\u{200d}",
            " \u{200c} \u{fe0f} ",
            "to\u{200b}do",
            "abc\u{202e}fed",
            "\u{200f}待读",
        ] {
            let err = tag_name(bad).unwrap_err();
            let text = err.to_string();
            assert!(
                matches!(err, StoreError::InvalidTag { .. }),
                "{bad:?}: {text}"
            );
            // The message spells the invisible character out.
            assert!(text.contains("\\u{"), "{bad:?}: {text}");
        }
        let err = tag_name("\u{200f}").unwrap_err().to_string();
        assert!(err.contains("invisible characters such as U+200F"), "{err}");
        let err = tag_name("\u{200d}").unwrap_err().to_string();
        assert!(err.contains("at least one visible"), "{err}");
    }

    #[test]
    fn joiners_that_writing_needs_are_kept_inside_a_visible_name() {
        for good in ["👩\u{200d}🔬", "❤\u{fe0f}", "می\u{200c}خواهم"] {
            assert_eq!(tag_name(good).unwrap(), good);
        }
    }

    #[test]
    fn a_refused_tag_is_quoted_short() {
        let long = "标".repeat(10_000);
        let text = tag_name(&long).unwrap_err().to_string();
        assert!(text.chars().count() < 200, "{text}");
        assert!(text.contains(&"标".repeat(40)), "{text}");
        assert!(!text.contains(&"标".repeat(41)), "{text}");
        assert!(text.contains("… (10000 characters)"), "{text}");
        assert!(
            text.contains("at most 64 characters, this one 10000"),
            "{text}"
        );
    }
}
