//! Libraries that cannot simply be opened: an empty or foreign file, a
//! read-only folder, a full disk. Each gets a one-line message, nothing is
//! written to it, and reading works whenever the file itself is sound.
//!
//! The `mounted_` tests need root: they mount a read-only bind or a small
//! tmpfs in a mount namespace of their own (`unshare -m`), invisible to the
//! rest of the machine. `scripts/test` runs them when it runs as root.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use sha2::{Digest as _, Sha256};

use crate::{fixture, Shelf};

const DB: &str = "library.sqlite3";

/// Every file in the folder and below (`backups/`) with its sha256, sorted.
/// SQLite's `-shm` (an index of the `-wal`, rebuilt from it) and an empty
/// `-wal`, which SQLite makes beside a WAL library it reads, hold nothing of
/// the library and are left out.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let size = e.metadata().unwrap().len();
        if name.ends_with("-shm") || (name.ends_with("-wal") && size == 0) {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            files.extend(
                snapshot(&e.path())
                    .into_iter()
                    .map(|(inner, hash)| (format!("{name}/{inner}"), hash)),
            );
        } else {
            let bytes = std::fs::read(e.path()).unwrap();
            files.push((name, hex::encode(Sha256::digest(&bytes))));
        }
    }
    files.sort();
    files
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Commands of every kind, reading and writing.
const COMMANDS: &[&[&str]] = &[
    &["list"],
    &["digests"],
    &["search", "rl"],
    &["show", "1"],
    &["note", "1"],
    &["tags"],
    &["note", "1", "--set", "x"],
    &["mark", "read", "1"],
    &["tag", "1", "t"],
    &["reindex"],
];

/// Every command fails with `expected` on one line and leaves the folder as it was.
fn refused_by_every_command(shelf: &Shelf, expected: &str) {
    let before = snapshot(shelf.dir.path());
    let digest = fixture("2025-10-03.md");
    let import: &[&str] = &["import", digest.to_str().unwrap()];
    for args in COMMANDS.iter().copied().chain([import]) {
        let out = shelf.cmd().args(args).output().unwrap();
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {text}");
        assert!(text.contains(expected), "{args:?}: {text}");
        assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
        assert_eq!(snapshot(shelf.dir.path()), before, "{args:?}");
    }
}

#[test]
fn an_empty_library_file_is_refused_and_never_written_over() {
    let shelf = Shelf::new();
    std::fs::write(shelf.dir.path().join(DB), b"").unwrap();
    refused_by_every_command(&shelf, "is empty (0 bytes)");
    assert_eq!(
        std::fs::metadata(shelf.dir.path().join(DB)).unwrap().len(),
        0
    );
}

#[test]
fn a_file_that_is_not_a_library_is_refused_without_writing() {
    let shelf = Shelf::new();
    let mut garbage = b"SQLite format 2\0 (no: a torn copy of something else)".to_vec();
    garbage.resize(64 * 1024, 0x5a);
    std::fs::write(shelf.dir.path().join(DB), &garbage).unwrap();
    refused_by_every_command(&shelf, "is not a Papershelf library");
    assert_eq!(std::fs::read(shelf.dir.path().join(DB)).unwrap(), garbage);
}

#[test]
fn a_library_with_a_damaged_header_is_refused_without_writing() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let db = shelf.dir.path().join(DB);
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[16..100].fill(0xA5);
    std::fs::write(&db, &bytes).unwrap();
    refused_by_every_command(&shelf, "the library database is damaged");
}

#[test]
fn a_torn_library_is_refused_without_writing() {
    let shelf = noted_library();
    let db = shelf.dir.path().join(DB);
    let bytes = std::fs::read(&db).unwrap();
    // Cut in the middle of a page, as a copy or a disk that stopped midway.
    let torn = &bytes[..bytes.len() / 2 + 1000];
    std::fs::write(&db, torn).unwrap();
    refused_by_every_command(&shelf, "the library database is damaged");
    assert_eq!(std::fs::read(&db).unwrap(), torn);
}

#[test]
fn a_library_from_a_newer_papershelf_is_refused_without_writing() {
    let shelf = noted_library();
    let newer = papershelf_core::store::SCHEMA_VERSION + 1;
    let raw = rusqlite::Connection::open(shelf.dir.path().join(DB)).unwrap();
    raw.pragma_update(None, "user_version", newer).unwrap();
    drop(raw);
    refused_by_every_command(
        &shelf,
        &format!("was written by a newer Papershelf (schema {newer}, this one knows up to {}); update Papershelf to open it", newer - 1),
    );
}

#[test]
fn a_missing_library_folder_is_said_to_be_missing_and_not_made() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("unplugged/shelf");
    let papershelf = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin("papershelf"))
            .env_remove("PAPERSHELF_HOME")
            .env("PAPERSHELF_ARXIV_API_BASE", crate::NO_API)
            .arg("--library")
            .arg(&dir)
            .args(args)
            .output()
            .unwrap()
    };
    for args in COMMANDS[..6].iter().copied().chain([&["check"][..]]) {
        let out = papershelf(args);
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {text}");
        assert!(
            text.contains(&format!(
                "the library folder {} does not exist",
                dir.display()
            )),
            "{args:?}: {text}"
        );
        assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
        assert!(
            !parent.path().join("unplugged").exists(),
            "{args:?} made it"
        );
    }
    // As the message says, an import starts a library there.
    let digest = fixture("2025-10-03.md");
    assert!(papershelf(&["import", digest.to_str().unwrap()])
        .status
        .success());
    assert!(papershelf(&["list"]).status.success());
}

/// The fixture digest imported, and paper 1's note "kept".
fn noted_library() -> Shelf {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    shelf
        .cmd()
        .args(["note", "1", "--set", "kept"])
        .assert()
        .success();
    shelf
}

#[test]
fn reading_commands_leave_the_library_file_as_it_was() {
    let shelf = noted_library();
    let db = shelf.dir.path().join(DB);
    let before = std::fs::read(&db).unwrap();
    for args in &COMMANDS[..6] {
        shelf.cmd().args(*args).assert().success();
    }
    for args in [&["cache"][..], &["config", "pdf-base"], &["pdf", "1"]] {
        let out = shelf.cmd().args(args).output().unwrap();
        // `pdf 1` fails: no PDF was fetched. It still opens the library.
        assert!(
            !stderr(&out).contains("library"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// A folder seen through a mount namespace of its own, held by a process
/// that sleeps in it; commands run inside with `nsenter`.
struct Mounted {
    holder: Child,
    dir: PathBuf,
}

impl Mounted {
    /// Runs `mount_script` (with `$0` = `dir`) in a new mount namespace.
    fn new(dir: &Path, mount_script: &str) -> Mounted {
        let mut holder = Command::new("unshare")
            .args(["-m", "--propagation", "private", "sh", "-c"])
            .arg(format!("{mount_script} && echo ready && exec sleep 600"))
            .arg(dir)
            .stdout(Stdio::piped())
            .spawn()
            .expect("unshare runs");
        let mut line = String::new();
        BufReader::new(holder.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the mount failed (root is needed)");
        Mounted {
            holder,
            dir: dir.to_owned(),
        }
    }

    fn run(&self, program: &Path, args: &[&str]) -> Output {
        Command::new("nsenter")
            .env("PAPERSHELF_ARXIV_API_BASE", crate::NO_API)
            .arg("-t")
            .arg(self.holder.id().to_string())
            .arg("-m")
            .arg(program)
            .args(args)
            .output()
            .unwrap()
    }

    /// `papershelf --library DIR ARGS…` inside.
    fn papershelf(&self, args: &[&str]) -> Output {
        let mut all = vec!["--library", self.dir.to_str().unwrap()];
        all.extend_from_slice(args);
        self.run(&assert_cmd::cargo::cargo_bin("papershelf"), &all)
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = self.holder.kill();
        let _ = self.holder.wait();
    }
}

fn json_list(out: &Output) -> usize {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array().unwrap().len()
}

/// The papers are listed and paper 1's note "kept" is read.
fn reads_everything(m: &Mounted) {
    assert_eq!(json_list(&m.papershelf(&["--json", "list"])), 36);
    let note = m.papershelf(&["note", "1"]);
    assert_eq!(
        String::from_utf8_lossy(&note.stdout),
        "kept\n",
        "{}",
        stderr(&note)
    );
}

/// Writing fails with `expected`, once, on one line, without SQLite's own words.
fn write_refused(m: &Mounted, args: &[&str], expected: &str) {
    let out = m.papershelf(args);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {text}");
    assert!(text.contains(expected), "{args:?}: {text}");
    assert_eq!(text.matches(expected).count(), 1, "{args:?}: {text}");
    assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
    for sqlite in [
        "unable to open database file",
        "attempt to write a readonly database",
        "disk I/O error",
    ] {
        assert!(!text.contains(sqlite), "{args:?}: {text}");
    }
}

#[test]
#[ignore = "needs root: mounts a read-only bind in its own namespace (scripts/test runs it as root)"]
fn mounted_a_read_only_folder_is_read_and_writes_say_it_is_read_only() {
    let shelf = noted_library();
    let before = snapshot(shelf.dir.path());
    let m = Mounted::new(shelf.dir.path(), r#"mount --bind -o ro "$0" "$0""#);
    reads_everything(&m);
    assert!(m.papershelf(&["search", "rl"]).status.success());
    for args in [
        &["note", "1", "--set", "lost"][..],
        &["mark", "read", "1"],
        &["tag", "1", "t"],
    ] {
        write_refused(
            &m,
            args,
            "is read-only, so Papershelf cannot change the library",
        );
    }
    // A missing library cannot be made there either.
    let empty = tempfile::tempdir().unwrap();
    let m2 = Mounted::new(empty.path(), r#"mount --bind -o ro "$0" "$0""#);
    write_refused(
        &m2,
        &["list"],
        "is read-only, so Papershelf cannot change the library",
    );
    drop((m, m2));
    assert_eq!(snapshot(shelf.dir.path()), before);
}

#[test]
#[ignore = "needs root: mounts a read-only bind in its own namespace (scripts/test runs it as root)"]
fn mounted_a_read_only_folder_whose_wal_holds_commits_is_not_read_stale() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    // A writer's last commit still in the WAL (as when a process died or a
    // disk was unplugged before the checkpoint), and no -shm file.
    let conn = rusqlite::Connection::open(shelf.dir.path().join(DB)).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES ('pdf-base', 'https://export.arxiv.org', 'now')",
        [],
    )
    .unwrap();
    let copy = tempfile::tempdir().unwrap();
    for name in [DB.to_owned(), format!("{DB}-wal")] {
        std::fs::copy(shelf.dir.path().join(&name), copy.path().join(&name)).unwrap();
    }
    drop(conn);
    let m = Mounted::new(copy.path(), r#"mount --bind -o ro "$0" "$0""#);
    let out = m.papershelf(&["config", "pdf-base"]);
    let text = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "read without its WAL: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        text.contains("-wal, and reading them needs a -shm file"),
        "{text}"
    );
    drop(m);
    // With write access it is read whole.
    let out = Command::new(assert_cmd::cargo::cargo_bin("papershelf"))
        .arg("--library")
        .arg(copy.path())
        .args(["config", "pdf-base"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "https://export.arxiv.org (set in the library)\n",
        "{}",
        stderr(&out)
    );
}

#[test]
#[ignore = "needs root: mounts a small tmpfs in its own namespace (scripts/test runs it as root)"]
fn mounted_a_full_disk_says_so_reading_still_works_and_writing_resumes_once_freed() {
    let holder = tempfile::tempdir().unwrap();
    let m = Mounted::new(holder.path(), r#"mount -t tmpfs -o size=4m tmpfs "$0""#);
    let digest = fixture("2025-10-03.md");
    let out = m.papershelf(&["import", digest.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(m
        .papershelf(&["note", "1", "--set", "kept"])
        .status
        .success());
    let filler = m.dir.join("filler");
    let fill = m.run(
        Path::new("dd"),
        &["if=/dev/zero", &format!("of={}", filler.display()), "bs=4k"],
    );
    assert!(!fill.status.success(), "dd stops at a full disk");

    write_refused(
        &m,
        &["note", "1", "--set", "lost"],
        "the disk holding the library is full",
    );
    write_refused(
        &m,
        &["mark", "read", "1"],
        "the disk holding the library is full",
    );
    // An import is refused the same way (at opening: SQLite cannot grow the
    // `-shm` it needs).
    let second = fixture("mixed-links.md");
    let import = ["import", "--date", "2025-10-04", second.to_str().unwrap()];
    write_refused(&m, &import, "the disk holding the library is full");
    reads_everything(&m);

    let freed = m.run(Path::new("rm"), &[filler.to_str().unwrap()]);
    assert!(freed.status.success());
    // Usable again: consistent, and every kind of write works.
    assert_eq!(json_problems(&m), serde_json::json!([]));
    let out = m.papershelf(&["note", "1", "--set", "after"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let note = m.papershelf(&["note", "1"]);
    assert_eq!(String::from_utf8_lossy(&note.stdout), "after\n");
    let out = m.papershelf(&import);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(m.papershelf(&["mark", "read", "1"]).status.success());
    assert_eq!(json_problems(&m), serde_json::json!([]));
}

#[test]
#[ignore = "needs root: mounts a small tmpfs in its own namespace (scripts/test runs it as root)"]
fn mounted_a_disk_that_fills_during_an_import_keeps_the_library_whole() {
    let holder = tempfile::tempdir().unwrap();
    let m = Mounted::new(holder.path(), r#"mount -t tmpfs -o size=6m tmpfs "$0""#);
    let filler = m.dir.join("filler");
    let fill = m.run(
        Path::new("dd"),
        &[
            "if=/dev/zero",
            &format!("of={}", filler.display()),
            "bs=1M",
            "count=2",
        ],
    );
    assert!(fill.status.success());
    let digest = fixture("2025-10-03.md");
    assert!(m
        .papershelf(&["import", digest.to_str().unwrap()])
        .status
        .success());
    assert!(m
        .papershelf(&["note", "1", "--set", "kept"])
        .status
        .success());
    // About 3 MB of digests: the library would outgrow the disk midway.
    let big = tempfile::tempdir().unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
    for (name, text) in papershelf_core::synth::digests(3, start, 40, 36) {
        std::fs::write(big.path().join(name), text).unwrap();
    }
    let out = m.papershelf(&["--json", "import", big.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for f in report["files"].as_array().unwrap() {
        assert!(
            f["error"]
                .as_str()
                .is_some_and(|e| e.contains("the disk holding the library is full")),
            "{f:#}"
        );
    }
    // Nothing of it was written, and the library reads whole.
    assert_eq!(json_problems(&m), serde_json::json!([]));
    reads_everything(&m);

    assert!(m
        .run(Path::new("rm"), &[filler.to_str().unwrap()])
        .status
        .success());
    let few = tempfile::tempdir().unwrap();
    for (name, text) in papershelf_core::synth::digests(3, start, 5, 36) {
        std::fs::write(few.path().join(name), text).unwrap();
    }
    let out = m.papershelf(&["import", few.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json_list(&m.papershelf(&["--json", "list"])), 36 + 5 * 36);
    assert_eq!(json_problems(&m), serde_json::json!([]));
}

/// What `check --json` found.
fn json_problems(m: &Mounted) -> serde_json::Value {
    let out = m.papershelf(&["--json", "check"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["problems"].clone()
}
