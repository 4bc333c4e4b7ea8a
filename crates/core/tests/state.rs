//! The reading state carried between libraries: export, then import into a
//! library with the same digests (`papershelf_core::state`).

use chrono::NaiveDate;
use papershelf_core::state::{self, MergeReport, ReadState, StateError};
use papershelf_core::{import, Library, PaperId};
use proptest::prelude::*;

/// Four arXiv papers and one known only by its link.
const DIGEST: &str = "# Papers for 2025-10-03

## 1.[One](https://arxiv.org/pdf/2510.00001)
summary:**关键词, kw1** about one

## 2.[Two](https://arxiv.org/abs/2510.00002v2)
summary:**关键词, kw2** about two

## 3.[Three](https://arxiv.org/pdf/2510.00003)
summary:**关键词, kw3** about three

## 4.[Four](https://arxiv.org/pdf/2510.00004)
summary:**关键词, kw4** about four

## 5.[A workshop paper](https://openreview.net/forum?id=AbCdEf123)
summary:**关键词, kw5** about five
";

/// A library holding [`DIGEST`], and the folder it lives in.
fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let date = NaiveDate::from_ymd_opt(2025, 10, 3);
    let report = import::import_bytes(&mut lib, "d", "d.md", None, DIGEST.as_bytes(), date);
    assert_eq!((report.added, report.error), (5, None));
    (dir, lib)
}

fn id(lib: &Library, reference: &str) -> PaperId {
    lib.resolve(reference).unwrap()
}

fn export(lib: &Library) -> String {
    let mut out = Vec::new();
    state::export(lib, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The export without its header (which says when it was written).
fn papers_of(export: &str) -> Vec<&str> {
    export.lines().skip(1).collect()
}

fn import(lib: &mut Library, text: &str) -> Result<MergeReport, StateError> {
    state::import(lib, text.as_bytes(), "state.jsonl")
}

const HEADER: &str =
    r#"{"format":"papershelf-state","version":1,"exported_at":"2025-10-10T00:00:00.000Z"}"#;

/// A file of the header and these paper lines.
fn file(lines: &[&str]) -> String {
    let mut text = format!("{HEADER}\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Every row of the reader's tables, by paper key rather than number.
fn dump(lib: &Library) -> Vec<String> {
    let raw = rusqlite::Connection::open(lib.dir().join("library.sqlite3")).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT key, read_at, read_changed_at, starred, starred_changed_at FROM papers",
        "SELECT p.key, n.text, n.updated_at FROM notes n JOIN papers p ON p.id = n.paper_id",
        "SELECT p.key, h.text, h.updated_at, h.replaced_at FROM note_history h JOIN papers p ON p.id = h.paper_id",
        "SELECT p.key, t.name, pt.tagged_at FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
           JOIN papers p ON p.id = pt.paper_id",
        "SELECT p.key, r.name, r.removed_at FROM tag_removals r JOIN papers p ON p.id = r.paper_id",
        "SELECT p.key, g.page, g.updated_at FROM pdf_pages g JOIN papers p ON p.id = g.paper_id",
        "SELECT name FROM tags",
    ] {
        let mut stmt = raw.prepare(sql).unwrap();
        let width = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<String> = (0..width)
                .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            out.push(values.join(" | "));
        }
    }
    out.sort();
    out
}

/// A reader's work on the library, through the ordinary writes.
fn read_and_annotate(lib: &mut Library) {
    let (one, two, three, link) = (
        id(lib, "2510.00001"),
        id(lib, "2510.00002"),
        id(lib, "2510.00003"),
        id(lib, "5"),
    );
    lib.set_read(&[one, two, link], true).unwrap();
    lib.set_read(&[two], false).unwrap();
    lib.set_starred(one, true).unwrap();
    lib.set_starred(three, true).unwrap();
    lib.set_starred(three, false).unwrap();
    lib.add_tags(one, &["精读".into(), "RL".into(), "tmp".into()])
        .unwrap();
    lib.add_tags(link, &["workshop".into()]).unwrap();
    lib.remove_tags(one, &["tmp".into()]).unwrap();
    lib.add_tags(two, &["old name".into()]).unwrap();
    lib.rename_tag("old name", "new name").unwrap();
    lib.set_note(one, "first thoughts").unwrap();
    lib.set_note(one, "second thoughts\n\n- with **Markdown** and 中文")
        .unwrap();
    lib.set_note(link, "a note on a paper without an arXiv id")
        .unwrap();
    lib.set_pdf_page(one, 12).unwrap();
}

#[test]
fn a_fresh_library_with_the_same_digests_gets_the_same_reader_state() {
    let (_a_dir, mut a) = library();
    read_and_annotate(&mut a);
    let exported = export(&a);
    let lines = papers_of(&exported);
    // Papers 1, 2 (read, then unread), 3 (unstarred) and the link; not 4.
    assert_eq!(lines.len(), 4, "{exported}");
    assert!(exported
        .lines()
        .next()
        .unwrap()
        .starts_with(r#"{"format":"papershelf-state","version":1,"exported_at":""#));

    let (_b_dir, mut b) = library();
    let report = import(&mut b, &exported).unwrap();
    assert_eq!((report.papers, report.changed, report.unchanged), (4, 4, 0));
    assert!(report.skipped.is_empty());
    assert_eq!(papers_of(&export(&b)), lines);
    assert_eq!(dump(&b), dump(&a));

    let one = id(&b, "2510.00001");
    let paper = b.paper(one).unwrap();
    assert!(paper.row.read && paper.row.starred);
    assert_eq!(paper.row.tags, ["RL", "精读"]);
    assert_eq!(b.note_history(one).unwrap()[0].text, "first thoughts");
    assert_eq!(b.pdf_page(one).unwrap(), Some(12));
    assert!(!b.paper(id(&b, "2510.00002")).unwrap().row.read);
    assert_eq!(b.tags_of(id(&b, "5")).unwrap(), ["workshop"]);
    // The merged note is found by search like a typed one.
    let found = b
        .papers(&papershelf_core::PaperQuery::search(
            "中文",
            Default::default(),
        ))
        .unwrap();
    assert_eq!(found.ids(), [one]);
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let (_a_dir, mut a) = library();
    read_and_annotate(&mut a);
    let exported = export(&a);
    let (_b_dir, mut b) = library();
    b.set_note(id(&b, "2510.00001"), "written on the other machine")
        .unwrap();
    import(&mut b, &exported).unwrap();
    let once = dump(&b);
    let again = import(&mut b, &exported).unwrap();
    assert_eq!((again.changed, again.unchanged), (0, 4));
    assert_eq!(again.fields, Default::default());
    assert_eq!(dump(&b), once);
    // Its own state back into the library it came from: nothing either.
    let before = dump(&a);
    assert_eq!(import(&mut a, &exported).unwrap().changed, 0);
    assert_eq!(dump(&a), before);
}

#[test]
fn each_field_takes_the_newer_change() {
    let (_dir, mut lib) = library();
    // This library's state, dated on the 4th and the 6th.
    import(
        &mut lib,
        &file(&[
            r#"{"arxiv_id":"2510.00001","read_at":"2025-10-04T00:00:00Z","starred":true,"starred_changed_at":"2025-10-06T00:00:00Z","tags":[{"name":"RL","tagged_at":"2025-10-04T00:00:00Z"},{"name":"keep","tagged_at":"2025-10-06T00:00:00Z"}],"note":{"text":"mine","updated_at":"2025-10-04T00:00:00Z"},"pdf_page":{"page":3,"updated_at":"2025-10-06T00:00:00Z"}}"#,
        ]),
    )
    .unwrap();
    // Another library's, dated on the 5th.
    let report = import(
        &mut lib,
        &file(&[
            r#"{"arxiv_id":"2510.00001","unread_at":"2025-10-05T00:00:00Z","starred":false,"starred_changed_at":"2025-10-05T00:00:00Z","tags":[{"name":"new","tagged_at":"2025-10-05T00:00:00Z"}],"removed_tags":[{"name":"rl","removed_at":"2025-10-05T00:00:00Z"},{"name":"keep","removed_at":"2025-10-05T00:00:00Z"}],"note":{"text":"theirs","updated_at":"2025-10-05T00:00:00Z"},"pdf_page":{"page":9,"updated_at":"2025-10-05T00:00:00Z"}}"#,
        ]),
    )
    .unwrap();
    let one = id(&lib, "2510.00001");
    let paper = lib.paper(one).unwrap();
    // Newer there: unread, a new tag, RL removed, their note.
    assert!(!paper.row.read);
    assert_eq!(paper.row.tags, ["keep", "new"]);
    assert_eq!(paper.note.unwrap().text, "theirs");
    let history = lib.note_history(one).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].text, "mine");
    // Newer here: the star, the kept tag, the PDF page.
    assert!(paper.row.starred);
    assert_eq!(lib.pdf_page(one).unwrap(), Some(3));
    let f = report.fields;
    assert_eq!(
        (
            f.read,
            f.starred,
            f.tags_given,
            f.tags_removed,
            f.notes,
            f.note_history,
            f.pdf_pages
        ),
        (1, 0, 1, 1, 1, 1, 0)
    );
    // A change made here now is newer than anything in the file.
    lib.add_tags(one, &["RL".into()]).unwrap();
    lib.set_read(&[one], true).unwrap();
    let state = &lib.reading_states().unwrap()[0];
    assert!(state.tag("rl").unwrap().given);
    import(
        &mut lib,
        &file(&[
            r#"{"arxiv_id":"2510.00001","unread_at":"2025-10-07T00:00:00Z","removed_tags":[{"name":"RL","removed_at":"2025-10-07T00:00:00Z"}]}"#,
        ]),
    )
    .unwrap();
    let paper = lib.paper(one).unwrap();
    assert!(paper.row.read);
    assert_eq!(paper.row.tags, ["keep", "new", "RL"]);
}

/// Waits for the library's clock (milliseconds) to move on, so the next
/// write is dated after every earlier one.
fn next_millisecond() {
    let now = state::Stamp::now();
    while state::Stamp::now() == now {
        std::hint::spin_loop();
    }
}

#[test]
fn two_libraries_that_import_each_other_end_up_the_same() {
    let (_a_dir, mut a) = library();
    let (_b_dir, mut b) = library();
    read_and_annotate(&mut a);
    next_millisecond();
    // The other machine, later: its own changes to the same papers.
    let one = id(&b, "2510.00001");
    b.set_note(one, "written elsewhere").unwrap();
    b.add_tags(one, &["elsewhere".into(), "RL".into()]).unwrap();
    b.remove_tags(one, &["RL".into()]).unwrap();
    b.set_read(&[id(&b, "2510.00004")], true).unwrap();
    b.set_starred(id(&b, "2510.00003"), true).unwrap();

    let (from_a, from_b) = (export(&a), export(&b));
    import(&mut a, &from_b).unwrap();
    import(&mut b, &from_a).unwrap();
    assert_eq!(papers_of(&export(&a)), papers_of(&export(&b)));

    let paper = a.paper(one).unwrap();
    // b wrote its note last: it is the note; a's texts are in the history.
    assert_eq!(paper.note.unwrap().text, "written elsewhere");
    let history: Vec<String> = a
        .note_history(one)
        .unwrap()
        .into_iter()
        .map(|n| n.text)
        .collect();
    assert!(history.contains(&"second thoughts\n\n- with **Markdown** and 中文".to_owned()));
    assert!(history.contains(&"first thoughts".to_owned()));
    // Tags: the union, less RL, which b removed after a gave it.
    assert_eq!(paper.row.tags, ["elsewhere", "精读"]);
    assert!(a.paper(id(&a, "2510.00004")).unwrap().row.read);
    // b starred paper 3 after a unstarred it.
    assert!(a.paper(id(&a, "2510.00003")).unwrap().row.starred);
}

#[test]
fn a_paper_not_in_the_library_is_skipped_and_not_made() {
    let (_dir, mut lib) = library();
    let report = import(
        &mut lib,
        &file(&[
            r#"{"arxiv_id":"2601.99999","title":"Elsewhere","read_at":"2025-10-04T00:00:00Z"}"#,
            r#"{"url":"https://example.org/paper","starred":true}"#,
            r#"{"url":"https://openreview.net/forum?id=AbCdEf123","starred":true}"#,
        ]),
    )
    .unwrap();
    assert_eq!((report.papers, report.changed), (3, 1));
    let skipped: Vec<String> = report.skipped.iter().map(|k| format!("{k:?}")).collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped[0].contains("2601.99999") && skipped[1].contains("example.org"));
    assert!(lib.resolve("2601.99999").is_err());
    assert!(lib.paper(id(&lib, "5")).unwrap().row.starred);
}

#[test]
fn a_bad_line_is_named_and_nothing_is_imported() {
    let good = r#"{"arxiv_id":"2510.00001","read_at":"2025-10-04T00:00:00Z"}"#;
    for (text, says) in [
        (file(&[good, "{not json"]), "state.jsonl, line 3: "),
        (
            file(&[good, r#"{"arxiv_id":"2510.00002","stared":true}"#]),
            "line 3: unknown field `stared`",
        ),
        (
            file(&[r#"{"arxiv_id":"not-an-id"}"#]),
            "line 2: `arxiv_id`: `not-an-id` is not an arXiv identifier",
        ),
        (
            file(&[r#"{"title":"no id"}"#]),
            "line 2: a paper needs an `arxiv_id` or a `url`",
        ),
        (
            file(&[r#"{"arxiv_id":"2510.00001","read_at":"yesterday"}"#]),
            "line 2: `yesterday` is not an RFC 3339 time",
        ),
        (
            file(&[
                r#"{"arxiv_id":"2510.00001","read_at":"2025-10-04T00:00:00Z","unread_at":"2025-10-05T00:00:00Z"}"#,
            ]),
            "line 2: a paper is read (`read_at`) or unread (`unread_at`), not both",
        ),
        (
            file(&[r#"{"arxiv_id":"2510.00001","tags":[{"name":"a\u200fb","tagged_at":"2025-10-04T00:00:00Z"}]}"#]),
            "line 2: `tags`: `a\\u{200f}b` cannot be a tag",
        ),
        (
            file(&[r#"{"arxiv_id":"2510.00001","pdf_page":{"page":0,"updated_at":"2025-10-04T00:00:00Z"}}"#]),
            "line 2: `pdf_page`: pages count from 1",
        ),
        (
            format!("{HEADER}\n\n{good}\n\u{0}\u{ff}\n"),
            "line 4: ",
        ),
        (String::new(), "state.jsonl is empty"),
        (
            format!("{good}\n"),
            "state.jsonl is not a Papershelf reading state file (line 1: the first line should be a header",
        ),
        (
            r#"{"format":"papershelf-state","version":2,"exported_at":"2030-01-01T00:00:00Z"}"#.to_owned(),
            "written by a newer Papershelf (reading state format version 2; this one reads up to version 1)",
        ),
    ] {
        let (_dir, mut lib) = library();
        let before = dump(&lib);
        let err = import(&mut lib, &text).unwrap_err().to_string();
        assert!(err.contains(says), "{text:?}\n→ {err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert_eq!(dump(&lib), before, "{text:?}");
    }
}

#[test]
fn bytes_that_are_not_text_name_their_line() {
    let (_dir, mut lib) = library();
    let mut bytes = format!("{HEADER}\n").into_bytes();
    bytes.extend_from_slice(b"{\"arxiv_id\":\"2510.00001\xff\"}\n");
    let err = state::import(&mut lib, &bytes[..], "f")
        .unwrap_err()
        .to_string();
    assert!(err.contains("f, line 2: not UTF-8 text"), "{err}");
}

#[test]
fn a_tag_taken_off_is_dated_and_given_again_is_not() {
    let (_dir, mut lib) = library();
    let one = id(&lib, "2510.00001");
    let two = id(&lib, "2510.00002");
    let removed = |lib: &Library, paper: PaperId| -> Vec<String> {
        let states = lib.reading_states().unwrap();
        let key = lib.paper(paper).unwrap().row.arxiv.unwrap().id;
        states
            .iter()
            .filter(|s| s.paper == papershelf_core::digest::PaperKey::Arxiv(key.clone()))
            .flat_map(|s| s.tags.iter().filter(|t| !t.given).map(|t| t.name.clone()))
            .collect()
    };
    lib.add_tags(one, &["a".into(), "b".into(), "c".into()])
        .unwrap();
    lib.add_tags(two, &["b".into(), "c".into()]).unwrap();
    lib.remove_tags(one, &["a".into()]).unwrap();
    assert_eq!(removed(&lib, one), ["a"]);
    lib.add_tags(one, &["A".into()]).unwrap();
    assert!(removed(&lib, one).is_empty());
    // A rename takes the old name off every paper that had it...
    lib.rename_tag("b", "bee").unwrap();
    assert_eq!(removed(&lib, one), ["b"]);
    assert_eq!(removed(&lib, two), ["b"]);
    // ...but a change of case only is the same tag.
    lib.rename_tag("bee", "BEE").unwrap();
    assert_eq!(removed(&lib, one), ["b"]);
    // Renaming onto an existing tag removes the old name only.
    lib.rename_tag("BEE", "c").unwrap();
    assert_eq!(removed(&lib, one), ["b", "BEE"]);
    assert_eq!(lib.tags_of(one).unwrap(), ["A", "c"]);
    lib.delete_tag("c").unwrap();
    assert_eq!(removed(&lib, two), ["b", "BEE", "c"]);
    // Given again after a rename: no longer removed.
    lib.add_tags(two, &["b".into()]).unwrap();
    assert_eq!(removed(&lib, two), ["BEE", "c"]);
}

#[test]
fn star_and_read_times_change_only_with_the_state() {
    let (_dir, mut lib) = library();
    let one = id(&lib, "2510.00001");
    assert!(lib.reading_states().unwrap().is_empty());
    lib.set_starred(one, true).unwrap();
    let starred = lib.reading_states().unwrap()[0].starred;
    assert!(starred.value && starred.at.is_some());
    // Starring a starred paper is no change: its time stays.
    lib.set_starred(one, true).unwrap();
    assert_eq!(lib.reading_states().unwrap()[0].starred, starred);
    lib.set_read(&[one], true).unwrap();
    let read = lib.reading_states().unwrap()[0].read;
    assert!(read.is_read());
    lib.set_read(&[one], false).unwrap();
    let unread = lib.reading_states().unwrap()[0].read;
    assert!(matches!(unread, ReadState::Unread { since: Some(t) } if Some(t) >= read.changed_at()));
    lib.mark_all_read().unwrap();
    assert!(lib.reading_states().unwrap()[0].read.is_read());
}

mod merging {
    //! Any two reading states, merged both ways, give the same state, and a
    //! second import changes nothing.

    use super::*;
    use papershelf_core::state::{Dated, NoteText, PaperState, PastNote, PdfPage, Stamp, TagMark};

    fn stamp(h: u32) -> Stamp {
        Stamp::parse(&format!("2025-10-04T{h:02}:00:00Z")).unwrap()
    }

    fn read_state() -> impl Strategy<Value = ReadState> {
        prop_oneof![
            (0u32..6).prop_map(|h| ReadState::Read { at: stamp(h) }),
            proptest::option::of(0u32..6).prop_map(|h| ReadState::Unread {
                since: h.map(stamp)
            }),
        ]
    }

    fn paper_state(arxiv: &'static str) -> impl Strategy<Value = PaperState> {
        let tags = proptest::collection::btree_map(
            prop::sample::select(vec!["rl", "精读", "x", "todo"]),
            (any::<bool>(), 0u32..6),
            0..4,
        );
        let texts = prop::sample::select(vec!["a", "b", "c", ""]);
        // A note is newer than every text its history holds, as in a library.
        let note = proptest::option::of((texts.clone(), 10u32..14));
        let history = proptest::collection::vec((texts, 0u32..5, 5u32..10), 0..3);
        (
            read_state(),
            (any::<bool>(), proptest::option::of(0u32..6)),
            tags,
            note,
            history,
            proptest::option::of((1u32..4, 0u32..6)),
        )
            .prop_map(move |(read, (star, star_at), tags, note, history, page)| {
                let mut history: Vec<PastNote> = history
                    .into_iter()
                    .map(|(text, h, r)| PastNote {
                        text: text.into(),
                        updated_at: stamp(h),
                        replaced_at: stamp(r),
                    })
                    .collect();
                history.dedup_by(|a, b| a.text == b.text && a.updated_at == b.updated_at);
                PaperState {
                    read,
                    starred: Dated {
                        value: star,
                        at: star_at.map(stamp),
                    },
                    tags: tags
                        .into_iter()
                        .map(|(name, (given, h))| TagMark {
                            name: name.into(),
                            given,
                            at: stamp(h),
                        })
                        .collect(),
                    note: note.map(|(text, h)| NoteText {
                        text: text.into(),
                        updated_at: stamp(h),
                    }),
                    note_history: history,
                    pdf_page: page.map(|(page, h)| PdfPage { page, at: stamp(h) }),
                    ..PaperState::untouched(papershelf_core::digest::PaperKey::Arxiv(
                        papershelf_core::arxiv::ArxivId::parse(arxiv).unwrap(),
                    ))
                }
            })
    }

    /// What a reader sees: history as a set of texts with their times.
    fn seen(lib: &Library) -> Vec<String> {
        lib.reading_states()
            .unwrap()
            .into_iter()
            .map(|mut s| {
                let mut history: Vec<(String, Stamp)> = s
                    .note_history
                    .drain(..)
                    .map(|h| (h.text, h.updated_at))
                    .collect();
                history.sort();
                history.dedup();
                s.tags.sort_by(|a, b| a.name.cmp(&b.name));
                s.title.clear();
                format!("{s:?} {history:?}")
            })
            .collect()
    }

    /// A library with the DIGEST's papers holding these states.
    fn holding(states: &[PaperState]) -> (tempfile::TempDir, Library) {
        let (dir, mut lib) = library();
        lib.merge_reading_states(states).unwrap();
        (dir, lib)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn merging_both_ways_converges_and_is_idempotent(
            a in (paper_state("2510.00001"), paper_state("2510.00002")),
            b in (paper_state("2510.00001"), paper_state("2510.00003")),
        ) {
            let (_a_dir, mut lib_a) = holding(&[a.0, a.1]);
            let (_b_dir, mut lib_b) = holding(&[b.0, b.1]);
            let (from_a, from_b) = (export(&lib_a), export(&lib_b));
            import(&mut lib_a, &from_b).unwrap();
            import(&mut lib_b, &from_a).unwrap();
            prop_assert_eq!(seen(&lib_a), seen(&lib_b));
            let (before_a, before_b) = (dump(&lib_a), dump(&lib_b));
            prop_assert_eq!(import(&mut lib_a, &from_b).unwrap().changed, 0);
            prop_assert_eq!(import(&mut lib_b, &from_a).unwrap().changed, 0);
            prop_assert_eq!(import(&mut lib_a, &export(&lib_b)).unwrap().changed, 0);
            prop_assert_eq!(dump(&lib_a), before_a);
            prop_assert_eq!(dump(&lib_b), before_b);
        }
    }
}
