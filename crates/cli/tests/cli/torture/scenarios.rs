//! The kill -9 scenarios: a large import, note saves, marking, tagging, a
//! PDF download, a backup, a restore.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use papershelf_core::synth;
use papershelf_testserver::{pdf_body, Delivery, Reply, Server};
use sha2::{Digest as _, Sha256};

use super::{copy_library, torture, Ended, Lib, Scenario};
use crate::fixture;

const DIGEST: &str = "2025-10-03.md";

/// A library of the fixture digest (36 papers) holding something of all the
/// reader makes: a note, a tag, a star, a paper read.
fn reader_library(lib: &Lib) {
    lib.run(&["import", fixture(DIGEST).to_str().unwrap()]);
    lib.run(&["note", "1", "--set", "kept"]);
    lib.run(&["tag", "3", "kept"]);
    lib.run(&["star", "4"]);
    lib.run(&["mark", "read", "5"]);
}

/// `count` synthetic daily digests of 36 papers in `dir`.
fn synthetic_digests(dir: &Path, count: usize) {
    let start = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    for (name, text) in synth::digests(17, start, count, 36) {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// A folder in a temporary folder, and the library in it.
fn work_lib(work: &tempfile::TempDir) -> Lib {
    Lib::new(work.path().join("library"))
}

/// What the reader made (read and starred papers, notes and their history,
/// tags), without the papers still as imported.
fn reading_state(library: &Path) -> Vec<String> {
    let mut made = crate::reading_state(library);
    made.retain(|row| {
        !(row.starts_with("(SELECT id, read_at") && row.ends_with("| Null | Integer(0)"))
    });
    made
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn rows<T: rusqlite::types::FromSql>(lib: &Lib, sql: &str) -> Vec<T> {
    let raw = lib.raw();
    let mut stmt = raw.prepare(sql).unwrap();
    let found = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<Vec<T>>>()
        .unwrap();
    found
}

// ---------------------------------------------------------------- import

/// A digest as the library holds it: date, name, hash, entries, keywords.
type DigestRow = (String, String, String, i64, i64);

fn digest_rows(lib: &Lib) -> BTreeSet<DigestRow> {
    let raw = lib.raw();
    let mut stmt = raw
        .prepare(
            "SELECT d.date, d.name, d.content_hash,
                    (SELECT COUNT(*) FROM entries e WHERE e.digest_id = d.id),
                    (SELECT COUNT(*) FROM keywords k JOIN entries e ON e.id = k.entry_id
                      WHERE e.digest_id = d.id)
             FROM digests d",
        )
        .unwrap();
    let found = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<BTreeSet<DigestRow>>>()
        .unwrap();
    found
}

struct Import {
    _work: tempfile::TempDir,
    template: PathBuf,
    folder: PathBuf,
    lib: Lib,
    reader: Vec<String>,
    /// The fixture's digest, there before every import.
    before: BTreeSet<DigestRow>,
    /// Every digest once the import completed (the first, unkilled run).
    whole: Option<BTreeSet<DigestRow>>,
}

impl Import {
    fn new(digests: usize) -> Import {
        let work = tempfile::tempdir().unwrap();
        let template = work.path().join("template");
        let t = Lib::new(template.clone());
        reader_library(&t);
        let folder = work.path().join("digests");
        std::fs::create_dir(&folder).unwrap();
        synthetic_digests(&folder, digests);
        Import {
            lib: work_lib(&work),
            reader: reading_state(&template),
            before: digest_rows(&t),
            template,
            folder,
            whole: None,
            _work: work,
        }
    }
}

impl Scenario for Import {
    fn lib(&self) -> &Lib {
        &self.lib
    }

    fn next(&mut self, _: usize) -> Vec<String> {
        copy_library(&self.template, &self.lib.dir);
        vec!["import".into(), self.folder.display().to_string()]
    }

    fn after(&mut self, _: usize, ended: &Ended) {
        assert_eq!(reading_state(&self.lib.dir), self.reader);
        let now = digest_rows(&self.lib);
        assert!(now.is_superset(&self.before));
        let Some(whole) = &self.whole else {
            return;
        };
        // No digest half imported: each is there whole, or not at all.
        let half: Vec<_> = now.difference(whole).collect();
        assert!(half.is_empty(), "half imported: {half:?}");
        if ended.acknowledged() {
            assert_eq!(&now, whole);
        }
    }

    fn completed(&mut self, _: usize, _: &Output) {
        let now = digest_rows(&self.lib);
        match &self.whole {
            Some(whole) => assert_eq!(&now, whole),
            None => {
                let new: Vec<_> = now.difference(&self.before).collect();
                assert_eq!(new.len(), std::fs::read_dir(&self.folder).unwrap().count());
                assert!(new.iter().all(|d| d.3 == 36 && d.4 > 36), "{new:?}");
                self.whole = Some(now);
            }
        }
    }
}

#[test]
#[ignore = "kill -9 torture: scripts/test runs it on its own"]
fn torture_a_large_import() {
    torture("import", &mut Import::new(30));
}

// ---------------------------------------------------------------- notes

/// Appends to paper 1's note and sets paper 2's, on one library throughout.
struct Notes {
    _work: tempfile::TempDir,
    lib: Lib,
    /// Lines appended to note 1 by commands that exited 0.
    appended: Vec<String>,
    /// Texts note 2 was set to by commands that exited 0, in order.
    set: Vec<String>,
}

fn note_text(lib: &Lib, paper: i64) -> Option<String> {
    rows(
        lib,
        &format!("SELECT text FROM notes WHERE paper_id = {paper}"),
    )
    .pop()
}

impl Notes {
    fn new() -> Notes {
        let work = tempfile::tempdir().unwrap();
        let lib = work_lib(&work);
        reader_library(&lib);
        Notes {
            _work: work,
            lib,
            appended: vec!["kept".into()],
            set: Vec::new(),
        }
    }

    fn lines(&self) -> Vec<String> {
        note_text(&self.lib, 1)
            .unwrap_or_default()
            .split("\n\n")
            .map(str::to_owned)
            .collect()
    }
}

fn appended_line(k: usize) -> String {
    format!("line {k}: 读到这里")
}

fn set_text(k: usize) -> String {
    format!("note {k}\n\n{}", "长".repeat(k * 50))
}

impl Scenario for Notes {
    fn lib(&self) -> &Lib {
        &self.lib
    }

    fn next(&mut self, k: usize) -> Vec<String> {
        self.lib.snapshot_due_every_third(k);
        if k.is_multiple_of(2) {
            vec![
                "note".into(),
                "1".into(),
                "--append".into(),
                appended_line(k),
            ]
        } else {
            vec!["note".into(), "2".into(), "--set".into(), set_text(k)]
        }
    }

    fn after(&mut self, k: usize, ended: &Ended) {
        let lines = self.lines();
        for line in &self.appended {
            assert!(lines.contains(line), "{line} was lost: {lines:?}");
        }
        let mine = if k.is_multiple_of(2) {
            lines.iter().filter(|l| **l == appended_line(k)).count()
        } else {
            0
        };
        assert!(mine <= 1, "{lines:?}");
        // Every text note 2 had is its text or in its history.
        let now = note_text(&self.lib, 2);
        let history: Vec<String> = rows(
            &self.lib,
            "SELECT text FROM note_history WHERE paper_id = 2",
        );
        for text in &self.set {
            assert!(
                now.as_ref() == Some(text) || history.contains(text),
                "a note text was lost"
            );
        }
        if !k.is_multiple_of(2) {
            let this = set_text(k);
            assert!(now.as_ref() == self.set.last() || now == Some(this.clone()));
            if ended.acknowledged() {
                assert_eq!(now, Some(this));
            }
        } else if ended.acknowledged() {
            assert_eq!(mine, 1);
        }
    }

    fn completed(&mut self, k: usize, _: &Output) {
        if k.is_multiple_of(2) {
            let line = appended_line(k);
            assert!(self.lines().contains(&line));
            self.appended.push(line);
        } else {
            assert_eq!(note_text(&self.lib, 2), Some(set_text(k)));
            self.set.push(set_text(k));
        }
    }
}

#[test]
#[ignore = "kill -9 torture: scripts/test runs it on its own"]
fn torture_note_saves() {
    torture("notes", &mut Notes::new());
}

// ---------------------------------------------------------------- marks

/// Marks all 36 papers read, then the digest unread; stars and unstars a paper.
struct Marks {
    _work: tempfile::TempDir,
    lib: Lib,
    /// Read (all 36) and paper 2's star, as the last completed command left them.
    state: (Option<bool>, bool),
}

impl Marks {
    fn new() -> Marks {
        let work = tempfile::tempdir().unwrap();
        let lib = work_lib(&work);
        reader_library(&lib);
        Marks {
            _work: work,
            lib,
            state: (None, false),
        }
    }

    /// Whether all papers are read (Some(true)), none (Some(false)), or some.
    fn read(&self) -> Option<bool> {
        let read: Vec<bool> = rows(&self.lib, "SELECT read_at IS NOT NULL FROM papers");
        assert_eq!(read.len(), 36);
        let all = read.iter().all(|r| *r);
        (all || read.iter().all(|r| !*r)).then_some(all)
    }

    fn starred(&self) -> bool {
        rows::<bool>(&self.lib, "SELECT starred FROM papers WHERE id = 2")[0]
    }

    /// What command `k` leaves.
    fn target(&self, k: usize) -> (Option<bool>, bool) {
        match k % 4 {
            0 => (Some(true), self.state.1),
            1 => (self.state.0, true),
            2 => (Some(false), self.state.1),
            _ => (self.state.0, false),
        }
    }
}

impl Scenario for Marks {
    fn lib(&self) -> &Lib {
        &self.lib
    }

    fn next(&mut self, k: usize) -> Vec<String> {
        self.lib.snapshot_due_every_third(k);
        let mut args: Vec<String> = match k % 4 {
            0 => vec!["mark".into(), "read".into()],
            1 => vec!["star".into(), "2".into()],
            2 => vec![
                "mark".into(),
                "unread".into(),
                "--digest".into(),
                "2025-10-03".into(),
            ],
            _ => vec!["unstar".into(), "2".into()],
        };
        if k.is_multiple_of(4) {
            args.extend((1..=36).map(|i| i.to_string()));
        }
        args
    }

    fn after(&mut self, k: usize, ended: &Ended) {
        let now = (self.read(), self.starred());
        let target = self.target(k);
        if k == 0 {
            // Paper 5 was read before: "some" until the first command.
            assert_eq!(now, target);
            return;
        }
        assert!(
            now == self.state || now == target,
            "command {k}: {now:?}, neither {:?} nor {target:?}",
            self.state
        );
        if ended.acknowledged() {
            assert_eq!(now, target);
        }
    }

    fn completed(&mut self, k: usize, _: &Output) {
        let target = self.target(k);
        assert_eq!((self.read(), self.starred()), target);
        self.state = target;
    }
}

#[test]
#[ignore = "kill -9 torture: scripts/test runs it on its own"]
fn torture_marking() {
    torture("marks", &mut Marks::new());
}

// ---------------------------------------------------------------- tags

/// Tags a paper with three tags, then takes two of them off again.
struct Tags {
    _work: tempfile::TempDir,
    lib: Lib,
    /// Every paper's tags as the last completed command left them.
    model: BTreeMap<i64, BTreeSet<String>>,
}

fn tag_names(k: usize) -> [String; 3] {
    [format!("精读{k}"), format!("rl-{k}"), format!("Tag {k}")]
}

fn tagged_paper(k: usize) -> i64 {
    (k / 2 % 5 + 6) as i64
}

impl Tags {
    fn new() -> Tags {
        let work = tempfile::tempdir().unwrap();
        let lib = work_lib(&work);
        reader_library(&lib);
        let mut tags = Tags {
            _work: work,
            lib,
            model: BTreeMap::new(),
        };
        tags.model = tags.now();
        tags
    }

    fn now(&self) -> BTreeMap<i64, BTreeSet<String>> {
        let raw = self.lib.raw();
        let mut stmt = raw
            .prepare(
                "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id",
            )
            .unwrap();
        let mut model: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap() {
            let (paper, tag) = row.unwrap();
            model.entry(paper).or_default().insert(tag);
        }
        model
    }

    fn target(&self, k: usize) -> BTreeMap<i64, BTreeSet<String>> {
        let mut model = self.model.clone();
        let paper = model.entry(tagged_paper(k)).or_default();
        if k.is_multiple_of(2) {
            paper.extend(tag_names(k));
        } else {
            for tag in &tag_names(k - 1)[..2] {
                paper.remove(tag);
            }
        }
        model.retain(|_, tags| !tags.is_empty());
        model
    }
}

impl Scenario for Tags {
    fn lib(&self) -> &Lib {
        &self.lib
    }

    fn next(&mut self, k: usize) -> Vec<String> {
        self.lib.snapshot_due_every_third(k);
        let verb = if k.is_multiple_of(2) { "tag" } else { "untag" };
        let mut args = vec![verb.to_owned(), tagged_paper(k).to_string()];
        if k.is_multiple_of(2) {
            args.extend(tag_names(k));
        } else {
            args.extend(tag_names(k - 1).into_iter().take(2));
        }
        args
    }

    fn after(&mut self, k: usize, ended: &Ended) {
        let now = self.now();
        let target = self.target(k);
        assert!(
            now == self.model || now == target,
            "command {k} left {now:?}"
        );
        if ended.acknowledged() {
            assert_eq!(now, target);
        }
    }

    fn completed(&mut self, k: usize, _: &Output) {
        self.model = self.target(k);
        assert_eq!(self.now(), self.model);
    }
}

#[test]
#[ignore = "kill -9 torture: scripts/test runs it on its own"]
fn torture_tagging() {
    torture("tags", &mut Tags::new());
}

// ---------------------------------------------------------------- PDF

/// Fetches one PDF from a local server that sends it slowly enough to be
/// killed midway; each kill on a fresh copy of a library without it.
struct Pdf {
    _server: Server,
    _work: tempfile::TempDir,
    template: PathBuf,
    lib: Lib,
    body_sha: String,
    reader: Vec<String>,
}

const PDF_ID: &str = "2509.25454";

impl Pdf {
    fn new() -> Pdf {
        let body = pdf_body(1 << 20);
        let body_sha = sha256(&body);
        let served: Arc<[u8]> = body.clone();
        let server = Server::start(move |hit| {
            Reply::ranged(hit, served.clone(), "\"v1\"").delivery(Delivery::Trickle {
                chunk: 32 * 1024,
                pause: Duration::from_millis(10),
            })
        });
        let work = tempfile::tempdir().unwrap();
        let template = work.path().join("template");
        let mut lib = Lib::new(template.clone());
        reader_library(&lib);
        let reader = reading_state(&template);
        lib.dir = work.path().join("library");
        lib.env = vec![
            ("PAPERSHELF_ARXIV_BASE".into(), server.base()),
            ("PAPERSHELF_ARXIV_DELAY_MS".into(), "0".into()),
        ];
        Pdf {
            _server: server,
            _work: work,
            template,
            lib,
            body_sha,
            reader,
        }
    }

    fn pdf(&self) -> PathBuf {
        self.lib.dir.join(format!("pdfs/{PDF_ID}.pdf"))
    }

    /// Whether the library counts the PDF as downloaded; if so, it is whole.
    fn downloaded(&self) -> bool {
        let shown = self.lib.json(&["show", PDF_ID]);
        let has = shown["has_pdf"].as_bool().unwrap();
        if has {
            assert_eq!(sha256(&std::fs::read(self.pdf()).unwrap()), self.body_sha);
        }
        has
    }
}

impl Scenario for Pdf {
    fn lib(&self) -> &Lib {
        &self.lib
    }

    fn next(&mut self, _: usize) -> Vec<String> {
        copy_library(&self.template, &self.lib.dir);
        vec!["fetch".into(), PDF_ID.into()]
    }

    fn after(&mut self, _: usize, ended: &Ended) {
        assert_eq!(reading_state(&self.lib.dir), self.reader);
        let downloaded = self.downloaded();
        if ended.acknowledged() {
            assert!(downloaded);
        }
    }

    fn completed(&mut self, _: usize, _: &Output) {
        assert!(self.downloaded());
        assert!(!self
            .lib
            .dir
            .join(format!("pdfs/{PDF_ID}.pdf.part"))
            .exists());
    }
}

#[test]
#[ignore = "kill -9 torture: scripts/test runs it on its own"]
fn torture_a_pdf_download() {
    torture("pdf", &mut Pdf::new());
}

// ---------------------------------------------------------------- backup

/// A library of 8 digests (a few MB) and the fixture's, the reader's state.
fn bigger_library(lib: &Lib, work: &Path) {
    reader_library(lib);
    let folder = work.join("digests");
    std::fs::create_dir(&folder).unwrap();
    synthetic_digests(&folder, 8);
    lib.run(&["import", folder.to_str().unwrap()]);
    // The daily snapshot of the first import holds the fixture alone.
    lib.snapshot_due();
}

/// Every backup `backups` lists, with the note of paper 1 in it; each
/// verified here too (integrity_check "ok", the library's papers).
fn listed_backups(lib: &Lib, papers: i64) -> Vec<(PathBuf, Option<String>)> {
    let listed = lib.json(&["backups"]);
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let path = PathBuf::from(b["path"].as_str().unwrap());
            let raw = rusqlite::Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .unwrap();
            let ok: String = raw
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok", "{}", path.display());
            let n: i64 = raw
                .query_row("SELECT COUNT(*) FROM papers", [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, papers, "{}", path.display());
            let note = raw
                .query_row("SELECT text FROM notes WHERE paper_id = 1", [], |r| {
                    r.get(0)
                })
                .ok();
            (path, note)
        })
        .collect()
}

/// A backup's time, to the second (its name holds no more).
fn seconds(taken_at: &serde_json::Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(taken_at.as_str().unwrap())
        .unwrap()
        .timestamp()
}

fn paper_count(lib: &Lib) -> i64 {
    rows(lib, "SELECT COUNT(*) FROM papers")[0]
}

struct Backup {
    _work: tempfile::TempDir,
    lib: Lib,
    reader: Vec<String>,
    papers: i64,
    /// When the newest backup a command reported was taken, in seconds.
    newest: Option<i64>,
}

impl Backup {
    fn new() -> Backup {
        let work = tempfile::tempdir().unwrap();
        let lib = work_lib(&work);
        bigger_library(&lib, work.path());
        Backup {
            reader: reading_state(&lib.dir),
            papers: paper_count(&lib),
            lib,
            newest: None,
            _work: work,
        }
    }
}

impl Scenario for Backup {
    fn lib(&self) -> &Lib {
        &self.lib
    }

    fn next(&mut self, _: usize) -> Vec<String> {
        vec!["--json".into(), "backup".into()]
    }

    fn after(&mut self, _: usize, _: &Ended) {
        assert_eq!(reading_state(&self.lib.dir), self.reader);
        let listed = listed_backups(&self.lib, self.papers);
        assert!(listed
            .iter()
            .all(|(_, note)| note.as_deref() == Some("kept")));
        // The newest acknowledged backup is listed, or a newer one that
        // pruned it (one a day is kept).
        if let Some(newest) = &self.newest {
            let first = &self.lib.json(&["backups"])[0]["taken_at"];
            assert!(seconds(first) >= *newest, "{first}");
        }
    }

    fn completed(&mut self, _: usize, out: &Output) {
        let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let path = PathBuf::from(info["path"].as_str().unwrap());
        let listed = listed_backups(&self.lib, self.papers);
        assert_eq!(listed.first().map(|b| &b.0), Some(&path), "{listed:?}");
        self.newest = Some(seconds(&info["taken_at"]));
    }
}

#[test]
#[ignore = "kill -9 torture: scripts/test runs it on its own"]
fn torture_a_backup() {
    torture("backup", &mut Backup::new());
}

// ---------------------------------------------------------------- restore

/// Restores a backup whose note 1 says "backed up" over a library whose
/// note says "current"; each kill on a fresh copy of that library.
struct Restore {
    _work: tempfile::TempDir,
    template: PathBuf,
    backup: PathBuf,
    lib: Lib,
    papers: i64,
}

impl Restore {
    fn new() -> Restore {
        let work = tempfile::tempdir().unwrap();
        let template = work.path().join("template");
        let t = Lib::new(template.clone());
        bigger_library(&t, work.path());
        t.run(&["note", "1", "--set", "backed up"]);
        let backup = work.path().join("backup.sqlite3");
        t.run(&["backup", "--to", backup.to_str().unwrap()]);
        t.run(&["note", "1", "--set", "current"]);
        Restore {
            lib: work_lib(&work),
            papers: paper_count(&t),
            template,
            backup,
            _work: work,
        }
    }

    /// The libraries kept before a restore, by their note.
    fn kept_before(&self) -> Vec<Option<String>> {
        listed_backups(&self.lib, self.papers)
            .into_iter()
            .filter(|(p, _)| p.to_string_lossy().contains("before-restore"))
            .map(|(_, note)| note)
            .collect()
    }
}

impl Scenario for Restore {
    fn lib(&self) -> &Lib {
        &self.lib
    }

    fn next(&mut self, _: usize) -> Vec<String> {
        copy_library(&self.template, &self.lib.dir);
        vec!["restore".into(), self.backup.display().to_string()]
    }

    fn after(&mut self, _: usize, ended: &Ended) {
        let note = note_text(&self.lib, 1);
        match note.as_deref() {
            Some("current") => assert!(!ended.acknowledged()),
            // Restored: the library before is kept.
            Some("backed up") => assert!(
                self.kept_before().contains(&Some("current".into())),
                "restored without keeping the library before"
            ),
            other => panic!("note 1 is {other:?}"),
        }
        assert_eq!(paper_count(&self.lib), self.papers);
    }

    fn completed(&mut self, _: usize, _: &Output) {
        assert_eq!(note_text(&self.lib, 1).as_deref(), Some("backed up"));
        assert!(self.kept_before().contains(&Some("current".into())));
    }
}

#[test]
#[ignore = "kill -9 torture: scripts/test runs it on its own"]
fn torture_a_restore() {
    torture("restore", &mut Restore::new());
}
