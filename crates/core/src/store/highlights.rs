//! Highlights in a paper's PDF (migration 0012): a quoted passage, where it
//! is on its page (rectangles in PDF user space, so zoom and screen do not
//! matter), a colour and the reader's comment. Kept in the library, never in
//! the PDF file; kept when the PDF leaves the cache, gone with the paper.
//!
//! A highlight names the file it was made on (arXiv version and sha256):
//! [`PdfHighlight::on_cached_pdf`] says whether that is the file cached now,
//! so one made on v1 is shown as v1's once v2 is downloaded. Its quote and
//! comment are in the search index's `highlights` column (kept by triggers).

use std::collections::HashMap;

use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::notes::{ensure_paper, Note};
use super::{now, Library, PaperId, Result, StoreError};

/// The longest quote or comment, in characters.
pub const MAX_HIGHLIGHT_CHARS: usize = 20_000;
/// The most rectangles one highlight covers (a passage over many lines
/// has one per line).
pub const MAX_HIGHLIGHT_RECTS: usize = 1000;

/// A highlight's colour. The names are what the library stores (its CHECK
/// lists the same), `--json` prints and the app receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HighlightColor {
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl HighlightColor {
    /// Every colour, in the order a palette shows them.
    pub const ALL: [HighlightColor; 5] = [
        HighlightColor::Yellow,
        HighlightColor::Green,
        HighlightColor::Blue,
        HighlightColor::Pink,
        HighlightColor::Purple,
    ];

    /// The colour's name, lowercase.
    pub const fn as_str(self) -> &'static str {
        match self {
            HighlightColor::Yellow => "yellow",
            HighlightColor::Green => "green",
            HighlightColor::Blue => "blue",
            HighlightColor::Pink => "pink",
            HighlightColor::Purple => "purple",
        }
    }

    /// The colour of this name (lowercase, as [`HighlightColor::as_str`]).
    pub fn parse(name: &str) -> Option<HighlightColor> {
        HighlightColor::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// A rectangle on a page, in PDF user space (points, origin at the page's
/// bottom left, y upwards), relative to the page. `x1 <= x2`, `y1 <= y2`.
/// Stored as JSON `[[x1, y1, x2, y2], ...]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PdfRect {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// A highlight as the library holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PdfHighlight {
    pub id: i64,
    /// The paper's number ([`PaperId`]'s).
    pub paper_id: i64,
    /// 1-based, as the viewer counts.
    pub page: u32,
    /// The quoted text.
    pub text: String,
    /// The reader's comment; empty for none.
    pub comment: String,
    pub color: HighlightColor,
    /// Where it is on its page, in PDF user space.
    pub rects: Vec<PdfRect>,
    /// The arXiv version of the PDF it was made on (`None`: the latest,
    /// unnumbered, was fetched).
    pub pdf_version: Option<u32>,
    /// The sha256 of the PDF it was made on.
    pub pdf_sha256: String,
    /// Whether that PDF is the paper's cached PDF now (false once another
    /// version is downloaded, or the PDF left the cache).
    pub on_cached_pdf: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A highlight to add, made on the paper's cached PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewHighlight {
    pub page: u32,
    pub text: String,
    pub rects: Vec<PdfRect>,
    pub color: HighlightColor,
    pub comment: String,
}

impl PdfHighlight {
    /// The paper it is in.
    pub fn paper(&self) -> PaperId {
        PaperId(self.paper_id)
    }

    /// The highlight as Markdown, for the note and the Markdown export: each
    /// line of the quote as a quote (`> `), the last ending ` (p. N)`; then
    /// the comment as a paragraph when there is one.
    pub fn quote_markdown(&self) -> String {
        let mut out = String::new();
        for line in self.text.trim().lines() {
            let line = line.trim_end();
            out.push_str(if line.is_empty() { ">" } else { "> " });
            out.push_str(line);
            out.push('\n');
        }
        out.pop();
        out.push_str(&format!(" (p. {})", self.page));
        let comment = self.comment.trim();
        if !comment.is_empty() {
            out.push_str("\n\n");
            out.push_str(comment);
        }
        out
    }

    /// Where the highlight starts on its page, from the top: the highest
    /// rectangle's `y1` (y grows upwards in PDF user space).
    fn top(&self) -> f64 {
        self.rects
            .iter()
            .map(|r| r.y1)
            .fold(f64::NEG_INFINITY, f64::max)
    }
}

/// In reading order: by page, top to bottom, then as made.
fn sort(highlights: &mut [PdfHighlight]) {
    highlights.sort_by(|a, b| {
        a.page
            .cmp(&b.page)
            .then(b.top().total_cmp(&a.top()))
            .then(a.id.cmp(&b.id))
    });
}

/// The columns [`read`] takes, from `highlights h`.
const COLUMNS: &str =
    "h.id, h.paper_id, h.page, h.text, h.comment, h.color, h.rects, h.pdf_version,
     h.pdf_sha256,
     coalesce(h.pdf_sha256 = (SELECT f.sha256 FROM pdfs f WHERE f.paper_id = h.paper_id), 0),
     h.created_at, h.updated_at";

fn read(r: &Row<'_>) -> rusqlite::Result<PdfHighlight> {
    let color = r.get_ref(5)?.as_str()?;
    let color = HighlightColor::parse(color).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            5,
            Type::Text,
            format!("`{color}` is not a highlight colour").into(),
        )
    })?;
    let rects: Vec<[f64; 4]> = serde_json::from_str(r.get_ref(6)?.as_str()?)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(6, Type::Text, e.into()))?;
    Ok(PdfHighlight {
        id: r.get(0)?,
        paper_id: r.get(1)?,
        page: r.get(2)?,
        text: r.get(3)?,
        comment: r.get(4)?,
        color,
        rects: rects
            .into_iter()
            .map(|[x1, y1, x2, y2]| PdfRect { x1, y1, x2, y2 })
            .collect(),
        pdf_version: r.get(7)?,
        pdf_sha256: r.get(8)?,
        on_cached_pdf: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

/// The highlight `id`, on the connection or inside a transaction.
fn highlight(conn: &Connection, id: i64) -> Result<PdfHighlight> {
    let sql = format!("SELECT {COLUMNS} FROM highlights h WHERE h.id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], read)
        .optional()?
        .ok_or(StoreError::NoSuchHighlight(id))
}

fn invalid(field: &'static str, reason: impl Into<String>) -> StoreError {
    StoreError::InvalidHighlight {
        field,
        reason: reason.into(),
    }
}

/// The page, quote, rectangles and comment as they will be stored (quote and
/// comment trimmed, rectangles with their corners in order), or the error
/// naming what is wrong.
fn checked(
    page: u32,
    text: &str,
    rects: &[PdfRect],
    comment: &str,
) -> Result<(String, String, String)> {
    if page < 1 {
        return Err(invalid("page", "must be 1 or more (pages count from 1)"));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid("text", "is empty: select the words to highlight"));
    }
    check_length("text", text)?;
    let comment = checked_comment(comment)?;
    if rects.is_empty() || rects.len() > MAX_HIGHLIGHT_RECTS {
        return Err(invalid(
            "rects",
            format!(
                "must be 1 to {MAX_HIGHLIGHT_RECTS} rectangles, not {}",
                rects.len()
            ),
        ));
    }
    let mut corners = Vec::with_capacity(rects.len());
    for (i, r) in rects.iter().enumerate() {
        if ![r.x1, r.y1, r.x2, r.y2].iter().all(|v| v.is_finite()) {
            return Err(invalid(
                "rects",
                format!(
                    "rectangle {} has a coordinate that is not a finite number",
                    i + 1
                ),
            ));
        }
        corners.push([
            r.x1.min(r.x2),
            r.y1.min(r.y2),
            r.x1.max(r.x2),
            r.y1.max(r.y2),
        ]);
    }
    let rects = serde_json::to_string(&corners).expect("finite numbers are JSON");
    Ok((text.to_owned(), comment, rects))
}

fn checked_comment(comment: &str) -> Result<String> {
    let comment = comment.trim();
    check_length("comment", comment)?;
    Ok(comment.to_owned())
}

fn check_length(field: &'static str, text: &str) -> Result<()> {
    let chars = text.chars().count();
    if chars > MAX_HIGHLIGHT_CHARS {
        return Err(invalid(
            field,
            format!("is {chars} characters long, more than the {MAX_HIGHLIGHT_CHARS} allowed"),
        ));
    }
    Ok(())
}

impl Library {
    /// The paper's highlights in reading order: by page, top to bottom, then
    /// as made. None for a paper the library does not have.
    pub fn highlights(&self, paper: PaperId) -> Result<Vec<PdfHighlight>> {
        Ok(self
            .highlights_of(&[paper])?
            .remove(&paper)
            .unwrap_or_default())
    }

    /// The highlights of each of these papers (those with any), each in
    /// reading order, in one statement: for exports.
    pub fn highlights_of(&self, ids: &[PaperId]) -> Result<HashMap<PaperId, Vec<PdfHighlight>>> {
        let list = serde_json::to_string(&ids.iter().map(|i| i.0).collect::<Vec<_>>())
            .expect("a list of integers is JSON");
        let sql = format!(
            "SELECT {COLUMNS} FROM highlights h
              WHERE h.paper_id IN (SELECT j.value FROM json_each(?1) j)"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut by_paper: HashMap<PaperId, Vec<PdfHighlight>> = HashMap::new();
        for h in stmt.query_map([list], read)? {
            let h = h?;
            by_paper.entry(h.paper()).or_default().push(h);
        }
        for highlights in by_paper.values_mut() {
            sort(highlights);
        }
        Ok(by_paper)
    }

    /// The highlight `id` ([`StoreError::NoSuchHighlight`] if there is none).
    pub fn highlight(&self, id: i64) -> Result<PdfHighlight> {
        highlight(&self.conn, id)
    }

    /// Highlights a passage of the paper's cached PDF, recording which file
    /// (version, sha256) it was made on. Fails with
    /// [`StoreError::NoPdfToHighlight`] when no PDF is cached, and with
    /// [`StoreError::InvalidHighlight`] naming the field that is wrong.
    pub fn add_highlight(&mut self, paper: PaperId, new: &NewHighlight) -> Result<PdfHighlight> {
        let (text, comment, rects) = checked(new.page, &new.text, &new.rects, &new.comment)?;
        let tx = self.conn.transaction()?;
        ensure_paper(&tx, paper)?;
        let (version, sha256): (Option<u32>, String) = tx
            .prepare_cached("SELECT version, sha256 FROM pdfs WHERE paper_id = ?1")?
            .query_row([paper.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::NoPdfToHighlight(paper.to_string()))?;
        let stamp = now();
        let id: i64 = tx
            .prepare_cached(
                "INSERT INTO highlights (paper_id, pdf_version, pdf_sha256, page, text, rects, color,
                                         comment, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id",
            )?
            .query_row(
                params![
                    paper.0,
                    version,
                    sha256,
                    new.page,
                    text,
                    rects,
                    new.color.as_str(),
                    comment,
                    stamp
                ],
                |r| r.get(0),
            )?;
        let added = highlight(&tx, id)?;
        tx.commit()?;
        Ok(added)
    }

    /// Replaces the highlight's comment (an empty one removes it).
    pub fn set_highlight_comment(&mut self, id: i64, comment: &str) -> Result<PdfHighlight> {
        let comment = checked_comment(comment)?;
        self.change_highlight(id, "comment", &comment)
    }

    pub fn set_highlight_color(&mut self, id: i64, color: HighlightColor) -> Result<PdfHighlight> {
        self.change_highlight(id, "color", color.as_str())
    }

    /// Sets one column of the highlight, and its `updated_at` when that
    /// changes it, in one transaction.
    fn change_highlight(
        &mut self,
        id: i64,
        column: &'static str,
        value: &str,
    ) -> Result<PdfHighlight> {
        let tx = self.conn.transaction()?;
        highlight(&tx, id)?;
        tx.prepare_cached(&format!(
            "UPDATE highlights SET {column} = ?1, updated_at = ?2 WHERE id = ?3 AND {column} IS NOT ?1"
        ))?
        .execute(params![value, now(), id])?;
        let changed = highlight(&tx, id)?;
        tx.commit()?;
        Ok(changed)
    }

    /// Deletes the highlight; returns it as it was, for
    /// [`Library::restore_highlight`] (undo).
    pub fn delete_highlight(&mut self, id: i64) -> Result<PdfHighlight> {
        let tx = self.conn.transaction()?;
        let gone = highlight(&tx, id)?;
        tx.prepare_cached("DELETE FROM highlights WHERE id = ?1")?
            .execute([id])?;
        tx.commit()?;
        Ok(gone)
    }

    /// Puts a deleted highlight back as it was: its id, file, times, colour
    /// and comment (undo). Restoring one that is there already writes it as
    /// given, so undoing twice is harmless. Fails with
    /// [`StoreError::NoSuchPaper`] when its paper is gone.
    pub fn restore_highlight(&mut self, h: &PdfHighlight) -> Result<PdfHighlight> {
        let (text, comment, rects) = checked(h.page, &h.text, &h.rects, &h.comment)?;
        let tx = self.conn.transaction()?;
        ensure_paper(&tx, h.paper())?;
        tx.prepare_cached(
            "INSERT INTO highlights (id, paper_id, pdf_version, pdf_sha256, page, text, rects, color,
                                     comment, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (id) DO UPDATE SET
                 paper_id = excluded.paper_id, pdf_version = excluded.pdf_version,
                 pdf_sha256 = excluded.pdf_sha256, page = excluded.page, text = excluded.text,
                 rects = excluded.rects, color = excluded.color, comment = excluded.comment,
                 created_at = excluded.created_at, updated_at = excluded.updated_at",
        )?
        .execute(params![
            h.id,
            h.paper_id,
            h.pdf_version,
            h.pdf_sha256,
            h.page,
            text,
            rects,
            h.color.as_str(),
            comment,
            h.created_at,
            h.updated_at
        ])?;
        let restored = highlight(&tx, h.id)?;
        tx.commit()?;
        Ok(restored)
    }

    /// Appends the highlight to its paper's note as a Markdown quote
    /// ([`PdfHighlight::quote_markdown`]), through [`Library::append_note`]
    /// (one IMMEDIATE transaction, the old text kept in the history).
    pub fn quote_highlight_in_note(&mut self, id: i64) -> Result<Note> {
        let h = self.highlight(id)?;
        self.append_note(h.paper(), &h.quote_markdown())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x1: f64, y1: f64, x2: f64, y2: f64) -> PdfRect {
        PdfRect { x1, y1, x2, y2 }
    }

    fn new(page: u32, text: &str, y: f64) -> NewHighlight {
        NewHighlight {
            page,
            text: text.to_owned(),
            rects: vec![rect(72.0, y, 300.0, y + 12.0)],
            color: HighlightColor::Yellow,
            comment: String::new(),
        }
    }

    fn commented(page: u32, text: &str, y: f64, comment: &str) -> NewHighlight {
        NewHighlight {
            comment: comment.to_owned(),
            ..new(page, text, y)
        }
    }

    /// Papers 1 and 2; paper 1 has a PDF (v1, sha256 `v1`), paper 2 none.
    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        lib.conn
            .execute_batch(
                "INSERT INTO papers (id, key, arxiv_id, title, url, created_at)
                     VALUES (1, 'arxiv:2509.25454', '2509.25454', 'Deep', 'https://arxiv.org/abs/2509.25454', 't'),
                            (2, 'arxiv:2509.25455', '2509.25455', 'Wide', 'https://arxiv.org/abs/2509.25455', 't');",
            )
            .unwrap();
        lib.record_pdf(PaperId(1), "pdfs/2509.25454.pdf", Some(1), 10, "v1")
            .unwrap();
        (dir, lib)
    }

    /// The papers a search for `text` finds.
    fn found(lib: &Library, text: &str) -> Vec<PaperId> {
        let query = crate::PaperQuery {
            text: text.to_owned(),
            ..crate::PaperQuery::default()
        };
        lib.papers(&query).unwrap().ids()
    }

    #[test]
    fn colours_have_one_name_each_in_rust_serde_and_sql() {
        let (_dir, mut lib) = library();
        for color in HighlightColor::ALL {
            assert_eq!(HighlightColor::parse(color.as_str()), Some(color));
            let json = serde_json::to_string(&color).unwrap();
            assert_eq!(json, format!("\"{}\"", color.as_str()));
            // The table's CHECK takes every name.
            let h = lib
                .add_highlight(
                    PaperId(1),
                    &NewHighlight {
                        color,
                        ..new(1, "w", 1.0)
                    },
                )
                .unwrap();
            assert_eq!(h.color, color);
        }
        assert_eq!(HighlightColor::parse("Yellow"), None);
        let refused = lib.conn.execute(
            "UPDATE highlights SET color = 'orange' WHERE id = (SELECT min(id) FROM highlights)",
            [],
        );
        assert!(refused.is_err());
    }

    #[test]
    fn a_highlight_is_added_listed_in_reading_order_and_changed() {
        let (_dir, mut lib) = library();
        let low = lib
            .add_highlight(PaperId(1), &new(2, "lower", 100.0))
            .unwrap();
        let high = lib
            .add_highlight(PaperId(1), &new(2, "upper", 700.0))
            .unwrap();
        let first = lib
            .add_highlight(
                PaperId(1),
                &NewHighlight {
                    comment: "  why it matters \n".into(),
                    color: HighlightColor::Green,
                    ..new(1, "  first page \n", 50.0)
                },
            )
            .unwrap();
        assert_eq!(first.text, "first page");
        assert_eq!(first.comment, "why it matters");
        assert_eq!(
            (first.pdf_version, first.pdf_sha256.as_str()),
            (Some(1), "v1")
        );
        assert!(first.on_cached_pdf);
        assert_eq!(first.created_at, first.updated_at);
        assert_eq!(first.rects, [rect(72.0, 50.0, 300.0, 62.0)]);
        let order: Vec<i64> = lib
            .highlights(PaperId(1))
            .unwrap()
            .iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(order, [first.id, high.id, low.id]);
        assert!(lib.highlights(PaperId(2)).unwrap().is_empty());
        assert_eq!(lib.highlight(low.id).unwrap(), low);

        let commented = lib.set_highlight_comment(low.id, "note this").unwrap();
        assert_eq!(commented.comment, "note this");
        assert!(commented.updated_at >= low.updated_at);
        let recoloured = lib
            .set_highlight_color(low.id, HighlightColor::Purple)
            .unwrap();
        assert_eq!(recoloured.color, HighlightColor::Purple);
        assert_eq!(recoloured.comment, "note this");
        // The same value again changes nothing, not even the time.
        let same = lib
            .set_highlight_color(low.id, HighlightColor::Purple)
            .unwrap();
        assert_eq!(same, recoloured);
        assert_eq!(lib.highlight(low.id).unwrap(), recoloured);
    }

    #[test]
    fn a_deleted_highlight_comes_back_by_undo_as_it_was() {
        let (_dir, mut lib) = library();
        let h = lib
            .add_highlight(
                PaperId(1),
                &commented(3, "the quoted words", 10.0, "glossed"),
            )
            .unwrap();
        let h = lib.set_highlight_color(h.id, HighlightColor::Blue).unwrap();
        assert_eq!(found(&lib, "glossed"), [PaperId(1)]);
        let gone = lib.delete_highlight(h.id).unwrap();
        assert_eq!(gone, h);
        assert!(lib.highlights(PaperId(1)).unwrap().is_empty());
        assert!(found(&lib, "glossed").is_empty());
        let err = lib.delete_highlight(h.id).unwrap_err();
        assert!(matches!(err, StoreError::NoSuchHighlight(_)), "{err}");
        // A highlight added meanwhile does not take its id.
        let other = lib
            .add_highlight(PaperId(1), &new(1, "other", 1.0))
            .unwrap();
        assert!(other.id > h.id);

        let back = lib.restore_highlight(&gone).unwrap();
        assert_eq!(back, h);
        assert_eq!(lib.highlight(h.id).unwrap(), h);
        assert_eq!(found(&lib, "glossed"), [PaperId(1)]);
        // Undoing twice is harmless.
        assert_eq!(lib.restore_highlight(&gone).unwrap(), h);
        assert_eq!(lib.highlights(PaperId(1)).unwrap().len(), 2);
    }

    #[test]
    fn unknown_highlights_and_papers_are_named() {
        let (_dir, mut lib) = library();
        for err in [
            lib.set_highlight_comment(42, "x").unwrap_err(),
            lib.set_highlight_color(42, HighlightColor::Pink)
                .unwrap_err(),
            lib.delete_highlight(42).unwrap_err(),
            lib.quote_highlight_in_note(42).unwrap_err(),
            lib.highlight(42).unwrap_err(),
        ] {
            assert!(matches!(err, StoreError::NoSuchHighlight(42)), "{err}");
            assert!(err.to_string().contains("no highlight 42"), "{err}");
        }
        let err = lib
            .add_highlight(PaperId(9), &new(1, "x", 1.0))
            .unwrap_err();
        assert!(matches!(err, StoreError::NoSuchPaper(_)), "{err}");
    }

    #[test]
    fn highlighting_needs_a_cached_pdf() {
        let (_dir, mut lib) = library();
        let err = lib
            .add_highlight(PaperId(2), &new(1, "x", 1.0))
            .unwrap_err();
        assert!(matches!(err, StoreError::NoPdfToHighlight(_)), "{err}");
        assert!(err.to_string().contains("papershelf fetch 2"), "{err}");
        assert!(lib.highlights(PaperId(2)).unwrap().is_empty());
    }

    #[test]
    fn a_highlight_outlives_its_pdf_and_knows_its_version() {
        let (_dir, mut lib) = library();
        let h = lib.add_highlight(PaperId(1), &new(1, "kept", 1.0)).unwrap();
        // The PDF deleted from the cache: the highlight stays, off the cache.
        lib.forget_pdf(PaperId(1)).unwrap();
        let kept = lib.highlights(PaperId(1)).unwrap();
        assert_eq!(kept.len(), 1);
        assert!(!kept[0].on_cached_pdf);
        assert_eq!(
            (kept[0].pdf_version, kept[0].pdf_sha256.as_str()),
            (Some(1), "v1")
        );
        assert_eq!(found(&lib, "kept"), [PaperId(1)]);
        // v1 again: on it; v2 downloaded: v1's highlight is not on it.
        lib.record_pdf(PaperId(1), "pdfs/2509.25454.pdf", Some(1), 10, "v1")
            .unwrap();
        assert!(lib.highlight(h.id).unwrap().on_cached_pdf);
        lib.record_pdf(PaperId(1), "pdfs/2509.25454.pdf", Some(2), 12, "v2")
            .unwrap();
        let old = lib.highlight(h.id).unwrap();
        assert!(!old.on_cached_pdf);
        assert_eq!(old.pdf_version, Some(1));
        // Highlighted is wanted, for For you, with or without the PDF.
        lib.forget_pdf(PaperId(1)).unwrap();
        assert_eq!(lib.for_you_positives().unwrap(), 1);
        let before = lib.for_you_signature().unwrap();
        lib.delete_highlight(h.id).unwrap();
        assert_eq!(lib.for_you_positives().unwrap(), 0);
        assert_ne!(lib.for_you_signature().unwrap(), before);
        lib.restore_highlight(&old).unwrap();
        lib.record_pdf(PaperId(1), "pdfs/2509.25454.pdf", Some(2), 12, "v2")
            .unwrap();
        let new_one = lib
            .add_highlight(PaperId(1), &new(1, "fresh", 2.0))
            .unwrap();
        assert_eq!(
            (new_one.pdf_version, new_one.on_cached_pdf),
            (Some(2), true)
        );
    }

    #[test]
    fn highlights_go_with_their_paper() {
        let (_dir, mut lib) = library();
        lib.add_highlight(PaperId(1), &new(1, "vanishing", 1.0))
            .unwrap();
        lib.conn
            .execute("DELETE FROM papers WHERE id = 1", [])
            .unwrap();
        let left: i64 = lib
            .conn
            .query_row("SELECT count(*) FROM highlights", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
        assert!(found(&lib, "vanishing").is_empty());
        // Undo cannot bring back a highlight of a paper that is gone.
        let h = PdfHighlight {
            id: 1,
            paper_id: 1,
            page: 1,
            text: "vanishing".into(),
            comment: String::new(),
            color: HighlightColor::Yellow,
            rects: vec![rect(0.0, 0.0, 1.0, 1.0)],
            pdf_version: None,
            pdf_sha256: "v1".into(),
            on_cached_pdf: false,
            created_at: "t".into(),
            updated_at: "t".into(),
        };
        let err = lib.restore_highlight(&h).unwrap_err();
        assert!(matches!(err, StoreError::NoSuchPaper(_)), "{err}");
    }

    #[test]
    fn a_rebuild_and_a_repair_keep_highlights_searchable() {
        let (_dir, mut lib) = library();
        let h = lib
            .add_highlight(
                PaperId(1),
                &commented(4, "the quoted lemma", 1.0, "sesquipedalian remark"),
            )
            .unwrap();
        assert_eq!(found(&lib, "sesquipedalian"), [PaperId(1)]);
        assert_eq!(found(&lib, "quoted lemma"), [PaperId(1)]);
        assert!(found(&lib, "sesquipedalian -lemma").is_empty());
        lib.rebuild_search_index().unwrap();
        assert_eq!(found(&lib, "sesquipedalian"), [PaperId(1)]);
        // The index lost the paper, and the PDF's file is missing: a repair
        // indexes it again and drops the PDF's row, keeping the highlight.
        lib.conn
            .execute("DELETE FROM search_index WHERE rowid = 1", [])
            .unwrap();
        assert!(found(&lib, "sesquipedalian").is_empty());
        let problems = lib.check().unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p.kind == super::super::ProblemKind::SearchIndex),
            "{problems:?}"
        );
        lib.repair(&problems).unwrap();
        assert!(lib.pdf(PaperId(1)).unwrap().is_none());
        assert_eq!(found(&lib, "sesquipedalian"), [PaperId(1)]);
        let kept = lib.highlight(h.id).unwrap();
        assert_eq!(
            (kept.text.as_str(), kept.on_cached_pdf),
            ("the quoted lemma", false)
        );
        // A comment changed is searched by its new words only.
        lib.set_highlight_comment(h.id, "plain").unwrap();
        assert!(found(&lib, "sesquipedalian").is_empty());
        assert_eq!(found(&lib, "plain"), [PaperId(1)]);
    }

    #[test]
    fn a_search_hit_in_a_highlight_shows_its_quote_or_comment() {
        let (_dir, mut lib) = library();
        lib.set_note(PaperId(1), "nothing here").unwrap();
        let h = lib
            .add_highlight(
                PaperId(1),
                &commented(4, "the quoted lemma", 1.0, "sesquipedalian remark"),
            )
            .unwrap();
        let snippet = |lib: &Library, text: &str| {
            let query = crate::PaperQuery {
                text: text.to_owned(),
                ..crate::PaperQuery::default()
            };
            let page = lib.papers(&query).unwrap();
            let snippet = page.papers[0].highlights.clone().unwrap().snippet.unwrap();
            let text: String = snippet
                .text
                .fragments()
                .into_iter()
                .map(|(t, _)| t)
                .collect();
            (snippet.source, text)
        };
        let source = super::super::SnippetSource::Highlight { id: h.id, page: 4 };
        assert_eq!(
            snippet(&lib, "lemma"),
            (
                source,
                "the quoted lemma — sesquipedalian remark".to_owned()
            )
        );
        // The note comes first when it holds the words.
        assert_eq!(
            snippet(&lib, "nothing").0,
            super::super::SnippetSource::Note
        );
        let long = format!("{} lemma", "word ".repeat(60));
        lib.delete_highlight(h.id).unwrap();
        let h = lib
            .add_highlight(
                PaperId(1),
                &commented(4, &long, 1.0, "sesquipedalian remark"),
            )
            .unwrap();
        let (source, text) = snippet(&lib, "sesquipedalian");
        assert_eq!(
            source,
            super::super::SnippetSource::Highlight { id: h.id, page: 4 }
        );
        assert!(text.ends_with("lemma — sesquipedalian remark"), "{text}");
    }

    #[test]
    fn bad_highlights_are_refused_naming_the_field() {
        let (_dir, mut lib) = library();
        let long = "x".repeat(MAX_HIGHLIGHT_CHARS + 1);
        let cases: Vec<(NewHighlight, &str, &str)> = vec![
            (new(0, "x", 1.0), "page", "1 or more"),
            (new(1, " \n\t", 1.0), "text", "empty"),
            (new(1, &long, 1.0), "text", "20001 characters"),
            (
                NewHighlight {
                    comment: long.clone(),
                    ..new(1, "x", 1.0)
                },
                "comment",
                "more than the 20000",
            ),
            (
                NewHighlight {
                    rects: vec![],
                    ..new(1, "x", 1.0)
                },
                "rects",
                "not 0",
            ),
            (
                NewHighlight {
                    rects: vec![rect(0.0, 0.0, 1.0, 1.0); MAX_HIGHLIGHT_RECTS + 1],
                    ..new(1, "x", 1.0)
                },
                "rects",
                "not 1001",
            ),
            (
                NewHighlight {
                    rects: vec![rect(0.0, 0.0, 1.0, 1.0), rect(0.0, f64::NAN, 1.0, 1.0)],
                    ..new(1, "x", 1.0)
                },
                "rects",
                "rectangle 2",
            ),
            (
                NewHighlight {
                    rects: vec![rect(0.0, 0.0, f64::INFINITY, 1.0)],
                    ..new(1, "x", 1.0)
                },
                "rects",
                "not a finite number",
            ),
        ];
        for (bad, field, says) in cases {
            let err = lib.add_highlight(PaperId(1), &bad).unwrap_err();
            match &err {
                StoreError::InvalidHighlight { field: f, .. } => assert_eq!(*f, field, "{err}"),
                other => panic!("{other}"),
            }
            let text = err.to_string();
            assert!(text.contains(field) && text.contains(says), "{text}");
        }
        assert!(lib.highlights(PaperId(1)).unwrap().is_empty());
        let h = lib.add_highlight(PaperId(1), &new(1, "x", 1.0)).unwrap();
        let err = lib.set_highlight_comment(h.id, &long).unwrap_err();
        assert!(err.to_string().contains("comment"), "{err}");
        assert_eq!(lib.highlight(h.id).unwrap(), h);
        // Corners given the other way round are put in order.
        let swapped = lib
            .add_highlight(
                PaperId(1),
                &NewHighlight {
                    rects: vec![rect(300.0, 700.0, 72.0, 688.0)],
                    ..new(1, "y", 1.0)
                },
            )
            .unwrap();
        assert_eq!(swapped.rects, [rect(72.0, 688.0, 300.0, 700.0)]);
    }

    #[test]
    fn a_quote_is_a_markdown_quote_with_its_page_and_comment() {
        let (_dir, mut lib) = library();
        let multi = lib
            .add_highlight(
                PaperId(1),
                &commented(
                    7,
                    "first line\nsecond line\n\nafter a gap",
                    1.0,
                    "Compare with §3.",
                ),
            )
            .unwrap();
        assert_eq!(
            multi.quote_markdown(),
            "> first line\n> second line\n>\n> after a gap (p. 7)\n\nCompare with §3."
        );
        let bare = lib
            .add_highlight(PaperId(1), &new(2, "one line", 1.0))
            .unwrap();
        assert_eq!(bare.quote_markdown(), "> one line (p. 2)");

        let note = lib.quote_highlight_in_note(bare.id).unwrap();
        assert_eq!(note.text, "> one line (p. 2)");
        let note = lib.quote_highlight_in_note(multi.id).unwrap();
        assert_eq!(
            note.text,
            "> one line (p. 2)\n\n> first line\n> second line\n>\n> after a gap (p. 7)\n\nCompare with §3."
        );
        // The note before is in its history.
        assert_eq!(
            lib.note_history(PaperId(1)).unwrap()[0].text,
            "> one line (p. 2)"
        );
    }

    #[test]
    fn a_highlight_serialises_with_the_fields_the_app_reads() {
        let (_dir, mut lib) = library();
        let h = lib.add_highlight(PaperId(1), &new(1, "x", 1.0)).unwrap();
        let json = serde_json::to_value(&h).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "color",
                "comment",
                "created_at",
                "id",
                "on_cached_pdf",
                "page",
                "paper_id",
                "pdf_sha256",
                "pdf_version",
                "rects",
                "text",
                "updated_at"
            ]
        );
        assert_eq!(json["color"], "yellow");
        assert_eq!(
            json["rects"],
            serde_json::json!([{"x1": 72.0, "y1": 1.0, "x2": 300.0, "y2": 13.0}])
        );
        let back: PdfHighlight = serde_json::from_value(json).unwrap();
        assert_eq!(back, h);
    }
}
