//! Notes: set, append, edit, and nothing typed is ever lost.

use crate::Shelf;

#[test]
fn notes_are_set_appended_and_shown() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    shelf
        .cmd()
        .args(["note", "2509.25454", "--set", "First **idea**"])
        .assert()
        .success();
    shelf
        .cmd()
        .args(["note", "1", "--append", "二次想法"])
        .assert()
        .success();
    let note = shelf.json(&["note", "2509.25454"], 0);
    assert_eq!(note["text"], "First **idea**\n\n二次想法");
    assert_eq!(shelf.list(&["--digest", "2025-10-03"])[0]["has_note"], true);
    let shown = shelf.json(&["show", "2509.25454"], 0);
    assert_eq!(shown["note"], "First **idea**\n\n二次想法");
}

#[test]
fn overwritten_notes_are_kept_in_history() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    shelf
        .cmd()
        .args(["note", "1", "--set", "one"])
        .assert()
        .success();
    shelf
        .cmd()
        .args(["note", "1", "--set", "two"])
        .assert()
        .success();
    shelf
        .cmd()
        .args(["note", "1", "--set", ""])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(shelf.dir.path().join("library.sqlite3")).unwrap();
    let mut stmt = conn
        .prepare("SELECT text FROM note_history ORDER BY id")
        .unwrap();
    let history: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(history, ["one", "two"]);
}

#[test]
fn edit_opens_the_editor_on_the_note() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    shelf
        .cmd()
        .args(["note", "1", "--set", "draft"])
        .assert()
        .success();
    // A scripted "editor" that appends a line to the file it is given.
    shelf
        .cmd()
        .env("VISUAL", "sh -c 'echo edited >> \"$0\"'")
        .args(["note", "1", "--edit"])
        .assert()
        .success();
    assert_eq!(shelf.json(&["note", "1"], 0)["text"], "draftedited\n");
}

#[test]
fn a_paper_keeps_its_note_and_state_when_a_changed_digest_is_reimported() {
    let shelf = Shelf::new();
    let dir = tempfile::tempdir().unwrap();
    let digest = dir.path().join("2025-10-03.md");
    std::fs::copy(crate::fixture("2025-10-03.md"), &digest).unwrap();
    let path = digest.to_str().unwrap();
    shelf.json(&["import", path], 0);
    shelf
        .cmd()
        .args(["note", "2509.25849", "--set", "keep me"])
        .assert()
        .success();
    shelf
        .cmd()
        .args(["mark", "read", "2509.25849"])
        .assert()
        .success();

    let text = std::fs::read_to_string(&digest).unwrap();
    std::fs::write(
        &digest,
        text.replace("Knapsack RL:", "Knapsack RL (revised):"),
    )
    .unwrap();
    let report = shelf.json(&["import", path], 0);
    let f = &report["files"][0];
    assert_eq!(
        (
            f["added"].as_u64(),
            f["updated"].as_u64(),
            f["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(35))
    );
    let p = shelf.json(&["show", "2509.25849"], 0);
    assert_eq!(p["note"], "keep me");
    assert_eq!(p["read"], true);
    assert_eq!(
        p["entries"][0]["title"],
        "Knapsack RL (revised): Unlocking Exploration of LLMs via Optimizing Budget Allocation"
    );
    assert_eq!(shelf.json(&["digests"], 0)[0]["papers"], 36);
}
