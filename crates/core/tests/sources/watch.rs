//! The watch loop (`sources::watch::run`) on real folders: writers that
//! take their time, rename into place, remove the folder.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use papershelf_core::sources::watch::{self, Event};
use papershelf_core::sources::{self, Synced};
use papershelf_core::Library;
use tokio_util::sync::CancellationToken;

use super::{digest, digests};

/// A watch running on a thread over a library with one folder source,
/// collecting what it reports.
struct Watching {
    pub lib_dir: tempfile::TempDir,
    pub cancel: CancellationToken,
    pub events: Arc<Mutex<Vec<Synced>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watching {
    fn start(folder: &Path, recursive: bool, debounce: Duration) -> Watching {
        let lib_dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(lib_dir.path()).unwrap();
        sources::add_folder(&mut lib, folder, recursive).unwrap();
        drop(lib);
        let options = watch::Options {
            debounce,
            poll: Duration::from_millis(200),
            ..watch::Options::default()
        };
        let w = Watching::run(lib_dir, options);
        // The first catch-up (of an empty folder) is the sign it watches.
        w.wait_for(|e| !e.is_empty(), Duration::from_secs(5));
        w
    }

    /// Runs the watch on the library in `lib_dir` on a thread.
    fn run(lib_dir: tempfile::TempDir, options: watch::Options) -> Watching {
        let cancel = CancellationToken::new();
        let events: Arc<Mutex<Vec<Synced>>> = Arc::default();
        let (dir, stop, seen) = (lib_dir.path().to_owned(), cancel.clone(), events.clone());
        let thread = std::thread::spawn(move || {
            watch::run(&dir, options, stop, move |e| {
                if let Event::Synced(s) = e {
                    seen.lock().unwrap().push(s);
                }
            })
            .unwrap();
        });
        Watching {
            lib_dir,
            cancel,
            events,
            thread: Some(thread),
        }
    }

    fn wait_for(&self, done: impl Fn(&[Synced]) -> bool, limit: Duration) -> Duration {
        let started = Instant::now();
        while started.elapsed() < limit {
            if done(&self.events.lock().unwrap()) {
                return started.elapsed();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "not done within {limit:?}: {:?}",
            self.events.lock().unwrap()
        );
    }

    fn imported(&self) -> usize {
        self.events
            .lock()
            .unwrap()
            .iter()
            .map(|s| s.result.imported)
            .sum()
    }

    fn lib(&self) -> Library {
        Library::open(self.lib_dir.path()).unwrap()
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.cancel.cancel();
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

/// A file written in chunks over more than a second is imported once,
/// whole, and within 2 s of its last byte (the default 1 s debounce).
#[test]
fn a_file_written_in_chunks_is_imported_once_whole_within_two_seconds() {
    let folder = tempfile::tempdir().unwrap();
    let w = Watching::start(folder.path(), false, Duration::from_millis(1000));
    let text = digest("2025-10-07", 1, 12);
    let path = folder.path().join("2025-10-07.md");
    let mut file = std::fs::File::create(&path).unwrap();
    for piece in text.as_bytes().chunks(text.len() / 6 + 1) {
        use std::io::Write;
        file.write_all(piece).unwrap();
        file.flush().unwrap();
        std::thread::sleep(Duration::from_millis(250));
    }
    drop(file);
    let took = w.wait_for(
        |e| e.iter().any(|s| s.result.imported > 0),
        Duration::from_secs(5),
    );
    assert!(
        took < Duration::from_secs(2),
        "imported {took:?} after the last byte"
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(w.imported(), 1, "{:?}", w.events.lock().unwrap());
    assert_eq!(
        digests(&w.lib()),
        [("2025-10-07".into(), "2025-10-07.md".into(), 12)]
    );
}

/// Written under a temporary name and renamed into place (as downloaders
/// and atomic writers do), beside an editor's swap file: imported once.
#[test]
fn a_file_renamed_into_place_is_imported_and_swap_files_are_not() {
    let folder = tempfile::tempdir().unwrap();
    let w = Watching::start(folder.path(), false, Duration::from_millis(300));
    let f = folder.path();
    std::fs::write(f.join(".2025-10-08.md.swp"), digest("2025-10-09", 50, 1)).unwrap();
    std::fs::write(f.join("2025-10-08.md.part"), digest("2025-10-08", 1, 3)).unwrap();
    std::fs::rename(f.join("2025-10-08.md.part"), f.join("2025-10-08.md")).unwrap();
    w.wait_for(
        |e| e.iter().any(|s| s.result.imported > 0),
        Duration::from_secs(5),
    );
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(w.imported(), 1);
    assert_eq!(
        digests(&w.lib()),
        [("2025-10-08".into(), "2025-10-08.md".into(), 3)]
    );
}

/// The folder removed (a disk gone) and made again: watched again, and
/// what is in it caught up.
#[test]
fn a_folder_removed_and_recreated_is_watched_again() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("inbox");
    std::fs::create_dir(&folder).unwrap();
    // A symlink loop inside: neither watched nor walked round.
    #[cfg(unix)]
    std::os::unix::fs::symlink(&folder, folder.join("loop")).unwrap();
    let w = Watching::start(&folder, true, Duration::from_millis(300));
    std::fs::remove_dir_all(&folder).unwrap();
    w.wait_for(
        |e| {
            e.iter().any(|s| {
                s.result
                    .failed
                    .iter()
                    .any(|f| f.message.contains("missing"))
            })
        },
        Duration::from_secs(5),
    );
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("2025-10-10.md"), digest("2025-10-10", 1, 2)).unwrap();
    w.wait_for(
        |e| e.iter().any(|s| s.result.imported > 0),
        Duration::from_secs(5),
    );
    // And it is watched: a later file arrives too.
    std::fs::create_dir(folder.join("sub")).unwrap();
    std::fs::write(folder.join("sub/2025-10-11.md"), digest("2025-10-11", 9, 1)).unwrap();
    w.wait_for(|_| digests(&w.lib()).len() == 2, Duration::from_secs(5));
}

/// A burst of 500 files lands in a few syncs, each importing in batches.
#[test]
fn a_burst_of_500_files_is_imported_once_each() {
    let folder = tempfile::tempdir().unwrap();
    let w = Watching::start(folder.path(), false, Duration::from_millis(300));
    for i in 0..500u32 {
        let date =
            chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(i.into());
        std::fs::write(
            folder.path().join(format!("{date}.md")),
            digest(&date.to_string(), i * 2, 2),
        )
        .unwrap();
    }
    w.wait_for(|_| digests(&w.lib()).len() == 500, Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(w.imported(), 500);
    let syncs = w
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.result.imported > 0)
        .count();
    assert!(syncs <= 5, "{syncs} syncs");
}

/// Subscriptions are synced at start, again once due, and a subscription
/// added while watching is synced too; the watch still ends cleanly.
#[test]
fn subscriptions_are_synced_at_start_and_when_due() {
    use papershelf_testserver::{Reply, Server};
    let today = chrono::Local::now().date_naive();
    let server = Server::start(move |hit| {
        if hit.path == format!("/a/{today}.md") || hit.path == format!("/b/b-{today}.md") {
            let body = digest(
                &today.to_string(),
                if hit.path.starts_with("/a") { 1 } else { 50 },
                2,
            );
            Reply::body(200, "text/markdown", body.into_bytes().into()).header("etag", "\"x\"")
        } else {
            Reply::status(404)
        }
    });
    let folder = tempfile::tempdir().unwrap();
    let lib_dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(lib_dir.path()).unwrap();
    sources::add_folder(&mut lib, folder.path(), false).unwrap();
    let template = format!("{}/a/{{date}}.md", server.base());
    sources::add_url(&mut lib, &template, Some(today), today).unwrap();
    drop(lib);
    let w = Watching::run(lib_dir, subscriptions_every_700_ms());
    let mut lib = w.lib();
    let wait = |what: &dyn Fn() -> bool| {
        let started = Instant::now();
        while !what() {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{:?}",
                server.hits()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait(&|| server.hits_on(&format!("/a/{today}.md")).len() >= 2);
    // Its own file name: a digest is its date and file name, so two
    // subscriptions naming their files alike would be one digest.
    let template = format!("{}/b/b-{{date}}.md", server.base());
    sources::add_url(&mut lib, &template, Some(today), today).unwrap();
    wait(&|| !server.hits_on(&format!("/b/b-{today}.md")).is_empty());
    wait(&|| digests(&lib).len() == 2);
    // The second time, /a/ was asked with its ETag.
    let second = &server.hits_on(&format!("/a/{today}.md"))[1];
    assert_eq!(second.header("if-none-match"), Some("\"x\""));
    drop(lib);
    assert_eq!(w.imported(), 2);
}

/// The library's interval wins over the watch's default: with it set to an
/// hour, a subscription is asked once at start and not again when the
/// default (700 ms) would have asked it.
#[test]
fn the_librarys_subscription_interval_is_read_by_a_running_watch() {
    use papershelf_testserver::{Reply, Server};
    let today = chrono::Local::now().date_naive();
    let server = Server::start(|_| Reply::status(404));
    let lib_dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(lib_dir.path()).unwrap();
    let template = format!("{}/a/{{date}}.md", server.base());
    sources::add_url(&mut lib, &template, Some(today), today).unwrap();
    sources::set_every_minutes(&mut lib, Some(60)).unwrap();
    drop(lib);
    let w = Watching::run(lib_dir, subscriptions_every_700_ms());
    let path = format!("/a/{today}.md");
    w.wait_for(|e| !e.is_empty(), Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        server.hits_on(&path).len(),
        1,
        "asked once, not every 700 ms"
    );
    // Back to the default while it runs: asked again within a pass or two.
    let mut lib = w.lib();
    sources::set_every_minutes(&mut lib, None).unwrap();
    w.wait_for(|e| e.len() >= 2, Duration::from_secs(5));
    assert!(server.hits_on(&path).len() >= 2);
}

/// Subscriptions synced every 700 ms unless the library says otherwise.
fn subscriptions_every_700_ms() -> watch::Options {
    watch::Options {
        poll: Duration::from_millis(100),
        subscriptions_every: Duration::from_millis(700),
        ..watch::Options::default()
    }
}
