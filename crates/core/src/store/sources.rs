//! Sources' rows (migration 0010): the sources themselves with their last
//! result, a folder's files as last seen and a subscription's days as last
//! asked. What they mean and how a sync uses them: [`crate::sources`].

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use super::{now, Library, Result};
use crate::sources::{DayState, Failure, FileState, LastResult, Source, SourceId, SourceKind};
use crate::state::Stamp;

impl Library {
    /// Adds a source; `None` when one with this kind and location exists.
    pub(crate) fn insert_source(
        &mut self,
        kind: &str,
        location: &str,
        recursive: bool,
        since: Option<NaiveDate>,
    ) -> Result<Option<SourceId>> {
        Ok(self
            .conn
            .query_row(
                "INSERT INTO sources (kind, location, recursive, since, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (kind, location) DO NOTHING RETURNING id",
                params![kind, location, recursive, since, now()],
                |r| r.get(0),
            )
            .optional()?
            .map(SourceId))
    }

    /// Every source, oldest first.
    pub fn sources(&self) -> Result<Vec<Source>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, location, recursive, since, created_at, last_sync, last_imported,
                    last_unchanged, last_added, last_failed
             FROM sources ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(1)?;
            let location: String = r.get(2)?;
            let last_sync: Option<Stamp> = r.get(6)?;
            let failed: String = r.get(10)?;
            Ok((
                SourceId(r.get(0)?),
                kind,
                location,
                r.get::<_, bool>(3)?,
                r.get::<_, Option<NaiveDate>>(4)?,
                r.get::<_, Stamp>(5)?,
                last_sync.map(|at| LastResult {
                    at,
                    imported: r.get::<_, i64>(7).unwrap_or(0) as usize,
                    unchanged: r.get::<_, i64>(8).unwrap_or(0) as usize,
                    added: r.get::<_, i64>(9).unwrap_or(0) as usize,
                    // Written by `save_result` only: a row another tool
                    // damaged reads as no failures rather than an error.
                    failed: serde_json::from_str(&failed).unwrap_or_default(),
                }),
            ))
        })?;
        let mut sources = Vec::new();
        for row in rows {
            let (id, kind, location, recursive, since, created_at, last) = row?;
            let Some(kind) = SourceKind::from_row(&kind, location, recursive, since) else {
                continue;
            };
            sources.push(Source {
                id,
                kind,
                created_at,
                last,
            });
        }
        Ok(sources)
    }

    /// Removes a source and what was kept about its files or days (never
    /// the digests it imported). False when there was no such source.
    pub fn remove_source(&mut self, id: SourceId) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM sources WHERE id = ?1", [id.0])?
            > 0)
    }

    /// A folder source's files as last seen, by path relative to the folder.
    pub(crate) fn source_files(&self, id: SourceId) -> Result<HashMap<String, FileState>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT path, size, mtime_ns, sha256, failure, failure_line
             FROM source_files WHERE source_id = ?1",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            let failure: Option<String> = r.get(4)?;
            let line: Option<i64> = r.get(5)?;
            Ok((
                r.get::<_, String>(0)?,
                FileState {
                    size: r.get::<_, i64>(1)? as u64,
                    mtime_ns: r.get(2)?,
                    sha256: r.get(3)?,
                    failure: failure.map(|message| (message, line.map(|l| l as usize))),
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A subscription's days as last asked.
    pub(crate) fn source_days(&self, id: SourceId) -> Result<BTreeMap<NaiveDate, DayState>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, status, etag, last_modified, sha256, failure, failure_line
             FROM source_days WHERE source_id = ?1",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            let failure: Option<String> = r.get(5)?;
            let line: Option<i64> = r.get(6)?;
            Ok((
                r.get::<_, NaiveDate>(0)?,
                DayState {
                    status: r.get::<_, i64>(1)? as u16,
                    etag: r.get(2)?,
                    last_modified: r.get(3)?,
                    sha256: r.get(4)?,
                    failure: failure.map(|message| (message, line.map(|l| l as usize))),
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a sync in one transaction: its result, the files seen (or,
    /// `None`, gone) and the days asked. A source removed meanwhile is not
    /// recreated.
    pub(crate) fn save_sync(
        &mut self,
        id: SourceId,
        result: &LastResult,
        files: &[(String, Option<FileState>)],
        days: &[(NaiveDate, DayState)],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let failed = serde_json::to_string(&result.failed).unwrap_or_else(|_| "[]".to_owned());
        let present = tx.execute(
            "UPDATE sources SET last_sync = ?2, last_imported = ?3, last_unchanged = ?4,
                    last_added = ?5, last_failed = ?6
             WHERE id = ?1",
            params![
                id.0,
                result.at,
                result.imported as i64,
                result.unchanged as i64,
                result.added as i64,
                failed
            ],
        )?;
        if present == 0 {
            return Ok(());
        }
        let seen = now();
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO source_files (source_id, path, size, mtime_ns, sha256, failure, failure_line, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (source_id, path) DO UPDATE SET size = excluded.size,
                    mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256,
                    failure = excluded.failure, failure_line = excluded.failure_line,
                    seen_at = excluded.seen_at",
            )?;
            let mut gone =
                tx.prepare_cached("DELETE FROM source_files WHERE source_id = ?1 AND path = ?2")?;
            for (path, state) in files {
                match state {
                    Some(s) => {
                        let (failure, line) = split_failure(&s.failure);
                        upsert.execute(params![
                            id.0,
                            path,
                            s.size as i64,
                            s.mtime_ns,
                            s.sha256,
                            failure,
                            line,
                            seen
                        ])?;
                    }
                    None => {
                        gone.execute(params![id.0, path])?;
                    }
                }
            }
            let mut day_row = tx.prepare_cached(
                "INSERT INTO source_days (source_id, day, status, etag, last_modified, sha256, failure, failure_line, tried_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (source_id, day) DO UPDATE SET status = excluded.status,
                    etag = excluded.etag, last_modified = excluded.last_modified,
                    sha256 = excluded.sha256, failure = excluded.failure,
                    failure_line = excluded.failure_line, tried_at = excluded.tried_at",
            )?;
            for (day, s) in days {
                let (failure, line) = split_failure(&s.failure);
                day_row.execute(params![
                    id.0,
                    day,
                    i64::from(s.status),
                    s.etag,
                    s.last_modified,
                    s.sha256,
                    failure,
                    line,
                    seen
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

fn split_failure(failure: &Option<(String, Option<usize>)>) -> (Option<&str>, Option<i64>) {
    match failure {
        Some((message, line)) => (Some(message.as_str()), line.map(|l| l as i64)),
        None => (None, None),
    }
}

/// The failures a result lists, as stored.
impl Failure {
    pub(crate) fn new(
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Failure {
        Failure {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}
