//! `export --format state` and `import-state`: the reading state carried to
//! another library with the same digests.

use std::path::Path;

use crate::Shelf;

fn ok(shelf: &Shelf, args: &[&str]) -> String {
    let out = shelf.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A library of the sample digest the reader has worked in.
fn annotated() -> Shelf {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    for args in [
        &["mark", "read", "2509.25454", "3"][..],
        &["star", "2509.25454"],
        &["tag", "2509.25454", "精读", "RL"],
        &["untag", "2509.25454", "RL"],
        &["note", "2509.25454", "--set", "first"],
        &["note", "2509.25454", "--set", "second, with 中文"],
    ] {
        ok(&shelf, args);
    }
    shelf
}

/// The reader's tables, row by row (paper numbers are the same: the same
/// digest was imported into both libraries).
fn reading_state(shelf: &Shelf) -> Vec<String> {
    crate::rows(
        shelf,
        &[
            "(SELECT id, read_at, read_changed_at, starred, starred_changed_at FROM papers)",
            "notes",
            "(SELECT paper_id, text, updated_at, replaced_at FROM note_history)",
            "(SELECT t.name, pt.paper_id, pt.tagged_at FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id)",
            "tag_removals",
        ],
    )
}

fn import_state(shelf: &Shelf, file: &Path) -> serde_json::Value {
    shelf.json(&["import-state", file.to_str().unwrap()], 0)
}

#[test]
fn the_reading_state_moves_to_a_library_with_the_same_digests() {
    let from = annotated();
    let exported = ok(&from, &["export", "--format", "state"]);
    let mut lines = exported.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(
        (header["format"].as_str(), header["version"].as_u64()),
        (Some("papershelf-state"), Some(1))
    );
    let papers: Vec<serde_json::Value> = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(papers.len(), 2, "{exported}");
    assert_eq!(papers[0]["arxiv_id"], "2509.25454");
    assert_eq!(papers[0]["tags"][0]["name"], "精读");
    assert_eq!(papers[0]["removed_tags"][0]["name"], "RL");
    assert_eq!(papers[0]["note"]["text"], "second, with 中文");
    assert_eq!(papers[0]["note_history"][0]["text"], "first");

    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("state.jsonl");
    let wrote = from.json(
        &[
            "export",
            "--format",
            "state",
            "--to",
            file.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(wrote["papers"], 2);
    assert_eq!(
        papers_of(&std::fs::read_to_string(&file).unwrap()),
        papers_of(&exported)
    );

    let to = Shelf::new();
    to.import(&["2025-10-03.md"], 0);
    let report = import_state(&to, &file);
    assert_eq!(report["papers"], 2);
    assert_eq!(report["changed"], 2);
    assert_eq!(report["skipped"], serde_json::json!([]));
    assert_eq!(report["fields"]["note_history"], 1);
    assert_eq!(to.list(&[]), from.list(&[]));
    assert_eq!(reading_state(&to), reading_state(&from));
    assert_eq!(
        to.json(&["note", "2509.25454"], 0)["text"],
        "second, with 中文"
    );

    // Twice: nothing changes.
    let again = import_state(&to, &file);
    assert_eq!(
        (again["changed"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(reading_state(&to), reading_state(&from));
}

fn papers_of(export: &str) -> Vec<&str> {
    export.lines().skip(1).collect()
}

#[test]
fn standard_input_merges_and_the_text_report_says_what_changed() {
    let from = annotated();
    let exported = ok(&from, &["export", "--format", "state"]);
    let to = Shelf::new();
    to.import(&["2025-10-03.md"], 0);
    ok(&to, &["note", "2509.25454", "--set", "written here, later"]);
    let out = to
        .cmd()
        .args(["import-state", "-"])
        .write_stdin(exported)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Merged the reading state of 2 paper(s) from standard input: 2 changed, 0 already up to date, 0 not in this library."),
        "{text}"
    );
    assert!(text.contains("read states: 2"), "{text}");
    // The note written here is newer: it stays, the other is in its history.
    assert_eq!(
        to.json(&["note", "2509.25454"], 0)["text"],
        "written here, later"
    );
    let raw = rusqlite::Connection::open(to.dir.path().join("library.sqlite3")).unwrap();
    let kept: Vec<String> = raw
        .prepare("SELECT text FROM note_history ORDER BY text")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kept, ["first", "second, with 中文"]);
}

#[test]
fn papers_this_library_lacks_are_skipped_and_listed() {
    let from = annotated();
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("state.jsonl");
    ok(
        &from,
        &[
            "export",
            "--format",
            "state",
            "--to",
            file.to_str().unwrap(),
        ],
    );
    let to = Shelf::new();
    to.import(&["mixed-links.md"], 0);
    // 2509.25454 is in both digests; paper 3 of the sample is not here.
    let third = from.json(&["show", "3"], 0)["arxiv_id"].clone();
    assert!(to.list(&[]).iter().all(|p| p["arxiv_id"] != third));
    let report = import_state(&to, &file);
    assert_eq!(report["changed"], 1);
    assert_eq!(report["skipped"], serde_json::json!([third]));
    assert!(to.list(&[]).iter().all(|p| p["arxiv_id"] != third));
    let text = ok(&to, &["import-state", file.to_str().unwrap()]);
    let says = format!(
        "Not in this library (import their digests, then this file again): {}",
        third.as_str().unwrap()
    );
    assert!(text.contains(&says), "{text}");
}

#[test]
fn a_bad_file_is_refused_with_its_line_and_changes_nothing() {
    let shelf = annotated();
    let before = reading_state(&shelf);
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("bad.jsonl");
    std::fs::write(
        &file,
        "{\"format\":\"papershelf-state\",\"version\":1,\"exported_at\":\"2025-10-10T00:00:00Z\"}\n\
         {\"arxiv_id\":\"2509.25454\",\"unread_at\":\"2030-01-01T00:00:00Z\"}\n\
         {\"arxiv_id\":\"2509.25454\",\"starred\":\"yes\"}\n",
    )
    .unwrap();
    let out = shelf.cmd().arg("import-state").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("{}, line 3: ", file.display())),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(reading_state(&shelf), before);

    std::fs::write(&file, "{\"format\":\"papershelf-state\",\"version\":9,\"exported_at\":\"2030-01-01T00:00:00Z\"}\n").unwrap();
    let out = shelf.cmd().arg("import-state").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("newer Papershelf (reading state format version 9"),
        "{err}"
    );

    let missing = files.path().join("missing.jsonl");
    let out = shelf
        .cmd()
        .arg("import-state")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    assert_eq!(reading_state(&shelf), before);
}

#[test]
fn export_needs_a_known_format() {
    let shelf = annotated();
    let out = shelf
        .cmd()
        .args(["export", "--format", "endnote"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("possible values: bibtex, csl-json, ris, markdown, json, state"),
        "{err}"
    );
    let out = shelf.cmd().args(["export"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
