//! A folder's catch-up (`sources::folder::sync`), without the watcher.

use std::time::Duration;

use papershelf_core::sources::{self, folder};
use papershelf_core::Library;

use super::{digest, digests, source, write};

fn sync(lib: &mut Library, id: sources::SourceId) -> sources::Synced {
    let s = source(lib, id);
    folder::sync(lib, &s, &folder::Options::default()).unwrap()
}

#[test]
fn a_folder_is_caught_up_once_and_what_editors_leave_is_ignored() {
    let files = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let f = files.path();
    write(&f.join("2025-10-01.md"), &digest("2025-10-01", 1, 2));
    write(&f.join("2025-10-02.md"), &digest("2025-10-02", 3, 2));
    // What editors, downloads and sync tools leave beside a digest.
    for junk in [
        ".2025-10-02.md.swp",
        "2025-10-02.md~",
        ".#2025-10-02.md",
        "2025-10-03.md.part",
        ".hidden.md",
        "2025-10-03.md.tmp",
    ] {
        write(&f.join(junk), &digest("2025-10-03", 9, 1));
    }
    std::fs::create_dir(f.join("sub")).unwrap();
    write(&f.join("sub/2025-10-04.md"), &digest("2025-10-04", 20, 1));
    let id = sources::add_folder(&mut lib, f, false).unwrap().id;

    let first = sync(&mut lib, id);
    assert_eq!((first.result.imported, first.result.unchanged), (2, 0));
    assert!(first.result.ok(), "{:?}", first.result.failed);
    assert_eq!(first.result.added, 4);
    assert_eq!(first.reports.len(), 2, "{:?}", first.reports);
    assert_eq!(digests(&lib).len(), 2);

    // After a stop (another connection, another process): nothing twice,
    // nothing read again.
    drop(lib);
    let mut lib = Library::open(dir.path()).unwrap();
    let again = sync(&mut lib, id);
    assert_eq!((again.result.imported, again.result.unchanged), (0, 2));
    assert!(again.reports.is_empty(), "read again: {:?}", again.reports);

    // Touched, not changed: read, not imported.
    let file = std::fs::File::options()
        .append(true)
        .open(f.join("2025-10-01.md"))
        .unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    let touched = sync(&mut lib, id);
    assert_eq!((touched.result.imported, touched.result.unchanged), (0, 2));
    // Changed while nothing watched: caught up.
    write(&f.join("2025-10-02.md"), &digest("2025-10-02", 3, 3));
    let changed = sync(&mut lib, id);
    assert_eq!((changed.result.imported, changed.result.added), (1, 1));
    assert_eq!(
        digests(&lib),
        [
            ("2025-10-01".into(), "2025-10-01.md".into(), 2),
            ("2025-10-02".into(), "2025-10-02.md".into(), 3)
        ]
    );
    // The source keeps its last result.
    let last = source(&lib, id).last.unwrap();
    assert_eq!((last.imported, last.unchanged, last.added), (1, 1, 1));
}

#[test]
fn recursive_folders_are_read_below_and_a_symlink_loop_is_not_followed() {
    let files = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let f = files.path();
    std::fs::create_dir_all(f.join("2025/10")).unwrap();
    write(
        &f.join("2025/10/2025-10-04.md"),
        &digest("2025-10-04", 20, 1),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(f, f.join("2025/loop")).unwrap();
    let id = sources::add_folder(&mut lib, f, true).unwrap().id;
    let synced = sync(&mut lib, id);
    assert_eq!(synced.result.imported, 1, "{:?}", synced.reports);
    assert!(synced.result.ok());
}

#[test]
fn a_file_that_fails_is_reported_with_its_line_and_tried_again_only_when_changed() {
    let files = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let bad = files.path().join("2025-10-05.md");
    std::fs::write(
        &bad,
        b"# 2025-10-05\n\n- \xff [x](https://arxiv.org/abs/2510.00001)\n",
    )
    .unwrap();
    write(
        &files.path().join("no-date.md"),
        "- [P](https://arxiv.org/abs/2510.00002)\n",
    );
    let id = sources::add_folder(&mut lib, files.path(), false)
        .unwrap()
        .id;
    let first = sync(&mut lib, id);
    let mut failed = first.result.failed.clone();
    failed.sort_by(|a, b| a.file.cmp(&b.file));
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed[0].file.ends_with("2025-10-05.md"));
    assert_eq!(failed[0].line, Some(3));
    assert!(
        failed[0].message.contains("not UTF-8"),
        "{}",
        failed[0].message
    );
    assert!(failed[1].file.ends_with("no-date.md"));
    assert!(
        failed[1].message.contains("no date"),
        "{}",
        failed[1].message
    );
    assert_eq!(source(&lib, id).last.unwrap().failed.len(), 2);

    // Unchanged: still listed, not read again.
    let again = sync(&mut lib, id);
    assert_eq!(again.result.failed.len(), 2);
    assert!(again.reports.is_empty(), "{:?}", again.reports);
    // Touched with the same bytes: still not parsed again.
    let same = std::fs::read(&bad).unwrap();
    std::fs::write(&bad, &same).unwrap();
    let file = std::fs::File::options().append(true).open(&bad).unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    let touched = sync(&mut lib, id);
    assert_eq!(touched.result.failed.len(), 2);
    assert!(touched.reports.is_empty(), "{:?}", touched.reports);
    // Fixed: imported, and no longer listed.
    write(&bad, &digest("2025-10-05", 1, 1));
    let fixed = sync(&mut lib, id);
    assert_eq!(fixed.result.imported, 1);
    assert_eq!(fixed.result.failed.len(), 1);
    assert!(fixed.result.failed[0].file.ends_with("no-date.md"));
}

#[test]
fn a_file_deleted_and_written_again_imports_once() {
    let files = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let path = files.path().join("2025-10-06.md");
    write(&path, &digest("2025-10-06", 1, 2));
    let id = sources::add_folder(&mut lib, files.path(), false)
        .unwrap()
        .id;
    assert_eq!(sync(&mut lib, id).result.imported, 1);
    std::fs::remove_file(&path).unwrap();
    let gone = sync(&mut lib, id);
    assert_eq!((gone.result.imported, gone.result.unchanged), (0, 0));
    // The digest stays: a source never deletes what it imported.
    assert_eq!(digests(&lib).len(), 1);
    write(&path, &digest("2025-10-06", 1, 2));
    let back = sync(&mut lib, id);
    assert_eq!((back.result.imported, back.result.unchanged), (0, 1));
    assert_eq!(digests(&lib).len(), 1);
}

#[test]
fn a_missing_folder_fails_the_source_and_is_caught_up_when_back() {
    let root = tempfile::tempdir().unwrap();
    let f = root.path().join("digests");
    std::fs::create_dir(&f).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    write(&f.join("2025-10-01.md"), &digest("2025-10-01", 1, 1));
    let id = sources::add_folder(&mut lib, &f, false).unwrap().id;
    assert_eq!(sync(&mut lib, id).result.imported, 1);
    std::fs::remove_dir_all(&f).unwrap();
    let missing = sync(&mut lib, id);
    assert_eq!(missing.result.failed.len(), 1);
    assert!(missing.result.failed[0].message.contains("missing"));
    std::fs::create_dir(&f).unwrap();
    write(&f.join("2025-10-01.md"), &digest("2025-10-01", 1, 1));
    write(&f.join("2025-10-02.md"), &digest("2025-10-02", 2, 1));
    let back = sync(&mut lib, id);
    assert!(back.result.ok(), "{:?}", back.result.failed);
    assert_eq!((back.result.imported, back.result.unchanged), (1, 1));
}

#[test]
fn a_burst_of_500_files_imports_in_a_few_transactions() {
    let files = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    for i in 0..500u32 {
        let date =
            chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(i.into());
        write(
            &files.path().join(format!("{date}.md")),
            &digest(&date.to_string(), i * 3, 3),
        );
    }
    let id = sources::add_folder(&mut lib, files.path(), false)
        .unwrap()
        .id;
    // Counted in the WAL: a commit per file would leave hundreds of commit
    // frames (at least the last checkpoint's worth).
    let before = wal_commits(dir.path());
    let synced = sync(&mut lib, id);
    assert_eq!(synced.result.imported, 500);
    assert_eq!(synced.result.added, 1500);
    let commits = wal_commits(dir.path()).saturating_sub(before);
    assert!(commits <= 3, "{commits} commits for 500 files");
}

/// Commits in the library's WAL since its last restart: frames of the
/// current generation (the header's salts) whose header gives the database
/// size after the commit (non-zero) end one.
fn wal_commits(dir: &std::path::Path) -> usize {
    let Ok(wal) = std::fs::read(dir.join("library.sqlite3-wal")) else {
        return 0;
    };
    if wal.len() < 32 {
        return 0;
    }
    let page = u32::from_be_bytes(wal[8..12].try_into().unwrap()) as usize;
    let mut commits = 0;
    let mut at = 32;
    while at + 24 + page <= wal.len() {
        let size = u32::from_be_bytes(wal[at + 4..at + 8].try_into().unwrap());
        if wal[at + 8..at + 16] != wal[16..24] {
            break;
        }
        if size != 0 {
            commits += 1;
        }
        at += 24 + page;
    }
    commits
}
