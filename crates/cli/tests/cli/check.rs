//! `check [--repair]`: damage made on purpose is found with a clear message,
//! the repairable part is repaired, and the reader's state is kept.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::{reading_state, Shelf};

fn sha(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

fn run(shelf: &Shelf, args: &[&str], code: i32) -> String {
    let out = shelf.cmd().args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\nstdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn a_healthy_library_checks_ok() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    assert_eq!(run(&shelf, &["check"], 0), "ok: no problems found\n");
    let json = shelf.json(&["check"], 0);
    assert_eq!(json, serde_json::json!({"problems": [], "repaired": []}));
}

#[test]
fn damage_is_found_and_repaired_without_touching_the_reading_state() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    for args in [
        &["note", "1", "--set", "first"][..],
        &["note", "1", "--set", "second"],
        &["tag", "1", "精读", "rl"],
        &["mark", "read", "1", "3"],
        &["star", "2"],
    ] {
        shelf.cmd().args(args).assert().success();
    }
    let lib = shelf.dir.path();
    std::fs::create_dir_all(lib.join("pdfs")).unwrap();
    {
        // A downloaded PDF whose file then goes, a stray file, a leftover
        // .part, and a search index missing paper 2.
        let raw = rusqlite::Connection::open(lib.join("library.sqlite3")).unwrap();
        raw.execute(
            "INSERT INTO pdfs (paper_id, path, size, sha256, fetched_at)
             VALUES (1, 'pdfs/gone.pdf', 5, 'ab', 't')",
            [],
        )
        .unwrap();
        raw.execute("DELETE FROM search_index WHERE rowid = 2", [])
            .unwrap();
    }
    // A stray PDF and a download interrupted over a day ago that cannot resume.
    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(25 * 3600);
    for (name, bytes) in [("stray.pdf", b"%PDF-"), ("2501.00001.pdf.part", b"%PDF-")] {
        let file = lib.join("pdfs").join(name);
        std::fs::write(&file, bytes).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(day_ago)
            .unwrap();
    }
    let before = reading_state(shelf.dir.path());
    assert!(
        before
            .iter()
            .any(|l| l.starts_with("notes:") && l.contains("second")),
        "{before:?}"
    );

    // A plain check reads only: the library file is unchanged.
    let file = lib.join("library.sqlite3");
    let hash = sha(&file);
    let text = run(&shelf, &["check"], 1);
    assert_eq!(sha(&file), hash);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    for expected in [
        "search-index: the search index holds",
        "missing-pdf: paper 1: its PDF",
        "unrecorded-file: ",
        "stale-part: ",
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(expected) && l.ends_with("(`check --repair` fixes it)")),
            "{expected} in {text}"
        );
    }
    assert!(text.contains("stray.pdf is in the PDF cache"), "{text}");
    assert!(text.contains("2501.00001.pdf.part is left over"), "{text}");
    let json = shelf.json(&["check"], 1);
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 4, "{json:#}");
    assert!(problems
        .iter()
        .all(|p| p["repairable"] == true && p["kind"].is_string() && p["what"].is_string()));
    assert_eq!(json["repaired"], serde_json::json!([]));

    let repaired = shelf.json(&["check", "--repair"], 0);
    assert_eq!(repaired["problems"], serde_json::json!([]), "{repaired:#}");
    let done = repaired["repaired"].as_array().unwrap();
    assert_eq!(done.len(), 4, "{repaired:#}");
    assert!(!lib.join("pdfs/stray.pdf").exists());
    assert!(!lib.join("pdfs/2501.00001.pdf.part").exists());
    assert_eq!(reading_state(shelf.dir.path()), before);
    assert_eq!(run(&shelf, &["check"], 0), "ok: no problems found\n");
    let raw = rusqlite::Connection::open(lib.join("library.sqlite3")).unwrap();
    let pdf_rows: i64 = raw
        .query_row("SELECT count(*) FROM pdfs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pdf_rows, 0);
}

#[test]
fn what_repair_cannot_fix_is_said_and_exits_1() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    {
        let raw = rusqlite::Connection::open(shelf.dir.path().join("library.sqlite3")).unwrap();
        raw.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('pdf-base', 'ftp://x.example', 't')",
            [],
        )
        .unwrap();
    }
    let text = run(&shelf, &["check", "--repair"], 1);
    assert!(text.starts_with("setting: "), "{text}");
    assert!(text.contains("ftp://x.example"), "{text}");
    assert!(!text.contains("--repair` fixes it"), "{text}");
}

#[test]
fn a_plain_check_makes_no_library_and_upgrades_none() {
    let shelf = Shelf::new();
    let out = shelf.cmd().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("there is no library at"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!shelf.dir.path().join("library.sqlite3").exists());
    // `--repair` opens for writing, as every writing command does.
    assert_eq!(
        run(&shelf, &["check", "--repair"], 0),
        "ok: no problems found\n"
    );
    assert!(shelf.dir.path().join("library.sqlite3").exists());
}
