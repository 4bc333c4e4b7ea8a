//! One Markdown note per paper. Overwriting a note keeps the old text in
//! `note_history`, so nothing a reader typed is ever lost.

use rusqlite::{params, OptionalExtension, Transaction};

use super::{now, Library, PaperId, Result};

/// SQL: the note `n` has text, i.e. something besides white space (all of
/// Unicode's White_Space, as Rust's `char::is_whitespace`). The one
/// definition of "has a note", for the rows' `has_note` and the filter; a
/// macro so that it can be part of constant SQL.
macro_rules! note_has_text {
    () => {
        "trim(n.text, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, \
         8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288)) <> ''"
    };
}
pub(super) use note_has_text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub updated_at: String,
}

impl Library {
    pub fn note(&self, id: PaperId) -> Result<Option<Note>> {
        Ok(self
            .conn
            .prepare_cached("SELECT text, updated_at FROM notes WHERE paper_id = ?1")?
            .query_row([id.0], |r| {
                Ok(Note {
                    text: r.get(0)?,
                    updated_at: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Replaces the note (an empty text clears it); the previous text goes to history.
    pub fn set_note(&mut self, id: PaperId, text: &str) -> Result<Note> {
        self.edit_note(id, |_| text.to_owned())
    }

    /// Adds a paragraph to the end of the note.
    pub fn append_note(&mut self, id: PaperId, text: &str) -> Result<Note> {
        self.edit_note(id, |current| match current {
            Some(old) if !old.trim().is_empty() => format!("{}\n\n{}", old.trim_end(), text),
            _ => text.to_owned(),
        })
    }

    /// Reads the note, computes its new text and writes it in one IMMEDIATE
    /// transaction: two processes appending at once each see the other's
    /// line (read outside the transaction, one of them silently lost it).
    fn edit_note(
        &mut self,
        id: PaperId,
        edit: impl FnOnce(Option<&str>) -> String,
    ) -> Result<Note> {
        let tx = self.conn.transaction()?;
        ensure_paper(&tx, id)?;
        let current: Option<(String, String)> = tx
            .prepare_cached("SELECT text, updated_at FROM notes WHERE paper_id = ?1")?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let text = edit(current.as_ref().map(|(old, _)| old.as_str()));
        if current.as_ref().is_none_or(|(old, _)| *old != text) {
            let stamp = now();
            if let Some((old, updated_at)) = &current {
                keep_past(&tx, id, old, updated_at, &stamp)?;
            }
            write_note(&tx, id, &text, &stamp)?;
        }
        let note = tx
            .prepare_cached("SELECT text, updated_at FROM notes WHERE paper_id = ?1")?
            .query_row([id.0], |r| {
                Ok(Note {
                    text: r.get(0)?,
                    updated_at: r.get(1)?,
                })
            })?;
        tx.commit()?;
        Ok(note)
    }

    /// Earlier texts of a note, newest first.
    pub fn note_history(&self, id: PaperId) -> Result<Vec<Note>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT text, updated_at FROM note_history WHERE paper_id = ?1 ORDER BY id DESC",
        )?;
        let notes = stmt.query_map([id.0], |r| {
            Ok(Note {
                text: r.get(0)?,
                updated_at: r.get(1)?,
            })
        })?;
        Ok(notes.collect::<rusqlite::Result<_>>()?)
    }
}

/// Makes `text`, written at `updated_at`, the paper's note. The caller
/// keeps the text it replaces ([`keep_past`]).
pub(super) fn write_note(
    tx: &Transaction<'_>,
    paper: PaperId,
    text: &str,
    updated_at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO notes (paper_id, text, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (paper_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
    )?
    .execute(params![paper.0, text, updated_at])?;
    Ok(())
}

/// Adds a text the note had, written at `updated_at` and replaced at
/// `replaced_at`, to its history.
pub(super) fn keep_past(
    tx: &Transaction<'_>,
    paper: PaperId,
    text: &str,
    updated_at: &str,
    replaced_at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO note_history (paper_id, text, updated_at, replaced_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![paper.0, text, updated_at, replaced_at])?;
    Ok(())
}

/// Fails with the error that names the paper unless it exists; on the
/// connection or inside a transaction.
pub(super) fn ensure_paper(conn: &rusqlite::Connection, id: PaperId) -> Result<()> {
    conn.prepare_cached("SELECT 1 FROM papers WHERE id = ?1")?
        .exists([id.0])?
        .then_some(())
        .ok_or_else(|| super::StoreError::NoSuchPaper(id.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_text_trims_exactly_what_rust_calls_white_space() {
        let sql = note_has_text!();
        let list = &sql[sql.find("char(").unwrap() + 5..sql.find("))").unwrap()];
        let codes: Vec<u32> = list
            .split(',')
            .map(|c| c.trim().trim_start_matches('\\').trim().parse().unwrap())
            .collect();
        let white: Vec<u32> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .map(u32::from)
            .collect();
        assert_eq!(codes, white);
    }
}
