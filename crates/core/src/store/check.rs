//! The integrity check (`papershelf check`): the database, the search index,
//! the list order, the schema version, the settings and, through
//! [`crate::pdf::cache`], the PDF files against their rows. Each problem says
//! what and where, and whether [`Library::repair`] can fix it.
//!
//! A repair rebuilds what is derived (the search index, the list order) and
//! drops what points at nothing (a PDF row without its file, a partial
//! download without its `.part` file, files in `pdfs/` no row knows). It
//! never deletes a note, its history, a tag, a read state, a star or the
//! page a PDF was left at.

use std::path::PathBuf;

use super::{migrate::SCHEMA_VERSION, Library, PaperId, Result};
use crate::pdf::{self, Base};

/// What kind of problem a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// `PRAGMA integrity_check` found damage in the database file.
    Database,
    /// A row refers to a row that does not exist (`PRAGMA foreign_key_check`).
    ForeignKey,
    /// The search index disagrees with the papers.
    SearchIndex,
    /// A paper's place in lists (`latest_date`, `latest_position`) is not its newest entry's.
    ListOrder,
    /// The recorded schema version is not this Papershelf's.
    Schema,
    /// A setting cannot be read.
    Setting,
    /// A PDF row whose file is missing.
    MissingPdf,
    /// A PDF file whose size is not the recorded one.
    PdfSize,
    /// A file in the PDF cache that no row records.
    UnrecordedFile,
    /// A `.part` file of a download that cannot be resumed.
    StalePart,
    /// A resumable download whose `.part` file is gone.
    PartialWithoutFile,
}

impl ProblemKind {
    /// The kind's name in JSON and messages (`search-index`).
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::Database => "database",
            ProblemKind::ForeignKey => "foreign-key",
            ProblemKind::SearchIndex => "search-index",
            ProblemKind::ListOrder => "list-order",
            ProblemKind::Schema => "schema",
            ProblemKind::Setting => "setting",
            ProblemKind::MissingPdf => "missing-pdf",
            ProblemKind::PdfSize => "pdf-size",
            ProblemKind::UnrecordedFile => "unrecorded-file",
            ProblemKind::StalePart => "stale-part",
            ProblemKind::PartialWithoutFile => "partial-without-file",
        }
    }
}

/// One thing a check found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// What is wrong and where, for a person.
    pub what: String,
    /// Whether [`Library::repair`] fixes it.
    pub repairable: bool,
    fix: Option<Fix>,
}

/// What a repair does about a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fix {
    /// Rebuild the search index and the list order from the tables.
    Rebuild,
    /// Drop the paper's PDF row (its file is missing).
    ForgetPdf(PaperId),
    /// Drop the paper's PDF row and delete its file (of the wrong size).
    ForgetPdfAndFile(PaperId, PathBuf),
    /// Drop the paper's partial-download row.
    ForgetPartial(PaperId),
    /// Delete a file directly inside the cache folder.
    RemoveFile(PathBuf),
}

impl Problem {
    pub(crate) fn new(kind: ProblemKind, what: String, fix: Option<Fix>) -> Problem {
        Problem {
            kind,
            what,
            repairable: fix.is_some(),
            fix,
        }
    }
}

/// One thing a repair did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// The kind of problem it fixed.
    pub kind: ProblemKind,
    /// What was done, for a person.
    pub what: String,
}

impl Library {
    /// Checks the library and its PDF cache; an empty list means healthy.
    /// Reads only, so it works on a library opened read-only.
    pub fn check(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        self.check_database(&mut problems)?;
        self.check_schema(&mut problems)?;
        self.check_search_index(&mut problems)?;
        self.check_list_order(&mut problems)?;
        self.check_settings(&mut problems)?;
        problems.extend(pdf::cache::check_files(self)?);
        Ok(problems)
    }

    /// Repairs what it can of `problems` (from [`Library::check`]); returns
    /// what it did. Never deletes a note, note history, tag, read state, star
    /// or highlight.
    pub fn repair(&mut self, problems: &[Problem]) -> Result<Vec<Repaired>> {
        let mut done = Vec::new();
        let mut rebuilt = false;
        for problem in problems {
            let Some(fix) = &problem.fix else { continue };
            let what = match fix {
                Fix::Rebuild if rebuilt => continue,
                Fix::Rebuild => {
                    rebuilt = true;
                    let n = self.rebuild_search_index()?;
                    format!("rebuilt the search index and the list order ({n} paper(s))")
                }
                // The list may be older than the library (the app fetching
                // meanwhile): a file back in place, or recorded now, stays.
                Fix::ForgetPdf(paper)
                    if self
                        .pdf(*paper)?
                        .is_none_or(|r| self.dir.join(&r.path).exists()) =>
                {
                    continue
                }
                Fix::RemoveFile(path) if self.records_file(path)? => continue,
                Fix::ForgetPdf(paper) => {
                    self.conn
                        .execute("DELETE FROM pdfs WHERE paper_id = ?1", [paper.0])?;
                    format!("forgot the missing PDF of paper {paper}")
                }
                Fix::ForgetPdfAndFile(paper, path) => {
                    self.conn
                        .execute("DELETE FROM pdfs WHERE paper_id = ?1", [paper.0])?;
                    match pdf::cache::remove_stray(self.dir(), path) {
                        Ok(()) => format!(
                            "forgot the PDF of paper {paper} and deleted {}",
                            path.display()
                        ),
                        Err(e) => format!("forgot the PDF of paper {paper}; {e}"),
                    }
                }
                Fix::ForgetPartial(paper) => {
                    self.conn
                        .execute("DELETE FROM pdf_partials WHERE paper_id = ?1", [paper.0])?;
                    format!("forgot the interrupted download of paper {paper}")
                }
                Fix::RemoveFile(path) => match pdf::cache::remove_stray(self.dir(), path) {
                    Ok(()) => format!("deleted {}", path.display()),
                    Err(e) => e,
                },
            };
            done.push(Repaired {
                kind: problem.kind,
                what,
            });
        }
        Ok(done)
    }

    /// Whether a `pdfs` row records the file of this name in the cache.
    fn records_file(&self, path: &std::path::Path) -> Result<bool> {
        let Some(name) = path.file_name() else {
            return Ok(false);
        };
        let relative = std::path::Path::new(pdf::cache::PDF_DIR).join(name);
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM pdfs WHERE path = ?1)",
            [relative.to_string_lossy()],
            |r| r.get(0),
        )?)
    }

    fn check_database(&self, problems: &mut Vec<Problem>) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for line in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = line?;
            if line == "ok" {
                continue;
            }
            // SQLite runs FTS5's own check here too; the index can be rebuilt.
            problems.push(if line.contains("\"search_index\"") {
                Problem::new(
                    ProblemKind::SearchIndex,
                    format!("the search index is damaged: {line}"),
                    Some(Fix::Rebuild),
                )
            } else {
                Problem::new(
                    ProblemKind::Database,
                    format!("the database file is damaged: {line}"),
                    None,
                )
            });
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (table, rowid, parent) = row?;
            let row = rowid.map_or_else(|| "a row".to_owned(), |id| format!("row {id}"));
            problems.push(Problem::new(
                ProblemKind::ForeignKey,
                format!("{table}: {row} refers to a missing row of {parent}"),
                None,
            ));
        }
        Ok(())
    }

    fn check_schema(&self, problems: &mut Vec<Problem>) -> Result<()> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version != SCHEMA_VERSION {
            problems.push(Problem::new(
                ProblemKind::Schema,
                format!(
                    "the library records schema version {version}, this Papershelf's is {SCHEMA_VERSION}"
                ),
                None,
            ));
        }
        Ok(())
    }

    fn check_search_index(&self, problems: &mut Vec<Problem>) -> Result<()> {
        // Contentless: FTS5 checks the index's own structure (there is no
        // content to compare with); the papers are compared below.
        let reported = problems.iter().any(|p| p.kind == ProblemKind::SearchIndex);
        let structure = if reported || self.conn.is_readonly(rusqlite::MAIN_DB)? {
            // A write statement: on a read-only library only `PRAGMA
            // integrity_check` (above) runs FTS5's check; it found this
            // damage already when `reported`.
            Ok(0)
        } else {
            self.conn.execute(
                "INSERT INTO search_index (search_index) VALUES ('integrity-check')",
                [],
            )
        };
        if let Err(e) = structure {
            problems.push(Problem::new(
                ProblemKind::SearchIndex,
                format!("the search index is damaged: {e}"),
                Some(Fix::Rebuild),
            ));
        }
        let (papers, indexed, unindexed, extra): (i64, i64, i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM papers), (SELECT count(*) FROM search_index),
                    (SELECT count(*) FROM papers WHERE id NOT IN (SELECT rowid FROM search_index)),
                    (SELECT count(*) FROM search_index WHERE rowid NOT IN (SELECT id FROM papers))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        if papers != indexed || unindexed != 0 || extra != 0 {
            let example: Option<i64> = self.conn.query_row(
                "SELECT min(id) FROM papers WHERE id NOT IN (SELECT rowid FROM search_index)",
                [],
                |r| r.get(0),
            )?;
            let example = example.map_or(String::new(), |id| format!(", paper {id} among them"));
            problems.push(Problem::new(
                ProblemKind::SearchIndex,
                format!(
                    "the search index holds {indexed} paper(s), the library {papers}: \
                     {unindexed} not indexed{example}, {extra} indexed but gone"
                ),
                Some(Fix::Rebuild),
            ));
        }
        Ok(())
    }

    fn check_list_order(&self, problems: &mut Vec<Problem>) -> Result<()> {
        let (count, first): (i64, Option<i64>) = self.conn.query_row(
            "WITH newest AS (
                 SELECT p.id, p.latest_date, p.latest_position,
                        (SELECT d.date FROM entries e JOIN digests d ON d.id = e.digest_id
                          WHERE e.paper_id = p.id ORDER BY d.date DESC, e.position LIMIT 1) AS date,
                        (SELECT e.position FROM entries e JOIN digests d ON d.id = e.digest_id
                          WHERE e.paper_id = p.id ORDER BY d.date DESC, e.position LIMIT 1) AS position
                   FROM papers p)
             SELECT count(*), min(id) FROM newest
              WHERE latest_date IS NOT date OR latest_position IS NOT position",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if let (n @ 1.., Some(first)) = (count, first) {
            problems.push(Problem::new(
                ProblemKind::ListOrder,
                format!(
                    "{n} paper(s) (paper {first} among them) are not placed in lists by their newest entry"
                ),
                Some(Fix::Rebuild),
            ));
        }
        Ok(())
    }

    fn check_settings(&self, problems: &mut Vec<Problem>) -> Result<()> {
        if let Some(value) = self.setting(pdf::BASE_SETTING)? {
            if let Err(e) = Base::parse_setting(&value) {
                problems.push(Problem::new(
                    ProblemKind::Setting,
                    format!(
                        "settings: {e} (`papershelf config {} --reset` goes back to arXiv)",
                        pdf::BASE_SETTING
                    ),
                    None,
                ));
            }
        }
        Ok(())
    }

    /// The papers with a resumable download and their arXiv ids, for the
    /// file check.
    pub(crate) fn partials_for_check(&self) -> Result<Vec<(PaperId, Option<String>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT pp.paper_id, p.arxiv_id FROM pdf_partials pp LEFT JOIN papers p ON p.id = pp.paper_id
              ORDER BY pp.paper_id",
        )?;
        let partials = stmt
            .query_map([], |r| Ok((PaperId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(partials)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// A library with the sample digest, a note with history, tags, read
    /// states and a star, and one downloaded PDF (paper 1) read to page 7.
    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/digests/2025-10-03.md");
        let report = crate::import::import_file(&mut lib, &sample, None);
        assert!(report.error.is_none(), "{:?}", report.error);
        lib.set_note(PaperId(1), "first").unwrap();
        lib.set_note(PaperId(1), "second").unwrap();
        lib.set_note(PaperId(2), "another").unwrap();
        lib.add_tags(PaperId(1), &["to-read".into(), "ml".into()])
            .unwrap();
        lib.set_read(&[PaperId(1), PaperId(3)], true).unwrap();
        lib.set_starred(PaperId(2), true).unwrap();
        std::fs::create_dir_all(dir.path().join("pdfs")).unwrap();
        let path = pdf_path(&lib, PaperId(1));
        std::fs::write(dir.path().join(&path), b"%PDF-1.7 body").unwrap();
        lib.record_pdf(PaperId(1), &path, None, 13, "ab").unwrap();
        lib.set_pdf_page(PaperId(1), 7).unwrap();
        (dir, lib)
    }

    fn pdf_path(lib: &Library, paper: PaperId) -> String {
        let arxiv = lib.paper(paper).unwrap().row.arxiv.unwrap();
        crate::pdf::cache::relative_path(&arxiv.id)
            .to_string_lossy()
            .into_owned()
    }

    /// Everything the reader made, as text.
    fn reading_state(lib: &Library) -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT id || ' ' || coalesce(read_at, '-') || ' ' || starred FROM papers ORDER BY id",
            "SELECT paper_id || ' ' || text FROM notes ORDER BY paper_id",
            "SELECT paper_id || ' ' || text FROM note_history ORDER BY id",
            "SELECT t.name || ' ' || pt.paper_id FROM tags t JOIN paper_tags pt ON pt.tag_id = t.id
              ORDER BY t.name, pt.paper_id",
            "SELECT 'page ' || paper_id || ' ' || page FROM pdf_pages ORDER BY paper_id",
        ] {
            let mut stmt = lib.conn.prepare(sql).unwrap();
            let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
            out.extend(rows.map(Result::unwrap));
        }
        out
    }

    /// Records a resumable download of the paper.
    /// Sets a file's modification time `hours` back.
    fn age(path: &std::path::Path, hours: u64) {
        let then = std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(then)
            .unwrap();
    }

    fn resumable(lib: &mut Library, paper: PaperId) {
        let partial = crate::store::PartialDownload {
            url: "https://arxiv.org/pdf/x".into(),
            etag: Some("\"v\"".into()),
            last_modified: None,
        };
        lib.set_partial_download(paper, Some(&partial)).unwrap();
    }

    fn kinds(problems: &[Problem]) -> Vec<ProblemKind> {
        problems.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn a_healthy_library_has_no_problems() {
        let (_dir, lib) = library();
        assert_eq!(lib.check().unwrap(), vec![]);
        // Read-only too.
        let ro = Library::open_read_only(lib.dir()).unwrap();
        assert_eq!(ro.check().unwrap(), vec![]);
    }

    #[test]
    fn damaged_files_and_index_are_found_and_repaired_keeping_the_reading_state() {
        let (dir, mut lib) = library();
        let before = reading_state(&lib);
        assert!(before.iter().any(|l| l == "1 first"), "{before:?}");
        assert!(before.iter().any(|l| l == "ml 1"), "{before:?}");
        assert!(before.iter().any(|l| l == "page 1 7"), "{before:?}");

        // The PDF's file is deleted; a stray file and an unresumable .part appear;
        // a resumable download of paper 2 lost its .part file.
        std::fs::remove_file(dir.path().join(pdf_path(&lib, PaperId(1)))).unwrap();
        let stray = dir.path().join("pdfs/stray.pdf");
        std::fs::write(&stray, b"%PDF-").unwrap();
        age(&stray, 25);
        let unresumable = dir.path().join("pdfs/2509.99999.pdf.part");
        std::fs::write(&unresumable, b"%PDF-").unwrap();
        age(&unresumable, 25);
        resumable(&mut lib, PaperId(2));
        // The index loses paper 3 and paper 4's place in lists is wrong,
        // written behind the library's back.
        let raw = rusqlite::Connection::open(dir.path().join(crate::store::DATABASE_FILE)).unwrap();
        raw.execute("DELETE FROM search_index WHERE rowid = 3", [])
            .unwrap();
        raw.execute("UPDATE papers SET latest_position = 99 WHERE id = 4", [])
            .unwrap();

        let problems = lib.check().unwrap();
        let found = kinds(&problems);
        for kind in [
            ProblemKind::MissingPdf,
            ProblemKind::UnrecordedFile,
            ProblemKind::StalePart,
            ProblemKind::PartialWithoutFile,
            ProblemKind::SearchIndex,
            ProblemKind::ListOrder,
        ] {
            assert!(found.contains(&kind), "{kind:?} not in {problems:#?}");
        }
        assert!(problems.iter().all(|p| p.repairable), "{problems:#?}");
        let says = |kind: ProblemKind, text: &str| {
            let p = problems.iter().find(|p| p.kind == kind).unwrap();
            assert!(p.what.contains(text), "{kind:?}: {}", p.what);
        };
        says(ProblemKind::MissingPdf, "paper 1: its PDF");
        says(ProblemKind::MissingPdf, "is missing");
        says(ProblemKind::UnrecordedFile, "stray.pdf");
        says(ProblemKind::StalePart, "2509.99999.pdf.part is left over");
        says(
            ProblemKind::SearchIndex,
            "1 not indexed, paper 3 among them",
        );
        says(ProblemKind::ListOrder, "paper 4");
        // A read-only library finds the same.
        let ro = Library::open_read_only(dir.path()).unwrap();
        assert_eq!(kinds(&ro.check().unwrap()), found);

        let done = lib.repair(&problems).unwrap();
        assert_eq!(
            done.len(),
            problems.len() - 1,
            "one rebuild for two problems: {done:#?}"
        );
        assert!(done
            .iter()
            .any(|d| d.what.contains("rebuilt the search index")));
        assert_eq!(lib.check().unwrap(), vec![]);
        assert!(!dir.path().join("pdfs/stray.pdf").exists());
        assert!(!dir.path().join("pdfs/2509.99999.pdf.part").exists());
        assert_eq!(lib.pdf(PaperId(1)).unwrap(), None);
        assert_eq!(lib.partial_download(PaperId(2)).unwrap(), None);
        assert_eq!(reading_state(&lib), before);
        // The index finds paper 3 again.
        let title = lib.paper(PaperId(3)).unwrap().row.title;
        let word = title.split_whitespace().max_by_key(|w| w.len()).unwrap();
        let ids = lib
            .papers(&crate::PaperQuery::search(
                word.to_owned(),
                crate::Filter::default(),
            ))
            .unwrap()
            .ids();
        assert!(ids.contains(&PaperId(3)), "{word}: {ids:?}");
    }

    #[test]
    fn a_damaged_index_is_found_read_only_too_and_rebuilt() {
        let (dir, mut lib) = library();
        let before = reading_state(&lib);
        let raw = rusqlite::Connection::open(dir.path().join(crate::store::DATABASE_FILE)).unwrap();
        raw.execute(
            "DELETE FROM search_index_data WHERE id = (SELECT max(id) FROM search_index_data)",
            [],
        )
        .unwrap();
        for problems in [
            lib.check().unwrap(),
            Library::open_read_only(dir.path())
                .unwrap()
                .check()
                .unwrap(),
        ] {
            assert_eq!(
                kinds(&problems),
                [ProblemKind::SearchIndex],
                "{problems:#?}"
            );
            assert!(
                problems[0]
                    .what
                    .starts_with("the search index is damaged: fts5:"),
                "{}",
                problems[0].what
            );
            assert!(problems[0].repairable);
        }
        let problems = lib.check().unwrap();
        lib.repair(&problems).unwrap();
        assert_eq!(lib.check().unwrap(), vec![]);
        assert_eq!(reading_state(&lib), before);
    }

    #[test]
    fn a_repair_leaves_what_changed_since_the_check() {
        let (dir, mut lib) = library();
        let file = dir.path().join(pdf_path(&lib, PaperId(1)));
        std::fs::remove_file(&file).unwrap();
        let other = pdf_path(&lib, PaperId(2));
        std::fs::write(dir.path().join(&other), b"%PDF-2").unwrap();
        age(&dir.path().join(&other), 25);
        let problems = lib.check().unwrap();
        assert_eq!(
            kinds(&problems),
            [ProblemKind::MissingPdf, ProblemKind::UnrecordedFile]
        );
        // Meanwhile the first file is back and the second was recorded.
        std::fs::write(&file, b"%PDF-1.7 body").unwrap();
        lib.record_pdf(PaperId(2), &other, None, 6, "cd").unwrap();
        assert_eq!(lib.repair(&problems).unwrap(), vec![]);
        assert!(lib.pdf(PaperId(1)).unwrap().is_some());
        assert!(dir.path().join(&other).exists());
        assert_eq!(lib.check().unwrap(), vec![]);
    }

    #[test]
    fn a_pdf_of_the_wrong_size_is_found_and_dropped() {
        let (dir, mut lib) = library();
        let file = dir.path().join(pdf_path(&lib, PaperId(1)));
        std::fs::write(&file, b"%PDF-1.7").unwrap();
        let problems = lib.check().unwrap();
        assert_eq!(kinds(&problems), [ProblemKind::PdfSize]);
        assert!(
            problems[0].what.contains("has 8 bytes, 13 were recorded"),
            "{}",
            problems[0].what
        );
        lib.repair(&problems).unwrap();
        assert!(!file.exists());
        assert_eq!(lib.check().unwrap(), vec![]);
    }

    /// A download killed after making its `.part` file but before the server
    /// answered leaves the file unrecorded (torture: kill -9 during a fetch).
    /// It is an interrupted download like any other, not a damaged library.
    #[test]
    fn an_unrecorded_part_file_is_kept_until_it_is_a_day_old() {
        let (dir, lib) = library();
        let part = dir
            .path()
            .join(format!("{}.part", pdf_path(&lib, PaperId(2))));
        std::fs::write(&part, b"").unwrap();
        // One killed between its rename and its row.
        let renamed = dir.path().join("pdfs/2509.99998.pdf");
        std::fs::write(&renamed, b"%PDF-").unwrap();
        assert_eq!(lib.check().unwrap(), vec![]);
        age(&renamed, 25);
        assert_eq!(kinds(&lib.check().unwrap()), [ProblemKind::UnrecordedFile]);
        std::fs::remove_file(&renamed).unwrap();
        age(&part, 25);
        let problems = lib.check().unwrap();
        assert_eq!(kinds(&problems), [ProblemKind::StalePart]);
        assert!(
            problems[0].what.contains("cannot resume"),
            "{}",
            problems[0].what
        );
    }

    /// Torture (kill -9 during a fetch): killed between the `.part` file's
    /// rename into place and the PDF's row, the interrupted download is
    /// still recorded and its `.part` gone, but the file is there.
    #[test]
    fn a_partial_renamed_into_place_but_not_recorded_is_not_a_problem() {
        let (dir, mut lib) = library();
        resumable(&mut lib, PaperId(2));
        let renamed = dir.path().join(pdf_path(&lib, PaperId(2)));
        std::fs::write(&renamed, b"%PDF-").unwrap();
        assert_eq!(lib.check().unwrap(), vec![]);
        std::fs::remove_file(&renamed).unwrap();
        assert_eq!(
            kinds(&lib.check().unwrap()),
            [ProblemKind::PartialWithoutFile]
        );
    }

    #[test]
    fn a_resumable_part_file_is_kept_until_it_is_a_day_old() {
        let (dir, mut lib) = library();
        let part = dir
            .path()
            .join(format!("{}.part", pdf_path(&lib, PaperId(2))));
        std::fs::write(&part, b"%PDF-").unwrap();
        resumable(&mut lib, PaperId(2));
        assert_eq!(lib.check().unwrap(), vec![]);
        age(&part, 25);
        let problems = lib.check().unwrap();
        assert_eq!(kinds(&problems), [ProblemKind::StalePart]);
        assert!(
            problems[0].what.contains("more than a day ago"),
            "{}",
            problems[0].what
        );
        // A download holding the file's lock keeps it.
        let held = std::fs::File::open(&part).unwrap();
        held.lock().unwrap();
        assert_eq!(lib.check().unwrap(), vec![]);
        let done = lib.repair(&problems).unwrap();
        assert!(
            done[0].what.contains("a download is writing it"),
            "{done:?}"
        );
        assert!(part.exists());
        drop(held);
        lib.repair(&problems).unwrap();
        assert!(!part.exists());
    }

    #[test]
    fn a_wrong_schema_version_and_a_bad_setting_are_found_not_repaired() {
        let (dir, mut lib) = library();
        let raw = rusqlite::Connection::open(dir.path().join(crate::store::DATABASE_FILE)).unwrap();
        raw.pragma_update(None, "user_version", SCHEMA_VERSION - 1)
            .unwrap();
        raw.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('pdf-base', 'ftp://mirror.example', 't')",
            [],
        )
        .unwrap();
        let problems = lib.check().unwrap();
        assert_eq!(
            kinds(&problems),
            [ProblemKind::Schema, ProblemKind::Setting]
        );
        assert!(
            problems[0].what.contains(&format!(
                "schema version {}, this Papershelf's is {SCHEMA_VERSION}",
                SCHEMA_VERSION - 1
            )),
            "{}",
            problems[0].what
        );
        assert!(
            problems[1].what.contains("ftp://mirror.example"),
            "{}",
            problems[1].what
        );
        assert!(problems.iter().all(|p| !p.repairable));
        assert_eq!(lib.repair(&problems).unwrap(), vec![]);
        assert_eq!(kinds(&lib.check().unwrap()), kinds(&problems));
    }

    #[test]
    fn a_dangling_reference_is_found() {
        let (dir, lib) = library();
        let raw = rusqlite::Connection::open(dir.path().join(crate::store::DATABASE_FILE)).unwrap();
        raw.pragma_update(None, "foreign_keys", false).unwrap();
        raw.execute("INSERT INTO note_history (paper_id, text, updated_at, replaced_at) VALUES (999, 'x', 't', 't')", [])
            .unwrap();
        let problems = lib.check().unwrap();
        assert_eq!(kinds(&problems), [ProblemKind::ForeignKey]);
        assert!(
            problems[0].what.contains("note_history: row"),
            "{}",
            problems[0].what
        );
        assert!(problems[0].what.contains("papers"), "{}", problems[0].what);
        assert!(!problems[0].repairable);
    }
}
