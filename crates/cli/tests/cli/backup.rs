//! `backup`, `backups`, `restore`, and the daily snapshot of writing commands.

use crate::Shelf;

/// `papershelf ARGS FILE`, its output.
fn on_file(shelf: &Shelf, args: &[&str], file: &std::path::Path) -> std::process::Output {
    shelf.cmd().args(args).arg(file).output().unwrap()
}

fn set_note(shelf: &Shelf, text: &str) {
    shelf
        .cmd()
        .args(["note", "2509.25454", "--set", text])
        .assert()
        .success();
}

#[test]
fn restore_latest_brings_a_note_back_and_keeps_the_library_before() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    set_note(&shelf, "the note to keep");
    let taken = shelf.json(&["backup"], 0);
    let path = taken["path"].as_str().unwrap();
    assert!(std::path::Path::new(path).is_file(), "{taken:#}");
    assert!(taken["size"].as_u64().unwrap() > 0);
    assert_eq!(taken["notes"], 1);

    set_note(&shelf, "");
    assert_eq!(shelf.json(&["note", "2509.25454"], 0)["text"], "");

    let out = shelf.cmd().args(["restore", "--latest"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains(&format!("Restored {path}.")), "{text}");
    assert!(text.contains("notes: 0 → 1"), "{text}");
    assert!(text.contains("-before-restore.sqlite3"), "{text}");
    assert_eq!(
        shelf.json(&["note", "2509.25454"], 0)["text"],
        "the note to keep"
    );

    let listed = shelf.json(&["backups"], 0);
    let listed = listed.as_array().unwrap();
    assert!(
        listed[0]["before_restore"].as_bool().unwrap(),
        "{listed:#?}"
    );
    assert_eq!(
        listed[0]["notes"], 0,
        "the library before: its note cleared"
    );
    assert!(listed.iter().any(|b| b["path"] == path), "{listed:#?}");
}

#[test]
fn a_writing_command_takes_the_daily_snapshot_and_reading_ones_do_not() {
    let shelf = Shelf::new();
    shelf.cmd().args(["list"]).assert().success();
    assert_eq!(shelf.json(&["backups"], 0), serde_json::json!([]));
    shelf.import(&["2025-10-03.md"], 0);
    let listed = shelf.json(&["backups"], 0);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed:#}");
    assert!(listed[0]["papers"].as_u64().unwrap() > 0);
    // The newest is less than a day old: no second one.
    set_note(&shelf, "x");
    assert_eq!(shelf.json(&["backups"], 0).as_array().unwrap().len(), 1);
}

#[test]
fn restore_refuses_a_file_that_is_not_a_library() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let library = shelf.dir.path().join("library.sqlite3");
    let before = std::fs::read(&library).unwrap();
    let garbage = shelf.dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, "not a library at all\n".repeat(50)).unwrap();
    let out = on_file(&shelf, &["restore"], &garbage);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("it is not a Papershelf library"), "{err}");
    assert!(err.contains("the library was not changed"), "{err}");
    assert_eq!(std::fs::read(&library).unwrap(), before);
    assert_eq!(shelf.json(&["backups"], 0).as_array().unwrap().len(), 1);
}

#[test]
fn backup_to_a_file_prints_its_path_and_size() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let dest = shelf.dir.path().join("copy.sqlite3");
    let out = on_file(&shelf, &["backup", "--to"], &dest);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains(&dest.display().to_string()), "{text}");
    assert!(text.contains(" KB") || text.contains(" MB"), "{text}");
    // Never over an existing file.
    let out = on_file(&shelf, &["backup", "--to"], &dest);
    assert_eq!(out.status.code(), Some(1));
}
