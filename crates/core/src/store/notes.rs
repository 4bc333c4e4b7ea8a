//! One Markdown note per paper. Overwriting a note keeps the old text in
//! `note_history`, so nothing a reader typed is ever lost.

use rusqlite::{params, OptionalExtension};

use super::{now, Library, PaperId, Result};

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
        self.ensure_paper(id)?;
        let tx = self.conn.transaction()?;
        let stamp = now();
        tx.execute(
            "INSERT INTO note_history (paper_id, text, updated_at, replaced_at)
             SELECT paper_id, text, updated_at, ?2 FROM notes WHERE paper_id = ?1 AND text <> ?3",
            params![id.0, stamp, text],
        )?;
        tx.execute(
            "INSERT INTO notes (paper_id, text, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (paper_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
             WHERE text <> excluded.text",
            params![id.0, text, stamp],
        )?;
        tx.commit()?;
        Ok(self.note(id)?.unwrap_or(Note {
            text: text.to_owned(),
            updated_at: stamp,
        }))
    }

    /// Adds a paragraph to the end of the note.
    pub fn append_note(&mut self, id: PaperId, text: &str) -> Result<Note> {
        let joined = match self.note(id)? {
            Some(n) if !n.text.trim().is_empty() => format!("{}\n\n{}", n.text.trim_end(), text),
            _ => text.to_owned(),
        };
        self.set_note(id, &joined)
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

    fn ensure_paper(&self, id: PaperId) -> Result<()> {
        self.paper_exists(id)?
            .then_some(())
            .ok_or_else(|| super::StoreError::NoSuchPaper(id.to_string()))
    }

    pub(super) fn paper_exists(&self, id: PaperId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM papers WHERE id = ?1")?
            .exists([id.0])?)
    }
}
