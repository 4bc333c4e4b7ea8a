//! The library's own settings: a small key/value table (migration 0007).
//!
//! Only strings live here; typed accessors that validate what they read and
//! write sit with the code that uses them (the PDF base: [`crate::pdf`]).

use rusqlite::{params, OptionalExtension};

use super::{now, Library, Result};

impl Library {
    /// The value of a setting, `None` when it was never set or was reset.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Sets a setting, or with `None` resets it to its default.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(value) => self.conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                params![key, value, now()],
            )?,
            None => self
                .conn
                .execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Library;

    #[test]
    fn a_setting_is_set_replaced_reset_and_seen_by_another_connection() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        assert_eq!(lib.setting("k").unwrap(), None);
        lib.set_setting("k", Some("one")).unwrap();
        lib.set_setting("k", Some("two")).unwrap();
        lib.set_setting("other", Some("x")).unwrap();
        let second = Library::open(dir.path()).unwrap();
        assert_eq!(second.setting("k").unwrap().as_deref(), Some("two"));
        lib.set_setting("k", None).unwrap();
        assert_eq!(second.setting("k").unwrap(), None);
        assert_eq!(second.setting("other").unwrap().as_deref(), Some("x"));
        // Resetting what was never set is not an error.
        lib.set_setting("never", None).unwrap();
    }
}
