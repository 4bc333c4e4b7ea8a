//! The library's writes where their logic lives: importing (twice, a
//! changed file, a batch that fails), read state and notes with history.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use papershelf_core::{import, Library, PaperId, PaperQuery, Scope};

fn digest(dir: &Path, name: &str, papers: &[(&str, &str)]) -> PathBuf {
    let mut text = String::from("# Papers\n\n");
    for (i, (id, title)) in papers.iter().enumerate() {
        text.push_str(&format!(
            "## {i}.[{title}](https://arxiv.org/pdf/{id})\nsummary:**关键词, kw{i}** about {title}\n\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, d).unwrap()
}

/// Everything a reader could see of the library, to compare before and after.
fn snapshot(lib: &Library) -> Vec<String> {
    let mut seen: Vec<String> = lib
        .digests()
        .unwrap()
        .iter()
        .map(|d| format!("{} {} {} {}", d.date, d.name, d.papers, d.unread))
        .collect();
    for row in lib.papers(&PaperQuery::scope(Scope::All)).unwrap().rows() {
        let detail = lib.paper(row.id).unwrap();
        seen.push(format!("{row:?} {:?} {:?}", detail.entries, detail.note));
    }
    seen
}

fn open() -> (tempfile::TempDir, tempfile::TempDir, Library) {
    let files = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    (files, dir, lib)
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let (files, _dir, mut lib) = open();
    let path = digest(
        files.path(),
        "2025-10-03.md",
        &[("2510.00001", "One"), ("2510.00002", "Two")],
    );
    let first = import::import_file(&mut lib, &path, None);
    assert_eq!((first.added, first.unchanged, first.error), (2, 0, None));
    let before = snapshot(&lib);
    let again = import::import_file(&mut lib, &path, None);
    assert_eq!((again.added, again.updated, again.error), (0, 0, None));
    assert_eq!(snapshot(&lib), before);
}

#[test]
fn a_changed_file_replaces_its_digests_entries_and_keeps_reading_state() {
    let (files, _dir, mut lib) = open();
    let path = digest(
        files.path(),
        "2025-10-03.md",
        &[("2510.00001", "One"), ("2510.00002", "Two")],
    );
    assert!(import::import_file(&mut lib, &path, None).error.is_none());
    let one = lib.resolve("2510.00001").unwrap();
    lib.set_read(&[one], true).unwrap();
    lib.set_note(one, "kept").unwrap();
    digest(
        files.path(),
        "2025-10-03.md",
        &[("2510.00003", "Three"), ("2510.00001", "One, revised")],
    );
    let changed = import::import_file(&mut lib, &path, None);
    assert!(changed.error.is_none(), "{changed:?}");
    assert_eq!(changed.added, 1);
    let listed: Vec<String> = lib
        .papers(&PaperQuery::scope(Scope::Digest(day(3))))
        .unwrap()
        .rows()
        .iter()
        .map(|p| p.arxiv.as_ref().unwrap().id.to_string())
        .collect();
    assert_eq!(listed, ["2510.00003", "2510.00001"]);
    let detail = lib.paper(one).unwrap();
    assert!(detail.row.read);
    assert_eq!(detail.note.unwrap().text, "kept");
    assert_eq!(detail.entries[0].title, "One, revised");
    assert_eq!(detail.row.title, "One", "a paper keeps its first title");
}

#[test]
fn a_batch_that_fails_to_write_leaves_the_library_as_it_was() {
    let (files, dir, mut lib) = open();
    let first = digest(files.path(), "2025-10-03.md", &[("2510.00001", "One")]);
    assert!(import::import_file(&mut lib, &first, None).error.is_none());
    let before = snapshot(&lib);
    // Another connection makes the library refuse one entry of the batch.
    let other = rusqlite::Connection::open(dir.path().join("library.sqlite3")).unwrap();
    other
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON entries WHEN NEW.title = 'Boom'
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
        )
        .unwrap();
    let batch = [
        digest(files.path(), "2025-10-04.md", &[("2510.00002", "Fine")]),
        digest(
            files.path(),
            "2025-10-05.md",
            &[("2510.00003", "Also fine"), ("2510.00004", "Boom")],
        ),
    ];
    let reports = import::import_paths(&mut lib, &batch, None);
    assert_eq!(reports.len(), 2);
    for r in &reports {
        let error = r.error.as_deref().unwrap_or_default();
        assert!(error.contains("refused for the test"), "{r:?}");
    }
    assert_eq!(snapshot(&lib), before, "nothing of the batch was written");
    other.execute_batch("DROP TRIGGER refuse").unwrap();
    let reports = import::import_paths(&mut lib, &batch, None);
    assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
    assert_eq!(lib.digests().unwrap().len(), 3);
}

#[test]
fn read_state_reports_what_changed_for_undo() {
    let (files, _dir, mut lib) = open();
    let path = digest(
        files.path(),
        "2025-10-03.md",
        &[
            ("2510.00001", "One"),
            ("2510.00002", "Two"),
            ("2510.00003", "Three"),
        ],
    );
    assert!(import::import_file(&mut lib, &path, None).error.is_none());
    let ids = lib.papers(&PaperQuery::scope(Scope::All)).unwrap().ids();
    assert_eq!(lib.set_read(&ids[..1], true).unwrap(), &ids[..1]);
    assert_eq!(
        lib.set_read(&ids[..1], true).unwrap(),
        Vec::<PaperId>::new()
    );
    let marked = lib.mark_digest_read(day(3)).unwrap();
    assert_eq!(marked, &ids[1..], "only the papers that were unread");
    assert!(lib
        .papers(&PaperQuery::scope(Scope::Unread))
        .unwrap()
        .papers
        .is_empty());
    // Undo.
    assert_eq!(lib.set_read(&marked, false).unwrap(), marked);
    assert_eq!(
        lib.papers(&PaperQuery::scope(Scope::Unread)).unwrap().ids(),
        &ids[1..]
    );
    let err = lib.mark_digest_read(day(9)).unwrap_err();
    assert!(
        err.to_string().contains("no digest dated 2025-10-09"),
        "{err}"
    );
    let read_at = lib.paper(ids[0]).unwrap().row.read_at;
    assert!(read_at.is_some());
}

#[test]
fn notes_keep_every_replaced_text_in_history() {
    let (files, _dir, mut lib) = open();
    let path = digest(files.path(), "2025-10-03.md", &[("2510.00001", "One")]);
    assert!(import::import_file(&mut lib, &path, None).error.is_none());
    let id = lib.resolve("2510.00001").unwrap();
    assert_eq!(lib.note(id).unwrap(), None);
    assert_eq!(lib.append_note(id, "first").unwrap().text, "first");
    assert_eq!(
        lib.append_note(id, "second").unwrap().text,
        "first\n\nsecond"
    );
    // The same text again is no change: nothing goes to history.
    lib.set_note(id, "first\n\nsecond").unwrap();
    lib.set_note(id, "rewritten").unwrap();
    lib.set_note(id, "").unwrap();
    let history: Vec<String> = lib
        .note_history(id)
        .unwrap()
        .into_iter()
        .map(|n| n.text)
        .collect();
    assert_eq!(history, ["rewritten", "first\n\nsecond", "first"]);
    assert!(
        !lib.paper(id).unwrap().row.has_note,
        "an emptied note is no note"
    );
    let err = lib.set_note(PaperId(999), "x").unwrap_err();
    assert!(err.to_string().contains("no paper `999`"), "{err}");
}
