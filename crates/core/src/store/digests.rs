//! Digests as the library lists them.

use chrono::NaiveDate;

use super::{Library, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSummary {
    pub date: NaiveDate,
    pub name: String,
    pub papers: usize,
    pub unread: usize,
    pub imported_at: String,
}

impl Library {
    /// All digests, newest first.
    pub fn digests(&self) -> Result<Vec<DigestSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.date, d.name, d.imported_at, COUNT(e.id), COUNT(e.id) FILTER (WHERE p.read_at IS NULL)
               FROM digests d
               LEFT JOIN entries e ON e.digest_id = d.id
               LEFT JOIN papers p ON p.id = e.paper_id
              GROUP BY d.id ORDER BY d.date DESC, d.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DigestSummary {
                date: r.get(0)?,
                name: r.get(1)?,
                imported_at: r.get(2)?,
                papers: r.get::<_, i64>(3)? as usize,
                unread: r.get::<_, i64>(4)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Fails with [`super::StoreError::NoSuchDigest`] unless a digest of
    /// this date was imported.
    pub fn ensure_digest(&self, date: NaiveDate) -> Result<()> {
        self.conn
            .prepare_cached("SELECT 1 FROM digests WHERE date = ?1")?
            .exists([date])?
            .then_some(())
            .ok_or(super::StoreError::NoSuchDigest(date))
    }
}
