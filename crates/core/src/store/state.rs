//! The reader's state of each paper as one value ([`PaperState`]), read for
//! an export and merged from another library's (`crate::state`).

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::papers::json_list;
use super::{notes, pdfs, tags, Library, PaperId, Result};
use crate::arxiv::ArxivId;
use crate::digest::PaperKey;
use crate::state::{
    self, Changes, Dated, MergeReport, NoteText, PaperState, PastNote, PdfPage, ReadState, Stamp,
    TagMark,
};

/// Everything [`state_row`] reads of a paper `p`, in one statement (so an
/// export is one consistent snapshot). Lists come as JSON arrays, as in
/// `papers::ROW_COLUMNS`.
const STATE_COLUMNS: &str = "p.id, p.key, p.arxiv_id, p.title,
    p.read_at, p.read_changed_at, p.starred, p.starred_changed_at,
    (SELECT json_group_array(json_array(name, tagged_at)) FROM (
        SELECT t.name, pt.tagged_at FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
         WHERE pt.paper_id = p.id ORDER BY t.name COLLATE NOCASE)),
    (SELECT json_group_array(json_array(name, removed_at)) FROM (
        SELECT name, removed_at FROM tag_removals WHERE paper_id = p.id ORDER BY name)),
    (SELECT n.text FROM notes n WHERE n.paper_id = p.id),
    (SELECT n.updated_at FROM notes n WHERE n.paper_id = p.id),
    (SELECT json_group_array(json_array(text, updated_at, replaced_at)) FROM (
        SELECT text, updated_at, replaced_at FROM note_history WHERE paper_id = p.id ORDER BY id)),
    (SELECT g.page FROM pdf_pages g WHERE g.paper_id = p.id),
    (SELECT g.updated_at FROM pdf_pages g WHERE g.paper_id = p.id)";

impl Library {
    /// The reading state of every paper the reader did anything with, by
    /// paper number.
    pub fn reading_states(&self) -> Result<Vec<PaperState>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {STATE_COLUMNS} FROM papers p ORDER BY p.id"
        ))?;
        let mut states = Vec::new();
        for row in stmt.query_map([], state_row)? {
            let (_, state) = row?;
            if state.has_reader_data() {
                states.push(state);
            }
        }
        Ok(states)
    }

    /// Merges reading states from another library into this one, in one
    /// transaction: papers are matched by arXiv id or URL, each field takes
    /// the newer change (`state::changes`), a paper this library does not
    /// have is skipped.
    pub fn merge_reading_states(&mut self, states: &[PaperState]) -> Result<MergeReport> {
        let tx = self.conn.transaction()?;
        let mut report = MergeReport::default();
        for incoming in states {
            report.papers += 1;
            let Some((id, current)) = current_state(&tx, &incoming.paper)? else {
                report.skipped.push(incoming.paper.clone());
                continue;
            };
            let changes = state::changes(&current, incoming);
            if changes.is_empty() {
                report.unchanged += 1;
                continue;
            }
            apply(&tx, id, &changes)?;
            report.changed += 1;
            report.fields.add(&changes);
        }
        tx.commit()?;
        Ok(report)
    }
}

fn current_state(tx: &Transaction<'_>, paper: &PaperKey) -> Result<Option<(PaperId, PaperState)>> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {STATE_COLUMNS} FROM papers p WHERE p.key = ?1"
        ))?
        .query_row([paper.as_db()], state_row)
        .optional()?)
}

fn state_row(r: &Row<'_>) -> rusqlite::Result<(PaperId, PaperState)> {
    let id = PaperId(r.get(0)?);
    let key: String = r.get(1)?;
    let paper = match key.strip_prefix("url:") {
        Some(url) => PaperKey::Url(url.to_owned()),
        None => {
            let arxiv: String = r.get(2)?;
            PaperKey::Arxiv(ArxivId::parse(&arxiv).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    2,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?)
        }
    };
    let read = match r.get::<_, Option<Stamp>>(4)? {
        Some(at) => ReadState::Read { at },
        None => ReadState::Unread { since: r.get(5)? },
    };
    let given: Vec<(String, Stamp)> = json_list(r, 8)?;
    let removed: Vec<(String, Stamp)> = json_list(r, 9)?;
    let tags = given
        .into_iter()
        .map(|(name, at)| TagMark {
            name,
            given: true,
            at,
        })
        .chain(removed.into_iter().map(|(name, at)| TagMark {
            name,
            given: false,
            at,
        }))
        .collect();
    let note = match (
        r.get::<_, Option<String>>(10)?,
        r.get::<_, Option<Stamp>>(11)?,
    ) {
        (Some(text), Some(updated_at)) => Some(NoteText { text, updated_at }),
        _ => None,
    };
    let history: Vec<(String, Stamp, Stamp)> = json_list(r, 12)?;
    let pdf_page = match (r.get::<_, Option<u32>>(13)?, r.get::<_, Option<Stamp>>(14)?) {
        (Some(page), Some(at)) => Some(PdfPage { page, at }),
        _ => None,
    };
    Ok((
        id,
        PaperState {
            paper,
            title: r.get(3)?,
            read,
            starred: Dated {
                value: r.get(6)?,
                at: r.get(7)?,
            },
            tags: state::fold_tags(tags),
            note,
            note_history: history
                .into_iter()
                .map(|(text, updated_at, replaced_at)| PastNote {
                    text,
                    updated_at,
                    replaced_at,
                })
                .collect(),
            pdf_page,
        },
    ))
}

/// Writes the changes `state::changes` found, inside the merge's transaction.
fn apply(tx: &Transaction<'_>, id: PaperId, changes: &Changes) -> Result<()> {
    if let Some(read) = changes.read {
        let read_at = read.is_read().then(|| read.changed_at()).flatten();
        tx.prepare_cached("UPDATE papers SET read_at = ?2, read_changed_at = ?3 WHERE id = ?1")?
            .execute(params![id.0, read_at, read.changed_at()])?;
    }
    if let Some(starred) = changes.starred {
        tx.prepare_cached("UPDATE papers SET starred = ?2, starred_changed_at = ?3 WHERE id = ?1")?
            .execute(params![id.0, starred.value, starred.at])?;
    }
    for mark in &changes.tags {
        let at = mark.at.to_string();
        if mark.given {
            tags::give_tag(tx, id, &mark.name, &at)?;
        } else {
            tags::take_tag(tx, id, &mark.name, &at)?;
        }
    }
    for past in &changes.note_history {
        notes::keep_past(
            tx,
            id,
            &past.text,
            &past.updated_at.to_string(),
            &past.replaced_at.to_string(),
        )?;
    }
    if let Some(note) = &changes.note {
        notes::write_note(tx, id, &note.text, &note.updated_at.to_string())?;
    }
    if let Some(page) = changes.pdf_page {
        pdfs::write_pdf_page(tx, id, page.page, &page.at.to_string())?;
    }
    Ok(())
}
