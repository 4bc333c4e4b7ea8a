//! The New view's two moments, kept in the library's settings so every
//! front end shares them: `new.seen-at`, the newest paper the reader has
//! seen New list (its badge counts what came after), and
//! `new.listed-since`, after which a paper is listed in New
//! ([`crate::Scope::New`]). Seeing New clears the badge and leaves the list
//! as it is (the reader is reading it); finishing with it (leaving New, or
//! the app starting again) moves the list on to what came after.

use rusqlite::params;

use super::{now, Library, Result};
use crate::query::{Filter, PaperQuery, Scope};
use crate::state::Stamp;

pub(crate) const SEEN_AT: &str = "new.seen-at";
pub(crate) const LISTED_SINCE: &str = "new.listed-since";

/// What the reader did with the New view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewLook {
    /// New is on screen: everything it lists now is seen (the badge clears).
    Seen,
    /// Done with it: New lists only what arrives after what was seen.
    Finished,
}

impl Library {
    /// How many papers arrived since the reader last saw New: its badge.
    pub fn new_unseen(&self) -> Result<usize> {
        let seen = self.setting(SEEN_AT)?.and_then(|s| Stamp::parse(&s).ok());
        let query = PaperQuery {
            limit: 0,
            filter: Filter {
                added_after: seen,
                ..Filter::default()
            },
            ..PaperQuery::scope(Scope::New)
        };
        Ok(self.papers(&query)?.total.counted())
    }

    /// Records a look at New in one statement each, inside one transaction.
    pub fn look_at_new(&mut self, look: NewLook) -> Result<()> {
        let tx = self.conn.transaction()?;
        match look {
            // The newest paper's own stamp, not the clock: a paper stamped by
            // another process with a clock behind ours still counts as new.
            NewLook::Seen => tx.execute(
                "INSERT INTO settings (key, value, updated_at)
                 SELECT ?1, MAX(created_at), ?2 FROM papers WHERE created_at IS NOT NULL
                 HAVING COUNT(*) > 0
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                params![SEEN_AT, now()],
            )?,
            NewLook::Finished => tx.execute(
                "INSERT INTO settings (key, value, updated_at)
                 SELECT ?1, value, ?3 FROM settings WHERE key = ?2
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                params![LISTED_SINCE, SEEN_AT, now()],
            )?,
        };
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_bytes;
    use crate::store::Total;

    fn digest(date: &str, first: u32, n: u32) -> String {
        let mut md = format!("# Papers for {date}\n\n");
        for i in 0..n {
            let id = format!("2510.{:05}", first + i);
            md.push_str(&format!(
                "## {i}.[Paper {id}](https://arxiv.org/abs/{id})\nsummary:A summary.\n\n"
            ));
        }
        md
    }

    fn import(lib: &mut Library, date: &str, first: u32, n: u32) {
        let name = format!("{date}.md");
        let r = import_bytes(
            lib,
            &name,
            &name,
            None,
            digest(date, first, n).as_bytes(),
            None,
        );
        assert_eq!(r.error, None);
    }

    fn listed(lib: &Library) -> usize {
        lib.papers(&PaperQuery::scope(Scope::New))
            .unwrap()
            .total
            .counted()
    }

    #[test]
    fn new_lists_what_arrived_since_the_last_look_and_its_badge_clears_when_seen() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        // Never looked: nothing to look at, then everything is new.
        lib.look_at_new(NewLook::Seen).unwrap();
        lib.look_at_new(NewLook::Finished).unwrap();
        assert_eq!((listed(&lib), lib.new_unseen().unwrap()), (0, 0));
        import(&mut lib, "2025-10-03", 1, 3);
        assert_eq!((listed(&lib), lib.new_unseen().unwrap()), (3, 3));
        // Seen: the badge clears, the list stays while the reader reads it.
        lib.look_at_new(NewLook::Seen).unwrap();
        assert_eq!((listed(&lib), lib.new_unseen().unwrap()), (3, 0));
        // More arrive while it is on screen: listed and counted.
        std::thread::sleep(std::time::Duration::from_millis(5));
        import(&mut lib, "2025-10-04", 10, 2);
        assert_eq!((listed(&lib), lib.new_unseen().unwrap()), (5, 2));
        lib.look_at_new(NewLook::Seen).unwrap();
        assert_eq!(lib.new_unseen().unwrap(), 0);
        // Finished: New moves on; a paper listed again by a later digest is
        // not new (it was added before).
        lib.look_at_new(NewLook::Finished).unwrap();
        assert_eq!((listed(&lib), lib.new_unseen().unwrap()), (0, 0));
        std::thread::sleep(std::time::Duration::from_millis(5));
        import(&mut lib, "2025-10-05", 11, 4);
        assert_eq!((listed(&lib), lib.new_unseen().unwrap()), (3, 3));
        // New with a filter is still the one query: unread among the new.
        let ids = lib.papers(&PaperQuery::scope(Scope::New)).unwrap();
        lib.set_read(&[ids.papers[0].paper.id], true).unwrap();
        let unread = PaperQuery {
            filter: Filter {
                read: Some(false),
                ..Filter::default()
            },
            ..PaperQuery::scope(Scope::New)
        };
        assert_eq!(lib.papers(&unread).unwrap().total, Total::Exact(2));
        // Another connection (the CLI, the app's watch) sees the same view.
        let other = Library::open(dir.path()).unwrap();
        assert_eq!((listed(&other), other.new_unseen().unwrap()), (3, 3));
    }
}
